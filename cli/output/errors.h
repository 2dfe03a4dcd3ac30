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
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/error.h"
#include "herdex/index.h"
#include "herdex/ingest.h"
#include "output/hints.h"

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

/// Prints one problem of an indexing run on stderr, in the error format
/// (as text, also with --json, whose report lists the problems):
/// "herdex: error: PATH:LINE: message", "herdex: warning: ...", and for an
/// input left out on purpose "herdex: warning: PATH: message (skipped)".
void print_problem(const Error& problem, ProblemKind kind);

/// print_problem() for each of an indexing run's problems, then how many
/// more there were.
void print_problems(const IndexReport& report);

/// Prints a CLI11 parse failure in herdex's format and returns the exit
/// code: 0 for --help and --version (whose text CLI11 prints), else 2.
/// Unknown commands and options are named with the closest known one.
int report_parse_error(CLI::App& app, const CLI::ParseError& error);

/// For `herdex help A B`: an error naming the first of `topic` that is no
/// command (of the command before it), with the closest one; nullopt when
/// all are commands.
std::optional<Error> unknown_help_topic(CLI::App& app, const std::vector<std::string>& topic);

/// Two lines for under a query error: the query (at most `before` terminal
/// columns before the error's 1-based byte `column` and `after` from it,
/// "…" where cut) and a caret under the column, wide CJK characters
/// counted twice. Each line starts with two spaces and ends with "\n".
std::string query_with_caret(std::string_view query, std::size_t column, std::size_t before = 60,
                             std::size_t after = 20);

/// The closest of `candidates` to `word` within a few edits, or "".
std::string closest_name(const std::string& word, const std::vector<std::string>& candidates);

/// `text` cut to about `max_bytes` on a UTF-8 boundary, with "…" and the
/// full length when cut: for echoing user input (a query) in messages.
std::string truncate_for_message(const std::string& text, std::size_t max_bytes = 80);

}  // namespace herdex::cli
