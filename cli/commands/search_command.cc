#include "commands/search_command.h"

#include <cstdio>

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/search.h"
#include "output/json_output.h"
#include "output/terminal.h"

namespace herdex::cli {

SearchCommand::SearchCommand(CLI::App& parent)
    : app_(parent.add_subcommand("search", "Search the database and print the best passages")) {
  app_->footer(
      "Words match their stems (loneliness ~ lonely is not a stem match, lonelier is);\n"
      "Chinese, Japanese and Korean match by words and character n-grams, Traditional and\n"
      "Simplified alike. Results show the document, the passage's byte range in the source\n"
      "and a snippet with the matches highlighted.\n\n"
      "Examples:\n"
      "  herdex search loneliness\n"
      "  herdex search \"孤独\" --limit 3\n"
      "  herdex search \"operating system\" --json | jq '.hits[].source'");
  app_->add_option("query", query_, "What to search for")->required();
  app_->add_option("--db", db_, "Database directory (default: $HERDEX_DB or .herdex/db)");
  app_->add_option("-n,--limit", limit_, "Number of results")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  app_->add_option("--offset", offset_, "Skip this many results (paging)")->capture_default_str();
  app_->add_option("--snippet-bytes", snippet_bytes_, "Snippet length in bytes")->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  app_->add_option("--passages", passages_, "Passages shown per document")->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100}));
  app_->add_option("--color", color_, "Colour: auto, always or never")->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app_->add_flag("--json", json_, "Print results as JSON (schema in README)");
}

int SearchCommand::run() {
  if (db_.empty()) db_ = default_database();
  auto searcher = Searcher::open(db_);
  if (!searcher) return report_error(searcher.error());

  SearchOptions options;
  options.limit = limit_;
  options.offset = offset_;
  options.snippet_bytes = snippet_bytes_;
  options.passages_per_document = passages_;
  auto results = searcher->search(query_, options);
  if (!results) {
    const Error& e = results.error();
    const int rc = report_error(e);
    if (e.code == ErrorCode::query_syntax && e.column > 0) {
      fmt::print(stderr, "  {}\n  {}^\n", query_, std::string(e.column - 1, ' '));
    }
    return rc;
  }
  if (json_) {
    fmt::print("{}\n", results_json(*results));
  } else {
    print_results(*results, use_color(color_, stdout));
  }
  return kExitOk;
}

}  // namespace herdex::cli
