// The schema: the one table of term prefixes, value slots and field names
// that the indexer (index/document_builder.cc) writes and search
// (search/query_builder.cc, search/searcher.cc) reads, so the two sides
// cannot disagree. Prefixes follow Xapian's omega conventions
// (docs/termprefixes.rst). Every term herdex adds to a document is made
// here and kept to Xapian's term length limit.
#pragma once

#include <xapian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "util/hash.h"

namespace herdex::detail {

// ---- Term prefixes ----

inline constexpr std::string_view kIdPrefix = "Q";      // unique document id
inline constexpr std::string_view kStemPrefix = "Z";    // stemmed form, no positions
inline constexpr std::string_view kTitlePrefix = "S";   // title words (positions)
inline constexpr std::string_view kAuthorPrefix = "A";  // author words
inline constexpr std::string_view kLangPrefix = "L";    // language tag, lower case
inline constexpr std::string_view kSourcePrefix = "P";  // words of the source path

/// Extra within-document frequency given to title words in the body field,
/// so that a title match counts more than one mention in the text.
inline constexpr unsigned kTitleWdfBoost = 3;

// ---- Value slots ----

enum Slot : Xapian::valueno {
  kSlotContentHash = 0,       // hex digest of the indexed content
  kSlotDate = 1,              // ISO date string (sorts as text)
  kSlotRating = 2,            // Xapian::sortable_serialise(rating)
  kSlotLang = 3,              // language tag
  kSlotPassages = 4,          // number of passages, sortable_serialise
  kSlotAuthor = 5,            // author as written (facets)
  kSlotYear = 6,              // first four characters of the date (facets)
  kSlotSource = 7,            // Document::source (a canonical path): what pruning may remove
  kSlotLangConfidence = 8,    // detected language's confidence, sortable_serialise
  kSlotBoilerplateBytes = 9,  // bytes of page boilerplate not indexed, sortable_serialise
  kSlotSourceLine = 10,  // JSON Lines: the record's line in its file, decimal; absent for a file
  // User fields' facet slots (field_slot()) start at 1 << 24.
};

/// The fixed value slots and what to call them (`herdex stats --verbose`).
inline constexpr std::array<std::pair<Xapian::valueno, const char*>, 11> kSlotNames = {{
    {kSlotContentHash, "content_hash"},
    {kSlotDate, "date"},
    {kSlotRating, "rating"},
    {kSlotLang, "lang"},
    {kSlotPassages, "passages"},
    {kSlotAuthor, "author"},
    {kSlotYear, "year"},
    {kSlotSource, "source"},
    {kSlotLangConfidence, "lang_confidence"},
    {kSlotBoilerplateBytes, "boilerplate_bytes"},
    {kSlotSourceLine, "source_line"},
}};

// ---- Field names (queries' `name:` and facets) ----

/// How a built-in field is searched.
enum class FieldKind {
  words,  // its words, under its prefix (`title:arrival`)
  tag,    // one exact term (`lang:ja`): a filter
  range,  // a value slot compared as a range (`rating:7..9`): a filter
};

/// A field every herdex database has.
struct BuiltinField {
  std::string_view name;
  FieldKind kind;
  std::string_view prefix;  // of its terms; empty for a range
  Xapian::valueno slot;     // its value slot, kNoSlot if none
  bool facet;               // may be counted as a facet
};

inline constexpr Xapian::valueno kNoSlot = Xapian::BAD_VALUENO;

inline constexpr std::array<BuiltinField, 7> kBuiltinFields = {{
    {"title", FieldKind::words, kTitlePrefix, kNoSlot, false},
    {"author", FieldKind::words, kAuthorPrefix, kSlotAuthor, true},
    {"source", FieldKind::words, kSourcePrefix, kSlotSource, false},
    {"lang", FieldKind::tag, kLangPrefix, kSlotLang, true},
    {"rating", FieldKind::range, "", kSlotRating, true},
    {"date", FieldKind::range, "", kSlotDate, false},
    {"year", FieldKind::range, "", kSlotYear, true},
}};

/// The built-in field called `name`, or null (a user field, or none).
inline const BuiltinField* builtin_field(std::string_view name) {
  for (const BuiltinField& f : kBuiltinFields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

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
/// registry. Above the fixed slots; 24 bits of a stable hash make a clash of
/// two fields of one collection unlikely.
inline std::uint32_t field_slot(std::string_view name) {
  return (1U << 24) + static_cast<std::uint32_t>(stable_hash64(name) & 0xFFFFFFU);
}

/// Whether the terms under `prefix` keep positions, so phrases work there:
/// the body (no prefix) and the title do; author, source and user fields
/// do not.
inline bool prefix_has_positions(std::string_view prefix) {
  return !(prefix == kAuthorPrefix || prefix == kSourcePrefix || prefix.rfind('X', 0) == 0);
}

// ---- Terms ----

/// Xapian's limit on a term's length in bytes with the glass backend
/// ("Term too long (> 245)"): a longer term makes the whole document fail.
inline constexpr std::size_t kMaxTermBytes = 245;

/// True for a stem term: kStemPrefix and at least one character after it.
inline bool is_stem_term(std::string_view term) {
  return term.size() > kStemPrefix.size() && term.substr(0, kStemPrefix.size()) == kStemPrefix;
}

/// Sets `term` to `prefix` + `word` (`stem`: with kStemPrefix between) and
/// returns whether it is within kMaxTermBytes. A term that is not must be
/// left out: the analyzer keeps words to 240 bytes, but a user field's
/// prefix is as long as its name.
inline bool make_term(std::string& term, std::string_view prefix, std::string_view word,
                      bool stem = false) {
  term.assign(prefix);
  if (stem) term.append(kStemPrefix);
  term.append(word);
  return term.size() <= kMaxTermBytes;
}

/// The unique id term ("Q" + id); ids are at most 200 bytes
/// (check_storable()).
inline std::string id_term(std::string_view id) { return std::string(kIdPrefix).append(id); }

/// The language tag's term: kLangPrefix + the tag in lower case (ASCII).
inline std::string lang_term(std::string_view tag) {
  std::string term(kLangPrefix);
  for (const char c : tag)
    term.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  return term;
}

}  // namespace herdex::detail
