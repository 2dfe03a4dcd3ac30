#include "support/xapian_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace herdex::testing {
namespace {

sockaddr_in loopback(unsigned port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A port nobody listens on now: the kernel picks one for a socket bound to
// port 0. Another process could take it before the server does; start()
// then tries another.
unsigned free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr = loopback(0);
  socklen_t length = sizeof addr;
  unsigned port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

bool accepts(unsigned port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

XapianServer::XapianServer(const std::string& database, bool writable) {
  for (int attempt = 0; attempt < 5 && pid_ < 0; ++attempt) {
    const unsigned port = free_port();
    if (port == 0) continue;
    const std::string port_text = std::to_string(port);
    std::vector<std::string> args = {"xapian-tcpsrv", "--port", port_text, "--interface",
                                     "127.0.0.1"};
    if (writable) args.emplace_back("--writable");
    args.push_back(database);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) break;
    if (pid == 0) {
      // Its own process group, so that kill() also ends the children that
      // serve connections; and it dies with the test, even one that crashes.
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(1);
      // Its children report every connection that ends abruptly (the
      // readiness probe below, a killed client): keep that out of test logs.
      const int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0) {
        ::dup2(null, STDOUT_FILENO);
        ::dup2(null, STDERR_FILENO);
      }
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execvp(argv[0], argv.data());
      ::_exit(127);
    }
    ::setpgid(pid, pid);  // also from here, so that it holds before we signal
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool exited = false;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        exited = true;  // bind failed (port taken meanwhile) or no xapian-tcpsrv
        break;
      }
      if (accepts(port)) {
        pid_ = pid;
        port_ = port;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (pid_ < 0 && !exited) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
  if (pid_ < 0) {
    ADD_FAILURE() << "could not start xapian-tcpsrv (package xapian-tools) for " << database
                  << " (is its parent directory there?)";
  }
}

XapianServer::~XapianServer() { kill(); }

std::string XapianServer::address() const { return "127.0.0.1:" + std::to_string(port_); }

void XapianServer::kill() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void XapianServer::pause() {
  if (pid_ > 0) ::kill(-pid_, SIGSTOP);
}

void XapianServer::resume() {
  if (pid_ > 0) ::kill(-pid_, SIGCONT);
}

}  // namespace herdex::testing
