// From query text to a Xapian query: herdex's grammar (search/query_parser)
// for structure, the database's own analyzer for every leaf, so that a query
// and the index always agree on terms.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/error.h"
#include "search/synonyms.h"

namespace herdex::detail {

struct BuiltQuery {
  Xapian::Query query;
  /// Every body term the query can match, as indexed (stems with their "Z"
  /// prefix, wildcard expansions). Used to find matches in a hit's text for
  /// passages and highlights. Excluded (NOT, -x) terms are not listed.
  std::vector<std::string> terms;
  /// The parsed query, for --explain.
  std::string parsed;
};

/// Builds the query. Leaves:
/// - a word matches by stem (Latin) or, for a CJK run, as the phrase of its
///   n-grams OR'd with its n-grams and dictionary words, so documents
///   segmented differently still match;
/// - a phrase matches its exact words (unstemmed) or n-grams in sequence;
/// - `pre*` is the OR of up to 100 indexed terms starting with `pre`;
/// - `title:` `author:` `source:` and mapped JSON Lines fields search that
///   field, and next to free words restrict them (required); `lang:` filters; `rating:LOW..HIGH`
///   and `date:`/`year:` ranges filter by value.
/// Words side by side are OR'd (documents matching more rank higher);
/// `+word` is required, `-word` excluded. Synonym groups apply to words and
/// word sequences.
///
/// With `literal`, the text is plain words: no syntax at all.
///
/// Errors: `query_syntax` with the column for malformed queries, bad range
/// bounds, and queries with nothing searchable.
Result<BuiltQuery> build_query(const Analyzer& analyzer, const Xapian::Database& db,
                               std::string_view text, const Synonyms* synonyms = nullptr,
                               bool literal = false);

}  // namespace herdex::detail
