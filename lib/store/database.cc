#include "store/database.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "store/xapian_error.h"

namespace herdex::detail {
namespace fs = std::filesystem;

Result<void> check_format(const Xapian::Database& db, const std::string& path) {
  const std::string format = db.get_metadata(kFormatKey);
  if (format.empty() && db.get_doccount() == 0) return {};  // new, empty database
  if (format.empty()) {
    Error e{ErrorCode::version_mismatch,
            "this Xapian database was not built by herdex (no herdex.format metadata)"};
    e.path = path;
    return e;
  }
  // Versions are single digits: every one from the oldest to this is read.
  const std::string_view oldest = kOldestReadableFormatVersion;
  const std::string_view newest = kFormatVersion;
  if (format.size() != 1 || format < oldest || format > newest) {
    Error e{ErrorCode::version_mismatch,
            fmt::format("database format {} is not supported by this herdex (format {}); "
                        "re-index into a new database",
                        format, kFormatVersion)};
    e.path = path;
    return e;
  }
  return {};
}

bool has_glass_tables(const std::filesystem::path& dir) {
  std::error_code ec;
  for (const char* table :
       {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass"}) {
    if (fs::exists(dir / table, ec)) return true;
  }
  return false;
}

namespace {

bool glass_tables_empty(const std::filesystem::path& dir) {
  for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass",
                            "spelling.glass", "synonym.glass"}) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(dir / table, ec);
    if (!ec && size > 0) return false;
    if (ec && fs::exists(dir / table, ec)) return false;  // there, but its size unknown
  }
  return true;
}

// Whether a process holds the write lock Xapian takes on `dir/flintlock`
// (an fcntl lock, open-file or per-process: F_OFD_GETLK sees both).
bool write_lock_held(const std::filesystem::path& dir) {
  const int fd = ::open((dir / "flintlock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  const bool held = ::fcntl(fd, F_OFD_GETLK, &lock) != 0 || lock.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

TableSizes table_sizes(const std::string& dir) {
  TableSizes sizes;
  if (dir.empty()) return sizes;
  std::error_code ec;
  for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass",
                            "spelling.glass", "synonym.glass"}) {
    const fs::path file = fs::path(dir) / table;
    const std::uintmax_t size = fs::file_size(file, ec);
    if (!ec) sizes.files.emplace_back(file, size);
  }
  return sizes;
}

void cut_back(const TableSizes& sizes) {
  for (const auto& [file, size] : sizes.files) {
    std::error_code ec;
    const std::uintmax_t now = fs::file_size(file, ec);
    if (!ec && now > size) fs::resize_file(file, size, ec);  // an error leaves unseen blocks
  }
}

namespace {

// The bytes of the version file, which every commit replaces: when they
// differ from before, a newer revision is there.
std::string version_file(const std::string& path) {
  std::ifstream in(fs::path(path) / "iamglass", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Opens `path` for reading. The constructor reads the root blocks of the
// newest revision; a writer committing meanwhile can overtake it
// (read_retrying()), and a new version file says one did.
Result<Xapian::Database> open_consistent(const std::string& path) {
  std::string version = version_file(path);
  return read_retrying([&]() -> Result<Xapian::Database> { return Xapian::Database(path); },
                       [&] {
                         std::string now = version_file(path);
                         const bool newer = now != version;
                         version = std::move(now);
                         return newer;
                       },
                       [&](const Xapian::Error& e) { return from_xapian(e, path); });
}

}  // namespace

Result<Xapian::WritableDatabase> open_writable(const std::string& path, bool create) {
  std::error_code ec;
  const fs::path dir(path);
  if (!create && !fs::exists(dir, ec)) {
    Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
    e.path = path;
    return e;
  }
  if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
    Error e{ErrorCode::invalid_argument, "not a database directory (it is a file)"};
    e.path = path;
    return e;
  }
  if (dir.has_parent_path()) {
    fs::create_directories(dir.parent_path(), ec);
    if (ec) {
      Error e{ErrorCode::io_error, fmt::format("cannot create directory: {}", ec.message())};
      e.path = dir.parent_path().string();
      return e;
    }
  }
  // Xapian takes a glass database without its postlist table, or without
  // its version file, for no database at all and would create a new one
  // over the other tables.
  if (fs::exists(dir / "iamglass", ec) && !fs::exists(dir / "postlist.glass", ec)) {
    Error e{ErrorCode::corrupt, "the database is damaged: postlist.glass is missing"};
    e.path = path;
    return e;
  }
  // Tables that are all empty without a version file are a creation that
  // was cut short (Xapian writes iamglass last, after an fsync): nothing was
  // ever committed there. Unless a writer is creating it right now, they go,
  // and the database is created anew (Xapian would not open or create it).
  if (create && !fs::exists(dir / "iamglass", ec) && has_glass_tables(dir) &&
      glass_tables_empty(dir) && !write_lock_held(dir)) {
    for (const char* file : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass",
                             "spelling.glass", "synonym.glass", "v.tmp"}) {
      fs::remove(dir / file, ec);
    }
  }
  if (!fs::exists(dir / "iamglass", ec) && has_glass_tables(dir)) {
    Error e{ErrorCode::corrupt, "the database is damaged: iamglass is missing"};
    e.path = path;
    return e;
  }
  try {
    Xapian::WritableDatabase db(
        path, (create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN) | Xapian::DB_BACKEND_GLASS);
    if (auto ok = check_format(db, path); !ok) return std::move(ok).error();
    return db;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, path);
  }
}

Result<Xapian::Database> open_readable(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(fs::path(path), ec)) {
    Error e{ErrorCode::not_found, "no database here (create one with `herdex index`)"};
    e.path = path;
    return e;
  }
  try {
    auto opened = open_consistent(path);
    if (!opened) return std::move(opened).error();
    Xapian::Database db = std::move(*opened);
    // The first read: a writer may commit meanwhile, or a damaged table show.
    auto ok = retry_on_modified(db, path, [&] { return check_format(db, path); });
    if (!ok) return std::move(ok).error();
    return db;
  } catch (const Xapian::Error& e) {
    return from_xapian(e, path);
  }
}

}  // namespace herdex::detail
