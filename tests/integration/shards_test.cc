// Sharded databases on one machine: `IndexOptions::shards`, the layout it
// writes, routing by id, and searches that rank exactly like one database
// holding the same documents.
#include <xapian.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "store/shards.h"
#include "support/paths.h"
#include "support/same_results.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

IndexOptions with_shards(std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  return options;
}

void index_corpus(const std::string& db, const IndexOptions& options) {
  auto writer = IndexWriter::open(db, options);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths({testing::corpus_dir()});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_GE(report->added, 30U);
  ASSERT_EQ(report->errors, 0U);
}

Document review(const std::string& id, const std::string& text) {
  Document d;
  d.id = id;
  d.text = text;
  d.lang = "en";
  return d;
}

class Shards : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    index_corpus(dir_->sub("single"), {});
    index_corpus(dir_->sub("sharded"), with_shards(3));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string single() { return dir_->sub("single"); }
  static std::string sharded() { return dir_->sub("sharded"); }
  static testing::TempDir* dir_;
};

testing::TempDir* Shards::dir_ = nullptr;

TEST_F(Shards, RankingScoresAndSnippetsEqualOneDatabase) {
  testing::expect_same_searches(single(), sharded());
}

TEST_F(Shards, LayoutIsADirectoryWithAXapianStubThatXapianOpens) {
  const fs::path dir = sharded();
  const std::string stub = testing::read_file((dir / "XAPIANDB").string());
  EXPECT_NE(stub.find("auto shard_000\nauto shard_001\nauto shard_002\n"), std::string::npos)
      << stub;
  for (const char* shard : {"shard_000", "shard_001", "shard_002"}) {
    EXPECT_TRUE(fs::exists(dir / shard / "iamglass")) << shard;
  }
  // Xapian reads the directory as a stub directory: all shards as one.
  Xapian::Database all(dir.string());
  Xapian::Database one(single());
  EXPECT_EQ(all.get_doccount(), one.get_doccount());
}

TEST_F(Shards, EachDocumentLivesInTheShardItsIdHashesTo) {
  std::size_t total = 0;
  std::size_t nonempty = 0;
  for (std::size_t shard = 0; shard < 3; ++shard) {
    Xapian::Database db((fs::path(sharded()) / detail::shard_directory_name(shard)).string());
    EXPECT_EQ(db.get_metadata(detail::kShardKey), std::to_string(shard));
    EXPECT_EQ(db.get_metadata(detail::kShardCountKey), "3");
    const std::string prefix = "Q";
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      EXPECT_EQ(detail::shard_for_id((*it).substr(1), 3), shard) << *it;
      ++total;
    }
    if (db.get_doccount() > 0) ++nonempty;
  }
  EXPECT_EQ(total, Xapian::Database(single()).get_doccount());
  EXPECT_EQ(nonempty, 3U);
}

TEST_F(Shards, StatsCountPerShardAndInTotal) {
  auto sharded_stats = database_stats(sharded());
  ASSERT_TRUE(sharded_stats) << sharded_stats.error().describe();
  auto single_stats = database_stats(single());
  ASSERT_TRUE(single_stats) << single_stats.error().describe();
  EXPECT_EQ(sharded_stats->documents, single_stats->documents);
  EXPECT_EQ(sharded_stats->passages, single_stats->passages);
  EXPECT_EQ(sharded_stats->terms, single_stats->terms);
  EXPECT_EQ(sharded_stats->languages, single_stats->languages);
  EXPECT_EQ(sharded_stats->analyzer, single_stats->analyzer);
  EXPECT_EQ(sharded_stats->format, single_stats->format);
  ASSERT_EQ(sharded_stats->shards.size(), 3U);
  std::size_t documents = 0;
  std::size_t passages = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const ShardStats& s = sharded_stats->shards[i];
    EXPECT_EQ(s.name, (fs::path(sharded()) / detail::shard_directory_name(i)).string());
    Xapian::Database db(s.name);
    EXPECT_EQ(s.documents, db.get_doccount());
    EXPECT_GT(s.size_bytes, 0U);
    EXPECT_GT(s.terms, 0U);
    documents += s.documents;
    passages += s.passages;
  }
  EXPECT_EQ(documents, sharded_stats->documents);
  EXPECT_EQ(passages, sharded_stats->passages);
  ASSERT_EQ(single_stats->shards.size(), 1U);
  EXPECT_EQ(single_stats->shards.front().documents, single_stats->documents);
}

TEST_F(Shards, AStubFileNamingTheShardsSearchesLikeTheDirectory) {
  testing::TempDir dir;
  std::string lines = "# the shards of another database, by absolute path\n";
  for (std::size_t i = 0; i < 3; ++i) {
    lines += "auto " + (fs::path(sharded()) / detail::shard_directory_name(i)).string() + "\n";
  }
  const std::string stub = dir.write("all.stub", lines);
  testing::expect_same_searches(single(), stub);
  // A stub naming the sharded directory (itself a stub) works too.
  testing::expect_same_searches(single(), dir.write("nested.stub", "auto " + sharded() + "\n"));
}

TEST(ShardedIndex, ReindexingKeepsTheShardCountAndRefusesAnother) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  index_corpus(db, with_shards(4));
  {
    auto writer = IndexWriter::open(db);  // shards = 0: keep
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({testing::corpus_dir()});
    ASSERT_TRUE(report) << report.error().describe();
    EXPECT_EQ(report->added, 0U);
    EXPECT_EQ(report->updated, 0U);
    EXPECT_GE(report->unchanged, 30U);
  }
  {
    auto same = IndexWriter::open(db, with_shards(4));
    ASSERT_TRUE(same) << same.error().describe();
  }
  auto other = IndexWriter::open(db, with_shards(2));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(other.error().message.find("4 shards, not 2"), std::string::npos)
      << other.error().message;
  EXPECT_EQ(other.error().path, db);
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->shards.size(), 4U);
}

TEST(ShardedIndex, AnUnshardedDatabaseCannotBecomeSharded) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  index_corpus(db, {});
  auto writer = IndexWriter::open(db, with_shards(3));
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(writer.error().message.find("not sharded"), std::string::npos)
      << writer.error().message;
  auto one = IndexWriter::open(db, with_shards(1));
  EXPECT_TRUE(one) << one.error().describe();
}

TEST(ShardedIndex, UpdatesDeletesAndPruneFindTheirShard) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  std::vector<std::string> ids;
  {
    auto writer = IndexWriter::open(db, with_shards(3));
    ASSERT_TRUE(writer) << writer.error().describe();
    for (int i = 0; i < 30; ++i) {
      ids.push_back("review-" + std::to_string(i));
      auto added =
          writer->add(review(ids.back(), "A lighthouse keeper writes letter " + std::to_string(i)));
      ASSERT_TRUE(added) << added.error().describe();
      EXPECT_EQ(*added, WriteOutcome::added);
    }
    ASSERT_TRUE(writer->commit());
  }
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto same = writer->add(review("review-3", "A lighthouse keeper writes letter 3"));
    ASSERT_TRUE(same);
    EXPECT_EQ(*same, WriteOutcome::unchanged);
    auto changed = writer->add(review("review-4", "A ferry pilot sings instead"));
    ASSERT_TRUE(changed);
    EXPECT_EQ(*changed, WriteOutcome::updated);
    auto removed = writer->remove("review-5");
    ASSERT_TRUE(removed);
    EXPECT_TRUE(*removed);
    auto again = writer->remove("review-5");
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  SearchOptions all;
  all.limit = 100;
  auto lighthouse = searcher->search("lighthouse", all);
  ASSERT_TRUE(lighthouse);
  EXPECT_EQ(lighthouse->hits.size(), 28U);  // 30, one changed, one removed
  auto ferry = searcher->search("ferry", all);
  ASSERT_TRUE(ferry);
  ASSERT_EQ(ferry->hits.size(), 1U);
  EXPECT_EQ(ferry->hits.front().id, "review-4");
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, 29U);

  // Prune: of the documents read from under docs/ before, those gone from
  // it are removed, whichever shard holds them; the 29 reviews added
  // directly (from no file under docs/) stay.
  testing::TempDir inputs;
  inputs.write("docs/a.txt", "Only this review stays.\n");
  for (int i = 0; i < 8; ++i) {
    inputs.write("docs/gone-" + std::to_string(i) + ".txt", "A review that goes.\n");
  }
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({inputs.sub("docs")});
    ASSERT_TRUE(report) << report.error().describe();
    EXPECT_EQ(report->added, 9U);
  }
  for (int i = 0; i < 8; ++i) {
    std::filesystem::remove(inputs.sub("docs/gone-" + std::to_string(i) + ".txt"));
  }
  {
    IndexOptions options;
    options.prune = true;
    auto writer = IndexWriter::open(db, options);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({inputs.sub("docs")});
    ASSERT_TRUE(report) << report.error().describe();
    EXPECT_EQ(report->unchanged, 1U);
    EXPECT_EQ(report->deleted, 8U);
  }
  stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, 30U);
}

TEST(ShardedIndex, OneWriterForTheWholeSet) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  auto first = IndexWriter::open(db, with_shards(3));
  ASSERT_TRUE(first) << first.error().describe();
  auto second = IndexWriter::open(db);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::locked);
  auto third = IndexWriter::open(db, with_shards(3));
  ASSERT_FALSE(third);
  EXPECT_EQ(third.error().code, ErrorCode::locked);
}

TEST(ShardedIndex, WritingOneShardAloneOrThroughAReorderedStubIsRefused) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  index_corpus(db, with_shards(2));
  const std::string shard0 = (fs::path(db) / "shard_000").string();
  const std::string shard1 = (fs::path(db) / "shard_001").string();

  auto alone = IndexWriter::open(shard1);
  ASSERT_FALSE(alone);
  EXPECT_EQ(alone.error().code, ErrorCode::invalid_argument);
  EXPECT_NE(alone.error().message.find("shard 1 of 2"), std::string::npos) << alone.error().message;

  const std::string swapped =
      dir.write("swapped.stub", "auto " + shard1 + "\nauto " + shard0 + "\n");
  auto writer = IndexWriter::open(swapped);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(writer.error().path, shard1);
  EXPECT_NE(writer.error().message.find("order"), std::string::npos) << writer.error().message;

  // Reading does not depend on the order.
  auto searcher = Searcher::open(swapped);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  EXPECT_TRUE(searcher->search("loneliness"));
}

TEST(ShardedIndex, ShardsBuiltWithDifferentAnalyzersAreRefused) {
  testing::TempDir dir;
  IndexOptions bigrams;
  IndexOptions trigrams;
  trigrams.analyzer.ngram_size = 3;
  {
    auto a = IndexWriter::open(dir.sub("a"), bigrams);
    ASSERT_TRUE(a) << a.error().describe();
    ASSERT_TRUE(a->add(review("one", "voice")));
    auto b = IndexWriter::open(dir.sub("b"), trigrams);
    ASSERT_TRUE(b) << b.error().describe();
    ASSERT_TRUE(b->add(review("two", "letters")));
  }
  const std::string stub = dir.write("mixed.stub", "auto a\nauto b\n");
  auto searcher = Searcher::open(stub);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::version_mismatch);
  EXPECT_EQ(searcher.error().path, dir.sub("b"));
  // Two separate databases were never shards of one set: a writer refuses
  // them before it gets to the analyzers.
  auto writer = IndexWriter::open(stub);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(writer.error().path, dir.sub("a"));
}

TEST(ShardedIndex, EveryShardIsCheckedForTheFormatVersion) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  index_corpus(db, with_shards(3));
  const std::string shard2 = (fs::path(db) / "shard_002").string();
  {
    Xapian::WritableDatabase shard(shard2);
    shard.set_metadata(detail::kFormatKey, "99");
    shard.commit();
  }
  auto searcher = Searcher::open(db);
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::version_mismatch);
  EXPECT_EQ(searcher.error().path, shard2);
  OpenOptions partial;
  partial.allow_partial = true;  // a shard of another version is no missing shard
  auto lenient = Searcher::open(db, partial);
  ASSERT_FALSE(lenient);
  EXPECT_EQ(lenient.error().code, ErrorCode::version_mismatch);
  auto writer = IndexWriter::open(db);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::version_mismatch);
  EXPECT_EQ(writer.error().path, shard2);
}

TEST(ShardedIndex, MissingLocalShardFailsOrIsLeftOutWithAllowPartial) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  index_corpus(db, with_shards(2));
  const std::string shard1 = (fs::path(db) / "shard_001").string();
  fs::rename(shard1, dir.sub("elsewhere"));

  auto strict = Searcher::open(db);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().path, shard1);

  OpenOptions partial;
  partial.allow_partial = true;
  auto searcher = Searcher::open(db, partial);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto results = searcher->search("loneliness");
  ASSERT_TRUE(results) << results.error().describe();
  EXPECT_TRUE(results->partial);
  ASSERT_EQ(results->failed_shards.size(), 1U);
  EXPECT_EQ(results->failed_shards.front().path, shard1);
  for (const Hit& hit : results->hits) EXPECT_EQ(detail::shard_for_id(hit.id, 2), 0U) << hit.id;

  // Back in place, reopen() brings it back.
  fs::rename(dir.sub("elsewhere"), shard1);
  ASSERT_TRUE(searcher->reopen());
  auto full = searcher->search("loneliness");
  ASSERT_TRUE(full);
  EXPECT_FALSE(full->partial);
  EXPECT_GT(full->total, results->total);
}

}  // namespace
}  // namespace herdex
