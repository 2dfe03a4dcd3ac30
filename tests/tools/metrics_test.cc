// Ranking measures: score_ranking(), ScoreTotals and holds_answer().
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "herdex/tools/metrics.h"

namespace herdex {
namespace {

TEST(ScoreRanking, GradedGainsDiscountedByRank) {
  // a (gain 1) at rank 1, b (gain 2) at rank 3; the best order is b, a.
  const QueryScores s = score_ranking({"a", "x", "b"}, {{"a", 1.0}, {"b", 2.0}});
  const double dcg =
      (std::pow(2.0, 1.0) - 1.0) / std::log2(2.0) + (std::pow(2.0, 2.0) - 1.0) / std::log2(4.0);
  const double ideal =
      (std::pow(2.0, 2.0) - 1.0) / std::log2(2.0) + (std::pow(2.0, 1.0) - 1.0) / std::log2(3.0);
  EXPECT_DOUBLE_EQ(s.ndcg_at_10, dcg / ideal);
  EXPECT_DOUBLE_EQ(s.reciprocal_rank_at_10, 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at_10, 1.0);
  EXPECT_DOUBLE_EQ(s.recall_at_100, 1.0);
  EXPECT_EQ(s.first_relevant_rank, 1U);
}

TEST(ScoreRanking, CutsAtTenAndAtTheRankingDepth) {
  std::vector<std::string> ranked;
  for (std::size_t i = 1; i <= 150; ++i) ranked.push_back("d" + std::to_string(i));
  // Ranks 4, 12 and 101 of three relevant documents.
  const QueryScores s = score_ranking(ranked, {{"d4", 1.0}, {"d12", 1.0}, {"d101", 1.0}});
  EXPECT_DOUBLE_EQ(s.reciprocal_rank_at_10, 1.0 / 4.0);
  EXPECT_DOUBLE_EQ(s.recall_at_10, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.recall_at_100, 2.0 / 3.0);  // rank 101 is past kRankingDepth
  EXPECT_EQ(s.first_relevant_rank, 4U);
  const double ideal = 1.0 + 1.0 / std::log2(3.0) + 1.0 / std::log2(4.0);
  EXPECT_DOUBLE_EQ(s.ndcg_at_10, (1.0 / std::log2(5.0)) / ideal);

  const QueryScores late = score_ranking(ranked, {{"d12", 3.0}});
  EXPECT_EQ(late.reciprocal_rank_at_10, 0.0);
  EXPECT_EQ(late.ndcg_at_10, 0.0);
  EXPECT_EQ(late.first_relevant_rank, 12U);
}

TEST(ScoreRanking, NothingFoundOrNothingJudgedScoresZero) {
  for (const QueryScores& s : {score_ranking({}, {{"a", 1.0}}),
                               score_ranking({"b", "c"}, {{"a", 1.0}}), score_ranking({"a"}, {})}) {
    EXPECT_EQ(s.ndcg_at_10, 0.0);
    EXPECT_EQ(s.reciprocal_rank_at_10, 0.0);
    EXPECT_EQ(s.recall_at_10, 0.0);
    EXPECT_EQ(s.recall_at_100, 0.0);
    EXPECT_EQ(s.first_relevant_rank, 0U);
  }
}

TEST(ScoreTotals, MeansOverEveryQueryAdded) {
  ScoreTotals totals;
  EXPECT_EQ(totals.mean_mrr_at_10(), 0.0);  // no queries
  totals.add(score_ranking({"x", "a"}, {{"a", 1.0}}));
  totals.add(QueryScores{});  // a query that failed: a miss
  EXPECT_EQ(totals.queries, 2U);
  EXPECT_DOUBLE_EQ(totals.mean_mrr_at_10(), 0.25);
  EXPECT_DOUBLE_EQ(totals.mean_recall_at_10(), 0.5);
  EXPECT_DOUBLE_EQ(totals.mean_recall_at_100(), 0.5);
  EXPECT_DOUBLE_EQ(totals.mean_ndcg_at_10(), (1.0 / std::log2(3.0)) / 2.0);
}

TEST(HoldsAnswer, AnyAnswerAsABytewiseSubstring) {
  EXPECT_TRUE(holds_answer("…由光荣和ω-force合作开发", {"任天堂", "光荣和ω-force"}));
  EXPECT_FALSE(holds_answer("Tokyo Tower", {"tokyo"}));  // case counts
  EXPECT_FALSE(holds_answer("anything", {}));
  EXPECT_FALSE(holds_answer("", {"a"}));
}

}  // namespace
}  // namespace herdex
