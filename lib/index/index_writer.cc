#include "herdex/index.h"

#include <xapian.h>

#include <filesystem>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

#include "analysis/script.h"
#include "analysis/settings.h"
#include "analysis/token_stream.h"
#include "index/bulk_loader.h"
#include "index/document_builder.h"
#include "index/passage_splitter.h"
#include "ingest/extract/extractor.h"
#include "ingest/input_size.h"
#include "store/compaction.h"
#include "store/database.h"
#include "store/passage_stats.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/shards.h"
#include "store/stem_words.h"
#include "store/xapian_error.h"
#include "util/hash.h"
#include "util/utf8.h"

namespace herdex {
namespace {

std::vector<std::pair<std::string, std::string>> wanted_metadata(const Analyzer& analyzer,
                                                                 std::size_t shard,
                                                                 std::size_t count,
                                                                 bool lists_stem_words);

// The settings that cut the passages of the documents built now.
std::string passage_settings(const IndexOptions& options) {
  return detail::encode_passage_settings(options.passage_words, options.passage_overlap_words,
                                         options.keep_boilerplate);
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

// Estimated bytes Xapian buffers for one deletion until the commit.
constexpr std::size_t kDeleteBufferedBytes = 256;

struct IndexWriter::Impl {
  std::string path;
  IndexOptions options;
  // One database, or the shards of a sharded one; a document lives in the
  // shard its id hashes to (detail::shard_for_id).
  detail::WritableShards shards;
  detail::DocumentBuilder builder;  // stage 2, on this thread
  std::size_t pending_documents = 0;
  std::size_t pending_bytes = 0;
  std::size_t pending_buffered = 0;  // estimated bytes Xapian holds for them
  std::chrono::steady_clock::time_point last_commit = std::chrono::steady_clock::now();
  // The first database error this writer met. From then on it writes
  // nothing: every shard sits in a cancelled-on-close transaction (see
  // begin_batches()), and every later call returns this error.
  std::optional<Error> failure;
  // Each local shard's table sizes at its last commit, to cut back what a
  // failed write wrote past them (detail::TableSizes).
  std::vector<detail::TableSizes> committed_sizes;
  // Per shard: whether its stored metadata is what commit() would set.
  std::vector<bool> metadata_current;
  // Per shard: its running passage totals (store/passage_stats.h), empty
  // when they are not known (a database built before herdex kept them,
  // which then never gets any), and whether documents were built into it
  // since its last commit (the passage settings are stored then).
  std::vector<std::optional<detail::PassageTotals>> passage_totals;
  std::vector<bool> built_documents;
  // Per shard: whether it lists stem words (store/stem_words.h): a new or
  // empty database, or one that already does.
  std::vector<bool> lists_stem_words;
  std::vector<detail::StemWordWriter> stem_words;
  std::size_t last_dropped_bytes = 0;  // boilerplate bytes of the last document built
  IndexStageTimes times;               // of the build, write and commit stages here

  Impl(std::string p, IndexOptions o, detail::WritableShards d, Analyzer a)
      : path(std::move(p)),
        options(std::move(o)),
        shards(std::move(d)),
        builder(std::move(a), options) {}
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  detail::TableSizes local_table_sizes(std::size_t shard) const {
    const detail::ShardLocation& at = shards.locations[shard];
    return at.remote() ? detail::TableSizes{} : detail::table_sizes(at.path);
  }

  Result<void> begin_batches();
  Error fail(Error e);
  Error fail_in(std::size_t shard, const Xapian::Error& e) {
    return fail(shards.error_in(shard, e, options.timeout_ms));
  }

  // `hashes`, when given, receives the content hash stored before (empty
  // if the id was new) and the one stored now.
  Result<WriteOutcome> add(const Document& document, std::size_t* repaired,
                           std::pair<std::string, std::string>* hashes = nullptr);
  Result<void> maybe_commit();
  Result<void> commit();
  // Takes document `did`, about to be deleted from `shard`, out of its
  // passage totals.
  void forget_passages(std::size_t shard, Xapian::WritableDatabase& db, Xapian::docid did) {
    if (auto& totals = passage_totals[shard]) {
      *totals -=
          detail::passage_totals_of_data(db.get_document(did, Xapian::DOC_ASSUME_VALID).get_data());
    }
  }

  // The bulk load for an add_paths() run, or null to write here.
  // `input_bytes`: the size of the text of the run's inputs
  // (detail::input_text_bytes; 0 if not known).
  Result<std::unique_ptr<detail::BulkLoader>> start_bulk(std::uint64_t input_bytes);
  // Merges the bulk load and swaps the merge in as this writer's database
  // (nothing when `empty`: no document was sent to it).
  Result<detail::BulkLoader::Outcome> finish_bulk(std::unique_ptr<detail::BulkLoader> bulk,
                                                  bool empty);
  std::string staging_path() const;
  std::size_t threads() const;
  Result<std::size_t> prune(const std::function<bool(const std::string& id)>& keep,
                            const std::vector<std::string>& roots);
};

namespace {

// Whether a stored source (a canonical path, or "-") lies under one of the
// canonical input roots: equal to it, or inside it as a folder.
bool under_roots(std::string_view source, const std::vector<std::string>& roots) {
  for (const std::string& root : roots) {
    if (source.size() < root.size() || source.compare(0, root.size(), root) != 0) continue;
    if (source.size() == root.size() || root == "/" || source[root.size()] == '/') return true;
  }
  return false;
}

}  // namespace

Result<std::size_t> IndexWriter::Impl::prune(const std::function<bool(const std::string& id)>& keep,
                                             const std::vector<std::string>& roots) {
  std::size_t deleted = 0;
  for (std::size_t shard = 0; shard < shards.dbs.size(); ++shard) {
    Xapian::WritableDatabase& db = shards.dbs[shard];
    try {
      std::vector<std::pair<std::string, Xapian::docid>> doomed;
      const std::string prefix(detail::kIdPrefix);
      for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        const std::string term = *it;
        if (keep(term.substr(prefix.size()))) continue;
        // Only documents read from these inputs' places are the inputs'
        // to remove: the source is in a value slot (or, for documents
        // written before it was, in the record).
        Xapian::PostingIterator doc = db.postlist_begin(term);
        if (doc == db.postlist_end(term)) continue;
        const Xapian::Document stored = db.get_document(*doc, Xapian::DOC_ASSUME_VALID);
        std::string source = stored.get_value(detail::kSlotSource);
        if (source.empty()) {
          auto record = detail::decode_record(stored.get_data());
          if (record) source = std::move(record->source);
        }
        if (under_roots(source, roots)) doomed.emplace_back(term, *doc);
      }
      for (const auto& [term, did] : doomed) {
        forget_passages(shard, db, did);
        db.delete_document(term);
        ++pending_documents;
        pending_buffered += kDeleteBufferedBytes;
        if (auto ok = maybe_commit(); !ok) return std::move(ok).error();
      }
      deleted += doomed.size();
    } catch (const Xapian::Error& e) {
      return fail_in(shard, e);
    }
  }
  return deleted;
}

Result<WriteOutcome> IndexWriter::Impl::add(const Document& d, std::size_t* repaired,
                                            std::pair<std::string, std::string>* hashes) {
  if (auto ok = detail::check_storable(d); !ok) return std::move(ok).error();
  if (failure) return *failure;
  Xapian::WritableDatabase& db = shards.for_id(d.id);
  try {
    const std::string id_term = detail::id_term(d.id);
    const std::string hash = detail::content_hash(d, options);
    const std::size_t shard = detail::shard_for_id(d.id, shards.dbs.size());
    bool existed = false;
    std::string before;
    Xapian::Document old;
    Xapian::PostingIterator it = db.postlist_begin(id_term);
    if (it != db.postlist_end(id_term)) {
      existed = true;
      old = db.get_document(*it, Xapian::DOC_ASSUME_VALID);
      before = old.get_value(detail::kSlotContentHash);
    }
    if (hashes != nullptr) *hashes = {before, hash};
    if (existed && before == hash) {
      // An unchanged record that moved to another line of its file: only
      // the line is rewritten, in its slot and in the record (Xapian leaves
      // the unmodified terms alone).
      const std::string line = d.source_line > 0 ? std::to_string(d.source_line) : std::string();
      if (old.get_value(detail::kSlotSourceLine) != line) {
        if (line.empty()) {
          old.remove_value(detail::kSlotSourceLine);
        } else {
          old.add_value(detail::kSlotSourceLine, line);
        }
        if (auto record = detail::decode_record(old.get_data());
            record && !record->from_version_3) {
          record->source_line = d.source_line;
          old.set_data(detail::encode_record(*record));
        }
        db.replace_document(*it, old);
        ++pending_documents;
        pending_buffered += kDeleteBufferedBytes;
        if (auto ok = maybe_commit(); !ok) return std::move(ok).error();
      }
      return WriteOutcome::unchanged;
    }
    auto start = std::chrono::steady_clock::now();
    detail::BuiltDocument built = builder.build(d, hash, lists_stem_words[shard]);
    if (repaired != nullptr) *repaired += built.repaired_bytes;
    last_dropped_bytes = built.dropped_bytes;
    times.build += seconds_since(start);
    start = std::chrono::steady_clock::now();
    // What the document replaces, read before it is gone (a Xapian
    // document reads its data lazily).
    const detail::PassageTotals replaced = existed && passage_totals[shard]
                                               ? detail::passage_totals_of_data(old.get_data())
                                               : detail::PassageTotals{};
    db.replace_document(id_term, built.doc);
    stem_words[shard].add(db, built.stem_words);
    times.write += seconds_since(start);
    if (auto& totals = passage_totals[shard]) {
      *totals -= replaced;
      *totals += built.passages;
    }
    built_documents[shard] = true;
    ++pending_documents;
    pending_bytes += d.text.size();
    pending_buffered += detail::buffered_bytes_estimate(d);
    if (auto ok = maybe_commit(); !ok) return std::move(ok).error();
    return existed ? WriteOutcome::updated : WriteOutcome::added;
  } catch (const Xapian::Error& e) {
    return fail_in(detail::shard_for_id(d.id, shards.dbs.size()), e);
  }
}

// A batch ends when its estimated memory reaches the budget, when
// commit_seconds passed since the last commit, or at the count and byte
// limits if they are set.
Result<void> IndexWriter::Impl::maybe_commit() {
  const bool by_memory =
      pending_buffered >= std::min(options.memory_bytes, detail::kEfficientBatchBytes);
  const bool by_count = options.batch_documents > 0 && pending_documents >= options.batch_documents;
  const bool by_bytes = options.batch_bytes > 0 && pending_bytes >= options.batch_bytes;
  const bool by_time =
      options.commit_seconds > 0 && std::chrono::steady_clock::now() - last_commit >=
                                        std::chrono::seconds(options.commit_seconds);
  if (by_memory || by_count || by_bytes || by_time) return commit();
  return {};
}

std::size_t IndexWriter::Impl::threads() const {
  if (options.threads > 0) return options.threads;
  return std::max(1U, std::thread::hardware_concurrency());
}

std::string IndexWriter::Impl::staging_path() const {
  std::filesystem::path target =
      std::filesystem::absolute(shards.locations[0].path).lexically_normal();
  if (!target.has_filename()) target = target.parent_path();
  return (target.parent_path() / ("." + target.filename().string() + ".herdex-bulk")).string();
}

Result<std::unique_ptr<detail::BulkLoader>> IndexWriter::Impl::start_bulk(
    std::uint64_t input_bytes) {
  if (failure) return *failure;
  if (shards.dbs.size() != 1 || shards.locations[0].remote()) {
    return std::unique_ptr<detail::BulkLoader>();
  }
  // What a bulk load that was killed left behind (this writer holds the
  // database's lock, so no other load is using it).
  std::error_code ec;
  std::filesystem::remove_all(staging_path(), ec);
  if (threads() < 2 || pending_documents > 0 || input_bytes < options.bulk_min_bytes) {
    return std::unique_ptr<detail::BulkLoader>();
  }
  try {
    if (shards.dbs[0].get_doccount() > 0) return std::unique_ptr<detail::BulkLoader>();
  } catch (const Xapian::Error& e) {
    return fail_in(0, e);
  }
  detail::BulkLoader::Settings settings;
  settings.staging = staging_path();
  settings.workers = threads();
  settings.options = options;
  settings.analyzer_options = shards.analyzer_options;
  settings.analyzer_fingerprint = shards.analyzer_fingerprint;
  settings.metadata = wanted_metadata(builder.analyzer(), 0, 1, true);  // a new database
  settings.metadata.emplace_back(detail::kPassageSettingsKey, passage_settings(options));
  return detail::BulkLoader::start(std::move(settings));
}

Result<detail::BulkLoader::Outcome> IndexWriter::Impl::finish_bulk(
    std::unique_ptr<detail::BulkLoader> bulk, bool empty) {
  const std::string staging = staging_path();
  // The staging directory goes whatever happens: what is in it is either
  // swapped in by now or of no use.
  struct RemoveStaging {
    const std::string& path;
    ~RemoveStaging() {
      std::error_code ec;
      std::filesystem::remove_all(path, ec);
    }
  } remove_staging{staging};
  const std::string merged = staging + "/merged";
  auto outcome = bulk->finish(merged);
  bulk.reset();
  if (!outcome) return fail(std::move(outcome).error());
  if (empty) return outcome;
  // This writer's lock is on the database it opened, which holds no
  // documents; the merge takes its place in one rename, and the writer
  // then opens (and locks) the merge at the database's path.
  const std::string target = shards.locations[0].path;
  if (auto ok = detail::exchange_paths(merged, target); !ok) return fail(std::move(ok).error());
  try {
    shards.dbs[0].close();
  } catch (const Xapian::Error&) {  // NOLINT(bugprone-empty-catch): it held nothing to write
  }
  auto reopened = detail::open_writable(target, false);
  if (!reopened) return fail(std::move(reopened).error());
  shards.dbs[0] = std::move(*reopened);
  committed_sizes[0] = local_table_sizes(0);
  metadata_current[0] = true;
  try {
    passage_totals[0] = detail::read_passage_totals(shards.dbs[0]);  // summed by the merge
  } catch (const Xapian::Error& e) {
    return fail_in(0, e);
  }
  last_commit = std::chrono::steady_clock::now();
  return outcome;
}

namespace {

// The metadata every commit of shard `shard` of `count` records: what
// built the database, and where the shard sits in the set.
std::vector<std::pair<std::string, std::string>> wanted_metadata(const Analyzer& analyzer,
                                                                 std::size_t shard,
                                                                 std::size_t count,
                                                                 bool lists_stem_words) {
  std::vector<std::pair<std::string, std::string>> out = {
      {detail::kFormatKey, detail::kFormatVersion},
      {detail::kAnalyzerKey, analyzer.fingerprint()},
      {detail::kAnalyzerOptionsKey, detail::encode_analyzer_options(analyzer.options())},
      {detail::kExtractorKey, std::string(detail::kExtractorVersion)},
  };
  if (lists_stem_words) out.emplace_back(detail::kStemWordsKey, detail::kStemWordsValue);
  if (count > 1) {
    out.emplace_back(detail::kShardKey, std::to_string(shard));
    out.emplace_back(detail::kShardCountKey, std::to_string(count));
  }
  return out;
}

}  // namespace

// Why a failed writer opens a Xapian transaction: Xapian commits a
// WritableDatabase when it is closed or destroyed, whatever went wrong
// before. A writer that failed half way (a damaged table found while
// replacing a document, a full disk in a commit) would then commit what it
// had, or commit again after Xapian dropped the failed changes: a failed
// `herdex delete` wrote a new revision. Closing inside a transaction
// cancels instead, and cancelling drops every change since the last commit,
// so fail() begins an unflushed one (which writes nothing) and the
// destructor closes the databases. Batches themselves are plain commits:
// with every batch inside a transaction, a commit that met a full disk made
// Xapian 1.4.22 call std::terminate (Faults.FullDiskDuringIndexing... in 5
// of 10 runs, flushed or unflushed), where a plain commit throws an error.
Result<void> IndexWriter::Impl::begin_batches() {
  for (std::size_t shard = 0; shard < shards.dbs.size(); ++shard) {
    committed_sizes.push_back(local_table_sizes(shard));
    bool current = true;
    try {
      const Xapian::WritableDatabase& db = shards.dbs[shard];
      lists_stem_words.push_back(detail::lists_stem_words(db) || db.get_doccount() == 0);
      for (const auto& [key, value] :
           wanted_metadata(builder.analyzer(), shard, shards.dbs.size(), lists_stem_words.back())) {
        if (shards.dbs[shard].get_metadata(key) != value) current = false;
      }
      passage_totals.push_back(detail::read_passage_totals(shards.dbs[shard]));
    } catch (const Xapian::Error& e) {
      return fail_in(shard, e);
    }
    metadata_current.push_back(current);
    built_documents.push_back(false);
    stem_words.emplace_back();
  }
  return {};
}

// A writer that failed cancels its transactions (closing the databases)
// and then cuts the tables back to their committed sizes, so that the
// blocks it wrote go too: a failed write leaves the files as they were.
IndexWriter::Impl::~Impl() {
  if (!failure) return;
  for (Xapian::WritableDatabase& db : shards.dbs) {
    try {
      db.close();                     // inside a transaction: cancels it
    } catch (const Xapian::Error&) {  // NOLINT(bugprone-empty-catch): closing is best effort
    }
  }
  for (const detail::TableSizes& sizes : committed_sizes) detail::cut_back(sizes);
}

Error IndexWriter::Impl::fail(Error e) {
  if (!failure) {
    failure = e;
    // Each shard goes into a transaction, so that closing it cancels
    // what it holds since its last commit. (An error here means it already
    // is in one.)
    for (Xapian::WritableDatabase& db : shards.dbs) {
      try {
        db.begin_transaction(false);
      } catch (const Xapian::Error&) {  // NOLINT(bugprone-empty-catch): already in a transaction
      }
    }
  }
  return e;
}

Result<void> IndexWriter::Impl::commit() {
  if (failure) return *failure;
  const auto start = std::chrono::steady_clock::now();
  const std::size_t count = shards.dbs.size();
  for (std::size_t shard = 0; shard < count; ++shard) {
    Xapian::WritableDatabase& db = shards.dbs[shard];
    try {
      // The metadata goes in the same commit as the documents, so a database
      // never holds documents without the record of what built them. A
      // shard with nothing to commit stays as it is: Xapian writes no
      // revision when no table changed.
      // Metadata is set only when documents changed or it is not yet what
      // it should be, so that a run that changed nothing writes no
      // revision. (It is compared once, when the writer opens: a
      // get_metadata() on the writable database right before a commit that
      // met a full disk made Xapian 1.4.22 call std::terminate.)
      if (pending_documents > 0 || !metadata_current[shard]) {
        for (const auto& [key, value] :
             wanted_metadata(builder.analyzer(), shard, count, lists_stem_words[shard])) {
          db.set_metadata(key, value);
        }
        if (passage_totals[shard]) {
          db.set_metadata(detail::kPassageTotalsKey,
                          detail::encode_passage_totals(*passage_totals[shard]));
        }
        if (built_documents[shard]) {
          db.set_metadata(detail::kPassageSettingsKey, passage_settings(options));
        }
      }
      db.commit();
      metadata_current[shard] = true;
      built_documents[shard] = false;
      committed_sizes[shard] = local_table_sizes(shard);
    } catch (const Xapian::Error& e) {
      return fail_in(shard, e);
    }
  }
  pending_documents = 0;
  pending_bytes = 0;
  pending_buffered = 0;
  last_commit = std::chrono::steady_clock::now();
  times.commit += seconds_since(start);
  return {};
}

Result<IndexWriter> IndexWriter::open(const std::string& path, const IndexOptions& options) {
  if (options.memory_bytes == 0 || options.passage_words == 0) {
    return Error{ErrorCode::invalid_argument, "memory budget and passage size must be positive"};
  }
  auto shards = detail::open_writable_shards(path, options.shards, options.timeout_ms,
                                             options.create_if_missing);
  if (!shards) return std::move(shards).error();
  auto analyzer = detail::analyzer_from_settings(shards->analyzer_options,
                                                 shards->analyzer_fingerprint, options.analyzer);
  if (!analyzer) {
    Error e = std::move(analyzer).error();
    e.path = path;
    return e;
  }
  auto impl = std::make_unique<Impl>(path, options, std::move(*shards), std::move(*analyzer));
  if (auto ok = impl->begin_batches(); !ok) return std::move(ok).error();
  return IndexWriter(std::move(impl));
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

IndexWriter::~IndexWriter() {
  // After a failure nothing is committed: Xapian cancels the open
  // transactions as the databases close.
  if (impl_ && !impl_->failure && impl_->pending_documents > 0) {
    (void)impl_->commit();  // documented: call commit() to see errors
  }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

Result<WriteOutcome> IndexWriter::add(const Document& document) {
  return impl_->add(document, nullptr);
}

Result<bool> IndexWriter::remove(std::string_view id) {
  if (impl_->failure) return *impl_->failure;
  Xapian::WritableDatabase& db = impl_->shards.for_id(id);
  try {
    const std::string term = detail::id_term(id);
    const Xapian::PostingIterator doc = db.postlist_begin(term);
    if (doc == db.postlist_end(term)) return false;
    impl_->forget_passages(detail::shard_for_id(id, impl_->shards.dbs.size()), db, *doc);
    db.delete_document(term);
    ++impl_->pending_documents;
    impl_->pending_buffered += kDeleteBufferedBytes;
    if (auto ok = impl_->maybe_commit(); !ok) return std::move(ok).error();
    return true;
  } catch (const Xapian::Error& e) {
    return impl_->fail_in(detail::shard_for_id(id, impl_->shards.dbs.size()), e);
  }
}

Result<void> IndexWriter::commit() { return impl_->commit(); }

namespace {

// Where a document of one add_paths() run was read, and what the run did
// with its id so far.
struct FirstSeen {
  std::uint32_t source = 0;  // index into the run's list of sources
  std::size_t line = 0;
  bool existed = false;                            // the id was in the database before the run
  std::string hash_before;                         // its content hash then
  WriteOutcome counted = WriteOutcome::unchanged;  // what the report counts for it
};

std::size_t& count_of(IndexReport& report, WriteOutcome outcome) {
  switch (outcome) {
    case WriteOutcome::added:
      return report.added;
    case WriteOutcome::updated:
      return report.updated;
    case WriteOutcome::unchanged:
      break;
  }
  return report.unchanged;
}

std::string location(const std::string& source, std::size_t line) {
  return line > 0 ? fmt::format("{}:{}", source, line) : source;
}

// The boilerplate a bulk load's workers found: for each id, what its last
// document dropped (the one stored), in the order the documents were read.
void add_bulk_boilerplate(IndexReport& report, const std::vector<std::string>& ids,
                          std::vector<std::pair<std::size_t, std::size_t>> dropped) {
  std::sort(dropped.begin(), dropped.end());
  std::unordered_map<std::string_view, std::size_t> last;
  if (report.duplicates > 0) {
    for (std::size_t i = 0; i < ids.size(); ++i) last[ids[i]] = i;
  }
  for (const auto& [sequence, bytes] : dropped) {
    const std::string& id = ids[sequence];
    if (report.duplicates > 0 && last[id] != sequence) continue;
    report.boilerplate_bytes += bytes;
    report.boilerplate.emplace_back(id, bytes);
  }
}

}  // namespace

Result<IndexReport> IndexWriter::add_paths(
    const std::vector<std::string>& paths, const IngestOptions& ingest,
    const std::function<void(const IndexProgress&)>& progress) {
  IndexReport report;
  IndexProgress state;
  const auto run_start = std::chrono::steady_clock::now();
  impl_->times = IndexStageTimes{};
  IngestSink sink;
  // The first kMaxListedProblems problems are kept; the rest are counted,
  // so that a million bad lines cost a counter, not a million messages.
  auto note_problem = [&report](Error e, ProblemKind kind) {
    if (report.problems.size() < IndexReport::kMaxListedProblems) {
      report.problems.push_back(std::move(e));
      report.problem_kinds.push_back(kind);
    } else {
      ++report.problems_not_listed;
    }
  };
  std::uint64_t text_bytes = 0;  // what the bulk-load threshold is compared with
  for (const std::string& path : paths) {
    state.total_bytes += input_bytes(path, ingest);
    text_bytes += detail::input_text_bytes(path, ingest);
  }
  sink.on_consumed = [&](std::uint64_t bytes) { state.input_bytes += bytes; };
  sink.on_problem = [&](const Error& e, ProblemKind kind) {
    if (kind == ProblemKind::skipped) ++report.skipped;
    if (kind == ProblemKind::error) ++report.errors;
    note_problem(e, kind);
  };
  // Every id read in this run, for duplicates and for --prune.
  std::unordered_map<std::string, FirstSeen> seen;
  std::vector<std::string> sources;
  std::unordered_map<std::string, std::uint32_t> source_index;
  // Stage 3: into this writer's database, or, for a database holding no
  // documents yet, into a bulk load's partial databases.
  auto bulk = impl_->start_bulk(text_bytes);
  if (!bulk) return std::move(bulk).error();
  // A run that stops early (a fatal read error) stops its workers and
  // removes their partial databases; finish_bulk() takes the loader
  // otherwise.
  struct AbandonBulk {
    std::unique_ptr<detail::BulkLoader>& loader;
    const IndexWriter::Impl& impl;
    ~AbandonBulk() {
      if (!loader) return;
      loader.reset();
      std::error_code ec;
      std::filesystem::remove_all(impl.staging_path(), ec);
    }
  } abandon_bulk{*bulk, *impl_};
  std::vector<std::string> bulk_ids;  // by sequence: the ids sent to the bulk load
  sink.on_document = [&](Document&& doc) -> Result<void> {
    ++state.documents;
    state.bytes += doc.source_offset + doc.text.size();
    const auto [where, fresh] =
        source_index.try_emplace(doc.source, static_cast<std::uint32_t>(sources.size()));
    if (fresh) sources.push_back(doc.source);
    auto [entry, first] = seen.try_emplace(doc.id);
    if (!first) {
      const FirstSeen& was = entry->second;
      if (was.source == where->second && was.line == doc.source_line) {
        // The same file read twice (overlapping inputs): nothing new.
        if (progress) progress(state);
        return {};
      }
      Error e{ErrorCode::invalid_argument, fmt::format("duplicate id \"{}\" (first at {})", doc.id,
                                                       location(sources[was.source], was.line))};
      e.path = doc.source;
      e.line = doc.source_line;
      ++report.duplicates;
      note_problem(std::move(e), ProblemKind::warning);
    }
    report.bytes += doc.text.size();
    std::pair<std::string, std::string> hashes;
    Result<WriteOutcome> outcome = WriteOutcome::added;
    if (!*bulk) {
      outcome = impl_->add(doc, &report.repaired_bytes, &hashes);
    } else if (auto ok = detail::check_storable(doc); !ok) {
      outcome = std::move(ok).error();
    } else {
      // The database held no documents: every id is added. What the
      // workers find (repairs, boilerplate) is counted when they finish.
      bulk_ids.push_back(doc.id);
      if (auto queued = (*bulk)->add(doc, bulk_ids.size() - 1, !first); !queued) {
        return impl_->fail(std::move(queued).error());
      }
    }
    if (!outcome) {
      Error e = std::move(outcome).error();
      // A problem with this document alone is reported and skipped; a
      // database failure stops the run.
      if (e.code != ErrorCode::invalid_argument) return e;
      if (e.path.empty()) {
        e.path = doc.source;
        e.line = doc.source_line;
      }
      ++report.errors;
      note_problem(std::move(e), ProblemKind::error);
      if (first) seen.erase(entry);
    } else {
      if (first) {
        entry->second = FirstSeen{where->second, doc.source_line, *outcome != WriteOutcome::added,
                                  hashes.first, *outcome};
        ++count_of(report, *outcome);
      } else {
        // Last one wins. The report counts what the run did to the id in all:
        // from what was stored before the run to what is stored now, so a run
        // that leaves the database as it was says "unchanged".
        FirstSeen& was = entry->second;
        --count_of(report, was.counted);
        was.counted = !was.existed                       ? WriteOutcome::added
                      : was.hash_before == hashes.second ? WriteOutcome::unchanged
                                                         : WriteOutcome::updated;
        ++count_of(report, was.counted);
        // The earlier one's boilerplate is no longer what is stored.
        auto& list = report.boilerplate;
        for (auto b = list.begin(); b != list.end(); ++b) {
          if (b->first == doc.id) {
            report.boilerplate_bytes -= b->second;
            list.erase(b);
            break;
          }
        }
      }
      if (!*bulk && *outcome != WriteOutcome::unchanged && impl_->last_dropped_bytes > 0) {
        report.boilerplate_bytes += impl_->last_dropped_bytes;
        report.boilerplate.emplace_back(doc.id, impl_->last_dropped_bytes);
      }
    }
    if (progress) progress(state);
    return {};
  };
  std::vector<std::string> roots;
  for (const std::string& path : paths) {
    if (path == "-") {
      roots.push_back(path);
    } else {
      std::error_code ec;
      const auto root = std::filesystem::canonical(path, ec);
      if (!ec) roots.push_back(root.generic_string());
    }
    if (auto ok = read_documents(path, ingest, sink); !ok) {
      Error e = std::move(ok).error();
      if (e.code != ErrorCode::not_found) return e;
      ++report.errors;
      note_problem(std::move(e), ProblemKind::error);
    }
  }
  if (*bulk) {
    auto finished = impl_->finish_bulk(std::move(*bulk), bulk_ids.empty());
    if (!finished) return std::move(finished).error();
    report.repaired_bytes += finished->repaired_bytes;
    report.stages.bulk = true;
    report.stages.build = finished->build_seconds;
    report.stages.write = finished->write_seconds;
    report.stages.commit = finished->commit_seconds;
    report.stages.compact = finished->compact_seconds;
    add_bulk_boilerplate(report, bulk_ids, std::move(finished->dropped));
  } else if (impl_->options.prune) {
    // An input that could not be read would look like deleted documents;
    // pruning then would lose them, so it is skipped and said so.
    if (report.errors > 0) {
      note_problem(Error{ErrorCode::invalid_argument, "not pruning: some inputs could not be read"},
                   ProblemKind::warning);
    } else if (auto pruned = impl_->prune(
                   [&seen](const std::string& id) { return seen.count(id) > 0; }, roots);
               !pruned) {
      return std::move(pruned).error();
    } else {
      report.deleted = *pruned;
    }
  }
  if (auto ok = impl_->commit(); !ok) return std::move(ok).error();
  // What ran on this thread and was not a stage of its own was reading.
  IndexStageTimes& t = report.stages;
  t.build += impl_->times.build;
  t.write += impl_->times.write;
  t.commit += impl_->times.commit;
  const double here = t.bulk ? t.compact + impl_->times.commit : t.build + t.write + t.commit;
  t.read = std::max(0.0, seconds_since(run_start) - here);
  return report;
}

}  // namespace herdex
