/// @file ingest.h
/// Reading review files into Documents.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/document.h"
#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// How input files are read.
struct IngestOptions {
  /// Text files (and JSON Lines records) larger than this are skipped with a
  /// message. JSON Lines files themselves may be of any size. Default: 64 MiB.
  std::size_t max_bytes = std::size_t{64} << 20;
  /// JSON Lines: the field holding the document id. When the record has no
  /// such field, "id" is tried, then the id is "<file path>:<line>" (the
  /// canonical path; on standard input, see stdin_id).
  /// Default: "_id" (the BEIR layout).
  std::string id_field = "_id";
  /// JSON Lines: the field holding the title. Default: "title".
  std::string title_field = "title";
  /// JSON Lines: the field holding the text. Default: "text".
  std::string text_field = "text";
  /// JSON Lines: further fields stored with the document and searchable as
  /// `name:`. `author`, `rating`, `date` and `lang` are always read.
  std::vector<std::string> extra_fields;
  /// Format of standard input, read when the path is "-": "jsonl" (JSON
  /// Lines, plain or gzip), or one document: "txt" (also "text"), "md" or
  /// "html". Empty: detected from the first non-blank byte (`{` JSON Lines,
  /// `<` HTML, else text; gzip is decompressed first). Default: empty.
  std::string stdin_format;
  /// Id of the document read from standard input. Empty: a content-derived
  /// id, "stdin-" and 16 hex digits of a hash of the input's bytes (for
  /// JSON Lines, of each record lacking an id). For JSON Lines records
  /// without an id field, when set: "<stdin_id>:<line>". Default: empty.
  std::string stdin_id;
  /// Follow symbolic links that lead out of the folder being read (a link
  /// to "/" would read the whole machine). Links within it are always
  /// followed. Default: false (reported as skipped).
  bool follow_links = false;
  /// Stop at the first malformed record or unreadable file instead of
  /// reporting it and going on. Default: false.
  bool strict = false;
};

/// How serious a problem with one input is.
enum class ProblemKind {
  skipped,  ///< Left out on purpose: empty, binary, too big.
  error,    ///< Left out because it could not be read or parsed.
  warning,  ///< Read, but something in it was ignored (e.g. a bad rating value).
};

/// Callbacks for read_documents(), all called on the calling thread, in
/// input order.
struct IngestSink {
  /// Receives each document (required). Returning an error stops reading,
  /// and read_documents() returns that error.
  std::function<Result<void>(Document&&)> on_document;
  /// Told about each problem (required); reading goes on unless
  /// IngestOptions::strict.
  std::function<void(const Error&, ProblemKind)> on_problem;
  /// Told how many bytes of input (as counted by input_bytes(), so
  /// compressed bytes for `.gz`) were consumed since it was last called.
  /// May be empty.
  std::function<void(std::uint64_t bytes)> on_consumed;
};

/// Reads one file or a folder (recursively; hidden entries skipped, symlink
/// loops survived) and hands each document to `sink`.
///
/// Text files (`.txt`, `.md`): one document each. A file may start with a
/// header block of `key: value` lines (keys `title`, `author`, `rating`,
/// `date`, `lang`, or any lower-case name) ended by an empty line; otherwise
/// the title is the first non-empty line (its first 120 bytes or so, cut
/// after a word with "…", when the line is a paragraph).
///
/// **Document ids.** A file's id, and its `source`, is its canonical path:
/// absolute, symbolic links resolved, no "." or ".." (as
/// std::filesystem::canonical gives it). So the id is the same however the
/// path was typed and from whatever directory, two different files never
/// share an id, and a folder read again through a sub-folder gives the same
/// ids. display_path() shows it relative to the current directory.
/// A JSON Lines record's id is its own id field (IngestOptions::id_field);
/// standard input: IngestOptions::stdin_id.
///
/// JSON Lines (`.jsonl`, `.jsonl.gz`): one document per line, fields as in
/// IngestOptions; `source` is the file, `source_line` the line, and byte
/// offsets index the text field's value. Lines end at '\n' bytes only (a NUL
/// or other control byte stays inside its record). HTML line breaks in the
/// text (`<br />`) become line breaks padded with spaces, so offsets do not
/// move. Empty lines are ignored; a malformed line is reported as
/// `file:line: reason`. Reading is linear in the input's size, compressed or
/// not.
///
/// Standard input ("-"): see IngestOptions::stdin_format and stdin_id;
/// `source` is "-".
///
/// Symbolic links inside a folder are followed when they stay inside the
/// path given; others are reported as skipped (IngestOptions::follow_links).
///
/// Errors: `not_found` when `path` does not exist; under `strict`, the first
/// problem; or what `on_document` returned. Thread-safe (no shared state):
/// different threads may read different paths at once.
HERDEX_EXPORT Result<void> read_documents(const std::string& path, const IngestOptions& options,
                                          const IngestSink& sink);

/// How to show a stored path (a document's id or source): relative to the
/// current directory when that is shorter, else as stored. Anything that is
/// not an absolute path (a JSON Lines id, "-") is returned as it is.
HERDEX_EXPORT std::string display_path(std::string_view stored);

/// Total size in bytes of the files read_documents() would read from `path`
/// (a quick walk without reading; for progress estimates), following the
/// links `options` follows. 0 if missing. Thread-safe.
HERDEX_EXPORT std::uint64_t input_bytes(const std::string& path, const IngestOptions& options = {});

}  // namespace herdex
