#include "commands/index_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/database.h"
#include "herdex/index.h"
#include "output/errors.h"
#include "output/json_output.h"
#include "output/progress.h"

namespace herdex::cli {

namespace {

// Suggests `herdex compact` when the run left the database much larger
// than its content would make it (compaction_suggested()).
void hint_compaction(const std::string& db, const DatabaseFootprint& before) {
  auto after = database_footprint(db);
  if (!after || !compaction_suggested(before, *after)) return;
  fmt::print(stderr,
             "herdex: hint: the database went from {:.1f} MB to {:.1f} MB while its indexed words "
             "went from {} to {}; `herdex compact --db {}` may make it much smaller\n",
             static_cast<double>(before.bytes) / 1e6, static_cast<double>(after->bytes) / 1e6,
             before.words, after->words, db);
}

}  // namespace

IndexCommand::IndexCommand(CLI::App& parent)
    : app_(parent.add_subcommand("index", "Add or update documents from files and folders")) {
  app_->footer(
      "Reads .txt and .md files (one review each; a file may start with `key: value` header\n"
      "lines - title, author, rating, date, lang - and an empty line) and JSON Lines files\n"
      "(.jsonl, .jsonl.gz; one review per line). Text and HTML pages keep the review's own text:\n"
      "comment threads, bios, menus, share and related blocks are stored but not indexed, and\n"
      "a title, rating, date, author and credits (director:, writer:, cast:) are read from the\n"
      "page when no header gives them. Folders are read recursively, hidden files\n"
      "skipped, symbolic links leaving the folder not followed. A document's id is its\n"
      "canonical path (the same however the path is typed), or its JSON id; indexing again\n"
      "updates changed documents and leaves unchanged ones alone. Standard input ('-') is\n"
      "JSON Lines or one text, Markdown or HTML document (detected, or --format).\n\n"
      "Examples:\n"
      "  herdex index corpus/\n"
      "  herdex index ../shared/data/imdb/imdb_train.jsonl.gz --id-field id\n"
      "  zcat dump.jsonl.gz | herdex index - --text-field body\n"
      "  echo \"The walrus piece.\" | herdex index - --id walrus\n"
      "  herdex index corpus/ --db reviews.db --shards 4");
  app_->add_option("paths", paths_, "Files or folders to index ('-' reads standard input)")
      ->required();
  IngestOptions& ingest = flags_.ingest;
  IndexOptions& index = flags_.index;
  add_record_flags(*app_, flags_);
  app_->add_option("--format", ingest.stdin_format,
                   "Format of standard input: txt, md, html or jsonl (default: detected)")
      ->check(CLI::IsMember({"txt", "md", "html", "jsonl", "text"}));
  app_->add_option("--id", ingest.stdin_id,
                   "Id of the document read from standard input (default: derived from its "
                   "content)");
  app_->add_flag("--follow-links", ingest.follow_links,
                 "Follow symbolic links that lead out of the folders given");
  app_->add_flag("--keep-boilerplate", index.keep_boilerplate,
                 "Also index page boilerplate (comment threads and forms, bios, menus, share and "
                 "related blocks) of documents indexed now");
  app_->add_flag("--prune", index.prune,
                 "Remove documents not found in these inputs (they are the whole collection)");
  app_->add_flag("--strict", ingest.strict,
                 "Stop at the first malformed record or unreadable file");
  app_->add_option("--db", db_, kDbHelp);
  app_->add_option("--shards", index.shards,
                   "Spread a new database over N shards (by a hash of the document id); an "
                   "existing one keeps its count")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  app_->add_option("--timeout", index.timeout_ms, kTimeoutHelp)->capture_default_str();
  add_writer_flags(*app_, flags_,
                   "Threads that analyze documents (0: one per core; 1: no worker threads). A new "
                   "or empty database is built the fast way with more than one");
  app_->add_option("--commit-seconds", index.commit_seconds,
                   "Commit at least every S seconds while documents change (0: only by memory)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 30));
  app_->add_option("--batch-mb", batch_mb_, "...or every N MB of changed text (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 16));
  app_->add_option("--passage-overlap", index.passage_overlap_words,
                   "Repeat a last sentence of up to N words at the start of the next passage")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000));
  auto* progress =
      app_->add_flag("--progress", progress_, "Show progress even when stderr is not a terminal");
  app_->add_flag("--no-progress", no_progress_, "Never show progress")->excludes(progress);
  app_->add_flag("--json", json_, "Print the summary as JSON");
}

int IndexCommand::run() {
  if (db_.empty()) db_ = default_database();
  set_fatal_error_path(db_);
  // A missing input is found before the database is opened, so that a
  // mistyped path creates nothing.
  for (const std::string& path : paths_) {
    std::error_code ec;
    if (path != "-" && !std::filesystem::exists(path, ec)) {
      Error e{ErrorCode::not_found, "no such file or directory"};
      e.path = path;
      return report_error(e);
    }
  }
  IndexOptions options = index_options(flags_);
  options.batch_bytes = batch_mb_ << 20;
  // What the database took before the run, to suggest compacting it after
  // (none when there was none).
  const auto before = database_footprint(db_);
  auto writer = IndexWriter::open(db_, options);
  if (!writer) return report_error(writer.error());

  ProgressBar bar(!no_progress_ && (progress_ || isatty(fileno(stderr)) != 0));
  const auto start = std::chrono::steady_clock::now();
  auto report =
      writer->add_paths(paths_, flags_.ingest, [&](const IndexProgress& p) { bar.update(p); });
  bar.finish();
  if (!report) return report_error(report.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  print_problems(*report);
  if (json_) {
    fmt::print("{}\n", index_report_json(*report, seconds));
  } else {
    fmt::print(
        "{} added, {} updated, {} unchanged, {} deleted, {} skipped, {} errors in {:.2f} s "
        "({})\n",
        report->added, report->updated, report->unchanged, report->deleted, report->skipped,
        report->errors, seconds, db_);
    if (report->boilerplate_bytes > 0) {
      fmt::print("{} bytes of page boilerplate in {} documents were stored but not indexed\n",
                 report->boilerplate_bytes, report->boilerplate.size());
    }
    if (report->repaired_bytes > 0) {
      fmt::print("{} bytes of invalid UTF-8 were repaired\n", report->repaired_bytes);
    }
  }
  if (before) hint_compaction(db_, *before);
  if (report->errors > 0) {
    fmt::print(stderr, "herdex: error: {} input(s) could not be indexed (see above)\n",
               report->errors);
  }
  if (report->duplicates > 0) {
    fmt::print(stderr,
               "herdex: warning: {} duplicate id(s); the last of each was kept (see above)\n",
               report->duplicates);
  }
  if (report->errors > 0 || report->duplicates > 0) return kExitFailure;
  return kExitOk;
}

}  // namespace herdex::cli
