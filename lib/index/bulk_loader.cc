#include "index/bulk_loader.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "analysis/settings.h"
#include "index/document_builder.h"
#include "store/compaction.h"
#include "store/database.h"
#include "store/passage_stats.h"
#include "store/schema.h"
#include "store/shards.h"
#include "store/stem_words.h"
#include "store/xapian_error.h"

namespace herdex::detail {
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Bytes of text queued for one worker before add() waits: enough to keep
// the worker busy while the reader parses the next inputs, little next to
// the memory budget.
constexpr std::size_t kQueueBytes = std::size_t{4} << 20;

}  // namespace

std::size_t buffered_bytes_estimate(const Document& d) {
  // Xapian keeps each new posting, position and record in maps until the
  // commit: stock Xapian holding 10,000 IMDB reviews (13 MB of text) grew
  // by about 240 MB, some 18 bytes per byte of text; herdex's terms (stems
  // with positions, CJK units) cost a little more (docs/INDEXING.md).
  return (d.text.size() + d.title.size()) * 20 + 2048;
}

struct BulkLoader::Worker {
  struct Item {
    Document doc;
    std::size_t sequence = 0;
    bool repeated = false;
  };

  std::string path;  // its partial database
  Xapian::WritableDatabase db;
  DocumentBuilder builder;
  const Settings* settings = nullptr;
  std::size_t budget = 0;  // its share of the memory budget

  std::mutex mutex;
  std::condition_variable ready;  // an item came, or closing
  std::condition_variable room;   // the queue shrank
  std::deque<Item> queue;
  std::size_t queued_bytes = 0;
  bool closing = false;
  std::optional<Error> error;  // set once, under mutex

  // Only the worker's thread touches these until it is joined.
  std::size_t pending = 0;  // estimated bytes buffered since the last commit
  PassageTotals passages;   // of its partial database, which the merge sums
  StemWordWriter stem_words;
  Outcome outcome;
  std::thread thread;

  Worker(std::string p, Xapian::WritableDatabase d, Analyzer a, const Settings& s, std::size_t b)
      : path(std::move(p)),
        db(std::move(d)),
        builder(std::move(a), s.options),
        settings(&s),
        budget(b) {}

  void commit() {
    const auto start = Clock::now();
    for (const auto& [key, value] : settings->metadata) db.set_metadata(key, value);
    db.set_metadata(kPassageTotalsKey, encode_passage_totals(passages));
    db.commit();
    outcome.commit_seconds += seconds_since(start);
    ++outcome.commits;
    pending = 0;
  }

  void write(const Item& item) {
    auto start = Clock::now();
    const std::string hash = content_hash(item.doc, settings->options);
    BuiltDocument built = builder.build(item.doc, hash, true);  // a new database
    outcome.build_seconds += seconds_since(start);
    start = Clock::now();
    outcome.repaired_bytes += built.repaired_bytes;
    if (built.dropped_bytes > 0) outcome.dropped.emplace_back(item.sequence, built.dropped_bytes);
    // A new id needs no lookup: the partial database started empty and
    // the id has not come before (replace_document() looks it up).
    if (item.repeated) {
      const std::string term = id_term(item.doc.id);
      // The document of this id written before leaves the totals.
      const Xapian::PostingIterator old = db.postlist_begin(term);
      if (old != db.postlist_end(term)) {
        passages -=
            passage_totals_of_data(db.get_document(*old, Xapian::DOC_ASSUME_VALID).get_data());
      }
      db.replace_document(term, built.doc);
    } else {
      db.add_document(built.doc);
    }
    stem_words.add(db, built.stem_words);
    passages += built.passages;
    outcome.write_seconds += seconds_since(start);
    pending += buffered_bytes_estimate(item.doc);
    if (pending >= budget) commit();
  }

  void run() {
    for (;;) {
      Item item;
      {
        std::unique_lock<std::mutex> lock(mutex);
        ready.wait(lock, [this] { return !queue.empty() || closing; });
        if (queue.empty()) return;
        item = std::move(queue.front());
        queue.pop_front();
        queued_bytes -= item.doc.text.size();
        if (error) {  // failed: drain what add() had queued
          room.notify_all();
          continue;
        }
      }
      room.notify_all();
      std::optional<Error> failed;
      try {
        write(item);
      } catch (const Xapian::Error& e) {
        failed = from_xapian(e, path);
      } catch (const std::exception& e) {  // std::bad_alloc, mostly
        failed = Error{ErrorCode::io_error, e.what()};
      }
      if (failed) {
        std::lock_guard<std::mutex> lock(mutex);
        error = std::move(failed);
      }
    }
  }
};

BulkLoader::BulkLoader(Settings settings) : settings_(std::move(settings)) {}

Result<std::unique_ptr<BulkLoader>> BulkLoader::start(Settings settings) {
  std::error_code ec;
  fs::remove_all(settings.staging, ec);
  if (!ec) fs::create_directories(settings.staging, ec);
  if (ec) {
    Error e{ErrorCode::io_error, fmt::format("cannot make a staging directory: {}", ec.message())};
    e.path = settings.staging;
    return e;
  }
  const std::size_t workers = std::max<std::size_t>(1, settings.workers);
  std::unique_ptr<BulkLoader> loader(new BulkLoader(std::move(settings)));
  const Settings& s = loader->settings_;
  const std::size_t budget =
      std::clamp<std::size_t>(s.options.memory_bytes / workers, 1, kEfficientBatchBytes);
  for (std::size_t i = 0; i < workers; ++i) {
    auto analyzer =
        analyzer_from_settings(s.analyzer_options, s.analyzer_fingerprint, s.options.analyzer);
    if (!analyzer) return std::move(analyzer).error();
    const std::string path = (fs::path(s.staging) / fmt::format("part_{:03}", i)).string();
    try {
      Xapian::WritableDatabase db(path, Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
      loader->workers_.push_back(
          std::make_unique<Worker>(path, std::move(db), std::move(*analyzer), s, budget));
    } catch (const Xapian::Error& e) {
      return from_xapian(e, path);
    }
  }
  for (auto& w : loader->workers_) {
    Worker* worker = w.get();
    w->thread = std::thread([worker] { worker->run(); });
  }
  return loader;
}

Result<void> BulkLoader::add(Document d, std::size_t sequence, bool repeated) {
  Worker& w = *workers_[shard_for_id(d.id, workers_.size())];
  const std::size_t bytes = d.text.size();
  std::unique_lock<std::mutex> lock(w.mutex);
  w.room.wait(lock, [&] { return w.queued_bytes < kQueueBytes || w.queue.empty() || w.error; });
  if (w.error) return *w.error;
  w.queue.push_back(Worker::Item{std::move(d), sequence, repeated});
  w.queued_bytes += bytes;
  lock.unlock();
  w.ready.notify_one();
  return {};
}

void BulkLoader::stop() {
  for (auto& w : workers_) {
    {
      std::lock_guard<std::mutex> lock(w->mutex);
      w->closing = true;
    }
    w->ready.notify_all();
  }
  for (auto& w : workers_) {
    if (w->thread.joinable()) w->thread.join();
  }
}

Result<BulkLoader::Outcome> BulkLoader::finish(const std::string& merged) {
  stop();
  Outcome all;
  std::vector<std::string> parts;
  for (auto& w : workers_) {
    if (w->error) return *w->error;
    try {
      w->commit();
      w->db.close();
    } catch (const Xapian::Error& e) {
      return from_xapian(e, w->path);
    }
    all.repaired_bytes += w->outcome.repaired_bytes;
    all.commits += w->outcome.commits;
    all.build_seconds += w->outcome.build_seconds;
    all.write_seconds += w->outcome.write_seconds;
    all.commit_seconds += w->outcome.commit_seconds;
    all.dropped.insert(all.dropped.end(), w->outcome.dropped.begin(), w->outcome.dropped.end());
    parts.push_back(w->path);
  }
  const auto start = Clock::now();
  if (auto ok = merge_databases(parts, merged); !ok) return std::move(ok).error();
  all.compact_seconds = seconds_since(start);
  return all;
}

BulkLoader::~BulkLoader() { stop(); }

}  // namespace herdex::detail
