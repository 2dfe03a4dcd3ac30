// Running the herdex binary from tests through the shell, the way a user
// would, with stdin closed and its output captured to files (never a
// terminal: no colour, no progress bar).
#pragma once

#include <string>

#include "support/temp_dir.h"

namespace herdex::testing {

struct CliRun {
  int exit_code = -1;  ///< -1 when killed by a signal.
  std::string out;
  std::string err;
};

/// Runs the shell command `command`, capturing into files in `dir`.
CliRun shell(const TempDir& dir, const std::string& command);

/// Runs `herdex ARGS` (ARGS as the shell reads them, quoted by the caller).
CliRun herdex(const TempDir& dir, const std::string& args);

}  // namespace herdex::testing
