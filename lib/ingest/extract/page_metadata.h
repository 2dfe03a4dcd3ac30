// What a reader of a review page sees at once, read from the page's own
// lines when the file has no header for it: the title, the rating, the date,
// the author and the film's credits.
//
// Only lines that are not boilerplate and that are short enough to be a
// label or a caption are read, so a rating quoted in a comment or a date in
// the middle of a sentence is not taken. A value herdex is not sure of (two
// ratings that disagree, a release date, a letter grade) is left out.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/extract/page_lines.h"

namespace herdex::detail {

/// Metadata found on a page. Empty strings and an empty rating mean "not
/// found".
struct PageMetadata {
  std::optional<double> rating;  ///< Normalised to 0..10.
  std::string rating_text;       ///< The rating as written ("4/5", "★★★★☆").
  std::string date;              ///< ISO 8601: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS].
  std::string author;
  std::string director;  ///< As written on the page ("史派克瓊斯", "Spike Jonze").
  std::string writer;
  std::string cast;
};

/// A rating expression (the whole of `value`, or a label's value): "8.5",
/// "8.5/10", "4/5", "4.5 out of 5", "4 stars", "★★★★☆", "8 / 681,674人",
/// "8.5分", "92%" (only when `labelled`). Returns the rating on 0..10, or
/// nothing when `value` is not one, is a bare integer without `labelled`,
/// or is a bare number up to 5 (out of 5 or of 10: not sure).
std::optional<double> parse_rating(std::string_view value, bool labelled);

/// The first date in `text` as ISO 8601: "2014-08-10", "2014-08-10
/// 01:54:55" (-> "2014-08-10T01:54:55"), "2014/8/10", "10 August 2014",
/// "August 10, 2014", "Aug 10, 2014", "2014年8月10日", "2014년 8월 10일".
/// Empty when there is none. `*begin`/`*end`, when given, receive its
/// byte range in `text`.
std::string find_date(std::string_view text, std::size_t* begin = nullptr,
                      std::size_t* end = nullptr);

/// Reads the page's metadata from its kept lines. `title` (may be empty)
/// lets "Her 8.5" be read as the rating of "Her".
PageMetadata read_page_metadata(const std::vector<PageLine>& lines, std::string_view title);

/// The title a person would give a page without a header: the first kept
/// line that is not mostly digits or punctuation, a rating, a date or a
/// credits line; spaces (NBSP and U+3000 too) collapsed; a title followed
/// by a rating ("Her 8.5/10") without the rating; and when that line is a
/// paragraph whose start runs into a label ("HerSynopsis: Set in …"), the
/// text before the label ("Her"). Empty when no line qualifies.
std::string choose_page_title(const std::vector<PageLine>& lines);

/// Runs of spaces (ASCII whitespace, NBSP, U+3000, zero-width) as one
/// space, trimmed.
std::string collapse_spaces(std::string_view text);

/// An HTML page's title without the site's name: "Her | Some Blog" -> "Her"
/// The title is cut at " | ", " - ", " – ", " — ", " :: ", " » ", " · ",
/// "｜"; parts equal to `site_name` go; of the rest, the one `heading` (the
/// page's h1) repeats, else the first. Spaces collapsed.
std::string strip_site_name(std::string_view title, std::string_view site_name,
                            std::string_view heading);

}  // namespace herdex::detail
