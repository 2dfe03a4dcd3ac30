// Re-indexing: unchanged documents are left alone, changed ones replaced.
#include <gtest/gtest.h>

#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "herdex/herdex.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/stem_words.h"
#include "support/old_layouts.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

TEST(Update, ReindexingSkipsUnchangedAndReplacesChanged) {
  testing::TempDir dir;
  dir.write("docs/a.txt", "title: A\n\nThe quiet operating system hums.\n");
  dir.write("docs/b.txt", "title: B\n\nLetters written for strangers.\n");
  const std::string db = dir.sub("db");
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer);
    auto report = writer->add_paths({dir.sub("docs")});
    ASSERT_TRUE(report);
    EXPECT_EQ(report->added, 2U);
  }
  dir.write("docs/b.txt", "title: B\n\nLetters written for a lighthouse keeper.\n");
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer);
    auto report = writer->add_paths({dir.sub("docs")});
    ASSERT_TRUE(report);
    EXPECT_EQ(report->added, 0U);
    EXPECT_EQ(report->unchanged, 1U);
    EXPECT_EQ(report->updated, 1U);
  }
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  auto gone = searcher->search("strangers");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->hits.empty());
  auto found = searcher->search("lighthouse");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->hits.size(), 1U);
  EXPECT_EQ(found->hits.front().id,
            std::filesystem::canonical(dir.sub("docs/b.txt")).generic_string());
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, 2U);
}

TEST(Update, RemoveDeletesById) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  auto writer = IndexWriter::open(db);
  ASSERT_TRUE(writer);
  Document doc;
  doc.id = "one";
  doc.text = "A review about a voice in the dark.";
  auto added = writer->add(doc);
  ASSERT_TRUE(added);
  EXPECT_EQ(*added, WriteOutcome::added);
  auto again = writer->add(doc);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, WriteOutcome::unchanged);
  auto removed = writer->remove("one");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto missing = writer->remove("one");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  ASSERT_TRUE(writer->commit());
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  auto results = searcher->search("voice");
  ASSERT_TRUE(results);
  EXPECT_TRUE(results->hits.empty());
}

TEST(Update, RejectsBadIds) {
  testing::TempDir dir;
  auto writer = IndexWriter::open(dir.sub("db"));
  ASSERT_TRUE(writer);
  Document doc;
  doc.text = "text";
  auto empty = writer->add(doc);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_argument);
  doc.id = std::string(201, 'x');
  auto long_id = writer->add(doc);
  ASSERT_FALSE(long_id);
  EXPECT_EQ(long_id.error().code, ErrorCode::invalid_argument);
}

// Records written before version 4 kept a hit's line and language
// confidence in value slots only; search still shows them.
TEST(Update, SearchShowsLinesAndConfidencesOfVersion3Records) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer);
    std::size_t line = 0;
    for (const char* text : {"A lighthouse keeper writes letters to nobody at all.",
                             "灯塔看守人给没有人的地方写信，lighthouse 的光。",
                             "The lighthouse scene is the best part of the film."}) {
      Document doc;
      doc.id = "r" + std::to_string(++line);
      doc.source = "reviews.jsonl";
      doc.source_line = line * 10;
      doc.text = text;
      ASSERT_TRUE(writer->add(doc));
    }
    ASSERT_TRUE(writer->commit());
  }
  using Shown = std::map<std::string, std::pair<std::size_t, std::optional<double>>>;
  auto shown = [&] {
    Shown out;
    auto searcher = Searcher::open(db);
    EXPECT_TRUE(searcher);
    if (!searcher) return out;
    auto found = searcher->search("lighthouse");
    EXPECT_TRUE(found);
    if (!found) return out;
    for (const Hit& hit : found->hits) out[hit.id] = {hit.source_line, hit.lang_confidence};
    return out;
  };
  const Shown current = shown();
  ASSERT_EQ(current.size(), 3U);
  EXPECT_EQ(current.at("r2").first, 20U);
  EXPECT_TRUE(current.at("r2").second.has_value());

  {
    Xapian::WritableDatabase xdb(db);
    for (auto it = xdb.postlist_begin(""); it != xdb.postlist_end(""); ++it) {
      Xapian::Document doc = xdb.get_document(*it);
      auto record = detail::decode_record(doc.get_data());
      ASSERT_TRUE(record);
      doc.set_data(detail::encode_record(*record, 3));
      xdb.replace_document(*it, doc);
    }
    xdb.set_metadata(detail::kFormatKey, detail::kOldestReadableFormatVersion);
    xdb.commit();
    auto first = detail::decode_record(xdb.get_document(1).get_data());
    ASSERT_TRUE(first);
    ASSERT_TRUE(first->from_version_3);
  }
  EXPECT_EQ(shown(), current);
  // Its next commit writes version-4 records: it becomes the current
  // format, which an older herdex refuses by name.
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer) << writer.error().describe();
    Document doc;
    doc.id = "r4";
    doc.text = "One more lighthouse.";
    ASSERT_TRUE(writer->add(doc));
    ASSERT_TRUE(writer->commit());
  }
  EXPECT_EQ(Xapian::Database(db).get_metadata(detail::kFormatKey), detail::kFormatVersion);
  EXPECT_EQ(shown().size(), 4U);
}

// A database of format 3 keeps each stem's positions on the stem term and
// lists no stem words: documents added to it are laid out the same way,
// their stems found and highlighted, and it becomes format 4 (which an
// older herdex refuses) without claiming to list stem words.
TEST(Update, AFormat3DatabaseKeepsItsStemPositions) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer) << writer.error().describe();
    Document doc;
    doc.id = "r1";
    doc.text = "The keeper was lonely in the lighthouse.";
    ASSERT_TRUE(writer->add(doc));
    ASSERT_TRUE(writer->commit());
  }
  testing::to_format_3_stems(db);
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer) << writer.error().describe();
    Document doc;
    doc.id = "r2";
    doc.text = "Lighthouses stand lonely; their keepers leave.";
    ASSERT_TRUE(writer->add(doc));
    ASSERT_TRUE(writer->commit());
  }
  const Xapian::Database x(db);
  EXPECT_EQ(x.get_metadata(detail::kFormatKey), detail::kFormatVersion);
  EXPECT_FALSE(detail::lists_stem_words(x));
  std::string key;
  ASSERT_TRUE(detail::make_stem_word_key(key, "lone", "lonely"));
  EXPECT_EQ(x.get_metadata(key), "");
  const std::string id2 = detail::id_term("r2");
  const Xapian::docid r2 = *x.postlist_begin(id2);
  EXPECT_EQ(x.positionlist_begin(r2, "Zlone") == x.positionlist_end(r2, "Zlone"), false);
  EXPECT_EQ(x.positionlist_begin(r2, "Zkeeper") == x.positionlist_end(r2, "Zkeeper"), false);

  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto found = searcher->search("lonely keeper");
  ASSERT_TRUE(found) << found.error().describe();
  ASSERT_EQ(found->hits.size(), 2U);
  for (const Hit& hit : found->hits) {
    SCOPED_TRACE(hit.id);
    ASSERT_FALSE(hit.passages.empty());
    const Passage& p = hit.passages.front();
    std::vector<std::string> matched;
    for (const ByteRange& m : p.matches) {
      matched.push_back(
          p.snippet.substr(m.byte_begin - p.snippet_range.byte_begin, m.byte_end - m.byte_begin));
    }
    // "lonely" is found through the stem Zlone, "keepers" through Zkeeper.
    EXPECT_NE(std::find(matched.begin(), matched.end(), "lonely"), matched.end());
    EXPECT_EQ(matched.size(), 2U);
  }
}

}  // namespace
}  // namespace herdex
