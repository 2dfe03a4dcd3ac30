#include "commands/serve_command.h"

#include <pthread.h>
#include <sys/resource.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <fmt/format.h>

#include "commands/common.h"

namespace herdex::cli {

ServeCommand::ServeCommand(CLI::App& parent)
    : app_(parent.add_subcommand("serve", "Serve a search page and a JSON search API over HTTP")) {
  app_->footer(
      "Open http://127.0.0.1:PORT/ in a browser. The JSON API,\n"
      "  GET /api/search?q=QUERY&limit=N&offset=N   (also passages, snippet_bytes, sort, facets)\n"
      "returns the same document as `herdex search --json`.\n"
      "Only this machine can connect unless --host names another address, which\n"
      "also needs --allow-remote (there is no authentication). Stop with Ctrl-C.\n"
      "Limits against slow or greedy clients: a request must arrive whole within\n"
      "--request-timeout (else 408); connections beyond --max-connections, or\n"
      "beyond --max-client-connections from one address, get 503. Searches run\n"
      "in --workers processes: one that crashes on a damaged database gives that\n"
      "request a 500 (\"damaged, run herdex check\") and is replaced.\n\n"
      "Examples:\n"
      "  herdex serve --port 8080\n"
      "  curl 'http://127.0.0.1:8080/api/search?q=loneliness&limit=3'");
  app_->add_option("--db", options_.db, "Database directory (default: $HERDEX_DB or .herdex/db)");
  app_->add_option("--port", options_.port, "TCP port (0: any free port)")
      ->capture_default_str()
      ->check(CLI::Range(0, 65535));
  app_->add_option("--host", options_.host, "Address to listen on")->capture_default_str();
  app_->add_flag("--allow-remote", options_.allow_remote,
                 "Allow a --host other than a loopback address (anyone who can reach it can "
                 "search the database)");
  app_->add_option("--synonyms", options_.synonyms,
                   "Synonyms file (lines like 'OS = operating system'; default $HERDEX_SYNONYMS)");
  app_->add_option("--workers", options_.workers,
                   "Search worker processes (searches that run at once)")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app_->add_option("--max-connections", options_.max_connections,
                   "Open connections in all; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app_->add_option("--max-client-connections", options_.max_client_connections,
                   "Open connections from one client address; more get 503")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app_->add_option("--request-timeout", request_timeout_seconds_,
                   "Seconds to send a whole request (headers and body); then 408")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  app_->add_option("--search-timeout", search_timeout_seconds_,
                   "Seconds a search may run; then it is stopped (503)")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
}

int ServeCommand::run() {
  if (options_.db.empty()) options_.db = default_database();
  if (options_.synonyms.empty()) {
    if (const char* env = std::getenv("HERDEX_SYNONYMS"); env != nullptr) options_.synonyms = env;
  }
  options_.request_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(request_timeout_seconds_ * 1000));
  options_.search_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(search_timeout_seconds_ * 1000));
  // Each connection is a descriptor: a soft limit of 1024 (common) could
  // refuse connections well below --max-connections. The hard limit is ours
  // to take.
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    (void)setrlimit(RLIMIT_NOFILE, &files);  // if refused, the old limit stands
  }
  auto server = SearchServer::create(options_);
  if (!server) return report_error(server.error());
  auto port = (*server)->bind();
  if (!port) return report_error(port.error());

  // SIGINT and SIGTERM are taken by this thread with sigwait(); blocked
  // before the server's threads start, so they inherit the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  bool served = true;
  std::thread listener([&] { served = (*server)->run(); });
  const bool ipv6 = options_.host.find(':') != std::string::npos && options_.host.front() != '[';
  fmt::print("herdex: serving {} at http://{}:{}/ (Ctrl-C to stop)\n", options_.db,
             ipv6 ? "[" + options_.host + "]" : options_.host, *port);
  std::fflush(stdout);
  if (options_.allow_remote) {
    fmt::print(stderr,
               "herdex: warning: --allow-remote: any client that can reach port {} may search "
               "{}, whatever host name it uses\n",
               *port, options_.db);
  }
  int signal = 0;
  sigwait(&stop_signals, &signal);
  (*server)->stop();
  listener.join();
  if (!served) {
    return report_error(Error{ErrorCode::io_error, "the server stopped with an error"});
  }
  return kExitOk;
}

}  // namespace herdex::cli
