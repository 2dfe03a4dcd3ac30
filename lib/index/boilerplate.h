// Page boilerplate in scraped reviews: what the page reader marked
// (Document::boilerplate: comment threads, bios, navigation, ...; see
// ingest/extract/page_lines.h) or, for documents that come with no marks,
// the comment form blogs append after the review ("Leave a Reply", "Fill in
// your details below ..."). Its words say nothing about the film, and a
// query for "reply" or "email" should not find every blog post, so it is
// kept out of terms and passages (the text itself is still stored, so
// offsets are unaffected).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/token_stream.h"
#include "index/passage_splitter.h"

namespace herdex::detail {

/// Byte offset where trailing boilerplate starts in `text`, or text.size()
/// if there is none. Only a line that is itself a comment-form marker
/// counts, and only from the line holding the midpoint of the text on, so a review that
/// quotes "leave a reply" in a sentence is left alone.
std::size_t boilerplate_start(std::string_view text);

/// The part of a document's text that is indexed: everything but its page
/// boilerplate. Offsets into it are offsets into the text: dropped bytes
/// are blanked (spaces, their line feeds kept), not removed, so positions,
/// passages and highlights keep pointing into the source.
class KeptText {
 public:
  /// `boilerplate` as Document::boilerplate (ranges into `text`, which must
  /// outlive this). With `keep_all`, or when a range is out of order or
  /// outside the text, everything is kept; with no ranges, a trailing
  /// comment form (boilerplate_start()) is dropped.
  KeptText(std::string_view text,
           const std::vector<std::pair<std::size_t, std::size_t>>& boilerplate, bool keep_all);

  /// The text to analyze: the text itself, a prefix of it, or a blanked copy.
  std::string_view text() const { return blanked_.empty() ? view_ : std::string_view(blanked_); }
  /// The kept ranges, sorted: passages are cut within each.
  const std::vector<ByteSpan>& kept() const { return kept_; }
  /// Bytes dropped (the boilerplate ranges' length, line feeds included).
  std::size_t dropped_bytes() const { return dropped_; }

 private:
  std::string_view view_;
  std::string blanked_;
  std::vector<ByteSpan> kept_;
  std::size_t dropped_ = 0;
};

/// Passages of `kept`, cut within each kept range so that none spans
/// dropped text (split_passages() per range; ranges without tokens give
/// none). `sentences` and `tokens` are those of kept.text().
std::vector<StoredPassage> split_kept_passages(const KeptText& kept,
                                               const std::vector<ByteSpan>& sentences,
                                               const std::vector<TokenSpot>& tokens,
                                               const PassageLimits& limits);

}  // namespace herdex::detail
