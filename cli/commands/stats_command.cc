#include "commands/stats_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <optional>

#include "commands/common.h"
#include "herdex/database.h"
#include "output/json_output.h"

namespace herdex::cli {

StatsCommand::StatsCommand(CLI::App& parent)
    : app_(parent.add_subcommand("stats", "Show what a database holds and how it was built")) {
  // Its own footer: a subcommand otherwise inherits the global examples.
  app_->footer(
      "Prints the documents, passages, distinct terms, size on disk and languages, the format\n"
      "and analyzer that built the database, and per shard the same counts. --verbose adds\n"
      "where the space goes: bytes per table, and per class of terms the distinct terms,\n"
      "postings, occurrences and estimated position/postlist/termlist bytes (~, from\n"
      "sampled documents), the stored records and the values.\n\n"
      "Examples:\n"
      "  herdex stats\n"
      "  herdex stats --db imdb.db --json | jq '.languages'\n"
      "  herdex stats --db imdb.db --verbose\n"
      "  herdex stats --db cluster.stub --timeout 2000 --allow-partial");
  app_->add_option("--db", db_, kDbHelp);
  app_->add_option("--timeout", timeout_ms_, kTimeoutHelp)->capture_default_str();
  app_->add_flag("--allow-partial", allow_partial_, "If some shards are down, count the others");
  app_->add_flag("--json", json_, "Print as JSON");
  app_->add_flag("--verbose", verbose_,
                 "Also show where the space goes (tables, term classes, records, values)");
}

namespace {

// Bytes for people: kB below a megabyte, MB above.
std::string size(std::uint64_t bytes) {
  const double b = static_cast<double>(bytes);
  return b < 1e6 ? fmt::format("{:.1f} kB", b / 1e3) : fmt::format("{:.1f} MB", b / 1e6);
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-"
                    : fmt::format("{:.1f}%",
                                  100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

void print_space(const DatabaseSpace& s) {
  fmt::print("space: {} in tables", size(s.table_bytes));
  if (!s.unknown_shards.empty()) {
    fmt::print(" (not counted: remote shards {})", fmt::join(s.unknown_shards, ", "));
  }
  fmt::print("\n");
  for (const TableSpace& t : s.tables) {
    fmt::print("  {:<9} {:>10} {:>6}", t.name, size(t.bytes), percent(t.bytes, s.table_bytes));
    if (t.entry_bytes != 0) fmt::print("   entries ~{}", size(t.entry_bytes));
    fmt::print("\n");
  }
  fmt::print("terms: {} distinct; ~ estimated from {} of {} documents\n", s.terms,
             s.sampled_documents, s.documents);
  fmt::print("  {:<12} {:>8} {:>10} {:>10} {:>11} {:>10} {:>10} {:>10}\n", "class", "terms",
             "postings", "wdf", "~positions", "~position", "~postlist", "~termlist");
  for (const TermClassSpace& c : s.classes) {
    if (c.terms == 0) continue;
    const std::string name = c.name == "cjk_ngrams" && s.ngram_size > 0
                                 ? fmt::format("cjk_{}grams", s.ngram_size)
                                 : c.name;
    fmt::print("  {:<12} {:>8} {:>10} {:>10} {:>11} {:>10} {:>10} {:>10}\n", name, c.terms,
               c.postings, c.wdf, c.positions, size(c.position_bytes), size(c.postlist_bytes),
               size(c.termlist_bytes));
  }
  const RecordSpace& r = s.records;
  fmt::print("records: {} stored for {} documents ({} bytes average), {} before compression\n",
             size(r.bytes), r.records, r.records == 0 ? 0 : r.bytes / r.records, size(r.raw_bytes));
  fmt::print("  ~text {}, ~passages {}, ~position extents {}, ~other {}\n", size(r.text_bytes),
             size(r.passage_bytes), size(r.extent_bytes), size(r.other_bytes));
  std::string values;
  for (const ValueSpace& v : s.values) {
    values += fmt::format("{}{} {}", values.empty() ? "" : ", ", v.name, size(v.bytes));
  }
  fmt::print("values: {}\n", values.empty() ? "-" : values);
}

}  // namespace

int StatsCommand::run() {
  if (db_.empty()) db_ = default_database();
  OpenOptions options;
  options.timeout_ms = timeout_ms_;
  options.allow_partial = allow_partial_;
  auto stats = database_stats(db_, options);
  if (!stats) return report_error(stats.error());
  if (!json_) warn_partial(stats->failed_shards);
  std::optional<DatabaseSpace> space;
  if (verbose_) {
    auto read = database_space(db_, options);
    if (!read) return report_error(read.error());
    space = std::move(*read);
  }
  if (json_) {
    fmt::print("{}\n", stats_json(*stats, space ? &*space : nullptr));
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
  if (space) print_space(*space);
  return kExitOk;
}

}  // namespace herdex::cli
