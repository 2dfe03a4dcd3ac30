#include "serve/search_server.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <httplib.h>

#include "herdex/search.h"
#include "output/json_output.h"
#include "serve/assets.h"
#include "serve/http_listener.h"

namespace herdex::cli {
namespace {

// Every response: no MIME sniffing, no framing, no referrer, and a content
// security policy that allows only the page's own script, style and API.
// The page builds its DOM with textContent; the policy is the second line
// of defence should that ever slip.
const httplib::Headers kSecurityHeaders = {
    {"X-Content-Type-Options", "nosniff"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
     "img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
};

ApiResponse error_response(int status, Error error) {
  error.path.clear();  // the server's file system is none of the client's business
  return ApiResponse{status, error_json(error)};
}

ApiResponse bad_request(std::string message) {
  return error_response(400, Error{ErrorCode::invalid_argument, std::move(message)});
}

// An error of the library as a response. Damage says what to do about it,
// in the same words whatever found it (this request, or a worker's crash).
ApiResponse failure_response(Error error) {
  switch (error.code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::query_syntax:
      return error_response(400, std::move(error));
    case ErrorCode::io_error:
      return error_response(503, std::move(error));  // busy or unreadable: try again
    case ErrorCode::corrupt: {
      std::string detail = error.message;
      const std::string said = "the database is damaged: ";
      if (const std::size_t at = detail.find(said); at != std::string::npos) {
        detail.erase(0, at + said.size());
      }
      error.message = "the database is damaged, run herdex check: " + detail;
      return error_response(500, std::move(error));
    }
    default:
      return error_response(500, std::move(error));
  }
}

// Whether a Searcher that gave `code` should be dropped rather than reused.
bool drop_searcher_after(ErrorCode code) {
  return code == ErrorCode::corrupt || code == ErrorCode::io_error ||
         code == ErrorCode::version_mismatch;
}

const std::string* param(const QueryParams& params, const std::string& name) {
  auto it = params.find(name);
  return it == params.end() ? nullptr : &it->second;
}

// A decimal number in [low, high] (digits only), or nullopt.
std::optional<std::size_t> parse_size(const std::string& text, std::size_t low, std::size_t high) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  std::size_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  if (value < low || value > high) return std::nullopt;
  return value;
}

// Reads an optional size parameter into *out; an error response if malformed.
std::optional<ApiResponse> size_param(const QueryParams& params, const std::string& name,
                                      std::size_t low, std::size_t high, std::size_t* out) {
  const std::string* text = param(params, name);
  if (text == nullptr) return std::nullopt;
  auto value = parse_size(*text, low, high);
  if (!value) {
    return bad_request(fmt::format("{} must be a whole number from {} to {}", name, low, high));
  }
  *out = *value;
  return std::nullopt;
}

}  // namespace

Result<void> check_host(const std::string& host, bool allow_remote) {
  if (host.empty()) return Error{ErrorCode::invalid_argument, "the host is empty"};
  if (allow_remote || host == "localhost") return {};
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1 && (ntohl(v4.s_addr) >> 24) == 127) return {};
  std::string bare = host;
  if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']')
    bare = bare.substr(1, bare.size() - 2);
  in6_addr v6{};
  if (inet_pton(AF_INET6, bare.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6)) return {};
  return Error{ErrorCode::invalid_argument,
               fmt::format("refusing to listen on '{}': it is not a loopback address, so other "
                           "machines could search this database; add --allow-remote to allow it",
                           host)};
}

bool is_local_host_header(const std::string& host_header, const std::string& bound_host) {
  if (host_header.empty()) return true;  // HTTP/1.0 without Host: not a browser
  std::string name;
  if (host_header.front() == '[') {
    const std::size_t close = host_header.find(']');
    if (close == std::string::npos) return false;
    name = host_header.substr(1, close - 1);
  } else {
    name = host_header.substr(0, host_header.rfind(':'));
  }
  std::string bound = bound_host;
  if (bound.size() > 2 && bound.front() == '[' && bound.back() == ']') {
    bound = bound.substr(1, bound.size() - 2);
  }
  return name == "localhost" || name == "127.0.0.1" || name == "::1" || name == bound;
}

// ---- SearchApi -----------------------------------------------------------------

// Searchers are not thread-safe; each request borrows one (opening another
// when all are busy; at most one per server thread) and gives it back.
struct SearchApi::Pool {
  std::mutex mutex;
  std::vector<Searcher> idle;
  std::string db;
  std::string synonyms;

  Result<Searcher> open() const {
    auto searcher = Searcher::open(db);
    if (!searcher) return searcher;
    if (!synonyms.empty()) {
      if (auto ok = searcher->load_synonyms(synonyms); !ok) return std::move(ok).error();
    }
    return searcher;
  }

  Result<Searcher> acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        Searcher searcher = std::move(idle.back());
        idle.pop_back();
        return searcher;
      }
    }
    return open();
  }

  void release(Searcher searcher) {
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(std::move(searcher));
  }
};

SearchApi::SearchApi(const ServeOptions& options, std::unique_ptr<Pool> pool)
    : options_(options), pool_(std::move(pool)) {}

SearchApi::~SearchApi() = default;

Result<std::unique_ptr<SearchApi>> SearchApi::open(const ServeOptions& options) {
  auto pool = std::make_unique<Pool>();
  pool->db = options.db;
  pool->synonyms = options.synonyms;
  auto first = pool->open();
  if (!first) return std::move(first).error();
  pool->idle.push_back(std::move(*first));
  return std::unique_ptr<SearchApi>(new SearchApi(options, std::move(pool)));
}

ApiResponse SearchApi::search(const QueryParams& params) {
  const std::string* query = param(params, "q");
  if (query == nullptr) return bad_request("missing parameter q (the query)");
  if (query->size() > options_.max_query_bytes) {
    return error_response(
        413, Error{ErrorCode::invalid_argument,
                   fmt::format("the query is {} bytes long; at most {} are accepted", query->size(),
                               options_.max_query_bytes)});
  }
  SearchOptions search;
  // Each malformed parameter is a 400 naming it; the bounds are the CLI's,
  // with a smaller page size.
  if (auto bad = size_param(params, "limit", 1, options_.max_limit, &search.limit)) return *bad;
  if (auto bad = size_param(params, "offset", 0, options_.max_offset, &search.offset)) return *bad;
  if (auto bad = size_param(params, "passages", 1, 10, &search.passages_per_document)) return *bad;
  if (auto bad = size_param(params, "snippet_bytes", 16, 4096, &search.snippet_bytes)) return *bad;
  if (const std::string* sort = param(params, "sort")) {
    if (*sort == "date") {
      search.sort = SortOrder::date;
    } else if (*sort == "rating") {
      search.sort = SortOrder::rating;
    } else if (*sort != "score") {
      return bad_request("sort must be score, date or rating");
    }
  }
  if (const std::string* facets = param(params, "facets")) {
    for (std::size_t start = 0; start < facets->size();) {
      std::size_t comma = facets->find(',', start);
      if (comma == std::string::npos) comma = facets->size();
      if (comma > start) search.facets.push_back(facets->substr(start, comma - start));
      start = comma + 1;
    }
  }

  auto searcher = pool_->acquire();
  if (!searcher) return failure_response(std::move(searcher).error());
  // See commits made since the last request. A failed re-read leaves the
  // previous view, and the search reports any real problem itself.
  (void)searcher->reopen();
  auto results = searcher->search(*query, search);
  // A Searcher that met damage is not trusted again: the next request opens
  // the database afresh (and sees it repaired or replaced).
  if (results || !drop_searcher_after(results.error().code)) {
    pool_->release(std::move(*searcher));
  }
  if (!results) return failure_response(std::move(results).error());
  return ApiResponse{200, results_json(*results)};
}

// ---- SearchServer --------------------------------------------------------------

struct SearchServer::Impl {
  ServeOptions options;
  std::unique_ptr<SearchWorkers> workers;
  HttpRouter router;
  std::unique_ptr<HttpListener> listener;
};

SearchServer::SearchServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchServer::~SearchServer() = default;

Result<std::unique_ptr<SearchServer>> SearchServer::create(const ServeOptions& options) {
  if (auto ok = check_host(options.host, options.allow_remote); !ok) return std::move(ok).error();
  // A database that cannot be opened is an error now, with its exit code,
  // rather than a 503 on every request.
  if (auto api = SearchApi::open(options); !api) return std::move(api).error();

  auto impl = std::make_unique<Impl>();
  impl->options = options;
  WorkerOptions worker_options;
  worker_options.workers = options.workers;
  worker_options.queue_timeout = options.request_timeout;
  worker_options.search_timeout = options.search_timeout;
  // Each worker opens the database when it gets its first request, and
  // again after damage (SearchApi drops a damaged Searcher).
  auto workers = SearchWorkers::start(worker_options, [options] {
    auto api = std::make_shared<std::unique_ptr<SearchApi>>();
    return [options, api](const QueryParams& params) {
      if (!*api) {
        auto opened = SearchApi::open(options);
        if (!opened) return failure_response(std::move(opened).error());
        *api = std::move(*opened);
      }
      return (*api)->search(params);
    };
  });
  if (!workers) return std::move(workers).error();
  impl->workers = std::move(*workers);

  ConnectionLimits limits;
  limits.max_connections = std::max<std::size_t>(options.max_connections, 1);
  limits.max_client_connections = std::max<std::size_t>(options.max_client_connections, 1);
  limits.request_timeout = options.request_timeout;
  // Room for the longest address (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, 8 KiB),
  // headers and the largest body, so those get their 414 or 413.
  limits.max_request_bytes = std::size_t{64} * 1024 + options.max_body_bytes;
  HttpRouter& http = impl->router;
  http.set_payload_max_length(options.max_body_bytes);  // larger bodies: 413
  // Only for the Keep-Alive header cpp-httplib writes; HttpListener keeps them.
  http.set_keep_alive_max_count(limits.keep_alive_max_requests);
  http.set_keep_alive_timeout(
      std::chrono::duration_cast<std::chrono::seconds>(limits.keep_alive_timeout).count());
  http.set_default_headers(kSecurityHeaders);

  Impl* self = impl.get();
  // Before any route: the method, then the Host header. Refusals are JSON
  // like every other error of the API.
  http.set_pre_routing_handler([self](const httplib::Request& req, httplib::Response& res) {
    auto refuse = [&res](int status, std::string message) {
      res.status = status;
      res.set_content(error_json(Error{ErrorCode::invalid_argument, std::move(message)}),
                      "application/json; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    };
    if (req.method != "GET" && req.method != "HEAD") {
      res.set_header("Allow", "GET, HEAD");
      return refuse(405, fmt::format("method {} is not allowed: this server answers GET and HEAD",
                                     req.method));
    }
    // Without a Host header the check below could not tell a page of
    // another site (DNS rebinding) from a local client.
    if (!req.has_header("Host")) return refuse(400, "the request has no Host header");
    if (!self->options.allow_remote &&
        !is_local_host_header(req.get_header_value("Host"), self->options.host)) {
      return refuse(403,
                    "this server answers only requests addressed to localhost (see "
                    "--allow-remote)");
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  http.Get("/api/search", [self](const httplib::Request& req, httplib::Response& res) {
    ApiResponse answer = self->workers->run(req.params);
    res.status = answer.status;
    res.set_header("Cache-Control", "no-store");
    res.set_content(answer.body, "application/json; charset=utf-8");
  });
  http.Get("/(|index\\.html|app\\.js|style\\.css)", [](const httplib::Request& req,
                                                       httplib::Response& res) {
    const Asset* asset = find_asset(req.path);
    if (asset == nullptr) {
      res.status = 404;
      return;
    }
    res.set_content(asset->body.data(), asset->body.size(), std::string(asset->content_type));
  });
  http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (res.body.empty()) {
      res.set_content(fmt::format("HTTP error {}\n", res.status), "text/plain; charset=utf-8");
    }
  });
  impl->listener = std::make_unique<HttpListener>(http, limits);
  return std::unique_ptr<SearchServer>(new SearchServer(std::move(impl)));
}

Result<int> SearchServer::bind() {
  return impl_->listener->bind(impl_->options.host, impl_->options.port);
}

bool SearchServer::run() { return impl_->listener->run(); }

void SearchServer::stop() { impl_->listener->stop(); }

}  // namespace herdex::cli
