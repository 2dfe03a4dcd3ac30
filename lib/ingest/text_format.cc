#include "ingest/text_format.h"

#include <charconv>
#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "ingest/extract/extractor.h"
#include "util/date.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

// A `title:` header is the author's and is kept up to this length; a first
// line taken as the title is a heading only up to the shorter one (longer,
// it is the review's first paragraph, and its start stands for it).
constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxFirstLineTitleBytes = 120;
constexpr std::size_t kMaxHeaderLines = 64;

std::string_view trim(std::string_view s) {
  const auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r'; };
  while (!s.empty() && !not_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && !not_space(s.back())) s.remove_suffix(1);
  return s;
}

// A header line is `key: value` with a lower-case ASCII key that starts
// with a letter ("2001: A Space Odyssey" is a title).
std::optional<std::pair<std::string_view, std::string_view>> header_line(std::string_view line) {
  const std::size_t colon = line.find(':');
  if (colon == 0 || colon == std::string_view::npos || colon > 32) return std::nullopt;
  if (line[0] < 'a' || line[0] > 'z') return std::nullopt;
  for (std::size_t i = 0; i < colon; ++i) {
    const char c = line[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return std::nullopt;
  }
  std::string_view value = line.substr(colon + 1);
  if (!value.empty() && value.front() != ' ' && value.front() != '\t' && value.front() != '\r') {
    return std::nullopt;  // "http://..." or "note:thing" are not headers
  }
  return std::make_pair(line.substr(0, colon), trim(value));
}

std::string clean(std::string_view s) {
  std::string out(s);
  (void)repair_utf8(out);  // header values are short; the count is not reported
  return out;
}

// The title from `line`, cut to at most `max_bytes` (and an ellipsis):
// after a word when a word ends in the second half, else between graphemes.
std::string cut_title(std::string_view line, std::size_t max_bytes) {
  std::string title = clean(trim(line));
  if (title.size() <= max_bytes) return title;
  std::size_t cut = grapheme_floor(title, max_bytes);
  const std::size_t space = title.find_last_of(" \t", cut);
  if (space != std::string::npos && space >= max_bytes / 2) cut = space;
  std::string_view kept = trim(std::string_view(title).substr(0, cut));
  while (!kept.empty() && std::string_view(",;:-").find(kept.back()) != std::string_view::npos) {
    kept = trim(kept.substr(0, kept.size() - 1));
  }
  if (kept.empty()) kept = std::string_view(title).substr(0, grapheme_floor(title, max_bytes));
  return std::string(kept) + "…";
}

}  // namespace

Document parse_text_document(std::string_view bytes, std::vector<Error>& warnings) {
  Document doc;
  std::size_t start = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") start = 3;  // UTF-8 byte order mark

  // Try the header block.
  std::vector<std::pair<std::string_view, std::string_view>> header;
  std::size_t pos = start;
  bool has_header = false;
  for (std::size_t n = 0; n <= kMaxHeaderLines && pos < bytes.size(); ++n) {
    std::size_t eol = bytes.find('\n', pos);
    if (eol == std::string_view::npos) break;
    const std::string_view line = bytes.substr(pos, eol - pos);
    if (trim(line).empty()) {
      has_header = !header.empty();
      pos = eol + 1;
      break;
    }
    const auto kv = header_line(line);
    if (!kv) break;
    header.push_back(*kv);
    pos = eol + 1;
  }

  if (has_header) {
    doc.source_offset = pos;
    std::size_t line_no = 1;
    for (const auto& [key, value] : header) {
      if (key == "title") {
        doc.title = cut_title(value, kMaxTitleBytes);
      } else if (key == "author") {
        doc.author = clean(value);
      } else if (key == "date" || key == "lang") {
        // Like a rating that is not a number, an impossible date or a
        // language that is no tag is named and left out (the language is
        // then detected from the text).
        std::string v = clean(value);
        std::size_t offset = 0;
        const std::string problem = key == "date"        ? date_problem(v, true, &offset)
                                    : is_language_tag(v) ? std::string()
                                                         : std::string("it is not a language tag");
        if (!problem.empty()) {
          Error w{ErrorCode::invalid_argument,
                  fmt::format("{} '{}': {}; ignored", key, v, problem)};
          w.line = line_no;
          warnings.push_back(std::move(w));
        } else {
          (key == "date" ? doc.date : doc.lang) = std::move(v);
        }
      } else if (key == "rating") {
        double rating = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), rating);
        if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(rating)) {
          Error w{ErrorCode::invalid_argument,
                  fmt::format("rating '{}' is not a number; ignored", clean(value))};
          w.line = line_no;
          warnings.push_back(std::move(w));
        } else {
          doc.rating = rating;
        }
      } else {
        doc.fields.emplace_back(std::string(key), clean(value));
      }
      ++line_no;
    }
  } else {
    doc.source_offset = start;
  }
  doc.text.assign(bytes.substr(doc.source_offset));

  // The page around the review, a title a person would give it, and what
  // the page states (rating, date, credits) that the header did not.
  const bool titled = !doc.title.empty();
  extract_text_page(doc);
  if (!titled && !doc.title.empty()) doc.title = cut_title(doc.title, kMaxFirstLineTitleBytes);
  if (doc.title.empty()) {
    std::size_t p = 0;
    const std::string_view body = doc.text;
    while (p < body.size()) {
      std::size_t eol = body.find('\n', p);
      if (eol == std::string_view::npos) eol = body.size();
      const std::string_view line = trim(body.substr(p, eol - p));
      if (!line.empty()) {
        doc.title = cut_title(line, kMaxFirstLineTitleBytes);
        break;
      }
      p = eol + 1;
    }
  }
  return doc;
}

}  // namespace herdex::detail
