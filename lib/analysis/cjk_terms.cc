#include "analysis/cjk_terms.h"

#include <unicode/uchar.h>

#include "analysis/script.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

// Marks the analyzer keeps in the unit before them (flush_run): sound marks
// and other non-spacing marks.
bool joins_unit(std::int32_t c) noexcept {
  if (c == 0x3099 || c == 0x309A || c == 0xFF9E || c == 0xFF9F) return true;
  return c >= 0x300 && u_charType(c) == U_NON_SPACING_MARK;
}

}  // namespace

std::size_t cjk_term_units(std::string_view term) {
  if (term.empty() || static_cast<unsigned char>(term[0]) < 0x80U) return 0;
  if (!is_cjk(classify(decode_utf8(term, 0).value))) return 0;
  std::size_t units = 0;
  for (std::size_t i = 0; i < term.size();) {
    const CodePoint cp = decode_utf8(term, i);
    if (units == 0 || !joins_unit(cp.value)) ++units;
    i += cp.length;
  }
  return units;
}

CjkTermKind cjk_term_kind(std::string_view term, const AnalyzerOptions& options) {
  const std::size_t units = cjk_term_units(term);
  if (units == 0) return CjkTermKind::none;
  const std::size_t n = options.ngram_size;
  const bool grams = options.cjk_ngrams && n > 1;
  if (units == 1 && options.cjk_unigrams) return CjkTermKind::unigram;
  if (grams && units == n) return CjkTermKind::ngram;
  if (grams && !options.cjk_unigrams && units > 1 && units < n) return CjkTermKind::ngram;
  return CjkTermKind::word;
}

}  // namespace herdex::detail
