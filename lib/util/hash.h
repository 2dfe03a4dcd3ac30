// Content hashing for change detection (is this document the same as the
// stored one?). XXH3 from libxxhash: fast and well tested; not cryptographic,
// which change detection does not need.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace herdex::detail {

/// Incremental 128-bit XXH3 hash. Each add() is length-prefixed, so
/// ("ab","c") and ("a","bc") differ.
class ContentHasher {
 public:
  ContentHasher();
  ~ContentHasher();
  ContentHasher(const ContentHasher&) = delete;
  ContentHasher& operator=(const ContentHasher&) = delete;

  void add(std::string_view bytes);
  /// 32 lower-case hex digits.
  std::string hex_digest() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace herdex::detail
