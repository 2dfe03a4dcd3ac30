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

/// 64-bit XXH3 of `bytes` (seed 0). Its values are fixed by the XXH3
/// specification, so they can be stored: sharded databases route documents
/// with it, and changing it would send existing ids to other shards.
std::uint64_t stable_hash64(std::string_view bytes) noexcept;

}  // namespace herdex::detail
