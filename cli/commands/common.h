// What every command shares: the database location and turning errors into
// messages and exit codes.
#pragma once

#include <string>
#include <vector>

#include "herdex/error.h"

namespace herdex::cli {

/// Exit codes (also listed in `herdex --help`).
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,   // a run that finished but with errors (e.g. inputs skipped for errors)
  kExitUsage = 2,     // bad arguments or a malformed query
  kExitNotFound = 3,  // no database (or input) at the given path
  kExitLocked = 4,    // the database is locked by another writer
  kExitDatabase = 5,  // the database is corrupt or of another version
  kExitIo = 6,        // the operating system refused a read or write
};

/// The default database path: $HERDEX_DB if set, else ".herdex/db".
std::string default_database();

/// Help text of --db, shared by the commands.
inline constexpr const char* kDbHelp =
    "Database: a directory, a sharded directory, or a Xapian stub file naming shards "
    "(`auto PATH`, `remote HOST:PORT`) (default: $HERDEX_DB or .herdex/db)";

/// Help text of --timeout, shared by the commands.
inline constexpr const char* kTimeoutHelp =
    "Remote shards: milliseconds to wait for a server before it counts as down (0: forever)";

/// Prints one "herdex: warning: ..." line per shard left out of a partial
/// result.
void warn_partial(const std::vector<Error>& failed_shards);

/// Prints `error` in the one error format (output/errors.h: text, or JSON
/// with --json) to stderr and returns the exit code for `error`.
int report_error(const Error& error);

int exit_code_for(ErrorCode code);

/// Names the database a fatal error is about (see
/// install_fatal_error_handler()); the writing commands set it.
void set_fatal_error_path(const std::string& path);

/// Makes std::terminate report the exception in flight in the one error
/// format, with the database set by set_fatal_error_path() and the exit
/// code of its kind (6 for a full disk), instead of aborting with the C++
/// runtime's message. Xapian 1.4.22 calls std::terminate from inside a
/// commit that meets a full disk (3 runs in 150 of
/// Faults.FullDiskDuringIndexingKeepsTheLastCommit); its last commit stays
/// on disk.
void install_fatal_error_handler();

}  // namespace herdex::cli
