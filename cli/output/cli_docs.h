// Shell completion scripts and the man page, generated from the CLI11
// definition of the commands at run time, so that they list exactly the
// commands and options the binary accepts (`herdex completion SHELL`,
// `herdex man`; the build runs them to make the installed files).
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <string_view>

namespace herdex::cli {

/// The shells completion_script() knows.
inline constexpr const char* kCompletionShells[] = {"bash", "zsh", "fish"};

/// A completion script for `shell` ("bash", "zsh" or "fish") covering every
/// subcommand (nested ones too) and option of `root`. Empty for another shell.
std::string completion_script(const CLI::App& root, std::string_view shell);

/// herdex(1) in roff (man(7) macros): synopsis, description, one section per
/// command with all its options and arguments, and `root`'s footer (database,
/// exit codes, examples).
std::string man_page(const CLI::App& root, std::string_view version);

}  // namespace herdex::cli
