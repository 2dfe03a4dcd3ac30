// JSON Lines input: one review per line, plain or gzip-compressed.
#pragma once

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
/// each record. `id_base` names the file in fallback ids. Problems are
/// reported with the file path and 1-based line number.
Result<void> read_jsonl(const std::string& path, const std::string& id_base,
                        const IngestOptions& options, const IngestSink& sink);

/// Replaces HTML line breaks (`<br>`, `<br/>`, `<br />`, any case) by a
/// line feed padded with spaces to the same length, in place.
void flatten_html_breaks(std::string& text);

}  // namespace herdex::detail
