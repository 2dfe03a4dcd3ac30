#include "util/hash.h"

#include <array>
#include <cstring>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

namespace herdex::detail {

struct ContentHasher::State {
  XXH3_state_t xxh;
};

ContentHasher::ContentHasher() : state_(std::make_unique<State>()) {
  (void)XXH3_128bits_reset(&state_->xxh);  // cannot fail on a valid state
}

ContentHasher::~ContentHasher() = default;

void ContentHasher::add(std::string_view bytes) {
  const std::uint64_t length = bytes.size();
  std::array<unsigned char, sizeof length> prefix{};
  std::memcpy(prefix.data(), &length, sizeof length);
  (void)XXH3_128bits_update(&state_->xxh, prefix.data(), prefix.size());
  (void)XXH3_128bits_update(&state_->xxh, bytes.data(), bytes.size());
}

std::string ContentHasher::hex_digest() const {
  const XXH128_hash_t h = XXH3_128bits_digest(&state_->xxh);
  return fmt::format("{:016x}{:016x}", h.high64, h.low64);
}

std::uint64_t stable_hash64(std::string_view bytes) noexcept {
  return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace herdex::detail
