// The page extractor: from a scraped review page's text (a .txt file's
// body, or an HTML page's visible text) to a review record: the spans that
// are boilerplate (page_lines.h), a title when the file gave none, and the
// metadata the page states (page_metadata.h).
#pragma once

#include <string_view>
#include <vector>

#include "herdex/document.h"
#include "ingest/extract/page_lines.h"

namespace herdex::detail {

/// Version of the extraction rules. It is part of what decides whether a
/// document is unchanged (a database built by other rules is re-extracted on
/// the next `herdex index`) and is recorded in the database (`herdex stats`).
/// Bump it whenever the rules change what they keep or read.
inline constexpr std::string_view kExtractorVersion = "page-2";

/// Fills `doc` from its page lines (`lines` split from doc.text, with link
/// shares for HTML): doc.boilerplate; doc.title when it is empty and
/// `choose_title` (an HTML page's title comes from its markup only); rating,
/// date, author and the credits fields (director, writer, cast) when the
/// document does not already have them.
void extract_page(Document& doc, std::vector<PageLine> lines, bool choose_title);

/// extract_page() for plain text: splits doc.text into lines first.
void extract_text_page(Document& doc);

}  // namespace herdex::detail
