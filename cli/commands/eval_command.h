#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "commands/ranking_flags.h"

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
  std::string split_ = "test";
  std::string db_;
  std::size_t snippet_bytes_ = 150;
  std::size_t max_queries_ = 0;
  double k1_ = 0.9;
  double b_ = 0.4;
  double passage_weight_ = -1;
  RankingFlags ranking_;
  bool json_ = false;
};

}  // namespace herdex::cli
