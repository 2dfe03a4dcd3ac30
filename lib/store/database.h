// Opening herdex databases and checking what built them. Every Xapian
// database herdex opens goes through here, so the format check and the
// error translation happen once.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "herdex/error.h"
#include "store/xapian_error.h"

namespace herdex::detail {

/// Database metadata keys.
inline constexpr const char* kFormatKey = "herdex.format";
inline constexpr const char* kAnalyzerKey = "herdex.analyzer";
inline constexpr const char* kAnalyzerOptionsKey = "herdex.analyzer.options";

/// Version of the on-disk layout (terms, values, record encoding). Bumped on
/// every incompatible change.
inline constexpr const char* kFormatVersion = "2";

/// Value slots.
enum Slot : Xapian::valueno {
  kSlotContentHash = 0,  // hex digest of the indexed content
  kSlotDate = 1,         // ISO date string (sorts as text)
  kSlotRating = 2,       // Xapian::sortable_serialise(rating)
  kSlotLang = 3,         // language tag
  kSlotPassages = 4,     // number of passages, sortable_serialise
  kSlotAuthor = 5,       // author as written (facets)
  kSlotYear = 6,         // first four characters of the date (facets)
};

/// What a DatabaseModifiedError with no commit behind it means.
inline constexpr const char* kDamagedTableMessage =
    "a table holds blocks of a revision never committed (run xapian-check on it)";

/// Runs `read`, which may throw Xapian errors, and returns its Result. When
/// a writer's commits overtook the read (Xapian's DatabaseModifiedError),
/// reopens `db` at the newest commit and runs `read` again, up to
/// kReadAttempts times. Every other Xapian error, and the last
/// DatabaseModifiedError, becomes an Error about `path`. A
/// DatabaseModifiedError with no newer commit to reopen is damage (a block
/// whose revision is garbage looks "overwritten"), reported as `corrupt`.
/// A reader is overtaken only when a writer commits twice during one read;
/// eight tries outlast a writer that commits in a tight loop (three did not:
/// tests/integration/threads_test.cc saw searches fail).
inline constexpr int kReadAttempts = 8;

template <typename Read>
auto retry_on_modified(Xapian::Database& db, const std::string& path, Read&& read) -> decltype(read()) {
  for (int attempt = 0;; ++attempt) {
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError& e) {
      bool changed = false;
      try {
        changed = db.reopen();
      } catch (const Xapian::Error& reopen_error) {
        return from_xapian(reopen_error, path);
      }
      if (!changed) return from_xapian(Xapian::DatabaseCorruptError(kDamagedTableMessage), path);
      if (attempt + 1 == kReadAttempts) return from_xapian(e, path);
    } catch (const Xapian::Error& e) {
      return from_xapian(e, path);
    }
  }
}

/// Checks that `db` was built by herdex with this format version (an empty
/// database without metadata passes). `name` goes into the error's path.
Result<void> check_format(const Xapian::Database& db, const std::string& name);

/// Whether `dir` holds any table file of a glass database (what is left of
/// one whose version file is gone).
bool has_glass_tables(const std::filesystem::path& dir);

/// The sizes of the table files of a local glass database, taken after a
/// commit. Glass writes blocks copy-on-write: a revision never references a
/// block past the sizes its commit left, and changes not yet committed go
/// to blocks past them (or to blocks earlier commits freed). Cutting the
/// files back to these sizes after a failed write removes what it wrote
/// and keeps the committed revision whole.
struct TableSizes {
  std::vector<std::pair<std::filesystem::path, std::uintmax_t>> files;
};

/// The sizes of the table files in `dir` (none for a remote shard's empty
/// path or a directory without tables).
TableSizes table_sizes(const std::string& dir);

/// Cuts each file of `sizes` that has grown back to its recorded size. The
/// writer that grew it must be closed. Errors are ignored: the files are
/// then larger, which no revision sees.
void cut_back(const TableSizes& sizes);

/// Opens a database for writing, creating it if needed and `create`;
/// otherwise a missing database is `not_found`.
Result<Xapian::WritableDatabase> open_writable(const std::string& path, bool create = true);

/// Opens an existing database for reading and checks its format version.
Result<Xapian::Database> open_readable(const std::string& path);

}  // namespace herdex::detail
