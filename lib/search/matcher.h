// Matching: the query against the whole database with Xapian's weighting
// (BM25 by default), sorting, facets and optional pseudo-relevance
// feedback, giving the best documents in one exact order.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "herdex/error.h"
#include "herdex/search.h"
#include "search/query_builder.h"
#include "store/record.h"

namespace herdex::detail {

/// What a match found.
struct Match {
  Xapian::MSet mset;
  /// Positions in `mset` of the best documents, best first (at most
  /// match_depth()): the order of the enquire (score, or a value and then
  /// score), ties broken by document id.
  std::vector<Xapian::doccount> order;
  std::vector<Facet> facets;                ///< one per SearchOptions::facets, in that order
  std::vector<std::string> feedback_terms;  ///< stems that feedback added
  std::string scheme;                       ///< the weighting's name ("BM25", "InL2"), for explain
  /// Records the match decoded to order tied documents by id, by Xapian
  /// document number: the hits take them rather than read them again.
  std::unordered_map<Xapian::docid, StoredDocument> records;
};

/// Whether the best documents are re-ranked by passage evidence.
bool reranks(const SearchOptions& options);

/// How many of the best documents the search needs: the page and those
/// before it, or more when passage evidence comes from a pool of fixed
/// depth (re-ranking, or a list of passages), so that no page depends on
/// the limit.
std::size_t match_depth(const SearchOptions& options);

/// Runs `built` over `db`. Xapian errors propagate. Errors:
/// `invalid_argument` for an unknown facet.
Result<Match> match(const Xapian::Database& db, const BuiltQuery& built,
                    const SearchOptions& options);

/// A score as a sort key: scores this close sort as equal (the same document
/// scored on one database and on shards can differ in the last bits), so
/// that the document id decides between them.
long long weight_key(double w);

}  // namespace herdex::detail
