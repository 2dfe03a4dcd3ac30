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
}

void apply_ranking_flags(const RankingFlags& flags, SearchOptions& options) {
  options.weighting = weightings().at(flags.weighting);
}

}  // namespace herdex::cli
