#pragma once

#include <CLI/CLI.hpp>

#include "serve/search_server.h"

namespace herdex::cli {

/// `herdex serve`: a local search page and JSON API over HTTP.
class ServeCommand {
 public:
  explicit ServeCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  ServeOptions options_;
  double request_timeout_seconds_ = 10;
  double search_timeout_seconds_ = 30;
};

}  // namespace herdex::cli
