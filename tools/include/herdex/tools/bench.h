/// @file bench.h
/// Benchmarks over the public API, as `herdex bench` runs them: query
/// latency per query class, indexing throughput, and latency plots.
///
/// Timings are wall-clock (std::chrono::steady_clock) around each public
/// call, so they include everything a caller of Searcher::search() waits
/// for. Nothing here sets timing goals; it measures.
///
/// Part of herdex_tools (tools/), beside the library: not installed, and not
/// in the umbrella header herdex/herdex.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/error.h"
#include "herdex/index.h"
#include "herdex/ingest.h"
#include "herdex/search.h"

namespace herdex {

/// One query of a benchmark query file.
struct BenchQuery {
  /// Its class ("term", "phrase", "cjk", ...), or "default" for a line
  /// without one.
  std::string query_class;
  std::string text;      ///< The query, in herdex's query language.
  std::size_t line = 0;  ///< 1-based line in the file.
};

/// The queries of one file.
struct BenchQuerySet {
  std::string path;                 ///< Where they were read from (for messages).
  std::vector<BenchQuery> queries;  ///< In file order.
};

/// Class of the queries given without one.
inline constexpr std::string_view kDefaultQueryClass = "default";

/// Parses a query file's `contents`: one query per line, either the query
/// alone or `class<TAB>query`. Lines that are blank or whose first
/// non-blank character is `#` are skipped; surrounding spaces and a final
/// CR are dropped. A class is made of ASCII letters, digits, `-`, `_` and
/// `.`. Errors (`invalid_argument`, with `path` and the line): invalid
/// UTF-8, an empty or malformed class, nothing after the tab, more than one
/// tab, or no query at all in the file.
Result<BenchQuerySet> parse_bench_queries(std::string_view contents, const std::string& path);

/// Reads and parses the query file at `path`. Errors: `not_found`,
/// `io_error`, and those of parse_bench_queries().
Result<BenchQuerySet> read_bench_queries(const std::string& path);

/// The `p`-th percentile (0 to 100) of `samples`, interpolating linearly
/// between the two closest ranks (numpy's default): p = 0 is the minimum,
/// p = 100 the maximum, and p = 50 of an even count the mean of the two
/// middle values. 0 for no samples. `p` outside [0, 100] is clamped.
double latency_percentile(std::vector<double> samples, double p);

/// Latency figures of a set of timed searches, in microseconds.
struct LatencySummary {
  std::size_t count = 0;  ///< Timed searches.
  double p50_us = 0;      ///< Median.
  double p90_us = 0;      ///< 90th percentile.
  double p95_us = 0;      ///< 95th percentile.
  double p99_us = 0;      ///< 99th percentile.
  double max_us = 0;      ///< Slowest search.
  double mean_us = 0;     ///< Arithmetic mean.
  /// Searches per second: for a whole run, the timed searches over the
  /// wall-clock time of the run; for a class, `concurrency` x count over
  /// the summed latency of its searches (what that class alone would
  /// sustain).
  double qps = 0;
};

/// Summarizes `samples_us` (latencies of searches run by `concurrency`
/// threads at once); qps as for a class. All zero for no samples.
LatencySummary summarize_latencies(const std::vector<double>& samples_us,
                                   std::size_t concurrency = 1);

/// Mean time per search spent in each phase (SearchResults::timings), in
/// microseconds; `other_us` is the rest of the measured latency (result
/// assembly, spelling suggestions, the call itself).
struct PhaseSummary {
  double parse_us = 0;     ///< Parsing and building the Xapian query.
  double match_us = 0;     ///< Xapian's match (and facets, suggestions).
  double passages_us = 0;  ///< Finding matches and scoring passages.
  double snippets_us = 0;  ///< Choosing snippets and highlights.
  double other_us = 0;     ///< The rest of the latency.
};

/// The figures of one query class (or of all queries).
struct BenchClassReport {
  std::string name;         ///< The class, or "overall".
  std::size_t queries = 0;  ///< Distinct queries of the class.
  LatencySummary latency;   ///< Latency figures of the class.
  PhaseSummary phases;      ///< Mean time per phase.
  /// Every timed search's latency (thread by thread, each in run order).
  std::vector<double> samples_us;
};

/// Settings for run_query_bench().
struct QueryBenchOptions {
  /// Timed runs of every query. Default: 5.
  std::size_t repeat = 5;
  /// Threads searching at once, each with its own Searcher. Default: 1.
  std::size_t threads = 1;
  /// Untimed passes over all queries by every searcher before timing, to
  /// warm caches. Default: 1.
  std::size_t warmup = 1;
  /// Search settings for every query. Default: SearchOptions{} (top 10,
  /// one passage with a snippet per hit).
  SearchOptions search;
  /// Told (searches done, searches in all, warm-up included) about every
  /// 100 ms, on the calling thread; may be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

/// Outcome of run_query_bench().
struct QueryBenchReport {
  std::size_t documents = 0;  ///< Documents in the database.
  std::size_t queries = 0;    ///< Queries in the set.
  std::size_t repeat = 0;     ///< As run (QueryBenchOptions::repeat).
  std::size_t threads = 0;    ///< As run (QueryBenchOptions::threads).
  std::size_t warmup = 0;     ///< As run (QueryBenchOptions::warmup).
  double seconds = 0;         ///< Wall-clock time of the timed runs.
  BenchClassReport overall;   ///< All timed searches; qps from `seconds`.
  /// One report per class, in the order the classes first appear.
  std::vector<BenchClassReport> classes;
};

/// Opens one Searcher per thread on `db`, runs `warmup` untimed passes
/// over the queries in every searcher, then every query `repeat` times
/// (rounds through the whole set, shared among the threads), timing each
/// Searcher::search() call.
///
/// Errors: `invalid_argument` (no queries, repeat or threads of 0, more
/// than 256 threads); the errors of Searcher::open(); and a search that
/// fails stops the run with its error, located at the query's file and line
/// (`query_syntax` for a query that does not parse).
Result<QueryBenchReport> run_query_bench(const std::string& db, const BenchQuerySet& queries,
                                         const QueryBenchOptions& options = {});

/// Settings for run_index_bench().
struct IndexBenchOptions {
  IndexOptions index;    ///< How the new database is built.
  IngestOptions ingest;  ///< How the inputs are read.
  /// As for IndexWriter::add_paths(); may be empty.
  std::function<void(const IndexProgress&)> progress;
};

/// Outcome of run_index_bench().
struct IndexBenchReport {
  std::size_t documents = 0;   ///< Documents indexed.
  std::size_t bytes = 0;       ///< Bytes of document text read.
  std::size_t passages = 0;    ///< Passages in the new database.
  double seconds = 0;          ///< Wall-clock time, final commit included.
  double docs_per_s = 0;       ///< Documents per second.
  double mb_per_s = 0;         ///< Megabytes (10^6 bytes) of text per second.
  std::uint64_t db_bytes = 0;  ///< Size of the database on disk afterwards.
  /// Peak resident set size of this process so far (getrusage), in bytes:
  /// the indexing run's own peak when the process did nothing bigger before.
  std::uint64_t peak_rss_bytes = 0;
  IndexReport report;  ///< What IndexWriter::add_paths() reported.
};

/// Indexes `paths` into a new database at `db` and measures it. `db` must
/// not exist or be an empty directory, so every run measures the same work.
/// Errors: `already_exists` (`db` is not empty), `invalid_argument` (no
/// paths), and the errors of IndexWriter::open() and add_paths().
Result<IndexBenchReport> run_index_bench(const std::string& db,
                                         const std::vector<std::string>& paths,
                                         const IndexBenchOptions& options = {});

/// A named set of latencies to draw as one line.
struct LatencySeries {
  /// Shown in the legend; series of one name look alike in every panel.
  std::string name;
  std::vector<double> samples_us;  ///< Latencies, in any order.
  /// Series of one group (e.g. one engine measured on two corpora) share a
  /// colour and differ by dash pattern, in order of appearance. Empty: the
  /// series is a group of its own.
  std::string group = {};
};

/// One chart: a title and its lines.
struct LatencyPanel {
  std::string title;                  ///< Above the chart.
  std::vector<LatencySeries> series;  ///< Its lines.
};

/// Draws each panel as the empirical cumulative distribution of its series'
/// latencies (x: microseconds on a log scale; y: share of searches at most
/// that slow, with the 50th, 90th and 99th percentiles marked), panels in a
/// grid under `title`, one legend for all: series with the same name look the
/// same in every panel (see LatencySeries::group). Returns a self-contained
/// SVG document.
std::string latency_cdf_svg(const std::vector<LatencyPanel>& panels, const std::string& title);

/// Writes latency_cdf_svg() to `path`. Errors: `io_error`.
Result<void> write_latency_cdf_svg(const std::string& path, const std::vector<LatencyPanel>& panels,
                                   const std::string& title);

}  // namespace herdex
