#include "analysis/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

namespace herdex::detail {
namespace {

bool is_ascii(std::string_view s) noexcept {
  for (const char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80U) return false;
  }
  return true;
}

// Apostrophe look-alikes that ICU's word rules keep inside words (MidNumLet
// and friends): Jonze’s and Jonze's must give the same term.
bool is_apostrophe(UChar32 c) noexcept {
  return c == 0x2019 || c == 0x2018 || c == 0x02BC || c == 0xFF07 || c == 0x2032;
}

// The cache holds one entry per distinct CJK character seen; a few thousand
// in practice. The bound only protects against adversarial input.
constexpr std::size_t kMaxCjkCacheEntries = 1U << 16;

}  // namespace

TermNormalizer::~TermNormalizer() = default;

bool TermNormalizer::init() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return false;
  nfd_ = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return false;
  nfc_ = icu::Normalizer2::getNFCInstance(status);
  return U_SUCCESS(status);
}

void TermNormalizer::fold_word(std::string_view token, std::string& out) {
  if (is_ascii(token)) {
    // NFKC_Casefold of ASCII is plain lower-casing.
    for (const char c : token) {
      out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return;
  }
  fold_word_slow(token, out);
}

void TermNormalizer::fold_word_slow(std::string_view token, std::string& out) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(token.data(), static_cast<int32_t>(token.size())));
  for (int32_t i = 0; i < text.length(); ++i) {
    if (is_apostrophe(text.charAt(i))) text.setCharAt(i, u'\'');
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf_->normalize(text, status);
  icu::UnicodeString decomposed = nfd_->normalize(folded, status);
  if (U_FAILURE(status)) {
    // Cannot happen with valid ICU data; fall back to the unfolded text so
    // analysis never fails.
    text.toUTF8String(out);
    return;
  }
  // Remove nonspacing marks that sit on a Latin base letter. Marks on other
  // scripts carry meaning (Cyrillic й, Devanagari vowel signs) and stay.
  icu::UnicodeString stripped;
  UScriptCode base_script = USCRIPT_COMMON;
  for (int32_t i = 0; i < decomposed.length();) {
    const UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) == U_NON_SPACING_MARK) {
      if (base_script == USCRIPT_LATIN) continue;
    } else {
      UErrorCode script_status = U_ZERO_ERROR;
      base_script = uscript_getScript(c, &script_status);
    }
    stripped.append(c);
  }
  icu::UnicodeString composed = nfc_->normalize(stripped, status);
  if (U_FAILURE(status)) composed = folded;
  composed.toUTF8String(out);
}

const std::string& TermNormalizer::fold_cjk_unit(std::string_view unit) {
  const std::string key(unit);
  if (const auto it = cjk_cache_.find(key); it != cjk_cache_.end()) return it->second;
  if (cjk_cache_.size() >= kMaxCjkCacheEntries) cjk_cache_.clear();

  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(unit.data(), static_cast<int32_t>(unit.size())));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString folded = nfkc_cf_->normalize(text, status);
  if (U_FAILURE(status)) folded = text;

  icu::UnicodeString mapped;
  bool has_han = false;
  for (int32_t i = 0; i < folded.length();) {
    UChar32 c = folded.char32At(i);
    i += U16_LENGTH(c);
    // Katakana to hiragana: the two blocks are parallel for U+30A1..U+30F6
    // (ァ..ヶ -> ぁ..ゖ). ICU's Katakana-Hiragana transliterator does the
    // same for these; arithmetic avoids its cost on every character.
    if (c >= 0x30A1 && c <= 0x30F6) c -= 0x60;
    if (c == 0x30FD || c == 0x30FE) c -= 0x60;  // ヽヾ -> ゝゞ
    UErrorCode script_status = U_ZERO_ERROR;
    if (uscript_getScript(c, &script_status) == USCRIPT_HAN) has_han = true;
    mapped.append(c);
  }
  if (has_han) {
    if (!hant_hans_ && !hant_hans_failed_) {
      UErrorCode t_status = U_ZERO_ERROR;
      hant_hans_.reset(icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, t_status));
      if (U_FAILURE(t_status)) {
        hant_hans_.reset();
        hant_hans_failed_ = true;
      }
    }
    if (hant_hans_) hant_hans_->transliterate(mapped);
  }
  // Compose kana with their sound marks (か + ゛ -> が) after the mapping.
  icu::UnicodeString composed = nfc_->normalize(mapped, status);
  if (U_FAILURE(status)) composed = mapped;
  std::string result;
  composed.toUTF8String(result);
  return cjk_cache_.emplace(key, std::move(result)).first->second;
}

}  // namespace herdex::detail
