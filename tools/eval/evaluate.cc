#include "herdex/tools/eval.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <vector>

#include "herdex/database.h"
#include "herdex/tools/beir.h"
#include "herdex/tools/metrics.h"

namespace herdex {
namespace {
namespace fs = std::filesystem;

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Result<EvalReport> evaluate(const std::string& dataset_dir, const EvalOptions& options) {
  auto collection = read_beir(dataset_dir, options.split, /*read_corpus=*/false);
  if (!collection) return std::move(collection).error();
  EvalReport report;
  report.dataset = collection->name;
  report.split = options.split;

  // The database: the one asked for, or a temporary one.
  std::string db = options.db;
  std::unique_ptr<fs::path, void (*)(fs::path*)> temporary(nullptr, [](fs::path* p) {
    std::error_code ec;
    fs::remove_all(*p, ec);
    delete p;
  });
  if (db.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "herdex-eval-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr)
      return Error{ErrorCode::io_error, "cannot create a temporary directory"};
    temporary.reset(new fs::path(tmpl));
    db = (*temporary / "db").string();
  }
  auto clock = std::chrono::steady_clock::now();
  {
    auto writer = IndexWriter::open(db, options.index);
    if (!writer) return std::move(writer).error();
    auto indexed = writer->add_paths({collection->corpus_path});
    if (!indexed) return std::move(indexed).error();
    if (indexed->errors > 0) {
      Error e = indexed->problems.front();
      return e;
    }
  }
  report.index_seconds = seconds_since(clock);
  if (auto stats = database_stats(db)) report.documents = stats->documents;

  auto searcher = Searcher::open(db);
  if (!searcher) return std::move(searcher).error();
  SearchOptions search = options.search;
  search.limit = kRankingDepth;
  // Passage evidence (SearchOptions::passage_weight) re-ranks the whole list.
  search.rerank_depth = kRankingDepth;
  search.offset = 0;
  search.literal = true;
  search.all_passages = false;
  search.snippet_bytes = options.snippet_bytes;

  std::vector<BeirQuery>& judged = collection->queries;
  if (options.max_queries > 0 && judged.size() > options.max_queries)
    judged.resize(options.max_queries);
  clock = std::chrono::steady_clock::now();
  ScoreTotals totals;
  std::vector<std::string> ranked;
  std::size_t answered = 0;
  for (std::size_t qi = 0; qi < judged.size(); ++qi) {
    const BeirQuery& q = judged[qi];
    auto results = searcher->search(q.text, search);
    if (options.progress) options.progress(qi + 1, judged.size());
    if (!q.answers.empty()) ++report.answer_queries;
    if (!results) {
      ++report.query_errors;
      totals.add(QueryScores{});  // a miss
      continue;
    }
    ranked.clear();
    for (const Hit& hit : results->hits) ranked.push_back(hit.id);
    totals.add(score_ranking(ranked, q.relevant));
    if (!q.answers.empty() && !results->hits.empty() && !results->hits.front().passages.empty() &&
        holds_answer(results->hits.front().passages.front().snippet, q.answers)) {
      ++answered;
    }
  }
  report.search_seconds = seconds_since(clock);
  report.queries = judged.size();
  report.ndcg_at_10 = totals.mean_ndcg_at_10();
  report.mrr_at_10 = totals.mean_mrr_at_10();
  report.recall_at_10 = totals.mean_recall_at_10();
  report.recall_at_100 = totals.mean_recall_at_100();
  report.answer_in_top_snippet =
      report.answer_queries > 0
          ? static_cast<double>(answered) / static_cast<double>(report.answer_queries)
          : 0.0;
  return report;
}

}  // namespace herdex
