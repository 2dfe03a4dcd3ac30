/// @file lines.h
/// Data files read line by line, gzip-compressed or plain, with the line
/// reader `herdex index` uses for JSON Lines.
///
/// Part of herdex_tools (tools/), beside the library: not installed, and not
/// in the umbrella header herdex/herdex.h.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "herdex/error.h"

namespace herdex {

/// Called with each line (without its "\n" or "\r\n"; valid during the
/// call) and its 1-based number; an error stops the reading.
using LineVisitor = std::function<Result<void>(std::string_view line, std::size_t line_no)>;

/// Calls `visit` with every line of the file at `path`, gzip-compressed or
/// plain (zlib tells them apart), in order; a last line without '\n' counts,
/// and lines are split at '\n' bytes only. Errors: `not_found` (no such
/// file), `io_error` (it cannot be opened or read; with the line reached),
/// and the first error `visit` returns.
Result<void> for_each_line(const std::string& path, const LineVisitor& visit);

}  // namespace herdex
