#pragma once

#include <CLI/CLI.hpp>

#include <chrono>

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
  // In seconds; ServeOptions holds milliseconds.
  double request_timeout_seconds_ =
      std::chrono::duration<double>(ServeOptions{}.request_timeout).count();
  double search_timeout_seconds_ =
      std::chrono::duration<double>(ServeOptions{}.search_timeout).count();
};

}  // namespace herdex::cli
