// Tests for lib/util/hash: ContentHasher, the change-detection hash stored
// with every document.

#include "util/hash.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace herdex::detail {
namespace {

std::string digest_of(const std::vector<std::string>& parts) {
  ContentHasher h;
  for (const std::string& p : parts) h.add(p);
  return h.hex_digest();
}

bool is_lower_hex(const std::string& s) {
  for (const char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

TEST(ContentHasher, IsDeterministic) {
  const std::vector<std::string> parts = {"Her (2013)", "Spike Jonze", "\xE5\xAD\xA4\xE7\x8D\xA8"};
  EXPECT_EQ(digest_of(parts), digest_of(parts));
  ContentHasher h;
  for (const std::string& p : parts) h.add(p);
  EXPECT_EQ(h.hex_digest(), h.hex_digest()) << "hex_digest() must not change the state";
}

TEST(ContentHasher, DigestIs32LowerCaseHexDigits) {
  for (const auto& parts :
       {std::vector<std::string>{}, std::vector<std::string>{""}, std::vector<std::string>{"a"},
        std::vector<std::string>{std::string(100000, 'x')}}) {
    const std::string d = digest_of(parts);
    EXPECT_EQ(d.size(), 32U) << d;
    EXPECT_TRUE(is_lower_hex(d)) << d;
  }
}

TEST(ContentHasher, LengthPrefixSeparatesParts) {
  EXPECT_NE(digest_of({"ab", "c"}), digest_of({"a", "bc"}));
  EXPECT_NE(digest_of({"abc"}), digest_of({"ab", "c"}));
  EXPECT_NE(digest_of({"", "a"}), digest_of({"a", ""}));
  EXPECT_NE(digest_of({}), digest_of({""})) << "an empty part still counts";
}

TEST(ContentHasher, DifferentContentDiffers) {
  EXPECT_NE(digest_of({"a"}), digest_of({"b"}));
  EXPECT_NE(digest_of({"Her"}), digest_of({"her"}));
  std::string big(4096, 'x');
  const std::string before = digest_of({big});
  big[4000] = 'y';
  EXPECT_NE(digest_of({big}), before);
}

TEST(ContentHasher, EmptyHasherIsXxh3Of128BitsOfNothing) {
  // Digests are stored in databases, so the algorithm must not change
  // silently. XXH3-128 of the empty input, seed 0.
  EXPECT_EQ(digest_of({}), "99aa06d3014798d86001c324468d497f");
}

}  // namespace
}  // namespace herdex::detail
