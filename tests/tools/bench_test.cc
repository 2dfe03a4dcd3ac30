// `herdex bench` through the library: the sample corpus indexed and queried
// by the benchmark runners. Timings are never checked, only what was run.
#include <gtest/gtest.h>

#include <string>

#include "herdex/herdex.h"
#include "herdex/tools/bench.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

class Bench : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = dir_->sub("db");
    auto report = run_index_bench(db_, {testing::corpus_dir()});
    // A failed suite set-up would only skip the tests; each test checks it.
    if (!report) {
      setup_error_ = report.error().describe();
      return;
    }
    index_ = new IndexBenchReport(std::move(*report));
  }
  static void TearDownTestSuite() {
    delete index_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static BenchQuerySet queries(const std::string& text) {
    auto set = parse_bench_queries(text, "bench-queries.tsv");
    EXPECT_TRUE(set) << set.error().describe();
    return set ? *set : BenchQuerySet{};
  }

  static testing::TempDir* dir_;
  static std::string db_;
  static IndexBenchReport* index_;
  static std::string setup_error_;
};

testing::TempDir* Bench::dir_ = nullptr;
std::string Bench::db_;
IndexBenchReport* Bench::index_ = nullptr;
std::string Bench::setup_error_;

TEST_F(Bench, IndexRunCountsWhatItBuilt) {
  auto stats = database_stats(db_);
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_GE(index_->documents, 30U);
  EXPECT_EQ(index_->documents, stats->documents);
  EXPECT_EQ(index_->passages, stats->passages);
  EXPECT_GT(index_->passages, index_->documents);
  EXPECT_EQ(index_->db_bytes, stats->size_bytes);
  EXPECT_GT(index_->bytes, 10000U);
  EXPECT_GT(index_->seconds, 0.0);
  EXPECT_GT(index_->docs_per_s, 0.0);
  EXPECT_GT(index_->mb_per_s, 0.0);
  EXPECT_GT(index_->peak_rss_bytes, 1U << 20);
  EXPECT_EQ(index_->report.errors, 0U);
}

TEST_F(Bench, IndexRunWantsANewDatabase) {
  auto again = run_index_bench(db_, {testing::corpus_dir()});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);
  EXPECT_EQ(again.error().path, db_);
  // An empty directory is as good as none.
  testing::TempDir empty;
  auto fresh = run_index_bench(empty.path().string(), {testing::corpus_dir() + "/ko"});
  ASSERT_TRUE(fresh) << fresh.error().describe();
  EXPECT_EQ(fresh->documents, 4U);
  EXPECT_FALSE(run_index_bench(empty.sub("other"), {}));
}

TEST_F(Bench, QueryRunTimesEverySearchPerClass) {
  const BenchQuerySet set = queries(
      "term\tloneliness\n"
      "term\tzeitgeist\n"
      "phrase\t\"operating system\"\n"
      "cjk\t孤独\n"
      "lonely city\n");
  QueryBenchOptions options;
  options.repeat = 3;
  options.threads = 2;
  std::size_t last_done = 0;
  std::size_t last_total = 0;
  options.progress = [&](std::size_t done, std::size_t total) {
    EXPECT_GE(done, last_done);
    last_done = done;
    last_total = total;
  };
  auto report = run_query_bench(db_, set, options);
  ASSERT_TRUE(report) << report.error().describe();
  // Warm-up: every query once per thread; then every query 3 times.
  EXPECT_EQ(last_total, 5U * 2U + 5U * 3U);
  EXPECT_EQ(last_done, last_total);
  EXPECT_EQ(report->documents, index_->documents);
  EXPECT_EQ(report->queries, 5U);
  EXPECT_EQ(report->threads, 2U);
  EXPECT_EQ(report->overall.latency.count, 15U);
  EXPECT_EQ(report->overall.samples_us.size(), 15U);
  ASSERT_EQ(report->classes.size(), 4U);
  const char* names[] = {"term", "phrase", "cjk", "default"};
  const std::size_t counts[] = {6, 3, 3, 3};
  for (std::size_t c = 0; c < 4; ++c) {
    const BenchClassReport& r = report->classes[c];
    EXPECT_EQ(r.name, names[c]);
    EXPECT_EQ(r.latency.count, counts[c]) << r.name;
    EXPECT_EQ(r.queries, counts[c] / 3) << r.name;
    EXPECT_GT(r.latency.p50_us, 0.0) << r.name;
    EXPECT_LE(r.latency.p50_us, r.latency.p90_us) << r.name;
    EXPECT_LE(r.latency.p90_us, r.latency.p99_us) << r.name;
    EXPECT_LE(r.latency.p99_us, r.latency.max_us) << r.name;
    EXPECT_GT(r.latency.qps, 0.0) << r.name;
    // Every search of a matching query went through matching and snippets,
    // and the phases never add up to more than the whole.
    EXPECT_GT(r.phases.match_us, 0.0) << r.name;
    EXPECT_LE(r.phases.parse_us + r.phases.match_us + r.phases.passages_us + r.phases.snippets_us,
              r.latency.mean_us * 1.0001)
        << r.name;
  }
  EXPECT_GT(report->seconds, 0.0);
  EXPECT_GT(report->overall.latency.qps, 0.0);
}

TEST_F(Bench, AQueryThatDoesNotParseStopsTheRunWithItsLine) {
  const BenchQuerySet set = queries("term\tloneliness\n# comment\nrange\trating:x..y\n");
  QueryBenchOptions options;
  options.warmup = 0;
  auto report = run_query_bench(db_, set, options);
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, ErrorCode::query_syntax);
  EXPECT_EQ(report.error().path, "bench-queries.tsv");
  EXPECT_EQ(report.error().line, 3U);
  EXPECT_NE(report.error().describe().find("rating:x..y"), std::string::npos)
      << report.error().describe();
  EXPECT_NE(report.error().describe().find("column"), std::string::npos)
      << report.error().describe();
}

TEST_F(Bench, BadSettingsAndMissingDatabasesAreErrors) {
  const BenchQuerySet set = queries("loneliness\n");
  QueryBenchOptions options;
  options.repeat = 0;
  auto no_repeat = run_query_bench(db_, set, options);
  ASSERT_FALSE(no_repeat);
  EXPECT_EQ(no_repeat.error().code, ErrorCode::invalid_argument);
  options.repeat = 1;
  options.threads = 0;
  auto no_threads = run_query_bench(db_, set, options);
  ASSERT_FALSE(no_threads);
  EXPECT_EQ(no_threads.error().code, ErrorCode::invalid_argument);
  auto missing = run_query_bench(dir_->sub("missing"), set);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  auto empty = run_query_bench(db_, BenchQuerySet{});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace herdex
