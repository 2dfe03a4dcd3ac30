#include "commands/common.h"

#include <cstdio>
#include <cstdlib>

#include <fmt/format.h>

#include "output/errors.h"

namespace herdex::cli {

std::string default_database() {
  if (const char* env = std::getenv("HERDEX_DB"); env != nullptr && *env != '\0') return env;
  return ".herdex/db";
}

int exit_code_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::invalid_argument:
    case ErrorCode::query_syntax:
    case ErrorCode::already_exists:
      return kExitUsage;  // e.g. `bench index` into an existing database
    case ErrorCode::not_found:
      return kExitNotFound;
    case ErrorCode::locked:
      return kExitLocked;
    case ErrorCode::corrupt:
    case ErrorCode::version_mismatch:
      return kExitDatabase;
    case ErrorCode::io_error:
      return kExitIo;
    default:
      return kExitFailure;
  }
}

void warn_partial(const std::vector<Error>& failed_shards) {
  for (const Error& e : failed_shards) {
    fmt::print(stderr, "herdex: warning: partial results; shard left out: {}\n", e.describe());
  }
}

int report_error(const Error& error) {
  print_error(error);
  return exit_code_for(error.code);
}

}  // namespace herdex::cli
