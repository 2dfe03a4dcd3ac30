// sharded_search: one collection kept in several databases (shards) and
// searched as one.
//
//   sharded_search DIR QUERY PATH...
//
// Indexes each PATH into its own shard, DIR/shard-N, each with its own
// IndexWriter on its own thread (a writer locks only its shard, so shards
// are built in parallel). Then writes DIR/all.stub, a Xapian stub database
// file that lists the shards, and opens it with one Searcher: it ranks as if
// the shards were one database (term statistics are combined), so scores
// are the same as for a single database of all the documents.
//
// This uses Xapian's stub-database format directly; herdex has no shard API
// of its own yet.
//
// Exit status: 0 found something, 1 nothing found, 2 usage, 3 an error.
#include <herdex/herdex.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: %s DIR QUERY PATH...\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const std::string query = argv[2];
  const std::vector<std::string> inputs(argv + 3, argv + argc);

  // One writer per shard, each on its own thread.
  std::vector<herdex::Result<herdex::IndexReport>> reports(
      inputs.size(), herdex::Error{herdex::ErrorCode::internal, "not run"});
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    threads.emplace_back([&, i] {
      auto writer = herdex::IndexWriter::open((dir / ("shard-" + std::to_string(i))).string());
      if (!writer) {
        reports[i] = writer.error();
        return;
      }
      reports[i] = writer->add_paths({inputs[i]});
    });
  }
  for (std::thread& t : threads) t.join();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (!reports[i]) {
      std::fprintf(stderr, "sharded_search: %s\n", reports[i].error().describe().c_str());
      return 3;
    }
    std::printf("shard-%zu: %s, %zu added, %zu unchanged\n", i, inputs[i].c_str(),
                reports[i]->added, reports[i]->unchanged);
  }

  // The stub file: one "auto PATH" line per shard, relative to the file.
  const std::string stub = (dir / "all.stub").string();
  {
    std::ofstream out(stub);
    for (std::size_t i = 0; i < inputs.size(); ++i) out << "auto shard-" << i << "\n";
    if (!out) {
      std::fprintf(stderr, "sharded_search: cannot write %s\n", stub.c_str());
      return 3;
    }
  }

  auto searcher = herdex::Searcher::open(stub);
  if (!searcher) {
    std::fprintf(stderr, "sharded_search: %s\n", searcher.error().describe().c_str());
    return 3;
  }
  herdex::SearchOptions options;
  options.limit = 100;
  auto results = searcher->search(query, options);
  if (!results) {
    std::fprintf(stderr, "sharded_search: %s\n", results.error().describe().c_str());
    return results.error().code == herdex::ErrorCode::query_syntax ? 2 : 3;
  }
  std::printf("%zu of about %zu results for \"%s\" over %zu shards\n", results->hits.size(),
              results->total, query.c_str(), inputs.size());
  for (const herdex::Hit& hit : results->hits) {
    std::printf("%zu\t%.6f\t%s\t%s\n", hit.rank, hit.score, hit.id.c_str(), hit.source.c_str());
  }
  return results->hits.empty() ? 1 : 0;
}
