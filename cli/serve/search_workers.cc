#include "serve/search_workers.h"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "output/json_output.h"

namespace herdex::cli {
namespace {

using Clock = std::chrono::steady_clock;

// Messages between the server and a worker are frames: a 4-byte length,
// then that many bytes. A request is the parameters as (key, value) pairs of
// frames after a count; a response is the status, then the body. A status
// with kLastReply set is the worker's last: it exits after sending it (after
// any 5xx: a process whose Xapian state met damage is not used again).
// kTimedOut marks the answer of a search stopped at the search timeout.
constexpr std::uint32_t kLastReply = 1U << 31;
constexpr std::uint32_t kTimedOut = 1U << 30;
void put_u32(std::string& out, std::uint32_t value) {
  char bytes[4];
  std::memcpy(bytes, &value, 4);  // both ends are this machine: native order
  out.append(bytes, 4);
}

bool get_u32(const std::string& in, std::size_t& at, std::uint32_t& value) {
  if (in.size() - at < 4) return false;
  std::memcpy(&value, in.data() + at, 4);
  at += 4;
  return true;
}

void put_string(std::string& out, const std::string& text) {
  put_u32(out, static_cast<std::uint32_t>(text.size()));
  out += text;
}

bool get_string(const std::string& in, std::size_t& at, std::string& text) {
  std::uint32_t size = 0;
  if (!get_u32(in, at, size) || in.size() - at < size) return false;
  text.assign(in, at, size);
  at += size;
  return true;
}

std::string encode_params(const QueryParams& params) {
  std::string out;
  put_u32(out, static_cast<std::uint32_t>(params.size()));
  for (const auto& [key, value] : params) {
    put_string(out, key);
    put_string(out, value);
  }
  return out;
}

bool decode_params(const std::string& in, QueryParams& params) {
  std::size_t at = 0;
  std::uint32_t count = 0;
  if (!get_u32(in, at, count)) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::string key;
    std::string value;
    if (!get_string(in, at, key) || !get_string(in, at, value)) return false;
    params.emplace(std::move(key), std::move(value));
  }
  return at == in.size();
}

bool send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

bool send_frame(int fd, const std::string& payload) {
  std::string frame;
  put_string(frame, payload);
  return send_all(fd, frame);
}

enum class Received { frame, closed, timed_out };

// Reads `size` bytes; waits at most until `deadline` (none: Clock::time_point::max()).
Received receive_exactly(int fd, char* out, std::size_t size, Clock::time_point deadline) {
  std::size_t got = 0;
  while (got < size) {
    if (deadline != Clock::time_point::max()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return Received::timed_out;
      pollfd p{fd, POLLIN, 0};
      const int ready = poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready < 0) return Received::closed;
      if (ready == 0) return Received::timed_out;
    }
    const ssize_t n = recv(fd, out + got, size - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::closed;
    got += static_cast<std::size_t>(n);
  }
  return Received::frame;
}

Received receive_frame(int fd, std::string& payload, Clock::time_point deadline) {
  std::uint32_t size = 0;
  Received r = receive_exactly(fd, reinterpret_cast<char*>(&size), 4, deadline);
  if (r != Received::frame) return r;
  payload.resize(size);
  return receive_exactly(fd, payload.data(), size, deadline);
}

// Passes a file descriptor (SCM_RIGHTS) with one byte of data.
bool send_fd(int socket, int fd) {
  char byte = 'w';
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  cmsg->cmsg_level = SOL_SOCKET;
  cmsg->cmsg_type = SCM_RIGHTS;
  cmsg->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
  for (;;) {
    const ssize_t n = sendmsg(socket, &msg, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n == 1;
  }
}

// The descriptor sent by send_fd(), or -1 when the socket is closed.
int receive_fd(int socket) {
  char byte = 0;
  iovec iov{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control;
  msg.msg_controllen = sizeof control;
  for (;;) {
    const ssize_t n = recvmsg(socket, &msg, MSG_CMSG_CLOEXEC);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return -1;
    break;
  }
  cmsghdr* cmsg = CMSG_FIRSTHDR(&msg);
  if (cmsg == nullptr || cmsg->cmsg_type != SCM_RIGHTS) return -1;
  int fd = -1;
  std::memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
  return fd;
}

ApiResponse error_response(int status, ErrorCode code, std::string message) {
  return ApiResponse{status, error_json(Error{code, std::move(message)})};
}

std::string timeout_message(std::chrono::milliseconds search_timeout) {
  return fmt::format("the search ran longer than {} ms and was stopped", search_timeout.count());
}

// What a worker's SIGALRM handler sends: only async-signal-safe calls
// (write, _exit) on data made before the timer starts.
int alarm_fd = -1;
const std::string* alarm_reply = nullptr;

extern "C" void on_search_timeout(int) {
  std::size_t sent = 0;
  while (sent < alarm_reply->size()) {
    const ssize_t n = write(alarm_fd, alarm_reply->data() + sent, alarm_reply->size() - sent);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  _exit(1);
}

// A worker: answers requests on `fd` one at a time until the server closes
// it. Never returns.
[[noreturn]] void worker_main(int fd, const SearchWorkers::HandlerFactory& factory,
                              std::chrono::milliseconds search_timeout) {
  // Die with the zygote (single-threaded, so the thread is the process).
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGCHLD, SIG_DFL);
  // A search still running at the timeout ends the worker, which first
  // answers 503 itself. So the server reads an answer for a timeout and the
  // end of input only for a crash.
  std::string reply;
  put_u32(reply, 503 | kLastReply | kTimedOut);
  reply += error_json(Error{ErrorCode::io_error, timeout_message(search_timeout)});
  static std::string timeout_frame;
  timeout_frame.clear();
  put_string(timeout_frame, reply);
  alarm_fd = fd;
  alarm_reply = &timeout_frame;
  struct sigaction action {};
  action.sa_handler = on_search_timeout;
  sigaction(SIGALRM, &action, nullptr);

  SearchWorkers::Handler handler = factory();
  for (;;) {
    std::string request;
    if (receive_frame(fd, request, Clock::time_point::max()) != Received::frame) _exit(0);
    QueryParams params;
    ApiResponse response;
    if (decode_params(request, params)) {
      itimerval timer{};
      const auto ms = search_timeout.count();
      timer.it_value.tv_sec = static_cast<time_t>(ms / 1000);
      timer.it_value.tv_usec = static_cast<suseconds_t>(ms % 1000 * 1000);
      setitimer(ITIMER_REAL, &timer, nullptr);
      response = handler(params);
      timer = itimerval{};
      setitimer(ITIMER_REAL, &timer, nullptr);
    } else {
      response = error_response(500, ErrorCode::internal, "malformed request to a search worker");
    }
    const bool last = response.status >= 500;
    reply.clear();
    put_u32(reply, static_cast<std::uint32_t>(response.status) | (last ? kLastReply : 0));
    reply += response.body;
    if (!send_frame(fd, reply) || last) _exit(0);
  }
}

// The zygote: forks a worker for each socket the server sends, until the
// server closes the control socket. Never returns.
[[noreturn]] void zygote_main(int control, const SearchWorkers::HandlerFactory& factory,
                              std::chrono::milliseconds search_timeout) {
  // No PR_SET_PDEATHSIG here: it would fire when the thread that forked the
  // zygote ends, not the server. The server's end of the control socket
  // closes when the server exits, however it exits, and that ends the zygote.
  // Ctrl-C in a terminal signals the whole process group; the server stops
  // first and then closes the sockets, which ends the zygote and workers.
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGCHLD, SIG_IGN);  // the kernel reaps the workers
  // Keep only the control socket (and stdio): a listening socket of the
  // server held open here would keep its port bound after the server stops.
  if (control > 3) close_range(3, static_cast<unsigned>(control) - 1, 0);
  close_range(static_cast<unsigned>(control) + 1, ~0U, 0);
  for (;;) {
    const int fd = receive_fd(control);
    if (fd < 0) _exit(0);
    const pid_t pid = fork();
    if (pid == 0) {
      close(control);
      worker_main(fd, factory, search_timeout);
    }
    const std::int32_t reply = pid > 0 ? pid : -errno;
    close(fd);
    if (send(control, &reply, sizeof reply, MSG_NOSIGNAL) != sizeof reply) _exit(0);
  }
}

}  // namespace

struct SearchWorkers::Impl {
  WorkerOptions options;
  pid_t zygote = -1;
  int control = -1;  // to the zygote
  std::mutex zygote_mutex;

  std::mutex mutex;
  std::condition_variable freed;
  struct Worker {
    int fd = -1;             // -1: none yet
    std::size_t served = 0;  // requests answered
  };
  std::vector<Worker> idle;  // live workers not in use
  std::size_t busy = 0;      // requests running (each in a worker or starting one)

  ~Impl() {
    for (const Worker& worker : idle) close(worker.fd);
    if (control >= 0) close(control);  // the zygote reads EOF and exits
    if (zygote > 0) {
      int status = 0;
      while (waitpid(zygote, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }

  // A socket to a new worker, or -1.
  int spawn() {
    int pair[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) return -1;
    std::int32_t reply = -1;
    {
      std::lock_guard<std::mutex> lock(zygote_mutex);
      if (send_fd(control, pair[1])) {
        (void)receive_exactly(control, reinterpret_cast<char*>(&reply), sizeof reply,
                              Clock::time_point::max());
      }
    }
    close(pair[1]);
    if (reply <= 0) {
      close(pair[0]);
      return -1;
    }
    return pair[0];
  }
};

SearchWorkers::SearchWorkers(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SearchWorkers::~SearchWorkers() = default;

Result<std::unique_ptr<SearchWorkers>> SearchWorkers::start(const WorkerOptions& options,
                                                            const HandlerFactory& factory) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.workers == 0) impl->options.workers = 1;
  int pair[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
    return Error{ErrorCode::io_error,
                 fmt::format("cannot start the search workers: {}", std::strerror(errno))};
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int error = errno;
    close(pair[0]);
    close(pair[1]);
    return Error{ErrorCode::io_error,
                 fmt::format("cannot start the search workers: {}", std::strerror(error))};
  }
  if (pid == 0) {
    close(pair[0]);
    zygote_main(pair[1], factory, options.search_timeout);
  }
  close(pair[1]);
  impl->zygote = pid;
  impl->control = pair[0];
  return std::unique_ptr<SearchWorkers>(new SearchWorkers(std::move(impl)));
}

ApiResponse SearchWorkers::run(const QueryParams& params) {
  Impl& w = *impl_;
  Impl::Worker worker;
  {
    std::unique_lock<std::mutex> lock(w.mutex);
    const bool free =
        w.freed.wait_for(lock, w.options.queue_timeout, [&] { return w.busy < w.options.workers; });
    if (!free) {
      return error_response(
          503, ErrorCode::io_error,
          fmt::format("all {} search workers are busy; try again", w.options.workers));
    }
    ++w.busy;
    if (!w.idle.empty()) {
      worker = w.idle.back();
      w.idle.pop_back();
    }
  }
  // Gives the worker back (or, with fd -1, its place) when this request is
  // done.
  const auto release = [&w](Impl::Worker kept) {
    std::lock_guard<std::mutex> lock(w.mutex);
    --w.busy;
    if (kept.fd >= 0) w.idle.push_back(kept);
    w.freed.notify_one();
  };
  const auto discard = [](Impl::Worker& gone) {
    close(gone.fd);  // a stuck worker reads EOF once it is done, and exits
    gone = Impl::Worker{};
  };

  for (int attempt = 0;; ++attempt) {
    // An idle worker has nothing to say: readable means it has died (killed
    // by hand, or by the out-of-memory killer). That was not this request's
    // doing, so it gets a new worker.
    if (worker.fd >= 0) {
      pollfd p{worker.fd, POLLIN, 0};
      if (poll(&p, 1, 0) != 0) discard(worker);
    }
    if (worker.fd < 0) worker.fd = w.spawn();
    if (worker.fd < 0) {
      release(worker);
      return error_response(503, ErrorCode::internal,
                            "cannot start a search worker process; try again");
    }
    const bool fresh = worker.served == 0;
    ++worker.served;

    // The worker stops itself at the search timeout (and answers 503); the
    // margin covers a worker too stuck even for that.
    const auto deadline = Clock::now() + w.options.search_timeout + std::chrono::seconds(2);
    std::string reply;
    const Received received = send_frame(worker.fd, encode_params(params))
                                  ? receive_frame(worker.fd, reply, deadline)
                                  : Received::closed;
    std::size_t at = 0;
    std::uint32_t status = 0;
    const bool answered = received == Received::frame && get_u32(reply, at, status);
    if (answered && (status & kLastReply) == 0) {
      release(worker);
      return ApiResponse{static_cast<int>(status), reply.substr(at)};
    }
    discard(worker);
    if (received == Received::timed_out || (status & kTimedOut) != 0) {
      release(worker);
      return error_response(503, ErrorCode::io_error, timeout_message(w.options.search_timeout));
    }
    // A failure (a crash, or a 5xx) in a worker that served requests before
    // may come from what that process kept; a fresh one decides.
    if (!fresh && attempt == 0) continue;
    release(worker);
    if (answered) {
      return ApiResponse{static_cast<int>(status & ~(kLastReply | kTimedOut)), reply.substr(at)};
    }
    // The operator hears of it too, not only the client.
    std::fputs(
        "herdex: a search crashed its worker process (replaced); the database is probably "
        "damaged, run herdex check\n",
        stderr);
    return error_response(500, ErrorCode::corrupt,
                          "the search crashed its worker process: the database is probably "
                          "damaged, run herdex check");
  }
}

}  // namespace herdex::cli
