// Opening herdex databases and checking what built them. Every Xapian
// database herdex opens goes through here, so the format check and the
// error translation happen once.
#pragma once

#include <xapian.h>

#include <string>

#include "herdex/error.h"
#include "store/xapian_error.h"

namespace herdex::detail {

/// Database metadata keys.
inline constexpr const char* kFormatKey = "herdex.format";
inline constexpr const char* kAnalyzerKey = "herdex.analyzer";
inline constexpr const char* kAnalyzerOptionsKey = "herdex.analyzer.options";
inline constexpr const char* kExtractorKey = "herdex.extractor";  // page extractor version

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
  kSlotLangConfidence = 7,   // detected language's confidence, sortable_serialise
  kSlotBoilerplateBytes = 8, // bytes of page boilerplate not indexed, sortable_serialise
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

/// Opens a database for writing, creating it if needed and `create`;
/// otherwise a missing database is `not_found`.
Result<Xapian::WritableDatabase> open_writable(const std::string& path, bool create = true);

/// Opens an existing database for reading and checks its format version.
Result<Xapian::Database> open_readable(const std::string& path);

}  // namespace herdex::detail
