/// @file database.h
/// Facts about a herdex database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// Counts and settings of a database, as `herdex stats` shows them.
struct DatabaseStats {
  std::string path;             ///< The path given to database_stats().
  std::size_t documents = 0;    ///< Documents in the database.
  std::size_t passages = 0;     ///< Passages of all documents.
  std::size_t terms = 0;        ///< Distinct terms in the vocabulary.
  std::uint64_t size_bytes = 0; ///< Bytes on disk.
  std::string format;           ///< herdex database format version.
  std::string analyzer;         ///< Analyzer fingerprint the database was built with.
  /// Documents per language tag, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> languages;
};

/// Reads the stats of the database at `path` without locking it (a writer
/// may be committing meanwhile). Thread-safe. Errors as Searcher::open():
/// `not_found`, `version_mismatch`, `corrupt`, `io_error`.
HERDEX_EXPORT Result<DatabaseStats> database_stats(const std::string& path);

}  // namespace herdex
