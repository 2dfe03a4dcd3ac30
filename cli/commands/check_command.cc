#include "commands/check_command.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"
#include "herdex/database.h"

namespace herdex::cli {

CheckCommand::CheckCommand(CLI::App& parent)
    : app_(parent.add_subcommand("check", "Check a database for damage")) {
  app_->footer(
      "Runs Xapian's consistency check of every table (what xapian-check does), then\n"
      "herdex's own: metadata, every record decodes, passages and positions match the\n"
      "stored text. Exit status 0 if nothing was found, 5 if the database is damaged.\n"
      "Reads the whole database; check one that nobody writes to meanwhile.\n\n"
      "Example: herdex check --db reviews.db");
  app_->add_option("--db", db_, kDbHelp);
  app_->add_flag("--json", json_,
                 "Print {\"path\", \"ok\", \"shards\", \"documents\", \"problem_count\", "
                 "\"problems\": [{\"shard\", \"kind\", \"document\", \"message\"}], \"skipped\"}");
}

int CheckCommand::run() {
  if (db_.empty()) db_ = default_database();
  auto report = check_database(db_);
  if (!report) return report_error(report.error());
  if (json_) {
    nlohmann::json problems = nlohmann::json::array();
    for (const CheckProblem& p : report->problems) {
      problems.push_back(
          {{"shard", p.shard}, {"kind", p.kind}, {"document", p.document}, {"message", p.message}});
    }
    const nlohmann::json out{{"path", report->path},
                             {"ok", report->ok()},
                             {"shards", report->shards},
                             {"documents", report->documents},
                             {"problem_count", report->problem_count},
                             {"problems", problems},
                             {"skipped", report->skipped}};
    fmt::print("{}\n", out.dump());
  } else {
    for (const CheckProblem& p : report->problems) {
      fmt::print("{}: {}{}: {}\n", p.shard, p.kind, p.document.empty() ? "" : " " + p.document,
                 p.message);
    }
    if (report->problem_count > report->problems.size()) {
      fmt::print("... and {} more\n", report->problem_count - report->problems.size());
    }
    for (const std::string& shard : report->skipped) {
      fmt::print(stderr, "herdex: warning: {}: a remote shard; run herdex check on its server\n",
                 shard);
    }
    if (report->ok()) {
      fmt::print("{}: ok ({} documents, {} shard{})\n", report->path, report->documents,
                 report->shards, report->shards == 1 ? "" : "s");
    }
  }
  if (report->ok()) return kExitOk;
  Error e{ErrorCode::corrupt,
          fmt::format("the database is damaged: {} problem{} found", report->problem_count,
                      report->problem_count == 1 ? "" : "s")};
  e.path = report->path;
  return report_error(e);
}

}  // namespace herdex::cli
