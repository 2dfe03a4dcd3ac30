#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands/ranking_flags.h"
#include "herdex/search.h"
#include "herdex/tools/eval.h"

namespace herdex::cli {

/// `herdex eval DATASET_DIR --split NAME`: retrieval quality on a BEIR-layout collection.
class EvalCommand {
 public:
  explicit EvalCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string dataset_;
  std::string split_ = EvalOptions{}.split;
  std::string db_;
  std::size_t snippet_bytes_ = EvalOptions{}.snippet_bytes;
  std::size_t max_queries_ = EvalOptions{}.max_queries;
  double k1_ = SearchOptions{}.bm25_k1;
  double b_ = SearchOptions{}.bm25_b;
  double passage_weight_ = -1;
  RankingFlags ranking_;
  bool json_ = false;
};

}  // namespace herdex::cli
