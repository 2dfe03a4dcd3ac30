#include "support/process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <thread>

#include "support/paths.h"

extern char** environ;

namespace herdex::testing {
namespace {

// posix_spawnp with stdin from /dev/null and stdout/stderr to files.
pid_t spawn(const std::vector<std::string>& argv, const std::string& out, const std::string& err) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// Waits for pid up to `timeout`; returns whether it exited (status in *status).
bool wait_for(pid_t pid, std::chrono::milliseconds timeout, int* status) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    const pid_t done = ::waitpid(pid, status, WNOHANG);
    if (done == pid) return true;
    if (done < 0) {  // Already reaped, or not our child.
      *status = -1;
      return true;
    }
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : -1; }

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& capture_dir,
                          std::chrono::seconds timeout) {
  ProcessResult result;
  const std::string out = capture_dir + "/process.stdout";
  const std::string err = capture_dir + "/process.stderr";
  const pid_t pid = spawn(argv, out, err);
  if (pid <= 0) {
    result.err = "cannot start " + argv.at(0);
    return result;
  }
  int status = 0;
  if (!wait_for(pid, timeout, &status)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    result.timed_out = true;
  } else {
    result.exit_code = exit_code_of(status);
  }
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

Child::Child(const std::vector<std::string>& argv, const std::string& stdout_path,
             const std::string& stderr_path)
    : pid_(spawn(argv, stdout_path, stderr_path)) {}

Child::~Child() {
  if (started() && !reaped_) (void)stop(SIGTERM);  // The exit code no longer matters.
}

bool Child::exited() {
  if (!started() || reaped_) return true;
  if (::waitpid(pid_, &status_, WNOHANG) == pid_) reaped_ = true;
  return reaped_;
}

int Child::stop(int signal, std::chrono::seconds timeout) {
  if (!started()) return -1;
  if (!reaped_) {
    ::kill(pid_, signal);
    if (!wait_for(pid_, timeout, &status_)) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status_, 0);
      reaped_ = true;
      return -1;
    }
    reaped_ = true;
  }
  return exit_code_of(status_);
}

}  // namespace herdex::testing
