// JSON Lines input: one review per line, plain or gzip-compressed.
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>
#include <vector>

#include "herdex/error.h"
#include "herdex/ingest.h"

namespace herdex::detail {

/// Parses one JSON Lines record. `fallback_id` is used when the record has
/// no id field. Errors: `invalid_argument` with a reason (not JSON, not an
/// object, no text field, text not a string). Problems that do not prevent
/// indexing (a rating that is not a number) go to `warnings`.
Result<Document> parse_jsonl_record(std::string_view line, const IngestOptions& options,
                                    const std::string& fallback_id, std::vector<Error>& warnings);

/// Reads the JSON Lines file at `path` (gzip or plain), calling `sink` for
/// each record. `id_base` names the file in fallback ids ("<id_base>:<line>");
/// when empty, a record without an id gets content_id() of its line.
/// Problems are reported with the file path and 1-based line number; lines
/// are split at '\n' bytes only. Work is linear in the input's size.
Result<void> read_jsonl(const std::string& path, const std::string& id_base,
                        const IngestOptions& options, const IngestSink& sink);

/// read_jsonl() on an open stream (not closed here) whose first bytes, already
/// read from it (decompressed), are `head`. `path` names it in problems.
Result<void> read_jsonl_stream(gzFile file, std::string head, const std::string& path,
                               const std::string& id_base, const IngestOptions& options,
                               const IngestSink& sink);

/// The id of an input that has none: "stdin-" and 16 hex digits of the XXH3
/// of its bytes, so the same input always gets the same id and different
/// inputs (practically) never share one.
std::string content_id(std::string_view bytes);

/// Replaces HTML line breaks (`<br>`, `<br/>`, `<br />`, any case) by a
/// line feed padded with spaces to the same length, in place.
void flatten_html_breaks(std::string& text);

}  // namespace herdex::detail
