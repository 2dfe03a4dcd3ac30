// Tests for the query language (lib/search/query_parser.h): what each
// construct parses to, the spans the builder relies on to point at a word,
// every syntax error with its column, and that no input can crash the parser.
#include "search/query_parser.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace herdex::detail {
namespace {

using Kind = QueryNode::Kind;
using Occur = QueryNode::Occur;

struct ParseCase {
  std::string query;
  std::string expected;  // to_debug_string of the tree
};

struct ErrorCase {
  std::string query;
  std::size_t column;
  std::string message;  // a substring of Error::message
};

std::string parse_debug(std::string_view query) {
  Result<QueryNode> r = parse_query(query);
  if (!r) return "error at column " + std::to_string(r.error().column) + ": " + r.error().message;
  return to_debug_string(*r);
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(QueryParser, ParsesWordsAndImplicitLists) {
  const std::vector<ParseCase> cases = {
      {"lonely", "(text lonely)"},
      {"  lonely\t", "(text lonely)"},
      {"lonely man", "(any (text lonely) (text man))"},
      {"lonely \"operating system\" title:her",
       "(any (text lonely) (phrase \"operating system\") (field title (text her)))"},
      {"孤独的人", "(text 孤独的人)"},
      {"Samantha 的聲音", "(any (text Samantha) (text 的聲音))"},
      {"?!", "(text ?!)"},
      {"well-known co-op", "(any (text well-known) (text co-op))"},
      {"and or not near", "(any (text and) (text or) (text not) (text near))"},
      {"And Or", "(any (text And) (text Or))"},
      {"a\"b\"c", "(any (text a) (phrase \"b\") (text c))"},
      // Unicode spaces separate words, so operators around them still work.
      {"a\xE3\x80\x80OR\xE3\x80\x80"
       "b",
       "(any (text a) (text b))"},
      {"a\xC2\xA0"
       "AND\xC2\xA0"
       "b",
       "(all (text a) (text b))"},
      // Bytes are never rejected: the analyzer deals with invalid UTF-8.
      {"\xFF\xFE x", "(any (text \xFF\xFE) (text x))"},
      {std::string("a\0b", 3), std::string("(text a\0b)", 10)},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ParsesPhrasesAndPrefixes) {
  const std::vector<ParseCase> cases = {
      {"\"operating system\"", "(phrase \"operating system\")"},
      {"\"孤独的人\"", "(phrase \"孤独的人\")"},
      {"\"AND OR\"", "(phrase \"AND OR\")"},
      {"\" spaced \"", "(phrase \" spaced \")"},
      {"\"lonel*\"", "(phrase \"lonel*\")"},
      {"lonel*", "(prefix lonel)"},
      {"lo*", "(prefix lo)"},
      {"孤*", "(prefix 孤)"},
      {"lonel** x", "(any (prefix lonel) (text x))"},
      {"lo*el *x", "(any (text lo*el) (text *x))"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ParsesSigns) {
  const std::vector<ParseCase> cases = {
      {"+her -movie", "(any +(text her) -(text movie))"},
      {"+\"operating system\" samantha", "(any +(phrase \"operating system\") (text samantha))"},
      {"-(rain OR snow) walk", "(any -(any (text rain) (text snow)) (text walk))"},
      {"walk -title:rain", "(any (text walk) -(field title (text rain)))"},
      {"walk -rating:..3", "(any (text walk) -(range rating ..3))"},
      {"walk -lonel*", "(any (text walk) -(prefix lonel))"},
      {"-((a b)) c", "(any -(any (text a) (text b)) (text c))"},
      // A sign alone in its list changes nothing.
      {"+her", "(text her)"},
      {"+her OR him", "(any (text her) (text him))"},
      {"x (+y)", "(any (text x) (text y))"},
      // A sign not attached to anything is a word; after a sign, the rest is literal.
      {"a - b", "(any (text a) (text -) (text b))"},
      {"a +", "(any (text a) (text +))"},
      {"(a -)", "(any (text a) (text -))"},
      {"+AND x", "(any +(text AND) (text x))"},
      {"--x y", "(any -(text -x) (text y))"},
      {"+-", "(text -)"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ParsesBooleanOperatorsWithPrecedence) {
  const std::vector<ParseCase> cases = {
      {"a AND b", "(all (text a) (text b))"},
      {"a OR b", "(any (text a) (text b))"},
      {"a NOT b", "(and_not (text a) (text b))"},
      {"a AND NOT b", "(and_not (text a) (text b))"},
      // Chains of one operator are one node.
      {"a AND b AND c", "(all (text a) (text b) (text c))"},
      {"a OR b OR c", "(any (text a) (text b) (text c))"},
      {"a NOT b NOT c", "(and_not (text a) (text b) (text c))"},
      {"a AND NOT b NOT c", "(and_not (text a) (text b) (text c))"},
      {"a AND NOT b AND c", "(all (and_not (text a) (text b)) (text c))"},
      // NOT > AND > OR.
      {"a OR b AND c", "(any (text a) (all (text b) (text c)))"},
      {"a AND b OR c", "(any (all (text a) (text b)) (text c))"},
      {"a AND b NOT c", "(all (text a) (and_not (text b) (text c)))"},
      {"a NOT b AND c", "(all (and_not (text a) (text b)) (text c))"},
      {"a OR b NOT c", "(any (text a) (and_not (text b) (text c)))"},
      {"a NOT b OR c AND d", "(any (and_not (text a) (text b)) (all (text c) (text d)))"},
      // The implicit list binds tighter than every operator.
      {"a b OR c", "(any (any (text a) (text b)) (text c))"},
      {"a AND b c", "(all (text a) (any (text b) (text c)))"},
      {"lonely NOT sad movie", "(and_not (text lonely) (any (text sad) (text movie)))"},
      // Parentheses.
      {"(a OR b) AND c", "(all (any (text a) (text b)) (text c))"},
      {"a AND (b OR c)", "(all (text a) (any (text b) (text c)))"},
      {"(a OR b) c", "(any (any (text a) (text b)) (text c))"},
      {"((a))", "(text a)"},
      {"a NOT (b c)", "(and_not (text a) (any (text b) (text c)))"},
      {"(a)(b)", "(any (text a) (text b))"},
      {"AND(a)", "error at column 1: AND needs something before it"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ParsesNear) {
  const std::vector<ParseCase> cases = {
      {"theodore NEAR/5 letters", "(near 5 (text theodore) (text letters))"},
      {"theodore NEAR letters", "(near 10 (text theodore) (text letters))"},
      {"a NEAR/1 b", "(near 1 (text a) (text b))"},
      {"a NEAR/1000 b", "(near 1000 (text a) (text b))"},
      {"a NEAR/0010 b", "(near 10 (text a) (text b))"},
      {"a NEAR b NEAR/10 c", "(near 10 (text a) (text b) (text c))"},
      {"her theodore NEAR letters", "(any (text her) (near 10 (text theodore) (text letters)))"},
      {"\"dear theodore\" NEAR/3 lett*", "(near 3 (phrase \"dear theodore\") (prefix lett))"},
      {"孤独 NEAR/2 的人", "(near 2 (text 孤独) (text 的人))"},
      {"-a NEAR b c", "(any -(near 10 (text a) (text b)) (text c))"},
      {"(a) NEAR b", "(near 10 (text a) (text b))"},
      {"a NEAR b OR c", "(any (near 10 (text a) (text b)) (text c))"},
      {"near/5", "(text near/5)"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ParsesFieldsAndRanges) {
  const std::vector<ParseCase> cases = {
      {"title:her", "(field title (text her))"},
      {"Title:her", "(field title (text her))"},
      {"TITLE:Her", "(field title (text Her))"},
      {"author_2:x", "(field author_2 (text x))"},
      {"title:lonel*", "(field title (prefix lonel))"},
      {"title:\"her film\"", "(field title (phrase \"her film\"))"},
      {"title:(her OR his) x", "(any (field title (any (text her) (text his))) (text x))"},
      {"title:孤独", "(field title (text 孤独))"},
      // The value is a literal word.
      {"title:-x", "(field title (text -x))"},
      {"title:AND", "(field title (text AND))"},
      {"title:a:b", "(field title (text a:b))"},
      {"AND:x", "(field and (text x))"},
      // Only looks like a field.
      {"http://example.com/x", "(text http://example.com/x)"},
      {"12:30", "(text 12:30)"},
      {"meet at 12:30", "(any (text meet) (text at) (text 12:30))"},
      {":x", "(text :x)"},
      {"_a:x", "(text _a:x)"},
      {"孤:x", "(text 孤:x)"},
      // Ranges.
      {"rating:7..10", "(range rating 7..10)"},
      {"Rating:7..10", "(range rating 7..10)"},
      {"date:2014-01-01..2014-12-31", "(range date 2014-01-01..2014-12-31)"},
      {"rating:7..", "(range rating 7..)"},
      {"rating:..5", "(range rating ..5)"},
      {"rating:1.5..2.5", "(range rating 1.5..2.5)"},
      {"rating:7..10 lonely", "(any (range rating 7..10) (text lonely))"},
      {"title:wait...", "(field title (text wait...))"},
      {"title:a...b", "(field title (text a...b))"},
      {"title:x OR rating:..3", "(any (field title (text x)) (range rating ..3))"},
  };
  for (const ParseCase& c : cases) {
    SCOPED_TRACE(c.query);
    EXPECT_EQ(parse_debug(c.query), c.expected);
  }
}

TEST(QueryParser, ReportsErrorsAtTheirColumn) {
  const std::vector<ErrorCase> cases = {
      {"", 1, "empty query"},
      {"   \t\n", 1, "empty query"},
      {"\xE3\x80\x80", 1, "empty query"},
      // Quotes.
      {"\"unclosed", 1, "unclosed quote"},
      {"a \"b c", 3, "unclosed quote"},
      {"a \"b\" \"c", 7, "unclosed quote"},
      {"\"\"", 1, "empty phrase"},
      {"x \"  \"", 3, "empty phrase"},
      // Fields and ranges.
      {"title:", 6, "title: needs a value"},
      {"a title: b", 8, "title: needs a value"},
      {"Title:", 6, "Title: needs a value"},
      {"(title:)", 7, "title: needs a value"},
      {"rating:..", 8, "rating:.. needs at least one bound"},
      {"rating:1..2..3", 12, "only one '..'"},
      {"title:(author:x)", 8, "fields cannot be nested"},
      {"title:(rating:1..2)", 8, "fields cannot be nested"},
      // Parentheses.
      {"((", 2, "unclosed '('"},
      {"(a", 1, "unclosed '('"},
      {"((a)", 1, "unclosed '('"},
      {"a (b OR (c)", 3, "unclosed '('"},
      {")", 1, "unmatched ')'"},
      {"a)", 2, "unmatched ')'"},
      {"(a))", 4, "unmatched ')'"},
      {"()", 1, "empty parentheses"},
      {"a ( ) b", 3, "empty parentheses"},
      {"-()", 2, "empty parentheses"},
      // Operators.
      {"a AND", 3, "AND needs something after it"},
      {"OR b", 1, "OR needs something before it"},
      {"a OR OR b", 6, "OR cannot follow OR"},
      {"a AND OR b", 7, "OR cannot follow AND"},
      {"(a OR) b", 4, "OR needs something after it"},
      {"(AND a)", 2, "AND needs something before it"},
      {"NOT b", 1, "NOT needs something to subtract from"},
      {"(NOT b)", 2, "NOT needs something to subtract from"},
      {"a OR NOT b", 6, "NOT needs something to subtract from"},
      {"a AND NOT NOT b", 11, "NOT needs something to subtract from"},
      {"a NOT", 3, "NOT needs something after it"},
      {"a AND NOT", 7, "NOT needs something after it"},
      // Signs.
      {"-movie", 1, "a query of only exclusions matches nothing"},
      {"-a -\"b c\"", 1, "only exclusions"},
      {"x (-a -b)", 4, "only exclusions"},
      {"a AND -b", 7, "only exclusions"},
      {"a NOT -b", 7, "only exclusions"},
      // NEAR.
      {"NEAR/0", 6, "NEAR/n needs a whole number n from 1 to 1000"},
      {"a NEAR/0 b", 8, "from 1 to 1000"},
      {"a NEAR/1001 b", 8, "from 1 to 1000"},
      {"a NEAR/99999999999999999999999 b", 8, "from 1 to 1000"},
      {"a NEAR/x b", 8, "from 1 to 1000"},
      {"a NEAR/-1 b", 8, "from 1 to 1000"},
      {"a NEAR/", 8, "from 1 to 1000"},
      {"a NEAR", 3, "NEAR needs something after it"},
      {"NEAR b", 1, "NEAR needs something before it"},
      {"a NEAR OR b", 8, "OR cannot follow NEAR"},
      {"a NEAR/3 b NEAR/5 c", 12, "conflicts with the distance 3"},
      {"(a b) NEAR c", 1, "NEAR joins words, prefixes and phrases"},
      {"a NEAR (b c)", 8, "NEAR joins words, prefixes and phrases"},
      {"a NEAR -b", 8, "NEAR joins words, prefixes and phrases"},
      {"a NEAR title:b", 8, "NEAR joins words, prefixes and phrases"},
      {"title:a NEAR b", 1, "NEAR joins words, prefixes and phrases"},
      // Prefixes.
      {"l*", 1, "prefix too short"},
      {"x 孤独 l**", 10, "prefix too short"},
      {"*", 1, "'*' needs a word before it"},
      {"a *", 3, "'*' needs a word before it"},
      {"-*", 2, "'*' needs a word before it"},
      {"title:*", 7, "'*' needs a word before it"},
      {"title:l*", 7, "prefix too short"},
      // The first error met, reading left to right.
      {"a AND \"x", 7, "unclosed quote"},
      {"(a \"x", 4, "unclosed quote"},
      {"a OR ) \"x", 3, "OR needs something after it"},
  };
  for (const ErrorCase& c : cases) {
    SCOPED_TRACE(c.query);
    Result<QueryNode> r = parse_query(c.query);
    ASSERT_FALSE(r.has_value()) << to_debug_string(*r);
    EXPECT_EQ(r.error().code, ErrorCode::query_syntax);
    EXPECT_EQ(r.error().column, c.column) << r.error().message;
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
}

TEST(QueryParser, EnforcesLimits) {
  // Length: 8 KiB is fine, one byte more is not.
  EXPECT_EQ(parse_debug(std::string(kMaxQueryBytes, 'a')),
            "(text " + std::string(kMaxQueryBytes, 'a') + ")");
  Result<QueryNode> too_long = parse_query(std::string(kMaxQueryBytes + 1, 'a'));
  ASSERT_FALSE(too_long.has_value());
  EXPECT_EQ(too_long.error().column, kMaxQueryBytes + 1);
  EXPECT_NE(too_long.error().message.find("longer than 8192 bytes"), std::string::npos);

  // Nodes: 999 words and their list make 1000 nodes.
  EXPECT_TRUE(parse_query(repeat("a ", 999)).has_value());
  Result<QueryNode> list_too_big = parse_query(repeat("a ", 1000));
  ASSERT_FALSE(list_too_big.has_value());
  EXPECT_EQ(list_too_big.error().column, 1U);
  EXPECT_NE(list_too_big.error().message.find("more than 1000 parts"), std::string::npos);
  Result<QueryNode> words_too_many = parse_query(repeat("a ", 1001));
  ASSERT_FALSE(words_too_many.has_value());
  EXPECT_EQ(words_too_many.error().column, 2001U);
  EXPECT_FALSE(parse_query(repeat("a OR ", 1000) + "a").has_value());

  // Depth: 32 nested groups are fine, 33 are not, and a flood of '(' fails
  // at the 33rd without recursing further.
  EXPECT_EQ(parse_debug(repeat("(", 32) + "a" + repeat(")", 32)), "(text a)");
  EXPECT_EQ(parse_debug(repeat("(", 33) + "a" + repeat(")", 33)),
            "error at column 33: parentheses nested more than 32 deep");
  EXPECT_EQ(parse_debug(repeat("(", 8000)),
            "error at column 33: parentheses nested more than 32 deep");
  EXPECT_EQ(parse_debug(repeat("title:(", 33) + "a"), "error at column 8: fields cannot be nested");
  EXPECT_EQ(parse_debug(repeat("-(", 16) + "a"), "error at column 32: unclosed '('");
}

TEST(QueryParser, RecordsSpans) {
  {
    // 8 bytes, a space, three 3-byte characters.
    Result<QueryNode> r = parse_query("Samantha 的聲音");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->byte_begin, 0U);
    EXPECT_EQ(r->byte_end, 18U);
    ASSERT_EQ(r->children.size(), 2U);
    EXPECT_EQ(r->children[0].byte_begin, 0U);
    EXPECT_EQ(r->children[0].byte_end, 8U);
    EXPECT_EQ(r->children[1].byte_begin, 9U);
    EXPECT_EQ(r->children[1].byte_end, 18U);
  }
  {
    // Leaves leave out their sign; lists cover their items' signs.
    Result<QueryNode> r = parse_query(" +her -\"big film\" ");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->byte_begin, 1U);
    EXPECT_EQ(r->byte_end, 17U);
    ASSERT_EQ(r->children.size(), 2U);
    EXPECT_EQ(r->children[0].byte_begin, 2U);
    EXPECT_EQ(r->children[0].byte_end, 5U);
    EXPECT_EQ(r->children[1].byte_begin, 7U);
    EXPECT_EQ(r->children[1].byte_end, 17U);
    EXPECT_EQ(r->children[1].occur, Occur::must_not);
  }
  {
    // A field spans its name and value; parentheses belong to the enclosing node.
    Result<QueryNode> r = parse_query("title:(a b) OR (c d)");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->byte_begin, 0U);
    EXPECT_EQ(r->byte_end, 20U);
    ASSERT_EQ(r->children.size(), 2U);
    const QueryNode& field = r->children[0];
    EXPECT_EQ(field.kind, Kind::field);
    EXPECT_EQ(field.byte_begin, 0U);
    EXPECT_EQ(field.byte_end, 11U);
    ASSERT_EQ(field.children.size(), 1U);
    EXPECT_EQ(field.children[0].byte_begin, 7U);
    EXPECT_EQ(field.children[0].byte_end, 10U);
    EXPECT_EQ(r->children[1].byte_begin, 16U);
    EXPECT_EQ(r->children[1].byte_end, 19U);
  }
  {
    Result<QueryNode> r = parse_query("x rating:7..10");
    ASSERT_TRUE(r.has_value());
    const QueryNode& range = r->children.at(1);
    EXPECT_EQ(range.kind, Kind::range);
    EXPECT_EQ(range.text, "rating");
    EXPECT_EQ(range.low, "7");
    EXPECT_EQ(range.high, "10");
    EXPECT_EQ(range.byte_begin, 2U);
    EXPECT_EQ(range.byte_end, 14U);
    EXPECT_EQ(range.low_begin, 9U);
    EXPECT_EQ(range.high_begin, 12U);
  }
  {
    Result<QueryNode> r = parse_query("rating:..5");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->low, "");
    EXPECT_EQ(r->low_begin, 7U);
    EXPECT_EQ(r->high_begin, 9U);
  }
  {
    // 孤独的人 is 12 bytes; the star belongs to the prefix's span.
    Result<QueryNode> r = parse_query("孤独的人 NEAR/2 lonel*");
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->kind, Kind::near);
    EXPECT_EQ(r->byte_begin, 0U);
    EXPECT_EQ(r->byte_end, 26U);
    ASSERT_EQ(r->children.size(), 2U);
    EXPECT_EQ(r->children[0].byte_end, 12U);
    EXPECT_EQ(r->children[1].byte_begin, 20U);
    EXPECT_EQ(r->children[1].byte_end, 26U);
    EXPECT_EQ(r->children[1].text, "lonel");
  }
}

// Checks the invariants the builder relies on; returns what is wrong, if anything.
std::string check_node(const QueryNode& n, std::string_view q, std::size_t begin, std::size_t end,
                       std::size_t& count) {
  ++count;
  const std::string where = to_debug_string(n);
  if (n.byte_begin >= n.byte_end || n.byte_begin < begin || n.byte_end > end)
    return "span out of bounds: " + where;
  const std::string_view span = q.substr(n.byte_begin, n.byte_end - n.byte_begin);
  if (n.occur != Occur::should) {
    // The sign is right before the node, or before the parentheses around it.
    std::size_t sign = n.byte_begin;
    while (sign > 0 && q[sign - 1] == '(') --sign;
    const char expected = n.occur == Occur::must ? '+' : '-';
    if (sign == 0 || q[sign - 1] != expected) return std::string("no '") + expected + "': " + where;
  }
  switch (n.kind) {
    case Kind::text:
      if (span != n.text) return "text is not its span: " + where;
      break;
    case Kind::prefix:
      if (n.text.size() < 2 || span.substr(0, n.text.size()) != n.text || span.back() != '*') {
        return "prefix is not its span: " + where;
      }
      break;
    case Kind::phrase:
      if (span.size() < 3 || span.front() != '"' || span.back() != '"' ||
          span.substr(1, span.size() - 2) != n.text) {
        return "phrase is not its span: " + where;
      }
      break;
    case Kind::range:
      if (n.low.empty() && n.high.empty()) return "range without bounds: " + where;
      if (n.low_begin < n.byte_begin || n.high_begin > n.byte_end ||
          q.substr(n.low_begin, n.low.size()) != n.low ||
          q.substr(n.high_begin, n.high.size()) != n.high ||
          n.high_begin + n.high.size() != n.byte_end) {
        return "range bounds are not in its span: " + where;
      }
      [[fallthrough]];
    case Kind::field:
      if (n.text.empty() || n.text.size() >= span.size() || span[n.text.size()] != ':') {
        return "field name is not its span: " + where;
      }
      for (char c : n.text) {
        if (c >= 'A' && c <= 'Z') return "field name not lower case: " + where;
      }
      if (n.kind == Kind::field && n.children.size() != 1)
        return "field without one value: " + where;
      break;
    case Kind::near:
      if (n.distance < 1 || n.distance > kMaxNearDistance) return "bad distance: " + where;
      [[fallthrough]];
    case Kind::all:
    case Kind::any:
    case Kind::and_not:
      if (n.children.size() < 2) return "operator with fewer than two children: " + where;
      break;
  }
  if (n.kind != Kind::field && n.kind != Kind::all && n.kind != Kind::any &&
      n.kind != Kind::and_not && n.kind != Kind::near && !n.children.empty()) {
    return "leaf with children: " + where;
  }
  for (const QueryNode& child : n.children) {
    std::string problem = check_node(child, q, n.byte_begin, n.byte_end, count);
    if (!problem.empty()) return problem;
    if (child.occur != Occur::should && n.kind != Kind::any) return "sign outside a list: " + where;
  }
  return "";
}

TEST(QueryParser, SurvivesRandomInput) {
  const std::vector<std::string> alphabet = {"\"",
                                             "(",
                                             ")",
                                             "+",
                                             "-",
                                             "*",
                                             ":",
                                             ".",
                                             " ",
                                             "a",
                                             "A",
                                             "N",
                                             "D",
                                             "O",
                                             "R",
                                             "T",
                                             "/",
                                             "0",
                                             "1",
                                             "2",
                                             "3",
                                             "4",
                                             "5",
                                             "6",
                                             "7",
                                             "8",
                                             "9",
                                             "孤",
                                             "\xE3\x80\x80",
                                             "NEAR",
                                             "AND",
                                             "title:"};
  std::mt19937 rng(20240607);
  std::uniform_int_distribution<std::size_t> length(0, 24);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size());  // == size: a random byte
  std::uniform_int_distribution<int> byte(0, 255);
  std::size_t parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string q;
    const std::size_t n = length(rng);
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t p = pick(rng);
      if (p == alphabet.size()) {
        q += static_cast<char>(byte(rng));
      } else {
        q += alphabet[p];
      }
    }
    SCOPED_TRACE(testing::PrintToString(q));
    try {
      Result<QueryNode> r = parse_query(q);
      if (!r) {
        ASSERT_EQ(r.error().code, ErrorCode::query_syntax);
        ASSERT_GE(r.error().column, 1U);
        ASSERT_LE(r.error().column, q.size() + 1);
        ASSERT_FALSE(r.error().message.empty());
        continue;
      }
      ++parsed;
      std::size_t count = 0;
      ASSERT_EQ(check_node(*r, q, 0, q.size(), count), "");
      ASSERT_LE(count, kMaxQueryNodes);
      ASSERT_EQ(r->occur, Occur::should);
    } catch (...) {
      FAIL() << "parse_query threw";
    }
  }
  // The alphabet is meant to reach both outcomes often.
  EXPECT_GT(parsed, 2000U);
  EXPECT_LT(parsed, 18000U);
}

}  // namespace
}  // namespace herdex::detail
