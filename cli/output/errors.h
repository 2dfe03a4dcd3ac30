// The one error format of the command line, for library errors and argument
// errors alike:
//
//   herdex: error: [PATH[:LINE[:COL]]: ]message
//
// on stderr, or with --json one object on stderr,
//
//   {"error":{"code":"query_syntax","message":"...","path":null,"line":null,"column":7}}
//
// where a location that does not apply is null (a file-level problem has a
// path and no line). The exit code is the same either way.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "herdex/error.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace herdex::cli {

/// Whether errors are printed as JSON. main() sets it from the command line
/// before parsing, so that argument errors follow --json too.
void set_json_errors(bool on);
bool json_errors();

/// True when `args` (argv without the program name) holds `--json` before
/// a `--` separator.
bool wants_json(int argc, const char* const* argv);

/// The text form of `error` without the "herdex: error: " prefix:
/// "path:line:column: message", "path:line: message", "path: message", or
/// for a query "message (column 7)".
std::string format_error(const Error& error);

/// The --json form of `error`: one line, no newline.
std::string error_object_json(const Error& error);

/// Prints `error` in the current format to stderr.
void print_error(const Error& error);

/// Prints a CLI11 parse failure in herdex's format and returns the exit
/// code: 0 for --help and --version (whose text CLI11 prints), else 2.
/// Unknown commands and options are named with the closest known one.
int report_parse_error(CLI::App& app, const CLI::ParseError& error);

/// The closest of `candidates` to `word` within a few edits, or "".
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

/// `text` cut to about `max_bytes` on a UTF-8 boundary, with "…" and the
/// full length when cut: for echoing user input (a query) in messages.
std::string truncate_for_message(const std::string& text, std::size_t max_bytes = 80);

}  // namespace herdex::cli
