// Bulk loads (issue 15): a new database built by several threads, each into
// a partial database merged by Xapian's compactor, is the database one
// thread builds: the same documents, terms with their frequencies and
// positions, values, records, statistics and search results, the same
// report, and it takes incremental runs, --prune and deletions like any
// other. Nothing of the load stays beside the database.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <xapian.h>
#include <zlib.h>

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

IndexOptions with_threads(std::size_t threads) {
  IndexOptions options;
  options.threads = threads;
  options.bulk_min_bytes = 0;  // the sample corpus is small
  return options;
}

IndexReport index(const std::string& db, const std::vector<std::string>& paths,
                  const IndexOptions& options, const IngestOptions& ingest = {}) {
  auto writer = IndexWriter::open(db, options);
  EXPECT_TRUE(writer) << writer.error().describe();
  if (!writer) return {};
  auto report = writer->add_paths(paths, ingest);
  EXPECT_TRUE(report) << report.error().describe();
  return report ? *report : IndexReport{};
}

// Everything Xapian stores for each document, keyed by its id term, and
// the database's statistics: what a search can see.
std::map<std::string, std::string> contents(const std::string& path) {
  std::map<std::string, std::string> out;
  Xapian::Database db(path);
  out["#stats"] = fmt::format("docs={} length={} terms={}", db.get_doccount(),
                              db.get_total_length(), db.get_lastdocid() > 0);
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
    all += "data=" + doc.get_data();
    out[id] = all;
  }
  for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
    out["#meta " + *k] = db.get_metadata(*k);
  }
  return out;
}

std::string describe(const IndexReport& r) {
  std::string out = fmt::format(
      "{} added, {} updated, {} unchanged, {} deleted, {} skipped, "
      "{} errors, {} duplicates, {} repaired, {} bytes, {} boilerplate:",
      r.added, r.updated, r.unchanged, r.deleted, r.skipped, r.errors, r.duplicates,
      r.repaired_bytes, r.bytes, r.boilerplate_bytes);
  for (const auto& [id, bytes] : r.boilerplate) out += fmt::format(" {}={}", id, bytes);
  for (const Error& e : r.problems) out += "\n" + e.describe();
  return out;
}

// The inputs: the mixed-language sample corpus, labelled scraped pages
// (boilerplate), JSON Lines with a duplicate id, and a file with invalid
// UTF-8.
std::vector<std::string> inputs(const TempDir& dir) {
  dir.write("extra/records.jsonl",
            "{\"_id\":\"r1\",\"title\":\"One\",\"text\":\"The piano scene, first version.\"}\n"
            "{\"_id\":\"r2\",\"title\":\"Two\",\"text\":\"Loneliness in \xff\xfe Los Angeles.\"}\n"
            "{\"_id\":\"r1\",\"title\":\"One\",\"text\":\"The piano scene, second version.\"}\n"
            "not json\n");
  dir.write("extra/latin1.txt",
            "A review saved as Latin-1\n\nThe caf\xe9 scene, the piano, the long walk on the "
            "beach: a film about loneliness that never gets lonely itself.\n");
  return {testing::corpus_dir(), testing::source_dir() + "/tests/data/scraped", dir.sub("extra")};
}

TEST(BulkLoad, ManyThreadsBuildWhatOneThreadBuilds) {
  TempDir dir;
  const std::vector<std::string> paths = inputs(dir);
  const std::string one = dir.sub("one");
  const std::string four = dir.sub("four");
  const IndexReport sequential = index(one, paths, with_threads(1));
  const IndexReport bulk = index(four, paths, with_threads(4));
  EXPECT_GT(sequential.added, 60U);
  EXPECT_EQ(sequential.duplicates, 1U);
  EXPECT_GT(sequential.repaired_bytes, 0U);
  EXPECT_GT(sequential.boilerplate_bytes, 0U);
  EXPECT_EQ(describe(bulk), describe(sequential));

  const auto expected = contents(one);
  const auto actual = contents(four);
  EXPECT_EQ(actual.size(), expected.size());
  for (const auto& [key, value] : expected) {
    const auto it = actual.find(key);
    ASSERT_NE(it, actual.end()) << key;
    EXPECT_EQ(it->second, value) << key;
  }
  // The corpus is in both: every search gives the same hits, scores,
  // snippets and byte ranges.
  testing::expect_same_searches(one, four);
  // A merged database is compact: smaller than the one built in place.
  std::uintmax_t one_bytes = 0;
  std::uintmax_t four_bytes = 0;
  for (const auto& f : fs::directory_iterator(one)) one_bytes += f.file_size();
  for (const auto& f : fs::directory_iterator(four)) four_bytes += f.file_size();
  EXPECT_LT(four_bytes, one_bytes);
}

TEST(BulkLoad, LeavesNothingBesideTheDatabaseAndRemovesWhatAKilledLoadLeft) {
  TempDir dir;
  const std::vector<std::string> paths = inputs(dir);
  const std::string db = dir.sub("db");
  // What a bulk load killed half way leaves: its staging directory.
  const std::string staging = dir.sub(".db.herdex-bulk");
  dir.write(".db.herdex-bulk/part_000/junk", "left by a killed load");
  index(db, paths, with_threads(3));
  EXPECT_FALSE(fs::exists(staging));
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_THAT(names, ::testing::UnorderedElementsAre("db", "extra"));
}

TEST(BulkLoad, ABulkBuiltDatabaseTakesUpdatesPruneAndDeletes) {
  TempDir dir;
  const std::vector<std::string> paths = inputs(dir);
  const std::string db = dir.sub("db");
  const IndexReport first = index(db, paths, with_threads(2));
  ASSERT_GT(first.added, 0U);

  // Unchanged on a second run, with either path.
  EXPECT_EQ(index(db, paths, with_threads(2)).unchanged, first.added);
  EXPECT_EQ(index(db, paths, with_threads(1)).unchanged, first.added);

  // A changed record is updated, a removed one pruned.
  dir.write("extra/records.jsonl",
            "{\"_id\":\"r1\",\"title\":\"One\",\"text\":\"The piano scene, third version.\"}\n");
  IndexOptions prune = with_threads(2);
  prune.prune = true;
  const IndexReport changed = index(db, paths, prune);
  EXPECT_EQ(changed.updated, 1U) << describe(changed);
  EXPECT_EQ(changed.deleted, 1U) << describe(changed);

  auto writer = IndexWriter::open(db, with_threads(2));
  ASSERT_TRUE(writer);
  auto removed = writer->remove("r1");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  ASSERT_TRUE(writer->commit());
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, first.added - 2);
}

// A bulk load that stops early (--strict meets the malformed record of
// records.jsonl, after the corpus went to the workers) writes nothing into
// the database and leaves no partial databases beside it.
TEST(BulkLoad, ALoadThatStopsEarlyLeavesTheDatabaseEmptyAndNoStaging) {
  TempDir dir;
  const std::vector<std::string> paths = inputs(dir);
  const std::string db = dir.sub("db");
  IngestOptions strict;
  strict.strict = true;
  {
    auto writer = IndexWriter::open(db, with_threads(2));
    ASSERT_TRUE(writer);
    auto report = writer->add_paths(paths, strict);
    ASSERT_FALSE(report);
    EXPECT_THAT(report.error().describe(), ::testing::HasSubstr("records.jsonl"));
  }
  EXPECT_FALSE(fs::exists(dir.sub(".db.herdex-bulk")));
  auto stats = database_stats(db);
  if (stats) {
    EXPECT_EQ(stats->documents, 0U);
  }
}

// A database that exists but holds no documents is loaded in bulk too,
// and keeps the analyzer settings it was created with.
TEST(BulkLoad, AnEmptyDatabaseKeepsItsAnalyzer) {
  TempDir dir;
  const std::string db = dir.sub("db");
  IndexOptions created = with_threads(1);
  created.analyzer.stemmer = "none";
  {
    auto writer = IndexWriter::open(db, created);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->commit());
  }
  index(db, {testing::corpus_dir()}, with_threads(2));
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_GT(stats->documents, 0U);
  EXPECT_THAT(stats->analyzer, ::testing::HasSubstr("stemmer=none"));
}

// The threshold is compared with the text a run reads: a .jsonl.gz file
// that is small as stored but holds more text than the threshold is loaded
// in bulk (and compacted), and one whose text is under it is not.
TEST(BulkLoad, ACompressedInputCountsAsTheTextItHolds) {
  TempDir dir;
  std::string lines;
  for (int i = 0; lines.size() < 300 * 1024; ++i) {
    lines += fmt::format(
        R"({{"_id":"r{}","text":"Review {}: the film is quiet and warm, a story of a man and a voice."}})"
        "\n",
        i, i);
  }
  const std::string gz = dir.sub("reviews.jsonl.gz");
  gzFile out = gzopen(gz.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  ASSERT_EQ(gzwrite(out, lines.data(), static_cast<unsigned>(lines.size())),
            static_cast<int>(lines.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  ASSERT_LT(fs::file_size(gz), 100U * 1024);  // small as stored

  IndexOptions options = with_threads(2);
  options.bulk_min_bytes = 200 * 1024;
  EXPECT_TRUE(index(dir.sub("db"), {gz}, options).stages.bulk);
  options.bulk_min_bytes = 400 * 1024;
  EXPECT_FALSE(index(dir.sub("db2"), {gz}, options).stages.bulk);
}

}  // namespace
}  // namespace herdex
