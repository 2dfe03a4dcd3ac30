/// @file document.h
/// The unit herdex indexes: one review with its text and metadata.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace herdex {

/// One review. A plain value type; copy and move freely.
///
/// Byte offsets reported by search (passages, matches) are
/// `source_offset + offset into text`, so for a file they index the original
/// bytes of that file.
struct Document {
  /// Stable identifier chosen by the caller (read_documents() gives a file's
  /// canonical path, a record's id field, or a content-derived id for
  /// standard input). Required, non-empty, at most 200 bytes. Adding a
  /// document whose id is already indexed replaces it.
  std::string id;
  /// Title shown in results. May be empty.
  std::string title;
  /// The review text, UTF-8. Invalid UTF-8 is repaired byte for byte ('?'),
  /// so offsets into it stay offsets into the original bytes.
  std::string text;
  /// Where the text came from (read_documents() gives the file's canonical
  /// path, or "-" for standard input). Shown in results; not read back by
  /// search. --prune removes only documents whose source is under its inputs.
  std::string source;
  /// Byte offset of `text` inside `source` (the length of a header block
  /// that precedes the body in the file). Default: 0.
  std::size_t source_offset = 0;
  /// Line of `source` that held the document (JSON Lines records, 1-based);
  /// 0 for a whole file. Used in messages (a duplicate id names where it was
  /// first seen), stored, and shown on hits (Hit::source_line). Default: 0.
  std::size_t source_line = 0;
  /// Author name, searchable as `author:`. May be empty.
  std::string author;
  /// Rating on the scale of the source (herdex does not rescale). Absent if unknown.
  std::optional<double> rating;
  /// Date in ISO 8601 (`YYYY-MM-DD`, optionally with time). May be empty.
  std::string date;
  /// Language tag (`en`, `zh-Hans`, `zh-Hant`, `ja`, `ko`, `mixed`). Empty:
  /// detected from the script mix of the text.
  std::string lang;
  /// Further named fields (for example mapped JSON Lines fields), stored and
  /// searchable as `name:`. Names are lower-case ASCII. Read from a page
  /// (text or HTML without a header giving them): `director`, `writer`,
  /// `cast` (credits as written) and `rating_text` (the rating as written,
  /// when `rating` was read from the page).
  std::vector<std::pair<std::string, std::string>> fields;
  /// Byte ranges [begin, end) of `text` that are page boilerplate rather
  /// than the review (comment threads and forms, author bios, navigation,
  /// share and related-posts blocks, notices, footers), sorted and not
  /// overlapping; set by the text and HTML readers. They are stored with
  /// the text but neither indexed nor made into passages, unless
  /// IndexOptions::keep_boilerplate. Empty: none known (the writer then
  /// only looks for a trailing comment form itself).
  std::vector<std::pair<std::size_t, std::size_t>> boilerplate;
};

}  // namespace herdex
