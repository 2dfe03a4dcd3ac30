#include "store/shards.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "util/hash.h"

namespace herdex::detail {
namespace fs = std::filesystem;

namespace {

// Stubs may name stubs; a loop would recurse forever.
constexpr int kMaxStubDepth = 8;

// Xapian's connect timeout when none is given (dbfactory.h).
constexpr std::uint32_t kDefaultConnectTimeoutMs = 10000;

Error bad_stub_line(const std::string& stub, std::size_t line, std::string message) {
  Error e{ErrorCode::invalid_argument, std::move(message)};
  e.path = stub;
  e.line = line;
  return e;
}

bool file_exists(const fs::path& p) {
  std::error_code ec;
  return fs::exists(p, ec);
}

bool is_database_directory(const fs::path& dir) {
  return file_exists(dir / "iamglass") || file_exists(dir / "iamchert");
}

// An `auto` line may name another stub: a file, or a directory holding
// XAPIANDB (Xapian's "stub directory").
std::string nested_stub(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_regular_file(status)) return path;
  if (fs::is_directory(status) && !is_database_directory(path) &&
      file_exists(fs::path(path) / kStubFileName)) {
    return (fs::path(path) / kStubFileName).string();
  }
  return {};
}

// Parses `PORT` of `remote HOST:PORT`: decimal, 1 to 65535.
bool parse_port(std::string_view text, unsigned& port) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  if (value == 0 || value > 65535) return false;
  port = value;
  return true;
}

Result<void> read_stub_into(const std::string& stub_path, int depth,
                            std::vector<ShardLocation>& out) {
  if (depth > kMaxStubDepth) {
    Error e{ErrorCode::invalid_argument, "stub files name each other too deeply (a loop?)"};
    e.path = stub_path;
    return e;
  }
  std::ifstream in(stub_path);
  if (!in) {
    Error e{file_exists(stub_path) ? ErrorCode::io_error : ErrorCode::not_found,
            fmt::format("cannot read stub file: {}", std::strerror(errno))};
    e.path = stub_path;
    return e;
  }
  const fs::path base = fs::path(stub_path).parent_path();
  std::string line;
  std::size_t line_no = 0;
  // The grammar is Xapian 1.4's (backends/databasehelpers.h, read_stub_file):
  // `TYPE REST`, split at the first space, nothing trimmed.
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::size_t space = line.find(' ');
    const std::string type = line.substr(0, space);
    const std::string rest = space == std::string::npos ? std::string() : line.substr(space + 1);
    if (type == "auto" || type == "glass" || type == "chert") {
      if (rest.empty())
        return bad_stub_line(stub_path, line_no, fmt::format("`{}` needs a path", type));
      ShardLocation shard;
      shard.path = fs::path(rest).is_absolute() || base.empty() ? rest : (base / rest).string();
      if (type == "auto") {
        if (const std::string nested = nested_stub(shard.path); !nested.empty()) {
          if (auto ok = read_stub_into(nested, depth + 1, out); !ok) return ok;
          continue;
        }
      }
      out.push_back(std::move(shard));
      continue;
    }
    if (type == "remote" && !rest.empty()) {
      ShardLocation shard;
      if (rest[0] == ':') {
        // `remote :PROGRAM ARGS`: the program speaks Xapian's remote protocol
        // on stdin and stdout (xapian-progsrv, or ssh running it).
        const std::size_t args = rest.find(' ');
        shard.kind = ShardLocation::Kind::remote_program;
        shard.program = rest.substr(1, args == std::string::npos ? std::string::npos : args - 1);
        if (args != std::string::npos) shard.args = rest.substr(args + 1);
        if (shard.program.empty()) {
          return bad_stub_line(stub_path, line_no, "`remote :PROGRAM ARGS` needs a program");
        }
        out.push_back(std::move(shard));
        continue;
      }
      // `remote HOST:PORT`, HOST possibly an IPv6 address in brackets.
      const std::size_t colon = rest.rfind(':');
      if (colon != std::string::npos && colon > 0 && !(rest[0] == '[' && rest.back() == ']') &&
          parse_port(std::string_view(rest).substr(colon + 1), shard.port)) {
        shard.kind = ShardLocation::Kind::remote_tcp;
        shard.host = rest.substr(0, colon);
        if (shard.host.size() >= 2 && shard.host.front() == '[' && shard.host.back() == ']') {
          shard.host = shard.host.substr(1, shard.host.size() - 2);
        }
        out.push_back(std::move(shard));
        continue;
      }
      return bad_stub_line(stub_path, line_no,
                           "`remote` needs HOST:PORT (a port from 1 to 65535) or :PROGRAM ARGS");
    }
    if (type == "inmemory") {
      return bad_stub_line(stub_path, line_no,
                           "an in-memory database cannot hold a herdex database");
    }
    // Like Xapian, do not echo the line: the file might not be a stub at all.
    return bad_stub_line(stub_path, line_no,
                         "not a stub database line (expected `auto PATH`, `remote HOST:PORT` or "
                         "`remote :PROGRAM ARGS`)");
  }
  if (in.bad()) {
    Error e{ErrorCode::io_error, "cannot read stub file"};
    e.path = stub_path;
    return e;
  }
  return {};
}

// The context Xapian's remote connections give their errors
// (net/remotetcpclient.cc, net/progclient.cc), to tell which shard failed.
std::string remote_context(const ShardLocation& shard) {
  if (shard.kind == ShardLocation::Kind::remote_tcp) {
    return fmt::format("remote:tcp({}:{})", shard.host, shard.port);
  }
  if (shard.kind == ShardLocation::Kind::remote_program) {
    return fmt::format("remote:prog({} {})", shard.program, shard.args);
  }
  return {};
}

// One error for several failed shards: the first, naming the others.
Error combine(std::vector<Error> errors) {
  Error first = std::move(errors.front());
  if (errors.size() > 1) {
    std::string others;
    for (std::size_t i = 1; i < errors.size(); ++i) {
      others += fmt::format("{}{}", i > 1 ? ", " : "", errors[i].path);
    }
    first.message += fmt::format(" (also failed: {})", others);
  }
  return first;
}

// A shard that is down or unreachable may be left out of a partial search;
// one that answers with the wrong format or analyzer may not.
bool unavailable(const Error& e) {
  return e.code == ErrorCode::io_error || e.code == ErrorCode::not_found;
}

Result<Xapian::WritableDatabase> open_writable_shard(const ShardLocation& shard,
                                                     std::uint32_t timeout_ms) {
  if (shard.kind == ShardLocation::Kind::local) return open_writable(shard.path);
  try {
    Xapian::WritableDatabase db =
        shard.kind == ShardLocation::Kind::remote_tcp
            ? Xapian::Remote::open_writable(shard.host, shard.port, timeout_ms,
                                            timeout_ms == 0 ? kDefaultConnectTimeoutMs : timeout_ms)
            : Xapian::Remote::open_writable(shard.program, shard.args, timeout_ms);
    if (auto ok = check_format(db, shard.name()); !ok) return std::move(ok).error();
    return db;
  } catch (const Xapian::Error& e) {
    return shard_error(e, shard, timeout_ms);
  }
}

// Creates the sharded layout in `dir` (missing, or holding nothing but
// leftovers of an interrupted creation): shard_000 ... and XAPIANDB.
Result<WritableShards> create_sharded(const std::string& dir, std::size_t count) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    Error e{ErrorCode::io_error, fmt::format("cannot create directory: {}", ec.message())};
    e.path = dir;
    return e;
  }
  // Leftovers of an interrupted creation may be there (shards are created
  // before the stub, and documents added only after it); a stub that just
  // appeared is another writer's, found below once shard 0 is locked.
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("shard_", 0) != 0 && name.rfind(kStubFileName, 0) != 0) {
      Error e{ErrorCode::invalid_argument,
              "the directory is not empty and holds no herdex database; choose another path"};
      e.path = dir;
      return e;
    }
  }
  WritableShards out;
  out.path = dir;
  std::string stub = fmt::format(
      "# herdex sharded database: {} shards; a document goes to the shard chosen by a\n"
      "# hash of its id. Keep the lines and their order: herdex checks them.\n",
      count);
  for (std::size_t i = 0; i < count; ++i) {
    ShardLocation shard;
    shard.path = (fs::path(dir) / shard_directory_name(i)).string();
    auto db = open_writable(shard.path);  // shard 0 first: it is the set's lock
    if (!db) return std::move(db).error();
    if (i == 0 && file_exists(fs::path(dir) / kStubFileName)) {
      Error e{ErrorCode::locked, "another writer created this database meanwhile; run again"};
      e.path = dir;
      return e;
    }
    out.locations.push_back(std::move(shard));
    out.dbs.push_back(std::move(*db));
    stub += fmt::format("auto {}\n", shard_directory_name(i));
  }
  // Written whole and renamed, so a reader never sees half a stub.
  const fs::path final_path = fs::path(dir) / kStubFileName;
  const fs::path temp_path = fs::path(dir) / (std::string(kStubFileName) + ".tmp");
  {
    std::ofstream file(temp_path, std::ios::binary | std::ios::trunc);
    file << stub;
    file.flush();
    if (!file) {
      Error e{ErrorCode::io_error, "cannot write the stub file"};
      e.path = temp_path.string();
      return e;
    }
  }
  fs::rename(temp_path, final_path, ec);
  if (ec) {
    Error e{ErrorCode::io_error, fmt::format("cannot write the stub file: {}", ec.message())};
    e.path = final_path.string();
    return e;
  }
  return out;
}

// What the shards of one database must agree on: the analyzer they were
// built with, since queries are built with one analyzer and one writer
// routes documents to all of them. Empty shards have none yet and agree
// with any. The one check for readers (ShardSet::open) and writers
// (open_writable_shards).
struct AnalyzerAgreement {
  std::string fingerprint;  // of the first shard that has one
  std::string options;
  std::string first_shard;

  // Notes shard `name`'s settings: `version_mismatch` if they differ from
  // an earlier shard's.
  Result<void> add(const std::string& name, const std::string& shard_fingerprint,
                   const std::string& shard_options) {
    if (shard_fingerprint.empty()) return {};
    if (fingerprint.empty()) {
      fingerprint = shard_fingerprint;
      options = shard_options;
      first_shard = name;
      return {};
    }
    if (shard_fingerprint == fingerprint) return {};
    Error e{ErrorCode::version_mismatch,
            fmt::format("shards were built with different analyzers ({} has {}, this one {})",
                        first_shard, fingerprint, shard_fingerprint)};
    e.path = name;
    return e;
  }
};

// The analyzer fingerprint and options a shard was built with. A writer's
// commits may overtake the read (read_retrying()).
Result<std::pair<std::string, std::string>> analyzer_metadata(Xapian::Database& db,
                                                              const ShardLocation& shard,
                                                              std::uint32_t timeout_ms) {
  const auto translate = [&](const Xapian::Error& e) { return shard_error(e, shard, timeout_ms); };
  try {
    return read_retrying(
        [&]() -> Result<std::pair<std::string, std::string>> {
          return std::pair{db.get_metadata(kAnalyzerKey), db.get_metadata(kAnalyzerOptionsKey)};
        },
        [&] { return db.reopen(); }, translate);
  } catch (const Xapian::Error& e) {
    return translate(e);
  }
}

// A local database's UUID, which Xapian keeps in memory (empty if it cannot
// say, which counts as a change).
std::string local_uuid(const Xapian::Database& db) {
  try {
    return db.get_uuid();
  } catch (const Xapian::Error&) {
    return {};
  }
}

std::string shard_place(const std::string& index, const std::string& count) {
  return fmt::format("shard {} of {}", index.empty() ? std::string("0") : index,
                     count.empty() ? std::string("1") : count);
}

}  // namespace

std::string shard_directory_name(std::size_t index) { return fmt::format("shard_{:03d}", index); }

std::string ShardLocation::name() const {
  switch (kind) {
    case Kind::local:
      return path;
    case Kind::remote_tcp:
      return host.find(':') != std::string::npos ? fmt::format("[{}]:{}", host, port)
                                                 : fmt::format("{}:{}", host, port);
    case Kind::remote_program:
      return args.empty() ? program : program + " " + args;
  }
  return path;
}

Result<std::vector<ShardLocation>> read_stub(const std::string& stub_path) {
  std::vector<ShardLocation> shards;
  if (auto ok = read_stub_into(stub_path, 0, shards); !ok) return std::move(ok).error();
  if (shards.empty()) {
    Error e{ErrorCode::invalid_argument, "the stub file names no databases"};
    e.path = stub_path;
    return e;
  }
  return shards;
}

Result<DatabaseLayout> resolve_layout(const std::string& path) {
  DatabaseLayout layout;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (fs::is_regular_file(status)) {
    layout.kind = DatabaseLayout::Kind::stub;
    layout.stub = path;
  } else if (fs::is_directory(status)) {
    if (is_database_directory(path)) {
      layout.kind = DatabaseLayout::Kind::single;
    } else if (file_exists(fs::path(path) / kStubFileName)) {
      layout.kind = DatabaseLayout::Kind::stub;
      layout.stub = (fs::path(path) / kStubFileName).string();
    } else {
      layout.kind = DatabaseLayout::Kind::directory;
    }
  } else if (fs::exists(status)) {
    Error e{ErrorCode::invalid_argument, "neither a database directory nor a stub file"};
    e.path = path;
    return e;
  }
  if (layout.kind == DatabaseLayout::Kind::stub) {
    auto shards = read_stub(layout.stub);
    if (!shards) return std::move(shards).error();
    layout.shards = std::move(*shards);
  } else {
    ShardLocation self;
    self.path = path;
    layout.shards.push_back(std::move(self));
  }
  return layout;
}

std::size_t shard_for_id(std::string_view id, std::size_t shard_count) noexcept {
  return static_cast<std::size_t>(stable_hash64(id) % shard_count);
}

Error shard_error(const Xapian::Error& e, const ShardLocation& shard, std::uint32_t timeout_ms) {
  Error error = from_xapian(e, shard.name());
  const std::string type = e.get_type();
  if (type == "NetworkTimeoutError") {
    error.message = fmt::format("shard did not answer within {} ms ({})", timeout_ms, e.get_msg());
  } else if (type.rfind("Network", 0) == 0) {
    error.message = fmt::format("cannot reach shard: {}", e.get_msg());
    if (e.get_error_string() != nullptr)
      error.message += fmt::format(" ({})", e.get_error_string());
  }
  return error;
}

Result<Xapian::Database> open_shard(const ShardLocation& shard, std::uint32_t timeout_ms) {
  if (shard.kind == ShardLocation::Kind::local) return open_readable(shard.path);
  try {
    Xapian::Database db = shard.kind == ShardLocation::Kind::remote_tcp
                              ? Xapian::Remote::open(shard.host, shard.port, timeout_ms, timeout_ms)
                              : Xapian::Remote::open(shard.program, shard.args, timeout_ms);
    if (auto ok = check_format(db, shard.name()); !ok) return std::move(ok).error();
    return db;
  } catch (const Xapian::Error& e) {
    return shard_error(e, shard, timeout_ms);
  }
}

Result<ShardSet> ShardSet::open(const std::string& path, const OpenOptions& options) {
  auto layout = resolve_layout(path);
  if (!layout) return std::move(layout).error();
  if (layout->kind == DatabaseLayout::Kind::missing) {
    Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
    e.path = path;
    return e;
  }
  ShardSet set;
  set.path_ = path;
  set.options_ = options;
  for (const ShardLocation& location : layout->shards) {
    auto db = open_shard(location, options.timeout_ms);
    if (db) {
      set.open_.push_back({location, std::move(*db), {}});
      if (!location.remote()) set.open_.back().uuid = local_uuid(set.open_.back().db);
    } else if (options.allow_partial && layout->kind == DatabaseLayout::Kind::stub &&
               unavailable(db.error())) {
      set.failed_.push_back(std::move(db).error());
    } else {
      return std::move(db).error();
    }
  }
  if (set.open_.empty()) return combine(set.failed_);
  AnalyzerAgreement agreement;
  for (Open& shard : set.open_) {
    auto metadata = analyzer_metadata(shard.db, shard.location, options.timeout_ms);
    if (!metadata) return std::move(metadata).error();
    const auto& [fingerprint, analyzer_options] = *metadata;
    if (auto ok = agreement.add(shard.location.name(), fingerprint, analyzer_options); !ok) {
      return std::move(ok).error();
    }
  }
  set.analyzer_fingerprint_ = std::move(agreement.fingerprint);
  set.analyzer_options_ = std::move(agreement.options);
  set.rebuild();
  return set;
}

void ShardSet::rebuild() {
  if (open_.size() == 1) {
    db_ = open_.front().db;
    return;
  }
  db_ = Xapian::Database();
  for (const Open& shard : open_) db_.add_database(shard.db);
}

Result<void> ShardSet::recover(const Xapian::Error& e) {
  // A remote connection names itself in the error's context. Without
  // allow_partial that shard is the error; otherwise every remote shard is
  // opened again (the failed read may have left its connection in the
  // middle of an exchange) and those that fail are left out.
  const std::string& context = e.get_context();
  std::vector<Error> down;
  for (const Open& shard : open_) {
    if (shard.location.remote() && context == remote_context(shard.location)) {
      down.push_back(shard_error(e, shard.location, options_.timeout_ms));
    }
  }
  if (!down.empty() && !options_.allow_partial) {
    stale_ = true;
    return combine(std::move(down));
  }
  std::vector<Open> kept;
  for (const Open& shard : open_) {
    if (!shard.location.remote()) {
      kept.push_back(shard);
    } else if (context != remote_context(shard.location)) {
      auto fresh = open_shard(shard.location, options_.timeout_ms);
      if (fresh) {
        kept.push_back({shard.location, std::move(*fresh), {}});
      } else {
        down.push_back(std::move(fresh).error());
      }
    }
  }
  if (!down.empty() && (!options_.allow_partial || kept.empty())) {
    stale_ = true;
    return combine(std::move(down));
  }
  for (Error& error : down) failed_.push_back(std::move(error));
  open_ = std::move(kept);
  rebuild();
  return {};
}

Result<void> ShardSet::reopen_all() {
  auto fresh = ShardSet::open(path_, options_);
  if (!fresh) return std::move(fresh).error();
  if (!analyzer_fingerprint_.empty() && fresh->analyzer_fingerprint_ != analyzer_fingerprint_ &&
      !fresh->analyzer_fingerprint_.empty()) {
    Error e{ErrorCode::version_mismatch,
            "the database was rebuilt with another analyzer; open it again"};
    e.path = path_;
    return e;
  }
  *this = std::move(*fresh);
  return {};
}

// Whether a local shard's directory now holds another database than the
// one opened (compact_database() or a bulk load swapped a new one in).
// Xapian's reopen() reads the new version file but reopens the tables only
// when its revision number differs from the one open; a compacted database
// starts again at revision 1, so a reader could otherwise keep the old
// tables under the new database's statistics until the next commit.
bool ShardSet::replaced() const {
  for (const Open& shard : open_) {
    if (!shard.location.remote() && local_uuid(shard.db) != shard.uuid) return true;
  }
  return false;
}

Result<void> ShardSet::reopen() {
  // A reopen that commits overtake (a writer committing in a tight loop)
  // is tried again, like a search: it was overtaken, so there is a newer
  // revision to try.
  if (failed_.empty() && !stale_) {
    try {
      auto ok = read_retrying(
          [&]() -> Result<void> {
            (void)db_.reopen();  // whether anything changed does not matter here
            return {};
          },
          [] { return true; }, [&](const Xapian::Error& e) { return from_xapian(e, path_); });
      if (!ok || !replaced()) return ok;
    } catch (const Xapian::NetworkError&) {
      // a remote shard went away or restarted: connect to every shard again
    } catch (const Xapian::Error& e) {
      return from_xapian(e, path_);
    }
  }
  return reopen_all();
}

std::string WritableShards::name_of(std::size_t shard) const {
  return locations.size() == 1 ? path : locations[shard].name();
}

Error WritableShards::error_in(std::size_t shard, const Xapian::Error& e,
                               std::uint32_t timeout_ms) const {
  return locations[shard].remote() ? shard_error(e, locations[shard], timeout_ms)
                                   : from_xapian(e, name_of(shard));
}

Result<WritableShards> open_writable_shards(const std::string& path, std::size_t shards,
                                            std::uint32_t timeout_ms, bool create) {
  auto layout = resolve_layout(path);
  if (!layout) return std::move(layout).error();
  if (!create && (layout->kind == DatabaseLayout::Kind::missing ||
                  (layout->kind == DatabaseLayout::Kind::directory && !has_glass_tables(path)))) {
    // An empty directory (or one of other files) holds no database either;
    // removing documents from nothing must not create one.
    Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
    e.path = path;
    return e;
  }
  WritableShards out;
  const std::size_t existing = layout->shards.size();
  switch (layout->kind) {
    case DatabaseLayout::Kind::stub:
      if (shards != 0 && shards != existing) {
        Error e{ErrorCode::invalid_argument,
                fmt::format("the database has {} shard{}, not {} (the count is fixed when it is "
                            "created; index into a new database to change it)",
                            existing, existing == 1 ? "" : "s", shards)};
        e.path = path;
        return e;
      }
      out.path = path;
      for (const ShardLocation& location : layout->shards) {
        auto db = open_writable_shard(location, timeout_ms);
        if (!db) return std::move(db).error();
        out.locations.push_back(location);
        out.dbs.push_back(std::move(*db));
      }
      break;
    case DatabaseLayout::Kind::single:
      if (shards > 1) {
        Error e{ErrorCode::invalid_argument,
                fmt::format("the database is not sharded, so it cannot have {} shards (index into "
                            "a new database to shard it)",
                            shards)};
        e.path = path;
        return e;
      }
      [[fallthrough]];
    case DatabaseLayout::Kind::missing:
    case DatabaseLayout::Kind::directory:
      if (shards > 1 && layout->kind != DatabaseLayout::Kind::single) {
        auto created = create_sharded(path, shards);
        if (!created) return std::move(created).error();
        out = std::move(*created);
        break;
      }
      {
        auto db = open_writable(path);
        if (!db) return std::move(db).error();
        out.path = path;
        out.locations = layout->shards;
        out.dbs.push_back(std::move(*db));
      }
      break;
  }

  // Each shard must sit where it was built (routing depends on the order),
  // and all must share one analyzer.
  const std::size_t count = out.dbs.size();
  AnalyzerAgreement agreement;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string name = out.name_of(i);
    try {
      const Xapian::WritableDatabase& db = out.dbs[i];
      const std::string index = db.get_metadata(kShardKey);
      const std::string total = db.get_metadata(kShardCountKey);
      if (count == 1 && !total.empty() && total != "1") {
        Error e{ErrorCode::invalid_argument,
                fmt::format("this is {} of a sharded database; index into the whole database "
                            "(the directory or stub file that names all its shards)",
                            shard_place(index, total))};
        e.path = name;
        return e;
      }
      const bool placed = total.empty()
                              ? db.get_doccount() == 0 || count == 1
                              : total == std::to_string(count) && index == std::to_string(i);
      if (!placed) {
        Error e{
            ErrorCode::invalid_argument,
            fmt::format("the stub lists this database as shard {} of {}, but it was built as {}; "
                        "restore the stub's lines and their order",
                        i, count, shard_place(index, total))};
        e.path = name;
        return e;
      }
      if (auto ok = agreement.add(name, db.get_metadata(kAnalyzerKey),
                                  db.get_metadata(kAnalyzerOptionsKey));
          !ok) {
        return std::move(ok).error();
      }
    } catch (const Xapian::Error& e) {
      return out.error_in(i, e, timeout_ms);
    }
  }
  out.analyzer_fingerprint = std::move(agreement.fingerprint);
  out.analyzer_options = std::move(agreement.options);
  return out;
}

}  // namespace herdex::detail
