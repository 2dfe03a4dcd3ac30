// The sample corpus indexed through the public API, then searched: what a
// user of `herdex index corpus/ && herdex search ...` relies on.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "herdex/herdex.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

class CorpusSearch : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    db_path_ = dir_->sub("db");
    auto writer = IndexWriter::open(db_path_);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto report = writer->add_paths({testing::corpus_dir()});
    ASSERT_TRUE(report) << report.error().describe();
    ASSERT_GE(report->added, 30U);
    ASSERT_EQ(report->errors, 0U);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static SearchResults search(const std::string& query, SearchOptions options = {}) {
    auto searcher = Searcher::open(db_path_);
    EXPECT_TRUE(searcher) << searcher.error().describe();
    if (!searcher) return {};
    auto results = searcher->search(query, options);
    EXPECT_TRUE(results) << results.error().describe();
    return results ? *results : SearchResults{};
  }

  static testing::TempDir* dir_;
  static std::string db_path_;
};

testing::TempDir* CorpusSearch::dir_ = nullptr;
std::string CorpusSearch::db_path_;

struct UniqueWord {
  const char* query;
  const char* id;
  bool only;  // no other review matches at all (Latin words; a CJK word's
              // single characters also match elsewhere, ranked lower)
};

// Words the corpus holds in exactly one review: that review must come first.
class UniqueWordSearch : public CorpusSearch, public ::testing::WithParamInterface<UniqueWord> {};

TEST_P(UniqueWordSearch, FindsTheOnlyReviewFirst) {
  const SearchResults results = search(GetParam().query);
  ASSERT_FALSE(results.hits.empty());
  EXPECT_EQ(testing::corpus_relative(results.hits.front().id), GetParam().id);
  if (GetParam().only) {
    EXPECT_EQ(results.total, 1U);
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, UniqueWordSearch,
                         ::testing::Values(UniqueWord{"zeitgeist", "en/07.txt", true},
                                           UniqueWord{"typewriter", "en/03.txt", true},
                                           UniqueWord{"ukulele", "mixed/02.txt", true},
                                           UniqueWord{"萤火虫", "zh-hans/03.txt", false}));

TEST_F(CorpusSearch, HitByteRangeSlicesTheSourceToThePassage) {
  const SearchResults results = search("loneliness", {});
  ASSERT_GE(results.hits.size(), 3U);
  for (const Hit& hit : results.hits) {
    ASSERT_FALSE(hit.passages.empty());
    const Passage& p = hit.passages.front();
    const std::string file = testing::read_file(hit.source);
    ASSERT_FALSE(file.empty()) << hit.source;
    ASSERT_LE(p.byte_end, file.size());
    const std::string passage = file.substr(p.byte_begin, p.byte_end - p.byte_begin);
    // The snippet is the source text of its range, inside the passage.
    EXPECT_EQ(file.substr(p.snippet_range.byte_begin,
                          p.snippet_range.byte_end - p.snippet_range.byte_begin),
              p.snippet);
    EXPECT_GE(p.snippet_range.byte_begin, p.byte_begin);
    EXPECT_LE(p.snippet_range.byte_end, p.byte_end);
    EXPECT_NE(passage.find(p.snippet), std::string::npos);
    // Every match slices a form of the query word.
    ASSERT_FALSE(p.matches.empty()) << hit.id;
    for (const ByteRange& m : p.matches) {
      std::string word = file.substr(m.byte_begin, m.byte_end - m.byte_begin);
      std::transform(word.begin(), word.end(), word.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      EXPECT_EQ(word, "loneliness") << hit.id;
    }
  }
}

TEST_F(CorpusSearch, SimplifiedQueryFindsSimplifiedTraditionalAndJapaneseReviews) {
  SearchOptions options;
  options.limit = 50;
  const SearchResults results = search("孤独", options);
  bool hans = false, hant = false, ja = false;
  for (const Hit& hit : results.hits) {
    hans |= testing::corpus_relative(hit.id).rfind("zh-hans/", 0) == 0;
    hant |= testing::corpus_relative(hit.id).rfind("zh-hant/", 0) == 0;
    ja |= testing::corpus_relative(hit.id).rfind("ja/", 0) == 0;
  }
  EXPECT_TRUE(hans);
  EXPECT_TRUE(hant) << "孤独 should find 孤獨 (Traditional folds to Simplified)";
  EXPECT_TRUE(ja);
  // Highlights land on the original Traditional characters.
  for (const Hit& hit : results.hits) {
    if (testing::corpus_relative(hit.id).rfind("zh-hant/", 0) != 0) continue;
    const std::string file = testing::read_file(hit.source);
    const Passage& p = hit.passages.front();
    ASSERT_FALSE(p.matches.empty());
    EXPECT_EQ(file.substr(p.matches.front().byte_begin,
                          p.matches.front().byte_end - p.matches.front().byte_begin),
              "孤獨");
  }
}

TEST_F(CorpusSearch, TraditionalQueryFindsSimplifiedReviews) {
  SearchOptions options;
  options.limit = 50;
  const SearchResults results = search("導演", options);
  const bool hans = std::any_of(results.hits.begin(), results.hits.end(), [](const Hit& h) {
    return testing::corpus_relative(h.id).rfind("zh-hans/", 0) == 0;
  });
  EXPECT_TRUE(hans);
}

TEST_F(CorpusSearch, KoreanStemFindsInflectedForm) {
  const SearchResults results = search("외로움");
  ASSERT_FALSE(results.hits.empty());
  for (const Hit& hit : results.hits) {
    const std::string rel = testing::corpus_relative(hit.id);
    EXPECT_TRUE(rel.rfind("ko/", 0) == 0 || rel.rfind("mixed/", 0) == 0 ||
                rel.rfind("scraped/ko-", 0) == 0)
        << hit.id;
  }
}

TEST_F(CorpusSearch, PagingContinuesRanks) {
  SearchOptions first;
  first.limit = 2;
  SearchOptions second;
  second.limit = 2;
  second.offset = 2;
  const SearchResults a = search("Samantha", first);
  const SearchResults b = search("Samantha", second);
  ASSERT_EQ(a.hits.size(), 2U);
  ASSERT_EQ(b.hits.size(), 2U);
  EXPECT_EQ(b.hits.front().rank, 3U);
  EXPECT_NE(a.hits.front().id, b.hits.front().id);
  EXPECT_NE(a.hits.back().id, b.hits.front().id);
}

TEST_F(CorpusSearch, MetadataComesBackWithHits) {
  const SearchResults results = search("zeitgeist");
  ASSERT_EQ(results.hits.size(), 1U);
  const Hit& hit = results.hits.front();
  EXPECT_FALSE(hit.title.empty());
  EXPECT_FALSE(hit.author.empty());
  EXPECT_EQ(hit.lang, "en");
  EXPECT_TRUE(hit.rating.has_value());
  EXPECT_EQ(hit.date.size(), 10U);
}

TEST_F(CorpusSearch, PunctuationOnlyQueryIsASyntaxError) {
  auto searcher = Searcher::open(db_path_);
  ASSERT_TRUE(searcher);
  auto results = searcher->search("?!...");
  ASSERT_FALSE(results);
  EXPECT_EQ(results.error().code, ErrorCode::query_syntax);
}

TEST(Searcher, UnknownDatabasePathIsNotFound) {
  testing::TempDir dir;
  auto searcher = Searcher::open(dir.sub("nothing-here"));
  ASSERT_FALSE(searcher);
  EXPECT_EQ(searcher.error().code, ErrorCode::not_found);
  EXPECT_EQ(searcher.error().path, dir.sub("nothing-here"));
}

}  // namespace
}  // namespace herdex
