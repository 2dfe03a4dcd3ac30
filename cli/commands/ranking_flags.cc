#include "commands/ranking_flags.h"

#include <map>
#include <string>
#include <vector>

namespace herdex::cli {
namespace {

const std::map<std::string, Weighting>& weightings() {
  static const std::map<std::string, Weighting> names{
      {"bm25", Weighting::bm25}, {"bm25+", Weighting::bm25_plus}, {"dph", Weighting::dph},
      {"dlh", Weighting::dlh},   {"pl2", Weighting::pl2},         {"inl2", Weighting::inl2}};
  return names;
}

}  // namespace

void add_ranking_flags(CLI::App& app, RankingFlags& flags) {
  std::vector<std::string> names;
  for (const auto& [name, weighting] : weightings()) names.push_back(name);
  app.add_option("--weighting", flags.weighting,
                 "Document scoring: bm25, bm25+, dph, dlh, pl2, inl2")
      ->capture_default_str()
      ->check(CLI::IsMember(names));
  app.add_option(
         "--feedback", flags.feedback_documents,
         "Pseudo-relevance feedback: add stems from the best N documents and search again (0: off)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000}));
  app.add_option("--feedback-terms", flags.feedback_terms, "Feedback: stems added at most")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000}));
  app.add_option("--feedback-weight", flags.feedback_weight,
                 "Feedback: weight of the best added stem relative to a query word")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
}

void apply_ranking_flags(const RankingFlags& flags, SearchOptions& options) {
  options.weighting = weightings().at(flags.weighting);
  options.feedback_documents = flags.feedback_documents;
  options.feedback_terms = flags.feedback_terms;
  options.feedback_weight = flags.feedback_weight;
}

}  // namespace herdex::cli
