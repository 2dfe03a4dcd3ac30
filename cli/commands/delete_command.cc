#include "commands/delete_command.h"

#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/common.h"
#include "herdex/index.h"

namespace herdex::cli {

DeleteCommand::DeleteCommand(CLI::App& parent)
    : app_(parent.add_subcommand("delete", "Remove documents by id")) {
  app_->footer(
      "Ids are those shown by `herdex search` (a path relative to the indexed folder, or a\n"
      "JSON Lines id). Exit status 1 if some id was not in the database.\n\n"
      "Example: herdex delete en/03.txt en/07.txt");
  app_->add_option("ids", ids_, "Document ids")->required();
  app_->add_option("--db", db_, kDbHelp);
  app_->add_option("--timeout", timeout_ms_, kTimeoutHelp)->capture_default_str();
  app_->add_flag("--json", json_, "Print {\"deleted\": [...], \"not_found\": [...]}");
}

int DeleteCommand::run() {
  if (db_.empty()) db_ = default_database();
  set_fatal_error_path(db_);
  IndexOptions options;
  options.timeout_ms = timeout_ms_;
  options.create_if_missing = false;  // removing from nothing must not create a database
  auto writer = IndexWriter::open(db_, options);
  if (!writer) return report_error(writer.error());
  std::vector<std::string> deleted;
  std::vector<std::string> missing;
  for (const std::string& id : ids_) {
    auto removed = writer->remove(id);
    if (!removed) return report_error(removed.error());
    if (!*removed && !id.empty() && id.front() != '/') {
      // A file's id is its canonical path: a path typed relative to here
      // (the file itself may be gone) names it too.
      std::error_code ec;
      const auto path = std::filesystem::weakly_canonical(std::filesystem::absolute(id), ec);
      if (!ec) removed = writer->remove(path.generic_string());
      if (!removed) return report_error(removed.error());
    }
    (*removed ? deleted : missing).push_back(id);
  }
  if (auto ok = writer->commit(); !ok) return report_error(ok.error());
  if (json_) {
    fmt::print("{}\n", nlohmann::json{{"deleted", deleted}, {"not_found", missing}}.dump());
  } else {
    fmt::print("{} deleted, {} not found\n", deleted.size(), missing.size());
    for (const std::string& id : missing) {
      fmt::print(stderr, "herdex: error: no document with the id '{}'\n", id);
    }
  }
  return missing.empty() ? kExitOk : kExitFailure;
}

}  // namespace herdex::cli
