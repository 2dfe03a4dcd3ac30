// Compacting and merging local glass databases, and swapping a finished
// database into place. Used by bulk loads (index/bulk_loader) and by
// `herdex compact`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "herdex/error.h"

namespace herdex::detail {

/// Writes one compact database at `dest` (which must not exist) holding
/// the documents of every database in `sources`, in that order: document
/// ids are renumbered source after source, statistics and spelling are
/// summed, and user metadata comes from the first source that has a key
/// (the passage totals are summed: store/passage_stats.h).
/// A failure leaves no database at `dest`.
Result<void> merge_databases(const std::vector<std::string>& sources, const std::string& dest);

/// Exchanges the directory entries `a` and `b` (both must exist) in one
/// step (renameat2 RENAME_EXCHANGE), then syncs their parent directory. On
/// a filesystem without RENAME_EXCHANGE it falls back to three renames;
/// a crash between them can leave `b` missing (its content is then at
/// `b` + ".exchange"), which the error or the docs say.
Result<void> exchange_paths(const std::string& a, const std::string& b);

/// Bytes of the regular files directly inside `dir` (0 if it is missing).
std::uintmax_t directory_bytes(const std::string& dir);

}  // namespace herdex::detail
