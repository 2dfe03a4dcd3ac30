// Running programs from tests without a shell: argument vectors, captured
// output, timeouts, and children that run in the background.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace herdex::testing {

struct ProcessResult {
  int exit_code = -1;  ///< -1 when killed by a signal or not started.
  bool timed_out = false;
  std::string out;  ///< Everything written to stdout.
  std::string err;  ///< Everything written to stderr.
};

/// Runs argv[0] (looked up in PATH when it has no '/') with `argv`, stdin
/// from /dev/null, stdout and stderr captured through files in
/// `capture_dir`. Kills it (SIGKILL) after `timeout`.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& capture_dir,
                          std::chrono::seconds timeout = std::chrono::seconds(120));

/// A program running in the background, killed (SIGTERM, then SIGKILL)
/// when the object goes away.
class Child {
 public:
  /// Starts argv with stdout and stderr going to the given files.
  Child(const std::vector<std::string>& argv, const std::string& stdout_path,
        const std::string& stderr_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  /// Sends `signal` and waits up to `timeout` for the exit; returns the
  /// exit code (-1 for a signal or a timeout, after SIGKILL).
  int stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(10));
  /// Whether the child has exited already (and reaps it).
  bool exited();

 private:
  pid_t pid_ = -1;
  int status_ = 0;
  bool reaped_ = false;
};

}  // namespace herdex::testing
