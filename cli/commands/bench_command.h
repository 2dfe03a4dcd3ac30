#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "commands/index_flags.h"
#include "herdex/search.h"
#include "herdex/tools/bench.h"

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
  std::size_t repeat_ = QueryBenchOptions{}.repeat;
  std::size_t threads_ = QueryBenchOptions{}.threads;
  std::size_t warmup_ = QueryBenchOptions{}.warmup;
  std::size_t limit_ = SearchOptions{}.limit;
  std::size_t snippet_bytes_ = SearchOptions{}.snippet_bytes;
  std::string plot_;
  bool json_ = false;
  bool progress_ = false;
  bool no_progress_ = false;
  // herdex bench index
  std::string index_db_;
  std::vector<std::string> paths_;
  IndexFlags index_flags_;  // bound to IngestOptions and IndexOptions members
  bool index_json_ = false;
  bool index_progress_ = false;
  bool index_no_progress_ = false;
};

}  // namespace herdex::cli
