// The connection layer of `herdex serve`: it listens, accepts within the
// connection limits, and gives each connection its own thread with a
// deadline for each request. cpp-httplib parses and routes the requests
// (httplib::Server::process_request), but its accept loop is not used: it
// has a fixed pool of threads that slow clients can hold (a pool thread
// serves one connection for as long as the client sends a byte within each
// read timeout), no bound on connections, and it sets SO_REUSEPORT, which
// lets a second server share the port.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include <httplib.h>

#include "herdex/error.h"

namespace herdex::cli {

/// Bounds on what clients may hold.
struct ConnectionLimits {
  /// Open connections in all; more are answered 503 and closed.
  std::size_t max_connections = 256;
  /// Open connections from one client address; more are answered 503.
  std::size_t max_client_connections = 32;
  /// From a request's first byte (or, for a connection's first request,
  /// from the accept) until its headers and body are read; and again for
  /// writing its response. A client still sending then gets 408 and is cut
  /// off, however steadily it trickles.
  std::chrono::milliseconds request_timeout{10000};
  /// How long an idle connection is kept open between requests.
  std::chrono::milliseconds keep_alive_timeout{5000};
  /// Requests on one connection before it is closed.
  std::size_t keep_alive_max_requests = 100;
  /// Bytes a request may send (request line, headers, body); reading stops
  /// there. Set it above the router's URI, header and body limits, so that
  /// those answer 413 or 414 first.
  std::size_t max_request_bytes = std::size_t{64} * 1024;
};

/// cpp-httplib's router with its per-request entry point made public.
class HttpRouter : public httplib::Server {
 public:
  using httplib::Server::process_request;
};

/// Listens and serves connections with `router`. stop() may be called from
/// any thread; the other calls from one thread.
class HttpListener {
 public:
  HttpListener(HttpRouter& router, const ConnectionLimits& limits);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  /// Binds host:port (without SO_REUSEPORT, so a port in use is an error)
  /// and returns the port (the one picked, for port 0). Errors: `io_error`
  /// naming the cause ("address in use", "permission denied", unknown host).
  Result<int> bind(const std::string& host, int port);
  /// Accepts connections until stop(); then waits for the open connections
  /// to close (stop() cuts them). False if accepting failed.
  bool run();
  /// Stops run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex::cli
