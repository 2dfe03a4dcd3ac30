#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace herdex::cli {

/// `herdex completion bash|zsh|fish`: prints a completion script for the
/// shell, made from the command definitions of this binary.
class CompletionCommand {
 public:
  explicit CompletionCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string shell_;
};

/// `herdex man`: prints the herdex(1) man page (roff), made from the command
/// definitions of this binary.
class ManCommand {
 public:
  explicit ManCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
};

}  // namespace herdex::cli
