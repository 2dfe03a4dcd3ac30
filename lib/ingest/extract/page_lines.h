// Scraped review pages, line by line: which lines are the review and which
// are the page around it (comment threads, comment forms, author bios,
// navigation, share and "related posts" blocks, cookie and subscription
// notices, footers).
//
// A saved page reaches herdex as text, either as written (a .txt file) or as
// the visible text of an HTML page (html_reader.cc, which drops what the
// page's structure marks as navigation or comments first, and tells this
// classifier how much of each line was link text). The classifier works on
// evidence a reader would use: a line that is itself a marker ("3 comments
// on “Her”", "X says:", "Leave a Reply", "Share this:", "About the author",
// 发表评论, 関連記事, 댓글), and runs of short link-like lines ("Home",
// "About", "Twitter"). A marker that follows the review's text starts a
// region that runs to the end of the page (threads and forms come last); one
// that comes before it covers only the short lines after it. When in doubt a
// line is kept: if the rules would leave no prose at all, nothing is dropped.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace herdex::detail {

/// A byte range [begin, end) of a document's text.
struct TextSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// One line of a page, as the classifier and the metadata reader see it.
struct PageLine {
  std::size_t begin = 0;  ///< First byte of the line in the text.
  std::size_t end = 0;    ///< End of the line (before its line feed).
  std::string_view text;  ///< The line without surrounding spaces (NBSP, U+3000 too).
  double words = 0;       ///< Latin words plus half the CJK characters.
  bool prose = false;     ///< Reads as a sentence or paragraph, not a label or link.
  bool dropped = false;   ///< Classified as page boilerplate.
  double link_share = 0;  ///< Share of the line's bytes that were link text (HTML).
};

/// Splits `text` into lines (at line feeds) and measures each.
std::vector<PageLine> split_page_lines(std::string_view text);

/// Marks the boilerplate lines of `lines` (PageLine::dropped).
void classify_page_lines(std::vector<PageLine>& lines);

/// The dropped lines as byte ranges, runs of them (with the blank lines
/// between) merged into one range; sorted, not overlapping.
std::vector<TextSpan> dropped_spans(const std::vector<PageLine>& lines);

/// `text` with the surrounding spaces removed: ASCII whitespace, NBSP,
/// U+3000 and zero-width spaces.
std::string_view trim_page_space(std::string_view text);

/// Length of the space character at byte `i` of `s` (ASCII whitespace, a
/// line feed, NBSP, U+3000, U+2000..U+200B, U+FEFF), 0 if there is none.
std::size_t page_space_length(std::string_view s, std::size_t i);

/// True for a line mostly made of figures and symbols, counted by
/// space-separated items (rating, runtime and date lines: "8 / 681,674人
/// 126分鐘"; not "Her (2013)").
bool mostly_digits_or_punctuation(std::string_view line);

}  // namespace herdex::detail
