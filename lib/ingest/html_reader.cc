#include "ingest/html_reader.h"

#include "util/utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <climits>
#include <cstring>
#include <memory>
#include <string>

namespace herdex::detail {
namespace {

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

bool name_is(const xmlNode* n, const char* name) {
  return n->name != nullptr && xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

bool is_hidden_element(const xmlNode* n) {
  for (const char* name : {"script", "style", "template", "noscript", "head", "svg", "iframe"}) {
    if (name_is(n, name)) return true;
  }
  return false;
}

bool is_block(const xmlNode* n) {
  static const char* const kBlocks[] = {
      "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
      "table", "tr", "td", "th", "blockquote", "pre", "section", "article", "header", "footer",
      "aside", "nav", "main", "figure", "figcaption", "hr", "form", "address", "details", "summary"};
  for (const char* name : kBlocks) {
    if (name_is(n, name)) return true;
  }
  return false;
}

class TextCollector {
 public:
  void walk(const xmlNode* node) {
    for (const xmlNode* n = node; n != nullptr; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        append_text(reinterpret_cast<const char*>(n->content));
      } else if (n->type == XML_ELEMENT_NODE) {
        if (is_hidden_element(n)) continue;
        if (name_is(n, "br")) {
          paragraph_break(true);
          continue;
        }
        const bool block = is_block(n);
        const bool cell = name_is(n, "td") || name_is(n, "th");
        if (block) paragraph_break(cell);
        walk(n->children);
        if (block) paragraph_break(cell);
      }
    }
  }
  std::string take() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    return std::move(out_);
  }

 private:
  // Collapses whitespace as a browser would, outside <pre>.
  void append_text(const char* text) {
    if (text == nullptr) return;
    for (const char* p = text; *p != '\0'; ++p) {
      const char c = *p;
      if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
        pending_space_ = true;
        continue;
      }
      if (pending_space_ && !out_.empty() && out_.back() != '\n') out_.push_back(' ');
      pending_space_ = false;
      out_.push_back(c);
    }
  }
  // A line break (br, table cells) or a paragraph break (other blocks).
  void paragraph_break(bool single) {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (out_.empty()) return;
    const bool ends_blank = out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n';
    if (ends_blank) return;
    if (single) {
      if (out_.back() != '\n') out_.push_back('\n');
    } else {
      out_.append(out_.back() == '\n' ? "\n" : "\n\n");
    }
  }

  std::string out_;
  bool pending_space_ = false;
};

std::string node_text(const xmlNode* n) {
  xmlChar* content = xmlNodeGetContent(n);
  if (content == nullptr) return {};
  std::string text(reinterpret_cast<const char*>(content));
  xmlFree(content);
  // Collapse whitespace.
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
    } else {
      if (space) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

const xmlNode* find_element(const xmlNode* node, const char* name) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (name_is(n, name)) return n;
    if (const xmlNode* found = find_element(n->children, name)) return found;
  }
  return nullptr;
}

}  // namespace

Document parse_html_document(std::string_view bytes) {
  Document doc;
  if (bytes.empty() || bytes.size() > static_cast<std::size_t>(INT_MAX)) return doc;
  const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                      HTML_PARSE_NONET | HTML_PARSE_NOBLANKS;
  // Without a declared charset libxml2 would guess Latin-1; reviews are UTF-8.
  std::unique_ptr<xmlDoc, DocFree> html(
      htmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, "UTF-8", options));
  if (!html) return doc;
  const xmlNode* root = xmlDocGetRootElement(html.get());
  if (root == nullptr) return doc;
  if (const xmlNode* title = find_element(root, "title")) doc.title = node_text(title);
  if (doc.title.empty()) {
    if (const xmlNode* h1 = find_element(root, "h1")) doc.title = node_text(h1);
  }
  TextCollector collector;
  const xmlNode* body = find_element(root, "body");
  collector.walk(body != nullptr ? body->children : root);
  doc.text = collector.take();
  // libxml2 passes invalid UTF-8 through; repair it like every other input.
  (void)repair_utf8(doc.title);
  (void)repair_utf8(doc.text);  // IndexWriter counts repairs of the text; here they are already done
  return doc;
}

}  // namespace herdex::detail
