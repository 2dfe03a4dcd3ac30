// Tests for finding a hit's matches from Xapian's positions
// (lib/search/match_locator.h): on every document of an index, for queries
// of every kind, the spans must be exactly those that analyzing the text
// again finds — same tokens, same bytes, same query terms.
#include "search/match_locator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "analysis/settings.h"
#include "herdex/index.h"
#include "search/query_builder.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/stem_words.h"
#include "support/old_layouts.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex::detail {
namespace {

std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> as_tuples(
    std::vector<MatchSpan> spans) {
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> out;
  for (const MatchSpan& s : spans) out.emplace_back(s.byte_begin, s.byte_end, s.term);
  std::sort(out.begin(), out.end());
  return out;
}

class MatchLocatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto writer = IndexWriter::open(dir_.sub("db"));
    ASSERT_TRUE(writer) << writer.error().describe();
    ASSERT_TRUE(writer->add_paths({testing::corpus_dir()}));
    // Stems that differ from their words and that equal them, a word and
    // its stem both in one query, CJK runs cut by punctuation, full-width
    // and Traditional forms, a one-character run.
    Document extra;
    extra.id = "extra";
    extra.text =
        "Lonely, lonelier, loneliness: the lone film about films. ＦＵＬＬ width ｆｉｌｍ.\n"
        "她說：電影。电影院里，人工智能和人工智慧。猫。ひらがなカタカナ、외로움에 대해.";
    ASSERT_TRUE(writer->add(extra));
    ASSERT_TRUE(writer->commit());
    auto db = open_readable(dir_.sub("db"));
    ASSERT_TRUE(db) << db.error().describe();
    db_ = *db;
    auto analyzer = analyzer_from_settings(db_.get_metadata(kAnalyzerOptionsKey),
                                           db_.get_metadata(kAnalyzerKey), AnalyzerOptions{});
    ASSERT_TRUE(analyzer) << analyzer.error().describe();
    analyzer_.emplace(std::move(*analyzer));
  }

  // Compares both ways of matching on every document for `query`; returns
  // how many spans were found in all.
  std::size_t expect_same_matches(const std::string& query) {
    SCOPED_TRACE(query);
    auto built = build_query(*analyzer_, db_, query);
    if (!built) return 0;  // nothing searchable: nothing to compare
    const StemWords* stems = stems_ ? &*stems_ : nullptr;
    MatchLocator locator(db_, *analyzer_, built->terms, nullptr, stems);
    // As search builds it: given the match, it skips terms no document
    // holds ("zeitgeist", the stem-equal word "loneli" of "loneliness").
    Xapian::Enquire enquire(db_);
    enquire.set_query(built->query);
    const Xapian::MSet mset = enquire.get_mset(0, db_.get_doccount());
    MatchLocator pruned(db_, *analyzer_, built->terms, &mset, stems);
    // As search uses it: told the hits first (every other document here),
    // it looks up a rare term's positions only in the hits that hold it.
    std::vector<Xapian::docid> hits;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
      if (*it % 2 == 1) hits.push_back(*it);
    }
    MatchLocator expecting(db_, *analyzer_, built->terms, &mset, stems);
    expecting.expect(hits);
    std::size_t found = 0;
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
      auto doc = decode_record(db_.get_document(*it).get_data());
      EXPECT_TRUE(doc);
      if (!doc) continue;
      SCOPED_TRACE(doc->id);
      const std::vector<MatchSpan> fast = locator.locate(*it, *doc);
      EXPECT_TRUE(std::is_sorted(
          fast.begin(), fast.end(),
          [](const MatchSpan& a, const MatchSpan& b) { return a.byte_begin < b.byte_begin; }));
      const auto expected = as_tuples(locator.locate_by_analysis(*doc));
      EXPECT_EQ(as_tuples(fast), expected);
      EXPECT_EQ(as_tuples(pruned.locate(*it, *doc)), expected);
      if (*it % 2 == 1) {
        EXPECT_EQ(as_tuples(expecting.locate(*it, *doc)), expected);
      }
      found += fast.size();
    }
    return found;
  }

  // Searches a copy of the database laid out as format 3 did, alone or
  // beside the current one as a set of two shards.
  void use_format_3_copy(bool beside_current) {
    std::filesystem::copy(dir_.sub("db"), dir_.sub("db3"));
    testing::to_format_3_stems(dir_.sub("db3"));
    const Xapian::Database old(dir_.sub("db3"));
    if (!beside_current) {
      db_ = old;
      return;
    }
    const Xapian::Database current = db_;
    db_ = Xapian::Database();
    db_.add_database(current);
    db_.add_database(old);
    stems_.emplace(std::vector<Xapian::Database>{current, old});
  }

  void expect_same_for_hand_written_queries() {
    const char* const queries[] = {
        "loneliness",
        "lonely film",
        "\"lone film\" films lonely",
        "lone*",
        "film* OR voice",
        "ＦＵＬＬ",
        "电影",
        "電影院",
        "人工智能",
        "猫",
        "ひらがな",
        "カタカナ",
        "외로움",
        "zeitgeist typewriter",
        "萤火虫",
        "title:her voice",
        "the",
        "Samantha NEAR/5 voice",
        // More terms than are looked up directly: the term list filters them.
        "the of and to a in is it that was for on with as his her film voice love lonely",
    };
    std::size_t found = 0;
    for (const char* q : queries) found += expect_same_matches(q);
    EXPECT_GT(found, 100U);  // the comparison saw real matches
  }

  testing::TempDir dir_;
  Xapian::Database db_;
  std::optional<Analyzer> analyzer_;
  std::optional<StemWords> stems_;
};

TEST_F(MatchLocatorTest, StemsHoldNoPositionsAndListTheirWords) {
  EXPECT_TRUE(lists_stem_words(db_));
  std::size_t stems = 0;
  for (auto d = db_.postlist_begin(""); d != db_.postlist_end(""); ++d) {
    for (auto t = db_.termlist_begin(*d); t != db_.termlist_end(*d); ++t) {
      if (!is_stem_term(*t)) continue;
      ++stems;
      EXPECT_EQ(t.positionlist_count(), 0U) << *t;
    }
  }
  EXPECT_GT(stems, 100U);
  std::string key;
  ASSERT_TRUE(make_stem_word_key(key, "lone", "lonely"));
  EXPECT_EQ(db_.get_metadata(key), "1");
  const std::vector<std::string> words = StemWords({db_}).words("lone");
  EXPECT_NE(std::find(words.begin(), words.end(), "lonely"), words.end());
  EXPECT_EQ(std::find(words.begin(), words.end(), "lone"), words.end());  // equal: not listed
}

TEST_F(MatchLocatorTest, SameAsAnalysisOnTheFormat3Layout) {
  use_format_3_copy(false);
  EXPECT_FALSE(lists_stem_words(db_));
  expect_same_for_hand_written_queries();
}

TEST_F(MatchLocatorTest, SameAsAnalysisOnShardsOfBothLayouts) {
  use_format_3_copy(true);
  expect_same_for_hand_written_queries();
}

TEST_F(MatchLocatorTest, SameAsAnalysisForHandWrittenQueries) {
  expect_same_for_hand_written_queries();
}

TEST_F(MatchLocatorTest, SameAsAnalysisForEveryWordOfTheCorpus) {
  // Every 11th whitespace-separated chunk of every document as a query:
  // English words with punctuation, CJK sentences, mixed runs.
  std::vector<std::string> queries;
  for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) {
    auto doc = decode_record(db_.get_document(*it).get_data());
    ASSERT_TRUE(doc);
    std::size_t n = 0;
    std::size_t start = 0;
    const std::string& text = doc->text;
    while (start < text.size()) {
      std::size_t end = text.find_first_of(" \n", start);
      if (end == std::string::npos) end = text.size();
      if (end > start && n++ % 11 == 0) {
        std::string chunk = text.substr(start, std::min<std::size_t>(end - start, 60));
        // Keep whole UTF-8 characters and no query syntax.
        while (!chunk.empty() && (static_cast<unsigned char>(chunk.back()) & 0xC0U) == 0x80U)
          chunk.pop_back();
        if (!chunk.empty() && static_cast<unsigned char>(chunk.back()) >= 0xC0U) chunk.pop_back();
        std::replace_if(
            chunk.begin(), chunk.end(),
            [](char c) { return std::string_view("\"()*:+-").find(c) != std::string_view::npos; },
            ' ');
        queries.push_back(chunk);
      }
      start = end + 1;
    }
  }
  ASSERT_GT(queries.size(), 100U);
  std::size_t found = 0;
  for (const std::string& q : queries) found += expect_same_matches(q);
  EXPECT_GT(found, queries.size());
}

}  // namespace
}  // namespace herdex::detail
