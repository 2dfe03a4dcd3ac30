// The server behind `herdex serve`: a JSON search API (GET /api/search, the
// same document as `herdex search --json`) and one static page (GET /) that
// searches it from a browser. Built on cpp-httplib. The CLI only parses the
// flags and calls SearchServer; the tests drive the same classes.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "herdex/error.h"

namespace herdex::cli {

/// Settings of `herdex serve`.
struct ServeOptions {
  std::string db;                      ///< Database to search.
  std::string host = "127.0.0.1";      ///< Address to listen on.
  int port = 8080;                     ///< TCP port; 0 picks a free one.
  bool allow_remote = false;           ///< Allow a non-loopback host.
  std::string synonyms;                ///< Synonyms file for every search; empty: none.
  std::size_t max_query_bytes = 1024;  ///< Longer queries get 413.
  std::size_t max_body_bytes = 4096;   ///< Larger request bodies get 413.
  std::size_t max_limit = 100;         ///< Largest `limit` accepted.
  std::size_t max_offset = 10000;      ///< Largest `offset` accepted.
  std::size_t threads = 4;             ///< Requests served at once.
};

/// Accepts a loopback host (127.0.0.0/8, ::1, localhost), or any host when
/// `allow_remote`; otherwise an `invalid_argument` error that names the
/// opt-in flag.
Result<void> check_host(const std::string& host, bool allow_remote);

/// Whether an HTTP Host header names this machine's loopback interface (or
/// `bound_host`), so a page from another site cannot reach the server
/// through DNS rebinding.
bool is_local_host_header(const std::string& host_header, const std::string& bound_host);

/// An HTTP response of the API: status and JSON body.
struct ApiResponse {
  int status = 200;
  std::string body;
};

/// Query parameters, decoded (as cpp-httplib gives them).
using QueryParams = std::multimap<std::string, std::string>;

/// The search API without HTTP: parameters in, JSON out. Thread-safe: it
/// keeps a pool of Searchers, one per request in flight.
class SearchApi {
 public:
  /// Opens the database once to check it. Errors as Searcher::open(), and
  /// those of loading the synonyms file.
  static Result<std::unique_ptr<SearchApi>> open(const ServeOptions& options);
  ~SearchApi();
  SearchApi(const SearchApi&) = delete;
  SearchApi& operator=(const SearchApi&) = delete;

  /// Handles GET /api/search. Parameters: `q` (required), `limit` (1 to
  /// max_limit, default 10), `offset` (0 to max_offset), and optionally
  /// `passages`, `snippet_bytes`, `sort` and `facets`, as the CLI flags.
  /// 200 with the results; 400 for bad parameters or a malformed query, 413
  /// for a query over max_query_bytes, 503 when the database is busy or
  /// unreadable; errors as {"error": {"code", "message", ...}}.
  ApiResponse search(const QueryParams& params);

 private:
  struct Pool;
  explicit SearchApi(const ServeOptions& options, std::unique_ptr<Pool> pool);
  ServeOptions options_;
  std::unique_ptr<Pool> pool_;
};

/// The HTTP server: the API, the page and its limits.
class SearchServer {
 public:
  /// Checks the host (check_host()) and the database (SearchApi::open()).
  static Result<std::unique_ptr<SearchServer>> create(const ServeOptions& options);
  ~SearchServer();
  SearchServer(const SearchServer&) = delete;
  SearchServer& operator=(const SearchServer&) = delete;

  /// Binds host:port and returns the port (the one picked, for port 0).
  /// Errors: `io_error` (address in use, permission denied, no such host).
  Result<int> bind();
  /// Serves until stop(); call after bind(). Returns false if serving failed.
  bool run();
  /// Stops run(); callable from any thread.
  void stop();

 private:
  struct Impl;
  explicit SearchServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex::cli
