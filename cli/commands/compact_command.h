#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace herdex::cli {

/// `herdex compact`: compacts a database (each local shard) in place.
class CompactCommand {
 public:
  explicit CompactCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  bool json_ = false;
};

}  // namespace herdex::cli
