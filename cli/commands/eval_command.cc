#include "commands/eval_command.h"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"
#include "herdex/tools/eval.h"

namespace herdex::cli {

EvalCommand::EvalCommand(CLI::App& parent)
    : app_(parent.add_subcommand("eval",
                                 "Measure retrieval quality on a BEIR-layout test collection")) {
  app_->footer(
      "The folder holds corpus.jsonl[.gz], queries.jsonl[.gz] and qrels/<split>.tsv. The corpus\n"
      "is indexed (into --db, or a temporary database), every judged query of the split is run\n"
      "as plain words, and nDCG@10, MRR@10, Recall@10 and Recall@100 are printed; for queries\n"
      "with `answers`, also how often the top hit's snippet contains one.\n\n"
      "Example: herdex eval ../shared/data/scifact --split test");
  app_->add_option("dataset", dataset_, "Collection folder")->required();
  app_->add_option("--split", split_, "qrels split")->capture_default_str();
  app_->add_option("--db", db_, "Build (or re-use) the collection's database here");
  app_->add_option("--snippet-bytes", snippet_bytes_, "Snippet length for the answer check")
      ->capture_default_str();
  app_->add_option("--max-queries", max_queries_, "Evaluate only the first N queries");
  app_->add_option("--k1", k1_, "BM25 k1")->capture_default_str();
  app_->add_option("--b", b_, "BM25 b")->capture_default_str();
  app_->add_option("--passage-weight", passage_weight_, "Weight of passage evidence in re-ranking");
  add_ranking_flags(*app_, ranking_);
  app_->add_flag("--json", json_, "Print the figures as JSON");
}

int EvalCommand::run() {
  EvalOptions options;
  options.split = split_;
  options.db = db_;
  options.snippet_bytes = snippet_bytes_;
  options.max_queries = max_queries_;
  options.search.bm25_k1 = k1_;
  options.search.bm25_b = b_;
  apply_ranking_flags(ranking_, options.search);
  if (passage_weight_ >= 0) options.search.passage_weight = passage_weight_;
  const bool tty = isatty(fileno(stderr)) != 0;
  if (tty) {
    options.progress = [](std::size_t done, std::size_t total) {
      if (done % 50 == 0 || done == total) {
        fmt::print(stderr, "\r\x1b[Kquery {}/{}", done, total);
        if (done == total) fmt::print(stderr, "\r\x1b[K");
      }
    };
  }
  auto report = evaluate(dataset_, options);
  if (!report) return report_error(report.error());
  const EvalReport& r = *report;
  if (json_) {
    nlohmann::json out{{"dataset", r.dataset},
                       {"split", r.split},
                       {"documents", r.documents},
                       {"queries", r.queries},
                       {"ndcg@10", r.ndcg_at_10},
                       {"mrr@10", r.mrr_at_10},
                       {"recall@10", r.recall_at_10},
                       {"recall@100", r.recall_at_100},
                       {"index_seconds", r.index_seconds},
                       {"search_seconds", r.search_seconds},
                       {"query_errors", r.query_errors}};
    if (r.answer_queries > 0) {
      out["answer_queries"] = r.answer_queries;
      out["answer_in_top_snippet"] = r.answer_in_top_snippet;
    }
    fmt::print("{}\n", out.dump());
    return kExitOk;
  }
  fmt::print("{} {}: {} documents, {} queries (index {:.1f} s, search {:.1f} s)\n", r.dataset,
             r.split, r.documents, r.queries, r.index_seconds, r.search_seconds);
  fmt::print("nDCG@10 {:.4f}\nMRR@10 {:.4f}\nRecall@10 {:.4f}\nRecall@100 {:.4f}\n", r.ndcg_at_10,
             r.mrr_at_10, r.recall_at_10, r.recall_at_100);
  if (r.answer_queries > 0) {
    fmt::print("answer in top snippet ({} bytes) {:.4f} of {} queries\n", snippet_bytes_,
               r.answer_in_top_snippet, r.answer_queries);
  }
  if (r.query_errors > 0)
    fmt::print("{} queries were rejected (counted as misses)\n", r.query_errors);
  return kExitOk;
}

}  // namespace herdex::cli
