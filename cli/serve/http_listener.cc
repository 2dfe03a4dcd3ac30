#include "serve/http_listener.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace herdex::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Milliseconds from now until `deadline` for poll(): 0 once it has passed.
int ms_until(Clock::time_point deadline) {
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1'000'000'000));
}

// Waits until `fd` has `events` or `deadline` passes; true when it has.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int ready = poll(&p, 1, ms_until(deadline));
    if (ready < 0 && errno == EINTR) continue;
    return ready > 0;
  }
}

std::string plain_response(const char* status, const char* body) {
  return fmt::format(
      "HTTP/1.1 {}\r\nContent-Type: text/plain; charset=utf-8\r\n"
      "X-Content-Type-Options: nosniff\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
      status, std::strlen(body), body);
}

// A connection as cpp-httplib's Stream, with the deadlines of the request
// being served: reads fail once the request's deadline has passed (then the
// client gets 408), and stop (as at the end of input) after
// max_request_bytes; writes fail once the response's deadline has passed.
class DeadlineStream final : public httplib::Stream {
 public:
  DeadlineStream(int fd, std::string ip, int port, const ConnectionLimits& limits)
      : fd_(fd), ip_(std::move(ip)), port_(port), limits_(limits) {}

  // Starts the next request: reading it must end by `deadline`.
  void start_request(Clock::time_point deadline) {
    read_deadline_ = deadline;
    write_deadline_.reset();
    received_ = end_ - begin_;  // bytes read ahead belong to this request
  }

  // Waits until the next request's first byte (or the end of input) is
  // there; false at `deadline`.
  bool wait_for_request(Clock::time_point deadline) const {
    return begin_ < end_ || wait_for(fd_, POLLIN, deadline);
  }

  // Whether the connection can serve no more requests: a deadline passed,
  // a read or write failed, or the request was cut at max_request_bytes.
  bool dead() const { return dead_ || received_ >= limits_.max_request_bytes; }

  bool is_readable() const override {
    return begin_ < end_ || (!dead_ && wait_for(fd_, POLLIN, read_deadline_));
  }

  bool is_writable() const override {
    return !dead_ && wait_for(fd_, POLLOUT, write_deadline_.value_or(Clock::now()));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (begin_ < end_) return take(ptr, size);
    if (dead_) return -1;
    if (received_ >= limits_.max_request_bytes) return 0;
    const std::size_t want = std::min(sizeof buffer_, limits_.max_request_bytes - received_);
    for (;;) {
      if (!wait_for(fd_, POLLIN, read_deadline_)) {
        time_out();
        return -1;
      }
      const ssize_t n = recv(fd_, buffer_, want, MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0) {
        if (n < 0) dead_ = true;
        return n;
      }
      received_ += static_cast<std::size_t>(n);
      begin_ = 0;
      end_ = static_cast<std::size_t>(n);
      return take(ptr, size);
    }
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (dead_) return -1;
    if (!write_deadline_) write_deadline_ = Clock::now() + limits_.request_timeout;
    for (;;) {
      if (!wait_for(fd_, POLLOUT, *write_deadline_)) {
        dead_ = true;
        return -1;
      }
      const ssize_t n = send(fd_, ptr, size, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n < 0) dead_ = true;
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = ip_;
    port = port_;
  }

  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    ip.clear();
    port = 0;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return;
    char host[NI_MAXHOST];
    char serv[NI_MAXSERV];
    if (getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host, sizeof host, serv, sizeof serv,
                    NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
      ip = host;
      port = std::atoi(serv);
    }
  }

  socket_t socket() const override { return fd_; }

 private:
  ssize_t take(char* ptr, size_t size) {
    const std::size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_ + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  // The request took too long to arrive: say so (best effort, without
  // waiting) and serve nothing more on this connection. cpp-httplib's own
  // answer to the failed read is then dropped by write().
  void time_out() {
    if (dead_) return;
    dead_ = true;
    const std::string response = plain_response(
        "408 Request Timeout", "408 Request Timeout: the request took too long to arrive\n");
    (void)send(fd_, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }

  int fd_;
  std::string ip_;
  int port_;
  const ConnectionLimits& limits_;
  Clock::time_point read_deadline_;
  std::optional<Clock::time_point> write_deadline_;
  std::size_t received_ = 0;  // bytes of this request read from the socket
  char buffer_[4096];
  std::size_t begin_ = 0;  // unread bytes are buffer_[begin_, end_)
  std::size_t end_ = 0;
  bool dead_ = false;
};

// A connection that ends with input unread (or still arriving) is not
// closed at once: closing with unread input makes the kernel send a reset,
// which can destroy the response before the client reads it. It stops
// sending, and the accept loop reads and throws away what the client still
// sends, for at most this long, then closes it.
constexpr auto kLinger = std::chrono::milliseconds(1000);

std::string peer_address(const sockaddr_storage& addr, socklen_t len, int* port) {
  char host[NI_MAXHOST];
  char serv[NI_MAXSERV];
  if (getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv,
                  sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    *port = 0;
    return "?";
  }
  *port = std::atoi(serv);
  return host;
}

}  // namespace

struct HttpListener::Impl {
  HttpRouter& router;
  ConnectionLimits limits;
  int listen_fd = -1;
  int wake[2] = {-1, -1};  // stop() writes to wake[1]
  std::atomic<bool> stopping{false};

  std::mutex mutex;
  std::condition_variable closed;
  std::map<int, std::string> open;            // socket -> client address
  std::map<std::string, std::size_t> per_ip;  // client address -> open connections

  // Connections refused or done, no longer counted: answered, then drained
  // until the client closes or their deadline (kLinger). At most
  // max_connections; beyond that they are closed at once.
  struct Closing {
    int fd;
    Clock::time_point until;
  };
  std::vector<Closing> closing;

  Impl(HttpRouter& r, const ConnectionLimits& l) : router(r), limits(l) {}

  void serve(int fd, const std::string& ip, int port, Clock::time_point accepted) {
    DeadlineStream stream(fd, ip, port, limits);
    // The first request's time runs from the accept: a client that connects
    // and says nothing is cut off like one that says too little.
    Clock::time_point wait_until = accepted + limits.request_timeout;
    bool linger = false;
    for (std::size_t n = 0; n < limits.keep_alive_max_requests && !stopping; ++n) {
      if (!stream.wait_for_request(wait_until)) break;  // idle: close quietly
      stream.start_request(n == 0 ? wait_until : Clock::now() + limits.request_timeout);
      const bool last = n + 1 == limits.keep_alive_max_requests;
      bool client_closes = false;
      const bool ok = router.process_request(stream, last, client_closes, nullptr);
      if (!ok || client_closes || last || stream.dead()) {
        linger = true;
        break;
      }
      wait_until = Clock::now() + limits.keep_alive_timeout;
    }
    std::lock_guard<std::mutex> lock(mutex);
    forget(fd, ip);
    // Drained with the lock held would stall the accept loop: hand off.
    if (linger && closing.size() < limits.max_connections) {
      shutdown(fd, SHUT_WR);
      closing.push_back({fd, Clock::now() + kLinger});
      // A full pipe (EAGAIN) has woken the loop already: nothing to handle.
      (void)!write(wake[1], "l", 1);
    } else {
      close(fd);
    }
    closed.notify_all();
  }

  // Under `mutex`.
  void forget(int fd, const std::string& ip) {
    open.erase(fd);
    auto it = per_ip.find(ip);
    if (it != per_ip.end() && --it->second == 0) per_ip.erase(it);
  }

  // Under `mutex`.
  void refuse(int fd, const char* why) {
    const std::string response = plain_response("503 Service Unavailable", why);
    (void)send(fd, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    shutdown(fd, SHUT_WR);
    if (closing.size() >= limits.max_connections) {
      close(fd);  // no room even to linger
    } else {
      closing.push_back({fd, Clock::now() + kLinger});
    }
  }

  void accept_one() {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_CLOEXEC);
    if (fd < 0) {
      // Out of descriptors or memory: leave the connection in the queue
      // for a moment rather than spin.
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      return;
    }
    const auto accepted = Clock::now();
    int port = 0;
    std::string ip = peer_address(addr, len, &port);
    std::lock_guard<std::mutex> lock(mutex);
    if (open.size() >= limits.max_connections) {
      refuse(fd, "503 Service Unavailable: the server has too many connections; try again\n");
      return;
    }
    std::size_t& from_ip = per_ip[ip];
    if (from_ip >= limits.max_client_connections) {
      if (from_ip == 0) per_ip.erase(ip);
      refuse(fd, "503 Service Unavailable: too many connections from your address; try again\n");
      return;
    }
    ++from_ip;
    open.emplace(fd, ip);
    try {
      std::thread([this, fd, ip, port, accepted] { serve(fd, ip, port, accepted); }).detach();
    } catch (const std::system_error&) {
      forget(fd, ip);
      refuse(fd, "503 Service Unavailable: the server is out of threads; try again\n");
    }
  }

  // Reads and discards what closing connections still send; closes them at
  // their deadline or the client's end of input.
  void drain_closing(const std::vector<pollfd>& polled) {
    std::lock_guard<std::mutex> lock(mutex);
    const auto now = Clock::now();
    std::vector<Closing> kept;
    for (const Closing& r : closing) {
      bool done = now >= r.until;
      const auto it =
          std::find_if(polled.begin(), polled.end(), [&](const pollfd& p) { return p.fd == r.fd; });
      if (!done && it != polled.end() && it->revents != 0) {
        char scratch[4096];
        const ssize_t n = recv(r.fd, scratch, sizeof scratch, MSG_DONTWAIT);
        done = n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR);
      }
      if (done) {
        close(r.fd);
      } else {
        kept.push_back(r);
      }
    }
    closing = std::move(kept);
  }
};

HttpListener::HttpListener(HttpRouter& router, const ConnectionLimits& limits)
    : impl_(std::make_unique<Impl>(router, limits)) {
  if (pipe2(impl_->wake, O_CLOEXEC | O_NONBLOCK) != 0) impl_->wake[0] = impl_->wake[1] = -1;
}

HttpListener::~HttpListener() {
  if (impl_->listen_fd >= 0) close(impl_->listen_fd);
  for (int fd : impl_->wake) {
    if (fd >= 0) close(fd);
  }
}

Result<int> HttpListener::bind(const std::string& host_text, int port) {
  std::string host = host_text;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto fail = [&](const std::string& why) -> Error {
    return Error{ErrorCode::io_error,
                 fmt::format("cannot listen on {}:{}: {}", host_text, port, why)};
  };
  if (impl_->wake[0] < 0) return fail(fmt::format("pipe: {}", std::strerror(errno)));
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &found); rc != 0) {
    return fail(fmt::format("unknown host ({})", gai_strerror(rc)));
  }
  int error = 0;
  for (addrinfo* ai = found; ai != nullptr && impl_->listen_fd < 0; ai = ai->ai_next) {
    const int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    // SO_REUSEADDR lets a restarted server bind while old connections are
    // in TIME_WAIT; on Linux it never lets two servers listen on one port.
    // SO_REUSEPORT would, and is deliberately not set.
    const int yes = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 128) == 0) {
      impl_->listen_fd = fd;
    } else {
      error = errno;
      close(fd);
    }
  }
  freeaddrinfo(found);
  if (impl_->listen_fd < 0) {
    if (error == EADDRINUSE) return fail("address in use (another server is listening there)");
    if (error == EACCES) return fail("permission denied");
    return fail(std::strerror(error));
  }
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  if (getsockname(impl_->listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    peer_address(addr, len, &port);
  }
  return port;
}

bool HttpListener::run() {
  Impl& s = *impl_;
  if (s.listen_fd < 0) return false;
  bool ok = true;
  std::vector<pollfd> polled;
  while (!s.stopping) {
    polled.assign({{s.listen_fd, POLLIN, 0}, {s.wake[0], POLLIN, 0}});
    Clock::time_point next = Clock::time_point::max();
    {
      std::lock_guard<std::mutex> lock(s.mutex);
      for (const Impl::Closing& r : s.closing) {
        polled.push_back({r.fd, POLLIN, 0});
        next = std::min(next, r.until);
      }
    }
    const int ready =
        poll(polled.data(), polled.size(), next == Clock::time_point::max() ? -1 : ms_until(next));
    if (ready < 0 && errno != EINTR) {
      ok = false;
      break;
    }
    if (polled[1].revents != 0) {
      char bytes[64];
      while (read(s.wake[0], bytes, sizeof bytes) > 0) {
      }
    }
    if (polled[0].revents & (POLLERR | POLLNVAL)) {
      ok = false;
      break;
    }
    if (polled[0].revents & POLLIN) s.accept_one();
    s.drain_closing(polled);
  }
  close(s.listen_fd);
  s.listen_fd = -1;
  // Cut the open connections (their threads see the end of input or a
  // failed write) and wait for their threads.
  std::unique_lock<std::mutex> lock(s.mutex);
  for (const auto& [fd, ip] : s.open) shutdown(fd, SHUT_RDWR);
  s.closed.wait(lock, [&] { return s.open.empty(); });
  for (const Impl::Closing& r : s.closing) close(r.fd);
  s.closing.clear();
  return ok;
}

void HttpListener::stop() {
  impl_->stopping = true;
  // A full pipe (EAGAIN) has woken the loop already: nothing to handle.
  if (impl_->wake[1] >= 0) (void)!write(impl_->wake[1], "s", 1);
}

}  // namespace herdex::cli
