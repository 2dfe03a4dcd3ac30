// Where the snippet of a hit lands, end to end through the public API: the
// sentence that matches best, with the words the title already says
// counting for little.
#include <gtest/gtest.h>

#include <string>

#include "herdex/herdex.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

// "quiet" is in every document (a low idf), "zorblat" only in the first
// (a high one). The first document says zorblat in one sentence and quiet
// in another; a 60-byte snippet holds one of them.
std::string collection(const std::string& first_title) {
  const std::string filler = "The quiet town slept while the rain kept falling on the roofs.";
  std::string out =
      "{\"id\": \"d1\", \"title\": \"" + first_title +
      "\", \"text\": \"Zorblat opened the season with a speech that went on far too long "
      "for anyone in the hall. In the end a quiet ending came after the storm.\"}\n";
  for (int i = 2; i <= 5; ++i) {
    out += "{\"id\": \"d" + std::to_string(i) + "\", \"title\": \"Other " + std::to_string(i) +
           "\", \"text\": \"" + filler + "\"}\n";
  }
  return out;
}

std::string top_snippet(const testing::TempDir& dir, const std::string& first_title) {
  const std::string input = dir.write("reviews.jsonl", collection(first_title));
  auto writer = IndexWriter::open(dir.sub("db"));
  EXPECT_TRUE(writer);
  if (!writer) return "";
  EXPECT_TRUE(writer->add_paths({input}));
  EXPECT_TRUE(writer->commit());
  auto searcher = Searcher::open(dir.sub("db"));
  EXPECT_TRUE(searcher);
  if (!searcher) return "";
  SearchOptions options;
  options.snippet_bytes = 60;
  auto results = searcher->search("zorblat quiet", options);
  EXPECT_TRUE(results);
  if (!results || results->hits.empty() || results->hits.front().passages.empty()) return "";
  EXPECT_EQ(results->hits.front().id, "d1");
  return results->hits.front().passages.front().snippet;
}

TEST(SnippetChoice, RareWordWinsItsSentence) {
  testing::TempDir dir;
  const std::string snippet = top_snippet(dir, "A long night in the hall");
  EXPECT_EQ(snippet.rfind("Zorblat opened", 0), 0U) << snippet;
}

TEST(SnippetChoice, WordTheTitleSaysCountsLittle) {
  testing::TempDir dir;
  const std::string snippet = top_snippet(dir, "Zorblat, a review");
  // The window holds that sentence whole (it ends the passage, so the
  // window reaches back before it to fill its 60 bytes).
  EXPECT_NE(snippet.find("In the end a quiet ending came after the storm."), std::string::npos)
      << snippet;
  EXPECT_EQ(snippet.find("Zorblat"), std::string::npos) << snippet;
}

}  // namespace
}  // namespace herdex
