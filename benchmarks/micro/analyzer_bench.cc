// Analyzer throughput in MB/s per script, on text built from the sample
// corpus (corpus/<lang>/*.txt bodies, repeated to 1 MiB), so that the mix of
// words, punctuation and scripts is realistic.
//
//   build/benchmarks/bench_analyzer --benchmark_repetitions=5
//
// HERDEX_SOURCE_DIR points at the source tree (default: the current directory).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "analysis/token_stream.h"
#include "herdex/analyzer.h"

namespace {

std::string corpus_text(const std::string& lang) {
  const char* root = std::getenv("HERDEX_SOURCE_DIR");
  const std::filesystem::path dir =
      std::filesystem::path(root != nullptr ? root : ".") / "corpus" / lang;
  std::string all;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string file = ss.str();
    const std::size_t body = file.find("\n\n");
    all += file.substr(body == std::string::npos ? 0 : body + 2);
    all += "\n\n";
  }
  if (all.empty()) return all;
  std::string text;
  while (text.size() < (1U << 20)) text += all;
  return text;
}

class CountingSink final : public herdex::detail::TokenSink {
 public:
  void on_token(const herdex::detail::TokenView& t) override { count += t.term.empty() ? 0U : 1U; }
  std::size_t count = 0;
};

void analyze(benchmark::State& state, const std::string& lang, herdex::AnalyzeMode mode) {
  const std::string text = corpus_text(lang);
  if (text.empty()) {
    state.SkipWithError("corpus not found; set HERDEX_SOURCE_DIR");
    return;
  }
  auto analyzer = herdex::Analyzer::create();
  if (!analyzer) {
    state.SkipWithError("analyzer");
    return;
  }
  CountingSink sink;
  for (auto _ : state) {
    (void)herdex::AnalyzerAccess::analyze(*analyzer, text, mode, sink);
  }
  benchmark::DoNotOptimize(sink.count);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(text.size()));
}

void BM_AnalyzeEnglish(benchmark::State& s) { analyze(s, "en", herdex::AnalyzeMode::index); }
void BM_AnalyzeChineseSimplified(benchmark::State& s) {
  analyze(s, "zh-hans", herdex::AnalyzeMode::index);
}
void BM_AnalyzeChineseTraditional(benchmark::State& s) {
  analyze(s, "zh-hant", herdex::AnalyzeMode::index);
}
void BM_AnalyzeJapanese(benchmark::State& s) { analyze(s, "ja", herdex::AnalyzeMode::index); }
void BM_AnalyzeKorean(benchmark::State& s) { analyze(s, "ko", herdex::AnalyzeMode::index); }
void BM_AnalyzeMixed(benchmark::State& s) { analyze(s, "mixed", herdex::AnalyzeMode::index); }

BENCHMARK(BM_AnalyzeEnglish)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeChineseSimplified)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeChineseTraditional)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeJapanese)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeKorean)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_AnalyzeMixed)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
