#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "herdex/index.h"

namespace herdex::cli {

/// `herdex bench --queries FILE`: query latency per class;
/// `herdex bench index PATH... --db DB`: indexing throughput.
class BenchCommand {
 public:
  explicit BenchCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  int run_queries();
  int run_index();

  CLI::App* app_;
  CLI::App* index_app_;
  // herdex bench
  std::string db_;
  std::string queries_;
  std::size_t repeat_ = 5;
  std::size_t threads_ = 1;
  std::size_t warmup_ = 1;
  std::size_t limit_ = 10;
  std::size_t snippet_bytes_ = 240;
  std::string plot_;
  bool json_ = false;
  bool progress_ = false;
  bool no_progress_ = false;
  // herdex bench index
  std::string index_db_;
  std::vector<std::string> paths_;
  std::string id_field_ = "_id";
  std::string title_field_ = "title";
  std::string text_field_ = "text";
  std::size_t batch_ = IndexOptions{}.batch_documents;
  std::size_t index_threads_ = IndexOptions{}.threads;
  std::size_t memory_mb_ = IndexOptions{}.memory_bytes >> 20;
  std::vector<std::string> fields_;
  std::size_t passage_words_ = 60;
  std::size_t max_bytes_ = std::size_t{64} << 20;
  bool index_json_ = false;
  bool index_progress_ = false;
  bool index_no_progress_ = false;
};

}  // namespace herdex::cli
