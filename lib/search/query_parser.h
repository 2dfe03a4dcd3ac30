// The query language: from query text to a tree of query nodes that keeps
// the byte span of everything the user wrote. The parser knows nothing of
// Xapian or ICU; the builder analyzes each leaf with the database's analyzer
// and decides what fields and ranges mean.
//
// # The grammar, by example
//
// Words. A word is a maximal run of bytes that are neither whitespace (ASCII
// whitespace and the Unicode space separators, such as U+00A0 and the
// ideographic space U+3000) nor one of `"`, `(`, `)`. It can be in any
// script and may hold punctuation: `孤独的人` is one word and `?!` is one
// word, whose splitting into terms (or finding none) is the analyzer's
// business. The parser never rejects bytes, valid UTF-8 or not.
//
//   lonely                     (text lonely)
//   lonely man                 (any (text lonely) (text man))
//   Samantha 的聲音             (any (text Samantha) (text 的聲音))
//
// Words side by side form an implicit list, an `any` node: the builder ranks
// documents that match every item first, but partial matches still count.
//
// Phrases. `"operating system"` is a `phrase` whose text is what lies between
// the quotes, as written. A quote left open is an error at the quote, and so
// is an empty phrase.
//
// Prefixes. A word ending in `*` is a `prefix`: `lonel*` matches lonely and
// loneliness. At least 2 bytes must come before the star (one CJK character
// is 3 bytes), and a star with no word before it is an error. Stars elsewhere
// in a word are just punctuation.
//
// Signs. `+` or `-` at the start of a word, phrase, group or field makes the
// item required (Occur::must) or excluded (Occur::must_not) within its list:
// `her -movie`, `+"operating system" samantha`, `-(rain OR snow) walk`. A
// sign followed by whitespace, `)` or the end is a word of its own (`a - b`
// is three words). After a sign the rest of the word is taken literally,
// so `+AND` is the word AND and `--x` excludes the word `-x`. A list made
// only of exclusions (`-movie`, `a AND -b`, `(-x) y`) is an error, as it
// can match nothing; write `a -b` or `a NOT b`.
//
// Boolean operators. `AND`, `OR`, `NOT` in upper case (lower-case `and`,
// `or`, `not` are words). From loosest to tightest:
//
//   a OR b                     (any (text a) (text b))
//   a AND b                    (all (text a) (text b))
//   a NOT b                    (and_not (text a) (text b))
//   a AND NOT b                the same as a NOT b
//   a b                        implicit list (tighter than every operator)
//   a NEAR/5 b                 (near 5 (text a) (text b))
//
// so `a OR b AND c` is (any a (all b c)), `a AND b NOT c` is
// (all a (and_not b c)), and `lonely NOT sad movie` subtracts the list
// (sad movie), as Xapian's QueryParser does. Operators are left-associative
// and a chain of one operator is one node: `a OR b OR c` is (any a b c) and
// `a NOT b NOT c` is (and_not a b c), the first child minus the others.
// An operator needs an operand on each side; `a AND`, `OR b` and
// `a OR OR b` are errors at the operator lacking one. `NOT b` with nothing
// before it is an error ("NOT needs something to subtract from") rather
// than "everything but b": a search that lists the whole collection is
// almost never what was meant, and `-b` alone is refused for the same
// reason.
//
// Proximity. `theodore NEAR/5 letters` matches the words at most 5 words
// apart, in either order; plain `NEAR` means NEAR/10; n must be 1..1000.
// NEAR joins words, prefixes and phrases only, and binds tighter than the
// implicit list: `her theodore NEAR letters` is
// (any (text her) (near 10 (text theodore) (text letters))). A chain
// `a NEAR b NEAR c` is one node with three children; its distances must
// agree.
//
// Groups. Parentheses group: `(rain OR snow) walk`. An empty group `()`, a
// `(` left open and a `)` with no `(` are errors at that parenthesis.
//
// Fields. `name:value`, with name matching [A-Za-z][A-Za-z0-9_]* (stored in
// lower case, so `Title:her` is field "title") followed at once by the
// colon and a value: a word, prefix, phrase or group, as in `title:her`,
// `title:lonel*`, `title:"her film"`, `title:(her OR his)`. The value's word
// is taken literally (`title:-x` and `title:AND` are the words `-x` and
// `AND`; `title:a:b` is the word `a:b`), and fields do not nest. A name and
// colon with no value (`title:` then a space or the end) is an error at the
// colon. Text that only looks like a field is a word: `http://x` (the colon
// followed by `//`) and `12:30` (a name cannot start with a digit). Whether
// the field exists is the builder's question.
//
// Ranges. `name:LOW..HIGH` with exactly two dots: `rating:7..10`,
// `date:2014-01-01..2014-12-31`, open at one end as `rating:7..` or
// `rating:..5`. `rating:..` is an error, as is a second `..`. Bounds are kept
// as written (the builder knows which fields hold numbers or dates), with
// their offsets in low_begin and high_begin so that it can point at a bad
// one. Three or more dots are not a range separator: `title:wait...` is a
// field with the word `wait...`.
//
// # Spans
//
// Every node has a half-open byte span [byte_begin, byte_end) in the query.
// A leaf's span is its token as written (quotes and star included) without
// its sign: a text or prefix node's text starts at byte_begin, and a
// phrase's at byte_begin + 1. A sign, when present, is the byte just before
// the node's span, or just before the parentheses around it (`-((a b))`).
// A field spans from its name to the end of its value (closing quote or
// parenthesis included); a range spans `name:LOW..HIGH`. An operator or list
// node spans from the start of its first operand to the end of its last,
// signs and parentheses of those operands included, but not the parentheses
// around the node itself. Children's spans lie inside their parent's.
//
// # Errors and limits
//
// Every error is ErrorCode::query_syntax with `column` the 1-based byte
// column of the offending token (at most query.size() + 1). The first error
// in reading order is reported. A query of only whitespace is an error
// ("empty query"). To bound memory and recursion, queries are limited to
// kMaxQueryBytes bytes, kMaxQueryNodes nodes and kMaxQueryDepth nested
// parentheses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/error.h"

namespace herdex::detail {

inline constexpr std::size_t kMaxQueryBytes = std::size_t{8} * 1024;
inline constexpr std::size_t kMaxQueryNodes = 1000;
inline constexpr std::size_t kMaxQueryDepth = 32;          // nested parentheses
inline constexpr std::uint32_t kDefaultNearDistance = 10;  // words, for plain NEAR
inline constexpr std::uint32_t kMaxNearDistance = 1000;    // words

/// One node of a parsed query. A plain value; see the essay above for what
/// each kind comes from.
struct QueryNode {
  enum class Kind { text, phrase, prefix, field, range, all, any, and_not, near };
  /// From a +x / -x sign; meaningful in the children of `all` and `any`.
  enum class Occur { should, must, must_not };

  Kind kind = Kind::text;
  Occur occur = Occur::should;
  /// text, prefix: the word as written, without sign or '*'. phrase: the
  /// bytes between the quotes. field, range: the field name in lower case.
  std::string text;
  /// range: the bounds as written; one of them may be empty (open range).
  std::string low, high;
  /// near: the largest distance allowed between the children, in words.
  std::uint32_t distance = 0;
  /// The node's span in the query, in bytes, half-open.
  std::size_t byte_begin = 0, byte_end = 0;
  /// range: offsets in the query of the bounds' first bytes (where the bound
  /// would be, if empty). 0 for other kinds.
  std::size_t low_begin = 0, high_begin = 0;
  /// all, any: the operands (two or more). and_not: the kept operand then
  /// those subtracted from it. near: two or more text, phrase or prefix
  /// nodes. field: exactly one value. Others: none.
  std::vector<QueryNode> children;
};

/// Parses `query` by the grammar above. Does not throw (but for
/// std::bad_alloc).
///
/// Errors: `query_syntax`, with `column` the 1-based byte column of the
/// problem, for any text the grammar rejects or that exceeds the limits.
Result<QueryNode> parse_query(std::string_view query);

/// A compact S-expression for tests and --explain, for example
/// `(any (text lonely) (phrase "operating system") -(field title (text her)))`:
/// a sign before a node's parenthesis gives its occur; a range prints as
/// `(range rating 7..10)` and a near node with its distance first.
std::string to_debug_string(const QueryNode& node);

}  // namespace herdex::detail
