/// @file ingest.h
/// Reading review files into Documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// How input files are read.
struct IngestOptions {
  /// Files larger than this are skipped with a message. Default: 64 MiB.
  std::size_t max_bytes = std::size_t{64} << 20;
};

/// How serious a problem with one input is.
enum class ProblemKind {
  skipped,  ///< Left out on purpose: empty, binary, too big.
  error,    ///< Left out because it could not be read or parsed.
  warning,  ///< Read, but something in it was ignored (e.g. a bad rating value).
};

/// Callbacks for read_documents(). `on_document` may return an error to stop
/// reading; `on_problem` is told about each problem, and reading goes on.
struct IngestSink {
  std::function<Result<void>(Document&&)> on_document;
  std::function<void(const Error&, ProblemKind)> on_problem;
};

/// Reads one file or a folder (recursively; hidden entries skipped, symlink
/// loops survived) and hands each document to `sink`.
///
/// Files: `.txt` and `.md`. A file may start with a header block of
/// `key: value` lines (keys `title`, `author`, `rating`, `date`, `lang`, or
/// any lower-case name) ended by an empty line; otherwise the title is the
/// first non-empty line. The document id is the path relative to the folder
/// given (or the file name when a file is given); `source` is the path as
/// given joined with that relative path.
///
/// Errors: `not_found` when `path` does not exist, or what `on_document`
/// returned.
HERDEX_EXPORT Result<void> read_documents(const std::string& path, const IngestOptions& options,
                                          const IngestSink& sink);

/// Total size in bytes of the files read_documents() would read from `path`
/// (a quick walk without reading; for progress estimates). 0 if missing.
HERDEX_EXPORT std::uint64_t input_bytes(const std::string& path);

}  // namespace herdex
