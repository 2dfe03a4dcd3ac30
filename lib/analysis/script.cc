#include "analysis/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace herdex::detail {

Script classify(std::int32_t c) noexcept {
  // Fast path: ASCII is by far the most common input.
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return Script::alphabetic;
    if (c >= '0' && c <= '9') return Script::digit;
    return Script::other;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return Script::other;
  switch (script) {
    case USCRIPT_HAN: return Script::han;
    case USCRIPT_HIRAGANA: return Script::hiragana;
    case USCRIPT_KATAKANA: return Script::katakana;
    case USCRIPT_HANGUL: return Script::hangul;
    default: break;
  }
  // The prolonged sound mark (U+30FC) and iteration marks are Common script
  // but belong to the kana run they sit in.
  if (c == 0x30FC || c == 0xFF70 || c == 0x309D || c == 0x309E || c == 0x30FD || c == 0x30FE) {
    return Script::katakana;
  }
  if (c == 0x3005) return Script::han;  // 々, the kanji iteration mark
  if (u_isdigit(c)) return Script::digit;
  if (u_isalpha(c) || u_hasBinaryProperty(c, UCHAR_DIACRITIC)) return Script::alphabetic;
  return Script::other;
}

}  // namespace herdex::detail

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

// A few hundred of the most frequent characters that exist only in
// Traditional Chinese would be the precise tool; as a cheap signal, a Han
// character that ICU's Hant-Hans transliteration changes is Traditional.
class TraditionalProbe {
 public:
  TraditionalProbe() {
    UErrorCode status = U_ZERO_ERROR;
    trans_.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) trans_.reset();
  }
  bool is_traditional(std::int32_t c) {
    if (!trans_) return false;
    icu::UnicodeString s(c);
    const icu::UnicodeString before = s;
    trans_->transliterate(s);
    return s != before;
  }

 private:
  std::unique_ptr<icu::Transliterator> trans_;
};

}  // namespace

std::string detect_language(std::string_view text) {
  constexpr std::size_t kSample = 64 * 1024;
  constexpr std::size_t kHanProbe = 400;  // Han characters checked for Traditional forms
  text = text.substr(0, utf8_floor(text, std::min(text.size(), kSample)));
  std::size_t alpha = 0, han = 0, kana = 0, hangul = 0, traditional = 0, probed = 0;
  std::unique_ptr<TraditionalProbe> probe;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_utf8(text, i);
    const std::int32_t c = cp.value;
    i += cp.length;
    switch (classify(c)) {
      case Script::alphabetic: ++alpha; break;
      case Script::han:
        ++han;
        if (probed < kHanProbe) {
          if (!probe) probe = std::make_unique<TraditionalProbe>();
          ++probed;
          if (probe->is_traditional(c)) ++traditional;
        }
        break;
      case Script::hiragana:
      case Script::katakana: ++kana; break;
      case Script::hangul: ++hangul; break;
      default: break;
    }
  }
  // Compare in words: a CJK character is about half a word, a Latin word
  // about five letters.
  const std::size_t latin_words = (alpha + 4) / 5;
  const std::size_t cjk_words = (han + kana + hangul + 1) / 2;
  if (latin_words == 0 && cjk_words == 0) return "";
  if (latin_words * 4 >= cjk_words && cjk_words * 4 >= latin_words) return "mixed";
  if (latin_words > cjk_words) return "en";
  if (hangul >= kana && hangul * 2 >= han) return "ko";
  if (kana * 10 >= han) return "ja";
  return traditional * 20 >= probed && traditional > 0 ? "zh-Hant" : "zh-Hans";
}

}  // namespace herdex::detail
