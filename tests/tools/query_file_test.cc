#include <gtest/gtest.h>

#include <string>

#include "herdex/tools/bench.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

TEST(BenchQueryFile, ReadsClassesPlainQueriesAndSkipsCommentsAndBlankLines) {
  const std::string text =
      "# rare words\n"
      "term\tzeitgeist\n"
      "\n"
      "   \t  \n"
      "  # indented comment\n"
      "lonely man city\r\n"
      "phrase\t\"operating system\"  \n"
      "cjk\t孤独\n";
  auto set = parse_bench_queries(text, "q.tsv");
  ASSERT_TRUE(set) << set.error().describe();
  EXPECT_EQ(set->path, "q.tsv");
  ASSERT_EQ(set->queries.size(), 4U);
  struct Expected {
    const char* query_class;
    const char* text;
    std::size_t line;
  };
  const Expected expected[] = {{"term", "zeitgeist", 2},
                               {"default", "lonely man city", 6},
                               {"phrase", "\"operating system\"", 7},
                               {"cjk", "孤独", 8}};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(set->queries[i].query_class, expected[i].query_class) << i;
    EXPECT_EQ(set->queries[i].text, expected[i].text) << i;
    EXPECT_EQ(set->queries[i].line, expected[i].line) << i;
  }
}

TEST(BenchQueryFile, IgnoresAByteOrderMarkAndAMissingFinalNewline) {
  auto set = parse_bench_queries("\xEF\xBB\xBFterm\tfoo\nbar", "q");
  ASSERT_TRUE(set) << set.error().describe();
  ASSERT_EQ(set->queries.size(), 2U);
  EXPECT_EQ(set->queries[0].query_class, "term");
  EXPECT_EQ(set->queries[1].text, "bar");
  EXPECT_EQ(set->queries[1].line, 2U);
}

TEST(BenchQueryFile, MalformedLinesAreErrorsWithTheirLine) {
  struct Case {
    const char* text;
    std::size_t line;
    const char* message;
  };
  const Case cases[] = {
      {"term\tok\n\tno class\n", 2, "no class"},
      {"term\t\n", 1, "no query after the tab"},
      {"term\t   \n", 1, "no query after the tab"},
      {"ok\nterm\tfoo\tbar\n", 2, "more than one tab"},
      {"my class\tfoo\n", 1, "class 'my class'"},
      {"t\xC3\xA9rm\tfoo\n", 1, "class"},
      {"ok\nbad \xFF byte\n", 2, "invalid UTF-8"},
      {"", 0, "no queries"},
      {"# only a comment\n\n", 0, "no queries"},
  };
  for (const Case& c : cases) {
    auto set = parse_bench_queries(c.text, "queries.tsv");
    ASSERT_FALSE(set) << c.text;
    EXPECT_EQ(set.error().code, ErrorCode::invalid_argument) << c.text;
    EXPECT_EQ(set.error().path, "queries.tsv") << c.text;
    EXPECT_EQ(set.error().line, c.line) << c.text;
    EXPECT_NE(set.error().message.find(c.message), std::string::npos) << set.error().message;
  }
}

TEST(BenchQueryFile, ReadsFromDiskAndReportsMissingFiles) {
  testing::TempDir dir;
  const std::string path = dir.write("q.tsv", "term\tfoo\nterm\tbar\n");
  auto set = read_bench_queries(path);
  ASSERT_TRUE(set) << set.error().describe();
  EXPECT_EQ(set->queries.size(), 2U);
  EXPECT_EQ(set->path, path);

  auto missing = read_bench_queries(dir.sub("nope.tsv"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().path, dir.sub("nope.tsv"));

  auto folder = read_bench_queries(dir.path().string());
  ASSERT_FALSE(folder);
  EXPECT_EQ(folder.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace herdex
