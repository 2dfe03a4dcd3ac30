// The ranking options that `search` and `eval` share: the weighting scheme
// and pseudo-relevance feedback.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>

#include "herdex/search.h"

namespace herdex::cli {

/// Ranking flags as given on the command line; unset ones keep the
/// SearchOptions defaults.
struct RankingFlags {
  std::string weighting = "bm25";
  std::size_t feedback_documents = SearchOptions{}.feedback_documents;
  std::size_t feedback_terms = SearchOptions{}.feedback_terms;
  double feedback_weight = SearchOptions{}.feedback_weight;
};

/// Adds --weighting, --feedback, --feedback-terms and --feedback-weight.
void add_ranking_flags(CLI::App& app, RankingFlags& flags);

/// Copies the flags into `options`.
void apply_ranking_flags(const RankingFlags& flags, SearchOptions& options);

}  // namespace herdex::cli
