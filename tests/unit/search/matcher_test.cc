// Tests for the match stage (lib/search/matcher.h): how deep it looks,
// when it re-ranks, and the one exact order of its best documents (ties
// by id, whatever order the documents were added in).
#include "search/matcher.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "store/record.h"
#include "store/schema.h"
#include "support/temp_dir.h"

namespace herdex::detail {
namespace {

TEST(Matcher, DepthIsThePageOrThePool) {
  struct Case {
    std::size_t offset, limit, rerank_depth;
    double passage_weight;
    bool all_passages;
    std::size_t depth;
    bool reranks;
  };
  const Case cases[] = {
      {0, 10, 30, 0.0, false, 10, false},               // the page
      {20, 10, 30, 0.0, false, 30, false},              // the page and those before it
      {0, 10, 30, 0.5, false, 30, true},                // the re-ranking pool
      {40, 10, 30, 0.5, false, 50, true},               // a page past the pool
      {0, 5, 30, 0.0, true, 30, false},                 // passages from the pool
      {0, 5, 30, 0.5, true, 30, false},                 // listing passages never re-ranks
      {SIZE_MAX, 10, 30, 0.0, false, SIZE_MAX, false},  // no overflow
  };
  for (const Case& c : cases) {
    SearchOptions options;
    options.offset = c.offset;
    options.limit = c.limit;
    options.rerank_depth = c.rerank_depth;
    options.passage_weight = c.passage_weight;
    options.all_passages = c.all_passages;
    EXPECT_EQ(match_depth(options), c.depth) << c.offset << " " << c.limit;
    EXPECT_EQ(reranks(options), c.reranks) << c.offset << " " << c.limit;
  }
  SearchOptions by_date;
  by_date.passage_weight = 0.5;
  by_date.sort = SortOrder::date;
  EXPECT_FALSE(reranks(by_date));  // a value order is not re-ranked by scores
}

TEST(Matcher, WeightKeyTreatsNearlyEqualScoresAsEqual) {
  EXPECT_EQ(weight_key(1.0), weight_key(1.0 + 1e-12));
  EXPECT_LT(weight_key(1.0), weight_key(1.0 + 1e-6));
}

TEST(Matcher, TiesAreOrderedById) {
  herdex::testing::TempDir dir;
  const std::string path = dir.path().string() + "/db";
  {
    auto writer = IndexWriter::open(path, IndexOptions{});
    ASSERT_TRUE(writer) << writer.error().describe();
    // Equal documents (equal scores), added out of id order, and one that
    // scores higher.
    for (const char* id : {"d", "b", "e", "a", "c"}) {
      Document d;
      d.id = id;
      d.text = "a cat sat on the mat";
      ASSERT_TRUE(writer->add(d));
    }
    Document best;
    best.id = "z";
    best.text = "cat cat cat";
    ASSERT_TRUE(writer->add(best));
    ASSERT_TRUE(writer->commit());
  }
  Xapian::Database db(path);
  BuiltQuery built;
  built.terms = {std::string(kStemPrefix) + "cat"};
  built.query = Xapian::Query(built.terms[0]);
  SearchOptions options;
  options.limit = 4;
  auto found = match(db, built, options);
  ASSERT_TRUE(found) << found.error().describe();
  std::vector<std::string> ids;
  for (const Xapian::doccount i : found->order) {
    ids.push_back(decode_record(found->mset[i].get_document().get_data())->id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"z", "a", "b", "c"}));
  EXPECT_EQ(found->mset.get_matches_estimated(), 6U);  // every match counted
  EXPECT_EQ(found->scheme, "BM25");

  options.facets = {"nonsense"};
  auto unknown = match(db, built, options);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace herdex::detail
