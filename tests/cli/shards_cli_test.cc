// `herdex index --shards N`, stub files given to --db, and per-shard stats,
// as a user runs them: exit codes, messages, --json shape.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

using testing::CliRun;
using testing::herdex;

class ShardsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.sub("reviews.db");
    const CliRun index =
        herdex(dir_, "index --shards 3 --db '" + db_ + "' '" + testing::corpus_dir() + "'");
    ASSERT_EQ(index.exit_code, 0) << index.err;
  }
  testing::TempDir dir_;
  std::string db_;
};

TEST_F(ShardsCli, IndexWritesShardsAndAStub) {
  EXPECT_TRUE(fs::exists(fs::path(db_) / "XAPIANDB"));
  for (const char* shard : {"shard_000", "shard_001", "shard_002"}) {
    EXPECT_TRUE(fs::is_directory(fs::path(db_) / shard)) << shard;
  }
  const CliRun again = herdex(dir_, "index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 added, 0 updated, 40 unchanged"), std::string::npos) << again.out;
}

TEST_F(ShardsCli, AnotherShardCountIsAUsageError) {
  const CliRun run =
      herdex(dir_, "index --shards 2 --db '" + db_ + "' '" + testing::corpus_dir() + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("herdex: error: " + db_ + ": the database has 3 shards, not 2"),
            std::string::npos)
      << run.err;
  const CliRun zero = herdex(
      dir_, "index --shards 0 --db '" + dir_.sub("other") + "' '" + testing::corpus_dir() + "'");
  EXPECT_EQ(zero.exit_code, 2);
}

TEST_F(ShardsCli, SearchAndStatsSeeAllShards) {
  const CliRun search = herdex(dir_, "search zeitgeist --json --db '" + db_ + "'");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  const auto doc = nlohmann::json::parse(search.out);
  EXPECT_EQ(doc.at("partial"), false);
  ASSERT_EQ(doc.at("hits").size(), 1U);
  EXPECT_EQ(doc.at("hits")[0].at("id"), testing::corpus_id("en/07.txt"));

  const CliRun stats = herdex(dir_, "stats --json --db '" + db_ + "'");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto s = nlohmann::json::parse(stats.out);
  EXPECT_EQ(s.at("documents"), 40);
  ASSERT_EQ(s.at("shards").size(), 3U);
  std::size_t documents = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& shard = s.at("shards")[i];
    EXPECT_EQ(shard.at("name"), (fs::path(db_) / ("shard_00" + std::to_string(i))).string());
    EXPECT_GT(shard.at("size_bytes").get<std::uint64_t>(), 0U);
    documents += shard.at("documents").get<std::size_t>();
  }
  EXPECT_EQ(documents, 40U);

  const CliRun text = herdex(dir_, "stats --db '" + db_ + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("shards: 3\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find((fs::path(db_) / "shard_002").string() + ": "), std::string::npos)
      << text.out;
}

TEST_F(ShardsCli, DeleteFindsTheShard) {
  const CliRun run =
      herdex(dir_, "delete '" + testing::corpus_id("en/07.txt") + "' --db '" + db_ + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  const CliRun search = herdex(dir_, "search zeitgeist --json --db '" + db_ + "'");
  ASSERT_EQ(search.exit_code, 0) << search.err;
  EXPECT_TRUE(nlohmann::json::parse(search.out).at("hits").empty());
}

TEST_F(ShardsCli, MalformedStubIsAUsageErrorWithItsLine) {
  const std::string stub = dir_.write("bad.stub", "auto reviews.db/shard_000\nremote nohost\n");
  const CliRun run = herdex(dir_, "search zeitgeist --db '" + stub + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("herdex: error: " + stub + ":2: "), std::string::npos) << run.err;
}

TEST_F(ShardsCli, StubOfLocalShardsSearchesThem) {
  const std::string stub =
      dir_.write("two.stub", "auto reviews.db/shard_000\nauto reviews.db/shard_001\n");
  const CliRun run = herdex(dir_, "stats --json --db '" + stub + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out).at("shards").size(), 2U);
}

}  // namespace
}  // namespace herdex
