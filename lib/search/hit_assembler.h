// The last stages of a search: reading each hit's record, locating its
// matches and ranking its passages (search/match_locator,
// search/passage_ranker); re-ranking by passage evidence; and assembling
// the hits the caller sees, each passage with its snippet and highlights.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "herdex/error.h"
#include "herdex/search.h"
#include "search/match_locator.h"
#include "search/matcher.h"
#include "search/passage_ranker.h"
#include "search/query_builder.h"
#include "store/record.h"

namespace herdex::detail {

/// Everything known about one hit while its passages are chosen.
struct HitContext {
  StoredDocument doc;
  std::vector<MatchSpan> matches;
  RankedPassages ranked;
  double weight = 0;  ///< the document's score (after re-ranking)
};

/// The hits of `match` that need passages (all of match.order from the
/// page's first document on, or from the first when re-ranking or listing
/// passages), in its order, with their matches and ranked passages. Takes
/// the records `match` already decoded out of match.records. Errors:
/// `corrupt` for a record that does not decode. Xapian errors propagate.
Result<std::vector<HitContext>> read_hits(Match& match, const SearchOptions& options,
                                          MatchLocator& locator, const PassageRanker& ranker);

/// With reranks(options): adds passage_weight times the best passage's
/// score to each of the best rerank_depth hits' scores, sorts them again
/// (the hits after them stay after them) and keeps the page.
void rerank(std::vector<HitContext>& hits, const SearchOptions& options);

/// The hits of the page, each with its best passages (or, with
/// all_passages, one hit per matching passage), into `results`.
void assemble_hits(const std::vector<HitContext>& hits, const PassageRanker& ranker,
                   const SearchOptions& options, SearchResults& results);

/// The explanation of a search (SearchOptions::explain).
std::string explain(const BuiltQuery& built, const Match& match, const PassageRanker& ranker,
                    const SearchResults& results);

}  // namespace herdex::detail
