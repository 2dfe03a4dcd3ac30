// Tests for HTML input (lib/ingest/html_reader.h): the title, the visible
// text a reader sees (hidden content dropped, entities decoded, blocks as
// paragraphs, whitespace collapsed), and that no input, however broken,
// brings it down.
#include "ingest/html_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string page(const std::string& body, const std::string& head = "") {
  return "<!DOCTYPE html>\n<html><head>" + head + "</head><body>" + body + "</body></html>\n";
}

// What every extracted text must look like, whatever the input:
// whitespace collapsed, no blank run longer than a paragraph break, nothing
// to trim at either end. (Invalid UTF-8 is IndexWriter's to repair.)
void expect_clean(const std::string& text) {
  EXPECT_EQ(text.find("  "), std::string::npos);
  EXPECT_EQ(text.find(" \n"), std::string::npos);
  EXPECT_EQ(text.find("\n "), std::string::npos);
  EXPECT_EQ(text.find("\n\n\n"), std::string::npos);
  EXPECT_EQ(text.find_first_of("\t\r"), std::string::npos);
  if (!text.empty()) {
    EXPECT_NE(text.front(), ' ');
    EXPECT_NE(text.front(), '\n');
    EXPECT_NE(text.back(), ' ');
    EXPECT_NE(text.back(), '\n');
  }
}

struct Case {
  const char* name;
  std::string html;
  std::string expected;
};

void check_texts(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Document doc = parse_html_document(c.html);
    EXPECT_EQ(doc.text, c.expected);
    expect_clean(doc.text);
  }
}

// ---------------------------------------------------------------------------
// Title

TEST(HtmlReader, TitleComesFromTitleElement) {
  const Document doc = parse_html_document(
      page("<h1>The heading</h1><p>Body.</p>",
           "<meta charset=\"utf-8\"><title>  The voice\n\tin the ear </title>"));
  EXPECT_EQ(doc.title, "The voice in the ear");
  // The head is not text; the heading is.
  EXPECT_EQ(doc.text, "The heading\n\nBody.");
  EXPECT_TRUE(doc.id.empty());  // the caller's job
  EXPECT_EQ(doc.source_offset, 0U);
}

TEST(HtmlReader, TitleFallsBackToFirstHeading) {
  const std::vector<Case> cases = {
      {"no title", page("<p>Intro</p><h1>First <em>heading</em></h1><h1>Second heading</h1>"),
       "First heading"},
      {"empty title", page("<h1>Heading</h1>", "<title>   </title>"), "Heading"},
      {"no head at all", "<h1>Bare heading</h1><p>text</p>", "Bare heading"},
      {"neither", page("<h2>Only h2</h2><p>text</p>"), ""},
      {"upper-case tags", "<HTML><HEAD><TITLE>Shouted</TITLE></HEAD><BODY><P>x</P></BODY></HTML>",
       "Shouted"},
      {"title with entity", page("", "<title>Tom &amp; Jerry&rsquo;s</title>"),
       "Tom & Jerry\u2019s"},
      {"cjk title", page("", "<title>『her/世界でひとつの彼女』感想</title>"),
       "『her/世界でひとつの彼女』感想"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(parse_html_document(c.html).title, c.expected);
  }
}

// ---------------------------------------------------------------------------
// Text

TEST(HtmlReader, DropsHiddenContent) {
  const std::string html = page(
      "<p>Visible one.</p>"
      "<script>var hidden = 'script text';</script>"
      "<style>p { color: red; } .styletext {}</style>"
      "<noscript>Please enable noscripttext</noscript>"
      "<template><p>templatetext</p></template>"
      "<p>Visible <script>document.write('inlinescript')</script>two.</p>",
      "<script>headscript()</script><style>body{}</style>");
  const Document doc = parse_html_document(html);
  EXPECT_EQ(doc.text, "Visible one.\n\nVisible two.");
  for (const char* hidden : {"script", "color", "styletext", "noscripttext", "templatetext",
                             "inlinescript", "headscript"}) {
    EXPECT_THAT(doc.text, Not(HasSubstr(hidden)));
  }
}

TEST(HtmlReader, DecodesEntities) {
  check_texts({
      {"named", page("<p>Tom &amp; Jerry &lt;3 &quot;cats&quot;</p>"), "Tom & Jerry <3 \"cats\""},
      {"typographic", page("<p>Jerry&rsquo;s &ldquo;film&rdquo; &mdash; great&hellip;</p>"),
       "Jerry\u2019s \u201Cfilm\u201D \u2014 great\u2026"},
      // A no-break space is not collapsible whitespace: it stays, as U+00A0.
      {"nbsp", page("<p>10&nbsp;out&nbsp;of&nbsp;10</p>"), "10\u00A0out\u00A0of\u00A010"},
      {"hex numeric", page("<p>&#x5B57; and &#X5b57;</p>"), "字 and 字"},
      {"decimal numeric", page("<p>&#23383;&#65;</p>"), "字A"},
      {"markup as text", page("<p>&lt;p&gt;not a tag&lt;/p&gt;</p>"), "<p>not a tag</p>"},
      {"accented", page("<p>caf&eacute; na&iuml;ve</p>"), "caf\u00E9 na\u00EFve"},
  });
}

TEST(HtmlReader, BlocksBecomeParagraphsAndBrALineBreak) {
  check_texts({
      {"paragraphs", page("<p>One.</p><p>Two.</p>"), "One.\n\nTwo."},
      {"br", page("<p>Line one<br>Line two<br/>Line three</p>"), "Line one\nLine two\nLine three"},
      {"div then text", page("<div>Block</div>after"), "Block\n\nafter"},
      {"headings", page("<h2>Plot</h2><p>Text.</p><h3>Verdict</h3><p>Good.</p>"),
       "Plot\n\nText.\n\nVerdict\n\nGood."},
      {"list items", page("<ul><li>first</li><li>second</li></ul><p>after</p>"),
       "first\n\nsecond\n\nafter"},
      {"nested blocks do not stack breaks",
       page("<div><div><p>deep</p></div></div><div><p>next</p></div>"), "deep\n\nnext"},
      {"blockquote", page("<p>He said:</p><blockquote>Quote.</blockquote>"), "He said:\n\nQuote."},
      {"inline elements join",
       page("<p>un<i>believ</i>able, <b>bold</b> and <a href=\"#\">linked</a></p>"),
       "unbelievable, bold and linked"},
      {"br then paragraph", page("<p>end of line<br></p><p>next</p>"), "end of line\n\nnext"},
  });
}

TEST(HtmlReader, CollapsesWhitespace) {
  check_texts({
      {"runs", page("<p>  many    spaces\n\n\tand\r\nlines   </p>"), "many spaces and lines"},
      {"between inline elements", page("<p><span>a</span>   <span>b</span>\n<span>c</span></p>"),
       "a b c"},
      {"between blocks", page("\n  <p>  a  </p>\n\n  <p>\tb\t</p>\n"), "a\n\nb"},
      {"around br", page("<p>a   <br>   b</p>"), "a\nb"},
      {"only whitespace", page("<p>   </p>\n\t<div> </div>"), ""},
  });
}

TEST(HtmlReader, KeepsUtf8Text) {
  check_texts({
      {"cjk", page("<p>她的声音。</p><p>声だけの恋人</p><p>목소리가 좋았다</p>"),
       "她的声音。\n\n声だけの恋人\n\n목소리가 좋았다"},
      {"mixed scripts", page("<p>Her (2013) は 孤独 と 외로움 についての映画 😀</p>"),
       "Her (2013) は 孤独 と 외로움 についての映画 😀"},
      {"declared charset", page("<p>發表留言</p>", "<meta charset=\"utf-8\">"), "發表留言"},
  });
}

TEST(HtmlReader, InvalidUtf8DoesNotSpoilTheRest) {
  // Without a declared charset libxml2 would guess Latin-1 and turn the CJK
  // into mojibake; one bad byte must not make it switch either.
  const Document doc =
      parse_html_document(page("<p>bad \xFF byte</p><p>声音 孤獨</p>", "<title>声</title>"));
  EXPECT_EQ(doc.title, "声");
  EXPECT_THAT(doc.text, HasSubstr("bad "));
  EXPECT_THAT(doc.text, HasSubstr(" byte\n\n声音 孤獨"));
  const Document undeclared = parse_html_document("<p>声だけの恋人 &amp; 외로움</p>");
  EXPECT_EQ(undeclared.text, "声だけの恋人 & 외로움");
  EXPECT_EQ(count_invalid_utf8(undeclared.text), 0U);
}

TEST(HtmlReader, FragmentWithoutBodyStillGivesText) {
  check_texts({
      {"bare text", "just some text", "just some text"},
      {"bare paragraphs", "<p>one</p><p>two</p>", "one\n\ntwo"},
  });
}

// ---------------------------------------------------------------------------
// Page structure: what surrounds the content is marked as boilerplate

// Whether all of `needle` lies in the document's boilerplate spans.
bool in_boilerplate(const Document& doc, std::string_view needle) {
  const std::size_t at = doc.text.find(needle);
  if (at == std::string::npos) return false;
  for (const auto& [b, e] : doc.boilerplate) {
    if (b <= at && at + needle.size() <= e) return true;
  }
  return false;
}

TEST(HtmlReader, PageStructureMarksWhatSurroundsTheContent) {
  // The review's own text, and a paragraph the text rules alone would keep:
  // only the element around it says whether it is the page's furniture.
  const std::string review =
      "<p>Theodore writes letters for other people, and the film watches him fall for a voice "
      "with a patience that most romances never find.</p>";
  const std::string prose =
      "This paragraph about quokkas is long enough to read as prose, with many words in it.";
  struct StructureCase {
    const char* name;
    std::string body;  // holds `prose` once
    bool dropped;
  };
  const auto p = [&](const std::string& open, const std::string& close) {
    return "<article>" + review + "</article>" + open + "<p>" + prose + "</p>" + close;
  };
  const std::vector<StructureCase> cases = {
      {"nav", p("<nav>", "</nav>"), true},
      {"aside", p("<aside>", "</aside>"), true},
      {"footer", p("<footer>", "</footer>"), true},
      {"form", p("<form>", "</form>"), true},
      {"page header", "<header><p>" + prose + "</p></header><article>" + review + "</article>",
       true},
      {"role navigation", p("<div role=\"navigation\">", "</div>"), true},
      {"role complementary", p("<div role=\"complementary\">", "</div>"), true},
      {"role contentinfo", p("<div role=\"contentinfo\">", "</div>"), true},
      {"id comments", p("<section id=\"comments\">", "</section>"), true},
      {"class comment-list", p("<ol class=\"comment-list\">", "</ol>"), true},
      {"class share-buttons", p("<div class=\"share-buttons\">", "</div>"), true},
      {"class related-posts", p("<div class=\"related-posts\">", "</div>"), true},
      {"class sidebar", p("<div class=\"sidebar\">", "</div>"), true},
      {"class menu", p("<div class=\"menu-main\">", "</div>"), true},
      {"class cookie", p("<div class=\"cookie-banner\">", "</div>"), true},
      {"class about-author", p("<div class=\"about-author\">", "</div>"), true},
      // Kept: the content's own parts, and plain blocks.
      {"plain div", p("<div>", "</div>"), false},
      {"section", p("<section>", "</section>"), false},
      {"article header", "<article><header><p>" + prose + "</p></header>" + review + "</article>",
       false},
      {"article with has-comments",
       "<article class=\"post has-comments\">" + review + "<p>" + prose + "</p></article>", false},
      {"main with a sidebar class",
       "<div class=\"with-sidebar\"><main>" + review + "<p>" + prose + "</p></main></div>", false},
  };
  for (const StructureCase& c : cases) {
    SCOPED_TRACE(c.name);
    const Document doc = parse_html_document(page(c.body));
    ASSERT_THAT(doc.text, HasSubstr("quokkas"));
    EXPECT_EQ(in_boilerplate(doc, prose), c.dropped);
    EXPECT_FALSE(in_boilerplate(doc, "Theodore writes letters"));
  }
}

TEST(HtmlReader, LinesOfLinksAreMarked) {
  const std::string review =
      "<p>Theodore writes letters for other people, and the film watches him fall for a voice "
      "with a patience that most romances never find.</p>";
  const Document doc = parse_html_document(
      page("<div><a href=\"/a\">Gravity review</a> <a href=\"/b\">Nebraska at last</a></div>"
           "<div>" +
           review + "</div>"));
  EXPECT_TRUE(in_boilerplate(doc, "Gravity review Nebraska at last"));
  EXPECT_FALSE(in_boilerplate(doc, "Theodore"));
}

// ---------------------------------------------------------------------------
// Broken input

TEST(HtmlReader, SurvivesBrokenInput) {
  const std::vector<std::string> inputs = {
      "",
      " ",
      "\n\n\n",
      "<",
      ">",
      "<<<<>>>>",
      "</p></div></body></html>",
      "<html",
      "<p",
      "<p>unclosed <b>bold <i>italic",
      "<!--",
      "<!-- unterminated comment <p>x</p>",
      "<![CDATA[ x ]]>",
      "<script>never closed",
      "<style>never closed",
      "<title>unclosed title",
      "<title></title><h1></h1>",
      "&",
      "&#;",
      "&#x;",
      "&#0;",
      "&#xFFFFFFFF;",
      "&#99999999999999999999;",
      "&#xD800;",
      "&nosuchentity;",
      "<p a=\"unterminated>x</p>",
      "<p a='x' a='y' b=>x</p>",
      "<?xml version=\"1.0\"?><p>x</p>",
      "<!DOCTYPE",
      std::string("\0\0\0", 3),
      std::string("<p>nul\0inside</p>", 17),
      "\xFF\xFE<\x00p>",
      "<p>invalid \xC3\x28 utf8 \xE5\xAD</p>",
      "\xEF\xBB\xBF<p>byte order mark</p>",
      std::string(10000, '<'),
      std::string(10000, '&'),
  };
  for (const std::string& html : inputs) {
    SCOPED_TRACE(::testing::PrintToString(html.substr(0, 40)));
    const Document doc = parse_html_document(html);
    expect_clean(doc.text);
  }
}

TEST(HtmlReader, EmptyInputGivesEmptyDocument) {
  const Document doc = parse_html_document("");
  EXPECT_TRUE(doc.text.empty());
  EXPECT_TRUE(doc.title.empty());
}

TEST(HtmlReader, SurvivesEveryTruncation) {
  const std::string html = page(
      "<h1>Her</h1><p>Tom &amp; Jerry&rsquo;s <b>voice</b><br>声だけの恋人 &#x5B57;</p>"
      "<script>x()</script><ul><li>one</li></ul><!-- c -->",
      "<title>T</title>");
  for (std::size_t n = 0; n <= html.size(); ++n) {
    SCOPED_TRACE(n);
    const Document doc = parse_html_document(std::string_view(html).substr(0, n));
    expect_clean(doc.text);
  }
}

TEST(HtmlReader, SurvivesDeepNesting) {
  for (const char* tag : {"div", "b", "li"}) {
    SCOPED_TRACE(tag);
    std::string html;
    for (int i = 0; i < 20000; ++i) html += std::string("<") + tag + ">";
    html += "deep text";
    const Document doc = parse_html_document(html);
    expect_clean(doc.text);
  }
}

TEST(HtmlReader, SurvivesRandomBytes) {
  std::mt19937 random(20240611);  // fixed: failures must reproduce
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<std::size_t> length(0, 600);
  for (int round = 0; round < 300; ++round) {
    std::string bytes(length(random), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(random));
    SCOPED_TRACE(round);
    expect_clean(parse_html_document(bytes).text);
  }
}

TEST(HtmlReader, SurvivesRandomTagSoup) {
  const std::vector<std::string> pieces = {
      "<p>",         "</p>",      "<div>",   "</div>",   "<br>",       "<br/>",
      "<script>",    "</script>", "<style>", "</style>", "<title>",    "</title>",
      "<h1>",        "</h1>",     "<li>",    "<table>",  "<tr>",       "<td>",
      "<pre>",       "</pre>",    "<!--",    "-->",      "<![CDATA[",  "]]>",
      "&amp;",       "&#x5B57;",  "&#",      "&",        ";",          "<",
      ">",           "\"",        "'",       "=",        " ",          "\n",
      "\t",          "word",      "字",      "\xE5",     "\xFF",       std::string(1, '\0'),
      "<a href=\"",  "<html>",    "<body>",  "</body>",  "<noscript>", "<template>",
      "</template>", "<svg>",     "</svg>"};
  std::mt19937 random(7);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 80);
  for (int round = 0; round < 400; ++round) {
    std::string html;
    for (int i = count(random); i > 0; --i) html += pieces[pick(random)];
    SCOPED_TRACE(::testing::PrintToString(html));
    const Document doc = parse_html_document(html);
    expect_clean(doc.text);
  }
}

}  // namespace
}  // namespace herdex::detail
