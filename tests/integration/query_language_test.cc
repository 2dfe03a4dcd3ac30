// The query language end to end on the sample corpus: what each construct
// finds and excludes, and the errors malformed queries get.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

class QueryLanguage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto writer = IndexWriter::open(dir_->sub("db"));
    ASSERT_TRUE(writer);
    ASSERT_TRUE(writer->add_paths({testing::corpus_dir()}));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::vector<std::string> ids(const std::string& query, SearchOptions options = {}) {
    auto searcher = Searcher::open(dir_->sub("db"));
    EXPECT_TRUE(searcher);
    options.limit = 100;
    auto results = searcher->search(query, options);
    EXPECT_TRUE(results) << query << ": " << results.error().describe();
    std::vector<std::string> out;
    if (results) {
      for (const Hit& h : results->hits) out.push_back(testing::corpus_relative(h.id));
    }
    return out;
  }
  static bool contains(const std::vector<std::string>& v, const std::string& id) {
    return std::find(v.begin(), v.end(), id) != v.end();
  }
  static testing::TempDir* dir_;
};

testing::TempDir* QueryLanguage::dir_ = nullptr;

struct Case {
  const char* query;
  const char* must_find;      // an id that must be among the hits ("" if none)
  const char* must_not_find;  // an id that must not be ("" if none)
};

class QueryCases : public QueryLanguage, public ::testing::WithParamInterface<Case> {};

TEST_P(QueryCases, FindsAndExcludes) {
  const Case& c = GetParam();
  const auto hits = ids(c.query);
  if (*c.must_find != '\0') {
    EXPECT_TRUE(contains(hits, c.must_find)) << c.query;
  }
  if (*c.must_not_find != '\0') {
    EXPECT_FALSE(contains(hits, c.must_not_find)) << c.query;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, QueryCases,
    ::testing::Values(
        Case{"zeitgeist", "en/07.txt", ""}, Case{"zeitgeist OR typewriter", "en/03.txt", ""},
        Case{"zeitgeist AND typewriter", "", "en/07.txt"},
        Case{"samantha NOT zeitgeist", "en/01.txt", "en/07.txt"},
        Case{"samantha -zeitgeist", "en/01.txt", "en/07.txt"},
        Case{"+zeitgeist samantha", "en/07.txt", "en/01.txt"},
        Case{"\"operating system\"", "en/06.txt", ""}, Case{"zeitg*", "en/07.txt", ""},
        Case{"typewrit*", "en/03.txt", ""},
        Case{"(zeitgeist OR typewriter) -samantha", "", "en/01.txt"},
        Case{"title:masterpiece", "en/04.txt", ""},
        Case{"lang:ko 외로움", "ko/01.txt", "mixed/04.txt"},
        Case{"rating:..5 samantha", "en/05.txt", "en/04.txt"},
        Case{"rating:9.5..10 samantha", "en/04.txt", "en/05.txt"},
        Case{"date:2023-01-01..2023-12-31 her", "en/07.txt", "en/01.txt"},
        Case{"year:2014 samantha", "en/01.txt", "en/07.txt"},
        Case{"\"萤火虫\"", "zh-hans/03.txt", ""}, Case{"\"孤獨\"", "zh-hans/01.txt", ""},
        Case{"Note: ukulele", "mixed/02.txt", ""}, Case{"ukulele)", "mixed/02.txt", ""}));

TEST_F(QueryLanguage, NearFindsWordsCloseTogether) {
  const auto near = ids("operating NEAR/2 system");
  EXPECT_TRUE(contains(near, "en/06.txt"));
  const auto far = ids("zeitgeist NEAR/1 samantha");
  EXPECT_FALSE(contains(far, "en/07.txt"));
}

// Found by fuzz_query_parser: a prefix beside NEAR made Xapian refuse the
// query ("OP_NEAR and OP_PHRASE only currently support leaf subqueries").
TEST_F(QueryLanguage, NearJoinsPrefixes) {
  EXPECT_TRUE(contains(ids("operat* NEAR/2 system"), "en/06.txt"));
  EXPECT_TRUE(contains(ids("operating NEAR/2 syst*"), "en/06.txt"));
  EXPECT_TRUE(contains(ids("operat* NEAR/2 \"system\""), "en/06.txt"));
  EXPECT_FALSE(contains(ids("zeitg* NEAR/1 samantha"), "en/07.txt"));
}

// A prefix no indexed word starts with finds nothing; it is no syntax error
// (which a search running before the next commit would otherwise get).
TEST_F(QueryLanguage, PrefixThatMatchesNothingFindsNothing) {
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  for (const char* query :
       {"zzqx*", "zzqx* NEAR/3 samantha", "title:zzqx*", "zzqx* OR zeitgeist"}) {
    auto results = searcher->search(query);
    ASSERT_TRUE(results) << query << ": " << results.error().describe();
    EXPECT_EQ(results->hits.empty(), std::string(query).find("zeitgeist") == std::string::npos)
        << query;
  }
}

TEST_F(QueryLanguage, SortByDateAndRatingOrdersHits) {
  SearchOptions by_date;
  by_date.sort = SortOrder::date;
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  by_date.limit = 50;
  auto dated = searcher->search("samantha", by_date);
  ASSERT_TRUE(dated);
  for (std::size_t i = 1; i < dated->hits.size(); ++i) {
    EXPECT_GE(dated->hits[i - 1].date, dated->hits[i].date);
  }
  SearchOptions by_rating = by_date;
  by_rating.sort = SortOrder::rating;
  auto rated = searcher->search("samantha", by_rating);
  ASSERT_TRUE(rated);
  for (std::size_t i = 1; i < rated->hits.size(); ++i) {
    EXPECT_GE(rated->hits[i - 1].rating.value_or(-1), rated->hits[i].rating.value_or(-1));
  }
}

TEST_F(QueryLanguage, FacetsCountAllMatches) {
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  SearchOptions options;
  options.limit = 1;
  options.facets = {"lang", "year"};
  auto results = searcher->search("孤独", options);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->facets.size(), 2U);
  EXPECT_EQ(results->facets[0].name, "lang");
  std::size_t total = 0;
  for (const FacetValue& v : results->facets[0].values) total += v.count;
  EXPECT_EQ(total, results->total);
  auto bad = searcher->search(
      "x", SearchOptions{0, 10, 240, 1, false, SortOrder::score, 0.9, 0.4, {"colour"}, false});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
}

TEST_F(QueryLanguage, AllPassagesListsPassagesNotDocuments) {
  SearchOptions options;
  options.all_passages = true;
  options.limit = 20;
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  auto results = searcher->search("loneliness", options);
  ASSERT_TRUE(results);
  ASSERT_FALSE(results->hits.empty());
  std::vector<std::string> seen;
  bool repeated = false;
  for (const Hit& h : results->hits) {
    repeated |= contains(seen, h.id);
    seen.push_back(h.id);
    ASSERT_EQ(h.passages.size(), 1U);
  }
  EXPECT_TRUE(repeated) << "en/04 mentions loneliness in several passages";
  for (std::size_t i = 1; i < results->hits.size(); ++i) {
    EXPECT_GE(results->hits[i - 1].passages[0].score, results->hits[i].passages[0].score);
  }
}

TEST_F(QueryLanguage, SpellingSuggestionFromVocabulary) {
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  auto results = searcher->search("lonelyness");
  ASSERT_TRUE(results);
  EXPECT_EQ(results->suggestion, "loneliness");
  auto fine = searcher->search("loneliness");
  ASSERT_TRUE(fine);
  EXPECT_TRUE(fine->suggestion.empty());
}

TEST_F(QueryLanguage, SynonymsExpandQueries) {
  const std::string file =
      dir_->write("synonyms.txt", "# test synonyms\nOS = operating system\n人工智能 = 人工智慧\n");
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  ASSERT_TRUE(searcher->load_synonyms(file));
  SearchOptions options;
  options.limit = 100;
  auto with = searcher->search("OS", options);
  ASSERT_TRUE(with);
  const bool found = std::any_of(with->hits.begin(), with->hits.end(), [](const Hit& h) {
    return h.id == testing::corpus_id("en/06.txt");
  });
  EXPECT_TRUE(found) << "OS should also find \"operating system\"";
  EXPECT_FALSE(searcher->load_synonyms(dir_->sub("missing.txt")));
}

struct BadQuery {
  const char* query;
  std::size_t column;
};

class MalformedQueries : public QueryLanguage, public ::testing::WithParamInterface<BadQuery> {};

TEST_P(MalformedQueries, GiveASyntaxErrorAtTheColumn) {
  auto searcher = Searcher::open(dir_->sub("db"));
  ASSERT_TRUE(searcher);
  auto results = searcher->search(GetParam().query);
  ASSERT_FALSE(results) << GetParam().query;
  EXPECT_EQ(results.error().code, ErrorCode::query_syntax);
  EXPECT_EQ(results.error().column, GetParam().column) << results.error().message;
  EXPECT_FALSE(results.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(Corpus, MalformedQueries,
                         ::testing::Values(BadQuery{"\"unclosed", 1}, BadQuery{"title:", 6},
                                           BadQuery{"rating:x..y", 8}, BadQuery{"((", 2},
                                           BadQuery{"date:2014..someday", 12},
                                           BadQuery{"colour:1..2", 1}, BadQuery{"?!", 1}));

}  // namespace
}  // namespace herdex
