// herdex: the command-line tool. It parses arguments and prints; all the
// work is done by libherdex through its public API.
#include <CLI/CLI.hpp>

#include <csignal>

#include <fmt/format.h>

#include "commands/bench_command.h"
#include "commands/check_command.h"
#include "commands/common.h"
#include "commands/delete_command.h"
#include "commands/eval_command.h"
#include "commands/index_command.h"
#include "commands/search_command.h"
#include "commands/serve_command.h"
#include "commands/stats_command.h"
#include "herdex/version.h"

int main(int argc, char** argv) {
  using namespace herdex::cli;
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
  app.set_version_flag("--version", std::string("herdex ") + herdex::version());

  IndexCommand index(app);
  SearchCommand search(app);
  StatsCommand stats(app);
  DeleteCommand remove(app);
  EvalCommand eval(app);
  BenchCommand bench(app);
  ServeCommand serve(app);
  CheckCommand check(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  if (index.selected()) return index.run();
  if (search.selected()) return search.run();
  if (stats.selected()) return stats.run();
  if (remove.selected()) return remove.run();
  if (eval.selected()) return eval.run();
  if (bench.selected()) return bench.run();
  if (serve.selected()) return serve.run();
  if (check.selected()) return check.run();
  return kExitUsage;
}
