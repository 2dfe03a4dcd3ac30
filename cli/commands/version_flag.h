#pragma once

#include <CLI/CLI.hpp>

namespace herdex::cli {

/// `herdex --version [--json]`: herdex's version and those of Xapian, ICU
/// and the database format. Adds the top-level flags `--json` (which only
/// matters with --version) and `--version` to `app`; --version prints and
/// ends the parse with CLI::Success, before any subcommand is required.
void add_version_flag(CLI::App& app);

}  // namespace herdex::cli
