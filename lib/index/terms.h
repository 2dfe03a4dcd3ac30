// The term vocabulary herdex writes into Xapian, in one place so that the
// indexer and the query builder cannot disagree. Prefixes follow Xapian's
// omega conventions (docs/termprefixes.rst).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/hash.h"

namespace herdex::detail {

inline constexpr std::string_view kIdPrefix = "Q";      // unique document id
inline constexpr std::string_view kStemPrefix = "Z";    // stemmed form, no positions
inline constexpr std::string_view kTitlePrefix = "S";   // title words (positions)
inline constexpr std::string_view kAuthorPrefix = "A";  // author words
inline constexpr std::string_view kLangPrefix = "L";    // language tag, lower case
inline constexpr std::string_view kSourcePrefix = "P";  // words of the source path

/// True for a stem term: kStemPrefix and at least one character after it.
inline bool is_stem_term(std::string_view term) {
  return term.size() > kStemPrefix.size() && term.substr(0, kStemPrefix.size()) == kStemPrefix;
}

/// Extra within-document frequency given to title words in the body field,
/// so that a title match counts more than one mention in the text.
inline constexpr unsigned kTitleWdfBoost = 3;

inline std::string id_term(std::string_view id) { return std::string(kIdPrefix).append(id); }

/// Prefix of a user field ("movie" -> "XMOVIE"): Xapian's convention for
/// custom prefixes, "X" and upper case, which terms (lower case) never start
/// with.
inline std::string field_prefix(std::string_view name) {
  std::string prefix = "X";
  for (const char c : name) {
    prefix.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  return prefix;
}

/// Value slot holding a user field's value as written, for facets: derived
/// from the name alone, so that every shard and every run agree without a
/// registry. Above the fixed slots of store/database.h; 24 bits of a stable
/// hash make a clash of two fields of one collection unlikely.
inline std::uint32_t field_slot(std::string_view name) {
  return (1U << 24) + static_cast<std::uint32_t>(stable_hash64(name) & 0xFFFFFFU);
}

}  // namespace herdex::detail
