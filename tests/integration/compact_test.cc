// `herdex compact` (issue 15): compacting a database in place keeps every
// document and search result, makes a database that had many updates
// smaller, lets open searchers go on, and is refused while a writer holds
// the database, leaving it as it was. A sharded database has each local
// shard compacted; remote ones are skipped.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "herdex/herdex.h"
#include "support/paths.h"
#include "support/same_results.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using herdex::testing::TempDir;

void index(const std::string& db, const IndexOptions& options,
           const std::vector<std::string>& paths = {testing::corpus_dir()}) {
  auto writer = IndexWriter::open(db, options);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths(paths, {});
  ASSERT_TRUE(report) << report.error().describe();
}

// The corpus indexed one commit at a time, then rewritten twice (another
// passage length changes every document's content hash): a database full
// of partly filled blocks.
void index_with_updates(const std::string& db, std::size_t shards = 1) {
  IndexOptions options;
  options.threads = 1;
  options.shards = shards;
  options.batch_documents = 10;
  index(db, options);
  options.passage_words = 30;
  index(db, options);
  options.passage_words = IndexOptions{}.passage_words;
  index(db, options);
}

// Everything Xapian stores for each document, keyed by its id term (the
// Xapian docid may change), and the statistics a search sees.
std::map<std::string, std::string> documents(const std::string& path) {
  std::map<std::string, std::string> out;
  Xapian::Database db(path);
  out["#stats"] = fmt::format("docs={} length={}", db.get_doccount(), db.get_total_length());
  for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
    out["#term " + *t] = fmt::format("{} {}", t.get_termfreq(), db.get_collection_freq(*t));
  }
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    std::string id;
    std::string all;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if ((*t).rfind('Q', 0) == 0) id = *t;
      all += fmt::format("{}:{}:", *t, t.get_wdf());
      for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
        all += fmt::format("{},", *p);
      }
      all += ';';
    }
    for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
      all += fmt::format("v{}={};", v.get_valueno(), *v);
    }
    out[id] = all + "data=" + doc.get_data();
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out["#meta " + *k] = db.get_metadata(*k);
  }
  return out;
}

// Every file under `dir` with its content.
std::map<std::string, std::string> files(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      out[fs::relative(entry.path(), dir).string()] = testing::read_file(entry.path().string());
    }
  }
  return out;
}

std::uintmax_t bytes_in(const std::string& dir) {
  std::uintmax_t total = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  return names;
}

TEST(Compact, KeepsEveryDocumentAndSearchResultAndShrinksAnUpdatedDatabase) {
  TempDir dir;
  const std::string db = dir.sub("db");
  const std::string reference = dir.sub("reference");
  index_with_updates(db);
  fs::copy(db, reference, fs::copy_options::recursive);
  const std::uintmax_t before = bytes_in(db);

  auto report = compact_database(db);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->path, db);
  EXPECT_EQ(report->bytes_before, before);
  EXPECT_EQ(report->bytes_after, bytes_in(db));
  EXPECT_LT(report->bytes_after, before * 9 / 10);
  ASSERT_EQ(report->shards.size(), 1U);
  EXPECT_EQ(report->shards[0].path, db);
  EXPECT_EQ(report->shards[0].bytes_before, report->bytes_before);
  EXPECT_EQ(report->shards[0].bytes_after, report->bytes_after);
  EXPECT_TRUE(report->skipped.empty());

  const auto expected = documents(reference);
  const auto actual = documents(db);
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const auto it = actual.find(key);
    ASSERT_NE(it, actual.end()) << key;
    EXPECT_EQ(it->second, value) << key;
  }
  testing::expect_same_searches(reference, db);
  // Nothing of the run stays beside the database.
  EXPECT_THAT(names_in(dir.path()), ::testing::UnorderedElementsAre("db", "reference"));

  // The compacted database takes updates like any other.
  IndexOptions options;
  options.threads = 1;
  options.passage_words = 30;
  index(db, options);
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, database_stats(reference)->documents);
}

TEST(Compact, RemovesWhatAKilledRunLeftAndLeavesSymbolicLinksAsLinks) {
  TempDir dir;
  const std::string real = dir.sub("real");
  index_with_updates(real);
  const std::string link = dir.sub("link");
  fs::create_directory_symlink(real, link);
  dir.write(".real.herdex-compact/junk", "left by a killed compaction");
  auto report = compact_database(link);
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_TRUE(fs::is_symlink(link));
  EXPECT_THAT(names_in(dir.path()), ::testing::UnorderedElementsAre("real", "link"));
  EXPECT_EQ(report->bytes_after, bytes_in(real));
  auto stats = database_stats(link);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_GT(stats->documents, 0U);
}

TEST(Compact, AnOpenSearcherKeepsAnsweringAndSeesTheCompactCopyAfterReopen) {
  TempDir dir;
  const std::string db = dir.sub("db");
  index_with_updates(db);
  const std::string query = "loneliness OR 孤独";
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  auto first = searcher->search(query);
  ASSERT_TRUE(first);
  ASSERT_GT(first->total, 0U);

  ASSERT_TRUE(compact_database(db));
  // The old files are gone from the directory but still open here.
  auto during = searcher->search(query);
  ASSERT_TRUE(during) << during.error().describe();
  testing::expect_same_results(*first, *during, {}, "before reopen");
  ASSERT_TRUE(searcher->reopen());
  auto after = searcher->search(query);
  ASSERT_TRUE(after) << after.error().describe();
  testing::expect_same_results(*first, *after, {}, "after reopen");
}

// Adds one document with `word` per commit until the database is at
// `revision`.
void commit_until(const std::string& db, Xapian::rev revision, const std::string& word) {
  IndexOptions options;
  options.threads = 1;
  auto writer = IndexWriter::open(db, options);
  ASSERT_TRUE(writer);
  for (int i = 0; Xapian::Database(db).get_revision() < revision; ++i) {
    Document d;
    d.id = fmt::format("{}-{}", word, i);
    d.text = fmt::format("A {} in a snowstorm.", word);
    ASSERT_TRUE(writer->add(d));
    ASSERT_TRUE(writer->commit());
  }
  ASSERT_EQ(Xapian::Database(db).get_revision(), revision);
}

// A compacted database starts again at revision 1. Commits that bring it
// back to the revision a reader has open must not leave that reader on the
// old tables (Xapian's reopen() compares revision numbers only).
TEST(Compact, AReaderSeesCommitsThatReachTheRevisionItHadOpen) {
  TempDir dir;
  const std::string db = dir.sub("db");
  index_with_updates(db);
  ASSERT_TRUE(compact_database(db));
  commit_until(db, 4, "walrus");
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  ASSERT_TRUE(compact_database(db));
  ASSERT_EQ(Xapian::Database(db).get_revision(), 1U);
  commit_until(db, 4, "narwhal");
  ASSERT_TRUE(searcher->reopen());
  for (const char* word : {"walrus", "narwhal"}) {
    auto found = searcher->search(word);
    ASSERT_TRUE(found) << found.error().describe();
    EXPECT_EQ(found->total, 3U) << word;
  }
}

TEST(Compact, AHeldWriterMakesItFailLockedAndLeavesTheFiles) {
  TempDir dir;
  const std::string db = dir.sub("db");
  index_with_updates(db);
  const auto before = files(db);
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer);
    auto report = compact_database(db);
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::locked) << report.error().describe();
    EXPECT_EQ(report.error().path, db);
    EXPECT_EQ(report.error().message,
              "database is locked by another herdex index (or another Xapian writer)");
  }
  EXPECT_EQ(files(db), before);
  EXPECT_THAT(names_in(dir.path()), ::testing::UnorderedElementsAre("db"));
  // Once the writer is gone it runs.
  EXPECT_TRUE(compact_database(db));
}

TEST(Compact, NoDatabaseIsNotFound) {
  TempDir dir;
  for (const std::string& path : {dir.sub("missing"), dir.path().string()}) {
    auto report = compact_database(path);
    ASSERT_FALSE(report) << path;
    EXPECT_EQ(report.error().code, ErrorCode::not_found) << path;
    EXPECT_EQ(report.error().path, path);
    EXPECT_FALSE(database_footprint(path)) << path;
  }
  EXPECT_THAT(names_in(dir.path()), ::testing::IsEmpty());
}

TEST(Compact, EachShardOfAShardedDatabase) {
  TempDir dir;
  const std::string db = dir.sub("db");
  const std::string reference = dir.sub("reference");
  index_with_updates(db, 3);
  fs::copy(db, reference, fs::copy_options::recursive);
  auto report = compact_database(db);
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_EQ(report->shards.size(), 3U);
  std::uintmax_t total = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    const std::string shard = (fs::path(db) / fmt::format("shard_{:03d}", i)).string();
    EXPECT_EQ(report->shards[i].path, shard);
    EXPECT_EQ(report->shards[i].bytes_after, bytes_in(shard));
    EXPECT_LT(report->shards[i].bytes_after, report->shards[i].bytes_before);
    total += report->shards[i].bytes_after;
  }
  EXPECT_EQ(report->bytes_after, total);
  EXPECT_THAT(names_in(db),
              ::testing::UnorderedElementsAre("XAPIANDB", "shard_000", "shard_001", "shard_002"));
  testing::expect_same_searches(reference, db);

  // A writer holding the set locks the first shard: nothing is compacted.
  const auto before = files(db);
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer);
    auto locked = compact_database(db);
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, ErrorCode::locked);
  }
  EXPECT_EQ(files(db), before);
}

TEST(Compact, RemoteShardsOfAStubAreSkipped) {
  TempDir dir;
  const std::string local = dir.sub("local");
  index_with_updates(local);
  // The remote shard is never contacted (nothing listens on port 1).
  const std::string stub = dir.write("set.stub", "auto local\nremote 127.0.0.1:1\n");
  auto report = compact_database(stub);
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_EQ(report->shards.size(), 1U);
  EXPECT_EQ(fs::path(report->shards[0].path), fs::path(local));
  EXPECT_THAT(report->skipped, ::testing::ElementsAre("127.0.0.1:1"));
  EXPECT_LT(report->bytes_after, report->bytes_before);
}

TEST(Compact, FootprintAndTheHintRule) {
  TempDir dir;
  const std::string db = dir.sub("db");
  index_with_updates(db);
  auto bloated = database_footprint(db);
  ASSERT_TRUE(bloated) << bloated.error().describe();
  EXPECT_EQ(bloated->bytes, bytes_in(db));
  EXPECT_EQ(bloated->documents, database_stats(db)->documents);
  EXPECT_EQ(bloated->words, Xapian::Database(db).get_total_length());
  ASSERT_TRUE(compact_database(db));
  auto compact = database_footprint(db);
  ASSERT_TRUE(compact);
  EXPECT_EQ(compact->words, bloated->words);
  EXPECT_LT(compact->bytes, bloated->bytes);

  constexpr std::uint64_t kMiB = 1 << 20;
  struct Case {
    DatabaseFootprint before;
    DatabaseFootprint after;
    bool suggested;
  };
  const std::vector<Case> cases = {
      // 10 documents added to a compact 32 MB database took 16 MB more.
      {{32 * kMiB, 5000, 2'400'000}, {49 * kMiB, 5010, 2'402'500}, true},
      // Grown with its content: twice the words, twice the bytes.
      {{32 * kMiB, 5000, 2'400'000}, {64 * kMiB, 10000, 4'800'000}, false},
      // Just under 1.3 times the bytes per word.
      {{100 * kMiB, 5000, 1'000'000}, {129 * kMiB, 5000, 1'000'000}, false},
      {{100 * kMiB, 5000, 1'000'000}, {130 * kMiB, 5000, 1'000'000}, true},
      // Most documents deleted, the files as large as before.
      {{10 * kMiB, 1000, 500'000}, {10 * kMiB, 100, 50'000}, true},
      {{10 * kMiB, 1000, 500'000}, {10 * kMiB, 0, 0}, true},
      // Large ratios, but less than 1 MiB to gain.
      {{kMiB / 2, 40, 20'000}, {kMiB, 40, 20'000}, false},
      // Nothing to compare with: a new or empty database.
      {{0, 0, 0}, {64 * kMiB, 10000, 4'800'000}, false},
      {{4096, 0, 0}, {64 * kMiB, 10000, 4'800'000}, false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(compaction_suggested(c.before, c.after), c.suggested)
        << c.before.bytes << " bytes, " << c.before.words << " words -> " << c.after.bytes
        << " bytes, " << c.after.words << " words";
  }
}

}  // namespace
}  // namespace herdex
