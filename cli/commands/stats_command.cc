#include "commands/stats_command.h"

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/database.h"
#include "output/json_output.h"

namespace herdex::cli {

StatsCommand::StatsCommand(CLI::App& parent)
    : app_(parent.add_subcommand("stats", "Show what a database holds and how it was built")) {
  // Its own footer: a subcommand otherwise inherits the global examples.
  app_->footer(
      "Prints the documents, passages, distinct terms, size on disk and languages, the format\n"
      "and analyzer that built the database, and per shard the same counts.\n\n"
      "Examples:\n"
      "  herdex stats\n"
      "  herdex stats --db imdb.db --json | jq '.languages'\n"
      "  herdex stats --db cluster.stub --timeout 2000 --allow-partial");
  app_->add_option("--db", db_, kDbHelp);
  app_->add_option("--timeout", timeout_ms_, kTimeoutHelp)->capture_default_str();
  app_->add_flag("--allow-partial", allow_partial_, "If some shards are down, count the others");
  app_->add_flag("--json", json_, "Print as JSON");
}

int StatsCommand::run() {
  if (db_.empty()) db_ = default_database();
  OpenOptions options;
  options.timeout_ms = timeout_ms_;
  options.allow_partial = allow_partial_;
  auto stats = database_stats(db_, options);
  if (!stats) return report_error(stats.error());
  if (!json_) warn_partial(stats->failed_shards);
  if (json_) {
    fmt::print("{}\n", stats_json(*stats));
    return kExitOk;
  }
  fmt::print("database: {}\n", stats->path);
  fmt::print("documents: {}\n", stats->documents);
  fmt::print("passages: {}\n", stats->passages);
  fmt::print("terms: {}\n", stats->terms);
  fmt::print("size: {:.1f} MB\n", static_cast<double>(stats->size_bytes) / 1e6);
  std::string langs;
  for (const auto& [lang, count] : stats->languages) {
    langs += fmt::format("{}{} {}", langs.empty() ? "" : ", ", lang, count);
  }
  fmt::print("languages: {}\n", langs.empty() ? "-" : langs);
  fmt::print("format: {}\n", stats->format);
  fmt::print("analyzer: {}\n", stats->analyzer);
  fmt::print("extractor: {}\n", stats->extractor.empty() ? "-" : stats->extractor);
  fmt::print("boilerplate: {} bytes in {} documents (stored, not indexed)\n",
             stats->boilerplate_bytes, stats->boilerplate_documents);
  if (stats->shards.size() + stats->failed_shards.size() > 1) {
    fmt::print("shards: {}\n", stats->shards.size() + stats->failed_shards.size());
    for (const ShardStats& s : stats->shards) {
      fmt::print("  {}: {} documents, {} passages, {} terms, {:.1f} MB\n", s.name, s.documents,
                 s.passages, s.terms, static_cast<double>(s.size_bytes) / 1e6);
    }
    for (const Error& e : stats->failed_shards) fmt::print("  {}: unavailable\n", e.path);
  }
  return kExitOk;
}

}  // namespace herdex::cli
