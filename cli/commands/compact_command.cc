#include "commands/compact_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"
#include "herdex/database.h"

namespace herdex::cli {
namespace {

double megabytes(std::uint64_t bytes) { return static_cast<double>(bytes) / 1e6; }

}  // namespace

CompactCommand::CompactCommand(CLI::App& parent)
    : app_(parent.add_subcommand("compact", "Compact a database in place to make it smaller")) {
  app_->footer(
      "Writes a compact copy of the database (of each local shard) beside it with Xapian's\n"
      "compactor and swaps it in with one rename; the documents and every search result stay\n"
      "the same. Searches that are running keep working and see the compact copy after they\n"
      "reopen. A database that `herdex index` is writing to is refused (exit 4), as is\n"
      "`herdex index` while the compaction runs. Remote shards are skipped (compact them on\n"
      "their server). Needs free space for a copy of the largest shard.\n\n"
      "Example: herdex compact --db reviews.db");
  app_->add_option("--db", db_, kDbHelp);
  app_->add_flag("--json", json_,
                 "Print {\"path\", \"bytes_before\", \"bytes_after\", \"shards\": [{\"path\", "
                 "\"bytes_before\", \"bytes_after\"}], \"skipped\"}");
}

int CompactCommand::run() {
  if (db_.empty()) db_ = default_database();
  set_fatal_error_path(db_);
  auto report = compact_database(db_);
  if (!report) return report_error(report.error());
  if (json_) {
    nlohmann::json shards = nlohmann::json::array();
    for (const CompactedShard& s : report->shards) {
      shards.push_back(
          {{"path", s.path}, {"bytes_before", s.bytes_before}, {"bytes_after", s.bytes_after}});
    }
    const nlohmann::json out{{"path", report->path},
                             {"bytes_before", report->bytes_before},
                             {"bytes_after", report->bytes_after},
                             {"shards", shards},
                             {"skipped", report->skipped}};
    fmt::print("{}\n", out.dump());
    return kExitOk;
  }
  for (const std::string& shard : report->skipped) {
    fmt::print(stderr,
               "herdex: warning: {}: a remote shard, not compacted; compact it on its "
               "server\n",
               shard);
  }
  if (report->shards.size() > 1) {
    for (const CompactedShard& s : report->shards) {
      fmt::print("  {}: {:.1f} MB -> {:.1f} MB\n", s.path, megabytes(s.bytes_before),
                 megabytes(s.bytes_after));
    }
  }
  fmt::print("{}: {:.1f} MB -> {:.1f} MB ({} shard{} compacted)\n", report->path,
             megabytes(report->bytes_before), megabytes(report->bytes_after), report->shards.size(),
             report->shards.size() == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace herdex::cli
