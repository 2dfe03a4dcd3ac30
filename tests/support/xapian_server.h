// A xapian-tcpsrv process serving one database on 127.0.0.1, for tests of
// remote shards.
#pragma once

#include <sys/types.h>

#include <string>

namespace herdex::testing {

class XapianServer {
 public:
  /// Starts `xapian-tcpsrv` (from PATH) on a free port of 127.0.0.1 serving
  /// `database`, writable if asked, and waits until it accepts connections.
  /// Check running() (a failure is also reported to GoogleTest).
  explicit XapianServer(const std::string& database, bool writable = false);
  /// Kills the server and the children serving its connections.
  ~XapianServer();
  XapianServer(const XapianServer&) = delete;
  XapianServer& operator=(const XapianServer&) = delete;

  bool running() const { return pid_ > 0; }
  unsigned port() const { return port_; }
  /// "127.0.0.1:PORT", as a stub file's `remote` line names it.
  std::string address() const;

  /// Kills the server now (SIGKILL to its process group): it is down.
  void kill();
  /// Stops (SIGSTOP) and resumes (SIGCONT) the server and its children: a
  /// stopped server accepts connections but never answers, like a hung one.
  void pause();
  void resume();

 private:
  pid_t pid_ = -1;
  unsigned port_ = 0;
};

}  // namespace herdex::testing
