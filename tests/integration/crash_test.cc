// kill -9 during `herdex index`: the database must always open, pass
// xapian-check, and hold exactly a committed prefix of the documents; the
// next run completes it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "herdex/herdex.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

constexpr int kDocuments = 3000;
constexpr int kBatch = 100;

std::string words(std::mt19937& rng, int n) {
  static const char* const kWords[] = {"voice", "letter", "lonely", "city",  "rain",   "phone",
                                       "love",  "system", "ocean",  "piano", "window", "night"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += kWords[rng() % 12];
    out += i % 12 == 11 ? ".\n\n" : " ";
  }
  return out;
}

// Starts `herdex index` and returns its pid. By default one thread in
// batches of kBatch documents; with `bulk`, the fast way a new database is
// built (IndexOptions::threads).
pid_t start_index(const std::string& db, const std::string& docs, const std::string& log,
                  bool bulk = false) {
  const std::string bin = testing::herdex_bin();
  const std::string batch = std::to_string(kBatch);
  std::vector<const char*> argv = {bin.c_str(), "index",      "--db",
                                   db.c_str(),  docs.c_str(), "--no-progress"};
  if (bulk) {
    argv.insert(argv.end(), {"--threads", "2"});
  } else {
    argv.insert(argv.end(), {"--threads", "1", "--batch", batch.c_str()});
  }
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (freopen(log.c_str(), "w", stdout) == nullptr ||
        freopen(log.c_str(), "a", stderr) == nullptr)
      _exit(127);
    execv(bin.c_str(), const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  return pid;
}

TEST(Crash, KillNineLeavesACommittedPrefixThatTheNextRunCompletes) {
  testing::TempDir dir;
  std::mt19937 rng(20261121);
  for (int i = 0; i < kDocuments; ++i) {
    dir.write(fmt::format("docs/{:05}.txt", i),
              fmt::format("title: Review {}\n\n{}", i, words(rng, 150)));
  }
  const std::string db = dir.sub("db");
  const std::string docs = dir.sub("docs");
  std::size_t last_count = 0;
  int kills = 0;
  for (int round = 0; round < 12; ++round) {
    const pid_t pid = start_index(db, docs, dir.sub("log"));
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(10 + rng() % 250));
    if (kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);

    auto stats = database_stats(db);
    if (!stats && stats.error().code == ErrorCode::not_found)
      continue;  // killed before the first commit
    ASSERT_TRUE(stats) << stats.error().describe();
    EXPECT_TRUE(stats->documents % kBatch == 0 || stats->documents == kDocuments)
        << "round " << round << ": " << stats->documents << " documents is not a committed batch";
    EXPECT_GE(stats->documents, last_count) << "committed documents were lost";
    last_count = stats->documents;
    const std::string check = "xapian-check '" + db + "' >'" + dir.sub("check.log") + "' 2>&1";
    EXPECT_EQ(std::system(check.c_str()), 0) << testing::read_file(dir.sub("check.log"));
    auto searcher = Searcher::open(db);
    ASSERT_TRUE(searcher) << searcher.error().describe();
    auto results = searcher->search("voice");
    ASSERT_TRUE(results) << results.error().describe();
  }
  EXPECT_GT(kills, 0);
  // A run to completion finishes the job.
  const pid_t pid = start_index(db, docs, dir.sub("log"));
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::read_file(dir.sub("log"));
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, static_cast<std::size_t>(kDocuments));

  // Updates: every file changes (it gains a marker word); a killed run must
  // have replaced whole batches of documents, never part of one.
  for (int round = 0; round < 3; ++round) {
    const std::string marker = fmt::format("zqmarker{}", round);
    for (int i = 0; i < kDocuments; ++i) {
      dir.write(fmt::format("docs/{:05}.txt", i),
                fmt::format("title: Review {}\n\n{} {}", i, marker, words(rng, 150)));
    }
    const pid_t updater = start_index(db, docs, dir.sub("log"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 300));
    (void)kill(updater, SIGKILL);  // it may have finished already
    ASSERT_EQ(waitpid(updater, &status, 0), updater);
    auto searcher = Searcher::open(db);
    ASSERT_TRUE(searcher) << searcher.error().describe();
    auto updated = searcher->search(marker);
    ASSERT_TRUE(updated);
    EXPECT_TRUE(updated->total % kBatch == 0 || updated->total == kDocuments)
        << updated->total << " updated documents is not a committed batch";
    auto all = database_stats(db);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->documents, static_cast<std::size_t>(kDocuments)) << "an update lost documents";
  }
}

// kill -9 at any moment of a bulk load (a new database, two threads,
// inputs over IndexOptions::bulk_min_bytes) leaves no database, the empty
// one, or the whole one, each passing xapian-check; nothing of the load is
// left beside it once a run completes.
TEST(Crash, KillNineDuringABulkLoadLeavesNoneOrAllOfIt) {
  testing::TempDir dir;
  std::mt19937 rng(20261205);
  constexpr int kBulkDocuments = 6000;  // about 5.5 MB: a bulk load
  for (int i = 0; i < kBulkDocuments; ++i) {
    dir.write(fmt::format("docs/{:05}.txt", i),
              fmt::format("title: Review {}\n\n{}", i, words(rng, 150)));
  }
  const std::string db = dir.sub("db");
  const std::string docs = dir.sub("docs");
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    const pid_t pid = start_index(db, docs, dir.sub("log"), true);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 2500));
    if (kill(pid, SIGKILL) == 0) ++kills;
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    auto stats = database_stats(db);
    if (!stats && stats.error().code == ErrorCode::not_found) continue;
    ASSERT_TRUE(stats) << stats.error().describe();
    EXPECT_TRUE(stats->documents == 0 || stats->documents == kBulkDocuments)
        << "round " << round << ": " << stats->documents << " documents";
    const std::string check = "xapian-check '" + db + "' >'" + dir.sub("check.log") + "' 2>&1";
    EXPECT_EQ(std::system(check.c_str()), 0) << testing::read_file(dir.sub("check.log"));
    auto searcher = Searcher::open(db);
    ASSERT_TRUE(searcher) << searcher.error().describe();
    ASSERT_TRUE(searcher->search("voice"));
    if (stats->documents == kBulkDocuments) break;  // the load won the race
  }
  EXPECT_GT(kills, 0);
  const pid_t pid = start_index(db, docs, dir.sub("log"), true);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << testing::read_file(dir.sub("log"));
  auto stats = database_stats(db);
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->documents, static_cast<std::size_t>(kBulkDocuments));
  EXPECT_FALSE(std::filesystem::exists(dir.sub(".db.herdex-bulk")));
}

TEST(Crash, SearchesWhileIndexingNeverFail) {
  testing::TempDir dir;
  std::mt19937 rng(7);
  for (int i = 0; i < kDocuments; ++i) {
    dir.write(fmt::format("docs/{:05}.txt", i),
              fmt::format("title: Review {}\n\n{}", i, words(rng, 150)));
  }
  const std::string db = dir.sub("db");
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    const std::string bin = testing::herdex_bin();
    const std::string docs = dir.sub("docs");
    if (freopen("/dev/null", "w", stdout) == nullptr) _exit(127);
    // One thread: commits every 50 documents (a bulk load commits at its end).
    execl(bin.c_str(), bin.c_str(), "index", "--db", db.c_str(), docs.c_str(), "--threads", "1",
          "--batch", "50", "--no-progress", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::size_t searches = 0;
  std::size_t last_total = 0;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    auto searcher = Searcher::open(db);
    if (!searcher) {
      // Before the first commit there is no database yet.
      ASSERT_EQ(searcher.error().code, ErrorCode::not_found) << searcher.error().describe();
      continue;
    }
    for (int i = 0; i < 5; ++i) {
      auto results = searcher->search("voice letter");
      ASSERT_TRUE(results) << results.error().describe();
      for (const Hit& hit : results->hits) {
        ASSERT_FALSE(hit.passages.empty()) << "a partial document: " << hit.id;
      }
      ++searches;
    }
    auto stats = database_stats(db);
    ASSERT_TRUE(stats) << stats.error().describe();
    EXPECT_GE(stats->documents, last_total) << "documents disappeared during indexing";
    last_total = stats->documents;
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_GT(searches, 0U);
}

}  // namespace
}  // namespace herdex
