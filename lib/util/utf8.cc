#include "util/utf8.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstdint>

namespace herdex::detail {
namespace {

inline unsigned char byte_at(std::string_view s, std::size_t i) noexcept {
  return static_cast<unsigned char>(s[i]);
}

inline bool is_continuation(unsigned char c) noexcept { return (c & 0xC0U) == 0x80U; }

std::int32_t code_point_at(std::string_view s, std::size_t i) {
  if (utf8_sequence_length(s, i) == 0) return -1;
  return decode_utf8(s, i).value;
}

// True if a cluster may start at `i`: the character there does not attach to
// the one before it.
bool starts_cluster(std::string_view s, std::size_t i) {
  if (i == 0 || i >= s.size()) return true;
  const std::int32_t c = code_point_at(s, i);
  if (c < 0) return true;
  const auto gcb =
      static_cast<UGraphemeClusterBreak>(u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK));
  if (gcb == U_GCB_EXTEND || gcb == U_GCB_ZWJ || gcb == U_GCB_SPACING_MARK) return false;
  // Nor after a ZWJ (emoji sequences).
  const std::size_t prev = utf8_floor(s, i - 1);
  return code_point_at(s, prev) != 0x200D;
}

}  // namespace

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
  const std::size_t n = s.size();
  if (i >= n) return 0;
  const unsigned char c = byte_at(s, i);
  if (c < 0x80U) return 1;
  // Lead bytes and the allowed range of the first continuation byte, per the
  // table of well-formed sequences in Unicode 15, section 3.9 (D92).
  std::size_t len = 0;
  unsigned char lo = 0x80U;
  unsigned char hi = 0xBFU;
  if (c >= 0xC2U && c <= 0xDFU) {
    len = 2;
  } else if (c == 0xE0U) {
    len = 3;
    lo = 0xA0U;
  } else if ((c >= 0xE1U && c <= 0xECU) || c == 0xEEU || c == 0xEFU) {
    len = 3;
  } else if (c == 0xEDU) {
    len = 3;
    hi = 0x9FU;  // excludes UTF-16 surrogates
  } else if (c == 0xF0U) {
    len = 4;
    lo = 0x90U;
  } else if (c >= 0xF1U && c <= 0xF3U) {
    len = 4;
  } else if (c == 0xF4U) {
    len = 4;
    hi = 0x8FU;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  const unsigned char c1 = byte_at(s, i + 1);
  if (c1 < lo || c1 > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (!is_continuation(byte_at(s, i + k))) return 0;
  }
  return len;
}

CodePoint decode_utf8(std::string_view s, std::size_t i) noexcept {
  const unsigned char b0 = byte_at(s, i);
  if (b0 < 0x80U) return {b0, 1};
  const std::size_t len = utf8_sequence_length(s, i);
  if (len == 0) return {0xFFFD, 1};
  std::int32_t c = b0 & (0xFF >> (len + 1));
  for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (byte_at(s, i + k) & 0x3F);
  return {c, len};
}

std::size_t count_invalid_utf8(std::string_view s) noexcept {
  std::size_t bad = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (byte_at(s, i) < 0x80U) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      ++bad;
      ++i;
    } else {
      i += len;
    }
  }
  return bad;
}

std::size_t repair_utf8(std::string& s) {
  std::size_t bad = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    if (byte_at(s, i) < 0x80U) {
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      s[i] = '?';
      ++bad;
      ++i;
    } else {
      i += len;
    }
  }
  return bad;
}

bool looks_binary(std::string_view s) noexcept {
  const std::size_t n = s.size() < 8192 ? s.size() : 8192;
  std::size_t suspicious = 0;
  std::size_t i = 0;
  while (i < n) {
    const unsigned char c = byte_at(s, i);
    if (c == 0) return true;
    if (c < 0x80U) {
      if (c < 0x20U && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++suspicious;
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      // A sequence cut by the 8 KiB window is not evidence of binary data.
      if (i + 4 < n) ++suspicious;
      ++i;
    } else {
      i += len;
    }
  }
  return n > 0 && suspicious * 10 > n;
}

std::size_t utf8_floor(std::string_view s, std::size_t i) noexcept {
  if (i >= s.size()) return s.size();
  while (i > 0 && is_continuation(byte_at(s, i))) --i;
  return i;
}

std::size_t utf8_ceil(std::string_view s, std::size_t i) noexcept {
  while (i < s.size() && is_continuation(byte_at(s, i))) ++i;
  return i < s.size() ? i : s.size();
}

std::size_t grapheme_floor(std::string_view text, std::size_t i) {
  i = utf8_floor(text, std::min(i, text.size()));
  while (i > 0 && !starts_cluster(text, i)) i = utf8_floor(text, i - 1);
  return i;
}

std::size_t grapheme_ceil(std::string_view text, std::size_t i) {
  i = utf8_ceil(text, std::min(i, text.size()));
  while (i < text.size() && !starts_cluster(text, i)) {
    i = utf8_ceil(text, i + 1);
  }
  return i;
}

}  // namespace herdex::detail
