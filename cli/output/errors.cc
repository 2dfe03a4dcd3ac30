#include "output/errors.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <cstring>

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
    name = a->get_name() + (name.empty() ? "" : " ") + name;
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
  if (e.path.empty()) {
    return e.column == 0 ? e.message : fmt::format("{} (column {})", e.message, e.column);
  }
  if (e.line == 0) return fmt::format("{}: {}", e.path, e.message);
  if (e.column == 0) return fmt::format("{}:{}: {}", e.path, e.line, e.message);
  return fmt::format("{}:{}:{}: {}", e.path, e.line, e.column, e.message);
}

std::string error_object_json(const Error& e) {
  // In the documented key order: code, message, path, line, column.
  using json = nlohmann::ordered_json;
  json inner{{"code", to_string(e.code)}, {"message", e.message}};
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
