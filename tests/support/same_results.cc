#include "support/same_results.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

namespace herdex::testing {
namespace {

constexpr double kTolerance = 1e-9;

bool close(double a, double b) { return std::fabs(a - b) <= kTolerance; }

// Whether hits a and b hold the same place in the order `options` asks
// for, so that either may come first.
bool tie(const Hit& a, const Hit& b, const SearchOptions& options) {
  if (!close(a.score, b.score)) return false;
  if (options.all_passages) {
    return !a.passages.empty() && !b.passages.empty() &&
           close(a.passages.front().score, b.passages.front().score);
  }
  if (options.sort == SortOrder::date) return a.date == b.date;
  if (options.sort == SortOrder::rating) return a.rating == b.rating;
  return true;
}

void expect_same_passage(const Passage& e, const Passage& a, const std::string& where) {
  EXPECT_EQ(e.ordinal, a.ordinal) << where;
  EXPECT_EQ(e.byte_begin, a.byte_begin) << where;
  EXPECT_EQ(e.byte_end, a.byte_end) << where;
  EXPECT_NEAR(e.score, a.score, kTolerance) << where;
  EXPECT_EQ(e.snippet, a.snippet) << where;
  EXPECT_EQ(e.snippet_range.byte_begin, a.snippet_range.byte_begin) << where;
  EXPECT_EQ(e.snippet_range.byte_end, a.snippet_range.byte_end) << where;
  EXPECT_EQ(e.snippet_cut_before, a.snippet_cut_before) << where;
  EXPECT_EQ(e.snippet_cut_after, a.snippet_cut_after) << where;
  ASSERT_EQ(e.matches.size(), a.matches.size()) << where;
  for (std::size_t i = 0; i < e.matches.size(); ++i) {
    EXPECT_EQ(e.matches[i].byte_begin, a.matches[i].byte_begin) << where;
    EXPECT_EQ(e.matches[i].byte_end, a.matches[i].byte_end) << where;
  }
}

void expect_same_hit(const Hit& e, const Hit& a, const std::string& where) {
  EXPECT_EQ(e.id, a.id) << where;
  EXPECT_NEAR(e.score, a.score, kTolerance) << where;
  EXPECT_EQ(e.title, a.title) << where;
  EXPECT_EQ(e.source, a.source) << where;
  EXPECT_EQ(e.author, a.author) << where;
  EXPECT_EQ(e.date, a.date) << where;
  EXPECT_EQ(e.lang, a.lang) << where;
  EXPECT_EQ(e.rating, a.rating) << where;
  ASSERT_EQ(e.passages.size(), a.passages.size()) << where;
  for (std::size_t i = 0; i < e.passages.size(); ++i) {
    expect_same_passage(e.passages[i], a.passages[i], where + " passage " + std::to_string(i));
  }
}

// Hits of a tie run in a canonical order: by id, then passage.
std::vector<Hit> canonical(std::vector<Hit> hits) {
  std::sort(hits.begin(), hits.end(), [](const Hit& x, const Hit& y) {
    if (x.id != y.id) return x.id < y.id;
    const auto ordinal = [](const Hit& h) {
      return h.passages.empty() ? 0U : h.passages.front().ordinal;
    };
    return ordinal(x) < ordinal(y);
  });
  return hits;
}

std::map<std::string, std::map<std::string, std::size_t>> facet_map(const SearchResults& r) {
  std::map<std::string, std::map<std::string, std::size_t>> out;
  for (const Facet& f : r.facets) {
    for (const FacetValue& v : f.values) out[f.name][v.value] = v.count;
  }
  return out;
}

struct Case {
  const char* query;
  SearchOptions options;
};

std::vector<Case> corpus_cases() {
  auto opts = [](auto&& set) {
    SearchOptions o;
    o.limit = 200;  // every match: no cut-off between tied hits
    set(o);
    return o;
  };
  const auto plain = [](SearchOptions&) {};
  return {
      {"loneliness", opts(plain)},
      {"lonely man city voice", opts(plain)},
      {"\"operating system\"", opts(plain)},
      {"samantha AND voice", opts(plain)},
      {"(voice OR city) -phoenix", opts(plain)},
      {"theodore NEAR/5 letters", opts(plain)},
      {"lonel*", opts(plain)},
      {"title:her", opts(plain)},
      {"lang:ja", opts(plain)},
      {"rating:7..10 voice", opts(plain)},
      {"孤独", opts(plain)},
      {"孤獨的人", opts(plain)},
      {"声", opts(plain)},
      {"외로움", opts(plain)},
      {"lonelyness", opts(plain)},  // finds nothing: a spelling suggestion
      {"voice", opts([](SearchOptions& o) {
         o.facets = {"lang", "author", "rating", "year"};
       })},
      {"love", opts([](SearchOptions& o) { o.sort = SortOrder::date; })},
      {"love", opts([](SearchOptions& o) { o.sort = SortOrder::rating; })},
      {"voice", opts([](SearchOptions& o) { o.all_passages = true; })},
      {"letters", opts([](SearchOptions& o) {
         o.passages_per_document = 3;
         o.snippet_bytes = 120;
       })},
      {"her voice", opts([](SearchOptions& o) { o.passage_weight = 0.5; })},
      {"her", opts([](SearchOptions& o) {
         o.offset = 5;
         o.limit = 7;
         o.bm25_k1 = 1.2;
         o.bm25_b = 0.75;
       })},
  };
}

}  // namespace

void expect_same_searches(const std::string& reference_db, const std::string& db,
                          const OpenOptions& open) {
  auto reference = Searcher::open(reference_db);
  ASSERT_TRUE(reference) << reference.error().describe();
  auto searcher = Searcher::open(db, open);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  for (const Case& c : corpus_cases()) {
    auto expected = reference->search(c.query, c.options);
    ASSERT_TRUE(expected) << c.query << ": " << expected.error().describe();
    auto actual = searcher->search(c.query, c.options);
    ASSERT_TRUE(actual) << c.query << ": " << actual.error().describe();
    if (c.query == std::string("lonelyness")) {
      EXPECT_EQ(expected->suggestion, "loneliness");
    } else {
      ASSERT_FALSE(expected->hits.empty()) << c.query << " should find something";
    }
    if (!c.options.facets.empty()) {
      EXPECT_EQ(expected->facets.size(), c.options.facets.size());
    }
    expect_same_results(*expected, *actual, c.options, c.query);
  }
}

void expect_same_results(const SearchResults& expected, const SearchResults& actual,
                         const SearchOptions& options, const std::string& label) {
  EXPECT_EQ(expected.total, actual.total) << label;
  EXPECT_EQ(expected.suggestion, actual.suggestion) << label;
  EXPECT_EQ(facet_map(expected), facet_map(actual)) << label;
  EXPECT_EQ(expected.partial, actual.partial) << label;
  ASSERT_EQ(expected.hits.size(), actual.hits.size()) << label;
  for (std::size_t begin = 0; begin < expected.hits.size();) {
    std::size_t end = begin + 1;
    while (end < expected.hits.size() && tie(expected.hits[end - 1], expected.hits[end], options))
      ++end;
    for (std::size_t i = begin; i < end; ++i) {
      ASSERT_NEAR(expected.hits[i].score, actual.hits[i].score, kTolerance)
          << label << ": rank " << i + 1 << " (" << expected.hits[i].id << " vs "
          << actual.hits[i].id << ")";
    }
    const auto run = [&](const SearchResults& r) {
      return canonical(std::vector<Hit>(r.hits.begin() + static_cast<std::ptrdiff_t>(begin),
                                        r.hits.begin() + static_cast<std::ptrdiff_t>(end)));
    };
    const std::vector<Hit> e = run(expected);
    const std::vector<Hit> a = run(actual);
    for (std::size_t i = 0; i < e.size(); ++i) {
      expect_same_hit(e[i], a[i],
                      label + ": ranks " + std::to_string(begin + 1) + "-" + std::to_string(end) +
                          ", " + e[i].id);
    }
    begin = end;
  }
}

}  // namespace herdex::testing
