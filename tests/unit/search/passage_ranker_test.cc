// Tests for ranking a hit's passages (lib/search/passage_ranker.h): BM25
// over each passage with length normalization against the average passage
// length, the passage holding the best sentence leading, the snippet
// weights, and the snippet window starting at the best sentence.
#include "search/passage_ranker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace herdex::detail {
namespace {

// A document whose passages are the given [byte_begin, byte_end) ranges
// of `text`, each covering `positions` term positions.
StoredDocument document(std::string text, const std::vector<std::vector<std::uint32_t>>& passages) {
  StoredDocument doc;
  doc.text = std::move(text);
  std::uint32_t position = 0;
  for (const auto& p : passages) {
    doc.passages.push_back({p[0], p[1], position, position + p[2]});
    position += p[2];
  }
  return doc;
}

// Every occurrence of `word` in `text` as a match of query term `term`.
void add_matches(std::vector<MatchSpan>& out, const std::string& text, const std::string& word,
                 std::size_t term) {
  for (std::size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1))
    out.push_back({at, at + word.size(), term});
  std::sort(out.begin(), out.end(),
            [](const MatchSpan& a, const MatchSpan& b) { return a.byte_begin < b.byte_begin; });
}

TEST(PassageRanker, Bm25IdfIsRobertsonSparckJones) {
  EXPECT_DOUBLE_EQ(bm25_idf(1, 10), std::log(1.0 + 9.5 / 1.5));
  EXPECT_DOUBLE_EQ(bm25_idf(10, 10), std::log(1.0 + 0.5 / 10.5));
  EXPECT_GT(bm25_idf(1, 100), bm25_idf(50, 100));  // rare terms weigh more
}

TEST(PassageRanker, PassageScoreIsBm25WithLengthNormalization) {
  const PassageRanker ranker({2.0, 1.0}, {1.2, 0.75, 10.0});
  // tf 1 of term 0 in a passage of average length: idf * (k1 + 1) / (1 + k1).
  EXPECT_DOUBLE_EQ(ranker.passage_score({1, 0}, 10.0), 2.0);
  // Twice the average: norm = 1.2 * (0.25 + 0.75 * 2) = 2.1.
  EXPECT_DOUBLE_EQ(ranker.passage_score({1, 0}, 20.0), 2.0 * 2.2 / 3.1);
  // Both terms, tf 2 and 1, at half the average: norm = 1.2 * 0.625 = 0.75.
  EXPECT_DOUBLE_EQ(ranker.passage_score({2, 1}, 5.0), 2.0 * 4.4 / 2.75 + 1.0 * 2.2 / 1.75);
  // A passage of no positions counts as one.
  EXPECT_DOUBLE_EQ(ranker.passage_score({1, 0}, 0.0), ranker.passage_score({1, 0}, 1.0));
  EXPECT_DOUBLE_EQ(ranker.passage_score({0, 0}, 10.0), 0.0);
}

TEST(PassageRanker, AverageLengthDecidesWhatCountsAsLong) {
  const std::vector<unsigned> tf{1};
  const PassageRanker short_average({1.0}, {0.9, 0.4, 20.0});
  const PassageRanker long_average({1.0}, {0.9, 0.4, 200.0});
  // The same passage of 60 positions is long against 20 and short against 200.
  EXPECT_LT(short_average.passage_score(tf, 60), long_average.passage_score(tf, 60));
  // Without length normalization the average does not matter.
  const PassageRanker no_b_short({1.0}, {0.9, 0.0, 20.0});
  const PassageRanker no_b_long({1.0}, {0.9, 0.0, 200.0});
  EXPECT_DOUBLE_EQ(no_b_short.passage_score(tf, 60), no_b_long.passage_score(tf, 60));
  EXPECT_EQ(PassageScoring{}.average_passage_length, kDefaultAveragePassageLength);
}

TEST(PassageRanker, ShorterPassageWithTheSameMatchesRanksHigher) {
  // Passage 0 is long, passage 1 short; each holds "cat" once, in one
  // sentence each, so the best sentences tie and the first in the text
  // would lead only if it matched better: it does not.
  const std::string text = "A long passage about a cat and many other things. Short cat.";
  const std::size_t split = text.find("Short");
  StoredDocument doc = document(
      text, {{0, static_cast<std::uint32_t>(split), 40},
             {static_cast<std::uint32_t>(split), static_cast<std::uint32_t>(text.size()), 2}});
  std::vector<MatchSpan> matches;
  add_matches(matches, text, "cat", 0);
  const PassageRanker ranker({1.5}, {0.9, 0.4, 20.0});
  const RankedPassages ranked = ranker.rank(doc, matches);
  ASSERT_EQ(ranked.passages.size(), 2U);
  // Equal sentences: the first in the text leads, the other by BM25.
  EXPECT_EQ(ranked.passages[0].index, 0U);
  EXPECT_DOUBLE_EQ(ranked.passages[0].score, ranker.passage_score({1}, 40));
  EXPECT_DOUBLE_EQ(ranked.passages[1].score, ranker.passage_score({1}, 2));
  EXPECT_GT(ranked.passages[1].score, ranked.passages[0].score);
}

TEST(PassageRanker, PassageWithTheBestSentenceLeadsOverAHigherBm25) {
  // Passage 0 repeats the common word; passage 1 has both words in one
  // sentence. BM25 prefers passage 0, the best sentence is in passage 1.
  const std::string text = "dog. dog. dog. dog. dog. dog. Then a rare zebra met a dog.";
  const std::size_t split = text.find("Then");
  StoredDocument doc = document(
      text, {{0, static_cast<std::uint32_t>(split), 6},
             {static_cast<std::uint32_t>(split), static_cast<std::uint32_t>(text.size()), 6}});
  std::vector<MatchSpan> matches;
  add_matches(matches, text, "dog", 0);
  add_matches(matches, text, "zebra", 1);
  const PassageRanker ranker({3.0, 0.2}, {0.9, 0.4, 6.0});
  // BM25 alone: 6 dogs (idf 3) beat a zebra (idf 0.2) and a dog.
  ASSERT_GT(ranker.passage_score({6, 0}, 6), ranker.passage_score({1, 1}, 6));
  const RankedPassages ranked = ranker.rank(doc, matches);
  ASSERT_EQ(ranked.passages.size(), 2U);
  EXPECT_EQ(ranked.passages[0].index, 1U);
  EXPECT_EQ(ranked.passages[1].index, 0U);
  // "dog" is repeated 7 times: its snippet weight is its idf / 7.
  ASSERT_EQ(ranked.snippet_weights.size(), 2U);
  EXPECT_DOUBLE_EQ(ranked.snippet_weights[0], 3.0 / 7);
  EXPECT_DOUBLE_EQ(ranked.snippet_weights[1], 0.2);
  EXPECT_EQ(text.substr(ranked.sentences[1].byte_begin,
                        ranked.sentences[1].byte_end - ranked.sentences[1].byte_begin),
            "Then a rare zebra met a dog.");
}

TEST(PassageRanker, TermsTheTitleSaysWeighATenthForTheSnippet) {
  const std::string text = "Paris is large. Paris has a tower.";
  StoredDocument doc = document(text, {{0, static_cast<std::uint32_t>(text.size()), 7}});
  doc.title = "Visiting PARIS";
  std::vector<MatchSpan> matches;
  add_matches(matches, text, "Paris", 0);
  add_matches(matches, text, "tower", 1);
  const PassageRanker ranker({2.0, 1.0}, {});
  const RankedPassages ranked = ranker.rank(doc, matches);
  EXPECT_DOUBLE_EQ(ranked.snippet_weights[0], 2.0 / 2 * 0.1);
  EXPECT_DOUBLE_EQ(ranked.snippet_weights[1], 1.0);
  // The sentence with "tower" is the best one.
  EXPECT_EQ(ranked.sentences[0].byte_begin, text.find("Paris has"));
}

TEST(PassageRanker, SnippetWindowStartsAtTheBestSentence) {
  const std::string text =
      "Nothing here matters at all to anyone. The zebra answer sits here. More filler text.";
  StoredDocument doc = document(text, {{0, static_cast<std::uint32_t>(text.size()), 15}});
  std::vector<MatchSpan> matches;
  add_matches(matches, text, "zebra", 0);
  const PassageRanker ranker({1.0}, {});
  const RankedPassages ranked = ranker.rank(doc, matches);
  const SnippetWindow w = ranker.snippet_window(doc, matches, ranked, ranked.passages[0], 30);
  EXPECT_EQ(w.byte_begin, text.find("The zebra"));
  EXPECT_LE(w.byte_end - w.byte_begin, 30U);
  EXPECT_TRUE(w.cut_before);
  EXPECT_TRUE(w.cut_after);
  // The same window as choose_snippet() finds on its own.
  const SnippetWindow alone =
      choose_snippet(text, 0, text.size(), matches, 30, &ranked.snippet_weights);
  EXPECT_EQ(alone.byte_begin, w.byte_begin);
  EXPECT_EQ(alone.byte_end, w.byte_end);
}

TEST(PassageRanker, DocumentWithoutMatchesKeepsTextOrder) {
  const std::string text = "One. Two. Three.";
  StoredDocument doc = document(text, {{0, 4, 1}, {5, 9, 1}, {10, 16, 1}});
  const PassageRanker ranker({1.0}, {});
  const RankedPassages ranked = ranker.rank(doc, {});
  ASSERT_EQ(ranked.passages.size(), 3U);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(ranked.passages[i].index, i);
    EXPECT_EQ(ranked.passages[i].score, 0.0);
  }
  EXPECT_TRUE(ranker.rank(StoredDocument{}, {}).passages.empty());
}

}  // namespace
}  // namespace herdex::detail
