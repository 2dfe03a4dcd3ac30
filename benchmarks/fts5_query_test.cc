#include "fts5_query.h"

#include <gtest/gtest.h>

namespace herdex::bench {
namespace {

TEST(Fts5Query, TranslatesTheBenchmarkQueryClasses) {
  struct Case {
    const char* herdex;
    const char* fts5;
  };
  const Case cases[] = {
      {"zeitgeist", "\"zeitgeist\""},
      {"lonely man city", "\"lonely\" OR \"man\" OR \"city\""},
      {"lonely AND city", "\"lonely\" AND \"city\""},
      {"lonely NOT city", "\"lonely\" NOT \"city\""},
      {"\"operating system\"", "\"operating system\""},
      {"lonel*", "\"lonel\"*"},
      {"(rain OR snow) umbrella", "(\"rain\" OR \"snow\") OR \"umbrella\""},
      {"a (b c)", "\"a\" OR (\"b\" OR \"c\")"},
      {"孤独的人", "\"孤独的人\""},
      {"don't  \"so \"\"good\"", "\"don't\" OR \"so \" OR \"good\""},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_EQ(to_fts5_query(c.herdex, &error), c.fts5) << c.herdex << ": " << error;
  }
}

TEST(Fts5Query, RefusesWhatItCannotTranslate) {
  for (const char* q : {"", "   ", "title:her", "+must", "-not", "a NEAR/5 b", "\"open", "(a", "a)",
                        "AND a", "a OR", "a*b", "\"  \""}) {
    std::string error;
    EXPECT_EQ(to_fts5_query(q, &error), "") << q;
    EXPECT_FALSE(error.empty()) << q;
  }
}

}  // namespace
}  // namespace herdex::bench
