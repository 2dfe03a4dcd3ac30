#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "herdex/index.h"

namespace herdex::cli {

/// `herdex delete ID...`: remove documents by id.
class DeleteCommand {
 public:
  explicit DeleteCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  std::vector<std::string> ids_;
  bool json_ = false;
  std::uint32_t timeout_ms_ = IndexOptions{}.timeout_ms;
};

}  // namespace herdex::cli
