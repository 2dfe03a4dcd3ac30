// Command lines of the benchmark programs: CLI11, with the exit statuses
// the scripts rely on (0 after --help, 2 for a usage error).
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>

namespace herdex::bench {

/// Parses `argv` into `app` (its callbacks included). Returns nothing to go
/// on, or the status to exit with: 0 after --help (printed on stdout), 2
/// after a usage error (printed on stderr by CLI11).
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return std::nullopt;
}

/// Checks that an option's value is a number above 0.
inline CLI::Validator above_zero() {
  return CLI::Validator(
      [](std::string& value) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(value.c_str(), &end);
        return end != value.c_str() && *end == '\0' && x > 0 ? "" : "must be a number above 0";
      },
      "> 0");
}

/// The non-empty items of a comma-separated list.
inline std::vector<std::string> split_list(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    const std::size_t comma = s.find(',');
    std::string item(s.substr(0, comma));
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

/// The evaluation programs' --sets value, `SET:SPLIT,...`, as (set, split)
/// pairs. Throws CLI::ValidationError for an item that is not SET:SPLIT, so
/// that it is a usage error when called from a CLI11 callback.
inline std::vector<std::pair<std::string, std::string>> parse_sets(std::string_view list) {
  std::vector<std::pair<std::string, std::string>> sets;
  for (const std::string& item : split_list(list)) {
    const std::size_t colon = item.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
      throw CLI::ValidationError("--sets", "wants SET:SPLIT, not '" + item + "'");
    }
    sets.emplace_back(item.substr(0, colon), item.substr(colon + 1));
  }
  if (sets.empty()) throw CLI::ValidationError("--sets", "no sets");
  return sets;
}

}  // namespace herdex::bench
