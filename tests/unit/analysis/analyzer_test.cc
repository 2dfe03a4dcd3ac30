// Tests for herdex::Analyzer (lib/analysis): the folding, CJK n-grams and
// byte ranges that indexing, querying and snippets rely on.

#include "herdex/analyzer.h"

#include <gtest/gtest.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace herdex {
namespace {

// --- helpers -------------------------------------------------------------------

Analyzer make_analyzer(const AnalyzerOptions& options = {}) {
  auto created = Analyzer::create(options);
  if (!created) {
    ADD_FAILURE() << "Analyzer::create failed: " << created.error().message;
    std::abort();
  }
  return std::move(created).value();
}

const char* kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::word:
      return "word";
    case TokenKind::number:
      return "number";
    case TokenKind::cjk_word:
      return "cjk_word";
    case TokenKind::cjk_gram:
      return "cjk_gram";
  }
  return "?";
}

// One token per line, as in the golden files: kind term stem position begin..end.
std::string render(const Token& t) {
  std::ostringstream out;
  out << kind_name(t.kind) << ' ' << t.term << ' ' << (t.stem.empty() ? "-" : t.stem) << ' '
      << t.position << ' ' << t.byte_begin << ".." << t.byte_end;
  return out.str();
}

// All tokens, one per line (multi-line strings make GoogleTest print a diff).
std::string render(const Analysis& a) {
  std::string out;
  for (const Token& t : a.tokens) out += render(t) + '\n';
  return out;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& line : v) out += line + '\n';
  return out;
}

// Kind, term, stem and position, one token per line: what a search matches
// on (not byte ranges, which differ between spellings of different lengths).
std::string match_keys(const Analysis& a) {
  std::string out;
  for (const Token& t : a.tokens) {
    out += std::string(kind_name(t.kind)) + ' ' + t.term + ' ' + (t.stem.empty() ? "-" : t.stem) +
           ' ' + std::to_string(t.position) + '\n';
  }
  return out;
}

std::set<std::string> term_set(const Analysis& a) {
  std::set<std::string> terms;
  for (const Token& t : a.tokens) terms.insert(t.term);
  return terms;
}

std::string_view slice(std::string_view input, const Token& t) {
  return input.substr(t.byte_begin, t.byte_end - t.byte_begin);
}

const Token* find_term(const Analysis& a, std::string_view term) {
  for (const Token& t : a.tokens) {
    if (t.term == term) return &t;
  }
  return nullptr;
}

// Structural promises every analysis keeps.
void expect_well_formed(std::string_view input, const Analysis& a) {
  std::uint32_t last_position = 0;
  std::size_t last_begin = 0;
  for (const Token& t : a.tokens) {
    SCOPED_TRACE(render(t));
    EXPECT_FALSE(t.term.empty());
    EXPECT_LE(t.term.size(), 240U);
    EXPECT_LT(t.byte_begin, t.byte_end);
    EXPECT_LE(t.byte_end, input.size());
    EXPECT_GE(t.position, last_position) << "positions must not decrease";
    EXPECT_GE(t.byte_begin, last_begin) << "tokens must come in order of byte_begin";
    EXPECT_EQ(t.stem.empty(), t.kind != TokenKind::word) << "only words have stems";
    last_position = t.position;
    last_begin = t.byte_begin;
  }
}

// --- Latin folding and stemming ------------------------------------------------------

struct WordCase {
  const char* input;
  const char* term;
  const char* stem;
};

TEST(Analyzer, FoldsLatinWords) {
  const WordCase cases[] = {
      {"\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x92", "her", "her"},            // Ｈｅｒ, full-width
      {"caf\xC3\xA9", "cafe", "cafe"},                                   // café, precomposed
      {"cafe\xCC\x81", "cafe", "cafe"},                                  // café, combining acute
      {"\xEF\xBC\xA3\xEF\xBC\xA1\xEF\xBC\xA6\xC3\x89", "cafe", "cafe"},  // ＣＡＦÉ
      {"na\xC3\xAFve", "naive", "naiv"},                                 // naïve
      {"LONELINESS", "loneliness", "loneli"},
      {"Loneliness", "loneliness", "loneli"},
      {"Jonze's", "jonze's", "jonz"},
      {"Jonze\xE2\x80\x99s", "jonze's", "jonz"},  // Jonze’s
      {"stra\xC3\x9F"
       "e",
       "strasse", "strass"},  // straße
  };
  const Analyzer analyzer = make_analyzer();
  for (const WordCase& c : cases) {
    SCOPED_TRACE(c.input);
    const Analysis a = analyzer.analyze(c.input);
    ASSERT_EQ(a.tokens.size(), 1U) << "\n" << render(a);
    const Token& t = a.tokens[0];
    EXPECT_EQ(t.kind, TokenKind::word);
    EXPECT_EQ(t.term, c.term);
    EXPECT_EQ(t.stem, c.stem);
    EXPECT_EQ(t.position, 0U);
    EXPECT_EQ(t.byte_begin, 0U);
    EXPECT_EQ(t.byte_end, std::string_view(c.input).size())
        << "the range covers the original spelling";
  }
}

TEST(Analyzer, FoldsFullWidthLatin) {
  const Analyzer analyzer = make_analyzer();
  const std::string input = "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x92 film";  // Ｈｅｒ film
  const Analysis a = analyzer.analyze(input);
  ASSERT_EQ(a.tokens.size(), 2U);
  EXPECT_EQ(a.tokens[0].term, "her");
  EXPECT_EQ(slice(input, a.tokens[0]), "\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x92");
  EXPECT_EQ(match_keys(a), match_keys(analyzer.analyze("Her film")));
}

TEST(Analyzer, CurlyAndStraightApostrophesGiveSameTermAndStem) {
  const Analyzer analyzer = make_analyzer();
  const Analysis straight = analyzer.analyze("Jonze's Her");
  for (const char* variant : {"Jonze\xE2\x80\x99s Her",     // ’ U+2019
                              "Jonze\xE2\x80\x98s Her",     // ‘ U+2018
                              "Jonze\xCA\xBCs Her",         // ʼ U+02BC
                              "Jonze\xEF\xBC\x87s Her"}) {  // ＇ U+FF07
    SCOPED_TRACE(variant);
    EXPECT_EQ(match_keys(analyzer.analyze(variant)), match_keys(straight));
  }
}

TEST(Analyzer, NumbersAreKeptWithoutStem) {
  const struct {
    const char* input;
    const char* term;
  } cases[] = {
      {"2025", "2025"}, {"8.5", "8.5"}, {"3,000", "3,000"}, {"\xEF\xBC\x92\xEF\xBC\x90", "20"}};
  const Analyzer analyzer = make_analyzer();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    const Analysis a = analyzer.analyze(c.input);
    ASSERT_EQ(a.tokens.size(), 1U) << "\n" << render(a);
    EXPECT_EQ(a.tokens[0].kind, TokenKind::number);
    EXPECT_EQ(a.tokens[0].term, c.term);
    EXPECT_EQ(a.tokens[0].stem, "");
    EXPECT_EQ(a.tokens[0].byte_end, std::string_view(c.input).size());
  }
}

TEST(Analyzer, StemmerNoneLeavesStemsEmpty) {
  AnalyzerOptions options;
  options.stemmer = "none";
  const Analysis a = make_analyzer(options).analyze("LONELINESS");
  ASSERT_EQ(a.tokens.size(), 1U);
  EXPECT_EQ(a.tokens[0].kind, TokenKind::word);
  EXPECT_EQ(a.tokens[0].term, "loneliness");
  EXPECT_EQ(a.tokens[0].stem, "");
}

TEST(Analyzer, PositionsCountWordsAndCjkCharacters) {
  const Analyzer analyzer = make_analyzer();
  const std::string input = "her \xE5\xAD\xA4\xE7\x8B\xAC film";  // her 孤独 film
  const Analysis a = analyzer.analyze(input);
  expect_well_formed(input, a);
  const Token* her = find_term(a, "her");
  const Token* gu = find_term(a, "\xE5\xAD\xA4");
  const Token* du = find_term(a, "\xE7\x8B\xAC");
  const Token* film = find_term(a, "film");
  ASSERT_TRUE(her && gu && du && film) << "\n" << render(a);
  EXPECT_EQ(her->position, 0U);
  EXPECT_EQ(gu->position, 1U);
  EXPECT_EQ(du->position, 2U);
  EXPECT_EQ(film->position, 3U);
}

// --- Chinese ----------------------------------------------------------------------

TEST(Analyzer, ChineseIndexModeEmitsUnigramsAndBigrams) {
  const Analyzer analyzer = make_analyzer();
  const std::string input = "\xE5\xAD\xA4\xE7\x8B\xAC\xE7\x9A\x84\xE4\xBA\xBA";  // 孤独的人
  const Analysis a = analyzer.analyze(input);
  // ICU segments 孤独|的|人: no dictionary word is longer than a bigram.
  const std::vector<std::string> expected = {
      "cjk_gram \xE5\xAD\xA4 - 0 0..3",               // 孤
      "cjk_gram \xE5\xAD\xA4\xE7\x8B\xAC - 0 0..6",   // 孤独
      "cjk_gram \xE7\x8B\xAC - 1 3..6",               // 独
      "cjk_gram \xE7\x8B\xAC\xE7\x9A\x84 - 1 3..9",   // 独的
      "cjk_gram \xE7\x9A\x84 - 2 6..9",               // 的
      "cjk_gram \xE7\x9A\x84\xE4\xBA\xBA - 2 6..12",  // 的人
      "cjk_gram \xE4\xBA\xBA - 3 9..12",              // 人
  };
  EXPECT_EQ(render(a), lines(expected));
  for (const Token& t : a.tokens) {
    EXPECT_EQ(slice(input, t), t.term) << "Simplified text is its own folded form";
  }
}

TEST(Analyzer, ChineseIndexModeEmitsDictionaryWordsLongerThanBigrams) {
  AnalyzerOptions options;
  options.cjk_words = true;
  const Analyzer analyzer = make_analyzer(options);
  // 中华人民共和国: ICU's dictionary has 共和国 (3 characters).
  const std::string input =
      "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD";
  const Analysis a = analyzer.analyze(input);
  expect_well_formed(input, a);
  std::vector<std::string> words;
  for (const Token& t : a.tokens) {
    EXPECT_EQ(slice(input, t), t.term);
    if (t.kind == TokenKind::cjk_word) {
      EXPECT_GT(t.byte_end - t.byte_begin, 6U) << "words of 1-2 characters are already grams";
      words.push_back(render(t));
    }
  }
  EXPECT_EQ(lines(words), "cjk_word \xE5\x85\xB1\xE5\x92\x8C\xE5\x9B\xBD - 4 12..21\n");
  // Every character has its unigram and every adjacent pair its bigram.
  for (std::size_t i = 0; i < 7; ++i) {
    SCOPED_TRACE(i);
    const Token* uni = find_term(a, input.substr(3 * i, 3));
    ASSERT_NE(uni, nullptr);
    EXPECT_EQ(uni->position, i);
    if (i + 1 < 7) {
      const Token* bi = find_term(a, input.substr(3 * i, 6));
      ASSERT_NE(bi, nullptr);
      EXPECT_EQ(bi->kind, TokenKind::cjk_gram);
      EXPECT_EQ(bi->position, i);
      EXPECT_EQ(bi->byte_begin, 3 * i);
      EXPECT_EQ(bi->byte_end, 3 * i + 6);
    }
  }
}

TEST(Analyzer, TraditionalFoldsToSimplified) {
  const struct {
    const char* traditional;
    const char* simplified;
  } cases[] = {
      {"\xE5\xAD\xA4\xE7\x8D\xA8", "\xE5\xAD\xA4\xE7\x8B\xAC"},  // 孤獨 / 孤独
      {"\xE5\xB0\x8E\xE6\xBC\x94", "\xE5\xAF\xBC\xE6\xBC\x94"},  // 導演 / 导演
      {"\xE5\xAD\xA4\xE7\x8D\xA8\xE7\x9A\x84\xE4\xBA\xBA",
       "\xE5\xAD\xA4\xE7\x8B\xAC\xE7\x9A\x84\xE4\xBA\xBA"},  // 孤獨的人 / 孤独的人
  };
  const Analyzer analyzer = make_analyzer();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.traditional);
    const std::string trad = c.traditional;
    const Analysis t = analyzer.analyze(trad);
    const Analysis s = analyzer.analyze(c.simplified);
    expect_well_formed(trad, t);
    EXPECT_EQ(match_keys(t), match_keys(s));
    ASSERT_EQ(t.tokens.size(), s.tokens.size());
    for (std::size_t i = 0; i < t.tokens.size(); ++i) {
      // The ranges slice the Traditional characters that were folded.
      const Token& tok = t.tokens[i];
      EXPECT_EQ(tok.byte_begin, s.tokens[i].byte_begin);
      EXPECT_EQ(tok.byte_end, s.tokens[i].byte_end);
      EXPECT_EQ(slice(trad, tok).size(), tok.term.size());
    }
  }
  // Spelled out for one case: the bigram 孤独 slices 孤獨.
  const std::string trad = "\xE5\xAD\xA4\xE7\x8D\xA8";
  const Analysis a = analyzer.analyze(trad);
  const Token* bigram = find_term(a, "\xE5\xAD\xA4\xE7\x8B\xAC");
  ASSERT_NE(bigram, nullptr) << "\n" << render(a);
  EXPECT_EQ(slice(trad, *bigram), trad);
  const Token* du = find_term(a, "\xE7\x8B\xAC");  // 独
  ASSERT_NE(du, nullptr);
  EXPECT_EQ(slice(trad, *du), "\xE7\x8D\xA8");                             // 獨
  const Analysis director = analyzer.analyze("\xE5\xB0\x8E\xE6\xBC\x94");  // 導演
  EXPECT_NE(find_term(director, "\xE5\xAF\xBC\xE6\xBC\x94"), nullptr)      // 导演
      << "\n"
      << render(director);
}

TEST(Analyzer, TraditionalDictionaryWordsMatchSimplified) {
  // The same text in both scripts must give the same terms, including the
  // dictionary words (otherwise a Traditional query demands a term that
  // Simplified documents never have).
  const struct {
    const char* traditional;
    const char* simplified;
  } cases[] = {
      {"\xE9\x9B\xBB\xE5\xBD\xB1\xE9\x99\xA2",
       "\xE7\x94\xB5\xE5\xBD\xB1\xE9\x99\xA2"},  // 電影院 / 电影院
      {"\xE4\xB8\xAD\xE8\x8F\xAF\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9C"
       "\x8B",
       "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B"
       "\xBD"},  // 中華人民共和國
  };
  const Analyzer analyzer = make_analyzer();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.traditional);
    for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
      EXPECT_EQ(match_keys(analyzer.analyze(c.traditional, mode)),
                match_keys(analyzer.analyze(c.simplified, mode)))
          << (mode == AnalyzeMode::index ? "index" : "query") << " mode";
    }
  }
}

TEST(Analyzer, DictionarySplitNameGetsEveryAdjacentBigram) {
  const Analyzer analyzer = make_analyzer();
  const std::string input =
      "\xE5\x8F\xB2\xE6\xB4\xBE\xE5\x85\x8B\xE7\x93\x8A\xE6\x96\xAF";  // 史派克瓊斯
  // Folded: 史派克琼斯.
  const std::string folded = "\xE5\x8F\xB2\xE6\xB4\xBE\xE5\x85\x8B\xE7\x90\xBC\xE6\x96\xAF";
  for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
    const Analysis a = analyzer.analyze(input, mode);
    expect_well_formed(input, a);
    for (std::size_t i = 0; i + 1 < 5; ++i) {
      SCOPED_TRACE(i);
      const Token* bi = find_term(a, folded.substr(3 * i, 6));
      ASSERT_NE(bi, nullptr) << "\n" << render(a);
      EXPECT_EQ(bi->kind, TokenKind::cjk_gram);
      EXPECT_EQ(bi->position, i);
      EXPECT_EQ(slice(input, *bi), input.substr(3 * i, 6));
    }
  }
}

// --- Japanese and Korean ---------------------------------------------------------------

TEST(Analyzer, KatakanaAndHiraganaGiveSameTerms) {
  const Analyzer analyzer = make_analyzer();
  const char* katakana = "\xE3\x83\x92\xE3\x83\xA9\xE3\x82\xAC\xE3\x83\x8A";  // ヒラガナ
  const char* hiragana = "\xE3\x81\xB2\xE3\x82\x89\xE3\x81\x8C\xE3\x81\xAA";  // ひらがな
  for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
    const Analysis k = analyzer.analyze(katakana, mode);
    const Analysis h = analyzer.analyze(hiragana, mode);
    EXPECT_EQ(render(k), render(h)) << (mode == AnalyzeMode::index ? "index" : "query") << " mode";
  }
}

TEST(Analyzer, HalfWidthKatakanaFoldsLikeFullWidth) {
  const Analyzer analyzer = make_analyzer();
  const struct {
    const char* half;
    const char* full;
  } cases[] = {
      {"\xEF\xBD\xB6\xEF\xBE\x80\xEF\xBD\xB6\xEF\xBE\x85",
       "\xE3\x82\xAB\xE3\x82\xBF\xE3\x82\xAB\xE3\x83\x8A"},  // ｶﾀｶﾅ / カタカナ
      {"\xEF\xBD\xB6\xEF\xBE\x9E", "\xE3\x82\xAC"},          // ｶﾞ / ガ
      {"\xEF\xBE\x8A\xEF\xBE\x9F\xEF\xBE\x9D", "\xE3\x83\x91\xE3\x83\xB3"},  // ﾊﾟﾝ / パン
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.full);
    for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
      const Analysis half = analyzer.analyze(c.half, mode);
      expect_well_formed(c.half, half);
      EXPECT_FALSE(half.tokens.empty());
      EXPECT_EQ(match_keys(half), match_keys(analyzer.analyze(c.full, mode)));
    }
  }
  // ｶﾞ is one character: one unigram whose range covers both code points.
  const Analysis ga = analyzer.analyze("\xEF\xBD\xB6\xEF\xBE\x9E");
  ASSERT_EQ(ga.tokens.size(), 1U) << "\n" << render(ga);
  EXPECT_EQ(render(ga.tokens[0]), "cjk_gram \xE3\x81\x8C - 0 0..6");  // が
}

TEST(Analyzer, KoreanQueryTermsAreIndexedInInflectedForm) {
  // A query for 외로움 (loneliness) must find text with 외로움에 (in loneliness).
  const Analyzer analyzer = make_analyzer();
  const std::set<std::string> query =
      term_set(analyzer.analyze("\xEC\x99\xB8\xEB\xA1\x9C\xEC\x9B\x80", AnalyzeMode::query));
  const std::set<std::string> index = term_set(
      analyzer.analyze("\xEC\x99\xB8\xEB\xA1\x9C\xEC\x9B\x80\xEC\x97\x90", AnalyzeMode::index));
  ASSERT_FALSE(query.empty());
  for (const std::string& term : query) {
    EXPECT_TRUE(index.count(term) == 1)
        << "query term '" << term << "' is not indexed for 외로움에";
  }
}

// --- mixed scripts -------------------------------------------------------------------

TEST(Analyzer, MixedScriptsStemLatinAndGramCjk) {
  const struct {
    const char* input;
    std::vector<std::string> latin;   // "kind term stem", in order
    std::set<std::string> cjk_terms;  // index-mode CJK terms
  } cases[] = {
      {"Samantha \xE7\x9A\x84\xE8\x81\xB2\xE9\x9F\xB3",  // Samantha 的聲音
       {"word samantha samantha"},
       {"\xE7\x9A\x84", "\xE7\x9A\x84\xE5\xA3\xB0", "\xE5\xA3\xB0", "\xE5\xA3\xB0\xE9\x9F\xB3",
        "\xE9\x9F\xB3"}},                    // 的 的声 声 声音 音
      {"Her 2013 \xE6\x98\xA0\xE7\x94\xBB",  // Her 2013 映画
       {"word her her", "number 2013 -"},
       {"\xE6\x98\xA0", "\xE6\x98\xA0\xE7\x94\xBB", "\xE7\x94\xBB"}},  // 映 映画 画
      {"Joaquin \xE6\xBC\x94\xE5\xBE\x97\xE5\xBE\x88\xE5\xA5\xBD",     // Joaquin 演得很好
       {"word joaquin joaquin"},
       {"\xE6\xBC\x94", "\xE6\xBC\x94\xE5\xBE\x97", "\xE5\xBE\x97", "\xE5\xBE\x97\xE5\xBE\x88",
        "\xE5\xBE\x88", "\xE5\xBE\x88\xE5\xA5\xBD", "\xE5\xA5\xBD"}},  // 演 演得 得 得很 很 很好 好
  };
  const Analyzer analyzer = make_analyzer();
  for (const auto& c : cases) {
    SCOPED_TRACE(c.input);
    for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
      const Analysis a = analyzer.analyze(c.input, mode);
      expect_well_formed(c.input, a);
      std::vector<std::string> latin;
      std::set<std::string> cjk;
      for (const Token& t : a.tokens) {
        if (t.kind == TokenKind::word || t.kind == TokenKind::number) {
          latin.push_back(std::string(kind_name(t.kind)) + ' ' + t.term + ' ' +
                          (t.stem.empty() ? "-" : t.stem));
        } else {
          cjk.insert(t.term);
        }
      }
      EXPECT_EQ(latin, c.latin);
      // Query mode gives the same unigrams and bigrams (no longer words
      // here: these runs have none).
      EXPECT_EQ(cjk, c.cjk_terms);
    }
  }
}

// --- query mode ----------------------------------------------------------------------

TEST(Analyzer, QueryModeSingleCjkCharacterGivesUnigram) {
  const Analyzer analyzer = make_analyzer();
  const Analysis a = analyzer.analyze("\xE5\xAD\xA4", AnalyzeMode::query);  // 孤
  ASSERT_EQ(a.tokens.size(), 1U);
  EXPECT_EQ(render(a.tokens[0]), "cjk_gram \xE5\xAD\xA4 - 0 0..3");
}

TEST(Analyzer, QueryModeCjkRunHasUnigramsAndBigrams) {
  const Analyzer analyzer = make_analyzer();
  const Analysis a = analyzer.analyze("\xE5\xAD\xA4\xE7\x8B\xAC\xE7\x9A\x84\xE4\xBA\xBA",
                                      AnalyzeMode::query);  // 孤独的人
  const std::vector<std::string> expected = {
      "cjk_gram \xE5\xAD\xA4 - 0 0..3",               // 孤
      "cjk_gram \xE5\xAD\xA4\xE7\x8B\xAC - 0 0..6",   // 孤独
      "cjk_gram \xE7\x8B\xAC - 1 3..6",               // 独
      "cjk_gram \xE7\x8B\xAC\xE7\x9A\x84 - 1 3..9",   // 独的
      "cjk_gram \xE7\x9A\x84 - 2 6..9",               // 的
      "cjk_gram \xE7\x9A\x84\xE4\xBA\xBA - 2 6..12",  // 的人
      "cjk_gram \xE4\xBA\xBA - 3 9..12",              // 人
  };
  EXPECT_EQ(render(a), lines(expected));
}

// --- options, fingerprint -------------------------------------------------------------

TEST(Analyzer, CjkOptionsControlWhichTokensAreEmitted) {
  const std::string input =
      "\xE4\xB8\xAD\xE5\x8D\x8E\xE4\xBA\xBA\xE6\xB0\x91\xE5\x85\xB1\xE5\x92\x8C\xE5\x9B"
      "\xBD";  // 中华人民共和国
  auto count = [&](const AnalyzerOptions& options, TokenKind kind, std::size_t chars) {
    std::size_t n = 0;
    for (const Token& t : make_analyzer(options).analyze(input).tokens) {
      if (t.kind == kind && t.byte_end - t.byte_begin == 3 * chars) ++n;
    }
    return n;
  };
  const AnalyzerOptions defaults;
  EXPECT_EQ(count(defaults, TokenKind::cjk_gram, 1), 7U);
  EXPECT_EQ(count(defaults, TokenKind::cjk_gram, 2), 6U);
  // Dictionary words are off by default: they did not improve ranking on
  // the CJK test collections (benchmarks/README.md).
  EXPECT_EQ(count(defaults, TokenKind::cjk_word, 3), 0U);

  AnalyzerOptions no_unigrams;
  no_unigrams.cjk_unigrams = false;
  EXPECT_EQ(count(no_unigrams, TokenKind::cjk_gram, 1), 0U);
  EXPECT_EQ(count(no_unigrams, TokenKind::cjk_gram, 2), 6U);

  AnalyzerOptions with_words;
  with_words.cjk_words = true;
  EXPECT_EQ(count(with_words, TokenKind::cjk_word, 3), 1U);
  EXPECT_EQ(count(with_words, TokenKind::cjk_gram, 2), 6U);

  AnalyzerOptions trigrams;
  trigrams.ngram_size = 3;
  EXPECT_EQ(count(trigrams, TokenKind::cjk_gram, 3), 5U);
  EXPECT_EQ(count(trigrams, TokenKind::cjk_gram, 2), 0U);
}

TEST(Analyzer, FingerprintNamesIcuVersionAndNgramSize) {
  const Analyzer bigrams = make_analyzer();
  const std::string fp = bigrams.fingerprint();
  EXPECT_NE(fp.find(U_ICU_VERSION), std::string::npos) << fp;
  EXPECT_NE(fp.find("ngram=2"), std::string::npos) << fp;
  EXPECT_EQ(fp, make_analyzer().fingerprint()) << "fingerprints must be stable";

  AnalyzerOptions options;
  options.ngram_size = 3;
  const std::string fp3 = make_analyzer(options).fingerprint();
  EXPECT_NE(fp3, fp);
  EXPECT_NE(fp3.find("ngram=3"), std::string::npos) << fp3;

  AnalyzerOptions unstemmed;
  unstemmed.stemmer = "none";
  EXPECT_NE(make_analyzer(unstemmed).fingerprint(), fp);
}

TEST(Analyzer, CreateRejectsInvalidOptions) {
  const struct {
    const char* name;
    std::uint32_t ngram_size;
    const char* stemmer;
  } bad[] = {{"ngram 0", 0, "english"}, {"ngram 5", 5, "english"}, {"klingon", 2, "klingon"}};
  for (const auto& c : bad) {
    SCOPED_TRACE(c.name);
    AnalyzerOptions options;
    options.ngram_size = c.ngram_size;
    options.stemmer = c.stemmer;
    const auto created = Analyzer::create(options);
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code, ErrorCode::invalid_argument);
    EXPECT_FALSE(created.error().message.empty());
  }
  for (const std::uint32_t n : {1U, 4U}) {
    AnalyzerOptions options;
    options.ngram_size = n;
    EXPECT_TRUE(Analyzer::create(options).has_value()) << "ngram_size " << n;
  }
  AnalyzerOptions french;
  french.stemmer = "french";
  EXPECT_TRUE(Analyzer::create(french).has_value());
}

// --- edges ---------------------------------------------------------------------------

TEST(Analyzer, InvalidUtf8IsCountedAndRepaired) {
  const Analyzer analyzer = make_analyzer();
  const std::string input = "ab\xFF\xFE cd";
  const Analysis a = analyzer.analyze(input);
  EXPECT_EQ(a.repaired_bytes, 2U);
  expect_well_formed(input, a);
  EXPECT_EQ(render(a), "word ab ab 0 0..2\nword cd cd 1 5..7\n");

  const std::string cut = "\xE5\xAD\xA4\xE5\xAD";  // 孤 and a cut character
  const Analysis b = analyzer.analyze(cut);
  EXPECT_EQ(b.repaired_bytes, 2U);
  expect_well_formed(cut, b);
  EXPECT_EQ(render(b), "cjk_gram \xE5\xAD\xA4 - 0 0..3\n");

  const std::string surrogate = "x\xED\xA0\x80y";
  const Analysis c = analyzer.analyze(surrogate, AnalyzeMode::query);
  EXPECT_EQ(c.repaired_bytes, 3U);
  expect_well_formed(surrogate, c);
}

TEST(Analyzer, EmptyAndPunctuationOnlyGiveNoTokens) {
  const Analyzer analyzer = make_analyzer();
  for (const char* input :
       {"", " ", "   \t\r\n", "...!?", "\xE3\x80\x82\xE3\x80\x81\xEF\xBC\x81"}) {
    SCOPED_TRACE(::testing::PrintToString(std::string(input)));
    for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
      const Analysis a = analyzer.analyze(input, mode);
      EXPECT_TRUE(a.tokens.empty()) << "\n" << render(a);
      EXPECT_EQ(a.repaired_bytes, 0U);
    }
  }
}

TEST(Analyzer, OverlongTermsAreDroppedNotTruncated) {
  const Analyzer analyzer = make_analyzer();
  const std::string longest(240, 'a');
  const Analysis kept = analyzer.analyze(longest);
  ASSERT_EQ(kept.tokens.size(), 1U);
  EXPECT_EQ(kept.tokens[0].term, longest);

  const std::string input = std::string(241, 'a') + " her";
  const Analysis a = analyzer.analyze(input);
  expect_well_formed(input, a);
  ASSERT_EQ(a.tokens.size(), 1U) << "\n" << render(a);
  EXPECT_EQ(a.tokens[0].term, "her");
  EXPECT_EQ(a.tokens[0].byte_begin, 242U);
}

TEST(Analyzer, RepeatedCallsAreIndependent) {
  const Analyzer analyzer = make_analyzer();
  const std::string mixed = "Samantha \xE7\x9A\x84\xE8\x81\xB2\xE9\x9F\xB3 2013";
  const std::string first = render(analyzer.analyze(mixed));
  (void)analyzer.analyze("ab\xFF\xFE cd \xE5\xAD\xA4\xE7\x8D\xA8", AnalyzeMode::query);
  (void)analyzer.analyze(std::string(5000, 'x'));
  EXPECT_EQ(render(analyzer.analyze(mixed)), first);
  EXPECT_EQ(render(make_analyzer().analyze(mixed)), first);
}

TEST(Analyzer, MovedAnalyzerKeepsWorking) {
  Analyzer a = make_analyzer();
  const std::string before = render(a.analyze("Her \xE5\xAD\xA4\xE7\x8B\xAC"));
  Analyzer b = std::move(a);
  EXPECT_EQ(render(b.analyze("Her \xE5\xAD\xA4\xE7\x8B\xAC")), before);
  EXPECT_EQ(b.options().ngram_size, 2U);
}

}  // namespace
}  // namespace herdex
