/// @file database.h
/// Facts about a herdex database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// How to open a database for reading. A database path names a herdex
/// database directory, a sharded one (a directory holding a Xapian stub file
/// `XAPIANDB` and its shards), or a Xapian stub file whose lines name local
/// shards (`auto PATH`) and remote ones (`remote HOST:PORT`, served by
/// `xapian-tcpsrv`); see README, "Shards and remote search".
struct OpenOptions {
  /// Remote shards: milliseconds allowed for connecting and for each
  /// exchange with the server, after which the shard counts as down. 0 waits
  /// forever. Local shards ignore it. Default: 10000 (Xapian's default).
  std::uint32_t timeout_ms = 10000;
  /// When some shards cannot be opened or stop answering, go on with the
  /// others and say so (SearchResults::partial, failed_shards) instead of
  /// failing. A database that answers but is of another version or analyzer
  /// is an error either way. Default: false.
  bool allow_partial = false;
};

/// Counts of one shard of a database.
struct ShardStats {
  std::string name;              ///< Its path, or HOST:PORT for a remote shard.
  std::size_t documents = 0;     ///< Documents in this shard.
  std::size_t passages = 0;      ///< Passages of its documents.
  std::size_t terms = 0;         ///< Distinct terms in this shard.
  std::uint64_t size_bytes = 0;  ///< Bytes on disk; 0 for a remote shard (unknown).
};

/// Counts and settings of a database, as `herdex stats` shows them.
struct DatabaseStats {
  std::string path;              ///< The path given to database_stats().
  std::size_t documents = 0;     ///< Documents in the database.
  std::size_t passages = 0;      ///< Passages of all documents.
  std::size_t terms = 0;         ///< Distinct terms in the vocabulary.
  std::uint64_t size_bytes = 0;  ///< Bytes on disk.
  std::string format;            ///< herdex database format version.
  std::string analyzer;          ///< Analyzer fingerprint the database was built with.
  /// Version of the page extractor that built it (empty for databases built
  /// before it was recorded).
  std::string extractor;
  /// Bytes of page boilerplate stored but not indexed, over all documents.
  std::uint64_t boilerplate_bytes = 0;
  /// Documents with some boilerplate not indexed.
  std::size_t boilerplate_documents = 0;
  /// Documents per language tag, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> languages;
  /// One entry per shard, in the order of the stub file (one entry, the
  /// database itself, when it is not sharded). The counts above are totals.
  std::vector<ShardStats> shards;
  /// With OpenOptions::allow_partial: the shards that could not be read, each
  /// as an Error whose `path` names the shard. The counts above leave them out.
  std::vector<Error> failed_shards;
};

/// Reads the stats of the database at `path` (for a sharded database, per
/// shard too) without locking it (a writer may be committing meanwhile).
/// Thread-safe. Errors as Searcher::open(): `not_found`, `version_mismatch`,
/// `corrupt`, `io_error`.
HERDEX_EXPORT Result<DatabaseStats> database_stats(const std::string& path,
                                                   const OpenOptions& options = {});

/// Bytes of one Xapian table, summed over the local shards.
struct TableSpace {
  /// The glass table ("postlist", "position", "termlist", "docdata",
  /// "spelling", "synonym"), or "other" for the version and lock files.
  std::string name;
  std::uint64_t bytes = 0;  ///< Bytes of its files on disk.
  /// Estimate of the bytes its entries take (about what a compacted copy
  /// needs; `bytes` also counts free space in blocks): for the position,
  /// termlist, postlist and docdata tables of local shards, else 0.
  std::uint64_t entry_bytes = 0;
};

/// What one class of terms holds and costs. Classes are told apart by the
/// term text alone (prefix, script, number of CJK characters and the
/// analyzer settings the database was built with), so every term is in
/// exactly one class.
struct TermClassSpace {
  /// "stems" (Z), "words" (exact forms of alphabetic words), "numbers",
  /// "cjk_unigrams", "cjk_ngrams" (of the analyzer's n-gram size),
  /// "cjk_words" (dictionary words), "title" (S), "author" (A), "source"
  /// (P), "fields" (X..., user fields), "lang" (L), "id" (Q), "other".
  std::string name;
  std::size_t terms = 0;         ///< Distinct terms.
  std::uint64_t term_bytes = 0;  ///< Bytes of the distinct terms' text.
  std::uint64_t postings = 0;    ///< Documents per term, summed (Xapian's termfreq).
  std::uint64_t wdf = 0;         ///< Occurrences, summed (Xapian's collection frequency).
  /// The rest are estimates from the sampled documents
  /// (DatabaseSpace::sampled_documents), see database_space().
  std::uint64_t positions = 0;       ///< Positions stored.
  std::uint64_t position_bytes = 0;  ///< Bytes of the position table.
  std::uint64_t postlist_bytes = 0;  ///< Bytes of the postlist table.
  std::uint64_t termlist_bytes = 0;  ///< Bytes of the termlist table.
};

/// The stored document records (Xapian's document data, the docdata table).
struct RecordSpace {
  std::size_t records = 0;      ///< Records read (all documents).
  std::uint64_t bytes = 0;      ///< Bytes stored (compressed), all records.
  std::uint64_t raw_bytes = 0;  ///< Bytes before compression, all records.
  // Estimates of the stored (compressed) bytes of each part, from the
  // sampled documents; the four add up to `bytes`.
  std::uint64_t text_bytes = 0;     ///< The text (estimate).
  std::uint64_t passage_bytes = 0;  ///< The passages (estimate).
  /// Where each term position lies in the text (estimate).
  std::uint64_t extent_bytes = 0;
  /// The rest: id, title, source, author, date, fields, lengths (estimate).
  std::uint64_t other_bytes = 0;
};

/// Bytes of the document values (in the postlist table) of one slot.
struct ValueSpace {
  /// "content_hash", "date", "rating", "lang", "passages", "author",
  /// "year", "source", "lang_confidence", "boilerplate_bytes", or
  /// "field:NAME" for a user field's facet value.
  std::string name;
  std::size_t documents = 0;  ///< Documents with a value in this slot.
  std::uint64_t bytes = 0;    ///< Bytes of the values, summed.
};

/// Where a database's space goes, as `herdex stats --verbose` shows it.
struct DatabaseSpace {
  std::string path;  ///< The path given to database_space().
  /// Table files of the local shards, summed, in a fixed order (postlist,
  /// position, termlist, docdata, spelling, synonym, other); a table with no
  /// file is left out.
  std::vector<TableSpace> tables;
  std::uint64_t table_bytes = 0;  ///< The tables' bytes, summed.
  /// Remote shards, whose files cannot be seen from here: the table bytes
  /// leave them out (unknown), the term counts do not.
  std::vector<std::string> unknown_shards;
  /// One entry per class, in the order of TermClassSpace::name's list.
  std::vector<TermClassSpace> classes;
  std::size_t terms = 0;  ///< Distinct terms, all classes.
  /// The n-gram size of the analyzer ("cjk_ngrams" holds n-grams of it).
  std::uint32_t ngram_size = 0;
  std::vector<ValueSpace> values;     ///< Value slots that hold anything.
  RecordSpace records;                ///< The stored records.
  std::size_t documents = 0;          ///< Documents in the database.
  std::size_t sampled_documents = 0;  ///< Documents the estimates were made from.
  /// With OpenOptions::allow_partial: the shards that could not be read.
  std::vector<Error> failed_shards;
};

/// How database_space() works.
struct SpaceOptions {
  /// Documents sampled (evenly spread over the document ids) for the
  /// estimates of position, postlist and termlist bytes and record parts.
  /// 0 samples none (estimates stay 0). Default: 1000.
  std::size_t sample_documents = 1000;
};

/// Finds out where the space of the database at `path` goes: the bytes of
/// each table, and per class of terms the distinct terms, postings and
/// occurrences (exact: every term is visited once), the stored records
/// (exact sizes: every record is read) and the document values.
///
/// The rest are estimates, since Xapian cannot say how many bytes an entry
/// takes. For each sampled document, its term list is read and sized as
/// Xapian's glass backend stores it (prefix-compressed, then deflated), and
/// each term's position list encoded as glass encodes it (interpolative
/// coding). A class's bytes per occurrence in the sample (per posting for
/// the termlist) times its occurrences in the whole database estimate its
/// entries; postlist entries are modelled from each term's postings and
/// occurrences (a varint gap and wdf per posting, at the average gap),
/// beside the values and document lengths the postlist table also holds.
/// The entries' sum is TableSpace::entry_bytes; the table on disk is then
/// divided among the classes in proportion (when every shard is local;
/// otherwise the classes get their entries' bytes). A record's parts are
/// estimated by compressing the sampled records again without each part.
///
/// Does not lock the database; thread-safe. Reads every term and every
/// record once, and the positions of the sampled documents only. Errors as
/// database_stats().
HERDEX_EXPORT Result<DatabaseSpace> database_space(const std::string& path,
                                                   const OpenOptions& options = {},
                                                   const SpaceOptions& space = {});

/// What check_database() checks. Default: everything.
struct CheckOptions {
  /// Keep at most this many problems in CheckReport::problems (all are
  /// counted in problem_count). Default: 100.
  std::size_t max_problems = 100;
};

/// One problem check_database() found.
struct CheckProblem {
  std::string shard;  ///< The shard's path (the database's when not sharded).
  /// What found it: "xapian" (Xapian's consistency check of the tables),
  /// "metadata" (format and analyzer records), "record" (a stored document
  /// that does not decode), "passages" (a passage outside its text or its
  /// positions), "positions" (a term position with no stored extent, or an
  /// extent outside the text).
  std::string kind;
  std::string document;  ///< The document's id (or Xapian docid as "#N"); empty if none.
  std::string message;   ///< What is wrong, one line.
};

/// What check_database() found.
struct CheckReport {
  std::string path;                    ///< The path given to check_database().
  std::size_t shards = 0;              ///< Local shards checked (1 when not sharded).
  std::size_t documents = 0;           ///< Documents whose records were checked.
  std::vector<std::string> skipped;    ///< Remote shards, which cannot be checked from here.
  std::vector<CheckProblem> problems;  ///< The first CheckOptions::max_problems problems.
  std::size_t problem_count = 0;       ///< All problems found.
  bool ok() const { return problem_count == 0; }  ///< Nothing found.
};

/// Checks the database at `path` (one database, a sharded directory or a
/// stub file; each local shard in turn) without locking it: first Xapian's
/// own consistency check of every table (Xapian::Database::check, what
/// `xapian-check` runs: block structure, ordering, free lists, posting and
/// term list agreement), then, when Xapian finds nothing, herdex's own
/// invariants: the format and analyzer metadata are there and valid, every
/// document's record decodes, its passages lie within its text and its
/// positions, and every body term position has a stored extent within the
/// text. herdex's checks read documents through Xapian, so they run only on
/// tables Xapian found sound. Damage found is a CheckReport with problems,
/// not an error. Errors: `not_found` (no database), `invalid_argument` (a
/// path that is no database), `io_error` (a file cannot be read). Slow on
/// big databases: it reads everything. A writer committing meanwhile may
/// make Xapian's check report problems that are not there; check a database
/// nobody writes to. Xapian's check runs in a forked child process (it can
/// crash on damaged tables); call this from a process whose other threads
/// hold no locks the child would need (as the CLI does), not from a busy
/// multi-threaded server.
HERDEX_EXPORT Result<CheckReport> check_database(const std::string& path,
                                                 const CheckOptions& options = {});

/// One shard of a compact_database() run.
struct CompactedShard {
  std::string path;                ///< The shard's directory (the database's when not sharded).
  std::uint64_t bytes_before = 0;  ///< Bytes of its files before.
  std::uint64_t bytes_after = 0;   ///< Bytes of its files after.
};

/// What compact_database() did.
struct CompactReport {
  std::string path;                    ///< The path given to compact_database().
  std::uint64_t bytes_before = 0;      ///< Bytes of the local shards' files before.
  std::uint64_t bytes_after = 0;       ///< Bytes of the local shards' files after.
  std::vector<CompactedShard> shards;  ///< Each local shard compacted, in stub order.
  /// Remote shards, left as they are (compact them on their server).
  std::vector<std::string> skipped;
};

/// Compacts the database at `path` in place (one database, or each local
/// shard of a sharded directory or stub file, in stub order): for each, a
/// compact copy is written by Xapian's compactor beside it (in
/// `.NAME.herdex-compact`, removed before and after) and exchanged with it
/// in one rename (renameat2 RENAME_EXCHANGE), then the old copy is
/// removed. The documents, their ids, terms, positions, records and every
/// search result stay the same (Xapian's internal document numbers may
/// shift down, keeping their order).
///
/// Every local shard is locked as a writer would lock it, first shard
/// first, before any is compacted, and stays locked until all are done: a
/// database an IndexWriter (or another compaction) holds gives `locked` and
/// changes nothing, and a writer that starts meanwhile gets `locked`.
/// Searchers that are open keep answering from the files they opened; after
/// Searcher::reopen() they read the compact copy. A crash leaves every
/// shard either as it was or compacted (what was left beside it is removed
/// by the next run). On a filesystem without RENAME_EXCHANGE the exchange
/// takes three renames, and a crash between them can leave the database at
/// `PATH.exchange`. Remote shards are not compacted (CompactReport::skipped).
/// Needs free space for a compact copy of the largest shard.
///
/// Errors: `not_found` (no database at `path`), `locked`, `version_mismatch`
/// (a database of another herdex format), `corrupt` (Xapian could not read
/// a table; the shard is left as it was), `io_error` (a copy could not be
/// written or swapped in, such as a full disk; shards compacted before stay
/// compacted). Thread-safe (it shares nothing).
HERDEX_EXPORT Result<CompactReport> compact_database(const std::string& path);

/// The size of a database as it can be read cheaply: file sizes and the
/// totals Xapian keeps, without reading the tables.
struct DatabaseFootprint {
  std::uint64_t bytes = 0;    ///< Bytes of the local shards' files.
  std::size_t documents = 0;  ///< Documents in the local shards.
  /// Indexed words in the local shards: the sum of document lengths, which
  /// counts every term occurrence (stems, exact forms, CJK units).
  std::uint64_t words = 0;
};

/// Reads the footprint of the database at `path` (its local shards; remote
/// ones count nothing), without locking it. Errors as database_stats().
HERDEX_EXPORT Result<DatabaseFootprint> database_footprint(const std::string& path);

/// Whether compact_database() is worth suggesting after a change of a
/// database from `before` to `after` (footprints taken around an indexing
/// run): when it now takes at least 1.3 times the bytes per indexed word it
/// took before, and at least 1 MiB more than that would make it. Updates and
/// deletions leave Xapian's tables with partly filled blocks, and the first
/// change to a compacted database splits the full blocks it touches, so a
/// database that grew much faster than its content would shrink when
/// compacted; one that grew with its content would not. The measure is
/// relative to the run before, so it speaks up when a run makes the
/// difference (a database grows by the same bytes per word over runs of
/// similar documents). Never suggests it when `before` held no words.
HERDEX_EXPORT bool compaction_suggested(const DatabaseFootprint& before,
                                        const DatabaseFootprint& after);

}  // namespace herdex
