#include "commands/bench_command.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"
#include "herdex/tools/bench.h"
#include "herdex/version.h"
#include "output/errors.h"
#include "output/progress.h"

namespace herdex::cli {
namespace {

using ordered_json = nlohmann::ordered_json;

// Quotes `arg` for a POSIX shell when it holds anything but safe characters.
std::string shell_quote(const std::string& arg) {
  const bool safe = !arg.empty() && arg.find_first_not_of(
                                        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                        "0123456789_-./:=,+@%") == std::string::npos;
  if (safe) return arg;
  std::string out = "'";
  for (const char c : arg) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string command_line(const std::vector<std::string>& args) {
  std::string out = "herdex";
  for (const std::string& a : args) out += " " + shell_quote(a);
  return out;
}

bool show_progress(bool forced, bool never) {
  return !never && (forced || isatty(fileno(stderr)) != 0);
}

ordered_json latency_json(const BenchClassReport& r) {
  const LatencySummary& l = r.latency;
  return ordered_json{{"count", l.count},
                      {"p50_us", l.p50_us},
                      {"p90_us", l.p90_us},
                      {"p95_us", l.p95_us},
                      {"p99_us", l.p99_us},
                      {"max_us", l.max_us},
                      {"qps", l.qps},
                      {"mean_us", l.mean_us},
                      {"queries", r.queries},
                      {"phases",
                       {{"parse_us", r.phases.parse_us},
                        {"match_us", r.phases.match_us},
                        {"passages_us", r.phases.passages_us},
                        {"snippets_us", r.phases.snippets_us},
                        {"other_us", r.phases.other_us}}}};
}

}  // namespace

BenchCommand::BenchCommand(CLI::App& parent)
    : app_(parent.add_subcommand("bench",
                                 "Measure query latency (or, with `index`, indexing throughput)")) {
  app_->footer(
      "Runs every query of FILE (one per line, or class<TAB>query; # comments) once per warm-up\n"
      "pass, then --repeat times, and prints per class and overall: count, p50, p90, p99 and\n"
      "max latency in microseconds, queries per second, and where the time goes (parse, match,\n"
      "passages, snippets). Every search is a full one: top --limit hits with snippets. The\n"
      "first line printed is the command that repeats the run.\n\n"
      "Examples:\n"
      "  herdex bench --db imdb.db --queries benchmarks/queries/imdb.tsv --repeat 5\n"
      "  herdex bench --db imdb.db --queries q.txt --threads 2 --json --plot latency.svg\n"
      "  herdex bench index ../shared/data/imdb/imdb_train.jsonl.gz --db /tmp/new.db --id-field "
      "id");
  app_->add_option("--db", db_, "Database directory (default: $HERDEX_DB or .herdex/db)");
  app_->add_option("--queries", queries_, "Query file: one query per line, or class<TAB>query");
  app_->add_option("--repeat", repeat_, "Timed runs of every query")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{1000000}));
  app_->add_option("--threads", threads_, "Searching threads, one searcher each")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  app_->add_option("--warmup", warmup_, "Untimed passes over the queries first (per thread)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000}));
  app_->add_option("-n,--limit", limit_, "Hits per search")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  app_->add_option("--snippet-bytes", snippet_bytes_, "Snippet length in bytes")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  app_->add_option("--plot", plot_, "Also draw the latency distribution per class (SVG file)");
  app_->add_flag("--json", json_, "Print the figures as JSON");
  auto* progress =
      app_->add_flag("--progress", progress_, "Show progress even when stderr is not a terminal");
  app_->add_flag("--no-progress", no_progress_, "Never show progress")->excludes(progress);

  index_app_ = app_->add_subcommand("index", "Measure indexing throughput into a new database");
  index_app_->footer(
      "Indexes the inputs (as `herdex index` reads them) into a new database and prints\n"
      "documents/s, MB/s of text, passages, the database's size and the process's peak RSS.\n\n"
      "Example: herdex bench index ../shared/data/imdb/imdb_train.jsonl.gz --db /tmp/b.db "
      "--id-field id");
  index_app_->add_option("paths", paths_, "Files or folders to index")->required();
  index_app_->add_option("--db", index_db_, "New database directory (must not exist or be empty)")
      ->required();
  add_record_flags(*index_app_, index_flags_);
  add_writer_flags(*index_app_, index_flags_,
                   "Threads that analyze documents (0: one per core; 1: no worker threads)");
  index_app_->add_flag("--json", index_json_, "Print the figures as JSON");
  auto* index_progress = index_app_->add_flag("--progress", index_progress_,
                                              "Show progress even when stderr is not a terminal");
  index_app_->add_flag("--no-progress", index_no_progress_, "Never show progress")
      ->excludes(index_progress);
}

int BenchCommand::run() { return index_app_->parsed() ? run_index() : run_queries(); }

int BenchCommand::run_queries() {
  if (queries_.empty()) {
    return report_error(Error{ErrorCode::invalid_argument,
                              "bench needs --queries FILE (or the `index` subcommand)"});
  }
  if (!plot_.empty()) {
    // Checked before the run, not after minutes of it: the plot is SVG.
    const std::string ext = plot_.size() >= 4 ? plot_.substr(plot_.size() - 4) : std::string();
    if (ext != ".svg" && ext != ".SVG") {
      Error e{ErrorCode::invalid_argument, "--plot writes SVG: give a file name ending in .svg"};
      e.path = plot_;
      return report_error(e);
    }
    // And where it goes: a plot that cannot be written fails now.
    const std::filesystem::path plot(plot_);
    const std::filesystem::path dir = plot.has_parent_path() ? plot.parent_path() : ".";
    std::error_code ec;
    const char* problem = nullptr;
    if (!std::filesystem::is_directory(dir, ec)) {
      problem = "cannot write the plot: no such directory";
    } else if (std::filesystem::is_directory(plot, ec)) {
      problem = "cannot write the plot: it is a directory";
    } else if (access(dir.c_str(), W_OK) != 0) {
      problem = "cannot write the plot: the directory is not writable";
    }
    if (problem != nullptr) {
      Error e{ErrorCode::io_error, problem};
      e.path = plot_;
      return report_error(e);
    }
  }
  if (db_.empty()) db_ = default_database();
  auto set = read_bench_queries(queries_);
  if (!set) return report_error(set.error());

  QueryBenchOptions options;
  options.repeat = repeat_;
  options.threads = threads_;
  options.warmup = warmup_;
  options.search.limit = limit_;
  options.search.snippet_bytes = snippet_bytes_;
  ProgressBar bar(show_progress(progress_, no_progress_));
  options.progress = [&](std::size_t done, std::size_t total) {
    bar.update(done, total, "searches");
  };

  std::vector<std::string> args{"bench",
                                "--db",
                                db_,
                                "--queries",
                                queries_,
                                "--repeat",
                                std::to_string(repeat_),
                                "--threads",
                                std::to_string(threads_),
                                "--warmup",
                                std::to_string(warmup_),
                                "--limit",
                                std::to_string(limit_),
                                "--snippet-bytes",
                                std::to_string(snippet_bytes_)};
  if (!plot_.empty()) args.insert(args.end(), {"--plot", plot_});
  const std::string command = command_line(args);
  // Printed before the run too, so an interrupted run can be repeated.
  if (!json_) fmt::print("{}\n", command);
  std::fflush(stdout);

  auto report = run_query_bench(db_, *set, options);
  bar.finish();
  if (!report) return report_error(report.error());
  const QueryBenchReport& r = *report;

  if (!plot_.empty()) {
    LatencyPanel panel{"latency per query class", {}};
    for (const BenchClassReport& c : r.classes) panel.series.push_back({c.name, c.samples_us});
    if (r.classes.size() > 1) panel.series.push_back({"overall", r.overall.samples_us});
    const std::string title =
        fmt::format("herdex bench: {} documents, {} queries x {}, {} thread{}", r.documents,
                    r.queries, r.repeat, r.threads, r.threads == 1 ? "" : "s");
    if (auto ok = write_latency_cdf_svg(plot_, {panel}, title); !ok)
      return report_error(ok.error());
  }

  if (json_) {
    ordered_json classes = ordered_json::object();
    for (const BenchClassReport& c : r.classes) classes[c.name] = latency_json(c);
    const ordered_json out{{"overall", latency_json(r.overall)},
                           {"classes", std::move(classes)},
                           {"command", command},
                           {"version", version()},
                           {"db", db_},
                           {"documents", r.documents},
                           {"queries", r.queries},
                           {"repeat", r.repeat},
                           {"threads", r.threads},
                           {"warmup", r.warmup},
                           {"seconds", r.seconds}};
    fmt::print("{}\n", out.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
    return kExitOk;
  }
  fmt::print(
      "herdex {}: {} documents, {} queries x {} runs, {} thread{}, {} warm-up pass{}, {:.2f} s\n\n",
      version(), r.documents, r.queries, r.repeat, r.threads, r.threads == 1 ? "" : "s", r.warmup,
      r.warmup == 1 ? "" : "es", r.seconds);
  std::size_t width = 7;
  for (const BenchClassReport& c : r.classes) width = std::max(width, c.name.size());
  fmt::print("{:<{}} {:>7} {:>9} {:>9} {:>9} {:>9} {:>8} | {:>7} {:>7} {:>8} {:>8} {:>7}\n",
             "class", width, "count", "p50 µs", "p90 µs", "p99 µs", "max µs", "qps", "parse",
             "match", "passages", "snippets", "other");
  auto row = [&](const BenchClassReport& c) {
    const LatencySummary& l = c.latency;
    fmt::print(
        "{:<{}} {:>7} {:>9.0f} {:>9.0f} {:>9.0f} {:>9.0f} {:>8.0f} | {:>7.0f} {:>7.0f} {:>8.0f} "
        "{:>8.0f} {:>7.0f}\n",
        c.name, width, l.count, l.p50_us, l.p90_us, l.p99_us, l.max_us, l.qps, c.phases.parse_us,
        c.phases.match_us, c.phases.passages_us, c.phases.snippets_us, c.phases.other_us);
  };
  for (const BenchClassReport& c : r.classes) row(c);
  row(r.overall);
  fmt::print(
      "\nLatencies are per search, in microseconds; the phase columns are mean µs per search.\n");
  if (!plot_.empty()) fmt::print("Plot: {}\n", plot_);
  return kExitOk;
}

int BenchCommand::run_index() {
  IndexBenchOptions options;
  options.index = index_options(index_flags_);
  options.ingest = index_flags_.ingest;
  ProgressBar bar(show_progress(index_progress_, index_no_progress_));
  options.progress = [&](const IndexProgress& p) { bar.update(p); };

  const IngestOptions& ingest = options.ingest;
  std::vector<std::string> args{"bench",
                                "index",
                                "--db",
                                index_db_,
                                "--id-field",
                                ingest.id_field,
                                "--title-field",
                                ingest.title_field,
                                "--text-field",
                                ingest.text_field,
                                "--batch",
                                std::to_string(options.index.batch_documents),
                                "--threads",
                                std::to_string(options.index.threads),
                                "--memory",
                                std::to_string(index_flags_.memory_mb),
                                "--passage-words",
                                std::to_string(options.index.passage_words),
                                "--max-bytes",
                                std::to_string(ingest.max_bytes)};
  for (const std::string& f : ingest.extra_fields) args.insert(args.end(), {"--field", f});
  args.insert(args.end(), paths_.begin(), paths_.end());
  const std::string command = command_line(args);
  if (!index_json_) fmt::print("{}\n", command);
  std::fflush(stdout);

  auto report = run_index_bench(index_db_, paths_, options);
  bar.finish();
  if (!report) return report_error(report.error());
  const IndexBenchReport& r = *report;
  print_problems(r.report);

  if (index_json_) {
    const ordered_json out{{"documents", r.documents},
                           {"bytes", r.bytes},
                           {"seconds", r.seconds},
                           {"docs_per_s", r.docs_per_s},
                           {"mb_per_s", r.mb_per_s},
                           {"passages", r.passages},
                           {"db_bytes", r.db_bytes},
                           {"peak_rss_bytes", r.peak_rss_bytes},
                           {"stages",
                            {{"bulk", r.report.stages.bulk},
                             {"read", r.report.stages.read},
                             {"build", r.report.stages.build},
                             {"write", r.report.stages.write},
                             {"commit", r.report.stages.commit},
                             {"compact", r.report.stages.compact}}},
                           {"skipped", r.report.skipped},
                           {"errors", r.report.errors},
                           {"command", command},
                           {"version", version()},
                           {"db", index_db_}};
    fmt::print("{}\n", out.dump());
  } else {
    fmt::print("herdex {}: {} documents, {:.1f} MB of text in {:.2f} s\n", version(), r.documents,
               static_cast<double>(r.bytes) / 1e6, r.seconds);
    fmt::print(
        "{:.0f} documents/s, {:.2f} MB/s, {} passages, database {:.1f} MB, peak RSS {:.0f} MB\n",
        r.docs_per_s, r.mb_per_s, r.passages, static_cast<double>(r.db_bytes) / 1e6,
        static_cast<double>(r.peak_rss_bytes) / 1e6);
    const IndexStageTimes& t = r.report.stages;
    fmt::print(
        "stages ({}; seconds, worker threads added up): read {:.2f}, build {:.2f}, "
        "write {:.2f}, commit {:.2f}, compact {:.2f}\n",
        t.bulk ? "bulk load" : "one writer", t.read, t.build, t.write, t.commit, t.compact);
    if (r.report.skipped > 0 || r.report.errors > 0) {
      fmt::print("{} inputs skipped, {} could not be read (see above)\n", r.report.skipped,
                 r.report.errors);
    }
  }
  return r.report.errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace herdex::cli
