// Plain-text rendering for people: colour on a terminal, markers otherwise.
#pragma once

#include <cstdio>
#include <string>

#include "herdex/search.h"

namespace herdex::cli {

/// Whether to colour output on `stream` for a --color value of "auto",
/// "always" or "never". "auto" colours a terminal unless NO_COLOR is set.
bool use_color(const std::string& mode, std::FILE* stream);

/// The snippet with its matches marked: ANSI bold yellow when `color`,
/// otherwise [brackets]; an ellipsis where text was cut.
std::string render_snippet(const Passage& passage, bool color);

/// Prints ranked hits as numbered blocks.
void print_results(const SearchResults& results, bool color);

}  // namespace herdex::cli
