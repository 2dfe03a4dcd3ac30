// SearchOptions::weighting and pseudo-relevance feedback on a tiny crafted
// corpus: the scheme asked for is the one that scores, and feedback adds
// stems of the best documents, which re-rank what the query matches.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

class RankingOptions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    auto writer = IndexWriter::open(dir_->sub("db"));
    ASSERT_TRUE(writer);
    std::vector<std::pair<std::string, std::string>> docs = {
        // The two best for "aspirin headache": both words, and the words
        // feedback should pick up (acetylsalicylic, analgesic).
        {"both1", "Aspirin eases a headache: acetylsalicylic acid is an analgesic."},
        {"both2", "Aspirin for headache, an acetylsalicylic analgesic, in a trial."},
        // "headache" only: short and repeated, so it ranks above "related"
        // by the words alone.
        {"plain", "Headache, headache."},
        // "headache" once in a longer text that shares the feedback words.
        {"related",
         "A headache treated with acetylsalicylic analgesic tablets over several weeks in a "
         "small group."},
        // The feedback words without any query word: never a match.
        {"unmatched", "Acetylsalicylic analgesic tablets, acetylsalicylic analgesic powder."},
        {"other1", "Rain and cloud over the harbour in the morning."},
        {"other2", "A train timetable for the coastal line."},
        {"other3", "Recipes for bread, soup and a lemon cake."},
        {"other4", "The garden needs water after a dry week."},
    };
    // Divergence-from-randomness schemes assume query words are rare:
    // enough other documents make them so.
    const std::vector<std::string> topics = {"harbour", "train",  "bread",  "garden",  "violin",
                                             "glacier", "market", "poetry", "bicycle", "tide"};
    for (std::size_t i = 0; i < 40; ++i) {
      docs.emplace_back("filler" + std::to_string(i), "A note on the " + topics[i % topics.size()] +
                                                          " and the " +
                                                          topics[(i + 3) % topics.size()] +
                                                          ", number " + std::to_string(i) + ".");
    }
    for (const auto& [id, text] : docs) {
      Document d;
      d.id = id;
      d.text = text;
      d.lang = "en";
      ASSERT_TRUE(writer->add(d));
    }
    ASSERT_TRUE(writer->commit());
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static SearchResults search(const std::string& query, SearchOptions options) {
    auto searcher = Searcher::open(dir_->sub("db"));
    EXPECT_TRUE(searcher);
    options.limit = 100;
    auto results = searcher->search(query, options);
    EXPECT_TRUE(results) << query << ": " << results.error().describe();
    return results ? std::move(*results) : SearchResults{};
  }
  static std::vector<std::string> ids(const SearchResults& results) {
    std::vector<std::string> out;
    for (const Hit& h : results.hits) out.push_back(h.id);
    return out;
  }
  static std::size_t rank_of(const SearchResults& results, const std::string& id) {
    for (const Hit& h : results.hits) {
      if (h.id == id) return h.rank;
    }
    return 0;
  }
  static testing::TempDir* dir_;
};

testing::TempDir* RankingOptions::dir_ = nullptr;

TEST_F(RankingOptions, EveryWeightingFindsTheSameDocumentsWithItsOwnScores) {
  const SearchResults bm25 = search("aspirin headache", {});
  ASSERT_EQ(bm25.hits.size(), 4U);
  for (Weighting w :
       {Weighting::bm25_plus, Weighting::dph, Weighting::dlh, Weighting::pl2, Weighting::inl2}) {
    SearchOptions options;
    options.weighting = w;
    const SearchResults results = search("aspirin headache", options);
    ASSERT_EQ(results.hits.size(), bm25.hits.size()) << static_cast<int>(w);
    // A document with both words beats every document with one.
    EXPECT_EQ(results.hits[0].id.rfind("both", 0), 0U) << static_cast<int>(w);
    EXPECT_EQ(results.hits[1].id.rfind("both", 0), 0U) << static_cast<int>(w);
    EXPECT_GT(results.hits[0].score, 0.0) << static_cast<int>(w);
    EXPECT_NE(results.hits[0].score, bm25.hits[0].score)
        << "scheme not applied: " << static_cast<int>(w);
  }
}

TEST_F(RankingOptions, ExplainNamesTheSchemeThatScoredTheDocuments) {
  SearchOptions options;
  options.explain = true;
  EXPECT_NE(search("aspirin", options).explanation.find(": document BM25 "), std::string::npos);
  options.weighting = Weighting::inl2;
  const std::string explained = search("aspirin", options).explanation;
  EXPECT_NE(explained.find(": document InL2 "), std::string::npos) << explained;
  EXPECT_NE(explained.find(" BM25 "), std::string::npos) << explained;  // passages stay BM25
}

TEST_F(RankingOptions, FeedbackAddsStemsOfTheBestDocumentsAndReranks) {
  SearchOptions plain;
  plain.explain = true;
  const SearchResults before = search("aspirin headache", plain);
  ASSERT_GT(rank_of(before, "related"), rank_of(before, "plain")) << before.explanation;
  EXPECT_EQ(before.explanation.find("feedback:"), std::string::npos);

  SearchOptions feedback = plain;
  feedback.feedback_documents = 2;
  feedback.feedback_terms = 5;
  feedback.feedback_weight = 0.5;
  const SearchResults after = search("aspirin headache", feedback);
  EXPECT_NE(after.explanation.find("feedback:"), std::string::npos) << after.explanation;
  EXPECT_NE(after.explanation.find("Zacetylsalicyl"), std::string::npos) << after.explanation;
  EXPECT_NE(after.explanation.find("Zanalges"), std::string::npos) << after.explanation;
  // Stopwords and the query's own words are not added.
  EXPECT_EQ(after.explanation.find("feedback: Zaspirin"), std::string::npos) << after.explanation;
  EXPECT_EQ(after.explanation.find(" Zan "), std::string::npos) << after.explanation;
  EXPECT_LT(rank_of(after, "related"), rank_of(after, "plain")) << after.explanation;
  // The added stems re-rank; they do not widen the match.
  EXPECT_EQ(after.hits.size(), before.hits.size());
  EXPECT_EQ(rank_of(after, "unmatched"), 0U);
}

TEST_F(RankingOptions, FeedbackKeepsExcludedWords) {
  SearchOptions feedback;
  feedback.feedback_documents = 2;
  feedback.feedback_weight = 0.5;
  const SearchResults results = search("aspirin headache -trial", feedback);
  EXPECT_EQ(rank_of(results, "both2"), 0U);
  EXPECT_NE(rank_of(results, "both1"), 0U);
}

TEST_F(RankingOptions, FeedbackOffOrWeightZeroChangesNothing) {
  const SearchResults base = search("aspirin headache", {});
  SearchOptions zero;
  zero.feedback_documents = 3;
  zero.feedback_weight = 0.0;
  const SearchResults same = search("aspirin headache", zero);
  EXPECT_EQ(ids(same), ids(base));
  ASSERT_EQ(same.hits.size(), base.hits.size());
  for (std::size_t i = 0; i < same.hits.size(); ++i)
    EXPECT_DOUBLE_EQ(same.hits[i].score, base.hits[i].score);
}

}  // namespace
}  // namespace herdex
