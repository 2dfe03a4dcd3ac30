// Comparing two searches hit by hit, for tests that search the same
// documents stored differently (one database, shards, remote shards).
#pragma once

#include <string>

#include "herdex/search.h"

namespace herdex::testing {

/// Expects `actual` to be the same result as `expected`: the same total,
/// suggestion and facets, and hit by hit the same score (within 1e-9), id,
/// metadata and passages (ordinal, byte ranges, score, snippet, highlights).
/// Hits that tie on the order `options` asks for may come in either order:
/// Xapian breaks ties by its internal document number, which depends on how
/// documents are spread over shards. `label` names the case in failures.
void expect_same_results(const SearchResults& expected, const SearchResults& actual,
                         const SearchOptions& options, const std::string& label);

/// Runs a fixed set of searches over the sample corpus (every kind of query
/// the language has, CJK included, with the options that touch ranking,
/// facets, sorting, paging, passages and spelling suggestions) on the
/// database at `reference_db` and on `db` (opened with `open`), and expects
/// the same results from both (expect_same_results). Both must hold the
/// corpus.
void expect_same_searches(const std::string& reference_db, const std::string& db,
                          const OpenOptions& open = {});

}  // namespace herdex::testing
