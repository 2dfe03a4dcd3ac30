#include "output/errors.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"

namespace herdex::cli {
namespace {

bool g_json_errors = false;

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] =
          std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// "herdex search", "herdex bench index": the command as a user types it.
std::string command_name(const CLI::App* app) {
  std::string name;
  for (const CLI::App* a = app; a != nullptr; a = a->get_parent()) {
    std::string outer = a->get_name();
    if (!name.empty()) outer.append(" ").append(name);
    name = std::move(outer);
  }
  return name;
}

// The innermost command the parser entered.
CLI::App* deepest(CLI::App* app) {
  for (;;) {
    const std::vector<CLI::App*> subs = app->get_subcommands();
    if (subs.empty()) return app;
    app = subs.front();
  }
}

std::vector<std::string> option_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::Option* opt : app->get_options()) {
    for (const std::string& l : opt->get_lnames()) names.push_back("--" + l);
    for (const std::string& s : opt->get_snames()) names.push_back("-" + s);
  }
  return names;
}

std::vector<std::string> command_names(const CLI::App* app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // "-z" is one edit from every short option: no hint for so little.
  if (word.size() < 4 && word.front() == '-') return {};
  const std::string best = closest_name(word, candidates);
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

// The first argument no command or option took, anywhere in the tree.
std::string first_unexpected(const CLI::App* app) {
  const std::vector<std::string> left = app->remaining(true);
  return left.empty() ? std::string() : left.front();
}

// CLI11's own sentences start with a capital and may span lines.
std::string one_line(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && (text.back() == ' ' || text.back() == '.')) text.pop_back();
  return text;
}

}  // namespace

void set_json_errors(bool on) { g_json_errors = on; }
bool json_errors() { return g_json_errors; }

bool wants_json(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--") == 0) return false;
    if (std::strcmp(argv[i], "--json") == 0) return true;
  }
  return false;
}

std::string format_error(const Error& e) {
  const std::string message = message_with_hint(e);
  if (e.path.empty()) {
    return e.column == 0 ? message : fmt::format("{} (column {})", message, e.column);
  }
  if (e.line == 0) return fmt::format("{}: {}", e.path, message);
  if (e.column == 0) return fmt::format("{}:{}: {}", e.path, e.line, message);
  return fmt::format("{}:{}:{}: {}", e.path, e.line, e.column, message);
}

std::string error_object_json(const Error& e) {
  // In the documented key order: code, message, path, line, column.
  using json = nlohmann::ordered_json;
  json inner{{"code", to_string(e.code)}, {"message", message_with_hint(e)}};
  inner["path"] = e.path.empty() ? json(nullptr) : json(e.path);
  inner["line"] = e.line == 0 ? json(nullptr) : json(e.line);
  inner["column"] = e.column == 0 ? json(nullptr) : json(e.column);
  // A path or query typed by a user may not be UTF-8; replace, never throw.
  return json{{"error", std::move(inner)}}.dump(-1, ' ', false, json::error_handler_t::replace);
}

void print_error(const Error& error) {
  if (g_json_errors) {
    fmt::print(stderr, "{}\n", error_object_json(error));
  } else {
    fmt::print(stderr, "herdex: error: {}\n", format_error(error));
  }
}

void print_problem(const Error& problem, ProblemKind kind) {
  fmt::print(stderr, "herdex: {}: {}{}\n", kind == ProblemKind::error ? "error" : "warning",
             format_error(problem), kind == ProblemKind::skipped ? " (skipped)" : "");
}

void print_problems(const IndexReport& report) {
  for (std::size_t i = 0; i < report.problems.size(); ++i) {
    print_problem(report.problems[i],
                  i < report.problem_kinds.size() ? report.problem_kinds[i] : ProblemKind::error);
  }
  if (report.problems_not_listed > 0) {
    fmt::print(stderr, "herdex: ... and {} more problems (only the first {} are listed)\n",
               report.problems_not_listed, IndexReport::kMaxListedProblems);
  }
}

std::string closest_name(const std::string& word, const std::vector<std::string>& candidates) {
  // Within a third of the word's length (at least 1, at most 3 edits), so
  // that "serach" finds "search" but "foo" finds nothing.
  const std::size_t limit = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

std::string truncate_for_message(const std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Back up to the start of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U) --cut;
  return fmt::format("{}… ({} bytes)", text.substr(0, cut), text.size());
}

std::optional<Error> unknown_help_topic(CLI::App& app, const std::vector<std::string>& topic) {
  CLI::App* where = &app;
  for (const std::string& name : topic) {
    // Options, or words after a command with no commands of its own (its
    // arguments), end the topic.
    if ((!name.empty() && name.front() == '-') || command_names(where).empty()) break;
    CLI::App* sub = nullptr;
    try {
      sub = where->get_subcommand(name);
    } catch (const CLI::OptionNotFound&) {
      const std::vector<std::string> names = command_names(where);
      const std::string hint = did_you_mean(name, names);
      const std::string of = where == &app ? std::string() : " for '" + command_name(where) + "'";
      return Error{ErrorCode::invalid_argument,
                   hint.empty() ? fmt::format("unknown command '{}'{} (commands: {})", name, of,
                                              fmt::join(names, ", "))
                                : fmt::format("unknown command '{}'{}{}", name, of, hint)};
    }
    where = sub;
  }
  return std::nullopt;
}

namespace {

// The code point at text[i] and its length in bytes; an invalid byte is
// returned alone as U+FFFD.
std::pair<char32_t, std::size_t> decode_utf8(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  std::size_t n = b < 0x80U            ? 1
                  : (b >> 5U) == 0x6U  ? 2
                  : (b >> 4U) == 0xEU  ? 3
                  : (b >> 3U) == 0x1EU ? 4
                                       : 0;
  if (n == 0 || i + n > text.size()) return {U'\uFFFD', 1};
  char32_t c = n == 1 ? b : b & (0xFFU >> (n + 1));
  for (std::size_t k = 1; k < n; ++k) {
    const auto cont = static_cast<unsigned char>(text[i + k]);
    if ((cont & 0xC0U) != 0x80U) return {U'\uFFFD', 1};
    c = (c << 6U) | (cont & 0x3FU);
  }
  return {c, n};
}

// Terminal columns a code point takes: 0 for combining marks and
// zero-width characters, 2 for East Asian wide and full-width ones (UAX
// #11, in outline: Hangul, CJK, kana, full-width forms, emoji), else 1.
std::size_t columns_of(char32_t c) {
  if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
      (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x200B && c <= 0x200F) ||
      (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
      (c >= 0xFE20 && c <= 0xFE2F) || (c >= 0x3099 && c <= 0x309A)) {
    return 0;
  }
  if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
      (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
      (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
      (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
      (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
      (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
      (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// One character of a query as shown: controls (a tab, a line break) as
// a space, invalid bytes as U+FFFD, so the line stays one line.
struct Shown {
  std::string text;
  std::size_t columns;
};
Shown shown_at(std::string_view query, std::size_t i, std::size_t* length) {
  const auto [c, n] = decode_utf8(query, i);
  *length = n;
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) return {" ", 1};
  if (c == U'\uFFFD' && n == 1) return {"\xEF\xBF\xBD", 1};
  return {std::string(query.substr(i, n)), columns_of(c)};
}

}  // namespace

std::string query_with_caret(std::string_view query, std::size_t column, std::size_t before,
                             std::size_t after) {
  const std::size_t at = std::min(column == 0 ? 0 : column - 1, query.size());
  // The characters up to the column, shown backwards from it until
  // `before` columns are used; then forwards for `after` columns.
  std::vector<std::size_t> starts;  // character starts before `at`
  for (std::size_t i = 0, n = 0; i < at; i += n) {
    (void)shown_at(query, i, &n);
    starts.push_back(i);
  }
  std::size_t first = at, used = 0;
  for (auto it = starts.rbegin(); it != starts.rend(); ++it) {
    std::size_t n = 0;
    const std::size_t w = shown_at(query, *it, &n).columns;
    if (used + w > before) break;
    used += w;
    first = *it;
  }
  std::string line = first > 0 ? "…" : "";
  std::size_t caret = first > 0 ? 1 : 0;
  std::size_t i = first;
  for (std::size_t n = 0; i < at; i += n) {
    const Shown s = shown_at(query, i, &n);
    line += s.text;
    caret += s.columns;
  }
  for (std::size_t n = 0, width = 0; i < query.size(); i += n) {
    const Shown s = shown_at(query, i, &n);
    if (width + s.columns > after) break;
    line += s.text;
    width += s.columns;
  }
  if (i < query.size()) line += "…";
  return fmt::format("  {}\n  {}^\n", line, std::string(caret, ' '));
}

int report_parse_error(CLI::App& app, const CLI::ParseError& e) {
  const std::string kind = e.get_name();
  if (kind == "Success" || kind == "CallForHelp" || kind == "CallForAllHelp" ||
      kind == "CallForVersion") {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }
  CLI::App* where = deepest(&app);
  const std::string command = command_name(where);
  const std::string unexpected = first_unexpected(&app);
  std::string message;
  if (!unexpected.empty() && unexpected.front() == '-' && unexpected.size() > 1) {
    const std::string name = unexpected.substr(0, unexpected.find('='));
    const std::string hint = did_you_mean(name, option_names(where));
    message = fmt::format("unknown option '{}' for '{}'{}", name, command,
                          hint.empty() ? fmt::format(" (see '{} --help')", command) : hint);
  } else if (!unexpected.empty() && where == &app) {
    const std::string hint = did_you_mean(unexpected, command_names(&app));
    message = hint.empty() ? fmt::format("unknown command '{}' (commands: {})", unexpected,
                                         fmt::join(command_names(&app), ", "))
                           : fmt::format("unknown command '{}'{}", unexpected, hint);
  } else if (const std::string hint = unexpected.empty()
                                          ? std::string()
                                          : did_you_mean(unexpected, command_names(where));
             !hint.empty()) {
    // `herdex bench indx`: a misspelled command of a command.
    message = fmt::format("unknown command '{}' for '{}'{}", unexpected, command, hint);
  } else if (!unexpected.empty()) {
    message = fmt::format("unexpected argument '{}' for '{}' (see '{} --help')", unexpected,
                          command, command);
  } else if (kind == "RequiredError" && where == &app) {
    message = fmt::format("no command given (commands: {}; see 'herdex --help')",
                          fmt::join(command_names(&app), ", "));
  } else {
    message = fmt::format("{}: {} (see '{} --help')", command, one_line(e.what()), command);
  }
  print_error(Error{ErrorCode::invalid_argument, message});
  return kExitUsage;
}

}  // namespace herdex::cli
