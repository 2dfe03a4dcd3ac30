/// @file search.h
/// Querying a herdex database: ranked passages with snippets and highlights.
///
/// Searcher runs queries; SearchOptions sets paging, snippets and ranking;
/// SearchResults holds the Hit list, each with its best Passage objects.
/// All byte offsets are UTF-8 byte offsets, half-open `[begin, end)`, in the
/// coordinates of the document's source (see Document::source_offset).
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

/// Result order (SearchOptions::sort).
enum class SortOrder : std::uint8_t {
  score,   ///< Best match first (default).
  date,    ///< Newest first; documents without a date last.
  rating,  ///< Highest rating first; documents without a rating last.
};

/// How a document's score is computed from its matching terms
/// (SearchOptions::weighting). Each is the Xapian 1.4 scheme of that name
/// with its default parameters, except bm25 and bm25_plus, which take
/// SearchOptions::bm25_k1 and bm25_b.
enum class Weighting : std::uint8_t {
  bm25,       ///< Okapi BM25 (default).
  bm25_plus,  ///< BM25+ (a lower bound on a matching term's weight, delta 1).
  dph,        ///< DPH, divergence from randomness, parameter-free.
  dlh,        ///< DLH, divergence from randomness, parameter-free.
  pl2,        ///< PL2, divergence from randomness (c 1).
  inl2,       ///< InL2, divergence from randomness (c 1).
};

/// Settings for one search. A plain value: copy it, share it read-only
/// between threads.
struct SearchOptions {
  /// Hits to skip (for paging); any value (past the last match, the page
  /// is empty). Pages are slices of one order: the hits of (offset, limit)
  /// are those at ranks offset+1 .. offset+limit of any deeper search.
  /// Default: 0.
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
  /// count passages; the passages come from the best rerank_depth
  /// documents. Default: false.
  bool all_passages = false;
  /// Result order. Default: by score.
  SortOrder sort = SortOrder::score;
  /// BM25's term-frequency saturation k1 (0 or more), for documents and
  /// passages. Default: 0.9 (the value Anserini tuned for short documents).
  double bm25_k1 = 0.9;
  /// BM25's length normalization b, for documents and passages: 0 (none)
  /// to 1 (full). Default: 0.4.
  double bm25_b = 0.4;
  /// Facets to count over all matching documents: "lang", "author",
  /// "rating", "year". Empty: none.
  std::vector<std::string> facets;
  /// Fill SearchResults::explanation (costs a little time). Default: false.
  bool explain = false;
  /// Weight of the best passage's score in a document's score: the best
  /// rerank_depth documents are re-ranked by BM25(document) +
  /// passage_weight * BM25(best passage); the documents after them keep
  /// their order. 0 keeps the document order. Default: 0.
  double passage_weight = 0.0;
  /// How many of the best documents are re-ranked by passage evidence
  /// when passage_weight is not 0, and whose passages all_passages lists.
  /// Default: 30.
  std::size_t rerank_depth = 30;
  /// Take the query as plain words: no operators, quotes, fields or
  /// prefixes (for natural-language questions). Default: false.
  bool literal = false;
  /// Document weighting scheme. Passages are always scored by BM25 with
  /// bm25_k1 and bm25_b. Default: bm25.
  Weighting weighting = Weighting::bm25;
  /// Pseudo-relevance feedback: when not 0, the query runs once to find its
  /// best `feedback_documents` documents, and then again with up to
  /// `feedback_terms` stems taken from them added as optional words, which
  /// re-rank the documents the query matches. Only for queries with
  /// alphabetic words, only when sorting by score. It costs 4 to 8 times
  /// the matching time (3 to 10 documents), and on SciFact (train) every
  /// setting tried lowered nDCG@10 (0.7004 without; 0.698 at best, 0.64 at
  /// weight 0.6). Default: 0 (off).
  std::size_t feedback_documents = 0;
  /// Stems added by feedback at most, the best first by Xapian's Bo1
  /// expansion weight; stopwords and numbers are never added. Default: 10.
  std::size_t feedback_terms = 10;
  /// Weight of the added stems relative to the query's own words (0 to 1):
  /// the best added stem counts `feedback_weight` times as much as a query
  /// word would, the others in proportion to their expansion weight.
  /// Default: 0.2.
  double feedback_weight = 0.2;
};

/// A byte range [byte_begin, byte_end) in source coordinates (see Document).
struct ByteRange {
  std::size_t byte_begin = 0;  ///< First byte, inclusive.
  std::size_t byte_end = 0;    ///< One past the last byte.
};

/// A scored span of a document, with its snippet.
///
/// To highlight: the snippet's bytes start at `snippet_range.byte_begin`, so
/// match `m` covers `snippet.substr(m.byte_begin - snippet_range.byte_begin,
/// m.byte_end - m.byte_begin)`.
struct Passage {
  std::uint32_t ordinal = 0;   ///< 0-based index of the passage in its document.
  std::size_t byte_begin = 0;  ///< First byte of the whole passage (source coordinates).
  std::size_t byte_end = 0;    ///< One past its last byte.
  double score = 0.0;          ///< Passage score (BM25 over the passage; higher is better).
  /// The snippet: original text of the source span `snippet_range`, no markup.
  std::string snippet;
  /// Where the snippet is in the source; inside [byte_begin, byte_end).
  ByteRange snippet_range;
  /// Whether text was cut before the snippet (show an ellipsis there).
  bool snippet_cut_before = false;
  /// Whether text was cut after the snippet (show an ellipsis there).
  bool snippet_cut_after = false;
  /// Byte ranges of the matched terms inside the snippet, source coordinates,
  /// sorted and not overlapping.
  std::vector<ByteRange> matches;
};

/// A matching document, with the fields it was indexed with.
struct Hit {
  std::size_t rank = 0;  ///< 1-based rank over the whole result list (offset included).
  std::string id;        ///< The caller's document id (Document::id).
  std::string title;     ///< Document::title; may be empty.
  std::string source;    ///< Path (or record) the document was read from.
  /// The line of `source` that held the document (JSON Lines records,
  /// 1-based), as of the last `herdex index` of that file; 0 for a whole file.
  std::size_t source_line = 0;
  std::string author;            ///< Document::author; may be empty.
  std::string date;              ///< Document::date (ISO 8601); may be empty.
  std::string lang;              ///< Language tag, given or detected ("en", "zh-Hant", ...).
  std::optional<double> rating;  ///< Document::rating; empty when unknown.
  /// How sure the detected language tag is (0.5 to 1; see README, "Input
  /// format"); empty when the tag was given, not detected.
  std::optional<double> lang_confidence;
  /// Document::fields: named fields given (JSON Lines `--field`, header
  /// keys) or read from the page (`director`, `writer`, `cast`,
  /// `rating_text`).
  std::vector<std::pair<std::string, std::string>> fields;
  double score = 0.0;             ///< Document score (SearchOptions::weighting; higher is better).
  std::vector<Passage> passages;  ///< Best passages, best first; at least one.
};

/// One facet value and how many matching documents have it.
struct FacetValue {
  std::string value;      ///< "en", an author, a rating ("8.5") or a year ("2014").
  std::size_t count = 0;  ///< Matching documents with this value (all matches, not one page).
};

/// Counts for one facet, most frequent first (at most 50 values).
struct Facet {
  std::string name;                ///< As asked for in SearchOptions::facets.
  std::vector<FacetValue> values;  ///< Most frequent first.
};

/// Where the time of one search went, in microseconds.
struct SearchTimings {
  double parse_us = 0;     ///< Query parsing and building.
  double match_us = 0;     ///< Xapian matching (top documents, facets).
  double passages_us = 0;  ///< Finding and scoring passages of the hits.
  double snippets_us = 0;  ///< Choosing snippets and highlights.
};

/// The outcome of one search. A plain value that owns everything in it.
struct SearchResults {
  std::string query;  ///< The query as given.
  /// Number of matching documents. Every match is scored (so that the
  /// best hits are exactly the best), which makes it exact: total_min ==
  /// total == total_max. It never depends on offset or limit.
  std::size_t total = 0;
  /// Lower bound on the number of matching documents.
  std::size_t total_min = 0;
  /// Upper bound on the number of matching documents.
  std::size_t total_max = 0;
  /// The hits of the requested page (at most SearchOptions::limit), best first.
  std::vector<Hit> hits;
  /// Requested facets, in the order asked for.
  std::vector<Facet> facets;
  /// A corrected query when some words look misspelled ("lonelyness" ->
  /// "loneliness"); empty otherwise.
  std::string suggestion;
  /// With SearchOptions::explain: the parsed query, the terms each word
  /// became and each hit's score broken down, as readable text.
  std::string explanation;
  SearchTimings timings;  ///< Where the time went.
  /// True when some shards of the database could not be searched (only with
  /// OpenOptions::allow_partial): the hits, total and facets come from the
  /// others.
  bool partial = false;
  /// The shards left out, each as an Error whose `path` names the shard (its
  /// path, or HOST:PORT) and whose message says what went wrong.
  std::vector<Error> failed_shards;
  /// With SearchOptions::all_passages: how many matching passages the top
  /// documents hold (the hits are a page of them, best first); else 0.
  std::size_t passages = 0;
};

/// Runs searches against one database.
///
/// Sees the database as of open() (or the last reopen()); changes committed
/// later by a writer are picked up by reopen(). Searching while an
/// IndexWriter commits is safe: a search that a commit overtakes while it
/// reads starts again on the newest commit (up to eight times). Only when
/// commits keep overtaking it (a writer committing many times a second) do
/// search() and reopen() (and, while a commit lands, open()) return
/// `io_error` "the database changed while it was read; reopen and retry":
/// call it again (reopen() and search again).
///
/// Thread-safety: a Searcher must not be used by two threads at once; open
/// one per thread (any number may read the same database, in any number of
/// processes, while one writer writes it). Opening is cheap (a few file
/// opens). Move-only; a moved-from Searcher may only be destroyed or
/// assigned to.
class HERDEX_EXPORT Searcher {
 public:
  /// Opens the database at `path` for reading: a database directory, a
  /// sharded one, or a Xapian stub file naming local and remote shards
  /// (OpenOptions). All shards are searched as one database: scores are the
  /// same as for one database holding all the documents. It uses the
  /// analyzer settings stored in the database. Errors: `not_found` (no
  /// database there), `version_mismatch` (another format version, or shards
  /// built with different analyzers), `corrupt`, `io_error` (a shard that
  /// cannot be reached or does not answer within OpenOptions::timeout_ms;
  /// the error's path names it), `invalid_argument` (a malformed stub file;
  /// path and line).
  static Result<Searcher> open(const std::string& path, const OpenOptions& options = {});

  ~Searcher();                                    ///< Closes the database.
  Searcher(Searcher&&) noexcept;                  ///< Takes over another searcher's database.
  Searcher& operator=(Searcher&&) noexcept;       ///< Closes this one, takes another's.
  Searcher(const Searcher&) = delete;             ///< Not copyable: open another.
  Searcher& operator=(const Searcher&) = delete;  ///< Not copyable: open another.

  /// Runs `query` (the query language in README.md, "Query language"; with
  /// SearchOptions::literal, plain words). Words are matched through the
  /// database's analyzer (stems for alphabetic words, n-grams for CJK);
  /// documents matching more of them rank higher. Returns the requested page
  /// of hits, each with its best passages, snippets and match ranges.
  /// The order is exact and a function of the query, the options other than
  /// offset and limit, and the documents: documents of equal score (and
  /// equal sort value) come in the order of their ids (byte order), on one
  /// database and on shards alike.
  /// Errors: `query_syntax` (malformed query, or nothing searchable in it;
  /// Error::column points at the problem), `invalid_argument` (an unknown
  /// facet name), `corrupt`, `io_error` (a shard that stopped answering,
  /// named by the error's path, unless OpenOptions::allow_partial; see the
  /// class comment for commits that keep overtaking a search).
  Result<SearchResults> search(std::string_view query, const SearchOptions& options = {});

  /// Re-reads the database to see changes committed since open() or the
  /// last reopen(). Cheap when nothing changed. Shards left out of a partial
  /// search are tried again. Errors: `corrupt`, `io_error` (also when
  /// commits keep overtaking the re-read: call it again).
  Result<void> reopen();

  /// Loads query-time synonyms from a file of lines like
  /// `OS = operating system` (`#` comments; any number of `=`-separated
  /// expressions per line). A query word or word sequence matching one
  /// expression also matches the others. Replaces earlier synonyms.
  /// Errors: `not_found`, `invalid_argument` (with the line).
  Result<void> load_synonyms(const std::string& path);

  struct HERDEX_NO_EXPORT Impl;  ///< Opaque; defined in lib/search (not exported).

 private:
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex
