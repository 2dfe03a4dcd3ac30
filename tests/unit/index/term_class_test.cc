// Tests for index/term_class.h: every term the writer makes falls in the
// class `herdex stats --verbose` reports it under.

#include "index/term_class.h"

#include <gtest/gtest.h>

#include <string>

#include "store/schema.h"

namespace herdex::detail {
namespace {

struct Case {
  std::string term;
  TermClass expected;
};

TEST(TermClass, EachKindOfTermHasItsClass) {
  const Case cases[] = {
      {"lonely", TermClass::word},
      {"don't", TermClass::word},
      {"3d", TermClass::word},
      {"привет", TermClass::word},
      {"2025", TermClass::number},
      {"8.5", TermClass::number},
      {"Zlone", TermClass::stem},
      {"电", TermClass::cjk_unigram},
      {"电影", TermClass::cjk_ngram},
      {"电影院", TermClass::cjk_word},
      {"한", TermClass::cjk_unigram},
      {"Slonely", TermClass::title},
      {"SZlone", TermClass::title},
      {"S电影", TermClass::title},
      {"Asmith", TermClass::author},
      {"Pcorpus", TermClass::source},
      {field_prefix("genre") + "drama", TermClass::field},
      {"Len", TermClass::lang},
      {id_term("/corpus/en/01.txt"), TermClass::id},
      {"Kother", TermClass::other},
      {"Z", TermClass::other},  // a bare prefix is no stem
      {"", TermClass::other},
  };
  const AnalyzerOptions options;
  for (const Case& c : cases) {
    EXPECT_EQ(term_class_name(classify_term(c.term, options)), term_class_name(c.expected))
        << c.term;
  }
}

TEST(TermClass, NamesAreDistinct) {
  for (std::size_t i = 0; i < kTermClassCount; ++i) {
    for (std::size_t j = i + 1; j < kTermClassCount; ++j) {
      EXPECT_NE(kTermClassNames[i], kTermClassNames[j]);
    }
  }
}

}  // namespace
}  // namespace herdex::detail
