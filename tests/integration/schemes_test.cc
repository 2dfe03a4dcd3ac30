// Every CJK indexing scheme the analyzer offers must work end to end: the
// query builder has to ask for the terms that scheme indexed.
#include <gtest/gtest.h>

#include "herdex/herdex.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

struct Scheme {
  const char* name;
  bool ngrams;
  bool unigrams;
  bool words;
};

class Schemes : public ::testing::TestWithParam<Scheme> {};

TEST_P(Schemes, FindCjkWordsInEveryScheme) {
  testing::TempDir dir;
  IndexOptions options;
  options.analyzer.cjk_ngrams = GetParam().ngrams;
  options.analyzer.cjk_unigrams = GetParam().unigrams;
  options.analyzer.cjk_words = GetParam().words;
  {
    auto writer = IndexWriter::open(dir.sub("db"), options);
    ASSERT_TRUE(writer) << writer.error().describe();
    Document lonely;
    lonely.id = "lonely";
    lonely.text = "这部电影讲的是一个孤独的人和他的操作系统。";
    Document city;
    city.id = "city";
    city.text = "洛杉矶的城市风景非常漂亮，音乐也很好听。";
    ASSERT_TRUE(writer->add(lonely));
    ASSERT_TRUE(writer->add(city));
    ASSERT_TRUE(writer->commit());
  }
  auto searcher = Searcher::open(dir.sub("db"));
  ASSERT_TRUE(searcher) << searcher.error().describe();
  for (const char* query : {"孤独", "孤獨", "操作系统", "\"孤独的人\""}) {
    SCOPED_TRACE(query);
    auto results = searcher->search(query);
    ASSERT_TRUE(results) << results.error().describe();
    ASSERT_FALSE(results->hits.empty());
    EXPECT_EQ(results->hits.front().id, "lonely");
  }
  auto city = searcher->search("城市");
  ASSERT_TRUE(city);
  ASSERT_FALSE(city->hits.empty());
  EXPECT_EQ(city->hits.front().id, "city");
}

INSTANTIATE_TEST_SUITE_P(Cjk, Schemes,
                         ::testing::Values(Scheme{"bigram", true, false, false},
                                           Scheme{"uni_bigram", true, true, false},
                                           Scheme{"words", false, false, true},
                                           Scheme{"words_bigram", true, false, true},
                                           Scheme{"default", true, true, true}),
                         [](const ::testing::TestParamInfo<Scheme>& p) {
                           return std::string(p.param.name);
                         });

}  // namespace
}  // namespace herdex
