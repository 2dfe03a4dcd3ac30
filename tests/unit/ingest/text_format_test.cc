// Tests for the plain-text review format (lib/ingest/text_format.h): the
// header block, the title fallback, and the byte offsets that let search
// point back into the original file.
#include "ingest/text_format.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/paths.h"

namespace herdex::detail {
namespace {

using ::testing::HasSubstr;

using Fields = std::vector<std::pair<std::string, std::string>>;

Document parse(std::string_view bytes, std::vector<Error>* warnings_out = nullptr) {
  std::vector<Error> warnings;
  Document doc = parse_text_document(bytes, warnings);
  if (warnings_out != nullptr) {
    *warnings_out = std::move(warnings);
  } else {
    EXPECT_TRUE(warnings.empty()) << warnings.front().message;
  }
  // The invariant every caller relies on: text is the tail of the file.
  EXPECT_LE(doc.source_offset, bytes.size());
  EXPECT_EQ(doc.text, bytes.substr(std::min(doc.source_offset, bytes.size())));
  return doc;
}

TEST(TextFormat, ParsesHeader) {
  const std::string header =
      "title: The voice in the ear\n"
      "author: Mara Lindqvist\n"
      "rating: 9.5\n"
      "date: 2014-01-12\n"
      "lang: en\n"
      "tags: romance, sci-fi\n"
      "x-source_2: web\n"
      "\n";
  const std::string body = "I walked out of Her.\n\nSecond paragraph.\n";
  const Document doc = parse(header + body);
  EXPECT_EQ(doc.title, "The voice in the ear");
  EXPECT_EQ(doc.author, "Mara Lindqvist");
  ASSERT_TRUE(doc.rating.has_value());
  EXPECT_EQ(*doc.rating, 9.5);
  EXPECT_EQ(doc.date, "2014-01-12");
  EXPECT_EQ(doc.lang, "en");
  EXPECT_EQ(doc.fields, (Fields{{"tags", "romance, sci-fi"}, {"x-source_2", "web"}}));
  EXPECT_EQ(doc.source_offset, header.size());
  EXPECT_EQ(doc.text, body);
  EXPECT_TRUE(doc.id.empty());  // the caller's job
  EXPECT_TRUE(doc.source.empty());
}

TEST(TextFormat, ParsesCorpusFiles) {
  const std::pair<const char*, const char*> cases[] = {
      {"/corpus/en/01.txt", "The voice in the ear"},
      {"/corpus/ja/01.txt", "『her/世界でひとつの彼女』感想：声だけの恋人"},
  };
  for (const auto& [file, title] : cases) {
    SCOPED_TRACE(file);
    const std::string bytes = herdex::testing::read_file(herdex::testing::source_dir() + file);
    ASSERT_FALSE(bytes.empty());
    const Document doc = parse(bytes);
    EXPECT_EQ(doc.title, title);
    EXPECT_FALSE(doc.author.empty());
    EXPECT_TRUE(doc.rating.has_value());
    EXPECT_FALSE(doc.text.empty());
    EXPECT_NE(doc.text.front(), '\n');  // the blank line belongs to the header
  }
}

TEST(TextFormat, HeaderValueKeepsLaterColons) {
  const Document doc = parse(
      "title: Her: a review: part 2\n"
      "note:   spaced:value \t\n"
      "\n"
      "Body.");
  EXPECT_EQ(doc.title, "Her: a review: part 2");
  EXPECT_EQ(doc.fields, (Fields{{"note", "spaced:value"}}));
  EXPECT_EQ(doc.text, "Body.");
}

TEST(TextFormat, FirstLineThatIsNoHeaderMeansNoHeader) {
  struct Case {
    std::string input;
    std::string title;
  };
  const Case cases[] = {
      {"Her (Spike Jonze, 2013)\n\nA film about a voice.\n", "Her (Spike Jonze, 2013)"},
      {"http://x\n\nA link first.\n", "http://x"},
      {"note:thing\n\nNo space after the colon.\n", "note:thing"},
      {"Title: Capitalised key\n\nBody.\n", "Title: Capitalised key"},
      {"my title: spaces in key\n\nBody.\n", "my title: spaces in key"},
      {": empty key\n\nBody.\n", ": empty key"},
      {"averyveryveryveryverylongkeyname01: v\n\nBody.\n", "averyveryveryveryverylongkeyname01: v"},
      {"\n\n  \n   First real line  \nSecond\n", "First real line"},
      // A header-looking line not ended by an empty line is body text.
      {"title: T\nauthor: A\nThe body starts here.\n\nMore.\n", "title: T"},
      {"title: Only a header line, no newline", "title: Only a header line, no newline"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.input);
    const Document doc = parse(c.input);
    EXPECT_EQ(doc.source_offset, 0U);
    EXPECT_EQ(doc.text, c.input);
    EXPECT_EQ(doc.title, c.title);
    // Not a header, but a page line saying who wrote it: read from the page.
    const bool states_author =
        std::string_view(c.input).find("author: A") != std::string_view::npos;
    EXPECT_EQ(doc.author, states_author ? "A" : "");
    EXPECT_TRUE(doc.fields.empty());
    EXPECT_FALSE(doc.rating.has_value());
  }
}

TEST(TextFormat, HeaderWithoutTitleTakesFirstBodyLine) {
  const Document doc = parse("author: A\n\n\n  First line of body \nmore\n");
  EXPECT_EQ(doc.author, "A");
  EXPECT_EQ(doc.title, "First line of body");
  EXPECT_EQ(doc.source_offset, 11U);
}

TEST(TextFormat, FirstLineThatIsAParagraphGivesItsStartAsTitle) {
  // A scraped page whose first line is the synopsis, not a heading, and
  // whose title ran into the synopsis' label: the title is what came before
  // the label (issue 18).
  const std::string paragraph =
      "HerSynopsis: Set in the Los Angeles of the slight future, \"Her\" follows Theodore "
      "Twombly, a complex, soulful man who makes his living writing letters for other people.";
  const Document doc = parse(paragraph + "\n\nMore text.\n");
  EXPECT_EQ(doc.title, "Her");
  const std::string unlabelled =
      "Set in the Los Angeles of the slight future, \"Her\" follows Theodore "
      "Twombly, a complex, soulful man who makes his living writing letters for other people.";
  EXPECT_EQ(parse(unlabelled + "\n\nMore text.\n").title,
            "Set in the Los Angeles of the slight future, \"Her\" follows Theodore Twombly, a "
            "complex, soulful man who makes his living…");     // after a word
  EXPECT_EQ(doc.text.substr(0, paragraph.size()), paragraph);  // the body keeps the whole line

  // No spaces (CJK): cut between characters; never inside a grapheme.
  std::string cjk;
  for (int i = 0; i < 60; ++i) cjk += "電影";  // 360 bytes
  EXPECT_EQ(parse(cjk).title, cjk.substr(0, 120) + "…");
  std::string accents;
  for (int i = 0; i < 50; ++i) accents += "e\xCC\x81";  // e + U+0301, 3 bytes each
  const std::string cut = parse(accents).title;
  EXPECT_EQ(cut, accents.substr(0, 120) + "…");  // 40 whole clusters

  // A heading of up to 120 bytes stays whole; a title header up to 300.
  const std::string heading(120, 'h');
  EXPECT_EQ(parse(heading + "\nBody").title, heading);
  const std::string header_title(250, 't');
  EXPECT_EQ(parse("title: " + header_title + "\n\nBody").title, header_title);
  EXPECT_EQ(parse("title: " + std::string(400, 't') + "\n\nBody").title,
            std::string(300, 't') + "…");
}

TEST(TextFormat, SkipsByteOrderMark) {
  const std::string bom = "\xEF\xBB\xBF";
  {
    const Document doc = parse(bom + "title: T\n\nBody");
    EXPECT_EQ(doc.title, "T");
    EXPECT_EQ(doc.source_offset, bom.size() + 10);
    EXPECT_EQ(doc.text, "Body");
  }
  {
    const Document doc = parse(bom + "First line\nBody");
    EXPECT_EQ(doc.title, "First line");
    EXPECT_EQ(doc.source_offset, bom.size());
    EXPECT_EQ(doc.text, "First line\nBody");
  }
  {
    const Document doc = parse(bom);
    EXPECT_EQ(doc.source_offset, 3U);
    EXPECT_TRUE(doc.text.empty());
    EXPECT_TRUE(doc.title.empty());
  }
  {
    // A BOM anywhere else is text.
    const Document doc = parse("x\n" + bom + "y");
    EXPECT_EQ(doc.source_offset, 0U);
  }
}

TEST(TextFormat, ParsesRatings) {
  struct Case {
    std::string value;
    std::optional<double> rating;
  };
  const Case cases[] = {
      {"9.5", 9.5},
      {"10", 10.0},
      {"0", 0.0},
      {"-1", -1.0},
      {"7.25 ", 7.25},
      {"x", std::nullopt},
      {"8.5/10", std::nullopt},
      {"", std::nullopt},
      {"inf", std::nullopt},
      {"nan", std::nullopt},
      {"1e999", std::nullopt},
      {"9,5", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE("rating: '" + c.value + "'");
    std::vector<Error> warnings;
    const Document doc = parse("title: T\nrating: " + c.value + "\n\nBody", &warnings);
    EXPECT_EQ(doc.title, "T");
    EXPECT_EQ(doc.text, "Body");
    if (c.rating) {
      ASSERT_TRUE(doc.rating.has_value());
      EXPECT_EQ(*doc.rating, *c.rating);
      EXPECT_TRUE(warnings.empty());
    } else {
      EXPECT_FALSE(doc.rating.has_value());
      ASSERT_EQ(warnings.size(), 1U);
      EXPECT_EQ(warnings[0].line, 2U);
    }
  }
}

TEST(TextFormat, BadRatingWarnsWithLine) {
  std::vector<Error> warnings;
  const Document doc = parse("title: T\nauthor: A\nrating: x\ndate: 2020-01-01\n\nBody", &warnings);
  EXPECT_FALSE(doc.rating.has_value());
  EXPECT_EQ(doc.date, "2020-01-01");  // the rest of the header is still read
  ASSERT_EQ(warnings.size(), 1U);
  EXPECT_EQ(warnings[0].line, 3U);
  EXPECT_THAT(warnings[0].message, HasSubstr("'x'"));
  EXPECT_EQ(warnings[0].code, ErrorCode::invalid_argument);
}

TEST(TextFormat, ReadsCrlfLineEndings) {
  const std::string input =
      "title: T\r\n"
      "author: A\r\n"
      "rating: 8\r\n"
      "tags: a, b\r\n"
      "\r\n"
      "Body line\r\nSecond line\r\n";
  const Document doc = parse(input);
  EXPECT_EQ(doc.title, "T");
  EXPECT_EQ(doc.author, "A");
  ASSERT_TRUE(doc.rating.has_value());
  EXPECT_EQ(*doc.rating, 8.0);
  EXPECT_EQ(doc.fields, (Fields{{"tags", "a, b"}}));
  EXPECT_EQ(doc.text, "Body line\r\nSecond line\r\n");

  const Document plain = parse("First line\r\nSecond\r\n");
  EXPECT_EQ(plain.title, "First line");
  EXPECT_EQ(plain.source_offset, 0U);
}

TEST(TextFormat, HeaderOnlyFileHasEmptyText) {
  const std::string input = "title: T\nauthor: A\n\n";
  const Document doc = parse(input);
  EXPECT_EQ(doc.title, "T");
  EXPECT_EQ(doc.author, "A");
  EXPECT_EQ(doc.source_offset, input.size());
  EXPECT_TRUE(doc.text.empty());

  const Document no_title = parse("author: A\n  \t\n");
  EXPECT_EQ(no_title.author, "A");
  EXPECT_TRUE(no_title.title.empty());
  EXPECT_TRUE(no_title.text.empty());
}

TEST(TextFormat, EmptyAndBlankInput) {
  const std::string cases[] = {"", "\n", "   \n\t\n", "\r\n\r\n"};
  for (const std::string& input : cases) {
    SCOPED_TRACE(input.size());
    const Document doc = parse(input);
    EXPECT_TRUE(doc.title.empty());
    EXPECT_EQ(doc.source_offset, 0U);
  }
}

TEST(TextFormat, LongTitleIsCutOnCharacterBoundary) {
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "\xC3\xA9";  // é, two bytes
  const Document doc = parse("title: a" + accents + "\n\nBody");
  EXPECT_EQ(doc.title, "a" + accents.substr(0, 298) + "…");  // 300 would split an é

  const Document fallback = parse(std::string(500, 'w') + "\nBody");
  EXPECT_EQ(fallback.title, std::string(120, 'w') + "…");
}

TEST(TextFormat, InvalidUtf8InHeaderIsRepaired) {
  const std::string input = "author: Bj\xF6rk\ntitle: \xFF\xFEok\n\nBody \xF6 stays";
  const Document doc = parse(input);
  EXPECT_EQ(doc.author, "Bj?rk");
  EXPECT_EQ(doc.title, "??ok");
  EXPECT_EQ(doc.text, "Body \xF6 stays");  // the body keeps its bytes; indexing repairs it
}

TEST(TextFormat, RepeatedKeysKeepOrder) {
  const Document doc = parse("tag: one\ntag: two\ntitle: first\ntitle: second\n\nBody");
  EXPECT_EQ(doc.fields, (Fields{{"tag", "one"}, {"tag", "two"}}));
  EXPECT_EQ(doc.title, "second");
}

}  // namespace
}  // namespace herdex::detail
