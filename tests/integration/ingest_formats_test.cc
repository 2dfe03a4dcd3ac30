// Every input format indexed together into a real database, then searched:
// a folder holding a text review, an HTML page and JSON Lines files (plain
// and gzip); trailing comment forms kept out of the index unless asked for;
// JSON Lines hits pointing into the record's text; mapped fields stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <xapian.h>
#include <zlib.h>
#include <filesystem>

#include <algorithm>
#include <cctype>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "herdex/herdex.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Fields = std::vector<std::pair<std::string, std::string>>;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The text field of record j1, as the JSON value holds it: escaped
// characters, multi-byte characters and an HTML line break all come before
// the matches, so offsets into the raw line (or into a text whose <br /> had
// been shortened) would miss them.
const std::string kJ1Text =
    "她说：\"Listen.\"\tThe score<br />is carried by a Xylophone and strings \xE2\x80\x94 "
    "lovely.\n\n"
    "Much later the xylophone returns, softer, under the last scene.";
// The same text as stored: the line break flattened, same length.
const std::string kJ1Stored =
    "她说：\"Listen.\"\tThe score\n     is carried by a Xylophone and strings \xE2\x80\x94 "
    "lovely.\n\n"
    "Much later the xylophone returns, softer, under the last scene.";

// A review long enough that the comment form after it is in its second half.
const std::string kBlogReview =
    "title: A night at the lighthouse\n"
    "\n"
    "The lighthouse keeper in this film never speaks, and the sea does all the talking.\n"
    "Every shot is patient; the waves are the score.\n"
    "\n"
    "By the end I wanted to stay on that rock for another hour.\n";
const std::string kCommentForm =
    "\n"
    "Leave a Reply\n"
    "\n"
    "You are commenting using your WordPress.com account.\n";

void write_gzip(const std::string& path, const std::string& content) {
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr) << path;
  ASSERT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
}

class IngestFormats : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    docs_ = dir_->sub("docs");
    dir_->write("docs/review.txt",
                "title: Breakfast scenes\nauthor: Ines\nrating: 7\n\n"
                "The breakfast scenes are the best thing here: toast, marmalade and silence.\n");
    dir_->write("docs/blog.txt", kBlogReview + kCommentForm);
    dir_->write("docs/page.html",
                "<!DOCTYPE html><html><head><title>Html Page</title>"
                "<script>var ignored = 'trombone';</script></head><body>"
                "<h1>Venice, again</h1><p>The gondolier&rsquo;s song opens the film.</p>"
                "<p>Second&nbsp;paragraph.<br>Last line.</p></body></html>\n");
    const nlohmann::json j1 = {{"_id", "j1"},     {"title", "Strings and bells"},
                               {"text", kJ1Text}, {"author", "Kenji"},
                               {"rating", 9},     {"movie", "Arrival"}};
    const nlohmann::json j2 = {{"_id", "j2"},
                               {"text", "A harmonica carries the whole soundtrack."}};
    dir_->write("docs/records.jsonl", j1.dump() + "\n\n" + j2.dump() + "\n");
    const nlohmann::json g1 = {
        {"_id", "g1"}, {"title", "Packed"}, {"text", "A kaleidoscope of colour."}};
    write_gzip(dir_->sub("docs/more.jsonl.gz"), g1.dump() + "\n");

    ingest_.extra_fields = {"movie"};
    db_ = dir_->sub("db");
    kept_db_ = dir_->sub("db-kept");
    IndexOptions keep;
    keep.keep_boilerplate = true;
    for (const auto& [path, options] :
         {std::pair{db_, IndexOptions{}}, std::pair{kept_db_, keep}}) {
      auto writer = IndexWriter::open(path, options);
      ASSERT_TRUE(writer) << writer.error().describe();
      auto report = writer->add_paths({docs_}, ingest_);
      ASSERT_TRUE(report) << report.error().describe();
      EXPECT_EQ(report->added, 6U);
      EXPECT_EQ(report->errors, 0U);
      EXPECT_EQ(report->skipped, 0U);
      EXPECT_THAT(report->problems, IsEmpty());
      ASSERT_TRUE(writer->commit());
    }
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static SearchResults search(const std::string& db, const std::string& query) {
    auto searcher = Searcher::open(db);
    EXPECT_TRUE(searcher) << searcher.error().describe();
    if (!searcher) return {};
    SearchOptions options;
    options.passages_per_document = 3;
    auto results = searcher->search(query, options);
    EXPECT_TRUE(results) << results.error().describe();
    return results ? *results : SearchResults{};
  }

  static std::vector<std::string> ids(const SearchResults& results) {
    std::vector<std::string> out;
    // A file's id is its canonical path; relative to docs/ it is short.
    for (const Hit& h : results.hits) out.push_back(relative(h.id));
    return out;
  }
  static std::string relative(const std::string& id) {
    const std::string root = std::filesystem::canonical(docs_).generic_string() + "/";
    return id.rfind(root, 0) == 0 ? id.substr(root.size()) : id;
  }
  static std::string canonical(const std::string& name) {
    return std::filesystem::canonical(docs_ + "/" + name).generic_string();
  }

  static testing::TempDir* dir_;
  static std::string docs_;
  static std::string db_;
  static std::string kept_db_;
  static IngestOptions ingest_;
};

testing::TempDir* IngestFormats::dir_ = nullptr;
std::string IngestFormats::docs_;
std::string IngestFormats::db_;
std::string IngestFormats::kept_db_;
IngestOptions IngestFormats::ingest_;

struct UniqueWord {
  const char* query;
  const char* id;
  const char* file;  // in docs/
  const char* title;
};

void PrintTo(const UniqueWord& w, std::ostream* os) { *os << w.query << " -> " << w.id; }

class IngestFormatsUniqueWord : public IngestFormats,
                                public ::testing::WithParamInterface<UniqueWord> {};

TEST_P(IngestFormatsUniqueWord, FindsTheOnlyDocumentWithTheWord) {
  const UniqueWord& w = GetParam();
  for (const std::string& db : {db_, kept_db_}) {
    SCOPED_TRACE(db);
    const SearchResults results = search(db, w.query);
    ASSERT_THAT(ids(results), ElementsAre(w.id));
    EXPECT_EQ(results.total, 1U);
    const Hit& hit = results.hits.front();
    EXPECT_EQ(hit.source, docs_ + "/" + w.file);
    EXPECT_EQ(hit.title, w.title);
    ASSERT_FALSE(hit.passages.empty());
    EXPECT_FALSE(hit.passages.front().matches.empty());
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllFormats, IngestFormatsUniqueWord,
    ::testing::Values(UniqueWord{"marmalade", "review.txt", "review.txt", "Breakfast scenes"},
                      UniqueWord{"gondolier", "page.html", "page.html", "Html Page"},
                      UniqueWord{"xylophone", "j1", "records.jsonl", "Strings and bells"},
                      UniqueWord{"harmonica", "j2", "records.jsonl", ""},
                      UniqueWord{"kaleidoscope", "g1", "more.jsonl.gz", "Packed"},
                      UniqueWord{"lighthouse", "blog.txt", "blog.txt",
                                 "A night at the lighthouse"}),
    [](const ::testing::TestParamInfo<UniqueWord>& param_info) {
      return std::string(param_info.param.query);
    });

TEST_F(IngestFormats, HtmlScriptIsNotIndexed) {
  EXPECT_THAT(ids(search(db_, "trombone")), IsEmpty());
}

TEST_F(IngestFormats, HtmlSnippetIsDecodedText) {
  const SearchResults results = search(db_, "gondolier");
  ASSERT_EQ(results.hits.size(), 1U);
  const Passage& p = results.hits.front().passages.front();
  EXPECT_NE(p.snippet.find("gondolier\u2019s song"), std::string::npos) << p.snippet;
  EXPECT_EQ(p.snippet.find('<'), std::string::npos) << p.snippet;
  EXPECT_EQ(p.snippet.find('&'), std::string::npos) << p.snippet;
}

TEST_F(IngestFormats, CommentFormIsNotIndexedByDefault) {
  for (const char* word : {"commenting", "account", "reply"}) {
    SCOPED_TRACE(word);
    const SearchResults results = search(db_, word);
    EXPECT_THAT(ids(results), IsEmpty());
    EXPECT_EQ(results.total, 0U);
  }
  // The review itself is indexed, and its passages stop before the form.
  const SearchResults results = search(db_, "lighthouse");
  ASSERT_EQ(results.hits.size(), 1U);
  const std::size_t form_begin = kBlogReview.size();
  for (const Passage& p : results.hits.front().passages) {
    EXPECT_LE(p.byte_end, form_begin);
    EXPECT_LE(p.snippet_range.byte_end, form_begin);
  }
}

TEST_F(IngestFormats, CommentFormIsIndexedWhenKept) {
  for (const char* word : {"commenting", "account", "reply"}) {
    SCOPED_TRACE(word);
    EXPECT_THAT(ids(search(kept_db_, word)), ElementsAre("blog.txt"));
  }
  const SearchResults results = search(kept_db_, "commenting");
  ASSERT_EQ(results.hits.size(), 1U);
  const Passage& p = results.hits.front().passages.front();
  ASSERT_EQ(p.matches.size(), 1U);
  const std::string file = kBlogReview + kCommentForm;
  EXPECT_EQ(file.substr(p.matches[0].byte_begin, p.matches[0].byte_end - p.matches[0].byte_begin),
            "commenting");
}

TEST_F(IngestFormats, JsonlHitRangesSliceTheRecordText) {
  ASSERT_EQ(kJ1Text.size(), kJ1Stored.size());
  const SearchResults results = search(db_, "xylophone");
  ASSERT_EQ(results.hits.size(), 1U);
  const Hit& hit = results.hits.front();
  EXPECT_EQ(hit.author, "Kenji");
  ASSERT_TRUE(hit.rating.has_value());
  EXPECT_EQ(*hit.rating, 9.0);
  ASSERT_FALSE(hit.passages.empty());
  std::size_t matches = 0;
  for (const Passage& p : hit.passages) {
    SCOPED_TRACE(p.ordinal);
    ASSERT_LE(p.byte_begin, p.byte_end);
    ASSERT_LE(p.byte_end, kJ1Text.size());
    ASSERT_LE(p.snippet_range.byte_end, kJ1Text.size());
    EXPECT_GE(p.snippet_range.byte_begin, p.byte_begin);
    EXPECT_LE(p.snippet_range.byte_end, p.byte_end);
    EXPECT_EQ(kJ1Stored.substr(p.snippet_range.byte_begin,
                               p.snippet_range.byte_end - p.snippet_range.byte_begin),
              p.snippet);
    for (const ByteRange& m : p.matches) {
      EXPECT_GE(m.byte_begin, p.snippet_range.byte_begin);
      EXPECT_LE(m.byte_end, p.snippet_range.byte_end);
      EXPECT_EQ(lower(kJ1Text.substr(m.byte_begin, m.byte_end - m.byte_begin)), "xylophone");
      ++matches;
    }
  }
  // Both mentions ("Xylophone", "xylophone") are highlighted somewhere.
  EXPECT_GE(matches, 2U);
}

TEST_F(IngestFormats, JsonlMappedFieldIsStored) {
  auto db = detail::open_readable(db_);
  ASSERT_TRUE(db) << db.error().describe();
  const auto record_of = [&](const std::string& id) -> detail::StoredDocument {
    const std::string term = detail::id_term(id);
    Xapian::PostingIterator it = db->postlist_begin(term);
    EXPECT_NE(it, db->postlist_end(term)) << id;
    if (it == db->postlist_end(term)) return {};
    auto rec = detail::decode_record(db->get_document(*it).get_data());
    EXPECT_TRUE(rec) << id;
    return rec ? *rec : detail::StoredDocument{};
  };
  const detail::StoredDocument j1 = record_of("j1");
  EXPECT_EQ(j1.fields, (Fields{{"movie", "Arrival"}}));
  EXPECT_EQ(j1.text, kJ1Stored);
  EXPECT_EQ(j1.source, canonical("records.jsonl"));
  EXPECT_THAT(record_of("j2").fields, IsEmpty());  // no "movie" in that record
  EXPECT_THAT(record_of(canonical("review.txt")).fields, IsEmpty());

  // Searchable under the field's prefix, for j1 alone.
  const std::string term = detail::field_prefix("movie") + "arrival";
  ASSERT_TRUE(db->term_exists(term)) << term;
  EXPECT_EQ(db->get_termfreq(term), 1U);
  EXPECT_EQ(*db->postlist_begin(term), *db->postlist_begin(detail::id_term("j1")));
}

}  // namespace
}  // namespace herdex
