#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace herdex::cli {

/// `herdex check`: Xapian's consistency check and herdex's own, exit 0 or 5.
class CheckCommand {
 public:
  explicit CheckCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  bool json_ = false;
};

}  // namespace herdex::cli
