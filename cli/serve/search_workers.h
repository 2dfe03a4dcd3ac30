// Searches of `herdex serve` run in worker processes, so that a crash in one
// (Xapian 1.4 can segfault on a damaged table) costs one request instead of
// the server. Workers are forked by a zygote: a process forked once, while
// the server is still single-threaded, that forks a fresh worker whenever one
// is needed. The server itself never forks after its threads start, so no
// worker can inherit a lock that another thread of the server held.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "herdex/error.h"

namespace herdex::cli {

/// An HTTP response of the API: status and JSON body.
struct ApiResponse {
  int status = 200;
  std::string body;
};

/// Query parameters, decoded (as cpp-httplib gives them).
using QueryParams = std::multimap<std::string, std::string>;

/// Settings of the worker processes.
struct WorkerOptions {
  std::size_t workers = 4;  ///< Worker processes: searches that run at once.
  /// How long a request waits for a free worker before it gets 503.
  std::chrono::milliseconds queue_timeout{10000};
  /// A search that runs longer is stopped (its worker is killed): 503.
  std::chrono::milliseconds search_timeout{30000};
};

/// A pool of worker processes that answer API requests. Thread-safe: any
/// number of threads may call run(); at most `workers` searches run at once.
class SearchWorkers {
 public:
  /// What a worker does with one request. Runs in the worker process.
  using Handler = std::function<ApiResponse(const QueryParams&)>;
  /// Makes a worker's handler; called once in each new worker process.
  using HandlerFactory = std::function<Handler()>;

  /// Forks the zygote. Call before the process starts threads (fork() in a
  /// threaded process may copy a lock another thread holds). Workers start
  /// on demand. Errors: `io_error` when fork() or socketpair() fail.
  static Result<std::unique_ptr<SearchWorkers>> start(const WorkerOptions& options,
                                                      const HandlerFactory& factory);
  /// Closes the workers' and the zygote's sockets (they exit) and reaps the
  /// zygote.
  ~SearchWorkers();
  SearchWorkers(const SearchWorkers&) = delete;
  SearchWorkers& operator=(const SearchWorkers&) = delete;

  /// Runs one request in a worker. A worker that dies during the request
  /// (a crash) gives 500 with "damaged, run herdex check"; a worker that
  /// crashes or answers 5xx is replaced. When that worker had served
  /// requests before, the request runs once more in a fresh worker (what
  /// went wrong may be state the old process kept), whose outcome stands.
  /// No free worker within the queue timeout, a search over the search
  /// timeout, or a worker that cannot be started give 503. Errors are
  /// {"error": {"code", "message"}}.
  ApiResponse run(const QueryParams& params);

 private:
  struct Impl;
  explicit SearchWorkers(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex::cli
