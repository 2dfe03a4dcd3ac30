/// @file index.h
/// Building and updating a herdex database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/export.h"
#include "herdex/ingest.h"

namespace herdex {

/// Settings for writing a database.
struct IndexOptions {
  /// Analyzer settings. Used when the database is created; an existing
  /// database keeps the settings it was built with (they are stored in it),
  /// and opening it with different ones is an error.
  AnalyzerOptions analyzer;
  /// Target passage length, in words for alphabetic text (a CJK character
  /// counts as half a word). Default: 60.
  std::size_t passage_words = 60;
  /// Words repeated at the start of the next passage. Default: 8.
  std::size_t passage_overlap_words = 8;
  /// Index trailing page boilerplate (a blog's comment form: "Leave a
  /// Reply", "You are commenting using your ... account") like the review
  /// text. By default it is stored but kept out of terms and passages.
  bool keep_boilerplate = false;
  /// add_paths() removes every document whose id it did not read, taking
  /// its inputs as the whole collection. Skipped (and said so in the
  /// report) when some input could not be read. Default: false.
  bool prune = false;
  /// Commit after this many changed documents. Default: 2000.
  std::size_t batch_documents = 2000;
  /// ...or after this many bytes of changed text, whichever comes first.
  /// Default: 32 MiB.
  std::size_t batch_bytes = std::size_t{32} << 20;
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

/// Counts from indexing a set of paths.
struct IndexReport {
  std::size_t added = 0;
  std::size_t updated = 0;
  std::size_t unchanged = 0;
  std::size_t deleted = 0;
  std::size_t skipped = 0;    ///< Inputs left out on purpose (empty, binary, too big).
  std::size_t errors = 0;     ///< Inputs left out because they could not be read or parsed.
  std::size_t repaired_bytes = 0;  ///< Invalid UTF-8 bytes repaired.
  std::size_t bytes = 0;      ///< Bytes of text read.
  /// One entry per skipped input or error, with path and line.
  std::vector<Error> problems;
};

/// Progress of a long indexing run, reported after every document.
struct IndexProgress {
  std::size_t documents = 0;  ///< Documents read so far.
  std::size_t bytes = 0;      ///< Bytes of document text read so far.
  std::uint64_t input_bytes = 0;  ///< Bytes of input files consumed (compressed for .gz).
  std::uint64_t total_bytes = 0;  ///< Bytes of all input files, if known (0 otherwise).
};

/// Writes documents into a herdex database (a Xapian database directory).
///
/// Changes become visible to searchers, and durable, at commit(); they are
/// committed in batches (IndexOptions::batch_documents, batch_bytes) and when
/// the writer is destroyed. If the process dies, the database holds exactly
/// the last committed batch.
///
/// Only one IndexWriter per database may exist at a time, across processes;
/// a second one gets `ErrorCode::locked`. Not thread-safe: use from one
/// thread at a time. Move-only.
class HERDEX_EXPORT IndexWriter {
 public:
  /// Opens the database at `path`, creating it (and missing parent
  /// directories) if needed and IndexOptions::create_if_missing allows.
  /// Errors: `not_found` (no database, and not to create one), `locked`
  /// (another writer has it), `version_mismatch` (built by another format or
  /// analyzer), `corrupt`, `io_error` (also for a read-only database),
  /// `invalid_argument` (bad options).
  static Result<IndexWriter> open(const std::string& path, const IndexOptions& options = {});

  ~IndexWriter();  ///< Commits pending changes (errors are dropped; call commit() to see them).
  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  IndexWriter(const IndexWriter&) = delete;
  IndexWriter& operator=(const IndexWriter&) = delete;

  /// Adds `document`, replacing any document with the same id. A document
  /// whose content hash matches the stored one is left alone (`unchanged`).
  /// Errors: `invalid_argument` (empty or over-long id), `io_error`.
  Result<WriteOutcome> add(const Document& document);

  /// Removes the document with this id. Returns whether it existed.
  Result<bool> remove(std::string_view id);

  /// Makes all changes so far durable and visible. Errors: `io_error`.
  Result<void> commit();

  /// Reads every path (file or folder, recursively) with `ingest`, adds each
  /// document, and commits at the end. Problems with single inputs are
  /// counted in the report and do not stop the run; only errors of the
  /// database itself are returned as errors. `progress` may be empty.
  Result<IndexReport> add_paths(const std::vector<std::string>& paths,
                                const IngestOptions& ingest = {},
                                const std::function<void(const IndexProgress&)>& progress = {});

  struct Impl;  ///< Opaque; defined in lib/index.

 private:
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace herdex
