// A database of the sample corpus (plus one review with HTML in it) served
// by an in-process SearchServer on 127.0.0.1 and a free port.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

#include "serve/search_server.h"
#include "support/temp_dir.h"

namespace herdex::testing {

/// Percent-encodes `text` for a URL query value (UTF-8 bytes as %XX).
std::string url_encode(const std::string& text);

class ServeTest : public ::testing::Test {
 public:
  static void SetUpTestSuite();
  static void TearDownTestSuite();

  /// The server's port.
  static int port() { return port_; }
  /// The database path.
  static const std::string& db() { return *db_; }

  /// Id and title of the review whose title and text hold HTML and script.
  static constexpr const char* kHostileId = "hostile.txt";
  static constexpr const char* kHostileTitle =
      "<img src=x onerror=\"document.body.dataset.pwned=1\">";

 private:
  static TempDir* dir_;
  static std::string* db_;
  static std::unique_ptr<cli::SearchServer>* server_;
  static std::thread* thread_;
  static int port_;
};

}  // namespace herdex::testing
