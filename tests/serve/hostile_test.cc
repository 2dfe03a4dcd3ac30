// `herdex serve` under hostile clients and a damaged database (issue 16):
// slow clients cannot starve quick ones, a request must arrive whole within
// its deadline, connections are bounded in all and per client address, a
// busy port is refused, and a search that crashes its worker costs one 500,
// not the server.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herdex/error.h"
#include "herdex/index.h"
#include "serve/search_server.h"
#include "serve/search_workers.h"
#include "serve_fixture.h"
#include "support/paths.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace herdex::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A database of the sample corpus, made with `herdex index` (as a user would).
std::string index_corpus(const TempDir& dir) {
  const std::string db = dir.sub("db");
  ProcessResult run =
      run_process({herdex_bin(), "index", corpus_dir(), "--db", db}, dir.path().string());
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return db;
}

// `herdex serve` in the background; its port read from what it prints.
class ServeProcess {
 public:
  ServeProcess(const TempDir& dir, const std::string& name, std::vector<std::string> args)
      : out_(dir.sub(name + ".out")), err_(dir.sub(name + ".err")) {
    std::vector<std::string> argv = {herdex_bin(), "serve"};
    argv.insert(argv.end(), args.begin(), args.end());
    child_ = std::make_unique<Child>(argv, out_, err_);
  }

  // The port, once it prints its address; 0 if it exits or never does.
  int wait_for_port() {
    const std::regex address("http://127\\.0\\.0\\.1:(\\d+)/");
    std::smatch m;
    for (int i = 0; i < 1500; ++i) {
      const std::string printed = read_file(out_);
      if (std::regex_search(printed, m, address)) return std::stoi(m[1].str());
      if (child_->exited()) return 0;
      std::this_thread::sleep_for(milliseconds(20));
    }
    return 0;
  }

  Child& child() { return *child_; }
  std::string err() const { return read_file(err_); }

 private:
  std::string out_;
  std::string err_;
  std::unique_ptr<Child> child_;
};

// A TCP connection to 127.0.0.1:port, from `source` (any 127/8 address).
int connect_to(int port, const char* source = "127.0.0.1") {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source, &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool send_text(int fd, const std::string& text) {
  return send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

// Everything the server sends until it closes the connection or `timeout`
// passes; nullopt if it is still open then.
std::optional<std::string> read_until_closed(int fd, milliseconds timeout) {
  std::string got;
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return std::nullopt;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    char buffer[4096];
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return got;
    got.append(buffer, static_cast<std::size_t>(n));
  }
}

httplib::Result quick_get(int port, const std::string& target) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(5, 0);
  client.set_read_timeout(5, 0);
  return client.Get(target.c_str());
}

// Slow clients: connections that started a request and add a header line
// every `every`, for as long as they live. Each keeps its connection (and,
// on a server with a thread per connection, a thread) busy.
class SlowClients {
 public:
  SlowClients(int port, int count, milliseconds every) {
    for (int i = 0; i < count; ++i) {
      const int fd = connect_to(port);
      if (fd >= 0 &&
          send_text(fd, "GET /api/search?q=loneliness HTTP/1.1\r\nHost: 127.0.0.1\r\n")) {
        fds_.push_back(fd);
      }
    }
    sender_ = std::thread([this, every] {
      while (!stop_) {
        for (int fd : fds_) (void)send_text(fd, "X-Slow: 1\r\n");
        std::this_thread::sleep_for(every);
      }
    });
  }
  ~SlowClients() {
    stop_ = true;
    sender_.join();
    for (int fd : fds_) close(fd);
  }
  std::size_t connected() const { return fds_.size(); }
  // How many the server has neither answered nor closed.
  std::size_t still_open() const {
    std::size_t open = 0;
    for (int fd : fds_) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 0) == 0) ++open;
    }
    return open;
  }

 private:
  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  std::thread sender_;
};

TEST(ServeHostile, QuickClientsAreAnsweredWhileSlowClientsHoldConnections) {
  TempDir dir;
  const std::string db = index_corpus(dir);
  ServeProcess serve(dir, "serve", {"--db", db, "--port", "0"});
  const int port = serve.wait_for_port();
  ASSERT_GT(port, 0) << serve.err();
  auto warm = quick_get(port, "/api/search?q=loneliness");  // the first worker starts
  ASSERT_TRUE(warm);
  ASSERT_EQ(warm->status, 200);

  SlowClients slow(port, 8, milliseconds(300));
  ASSERT_EQ(slow.connected(), 8U);
  std::this_thread::sleep_for(milliseconds(300));  // all eight are inside the server
  for (int i = 0; i < 10; ++i) {
    SCOPED_TRACE(i);
    const auto start = Clock::now();
    auto res = quick_get(port, i % 2 == 0 ? "/api/search?q=loneliness&limit=3" : "/");
    const auto took = Clock::now() - start;
    ASSERT_TRUE(res) << "no answer while slow clients hold connections";
    EXPECT_EQ(res->status, 200);
    // A functional deadline, not a benchmark: an answer takes milliseconds;
    // a server starved by the slow clients answers after they stop.
    EXPECT_LT(took, seconds(1)) << std::chrono::duration_cast<milliseconds>(took).count() << " ms";
  }
  EXPECT_EQ(slow.still_open(), 8U) << "the slow clients were refused rather than served";
}

TEST(ServeHostile, TricklingClientIsCutOffAtTheRequestDeadline) {
  TempDir dir;
  const std::string db = index_corpus(dir);
  ServeProcess serve(dir, "serve", {"--db", db, "--port", "0"});  // the default deadline, 10 s
  const int port = serve.wait_for_port();
  ASSERT_GT(port, 0) << serve.err();

  const int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  const std::string request = "GET /api/search?q=loneliness HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  ASSERT_TRUE(send_text(fd, request));
  // One byte every 200 ms: each read is quick, the request never ends.
  const auto start = Clock::now();
  std::string got;
  bool closed = false;
  while (!closed && Clock::now() - start < seconds(25)) {
    closed = !send_text(fd, "X");
    pollfd p{fd, POLLIN, 0};
    if (!closed && poll(&p, 1, 200) > 0) {
      auto rest = read_until_closed(fd, milliseconds(2000));
      closed = rest.has_value();
      if (rest) got = *rest;
    }
  }
  close(fd);
  EXPECT_TRUE(closed) << "a client that never finishes its request is served forever";
  EXPECT_LT(Clock::now() - start, seconds(15));
  EXPECT_NE(got.find("408 Request Timeout"), std::string::npos) << got;
}

// An in-process server with small limits.
class ServeLimits : public ::testing::Test {
 protected:
  void start(cli::ServeOptions options) {
    db_ = dir_.sub("db");
    {
      auto writer = IndexWriter::open(db_);
      ASSERT_TRUE(writer) << writer.error().describe();
      ASSERT_TRUE(writer->add_paths({corpus_dir() + "/ja"}));
    }
    options.db = db_;
    options.port = 0;
    auto server = cli::SearchServer::create(options);
    ASSERT_TRUE(server) << server.error().describe();
    auto port = (*server)->bind();
    ASSERT_TRUE(port) << port.error().describe();
    port_ = *port;
    server_ = std::move(*server);
    thread_ = std::thread([this] { (void)server_->run(); });
  }
  void TearDown() override {
    if (server_) server_->stop();
    if (thread_.joinable()) thread_.join();
  }

  TempDir dir_;
  std::string db_;
  int port_ = 0;
  std::unique_ptr<cli::SearchServer> server_;
  std::thread thread_;
};

TEST_F(ServeLimits, ConnectionsBeyondTheLimitsGet503) {
  cli::ServeOptions options;
  options.max_client_connections = 3;
  options.max_connections = 5;
  ASSERT_NO_FATAL_FAILURE(start(options));

  std::vector<int> held;
  for (int i = 0; i < 3; ++i) held.push_back(connect_to(port_, "127.0.0.1"));
  // A fourth from the same address is refused at once.
  int extra = connect_to(port_, "127.0.0.1");
  ASSERT_GE(extra, 0);
  auto refused = read_until_closed(extra, seconds(5));
  ASSERT_TRUE(refused) << "not refused";
  EXPECT_EQ(refused->rfind("HTTP/1.1 503", 0), 0U) << *refused;
  EXPECT_NE(refused->find("too many connections from your address"), std::string::npos);
  close(extra);

  // Other addresses fill the server up to 5 in all; the sixth is refused.
  held.push_back(connect_to(port_, "127.0.0.2"));
  held.push_back(connect_to(port_, "127.0.0.3"));
  for (int fd : held) ASSERT_GE(fd, 0);
  extra = connect_to(port_, "127.0.0.4");
  ASSERT_GE(extra, 0);
  refused = read_until_closed(extra, seconds(5));
  ASSERT_TRUE(refused) << "not refused";
  EXPECT_NE(refused->find("503 Service Unavailable: the server has too many connections"),
            std::string::npos)
      << *refused;
  close(extra);

  // Connections that close make room again.
  for (int fd : held) close(fd);
  int status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    std::this_thread::sleep_for(milliseconds(50));
    auto res = quick_get(port_, "/api/search?q=" + url_encode("孤独"));
    status = res ? res->status : 0;
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServeLimits, KeepAliveRequestsEachGetTheirOwnDeadline) {
  cli::ServeOptions options;
  options.request_timeout = milliseconds(1500);
  ASSERT_NO_FATAL_FAILURE(start(options));
  httplib::Client client("127.0.0.1", port_);
  client.set_keep_alive(true);
  // Four requests on one connection over more than one deadline: each has
  // its own.
  for (int i = 0; i < 4; ++i) {
    auto res = client.Get("/api/search?q=x");
    ASSERT_TRUE(res) << i;
    EXPECT_EQ(res->status, 200);
    std::this_thread::sleep_for(milliseconds(500));
  }
}

TEST(ServeHostile, SecondServerOnABusyPortFailsWithAddressInUse) {
  TempDir dir;
  const std::string db = index_corpus(dir);
  ServeProcess first(dir, "first", {"--db", db, "--port", "0"});
  const int port = first.wait_for_port();
  ASSERT_GT(port, 0) << first.err();

  ServeProcess second(dir, "second", {"--db", db, "--port", std::to_string(port)});
  for (int i = 0; i < 500 && !second.child().exited(); ++i) {
    std::this_thread::sleep_for(milliseconds(20));
  }
  ASSERT_TRUE(second.child().exited()) << "a second server shares the busy port";
  EXPECT_EQ(second.child().stop(SIGTERM), 6);
  EXPECT_NE(second.err().find("address in use"), std::string::npos) << second.err();
  // The first is unharmed and answers every request.
  for (int i = 0; i < 4; ++i) {
    auto res = quick_get(port, "/api/search?q=loneliness");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
  }
}

// A request without a Host header is refused (400, JSON): the Host check
// cannot tell a local client from another site's page without one.
TEST(ServeHostile, RequestWithoutHostIsRefused) {
  TempDir dir;
  const std::string db = index_corpus(dir);
  ServeProcess serve(dir, "serve", {"--db", db, "--port", "0"});
  const int port = serve.wait_for_port();
  ASSERT_GT(port, 0) << serve.err();
  const int fd = connect_to(port);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(send_text(fd, "GET /api/search?q=loneliness HTTP/1.0\r\n\r\n"));
  const std::optional<std::string> reply = read_until_closed(fd, milliseconds(5000));
  close(fd);
  ASSERT_TRUE(reply.has_value());
  EXPECT_EQ(reply->rfind("HTTP/1.1 400", 0), 0U) << *reply;
  EXPECT_NE(reply->find("\"error\""), std::string::npos) << *reply;
  EXPECT_NE(reply->find("Host header"), std::string::npos) << *reply;
  // With one, the same request is answered.
  auto res = quick_get(port, "/api/search?q=loneliness");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// --allow-remote says on stderr what it opens.
TEST(ServeHostile, AllowRemoteWarns) {
  TempDir dir;
  const std::string db = index_corpus(dir);
  ServeProcess serve(dir, "serve", {"--db", db, "--port", "0", "--allow-remote"});
  ASSERT_GT(serve.wait_for_port(), 0) << serve.err();
  std::string err;
  for (int i = 0; i < 250 && err.find("warning") == std::string::npos; ++i) {
    std::this_thread::sleep_for(milliseconds(20));
    err = serve.err();
  }
  EXPECT_NE(err.find("herdex: warning: --allow-remote"), std::string::npos) << err;
}

// Damage that makes a search fail: bytes of a table file inverted at a
// stride. Xapian 1.4 segfaults on some of it (in its B-tree and posting
// list code); on the rest it reports the damage.
void damage(const std::string& path, std::size_t stride) {
  std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  for (std::size_t i = 0; i < bytes.size(); i += stride) bytes[i] = static_cast<char>(~bytes[i]);
  file.seekp(0);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

TEST(ServeHostile, DamagedDatabaseGets500AndTheServerStaysUp) {
  TempDir dir;
  const std::string good = index_corpus(dir);
  const std::string db = dir.sub("damaged");
  // A damage pattern and a query (a prefix that expands to many terms reads
  // each hit's positions and record) on which `herdex search` fails. Which
  // table and stride do it depends on the layout, so several are tried.
  std::string query;
  std::string how;
  std::string damaged;  // the table file
  for (const char* table : {"termlist", "docdata", "position", "postlist"}) {
    for (std::size_t stride : {1021U, 509U, 997U, 251U}) {
      std::filesystem::remove_all(db);
      std::filesystem::copy(good, db);
      if (!std::filesystem::exists(db + "/" + table + ".glass")) continue;
      damage(db + "/" + table + ".glass", stride);
      for (const char* q : {"th*", "act*"}) {
        ProcessResult run = run_process({herdex_bin(), "search", q, "--limit", "20", "--db", db},
                                        dir.path().string());
        if (run.exit_code != 0) {  // 5 (damaged) or -1 (a crash)
          query = q;
          damaged = std::string(table) + ".glass";
          how = fmt::format("{} ({}.glass, stride {}): herdex search exits {}", q, table, stride,
                            run.exit_code);
          break;
        }
      }
      if (!query.empty()) break;
    }
    if (!query.empty()) break;
  }
  ASSERT_FALSE(query.empty()) << "no damage pattern made a search fail";
  SCOPED_TRACE(how);

  ServeProcess serve(dir, "serve", {"--db", db, "--port", "0"});
  const int port = serve.wait_for_port();
  ASSERT_GT(port, 0) << serve.err();
  const std::string bad = "/api/search?q=" + url_encode(query) + "&limit=20";
  for (int i = 0; i < 3; ++i) {
    auto res = quick_get(port, bad);
    ASSERT_TRUE(res) << "the server died on a damaged database";
    EXPECT_EQ(res->status, 500) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    const json doc = json::parse(res->body);
    EXPECT_NE(doc["error"]["message"].get<std::string>().find("damaged, run herdex check"),
              std::string::npos)
        << res->body;
    // The next good request is answered.
    auto page = quick_get(port, "/");
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200);
    // Another search is answered too: found, or (when the damage lies in
    // what it reads as well) refused the same way, never dropped.
    auto other = quick_get(port, "/api/search?q=" + url_encode("孤独"));
    ASSERT_TRUE(other);
    EXPECT_TRUE(other->status == 200 || other->status == 500) << other->body;
  }
  EXPECT_FALSE(serve.child().exited()) << serve.err();

  // Repaired (the good file put back): the same search is answered; no
  // worker keeps the damaged view.
  std::filesystem::copy_file(good + "/" + damaged, db + "/" + damaged,
                             std::filesystem::copy_options::overwrite_existing);
  for (int i = 0; i < 5; ++i) {
    auto res = quick_get(port, bad);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
  EXPECT_EQ(serve.child().stop(SIGTERM), 0) << serve.err();
}

// The supervision itself, with handlers that crash, hang and report their
// process: independent of which damage Xapian survives.
// A worker pool whose handler crashes, aborts, hangs or reports its
// process, as the query says.
Result<std::unique_ptr<cli::SearchWorkers>> test_workers(milliseconds search_timeout) {
  cli::WorkerOptions options;
  options.workers = 2;
  options.search_timeout = search_timeout;
  return cli::SearchWorkers::start(options, [] {
    return [](const cli::QueryParams& params) {
      const std::string q = params.count("q") != 0 ? params.find("q")->second : "";
      if (q == "crash") raise(SIGSEGV);
      if (q == "abort") std::abort();
      if (q == "hang") {
        for (;;) pause();
      }
      return cli::ApiResponse{200, std::to_string(getpid())};
    };
  });
}

// The supervision itself, independent of which damage Xapian survives.
TEST(SearchWorkers, CrashedAndKilledWorkersAreReplaced) {
  // Long enough for a sanitizer's crash report.
  auto workers = test_workers(seconds(30));
  ASSERT_TRUE(workers) << workers.error().describe();
  cli::SearchWorkers& pool = **workers;

  const cli::ApiResponse first = pool.run({{"q", "pid"}});
  ASSERT_EQ(first.status, 200);
  EXPECT_NE(first.body, std::to_string(getpid())) << "not run in another process";
  for (const char* q : {"crash", "abort"}) {
    const cli::ApiResponse crashed = pool.run({{"q", q}});
    EXPECT_EQ(crashed.status, 500) << q;
    EXPECT_NE(crashed.body.find("damaged, run herdex check"), std::string::npos) << crashed.body;
    EXPECT_EQ(pool.run({{"q", "pid"}}).status, 200) << "after " << q;
  }

  // A worker killed while idle is not the next request's fault: it is
  // replaced before that request runs.
  const cli::ApiResponse before = pool.run({{"q", "pid"}});
  ASSERT_EQ(before.status, 200);
  ASSERT_EQ(kill(std::stoi(before.body), SIGKILL), 0);
  std::this_thread::sleep_for(milliseconds(100));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(pool.run({{"q", "pid"}}).status, 200) << i;

  // Requests beyond the workers wait their turn; all are answered.
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int i = 0; i < 6; ++i) {
    threads.emplace_back([&] {
      if (pool.run({{"q", "pid"}}).status == 200) ++answered;
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(answered, 6);
}

TEST(SearchWorkers, HungSearchIsStoppedAt503AndItsWorkerReplaced) {
  auto workers = test_workers(milliseconds(300));
  ASSERT_TRUE(workers) << workers.error().describe();
  cli::SearchWorkers& pool = **workers;
  for (int i = 0; i < 3; ++i) {
    const cli::ApiResponse hung = pool.run({{"q", "hang"}});
    EXPECT_EQ(hung.status, 503);
    EXPECT_NE(hung.body.find("ran longer than 300 ms"), std::string::npos) << hung.body;
    EXPECT_EQ(pool.run({{"q", "pid"}}).status, 200) << "after a hung search";
  }
}

}  // namespace
}  // namespace herdex::testing
