// Tests for analysis/cjk_terms.h: a CJK term's kind told from its text must
// be the kind the analyzer made it as, for every analyzer setting that
// `herdex stats --verbose` may meet.

#include "analysis/cjk_terms.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "analysis/token_stream.h"
#include "herdex/analyzer.h"

namespace herdex::detail {
namespace {

AnalyzerOptions options(std::uint32_t n, bool ngrams, bool unigrams, bool words) {
  AnalyzerOptions o;
  o.ngram_size = n;
  o.cjk_ngrams = ngrams;
  o.cjk_unigrams = unigrams;
  o.cjk_words = words;
  return o;
}

// What the analyzer emitted, as the kind the term's text should give.
class KindSink final : public TokenSink {
 public:
  struct Seen {
    std::string term;
    TokenKind kind;
    std::uint32_t chars;
  };
  void on_token(const TokenView& t) override {
    seen.push_back({std::string(t.term), t.kind, t.chars});
  }
  std::vector<Seen> seen;
};

constexpr const char* kTexts[] = {
    "这部电影的配乐非常动人，我看了三遍。",          // Simplified Chinese
    "這部電影的配樂非常動人，我看了三遍。",          // Traditional: folded to Simplified
    "映画館で見たアニメーションは素晴らしかった。",  // kanji, hiragana, katakana
    "ｶﾞｲﾄﾞﾌﾞｯｸ を読んだ",                            // half-width kana with sound marks
    "정말 외로움에 관한 영화였다",                   // Hangul words
    "a 好 b 電 c 한",                                // one-character runs
    "Mixed 中文 text 日本語 and 한국어",
};

struct Setting {
  const char* name;
  AnalyzerOptions options;
};

class CjkTermKinds : public ::testing::TestWithParam<Setting> {};

TEST_P(CjkTermKinds, KindFromTextIsTheKindTheAnalyzerEmitted) {
  const AnalyzerOptions& o = GetParam().options;
  auto analyzer = Analyzer::create(o);
  ASSERT_TRUE(analyzer) << analyzer.error().message;
  std::size_t cjk_tokens = 0;
  for (const char* text : kTexts) {
    KindSink sink;
    (void)AnalyzerAccess::analyze(*analyzer, text, AnalyzeMode::index, sink);  // valid UTF-8
    for (const KindSink::Seen& t : sink.seen) {
      const CjkTermKind kind = cjk_term_kind(t.term, o);
      switch (t.kind) {
        case TokenKind::word:
        case TokenKind::number:
          EXPECT_EQ(kind, CjkTermKind::none) << t.term;
          break;
        case TokenKind::cjk_gram:
          ++cjk_tokens;
          EXPECT_EQ(cjk_term_units(t.term), t.chars) << t.term;
          EXPECT_EQ(kind, t.chars == 1 ? CjkTermKind::unigram : CjkTermKind::ngram) << t.term;
          break;
        case TokenKind::cjk_word:
          ++cjk_tokens;
          EXPECT_EQ(cjk_term_units(t.term), t.chars) << t.term;
          EXPECT_EQ(kind, CjkTermKind::word) << t.term;
          break;
      }
    }
  }
  EXPECT_GT(cjk_tokens, 20U);
}

INSTANTIATE_TEST_SUITE_P(
    Settings, CjkTermKinds,
    ::testing::Values(Setting{"Default", {}}, Setting{"Words", options(2, true, true, true)},
                      Setting{"NoUnigrams", options(2, true, false, true)},
                      Setting{"Trigrams", options(3, true, true, true)},
                      Setting{"WordsOnly", options(2, false, false, true)},
                      Setting{"UnigramsAndWords", options(2, false, true, true)}),
    [](const ::testing::TestParamInfo<Setting>& param) { return param.param.name; });

TEST(CjkTermUnits, CountsCharactersWithTheirSoundMarks) {
  EXPECT_EQ(cjk_term_units(""), 0U);
  EXPECT_EQ(cjk_term_units("movie"), 0U);
  EXPECT_EQ(cjk_term_units("2025"), 0U);
  EXPECT_EQ(cjk_term_units("é"), 0U);
  EXPECT_EQ(cjk_term_units("电"), 1U);
  EXPECT_EQ(cjk_term_units("电影"), 2U);
  EXPECT_EQ(cjk_term_units("か\u3099"), 1U);  // combining sound mark stays with its kana
  EXPECT_EQ(cjk_term_units("한국어"), 3U);
}

TEST(CjkTermKind, LengthDecidesTheKind) {
  const AnalyzerOptions standard;  // bigrams and unigrams
  EXPECT_EQ(cjk_term_kind("电", standard), CjkTermKind::unigram);
  EXPECT_EQ(cjk_term_kind("电影", standard), CjkTermKind::ngram);
  EXPECT_EQ(cjk_term_kind("电影院", standard), CjkTermKind::word);
  EXPECT_EQ(cjk_term_kind("film", standard), CjkTermKind::none);
  const AnalyzerOptions no_unigrams = options(3, true, false, false);
  EXPECT_EQ(cjk_term_kind("电影", no_unigrams), CjkTermKind::ngram);  // a run shorter than n
  EXPECT_EQ(cjk_term_kind("电", no_unigrams), CjkTermKind::word);
}

}  // namespace
}  // namespace herdex::detail
