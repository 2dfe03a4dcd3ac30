// Tests for choosing the snippet shown for a passage (lib/search/snippet.h):
// the best stretch of text, within the size asked for, never cut inside a
// character or a grapheme cluster.
#include "search/snippet.h"

#include <gtest/gtest.h>

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/utext.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

// Grapheme clusters, decomposed and composed.
const std::string kCombining = "e\xCC\x81";           // e + U+0301, 3 bytes
const std::string kCombining2 = "a\xCC\x81\xCC\xA3";  // a + U+0301 + U+0323, 5 bytes
const std::string kFamily =                           // 👩‍👩‍👧, 18 bytes
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
const std::string kThumb = "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD";  // 👍🏽, 8 bytes
const std::string kHeart = "\xE2\x9D\xA4\xEF\xB8\x8F";          // ❤️, 6 bytes
const std::string kKi = "\xE0\xA4\x95\xE0\xA4\xBF";             // कि (spacing mark), 6 bytes

// Grapheme boundaries by ICU's own break iterator, in UTF-8 offsets.
std::set<std::size_t> icu_boundaries(std::string_view text) {
  std::set<std::size_t> out{0, text.size()};
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> it(
      icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
  UText* ut = utext_openUTF8(nullptr, text.data(), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) {
    ADD_FAILURE() << u_errorName(status);
    return out;
  }
  it->setText(ut, status);
  for (std::int32_t b = it->first(); b != icu::BreakIterator::DONE; b = it->next()) {
    out.insert(static_cast<std::size_t>(b));
  }
  utext_close(ut);
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

std::string repeat(const std::string& s, std::size_t n, const std::string& sep = "") {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += (i > 0 ? sep : "") + s;
  return out;
}

// Matches of `term` for every occurrence of `word` in text.
std::vector<MatchSpan> find_all(std::string_view text, std::string_view word, std::size_t term) {
  std::vector<MatchSpan> out;
  for (std::size_t p = text.find(word); p != std::string_view::npos; p = text.find(word, p + 1)) {
    out.push_back({p, p + word.size(), term});
  }
  return out;
}

std::vector<MatchSpan> merged(std::vector<MatchSpan> a, const std::vector<MatchSpan>& b) {
  a.insert(a.end(), b.begin(), b.end());
  std::sort(a.begin(), a.end(),
            [](const MatchSpan& x, const MatchSpan& y) { return x.byte_begin < y.byte_begin; });
  return a;
}

bool contains(const SnippetWindow& w, const MatchSpan& m) {
  return w.byte_begin <= m.byte_begin && m.byte_end <= w.byte_end;
}

// What every window must be.
void expect_valid(std::string_view text, std::size_t begin, std::size_t end, std::size_t max_bytes,
                  const SnippetWindow& w) {
  const std::set<std::size_t> boundaries = icu_boundaries(text);
  SCOPED_TRACE("window [" + std::to_string(w.byte_begin) + ", " + std::to_string(w.byte_end) +
               ") of [" + std::to_string(begin) + ", " + std::to_string(end) + "), max " +
               std::to_string(max_bytes));
  ASSERT_LE(begin, w.byte_begin);
  ASSERT_LE(w.byte_begin, w.byte_end);
  ASSERT_LE(w.byte_end, end);
  EXPECT_EQ(boundaries.count(w.byte_begin), 1U) << "begin splits a grapheme";
  EXPECT_EQ(boundaries.count(w.byte_end), 1U) << "end splits a grapheme";
  if (w.byte_end - w.byte_begin > max_bytes) {
    // Only a single grapheme longer than the window may exceed it.
    const auto next = boundaries.upper_bound(w.byte_begin);
    EXPECT_TRUE(next != boundaries.end() && *next == w.byte_end)
        << "window of " << (w.byte_end - w.byte_begin) << " bytes";
  }
  if (w.byte_end > w.byte_begin) {
    EXPECT_FALSE(is_space(text[w.byte_begin]));
    EXPECT_FALSE(is_space(text[w.byte_end - 1]));
  }
  EXPECT_EQ(w.cut_before, w.byte_begin > begin);
  EXPECT_EQ(w.cut_after, w.byte_end < end);
}

TEST(Snippet, ReturnsShortPassageWhole) {
  const std::string text = "Intro. The passage itself is short. Outro.";
  const std::size_t begin = 7;
  const std::size_t end = 35;
  const std::vector<MatchSpan> matches = {{11, 18, 0}};
  for (const std::size_t max_bytes : {28U, 29U, 240U}) {
    SCOPED_TRACE(max_bytes);
    const SnippetWindow w = choose_snippet(text, begin, end, matches, max_bytes);
    EXPECT_EQ(w.byte_begin, begin);
    EXPECT_EQ(w.byte_end, end);
    EXPECT_FALSE(w.cut_before);
    EXPECT_FALSE(w.cut_after);
  }
  const SnippetWindow whole = choose_snippet(text, 0, text.size(), {}, text.size());
  EXPECT_EQ(whole.byte_begin, 0U);
  EXPECT_EQ(whole.byte_end, text.size());
}

TEST(Snippet, ClampsRangeToText) {
  const std::string text = "short text";
  const SnippetWindow w = choose_snippet(text, 3, 1000, {}, 240);
  EXPECT_EQ(w.byte_begin, 3U);
  EXPECT_EQ(w.byte_end, text.size());
  const SnippetWindow inverted = choose_snippet(text, 8, 4, {}, 240);
  EXPECT_EQ(inverted.byte_begin, inverted.byte_end);
}

std::string filler(std::size_t words) { return repeat("lorem ipsum dolor sit", words / 4, " "); }

TEST(Snippet, WindowHoldsBestClusterOfTerms) {
  const std::string text = filler(8) + " alpha " + filler(60) + " gamma beta alpha " + filler(60);
  const std::vector<MatchSpan> matches = merged(
      merged(find_all(text, "alpha", 0), find_all(text, "beta", 1)), find_all(text, "gamma", 2));
  ASSERT_EQ(matches.size(), 4U);
  for (const std::size_t max_bytes : {40U, 60U, 100U, 240U}) {
    SCOPED_TRACE(max_bytes);
    const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, max_bytes);
    expect_valid(text, 0, text.size(), max_bytes, w);
    EXPECT_TRUE(contains(w, matches[1]));  // gamma
    EXPECT_TRUE(contains(w, matches[2]));  // beta
    EXPECT_TRUE(contains(w, matches[3]));  // alpha
    EXPECT_TRUE(w.cut_before);
    EXPECT_TRUE(w.cut_after);
  }
}

// Issue 20: a window of under 40 bytes has too little slack to reach a
// space, and cut "a brigh…". Its edges fall between words.
TEST(Snippet, ShortWindowsEndBetweenWords) {
  const std::string text =
      "Theodore writes letters for strangers all day. Then Samantha arrives, a bright and "
      "curious voice that names itself, and everything changes for him afterwards.";
  const auto matches = find_all(text, "Samantha", 0);
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t max_bytes = 16; max_bytes <= 48; ++max_bytes) {
    SCOPED_TRACE(max_bytes);
    const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, max_bytes);
    expect_valid(text, 0, text.size(), max_bytes, w);
    EXPECT_TRUE(contains(w, matches[0]));
    const bool cut_start =
        w.byte_begin > 0 && is_word(text[w.byte_begin - 1]) && is_word(text[w.byte_begin]);
    const bool cut_end =
        w.byte_end < text.size() && is_word(text[w.byte_end - 1]) && is_word(text[w.byte_end]);
    EXPECT_FALSE(cut_start) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
    EXPECT_FALSE(cut_end) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  }
}

// In unspaced text a window of ordinary length keeps its bytes where it
// cuts a number or a Latin word: those are often what a question asks for.
TEST(Snippet, LongWindowInCjkTextIsNotPulledBackFromANumber) {
  std::string text = "孤独";
  for (int i = 0; i < 46; ++i) text += "的";  // 6 + 138 bytes
  text += "20181234";                         // bytes 144-152: the 150-byte cut falls inside
  for (int i = 0; i < 30; ++i) text += "的";
  const auto matches = find_all(text, "孤独", 0);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 150);
  expect_valid(text, 0, text.size(), 150, w);
  EXPECT_GE(w.byte_end - w.byte_begin, 147U)
      << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
}

TEST(Snippet, PrefersDistinctTermsOverRepeats) {
  const std::string text =
      filler(8) + " alpha alpha alpha alpha " + filler(40) + " alpha beta " + filler(40);
  const auto matches = merged(find_all(text, "alpha", 0), find_all(text, "beta", 1));
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 60);
  expect_valid(text, 0, text.size(), 60, w);
  EXPECT_TRUE(contains(w, matches.back()));               // beta
  EXPECT_TRUE(contains(w, matches[matches.size() - 2]));  // the alpha beside it
}

TEST(Snippet, PrefersMoreMatchesWhenTermsTie) {
  const std::string text = filler(8) + " alpha " + filler(4) + " beta " + filler(40) +
                           " alpha beta alpha beta " + filler(40);
  const auto matches = merged(find_all(text, "alpha", 0), find_all(text, "beta", 1));
  ASSERT_EQ(matches.size(), 6U);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 60);
  expect_valid(text, 0, text.size(), 60, w);
  for (std::size_t i = 2; i < 6; ++i) EXPECT_TRUE(contains(w, matches[i])) << i;
}

// Every match the window was chosen for must be inside it: "alpha" and
// "beta" lie 48 bytes apart and fit a 60-byte window.
TEST(Snippet, WindowContainsTheMatchesItCounted) {
  const std::string text = repeat("word", 20, " ") + " alpha " + std::string(37, 'x') +
                           " beta after after after after after after after";
  const auto matches = merged(find_all(text, "alpha", 0), find_all(text, "beta", 1));
  ASSERT_EQ(matches.size(), 2U);
  ASSERT_LE(matches[1].byte_end - matches[0].byte_begin, 60U);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 60);
  expect_valid(text, 0, text.size(), 60, w);
  EXPECT_TRUE(contains(w, matches[0])) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  EXPECT_TRUE(contains(w, matches[1])) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
}

// The sentence that holds the query's words is shown from its start, where
// the answer to a question about it often stands (its subject).
TEST(Snippet, StartsAtTheSentenceThatMatchesBest) {
  const std::string first = "梵语曾是古印度的宗教语言。";
  const std::string best = "梵語作為古印度的學術語言，與俗語同時共存，而俗語演化成了方言。";
  const std::string text = first + best + "此后梵语的使用逐渐减少，只在宗教仪式中保留下来。";
  const auto matches = merged(merged(find_all(text, "俗語", 0), find_all(text, "同時", 1)),
                              find_all(text, "方言", 2));
  ASSERT_EQ(matches.size(), 4U);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 90);
  expect_valid(text, 0, text.size(), 90, w);
  EXPECT_EQ(w.byte_begin, first.size()) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  const Sentence s = best_sentence(text, 0, text.size(), matches);
  EXPECT_EQ(s.byte_begin, first.size());
  EXPECT_EQ(s.byte_end, first.size() + best.size());
  EXPECT_GT(s.score, 0.0);
}

// Sentences end at 。！？； and line breaks, and at ASCII .!? only before
// whitespace: "3.5" and "Her." in "Her.ai" do not end one.
TEST(Snippet, FindsSentenceEnds) {
  struct Case {
    std::string before;  // sentences ahead of the one that matches
    std::string match;   // the sentence that matches, from its start
  };
  const Case cases[] = {
      {"The film runs 2.5 hours. ", "Phoenix is superb as Theodore in it."},
      {"Was it good? ", "Phoenix is superb as Theodore in it."},
      {"Wow! ", "Phoenix is superb as Theodore in it."},
      {"第一句！", "Phoenix 演得很好，Theodore 很动人。"},
      {"第一句？", "Phoenix 演得很好，Theodore 很动人。"},
      {"第一句；", "Phoenix 演得很好，Theodore 很动人。"},
      {"a line\n", "Phoenix is superb as Theodore in it."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.before);
    const std::string text = c.before + c.match + " The end.";
    const auto matches = merged(find_all(text, "Phoenix", 0), find_all(text, "Theodore", 1));
    const Sentence s = best_sentence(text, 0, text.size(), matches);
    EXPECT_EQ(s.byte_begin, c.before.size());
  }
  // Not a sentence end: the decimal point and a dot inside a word.
  const std::string text = "It runs 2.5 hours and Her.ai is Phoenix and Theodore.";
  const auto matches = merged(find_all(text, "Phoenix", 0), find_all(text, "Theodore", 1));
  EXPECT_EQ(best_sentence(text, 0, text.size(), matches).byte_begin, 0U);
}

// sentence_start() looking back finds the same boundaries as sentence_end()
// walking forward, from every position, in mixed text.
TEST(Snippet, SentenceStartAgreesWithSentenceEnd) {
  const std::string texts[] = {
      "One. Two!  Three?\nFour 2.5 five...  Six.\n\nSeven",
      "第一句。第二句！第三句？第四句；第五 sentence. 第六\n",
      ". .\n。。x! ?",
      "",
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    for (std::size_t begin = 0; begin <= text.size(); begin += 3) {
      std::vector<std::size_t> starts{begin};
      while (starts.back() < text.size())
        starts.push_back(sentence_end(text, starts.back(), text.size()));
      for (std::size_t i = begin; i < text.size(); ++i) {
        const std::size_t expected = *std::prev(std::upper_bound(starts.begin(), starts.end(), i));
        EXPECT_EQ(sentence_start(text, begin, i), expected) << "begin " << begin << " i " << i;
      }
    }
  }
}

// When no sentence holds a match that weighs anything (the fuzzer found
// this), the window still shows matches: the stretch with the most.
TEST(Snippet, ShowsMatchesWhenNoSentenceWeighs) {
  const std::string text =
      filler(20) + ". Samantha laughs and the operating system sounds alive. " + filler(20);
  const auto matches = merged(find_all(text, "Samantha", 0), find_all(text, "system", 1));
  const std::vector<double> zero{0.0, 0.0};
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 60, &zero);
  expect_valid(text, 0, text.size(), 60, w);
  EXPECT_TRUE(contains(w, matches[0]) || contains(w, matches[1]))
      << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  EXPECT_EQ(best_sentence(text, 0, text.size(), matches, &zero).score, 0.0);
}

// The best sentence's only match is longer than the window: the window
// shows a match it can hold whole instead (found by the fuzzer).
TEST(Snippet, ShowsAWholeMatchWhenTheBestSentenceIsTooLong) {
  const std::string long_word(50, 'q');
  const std::string text =
      "Start " + long_word + " ends here. " + filler(8) + ". Then beta shows up. " + filler(8);
  const auto matches = merged(find_all(text, long_word, 0), find_all(text, "beta", 1));
  ASSERT_EQ(matches.size(), 2U);
  const std::vector<double> weights{5.0, 1.0};
  EXPECT_EQ(best_sentence(text, 0, text.size(), matches, &weights).byte_begin, 0U);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 30, &weights);
  expect_valid(text, 0, text.size(), 30, w);
  EXPECT_TRUE(contains(w, matches[1])) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
}

// A short sentence near the passage end: the window reaches back before it,
// and moving its start to the next space must not pass the match (found by
// the fuzzer).
TEST(Snippet, StartNeverMovesPastTheSentenceItShows) {
  std::string text;
  for (int i = 0; i < 12; ++i) text += "甲";
  text += "。Zo rocks。";
  for (int i = 0; i < 14; ++i) text += "乙";
  const auto matches = find_all(text, "Zo", 0);
  ASSERT_EQ(matches.size(), 1U);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 60);
  expect_valid(text, 0, text.size(), 60, w);
  EXPECT_TRUE(contains(w, matches[0])) << text.substr(w.byte_begin, w.byte_end - w.byte_begin);
}

// A rare word outweighs a common one: the sentence with the rare word wins
// over one with two common ones only when weights say so.
TEST(Snippet, BestSentenceUsesTermWeights) {
  const std::string text = "Alpha and beta here. Gamma alone there. Filler words follow.";
  const auto matches = merged(merged(find_all(text, "Alpha", 0), find_all(text, "beta", 1)),
                              find_all(text, "Gamma", 2));
  EXPECT_EQ(best_sentence(text, 0, text.size(), matches).byte_begin, 0U);
  const std::vector<double> weights{1.0, 1.0, 5.0};
  EXPECT_EQ(best_sentence(text, 0, text.size(), matches, &weights).byte_begin, text.find("Gamma"));
  const Sentence none = best_sentence(text, 5, text.size(), {});
  EXPECT_EQ(none.byte_begin, 5U);
  EXPECT_EQ(none.byte_end, 5U);
  EXPECT_EQ(none.score, 0.0);
}

TEST(Snippet, SetsCutFlags) {
  const std::string text = "alpha " + filler(80) + " omega";
  struct Case {
    std::string word;
    bool cut_before;
    bool cut_after;
  };
  const Case cases[] = {
      {"alpha", false, true},
      {"omega", true, false},
      {"dolor", true, true},  // an occurrence in the middle
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.word);
    std::vector<MatchSpan> matches = find_all(text, c.word, 0);
    if (c.word == "dolor") matches = {matches[10]};
    const SnippetWindow w = choose_snippet(text, 0, text.size(), matches, 50);
    expect_valid(text, 0, text.size(), 50, w);
    EXPECT_TRUE(contains(w, matches.front()));
    EXPECT_EQ(w.cut_before, c.cut_before);
    EXPECT_EQ(w.cut_after, c.cut_after);
  }
}

TEST(Snippet, StartsAtPassageWithoutMatches) {
  const std::string text = filler(80);
  const SnippetWindow w = choose_snippet(text, 0, text.size(), {}, 50);
  expect_valid(text, 0, text.size(), 50, w);
  EXPECT_EQ(w.byte_begin, 0U);
  EXPECT_FALSE(w.cut_before);
  EXPECT_TRUE(w.cut_after);
  EXPECT_GT(w.byte_end, 40U);
}

TEST(Snippet, IgnoresMatchesOutsidePassage) {
  const std::string text = "alpha " + filler(80) + " beta " + filler(80);
  const auto matches = merged(find_all(text, "alpha", 0), find_all(text, "beta", 1));
  const std::size_t begin = 10;
  const std::size_t end = matches.back().byte_begin - 1;  // excludes beta
  const SnippetWindow w = choose_snippet(text, begin, end, matches, 50);
  expect_valid(text, begin, end, 50, w);
  EXPECT_EQ(w.byte_begin, begin);
}

TEST(Snippet, StaysInsidePassageRange) {
  const std::string text = filler(40) + " alpha beta " + filler(40) + " tail alpha " + filler(40);
  const auto matches = merged(find_all(text, "alpha", 0), find_all(text, "beta", 1));
  const std::size_t begin = 60;
  const std::size_t end = matches.back().byte_end + 20;
  for (std::size_t max_bytes = 8; max_bytes < 200; max_bytes += 7) {
    expect_valid(text, begin, end, max_bytes, choose_snippet(text, begin, end, matches, max_bytes));
  }
}

TEST(Snippet, TrimsWhitespace) {
  const std::string text = repeat("word", 60, " \n\t \r\n  ");
  const auto matches = find_all(text, "word", 0);
  for (std::size_t max_bytes = 5; max_bytes < 120; ++max_bytes) {
    for (std::size_t m = 0; m < matches.size(); m += 11) {
      const SnippetWindow w = choose_snippet(text, 0, text.size(), {matches[m]}, max_bytes);
      expect_valid(text, 0, text.size(), max_bytes, w);
      EXPECT_LT(w.byte_begin, w.byte_end);
    }
  }
}

// Never cut inside a UTF-8 sequence or a grapheme cluster, whatever the size.
TEST(Snippet, NeverSplitsGraphemes) {
  struct Case {
    const char* name;
    std::string text;
    std::string unit;  // the matched grapheme
  };
  const Case cases[] = {
      {"combining marks, spaced", repeat(repeat(kCombining, 4) + "t" + kCombining2, 40, " "),
       kCombining2},
      {"combining marks, unspaced", repeat(kCombining + kCombining2, 60), kCombining2},
      {"emoji ZWJ sequences", repeat(kFamily + kThumb + kHeart, 20), kThumb},
      {"emoji with spaces", repeat(kFamily + " " + kThumb + kHeart, 20, " "), kHeart},
      {"Han without spaces", repeat("一个男人爱上人工智能的故事", 12), "智能"},
      {"Devanagari spacing marks", repeat(kKi, 60), kKi},
      {"mixed", repeat("Samantha " + kFamily + "は" + kCombining + "声だけ", 15), "声"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const auto all = find_all(c.text, c.unit, 0);
    ASSERT_FALSE(all.empty());
    for (std::size_t max_bytes = 1; max_bytes < 90; max_bytes += 1) {
      for (std::size_t m = 0; m < all.size(); m += 7) {
        const SnippetWindow w = choose_snippet(c.text, 0, c.text.size(), {all[m]}, max_bytes);
        expect_valid(c.text, 0, c.text.size(), max_bytes, w);
        EXPECT_LT(w.byte_begin, w.byte_end);
        if (::testing::Test::HasFailure()) return;
      }
    }
  }
}

// The documented exception: a window smaller than a grapheme shows one
// whole grapheme rather than nothing or a part of one.
TEST(Snippet, ShowsOverlongGraphemeWhole) {
  const std::string text = repeat(kFamily, 6);
  for (const std::size_t max_bytes : {1U, 4U, 10U, 17U}) {
    for (const std::size_t at : {0U, 36U, 90U}) {
      SCOPED_TRACE(std::to_string(max_bytes) + " bytes, match at " + std::to_string(at));
      const MatchSpan match{at, at + kFamily.size(), 0};
      const SnippetWindow w = choose_snippet(text, 0, text.size(), {match}, max_bytes);
      expect_valid(text, 0, text.size(), max_bytes, w);
      EXPECT_EQ(w.byte_end - w.byte_begin, kFamily.size());
      EXPECT_EQ(w.byte_begin % kFamily.size(), 0U);
    }
  }
}

// Found by fuzz_snippet: a window smaller than a grapheme cluster grew to
// the end of a cluster that straddles the passage's end, past the passage.
TEST(Snippet, OverlongGraphemeStopsAtThePassageEnd) {
  const std::string text = "ab" + std::string("\xCC\x81") + " cd";  // b + U+0301 straddles byte 2
  const MatchSpan match{1, 2, 0};
  const SnippetWindow w = choose_snippet(text, 0, 2, {match}, 1);
  EXPECT_LE(w.byte_end, 2U);
  EXPECT_EQ(text.substr(w.byte_begin, w.byte_end - w.byte_begin), "b");
  const SnippetWindow nul = choose_snippet(std::string("\0\xF0\x9F\x8F\xBD rest", 10), 0, 1, {}, 0);
  EXPECT_EQ(nul.byte_begin, 0U);
  EXPECT_EQ(nul.byte_end, 1U);
}

// Found by fuzz_snippet: trimming the window's leading space split the
// cluster of that space and the spacing mark after it.
TEST(Snippet, TrimmingKeepsASpaceThatCarriesAMark) {
  const std::string text = "alpha beta" + std::string(" ") + kKi.substr(3) + "gamma delta epsilon";
  const std::size_t mark = text.find(kKi.substr(3));
  for (std::size_t max_bytes = 4; max_bytes < 30; ++max_bytes) {
    for (std::size_t at = 0; at + 5 <= text.size(); ++at) {
      if (utf8_floor(text, at) != at) continue;
      const MatchSpan match{at, utf8_ceil(text, at + 1), 0};
      const SnippetWindow w = choose_snippet(text, 0, text.size(), {match}, max_bytes);
      EXPECT_NE(w.byte_begin, mark) << "the window starts at a lone mark (max " << max_bytes << ")";
    }
  }
}

TEST(Snippet, GraphemeFloorAndCeil) {
  struct Case {
    std::string text;
    std::size_t i;
    std::size_t floor;
    std::size_t ceil;
  };
  const std::string accent_x = kCombining + "x";  // e U+0301 x
  const std::string family_a = kFamily + "a";
  const Case cases[] = {
      {"", 0, 0, 0},         {"", 5, 0, 0},
      {"abc", 1, 1, 1},      {"abc", 9, 3, 3},
      {accent_x, 0, 0, 0},   {accent_x, 1, 0, 3},  // before U+0301
      {accent_x, 2, 0, 3},                         // inside U+0301
      {accent_x, 3, 3, 3},   {accent_x, 4, 4, 4},
      {family_a, 1, 0, 18},  {family_a, 4, 0, 18},  // before the first ZWJ
      {family_a, 7, 0, 18},                         // after the first ZWJ
      {family_a, 17, 0, 18}, {family_a, 18, 18, 18},
      {"日本", 1, 0, 3},     {"日本", 3, 3, 3},
      {"日本", 4, 3, 6},     {kThumb, 4, 0, 8},  // before the skin tone modifier
      {kKi, 3, 0, 6},                            // before the spacing vowel sign
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("'" + c.text + "' at " + std::to_string(c.i));
    EXPECT_EQ(grapheme_floor(c.text, c.i), c.floor);
    EXPECT_EQ(grapheme_ceil(c.text, c.i), c.ceil);
  }
}

TEST(Snippet, GraphemeFloorAndCeilAgreeWithIcu) {
  const std::string texts[] = {
      "plain ascii",
      kCombining + kCombining2 + " " + kCombining,
      kFamily + kFamily + " " + kThumb + kHeart + "x",
      "一个男人爱上人工智能",
      "Her 2013 映画レビュー｜Samantha という名の OS。그녀 " + kKi + kKi,
  };
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    const std::set<std::size_t> boundaries = icu_boundaries(text);
    for (std::size_t i = 0; i <= text.size(); ++i) {
      SCOPED_TRACE(i);
      const std::size_t expected_floor = *std::prev(boundaries.upper_bound(i));
      const std::size_t expected_ceil = *boundaries.lower_bound(i);
      EXPECT_EQ(grapheme_floor(text, i), expected_floor);
      EXPECT_EQ(grapheme_ceil(text, i), expected_ceil);
    }
  }
}

}  // namespace
}  // namespace herdex::detail
