// Term normalization: the folding that makes different spellings of one word
// into one term. Works on one token at a time, so that every token keeps the
// byte range of its original spelling.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "analysis/script.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>

namespace herdex::detail {

/// Folds a token to its term. Not thread-safe (caches).
class TermNormalizer {
 public:
  /// Returns false if ICU's normalization data is missing.
  bool init();
  ~TermNormalizer();

  /// Appends the folded form of an alphabetic or numeric token to `out`:
  /// NFKC with case folding, curly apostrophes to '\'', diacritics removed
  /// from Latin letters (café -> cafe, naïve -> naive).
  void fold_word(std::string_view token, std::string& out);

  /// Folded form of one CJK character unit (a code point plus any
  /// combining sound marks): NFKC with case folding (half-width katakana
  /// become full-width), katakana to hiragana, Traditional Han to
  /// Simplified (ICU "Hant-Hans", applied per character). Cached.
  const std::string& fold_cjk_unit(std::string_view unit);

 private:
  void fold_word_slow(std::string_view token, std::string& out);

  const icu::Normalizer2* nfkc_cf_ = nullptr;
  const icu::Normalizer2* nfd_ = nullptr;
  const icu::Normalizer2* nfc_ = nullptr;
  std::unique_ptr<icu::Transliterator> hant_hans_;
  bool hant_hans_failed_ = false;
  std::unordered_map<std::string, std::string> cjk_cache_;
};

}  // namespace herdex::detail
