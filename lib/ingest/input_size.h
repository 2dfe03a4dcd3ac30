// How much text a run's inputs hold, for choosing how to index them.
#pragma once

#include <cstdint>
#include <string>

#include "herdex/ingest.h"

namespace herdex::detail {

/// Like input_bytes(), but a .jsonl.gz file counts as the size of its text
/// (its gzip trailer's, an estimate) rather than as stored: what a bulk load's
/// threshold (IndexOptions::bulk_min_bytes) is compared with.
std::uint64_t input_text_bytes(const std::string& path, const IngestOptions& options = {});

}  // namespace herdex::detail
