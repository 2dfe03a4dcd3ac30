// The C API (herdex_c.h) as a C program uses it: handles, status codes and
// error objects, iteration over hits, passages and match ranges.
#include "herdex/herdex_c.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace herdex {
namespace {

struct Review {
  const char* id;
  const char* lang;
  const char* text;
};

const Review kReviews[] = {
    {"en/voice", "en",
     "Samantha laughs, and the operating system sounds more alive than anyone Theodore knows."},
    {"zh-hant/lonely", "zh-Hant",
     "這部電影講的是孤獨。西奧多每天替別人寫信，回家後只和作業系統說話。"},
    {"ja/letters", "ja", "セオドアは他人のために手紙を書く。孤独な男とOSの恋の物語だ。"},
};

std::string text_of(const std::string& id) {
  for (const Review& r : kReviews) {
    if (id == r.id) return r.text;
  }
  return "";
}

// Frees an error at the end of a scope; a test failure then leaks nothing.
struct ErrorHolder {
  ~ErrorHolder() { herdex_error_free(error); }
  herdex_error* error = nullptr;
};

class CApi : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.sub("db");
    herdex_writer* writer = nullptr;
    ErrorHolder e;
    ASSERT_EQ(herdex_writer_open(db_.c_str(), nullptr, &writer, &e.error), HERDEX_OK)
        << herdex_error_message(e.error);
    herdex_document* doc = herdex_document_new();
    ASSERT_NE(doc, nullptr);
    double rating = 7.0;
    std::size_t line = 0;
    for (const Review& r : kReviews) {
      herdex_document_clear(doc);
      ASSERT_EQ(herdex_document_set(doc, "id", r.id, HERDEX_NUL_TERMINATED, &e.error), HERDEX_OK);
      ASSERT_EQ(herdex_document_set(doc, "lang", r.lang, HERDEX_NUL_TERMINATED, &e.error),
                HERDEX_OK);
      ASSERT_EQ(herdex_document_set(doc, "text", r.text, std::string(r.text).size(), &e.error),
                HERDEX_OK);
      if (std::string(r.lang) != "en") herdex_document_set_rating(doc, rating++);
      // As if each review were a line of one JSON Lines file.
      herdex_document_set_source_line(doc, ++line);
      herdex_write_outcome outcome = HERDEX_UNCHANGED;
      ASSERT_EQ(herdex_writer_add(writer, doc, &outcome, &e.error), HERDEX_OK)
          << herdex_error_message(e.error);
      EXPECT_EQ(outcome, HERDEX_ADDED);
    }
    herdex_document_free(doc);
    ASSERT_EQ(herdex_writer_commit(writer, &e.error), HERDEX_OK);
    herdex_writer_free(writer);
    ASSERT_EQ(herdex_searcher_open(db_.c_str(), &searcher_, &e.error), HERDEX_OK)
        << herdex_error_message(e.error);
  }
  void TearDown() override { herdex_searcher_free(searcher_); }

  // Runs a search that must succeed; the caller frees the results.
  herdex_results* search(const char* query, const herdex_search_options* options = nullptr) {
    herdex_results* results = nullptr;
    ErrorHolder e;
    EXPECT_EQ(herdex_searcher_search(searcher_, query, options, &results, &e.error), HERDEX_OK)
        << herdex_error_message(e.error);
    return results;
  }

  testing::TempDir dir_;
  std::string db_;
  herdex_searcher* searcher_ = nullptr;
};

TEST_F(CApi, FindsTraditionalAndSimplifiedAndReportsMatchBytes) {
  herdex_results* results = search("孤独");
  ASSERT_NE(results, nullptr);
  ASSERT_EQ(herdex_results_hit_count(results), 2U);
  EXPECT_EQ(herdex_results_hit(results, 2), nullptr);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < herdex_results_hit_count(results); ++i) {
    const herdex_hit* hit = herdex_results_hit(results, i);
    EXPECT_EQ(herdex_hit_rank(hit), i + 1);
    std::size_t id_length = 0;
    const std::string id = herdex_hit_id(hit, &id_length);
    EXPECT_EQ(id_length, id.size());
    ids.push_back(id);
    const std::string text = text_of(id);
    ASSERT_GE(herdex_hit_passage_count(hit), 1U);
    const herdex_passage* passage = herdex_hit_passage(hit, 0);
    std::size_t snippet_length = 0;
    const char* snippet = herdex_passage_snippet(passage, &snippet_length);
    std::size_t snippet_begin = 0;
    std::size_t snippet_end = 0;
    herdex_passage_snippet_range(passage, &snippet_begin, &snippet_end);
    EXPECT_EQ(std::string(snippet, snippet_length),
              text.substr(snippet_begin, snippet_end - snippet_begin));
    ASSERT_GE(herdex_passage_match_count(passage), 1U);
    std::size_t begin = 0;
    std::size_t end = 0;
    ASSERT_EQ(herdex_passage_match(passage, 0, &begin, &end), HERDEX_OK);
    EXPECT_GE(begin, snippet_begin);
    EXPECT_LE(end, snippet_end);
    const std::string matched = text.substr(begin, end - begin);
    EXPECT_TRUE(matched == "孤獨" || matched == "孤独") << matched;
    EXPECT_EQ(herdex_passage_match(passage, herdex_passage_match_count(passage), &begin, &end),
              HERDEX_ERR_INVALID_ARGUMENT);
    double rating = 0;
    EXPECT_EQ(herdex_hit_rating(hit, &rating), 1);
    EXPECT_GE(rating, 7.0);
    EXPECT_EQ(herdex_hit_source_line(hit), id == "zh-hant/lonely" ? 2U : 3U);
  }
  EXPECT_NE(std::find(ids.begin(), ids.end(), "zh-hant/lonely"), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), "ja/letters"), ids.end());
  herdex_results_free(results);
}

TEST_F(CApi, PagesWithOffsetAndLimit) {
  herdex_search_options* options = herdex_search_options_new();
  ASSERT_NE(options, nullptr);
  herdex_results* all = search("孤独 OR samantha", options);
  ASSERT_NE(all, nullptr);
  ASSERT_EQ(herdex_results_hit_count(all), 3U);
  herdex_search_options_set_offset(options, 1);
  herdex_search_options_set_limit(options, 1);
  herdex_results* page = search("孤独 OR samantha", options);
  ASSERT_NE(page, nullptr);
  ASSERT_EQ(herdex_results_hit_count(page), 1U);
  const herdex_hit* second = herdex_results_hit(page, 0);
  EXPECT_EQ(herdex_hit_rank(second), 2U);
  EXPECT_STREQ(herdex_hit_id(second, nullptr), herdex_hit_id(herdex_results_hit(all, 1), nullptr));
  EXPECT_EQ(herdex_results_total(page), 3U);
  EXPECT_EQ(herdex_results_total_min(page), 3U);
  EXPECT_EQ(herdex_results_total_max(page), 3U);
  herdex_results_free(page);
  herdex_results_free(all);
  herdex_search_options_free(options);
}

TEST_F(CApi, SnippetBytesBoundTheSnippet) {
  herdex_search_options* options = herdex_search_options_new();
  herdex_search_options_set_snippet_bytes(options, 30);
  herdex_results* results = search("theodore", options);
  ASSERT_NE(results, nullptr);
  ASSERT_EQ(herdex_results_hit_count(results), 1U);
  const herdex_passage* passage = herdex_hit_passage(herdex_results_hit(results, 0), 0);
  std::size_t length = 0;
  herdex_passage_snippet(passage, &length);
  EXPECT_LE(length, 30U);
  EXPECT_LT(length, std::string(kReviews[0].text).size());
  int before = -1;
  int after = -1;
  herdex_passage_snippet_cut(passage, &before, &after);
  EXPECT_EQ(before, 1) << "the match is at the end of the text";
  herdex_results_free(results);
  herdex_search_options_free(options);
}

TEST_F(CApi, FacetsCountAllMatches) {
  herdex_search_options* options = herdex_search_options_new();
  ErrorHolder e;
  ASSERT_EQ(herdex_search_options_add_facet(options, "lang", &e.error), HERDEX_OK);
  herdex_results* results = search("孤独 OR samantha", options);
  ASSERT_NE(results, nullptr);
  ASSERT_EQ(herdex_results_facet_count(results), 1U);
  EXPECT_STREQ(herdex_results_facet_name(results, 0), "lang");
  EXPECT_EQ(herdex_results_facet_value_count(results, 0), 3U);
  std::size_t total = 0;
  for (std::size_t i = 0; i < herdex_results_facet_value_count(results, 0); ++i) {
    std::size_t count = 0;
    ASSERT_NE(herdex_results_facet_value(results, 0, i, &count), nullptr);
    total += count;
  }
  EXPECT_EQ(total, 3U);
  EXPECT_EQ(herdex_results_facet_value(results, 0, 3, nullptr), nullptr);
  herdex_results_free(results);

  ASSERT_EQ(herdex_search_options_add_facet(options, "colour", &e.error), HERDEX_OK);
  herdex_results* none = nullptr;
  EXPECT_EQ(herdex_searcher_search(searcher_, "samantha", options, &none, &e.error),
            HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(none, nullptr);
  EXPECT_NE(std::string(herdex_error_message(e.error)).find("colour"), std::string::npos);
  herdex_search_options_free(options);
}

TEST_F(CApi, QuerySyntaxErrorCarriesTheColumn) {
  herdex_results* results = nullptr;
  ErrorHolder e;
  EXPECT_EQ(herdex_searcher_search(searcher_, "rating:x..y", nullptr, &results, &e.error),
            HERDEX_ERR_QUERY_SYNTAX);
  EXPECT_EQ(results, nullptr);
  EXPECT_EQ(herdex_error_code(e.error), HERDEX_ERR_QUERY_SYNTAX);
  EXPECT_EQ(herdex_error_column(e.error), 8U);
  EXPECT_EQ(std::string(herdex_error_message(e.error)).rfind("column 8: ", 0), 0U)
      << herdex_error_message(e.error);
}

TEST_F(CApi, MissingDatabaseIsNotFoundWithItsPath) {
  herdex_searcher* searcher = nullptr;
  ErrorHolder e;
  const std::string missing = dir_.sub("missing");
  EXPECT_EQ(herdex_searcher_open(missing.c_str(), &searcher, &e.error), HERDEX_ERR_NOT_FOUND);
  EXPECT_EQ(searcher, nullptr);
  EXPECT_EQ(std::string(herdex_error_path(e.error)), missing);
  EXPECT_STREQ(herdex_status_name(herdex_error_code(e.error)), "not_found");
}

TEST_F(CApi, SecondWriterIsLocked) {
  herdex_writer* first = nullptr;
  herdex_writer* second = nullptr;
  ErrorHolder e;
  ASSERT_EQ(herdex_writer_open(db_.c_str(), nullptr, &first, &e.error), HERDEX_OK);
  EXPECT_EQ(herdex_writer_open(db_.c_str(), nullptr, &second, &e.error), HERDEX_ERR_LOCKED);
  EXPECT_EQ(second, nullptr);
  herdex_writer_free(first);
}

TEST_F(CApi, WriterReportsOutcomesAndRemovals) {
  herdex_writer* writer = nullptr;
  ErrorHolder e;
  ASSERT_EQ(herdex_writer_open(db_.c_str(), nullptr, &writer, &e.error), HERDEX_OK);
  herdex_document* doc = herdex_document_new();
  ASSERT_EQ(herdex_document_set(doc, "id", "en/voice", HERDEX_NUL_TERMINATED, &e.error), HERDEX_OK);
  ASSERT_EQ(herdex_document_set(doc, "lang", "en", HERDEX_NUL_TERMINATED, &e.error), HERDEX_OK);
  ASSERT_EQ(herdex_document_set(doc, "text", kReviews[0].text, HERDEX_NUL_TERMINATED, &e.error),
            HERDEX_OK);
  herdex_write_outcome outcome = HERDEX_ADDED;
  ASSERT_EQ(herdex_writer_add(writer, doc, &outcome, &e.error), HERDEX_OK);
  EXPECT_EQ(outcome, HERDEX_UNCHANGED);
  // A length cuts the value: only "Samantha laughs" is left.
  ASSERT_EQ(herdex_document_set(doc, "text", kReviews[0].text, 15, &e.error), HERDEX_OK);
  ASSERT_EQ(herdex_document_set(doc, "mood", "wistful", HERDEX_NUL_TERMINATED, &e.error),
            HERDEX_OK);
  ASSERT_EQ(herdex_writer_add(writer, doc, &outcome, &e.error), HERDEX_OK);
  EXPECT_EQ(outcome, HERDEX_UPDATED);
  int existed = -1;
  ASSERT_EQ(herdex_writer_remove(writer, "ja/letters", &existed, &e.error), HERDEX_OK);
  EXPECT_EQ(existed, 1);
  ASSERT_EQ(herdex_writer_remove(writer, "ja/letters", &existed, &e.error), HERDEX_OK);
  EXPECT_EQ(existed, 0);
  ASSERT_EQ(herdex_writer_commit(writer, &e.error), HERDEX_OK);
  herdex_document_free(doc);
  herdex_writer_free(writer);

  ASSERT_EQ(herdex_searcher_reopen(searcher_, &e.error), HERDEX_OK);
  herdex_results* theodore = search("theodore");
  ASSERT_NE(theodore, nullptr);
  EXPECT_EQ(herdex_results_hit_count(theodore), 0U) << "the text was cut before 'Theodore'";
  herdex_results_free(theodore);
  herdex_results* mood = search("mood:wistful");
  ASSERT_NE(mood, nullptr);
  ASSERT_EQ(herdex_results_hit_count(mood), 1U);
  EXPECT_STREQ(herdex_hit_id(herdex_results_hit(mood, 0), nullptr), "en/voice");
  double rating = 0;
  EXPECT_EQ(herdex_hit_rating(herdex_results_hit(mood, 0), &rating), 0) << "no rating given";
  herdex_results_free(mood);
  herdex_results* removed = search("孤独");
  ASSERT_NE(removed, nullptr);
  EXPECT_EQ(herdex_results_hit_count(removed), 1U);
  herdex_results_free(removed);
}

TEST(CApiArguments, BadArgumentsAreErrorsNotCrashes) {
  ErrorHolder e;
  herdex_document* doc = herdex_document_new();
  EXPECT_EQ(herdex_document_set(doc, "Title", "x", HERDEX_NUL_TERMINATED, &e.error),
            HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_STRNE(herdex_error_message(e.error), "");
  herdex_error_free(e.error);
  e.error = nullptr;
  EXPECT_EQ(herdex_document_set(doc, "rating", "8", HERDEX_NUL_TERMINATED, nullptr),
            HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(herdex_document_set(doc, "", "x", HERDEX_NUL_TERMINATED, nullptr),
            HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(herdex_document_set(doc, "title", nullptr, 3, nullptr), HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(herdex_document_set(doc, "title", nullptr, 0, nullptr), HERDEX_OK);
  EXPECT_EQ(herdex_document_set(nullptr, "title", "x", 1, nullptr), HERDEX_ERR_INVALID_ARGUMENT);

  // A document without an id is refused by the writer.
  testing::TempDir dir;
  herdex_writer* writer = nullptr;
  ASSERT_EQ(herdex_writer_open(dir.sub("db").c_str(), nullptr, &writer, nullptr), HERDEX_OK);
  EXPECT_EQ(herdex_writer_add(writer, doc, nullptr, &e.error), HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(herdex_error_message(e.error)).find("id"), std::string::npos);
  EXPECT_EQ(herdex_writer_add(nullptr, doc, nullptr, nullptr), HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(herdex_writer_commit(nullptr, nullptr), HERDEX_ERR_INVALID_ARGUMENT);
  herdex_writer_free(writer);
  herdex_document_free(doc);

  herdex_searcher* searcher = nullptr;
  EXPECT_EQ(herdex_searcher_open(nullptr, &searcher, nullptr), HERDEX_ERR_INVALID_ARGUMENT);
  herdex_results* results = nullptr;
  EXPECT_EQ(herdex_searcher_search(nullptr, "x", nullptr, &results, nullptr),
            HERDEX_ERR_INVALID_ARGUMENT);

  // Accessors and frees accept NULL.
  EXPECT_EQ(herdex_error_code(nullptr), HERDEX_OK);
  EXPECT_STREQ(herdex_error_message(nullptr), "");
  EXPECT_EQ(herdex_results_hit_count(nullptr), 0U);
  EXPECT_EQ(herdex_results_hit(nullptr, 0), nullptr);
  EXPECT_STREQ(herdex_hit_id(nullptr, nullptr), "");
  herdex_results_free(nullptr);
  herdex_searcher_free(nullptr);
  herdex_writer_free(nullptr);
  herdex_error_free(nullptr);
}

TEST(CApiArguments, UnknownStemmerFailsAtOpen) {
  testing::TempDir dir;
  herdex_index_options* options = herdex_index_options_new();
  ErrorHolder e;
  ASSERT_EQ(herdex_index_options_set_stemmer(options, "klingon", &e.error), HERDEX_OK);
  herdex_writer* writer = nullptr;
  EXPECT_EQ(herdex_writer_open(dir.sub("db").c_str(), options, &writer, &e.error),
            HERDEX_ERR_INVALID_ARGUMENT);
  EXPECT_NE(std::string(herdex_error_message(e.error)).find("klingon"), std::string::npos);
  EXPECT_EQ(writer, nullptr);
  herdex_index_options_free(options);
}

TEST(CApiVersion, NamesAndVersionAreStable) {
  EXPECT_STREQ(herdex_version(), HERDEX_VERSION_STRING);
  EXPECT_EQ(HERDEX_VERSION_NUMBER,
            HERDEX_VERSION_MAJOR * 10000 + HERDEX_VERSION_MINOR * 100 + HERDEX_VERSION_PATCH);
  EXPECT_STREQ(herdex_status_name(HERDEX_OK), "ok");
  EXPECT_STREQ(herdex_status_name(HERDEX_ERR_LOCKED), "locked");
  EXPECT_STREQ(herdex_status_name(HERDEX_ERR_IO), "io_error");
  EXPECT_STREQ(herdex_status_name(HERDEX_ERR_NO_MEMORY), "no_memory");
}

}  // namespace
}  // namespace herdex
