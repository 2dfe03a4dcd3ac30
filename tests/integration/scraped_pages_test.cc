// The scraped-style pages of corpus/scraped (English, Simplified and
// Traditional Chinese, Japanese, Korean; text and HTML; comment threads,
// bios, navigation, share and related blocks) indexed into a database:
// nothing but the reviews is searchable, what the pages state is in the
// fields, and --keep-boilerplate (IndexOptions::keep_boilerplate) brings
// the rest back.
#include <gtest/gtest.h>
#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "ingest/extract/extractor.h"
#include "store/database.h"
#include "store/schema.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

// A page's id: its canonical path.
std::string page_id(const std::string& name) { return testing::corpus_id("scraped/" + name); }

class ScrapedPages : public ::testing::Test {
 protected:
  IndexReport build(const std::string& db, bool keep) {
    IndexOptions options;
    options.keep_boilerplate = keep;
    auto writer = IndexWriter::open(dir_.sub(db), options);
    EXPECT_TRUE(writer.has_value());
    auto report = writer->add_paths({testing::corpus_dir() + "/scraped"});
    EXPECT_TRUE(report.has_value());
    return report.has_value() ? *report : IndexReport{};
  }
  std::vector<std::string> ids(const std::string& db, const std::string& query) {
    auto searcher = Searcher::open(dir_.sub(db));
    EXPECT_TRUE(searcher.has_value());
    SearchOptions options;
    options.limit = 50;
    auto results = searcher->search(query, options);
    EXPECT_TRUE(results.has_value()) << query;
    std::vector<std::string> out;
    if (results) {
      for (const Hit& h : results->hits) out.push_back(h.id);
    }
    return out;
  }
  std::optional<Hit> hit(const std::string& db, const std::string& id) {
    auto searcher = Searcher::open(dir_.sub(db));
    SearchOptions options;
    options.limit = 50;
    auto results = searcher->search("source:scraped", options);  // every page
    if (!results) return std::nullopt;
    for (const Hit& h : results->hits) {
      if (h.id == id) return h;
    }
    return std::nullopt;
  }
  testing::TempDir dir_;
};

// Words that occur only in the pages' comments, bios, menus, share bars,
// related-post lists, notices and site names.
// (CJK words quoted: unquoted, a CJK word also matches its characters.)
const char* const kPageOnlyWords[] = {
    "moviebuff_quinn", "typewriters", "Cornwall",   "quillfeather_ada", "zeppelin",
    "cookies",         "Lantern",     "\"燈塔\"",   "\"路過的貓\"",     "\"灯塔\"",
    "\"纸飞机少年\"",  "\"灯台守\"",  "\"はてブ\"", "\"등대지기\"",     "\"카카오톡\"",
    "Twitter",         "Reviews"};

TEST_F(ScrapedPages, OnlyTheReviewsAreSearchable) {
  const IndexReport report = build("db", false);
  EXPECT_EQ(report.added, 6U);
  EXPECT_EQ(report.boilerplate.size(), 6U) << "every page has something around its review";
  EXPECT_GT(report.boilerplate_bytes, 0U);
  for (const char* word : kPageOnlyWords) EXPECT_TRUE(ids("db", word).empty()) << word;
  // The reviews themselves are.
  EXPECT_EQ(ids("db", "moustache"), std::vector<std::string>{page_id("en-blog.txt")});
  EXPECT_EQ(ids("db", "\"寂寞\""), std::vector<std::string>{page_id("zh-hant-douban.txt")});
}

TEST_F(ScrapedPages, KeepBoilerplateIndexesEverything) {
  const IndexReport report = build("all", true);
  EXPECT_EQ(report.boilerplate_bytes, 0U);
  EXPECT_FALSE(ids("all", "moviebuff_quinn").empty());
  EXPECT_FALSE(ids("all", "\"등대지기\"").empty());
}

TEST_F(ScrapedPages, WhatThePagesStateIsInTheFields) {
  build("db", false);
  // A Simplified query finds the Traditional credit (导演 斯派克·琼斯 on the
  // Simplified page shares characters with it, and comes second).
  const auto director = ids("db", "director:史派克琼斯");
  ASSERT_FALSE(director.empty());
  EXPECT_EQ(director.front(), page_id("zh-hant-douban.txt"));
  EXPECT_EQ(ids("db", "director:jonze"), std::vector<std::string>{page_id("en-blog.txt")});
  EXPECT_EQ(ids("db", "cast:johansson").size(), 1U);
  const auto douban = hit("db", page_id("zh-hant-douban.txt"));
  ASSERT_TRUE(douban.has_value());
  EXPECT_EQ(douban->title, "寫給自己的情書");
  EXPECT_EQ(douban->date, "2014-09-02T21:14:03");
  EXPECT_EQ(douban->rating, 9.0);
  EXPECT_EQ(douban->lang, "zh-Hant");
  ASSERT_TRUE(douban->lang_confidence.has_value());
  EXPECT_GT(*douban->lang_confidence, 0.9);

  const auto blog = hit("db", page_id("en-blog.txt"));
  ASSERT_TRUE(blog.has_value());
  EXPECT_EQ(blog->title, "Her (2013): the letter writer and the voice");
  EXPECT_EQ(blog->author, "Priya Ramaswamy");
  EXPECT_EQ(blog->date, "2014-01-19");
  EXPECT_EQ(blog->rating, 9.0);

  const auto html = hit("db", page_id("en-blog.html"));
  ASSERT_TRUE(html.has_value());
  EXPECT_EQ(html->title, "Her");
  EXPECT_EQ(html->author, "Odile Farrant");
  EXPECT_EQ(html->date, "2014-02-02T10:30:00");
  EXPECT_EQ(html->rating, 8.0);

  const auto hans = hit("db", page_id("zh-hans-blog.html"));
  ASSERT_TRUE(hans.has_value());
  EXPECT_EQ(hans->title, "她");
  EXPECT_EQ(hans->date, "2014-03-02");
  EXPECT_EQ(hans->rating, 8.5);
  EXPECT_EQ(hans->lang, "zh-Hans");

  const auto ko = hit("db", page_id("ko-blog.html"));
  ASSERT_TRUE(ko.has_value());
  EXPECT_EQ(ko->title, "그녀 (Her) 리뷰");
  EXPECT_EQ(ko->rating, 9.0);
  const auto ja = hit("db", page_id("ja-blog.txt"));
  ASSERT_TRUE(ja.has_value());
  EXPECT_EQ(ja->date, "2014-07-05");
  EXPECT_EQ(ja->rating, 8.0);

  EXPECT_EQ(ids("db", "rating:9..10").size(), 3U);
  const auto stats = database_stats(dir_.sub("db"));
  ASSERT_TRUE(stats.has_value());
  EXPECT_FALSE(stats->extractor.empty());
  EXPECT_EQ(stats->boilerplate_documents, 6U);
}

// Databases built by other extraction rules are re-extracted: the second
// run over the same files finds them unchanged only when the rules are the
// same (the version is in the content hash; here: the same rules).
TEST_F(ScrapedPages, SameRulesSameFilesUnchanged) {
  build("db", false);
  const IndexReport again = build("db", false);
  EXPECT_EQ(again.unchanged, 6U);
  EXPECT_EQ(again.boilerplate_bytes, 0U) << "nothing was written this time";
}

// A database whose documents were extracted by other rules (their content
// hashes differ, and its metadata names another extractor, as a page-1 or
// pre-extractor database does) is re-extracted by the next run, which then
// records the current extractor.
TEST_F(ScrapedPages, OtherRulesDatabaseIsReExtracted) {
  build("db", false);
  {
    Xapian::WritableDatabase db(dir_.sub("db"));
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
      Xapian::Document doc = db.get_document(*d);
      doc.add_value(detail::kSlotContentHash, "hash-by-other-rules");
      db.replace_document(*d, doc);
    }
    db.set_metadata(detail::kExtractorKey, "page-0");
    db.commit();
  }
  auto before = database_stats(dir_.sub("db"));
  ASSERT_TRUE(before.has_value());
  EXPECT_EQ(before->extractor, "page-0");
  const IndexReport again = build("db", false);
  EXPECT_EQ(again.updated, 6U);
  EXPECT_EQ(again.unchanged, 0U);
  EXPECT_EQ(again.boilerplate.size(), 6U);
  auto after = database_stats(dir_.sub("db"));
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->extractor, detail::kExtractorVersion);
}

}  // namespace
}  // namespace herdex
