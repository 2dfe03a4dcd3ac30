#include "commands/common.h"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

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

namespace {

std::string& fatal_error_path() {
  static std::string path;
  return path;
}

[[noreturn]] void on_terminate() {
  Error error = error_from_exception(std::current_exception(), fatal_error_path());
  if (error.code != ErrorCode::internal) {
    error.message += "; Xapian stopped the process, and the database keeps its last commit";
  }
  std::fflush(stdout);
  print_error(error);
  std::fflush(stderr);
  std::_Exit(exit_code_for(error.code));
}

}  // namespace

void set_fatal_error_path(const std::string& path) { fatal_error_path() = path; }

void install_fatal_error_handler() { std::set_terminate(on_terminate); }

}  // namespace herdex::cli
