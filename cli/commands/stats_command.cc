#include "commands/stats_command.h"

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/database.h"
#include "output/json_output.h"

namespace herdex::cli {

StatsCommand::StatsCommand(CLI::App& parent)
    : app_(parent.add_subcommand("stats", "Show what a database holds and how it was built")) {
  app_->add_option("--db", db_, "Database directory (default: $HERDEX_DB or .herdex/db)");
  app_->add_flag("--json", json_, "Print as JSON");
}

int StatsCommand::run() {
  if (db_.empty()) db_ = default_database();
  auto stats = database_stats(db_);
  if (!stats) return report_error(stats.error());
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
  return kExitOk;
}

}  // namespace herdex::cli
