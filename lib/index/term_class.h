// Classes of the terms IndexWriter writes (store/schema.h), told apart by the
// term text: what `herdex stats --verbose` reports space per.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "herdex/analyzer.h"

namespace herdex::detail {

enum class TermClass : std::uint8_t {
  stem,         // Z + stem of a body word
  word,         // exact (folded) form of an alphabetic body word
  number,       // a body token without letters
  cjk_unigram,  // one CJK character
  cjk_ngram,    // a CJK n-gram
  cjk_word,     // a CJK dictionary word
  title,        // S...: title words, their stems and CJK terms
  author,       // A...
  source,       // P...: words of the source path
  field,        // X...: user fields
  lang,         // L...: language tag
  id,           // Q...: document id
  other,        // anything else (another prefix)
};

inline constexpr std::size_t kTermClassCount = static_cast<std::size_t>(TermClass::other) + 1;

/// The names `herdex stats --verbose` and DatabaseSpace use, in enum order.
inline constexpr std::array<std::string_view, kTermClassCount> kTermClassNames = {
    "stems",  "words",  "numbers", "cjk_unigrams", "cjk_ngrams", "cjk_words", "title",
    "author", "source", "fields",  "lang",         "id",         "other"};

inline std::string_view term_class_name(TermClass c) {
  return kTermClassNames[static_cast<std::size_t>(c)];
}

/// The class of `term`, a term of a database built with `options`. Body
/// terms are folded to lower case, so a term starting with an ASCII capital
/// has a prefix (Xapian's convention); the others are body tokens: CJK
/// (analysis/cjk_terms.h), words (some letter), or numbers.
TermClass classify_term(std::string_view term, const AnalyzerOptions& options);

}  // namespace herdex::detail
