// The document record stored as Xapian document data: everything search
// needs to show a hit and rebuild its passages and snippets without the
// source file (which may have moved, or live on another machine when the
// database is served remotely).
//
// Encoding: a version byte, then fields in a fixed order, strings and
// integers as LEB128 varints with length prefixes. Compact and cheap to
// decode, which matters because search decodes the record of every hit.
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
};

std::string encode_record(const StoredDocument& doc);

/// Errors: `corrupt` if `data` is not a record of this version.
Result<StoredDocument> decode_record(std::string_view data);

}  // namespace herdex::detail
