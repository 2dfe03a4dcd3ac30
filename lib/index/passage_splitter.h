// Cutting a document into passages: the units search ranks and shows.
//
// A passage is a run of whole sentences (ICU sentence boundaries, UAX #29)
// that stays within a paragraph where it can, of about `target_words` words
// (a CJK character counts as half a word, since a Chinese word is about two
// characters). The last sentence of a passage is repeated at the start of the
// next one when it is short (at most `overlap_words`), so that text spanning
// a cut is still found together. A sentence longer than the target on its own
// is cut between words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "analysis/token_stream.h"
#include "store/record.h"

namespace herdex::detail {

/// Where a token lies, as the splitter needs it.
struct TokenSpot {
  std::size_t byte_begin;
  std::size_t byte_end;  // end of the longest token at this position
  std::uint32_t position;
  std::uint32_t run;     // CJK run number, 0 outside CJK
  std::uint8_t weight2;  // twice the token's weight in words: 2 for a word, 1 for a CJK character
};

/// Adds a token of an analysis (tokens arrive ordered by position) to
/// `spots`: a new spot for a new position, else a longer end for the last.
void note_token(std::vector<TokenSpot>& spots, const TokenView& token);

/// The byte extent of every position from 0 to the last one in `spots`, as
/// stored in the document record for search.
std::vector<PositionExtent> position_extents(const std::vector<TokenSpot>& spots);

struct PassageLimits {
  std::size_t target_words = 60;
  std::size_t overlap_words = 8;
};

/// Splits `text` given its sentence spans and its tokens (one TokenSpot per
/// position-bearing unit, ordered by byte_begin). Returns at least one passage
/// for non-empty text; passages are trimmed of surrounding whitespace.
std::vector<StoredPassage> split_passages(std::string_view text,
                                          const std::vector<ByteSpan>& sentences,
                                          const std::vector<TokenSpot>& tokens,
                                          const PassageLimits& limits);

}  // namespace herdex::detail
