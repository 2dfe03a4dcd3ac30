// herdex: the command-line tool. It parses arguments and prints; all the
// work is done by libherdex through its public API.
#include <CLI/CLI.hpp>

#include <csignal>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/bench_command.h"
#include "commands/check_command.h"
#include "commands/common.h"
#include "commands/compact_command.h"
#include "commands/completion_command.h"
#include "commands/delete_command.h"
#include "commands/eval_command.h"
#include "commands/index_command.h"
#include "commands/search_command.h"
#include "commands/serve_command.h"
#include "commands/stats_command.h"
#include "commands/version_flag.h"
#include "herdex/version.h"
#include "output/errors.h"

namespace {

using namespace herdex::cli;

int run(int argc, char** argv) {
  // Over a file size limit (ulimit -f), the kernel's default is to kill the
  // process with SIGXFSZ mid-write; ignored, the write fails with EFBIG,
  // which the library reports like a full disk, after its last commit.
  (void)std::signal(SIGXFSZ, SIG_IGN);  // only fails for an invalid signal number
  CLI::App app{
      "herdex: full-text search for reviews, English and CJK, that finds and highlights passages.",
      "herdex"};
  app.footer(
      "Database: --db PATH, or $HERDEX_DB, or .herdex/db in the current directory.\n"
      "Exit codes: 0 ok, 1 finished with errors, 2 bad arguments or query, 3 not found,\n"
      "4 database locked, 5 database corrupt or of another version, 6 I/O error.\n\n"
      "Examples:\n"
      "  herdex index corpus/\n"
      "  herdex index reviews.jsonl.gz --id-field id\n"
      "  herdex search loneliness\n"
      "  herdex search \"孤独\" --json\n"
      "  herdex serve --port 8080\n"
      "  herdex bench --queries benchmarks/queries/imdb.tsv\n"
      "Run `herdex COMMAND --help` for a command's options.");
  app.require_subcommand(1);
  add_version_flag(app);

  IndexCommand index(app);
  SearchCommand search(app);
  StatsCommand stats(app);
  DeleteCommand remove(app);
  EvalCommand eval(app);
  BenchCommand bench(app);
  ServeCommand serve(app);
  CompletionCommand completion(app);
  ManCommand man(app);
  CheckCommand check(app);
  CompactCommand compact(app);

  set_json_errors(wants_json(argc, argv));
  // `herdex help [COMMAND...]` is `herdex [COMMAND...] --help`.
  std::vector<const char*> args(argv, argv + argc);
  if (args.size() > 1 && std::string(args[1]) == "help") {
    if (auto unknown = unknown_help_topic(app, {args.begin() + 2, args.end()})) {
      print_error(*unknown);
      return kExitUsage;
    }
    args.erase(args.begin() + 1);
    args.push_back("--help");
  }
  try {
    app.parse(static_cast<int>(args.size()), args.data());
  } catch (const CLI::ParseError& e) {
    return report_parse_error(app, e);
  }
  if (index.selected()) return index.run();
  if (search.selected()) return search.run();
  if (stats.selected()) return stats.run();
  if (remove.selected()) return remove.run();
  if (eval.selected()) return eval.run();
  if (bench.selected()) return bench.run();
  if (serve.selected()) return serve.run();
  if (completion.selected()) return completion.run();
  if (man.selected()) return man.run();
  if (check.selected()) return check.run();
  if (compact.selected()) return compact.run();
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  // The library reports errors as values; an exception reaching here is a
  // bug (or memory exhaustion), reported in the error format, not as a crash.
  install_fatal_error_handler();
  try {
    return run(argc, argv);
  } catch (...) {
    return report_error(herdex::error_from_exception(std::current_exception()));
  }
}
