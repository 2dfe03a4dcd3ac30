// The programs in examples/ run as their README says: each is started as a
// user would, and its exit status and output are checked.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <sstream>
#include <string>

#include "herdex/index.h"
#include "herdex/ingest.h"
#include "herdex/search.h"

#include "support/paths.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

std::string example(const std::string& name) {
  return std::string(HERDEX_EXAMPLE_DIR) + "/" + name;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(Examples, CSearchIndexesSearchesAndHighlights) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  auto run = testing::run_process({example("c_search"), db}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "added en/voice")) << run.out;
  EXPECT_TRUE(contains(run.out, "[operating] [system]")) << run.out;
  // A Simplified query highlights the Traditional and the Japanese spelling.
  EXPECT_TRUE(contains(run.out, "[孤獨]")) << run.out;
  EXPECT_TRUE(contains(run.out, "[孤独]")) << run.out;
  EXPECT_TRUE(std::regex_search(run.out, std::regex("1\\. zh-hant/lonely .*rating 9\\.0")))
      << run.out;

  // Indexing the same reviews again changes nothing.
  run = testing::run_process({example("c_search"), db, "samantha"}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "unchanged en/voice")) << run.out;
  EXPECT_TRUE(contains(run.out, "1 of about 1 results for \"samantha\"")) << run.out;
}

TEST(Examples, CSearchReportsAMalformedQueryWithItsColumn) {
  testing::TempDir dir;
  auto run = testing::run_process({example("c_search"), dir.sub("db"), "rating:x..y"},
                                  dir.path().string());
  EXPECT_EQ(run.exit_code, 2) << run.out << run.err;
  EXPECT_TRUE(contains(run.err, "column 8: ")) << run.err;
  EXPECT_TRUE(contains(run.err, "[query_syntax]")) << run.err;
  EXPECT_TRUE(contains(run.err, "         ^")) << run.err;
}

TEST(Examples, IndexFolderThenSearchPassages) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  auto run = testing::run_process({example("index_folder"), db, testing::corpus_dir()},
                                  dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  std::smatch added;
  ASSERT_TRUE(std::regex_search(run.out, added, std::regex("(\\d+) added, 0 updated, 0 unchanged")))
      << run.out;
  const std::string documents = added[1].str();
  EXPECT_NE(documents, "0");
  EXPECT_TRUE(contains(run.out, "zh-Hant: ")) << run.out;

  run = testing::run_process({example("index_folder"), db, testing::corpus_dir()},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "0 added, 0 updated, " + documents + " unchanged")) << run.out;

  run = testing::run_process({example("search_passages"), db, "loneliness", "2"},
                             dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "[loneliness]")) << run.out;
  EXPECT_TRUE(
      std::regex_search(run.out, std::regex("passage \\d+, bytes \\d+-\\d+ of .*corpus/en/")))
      << run.out;

  run = testing::run_process({example("search_passages"), db, "孤独"}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(contains(run.out, "[孤獨]") || contains(run.out, "[孤独]")) << run.out;

  run = testing::run_process({example("search_passages"), db, "xyzzyplugh"}, dir.path().string());
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;

  run = testing::run_process({example("search_passages"), dir.sub("missing"), "x"},
                             dir.path().string());
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
}

TEST(Examples, CustomAnalyzerSettingsAreStoredAndApplied) {
  testing::TempDir dir;
  auto run = testing::run_process({example("custom_analyzer"), dir.sub("db")}, dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "hits: letters=1 letter=0")) << run.out;
  EXPECT_TRUE(contains(run.out, "cjk_word")) << run.out;
  EXPECT_TRUE(contains(run.out, "\nok\n")) << run.out;
}

TEST(Examples, ShardedSearchRanksLikeOneDatabase) {
  testing::TempDir dir;
  const std::string en = testing::corpus_dir() + "/en";
  const std::string zh = testing::corpus_dir() + "/zh-hant";
  const std::string query = "loneliness OR 孤独 OR letters";
  auto run = testing::run_process({example("sharded_search"), dir.sub("shards"), query, en, zh},
                                  dir.path().string());
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(contains(run.out, "over 2 shards")) << run.out;
  // rank, score, id, source per line.
  std::map<std::string, double> sharded;
  std::istringstream lines(run.out);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex("\\d+\t([0-9.]+)\t[^\t]+\t(.+)"))) {
      sharded[m[2].str()] = std::stod(m[1].str());
    }
  }

  // The same documents in one database (ids made unique: both folders have
  // 01.txt), searched with the same options.
  const std::string single = dir.sub("single");
  {
    auto writer = IndexWriter::open(single);
    ASSERT_TRUE(writer) << writer.error().describe();
    for (const std::string& path : {en, zh}) {
      IngestSink sink;
      sink.on_document = [&](Document&& d) -> Result<void> {
        d.id = d.source;
        auto added = writer->add(d);
        if (!added) return added.error();
        return {};
      };
      sink.on_problem = [](const Error& e, ProblemKind) { ADD_FAILURE() << e.describe(); };
      ASSERT_TRUE(read_documents(path, IngestOptions{}, sink));
    }
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::open(single);
  ASSERT_TRUE(searcher);
  SearchOptions options;
  options.limit = 100;
  auto results = searcher->search(query, options);
  ASSERT_TRUE(results) << results.error().describe();
  ASSERT_FALSE(results->hits.empty());
  ASSERT_EQ(sharded.size(), results->hits.size()) << run.out;
  bool both_languages[2] = {false, false};
  for (const Hit& hit : results->hits) {
    ASSERT_EQ(sharded.count(hit.source), 1U) << hit.source;
    EXPECT_NEAR(sharded[hit.source], hit.score, 1e-5) << hit.source;
    both_languages[hit.source.find("zh-hant") != std::string::npos ? 1 : 0] = true;
  }
  EXPECT_TRUE(both_languages[0] && both_languages[1]);
}

}  // namespace
}  // namespace herdex
