// Issue 20: every answer and every error a person can act on. One test (or
// a few) per numbered item of the issue, run as a user runs herdex.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using nlohmann::json;
using testing::CliRun;
using testing::herdex;

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The --json error object on stderr, with its documented keys.
json error_object(const CliRun& run) {
  const json doc = json::parse(run.err);
  const json& e = doc.at("error");
  for (const char* key : {"code", "message", "path", "line", "column"}) {
    EXPECT_TRUE(e.contains(key)) << key << " in " << run.err;
  }
  return e;
}

// The project's corpus, and JSON Lines reviews with a `genre` field.
class Messages : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.sub("db");
    const CliRun index = herdex(dir_, "index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
    ASSERT_EQ(index.exit_code, 0) << index.err;
    const std::string reviews = dir_.write(
        "reviews.jsonl",
        R"({"id":"a1","text":"Samantha is a bright voice in the operating system.","genre":"drama","author":"Lindqvist","rating":8,"date":"2014-01-02"})"
        "\n"
        R"({"id":"a2","text":"A lonely man writes letters for strangers. The film requires patience.","genre":"comedy"})"
        "\n"
        R"({"id":"a3","text":"Lonely letters, and a drama about them.","genre":"drama"})"
        "\n"
        R"({"id":"a4","text":"A lonely evening with a good comedy.","genre":"comedy"})"
        "\n");
    jdb_ = dir_.sub("jdb");
    const CliRun jindex =
        herdex(dir_, "index --db '" + jdb_ + "' '" + reviews + "' --id-field id --field genre");
    ASSERT_EQ(jindex.exit_code, 0) << jindex.err;
  }
  CliRun search(const std::string& db, const std::string& args) const {
    return herdex(dir_, "search --db '" + db + "' " + args);
  }
  testing::TempDir dir_;
  std::string db_, jdb_;
};

// 1. "Did you mean" looks at the parsed words only.
TEST_F(Messages, DidYouMeanNeverRewritesFieldNames) {
  const CliRun run = search(db_, "title:analysis --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_FALSE(json::parse(run.out).contains("suggestion")) << run.out;
  const CliRun author = search(db_, "'author:lindqvsit'");
  EXPECT_FALSE(has(author.out, "Did you mean")) << author.out;
}

TEST_F(Messages, DidYouMeanLeavesWordsThatMatchThroughTheirStem) {
  // "required" is not in the text, but its stem matches "requires".
  const CliRun run = search(jdb_, "required --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);
  EXPECT_EQ(doc.at("total"), 1);
  EXPECT_FALSE(doc.contains("suggestion")) << run.out;
}

TEST_F(Messages, DidYouMeanIsACompleteQueryThatFindsMore) {
  const CliRun run = search(db_, "'samanth -zzyzx' --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc.at("total"), 0);
  const std::string suggestion = doc.at("suggestion");
  EXPECT_EQ(suggestion, "samantha -zzyzx");
  const CliRun again = search(db_, "'" + suggestion + "' --json");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_GT(json::parse(again.out).at("total").get<int>(), 0);
  const CliRun text = search(db_, "samanth");
  EXPECT_TRUE(has(text.out, "Did you mean: samantha")) << text.out;
  // "samantha AND qqqqzzzz" finds nothing either: no suggestion then.
  const CliRun useless = search(db_, "'samanth AND qqqqzzzz' --json");
  ASSERT_EQ(useless.exit_code, 0) << useless.err;
  EXPECT_FALSE(json::parse(useless.out).contains("suggestion")) << useless.out;
}

TEST_F(Messages, DidYouMeanCorrectsWordsOfPhrasesAndNear) {
  // A phrase and NEAR match words as written: a stem in the index does not
  // make "theodor" right there.
  struct Case {
    const char* query;
    const char* suggestion;
  } cases[] = {
      {R"("operating sytem")", R"("operating system")"},
      {"theodor NEAR/5 letters", "theodore NEAR/5 letters"},
  };
  for (const Case& c : cases) {
    const CliRun run = search(db_, std::string("'") + c.query + "' --json");
    ASSERT_EQ(run.exit_code, 0) << run.err;
    const json doc = json::parse(run.out);
    EXPECT_EQ(doc.at("total"), 0) << c.query;
    EXPECT_EQ(doc.value("suggestion", ""), c.suggestion) << c.query;
  }
}

// 2. Validation that names the problem, with its own message and column.
TEST_F(Messages, ImpossibleDatesAreNamed) {
  struct Case {
    const char* query;
    const char* message;
    int column;
  } cases[] = {
      {"date:2014-13-45", "month 13 does not exist", 11},
      {"date:9999-99-99", "month 99 does not exist", 11},
      {"date:2014-02-30", "February 2014 has 28 days", 14},
  };
  for (const Case& c : cases) {
    const CliRun run = search(db_, std::string("'") + c.query + "' --json");
    EXPECT_EQ(run.exit_code, 2) << c.query;
    const json e = error_object(run);
    EXPECT_EQ(e.at("code"), "query_syntax");
    EXPECT_TRUE(has(e.at("message"), c.message)) << e.dump();
    EXPECT_EQ(e.at("column"), c.column) << c.query;
  }
  EXPECT_EQ(search(db_, "date:2016-02-29").exit_code, 0) << "a leap day exists";
}

TEST_F(Messages, ReversedRangesUnknownLanguagesAndAStrayParenthesisAreNamed) {
  const CliRun reversed = search(db_, "'rating:10..1'");
  EXPECT_EQ(reversed.exit_code, 2);
  EXPECT_TRUE(has(reversed.err, "reversed")) << reversed.err;
  EXPECT_TRUE(has(reversed.err, "rating:1..10")) << reversed.err;
  const CliRun lang = search(db_, "'lang:klingon' --json");
  EXPECT_EQ(lang.exit_code, 2);
  EXPECT_TRUE(has(error_object(lang).at("message"), "'klingon' is not a language tag"));
  EXPECT_EQ(error_object(lang).at("column"), 6);
  const CliRun paren = search(db_, "')'");
  EXPECT_EQ(paren.exit_code, 2);
  EXPECT_TRUE(has(paren.err, "unmatched ')'")) << paren.err;
  EXPECT_FALSE(has(paren.err, "empty query")) << paren.err;
}

TEST_F(Messages, AWellFormedTagThatNoLanguageHasIsNamed) {
  // `xx` has the shape of a tag but is no ISO 639 code, and no document has it.
  const CliRun xx = search(db_, "'samantha lang:xx' --json");
  EXPECT_EQ(xx.exit_code, 2) << xx.out;
  EXPECT_TRUE(has(error_object(xx).at("message"), "'xx' is not a language tag")) << xx.err;
  EXPECT_EQ(error_object(xx).at("column"), 15);
  EXPECT_EQ(search(db_, "'samantha lang:de'").exit_code, 0) << "an ISO code no document has yet";
  // A JSON Lines record keeps the "lang" it gives, and can be found by it.
  const std::string file = dir_.write(
      "own_lang.jsonl", R"({"id":"x1","text":"Samantha, in a language of its own.","lang":"xx"})"
                        "\n");
  const std::string db = dir_.sub("xxdb");
  ASSERT_EQ(herdex(dir_, "index --db '" + db + "' '" + file + "' --id-field id").exit_code, 0);
  const CliRun own = search(db, "'samantha lang:xx' --json");
  ASSERT_EQ(own.exit_code, 0) << own.err;
  EXPECT_TRUE(has(own.out, "\"x1\"")) << own.out;
}

TEST_F(Messages, HeaderDatesAndLanguagesWarnLikeRatings) {
  const std::string file = dir_.write("hdr/review.txt",
                                      "title: T\nrating: ten\ndate: 2014-13-45\nlang: klingon\n\n"
                                      "A review body with some words.\n");
  const CliRun run = herdex(dir_, "index --db '" + dir_.sub("hdb") + "' '" + file + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.err, file + ":2: rating 'ten'")) << run.err;
  EXPECT_TRUE(has(run.err, file + ":3: date '2014-13-45': month 13 does not exist")) << run.err;
  EXPECT_TRUE(has(run.err, file + ":4: lang 'klingon'")) << run.err;
  const CliRun found = herdex(dir_, "search --db '" + dir_.sub("hdb") + "' review --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  const json hit = json::parse(found.out).at("hits").at(0);
  EXPECT_EQ(hit.at("date"), "");
  EXPECT_EQ(hit.at("lang"), "en") << "detected, not klingon";
}

TEST_F(Messages, QueryErrorsQuoteALongQueryShortWithTheCaretUnderTheColumn) {
  const std::string words(4000, 'w');
  const CliRun run = search(db_, "'samantha " + words + " date:2014-13-45 after'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_LT(run.err.size(), 400U) << run.err.substr(0, 400);
  EXPECT_TRUE(has(run.err, "\n  …ww")) << run.err.substr(0, 400);
  EXPECT_TRUE(has(run.err, "w date:2014-13-45 after\n")) << run.err.substr(0, 400);
  // Under the 1 of 13: as many columns as the text before it shows.
  const std::size_t line = run.err.find("\n  …");
  ASSERT_NE(line, std::string::npos) << run.err.substr(0, 400);
  const std::string shown = run.err.substr(line + 3, run.err.find('\n', line + 1) - line - 3);
  const std::size_t caret = run.err.find('^') - run.err.rfind('\n', run.err.find('^')) - 1;
  EXPECT_EQ(caret, 2 + 1 + shown.find("13-45") - std::string("…").size()) << run.err;
  // Chinese characters take two columns each: 孤独 and a space are five.
  const CliRun cjk = search(db_, "'孤独 date:2014-13-45'");
  EXPECT_EQ(cjk.exit_code, 2);
  EXPECT_TRUE(has(cjk.err, "\n  孤独 date:2014-13-45\n  " + std::string(15, ' ') + "^\n"))
      << cjk.err;
}

// 3. Argument errors in herdex's own format, with the closest name.
TEST(MessagesArguments, UnknownCommandsAndOptionsAreNamedWithTheClosest) {
  testing::TempDir dir;
  const CliRun serach = herdex(dir, "serach x");
  EXPECT_EQ(serach.exit_code, 2);
  EXPECT_EQ(serach.err, "herdex: error: unknown command 'serach' (did you mean 'search'?)\n");
  const CliRun foo = herdex(dir, "foo");
  EXPECT_EQ(foo.exit_code, 2);
  EXPECT_TRUE(has(foo.err, "herdex: error: unknown command 'foo'")) << foo.err;
  EXPECT_TRUE(has(foo.err, "search")) << "lists the commands: " << foo.err;
  const CliRun limt = herdex(dir, "search x --limt 3");
  EXPECT_EQ(limt.exit_code, 2);
  EXPECT_EQ(
      limt.err,
      "herdex: error: unknown option '--limt' for 'herdex search' (did you mean '--limit'?)\n");
  const CliRun extra = herdex(dir, "search x 3");
  EXPECT_EQ(extra.exit_code, 2);
  EXPECT_TRUE(has(extra.err, "herdex: error: unexpected argument '3'")) << extra.err;
  for (const CliRun& run : {serach, foo, limt, extra}) {
    EXPECT_FALSE(has(run.err, "Run with --help")) << run.err;
    EXPECT_FALSE(has(run.err, "A subcommand is required")) << run.err;
  }
  const CliRun missing = herdex(dir, "search");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_TRUE(has(missing.err, "herdex: error: herdex search: query is required")) << missing.err;
}

TEST(MessagesArguments, CommandsOfCommandsAreNamedWithTheClosest) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "bench indx --db x");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err,
            "herdex: error: unknown command 'indx' for 'herdex bench' (did you mean 'index'?)\n");
}

TEST(MessagesArguments, HelpForAnUnknownCommandIsAnError) {
  testing::TempDir dir;
  const CliRun serach = herdex(dir, "help serach");
  EXPECT_EQ(serach.exit_code, 2);
  EXPECT_TRUE(serach.out.empty()) << serach.out;
  EXPECT_EQ(serach.err, "herdex: error: unknown command 'serach' (did you mean 'search'?)\n");
  const CliRun indx = herdex(dir, "help bench indx");
  EXPECT_EQ(indx.exit_code, 2);
  EXPECT_TRUE(has(indx.err, "unknown command 'indx' for 'herdex bench' (did you mean 'index'?)"))
      << indx.err;
  const CliRun index = herdex(dir, "help bench index");
  EXPECT_EQ(index.exit_code, 0) << index.err;
  EXPECT_TRUE(has(index.out, "Usage: herdex bench index")) << index.out;
}

TEST(MessagesArguments, HelpCommandShowsTheCommandsHelp) {
  testing::TempDir dir;
  const CliRun run = herdex(dir, "help search");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "Usage: herdex search")) << run.out;
  const CliRun plain = herdex(dir, "help");
  EXPECT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_TRUE(has(plain.out, "Usage: herdex")) << plain.out;
}

// 4. With --json, errors are one JSON object; lines are the file's.
TEST(MessagesJson, ErrorsAreOneJsonObjectWithTheSameExitCode) {
  testing::TempDir dir;
  const CliRun missing = herdex(dir, "search --db '" + dir.sub("missing") + "' x --json");
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_TRUE(missing.out.empty());
  const json e = error_object(missing);
  EXPECT_EQ(e.at("code"), "not_found");
  EXPECT_TRUE(e.at("line").is_null()) << "a database has no line";
  const CliRun usage = herdex(dir, "search x --json --limt 3");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_EQ(error_object(usage).at("code"), "invalid_argument");
  EXPECT_TRUE(has(error_object(usage).at("message"), "'--limit'"));
}

TEST(MessagesJson, JsonLinesErrorsCarryTheFilesLineAndNoLineForAFile) {
  testing::TempDir dir;
  const std::string file = dir.write("bad.jsonl",
                                     "{\"id\":\"1\",\"text\":\"fine\"}\n"
                                     "{\"id\":\"2\", \"text\": \"broken\" x}\n");
  // An empty file is a problem with the whole file. (A missing input would
  // stop the run before it starts: exit 3.)
  const std::string empty = dir.write("empty.txt", "");
  const CliRun run = herdex(dir, "index --db '" + dir.sub("db") + "' --id-field id --json '" +
                                     file + "' '" + empty + "'");
  EXPECT_EQ(run.exit_code, 1);
  const json problems = json::parse(run.out).at("problems");
  ASSERT_EQ(problems.size(), 2U) << run.out;
  EXPECT_EQ(problems[0].at("line"), 2);
  EXPECT_EQ(problems[0].at("column"), 29) << "at the x";
  EXPECT_FALSE(has(problems[0].at("message"), "line 1")) << problems[0].dump();
  EXPECT_TRUE(problems[1].at("line").is_null()) << problems[1].dump();
  EXPECT_TRUE(has(run.err, file + ":2:29: malformed JSON")) << run.err;
}

TEST(MessagesJson, IndexProblemsUseTheErrorFormatAndSayWhatTheyAre) {
  testing::TempDir dir;
  const std::string bad = dir.write("bad.jsonl", "{\"id\":\"1\",\"text\":\"fine\"}\n{\"id\": x}\n");
  const std::string empty = dir.write("empty.txt", "");
  const std::string header = dir.write("header.txt", "rating: ten\n\nA body.\n");
  const CliRun run = herdex(dir, "index --db '" + dir.sub("db") + "' --id-field id --json '" + bad +
                                     "' '" + empty + "' '" + header + "'");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(has(run.err, "herdex: error: " + bad + ":2:8: malformed JSON")) << run.err;
  EXPECT_TRUE(has(run.err, "herdex: warning: " + empty + ": empty file (skipped)\n")) << run.err;
  EXPECT_TRUE(has(run.err, "herdex: warning: " + header + ":1: rating 'ten'")) << run.err;
  EXPECT_TRUE(has(run.err, "herdex: error: 1 input(s) could not be indexed")) << run.err;
  std::istringstream lines(run.err);
  for (std::string line; std::getline(lines, line);) {
    EXPECT_TRUE(line.rfind("herdex: error: ", 0) == 0 || line.rfind("herdex: warning: ", 0) == 0)
        << line;
  }
  const json problems = json::parse(run.out).at("problems");
  ASSERT_EQ(problems.size(), 3U) << run.out;
  EXPECT_EQ(problems[0].at("kind"), "error");
  EXPECT_EQ(problems[1].at("kind"), "skipped");
  EXPECT_EQ(problems[2].at("kind"), "warning");

  const CliRun dup = herdex(dir, "index --db '" + dir.sub("db2") + "' --id-field id '" +
                                     dir.write("dup.jsonl",
                                               "{\"id\":\"d\",\"text\":\"one\"}\n"
                                               "{\"id\":\"d\",\"text\":\"two\"}\n") +
                                     "'");
  EXPECT_EQ(dup.exit_code, 1);
  EXPECT_TRUE(has(dup.err, "herdex: warning: " + dir.sub("dup.jsonl") + ":2: duplicate id"))
      << dup.err;
  EXPECT_TRUE(has(dup.err, "herdex: warning: 1 duplicate id(s)")) << dup.err;

  const CliRun missing = herdex(dir, "delete --db '" + dir.sub("db") + "' nosuchid");
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_TRUE(has(missing.err, "herdex: error: no document with the id 'nosuchid'")) << missing.err;
}

// 5. Hits a person can act on.
TEST_F(Messages, HitsShowIdAuthorDateAndRating) {
  const CliRun run = search(jdb_, "bright");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "id a1 · by Lindqvist · 2014-01-02 · rating 8")) << run.out;
  const CliRun rated = search(db_, "samantha --sort rating --limit 1");
  EXPECT_TRUE(has(rated.out, "rating ")) << rated.out;
}

TEST_F(Messages, HitsOfJsonLinesRecordsNameTheirLine) {
  const CliRun run = search(jdb_, "bright");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "reviews.jsonl:1  bytes")) << run.out;
  const json hits = json::parse(search(jdb_, "lonely --json").out).at("hits");
  ASSERT_FALSE(hits.empty());
  for (const json& hit : hits) {
    const int expected = hit.at("id") == "a2" ? 2 : hit.at("id") == "a3" ? 3 : 4;
    EXPECT_EQ(hit.at("line"), expected) << hit.dump();
  }
  const json file_hit = json::parse(search(db_, "samantha --limit 1 --json").out).at("hits").at(0);
  EXPECT_TRUE(file_hit.at("line").is_null()) << "a whole file has no line";
}

TEST_F(Messages, ARecordThatMovedToAnotherLineIsFoundAtItsNewLine) {
  const std::string record = R"({"id":"m1","text":"Theodore writes letters for strangers."})";
  const std::string file = dir_.write("moving.jsonl", record + "\n");
  const std::string db = dir_.sub("movingdb");
  const std::string index = "index --db '" + db + "' '" + file + "' --id-field id --json";
  ASSERT_EQ(herdex(dir_, index).exit_code, 0);
  auto line_of_m1 = [&] {
    const json found = json::parse(search(db, "theodore --json").out);
    for (const json& hit : found.at("hits")) {
      if (hit.at("id") == "m1") return hit.at("line").get<int>();
    }
    return 0;
  };
  EXPECT_EQ(line_of_m1(), 1);
  dir_.write("moving.jsonl", R"({"id":"m0","text":"A record above it."})"
                             "\n" +
                                 record + "\n");
  const CliRun again = herdex(dir_, index);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out).at("unchanged"), 1) << "its text did not change";
  EXPECT_EQ(line_of_m1(), 2);
}

// 6. Short snippets, --all-passages, an offset past the end.
TEST_F(Messages, ShortSnippetsEndOnWordBoundaries) {
  const CliRun run = search(db_, "samantha --snippet-bytes 30 --limit 20 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_GE(doc.at("hits").size(), 10U);
  for (const json& hit : doc.at("hits")) {
    // An HTML document's offsets index its extracted text, not the file
    // (README, "HTML"): only files whose bytes the offsets index are checked.
    const std::string source = hit.at("source");
    if (source.size() >= 5 && source.compare(source.size() - 5, 5, ".html") == 0) continue;
    const std::string file = testing::read_file(source);
    const auto range = hit.at("snippet_range");
    const std::size_t b = range[0], e = range[1];
    auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
    if (b > 0) {
      EXPECT_FALSE(word(file[b - 1]) && word(file[b])) << "starts inside a word: " << hit.dump();
    }
    if (e < file.size()) {
      EXPECT_FALSE(word(file[e - 1]) && word(file[e])) << "ends inside a word: " << hit.dump();
    }
  }
}

TEST_F(Messages, AllPassagesListsEveryPassageByScoreAndCountsThem) {
  const CliRun run = search(db_, "samantha --all-passages --limit 5 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_GE(doc.at("passages").get<int>(), 5);
  double last = 1e9;
  for (const json& hit : doc.at("hits")) {
    const double score = hit.at("passages").at(0).at("score");
    EXPECT_LE(score, last);
    last = score;
  }
  const CliRun text = search(db_, "samantha --all-passages --limit 5");
  EXPECT_TRUE(
      has(text.out, "1–5 of " + std::to_string(doc.at("passages").get<int>()) + " passages"))
      << text.out;
}

TEST_F(Messages, AllPassagesShowEachPassagesOwnScoreInOrder) {
  const CliRun run = search(db_, "samantha --all-passages --limit 10");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  double last = 1e9;
  int shown = 0;
  for (std::size_t at = run.out.find("(passage score "); at != std::string::npos;
       at = run.out.find("(passage score ", at + 1)) {
    const double score = std::stod(run.out.substr(at + 15));
    EXPECT_LE(score, last) << run.out;
    last = score;
    ++shown;
  }
  EXPECT_EQ(shown, 10) << run.out;
}

TEST_F(Messages, AllPassagesPastTheEndSaysHowManyPassagesThereAre) {
  const CliRun all = search(db_, "samantha --all-passages --json");
  const int passages = json::parse(all.out).at("passages");
  const CliRun run = search(db_, "samantha --all-passages --offset 1000");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "has " + std::to_string(passages) + " passages in the top documents"))
      << run.out;
}

TEST_F(Messages, AnOffsetPastTheEndSaysHowManyResultsThereAre) {
  const CliRun total = search(jdb_, "lonely --json");
  const int n = json::parse(total.out).at("total");
  const CliRun run = search(jdb_, "lonely --offset 100");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(has(run.out, "has about " + std::to_string(n) + " results")) << run.out;
  EXPECT_FALSE(has(run.out, "No results for")) << run.out;
}

// 7. bench: --plot, bench index on an existing database, long queries.
TEST_F(Messages, PlotMustBeSvgAndIsCheckedBeforeTheRun) {
  const std::string queries = dir_.write("q.tsv", "samantha\n");
  const CliRun run = herdex(dir_, "bench --db '" + db_ + "' --queries '" + queries +
                                      "' --repeat 1 --plot '" + dir_.sub("out.png") + "'");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_TRUE(has(run.err, "out.png")) << run.err;
  EXPECT_TRUE(has(run.err, ".svg")) << run.err;
  EXPECT_TRUE(run.out.empty()) << "nothing ran: " << run.out;
  EXPECT_FALSE(std::filesystem::exists(dir_.sub("out.png")));
}

TEST_F(Messages, PlotIntoAMissingDirectoryFailsBeforeTheRun) {
  const std::string queries = dir_.write("q.tsv", "samantha\n");
  const std::string plot = dir_.sub("no/such/dir/out.svg");
  const CliRun run = herdex(dir_, "bench --db '" + db_ + "' --queries '" + queries +
                                      "' --repeat 1 --plot '" + plot + "'");
  EXPECT_EQ(run.exit_code, 6) << run.err;
  EXPECT_EQ(run.err, "herdex: error: " + plot + ": cannot write the plot: no such directory\n");
  EXPECT_TRUE(run.out.empty()) << "nothing ran: " << run.out;
}

TEST_F(Messages, BenchIndexOnAnExistingDatabaseExits2) {
  const CliRun run = herdex(dir_, "bench index --db '" + db_ + "' '" + testing::corpus_dir() + "'");
  EXPECT_EQ(run.exit_code, 2) << run.err;
  EXPECT_TRUE(has(run.err, "herdex: error: " + db_)) << run.err;
}

TEST_F(Messages, BenchQuotesALongFailingQueryShort) {
  const std::string queries = dir_.write("big.tsv", "big\t" + std::string(200000, 'x') + "\n");
  const CliRun run =
      herdex(dir_, "bench --db '" + db_ + "' --queries '" + queries + "' --repeat 1");
  EXPECT_EQ(run.exit_code, 2) << run.err.substr(0, 300);
  EXPECT_LT(run.err.size(), 1000U) << run.err.substr(0, 300);
  EXPECT_TRUE(has(run.err, "200000 bytes")) << run.err.substr(0, 300);
}

// 9. --help: each command its own examples and every option.
TEST(MessagesHelp, EveryCommandShowsItsOwnExamplesAndOptions) {
  testing::TempDir dir;
  const CliRun stats = herdex(dir, "stats --help");
  EXPECT_EQ(stats.exit_code, 0);
  EXPECT_TRUE(has(stats.out, "herdex stats")) << stats.out;
  EXPECT_FALSE(has(stats.out, "herdex serve --port")) << "global examples repeated: " << stats.out;
  const CliRun bench_index = herdex(dir, "bench index --help");
  for (const char* option : {"--field", "--passage-words", "--max-bytes"}) {
    EXPECT_TRUE(has(bench_index.out, option)) << option << " in " << bench_index.out;
  }
}

TEST(MessagesHelp, NoCommandRepeatsTheGlobalExamples) {
  testing::TempDir dir;
  const CliRun global = herdex(dir, "--help");
  ASSERT_TRUE(has(global.out, "Run `herdex COMMAND --help`")) << global.out;
  for (const char* command : {"index", "search", "stats", "delete", "eval", "bench", "bench index",
                              "serve", "completion", "man", "check", "compact"}) {
    const CliRun run = herdex(dir, std::string(command) + " --help");
    EXPECT_EQ(run.exit_code, 0) << command;
    EXPECT_FALSE(has(run.out, "Run `herdex COMMAND --help`")) << command << ":\n" << run.out;
    EXPECT_TRUE(has(run.out, "Example")) << command << ":\n" << run.out;
    EXPECT_TRUE(has(run.out, "\n  herdex " + std::string(command)) ||
                has(run.out, "Example: herdex " + std::string(command)))
        << command << ":\n"
        << run.out;
  }
}

TEST_F(Messages, BenchIndexTakesFieldsAndPassageWords) {
  const CliRun run =
      herdex(dir_, "bench index --db '" + dir_.sub("bdb") + "' '" + dir_.sub("reviews.jsonl") +
                       "' --id-field id --field genre --passage-words 20 --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const CliRun found = search(dir_.sub("bdb"), "'genre:drama lonely' --json");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_EQ(json::parse(found.out).at("total"), 1);
}

// 10. Fields that filter, and facets of every field.
TEST_F(Messages, AFieldNextToFreeWordsRestrictsTheResults) {
  const CliRun run = search(jdb_, "'genre:drama lonely' --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json doc = json::parse(run.out);
  ASSERT_EQ(doc.at("total"), 1) << run.out;
  EXPECT_EQ(doc.at("hits").at(0).at("id"), "a3");
  // Fields alone stay alternatives; + and AND are still there.
  const CliRun either = search(jdb_, "'genre:drama genre:comedy' --json");
  EXPECT_EQ(json::parse(either.out).at("total"), 4);
  const CliRun explicit_and = search(jdb_, "'genre:comedy AND lonely' --json");
  EXPECT_EQ(json::parse(explicit_and.out).at("total"), 2);
}

TEST_F(Messages, ValuesOfOneFieldAreAlternativesNextToFreeWords) {
  const CliRun run = search(jdb_, "'genre:drama genre:comedy lonely' --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out).at("total"), 3) << "every lonely drama or comedy: " << run.out;
  const CliRun two = search(jdb_, "'genre:drama author:lindqvist samantha' --json");
  EXPECT_EQ(json::parse(two.out).at("total"), 1) << two.out;
}

TEST(MessagesFields, AChineseFieldValueMatchesAsWritten) {
  testing::TempDir dir;
  // 喜剧 (comedy) shares 剧 with 剧情 (drama), and 爱情 (romance) shares 情.
  const std::string reviews =
      dir.write("zh.jsonl", R"({"id":"z1","text":"一个孤独的人爱上了操作系统。","genre":"剧情"})"
                            "\n"
                            R"({"id":"z2","text":"孤独的夜晚，好笑的喜剧。","genre":"喜剧"})"
                            "\n"
                            R"({"id":"z3","text":"一部关于孤独和爱情的电影。","genre":"爱情"})"
                            "\n");
  const std::string db = dir.sub("db");
  ASSERT_EQ(herdex(dir, "index --db '" + db + "' '" + reviews + "' --id-field id --field genre")
                .exit_code,
            0);
  auto ids = [&](const std::string& query) {
    const CliRun run = herdex(dir, "search --db '" + db + "' '" + query + "' --json");
    EXPECT_EQ(run.exit_code, 0) << run.err;
    const json doc = json::parse(run.out);
    std::vector<std::string> out;
    for (const json& hit : doc.at("hits")) out.push_back(hit.at("id"));
    std::sort(out.begin(), out.end());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(ids("genre:剧情 孤独"), V({"z1"}));
  EXPECT_EQ(ids("genre:剧情"), V({"z1"}));
  EXPECT_EQ(ids("genre:爱情 孤独"), V({"z3"}));
  EXPECT_EQ(ids("孤独 -genre:喜剧"), V({"z1", "z3"}));
  EXPECT_EQ(ids("genre:剧情 genre:喜剧 孤独"), V({"z1", "z2"}));
}

TEST_F(Messages, FacetsTakeEveryFieldGivenAtIndexTime) {
  const CliRun run = search(jdb_, "lonely --facets genre,lang --json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json facets = json::parse(run.out).at("facets");
  EXPECT_EQ(facets.at("genre").at("comedy"), 2);
  EXPECT_EQ(facets.at("genre").at("drama"), 1);
  const CliRun unknown = search(jdb_, "lonely --facets mood");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(has(unknown.err, "unknown facet 'mood'")) << unknown.err;
  // The library names the problem; the command line adds its flag.
  EXPECT_TRUE(has(unknown.err, "`index --field`")) << unknown.err;
}

}  // namespace
}  // namespace herdex
