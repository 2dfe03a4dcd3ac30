// The herdex binary as a user runs it: exit codes, messages, --json shape.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cctype>
#include <cstdlib>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include <filesystem>

#include "herdex/index.h"

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using testing::CliRun;
using testing::herdex;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.sub("db");
    const CliRun index = herdex(dir_, "index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
    ASSERT_EQ(index.exit_code, 0) << index.err;
    ASSERT_NE(index.out.find("added"), std::string::npos);
  }
  testing::TempDir dir_;
  std::string db_;
};

TEST_F(Cli, SearchPrintsRankedPassagesWithPlainMarkers) {
  const CliRun run = herdex(dir_, "search --db '" + db_ + "' zeitgeist");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("corpus/en/07.txt"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("[zeitgeist]"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("\x1b["), std::string::npos) << "no colour on a pipe";
}

TEST_F(Cli, JsonFollowsTheContract) {
  const CliRun run = herdex(dir_, "search --db '" + db_ + "' loneliness --json --limit 3");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("query"), "loneliness");
  EXPECT_GE(doc.at("total").get<int>(), 3);
  ASSERT_EQ(doc.at("hits").size(), 3U);
  int rank = 0;
  for (const auto& hit : doc.at("hits")) {
    EXPECT_EQ(hit.at("rank").get<int>(), ++rank);
    EXPECT_TRUE(hit.at("id").is_string());
    EXPECT_TRUE(hit.at("title").is_string());
    EXPECT_TRUE(hit.at("score").is_number());
    const auto& passage = hit.at("passage");
    EXPECT_TRUE(passage.at("ordinal").is_number_unsigned());
    const auto begin = passage.at("byte_begin").get<std::size_t>();
    const auto end = passage.at("byte_end").get<std::size_t>();
    EXPECT_LT(begin, end);
    // source is the path as given to `herdex index`; byte ranges index it.
    const std::string file = testing::read_file(hit.at("source").get<std::string>());
    ASSERT_LE(end, file.size());
    const std::string snippet = hit.at("snippet").get<std::string>();
    EXPECT_NE(file.substr(begin, end - begin).find(snippet), std::string::npos);
    ASSERT_FALSE(hit.at("matches").empty());
    for (const auto& m : hit.at("matches")) {
      ASSERT_EQ(m.size(), 2U);
      const auto mb = m[0].get<std::size_t>();
      const auto me = m[1].get<std::size_t>();
      std::string word = file.substr(mb, me - mb);
      for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(word, "loneliness");
    }
  }
}

TEST_F(Cli, CjkQueryFindsCjkReviews) {
  const CliRun run = herdex(dir_, "search --db '" + db_ + "' 孤独 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  ASSERT_FALSE(doc.at("hits").empty());
  const std::string lang = doc.at("hits")[0].at("lang");
  EXPECT_TRUE(lang == "zh-Hans" || lang == "zh-Hant" || lang == "ja" || lang == "mixed") << lang;
}

TEST_F(Cli, StatsCountsDocuments) {
  const CliRun run = herdex(dir_, "stats --db '" + db_ + "' --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_GE(doc.at("documents").get<int>(), 30);
  EXPECT_NE(doc.at("analyzer").get<std::string>().find("icu="), std::string::npos);
}

TEST_F(Cli, StatsVerboseAddsWhereTheSpaceGoes) {
  const CliRun plain = herdex(dir_, "stats --db '" + db_ + "' --json");
  const CliRun verbose = herdex(dir_, "stats --db '" + db_ + "' --json --verbose");
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  ASSERT_EQ(verbose.exit_code, 0) << verbose.err;
  auto doc = nlohmann::json::parse(verbose.out);
  ASSERT_TRUE(doc.contains("space"));
  const auto space = doc.at("space");
  doc.erase("space");
  EXPECT_EQ(doc, nlohmann::json::parse(plain.out)) << "the other keys stay as they are";
  EXPECT_GT(space.at("tables").at("postlist").get<std::uint64_t>(), 0U);
  EXPECT_GT(space.at("table_entries_estimate").at("position").get<std::uint64_t>(), 0U);
  for (const char* name : {"stems", "words", "cjk_unigrams", "cjk_ngrams", "title", "id"}) {
    const auto& c = space.at("terms").at(name);
    EXPECT_GT(c.at("terms").get<std::uint64_t>(), 0U) << name;
    for (const char* key : {"postings", "wdf", "positions_estimate", "position_bytes_estimate",
                            "postlist_bytes_estimate", "termlist_bytes_estimate", "term_bytes"}) {
      EXPECT_TRUE(c.at(key).is_number_unsigned()) << name << "." << key;
    }
  }
  EXPECT_EQ(space.at("records").at("records"), doc.at("documents"));
  EXPECT_EQ(space.at("term_count"), doc.at("terms"));

  const CliRun text = herdex(dir_, "stats --db '" + db_ + "' --verbose");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* line : {"\nspace: ", "\n  position ", "\n  cjk_2grams ", "\nrecords: "}) {
    EXPECT_NE(text.out.find(line), std::string::npos) << line << " in\n" << text.out;
  }
  const CliRun short_text = herdex(dir_, "stats --db '" + db_ + "'");
  EXPECT_EQ(short_text.out.find("\nspace: "), std::string::npos) << short_text.out;
}

TEST_F(Cli, ReindexingReportsUnchanged) {
  const CliRun run =
      herdex(dir_, "index --db '" + db_ + "' '" + testing::corpus_dir() + "' --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto doc = nlohmann::json::parse(run.out);
  EXPECT_EQ(doc.at("added"), 0);
  EXPECT_GE(doc.at("unchanged").get<int>(), 30);
}

TEST(CliErrors, UnknownDatabaseIsAClearErrorWithExitCode3) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "search --db '" + dir.sub("missing") + "' loneliness");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find(dir.sub("missing")), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("herdex: error:"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST(CliErrors, EnvironmentVariableSetsTheDatabase) {
  testing::TempDir dir;
  const std::string cmd = "HERDEX_DB='" + dir.sub("from-env") + "' '" + testing::herdex_bin() +
                          "' search x 2>'" + dir.sub("err") + "' >/dev/null";
  const int status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 3);
  EXPECT_NE(testing::read_file(dir.sub("err")).find(dir.sub("from-env")), std::string::npos);
}

TEST_F(Cli, QueryWithoutWordsExitsWithUsageError) {
  const CliRun run = herdex(dir_, "search --db '" + db_ + "' '?!'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("column"), std::string::npos) << run.err;
}

TEST_F(Cli, LiteralTakesQuerySyntaxAsWords) {
  // Pasted text with quotes and a colon: a syntax error as a query, plain
  // words with --literal.
  const std::string pasted = "'\"zeitgeist of title: ((the'";
  EXPECT_EQ(herdex(dir_, "search --db '" + db_ + "' " + pasted).exit_code, 2);
  const CliRun run = herdex(dir_, "search --literal --db '" + db_ + "' " + pasted);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("[zeitgeist]"), std::string::npos) << run.out;
}

TEST(CliErrors, MissingInputPathFailsTheRun) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "index --db '" + dir.sub("db") + "' '" + dir.sub("nope") + "'");
  EXPECT_EQ(run.exit_code, 3);  // README: 3, no database (or input) at that path
  EXPECT_NE(run.err.find("no such file"), std::string::npos) << run.err;
}

TEST(CliHelp, TopLevelHelpNamesCommandsAndDatabase) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "--help");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* word : {"index", "search", "stats", "HERDEX_DB", "Exit codes"}) {
    EXPECT_NE(run.out.find(word), std::string::npos) << word;
  }
}

TEST(CliHelp, SearchHelpListsOptions) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "search --help");
  EXPECT_EQ(run.exit_code, 0);
  for (const char* word :
       {"--json", "--limit", "--offset", "--snippet-bytes", "--db", "Examples"}) {
    EXPECT_NE(run.out.find(word), std::string::npos) << word;
  }
}

TEST_F(Cli, RankingFlagsReachTheSearch) {
  const CliRun run = herdex(dir_, "search --db '" + db_ + "' --feedback 2 --explain samantha");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("feedback: Z"), std::string::npos) << run.out;
  const CliRun dph = herdex(dir_, "search --db '" + db_ + "' --weighting dph samantha");
  EXPECT_EQ(dph.exit_code, 0) << dph.err;
  EXPECT_EQ(herdex(dir_, "search --db '" + db_ + "' --weighting nope samantha").exit_code, 2);
}

TEST(CliHelp, UnknownOptionIsAUsageError) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "search --frobnicate x");
  EXPECT_EQ(run.exit_code, 2);
}

}  // namespace
}  // namespace herdex

namespace herdex {
namespace {

TEST(CliUpdate, PruneRemovesVanishedFilesAndDeleteRemovesIds) {
  testing::TempDir dir;
  dir.write("docs/a.txt", "A lighthouse keeper writes letters.\n");
  dir.write("docs/b.txt", "A harbour at night.\n");
  dir.write("docs/c.txt", "A carousel in the rain.\n");
  const std::string db = "--db '" + dir.sub("db") + "' ";
  ASSERT_EQ(herdex(dir, "index " + db + "'" + dir.sub("docs") + "'").exit_code, 0);
  std::filesystem::remove(dir.path() / "docs" / "b.txt");
  const CliRun pruned = herdex(dir, "index " + db + "'" + dir.sub("docs") + "' --prune --json");
  ASSERT_EQ(pruned.exit_code, 0) << pruned.err;
  EXPECT_EQ(nlohmann::json::parse(pruned.out).at("deleted"), 1);
  EXPECT_NE(herdex(dir, "search " + db + "harbour").out.find("No results"), std::string::npos);

  // A file's id is its canonical path; typed relative to the current
  // directory it names the document too.
  const CliRun removed =
      testing::shell(dir, "cd '" + dir.path().string() + "' && '" + testing::herdex_bin() +
                              "' delete " + db + "docs/a.txt missing.txt --json");
  EXPECT_EQ(removed.exit_code, 1);
  const auto doc = nlohmann::json::parse(removed.out);
  EXPECT_EQ(doc.at("deleted"), nlohmann::json::array({"docs/a.txt"}));
  EXPECT_EQ(doc.at("not_found"), nlohmann::json::array({"missing.txt"}));
  EXPECT_NE(herdex(dir, "search " + db + "lighthouse").out.find("No results"), std::string::npos);
  EXPECT_EQ(herdex(dir, "search " + db + "carousel --json").exit_code, 0);
}

TEST(CliUpdate, SecondWriterGetsLockedError) {
  testing::TempDir dir;
  dir.write("docs/a.txt", "text\n");
  const std::string db = dir.sub("db");
  ASSERT_EQ(herdex(dir, "index --db '" + db + "' '" + dir.sub("docs") + "'").exit_code, 0);
  // Hold the write lock from this process while the CLI tries to index.
  auto writer = IndexWriter::open(db);
  ASSERT_TRUE(writer);
  const CliRun second = herdex(dir, "index --db '" + db + "' '" + dir.sub("docs") + "'");
  EXPECT_EQ(second.exit_code, 4);
  EXPECT_NE(second.err.find("locked"), std::string::npos) << second.err;
}

TEST(CliInput, IndexesJsonLinesFromStandardInput) {
  testing::TempDir dir;
  const std::string file = dir.write(
      "in.jsonl", "{\"id\": 7, \"body\": \"A quiet lighthouse review\", \"rating\": 9}\n");
  const std::string db = dir.sub("db");
  const std::string cmd = "'" + testing::herdex_bin() + "' index --db '" + db +
                          "' - --id-field id --text-field body --json <'" + file + "' >'" +
                          dir.sub("out") + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << testing::read_file(dir.sub("out"));
  EXPECT_EQ(nlohmann::json::parse(testing::read_file(dir.sub("out"))).at("added"), 1);
  const CliRun found = herdex(dir, "search --db '" + db + "' lighthouse --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const auto doc = nlohmann::json::parse(found.out);
  ASSERT_EQ(doc.at("hits").size(), 1U);
  EXPECT_EQ(doc.at("hits")[0].at("id"), "7");
  EXPECT_EQ(doc.at("hits")[0].at("rating"), 9.0);
}

// Scraped pages through the CLI: the JSON keys issue 18 names. What was
// left out, per document (index --json) and in total (stats); which
// extractor built the database; the page's metadata and the language's
// confidence on each hit; the credits as facets.
TEST(CliScrapedPages, JsonCarriesWhatThePageExtractorDid) {
  testing::TempDir dir;
  const std::string db = "--db '" + dir.sub("db") + "' ";
  const CliRun index =
      herdex(dir, "index " + db + "'" + testing::corpus_dir() + "/scraped' --json --no-progress");
  ASSERT_EQ(index.exit_code, 0) << index.err;
  const auto report = nlohmann::json::parse(index.out);
  ASSERT_EQ(report.at("boilerplate").size(), 6U);
  std::uint64_t sum = 0;
  for (const auto& entry : report.at("boilerplate")) {
    EXPECT_NE(entry.at("id").get<std::string>().find("scraped/"), std::string::npos);
    EXPECT_GT(entry.at("bytes").get<std::uint64_t>(), 0U);
    sum += entry.at("bytes").get<std::uint64_t>();
  }
  EXPECT_EQ(report.at("boilerplate_bytes").get<std::uint64_t>(), sum);

  const CliRun stats = herdex(dir, "stats " + db + "--json");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto st = nlohmann::json::parse(stats.out);
  EXPECT_EQ(st.at("extractor").get<std::string>().rfind("page-", 0), 0U) << st.dump();
  EXPECT_EQ(st.at("boilerplate_bytes").get<std::uint64_t>(), sum);
  EXPECT_EQ(st.at("boilerplate_documents"), 6);
  const CliRun stats_text = herdex(dir, "stats " + db);
  EXPECT_NE(stats_text.out.find("\nextractor: page-"), std::string::npos) << stats_text.out;
  EXPECT_NE(stats_text.out.find("\nboilerplate: " + std::to_string(sum) + " bytes in 6 documents"),
            std::string::npos)
      << stats_text.out;

  const CliRun found = herdex(dir, "search " + db + "'director:史派克琼斯' --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const auto hits = nlohmann::json::parse(found.out).at("hits");
  ASSERT_FALSE(hits.empty());
  const auto& hit = hits[0];
  EXPECT_NE(hit.at("id").get<std::string>().find("zh-hant-douban.txt"), std::string::npos);
  EXPECT_EQ(hit.at("fields").at("director"), "史派克瓊斯");
  EXPECT_EQ(hit.at("fields").at("writer"), "史派克瓊斯");
  EXPECT_EQ(hit.at("fields").at("rating_text"), "9 / 12,345人");
  EXPECT_EQ(hit.at("rating"), 9.0);
  EXPECT_EQ(hit.at("date"), "2014-09-02T21:14:03");
  EXPECT_EQ(hit.at("lang"), "zh-Hant");
  EXPECT_GT(hit.at("lang_confidence").get<double>(), 0.9);

  const CliRun faceted =
      herdex(dir, "search " + db + "'rating:8..10' --facets director,cast --json");
  ASSERT_EQ(faceted.exit_code, 0) << faceted.err;
  const auto facets = nlohmann::json::parse(faceted.out).at("facets");
  EXPECT_EQ(facets.at("director").at("Spike Jonze"), 1) << facets.dump();
  EXPECT_EQ(facets.at("director").at("史派克瓊斯"), 1) << facets.dump();
  EXPECT_TRUE(facets.at("cast").size() >= 5U) << facets.dump();
}

// Xapian refuses a term over 245 bytes ("Term too long") and, before the
// schema kept every term to that limit, the whole run failed (exit 2, no
// document indexed) when a long word met a long field name's prefix. A
// 300-byte word in the text and in a field, and one that fits alone but not
// under its field's prefix: both documents are indexed and found by their
// other words, in the text and in the field.
TEST(CliInput, OverlongWordsInFieldsAndTextLeaveTheDocumentSearchable) {
  testing::TempDir dir;
  const std::string w300(300, 'a');
  const std::string w238(238, 'b');
  const std::string file =
      dir.write("long.jsonl", "{\"id\": \"d1\", \"text\": \"lighthouse " + w300 +
                                  " keeper\", \"production_company\": "
                                  "\"harbour " +
                                  w300 +
                                  " films\"}\n"
                                  "{\"id\": \"d2\", \"text\": \"quiet " +
                                  w238 +
                                  " tide\", \"production_company\": "
                                  "\"seaside " +
                                  w238 + " studio\"}\n");
  const std::string db = dir.sub("db");
  const CliRun index = herdex(dir, "index --db '" + db + "' '" + file +
                                       "' --id-field id --field production_company --json");
  ASSERT_EQ(index.exit_code, 0) << index.err;
  EXPECT_EQ(nlohmann::json::parse(index.out).at("added"), 2) << index.out;
  const std::pair<const char*, const char*> queries[] = {
      {"keeper", "d1"}, {"production_company:harbour", "d1"}, {"production_company:films", "d1"},
      {"tide", "d2"},   {"production_company:seaside", "d2"},
  };
  for (const auto& [query, id] : queries) {
    SCOPED_TRACE(query);
    const CliRun found = herdex(dir, "search --db '" + db + "' '" + query + "' --json");
    ASSERT_EQ(found.exit_code, 0) << found.err;
    const auto doc = nlohmann::json::parse(found.out);
    ASSERT_EQ(doc.at("hits").size(), 1U) << found.out;
    EXPECT_EQ(doc.at("hits")[0].at("id"), id);
  }
}

TEST(CliInput, MalformedJsonLineIsReportedWithFileAndLine) {
  testing::TempDir dir;
  const std::string file =
      dir.write("dump.jsonl", "{\"_id\": \"1\", \"text\": \"fine record\"}\n{broken\n");
  const CliRun run = herdex(dir, "index --db '" + dir.sub("db") + "' '" + file + "'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(file + ":2:"), std::string::npos) << run.err;
  const CliRun strict = herdex(dir, "index --db '" + dir.sub("db2") + "' '" + file + "' --strict");
  EXPECT_EQ(strict.exit_code, 2) << strict.err;
}

}  // namespace
}  // namespace herdex
