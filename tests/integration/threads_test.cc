// The thread rules of the public API (docs/mainpage.md, "Threads"): one
// writer commits while eight threads search the same database, each with its
// own Searcher.
//
// The writer here commits in a tight loop, far more often than a real one
// (which commits per batch of thousands of documents), so a search can be
// overtaken by commits more often than Searcher retries on its own; open(),
// reopen() or search() then fail with the documented "changed while it was
// read" io_error, and the caller tries again, as the Searcher class comment
// says.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "herdex/index.h"
#include "herdex/search.h"
#include "support/paths.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

constexpr int kThreads = 8;
constexpr int kCommits = 20;
constexpr int kDocumentsPerCommit = 5;

Document new_review(int commit, int i) {
  Document d;
  d.id = "new/" + std::to_string(commit) + "-" + std::to_string(i);
  d.title = "Quokka review " + d.id;
  d.text = "A quokka watched Her in the rain and thought about loneliness, commit " +
           std::to_string(commit) + ". 雨中的短尾矮袋鼠。";
  return d;
}

// The error Searcher::search() returns when commits keep overtaking it.
bool overtaken(const Error& e) {
  return e.code == ErrorCode::io_error &&
         e.message.find("changed while it was read") != std::string::npos;
}

// What one searching thread saw.
struct Seen {
  std::string error;  // First failure, if any.
  int searches = 0;
  int overtaken = 0;            // Searches that commits overtook (retried).
  int overtaken_reopens = 0;    // reopen() calls that commits overtook (retried).
  int overtaken_opens = 0;      // open() calls that commits overtook (retried).
  std::size_t last_new = 0;     // Hits for the new documents' word, last time.
  bool decreased = false;       // Did that count ever go down?
  bool stable_changed = false;  // Did a query over untouched documents change?
};

TEST(Threads, EightSearchersWhileOneWriterCommits) {
  testing::TempDir dir;
  const std::string db = dir.sub("db");
  auto writer = IndexWriter::open(db);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths({testing::corpus_dir()});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_GT(report->added, 0U);

  SearchOptions options;
  options.limit = 1000;  // every hit, so hits.size() is the exact count
  std::atomic<bool> writer_done{false};
  std::vector<Seen> seen(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Seen& mine = seen[static_cast<std::size_t>(t)];
      auto searcher = Searcher::open(db);  // one Searcher per thread
      while (!searcher && overtaken(searcher.error())) {
        ++mine.overtaken_opens;
        searcher = Searcher::open(db);
      }
      if (!searcher) {
        mine.error = "open: " + searcher.error().describe();
        return;
      }
      std::size_t stable = 0;
      bool last_round = false;
      while (!last_round) {
        last_round = writer_done.load();
        if (auto ok = searcher->reopen(); !ok) {
          if (overtaken(ok.error())) {
            ++mine.overtaken_reopens;
            continue;
          }
          mine.error = "reopen: " + ok.error().describe();
          return;
        }
        // Half the threads search an English word, half a Chinese phrase.
        auto fresh = searcher->search(t % 2 == 0 ? "quokka" : "\"短尾矮袋鼠\"", options);
        auto old = searcher->search("samantha", options);
        if (!fresh || !old) {
          const Error& e = !fresh ? fresh.error() : old.error();
          if (overtaken(e)) {
            ++mine.overtaken;
            continue;
          }
          mine.error = "search: " + e.describe();
          return;
        }
        ++mine.searches;
        if (fresh->hits.size() < mine.last_new) mine.decreased = true;
        mine.last_new = fresh->hits.size();
        for (const Hit& hit : fresh->hits) {
          if (hit.id.rfind("new/", 0) != 0 || hit.passages.empty() ||
              hit.passages[0].matches.empty()) {
            mine.error = "not a new document, or no highlighted passage: " + hit.id;
            return;
          }
        }
        if (stable == 0) stable = old->hits.size();
        if (old->hits.size() != stable) mine.stable_changed = true;
      }
    });
  }

  for (int c = 0; c < kCommits; ++c) {
    for (int i = 0; i < kDocumentsPerCommit; ++i) {
      auto added = writer->add(new_review(c, i));
      ASSERT_TRUE(added) << added.error().describe();
    }
    auto committed = writer->commit();
    ASSERT_TRUE(committed) << committed.error().describe();
  }
  writer_done = true;
  for (std::thread& t : threads) t.join();

  int overtaken_searches = 0;
  int overtaken_reopens = 0;
  int overtaken_opens = 0;
  for (const Seen& s : seen) {
    overtaken_searches += s.overtaken;
    overtaken_reopens += s.overtaken_reopens;
    overtaken_opens += s.overtaken_opens;
  }
  RecordProperty("overtaken_searches", overtaken_searches);
  RecordProperty("overtaken_reopens", overtaken_reopens);
  RecordProperty("overtaken_opens", overtaken_opens);
  for (int t = 0; t < kThreads; ++t) {
    const Seen& s = seen[static_cast<std::size_t>(t)];
    SCOPED_TRACE("thread " + std::to_string(t));
    EXPECT_EQ(s.error, "");
    EXPECT_GT(s.searches, 0);
    EXPECT_FALSE(s.decreased) << "a committed document disappeared";
    EXPECT_FALSE(s.stable_changed) << "results over untouched documents changed";
    // The last round started after the last commit: it saw every document.
    EXPECT_EQ(s.last_new, static_cast<std::size_t>(kCommits * kDocumentsPerCommit));
  }
}

}  // namespace
}  // namespace herdex
