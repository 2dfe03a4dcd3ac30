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
  std::string path;
  std::size_t documents = 0;
  std::size_t passages = 0;
  std::size_t terms = 0;        ///< Distinct terms in the vocabulary.
  std::uint64_t size_bytes = 0; ///< Bytes on disk.
  std::string format;           ///< herdex database format version.
  std::string analyzer;         ///< Analyzer fingerprint the database was built with.
  /// Documents per language tag, most frequent first.
  std::vector<std::pair<std::string, std::size_t>> languages;
};

/// Reads the stats of the database at `path`. Errors as Searcher::open().
HERDEX_EXPORT Result<DatabaseStats> database_stats(const std::string& path);

}  // namespace herdex
