/// @file index.h
/// Building and updating a herdex database: IndexWriter and its options.
///
/// A database is a Xapian database folder. It stores each document's text
/// and passages with its terms, so search needs no access to the source
/// files, and it records the analyzer settings it was built with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/export.h"
#include "herdex/ingest.h"

namespace herdex {

/// Settings for writing a database. A plain value.
struct IndexOptions {
  /// Analyzer settings. Used when the database is created; an existing
  /// database keeps the settings it was built with (they are stored in it)
  /// and these are then ignored.
  AnalyzerOptions analyzer;
  /// Target passage length, in words for alphabetic text (a CJK character
  /// counts as half a word). Default: 60.
  ///
  /// passage_words, passage_overlap_words and keep_boilerplate change what
  /// is stored for a document, so they are part of what decides that a
  /// document is unchanged: indexing with other values re-indexes every
  /// document read (reported as updated). Documents not read in that run
  /// keep the values they were indexed with.
  std::size_t passage_words = 60;
  /// Words repeated at the start of the next passage. Default: 8.
  std::size_t passage_overlap_words = 8;
  /// Index page boilerplate (Document::boilerplate: comment threads and
  /// forms, author bios, navigation, share and related-posts blocks,
  /// notices; for documents without marks, a trailing comment form) like
  /// the review text. By default it is stored but kept out of terms and
  /// passages. Applies to the documents written now: an unchanged document
  /// keeps how it was indexed.
  bool keep_boilerplate = false;
  /// add_paths() removes every document read from under its inputs before
  /// (its source is one of the input files, or inside one of the input
  /// folders, or it came from standard input when "-" is an input) whose id
  /// it did not read now. Documents from elsewhere are left alone. Skipped
  /// (and said so in the report) when some input could not be read.
  /// Default: false.
  bool prune = false;
  /// Threads that analyze documents and build their records (stage 2 of
  /// read -> build -> write). 0: one per core (std::thread::hardware_concurrency).
  /// 1: everything on the calling thread. With more than one, a database
  /// that holds no documents (new or empty, one local database) is built
  /// the fast way: one partial database per thread, merged by Xapian's
  /// compactor into one compact database and swapped into place at the end
  /// of add_paths() (an interruption before then leaves the database as it
  /// was). The documents, terms, positions, records and search results do
  /// not depend on the number. Default: 0.
  std::size_t threads = 0;
  /// A bulk load (see threads) is used only for inputs of at least this
  /// many bytes of text (a .jsonl.gz file counts as its text, by its gzip
  /// trailer; standard input counts 0): for a few files, making and merging
  /// partial databases costs more than it saves. Its merge is compacted, so
  /// a bulk-built database is about half the size. Default: 1 MiB.
  std::uint64_t bulk_min_bytes = std::uint64_t{1} << 20;
  /// Bytes of changes the writer buffers (estimated) at most before it
  /// commits; a bulk load shares it between its threads. Writers commit at
  /// 32 MiB of buffered changes per thread even when this allows more,
  /// since Xapian adds to a large buffer more slowly than it commits a
  /// small one (docs/INDEXING.md), so peak memory stays well under the
  /// budget plus a fixed overhead. Default: 256 MiB.
  std::size_t memory_bytes = std::size_t{256} << 20;
  /// Commit at least this often while documents change, so that an
  /// interrupted run loses at most this much work (not for a bulk load,
  /// which commits once, at its end). 0: never by time. Default: 30.
  std::uint32_t commit_seconds = 30;
  /// Commit after this many changed documents too. 0: no count limit (the
  /// default: batches are bounded by memory_bytes and commit_seconds).
  std::size_t batch_documents = 0;
  /// ...or after this many bytes of changed text. 0: no limit. Default: 0.
  std::size_t batch_bytes = 0;
  /// Number of shards. A new database with more than one shard is a
  /// directory holding the shards (`shard_000`, ...) and a Xapian stub file
  /// `XAPIANDB` naming them; each document goes to the shard chosen by a
  /// stable hash of its id. An existing database keeps the count it was
  /// created with; asking for another is `invalid_argument`. 0: keep the
  /// existing count, or 1 for a new database. Default: 0.
  std::size_t shards = 0;
  /// Remote shards (`remote HOST:PORT` lines of a stub file, served by
  /// `xapian-tcpsrv --writable`): milliseconds allowed for connecting and for
  /// each exchange (a commit included). 0 waits forever. Default: 0 for
  /// exchanges, with a 10000 ms limit on connecting (Xapian's defaults).
  std::uint32_t timeout_ms = 0;
  /// Create the database (and missing parent directories) when there is
  /// none at the path. When false, open() gives `not_found` instead (for
  /// changes that only make sense to an existing database, like removing
  /// documents). Default: true.
  bool create_if_missing = true;
};

/// What add() did with a document.
enum class WriteOutcome : std::uint8_t {
  added,      ///< The id was new.
  updated,    ///< The id existed with different content and was replaced.
  unchanged,  ///< The id existed with the same content; nothing was written.
};

/// Where an add_paths() run spent its time, stage by stage (read -> build
/// -> write), in seconds. Stages that run in worker threads (build, write
/// and commit in a bulk load) add up the time of every thread, so the sum
/// can exceed the run's wall time.
struct IndexStageTimes {
  double read = 0;     ///< Reading, decompressing and parsing inputs (and waiting for the workers).
  double build = 0;    ///< Analysis, passages and records (DocumentBuilder).
  double write = 0;    ///< Adding built documents to Xapian (in memory until a commit).
  double commit = 0;   ///< Xapian commits (flushing buffered changes to disk).
  double compact = 0;  ///< Merging a bulk load's partial databases (Xapian's compactor).
  /// True when the run was a bulk load (IndexOptions::threads).
  bool bulk = false;
};

/// Counts from indexing a set of paths (IndexWriter::add_paths()).
struct IndexReport {
  std::size_t added = 0;      ///< Documents with a new id.
  std::size_t updated = 0;    ///< Documents whose content changed.
  std::size_t unchanged = 0;  ///< Documents with the same content as stored (not rewritten).
  std::size_t deleted = 0;    ///< Documents removed by IndexOptions::prune.
  std::size_t skipped = 0;    ///< Inputs left out on purpose (empty, binary, too big).
  std::size_t errors = 0;     ///< Inputs left out because they could not be read or parsed.
  /// Documents whose id an earlier document of the same run had (each is
  /// also in `problems`: `file:line: duplicate id "x" (first at file:line)`).
  /// The last one is kept; the counts above say what the run did to the id
  /// in all (so a run that leaves it as stored counts it unchanged).
  std::size_t duplicates = 0;
  std::size_t repaired_bytes = 0;  ///< Invalid UTF-8 bytes repaired.
  std::size_t bytes = 0;           ///< Bytes of text read.
  /// Bytes of page boilerplate (comment threads, bios, navigation, ...) left
  /// out of the index in the documents written now (added or updated).
  std::size_t boilerplate_bytes = 0;
  /// The documents written now that had boilerplate left out: id and bytes.
  std::vector<std::pair<std::string, std::size_t>> boilerplate;
  /// At most this many problems are listed; the rest are only counted.
  static constexpr std::size_t kMaxListedProblems = 1000;
  /// One entry per skipped input, error, duplicate or warning, with path
  /// and line: the first kMaxListedProblems of them.
  std::vector<Error> problems;
  /// What each of `problems` is, in step with it: an input skipped, an
  /// error, or a warning (a duplicate id is a warning: the last was kept).
  std::vector<ProblemKind> problem_kinds;
  /// Problems beyond kMaxListedProblems, counted but not listed.
  std::size_t problems_not_listed = 0;
  /// Time per stage.
  IndexStageTimes stages;
};

/// Progress of a long indexing run, reported after every document (on the
/// thread that called IndexWriter::add_paths()).
struct IndexProgress {
  std::size_t documents = 0;      ///< Documents read so far.
  std::size_t bytes = 0;          ///< Bytes of document text read so far.
  std::uint64_t input_bytes = 0;  ///< Bytes of input files consumed (compressed for .gz).
  std::uint64_t total_bytes = 0;  ///< Bytes of all input files, if known (0 otherwise).
};

/// Writes documents into a herdex database (a Xapian database directory, or
/// a sharded one: see IndexOptions::shards).
///
/// Changes become visible to searchers, and durable, at commit(); they are
/// committed in batches (IndexOptions::batch_documents, batch_bytes) and when
/// the writer is destroyed. If the process dies, the database holds exactly
/// the last committed batch. (A sharded database commits shard by shard: a
/// crash in the middle of a commit can leave some shards one batch ahead;
/// indexing the same inputs again brings the others level.)
///
/// Only one IndexWriter per database may exist at a time, across processes;
/// a second one gets `ErrorCode::locked`. The shards of a sharded database
/// are locked in order, first shard first, so a second writer of the set
/// stops at the first one. Searchers (any number, in any threads or
/// processes) may read the database meanwhile; they see each commit after
/// Searcher::reopen().
///
/// Thread-safety: not thread-safe; use from one thread at a time (it may
/// be moved to another thread between calls). Move-only; a moved-from
/// IndexWriter may only be destroyed or assigned to.
class HERDEX_EXPORT IndexWriter {
 public:
  /// Opens the database at `path`, creating it (and missing parent
  /// directories) if needed and IndexOptions::create_if_missing allows,
  /// and takes its write lock. `path` may also be a Xapian stub file naming
  /// the shards (local `auto PATH` lines, remote `remote HOST:PORT` lines);
  /// its lines must stay in the order the database was built with. Errors:
  /// `not_found` (no database, and not to create one), `locked` (another
  /// writer has it), `version_mismatch` (built by another format or
  /// analyzer), `corrupt`, `io_error` (also a read-only database or an
  /// unreachable remote shard), `invalid_argument` (bad options: zero batch
  /// or passage size, unknown stemmer, n-gram size outside 1..4, a shard
  /// count other than the database's, a stub whose shards are out of order).
  static Result<IndexWriter> open(const std::string& path, const IndexOptions& options = {});

  /// Commits pending changes (errors are dropped; call commit() to see
  /// them) and releases the lock.
  ~IndexWriter();
  IndexWriter(IndexWriter&&) noexcept;                  ///< Takes over another writer's lock.
  IndexWriter& operator=(IndexWriter&&) noexcept;       ///< Closes this one, takes another's.
  IndexWriter(const IndexWriter&) = delete;             ///< Not copyable: one writer per database.
  IndexWriter& operator=(const IndexWriter&) = delete;  ///< Not copyable.

  /// Adds `document`, replacing any document with the same id. A document
  /// whose content hash matches the stored one is left alone (`unchanged`).
  /// The change is committed with the next batch or commit().
  /// Errors: `invalid_argument` (empty or over-long id, text over herdex's
  /// size limit), `io_error`, and errors of an automatic batch commit.
  Result<WriteOutcome> add(const Document& document);

  /// Removes the document with this id. Returns whether it existed.
  /// Errors: `io_error`.
  Result<bool> remove(std::string_view id);

  /// Makes all changes so far durable and visible to searchers (after their
  /// reopen()). Errors: `io_error` (for example, the disk is full; the
  /// database then keeps the previous commit).
  Result<void> commit();

  /// Reads every path (file or folder, recursively) with `ingest`, adds each
  /// document, and commits at the end. A path read twice (or a file inside
  /// two of the paths) is indexed once. An id read again from another place
  /// in the same run is a duplicate (IndexReport::duplicates): the last one
  /// is kept. Problems with single inputs are
  /// counted in the report and do not stop the run; only errors of the
  /// database itself are returned as errors (and, with
  /// IngestOptions::strict, the first problem). A path that does not exist
  /// is counted as an error in the report. `progress` may be empty; it is
  /// called on this thread.
  Result<IndexReport> add_paths(const std::vector<std::string>& paths,
                                const IngestOptions& ingest = {},
                                const std::function<void(const IndexProgress&)>& progress = {});

  struct HERDEX_NO_EXPORT Impl;  ///< Opaque; defined in lib/index (not exported).

 private:
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex
