// `herdex compact`: compacting a database in place, and the cheap measure
// `herdex index` uses to suggest it.
//
// Each local shard is compacted under its writer lock: Xapian's compactor
// reads the shard (a read-only Database beside the locked writer) into a
// staging directory next to it, the copy is locked too, the two directories
// are exchanged in one rename, and the old copy, now in the staging place,
// is closed and removed. IndexWriter's bulk load swaps its merge in the same
// way (index/index_writer.cc, finish_bulk).
#include <xapian.h>

#include <filesystem>
#include <system_error>
#include <vector>

#include "herdex/database.h"
#include "store/compaction.h"
#include "store/database.h"
#include "store/shards.h"
#include "store/xapian_error.h"

namespace herdex {
namespace {

namespace fs = std::filesystem;

// compaction_suggested(): how much more per indexed word, and how many
// bytes more, a database must take than before a run. An update or a few
// added documents after a compaction make Xapian's tables about 1.5 times
// their compacted size (50% of the documents rewritten: 1.3 times); a
// database built one commit at a time is about 1.2 times. 1 MiB keeps the
// hint away from databases too small to matter.
constexpr double kSuggestGrowth = 1.3;
constexpr double kSuggestMinBytes = 1 << 20;

Error no_database(const std::string& path) {
  Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
  e.path = path;
  return e;
}

// The layout of an existing database, or not_found.
Result<detail::DatabaseLayout> existing_layout(const std::string& path) {
  auto layout = detail::resolve_layout(path);
  if (!layout) return std::move(layout).error();
  if (layout->kind == detail::DatabaseLayout::Kind::missing ||
      layout->kind == detail::DatabaseLayout::Kind::directory) {
    return no_database(path);
  }
  return layout;
}

// A shard being compacted: the lock on it, held until every shard is done.
struct LockedShard {
  std::string path;  // as the stub (or the caller) names it
  fs::path dir;      // the real directory, whose sibling the staging place is
  Xapian::WritableDatabase lock;
};

// Removes a directory when it goes out of scope: the staging place holds
// either a copy that was not swapped in or the old copy that was.
struct RemoveOnExit {
  std::string path;
  ~RemoveOnExit() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

Result<CompactedShard> compact_shard(LockedShard& shard) {
  const std::string dir = shard.dir.string();
  const std::string staging =
      (shard.dir.parent_path() / ("." + shard.dir.filename().string() + ".herdex-compact"))
          .string();
  // A compaction that was killed left this; the lock says no other runs.
  RemoveOnExit remove_staging{staging};
  {
    std::error_code ec;
    fs::remove_all(staging, ec);
  }
  CompactedShard out;
  out.path = shard.path;
  out.bytes_before = detail::directory_bytes(dir);
  if (auto ok = detail::merge_databases({dir}, staging); !ok) {
    Error e = std::move(ok).error();
    if (e.path == staging) e.path = shard.path;
    return e;
  }
  out.bytes_after = detail::directory_bytes(staging);
  // The copy is locked before it takes the shard's place, so that no writer
  // gets in between the exchange and the end of the run.
  auto fresh = detail::open_writable(staging, false);
  if (!fresh) return std::move(fresh).error();
  if (auto ok = detail::exchange_paths(staging, dir); !ok) return std::move(ok).error();
  try {
    shard.lock.close();             // the old copy: nothing to write, it only held the lock
  } catch (const Xapian::Error&) {  // NOLINT(bugprone-empty-catch): closing is all it does
  }
  shard.lock = std::move(*fresh);
  return out;
}

}  // namespace

Result<CompactReport> compact_database(const std::string& path) {
  auto layout = existing_layout(path);
  if (!layout) return std::move(layout).error();
  CompactReport report;
  report.path = path;
  // Every shard is locked first, in stub order as writers lock them, so
  // that a database a writer holds is left wholly as it was.
  std::vector<LockedShard> shards;
  for (const detail::ShardLocation& location : layout->shards) {
    if (location.remote()) {
      report.skipped.push_back(location.name());
      continue;
    }
    auto db = detail::open_writable(location.path, false);
    if (!db) return std::move(db).error();
    // A database reached through a symbolic link is compacted where it is,
    // so that the link stays a link.
    std::error_code ec;
    fs::path dir = fs::canonical(location.path, ec);
    if (ec) dir = fs::absolute(location.path).lexically_normal();
    shards.push_back({location.path, std::move(dir), std::move(*db)});
  }
  for (LockedShard& shard : shards) {
    auto done = compact_shard(shard);
    if (!done) return std::move(done).error();
    report.bytes_before += done->bytes_before;
    report.bytes_after += done->bytes_after;
    report.shards.push_back(std::move(*done));
  }
  return report;
}

Result<DatabaseFootprint> database_footprint(const std::string& path) {
  auto layout = existing_layout(path);
  if (!layout) return std::move(layout).error();
  DatabaseFootprint out;
  for (const detail::ShardLocation& location : layout->shards) {
    if (location.remote()) continue;
    auto db = detail::open_readable(location.path);
    if (!db) return std::move(db).error();
    auto totals = detail::retry_on_modified(
        *db, location.path, [&]() -> Result<std::pair<std::size_t, std::uint64_t>> {
          return std::pair<std::size_t, std::uint64_t>{db->get_doccount(), db->get_total_length()};
        });
    if (!totals) return std::move(totals).error();
    out.documents += totals->first;
    out.words += totals->second;
    out.bytes += detail::directory_bytes(location.path);
  }
  return out;
}

bool compaction_suggested(const DatabaseFootprint& before, const DatabaseFootprint& after) {
  if (before.words == 0 || before.bytes == 0) return false;
  // What the database would take had it grown with its content.
  const double expected = static_cast<double>(before.bytes) * static_cast<double>(after.words) /
                          static_cast<double>(before.words);
  const auto bytes = static_cast<double>(after.bytes);
  return bytes >= kSuggestGrowth * expected && bytes - expected >= kSuggestMinBytes;
}

}  // namespace herdex
