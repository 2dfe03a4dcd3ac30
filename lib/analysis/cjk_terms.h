// What a term made from a CJK run is, told from its text alone: the
// analyzer (analyzer.cc, flush_run) emits single characters, n-grams and
// dictionary words of a run as plain terms, and the index keeps no kind
// with them. `herdex stats --verbose` counts them apart with this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "herdex/analyzer.h"

namespace herdex::detail {

/// The CJK character units of `term` (a kana with its sound mark is one, as
/// when the analyzer cuts a run), or 0 when `term` does not start with a
/// Han, kana or Hangul character.
std::size_t cjk_term_units(std::string_view term);

enum class CjkTermKind : std::uint8_t {
  none,     ///< not a CJK term
  unigram,  ///< one character (AnalyzerOptions::cjk_unigrams)
  ngram,    ///< an n-gram of ngram_size characters, or a whole run shorter than that
  word,     ///< an ICU dictionary word (AnalyzerOptions::cjk_words)
};

/// The kind of an indexed `term` of a database built with `options`. Terms
/// of one length are of one kind, by the analyzer's rules: with unigrams, a
/// single character is a unigram; an n-gram's length is a gram; without
/// unigrams, a run shorter than n is indexed whole as a gram (a dictionary
/// word of that length, possible only with n >= 3, counts as a gram too);
/// every other length is a dictionary word.
CjkTermKind cjk_term_kind(std::string_view term, const AnalyzerOptions& options);

}  // namespace herdex::detail
