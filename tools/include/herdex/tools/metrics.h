/// @file metrics.h
/// Ranking quality: how well one query's results (document ids, best first)
/// meet its judgments, and the means over a set of queries, as `herdex eval`
/// and the programs in benchmarks/eval report them.
///
/// Part of herdex_tools (tools/), beside the library: not installed, and not
/// in the umbrella header herdex/herdex.h.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/tools/beir.h"

namespace herdex {

/// Results are judged to this depth (Recall@100); deeper ones are ignored.
inline constexpr std::size_t kRankingDepth = 100;

/// The measures of one query's results.
struct QueryScores {
  /// nDCG@10: the discounted gain (2^gain - 1) / log2(rank + 1) of the top
  /// 10 over that of the best possible order, 0 to 1.
  double ndcg_at_10 = 0;
  /// 1 / rank of the first relevant result if it is in the top 10, else 0.
  double reciprocal_rank_at_10 = 0;
  double recall_at_10 = 0;   ///< Share of the relevant documents in the top 10.
  double recall_at_100 = 0;  ///< Share of the relevant documents in the top 100.
  /// 1-based rank of the first relevant result in the top 100; 0 for none.
  std::size_t first_relevant_rank = 0;
};

/// Scores `ranked` (document ids, best first; only the first kRankingDepth
/// count) against `relevant`. All zero when `relevant` is empty.
QueryScores score_ranking(const std::vector<std::string>& ranked, const Judgments& relevant);

/// Sums of QueryScores over a set of queries, in the order added, and their
/// means (0 for no queries).
struct ScoreTotals {
  std::size_t queries = 0;   ///< QueryScores added.
  double ndcg_at_10 = 0;     ///< Sum of QueryScores::ndcg_at_10.
  double mrr_at_10 = 0;      ///< Sum of QueryScores::reciprocal_rank_at_10.
  double recall_at_10 = 0;   ///< Sum of QueryScores::recall_at_10.
  double recall_at_100 = 0;  ///< Sum of QueryScores::recall_at_100.

  /// Adds one query's scores (a query with no results adds QueryScores{}).
  void add(const QueryScores& scores);
  double mean_ndcg_at_10() const { return mean(ndcg_at_10); }        ///< Mean nDCG@10.
  double mean_mrr_at_10() const { return mean(mrr_at_10); }          ///< MRR@10.
  double mean_recall_at_10() const { return mean(recall_at_10); }    ///< Mean Recall@10.
  double mean_recall_at_100() const { return mean(recall_at_100); }  ///< Mean Recall@100.

 private:
  double mean(double sum) const { return queries == 0 ? 0.0 : sum / static_cast<double>(queries); }
};

/// True if `snippet` contains one of `answers` byte for byte (the answer
/// check of QA sets: does the top hit's snippet show the answer?).
bool holds_answer(std::string_view snippet, const std::vector<std::string>& answers);

}  // namespace herdex
