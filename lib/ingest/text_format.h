// The plain-text review format: an optional header block of `key: value`
// lines ended by an empty line, then the body. Without a header the title is
// the first non-empty line, or its start when the line is a paragraph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "herdex/document.h"
#include "herdex/error.h"

namespace herdex::detail {

/// Parses `bytes` (the whole file) into a document. Only `title`, `text`,
/// `source_offset` and metadata are set; the caller sets id and source.
/// Problems that do not prevent indexing (a rating that is not a number)
/// are appended to `warnings` with their 1-based line.
Document parse_text_document(std::string_view bytes, std::vector<Error>& warnings);

}  // namespace herdex::detail
