/// @file eval.h
/// Relevance evaluation on test collections in the BEIR layout.
///
/// Part of herdex_tools (tools/), beside the library: not installed, and not
/// in the umbrella header herdex/herdex.h.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "herdex/error.h"
#include "herdex/index.h"
#include "herdex/search.h"

namespace herdex {

/// Settings for evaluate().
struct EvalOptions {
  /// The qrels split to evaluate (`qrels/<split>.tsv`). Default: "test".
  std::string split = "test";
  /// Database to build the collection into; kept afterwards, and re-used
  /// (unchanged documents are not re-indexed) when it exists. Empty: a
  /// temporary database, removed at the end.
  std::string db;
  /// Index settings for a new database.
  IndexOptions index;
  /// Search settings (limit, rerank_depth and literal are set by the
  /// evaluation: the top 100 hits of each query taken as plain words, all
  /// of them re-ranked when passage_weight is not 0).
  SearchOptions search;
  /// Snippet length for the answer check. Default: 150 bytes.
  std::size_t snippet_bytes = 150;
  /// Evaluate only the first N queries of the split (0: all).
  std::size_t max_queries = 0;
  /// Told (queries done, queries in all) while searching; may be empty.
  std::function<void(std::size_t, std::size_t)> progress;
};

/// Retrieval quality over a split, averaged over its judged queries.
struct EvalReport {
  std::string dataset;        ///< The collection's folder name.
  std::string split;          ///< The qrels split evaluated.
  std::size_t documents = 0;  ///< Documents in the collection.
  std::size_t queries = 0;    ///< Queries evaluated.
  double ndcg_at_10 = 0;      ///< Mean nDCG@10 with graded gains, 0 to 1.
  double mrr_at_10 = 0;       ///< Mean reciprocal rank of the first relevant hit in the top 10.
  double recall_at_10 = 0;    ///< Mean share of the relevant documents in the top 10.
  double recall_at_100 = 0;   ///< Mean share of the relevant documents in the top 100.
  /// Queries that carry `answers` strings (QA collections).
  std::size_t answer_queries = 0;
  /// Share (0 to 1) of answer_queries whose top hit's snippet
  /// (EvalOptions::snippet_bytes long) contains one of the answers.
  double answer_in_top_snippet = 0;
  double index_seconds = 0;      ///< Wall-clock seconds spent indexing.
  double search_seconds = 0;     ///< Wall-clock seconds spent searching all queries.
  std::size_t query_errors = 0;  ///< Queries the search rejected (counted as misses).
};

/// Evaluates herdex on the collection in `dataset_dir`, in the BEIR layout
/// (read_beir() in beir.h). Indexes the corpus, runs every judged query of
/// the split, and computes nDCG@10 (graded gains), MRR@10, Recall@10 and
/// Recall@100 (score_ranking() in metrics.h).
///
/// Errors: those of read_beir() (`not_found`: a missing file or split;
/// `invalid_argument`: a malformed line, with the line, or no judged query),
/// and the errors of indexing. Runs on the calling thread;
/// `options.progress` is called there.
Result<EvalReport> evaluate(const std::string& dataset_dir, const EvalOptions& options);

}  // namespace herdex
