// Snippet building: choosing the window shown for a passage
// (search/snippet.h, choose_snippet) on texts with few and many matches,
// English and Chinese; and the snippet phase of real searches of the
// sample corpus, timed by SearchTimings::snippets_us.
//
//   build/benchmarks/bench_snippets --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "herdex/search.h"
#include "micro/corpus_db.h"
#include "search/snippet.h"

namespace {

using herdex::detail::MatchSpan;

// A text of `words` words (or CJK characters) with a match every `every`.
struct Sample {
  std::string text;
  std::vector<MatchSpan> matches;
  std::vector<double> idf;
};

Sample make_sample(bool cjk, std::size_t words, std::size_t every) {
  static const char* const kEnglish[] = {"the",    "quiet", "film", "about", "a",
                                         "lonely", "man",   "and",  "his",   "voice",
                                         "in",     "the",   "city", "at",    "night"};
  static const char* const kChinese[] = {"这", "部", "电", "影", "讲", "述", "了", "一",
                                         "个", "城", "市", "里", "的", "人", "。"};
  Sample s;
  for (std::size_t i = 0; i < words; ++i) {
    const std::size_t begin = s.text.size();
    s.text += cjk ? kChinese[i % 15] : kEnglish[i % 15];
    if (i % every == every - 1) s.matches.push_back({begin, s.text.size(), (i / every) % 3});
    if (!cjk) s.text += ' ';
  }
  s.idf = {2.5, 1.2, 0.4};
  return s;
}

void choose(benchmark::State& state, bool cjk) {
  const auto every = static_cast<std::size_t>(state.range(0));
  const Sample s = make_sample(cjk, 400, every);
  for (auto _ : state) {
    const auto w = herdex::detail::choose_snippet(s.text, 0, s.text.size(), s.matches, 240, &s.idf);
    benchmark::DoNotOptimize(w);
  }
  state.counters["matches"] = static_cast<double>(s.matches.size());
}

void BM_ChooseSnippetEnglish(benchmark::State& s) { choose(s, false); }
void BM_ChooseSnippetChinese(benchmark::State& s) { choose(s, true); }
BENCHMARK(BM_ChooseSnippetEnglish)->Arg(200)->Arg(20)->Arg(2);
BENCHMARK(BM_ChooseSnippetChinese)->Arg(200)->Arg(20)->Arg(2);

void snippets(benchmark::State& state, const char* query) {
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
  options.passages_per_document = 3;
  for (auto _ : state) {
    auto results = searcher->search(query, options);
    if (!results) {
      state.SkipWithError(results.error().describe().c_str());
      return;
    }
    state.SetIterationTime(results->timings.snippets_us / 1e6);
  }
}

void BM_SnippetPhaseEnglish(benchmark::State& s) { snippets(s, "lonely voice city letters"); }
void BM_SnippetPhaseChinese(benchmark::State& s) { snippets(s, "孤独的人"); }
BENCHMARK(BM_SnippetPhaseEnglish)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SnippetPhaseChinese)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
