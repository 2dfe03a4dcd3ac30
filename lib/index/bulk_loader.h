// Stage 3 for a new database, the fast way: each worker thread builds
// documents (index/document_builder.h) and writes them into a partial
// database of its own; at the end Xapian's compactor merges the partial
// databases into one compact database, which the caller swaps into place
// (store/compaction.h). Used by IndexWriter::add_paths() when the target
// is one local database holding no documents and more than one thread is
// asked for (IndexOptions::threads).
//
// A document goes to the worker its id hashes to, so every occurrence of
// one id lands in the same partial database, where the last one replaces
// the others, as in one database. Which partial database a document is in
// changes only its Xapian document number: what is stored for it, the
// statistics and every search result are those of a sequential build
// (tests/integration/bulk_load_test.cc).
//
// Nothing reaches the target until the merge is swapped in: an interrupted
// or failed bulk load leaves the target as it was and its partial
// databases in the staging directory, which the next load removes.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/index.h"

namespace herdex::detail {

class BulkLoader {
 public:
  struct Settings {
    std::string staging;  ///< a directory for this load alone (removed and made again)
    std::size_t workers = 2;
    IndexOptions options;  ///< passage settings, boilerplate, memory_bytes
    /// The database's analyzer settings (empty: options.analyzer), from
    /// which each worker makes its own analyzer.
    std::string analyzer_options;
    std::string analyzer_fingerprint;
    /// Set in every partial database at each commit (and so in the merge).
    std::vector<std::pair<std::string, std::string>> metadata;
  };

  /// What the workers found, for the run's report.
  struct Outcome {
    std::size_t repaired_bytes = 0;
    /// (sequence, bytes) of each document whose page boilerplate was left
    /// out of the index, in no particular order.
    std::vector<std::pair<std::size_t, std::size_t>> dropped;
    std::size_t commits = 0;  ///< commits of partial databases, all workers
    /// Seconds in each stage, summed over the workers (IndexStageTimes).
    double build_seconds = 0;
    double write_seconds = 0;
    double commit_seconds = 0;
    double compact_seconds = 0;  ///< the merge
  };

  /// Makes the staging directory and the workers' databases and starts the
  /// workers.
  static Result<std::unique_ptr<BulkLoader>> start(Settings settings);

  /// Queues `d` (check_storable() passed), the `sequence`th document of the
  /// run. `repeated`: an earlier document of the run had its id (it is then
  /// replaced; otherwise added without looking the id up). Blocks while its
  /// worker's queue is full. After a worker failed, returns its error.
  Result<void> add(Document d, std::size_t sequence, bool repeated);

  /// Waits for the workers, commits their databases and merges them into a
  /// new database at `merged` (inside the staging directory or beside it;
  /// it must not exist).
  Result<Outcome> finish(const std::string& merged);

  /// Stops the workers; what they wrote stays in the staging directory.
  ~BulkLoader();
  BulkLoader(const BulkLoader&) = delete;
  BulkLoader& operator=(const BulkLoader&) = delete;

  struct Worker;  // defined in bulk_loader.cc

 private:
  explicit BulkLoader(Settings settings);
  void stop();

  Settings settings_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

/// The estimated buffer (buffered_bytes_estimate()) at which a writer
/// commits even when its memory budget allows more. Xapian keeps its
/// uncommitted changes in maps keyed by term and document number, and
/// adding to them slows as they outgrow the CPU's caches: 10,000 IMDB
/// reviews took stock Xapian 9.7 s of CPU in batches of 500 and 19.7 s with
/// its default flush of 10,000 documents, herdex 13 s in batches of 1,000
/// and 24 s in one batch, while the commits themselves cost about the same
/// in all (docs/INDEXING.md). 32 MiB is about 1,200 such reviews.
inline constexpr std::size_t kEfficientBatchBytes = std::size_t{32} << 20;

/// Bytes of Xapian's in-memory changes that adding `d` is estimated to
/// cost until the next commit (IndexOptions::memory_bytes is spent in
/// these): measured on English and CJK reviews, see docs/INDEXING.md.
std::size_t buffered_bytes_estimate(const Document& d);

}  // namespace herdex::detail
