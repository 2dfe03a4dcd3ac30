#include "herdex/tools/metrics.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace herdex {
namespace {

constexpr std::size_t kTop = 10;

// The discounted gain of a result of `gain` at 0-based `index`.
double discounted_gain(double gain, std::size_t index) {
  return (std::pow(2.0, gain) - 1.0) / std::log2(static_cast<double>(index) + 2.0);
}

}  // namespace

QueryScores score_ranking(const std::vector<std::string>& ranked, const Judgments& relevant) {
  QueryScores s;
  if (relevant.empty()) return s;
  double dcg = 0;
  std::size_t found10 = 0;
  std::size_t found100 = 0;
  for (std::size_t i = 0; i < ranked.size() && i < kRankingDepth; ++i) {
    const auto it = relevant.find(ranked[i]);
    if (it == relevant.end()) continue;
    ++found100;
    if (s.first_relevant_rank == 0) s.first_relevant_rank = i + 1;
    if (i < kTop) {
      ++found10;
      dcg += discounted_gain(it->second, i);
      if (found10 == 1) s.reciprocal_rank_at_10 = 1.0 / (static_cast<double>(i) + 1.0);
    }
  }
  std::vector<double> gains;
  gains.reserve(relevant.size());
  for (const auto& [doc, gain] : relevant) gains.push_back(gain);
  std::sort(gains.begin(), gains.end(), std::greater<>());
  double ideal = 0;
  for (std::size_t i = 0; i < gains.size() && i < kTop; ++i) ideal += discounted_gain(gains[i], i);
  if (ideal > 0) s.ndcg_at_10 = dcg / ideal;
  const auto judged = static_cast<double>(relevant.size());
  s.recall_at_10 = static_cast<double>(found10) / judged;
  s.recall_at_100 = static_cast<double>(found100) / judged;
  return s;
}

void ScoreTotals::add(const QueryScores& scores) {
  ++queries;
  ndcg_at_10 += scores.ndcg_at_10;
  mrr_at_10 += scores.reciprocal_rank_at_10;
  recall_at_10 += scores.recall_at_10;
  recall_at_100 += scores.recall_at_100;
}

bool holds_answer(std::string_view snippet, const std::vector<std::string>& answers) {
  return std::any_of(answers.begin(), answers.end(), [&](const std::string& a) {
    return snippet.find(a) != std::string_view::npos;
  });
}

}  // namespace herdex
