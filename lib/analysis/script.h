// Which writing system a code point belongs to, as far as analysis cares.
#pragma once

#include <cstdint>

namespace herdex::detail {

enum class Script : std::uint8_t {
  other,       // punctuation, symbols, spaces
  alphabetic,  // letters of space-delimited scripts (Latin, Greek, Cyrillic, ...)
  digit,
  han,
  hiragana,
  katakana,
  hangul,
};

/// Script class of a Unicode code point (ICU uscript and character properties).
Script classify(std::int32_t code_point) noexcept;

/// Han, kana and Hangul: scripts written without spaces between words (Hangul
/// is spaced, but its words are long agglutinations, so it is treated alike).
inline bool is_cjk(Script s) noexcept {
  return s == Script::han || s == Script::hiragana || s == Script::katakana || s == Script::hangul;
}

}  // namespace herdex::detail

#include <string>
#include <string_view>

namespace herdex::detail {

/// A language tag and how sure the guess is.
struct LanguageGuess {
  std::string tag;
  /// 0.5 to 1: for "zh-Hans"/"zh-Hant", the share of the characters that
  /// exist in one of the two scripts only which are of the chosen one (0.5
  /// when there are none); for the other tags, the share of the text's
  /// words in the script that decided. 0 for "".
  double confidence = 0;
};

/// Guesses a language tag from the script mix of `text` (its first 64 KiB):
/// "ko" for Hangul, "ja" when kana are present, "zh-Hans"/"zh-Hant" for Han,
/// "en" for Latin letters, "mixed" when CJK and Latin both carry a real
/// share, "" when there are no letters at all. herdex does not tell
/// Latin-script languages apart.
///
/// Simplified and Traditional are told apart by the characters that exist
/// in one of them only (see hans_hant_class()): the text is Traditional
/// when its Traditional-only characters outnumber its Simplified-only ones.
/// A single character that both scripts use in some words (著, 乾, 干, 里)
/// cannot outvote the rest of the text.
LanguageGuess detect_language(std::string_view text);

/// Which Chinese script a Han character belongs to only: 1 for a character
/// that ICU's Hans-Hant transliterator changes and Hant-Hans leaves alone
/// (还, 贴: Simplified only), 2 for the reverse (還, 貼: Traditional only),
/// 0 for a character both write alike, or one outside the BMP's Han blocks.
/// The table is built once, from both transliterators, on first use
/// (about 20 ms); thread-safe.
int hans_hant_class(std::int32_t code_point) noexcept;

}  // namespace herdex::detail
