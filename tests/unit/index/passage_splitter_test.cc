// Tests for cutting documents into passages (lib/index/passage_splitter.h),
// fed by the real analyzer exactly as IndexWriter feeds it.
#include "index/passage_splitter.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/token_stream.h"
#include "herdex/analyzer.h"
#include "ingest/text_format.h"
#include "support/paths.h"

namespace herdex::detail {
namespace {

using ::testing::ElementsAreArray;

const Analyzer& analyzer() {
  static Analyzer* instance = [] {
    auto created = Analyzer::create();
    if (!created) {
      ADD_FAILURE() << created.error().message;
      std::abort();
    }
    return new Analyzer(std::move(*created));
  }();
  return *instance;
}

// Collects token spots as BodySink in lib/index/index_writer.cc does, and
// every token's byte range besides.
class SpotSink final : public TokenSink {
 public:
  explicit SpotSink(std::vector<TokenSpot>& spots, std::vector<ByteSpan>& tokens)
      : spots_(spots), tokens_(tokens) {}

  void on_token(const TokenView& t) override {
    tokens_.emplace_back(t.byte_begin, t.byte_end);
    note_token(spots_, t);
  }

 private:
  std::vector<TokenSpot>& spots_;
  std::vector<ByteSpan>& tokens_;
};

struct Analyzed {
  std::string text;
  std::vector<ByteSpan> sentences;
  std::vector<TokenSpot> spots;
  std::vector<ByteSpan> tokens;
};

Analyzed analyze(std::string text) {
  Analyzed a;
  a.text = std::move(text);
  SpotSink sink(a.spots, a.tokens);
  (void)AnalyzerAccess::analyze(analyzer(), a.text, AnalyzeMode::index, sink);
  a.sentences = AnalyzerAccess::sentences(analyzer(), a.text);
  return a;
}

std::vector<StoredPassage> split(const Analyzed& a, std::size_t target, std::size_t overlap) {
  return split_passages(a.text, a.sentences, a.spots, PassageLimits{target, overlap});
}

std::vector<std::string> texts(const Analyzed& a, const std::vector<StoredPassage>& passages) {
  std::vector<std::string> out;
  for (const StoredPassage& p : passages)
    out.push_back(a.text.substr(p.byte_begin, p.byte_end - p.byte_begin));
  return out;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
bool on_boundary(std::string_view s, std::size_t i) {
  return i == 0 || i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U;
}

// Twice the words in [begin, end), as the splitter weighs them.
std::size_t weight2(const Analyzed& a, std::size_t begin, std::size_t end) {
  std::size_t w = 0;
  for (const TokenSpot& t : a.spots) {
    if (t.byte_begin >= begin && t.byte_begin < end) w += t.weight2;
  }
  return w;
}

bool within_one_sentence(const Analyzed& a, std::size_t begin, std::size_t end) {
  return std::any_of(a.sentences.begin(), a.sentences.end(),
                     [&](const ByteSpan& s) { return s.first <= begin && end <= s.second; });
}

// The properties every split must have.
void expect_well_formed(const Analyzed& a, const std::vector<StoredPassage>& passages,
                        const PassageLimits& limits) {
  const std::string_view text = a.text;
  const bool has_content =
      std::any_of(text.begin(), text.end(), [](char c) { return !is_space(c); });
  if (has_content) {
    ASSERT_FALSE(passages.empty());
  }
  for (std::size_t i = 0; i < passages.size(); ++i) {
    const StoredPassage& p = passages[i];
    SCOPED_TRACE("passage " + std::to_string(i) + ": [" + std::to_string(p.byte_begin) + ", " +
                 std::to_string(p.byte_end) + ")");
    ASSERT_LT(p.byte_begin, p.byte_end);
    ASSERT_LE(p.byte_end, text.size());
    // Trimmed, and on character boundaries.
    EXPECT_FALSE(is_space(text[p.byte_begin]));
    EXPECT_FALSE(is_space(text[p.byte_end - 1]));
    EXPECT_TRUE(on_boundary(text, p.byte_begin));
    EXPECT_TRUE(on_boundary(text, p.byte_end));
    // Ordered: each starts and ends after the one before.
    if (i > 0) {
      EXPECT_GT(p.byte_begin, passages[i - 1].byte_begin);
      EXPECT_GT(p.byte_end, passages[i - 1].byte_end);
      EXPECT_GE(p.position_begin, passages[i - 1].position_begin);
    }
    // Positions are those of the tokens inside the byte range.
    std::uint32_t lo = 0;
    std::uint32_t hi = 0;
    bool any = false;
    for (const TokenSpot& t : a.spots) {
      if (t.byte_begin < p.byte_begin || t.byte_begin >= p.byte_end) continue;
      lo = any ? std::min(lo, t.position) : t.position;
      hi = any ? std::max(hi, t.position + 1) : t.position + 1;
      any = true;
    }
    if (any) {
      EXPECT_EQ(p.position_begin, lo);
      EXPECT_EQ(p.position_end, hi);
    } else {
      EXPECT_EQ(p.position_begin, p.position_end);
    }
    // Within the target, unless it is a single sentence (or a piece of one).
    // A passage that starts with the repeated end of the one before may hold
    // those words on top; OverlapKeepsPassagesWithinTarget asks for more.
    const bool repeats = i > 0 && p.byte_begin < passages[i - 1].byte_end;
    const std::size_t bound = (limits.target_words + (repeats ? limits.overlap_words : 0)) * 2;
    const std::size_t w = weight2(a, p.byte_begin, p.byte_end);
    if (w > bound) {
      EXPECT_TRUE(within_one_sentence(a, p.byte_begin, p.byte_end))
          << "weighs " << w << " half-words, at most " << bound << " allowed:\n"
          << text.substr(p.byte_begin, p.byte_end - p.byte_begin);
    }
  }
  // Every word is in some passage.
  for (const ByteSpan& t : a.tokens) {
    const bool covered = std::any_of(passages.begin(), passages.end(), [&](const StoredPassage& p) {
      return t.first >= p.byte_begin && t.first < p.byte_end;
    });
    EXPECT_TRUE(covered) << "token at " << t.first << ": "
                         << text.substr(t.first, t.second - t.first);
  }
}

std::string words(std::size_t from, std::size_t count) {
  static const char* const kWords[] = {
      "alpha",  "bravo", "charlie", "delta",  "echo",     "foxtrot", "golf",   "hotel",  "india",
      "juliet", "kilo",  "lima",    "mike",   "november", "oscar",   "papa",   "quebec", "romeo",
      "sierra", "tango", "uniform", "victor", "whiskey",  "xray",    "yankee", "zulu",
  };
  std::string out;
  for (std::size_t i = from; i < from + count; ++i) {
    if (!out.empty()) out += ' ';
    out += kWords[i % 26];
  }
  return out;
}

// The same as a sentence: capitalised (ICU does not end a sentence before a
// lower-case word) and with a full stop.
std::string sentence(std::size_t from, std::size_t count) {
  std::string out = words(from, count) + ".";
  out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

TEST(PassageSplitter, EmptyTextHasNoPassages) {
  const Analyzed a = analyze("");
  EXPECT_TRUE(split(a, 60, 8).empty());
}

TEST(PassageSplitter, WhitespaceOnlyTextHasOnePassageWithoutWords) {
  for (const std::string text : {" ", "\n\n", " \t\r\n  \n"}) {
    SCOPED_TRACE(text.size());
    const Analyzed a = analyze(text);
    const auto passages = split(a, 60, 8);
    ASSERT_EQ(passages.size(), 1U);  // "at least one passage for non-empty text"
    EXPECT_LE(passages[0].byte_end, text.size());
    EXPECT_EQ(passages[0].position_begin, 0U);
    EXPECT_EQ(passages[0].position_end, 0U);
  }
}

TEST(PassageSplitter, ShortTextIsOnePassage) {
  const Analyzed a = analyze("\n  I liked it. A lot!  \n");
  const auto passages = split(a, 60, 8);
  expect_well_formed(a, passages, {60, 8});
  EXPECT_THAT(texts(a, passages), ElementsAreArray({"I liked it. A lot!"}));
  ASSERT_EQ(passages.size(), 1U);
  EXPECT_EQ(passages[0].position_begin, 0U);
  EXPECT_EQ(passages[0].position_end, 5U);
}

TEST(PassageSplitter, PunctuationOnlyTextHasOnePassage) {
  const Analyzed a = analyze("... !!! ???");
  const auto passages = split(a, 60, 8);
  expect_well_formed(a, passages, {60, 8});
  ASSERT_EQ(passages.size(), 1U);
  EXPECT_EQ(passages[0].position_begin, passages[0].position_end);
}

TEST(PassageSplitter, GroupsSentencesUpToTarget) {
  std::string text;
  for (std::size_t i = 0; i < 30; ++i) text += sentence(i, 3 + i % 5) + " ";
  const Analyzed a = analyze(text);
  ASSERT_EQ(a.sentences.size(), 30U);
  for (const std::size_t target : {5U, 10U, 20U, 60U}) {
    SCOPED_TRACE(target);
    const auto passages = split(a, target, 0);
    expect_well_formed(a, passages, {target, 0});
    // Without overlap the passages do not share bytes.
    for (std::size_t i = 1; i < passages.size(); ++i) {
      EXPECT_GE(passages[i].byte_begin, passages[i - 1].byte_end);
    }
  }
}

TEST(PassageSplitter, ParagraphStartsNewPassageWhenThirdFull) {
  // Target 12 words: a paragraph break starts a new passage once the current
  // one holds at least 4 words.
  struct Case {
    std::string text;
    std::vector<std::string> passages;
  };
  const Case cases[] = {
      {"One two three four five.\n\nSix seven eight.",
       {"One two three four five.", "Six seven eight."}},
      {"One two three four.\n\nFive six.", {"One two three four.", "Five six."}},
      {"One two three.\n\nFour five six.", {"One two three.\n\nFour five six."}},
      {"One two three four five.\nSix seven eight.",
       {"One two three four five.\nSix seven eight."}},
      {"One two three four five.\n \t\r\n  Six seven.", {"One two three four five.", "Six seven."}},
      {"one two three four five\n\nsix seven eight",
       {"one two three four five", "six seven eight"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    const Analyzed a = analyze(c.text);
    const auto passages = split(a, 12, 3);
    expect_well_formed(a, passages, {12, 3});
    EXPECT_EQ(texts(a, passages), c.passages);
  }
}

TEST(PassageSplitter, CutsLongSentenceBetweenWords) {
  const Analyzed a = analyze("  " + words(0, 25) + ".  ");
  const auto passages = split(a, 10, 8);
  expect_well_formed(a, passages, {10, 8});
  EXPECT_EQ(texts(a, passages),
            (std::vector<std::string>{words(0, 10), words(10, 10), words(20, 5) + "."}));
  for (const StoredPassage& p : passages) EXPECT_LE(weight2(a, p.byte_begin, p.byte_end), 20U);
}

TEST(PassageSplitter, RepeatsShortLastSentence) {
  const Analyzed a = analyze(
      "One two three four five six. Seven eight. Nine ten eleven twelve thirteen fourteen.");
  const auto passages = split(a, 8, 3);
  expect_well_formed(a, passages, {8, 3});
  EXPECT_THAT(texts(a, passages),
              ElementsAreArray({"One two three four five six. Seven eight.",
                                "Seven eight. Nine ten eleven twelve thirteen fourteen."}));
  ASSERT_EQ(passages.size(), 2U);
  EXPECT_EQ(passages[0].position_end, 8U);
  EXPECT_EQ(passages[1].position_begin, 6U);  // the repeated sentence's positions
  EXPECT_EQ(passages[1].position_end, 14U);
}

TEST(PassageSplitter, DoesNotRepeatLongSentence) {
  const Analyzed a = analyze("One two. Three four five six seven. Eight nine ten eleven twelve.");
  const auto passages = split(a, 8, 3);
  expect_well_formed(a, passages, {8, 3});
  EXPECT_THAT(texts(a, passages), ElementsAreArray({"One two. Three four five six seven.",
                                                    "Eight nine ten eleven twelve."}));
}

TEST(PassageSplitter, DoesNotRepeatAcrossParagraphs) {
  const Analyzed a = analyze(
      "One two three four five six. Seven eight.\n\nNine ten eleven twelve thirteen fourteen.");
  const auto passages = split(a, 8, 3);
  expect_well_formed(a, passages, {8, 3});
  EXPECT_THAT(texts(a, passages), ElementsAreArray({"One two three four five six. Seven eight.",
                                                    "Nine ten eleven twelve thirteen fourteen."}));
}

TEST(PassageSplitter, NoOverlapWhenDisabled) {
  const Analyzed a = analyze(
      "One two three four five six. Seven eight. Nine ten eleven twelve thirteen fourteen.");
  const auto passages = split(a, 8, 0);
  expect_well_formed(a, passages, {8, 0});
  EXPECT_THAT(texts(a, passages), ElementsAreArray({"One two three four five six. Seven eight.",
                                                    "Nine ten eleven twelve thirteen fourteen."}));
}

// The repeated sentence must not push the next passage over the target:
// here "Four five six." would be repeated before a sentence of exactly the
// target. Each passage of several sentences stays within the target.
TEST(PassageSplitter, OverlapKeepsPassagesWithinTarget) {
  const Analyzed a = analyze("One two three. Four five six. " + sentence(0, 10));
  ASSERT_EQ(a.sentences.size(), 3U);
  const auto passages = split(a, 10, 8);
  expect_well_formed(a, passages, {10, 8});
  for (const StoredPassage& p : passages) {
    const std::size_t w = weight2(a, p.byte_begin, p.byte_end);
    EXPECT_TRUE(w <= 20 || within_one_sentence(a, p.byte_begin, p.byte_end))
        << "weighs " << w << " half-words, target 20:\n"
        << a.text.substr(p.byte_begin, p.byte_end - p.byte_begin);
  }
}

TEST(PassageSplitter, SplitsCjkTextWithoutSpaces) {
  std::string text;
  for (int i = 0; i < 6; ++i) {
    text += "我喜欢这部电影。它讲述了一个男人爱上人工智能的故事。画面很美，音乐也很好听。";
  }
  const Analyzed a = analyze(text);
  ASSERT_FALSE(a.spots.empty());
  const auto passages = split(a, 10, 3);  // 20 characters
  expect_well_formed(a, passages, {10, 3});
  EXPECT_GT(passages.size(), 5U);
  for (const StoredPassage& p : passages) EXPECT_LE(weight2(a, p.byte_begin, p.byte_end), 20U);
}

TEST(PassageSplitter, CutsLongCjkSentenceBetweenCharacters) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "一个男人爱上人工智能";  // 100 characters, no punctuation
  const Analyzed a = analyze(text);
  const auto passages = split(a, 10, 3);
  expect_well_formed(a, passages, {10, 3});
  ASSERT_EQ(passages.size(), 5U);
  for (const StoredPassage& p : passages) {
    EXPECT_EQ(p.byte_end - p.byte_begin, 60U);  // 20 characters of 3 bytes
    EXPECT_EQ(p.position_end - p.position_begin, 20U);
  }
}

TEST(PassageSplitter, HandlesMixedScripts) {
  const Analyzed a = analyze(
      "Her 2013 映画レビュー｜Samantha という名の OS。Theodore は手紙の代筆屋として働いている。"
      "\n\n그녀는 목소리만으로 존재한다. Scarlett Johansson gives a voice-only performance! "
      "她：和一个声音谈恋爱。");
  for (const std::size_t target : {3U, 8U, 60U}) {
    SCOPED_TRACE(target);
    expect_well_formed(a, split(a, target, 2), {target, 2});
  }
}

TEST(PassageSplitter, SplitsCorpusFiles) {
  const std::filesystem::path corpus = herdex::testing::corpus_dir();
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(corpus)) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GE(files.size(), 30U);
  for (const auto& file : files) {
    SCOPED_TRACE(file.string());
    std::vector<Error> warnings;
    const Document doc = parse_text_document(herdex::testing::read_file(file.string()), warnings);
    const Analyzed a = analyze(doc.text);
    for (const PassageLimits limits : {PassageLimits{60, 8}, PassageLimits{15, 4}}) {
      SCOPED_TRACE(limits.target_words);
      expect_well_formed(a, split_passages(a.text, a.sentences, a.spots, limits), limits);
    }
  }
}

}  // namespace
}  // namespace herdex::detail
