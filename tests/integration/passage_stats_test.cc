// The passage statistics search needs (store/passage_stats.h) are written
// at index time and read at search time: the running totals of passages
// and their positions match what the records hold after adds, replacements,
// deletions and bulk loads, and search normalizes passage length by their
// average, or by the default for a database without them.
#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "herdex/herdex.h"
#include "search/passage_ranker.h"
#include "store/database.h"
#include "store/passage_stats.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/shards.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using herdex::testing::TempDir;

// `count` distinct filler words, then `tail`.
std::string words(std::size_t count, const std::string& tail = "") {
  std::string text;
  for (std::size_t i = 0; i < count; ++i) text += fmt::format("filler{} ", i);
  return text + tail;
}

Document doc(const std::string& id, std::string text) {
  Document d;
  d.id = id;
  d.text = std::move(text);
  return d;
}

// The totals recomputed from every record in the database (all shards).
detail::PassageTotals recomputed(const std::string& path) {
  detail::PassageTotals sum;
  Xapian::Database db(path);
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    sum += detail::passage_totals_of_data(db.get_document(*d).get_data());
  }
  return sum;
}

detail::PassageTotals stored(const std::string& path) {
  auto totals = detail::read_passage_totals(Xapian::Database(path));
  EXPECT_TRUE(totals.has_value());
  return totals.value_or(detail::PassageTotals{});
}

TEST(PassageStats, WrittenAtIndexTimeAndKeptThroughUpdatesAndDeletions) {
  TempDir dir;
  const std::string path = dir.path().string() + "/db";
  IndexOptions options;
  options.passage_words = 5;
  options.passage_overlap_words = 1;
  {
    auto writer = IndexWriter::open(path, options);
    ASSERT_TRUE(writer) << writer.error().describe();
    ASSERT_TRUE(writer->add(doc("short", words(3))));
    ASSERT_TRUE(writer->add(doc("long", words(40))));
    ASSERT_TRUE(writer->add(doc("gone", words(12))));
    ASSERT_TRUE(writer->commit());
  }
  const detail::PassageTotals first = stored(path);
  EXPECT_EQ(first, recomputed(path));
  EXPECT_GT(first.passages, 3U);  // passages of about 5 words, not 60
  EXPECT_LT(static_cast<double>(first.positions) / static_cast<double>(first.passages), 10.0);
  EXPECT_EQ(Xapian::Database(path).get_metadata(detail::kPassageSettingsKey),
            detail::encode_passage_settings(5, 1, false));
  {
    auto writer = IndexWriter::open(path, options);
    ASSERT_TRUE(writer) << writer.error().describe();
    ASSERT_TRUE(writer->add(doc("short", words(30))));  // replaced: longer
    auto removed = writer->remove("gone");
    ASSERT_TRUE(removed && *removed);
    ASSERT_TRUE(writer->commit());
  }
  const detail::PassageTotals second = stored(path);
  EXPECT_EQ(second, recomputed(path));
  EXPECT_NE(second, first);
}

TEST(PassageStats, BulkLoadSumsItsPartialDatabases) {
  TempDir dir;
  IndexOptions sequential;
  sequential.threads = 1;
  IndexOptions bulk = sequential;
  bulk.threads = 3;
  bulk.bulk_min_bytes = 0;  // the sample corpus is small
  for (const auto* options : {&sequential, &bulk}) {
    const std::string path = dir.path().string() + (options == &bulk ? "/bulk" : "/one");
    auto writer = IndexWriter::open(path, *options);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({herdex::testing::corpus_dir()}, IngestOptions{});
    ASSERT_TRUE(report) << report.error().describe();
    EXPECT_EQ(report->stages.bulk, options == &bulk);
  }
  const detail::PassageTotals one = stored(dir.path().string() + "/one");
  EXPECT_GT(one.passages, 0U);
  EXPECT_EQ(stored(dir.path().string() + "/bulk"), one);
  EXPECT_EQ(one, recomputed(dir.path().string() + "/one"));
}

// The score search gives the one passage of "target" (3 filler words and
// "zebra"), scored with an average passage length of `average`.
double expected_score(const std::string& path, double average) {
  Xapian::Database db(path);
  const std::string id_term = detail::id_term("target");
  const auto record =
      detail::decode_record(db.get_document(*db.postlist_begin(id_term)).get_data());
  EXPECT_TRUE(record && record->passages.size() == 1);
  const detail::StoredPassage& p = record->passages.at(0);
  const SearchOptions defaults;
  const detail::PassageRanker ranker({detail::bm25_idf(1, static_cast<double>(db.get_doccount()))},
                                     {defaults.bm25_k1, defaults.bm25_b, average});
  return ranker.passage_score({1}, static_cast<double>(p.position_end - p.position_begin));
}

double searched_score(const std::string& path) {
  auto searcher = Searcher::open(path);
  EXPECT_TRUE(searcher) << searcher.error().describe();
  if (!searcher) return -1;
  auto results = searcher->search("zebra");
  EXPECT_TRUE(results && results->hits.size() == 1);
  if (!results || results->hits.empty() || results->hits[0].passages.empty()) return -1;
  return results->hits[0].passages[0].score;
}

class PassageStatsSearch : public ::testing::TestWithParam<std::size_t> {};

TEST_P(PassageStatsSearch, ReadsTheStoredAverageAndFallsBackWithout) {
  TempDir dir;
  const std::string path = dir.path().string() + "/db";
  IndexOptions options;
  options.shards = GetParam();
  options.passage_words = 1000;  // one passage per document
  {
    auto writer = IndexWriter::open(path, options);
    ASSERT_TRUE(writer) << writer.error().describe();
    ASSERT_TRUE(writer->add(doc("target", words(3, "zebra"))));
    for (int i = 0; i < 6; ++i) ASSERT_TRUE(writer->add(doc(fmt::format("long{}", i), words(300))));
    ASSERT_TRUE(writer->commit());
  }
  const detail::PassageTotals totals = recomputed(path);
  const double average =
      static_cast<double>(totals.positions) / static_cast<double>(totals.passages);
  ASSERT_GT(average, 200.0);  // far from the default
  const double measured = expected_score(path, average);
  const double fallback = expected_score(path, detail::kDefaultAveragePassageLength);
  ASSERT_NE(measured, fallback);
  EXPECT_DOUBLE_EQ(searched_score(path), measured);

  // A database written before herdex kept the totals: every shard loses
  // them (one shard without them is enough for the fallback).
  {
    std::vector<std::string> shard_paths;
    if (GetParam() > 1) {
      for (std::size_t i = 0; i < GetParam(); ++i)
        shard_paths.push_back(path + "/" + detail::shard_directory_name(i));
    } else {
      shard_paths.push_back(path);
    }
    Xapian::WritableDatabase first(shard_paths.back());
    first.set_metadata(detail::kPassageTotalsKey, "");
    first.commit();
  }
  EXPECT_DOUBLE_EQ(searched_score(path), fallback);
}

INSTANTIATE_TEST_SUITE_P(Shards, PassageStatsSearch, ::testing::Values(1, 2));

}  // namespace
}  // namespace herdex
