// `herdex search` output that must not depend on what it should not
// (issue 16): the total's bounds, 64-bit offsets, and stored control
// characters that never reach the terminal raw.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using testing::CliRun;
using testing::herdex;

class SearchOutput : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.sub("db");
    const CliRun index = herdex(dir_, "index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
    ASSERT_EQ(index.exit_code, 0) << index.err;
  }
  nlohmann::json search_json(const std::string& args) {
    const CliRun run = herdex(dir_, "search --db '" + db_ + "' " + args + " --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json::object();
  }
  testing::TempDir dir_;
  std::string db_;
};

TEST_F(SearchOutput, TotalAndItsBoundsDoNotDependOnTheLimit) {
  const nlohmann::json ten = search_json("'孤独' -n 10");
  const nlohmann::json fifty = search_json("'孤独' -n 50");
  ASSERT_TRUE(ten.contains("total_min") && ten.contains("total_max")) << ten.dump();
  EXPECT_EQ(ten.at("total"), fifty.at("total"));
  EXPECT_EQ(ten.at("total_min"), fifty.at("total_min"));
  EXPECT_EQ(ten.at("total_max"), fifty.at("total_max"));
  EXPECT_LE(ten.at("total_min").get<std::size_t>(), ten.at("total").get<std::size_t>());
  EXPECT_LE(ten.at("total").get<std::size_t>(), ten.at("total_max").get<std::size_t>());
  EXPECT_EQ(ten.at("total").get<std::size_t>(), fifty.at("hits").size());
}

TEST_F(SearchOutput, OffsetsAreSixtyFourBit) {
  const nlohmann::json first = search_json("loneliness");
  ASSERT_FALSE(first.at("hits").empty());
  for (const char* offset : {"4294967296", "4294967297", "18446744073709551615"}) {
    const nlohmann::json page = search_json(std::string("loneliness --offset ") + offset);
    EXPECT_TRUE(page.at("hits").empty()) << offset << ": " << page.dump();
    EXPECT_EQ(page.at("total"), first.at("total")) << offset;
  }
  // Past 64 bits: refused, not wrapped.
  const CliRun run =
      herdex(dir_, "search --db '" + db_ + "' loneliness --offset 18446744073709551616");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_NE(run.err.find("--offset"), std::string::npos) << run.err;
}

TEST_F(SearchOutput, StoredControlCharactersAreEscapedInPlainText) {
  const std::string input = dir_.sub("evil.jsonl");
  {
    std::ofstream out(input);
    // ESC [2J clears the screen, ESC ]0; sets the window title, BEL rings,
    // U+009B is CSI on terminals that take C1 controls.
    out << R"({"id": "evil\u001b[2J", "title": "Title\u001b]0;owned\u0007", )"
        << R"("text": "The walrus\u001b[2J sings\tloudly \u009b31m in red\u007f.\nSecond line."})"
        << "\n";
  }
  const std::string db = dir_.sub("evil-db");
  const CliRun index = herdex(dir_, "index --db '" + db + "' '" + input + "'");
  ASSERT_EQ(index.exit_code, 0) << index.err;

  for (const char* query : {"walrus", "nothing-matches-this", "walrus --explain"}) {
    const CliRun run = herdex(dir_, "search --db '" + db + "' --color never " + query);
    ASSERT_EQ(run.exit_code, 0) << run.err;
    for (const char raw : {'\x1b', '\x07', '\x7f', '\t'}) {
      EXPECT_EQ(run.out.find(raw), std::string::npos)
          << query << ": raw control " << int(raw) << "\n"
          << run.out;
    }
    EXPECT_EQ(run.out.find("\xc2\x9b"), std::string::npos) << query << ": raw C1 control\n"
                                                           << run.out;
    if (std::string(query) == "walrus") {
      EXPECT_NE(run.out.find(R"(Title\x1b]0;owned\x07)"), std::string::npos) << run.out;
      EXPECT_NE(run.out.find(R"([walrus]\x1b[2J sings loudly \u009b31m in red\x7f.)"),
                std::string::npos)
          << run.out;
    }
  }
  // JSON keeps the text as stored (JSON escapes it).
  const CliRun json = herdex(dir_, "search --db '" + db + "' walrus --json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out).at("hits").at(0).at("id"), "evil\x1b[2J");
}

}  // namespace
}  // namespace herdex
