// "Did you mean": corrections for misspelled words from the indexed
// vocabulary itself, so suggestions are always words the collection holds.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "herdex/analyzer.h"

namespace herdex::detail {

/// Returns `query` with each alphabetic word that no document contains
/// replaced by the most frequent indexed word within two edits (one for
/// words under five letters) that shares its first letter; empty if no word
/// was replaced. Only words are looked at; CJK and syntax are kept as typed.
std::string suggest_spelling(const Analyzer& analyzer, const Xapian::Database& db,
                             std::string_view query);

/// The most frequent indexed term within `limit` edits of `word` that
/// starts with the same byte (the alphabetically first of equals); empty if
/// none.
std::string closest_term(const Xapian::Database& db, std::string_view word, std::size_t limit);

/// Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it is
/// known to exceed `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace herdex::detail
