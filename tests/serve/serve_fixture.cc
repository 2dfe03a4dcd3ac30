#include "serve_fixture.h"

#include <cstdio>

#include "herdex/index.h"
#include "support/paths.h"

namespace herdex::testing {

TempDir* ServeTest::dir_ = nullptr;
std::string* ServeTest::db_ = nullptr;
std::unique_ptr<cli::SearchServer>* ServeTest::server_ = nullptr;
std::thread* ServeTest::thread_ = nullptr;
int ServeTest::port_ = 0;

std::string url_encode(const std::string& text) {
  std::string out;
  for (const char byte : text) {
    const auto c = static_cast<unsigned char>(byte);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    if (plain) {
      out += byte;
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    }
  }
  return out;
}

void ServeTest::SetUpTestSuite() {
  dir_ = new TempDir();
  db_ = new std::string(dir_->sub("db"));
  {
    auto writer = IndexWriter::open(*db_);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({corpus_dir()});
    ASSERT_TRUE(report) << report.error().describe();
    Document hostile;
    hostile.id = kHostileId;
    hostile.title = kHostileTitle;
    hostile.lang = "en";
    hostile.text =
        "A review about loneliness that tries <script>document.body.dataset.pwned=1</script> "
        "and <b onclick=\"x()\">markup</b> & entities &amp; in its text.";
    auto added = writer->add(hostile);
    ASSERT_TRUE(added) << added.error().describe();
    ASSERT_TRUE(writer->commit());
  }
  cli::ServeOptions options;
  options.db = *db_;
  options.port = 0;
  auto server = cli::SearchServer::create(options);
  ASSERT_TRUE(server) << server.error().describe();
  auto port = (*server)->bind();
  ASSERT_TRUE(port) << port.error().describe();
  port_ = *port;
  server_ = new std::unique_ptr<cli::SearchServer>(std::move(*server));
  cli::SearchServer* running = server_->get();
  thread_ = new std::thread([running] { (void)running->run(); });  // stop() ends it
}

void ServeTest::TearDownTestSuite() {
  if (server_ != nullptr && *server_) (*server_)->stop();
  if (thread_ != nullptr) {
    thread_->join();
    delete thread_;
    thread_ = nullptr;
  }
  delete server_;
  server_ = nullptr;
  delete db_;
  db_ = nullptr;
  delete dir_;
  dir_ = nullptr;
}

}  // namespace herdex::testing
