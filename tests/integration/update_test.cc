// Re-indexing: unchanged documents are left alone, changed ones replaced.
#include <gtest/gtest.h>

#include <filesystem>

#include "herdex/herdex.h"
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

}  // namespace
}  // namespace herdex
