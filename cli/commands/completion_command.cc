#include "commands/completion_command.h"

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/version.h"
#include "output/cli_docs.h"

namespace herdex::cli {

CompletionCommand::CompletionCommand(CLI::App& parent)
    : app_(parent.add_subcommand(
          "completion",
          "Print a shell completion script (bash: `source <(herdex completion bash)`)")) {
  app_->add_option("shell", shell_, "The shell: bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
}

int CompletionCommand::run() {
  fmt::print("{}", completion_script(*app_->get_parent(), shell_));
  return kExitOk;
}

ManCommand::ManCommand(CLI::App& parent)
    : app_(parent.add_subcommand("man",
                                 "Print the herdex(1) man page (roff; `herdex man | man -l -`)")) {}

int ManCommand::run() {
  fmt::print("{}", man_page(*app_->get_parent(), version()));
  return kExitOk;
}

}  // namespace herdex::cli
