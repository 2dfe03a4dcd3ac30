// read_beir(): test collections in the BEIR layout.
#include <zlib.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "herdex/tools/beir.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

void write_gzip(const std::string& path, const std::string& content) {
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr) << path;
  EXPECT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  EXPECT_EQ(gzclose(out), Z_OK);
}

// A small collection: a gzip corpus, plain queries and two splits.
class Beir : public ::testing::Test {
 protected:
  void SetUp() override {
    write_gzip(dir_.sub("corpus.jsonl.gz"), R"({"_id": "d1", "title": "First", "text": "one"})"
                                            "\n"
                                            R"({"_id": 2, "text": "two, no title"})"
                                            "\n\n"
                                            R"({"_id": "d3", "title": "Third", "text": "three"})");
    dir_.write("queries.jsonl",
               R"({"_id": "q1", "text": "where is one", "answers": ["one", "", 3]})"
               "\n"
               R"({"_id": "q2", "text": "judged in test but of another split", "split": "dev"})"
               "\n"
               R"({"_id": "q3", "text": "not judged"})"
               "\n   \n"
               R"({"_id": 7, "text": "numeric id", "split": "test"})"
               "\n");
    dir_.write("qrels/test.tsv",
               "query-id\tcorpus-id\tscore\n"
               "q1\td1\t2\r\n"
               "q1\td3\t1\n"
               "q1\t2\t0\n"  // score 0: not relevant
               "\n"
               "q2\td1\t1\n"
               "7\t2\t1\n");
    dir_.write("qrels/dev.tsv", "query-id\tcorpus-id\tscore\nq2\td3\t1\n");
  }

  testing::TempDir dir_;
};

TEST_F(Beir, ReadsTheJudgedQueriesOfASplitInFileOrder) {
  auto c = read_beir(dir_.path().string(), "test", /*read_corpus=*/false);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->name, dir_.path().filename().string());
  EXPECT_EQ(c->split, "test");
  EXPECT_EQ(c->corpus_path, dir_.sub("corpus.jsonl.gz"));
  EXPECT_TRUE(c->corpus.empty());
  ASSERT_EQ(c->queries.size(), 2U);  // q2 names another split, q3 is not judged
  EXPECT_EQ(c->queries[0].id, "q1");
  EXPECT_EQ(c->queries[0].text, "where is one");
  EXPECT_EQ(c->queries[0].answers, std::vector<std::string>{"one"});
  EXPECT_EQ(c->queries[0].relevant, (Judgments{{"d1", 2.0}, {"d3", 1.0}}));
  EXPECT_EQ(c->queries[1].id, "7");
  EXPECT_EQ(c->queries[1].relevant, (Judgments{{"2", 1.0}}));

  auto dev = read_beir(dir_.path().string() + "/", "dev", false);
  ASSERT_TRUE(dev) << dev.error().describe();
  EXPECT_EQ(dev->name, dir_.path().filename().string());
  ASSERT_EQ(dev->queries.size(), 1U);
  EXPECT_EQ(dev->queries[0].id, "q2");
}

TEST_F(Beir, ReadsTheCorpusWhenAsked) {
  auto c = read_beir(dir_.path().string(), "test", /*read_corpus=*/true);
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_EQ(c->corpus.size(), 3U);
  EXPECT_EQ(c->corpus[0].id, "d1");
  EXPECT_EQ(c->corpus[0].title, "First");
  EXPECT_EQ(c->corpus[0].text, "one");
  EXPECT_EQ(c->corpus[1].id, "2");
  EXPECT_EQ(c->corpus[1].title, "");
  EXPECT_EQ(c->corpus[2].text, "three");
}

TEST_F(Beir, MissingFilesAndSplitsAreNotFound) {
  auto split = read_beir(dir_.path().string(), "train", false);
  ASSERT_FALSE(split);
  EXPECT_EQ(split.error().code, ErrorCode::not_found);
  EXPECT_EQ(split.error().path, dir_.sub("qrels/train.tsv"));

  const testing::TempDir empty;
  auto none = read_beir(empty.path().string(), "test", false);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::not_found);
}

TEST_F(Beir, MalformedLinesAreErrorsWithTheirLine) {
  dir_.write("qrels/bad.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\nq1 d3 1\n");
  auto qrels = read_beir(dir_.path().string(), "bad", false);
  ASSERT_FALSE(qrels);
  EXPECT_EQ(qrels.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(qrels.error().path, dir_.sub("qrels/bad.tsv"));
  EXPECT_EQ(qrels.error().line, 3U);

  dir_.write("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"fine\"}\n\n{\"_id\": \"q2\"}\n");
  auto queries = read_beir(dir_.path().string(), "test", false);
  ASSERT_FALSE(queries);
  EXPECT_EQ(queries.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(queries.error().path, dir_.sub("queries.jsonl"));
  EXPECT_EQ(queries.error().line, 3U);

  write_gzip(dir_.sub("corpus.jsonl.gz"), "{\"_id\": \"d1\", \"text\": \"one\"}\nnot json\n");
  dir_.write("queries.jsonl", "{\"_id\": \"q1\", \"text\": \"fine\"}\n");
  auto corpus = read_beir(dir_.path().string(), "test", true);
  ASSERT_FALSE(corpus);
  EXPECT_EQ(corpus.error().path, dir_.sub("corpus.jsonl.gz"));
  EXPECT_EQ(corpus.error().line, 2U);
}

TEST_F(Beir, ASplitWithoutJudgedQueriesIsAnError) {
  dir_.write("qrels/lost.tsv", "query-id\tcorpus-id\tscore\nq9\td1\t1\nq1\td1\t0\n");
  auto lost = read_beir(dir_.path().string(), "lost", false);
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, ErrorCode::invalid_argument);
}

}  // namespace
}  // namespace herdex
