// The document record stored as Xapian document data: everything search
// needs to show a hit and rebuild its passages and snippets without the
// source file (which may have moved, or live on another machine when the
// database is served remotely).
//
// Encoding: a version byte, then the fields in a fixed order, strings and
// integers as LEB128 varints with length prefixes, compressed with
// Zstandard. Compact and cheap to decode, which matters because search
// decodes the record of every hit. (Xapian compresses document data with
// zlib itself, but only keeps its compression when it is smaller: a zstd
// frame is stored as it is, and reading it skips zlib's slower inflate.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "herdex/error.h"

namespace herdex::detail {

struct StoredPassage {
  std::uint32_t byte_begin = 0;  // into StoredDocument::text
  std::uint32_t byte_end = 0;
  std::uint32_t position_begin = 0;  // term positions covered, half-open
  std::uint32_t position_end = 0;
};

/// Where the token(s) at one term position lie in the text: the position's
/// first byte and the end of its longest token (a word; for CJK the n-gram
/// starting there). `next_adjacent` says the next position continues the
/// same CJK run, so a single character at this position ends where the next
/// one begins. A position no token starts at has an empty extent.
struct PositionExtent {
  std::uint32_t byte_begin = 0;
  std::uint32_t byte_end = 0;
  bool next_adjacent = false;
};

struct StoredDocument {
  std::string id;
  std::string title;
  std::string source;
  std::uint64_t source_offset = 0;
  std::string author;
  std::string date;
  std::string lang;
  std::optional<double> rating;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string text;  // the indexed text, repaired UTF-8, same length as the source's
  std::vector<StoredPassage> passages;
  /// Indexed by term position (Xapian's position - 1): lets search turn the
  /// positions Xapian stores into highlight byte ranges without analyzing
  /// the text again.
  std::vector<PositionExtent> positions;
};

/// The record as stored: a version byte and the fields, compressed with
/// Zstandard.
std::string encode_record(const StoredDocument& doc);

/// Errors: `corrupt` if `data` is not a record of this version.
Result<StoredDocument> decode_record(std::string_view data);

/// Bytes of a stored record's fields before compression (from the frame
/// header, without decompressing); 0 if `data` is not a record.
std::uint64_t record_fields_bytes(std::string_view data);

/// The fields alone, uncompressed: the layer under the compression, which
/// validates every length and offset (exposed for its tests).
std::string encode_record_fields(const StoredDocument& doc);
Result<StoredDocument> decode_record_fields(std::string_view data);

}  // namespace herdex::detail
