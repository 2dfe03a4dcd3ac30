// Opening herdex databases and checking what built them. Every Xapian
// database herdex opens goes through here, so the format check and the
// error translation happen once.
#pragma once

#include <xapian.h>

#include <string>

#include "herdex/error.h"

namespace herdex::detail {

/// Database metadata keys.
inline constexpr const char* kFormatKey = "herdex.format";
inline constexpr const char* kAnalyzerKey = "herdex.analyzer";
inline constexpr const char* kAnalyzerOptionsKey = "herdex.analyzer.options";
inline constexpr const char* kPassagesKey = "herdex.passages";

/// Version of the on-disk layout (terms, values, record encoding). Bumped on
/// every incompatible change.
inline constexpr const char* kFormatVersion = "1";

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

/// Opens (creating if needed) a database for writing.
Result<Xapian::WritableDatabase> open_writable(const std::string& path);

/// Opens an existing database for reading and checks its format version.
Result<Xapian::Database> open_readable(const std::string& path);

}  // namespace herdex::detail
