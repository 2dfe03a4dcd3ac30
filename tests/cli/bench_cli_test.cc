// `herdex bench` as a user runs it: the --json contract, the printed
// command line, the plot, and errors with their exit codes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using testing::CliRun;
using testing::herdex;
using testing::shell;

class BenchCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_ = dir_->sub("db");
    const CliRun index =
        herdex(*dir_, "bench index --db '" + db_ + "' '" + testing::corpus_dir() + "' --json");
    // A failed suite set-up would only skip the tests; each test checks it.
    if (index.exit_code != 0) {
      setup_error_ = "bench index failed: " + index.err;
      return;
    }
    index_json_ = new nlohmann::json(nlohmann::json::parse(index.out));
    queries_ = dir_->write("queries.tsv",
                           "# classes as in benchmarks/queries\n"
                           "term\tloneliness\n"
                           "term\tzeitgeist\n"
                           "phrase\t\"operating system\"\n"
                           "prefix\tlonel*\n"
                           "cjk\t孤独\n");
  }
  static void TearDownTestSuite() {
    delete index_json_;
    delete dir_;
  }
  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }
  static std::string bench_args() {
    return "bench --db '" + db_ + "' --queries '" + queries_ + "'";
  }

  static testing::TempDir* dir_;
  static std::string db_;
  static std::string queries_;
  static nlohmann::json* index_json_;
  static std::string setup_error_;
};

testing::TempDir* BenchCli::dir_ = nullptr;
std::string BenchCli::db_;
std::string BenchCli::queries_;
nlohmann::json* BenchCli::index_json_ = nullptr;
std::string BenchCli::setup_error_;

TEST_F(BenchCli, JsonHasOverallAndEveryClass) {
  const CliRun run = herdex(*dir_, bench_args() + " --repeat 2 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  auto check = [](const nlohmann::json& s, int count) {
    for (const char* key : {"count", "p50_us", "p90_us", "p95_us", "p99_us", "max_us", "qps"}) {
      ASSERT_TRUE(s.contains(key)) << key << " in " << s.dump();
      EXPECT_TRUE(s.at(key).is_number()) << key;
    }
    EXPECT_EQ(s.at("count").get<int>(), count);
    EXPECT_GT(s.at("p50_us").get<double>(), 0.0);
    EXPECT_LE(s.at("p50_us").get<double>(), s.at("p90_us").get<double>());
    EXPECT_LE(s.at("p90_us").get<double>(), s.at("p99_us").get<double>());
    EXPECT_LE(s.at("p99_us").get<double>(), s.at("max_us").get<double>());
    EXPECT_GT(s.at("qps").get<double>(), 0.0);
    for (const char* phase : {"parse_us", "match_us", "passages_us", "snippets_us"}) {
      EXPECT_TRUE(s.at("phases").at(phase).is_number()) << phase;
    }
  };
  check(doc.at("overall"), 10);
  const auto& classes = doc.at("classes");
  std::set<std::string> names;
  for (const auto& [name, value] : classes.items()) names.insert(name);
  EXPECT_EQ(names, (std::set<std::string>{"term", "phrase", "prefix", "cjk"}));
  check(classes.at("term"), 4);
  check(classes.at("phrase"), 2);
  check(classes.at("prefix"), 2);
  check(classes.at("cjk"), 2);
  EXPECT_EQ(doc.at("documents"), index_json_->at("documents"));
  EXPECT_EQ(doc.at("command").get<std::string>().rfind("herdex bench --db ", 0), 0U);
}

TEST_F(BenchCli, PrintsACommandLineThatRepeatsTheRun) {
  const CliRun run = herdex(*dir_, bench_args() + " --repeat 1 --warmup 0 --threads 2");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string first = run.out.substr(0, run.out.find('\n'));
  ASSERT_EQ(first.rfind("herdex bench ", 0), 0U) << run.out;
  EXPECT_NE(first.find("--threads 2"), std::string::npos) << first;
  EXPECT_NE(first.find("--warmup 0"), std::string::npos) << first;
  EXPECT_NE(first.find("--limit 10"), std::string::npos) << first;  // defaults are spelled out
  // The table: a row per class and the overall one.
  for (const char* row : {"\nterm ", "\nphrase ", "\nprefix ", "\ncjk ", "\noverall "}) {
    EXPECT_NE(run.out.find(row), std::string::npos) << row << " in\n" << run.out;
  }
  // Running the printed line again, as a user pastes it, does the same.
  const CliRun again =
      shell(*dir_, "'" + testing::herdex_bin() + "'" + first.substr(6) + " --json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto doc = nlohmann::json::parse(again.out);
  EXPECT_EQ(doc.at("threads"), 2);
  EXPECT_EQ(doc.at("warmup"), 0);
  EXPECT_EQ(doc.at("overall").at("count"), 5);
  EXPECT_EQ(doc.at("command").get<std::string>(), first);
}

TEST_F(BenchCli, PlotIsAnSvgWithALinePerClass) {
  const std::string plot = dir_->sub("latency.svg");
  const CliRun run = herdex(*dir_, bench_args() + " --repeat 1 --json --plot '" + plot + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string svg = testing::read_file(plot);
  ASSERT_EQ(svg.rfind("<?xml", 0), 0U) << svg.substr(0, 100);
  EXPECT_NE(svg.find("<svg"), std::string::npos);
  std::size_t lines = 0;
  for (std::size_t at = svg.find("<path "); at != std::string::npos;
       at = svg.find("<path ", at + 1))
    ++lines;
  EXPECT_EQ(lines, 5U);  // four classes and overall
  for (const char* name : {">term<", ">phrase<", ">prefix<", ">cjk<", ">overall<"}) {
    EXPECT_NE(svg.find(name), std::string::npos) << name;
  }
}

TEST_F(BenchCli, MalformedQueryFileNamesFileAndLine) {
  const std::string bad = dir_->write("bad.tsv", "term\tok\n\n\tmissing class\n");
  const CliRun run = herdex(*dir_, "bench --db '" + db_ + "' --queries '" + bad + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find(bad + ":3: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("herdex: error:"), std::string::npos) << run.err;
}

TEST_F(BenchCli, QueryThatDoesNotParseNamesFileAndLine) {
  const std::string bad = dir_->write("syntax.tsv", "loneliness\nrating:x..y\n");
  const CliRun run = herdex(*dir_, "bench --db '" + db_ + "' --queries '" + bad + "' --json");
  EXPECT_EQ(run.exit_code, 2);
  // With --json the error is one JSON object (README, "Errors").
  const auto error = nlohmann::json::parse(run.err).at("error");
  EXPECT_EQ(error.at("path"), bad) << run.err;
  EXPECT_EQ(error.at("line"), 2) << run.err;
  EXPECT_EQ(error.at("code"), "query_syntax") << run.err;
  EXPECT_TRUE(run.out.empty()) << run.out;
}

TEST_F(BenchCli, MissingFilesAndFlagsAreErrors) {
  const CliRun no_file =
      herdex(*dir_, "bench --db '" + db_ + "' --queries '" + dir_->sub("nope.tsv") + "'");
  EXPECT_EQ(no_file.exit_code, 3);
  EXPECT_NE(no_file.err.find("nope.tsv"), std::string::npos) << no_file.err;
  const CliRun no_db =
      herdex(*dir_, "bench --db '" + dir_->sub("nodb") + "' --queries '" + queries_ + "'");
  EXPECT_EQ(no_db.exit_code, 3);
  const CliRun no_queries = herdex(*dir_, "bench --db '" + db_ + "'");
  EXPECT_EQ(no_queries.exit_code, 2);
  EXPECT_NE(no_queries.err.find("--queries"), std::string::npos) << no_queries.err;
  EXPECT_EQ(herdex(*dir_, bench_args() + " --repeat 0").exit_code, 2);
  EXPECT_EQ(herdex(*dir_, bench_args() + " --threads 0").exit_code, 2);
}

TEST_F(BenchCli, IndexJsonReportsThroughputSizeAndMemory) {
  const auto& doc = *index_json_;
  for (const char* key : {"documents", "bytes", "seconds", "docs_per_s", "mb_per_s", "passages",
                          "db_bytes", "peak_rss_bytes"}) {
    ASSERT_TRUE(doc.contains(key)) << key;
    EXPECT_GT(doc.at(key).get<double>(), 0.0) << key;
  }
  const CliRun stats = herdex(*dir_, "stats --db '" + db_ + "' --json");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto s = nlohmann::json::parse(stats.out);
  EXPECT_EQ(doc.at("documents"), s.at("documents"));
  EXPECT_EQ(doc.at("passages"), s.at("passages"));
}

TEST_F(BenchCli, IndexRefusesAnExistingDatabase) {
  const CliRun run =
      herdex(*dir_, "bench index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find(db_), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("exists"), std::string::npos) << run.err;
  const CliRun no_db = herdex(*dir_, "bench index '" + testing::corpus_dir() + "'");
  EXPECT_EQ(no_db.exit_code, 2);
}

}  // namespace
}  // namespace herdex
