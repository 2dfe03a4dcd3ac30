// Tests for the schema (lib/store/schema.h): the names both the indexer and
// search read, and the term length limit every term the schema makes keeps.
#include "store/schema.h"

#include <gtest/gtest.h>

#include <string>

namespace herdex::detail {
namespace {

TEST(Schema, MakeTermKeepsXapiansLimit) {
  struct Case {
    std::string prefix;
    std::size_t word_bytes;
    bool stem;
    bool fits;
  };
  const Case cases[] = {
      {"", 245, false, true},
      {"", 246, false, false},
      {"", 244, true, true},  // "Z" + 244
      {"", 245, true, false},
      {"S", 240, true, true},
      {"XPRODUCTION_COMPANY", 238, false, false},  // a word the analyzer keeps
      {"XPRODUCTION_COMPANY", 226, false, true},
      {"", 300, false, false},
  };
  std::string term;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.prefix + " " + std::to_string(c.word_bytes));
    EXPECT_EQ(make_term(term, c.prefix, std::string(c.word_bytes, 'a'), c.stem), c.fits);
    EXPECT_EQ(term.size(), c.prefix.size() + c.word_bytes + (c.stem ? 1 : 0));
    EXPECT_EQ(term.rfind(c.prefix + (c.stem ? "Z" : ""), 0), 0U);
  }
}

TEST(Schema, BuiltinFieldsAreFoundByName) {
  ASSERT_NE(builtin_field("title"), nullptr);
  EXPECT_EQ(builtin_field("title")->prefix, kTitlePrefix);
  EXPECT_EQ(builtin_field("title")->kind, FieldKind::words);
  ASSERT_NE(builtin_field("lang"), nullptr);
  EXPECT_EQ(builtin_field("lang")->kind, FieldKind::tag);
  EXPECT_EQ(builtin_field("lang")->slot, kSlotLang);
  ASSERT_NE(builtin_field("rating"), nullptr);
  EXPECT_EQ(builtin_field("rating")->kind, FieldKind::range);
  EXPECT_EQ(builtin_field("genre"), nullptr);  // a user field
}

TEST(Schema, UserFieldsGetAnXPrefixWithoutPositions) {
  EXPECT_EQ(field_prefix("movie"), "XMOVIE");
  EXPECT_FALSE(prefix_has_positions(field_prefix("movie")));
  EXPECT_FALSE(prefix_has_positions(kAuthorPrefix));
  EXPECT_TRUE(prefix_has_positions(kTitlePrefix));
  EXPECT_TRUE(prefix_has_positions(""));
  EXPECT_GE(field_slot("movie"), 1U << 24);
  EXPECT_EQ(lang_term("zh-Hant"), "Lzh-hant");
}

}  // namespace
}  // namespace herdex::detail
