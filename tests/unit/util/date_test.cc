// Tests for lib/util/date: the dates and language tags that headers and
// queries may hold, and what is wrong with an impossible one.

#include "util/date.h"

#include <gtest/gtest.h>

#include <string>

namespace herdex::detail {
namespace {

TEST(DateProblem, AcceptsRealDatesAtEveryPrecision) {
  std::size_t offset = 99;
  for (const char* date :
       {"2014", "2014-02", "2014-02-28", "2016-02-29", "2000-02-29", "1999-12-31"}) {
    EXPECT_EQ(date_problem(date, false, &offset), "") << date;
  }
  EXPECT_EQ(date_problem("2014-01-12T10:30:00Z", true, &offset), "");
  EXPECT_EQ(date_problem("2014-01-12 10:30", true, &offset), "");
}

TEST(DateProblem, NamesTheFaultyPartAndWhereItIs) {
  struct Case {
    const char* date;
    const char* problem;
    std::size_t offset;
  } cases[] = {
      {"2014-13-45", "month 13 does not exist", 5},
      {"9999-99-99", "month 99 does not exist", 5},
      {"2014-00", "month 00 does not exist", 5},
      {"2014-02-30", "February 2014 has 28 days", 8},
      {"1900-02-29", "February 1900 has 28 days", 8},
      {"2014-04-31", "April 2014 has 30 days", 8},
      {"2014-01-00", "January 2014 has 31 days", 8},
      {"14-01-01", "a date is YYYY, YYYY-MM or YYYY-MM-DD", 0},
      {"2014/01/01", "a date is YYYY, YYYY-MM or YYYY-MM-DD", 0},
      {"", "a date is YYYY, YYYY-MM or YYYY-MM-DD", 0},
  };
  for (const Case& c : cases) {
    std::size_t offset = 99;
    EXPECT_EQ(date_problem(c.date, true, &offset), c.problem) << c.date;
    EXPECT_EQ(offset, c.offset) << c.date;
  }
  std::size_t offset = 0;
  EXPECT_NE(date_problem("2014-01-12T10:30", false, &offset), "") << "no time in a query bound";
}

TEST(LanguageTag, AcceptsHerdexTagsAndIsoCodes) {
  for (const char* tag :
       {"en", "ja", "ko", "zh-Hans", "zh-hant", "mixed", "de", "deu", "pt-BR", "tlh", "EN"}) {
    EXPECT_TRUE(is_language_tag(tag)) << tag;
  }
  for (const char* tag : {"klingon", "", "e", "english", "zh-", "-en", "zh-Hans-", "en_US",
                          "日本語", "xx", "zz-Hans", "qqq"}) {
    EXPECT_FALSE(is_language_tag(tag)) << tag;
  }
}

}  // namespace
}  // namespace herdex::detail
