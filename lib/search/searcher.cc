#include "herdex/search.h"

#include <xapian.h>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "analysis/settings.h"
#include "search/hit_assembler.h"
#include "search/match_locator.h"
#include "search/matcher.h"
#include "search/passage_ranker.h"
#include "search/query_builder.h"
#include "search/spelling.h"
#include "store/passage_stats.h"
#include "store/shards.h"
#include "store/stem_words.h"

namespace herdex {
namespace {

// Microseconds since the last lap (or since it was made).
class Stopwatch {
 public:
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double us = std::chrono::duration<double, std::micro>(now - start_).count();
    start_ = now;
    return us;
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Each query term's idf in the collection. The match already gathered the
// term frequencies: no further lookup (a round trip for a remote shard).
std::vector<double> collection_idf(const Xapian::Database& db, const Xapian::MSet& mset,
                                   const std::vector<std::string>& terms) {
  const double n = std::max<double>(1.0, db.get_doccount());
  std::vector<double> idf;
  idf.reserve(terms.size());
  for (const std::string& term : terms) idf.push_back(detail::bm25_idf(mset.get_termfreq(term), n));
  return idf;
}

// The average passage length, in positions, over every open shard, from
// the totals each keeps; the default if any shard has none (built before
// herdex kept them) or no shard has a passage.
double average_passage_length(const detail::ShardSet& shards) {
  detail::PassageTotals sum;
  for (const detail::ShardSet::Open& shard : shards.shards()) {
    const auto totals = detail::read_passage_totals(shard.db);
    if (!totals) return detail::kDefaultAveragePassageLength;
    sum += *totals;
  }
  if (sum.passages == 0) return detail::kDefaultAveragePassageLength;
  return static_cast<double>(sum.positions) / static_cast<double>(sum.passages);
}

// Where each shard keeps its stems' positions (store/stem_words.h).
detail::StemWords stem_words(const detail::ShardSet& shards) {
  std::vector<Xapian::Database> dbs;
  for (const detail::ShardSet::Open& shard : shards.shards()) dbs.push_back(shard.db);
  return detail::StemWords(std::move(dbs));
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;  // shards.db(), refreshed before each search
  Analyzer analyzer;
  std::unique_ptr<detail::Synonyms> synonyms;
  detail::ShardSet shards;

  Impl(std::string p, detail::ShardSet s, Analyzer a)
      : path(std::move(p)), db(s.db()), analyzer(std::move(a)), shards(std::move(s)) {}

  Result<SearchResults> search(std::string_view query, const SearchOptions& options);
};

// The stages of a search, in order; each is a file of search/ (see
// lib/README.md). Xapian errors propagate to Searcher::search(), which
// translates them.
Result<SearchResults> Searcher::Impl::search(std::string_view query, const SearchOptions& options) {
  SearchResults results;
  results.query = std::string(query);
  Stopwatch clock;
  auto built = detail::build_query(analyzer, db, query, synonyms.get(), options.literal);
  if (!built) return std::move(built).error();
  results.timings.parse_us = clock.lap();

  auto match = detail::match(db, *built, options);
  if (!match) return std::move(match).error();
  results.total = match->mset.get_matches_estimated();
  results.total_min = match->mset.get_matches_lower_bound();
  results.total_max = match->mset.get_matches_upper_bound();
  results.facets = std::move(match->facets);
  // Suggest a spelling only when the query finds little: a misspelled
  // word in a query that works anyway needs no correction.
  if (results.total < 3) {
    results.suggestion = detail::suggest_spelling(analyzer, db, query, synonyms.get(),
                                                  options.literal, results.total);
  }
  results.timings.match_us = clock.lap();

  const detail::PassageRanker ranker(
      collection_idf(db, match->mset, built->terms),
      {options.bm25_k1, options.bm25_b, average_passage_length(shards)});
  const detail::StemWords stems = stem_words(shards);
  detail::MatchLocator locator(db, analyzer, built->terms, &match->mset, &stems);
  auto hits = detail::read_hits(*match, options, locator, ranker);
  if (!hits) {
    Error e = std::move(hits).error();
    e.path = path;
    return e;
  }
  detail::rerank(*hits, options);
  results.timings.passages_us = clock.lap();

  detail::assemble_hits(*hits, ranker, options, results);
  results.timings.snippets_us = clock.lap();
  if (options.explain) results.explanation = detail::explain(*built, *match, ranker, results);
  return results;
}

Result<Searcher> Searcher::open(const std::string& path, const OpenOptions& options) {
  auto shards = detail::ShardSet::open(path, options);
  if (!shards) return std::move(shards).error();
  auto analyzer = detail::analyzer_from_settings(shards->analyzer_options(),
                                                 shards->analyzer_fingerprint(), AnalyzerOptions{});
  if (!analyzer) {
    Error e = std::move(analyzer).error();
    e.path = path;
    return e;
  }
  return Searcher(std::make_unique<Impl>(path, std::move(*shards), std::move(*analyzer)));
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Result<SearchResults> Searcher::search(std::string_view query, const SearchOptions& options) {
  // A writer that commits twice while a search reads overtakes it; the
  // search then runs again on the newest commit (detail::read_retrying()).
  // A remote shard that fails makes the search fail, or, with
  // allow_partial, run again without it.
  return impl_->shards.read([&]() -> Result<SearchResults> {
    impl_->db = impl_->shards.db();
    auto results = impl_->search(query, options);
    if (results && !impl_->shards.failed().empty()) {
      results->partial = true;
      results->failed_shards = impl_->shards.failed();
    }
    return results;
  });
}

Result<void> Searcher::load_synonyms(const std::string& path) {
  auto loaded = detail::Synonyms::load(path, impl_->analyzer);
  if (!loaded) return std::move(loaded).error();
  impl_->synonyms = std::make_unique<detail::Synonyms>(std::move(*loaded));
  return {};
}

Result<void> Searcher::reopen() {
  auto ok = impl_->shards.reopen();
  impl_->db = impl_->shards.db();
  return ok;
}

}  // namespace herdex
