#include "store/compaction.h"

#include <fcntl.h>
#include <stdio.h>  // NOLINT(modernize-deprecated-headers): renameat2 (glibc 2.28) is declared only there
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "store/passage_stats.h"
#include "store/xapian_error.h"

namespace herdex::detail {
namespace fs = std::filesystem;

Result<void> merge_databases(const std::vector<std::string>& sources, const std::string& dest) {
  if (sources.empty()) return Error{ErrorCode::invalid_argument, "nothing to merge"};
  std::error_code ec;
  if (fs::exists(dest, ec)) {
    Error e{ErrorCode::invalid_argument, "the merged database's place is taken"};
    e.path = dest;
    return e;
  }
  try {
    Xapian::Database all;
    for (const std::string& source : sources) all.add_database(Xapian::Database(source));
    // Full compaction (Xapian's default level): blocks are filled, items
    // are split only where that saves space, and the database can still
    // be updated without every block splitting at once (as FULLER would).
    // The passage totals of partial databases add up (store/passage_stats.h).
    PassageTotalsCompactor compactor;
    all.compact(dest, 0, 0, compactor);
  } catch (const Xapian::Error& e) {
    fs::remove_all(dest, ec);
    return from_xapian(e, dest);
  }
  return {};
}

namespace {

Error io_error(const std::string& path, const std::string& what, int err) {
  Error e{ErrorCode::io_error, fmt::format("{}: {}", what, std::strerror(err))};
  e.path = path;
  return e;
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  (void)::close(fd);
}

}  // namespace

Result<void> exchange_paths(const std::string& a, const std::string& b) {
  if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0) {
    sync_directory(fs::path(a).parent_path());
    if (fs::path(a).parent_path() != fs::path(b).parent_path()) {
      sync_directory(fs::path(b).parent_path());
    }
    return {};
  }
  const int err = errno;
  if (err != EINVAL && err != ENOSYS && err != ENOTSUP) {
    return io_error(b, fmt::format("cannot swap in {}", a), err);
  }
  // No RENAME_EXCHANGE here (some network and overlay filesystems): three
  // renames, with `b` missing between the second and third.
  const std::string aside = b + ".exchange";
  if (::rename(b.c_str(), aside.c_str()) != 0) return io_error(b, "cannot move aside", errno);
  if (::rename(a.c_str(), b.c_str()) != 0) {
    const int e = errno;
    (void)::rename(aside.c_str(), b.c_str());
    return io_error(b, fmt::format("cannot move {} here", a), e);
  }
  if (::rename(aside.c_str(), a.c_str()) != 0)
    return io_error(a, "cannot move the old copy", errno);
  sync_directory(fs::path(b).parent_path());
  return {};
}

std::uintmax_t directory_bytes(const std::string& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const std::uintmax_t size = it->file_size(size_ec);
      if (!size_ec) total += size;
    }
  }
  return total;
}

}  // namespace herdex::detail
