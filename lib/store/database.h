// Opening herdex databases and checking what built them. Every Xapian
// database herdex opens goes through here, so the format check and the
// error translation happen once.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <optional>
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
inline constexpr const char* kExtractorKey = "herdex.extractor";  // page extractor version
/// The passage settings of the last run that wrote documents, and the
/// running totals of passages and their positions (store/passage_stats.h).
inline constexpr const char* kPassageSettingsKey = "herdex.passage.settings";
inline constexpr const char* kPassageTotalsKey = "herdex.passage.totals";

/// Version of the on-disk layout (terms, values, record encoding). Bumped on
/// every incompatible change. 3: document records of version 4
/// (store/record.h). 4: stems may carry no positions, their words listed
/// instead (store/stem_words.h; a database says so by kStemWordsKey).
inline constexpr const char* kFormatVersion = "4";
/// The oldest layout still read. Format 2 differs from 3 only in its records
/// (version 3), which still decode; format 3 from 4 only in that no stem
/// words are listed, which search reads as before. An older database
/// becomes format 4 at its next commit (its stems keep their positions), so
/// that an older herdex refuses it by its format rather than failing on its
/// newer records or missing its stems' positions.
inline constexpr const char* kOldestReadableFormatVersion = "2";

/// What a DatabaseModifiedError with no commit behind it means.
inline constexpr const char* kDamagedTableMessage =
    "a table holds blocks of a revision never committed (run herdex check on it)";

/// How many times one read is tried in all while writers' commits keep
/// overtaking it. A reader is overtaken only when a writer commits twice
/// during one read; sixteen tries outlast a writer that commits every
/// document (`--batch 1`; three did not: tests/integration/threads_test.cc
/// saw searches fail, and benchmarks/overtaken_soak.sh measures this).
inline constexpr int kReadAttempts = 16;

/// The one rule for reading a database that a writer may commit to
/// meanwhile; every read in lib/ goes through it.
///
/// Xapian 1.4's glass reads the blocks of the revision a reader opened. A
/// writer may reuse those blocks once it has committed twice more; the
/// reader then finds other data in them and throws DatabaseModifiedError,
/// or, when the reused block looks wrong rather than newer (a block of
/// another level: "Expected block 351 to be level 1, not 0"),
/// DatabaseCorruptError or another error that means damage (is_damage():
/// "EOF reading block 1610612933" from a garbage block number), although
/// the database is healthy. So after such an error, `reopen()` is called, which returns whether a
/// newer revision is now open: if so, the read was overtaken and runs again; if not, the damage
/// persists at one revision and is reported as `corrupt` (a DatabaseModifiedError with no newer
/// revision is a damaged table whose garbage looks newer). After kReadAttempts reads that were all
/// overtaken the error is `io_error` ("changed while it was read"), never `corrupt`.
///
/// `read()` returns a Result and may throw Xapian errors; `reopen()`
/// returns bool and may throw (an overtaken or damaged reopen counts as an
/// attempt); `translate(const Xapian::Error&)` makes the Error. Xapian
/// errors that are neither propagate to the caller.
template <typename Read, typename Reopen, typename Translate>
auto read_retrying(Read&& read, Reopen&& reopen, Translate&& translate) -> decltype(read()) {
  for (int attempt = 1;; ++attempt) {
    // What the read found, as the error to report if no newer revision
    // explains it.
    std::optional<Error> damage;
    try {
      return read();
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kReadAttempts) return translate(e);
      damage = translate(Xapian::DatabaseCorruptError(kDamagedTableMessage));
    } catch (const Xapian::Error& e) {
      // DatabaseCorruptError, and the other errors that mean damage (a
      // block number past the end of a table, an entry that does not
      // decompress): an overtaken reader meets those too, since it reads
      // whatever a writer put in the blocks it reused.
      if (!is_damage(e)) throw;
      if (attempt == kReadAttempts) {
        return translate(
            Xapian::DatabaseModifiedError("the database changed while it was read", e.get_msg()));
      }
      damage = translate(e);
    }
    bool newer = true;
    try {
      newer = reopen();
    } catch (const Xapian::DatabaseModifiedError&) {  // overtaken again: another try
    } catch (const Xapian::Error& e) {  // likewise, if it is damage; persisting damage runs out
      if (!is_damage(e)) throw;
    }
    if (!newer) return std::move(*damage);
  }
}

/// read_retrying() on one database: reopens `db`, and translates errors
/// (every Xapian error, not only those two) into Errors about `path`.
template <typename Read>
auto retry_on_modified(Xapian::Database& db, const std::string& path, Read&& read)
    -> decltype(read()) {
  try {
    return read_retrying(
        read, [&] { return db.reopen(); },
        [&](const Xapian::Error& e) { return from_xapian(e, path); });
  } catch (const Xapian::Error& e) {
    return from_xapian(e, path);
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
