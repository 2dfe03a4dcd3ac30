#include "index/term_class.h"

#include <algorithm>

#include "analysis/cjk_terms.h"
#include "store/schema.h"

namespace herdex::detail {

TermClass classify_term(std::string_view term, const AnalyzerOptions& options) {
  if (term.empty()) return TermClass::other;
  const char first = term[0];
  if (first >= 'A' && first <= 'Z') {
    if (is_stem_term(term)) return TermClass::stem;
    const std::string_view prefix = term.substr(0, 1);
    if (prefix == kTitlePrefix) return TermClass::title;
    if (prefix == kAuthorPrefix) return TermClass::author;
    if (prefix == kSourcePrefix) return TermClass::source;
    if (prefix == kLangPrefix) return TermClass::lang;
    if (prefix == kIdPrefix) return TermClass::id;
    if (first == 'X') return TermClass::field;  // field_prefix(): "X" + the name in capitals
    return TermClass::other;
  }
  switch (cjk_term_kind(term, options)) {
    case CjkTermKind::unigram:
      return TermClass::cjk_unigram;
    case CjkTermKind::ngram:
      return TermClass::cjk_ngram;
    case CjkTermKind::word:
      return TermClass::cjk_word;
    case CjkTermKind::none:
      break;
  }
  // As the analyzer decides (emit_word): a token with a letter is a word.
  const bool has_letter = std::any_of(term.begin(), term.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || static_cast<unsigned char>(c) >= 0x80U;
  });
  return has_letter ? TermClass::word : TermClass::number;
}

}  // namespace herdex::detail
