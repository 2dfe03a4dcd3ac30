// Which writing system a code point belongs to, as far as analysis cares.
#pragma once

#include <cstdint>

namespace herdex::detail {

enum class Script : std::uint8_t {
  other,     // punctuation, symbols, spaces
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
  return s == Script::han || s == Script::hiragana || s == Script::katakana ||
         s == Script::hangul;
}

}  // namespace herdex::detail

#include <string>
#include <string_view>

namespace herdex::detail {

/// Guesses a language tag from the script mix of `text` (its first 64 KiB):
/// "ko" for Hangul, "ja" when kana are present, "zh-Hans"/"zh-Hant" for Han
/// (by whether the Traditional-only characters dominate), "en" for Latin
/// letters, "mixed" when CJK and Latin both carry a real share, "" when
/// there are no letters at all. herdex does not tell Latin-script
/// languages apart.
std::string detect_language(std::string_view text);

}  // namespace herdex::detail
