// Shared by the fuzz targets: invariant checks that abort with a message
// (libFuzzer then saves the input), and a reader that takes settings from
// the front of the input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "util/utf8.h"

// Aborts with the condition and a message when `cond` is false.
#define HERDEX_FUZZ_CHECK(cond, ...)                                                      \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: invariant broken: %s\n  ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                                  \
      std::fprintf(stderr, "\n");                                                         \
      std::abort();                                                                       \
    }                                                                                     \
  } while (false)

namespace herdex::fuzz {

/// Reads settings from the front of a fuzz input; what is left is the
/// payload. Past the end it yields zeros, so every input is usable.
class InputReader {
 public:
  InputReader(const std::uint8_t* data, std::size_t size)
      : rest_(reinterpret_cast<const char*>(data), size) {}

  std::uint8_t byte() {
    if (rest_.empty()) return 0;
    const auto b = static_cast<std::uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return b;
  }
  std::uint16_t u16() {
    const std::uint16_t hi = byte();
    return static_cast<std::uint16_t>((hi << 8) | byte());
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

/// True if offset `i` is a character boundary of `s`: its end, or a byte
/// that starts a UTF-8 sequence (in repaired text every byte that is not a
/// continuation byte does).
inline bool on_boundary(std::string_view s, std::size_t i) {
  if (i == s.size()) return true;
  if (i > s.size()) return false;
  return (static_cast<unsigned char>(s[i]) & 0xC0U) != 0x80U;
}

inline bool valid_utf8(std::string_view s) { return detail::count_invalid_utf8(s) == 0; }

}  // namespace herdex::fuzz
