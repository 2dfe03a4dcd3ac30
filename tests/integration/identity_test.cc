// Document identity across runs of IndexWriter::add_paths() (issue 16):
// ids that do not depend on how a path was typed, same-named files kept
// apart, overlapping inputs indexed once, --prune scoped to its inputs,
// duplicate JSON Lines ids reported and converging, settings that change
// documents re-indexing them, and the problem list bounded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using herdex::testing::TempDir;
using ::testing::HasSubstr;

IndexReport index(const std::string& db, const std::vector<std::string>& paths,
                  const IndexOptions& options = {}, const IngestOptions& ingest = {}) {
  auto writer = IndexWriter::open(db, options);
  EXPECT_TRUE(writer) << writer.error().describe();
  if (!writer) return {};
  auto report = writer->add_paths(paths, ingest);
  EXPECT_TRUE(report) << report.error().describe();
  return report ? *report : IndexReport{};
}

std::size_t documents(const std::string& db) {
  auto stats = database_stats(db);
  EXPECT_TRUE(stats);
  return stats ? stats->documents : 0;
}

std::string describe(const IndexReport& r) {
  std::string out;
  for (const Error& e : r.problems) out += e.describe() + "\n";
  return out;
}

// `herdex index colA/ colB/` with a review.txt in each: two documents.
TEST(Identity, SameNamedFilesInTwoFoldersAreTwoDocuments) {
  TempDir dir;
  dir.write("colA/review.txt", "A review about a walrus.\n");
  dir.write("colB/review.txt", "A review about a penguin.\n");
  const IndexReport r = index(dir.sub("db"), {dir.sub("colA/"), dir.sub("colB/")});
  EXPECT_EQ(r.added, 2U);
  EXPECT_EQ(r.updated, 0U);
  EXPECT_EQ(documents(dir.sub("db")), 2U);
  auto searcher = Searcher::open(dir.sub("db"));
  ASSERT_TRUE(searcher);
  auto hits = searcher->search("walrus OR penguin");
  ASSERT_TRUE(hits);
  EXPECT_EQ(hits->hits.size(), 2U);
}

// `herdex index corpus/` then `herdex index corpus/en/` (or the same folder
// typed otherwise): the second run finds every document unchanged.
TEST(Identity, SubFolderAndOtherSpellingsDoNotDuplicate) {
  TempDir dir;
  dir.write("corpus/en/01.txt", "An English review.\n");
  dir.write("corpus/en/02.txt", "Another English review.\n");
  dir.write("corpus/ja/01.txt", "日本語のレビュー。\n");
  const std::string db = dir.sub("db");
  EXPECT_EQ(index(db, {dir.sub("corpus")}).added, 3U);
  const IndexReport again = index(db, {dir.sub("corpus/en/"), dir.sub("corpus/./ja/../en")});
  EXPECT_EQ(again.added, 0U);
  EXPECT_EQ(again.unchanged, 2U);
  EXPECT_EQ(again.duplicates, 0U) << describe(again);
  const fs::path cwd = fs::current_path();
  fs::current_path(dir.path() / "corpus");
  const IndexReport relative = index(db, {"en", "./ja/01.txt"});
  fs::current_path(cwd);
  EXPECT_EQ(relative.added, 0U);
  EXPECT_EQ(relative.unchanged, 3U);
  EXPECT_EQ(documents(db), 3U);
}

// --prune removes only documents from under the inputs it was given.
TEST(Identity, PruneOnlyRemovesDocumentsUnderItsInputs) {
  TempDir dir;
  dir.write("corpus/en/01.txt", "An English review.\n");
  dir.write("corpus/en/02.txt", "Another English review.\n");
  dir.write("corpus/ja/01.txt", "日本語のレビュー。\n");
  dir.write("corpus/records.jsonl", R"({"id": "r1", "text": "A record."})"
                                    "\n");
  dir.write("corpus/english.txt", "Not under corpus/en, though its name starts so.\n");
  const std::string db = dir.sub("db");
  EXPECT_EQ(index(db, {dir.sub("corpus")}).added, 5U);
  fs::remove(dir.path() / "corpus/en/02.txt");
  IndexOptions prune;
  prune.prune = true;
  const IndexReport r = index(db, {dir.sub("corpus/en")}, prune);
  EXPECT_EQ(r.deleted, 1U) << describe(r);
  EXPECT_EQ(documents(db), 4U);

  // A JSON Lines file's records are under that file.
  dir.write("corpus/records.jsonl", R"({"id": "r2", "text": "Another record."})"
                                    "\n");
  const IndexReport records = index(db, {dir.sub("corpus/records.jsonl")}, prune);
  EXPECT_EQ(records.added, 1U);
  EXPECT_EQ(records.deleted, 1U);
  EXPECT_EQ(documents(db), 4U);
}

// Two records with "id": "x" in one run: reported with both places, the
// last one kept, and a second run over the same input finds it unchanged.
TEST(Identity, DuplicateIdsAreReportedAndConverge) {
  TempDir dir;
  const std::string file = dir.write("d.jsonl", R"({"id": "x", "text": "The first x."})"
                                                "\n"
                                                R"({"id": "y", "text": "Just y."})"
                                                "\n"
                                                R"({"id": "x", "text": "The last x."})"
                                                "\n");
  const std::string shown = fs::canonical(file).generic_string();
  const std::string db = dir.sub("db");
  for (int run = 0; run < 3; ++run) {
    SCOPED_TRACE(run);
    const IndexReport r = index(db, {file});
    EXPECT_EQ(r.duplicates, 1U);
    EXPECT_EQ(r.added, run == 0 ? 2U : 0U);
    EXPECT_EQ(r.updated, 0U);
    EXPECT_EQ(r.unchanged, run == 0 ? 0U : 2U);
    ASSERT_EQ(r.problems.size(), 1U) << describe(r);
    EXPECT_EQ(r.problems[0].describe(),
              shown + ":3: duplicate id \"x\" (first at " + shown + ":1)");
  }
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  auto last = searcher->search("last");
  ASSERT_TRUE(last);
  ASSERT_EQ(last->hits.size(), 1U);
  EXPECT_EQ(last->hits[0].id, "x");
  auto first = searcher->search("first");
  ASSERT_TRUE(first);
  EXPECT_TRUE(first->hits.empty());
  EXPECT_EQ(documents(db), 2U);
}

// The same file reached through two inputs is one document, not a duplicate.
TEST(Identity, OverlappingInputsAreReadOnce) {
  TempDir dir;
  dir.write("corpus/en/01.txt", "An English review.\n");
  const IndexReport r = index(dir.sub("db"), {dir.sub("corpus"), dir.sub("corpus/en")});
  EXPECT_EQ(r.added, 1U);
  EXPECT_EQ(r.unchanged + r.updated + r.duplicates, 0U) << describe(r);
  EXPECT_TRUE(r.problems.empty()) << describe(r);
}

// Settings that change what is stored re-index the documents read.
TEST(Identity, SettingsThatChangeDocumentsReindexThem) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "This is sentence number " + std::to_string(i) + " of the review. ";
  dir.write("seeds/long.txt", text + "\n");
  dir.write(
      "seeds/form.txt",
      "A short review.\n\nLeave a Reply\nYou are commenting using your WordPress.com account.\n");
  const std::string db = dir.sub("db");
  EXPECT_EQ(index(db, {dir.sub("seeds")}).added, 2U);
  EXPECT_EQ(index(db, {dir.sub("seeds")}).unchanged, 2U);

  auto passages = [&db]() {
    auto stats = database_stats(db);
    EXPECT_TRUE(stats);
    return stats ? stats->passages : 0;
  };
  const std::size_t before = passages();
  IndexOptions small;
  small.passage_words = 20;
  const IndexReport r = index(db, {dir.sub("seeds")}, small);
  EXPECT_EQ(r.updated, 2U);
  EXPECT_EQ(r.unchanged, 0U);
  EXPECT_GT(passages(), before);
  EXPECT_EQ(index(db, {dir.sub("seeds")}, small).unchanged, 2U);

  IndexOptions overlap = small;
  overlap.passage_overlap_words = 0;
  EXPECT_EQ(index(db, {dir.sub("seeds")}, overlap).updated, 2U);

  IndexOptions keep = overlap;
  keep.keep_boilerplate = true;
  EXPECT_EQ(index(db, {dir.sub("seeds")}, keep).updated, 2U);
  auto searcher = Searcher::open(db);
  ASSERT_TRUE(searcher);
  auto reply = searcher->search("commenting");
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->hits.size(), 1U);
}

// A million bad lines must not keep a million problems: the first 1000 are
// listed, the rest counted.
TEST(Identity, ProblemListIsBounded) {
  TempDir dir;
  std::string bad;
  for (int i = 0; i < 2500; ++i) bad += "not json\n";
  const std::string file = dir.write("bad.jsonl", bad);
  const IndexReport r = index(dir.sub("db"), {file});
  EXPECT_EQ(r.errors, 2500U);
  EXPECT_EQ(r.problems.size(), IndexReport::kMaxListedProblems);
  EXPECT_EQ(r.problems_not_listed, 1500U);
  EXPECT_EQ(r.problems.back().line, 1000U);
}

}  // namespace
}  // namespace herdex
