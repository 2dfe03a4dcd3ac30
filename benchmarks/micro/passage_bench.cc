// Passage scoring: the phase of a search that finds the matched words in
// each hit's stored text and scores its passages (BM25 over the passage,
// with the collection's idf), measured inside real searches of the sample
// corpus: each iteration is one search, timed by its own
// SearchTimings::passages_us, so the figure follows the searcher however it
// is implemented.
//
//   build/benchmarks/bench_passages --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <string>

#include "herdex/search.h"
#include "micro/corpus_db.h"

namespace {

void passages(benchmark::State& state, const char* query, std::size_t limit) {
  std::string error;
  const std::string& db = herdex::microbench::corpus_db(&error);
  if (db.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  auto searcher = herdex::Searcher::open(db);
  if (!searcher) {
    state.SkipWithError(searcher.error().describe().c_str());
    return;
  }
  herdex::SearchOptions options;
  options.limit = limit;
  std::size_t hits = 0;
  for (auto _ : state) {
    auto results = searcher->search(query, options);
    if (!results) {
      state.SkipWithError(results.error().describe().c_str());
      return;
    }
    hits = results->hits.size();
    state.SetIterationTime(results->timings.passages_us / 1e6);
  }
  state.counters["hits"] = static_cast<double>(hits);
}

void BM_PassagesEnglishWord(benchmark::State& s) { passages(s, "loneliness", 10); }
void BM_PassagesEnglishWords(benchmark::State& s) { passages(s, "lonely voice city letters", 10); }
void BM_PassagesEnglishPhrase(benchmark::State& s) { passages(s, "\"operating system\"", 10); }
void BM_PassagesChinese(benchmark::State& s) { passages(s, "孤独的人", 10); }
void BM_PassagesJapanese(benchmark::State& s) { passages(s, "映画", 10); }
void BM_PassagesTop30(benchmark::State& s) { passages(s, "the film", 30); }

BENCHMARK(BM_PassagesEnglishWord)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassagesEnglishWords)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassagesEnglishPhrase)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassagesChinese)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassagesJapanese)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_PassagesTop30)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
