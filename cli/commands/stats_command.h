#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "herdex/database.h"

namespace herdex::cli {

/// `herdex stats`: what a database holds and how it was built.
class StatsCommand {
 public:
  explicit StatsCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  bool json_ = false;
  bool verbose_ = false;
  std::uint32_t timeout_ms_ = OpenOptions{}.timeout_ms;
  bool allow_partial_ = false;
};

}  // namespace herdex::cli
