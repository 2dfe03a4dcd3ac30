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

#include "herdex/document.h"
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

/// The record of one document: the public Document as indexed (one shape,
/// so a new field of Document is stored by adding it to encode_record() and
/// decode_record(), and shown on hits by copy_metadata()), and what search
/// needs to make passages and highlights. Of the Document, `text` is the
/// indexed text (repaired UTF-8, same length as the source's) and `lang`
/// the tag given or detected; `boilerplate` is not stored (it decodes
/// empty).
///
/// A hit shows `source_line` and `lang_confidence`, so the record keeps
/// them: reading them from Xapian value slots instead cost a B-tree lookup
/// each per hit, more than a third of the time a search spent on its hits.
/// The slots are still written, for tools that read them.
struct StoredDocument : Document {
  std::vector<StoredPassage> passages;
  /// Indexed by term position (Xapian's position - 1): lets search turn the
  /// positions Xapian stores into highlight byte ranges without analyzing
  /// the text again.
  std::vector<PositionExtent> positions;
  /// The detected language's confidence, exactly as its value slot holds it
  /// (Xapian::sortable_serialise, so a round trip loses nothing); absent
  /// when the language was given.
  std::optional<double> lang_confidence;
  /// A record of version 3 (before version 4 stored `source_line` and
  /// `lang_confidence`): those two are in value slots only, and decode as
  /// their defaults.
  bool from_version_3 = false;
};

/// Copies the metadata a Document shares with `to` (a Hit): id, title,
/// source, author, date, lang, rating and fields. The one list of them.
template <typename To>
void copy_metadata(const Document& from, To& to) {
  to.id = from.id;
  to.title = from.title;
  to.source = from.source;
  to.author = from.author;
  to.date = from.date;
  to.lang = from.lang;
  to.rating = from.rating;
  to.fields = from.fields;
}

/// The record layout this version writes (4). Version 3 lacks the line and
/// the language confidence; it is still read, so databases written before
/// stay searchable.
inline constexpr unsigned char kRecordVersion = 4;

/// The record as stored: a version byte and the fields, compressed with
/// Zstandard. `version` is kRecordVersion, or 3 to write the older layout
/// (for tests of databases written by earlier releases).
std::string encode_record(const StoredDocument& doc, unsigned char version = kRecordVersion);

/// Errors: `corrupt` if `data` is not a record of version 3 or 4.
Result<StoredDocument> decode_record(std::string_view data);

/// Bytes of a stored record's fields before compression (from the frame
/// header, without decompressing); 0 if `data` is not a record.
std::uint64_t record_fields_bytes(std::string_view data);

/// The fields alone, uncompressed: the layer under the compression, which
/// validates every length and offset (exposed for its tests).
std::string encode_record_fields(const StoredDocument& doc, unsigned char version = kRecordVersion);
Result<StoredDocument> decode_record_fields(std::string_view data,
                                            unsigned char version = kRecordVersion);

}  // namespace herdex::detail
