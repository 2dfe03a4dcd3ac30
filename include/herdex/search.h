/// @file search.h
/// Querying a herdex database: ranked passages with snippets and highlights.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "herdex/database.h"
#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// Result order.
enum class SortOrder : std::uint8_t {
  score,   ///< Best match first (default).
  date,    ///< Newest first; documents without a date last.
  rating,  ///< Highest rating first; documents without a rating last.
};

/// Settings for one search.
struct SearchOptions {
  /// Hits to skip (for paging). Default: 0.
  std::size_t offset = 0;
  /// Hits to return at most. Default: 10.
  std::size_t limit = 10;
  /// Target snippet length in bytes; snippets are cut at word boundaries and
  /// never split a UTF-8 sequence. Default: 240.
  std::size_t snippet_bytes = 240;
  /// Best passages returned per document, best first. Default: 1.
  std::size_t passages_per_document = 1;
  /// A flat list of passages instead of documents: each hit carries one
  /// passage, and a document can appear several times. offset and limit
  /// count passages. Default: false.
  bool all_passages = false;
  /// Result order. Default: by score.
  SortOrder sort = SortOrder::score;
  /// BM25 parameters for documents and passages. Defaults: k1 = 0.9,
  /// b = 0.4 (the values Anserini tuned for short documents).
  double bm25_k1 = 0.9;
  double bm25_b = 0.4;
  /// Facets to count over all matching documents: "lang", "author",
  /// "rating", "year". Empty: none.
  std::vector<std::string> facets;
  /// Fill SearchResults::explanation. Default: false.
  bool explain = false;
  /// Weight of the best passage's score in a document's score: documents
  /// are re-ranked by BM25(document) + passage_weight * BM25(best passage)
  /// among the first max(offset + limit, rerank_depth) found. 0 keeps
  /// Xapian's document order. Default: 0.
  double passage_weight = 0.0;
  /// How many of the best documents are re-ranked by passage evidence.
  std::size_t rerank_depth = 30;
  /// Take the query as plain words: no operators, quotes, fields or
  /// prefixes (for natural-language questions). Default: false.
  bool literal = false;
};

/// A byte range [byte_begin, byte_end) in source coordinates (see Document).
struct ByteRange {
  std::size_t byte_begin = 0;
  std::size_t byte_end = 0;
};

/// A scored span of a document, with its snippet.
struct Passage {
  std::uint32_t ordinal = 0;   ///< 0-based index of the passage in its document.
  std::size_t byte_begin = 0;  ///< Source coordinates of the whole passage.
  std::size_t byte_end = 0;
  double score = 0.0;          ///< Passage score (higher is better).
  /// The snippet: original text of the source span `snippet_range`, no markup.
  std::string snippet;
  ByteRange snippet_range;
  /// Whether text was cut before / after the snippet (show an ellipsis).
  bool snippet_cut_before = false;
  bool snippet_cut_after = false;
  /// Byte ranges of the matched terms inside the snippet, source coordinates,
  /// sorted and not overlapping.
  std::vector<ByteRange> matches;
};

/// A matching document.
struct Hit {
  std::size_t rank = 0;  ///< 1-based rank over the whole result list (offset included).
  std::string id;        ///< The caller's document id.
  std::string title;
  std::string source;    ///< Path (or record) the document was read from.
  std::string author;
  std::string date;
  std::string lang;
  std::optional<double> rating;
  double score = 0.0;    ///< Document score (higher is better).
  std::vector<Passage> passages;  ///< Best passages, best first; at least one.
};

/// One facet value and how many matching documents have it.
struct FacetValue {
  std::string value;
  std::size_t count = 0;
};

/// Counts for one facet, most frequent first.
struct Facet {
  std::string name;
  std::vector<FacetValue> values;
};

/// Where the time of one search went, in microseconds.
struct SearchTimings {
  double parse_us = 0;     ///< Query parsing and building.
  double match_us = 0;     ///< Xapian matching (top documents, facets).
  double passages_us = 0;  ///< Finding and scoring passages of the hits.
  double snippets_us = 0;  ///< Choosing snippets and highlights.
};

/// The outcome of one search.
struct SearchResults {
  std::string query;
  /// Estimated number of matching documents (exact for small result sets).
  std::size_t total = 0;
  std::vector<Hit> hits;
  /// Requested facets, in the order asked for.
  std::vector<Facet> facets;
  /// A corrected query when some words look misspelled ("lonelyness" ->
  /// "loneliness"); empty otherwise.
  std::string suggestion;
  /// With SearchOptions::explain: the parsed query, the terms each word
  /// became and each hit's score broken down, as readable text.
  std::string explanation;
  SearchTimings timings;
  /// True when some shards of the database could not be searched (only with
  /// OpenOptions::allow_partial): the hits, total and facets come from the
  /// others.
  bool partial = false;
  /// The shards left out, each as an Error whose `path` names the shard (its
  /// path, or HOST:PORT) and whose message says what went wrong.
  std::vector<Error> failed_shards;
};

/// Runs searches against one database.
///
/// Sees the database as of open() (or the last reopen()); changes committed
/// later by a writer are picked up by reopen().
///
/// Thread-safety: a Searcher must not be used by two threads at once; open
/// one per thread (they can share the same database). Move-only.
class HERDEX_EXPORT Searcher {
 public:
  /// Opens the database at `path` for reading: a database directory, a
  /// sharded one, or a Xapian stub file naming local and remote shards
  /// (OpenOptions). All shards are searched as one database: scores are the
  /// same as for one database holding all the documents. Errors: `not_found`
  /// (no database there), `version_mismatch` (another format version, or
  /// shards built with different analyzers), `corrupt`, `io_error` (a shard
  /// that cannot be reached or does not answer within
  /// OpenOptions::timeout_ms; the error's path names it),
  /// `invalid_argument` (a malformed stub file; path and line).
  static Result<Searcher> open(const std::string& path, const OpenOptions& options = {});

  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  /// Runs `query`. Words are matched through the database's analyzer
  /// (stems for alphabetic words, n-grams and words for CJK); documents
  /// matching more of them rank higher. Errors: `query_syntax` (with the
  /// column), `corrupt`, `io_error` (also a shard that stopped answering,
  /// named by the error's path, unless OpenOptions::allow_partial).
  Result<SearchResults> search(std::string_view query, const SearchOptions& options = {});

  /// Re-reads the database to see changes committed since open(). Shards
  /// left out of a partial search are tried again.
  Result<void> reopen();

  /// Loads query-time synonyms from a file of lines like
  /// `OS = operating system` (`#` comments; any number of `=`-separated
  /// expressions per line). A query word or word sequence matching one
  /// expression also matches the others. Replaces earlier synonyms.
  /// Errors: `not_found`, `invalid_argument` (with the line).
  Result<void> load_synonyms(const std::string& path);

  struct Impl;  ///< Opaque; defined in lib/search.

 private:
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex
