// Tests for lib/util/utf8: the byte-offset-preserving UTF-8 helpers every
// stage relies on.

#include "util/utf8.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace herdex::detail {
namespace {

// --- utf8_sequence_length ----------------------------------------------------

struct SequenceCase {
  const char* name;
  std::string_view bytes;
  std::size_t expected;  // length of the sequence at offset 0, 0 if invalid
};

const SequenceCase kSequenceCases[] = {
    // Valid, one to four bytes, at the edges of each length class.
    {"Ascii", "A", 1},
    {"AsciiDel", "\x7F", 1},
    {"U0080", "\xC2\x80", 2},
    {"EAcute", "\xC3\xA9", 2},
    {"U07ff", "\xDF\xBF", 2},
    {"U0800", "\xE0\xA0\x80", 3},
    {"HanGu", "\xE5\xAD\xA4", 3},  // 孤
    {"Ud7ffLastBeforeSurrogates", "\xED\x9F\xBF", 3},
    {"Ue000FirstAfterSurrogates", "\xEE\x80\x80", 3},
    {"Uffff", "\xEF\xBF\xBF", 3},
    {"U10000", "\xF0\x90\x80\x80", 4},
    {"Emoji", "\xF0\x9F\x98\x80", 4},  // 😀
    {"U10ffff", "\xF4\x8F\xBF\xBF", 4},
    // Overlong forms.
    {"OverlongNul2", "\xC0\x80", 0},
    {"OverlongC1", "\xC1\xBF", 0},
    {"Overlong3", "\xE0\x80\x80", 0},
    {"Overlong3Max", "\xE0\x9F\xBF", 0},
    {"Overlong4", "\xF0\x8F\xBF\xBF", 0},
    // UTF-16 surrogates.
    {"SurrogateHighFirst", "\xED\xA0\x80", 0},
    {"SurrogateLowLast", "\xED\xBF\xBF", 0},
    // Above U+10FFFF and bytes that never lead.
    {"Above10ffff", "\xF4\x90\x80\x80", 0},
    {"LeadF5", "\xF5\x80\x80\x80", 0},
    {"ByteFf", "\xFF", 0},
    {"ByteFe", "\xFE", 0},
    {"LoneContinuation", "\x80", 0},
    // Truncated sequences (the string ends early).
    {"Truncated2", "\xC3", 0},
    {"Truncated3Of1", "\xE5", 0},
    {"Truncated3Of2", "\xE5\xAD", 0},
    {"Truncated4Of3", "\xF0\x9F\x98", 0},
    // A continuation byte replaced by ASCII.
    {"BadSecondByte",
     "\xC3"
     "A",
     0},
    {"BadThirdByte",
     "\xE5\xAD"
     "A",
     0},
    {"BadFourthByte",
     "\xF0\x9F\x98"
     "A",
     0},
};

class Utf8SequenceLength : public ::testing::TestWithParam<SequenceCase> {};

TEST_P(Utf8SequenceLength, MatchesRfc3629) {
  const SequenceCase& c = GetParam();
  EXPECT_EQ(utf8_sequence_length(c.bytes, 0), c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(Table, Utf8SequenceLength, ::testing::ValuesIn(kSequenceCases),
                         [](const ::testing::TestParamInfo<SequenceCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(Utf8, SequenceLengthAtOffset) {
  const std::string_view s =
      "a\xE5\xAD\xA4"
      "b";  // a孤b
  EXPECT_EQ(utf8_sequence_length(s, 0), 1U);
  EXPECT_EQ(utf8_sequence_length(s, 1), 3U);
  EXPECT_EQ(utf8_sequence_length(s, 2), 0U);  // inside 孤
  EXPECT_EQ(utf8_sequence_length(s, 4), 1U);
  EXPECT_EQ(utf8_sequence_length(s, 5), 0U);  // end
  EXPECT_EQ(utf8_sequence_length(s, 100), 0U);
  EXPECT_EQ(utf8_sequence_length(std::string_view(), 0), 0U);
}

TEST(Utf8, SequenceTruncatedByStringViewEnd) {
  // The bytes after the view exist in memory but are not part of it.
  const std::string_view full = "\xE5\xAD\xA4";
  EXPECT_EQ(utf8_sequence_length(full.substr(0, 2), 0), 0U);
  EXPECT_EQ(utf8_sequence_length(full, 0), 3U);
}

// --- repair_utf8 and count_invalid_utf8 ---------------------------------------

struct RepairCase {
  const char* name;
  std::string input;
  std::string repaired;
  std::size_t bad;
};

const RepairCase kRepairCases[] = {
    {"Empty", "", "", 0},
    {"Ascii", "hello world", "hello world", 0},
    {"ValidMixed", "caf\xC3\xA9 \xE5\xAD\xA4 \xF0\x9F\x98\x80",
     "caf\xC3\xA9 \xE5\xAD\xA4 \xF0\x9F\x98\x80", 0},
    {"FfFe", "ab\xFF\xFE cd", "ab?? cd", 2},
    {"Overlong2", "a\xC0\x80z", "a??z", 2},
    {"Overlong3", "\xE0\x80\x80", "???", 3},
    {"Surrogate", "x\xED\xA0\x80y", "x???y", 3},
    {"AboveMax", "\xF4\x90\x80\x80", "????", 4},
    {"TruncatedAtEnd", "ok\xE5\xAD", "ok??", 2},
    {"TruncatedThenAscii",
     "\xE5\xAD"
     "A\xE5\xAD\xA4",
     "??A\xE5\xAD\xA4", 2},
    {"LoneContinuations", "\x80\x80\x80", "???", 3},
    {"ValidAfterBadLead", "\xC3\xC3\xA9", "?\xC3\xA9", 1},
};

class Utf8Repair : public ::testing::TestWithParam<RepairCase> {};

TEST_P(Utf8Repair, ReplacesEachBadByteKeepingLength) {
  const RepairCase& c = GetParam();
  std::string s = c.input;
  EXPECT_EQ(count_invalid_utf8(c.input), c.bad);
  EXPECT_EQ(repair_utf8(s), c.bad);
  EXPECT_EQ(s, c.repaired);
  EXPECT_EQ(s.size(), c.input.size());
  EXPECT_EQ(count_invalid_utf8(s), 0U) << "repaired text must be valid UTF-8";
}

INSTANTIATE_TEST_SUITE_P(Table, Utf8Repair, ::testing::ValuesIn(kRepairCases),
                         [](const ::testing::TestParamInfo<RepairCase>& param_info) {
                           return std::string(param_info.param.name);
                         });

TEST(Utf8, RepairIsIdempotent) {
  std::string s =
      "\xFF"
      "a\xC0\x80\xE5\xAD\xA4\xED\xA0\x80";
  const std::size_t first = repair_utf8(s);
  const std::string once = s;
  EXPECT_EQ(first, 6U);
  EXPECT_EQ(repair_utf8(s), 0U);
  EXPECT_EQ(s, once);
}

TEST(Utf8, RepairKeepsEveryByteOffset) {
  // A valid character after garbage stays at the same offset.
  std::string s = "\xFF\xFF\xE5\xAD\xA4";
  ASSERT_EQ(repair_utf8(s), 2U);
  EXPECT_EQ(s.substr(2), "\xE5\xAD\xA4");
}

// --- looks_binary ---------------------------------------------------------------

TEST(LooksBinary, NulByteIsBinary) {
  EXPECT_TRUE(looks_binary(std::string_view("plain text\0more", 15)));
  EXPECT_TRUE(looks_binary(std::string_view("\0", 1)));
}

TEST(LooksBinary, NulAfterSampleIsNotSeen) {
  std::string s(9000, 'a');
  s[8500] = '\0';
  EXPECT_FALSE(looks_binary(s));
  s[8000] = '\0';
  EXPECT_TRUE(looks_binary(s));
}

TEST(LooksBinary, TextIsNotBinary) {
  EXPECT_FALSE(looks_binary(""));
  EXPECT_FALSE(looks_binary("Her is a 2013 film by Spike Jonze.\r\n\tTabs\fand form feeds.\n"));
  EXPECT_FALSE(looks_binary("\xE5\xAD\xA4\xE7\x8D\xA8\xE7\x9A\x84\xE4\xBA\xBA"));  // 孤獨的人
  std::string cjk;
  for (int i = 0; i < 4000; ++i) cjk += "\xE5\xAD\xA4\xE3\x81\xB2\xEC\x99\xB8";  // 孤ひ외
  EXPECT_FALSE(looks_binary(cjk));
}

TEST(LooksBinary, MostlyInvalidIsBinary) {
  std::string s(100, 'a');
  for (std::size_t i = 0; i < s.size(); i += 5) s[i] = '\xFF';  // 20% invalid
  EXPECT_TRUE(looks_binary(s));
}

TEST(LooksBinary, ControlCharactersOverTenPercentAreBinary) {
  // 820 of 8192 bytes (just over 10%) are control characters.
  std::string s(8192, 'a');
  for (std::size_t i = 0; i < 820; ++i) s[i * 9] = '\x01';
  EXPECT_TRUE(looks_binary(s));
  s[0] = 'a';  // 819: at most 10%
  EXPECT_FALSE(looks_binary(s));
}

TEST(LooksBinary, SequenceCutAtSampleEdgeIsNotEvidence) {
  // A file read in 8 KiB chunks ends in the middle of a character. Put the
  // text just under the threshold (819 control characters of 8192 bytes) so
  // that counting the cut bytes would tip it over.
  std::string s(8192 - 2, 'a');
  for (std::size_t i = 0; i < 819; ++i) s[i * 9] = '\x01';
  s += "\xE5\xAD";  // first two bytes of 孤
  ASSERT_EQ(s.size(), 8192U);
  EXPECT_FALSE(looks_binary(s));

  // Plain text whose last character is cut.
  std::string text(8191, 'a');
  text += "\xF0";
  EXPECT_FALSE(looks_binary(text));
}

TEST(LooksBinary, SequenceStraddlingSampleEdgeIsNotEvidence) {
  // The sample window ends inside a character that is complete in the text.
  std::string s;
  while (s.size() < 8192 + 16) s += "\xE5\xAD\xA4";  // 8192 is not a multiple of 3
  ASSERT_NE(utf8_floor(s, 8192), 8192U);
  EXPECT_FALSE(looks_binary(s));
}

// --- utf8_floor / utf8_ceil -------------------------------------------------------

TEST(Utf8, FloorMovesBackToSequenceStart) {
  const std::string_view s =
      "a\xE5\xAD\xA4"
      "b\xF0\x9F\x98\x80";  // a孤b😀: starts 0,1,4,5; size 9
  const std::size_t expected[] = {0, 1, 1, 1, 4, 5, 5, 5, 5, 9};
  for (std::size_t i = 0; i <= s.size(); ++i) {
    EXPECT_EQ(utf8_floor(s, i), expected[i]) << "i=" << i;
  }
  EXPECT_EQ(utf8_floor(s, 1000), s.size());
  EXPECT_EQ(utf8_floor("", 0), 0U);
}

TEST(Utf8, CeilMovesForwardToSequenceStart) {
  const std::string_view s =
      "a\xE5\xAD\xA4"
      "b\xF0\x9F\x98\x80";
  const std::size_t expected[] = {0, 1, 4, 4, 4, 5, 9, 9, 9, 9};
  for (std::size_t i = 0; i <= s.size(); ++i) {
    EXPECT_EQ(utf8_ceil(s, i), expected[i]) << "i=" << i;
  }
  EXPECT_EQ(utf8_ceil(s, 1000), s.size());
  EXPECT_EQ(utf8_ceil("", 0), 0U);
}

TEST(Utf8, FloorAndCeilAgreeOnBoundaries) {
  const std::string_view s = "caf\xC3\xA9 \xE5\xAD\xA4\xE7\x8D\xA8";
  for (std::size_t i = 0; i <= s.size(); ++i) {
    const std::size_t f = utf8_floor(s, i);
    const std::size_t c = utf8_ceil(s, i);
    EXPECT_LE(f, i);
    EXPECT_GE(c, i);
    if (f == i) {
      EXPECT_EQ(c, i) << "i=" << i;
    }
    EXPECT_TRUE(f == s.size() || utf8_sequence_length(s, f) != 0) << "floor(" << i << ")=" << f;
    EXPECT_TRUE(c == s.size() || utf8_sequence_length(s, c) != 0) << "ceil(" << i << ")=" << c;
  }
}

}  // namespace
}  // namespace herdex::detail
