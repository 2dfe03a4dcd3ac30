// database_space() (`herdex stats --verbose`) on the sample corpus: every
// term lands in one class, the counts agree with what Xapian holds, the
// table bytes are the files on disk, and a sharded or partly remote
// database is summed as one.
#include <xapian.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "herdex/herdex.h"
#include "store/shards.h"
#include "support/paths.h"
#include "support/temp_dir.h"
#include "support/xapian_server.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

void index_into(const std::string& db, const std::string& input, const IndexOptions& options) {
  auto writer = IndexWriter::open(db, options);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths({input});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_GT(report->added, 0U);
  ASSERT_EQ(report->errors, 0U);
}

DatabaseSpace space_of(const std::string& db, const SpaceOptions& options = {}) {
  auto space = database_space(db, {}, options);
  EXPECT_TRUE(space) << space.error().describe();
  return space ? *space : DatabaseSpace{};
}

const TermClassSpace& cls(const DatabaseSpace& s, const std::string& name) {
  for (const TermClassSpace& c : s.classes) {
    if (c.name == name) return c;
  }
  ADD_FAILURE() << "no class " << name;
  static const TermClassSpace none;
  return none;
}

std::uint64_t table(const DatabaseSpace& s, const std::string& name) {
  for (const TableSpace& t : s.tables) {
    if (t.name == name) return t.bytes;
  }
  return 0;
}

// The *.glass files of the databases in `dirs`, summed by table name.
std::map<std::string, std::uint64_t> glass_files(const std::vector<std::string>& dirs) {
  std::map<std::string, std::uint64_t> out;
  for (const std::string& dir : dirs) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".glass")
        out[entry.path().stem().string()] += entry.file_size();
    }
  }
  return out;
}

std::string shard(const std::string& db, std::size_t i) {
  return (fs::path(db) / detail::shard_directory_name(i)).string();
}

class Space : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    index_into(dir_->sub("single"), testing::corpus_dir(), {});
    IndexOptions sharded;
    sharded.shards = 3;
    index_into(dir_->sub("sharded"), testing::corpus_dir(), sharded);
    index_into(dir_->sub("english"), testing::corpus_dir() + "/en", {});
    IndexOptions words;
    words.analyzer.cjk_words = true;
    index_into(dir_->sub("words"), testing::corpus_dir() + "/zh-hans", words);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string db(const char* name) { return dir_->sub(name); }
  static testing::TempDir* dir_;
};

testing::TempDir* Space::dir_ = nullptr;

TEST_F(Space, ClassesAddUpToWhatXapianHolds) {
  const DatabaseSpace s = space_of(db("single"));
  auto stats = database_stats(db("single"));
  ASSERT_TRUE(stats) << stats.error().describe();
  EXPECT_EQ(s.terms, stats->terms);
  EXPECT_EQ(s.documents, stats->documents);

  std::size_t terms = 0;
  std::uint64_t postings = 0;
  std::uint64_t wdf = 0;
  for (const TermClassSpace& c : s.classes) {
    terms += c.terms;
    postings += c.postings;
    wdf += c.wdf;
  }
  EXPECT_EQ(terms, s.terms);
  EXPECT_EQ(cls(s, "other").terms, 0U) << "every term the writer makes has its class";

  // Postings are the documents' term list entries; occurrences their lengths.
  Xapian::Database x(db("single"));
  std::uint64_t entries = 0;
  std::uint64_t length = 0;
  for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
    entries += x.get_document(*it).termlist_count();
    length += x.get_doclength(*it);
  }
  EXPECT_EQ(postings, entries);
  EXPECT_EQ(wdf, length);
}

TEST_F(Space, CjkDocumentsMakeCjkClassesAndEnglishOnesDoNot) {
  const DatabaseSpace all = space_of(db("single"));
  EXPECT_GT(cls(all, "cjk_unigrams").terms, 0U);
  EXPECT_GT(cls(all, "cjk_ngrams").terms, 0U);
  EXPECT_EQ(cls(all, "cjk_words").terms, 0U) << "dictionary words are off by default";
  EXPECT_EQ(all.ngram_size, 2U);

  const DatabaseSpace english = space_of(db("english"));
  EXPECT_GT(cls(english, "words").terms, 0U);
  EXPECT_GT(cls(english, "stems").terms, 0U);
  for (const char* name : {"cjk_unigrams", "cjk_ngrams", "cjk_words"}) {
    EXPECT_EQ(cls(english, name).terms, 0U) << name;
  }

  const DatabaseSpace words = space_of(db("words"));
  EXPECT_GT(cls(words, "cjk_words").terms, 0U);
  EXPECT_GT(cls(words, "cjk_words").positions, 0U);
}

TEST_F(Space, FieldClassesCountEachDocument) {
  const DatabaseSpace s = space_of(db("single"));
  EXPECT_EQ(cls(s, "id").terms, s.documents);
  EXPECT_EQ(cls(s, "lang").postings, s.documents);
  EXPECT_GT(cls(s, "title").terms, 0U);
  EXPECT_GT(cls(s, "author").terms, 0U);
  EXPECT_GT(cls(s, "source").postings, s.documents);
  EXPECT_GT(cls(s, "fields").terms, 0U) << "scraped pages have credits";
}

TEST_F(Space, TableBytesAreTheGlassFiles) {
  const DatabaseSpace s = space_of(db("single"));
  const auto files = glass_files({db("single")});
  ASSERT_FALSE(files.empty());
  std::uint64_t glass = 0;
  for (const auto& [name, bytes] : files) {
    EXPECT_EQ(table(s, name), bytes) << name;
    glass += bytes;
  }
  EXPECT_EQ(s.table_bytes, glass + table(s, "other"));
  auto stats = database_stats(db("single"));
  ASSERT_TRUE(stats);
  EXPECT_EQ(s.table_bytes, stats->size_bytes) << "every file of the directory is counted once";
  EXPECT_TRUE(s.unknown_shards.empty());
}

TEST_F(Space, ShardsAreSummedAndCountAsOneDatabase) {
  const DatabaseSpace one = space_of(db("single"));
  const DatabaseSpace three = space_of(db("sharded"));
  const auto files =
      glass_files({shard(db("sharded"), 0), shard(db("sharded"), 1), shard(db("sharded"), 2)});
  for (const auto& [name, bytes] : files) EXPECT_EQ(table(three, name), bytes) << name;
  EXPECT_EQ(three.terms, one.terms);
  ASSERT_EQ(three.classes.size(), one.classes.size());
  for (std::size_t i = 0; i < one.classes.size(); ++i) {
    EXPECT_EQ(three.classes[i].terms, one.classes[i].terms) << one.classes[i].name;
    EXPECT_EQ(three.classes[i].postings, one.classes[i].postings) << one.classes[i].name;
    EXPECT_EQ(three.classes[i].wdf, one.classes[i].wdf) << one.classes[i].name;
  }
  EXPECT_EQ(three.records.records, one.records.records);
  EXPECT_EQ(three.records.raw_bytes, one.records.raw_bytes);
}

TEST_F(Space, EstimatesDivideTheTablesAmongTheClasses) {
  const DatabaseSpace s = space_of(db("single"));
  EXPECT_EQ(s.sampled_documents, s.documents) << "a small database is sampled whole";
  std::uint64_t position = 0;
  std::uint64_t termlist = 0;
  for (const TermClassSpace& c : s.classes) {
    position += c.position_bytes;
    termlist += c.termlist_bytes;
  }
  EXPECT_EQ(position, table(s, "position"));
  EXPECT_EQ(termlist, table(s, "termlist"));
  for (const TableSpace& t : s.tables) {
    if (t.name == "position" || t.name == "termlist" || t.name == "postlist" ||
        t.name == "docdata") {
      EXPECT_GT(t.entry_bytes, 0U) << t.name;
      EXPECT_LE(t.entry_bytes, t.bytes * 2) << t.name;
    }
  }

  // Body words keep every position; stems keep none (their words' serve,
  // store/stem_words.h); boolean and unpositioned fields keep none.
  const TermClassSpace& words = cls(s, "words");
  EXPECT_GT(words.positions, 0U);
  EXPECT_LE(words.positions, words.wdf);
  const TermClassSpace& stems = cls(s, "stems");
  EXPECT_GT(stems.wdf, 0U);
  EXPECT_EQ(stems.positions, 0U);
  EXPECT_EQ(stems.position_bytes, 0U);
  EXPECT_GT(cls(s, "cjk_unigrams").position_bytes, 0U);
  for (const char* name : {"id", "lang", "author", "source", "fields"}) {
    EXPECT_EQ(cls(s, name).positions, 0U) << name;
    EXPECT_EQ(cls(s, name).position_bytes, 0U) << name;
  }
  EXPECT_GT(cls(s, "title").positions, 0U);
}

TEST_F(Space, RecordsAreReadWholeAndTheirPartsAddUp) {
  const DatabaseSpace s = space_of(db("single"));
  const RecordSpace& r = s.records;
  EXPECT_EQ(r.records, s.documents);
  Xapian::Database x(db("single"));
  std::uint64_t stored = 0;
  for (auto it = x.postlist_begin(""); it != x.postlist_end(""); ++it) {
    stored += x.get_document(*it).get_data().size();
  }
  EXPECT_EQ(r.bytes, stored);
  EXPECT_GT(r.raw_bytes, r.bytes) << "records are compressed";
  EXPECT_EQ(r.text_bytes + r.passage_bytes + r.extent_bytes + r.other_bytes, r.bytes);
  EXPECT_GT(r.text_bytes, r.passage_bytes);
  EXPECT_GT(r.extent_bytes, 0U);

  bool hash = false;
  bool field = false;
  for (const ValueSpace& v : s.values) {
    if (v.name == "content_hash") hash = v.documents == s.documents && v.bytes > 0;
    if (v.name.rfind("field:", 0) == 0) field = true;
  }
  EXPECT_TRUE(hash);
  EXPECT_TRUE(field) << "the scraped pages' credits are facet values";
}

TEST_F(Space, WithoutASampleTheCountsStayAndTheEstimatesAreZero) {
  SpaceOptions none;
  none.sample_documents = 0;
  const DatabaseSpace s = space_of(db("single"), none);
  const DatabaseSpace full = space_of(db("single"));
  EXPECT_EQ(s.sampled_documents, 0U);
  for (std::size_t i = 0; i < s.classes.size(); ++i) {
    EXPECT_EQ(s.classes[i].postings, full.classes[i].postings);
    EXPECT_EQ(s.classes[i].positions, 0U);
    EXPECT_EQ(s.classes[i].position_bytes, 0U);
    EXPECT_EQ(s.classes[i].termlist_bytes, 0U);
  }
  EXPECT_EQ(s.records.bytes, full.records.bytes);
  EXPECT_EQ(s.records.extent_bytes, 0U);
}

TEST_F(Space, SamplingAFewDocumentsEstimatesCloseToTheWhole) {
  SpaceOptions few;
  few.sample_documents = 20;
  const DatabaseSpace s = space_of(db("single"), few);
  EXPECT_EQ(s.sampled_documents, 20U);
  const DatabaseSpace full = space_of(db("single"));
  // Each class's estimate comes from the sample's bytes per occurrence, so
  // the larger classes stay within a factor of two of the whole count.
  for (const char* name : {"words", "cjk_unigrams", "cjk_ngrams"}) {
    const double got = static_cast<double>(cls(s, name).positions);
    const double want = static_cast<double>(cls(full, name).positions);
    EXPECT_GT(got, want / 2) << name;
    EXPECT_LT(got, want * 2) << name;
  }
}

TEST_F(Space, ARemoteShardsFilesAreUnknownButItsTermsCount) {
  testing::XapianServer server(shard(db("sharded"), 2));
  ASSERT_TRUE(server.running());
  const std::string stub =
      dir_->write("partly-remote.stub", "auto sharded/shard_000\nauto sharded/shard_001\nremote " +
                                            server.address() + "\n");
  const DatabaseSpace remote = space_of(stub);
  const DatabaseSpace local = space_of(db("sharded"));
  ASSERT_EQ(remote.unknown_shards.size(), 1U);
  EXPECT_EQ(remote.unknown_shards.front(), server.address());
  const auto files = glass_files({shard(db("sharded"), 0), shard(db("sharded"), 1)});
  for (const auto& [name, bytes] : files) EXPECT_EQ(table(remote, name), bytes) << name;
  EXPECT_EQ(remote.terms, local.terms);
  for (std::size_t i = 0; i < local.classes.size(); ++i) {
    EXPECT_EQ(remote.classes[i].postings, local.classes[i].postings) << local.classes[i].name;
  }
  EXPECT_EQ(remote.records.bytes, local.records.bytes);
}

TEST(SpaceErrors, AMissingDatabaseIsNotFound) {
  testing::TempDir dir;
  auto space = database_space(dir.sub("missing"));
  ASSERT_FALSE(space);
  EXPECT_EQ(space.error().code, ErrorCode::not_found);
}

}  // namespace
}  // namespace herdex
