// HTML input: the visible text of a page, parsed with libxml2's HTML parser
// (which copes with the tag soup of scraped pages).
#pragma once

#include <string_view>

#include "herdex/document.h"

namespace herdex::detail {

/// Extracts a document from HTML bytes: the text of <title> (or the first
/// <h1>) as the title; the visible text of <body> as the text, with script,
/// style, template and noscript content dropped, entities decoded, and block
/// elements (p, div, li, h1-h6, br, tr, ...) turned into paragraph breaks.
/// Byte offsets of such a document index this extracted text (which the
/// database stores), not the HTML source. Never fails: unparsable input
/// gives an empty text.
Document parse_html_document(std::string_view bytes);

}  // namespace herdex::detail
