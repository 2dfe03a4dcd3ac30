// Issue 16 as a user meets it on the command line: document identity,
// duplicate ids, JSON Lines records with NUL bytes, standard input, settings
// changes, links out of the indexed folder, the problem cap and missing
// inputs. (Each case failed on the commit the issue was filed against; run
// with HERDEX_BIN=... to check another binary.)
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "support/cli.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::CliRun;
using testing::herdex;
using testing::TempDir;

// `herdex ARGS --json` from within `dir`, its summary parsed.
json index_json(const TempDir& dir, const std::string& args, int expected_exit = 0) {
  const CliRun run =
      testing::shell(dir, "cd '" + dir.path().string() + "' && '" + testing::herdex_bin() +
                              "' index --db db " + args + " --json");
  EXPECT_EQ(run.exit_code, expected_exit) << args << "\n" << run.err;
  try {
    return json::parse(run.out);
  } catch (const json::exception&) {
    ADD_FAILURE() << "not JSON: " << run.out << run.err;
    return json::object();
  }
}

std::size_t documents(const TempDir& dir) {
  const CliRun run = herdex(dir, "stats --json --db '" + dir.sub("db") + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return json::parse(run.out).at("documents").get<std::size_t>();
}

TEST(CliIdentity, SameNamedFilesAreTwoDocuments) {
  TempDir dir;
  dir.write("colA/review.txt", "A review about a walrus.\n");
  dir.write("colB/review.txt", "A review about a penguin.\n");
  const json r = index_json(dir, "colA/ colB/");
  EXPECT_EQ(r.value("added", 0), 2);
  EXPECT_EQ(r.value("updated", 0), 0);
  EXPECT_EQ(documents(dir), 2U);
}

TEST(CliIdentity, SubFolderDoesNotDuplicateAndPruneStaysInside) {
  TempDir dir;
  dir.write("corpus/en/01.txt", "An English review.\n");
  dir.write("corpus/en/02.txt", "Another English review.\n");
  dir.write("corpus/ja/01.txt", "日本語のレビュー。\n");
  dir.write("corpus/ko/01.txt", "한국어 리뷰.\n");
  EXPECT_EQ(index_json(dir, "corpus/").value("added", 0), 4);
  const json again = index_json(dir, "corpus/en/");
  EXPECT_EQ(again.value("added", -1), 0);
  EXPECT_EQ(again.value("unchanged", 0), 2);
  EXPECT_EQ(documents(dir), 4U);
  fs::remove(dir.path() / "corpus/en/02.txt");
  const json pruned = index_json(dir, "./corpus/en --prune");
  EXPECT_EQ(pruned.value("deleted", 0), 1);
  EXPECT_EQ(documents(dir), 3U);
}

TEST(CliIdentity, DuplicateIdIsReportedAndConverges) {
  TempDir dir;
  const std::string file = dir.write("d.jsonl", R"({"id": "x", "text": "The first x."})"
                                                "\n"
                                                R"({"id": "y", "text": "Just y."})"
                                                "\n"
                                                R"({"id": "x", "text": "The last x."})"
                                                "\n");
  const std::string shown = fs::canonical(file).string();
  const CliRun first = herdex(dir, "index --db '" + dir.sub("db") + "' '" + file + "'");
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find(shown + ":3: duplicate id \"x\" (first at " + shown + ":1)"),
            std::string::npos)
      << first.err;
  const json second = index_json(dir, "d.jsonl", 1);
  EXPECT_EQ(second.value("unchanged", 0), 2);
  EXPECT_EQ(second.value("updated", -1), 0);
  EXPECT_EQ(second.value("duplicates", 0), 1);
}

TEST(CliIdentity, NulByteDoesNotSwallowTheNextRecord) {
  TempDir dir;
  std::string content = R"({"id": "one", "text": "first"})"
                        "\n"
                        R"({"id": "two", "text": "a)";
  content += std::string(1, '\0');
  content += R"(b"})"
             "\n"
             R"({"id": "three", "text": "walrus"})"
             "\n"
             "{broken\n";
  dir.write("n.jsonl", content);
  const json r = index_json(dir, "n.jsonl", 1);
  EXPECT_EQ(r.value("added", 0), 2);
  EXPECT_EQ(r.value("errors", 0), 2);
  ASSERT_EQ(r.at("problems").size(), 2U);
  EXPECT_EQ(r.at("problems")[0].at("line"), 2);
  EXPECT_EQ(r.at("problems")[1].at("line"), 4);
}

TEST(CliStdin, PlainTextJsonLinesIdsAndFormats) {
  TempDir dir;
  const std::string bin = "'" + testing::herdex_bin() + "'";
  const std::string db = "--db '" + dir.sub("db") + "'";
  // In a subshell: shell() gives the command line /dev/null as input.
  auto piped = [&dir](const std::string& command) {
    return testing::shell(dir, "(" + command + ")");
  };
  CliRun run = piped("echo 'The walrus piece.' | " + bin + " index - " + db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = piped("echo 'The penguin piece.' | " + bin + " index - " + db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  // The same text again is the same document.
  run = piped("echo 'The walrus piece.' | " + bin + " index - " + db + " --json");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(json::parse(run.out).value("unchanged", 0), 1) << run.out;
  run = piped("printf '{\"id\": \"j1\", \"text\": \"A seal from JSON Lines.\"}\\n' | " + bin +
              " index - " + db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = piped("echo '# Otters' | " + bin + " index - --format md --id otters " + db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  run = piped("echo '<p>A heron.</p>' | " + bin + " index - --format html --id heron " + db);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(documents(dir), 5U);

  auto first_id = [&](const std::string& query) {
    const CliRun found = herdex(dir, "search --json " + db + " " + query);
    EXPECT_EQ(found.exit_code, 0) << found.err;
    const json hits = json::parse(found.out).at("hits");
    return hits.empty() ? std::string() : hits[0].at("id").get<std::string>();
  };
  const std::string walrus = first_id("walrus");
  const std::string penguin = first_id("penguin");
  EXPECT_EQ(walrus.rfind("stdin-", 0), 0U) << walrus;
  EXPECT_NE(walrus, penguin);
  EXPECT_EQ(first_id("seal"), "j1");
  EXPECT_EQ(first_id("otters"), "otters");
  EXPECT_EQ(first_id("heron"), "heron");
}

TEST(CliIdentity, PassageSettingsReindex) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 40; ++i)
    text += "This is sentence number " + std::to_string(i) + " of the review. ";
  dir.write("seeds/long.txt", text + "\n");
  dir.write("seeds/short.txt", "A short review.\n");
  EXPECT_EQ(index_json(dir, "seeds").value("added", 0), 2);
  EXPECT_EQ(index_json(dir, "seeds --passage-words 20").value("updated", 0), 2);
  EXPECT_EQ(index_json(dir, "seeds --passage-words 20").value("unchanged", 0), 2);
  EXPECT_EQ(index_json(dir, "seeds --passage-words 20 --keep-boilerplate").value("updated", 0), 2);
}

TEST(CliIdentity, LinksOutOfTheFolderAreNotFollowed) {
  TempDir dir;
  dir.write("outside/secret.txt", "Not part of the collection.\n");
  dir.write("root/own.txt", "Our own review.\n");
  fs::create_directory_symlink(dir.path() / "outside", dir.path() / "root/out");
  const json r = index_json(dir, "root");
  EXPECT_EQ(r.value("added", 0), 1);
  EXPECT_EQ(r.value("skipped", 0), 1);
  const json followed = index_json(dir, "root --follow-links");
  EXPECT_EQ(followed.value("added", 0), 1);
  EXPECT_EQ(documents(dir), 2U);
}

TEST(CliIdentity, ProblemsBeyondAThousandAreCounted) {
  TempDir dir;
  std::string bad;
  for (int i = 0; i < 1500; ++i) bad += "not json\n";
  dir.write("bad.jsonl", bad);
  const json r = index_json(dir, "bad.jsonl", 1);
  EXPECT_EQ(r.value("errors", 0), 1500);
  EXPECT_EQ(r.at("problems").size(), 1000U);
  EXPECT_EQ(r.value("problems_not_listed", 0), 500);
  const CliRun text =
      herdex(dir, "index --db '" + dir.sub("db2") + "' '" + dir.sub("bad.jsonl") + "'");
  EXPECT_NE(text.err.find("500 more problems"), std::string::npos);
  EXPECT_LT(std::count(text.err.begin(), text.err.end(), '\n'), 1010);
}

TEST(CliIdentity, MissingInputIsExitThreeAndCreatesNothing) {
  TempDir dir;
  dir.write("real/a.txt", "A review.\n");
  const CliRun run = herdex(dir, "index --db '" + dir.sub("x") + "' '" + dir.sub("nonexistent") +
                                     "' '" + dir.sub("real") + "'");
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("no such file"), std::string::npos) << run.err;
  EXPECT_FALSE(fs::exists(dir.path() / "x"));
}

}  // namespace
}  // namespace herdex
