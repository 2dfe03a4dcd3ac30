// The options that `index` and `bench index` share: how JSON Lines records
// are read and how the writer batches and cuts passages. Each flag is bound
// to the library's option struct, so its default is the library's.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>

#include "herdex/index.h"
#include "herdex/ingest.h"

namespace herdex::cli {

/// Flags as given on the command line, starting at IngestOptions{} and
/// IndexOptions{}.
struct IndexFlags {
  IngestOptions ingest;
  IndexOptions index;
  /// --memory in MB (IndexOptions::memory_bytes counts bytes).
  std::size_t memory_mb = IndexOptions{}.memory_bytes >> 20;
};

/// Adds --id-field, --title-field, --text-field, --field and --max-bytes.
void add_record_flags(CLI::App& app, IndexFlags& flags);

/// Adds --threads, --memory, --batch and --passage-words; `threads_help`
/// says what more than one thread does for this command.
void add_writer_flags(CLI::App& app, IndexFlags& flags, const char* threads_help);

/// The index options the flags give (IndexFlags::ingest is used as it is).
IndexOptions index_options(const IndexFlags& flags);

}  // namespace herdex::cli
