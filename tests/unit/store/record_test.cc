// Tests for the document record codec (lib/store/record.h): what search
// decodes for every hit must come back exactly as indexing stored it, and
// damaged data must be refused, never crash.
#include "store/record.h"

#include "herdex/search.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace herdex::detail {
namespace {

StoredDocument full_document() {
  StoredDocument doc;
  doc.id = "en/01.txt";
  doc.title = "The voice in the ear";
  doc.source = "corpus/en/01.txt";
  doc.source_offset = 83;
  doc.author = "Mara Lindqvist";
  doc.date = "2014-01-12";
  doc.lang = "en";
  doc.rating = 9.5;
  doc.source_line = 70000;
  doc.lang_confidence = 0.8125;
  doc.fields = {{"tags", "romance, sci-fi"}, {"venue", "Cinémathèque"}};
  doc.text = "I walked out of Her. 她：和一个声音谈恋爱。\nSecond paragraph here.";
  doc.passages = {{0, 20, 0, 5}, {21, 54, 5, 17}, {55, 77, 17, 20}};
  doc.positions = {{0, 1, false},  {2, 8, false},   {9, 12, false},  {16, 19, false},
                   {21, 24, true}, {24, 27, false}, {27, 27, false}, {30, 36, true}};
  return doc;
}

void expect_same(const StoredDocument& a, const StoredDocument& b) {
  EXPECT_EQ(a.id, b.id);
  EXPECT_EQ(a.title, b.title);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.source_offset, b.source_offset);
  EXPECT_EQ(a.author, b.author);
  EXPECT_EQ(a.date, b.date);
  EXPECT_EQ(a.lang, b.lang);
  ASSERT_EQ(a.rating.has_value(), b.rating.has_value());
  if (a.rating) {
    EXPECT_EQ(*a.rating, *b.rating);
  }
  EXPECT_EQ(a.source_line, b.source_line);
  EXPECT_EQ(a.lang_confidence, b.lang_confidence);
  EXPECT_EQ(a.fields, b.fields);
  EXPECT_EQ(a.text, b.text);
  ASSERT_EQ(a.passages.size(), b.passages.size());
  for (std::size_t i = 0; i < a.passages.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a.passages[i].byte_begin, b.passages[i].byte_begin);
    EXPECT_EQ(a.passages[i].byte_end, b.passages[i].byte_end);
    EXPECT_EQ(a.passages[i].position_begin, b.passages[i].position_begin);
    EXPECT_EQ(a.passages[i].position_end, b.passages[i].position_end);
  }
  ASSERT_EQ(a.positions.size(), b.positions.size());
  for (std::size_t i = 0; i < a.positions.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(a.positions[i].byte_begin, b.positions[i].byte_begin);
    EXPECT_EQ(a.positions[i].byte_end, b.positions[i].byte_end);
    EXPECT_EQ(a.positions[i].next_adjacent, b.positions[i].next_adjacent);
  }
}

StoredDocument round_trip(const StoredDocument& doc) {
  const Result<StoredDocument> decoded = decode_record(encode_record(doc));
  if (!decoded) {
    ADD_FAILURE() << "decode failed: " << decoded.error().message;
    return {};
  }
  return *decoded;
}

TEST(Record, RoundTripsAllFields) {
  const StoredDocument doc = full_document();
  expect_same(doc, round_trip(doc));
}

TEST(Record, RoundTripsDefaultDocument) {
  const StoredDocument doc;
  expect_same(doc, round_trip(doc));
}

TEST(Record, RoundTripsRatingAbsentOrPresent) {
  const std::optional<double> ratings[] = {
      std::nullopt,      0.0, 9.5, 10.0, -1.25, 1e-300, std::numeric_limits<double>::max(),
      7.333333333333333,
  };
  for (const auto& rating : ratings) {
    SCOPED_TRACE(rating ? std::to_string(*rating) : "absent");
    StoredDocument doc = full_document();
    doc.rating = rating;
    const StoredDocument back = round_trip(doc);
    ASSERT_EQ(back.rating.has_value(), rating.has_value());
    if (rating) {
      EXPECT_EQ(*back.rating, *rating);  // bit-exact, not approximately
    }
    EXPECT_EQ(back.fields, doc.fields);  // what follows the rating is still aligned
    EXPECT_EQ(back.text, doc.text);
  }
}

TEST(Record, RoundTripsFields) {
  const std::vector<std::vector<std::pair<std::string, std::string>>> cases = {
      {},
      {{"tags", ""}},
      {{"", "value with empty name"}},
      {{"tag", "a"}, {"tag", "b"}, {"tag", "c"}},  // repeated names keep their order
      {{"note", "日本語の値"}, {"url", "http://example.invalid/a:b"}},
      {{"long", std::string(300, 'x')}},  // length prefix of two varint bytes
  };
  for (const auto& fields : cases) {
    SCOPED_TRACE(fields.size());
    StoredDocument doc = full_document();
    doc.fields = fields;
    EXPECT_EQ(round_trip(doc).fields, fields);
  }
}

TEST(Record, RoundTripsManyPassages) {
  // Overlapping, adjacent and empty passages with growing offsets, so that the
  // deltas take one to several varint bytes.
  StoredDocument doc;
  doc.id = "many";
  doc.text.assign(300000, 'a');
  std::uint32_t byte = 0;
  std::uint32_t pos = 0;
  for (std::uint32_t i = 0; i < 2000; ++i) {
    const std::uint32_t len = (i * 37U) % 140U;  // sometimes 0
    const std::uint32_t plen = (i * 13U) % 30U;
    doc.passages.push_back({byte, byte + len, pos, pos + plen});
    byte += (i % 3U == 0U) ? len / 2U : len;  // every third overlaps the next
    pos += (i % 3U == 0U) ? plen / 2U : plen;
  }
  ASSERT_LE(doc.passages.back().byte_end, doc.text.size());
  expect_same(doc, round_trip(doc));
}

TEST(Record, RoundTripsLargeOffsets) {
  StoredDocument doc;
  doc.text = "abc";
  doc.source_offset = std::numeric_limits<std::uint64_t>::max();
  doc.passages = {{0, 3, 0xFFFFFFF0U, 0xFFFFFFFFU}};
  expect_same(doc, round_trip(doc));
}

TEST(Record, RoundTripsEmptyText) {
  StoredDocument doc = full_document();
  doc.text.clear();
  doc.passages.clear();
  doc.positions.clear();
  expect_same(doc, round_trip(doc));

  doc.passages = {{0, 0, 0, 0}};  // an empty passage of an empty text is in range
  expect_same(doc, round_trip(doc));
}

TEST(Record, RoundTripsBinaryBytes) {
  StoredDocument doc = full_document();
  doc.text = std::string("nul\0inside\xFF\xFE", 13);
  doc.id = std::string("\0", 1);
  doc.passages = {{0, 13, 0, 2}};
  doc.positions = {{0, 3, false}, {4, 10, false}};
  expect_same(doc, round_trip(doc));
}

TEST(Record, RejectsEveryTruncation) {
  const std::string data = encode_record(full_document());
  ASSERT_TRUE(decode_record(data));
  for (std::size_t len = 0; len < data.size(); ++len) {
    SCOPED_TRACE(len);
    const Result<StoredDocument> r = decode_record(std::string_view(data).substr(0, len));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::corrupt);
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(Record, RejectsTrailingBytes) {
  const std::string data = encode_record(full_document()) + "x";
  const Result<StoredDocument> r = decode_record(data);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::corrupt);
}

TEST(Record, RejectsUnknownVersion) {
  std::string data = encode_record(full_document());
  data[0] = '\x02';  // the layout before compression
  ASSERT_FALSE(decode_record(data));
  data[0] = '\x05';  // a layout from the future
  const Result<StoredDocument> r = decode_record(data);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::corrupt);
}

// A hit's line and language confidence come from the record, not from
// value slots (one B-tree lookup each per hit).
TEST(Record, KeepsTheLineAndTheLanguageConfidence) {
  StoredDocument doc = full_document();
  StoredDocument back = round_trip(doc);
  EXPECT_EQ(back.source_line, 70000U);
  EXPECT_EQ(back.lang_confidence, 0.8125);
  EXPECT_FALSE(back.from_version_3);
  doc.source_line = 0;
  doc.lang_confidence.reset();
  back = round_trip(doc);
  EXPECT_EQ(back.source_line, 0U);
  EXPECT_FALSE(back.lang_confidence.has_value());
}

// Databases written before version 4 stay readable: everything but the
// line and the confidence, which their value slots hold.
TEST(Record, ReadsVersion3Records) {
  const StoredDocument doc = full_document();
  const std::string data = encode_record(doc, 3);
  ASSERT_EQ(data[0], '\x03');
  const Result<StoredDocument> back = decode_record(data);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_TRUE(back->from_version_3);
  EXPECT_EQ(back->source_line, 0U);
  EXPECT_FALSE(back->lang_confidence.has_value());
  StoredDocument expected = doc;
  expected.source_line = 0;
  expected.lang_confidence.reset();
  expect_same(expected, *back);
}

TEST(Record, RejectsPassageBeyondText) {
  struct Case {
    std::string text;
    std::vector<StoredPassage> passages;
  };
  const Case cases[] = {
      {"abc", {{0, 4, 0, 1}}},                   // end one past the text
      {"abc", {{3, 4, 0, 1}}},                   // begins at the end, ends past it
      {"abc", {{10, 12, 0, 1}}},                 // entirely beyond
      {"", {{0, 1, 0, 1}}},                      // any byte of an empty text
      {"abcdef", {{0, 3, 0, 1}, {4, 7, 1, 2}}},  // the second one only
      {"abc", {{2, 1, 0, 1}}},                   // end before begin wraps around
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text + " / " + std::to_string(c.passages.size()));
    StoredDocument doc;
    doc.text = c.text;
    doc.passages = c.passages;
    const Result<StoredDocument> r = decode_record(encode_record(doc));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::corrupt);
  }
}

TEST(Record, RejectsPositionBeyondText) {
  StoredDocument doc;
  doc.text = "abc";
  doc.positions = {{0, 3, false}, {2, 4, false}};
  const Result<StoredDocument> r = decode_record(encode_record(doc));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::corrupt);
}

TEST(Record, IsCompressed) {
  StoredDocument doc = full_document();
  doc.text.clear();
  for (int i = 0; i < 200; ++i) doc.text += "a review that repeats itself, as reviews do. ";
  const std::string fields = encode_record_fields(doc);
  const std::string stored = encode_record(doc);
  EXPECT_LT(stored.size() * 4, fields.size());
  expect_same(doc, round_trip(doc));
}

// Any decoded record must be safe to use: passages inside the text.
void expect_usable(const Result<StoredDocument>& r) {
  if (!r) {
    EXPECT_EQ(r.error().code, ErrorCode::corrupt);
    return;
  }
  for (const StoredPassage& p : r->passages) {
    EXPECT_LE(p.byte_begin, p.byte_end);
    EXPECT_LE(p.byte_end, r->text.size());
    EXPECT_LE(p.position_begin, p.position_end);
  }
  for (const PositionExtent& e : r->positions) {
    EXPECT_LE(e.byte_begin, e.byte_end);
    EXPECT_LE(e.byte_end, r->text.size());
  }
}

TEST(Record, SurvivesRandomGarbage) {
  std::mt19937 rng(20240611U);
  std::uniform_int_distribution<int> byte_dist(0, 255);
  std::uniform_int_distribution<std::size_t> len_dist(0, 96);
  std::size_t decoded = 0;
  for (int n = 0; n < 2000; ++n) {
    std::string data(len_dist(rng), '\0');
    for (char& c : data) c = static_cast<char>(byte_dist(rng));
    // Small bytes make short, plausible lengths and counts.
    if (n % 2 == 0) {
      for (char& c : data)
        c = static_cast<char>(static_cast<unsigned char>(c) % (n % 4 == 0 ? 8U : 3U));
    }
    SCOPED_TRACE(n);
    // The field layer, where garbage reaches deep; and the whole record,
    // where the compression layer must refuse it.
    const Result<StoredDocument> r = decode_record_fields(data);
    if (r) ++decoded;
    expect_usable(r);
    if (!data.empty() && n % 4 != 0) data[0] = '\x03';
    expect_usable(decode_record(data));
  }
  // The garbage reaches deep into the decoder: some inputs are even valid.
  EXPECT_GT(decoded, 0U);
}

TEST(Record, SurvivesMutatedRecords) {
  for (const std::string& good :
       {encode_record(full_document()), encode_record_fields(full_document())}) {
    SCOPED_TRACE(good.size());
    std::mt19937 rng(7U);
    std::uniform_int_distribution<std::size_t> pos_dist(0, good.size() - 1);
    std::uniform_int_distribution<int> byte_dist(0, 255);
    for (int n = 0; n < 2000; ++n) {
      std::string data = good;
      const int flips = 1 + n % 4;
      for (int k = 0; k < flips; ++k) data[pos_dist(rng)] = static_cast<char>(byte_dist(rng));
      SCOPED_TRACE(n);
      expect_usable(decode_record(data));
      expect_usable(decode_record_fields(data));
    }
  }
}

// One shape: the record is the public Document as indexed, and a hit shows
// the metadata the record kept. A new Document field that encode_record()
// or copy_metadata() forgets fails here.
TEST(Record, StoresTheDocumentAndGivesItsMetadataToHits) {
  Document d;
  d.id = "j1";
  d.title = "Arrival";
  d.text = "A linguist and a heptapod.";
  d.source = "/data/reviews.jsonl";
  d.source_offset = 12;
  d.author = "Ana";
  d.rating = 8.5;
  d.date = "2016-11-11";
  d.lang = "en";
  d.fields = {{"movie", "Arrival"}};
  StoredDocument rec;
  static_cast<Document&>(rec) = d;
  auto back = decode_record(encode_record(rec));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->text, d.text);
  EXPECT_EQ(back->source_offset, d.source_offset);
  Hit hit;
  copy_metadata(*back, hit);
  EXPECT_EQ(hit.id, d.id);
  EXPECT_EQ(hit.title, d.title);
  EXPECT_EQ(hit.source, d.source);
  EXPECT_EQ(hit.author, d.author);
  EXPECT_EQ(hit.date, d.date);
  EXPECT_EQ(hit.lang, d.lang);
  EXPECT_EQ(hit.rating, d.rating);
  EXPECT_EQ(hit.fields, d.fields);
}

}  // namespace
}  // namespace herdex::detail
