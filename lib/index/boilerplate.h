// Page boilerplate in scraped reviews: the comment form that blogs append
// after the review ("Leave a Reply", "Fill in your details below ...").
// Its words say nothing about the film, and a query for "reply" or "email"
// should not find every blog post, so it is kept out of terms and passages
// (the text itself is still stored, so offsets are unaffected).
#pragma once

#include <cstddef>
#include <string_view>

namespace herdex::detail {

/// Byte offset where trailing boilerplate starts in `text`, or text.size()
/// if there is none. Only a line that is itself a comment-form marker
/// counts, and only from the line holding the midpoint of the text on, so a review that
/// quotes "leave a reply" in a sentence is left alone.
std::size_t boilerplate_start(std::string_view text);

}  // namespace herdex::detail
