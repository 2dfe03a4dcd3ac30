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
  // Its own footer: a subcommand otherwise inherits the global examples.
  app_->footer(
      "The script completes herdex's commands and their options. `cmake --install` puts\n"
      "one per shell where the shells look for them.\n\n"
      "Examples:\n"
      "  source <(herdex completion bash)\n"
      "  herdex completion zsh > ~/.zfunc/_herdex\n"
      "  herdex completion fish > ~/.config/fish/completions/herdex.fish");
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
                                 "Print the herdex(1) man page (roff; `herdex man | man -l -`)")) {
  app_->footer(
      "Examples:\n"
      "  herdex man | man -l -\n"
      "  herdex man > /usr/local/share/man/man1/herdex.1");
}

int ManCommand::run() {
  fmt::print("{}", man_page(*app_->get_parent(), version()));
  return kExitOk;
}

}  // namespace herdex::cli
