// Tests for JSON Lines input (lib/ingest/jsonl_reader.h): how one record
// becomes a Document (ids, metadata, extra fields, HTML line breaks), and
// how a file, plain or gzip-compressed, is read line by line with problems
// reported by path and line.
#include "ingest/jsonl_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "herdex/ingest.h"
#include "support/paths.h"
#include "support/temp_dir.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

namespace fs = std::filesystem;
using herdex::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using Fields = std::vector<std::pair<std::string, std::string>>;

// ---------------------------------------------------------------------------
// Helpers

// Parses one record that must parse, and checks it raised no warnings.
Document parse_ok(std::string_view line, const IngestOptions& options = {},
                  const std::string& fallback = "file.jsonl:1") {
  std::vector<Error> warnings;
  Result<Document> doc = parse_jsonl_record(line, options, fallback, warnings);
  EXPECT_TRUE(doc) << line << ": " << (doc ? std::string() : doc.error().message);
  EXPECT_TRUE(warnings.empty()) << line << ": "
                                << (warnings.empty() ? "" : warnings.front().message);
  return doc ? std::move(*doc) : Document{};
}

// Writes `content` gzip-compressed to dir/name and returns the path.
std::string write_gzip(const TempDir& dir, const std::string& name, const std::string& content) {
  const std::string path = dir.sub(name);
  fs::create_directories(fs::path(path).parent_path());
  gzFile out = gzopen(path.c_str(), "wb");
  EXPECT_NE(out, nullptr) << path;
  if (out == nullptr) return path;
  if (!content.empty()) {
    EXPECT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
  }
  EXPECT_EQ(gzclose(out), Z_OK);
  return path;
}

struct Problem {
  Error error;
  ProblemKind kind;
};

// Everything read_jsonl() hands out.
struct Collected {
  std::vector<Document> documents;
  std::vector<Problem> problems;
  std::uint64_t consumed = 0;
  Result<void> result;

  std::vector<std::string> ids() const {
    std::vector<std::string> out;
    for (const Document& d : documents) out.push_back(d.id);
    return out;
  }
  std::vector<std::size_t> problem_lines() const {
    std::vector<std::size_t> out;
    for (const Problem& p : problems) out.push_back(p.error.line);
    return out;
  }
  std::string describe() const {
    std::string out;
    for (const Problem& p : problems) out += p.error.describe() + "\n";
    return out;
  }
};

Collected read(const std::string& path, const IngestOptions& options = {},
               const std::string& id_base = "base") {
  Collected c;
  IngestSink sink;
  sink.on_document = [&c](Document&& d) -> Result<void> {
    c.documents.push_back(std::move(d));
    return {};
  };
  sink.on_problem = [&c](const Error& e, ProblemKind kind) { c.problems.push_back({e, kind}); };
  sink.on_consumed = [&c](std::uint64_t bytes) { c.consumed += bytes; };
  c.result = read_jsonl(path, id_base, options, sink);
  return c;
}

// The same content written as "name.jsonl" and "name.jsonl.gz".
struct BothFormats {
  std::string plain;
  std::string gzip;
};

BothFormats write_both(const TempDir& dir, const std::string& content) {
  return {dir.write("plain.jsonl", content), write_gzip(dir, "packed.jsonl.gz", content)};
}

// ---------------------------------------------------------------------------
// parse_jsonl_record

TEST(JsonlRecord, ReadsBeirLayout) {
  const Document doc = parse_ok(
      R"({"_id": "doc-17", "title": "The voice in the ear", "text": "I walked out of Her.", "metadata": {}})");
  EXPECT_EQ(doc.id, "doc-17");
  EXPECT_EQ(doc.title, "The voice in the ear");
  EXPECT_EQ(doc.text, "I walked out of Her.");
  EXPECT_EQ(doc.source_offset, 0U);
  EXPECT_TRUE(doc.source.empty());  // read_jsonl's job
  EXPECT_TRUE(doc.author.empty());
  EXPECT_FALSE(doc.rating.has_value());
  EXPECT_TRUE(doc.fields.empty());  // "metadata" is not mapped
}

TEST(JsonlRecord, ChoosesTheId) {
  struct Case {
    const char* name;
    std::string line;
    std::string id_field;
    std::string expected;
  };
  const std::string fallback = "reviews.jsonl:7";
  const Case cases[] = {
      {"beir id", R"({"_id": "a", "text": "t"})", "_id", "a"},
      {"_id wins over id", R"({"_id": "a", "id": "b", "text": "t"})", "_id", "a"},
      {"id when no _id", R"({"id": "b", "text": "t"})", "_id", "b"},
      {"no id at all", R"({"text": "t"})", "_id", fallback},
      {"empty id", R"({"_id": "", "text": "t"})", "_id", fallback},
      {"object id", R"({"_id": {"x": 1}, "text": "t"})", "_id", fallback},
      {"array id", R"({"_id": [1], "text": "t"})", "_id", fallback},
      {"integer id", R"({"_id": 42, "text": "t"})", "_id", "42"},
      {"negative id", R"({"_id": -3, "text": "t"})", "_id", "-3"},
      {"largest int64 id", R"({"_id": 9223372036854775807, "text": "t"})", "_id",
       "9223372036854775807"},
      // Above INT64_MAX: JSON has no such limit, and ids must not collide.
      {"unsigned id above int64", R"({"_id": 9223372036854775808, "text": "t"})", "_id",
       "9223372036854775808"},
      {"largest uint64 id", R"({"_id": 18446744073709551615, "text": "t"})", "_id",
       "18446744073709551615"},
      {"numeric id fallback", R"({"id": 9, "text": "t"})", "_id", "9"},
      {"custom id field", R"({"review_id": "r1", "_id": "a", "id": "b", "text": "t"})", "review_id",
       "r1"},
      {"custom id field numeric", R"({"review_id": 1234, "text": "t"})", "review_id", "1234"},
      // "id" stands in only for the default BEIR field.
      {"custom id field missing", R"({"id": "b", "text": "t"})", "review_id", fallback},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    IngestOptions options;
    options.id_field = c.id_field;
    EXPECT_EQ(parse_ok(c.line, options, fallback).id, c.expected);
  }
}

TEST(JsonlRecord, UsesCustomFieldNames) {
  IngestOptions options;
  options.id_field = "review_id";
  options.title_field = "headline";
  options.text_field = "body";
  const Document doc = parse_ok(
      R"({"_id": "no", "title": "no", "text": "no", "review_id": "yes-id", "headline": "Yes title", "body": "Yes body"})",
      options);
  EXPECT_EQ(doc.id, "yes-id");
  EXPECT_EQ(doc.title, "Yes title");
  EXPECT_EQ(doc.text, "Yes body");
}

TEST(JsonlRecord, TitleIsOptional) {
  const Document doc = parse_ok(R"({"_id": "a", "text": "body", "title": null})");
  EXPECT_TRUE(doc.title.empty());
  EXPECT_TRUE(parse_ok(R"({"_id": "a", "text": "body"})").title.empty());
}

TEST(JsonlRecord, ReadsMetadataFields) {
  const Document doc = parse_ok(
      R"({"_id": "m", "text": "t", "author": "Mara Lindqvist", "rating": 4.5, "date": "2014-01-12", "lang": "en"})");
  EXPECT_EQ(doc.author, "Mara Lindqvist");
  ASSERT_TRUE(doc.rating.has_value());
  EXPECT_EQ(*doc.rating, 4.5);
  EXPECT_EQ(doc.date, "2014-01-12");
  EXPECT_EQ(doc.lang, "en");
}

TEST(JsonlRecord, ReadsNumericRatings) {
  const std::pair<const char*, double> cases[] = {
      {R"({"text": "t", "rating": 8})", 8.0},     {R"({"text": "t", "rating": 0})", 0.0},
      {R"({"text": "t", "rating": -1.5})", -1.5}, {R"({"text": "t", "rating": 9.75})", 9.75},
      {R"({"text": "t", "rating": 1e1})", 10.0},
  };
  for (const auto& [line, expected] : cases) {
    SCOPED_TRACE(line);
    const Document doc = parse_ok(line);
    ASSERT_TRUE(doc.rating.has_value());
    EXPECT_EQ(*doc.rating, expected);
  }
}

TEST(JsonlRecord, NonNumericRatingWarnsAndIsDropped) {
  const char* const cases[] = {
      R"({"text": "t", "rating": "ten"})",        R"({"text": "t", "rating": "9"})",
      R"({"text": "t", "rating": true})",         R"({"text": "t", "rating": [5]})",
      R"({"text": "t", "rating": {"value": 5}})",
  };
  for (const char* line : cases) {
    SCOPED_TRACE(line);
    std::vector<Error> warnings;
    Result<Document> doc = parse_jsonl_record(line, {}, "f:1", warnings);
    ASSERT_TRUE(doc) << doc.error().message;
    EXPECT_FALSE(doc->rating.has_value());
    EXPECT_EQ(doc->text, "t");  // the record itself is still read
    ASSERT_EQ(warnings.size(), 1U);
    EXPECT_THAT(warnings[0].message, HasSubstr("rating"));
  }
}

TEST(JsonlRecord, NullRatingIsSimplyAbsent) {
  const Document doc = parse_ok(R"({"text": "t", "rating": null})");  // parse_ok checks: no warning
  EXPECT_FALSE(doc.rating.has_value());
}

TEST(JsonlRecord, StoresMappedExtraFields) {
  IngestOptions options;
  options.extra_fields = {"movie", "year", "tags", "verified", "missing", "empty", "nothing"};
  const Document doc = parse_ok(
      R"({"text": "t", "tags": "romance", "movie": "Her", "year": 2013, "verified": true, "empty": "", "nothing": null, "unmapped": "x"})",
      options);
  // In the order of extra_fields; numbers and booleans as text; absent,
  // empty and null fields left out; unmapped fields ignored.
  EXPECT_EQ(
      doc.fields,
      (Fields{{"movie", "Her"}, {"year", "2013"}, {"tags", "romance"}, {"verified", "true"}}));
}

TEST(JsonlRecord, DecodesJsonEscapesAndKeepsUtf8) {
  const Document doc = parse_ok(
      R"({"_id": "\u5B57", "title": "声だけの恋人", "text": "Line one\nLine \"two\"\t\u00e9 \ud83d\ude00 孤獨 외로움"})");
  EXPECT_EQ(doc.id, "字");
  EXPECT_EQ(doc.title, "声だけの恋人");
  EXPECT_EQ(doc.text, "Line one\nLine \"two\"\t\xC3\xA9 \xF0\x9F\x98\x80 孤獨 외로움");
}

TEST(JsonlRecord, ReplacesHtmlLineBreaksKeepingLength) {
  struct Case {
    std::string text;  // as in the record
    std::string expected;
  };
  const Case cases[] = {
      {"one<br />two", "one\n     two"},
      {"one<br/>two", "one\n    two"},
      {"one<br>two", "one\n   two"},
      {"one<BR/>two", "one\n    two"},
      {"one<BR>two", "one\n   two"},
      {"one<Br />two", "one\n     two"},
      {"<br /><br />", "\n     \n     "},
      {"end<br>", "end\n   "},
      {"a<br  >b", "a\n     b"},
      // Not line breaks: left alone.
      {"a <b>bold</b> word", "a <b>bold</b> word"},
      {"a<brx>b", "a<brx>b"},
      {"a<bra>b", "a<bra>b"},
      {"a< br>b", "a< br>b"},
      {"dangling <br", "dangling <br"},
      {"dangling <br /", "dangling <br /"},
      {"x < y and y<b", "x < y and y<b"},
      {"<", "<"},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    std::string direct = c.text;
    flatten_html_breaks(direct);
    EXPECT_EQ(direct, c.expected);
    EXPECT_EQ(direct.size(), c.text.size());
  }
}

TEST(JsonlRecord, RecordTextHasHtmlLineBreaksReplaced) {
  const Document doc =
      parse_ok(R"({"_id": "b", "text": "First.<br /><br />Second.<BR>Third.<br/>"})");
  EXPECT_EQ(doc.text, "First.\n     \n     Second.\n   Third.\n    ");
  EXPECT_EQ(doc.text.size(), std::string("First.<br /><br />Second.<BR>Third.<br/>").size());
}

TEST(JsonlRecord, RejectsRecordsThatCannotBeIndexed) {
  struct Case {
    const char* line;
    const char* message;
  };
  const Case cases[] = {
      {R"({"_id": "a", "text": )", "malformed JSON"},
      {R"({"_id": "a" "text": "t"})", "malformed JSON"},
      {R"({"_id": "a", "text": "t"} trailing)", "malformed JSON"},
      {R"({'_id': 'a', 'text': 't'})", "malformed JSON"},
      {"not json at all", "malformed JSON"},
      {R"([{"text": "t"}])", "object"},
      {R"("text")", "object"},
      {"42", "object"},
      {"null", "object"},
      {R"({"_id": "a", "title": "no text"})", "\"text\""},
      {R"({"_id": "a", "text": null})", "\"text\""},
      {R"({"_id": "a", "text": 5})", "\"text\" is not a string"},
      {R"({"_id": "a", "text": ["t"]})", "\"text\" is not a string"},
      {R"({"_id": "a", "text": {"en": "t"}})", "\"text\" is not a string"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    std::vector<Error> warnings;
    Result<Document> doc = parse_jsonl_record(c.line, {}, "f:1", warnings);
    ASSERT_FALSE(doc);
    EXPECT_EQ(doc.error().code, ErrorCode::invalid_argument);
    EXPECT_THAT(doc.error().message, HasSubstr(c.message));
  }
}

TEST(JsonlRecord, MissingTextFieldErrorNamesTheField) {
  IngestOptions options;
  options.text_field = "review_body";
  std::vector<Error> warnings;
  Result<Document> doc =
      parse_jsonl_record(R"({"_id": "a", "text": "wrong field"})", options, "f:1", warnings);
  ASSERT_FALSE(doc);
  EXPECT_THAT(doc.error().message, HasSubstr("\"review_body\""));
  // Worded in the library's terms: the option, not a command-line flag.
  EXPECT_EQ(doc.error().option, "text_field");
  EXPECT_THAT(doc.error().message, Not(HasSubstr("--")));
}

// ---------------------------------------------------------------------------
// read_jsonl

TEST(JsonlRead, ReadsPlainAndGzipAlike) {
  const std::string content =
      R"({"_id": "1", "title": "One", "text": "First review.", "author": "A"})"
      "\n"
      R"({"id": 2, "text": "Second review."})"
      "\n"
      "\n"
      R"({"text": "Third review, no id."})"
      "\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, {}, "reviews");
    ASSERT_TRUE(c.result) << c.result.error().describe();
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    // The fallback id counts the blank line: the third record is on line 4.
    EXPECT_THAT(c.ids(), ElementsAre("1", "2", "reviews:4"));
    ASSERT_EQ(c.documents.size(), 3U);
    EXPECT_EQ(c.documents[0].title, "One");
    EXPECT_EQ(c.documents[0].author, "A");
    EXPECT_EQ(c.documents[1].text, "Second review.");
    for (const Document& d : c.documents) {
      EXPECT_EQ(d.source, path);
      EXPECT_EQ(d.source_offset, 0U);
    }
  }
}

TEST(JsonlRead, ConsumedBytesAddUpToTheFileSize) {
  std::string content;
  for (int i = 0; i < 200; ++i) {
    content += R"({"_id": ")" + std::to_string(i) +
               R"(", "text": "A review that repeats itself, number )" + std::to_string(i) + "\"}\n";
  }
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_EQ(c.documents.size(), 200U);
    // As input_bytes() counts them: bytes on disk (compressed for .gz).
    EXPECT_EQ(c.consumed, fs::file_size(path));
    EXPECT_EQ(c.consumed, input_bytes(path));
  }
  EXPECT_LT(fs::file_size(files.gzip), fs::file_size(files.plain));
}

TEST(JsonlRead, MalformedLinesAreReportedAndReadingGoesOn) {
  const std::string content = R"({"_id": "ok-1", "text": "fine"})"
                              "\n"
                              R"({"_id": "bad", "text": "unterminated)"
                              "\n"
                              "\n"
                              R"({"_id": "ok-2", "text": "fine"})"
                              "\n"
                              R"({"_id": "no-text", "body": "wrong field"})"
                              "\n"
                              R"(["an", "array"])"
                              "\n"
                              R"({"_id": "ok-3", "text": "fine"})"
                              "\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_THAT(c.ids(), ElementsAre("ok-1", "ok-2", "ok-3"));
    EXPECT_THAT(c.problem_lines(), ElementsAre(2U, 5U, 6U)) << c.describe();
    for (const Problem& p : c.problems) {
      EXPECT_EQ(p.kind, ProblemKind::error);
      EXPECT_EQ(p.error.code, ErrorCode::invalid_argument);
      EXPECT_EQ(p.error.path, path);
    }
    ASSERT_EQ(c.problems.size(), 3U);
    EXPECT_THAT(c.problems[0].error.message, HasSubstr("malformed JSON"));
    EXPECT_THAT(c.problems[0].error.describe(), StartsWith(path + ":2: "));
    EXPECT_THAT(c.problems[1].error.message, HasSubstr("\"text\""));
    EXPECT_THAT(c.problems[2].error.message, HasSubstr("object"));
  }
}

TEST(JsonlRead, IgnoresEmptyAndWhitespaceLines) {
  const std::string content = "\n   \n\t\n \t \n{\"text\": \"only record\"}\n\n  \r\n\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, {}, "ws");
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    EXPECT_THAT(c.ids(), ElementsAre("ws:5"));
  }
}

TEST(JsonlRead, EmptyFileReadsNothing) {
  TempDir dir;
  const BothFormats files = write_both(dir, "");
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.documents.empty());
    EXPECT_TRUE(c.problems.empty()) << c.describe();
  }
}

TEST(JsonlRead, SkipsRecordsOverMaxBytesAndReadsTheNextLine) {
  const std::string big_text(300, 'x');
  const std::string content = R"({"_id": "small-1", "text": "short"})"
                              "\n"
                              R"({"_id": "big", "text": ")" +
                              big_text +
                              "\"}\n"
                              R"({"_id": "small-2", "text": "short"})"
                              "\n";
  IngestOptions options;
  options.max_bytes = 100;
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, options);
    ASSERT_TRUE(c.result);
    EXPECT_THAT(c.ids(), ElementsAre("small-1", "small-2"));
    ASSERT_EQ(c.problems.size(), 1U) << c.describe();
    EXPECT_EQ(c.problems[0].kind, ProblemKind::skipped);
    EXPECT_EQ(c.problems[0].error.path, path);
    EXPECT_EQ(c.problems[0].error.line, 2U);
    EXPECT_THAT(c.problems[0].error.message, HasSubstr("100"));
  }
}

TEST(JsonlRead, LinesLongerThanOneReadChunkAreWhole) {
  // Longer than read_jsonl's 64 KiB read buffer, so read in several pieces.
  std::string long_text;
  while (long_text.size() < 300'000) long_text += "a long review about a voice 声音 ";
  const std::string content = R"({"_id": "long", "text": ")" + long_text + "\"}\n" +
                              R"({"_id": "after", "text": "t"})" + "\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    ASSERT_THAT(c.ids(), ElementsAre("long", "after"));
    EXPECT_EQ(c.documents[0].text, long_text);

    // The same line over a limit is skipped, and the line after it still read
    // (with the right line number).
    IngestOptions small;
    small.max_bytes = 100'000;
    const Collected limited = read(path, small, "b");
    ASSERT_TRUE(limited.result);
    EXPECT_THAT(limited.ids(), ElementsAre("after"));
    EXPECT_THAT(limited.problem_lines(), ElementsAre(1U));
  }
}

TEST(JsonlRead, MaxBytesBoundsTheRecordNotItsLineEnding) {
  // A record of exactly max_bytes is read; one byte more is skipped,
  // however the line ends.
  const std::string record = R"({"_id": "r", "text": "0123456789"})";  // 35 bytes
  struct Case {
    const char* name;
    std::string content;
    bool read;
  };
  const Case cases[] = {
      {"at limit, LF", record + "\n", true},
      {"at limit, CRLF", record + "\r\n", true},
      {"at limit, no newline", record, true},
      {"over limit, LF", record + " \n", false},
      {"over limit, CRLF", record + " \r\n", false},
      {"over limit, no newline", record + " ", false},
  };
  IngestOptions options;
  options.max_bytes = record.size();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    TempDir dir;
    const std::string path = dir.write("r.jsonl", c.content);
    const Collected got = read(path, options);
    ASSERT_TRUE(got.result);
    if (c.read) {
      EXPECT_THAT(got.ids(), ElementsAre("r"));
      EXPECT_TRUE(got.problems.empty()) << got.describe();
    } else {
      EXPECT_TRUE(got.documents.empty());
      ASSERT_EQ(got.problems.size(), 1U);
      EXPECT_EQ(got.problems[0].kind, ProblemKind::skipped);
    }
  }
}

TEST(JsonlRead, StrictStopsAtFirstMalformedLine) {
  const std::string content = R"({"_id": "1", "text": "fine"})"
                              "\n"
                              R"({"_id": "2", "text": "fine", "rating": "bad"})"
                              "\n"
                              R"({"_id": "3", "text": )"
                              "\n"
                              R"({"_id": "4", "text": "never read"})"
                              "\n";
  IngestOptions options;
  options.strict = true;
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, options);
    ASSERT_FALSE(c.result);
    EXPECT_EQ(c.result.error().code, ErrorCode::invalid_argument);
    EXPECT_EQ(c.result.error().path, path);
    EXPECT_EQ(c.result.error().line, 3U);
    EXPECT_THAT(c.result.error().message, HasSubstr("malformed JSON"));
    // A warning does not stop a strict run; the error is returned, not also reported.
    EXPECT_THAT(c.ids(), ElementsAre("1", "2"));
    ASSERT_EQ(c.problems.size(), 1U) << c.describe();
    EXPECT_EQ(c.problems[0].kind, ProblemKind::warning);
  }
}

TEST(JsonlRead, StrictStopsAtOversizedRecord) {
  const std::string content = R"({"_id": "1", "text": "fine"})"
                              "\n"
                              R"({"_id": "2", "text": ")" +
                              std::string(200, 'y') + "\"}\n" + R"({"_id": "3", "text": "fine"})" +
                              "\n";
  IngestOptions options;
  options.strict = true;
  options.max_bytes = 64;
  TempDir dir;
  const std::string path = dir.write("r.jsonl", content);
  const Collected c = read(path, options);
  ASSERT_FALSE(c.result);
  EXPECT_EQ(c.result.error().line, 2U);
  EXPECT_THAT(c.ids(), ElementsAre("1"));
}

TEST(JsonlRead, RatingWarningCarriesPathAndLine) {
  const std::string content =
      "\n"
      R"({"_id": "w", "text": "t", "rating": "five stars"})"
      "\n";
  TempDir dir;
  const std::string path = dir.write("r.jsonl", content);
  const Collected c = read(path);
  ASSERT_TRUE(c.result);
  ASSERT_THAT(c.ids(), ElementsAre("w"));
  EXPECT_FALSE(c.documents[0].rating.has_value());
  ASSERT_EQ(c.problems.size(), 1U);
  EXPECT_EQ(c.problems[0].kind, ProblemKind::warning);
  EXPECT_EQ(c.problems[0].error.path, path);
  EXPECT_EQ(c.problems[0].error.line, 2U);
}

TEST(JsonlRead, RepairsInvalidUtf8InsideALine) {
  const std::string content =
      "{\"_id\": \"u\", \"title\": \"Caf\xE9\", \"text\": \"bad \xFF\xFE bytes, good "
      "\xE5\xAD\x97\"}\n"
      "{\"_id\": \"cut\", \"text\": \"cut \xE5\xAD sequence\"}\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    ASSERT_THAT(c.ids(), ElementsAre("u", "cut"));
    EXPECT_EQ(c.documents[0].title, "Caf?");
    EXPECT_EQ(c.documents[0].text, "bad ?? bytes, good 字");
    EXPECT_EQ(c.documents[1].text, "cut ?? sequence");
    for (const Document& d : c.documents) EXPECT_EQ(count_invalid_utf8(d.text), 0U);
  }
}

TEST(JsonlRead, HandlesCrlfLineEndings) {
  const std::string content =
      "{\"_id\": \"a\", \"text\": \"first\"}\r\n"
      "\r\n"
      "{\"text\": \"second\"}\r\n"
      "{\"_id\": \"c\", \"text\": \"third\"\r\n";  // malformed, on line 4
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, {}, "crlf");
    ASSERT_TRUE(c.result);
    ASSERT_THAT(c.ids(), ElementsAre("a", "crlf:3"));
    EXPECT_EQ(c.documents[0].text, "first");
    EXPECT_EQ(c.documents[1].text, "second");
    EXPECT_THAT(c.problem_lines(), ElementsAre(4U)) << c.describe();
  }
}

TEST(JsonlRead, ReadsLastLineWithoutNewline) {
  const std::string content =
      "{\"_id\": \"a\", \"text\": \"first\"}\n{\"text\": \"last, no newline\"}";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path, {}, "nl");
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    ASSERT_THAT(c.ids(), ElementsAre("a", "nl:2"));
    EXPECT_EQ(c.documents[1].text, "last, no newline");
  }
}

TEST(JsonlRead, UnreadableFileIsAnIoError) {
  TempDir dir;
  const std::string missing = dir.sub("missing.jsonl");
  const Collected c = read(missing);
  ASSERT_FALSE(c.result);
  EXPECT_EQ(c.result.error().code, ErrorCode::io_error);
  EXPECT_EQ(c.result.error().path, missing);
  EXPECT_TRUE(c.documents.empty());
}

TEST(JsonlRead, TruncatedGzipIsReportedNotFatal) {
  std::string content;
  for (int i = 0; i < 2000; ++i) {
    content += R"({"_id": ")" + std::to_string(i) + R"(", "text": "record )" +
               std::to_string(i * 7919) + "\"}\n";
  }
  TempDir dir;
  const std::string full = write_gzip(dir, "full.jsonl.gz", content);
  const std::string bytes = herdex::testing::read_file(full);
  ASSERT_GT(bytes.size(), 100U);
  const std::string path = dir.write("cut.jsonl.gz", bytes.substr(0, bytes.size() / 2));
  const Collected c = read(path);
  ASSERT_TRUE(c.result);
  EXPECT_LT(c.documents.size(), 2000U);
  ASSERT_FALSE(c.problems.empty());
  EXPECT_EQ(c.problems.back().kind, ProblemKind::error);
  EXPECT_EQ(c.problems.back().error.path, path);

  IngestOptions strict;
  strict.strict = true;
  EXPECT_FALSE(read(path, strict).result);
}

TEST(JsonlRead, StopsWhenCallbackFails) {
  const std::string content =
      "{\"_id\": \"1\", \"text\": \"a\"}\n{\"_id\": \"2\", \"text\": \"b\"}\n"
      "{\"_id\": \"3\", \"text\": \"c\"}\n";
  TempDir dir;
  const std::string path = dir.write("r.jsonl", content);
  std::vector<std::string> seen;
  IngestSink sink;
  sink.on_document = [&seen](Document&& d) -> Result<void> {
    seen.push_back(d.id);
    if (d.id == "2") return Error{ErrorCode::io_error, "disk full"};
    return {};
  };
  const Result<void> r = read_jsonl(path, "r", {}, sink);  // no on_problem, no on_consumed: fine
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "disk full");
  EXPECT_THAT(seen, ElementsAre("1", "2"));
}

// Through read_documents(): which names are read as JSON Lines, and which
// id base their fallback ids get.
TEST(JsonlRead, ReadDocumentsDispatchesByExtension) {
  TempDir dir;
  dir.write("in/a.jsonl", "{\"text\": \"plain\"}\n");
  dir.write("in/sub/b.JSONL", "{\"_id\": \"upper\", \"text\": \"upper-case extension\"}\n");
  write_gzip(dir, "in/c.jsonl.gz", "{\"text\": \"compressed\"}\n");
  dir.write("in/d.json", "{\"text\": \"not JSON Lines\"}\n");
  dir.write("in/e.jsonl.bak", "{\"text\": \"backup\"}\n");
  std::vector<Document> docs;
  std::vector<Error> problems;
  IngestSink sink;
  sink.on_document = [&docs](Document&& d) -> Result<void> {
    docs.push_back(std::move(d));
    return {};
  };
  sink.on_problem = [&problems](const Error& e, ProblemKind) { problems.push_back(e); };
  ASSERT_TRUE(read_documents(dir.sub("in"), {}, sink));
  EXPECT_TRUE(problems.empty());
  std::vector<std::string> ids;
  for (const Document& d : docs) ids.push_back(d.id);
  // Fallback ids name the file by its canonical path, like a text file's id.
  const std::string in = fs::canonical(dir.sub("in")).generic_string();
  EXPECT_THAT(ids, ElementsAre(in + "/a.jsonl:1", in + "/c.jsonl.gz:1", "upper"));
  ASSERT_EQ(docs.size(), 3U);
  EXPECT_EQ(docs[1].text, "compressed");
  EXPECT_EQ(docs[2].source, in + "/sub/b.JSONL");
}

// Issue 16: records are split at '\n' bytes, whatever they hold. A raw NUL
// in line 2 makes line 2 malformed; it must neither swallow line 3 nor
// shift the line numbers after it.
TEST(JsonlRead, NulByteStaysInsideItsRecord) {
  std::string content = R"({"_id": "one", "text": "first"})"
                        "\n"
                        R"({"_id": "two", "text": "a)";
  content += std::string(1, '\0');
  content += R"(b"})"
             "\n"
             R"({"_id": "three", "text": "third"})"
             "\n"
             "{\"_id\": \"four\", \"text\": \"CRLF ending\"}\r\n"
             R"({"_id": "five", "text": "x)";
  content += std::string(1, '\0');
  content += "\n";
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_THAT(c.ids(), ElementsAre("one", "three", "four"));
    EXPECT_THAT(c.problem_lines(), ElementsAre(2U, 5U)) << c.describe();
    ASSERT_EQ(c.documents.size(), 3U);
    EXPECT_EQ(c.documents[1].source_line, 3U);
    EXPECT_EQ(c.documents[2].source_line, 4U);
  }
}

// Issue 16: a small .jsonl.gz of newlines (a "newline bomb": ~1000 times
// smaller than what it inflates to) must cost work in proportion to its
// size, not a call into zlib and a system call per line. The reader tells
// on_consumed after each block it reads, so the number of calls counts
// those; per line, there would be one call per newline.
TEST(JsonlRead, NewlineBombIsReadInBlocks) {
  constexpr std::size_t kLines = std::size_t{16} << 20;  // 16 MiB of '\n'
  TempDir dir;
  const std::string path = write_gzip(dir, "bomb.jsonl.gz", std::string(kLines, '\n'));
  ASSERT_LT(fs::file_size(path), kLines / 100);
  std::size_t calls = 0;
  std::uint64_t consumed = 0;
  IngestSink sink;
  sink.on_document = [](Document&&) -> Result<void> { return {}; };
  sink.on_problem = [](const Error&, ProblemKind) {};
  sink.on_consumed = [&](std::uint64_t bytes) {
    ++calls;
    consumed += bytes;
  };
  ASSERT_TRUE(read_jsonl(path, "bomb", {}, sink));
  EXPECT_EQ(consumed, fs::file_size(path));
  EXPECT_LE(calls, kLines / (std::size_t{64} << 10) + 2);  // at most one per 64 KiB read
}

// The same bound holds with records between the newlines, and a line cut
// between blocks is put together again.
TEST(JsonlRead, LinesSpanningBlocksAreWhole) {
  std::string content;
  std::vector<std::string> expected;
  for (int i = 0; i < 30000; ++i) {
    const std::string id = std::to_string(i);
    content += R"({"_id": ")" + id + R"(", "text": ")" +
               std::string(static_cast<std::size_t>(i % 97), 'w') + "\"}\n";
    expected.push_back(id);
  }
  TempDir dir;
  const BothFormats files = write_both(dir, content);
  for (const std::string& path : {files.plain, files.gzip}) {
    SCOPED_TRACE(path);
    const Collected c = read(path);
    ASSERT_TRUE(c.result);
    EXPECT_TRUE(c.problems.empty()) << c.describe();
    EXPECT_EQ(c.ids(), expected);
  }
}

}  // namespace
}  // namespace herdex::detail
