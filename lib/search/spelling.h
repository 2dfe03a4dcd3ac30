// "Did you mean": corrections for misspelled words from the indexed
// vocabulary itself, so suggestions are always words the collection holds.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "herdex/analyzer.h"
#include "search/synonyms.h"

namespace herdex::detail {

/// Returns `query` with each free word that no document contains (neither
/// as written nor through its stem) replaced by the most frequent indexed
/// word within two edits (one for words under five letters) that shares its
/// first letter, when that query finds more than `matches` documents;
/// otherwise empty. Only the parsed query's free words are looked at:
/// field names and values, ranges, excluded words, CJK and syntax are kept
/// as typed, so the result is a complete query to run. With `literal`, the
/// query is plain words (SearchOptions::literal).
std::string suggest_spelling(const Analyzer& analyzer, const Xapian::Database& db,
                             std::string_view query, const Synonyms* synonyms, bool literal,
                             std::size_t matches);

/// The most frequent indexed term within `limit` edits of `word` that
/// starts with the same byte (the alphabetically first of equals); empty if
/// none.
std::string closest_term(const Xapian::Database& db, std::string_view word, std::size_t limit);

/// Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it is
/// known to exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace herdex::detail
