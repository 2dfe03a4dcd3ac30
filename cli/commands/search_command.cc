#include "commands/search_command.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include "commands/common.h"
#include "herdex/search.h"
#include "output/errors.h"
#include "output/json_output.h"
#include "output/terminal.h"

namespace herdex::cli {

SearchCommand::SearchCommand(CLI::App& parent)
    : app_(parent.add_subcommand("search", "Search the database and print the best passages")) {
  app_->footer(
      "Query language (README, \"Query language\"):\n"
      "  words               documents with more of them rank higher; words match their stems\n"
      "  \"exact phrase\"      also in Chinese, Japanese, Korean\n"
      "  a AND b, a OR b, a NOT b, +must -exclude, (groups), a NEAR/5 b, lonel*\n"
      "  title: author: source: lang:  and JSON Lines fields given to `index --field`\n"
      "  rating:7..10  date:2014-01-01..2014-12-31  year:2014..\n"
      "Chinese, Japanese and Korean match by words and character n-grams, Traditional and\n"
      "Simplified alike. Results show the document, the passage's byte range in the source\n"
      "and a snippet with the matches highlighted.\n\n"
      "Examples:\n"
      "  herdex search loneliness\n"
      "  herdex search \"孤独\" --limit 3\n"
      "  herdex search 'title:her \"operating system\" -boring' --sort date\n"
      "  herdex search samantha --facets lang,author --json | jq '.facets'\n"
      "  herdex search loneliness --db cluster.stub --timeout 2000 --allow-partial");
  app_->add_option("query", query_, "What to search for")->required();
  app_->add_option("--db", db_, kDbHelp);
  app_->add_option("--timeout", timeout_ms_, kTimeoutHelp)->capture_default_str();
  app_->add_flag("--allow-partial", allow_partial_,
                 "If some shards are down or time out, show the others' results (marked partial)");
  app_->add_option("-n,--limit", limit_, "Number of results")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{10000}));
  // CLI11 would take a number past 64 bits as the largest one; refuse it.
  const CLI::Validator whole_64bit(
      [](const std::string& text) -> std::string {
        std::uint64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
          return "not a whole number from 0 to 18446744073709551615: " + text;
        }
        return std::string();
      },
      "UINT64");
  app_->add_option("--offset", offset_, "Skip this many results (paging)")
      ->capture_default_str()
      ->check(whole_64bit);
  app_->add_option("--snippet-bytes", snippet_bytes_, "Snippet length in bytes")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1} << 20));
  app_->add_option("--passages", passages_, "Passages shown per document")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100}));
  app_->add_option("--color", color_, "Colour: auto, always or never")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app_->add_option("--sort", sort_, "Order: score, date (newest first) or rating (highest first)")
      ->capture_default_str()
      ->check(CLI::IsMember({"score", "date", "rating"}));
  app_->add_flag("--all-passages", all_passages_, "List matching passages, not documents");
  app_->add_option("--facets", facets_,
                   "Count matches by lang, author, rating, year (comma-separated)");
  app_->add_option("--synonyms", synonyms_,
                   "Synonyms file (lines like 'OS = operating system'; default $HERDEX_SYNONYMS)");
  app_->add_option("--k1", k1_, "BM25 k1")->capture_default_str()->check(CLI::Range(0.0, 10.0));
  app_->add_option("--b", b_, "BM25 b")->capture_default_str()->check(CLI::Range(0.0, 1.0));
  add_ranking_flags(*app_, ranking_);
  app_->add_flag(
      "--literal", literal_,
      "Take the query as plain words: no operators, phrases or fields (for pasted text)");
  app_->add_flag("--explain", explain_, "Show the parsed query, its terms and each score");
  app_->add_flag("--json", json_, "Print results as JSON (schema in README)");
}

int SearchCommand::run() {
  if (db_.empty()) db_ = default_database();
  OpenOptions open_options;
  open_options.timeout_ms = timeout_ms_;
  open_options.allow_partial = allow_partial_;
  auto searcher = Searcher::open(db_, open_options);
  if (!searcher) return report_error(searcher.error());

  if (synonyms_.empty()) {
    if (const char* env = std::getenv("HERDEX_SYNONYMS"); env != nullptr) synonyms_ = env;
  }
  if (!synonyms_.empty()) {
    if (auto ok = searcher->load_synonyms(synonyms_); !ok) return report_error(ok.error());
  }
  SearchOptions options;
  options.limit = limit_;
  options.sort = sort_ == "date"     ? SortOrder::date
                 : sort_ == "rating" ? SortOrder::rating
                                     : SortOrder::score;
  options.all_passages = all_passages_;
  options.bm25_k1 = k1_;
  options.bm25_b = b_;
  apply_ranking_flags(ranking_, options);
  options.explain = explain_;
  options.literal = literal_;
  for (std::size_t start = 0; start < facets_.size();) {
    std::size_t comma = facets_.find(',', start);
    if (comma == std::string::npos) comma = facets_.size();
    if (comma > start) options.facets.push_back(facets_.substr(start, comma - start));
    start = comma + 1;
  }
  options.offset = offset_;
  options.snippet_bytes = snippet_bytes_;
  options.passages_per_document = passages_;
  auto results = searcher->search(query_, options);
  if (!results) {
    const Error& e = results.error();
    const int rc = report_error(e);
    if (e.code == ErrorCode::query_syntax && e.column > 0 && !json_) {
      fmt::print(stderr, "{}", query_with_caret(query_, e.column));
    }
    return rc;
  }
  if (!json_) warn_partial(results->failed_shards);
  if (json_) {
    fmt::print("{}\n", results_json(*results));
  } else {
    print_results(*results, use_color(color_, stdout));
  }
  return kExitOk;
}

}  // namespace herdex::cli
