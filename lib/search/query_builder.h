// From query text to a Xapian query, through the database's own analyzer,
// so that a query and the index always agree on terms.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/error.h"

namespace herdex::detail {

struct BuiltQuery {
  Xapian::Query query;
  /// Every term the query can match, as indexed (stems with their "Z"
  /// prefix). Used to find matches in a hit's text for passages and
  /// highlights.
  std::vector<std::string> terms;
};

/// Builds the query for free text. Alphabetic words match by stem; a CJK run
/// matches as the phrase of its n-grams, OR'd with its n-grams and its
/// dictionary words, so documents segmented differently still match. Parts
/// are OR'd: documents matching more of them rank higher.
///
/// Errors: `query_syntax` when the text holds nothing searchable.
Result<BuiltQuery> build_query(const Analyzer& analyzer, std::string_view text);

}  // namespace herdex::detail
