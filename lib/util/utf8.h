// UTF-8 helpers shared by every stage. Byte offsets are the currency of
// herdex: these functions never change the length of a string, so an offset
// into a repaired string is an offset into the original bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace herdex::detail {

/// Length of the valid UTF-8 sequence starting at `s[i]`, or 0 if the bytes
/// there do not form one (overlong forms, surrogates and values above
/// U+10FFFF are invalid, as in RFC 3629).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept;

/// A decoded code point and the length of its encoding.
struct CodePoint {
  std::int32_t value;
  std::size_t length;
};

/// Decodes the code point at `s[i]` (i < s.size()); an invalid sequence
/// gives {U+FFFD, 1}.
CodePoint decode_utf8(std::string_view s, std::size_t i) noexcept;

/// Number of bytes that are not part of a valid UTF-8 sequence.
std::size_t count_invalid_utf8(std::string_view s) noexcept;

/// Replaces every byte that is not part of a valid UTF-8 sequence by '?', in
/// place, and returns how many were replaced. The length never changes.
std::size_t repair_utf8(std::string& s);

/// True if `s` looks like binary data rather than text: a NUL byte, or
/// more than 10% invalid UTF-8 or control characters, in its first 8 KiB.
bool looks_binary(std::string_view s) noexcept;

/// Largest offset <= `i` that is on a UTF-8 sequence boundary of `s`
/// (assumes `s` is valid UTF-8).
std::size_t utf8_floor(std::string_view s, std::size_t i) noexcept;

/// Smallest offset >= `i` that is on a UTF-8 sequence boundary of `s`.
std::size_t utf8_ceil(std::string_view s, std::size_t i) noexcept;

/// Largest grapheme-cluster boundary <= `i` in valid UTF-8 `text`
/// (approximated by UAX #29's Extend, ZWJ and SpacingMark rules, which is
/// what a cut can break): where snippets and titles may be cut.
std::size_t grapheme_floor(std::string_view text, std::size_t i);

/// Smallest grapheme-cluster boundary >= `i`.
std::size_t grapheme_ceil(std::string_view text, std::size_t i);

}  // namespace herdex::detail
