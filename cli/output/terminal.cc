#include "output/terminal.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "herdex/ingest.h"

namespace herdex::cli {
namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kMatch = "\x1b[1;33m";
constexpr const char* kReset = "\x1b[0m";

// Stored text is shown as text, never as commands to the terminal: a
// control character in a review (ESC of "\x1b[2J", which clears the
// screen, BEL, DEL, or a C1 control such as CSI, U+009B) is written as an
// escape (`\x1b`, `\u009b`) that shows what is there. Line breaks and tabs
// would break the block layout: each run of them becomes one space.
void append_flat(std::string& out, std::string_view text) {
  bool space = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n' || c == '\r' || c == '\t') {
      if (!space) out.push_back(' ');
      space = true;
      continue;
    }
    space = c == ' ';
    if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xc2 && i + 1 < text.size() &&
               static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      // U+0080..U+009F, the C1 controls, in UTF-8.
      out += fmt::format("\\u{:04x}", static_cast<unsigned char>(text[++i]));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

// A stored field on one line, controls escaped (see append_flat).
std::string flat(std::string_view text) {
  std::string out;
  append_flat(out, text);
  return out;
}

// "id a2 · by Lindqvist · 2014-01-02 · rating 8": what a person needs to
// find the document again (`herdex delete ID`) and judge it.
std::string hit_details(const Hit& hit) {
  std::string out = "id " + flat(display_path(hit.id));
  if (!hit.author.empty()) out += " · by " + flat(hit.author);
  if (!hit.date.empty()) out += " · " + flat(hit.date);
  if (hit.rating) out += fmt::format(" · rating {}", *hit.rating);
  return out;
}

}  // namespace

bool use_color(const std::string& mode, std::FILE* stream) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (const char* no = std::getenv("NO_COLOR"); no != nullptr && *no != '\0') return false;
  if (const char* term = std::getenv("TERM"); term != nullptr && std::string(term) == "dumb")
    return false;
  return isatty(fileno(stream)) != 0;
}

std::string render_snippet(const Passage& p, bool color) {
  std::string out;
  if (p.snippet_cut_before) out += "…";
  std::size_t at = p.snippet_range.byte_begin;
  const std::string_view snippet = p.snippet;
  for (const ByteRange& m : p.matches) {
    if (m.byte_begin < at || m.byte_end > p.snippet_range.byte_end) continue;
    append_flat(out, snippet.substr(at - p.snippet_range.byte_begin, m.byte_begin - at));
    out += color ? kMatch : "[";
    append_flat(
        out, snippet.substr(m.byte_begin - p.snippet_range.byte_begin, m.byte_end - m.byte_begin));
    out += color ? kReset : "]";
    at = m.byte_end;
  }
  append_flat(out, snippet.substr(at - p.snippet_range.byte_begin));
  if (p.snippet_cut_after) out += "…";
  return out;
}

void print_results(const SearchResults& results, bool color) {
  if (!results.suggestion.empty()) {
    fmt::print("Did you mean: {}{}{}\n\n", color ? kBold : "", flat(results.suggestion),
               color ? kReset : "");
  }
  for (const Facet& facet : results.facets) {
    std::string line;
    for (const FacetValue& v : facet.values)
      line += fmt::format("{}{} ({})", line.empty() ? "" : ", ", flat(v.value), v.count);
    fmt::print("{}{}:{} {}\n", color ? kDim : "", flat(facet.name), color ? kReset : "",
               line.empty() ? "-" : line);
  }
  if (!results.facets.empty()) fmt::print("\n");
  if (!results.explanation.empty()) {
    // Its lines name hits by id: keep the line breaks, escape the rest.
    std::string_view text = results.explanation;
    while (!text.empty()) {
      const std::size_t eol = std::min(text.find('\n'), text.size());
      fmt::print("{}\n", flat(text.substr(0, eol)));
      text.remove_prefix(std::min(eol + 1, text.size()));
    }
    fmt::print("\n");
  }
  if (results.hits.empty()) {
    if (results.passages > 0) {
      // --all-passages paged past the end: offsets count passages.
      fmt::print(
          "No results on this page: \"{}\" has {} passage{} in the top documents; use a smaller "
          "--offset.\n",
          flat(results.query), results.passages, results.passages == 1 ? "" : "s");
    } else if (results.total > 0) {
      // Paged past the end: say how far the results go.
      fmt::print("No results on this page: \"{}\" has about {} result{}; use a smaller --offset.\n",
                 flat(results.query), results.total, results.total == 1 ? "" : "s");
    } else {
      fmt::print("No results for \"{}\".\n", flat(results.query));
    }
    return;
  }
  const std::size_t first = results.hits.front().rank;
  if (results.passages > 0) {  // --all-passages: the hits are passages
    fmt::print(
        "{}{}–{} of {} passages in the top documents for \"{}\" (about {} documents match){}\n\n",
        color ? kDim : "", first, results.hits.back().rank, results.passages, flat(results.query),
        results.total, color ? kReset : "");
  } else {
    fmt::print("{}{}–{} of about {} results for \"{}\"{}\n\n", color ? kDim : "", first,
               results.hits.back().rank, results.total, flat(results.query), color ? kReset : "");
  }
  for (const Hit& hit : results.hits) {
    // Ids and sources of files are absolute paths; shown relative to the
    // current directory when that is shorter.
    const std::string title = flat(hit.title.empty() ? display_path(hit.id) : hit.title);
    // With --all-passages each hit is one passage, ranked by its own score:
    // that is the score shown, beside the document's.
    if (results.passages > 0 && !hit.passages.empty()) {
      fmt::print("{:>2}. {}{}{}  (passage score {:.2f}, document {:.2f})\n", hit.rank,
                 color ? kBold : "", title, color ? kReset : "", hit.passages.front().score,
                 hit.score);
    } else {
      fmt::print("{:>2}. {}{}{}  (score {:.2f})\n", hit.rank, color ? kBold : "", title,
                 color ? kReset : "", hit.score);
    }
    fmt::print("    {}{}{}\n", color ? kDim : "", hit_details(hit), color ? kReset : "");
    // A JSON Lines record: the file and its line, as an editor opens it.
    std::string where = flat(display_path(hit.source));
    if (hit.source_line > 0) where += fmt::format(":{}", hit.source_line);
    for (const Passage& p : hit.passages) {
      fmt::print("    {}{}  bytes {}-{}  passage {}{}\n", color ? kDim : "", where, p.byte_begin,
                 p.byte_end, p.ordinal, color ? kReset : "");
      fmt::print("    {}\n", render_snippet(p, color));
    }
    fmt::print("\n");
  }
}

}  // namespace herdex::cli
