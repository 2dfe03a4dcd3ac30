#include "ingest/html_reader.h"

#include "ingest/extract/extractor.h"
#include "ingest/extract/page_metadata.h"
#include "util/utf8.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

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
      "p",       "div",        "br",     "li",     "ul",      "ol",         "dl",
      "dt",      "dd",         "h1",     "h2",     "h3",      "h4",         "h5",
      "h6",      "table",      "tr",     "td",     "th",      "blockquote", "pre",
      "section", "article",    "header", "footer", "aside",   "nav",        "main",
      "figure",  "figcaption", "hr",     "form",   "address", "details",    "summary"};
  for (const char* name : kBlocks) {
    if (name_is(n, name)) return true;
  }
  return false;
}

std::string attribute(const xmlNode* n, const char* name) {
  xmlChar* value = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (value == nullptr) return {};
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

// Words of an id or class attribute, lower case: "jp-relatedposts
// sharedaddy" -> {"jp", "relatedposts", "sharedaddy"}.
std::vector<std::string> attribute_words(const std::string& value) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : value) {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (alnum) {
      word.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

// Elements a page uses for what surrounds the content: by tag, by ARIA
// role, or by id/class words (WordPress, Blogger, Disqus and common themes
// name them so).
bool is_page_furniture(const xmlNode* n, bool inside_content) {
  for (const char* tag : {"nav", "aside", "footer", "form"}) {
    if (name_is(n, tag)) return true;
  }
  // An article's own <header> holds its title and byline; the page's does not.
  if (name_is(n, "header") && !inside_content) return true;
  static const std::set<std::string> kRoles = {
      "navigation", "complementary", "contentinfo", "banner", "search", "menu", "menubar"};
  if (kRoles.count(attribute(n, "role")) > 0) return true;
  static const std::set<std::string> kWords = {
      "comment",      "comments",   "commentlist", "respond",     "replies",       "discussion",
      "disqus",       "share",      "sharing",     "sharedaddy",  "social",        "related",
      "relatedposts", "sidebar",    "widget",      "widgets",     "menu",          "nav",
      "navbar",       "navigation", "breadcrumb",  "breadcrumbs", "footer",        "cookie",
      "cookies",      "consent",    "gdpr",        "newsletter",  "subscribe",     "subscription",
      "signup",       "bio",        "authorbio",   "advert",      "advertisement", "ads",
      "banner",       "popup",      "modal",       "promo",       "pagination",    "pager",
      "masthead",     "colophon",   "skip"};
  for (const char* attr : {"id", "class"}) {
    const std::vector<std::string> words = attribute_words(attribute(n, attr));
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (kWords.count(words[i]) > 0) return true;
      // "about-author", "author-box", "post-navigation"
      if (i + 1 < words.size() &&
          ((words[i] == "about" && words[i + 1] == "author") ||
           (words[i] == "author" && (words[i + 1] == "box" || words[i + 1] == "info")))) {
        return true;
      }
    }
  }
  return false;
}

// Whether `n` holds the page's content (an article, main, or the h1): such
// an element is never dropped, whatever its class says ("has-comments").
bool holds_content(const xmlNode* n) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (name_is(c, "article") || name_is(c, "main") || name_is(c, "h1")) return true;
    if (holds_content(c)) return true;
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
        const bool content = name_is(n, "article") || name_is(n, "main");
        const bool link = name_is(n, "a");
        const bool furniture =
            !content && is_page_furniture(n, content_depth_ > 0) && !holds_content(n);
        if (block || furniture) paragraph_break(cell);
        const std::size_t begin = out_.size();
        content_depth_ += content ? 1 : 0;
        link_depth_ += link ? 1 : 0;
        walk(n->children);
        content_depth_ -= content ? 1 : 0;
        link_depth_ -= link ? 1 : 0;
        if (block || furniture) paragraph_break(cell);
        if (furniture && out_.size() > begin) furniture_.push_back({begin, out_.size()});
      }
    }
  }
  std::string take() {
    while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
    in_link_.resize(out_.size());
    for (TextSpan& span : furniture_) {
      span.end = std::min(span.end, out_.size());
    }
    // Inner elements close first; the line pass wants them by start.
    std::sort(furniture_.begin(), furniture_.end(),
              [](const TextSpan& a, const TextSpan& b) { return a.begin < b.begin; });
    return std::move(out_);
  }
  // Per byte of the text: whether it was link text.
  const std::vector<bool>& link_bytes() const { return in_link_; }
  // Ranges of the text that came from page furniture (nav, comments, ...).
  const std::vector<TextSpan>& furniture() const { return furniture_; }

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
      if (pending_space_ && !out_.empty() && out_.back() != '\n') push(' ');
      pending_space_ = false;
      push(c);
    }
  }
  // A line break (br, table cells) or a paragraph break (other blocks).
  void paragraph_break(bool single) {
    pending_space_ = false;
    while (!out_.empty() && out_.back() == ' ') out_.pop_back();
    if (out_.empty()) return;
    const bool ends_blank =
        out_.size() >= 2 && out_[out_.size() - 1] == '\n' && out_[out_.size() - 2] == '\n';
    if (ends_blank) return;
    if (single) {
      if (out_.back() != '\n') push('\n');
    } else {
      if (out_.back() != '\n') push('\n');
      push('\n');
    }
  }
  void push(char c) {
    out_.push_back(c);
    in_link_.resize(out_.size() - 1);
    in_link_.push_back(link_depth_ > 0 && c != '\n');
  }

  std::string out_;
  std::vector<bool> in_link_;
  std::vector<TextSpan> furniture_;
  int content_depth_ = 0;
  int link_depth_ = 0;
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

void collect_elements(const xmlNode* node, const char* name, std::vector<const xmlNode*>& out) {
  for (const xmlNode* n = node; n != nullptr; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    if (name_is(n, name)) out.push_back(n);
    collect_elements(n->children, name, out);
  }
}

std::vector<const xmlNode*> find_elements(const xmlNode* root, const char* name) {
  std::vector<const xmlNode*> out;
  collect_elements(root, name, out);
  return out;
}

std::string lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
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
  // The title: og:title, else <title>, each without the site's name, else
  // the first <h1>.
  std::string site_name;
  std::string og_title;
  std::string heading;
  for (const xmlNode* meta : find_elements(root, "meta")) {
    const std::string key =
        lower(attribute(meta, "property").empty() ? attribute(meta, "name")
                                                  : attribute(meta, "property"));
    const std::string content = attribute(meta, "content");
    if (content.empty()) continue;
    if (key == "og:site_name" || key == "application-name") {
      if (site_name.empty()) site_name = content;
    } else if (key == "og:title" || key == "twitter:title") {
      if (og_title.empty()) og_title = content;
    } else if (key == "author" || key == "article:author") {
      if (doc.author.empty() && content.find("://") == std::string::npos) {
        doc.author = collapse_spaces(content);
      }
    } else if (key == "article:published_time" || key == "date" || key == "dc.date" ||
               key == "datepublished") {
      if (doc.date.empty()) doc.date = find_date(content);
    }
  }
  if (const xmlNode* h1 = find_element(root, "h1")) heading = node_text(h1);
  if (!og_title.empty()) {
    doc.title = strip_site_name(og_title, site_name, heading);
  } else if (const xmlNode* title = find_element(root, "title")) {
    doc.title = strip_site_name(node_text(title), site_name, heading);
  }
  if (doc.title.empty()) doc.title = collapse_spaces(heading);
  if (doc.date.empty()) {
    // The first <time datetime="…"> of the content: the post's date.
    for (const xmlNode* time : find_elements(root, "time")) {
      doc.date = find_date(attribute(time, "datetime"));
      if (!doc.date.empty()) break;
    }
  }
  TextCollector collector;
  const xmlNode* body = find_element(root, "body");
  collector.walk(body != nullptr ? body->children : root);
  doc.text = collector.take();
  // libxml2 passes invalid UTF-8 through; repair it like every other input.
  (void)repair_utf8(doc.title);
  (void)repair_utf8(doc.author);
  (void)repair_utf8(
      doc.text);  // IndexWriter counts repairs of the text; here they are already done

  // Lines the page's structure marks as furniture are dropped before the
  // line rules run; the link share of each line feeds them.
  std::vector<PageLine> lines = split_page_lines(doc.text);
  const std::vector<bool>& links = collector.link_bytes();
  const std::vector<TextSpan>& furniture = collector.furniture();
  std::size_t f = 0;
  for (PageLine& line : lines) {
    std::size_t linked = 0;
    for (std::size_t i = line.begin; i < line.end && i < links.size(); ++i)
      linked += links[i] ? 1U : 0U;
    if (line.end > line.begin) {
      line.link_share = static_cast<double>(linked) / static_cast<double>(line.end - line.begin);
    }
    while (f < furniture.size() && furniture[f].end <= line.begin) ++f;
    for (std::size_t k = f; k < furniture.size() && furniture[k].begin <= line.begin; ++k) {
      if (furniture[k].end >= line.end) line.dropped = true;
    }
  }
  extract_page(doc, std::move(lines), false);
  return doc;
}

}  // namespace herdex::detail
