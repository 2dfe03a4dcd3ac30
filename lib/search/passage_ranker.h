// Ranking a hit's passages: which passage leads, which sentence of it the
// snippet starts at, and so which window of text is shown. The text-level
// mechanics (sentence edges, trimming a window to whitespace and grapheme
// clusters) are search/snippet.h's; the choices are made here.
#pragma once

#include <cstddef>
#include <vector>

#include "search/snippet.h"
#include "store/record.h"

namespace herdex::detail {

/// The average passage length, in positions, that a database without the
/// statistic (built before herdex stored it) is scored with.
inline constexpr double kDefaultAveragePassageLength = 60.0;

/// The parameters of passage scoring.
struct PassageScoring {
  double k1 = 0.9;  ///< BM25's term frequency saturation (SearchOptions::bm25_k1)
  double b = 0.4;   ///< BM25's length normalization (SearchOptions::bm25_b)
  /// The length, in positions, a passage is normalized against.
  double average_passage_length = kDefaultAveragePassageLength;
};

/// A passage of a hit (its index in StoredDocument::passages) and its score.
struct ScoredPassage {
  std::size_t index = 0;
  double score = 0;
};

/// A hit's passages as ranked.
struct RankedPassages {
  /// Every passage, the one holding the best sentence first, the others by
  /// BM25 score (ties in text order).
  std::vector<ScoredPassage> passages;
  /// Per query term: its weight for choosing the snippet (see rank()).
  std::vector<double> snippet_weights;
  /// Each passage's best sentence, by passage index.
  std::vector<Sentence> sentences;
};

/// BM25's idf of a term in `df` of `n` documents: log(1 + (n - df + 0.5) /
/// (df + 0.5)), which never goes below 0.
double bm25_idf(double df, double n);

/// Scores passages by BM25 over the passage with the collection's idf, and
/// chooses where the snippet starts. One per search; immutable, so it can
/// be shared by threads.
class PassageRanker {
 public:
  /// `idf` has one entry per query term (MatchSpan::term indexes it).
  PassageRanker(std::vector<double> idf, PassageScoring scoring);

  /// BM25 of one passage holding `tf[t]` matches of each query term over
  /// `length` positions (at least 1 counts).
  double passage_score(const std::vector<unsigned>& tf, double length) const;

  /// Ranks the passages of `doc`; `matches` are its matches, sorted by
  /// byte. The passage that holds the document's best sentence leads: what
  /// the user reads is the snippet, so the best sentence wins over a
  /// passage that scores higher on BM25 by spreading its matches out. For
  /// the sentence, a term weighs its idf divided by how often the document
  /// repeats it, and a tenth of that if the title says it too.
  RankedPassages rank(const StoredDocument& doc, const std::vector<MatchSpan>& matches) const;

  /// The snippet window of at most `max_bytes` shown for `passage` (one of
  /// `ranked.passages`), starting at its best sentence (choose_snippet()).
  SnippetWindow snippet_window(const StoredDocument& doc, const std::vector<MatchSpan>& matches,
                               const RankedPassages& ranked, const ScoredPassage& passage,
                               std::size_t max_bytes) const;

  const std::vector<double>& idf() const { return idf_; }
  const PassageScoring& scoring() const { return scoring_; }

 private:
  std::vector<double> idf_;
  PassageScoring scoring_;
};

}  // namespace herdex::detail
