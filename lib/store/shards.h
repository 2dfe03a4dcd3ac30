// Sharded databases. A herdex database path names one of three things:
//
//   - a database directory (one Xapian glass database);
//   - a sharded database: a directory holding a Xapian stub file XAPIANDB
//     (`auto shard_000` ...) and the shards it names, as `herdex index
//     --shards N` creates it;
//   - a Xapian stub file written by the user, naming local shards (`auto
//     PATH`, `glass PATH`) and remote ones (`remote HOST:PORT`, served by
//     xapian-tcpsrv; `remote :PROGRAM ARGS`, spawned like xapian-progsrv).
//
// Xapian itself opens all three (a directory holding XAPIANDB is a "stub
// directory"), but herdex reads the stub itself so that it can open each
// shard alone: to check each shard's format and analyzer (Xapian's
// get_metadata() on a multi-database reads the first shard only), to give
// remote shards herdex's timeout (Xapian's stub reader always uses its
// defaults), to name the shard that fails, and to go on without it.
//
// Documents are routed to shards by stable_hash64(id) % N, so the same id
// always lands in the same shard and updates, deletes and change detection
// need no lookup. Each shard records its place (kShardKey, kShardCountKey) so
// that a writer refuses a stub whose lines were reordered or cut.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/database.h"
#include "herdex/error.h"
#include "store/database.h"
#include "store/xapian_error.h"

namespace herdex::detail {

/// Metadata of a shard of a sharded database: its 0-based place in the stub
/// and the number of shards, both decimal. Absent in an unsharded database,
/// which counts as shard 0 of 1.
inline constexpr const char* kShardKey = "herdex.shard";
inline constexpr const char* kShardCountKey = "herdex.shards";

/// The stub file inside a sharded database directory (the name Xapian looks
/// for), and the name of shard i in it.
inline constexpr const char* kStubFileName = "XAPIANDB";
std::string shard_directory_name(std::size_t index);

/// Where one shard lives.
struct ShardLocation {
  enum class Kind : std::uint8_t { local, remote_tcp, remote_program };
  Kind kind = Kind::local;
  std::string path;     ///< local: resolved against the stub's directory
  std::string host;     ///< remote_tcp (IPv6 without brackets)
  unsigned port = 0;    ///< remote_tcp
  std::string program;  ///< remote_program
  std::string args;     ///< remote_program

  bool remote() const { return kind != Kind::local; }
  /// How messages name the shard: its path, HOST:PORT, or "PROGRAM ARGS".
  std::string name() const;
};

/// Reads a Xapian 1.4 stub file: one database per line, `#` comments and
/// empty lines ignored, relative paths relative to the stub's directory. An
/// `auto` line naming another stub is expanded in place. Errors: `not_found`,
/// `invalid_argument` (a line Xapian would not accept either; path and line).
Result<std::vector<ShardLocation>> read_stub(const std::string& stub_path);

/// What a database path holds.
struct DatabaseLayout {
  enum class Kind : std::uint8_t {
    missing,    ///< nothing there yet
    directory,  ///< a directory that is no database (yet)
    single,     ///< an unsharded database directory
    stub,       ///< a stub file, or a directory holding one
  };
  Kind kind = Kind::missing;
  std::string stub;  ///< the stub file (kind stub)
  /// The shards: those of the stub, else `path` itself as one local shard.
  std::vector<ShardLocation> shards;
};

/// Classifies `path` (see the top of this file). Errors: those of read_stub().
Result<DatabaseLayout> resolve_layout(const std::string& path);

/// The shard of `id` among `shard_count` (> 0).
std::size_t shard_for_id(std::string_view id, std::size_t shard_count) noexcept;

/// An error about `shard` from a Xapian error met while using it: a network
/// error or timeout says the shard is unreachable or slow.
Error shard_error(const Xapian::Error& e, const ShardLocation& shard, std::uint32_t timeout_ms);

/// Opens one shard for reading and checks its format.
Result<Xapian::Database> open_shard(const ShardLocation& shard, std::uint32_t timeout_ms);

/// The shards of a database, open for reading and searched as one.
///
/// Shards that fail are left out when OpenOptions::allow_partial is set (and
/// listed by failed()); otherwise they make open() or read() fail with an
/// error naming them.
class ShardSet {
 public:
  /// Opens every shard of `path`, checks that each has a herdex format this
  /// build reads and that all were built with the same analyzer.
  static Result<ShardSet> open(const std::string& path, const OpenOptions& options);

  /// The open shards as one database (Xapian merges their statistics).
  const Xapian::Database& db() const { return db_; }
  const std::string& path() const { return path_; }
  /// The analyzer settings and fingerprint the database was built with (from
  /// the first shard that has any).
  const std::string& analyzer_options() const { return analyzer_options_; }
  const std::string& analyzer_fingerprint() const { return analyzer_fingerprint_; }
  /// The shards that are open, in stub order, each alone.
  struct Open {
    ShardLocation location;
    Xapian::Database db;
    /// A local shard's UUID as opened (empty for a remote one). Xapian
    /// gives a database a new one when it is compacted or built anew.
    std::string uuid;
  };
  const std::vector<Open>& shards() const { return open_; }
  /// Shards left out (allow_partial), each an Error whose path names it.
  const std::vector<Error>& failed() const { return failed_; }

  /// Runs `read`, which reads db() and may throw Xapian errors. A commit
  /// that overtook the read reopens and retries (read_retrying()). A network error or timeout means
  /// a remote shard is down or slow: the shard named by the error, and any that cannot be reached
  /// again, fail the read with an error naming them, or, with allow_partial, are left out and
  /// `read` runs again on the others.
  template <typename Read>
  auto read(Read&& read) -> decltype(read());

  /// Sees the newest commit of every shard; after a partial read, opens the
  /// whole set again so that shards that came back are used.
  Result<void> reopen();

 private:
  ShardSet() = default;
  Result<void> recover(const Xapian::Error& e);
  Result<void> reopen_all();
  bool replaced() const;
  void rebuild();

  std::string path_;
  OpenOptions options_;
  std::vector<Open> open_;
  std::vector<Error> failed_;
  std::string analyzer_options_;
  std::string analyzer_fingerprint_;
  Xapian::Database db_;
  // Set after a failed remote read without allow_partial: connections may
  // be mid-conversation, so the next read starts from freshly opened shards.
  bool stale_ = false;
};

template <typename Read>
auto ShardSet::read(Read&& read) -> decltype(read()) {
  if (stale_) {
    if (auto ok = reopen_all(); !ok) return std::move(ok).error();
  }
  for (int attempt = 0;; ++attempt) {
    try {
      return read_retrying(
          read, [&] { return db_.reopen(); },
          [&](const Xapian::Error& e) { return from_xapian(e, path_); });
    } catch (const Xapian::NetworkError& e) {  // NetworkTimeoutError too
      if (auto ok = recover(e); !ok) return std::move(ok).error();
      if (attempt >= 2) return from_xapian(e, path_);
    } catch (const Xapian::Error& e) {
      return from_xapian(e, path_);
    }
  }
}

/// The shards of a database, open for writing.
struct WritableShards {
  std::string path;
  std::vector<ShardLocation> locations;
  std::vector<Xapian::WritableDatabase> dbs;
  /// The analyzer settings and fingerprint the database was built with
  /// (from the first shard that has any; empty for a new database).
  std::string analyzer_options;
  std::string analyzer_fingerprint;

  Xapian::WritableDatabase& for_id(std::string_view id) {
    return dbs[shard_for_id(id, dbs.size())];
  }
  /// Names `shard` in errors about it (the set's path when not sharded).
  std::string name_of(std::size_t shard) const;
  /// The error for a Xapian error met while writing `shard`.
  Error error_in(std::size_t shard, const Xapian::Error& e, std::uint32_t timeout_ms) const;
};

/// Opens the database at `path` for writing: one database, a sharded
/// directory, or the shards of a stub file; when there is none (nothing at
/// `path`, or a directory holding no database), creates it if `create`,
/// otherwise returns `not_found` and creates nothing. `shards` is
/// IndexOptions::shards (0: keep; a new database gets 1). Shards are locked
/// in stub order. Checks every shard's format, that all were built with one
/// analyzer, and that each sits at the place in the stub it was built at.
Result<WritableShards> open_writable_shards(const std::string& path, std::size_t shards,
                                            std::uint32_t timeout_ms, bool create = true);

}  // namespace herdex::detail
