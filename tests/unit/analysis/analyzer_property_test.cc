// Property tests for herdex::Analyzer: whatever the bytes, analysis never
// fails and every token it returns is well formed. Inputs come from a
// fixed-seed generator, so a failure reproduces exactly.

#include "herdex/analyzer.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/utf8.h"

namespace herdex {
namespace {

constexpr std::uint32_t kSeed = 20130 + 1218;  // Her, released 2013-12-18
constexpr int kRandomCases = 300;
constexpr std::size_t kMaxTermBytes = 240;

Analyzer make_analyzer() {
  auto created = Analyzer::create();
  if (!created) {
    ADD_FAILURE() << "Analyzer::create failed: " << created.error().message;
    std::abort();
  }
  return std::move(created).value();
}

// The input as a C string literal, shortened, for failure messages.
std::string describe(std::string_view input) {
  std::string out = "(" + std::to_string(input.size()) + " bytes) \"";
  const std::size_t shown = input.size() < 240 ? input.size() : 240;
  for (std::size_t i = 0; i < shown; ++i) {
    const auto c = static_cast<unsigned char>(input[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    }
  }
  out += shown < input.size() ? "\"..." : "\"";
  return out;
}

// Returns "" if the analysis of `input` keeps every promise, else the first
// broken one.
std::string check_analysis(std::string_view input, const std::string& repaired, const Analysis& a) {
  if (a.repaired_bytes != detail::count_invalid_utf8(input)) {
    return "repaired_bytes " + std::to_string(a.repaired_bytes) + " but the input has " +
           std::to_string(detail::count_invalid_utf8(input)) + " invalid bytes";
  }
  std::uint32_t last_position = 0;
  std::size_t last_begin = 0;
  for (std::size_t i = 0; i < a.tokens.size(); ++i) {
    const Token& t = a.tokens[i];
    const std::string where = "token " + std::to_string(i) + " (term " + describe(t.term) +
                              ", position " + std::to_string(t.position) + ", bytes " +
                              std::to_string(t.byte_begin) + ".." + std::to_string(t.byte_end) +
                              "): ";
    if (!(t.byte_begin < t.byte_end && t.byte_end <= input.size())) {
      return where + "range is empty or outside the input";
    }
    const std::string_view span =
        std::string_view(repaired).substr(t.byte_begin, t.byte_end - t.byte_begin);
    if (detail::count_invalid_utf8(span) != 0) {
      return where + "range does not slice whole UTF-8 characters";
    }
    if (t.position < last_position) return where + "position decreased";
    if (t.byte_begin < last_begin) return where + "byte_begin decreased";
    if (t.term.empty()) return where + "empty term";
    if (t.term.size() > kMaxTermBytes) return where + "term longer than 240 bytes";
    if (detail::count_invalid_utf8(t.term) != 0) return where + "term is not valid UTF-8";
    if (t.kind != TokenKind::word && !t.stem.empty()) return where + "non-word has a stem";
    if (t.stem.size() > kMaxTermBytes) return where + "stem longer than 240 bytes";
    last_position = t.position;
    last_begin = t.byte_begin;
  }
  return "";
}

// Analyzes `input` in both modes and checks every promise.
void check_input(const Analyzer& analyzer, const std::string& input) {
  std::string repaired = input;
  (void)detail::repair_utf8(repaired);
  for (const AnalyzeMode mode : {AnalyzeMode::index, AnalyzeMode::query}) {
    const char* mode_name = mode == AnalyzeMode::index ? "index" : "query";
    Analysis a;
    try {
      a = analyzer.analyze(input, mode);
    } catch (const std::exception& e) {
      ADD_FAILURE() << mode_name << " mode threw " << e.what() << " on " << describe(input);
      continue;
    }
    const std::string broken = check_analysis(input, repaired, a);
    EXPECT_EQ(broken, "") << mode_name << " mode on " << describe(input);
  }
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// Random text from the scripts and traps herdex must handle.
class TextGenerator {
 public:
  explicit TextGenerator(std::mt19937& rng) : rng_(rng) {}

  std::string make(std::size_t max_bytes) {
    std::string out;
    const std::size_t target = pick(0, max_bytes);
    while (out.size() < target) add_piece(out);
    return out;
  }

 private:
  std::size_t pick(std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng_);
  }
  char32_t in_range(char32_t lo, char32_t hi) { return static_cast<char32_t>(pick(lo, hi)); }

  void add_piece(std::string& out) {
    switch (pick(0, 15)) {
      case 0:  // ASCII letters, digits, punctuation
        for (std::size_t n = pick(1, 12); n > 0; --n) {
          out += static_cast<char>(pick(0x20, 0x7E));
        }
        break;
      case 1:  // a word and a space
        for (std::size_t n = pick(1, 10); n > 0; --n) out += static_cast<char>(pick('a', 'z'));
        out += ' ';
        break;
      case 2: {  // Latin-1 letters with accents, ß, Æ
        static const char32_t kLatin1[] = {0xE9, 0xEF, 0xDF, 0xC6, 0xF8, 0xC9, 0xFC, 0xF1};
        append_utf8(out, kLatin1[pick(0, 7)]);
        break;
      }
      case 3:  // a few combining marks
        for (std::size_t n = pick(1, 3); n > 0; --n)
          append_utf8(out, pick(0, 1) ? char32_t{0x0301} : char32_t{0x0308});
        break;
      case 4:  // a storm of combining marks, rarely
        if (pick(0, 20) == 0) {
          const char32_t mark = pick(0, 1) ? char32_t{0x0301} : char32_t{0x0308};
          for (int n = 0; n < 500; ++n) append_utf8(out, mark);
        }
        break;
      case 5:
      case 6:  // Han, common and Traditional
        for (std::size_t n = pick(1, 8); n > 0; --n) append_utf8(out, in_range(0x4E00, 0x9FFF));
        break;
      case 7:  // hiragana, katakana, prolonged sound mark
        for (std::size_t n = pick(1, 8); n > 0; --n) {
          const std::size_t which = pick(0, 4);
          append_utf8(out, which == 0  ? char32_t{0x30FC}
                           : which < 3 ? in_range(0x3041, 0x3096)
                                       : in_range(0x30A1, 0x30FA));
        }
        break;
      case 8:  // half-width katakana, with sound marks
        for (std::size_t n = pick(1, 8); n > 0; --n) append_utf8(out, in_range(0xFF66, 0xFF9F));
        break;
      case 9:  // Hangul syllables and jamo
        for (std::size_t n = pick(1, 6); n > 0; --n) {
          append_utf8(out, pick(0, 5) ? in_range(0xAC00, 0xD7A3) : in_range(0x1100, 0x11FF));
        }
        break;
      case 10: {  // emoji, with zero-width joiners and variation selectors
        static const char* const kEmoji[] = {
            "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB",  // 👩‍💻
            "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7",  // 👨‍👩‍👧
            "\xE2\x9D\xA4\xEF\xB8\x8F",                                                  // ❤️
            "\xF0\x9F\x98\x80",                                                          // 😀
            "\xE2\x80\x8D",  // a lone ZWJ
        };
        out += kEmoji[pick(0, 4)];
        break;
      }
      case 11:  // UTF-8-encoded lone surrogates and other invalid bytes
        out += pick(0, 1) ? "\xED\xA0\x80" : "\xED\xBF\xBF";
        if (pick(0, 3) == 0) out += static_cast<char>(pick(0x80, 0xFF));
        break;
      case 12: {  // apostrophes, full-width Latin and digits
        static const char32_t kMisc[] = {0x2019, 0x2018, 0x02BC, 0xFF07, 0x27,   0xFF28,
                                         0xFF45, 0xFF12, 0x3002, 0x3001, 0x00B7, 0x30FB};
        append_utf8(out, kMisc[pick(0, 11)]);
        break;
      }
      case 13:  // numbers
        out += std::to_string(pick(0, 100000));
        if (pick(0, 1)) out += pick(0, 1) ? "." : ",";
        break;
      case 14: {  // whitespace and line breaks
        static const char* const kSpace[] = {" ", "\t", "\n", "\r\n", "\f", "\xE3\x80\x80"};
        out += kSpace[pick(0, 5)];
        break;
      }
      default: {  // a known word or phrase
        static const char* const kWords[] = {"Her",
                                             "Jonze\xE2\x80\x99s",
                                             "\xE5\xAD\xA4\xE7\x8D\xA8",
                                             "\xE3\x83\x92\xE3\x83\xA9\xE3\x82\xAC\xE3\x83\x8A",
                                             "\xEC\x99\xB8\xEB\xA1\x9C\xEC\x9B\x80\xEC\x97\x90",
                                             "\xEF\xBD\xB6\xEF\xBE\x9E"};
        out += kWords[pick(0, 5)];
        break;
      }
    }
  }

  std::mt19937& rng_;
};

TEST(AnalyzerProperty, CheckerRejectsBrokenTokens) {
  // The checker itself must be able to fail.
  const std::string input = "ab \xE5\xAD\xA4";  // ab 孤
  auto with = [](Token t) {
    Analysis a;
    a.tokens.push_back(std::move(t));
    return a;
  };
  EXPECT_EQ(check_analysis(input, input, with(Token{"ab", "ab", TokenKind::word, 0, 0, 2})), "");
  EXPECT_NE(check_analysis(input, input, with(Token{"ab", "ab", TokenKind::word, 0, 2, 2})), "");
  EXPECT_NE(check_analysis(input, input, with(Token{"x", "", TokenKind::cjk_gram, 0, 3, 7})), "");
  EXPECT_NE(check_analysis(input, input, with(Token{"x", "", TokenKind::cjk_gram, 0, 4, 6})), "");
  EXPECT_NE(check_analysis(input, input, with(Token{"", "", TokenKind::word, 0, 0, 2})), "");
  EXPECT_NE(check_analysis(input, input,
                           with(Token{std::string(241, 'a'), "", TokenKind::number, 0, 0, 2})),
            "");
  Analysis backwards;
  backwards.tokens.push_back(Token{"ab", "ab", TokenKind::word, 1, 0, 2});
  backwards.tokens.push_back(Token{"x", "", TokenKind::cjk_gram, 0, 3, 6});
  EXPECT_NE(check_analysis(input, input, backwards), "");
  Analysis miscounted;
  miscounted.repaired_bytes = 1;
  EXPECT_NE(check_analysis(input, input, miscounted), "");
}

TEST(AnalyzerProperty, QueryTermsAreIndexTermsOfTheSameText) {
  // Searching for a text must be able to match that text: every term the
  // query mode produces is one the index mode produces for the same input.
  const Analyzer analyzer = make_analyzer();
  std::mt19937 rng(kSeed + 2);
  TextGenerator generator(rng);
  for (int i = 0; i < kRandomCases; ++i) {
    const std::string input = generator.make(400);
    std::set<std::string> indexed;
    for (const Token& t : analyzer.analyze(input, AnalyzeMode::index).tokens)
      indexed.insert(t.term);
    for (const Token& t : analyzer.analyze(input, AnalyzeMode::query).tokens) {
      if (indexed.count(t.term) == 0) {
        ADD_FAILURE() << "query term " << describe(t.term) << " is not indexed for "
                      << describe(input);
        return;
      }
    }
  }
}

TEST(AnalyzerProperty, AnalysisIsDeterministic) {
  const Analyzer analyzer = make_analyzer();
  const Analyzer other = make_analyzer();
  std::mt19937 rng(kSeed + 3);
  TextGenerator generator(rng);
  for (int i = 0; i < 50; ++i) {
    const std::string input = generator.make(1000);
    const Analysis a = analyzer.analyze(input);
    const Analysis b = other.analyze(input);
    const Analysis c = analyzer.analyze(input);
    ASSERT_EQ(a.tokens.size(), b.tokens.size()) << describe(input);
    ASSERT_EQ(a.tokens.size(), c.tokens.size()) << describe(input);
    for (std::size_t k = 0; k < a.tokens.size(); ++k) {
      const Token& x = a.tokens[k];
      for (const Token* y : {&b.tokens[k], &c.tokens[k]}) {
        ASSERT_TRUE(x.term == y->term && x.stem == y->stem && x.kind == y->kind &&
                    x.position == y->position && x.byte_begin == y->byte_begin &&
                    x.byte_end == y->byte_end)
            << "token " << k << " differs on " << describe(input);
      }
    }
  }
}

TEST(AnalyzerProperty, RandomBytes) {
  const Analyzer analyzer = make_analyzer();
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<std::size_t> length(0, 2000);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < kRandomCases; ++i) {
    std::string input(length(rng), '\0');
    for (char& c : input) c = static_cast<char>(byte(rng));
    check_input(analyzer, input);
    if (HasFailure()) break;  // one reproducible case is enough
  }
}

TEST(AnalyzerProperty, RandomMultiScriptText) {
  const Analyzer analyzer = make_analyzer();
  std::mt19937 rng(kSeed + 1);
  TextGenerator generator(rng);
  for (int i = 0; i < kRandomCases; ++i) {
    check_input(analyzer, generator.make(2000));
    if (HasFailure()) break;
  }
}

TEST(AnalyzerProperty, CombiningMarkStorms) {
  const Analyzer analyzer = make_analyzer();
  std::string input = "e";
  for (int n = 0; n < 500; ++n) input += "\xCC\x81";  // U+0301
  input += " \xE5\xAD\xA4";                           // 孤
  for (int n = 0; n < 500; ++n) input += "\xCC\x88";  // U+0308 on Han
  input += " ";
  for (int n = 0; n < 500; ++n) input += "\xCC\x88";      // marks with no base
  input += "\xEF\xBD\xB6";                                // ｶ
  for (int n = 0; n < 500; ++n) input += "\xEF\xBE\x9E";  // ﾞ storm
  check_input(analyzer, input);
}

TEST(AnalyzerProperty, OneMegabyteWordWithoutSpace) {
  const Analyzer analyzer = make_analyzer();
  const std::string input(std::size_t{1} << 20, 'a');
  check_input(analyzer, input);
  // The word is far too long to be a term, so nothing is emitted for it.
  EXPECT_TRUE(analyzer.analyze(input).tokens.empty());
  // The text after it is still analyzed.
  const Analysis tail = analyzer.analyze(input + " her");
  ASSERT_EQ(tail.tokens.size(), 1U);
  EXPECT_EQ(tail.tokens[0].term, "her");
  EXPECT_EQ(tail.tokens[0].byte_begin, input.size() + 1);
}

TEST(AnalyzerProperty, OneMegabyteHanWithoutPunctuation) {
  const Analyzer analyzer = make_analyzer();
  // Simplified and Traditional text, no spaces or punctuation.
  const std::string sentence =
      "\xE5\xAD\xA4\xE7\x8B\xAC\xE7\x9A\x84\xE4\xBA\xBA\xE5\x9C\xA8\xE9\x9B\xBB\xE5\xBD\xB1"
      "\xE9\x99\xA2\xE9\x87\x8C\xE5\x90\xAC\xE5\xA5\xB9\xE7\x9A\x84\xE8\x81\xB2\xE9\x9F\xB3"
      "\xE5\x8F\xB2\xE6\xB4\xBE\xE5\x85\x8B\xE7\x93\x8A\xE6\x96\xAF\xE5\xAF\xBC\xE6\xBC\x94";
  std::string input;
  while (input.size() + sentence.size() <= (std::size_t{1} << 20)) input += sentence;
  const std::size_t chars = input.size() / 3;
  check_input(analyzer, input);
  const Analysis a = analyzer.analyze(input);
  ASSERT_FALSE(a.tokens.empty());
  // One unigram per character and one bigram per adjacent pair, at least.
  std::size_t unigrams = 0;
  std::size_t bigrams = 0;
  for (const Token& t : a.tokens) {
    if (t.kind != TokenKind::cjk_gram) continue;
    if (t.byte_end - t.byte_begin == 3) ++unigrams;
    if (t.byte_end - t.byte_begin == 6) ++bigrams;
  }
  EXPECT_EQ(unigrams, chars);
  EXPECT_EQ(bigrams, chars - 1);
  EXPECT_EQ(a.tokens.back().position, chars - 1);
}

TEST(AnalyzerProperty, TextLongerThanOneWindowKeepsOffsetsAndPositions) {
  // Text is analyzed in windows of 16 MiB cut at a space or line break, or
  // anywhere on a character boundary when there is none; offsets and
  // positions must stay those of the whole text.
  const Analyzer analyzer = make_analyzer();
  const std::size_t mib = std::size_t{1} << 20;
  const std::string at_space = "her " + std::string(9 * mib, 'a') + " " +
                               std::string(8 * mib, 'b') + "\n\xE5\xAD\xA4\xE7\x8B\xAC film";
  const std::string no_space = "her " + std::string(17 * mib, 'a') + " film";
  for (const std::string* input : {&at_space, &no_space}) {
    SCOPED_TRACE(input == &at_space ? "cut at a space" : "cut inside a word");
    const Analysis a = analyzer.analyze(*input);
    ASSERT_EQ(check_analysis(*input, *input, a), "");
    ASSERT_GE(a.tokens.size(), 2U);
    EXPECT_EQ(a.tokens.front().term, "her");
    const Token& film = a.tokens.back();
    EXPECT_EQ(film.term, "film");
    EXPECT_EQ(film.byte_begin, input->size() - 4);
    EXPECT_EQ(film.byte_end, input->size());
  }
  const Analysis a = analyzer.analyze(at_space);
  ASSERT_EQ(a.tokens.size(), 5U);  // her, 孤, 孤独, 独, film: the long words are dropped
  EXPECT_EQ(a.tokens[1].term, "\xE5\xAD\xA4");
  EXPECT_EQ(a.tokens[1].position, 3U);  // her, aaa..., bbb..., 孤
  EXPECT_EQ(a.tokens[1].byte_begin, at_space.size() - 11);
  EXPECT_EQ(a.tokens.back().position, 5U);
}

}  // namespace
}  // namespace herdex
