// The server behind `herdex serve`: a JSON search API (GET /api/search, the
// same document as `herdex search --json`) and one static page (GET /) that
// searches it from a browser. Requests are parsed and routed by cpp-httplib;
// connections are accepted and bounded by HttpListener (http_listener.h);
// searches run in worker processes (search_workers.h), so that a damaged
// database that crashes Xapian costs one request, not the server. The CLI
// only parses the flags and calls SearchServer; the tests drive the same
// classes.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <memory>
#include <string>

#include "herdex/error.h"
#include "serve/search_workers.h"

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
  /// Search worker processes: searches that run at once.
  std::size_t workers = 4;
  /// Open connections in all; more are answered 503 and closed.
  std::size_t max_connections = 256;
  /// Open connections from one client address; more are answered 503.
  std::size_t max_client_connections = 32;
  /// Time to send a request's headers and body (and to read its response);
  /// also the longest a request waits for a free worker (then 503). A client
  /// still sending then gets 408.
  std::chrono::milliseconds request_timeout{10000};
  /// A search that runs longer is stopped: 503.
  std::chrono::milliseconds search_timeout{30000};
};

/// Accepts a loopback host (127.0.0.0/8, ::1, localhost), or any host when
/// `allow_remote`; otherwise an `invalid_argument` error that names the
/// opt-in flag.
Result<void> check_host(const std::string& host, bool allow_remote);

/// Whether an HTTP Host header names this machine's loopback interface (or
/// `bound_host`), so a page from another site cannot reach the server
/// through DNS rebinding.
bool is_local_host_header(const std::string& host_header, const std::string& bound_host);

/// The search API without HTTP: parameters in, JSON out. Thread-safe: it
/// keeps a pool of Searchers, one per request in flight. `herdex serve` runs
/// one in each worker process.
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
  /// for a query over max_query_bytes, 500 with "damaged, run herdex check"
  /// for a damaged database, 503 when the database is busy or unreadable;
  /// errors as {"error": {"code", "message", ...}}. After a damaged or
  /// unreadable database the Searcher is dropped: the next request opens
  /// the database again, so a repaired or replaced one is seen.
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
  /// Checks the host (check_host()) and the database (SearchApi::open()),
  /// and starts the workers' zygote (SearchWorkers::start()): call it before
  /// the process starts threads.
  static Result<std::unique_ptr<SearchServer>> create(const ServeOptions& options);
  ~SearchServer();
  SearchServer(const SearchServer&) = delete;
  SearchServer& operator=(const SearchServer&) = delete;

  /// Binds host:port and returns the port (the one picked, for port 0).
  /// Errors: `io_error` ("address in use", permission denied, no such
  /// host). A port another server listens on is never shared.
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
