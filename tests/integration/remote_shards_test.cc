// Remote shards served by xapian-tcpsrv on 127.0.0.1: searching them from a
// stub file gives exactly the local results (snippets included, since the
// passage text travels inside the Xapian document), indexing into writable
// servers works, and a shard that is down or hung is named, or left out with
// allow_partial.
#include <xapian.h>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "herdex/herdex.h"
#include "store/shards.h"
#include "support/cli.h"
#include "support/paths.h"
#include "support/same_results.h"
#include "support/temp_dir.h"
#include "support/xapian_server.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;
using testing::XapianServer;

void index_corpus(const std::string& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  auto writer = IndexWriter::open(db, options);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths({testing::corpus_dir()});
  ASSERT_TRUE(report) << report.error().describe();
  ASSERT_GE(report->added, 30U);
}

std::string shard_path(const std::string& db, std::size_t shard) {
  return (fs::path(db) / detail::shard_directory_name(shard)).string();
}

// The corpus in one database and in two shards, each shard served by its
// own xapian-tcpsrv; the stub `remote.stub` names the two servers.
class RemoteShards : public ::testing::Test {
 protected:
  void SetUp() override {
    index_corpus(single_, 1);
    index_corpus(sharded_, 2);
    for (std::size_t i = 0; i < 2; ++i)
      servers_[i] = std::make_unique<XapianServer>(shard_path(sharded_, i));
    ASSERT_TRUE(servers_[0]->running() && servers_[1]->running());
    stub_ =
        dir_.write("remote.stub", "# two shards on this machine\nremote " + servers_[0]->address() +
                                      "\nremote " + servers_[1]->address() + "\n");
  }

  // What searching shard 0 alone finds: a partial search without shard 1
  // must find exactly this.
  SearchResults shard0_alone(const std::string& query) {
    auto searcher = Searcher::open(shard_path(sharded_, 0));
    EXPECT_TRUE(searcher);
    if (!searcher) return {};
    auto results = searcher->search(query);
    EXPECT_TRUE(results);
    return results ? *results : SearchResults{};
  }

  void expect_partial_without_shard1(Searcher& searcher, const std::string& why) {
    auto results = searcher.search("loneliness");
    ASSERT_TRUE(results) << why << ": " << results.error().describe();
    EXPECT_TRUE(results->partial) << why;
    ASSERT_EQ(results->failed_shards.size(), 1U) << why;
    EXPECT_EQ(results->failed_shards.front().path, servers_[1]->address()) << why;
    EXPECT_EQ(results->failed_shards.front().code, ErrorCode::io_error) << why;
    SearchResults expected = shard0_alone("loneliness");
    ASSERT_FALSE(expected.hits.empty());
    expected.partial = true;
    testing::expect_same_results(expected, *results, SearchOptions{}, why);
  }

  testing::TempDir dir_;
  std::string single_ = dir_.sub("single");
  std::string sharded_ = dir_.sub("sharded");
  std::unique_ptr<XapianServer> servers_[2];
  std::string stub_;
};

TEST_F(RemoteShards, RemoteResultsEqualOneLocalDatabaseSnippetsIncluded) {
  testing::expect_same_searches(single_, stub_);
}

TEST_F(RemoteShards, ALocalAndARemoteShardMix) {
  const std::string mixed =
      dir_.write("mixed.stub", "auto sharded/shard_000\nremote " + servers_[1]->address() + "\n");
  testing::expect_same_searches(single_, mixed);
}

TEST_F(RemoteShards, AProgramLineSpawnsXapianProgsrv) {
  // `remote :PROGRAM ARGS` is Xapian's prog method (so `remote :PORT` is
  // NOT a port: HOST:PORT needs the host).
  const std::string stub =
      dir_.write("prog.stub", "remote :xapian-progsrv " + shard_path(sharded_, 0) +
                                  "\nremote :xapian-progsrv " + shard_path(sharded_, 1) + "\n");
  testing::expect_same_searches(single_, stub);
}

TEST_F(RemoteShards, StatsNameEachRemoteShard) {
  auto stats = database_stats(stub_);
  ASSERT_TRUE(stats) << stats.error().describe();
  auto local = database_stats(sharded_);
  ASSERT_TRUE(local) << local.error().describe();
  EXPECT_EQ(stats->documents, local->documents);
  EXPECT_EQ(stats->passages, local->passages);
  EXPECT_EQ(stats->terms, local->terms);
  ASSERT_EQ(stats->shards.size(), 2U);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(stats->shards[i].name, servers_[i]->address());
    EXPECT_EQ(stats->shards[i].documents, local->shards[i].documents);
    EXPECT_EQ(stats->shards[i].size_bytes, 0U);  // unknown from afar
  }
}

TEST_F(RemoteShards, AShardDownAtOpenIsNamedOrLeftOut) {
  servers_[1]->kill();
  auto strict = Searcher::open(stub_);
  ASSERT_FALSE(strict);
  EXPECT_EQ(strict.error().code, ErrorCode::io_error);
  EXPECT_EQ(strict.error().path, servers_[1]->address());
  EXPECT_NE(strict.error().message.find("cannot reach shard"), std::string::npos)
      << strict.error().message;

  OpenOptions partial;
  partial.allow_partial = true;
  auto searcher = Searcher::open(stub_, partial);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  expect_partial_without_shard1(*searcher, "down at open");

  servers_[0]->kill();
  auto none = Searcher::open(stub_, partial);
  ASSERT_FALSE(none);  // partial, but nothing left
  EXPECT_EQ(none.error().code, ErrorCode::io_error);
}

TEST_F(RemoteShards, AShardDyingBetweenSearchesIsNamedOrLeftOut) {
  auto strict = Searcher::open(stub_);
  ASSERT_TRUE(strict) << strict.error().describe();
  OpenOptions partial;
  partial.allow_partial = true;
  auto lenient = Searcher::open(stub_, partial);
  ASSERT_TRUE(lenient) << lenient.error().describe();
  ASSERT_TRUE(strict->search("voice"));
  ASSERT_TRUE(lenient->search("voice"));

  servers_[1]->kill();
  auto failed = strict->search("loneliness");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::io_error);
  EXPECT_EQ(failed.error().path, servers_[1]->address());
  auto again = strict->search("loneliness");  // still named, not a stale connection's error
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().path, servers_[1]->address());

  expect_partial_without_shard1(*lenient, "died between searches");
}

TEST_F(RemoteShards, AHungShardTimesOutAndIsNamedOrLeftOut) {
  OpenOptions strict;
  strict.timeout_ms = 300;
  OpenOptions partial = strict;
  partial.allow_partial = true;
  auto open_strict = Searcher::open(stub_, strict);
  ASSERT_TRUE(open_strict) << open_strict.error().describe();
  auto open_partial = Searcher::open(stub_, partial);
  ASSERT_TRUE(open_partial) << open_partial.error().describe();

  servers_[1]->pause();  // accepts connections, never answers
  const auto start = std::chrono::steady_clock::now();
  auto failed = open_strict->search("loneliness");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().path, servers_[1]->address());
  EXPECT_NE(failed.error().message.find("did not answer within 300 ms"), std::string::npos)
      << failed.error().message;
  EXPECT_LT(seconds, 5.0) << "the timeout was not applied";

  expect_partial_without_shard1(*open_partial, "hung during a search");

  // Opening while it hangs: the handshake times out.
  auto hung_open = Searcher::open(stub_, strict);
  ASSERT_FALSE(hung_open);
  EXPECT_EQ(hung_open.error().path, servers_[1]->address());
  auto partial_open = Searcher::open(stub_, partial);
  ASSERT_TRUE(partial_open) << partial_open.error().describe();
  expect_partial_without_shard1(*partial_open, "hung at open");
  servers_[1]->resume();
}

using testing::CliRun;
using testing::herdex;

TEST_F(RemoteShards, CommandLineSearchesRemoteShardsAndReportsPartialResults) {
  const CliRun full = herdex(dir_, "search loneliness --json --db '" + stub_ + "'");
  ASSERT_EQ(full.exit_code, 0) << full.err;
  const auto full_json = nlohmann::json::parse(full.out);
  EXPECT_EQ(full_json.at("partial"), false);
  EXPECT_FALSE(full_json.contains("failed_shards"));

  servers_[1]->kill();
  const CliRun strict = herdex(dir_, "search loneliness --db '" + stub_ + "'");
  EXPECT_EQ(strict.exit_code, 6);  // I/O
  EXPECT_NE(strict.err.find("herdex: error: " + servers_[1]->address() + ": cannot reach shard"),
            std::string::npos)
      << strict.err;

  const CliRun json = herdex(dir_, "search loneliness --json --allow-partial --db '" + stub_ + "'");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  EXPECT_EQ(doc.at("partial"), true);
  ASSERT_EQ(doc.at("failed_shards").size(), 1U);
  EXPECT_EQ(doc.at("failed_shards")[0].at("shard"), servers_[1]->address());
  EXPECT_EQ(doc.at("failed_shards")[0].at("code"), "io_error");
  EXPECT_LT(doc.at("total").get<std::size_t>(), full_json.at("total").get<std::size_t>());

  const CliRun text = herdex(dir_, "search loneliness --allow-partial --db '" + stub_ + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(
      text.err.find("herdex: warning: partial results; shard left out: " + servers_[1]->address()),
      std::string::npos)
      << text.err;
  EXPECT_NE(text.out.find("[loneliness]"), std::string::npos) << text.out;

  const CliRun stats = herdex(dir_, "stats --json --allow-partial --db '" + stub_ + "'");
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto stats_doc = nlohmann::json::parse(stats.out);
  ASSERT_EQ(stats_doc.at("shards").size(), 1U);
  EXPECT_EQ(stats_doc.at("shards")[0].at("name"), servers_[0]->address());
  EXPECT_EQ(stats_doc.at("failed_shards")[0].at("shard"), servers_[1]->address());
}

TEST_F(RemoteShards, CommandLineTimeoutNamesTheHungShard) {
  servers_[1]->pause();
  const auto start = std::chrono::steady_clock::now();
  const CliRun run = herdex(dir_, "search loneliness --timeout 250 --db '" + stub_ + "'");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(run.exit_code, 6);
  EXPECT_NE(run.err.find(servers_[1]->address() + ": shard did not answer within 250 ms"),
            std::string::npos)
      << run.err;
  EXPECT_LT(seconds, 5.0);
  servers_[1]->resume();
}

// Indexing through `xapian-tcpsrv --writable`: the shards live with the
// servers, herdex routes each document to its shard over the network.
TEST(RemoteIndexing, WritableServersTakeTheirShareOfDocuments) {
  testing::TempDir dir;
  const std::string single = dir.sub("single");
  index_corpus(single, 1);
  fs::create_directories(dir.sub("far"));  // xapian-tcpsrv --writable creates one level
  XapianServer w0(dir.sub("far/shard_a"), true);
  XapianServer w1(dir.sub("far/shard_b"), true);
  ASSERT_TRUE(w0.running() && w1.running());
  const std::string stub =
      dir.write("cluster.stub", "remote " + w0.address() + "\nremote " + w1.address() + "\n");
  {
    IndexOptions options;
    options.shards = 2;  // may be given; it must match the stub
    options.timeout_ms = 30000;
    auto writer = IndexWriter::open(stub, options);
    ASSERT_TRUE(writer) << writer.error().describe();
    auto second = IndexWriter::open(stub);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::locked);
    EXPECT_EQ(second.error().path, w0.address());
    auto report = writer->add_paths({testing::corpus_dir()});
    ASSERT_TRUE(report) << report.error().describe();
    EXPECT_GE(report->added, 30U);
  }
  testing::expect_same_searches(single, stub);

  // Each server's shard holds the ids that hash to it, and knows its place.
  const std::string paths[2] = {dir.sub("far/shard_a"), dir.sub("far/shard_b")};
  for (std::size_t shard = 0; shard < 2; ++shard) {
    Xapian::Database db(paths[shard]);
    EXPECT_EQ(db.get_metadata(detail::kShardKey), std::to_string(shard));
    EXPECT_EQ(db.get_metadata(detail::kShardCountKey), "2");
    EXPECT_GT(db.get_doccount(), 0U);
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
      EXPECT_EQ(detail::shard_for_id((*it).substr(1), 2), shard) << *it;
    }
  }

  // Again: nothing changed; a delete goes to the right server.
  auto writer = IndexWriter::open(stub);
  ASSERT_TRUE(writer) << writer.error().describe();
  auto report = writer->add_paths({testing::corpus_dir()});
  ASSERT_TRUE(report) << report.error().describe();
  EXPECT_EQ(report->added + report->updated, 0U);
  auto removed = writer->remove(testing::corpus_id("en/07.txt"));
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  ASSERT_TRUE(writer->commit());
  auto searcher = Searcher::open(stub);
  ASSERT_TRUE(searcher) << searcher.error().describe();
  auto gone = searcher->search("zeitgeist");
  ASSERT_TRUE(gone);
  EXPECT_TRUE(gone->hits.empty());

  // A stub with the servers swapped is refused for writing.
  const std::string swapped =
      dir.write("swapped.stub", "remote " + w1.address() + "\nremote " + w0.address() + "\n");
  writer = Error{};  // release both servers' locks
  auto wrong = IndexWriter::open(swapped);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(wrong.error().path, w1.address());
}

TEST(RemoteIndexing, UnreachableWritableShardIsNamed) {
  testing::TempDir dir;
  fs::create_directories(dir.sub("far"));  // xapian-tcpsrv --writable creates one level
  XapianServer w0(dir.sub("far/shard_a"), true);
  XapianServer w1(dir.sub("far/shard_b"), true);
  ASSERT_TRUE(w0.running() && w1.running());
  const std::string stub =
      dir.write("cluster.stub", "remote " + w0.address() + "\nremote " + w1.address() + "\n");
  w1.kill();
  auto writer = IndexWriter::open(stub);
  ASSERT_FALSE(writer);
  EXPECT_EQ(writer.error().code, ErrorCode::io_error);
  EXPECT_EQ(writer.error().path, w1.address());
}

}  // namespace
}  // namespace herdex
