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
    case USCRIPT_HAN:
      return Script::han;
    case USCRIPT_HIRAGANA:
      return Script::hiragana;
    case USCRIPT_KATAKANA:
      return Script::katakana;
    case USCRIPT_HANGUL:
      return Script::hangul;
    default:
      break;
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

#include <algorithm>
#include <memory>
#include <vector>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

// The Han blocks the table covers: Extension A and the Unified Ideographs.
// Characters outside (Extension B and later) are rare in reviews and count
// as shared.
constexpr std::int32_t kHanFirst = 0x3400;
constexpr std::int32_t kHanLast = 0x9FFF;

// Which script each Han character exists in only, from both directions of
// ICU's conversion: a character Hans-Hant changes but Hant-Hans keeps is
// Simplified only, and the reverse Traditional only. Both leave most
// characters alone (shared), and a few both change or both keep though
// one script also writes them in some words (著 is 着's Traditional form
// but also Simplified 著作; 干 is Simplified for 乾 but Traditional too in
// 干涉). Those few are why a text is judged by counts, not by the first
// such character. All characters go through each transliterator in one
// call, separated by line feeds so that no phrase rule spans two of them.
class HansHantTable {
 public:
  HansHantTable() : classes_(static_cast<std::size_t>(kHanLast - kHanFirst + 1), 0) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> to_hans(
        icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
    std::unique_ptr<icu::Transliterator> to_hant(
        icu::Transliterator::createInstance("Hans-Hant", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !to_hans || !to_hant) return;  // no ICU data: all shared
    icu::UnicodeString all;
    for (std::int32_t c = kHanFirst; c <= kHanLast; ++c) {
      all.append(static_cast<UChar32>(c));
      all.append(static_cast<UChar>('\n'));
    }
    icu::UnicodeString hans = all;
    icu::UnicodeString hant = all;
    to_hans->transliterate(hans);
    to_hant->transliterate(hant);
    // Both results keep one line per character; compare line by line.
    std::int32_t a = 0;
    std::int32_t b = 0;
    for (std::int32_t c = kHanFirst; c <= kHanLast; ++c) {
      const std::int32_t a_end = hans.indexOf(static_cast<UChar>('\n'), a);
      const std::int32_t b_end = hant.indexOf(static_cast<UChar>('\n'), b);
      if (a_end < 0 || b_end < 0) return;  // unexpected output: leave the rest shared
      const icu::UnicodeString self(static_cast<UChar32>(c));
      const bool hans_changes = hans.compare(a, a_end - a, self) != 0;
      const bool hant_changes = hant.compare(b, b_end - b, self) != 0;
      std::uint8_t cls = 0;
      if (hant_changes && !hans_changes) cls = 1;
      if (hans_changes && !hant_changes) cls = 2;
      classes_[static_cast<std::size_t>(c - kHanFirst)] = cls;
      a = a_end + 1;
      b = b_end + 1;
    }
  }
  int get(std::int32_t c) const noexcept {
    if (c < kHanFirst || c > kHanLast) return 0;
    return classes_[static_cast<std::size_t>(c - kHanFirst)];
  }

 private:
  std::vector<std::uint8_t> classes_;
};

const HansHantTable& hans_hant_table() {
  static const HansHantTable table;  // built on first use; C++11 statics are thread-safe
  return table;
}

}  // namespace

int hans_hant_class(std::int32_t code_point) noexcept {
  if (code_point < kHanFirst || code_point > kHanLast) return 0;
  return hans_hant_table().get(code_point);
}

LanguageGuess detect_language(std::string_view text) {
  constexpr std::size_t kSample = std::size_t{64} * 1024;
  text = text.substr(0, utf8_floor(text, std::min(text.size(), kSample)));
  std::size_t alpha = 0, han = 0, kana = 0, hangul = 0, simplified = 0, traditional = 0;
  for (std::size_t i = 0; i < text.size();) {
    const CodePoint cp = decode_utf8(text, i);
    const std::int32_t c = cp.value;
    i += cp.length;
    switch (classify(c)) {
      case Script::alphabetic:
        ++alpha;
        break;
      case Script::han: {
        ++han;
        const int cls = hans_hant_class(c);
        if (cls == 1) ++simplified;
        if (cls == 2) ++traditional;
        break;
      }
      case Script::hiragana:
      case Script::katakana:
        ++kana;
        break;
      case Script::hangul:
        ++hangul;
        break;
      default:
        break;
    }
  }
  // Compare in words: a CJK character is about half a word, a Latin word
  // about five letters.
  const std::size_t latin_words = (alpha + 4) / 5;
  const std::size_t cjk_words = (han + kana + hangul + 1) / 2;
  if (latin_words == 0 && cjk_words == 0) return {};
  const auto share = [](std::size_t part, std::size_t whole) {
    return whole == 0 ? 1.0 : static_cast<double>(part) / static_cast<double>(whole);
  };
  const std::size_t words = latin_words + cjk_words;
  if (latin_words * 4 >= cjk_words && cjk_words * 4 >= latin_words) {
    return {"mixed", share(std::min(latin_words, cjk_words), std::max(latin_words, cjk_words))};
  }
  if (latin_words > cjk_words) return {"en", share(latin_words, words)};
  if (hangul >= kana && hangul * 2 >= han) return {"ko", share(hangul, han + kana + hangul)};
  if (kana * 10 >= han) return {"ja", share(kana + han, han + kana + hangul)};
  const std::size_t evidence = simplified + traditional;
  if (evidence == 0) return {"zh-Hans", 0.5};
  if (traditional > simplified) return {"zh-Hant", share(traditional, evidence)};
  return {"zh-Hans", share(simplified, evidence)};
}

}  // namespace herdex::detail
