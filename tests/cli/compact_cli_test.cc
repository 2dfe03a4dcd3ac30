// `herdex compact` as a user runs it (exit codes, messages, the --json
// shape), and the hint `herdex index` prints when a run left the database
// much larger than its content.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herdex/index.h"
#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

using testing::CliRun;
using testing::herdex;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

// The sample corpus rewritten once (another passage length): a database
// with partly filled blocks.
std::string updated_database(const testing::TempDir& dir) {
  const std::string db = dir.sub("reviews.db");
  const std::string corpus = quoted(testing::corpus_dir());
  EXPECT_EQ(herdex(dir, "index --threads 1 --db " + quoted(db) + " " + corpus).exit_code, 0);
  EXPECT_EQ(herdex(dir, "index --threads 1 --passage-words 30 --db " + quoted(db) + " " + corpus)
                .exit_code,
            0);
  return db;
}

TEST(CompactCli, PrintsTheSizesBeforeAndAfter) {
  testing::TempDir dir;
  const std::string db = updated_database(dir);
  const CliRun run = herdex(dir, "compact --db " + quoted(db));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.err, "");
  EXPECT_NE(run.out.find(db + ": "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find(" MB -> "), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("(1 shard compacted)"), std::string::npos) << run.out;
  const CliRun search = herdex(dir, "search loneliness --db " + quoted(db));
  EXPECT_EQ(search.exit_code, 0) << search.err;
}

TEST(CompactCli, JsonHasTheSizesPerShard) {
  testing::TempDir dir;
  const std::string db = dir.sub("sharded.db");
  ASSERT_EQ(herdex(dir, "index --shards 2 --db " + quoted(db) + " " + quoted(testing::corpus_dir()))
                .exit_code,
            0);
  const CliRun run = herdex(dir, "compact --json --db " + quoted(db));
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  std::vector<std::string> keys;
  for (const auto& [key, value] : out.items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"bytes_after", "bytes_before", "path", "shards", "skipped"}));
  EXPECT_EQ(out.at("path"), db);
  EXPECT_EQ(out.at("skipped"), nlohmann::json::array());
  ASSERT_EQ(out.at("shards").size(), 2U);
  std::uint64_t before = 0;
  std::uint64_t after = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    const auto& shard = out.at("shards").at(i);
    EXPECT_EQ(shard.at("path"), (fs::path(db) / fmt::format("shard_{:03d}", i)).string());
    EXPECT_EQ(shard.size(), 3U) << shard.dump();
    before += shard.at("bytes_before").get<std::uint64_t>();
    after += shard.at("bytes_after").get<std::uint64_t>();
  }
  EXPECT_EQ(out.at("bytes_before").get<std::uint64_t>(), before);
  EXPECT_EQ(out.at("bytes_after").get<std::uint64_t>(), after);
  EXPECT_GT(after, 0U);
}

TEST(CompactCli, NoDatabaseIsExit3) {
  testing::TempDir dir;
  const std::string db = dir.sub("nothing");
  const CliRun run = herdex(dir, "compact --db " + quoted(db));
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.err,
            "herdex: error: " + db + ": no database here (create one with `herdex index`)\n");
  EXPECT_FALSE(fs::exists(db));
}

// The same message and exit code as `herdex index` on a locked database.
TEST(CompactCli, ALockedDatabaseIsExit4LikeIndex) {
  testing::TempDir dir;
  const std::string db = updated_database(dir);
  auto writer = IndexWriter::open(db);
  ASSERT_TRUE(writer);
  const CliRun index =
      herdex(dir, "index --db " + quoted(db) + " " + quoted(testing::corpus_dir()));
  const CliRun compact = herdex(dir, "compact --db " + quoted(db));
  EXPECT_EQ(index.exit_code, 4);
  EXPECT_EQ(compact.exit_code, 4);
  EXPECT_EQ(compact.err, index.err);
  EXPECT_EQ(compact.err, "herdex: error: " + db +
                             ": database is locked by another herdex index (or another Xapian "
                             "writer)\n");
}

TEST(CompactCli, IndexHintsAfterARunThatLeftTheDatabaseMuchLarger) {
  testing::TempDir dir;
  // About 150 documents (1.6 MB of database), then all but a few pruned:
  // the files stay as large while the content shrinks.
  std::string all;
  std::string few;
  int n = 0;
  for (const auto& entry : fs::recursive_directory_iterator(testing::corpus_dir())) {
    if (entry.path().extension() != ".txt") continue;
    const std::string text = testing::read_file(entry.path().string());
    for (int copy = 0; copy < 4; ++copy) {
      const std::string line =
          nlohmann::json{{"_id", fmt::format("{}-{}", copy, n)}, {"text", text}}.dump() + "\n";
      all += line;
      if (copy == 0 && n < 5) few += line;
    }
    ++n;
  }
  const std::string input = dir.write("reviews.jsonl", all);
  const std::string db = quoted(dir.sub("db"));
  const CliRun first = herdex(dir, "index --db " + db + " " + quoted(input));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.err.find("hint"), std::string::npos) << first.err;
  const CliRun unchanged = herdex(dir, "index --db " + db + " " + quoted(input));
  ASSERT_EQ(unchanged.exit_code, 0) << unchanged.err;
  EXPECT_EQ(unchanged.err.find("hint"), std::string::npos) << unchanged.err;

  dir.write("reviews.jsonl", few);
  const CliRun pruned = herdex(dir, "index --prune --json --db " + db + " " + quoted(input));
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_GT(nlohmann::json::parse(pruned.out).at("deleted").get<int>(), 100);
  EXPECT_NE(pruned.err.find("herdex: hint: the database went from "), std::string::npos)
      << pruned.err;
  EXPECT_NE(pruned.err.find("`herdex compact --db " + dir.sub("db") + "` may make it much smaller"),
            std::string::npos)
      << pruned.err;

  const CliRun compact = herdex(dir, "compact --json --db " + db);
  ASSERT_EQ(compact.exit_code, 0) << compact.err;
  const auto sizes = nlohmann::json::parse(compact.out);
  EXPECT_LT(sizes.at("bytes_after").get<std::uint64_t>() * 2,
            sizes.at("bytes_before").get<std::uint64_t>());
}

}  // namespace
}  // namespace herdex
