#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "commands/index_flags.h"
#include "herdex/index.h"

namespace herdex::cli {

/// `herdex index PATH...`: add or update documents.
class IndexCommand {
 public:
  explicit IndexCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  std::vector<std::string> paths_;
  // Bound to IngestOptions and IndexOptions members, so their defaults are
  // the library's.
  IndexFlags flags_;
  std::size_t batch_mb_ = IndexOptions{}.batch_bytes >> 20;
  bool progress_ = false;
  bool no_progress_ = false;
  bool json_ = false;
};

}  // namespace herdex::cli
