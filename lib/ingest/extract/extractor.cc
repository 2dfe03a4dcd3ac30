#include "ingest/extract/extractor.h"

#include <algorithm>
#include <string>
#include <utility>

#include "ingest/extract/page_metadata.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

bool has_field(const Document& doc, std::string_view name) {
  return std::any_of(doc.fields.begin(), doc.fields.end(),
                     [&](const auto& f) { return f.first == name; });
}

void add_field(Document& doc, std::string_view name, std::string value) {
  if (value.empty() || has_field(doc, name)) return;
  (void)repair_utf8(value);  // page bytes; the text's own repairs are counted by the writer
  doc.fields.emplace_back(std::string(name), std::move(value));
}

}  // namespace

void extract_page(Document& doc, std::vector<PageLine> lines, bool choose_title) {
  classify_page_lines(lines);
  for (const TextSpan& span : dropped_spans(lines))
    doc.boilerplate.emplace_back(span.begin, span.end);
  const std::string chosen = choose_title ? choose_page_title(lines) : std::string();
  if (doc.title.empty()) doc.title = chosen;
  PageMetadata meta = read_page_metadata(lines, doc.title.empty() ? chosen : doc.title);
  if (!doc.rating && meta.rating) {
    doc.rating = meta.rating;
    add_field(doc, "rating_text", std::move(meta.rating_text));
  }
  if (doc.date.empty()) doc.date = std::move(meta.date);
  if (doc.author.empty()) {
    doc.author = std::move(meta.author);
    (void)repair_utf8(doc.author);  // as add_field()
  }
  add_field(doc, "director", std::move(meta.director));
  add_field(doc, "writer", std::move(meta.writer));
  add_field(doc, "cast", std::move(meta.cast));
}

void extract_text_page(Document& doc) { extract_page(doc, split_page_lines(doc.text), true); }

}  // namespace herdex::detail
