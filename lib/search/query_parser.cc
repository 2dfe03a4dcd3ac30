#include "search/query_parser.h"

#include <optional>
#include <utility>

namespace herdex::detail {
namespace {

using Kind = QueryNode::Kind;
using Occur = QueryNode::Occur;

Error syntax_error(std::size_t pos, std::string message) {
  Error e{ErrorCode::query_syntax, std::move(message)};
  e.column = pos + 1;
  return e;
}

// Length of the whitespace character at q[i], 0 if none. Besides ASCII
// whitespace, the Unicode space separators (Zs) and line/paragraph
// separators count: CJK input methods type U+3000 between words, and a
// U+00A0 pasted from a web page must not glue `a OR b` into one word.
std::size_t space_bytes(std::string_view q, std::size_t i) {
  const auto at = [&](std::size_t k) -> unsigned {
    return i + k < q.size() ? static_cast<unsigned char>(q[i + k]) : 0U;
  };
  const unsigned b1 = at(1);
  const unsigned b2 = at(2);
  switch (at(0)) {
    case 0x20:
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
      return 1;
    case 0xC2:  // U+0085, U+00A0
      return (b1 == 0x85 || b1 == 0xA0) ? 2 : 0;
    case 0xE1:  // U+1680
      return (b1 == 0x9A && b2 == 0x80) ? 3 : 0;
    case 0xE2:  // U+2000..U+200A, U+2028, U+2029, U+202F, U+205F
      if (b1 == 0x80 && ((b2 >= 0x80 && b2 <= 0x8A) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF))
        return 3;
      return (b1 == 0x81 && b2 == 0x9F) ? 3 : 0;
    case 0xE3:  // U+3000
      return (b1 == 0x80 && b2 == 0x80) ? 3 : 0;
    default:
      return 0;
  }
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// ---------------------------------------------------------------------------
// Lexer

enum class TokenKind {
  word,
  prefix,
  phrase,
  field,
  range,  // items
  lparen,
  rparen,
  plus,
  minus,  // punctuation
  op_and,
  op_or,
  op_not,
  op_near,  // operators
  end,
  error,
};

struct Token {
  TokenKind kind = TokenKind::end;
  std::size_t begin = 0, end = 0;  // as written: quotes, star, colon included
  std::string_view
      text;  // word, prefix: without stars; phrase: between the quotes; field, range: the name
  std::string_view low, high;  // range
  std::size_t low_begin = 0, high_begin = 0;
  std::uint32_t distance = 0;  // op_near
};

bool is_operator(TokenKind k) {
  return k == TokenKind::op_and || k == TokenKind::op_or || k == TokenKind::op_not ||
         k == TokenKind::op_near;
}

// Splits the whole query into tokens, ending with `end`, or, at the first
// problem, with `error` (and error_ set). Lexing everything first keeps the
// parser's look-ahead trivial; the query is at most kMaxQueryBytes long.
class Lexer {
 public:
  explicit Lexer(std::string_view q) : q_(q) {}

  std::vector<Token> run() {
    std::size_t i = 0;
    while (!failed_) {
      while (i < q_.size()) {
        const std::size_t s = space_bytes(q_, i);
        if (s == 0) break;
        i += s;
      }
      if (i == q_.size()) break;
      const char c = q_[i];
      if (c == '"') {
        i = lex_phrase(i);
      } else if (c == '(' || c == ')') {
        push(c == '(' ? TokenKind::lparen : TokenKind::rparen, i, i + 1);
        ++i;
      } else {
        const std::size_t e = run_end(i);
        lex_run(i, e);
        i = e;
      }
    }
    if (failed_) {
      push(TokenKind::error, error_pos_, error_pos_);
    } else {
      push(TokenKind::end, q_.size(), q_.size());
    }
    return std::move(tokens_);
  }

  Error error() const { return syntax_error(error_pos_, error_message_); }

 private:
  std::size_t run_end(std::size_t i) const {
    while (i < q_.size() && q_[i] != '"' && q_[i] != '(' && q_[i] != ')' && space_bytes(q_, i) == 0)
      ++i;
    return i;
  }

  Token& push(TokenKind kind, std::size_t begin, std::size_t end) {
    Token t;
    t.kind = kind;
    t.begin = begin;
    t.end = end;
    tokens_.push_back(t);
    return tokens_.back();
  }

  void fail(std::size_t pos, std::string message) {
    if (failed_) return;
    failed_ = true;
    error_pos_ = pos;
    error_message_ = std::move(message);
  }

  std::size_t lex_phrase(std::size_t open) {
    const std::size_t close = q_.find('"', open + 1);
    if (close == std::string_view::npos) {
      fail(open, "unclosed quote");
      return q_.size();
    }
    bool blank = true;
    for (std::size_t i = open + 1; i < close;) {
      const std::size_t s = space_bytes(q_, i);
      if (s == 0) {
        blank = false;
        break;
      }
      i += s;
    }
    if (blank) {
      fail(open, "empty phrase");
      return q_.size();
    }
    push(TokenKind::phrase, open, close + 1).text = q_.substr(open + 1, close - open - 1);
    return close + 1;
  }

  // A run of word bytes at [b, e): a sign, an operator, a field or a word.
  void lex_run(std::size_t b, std::size_t e) {
    const char c = q_[b];
    if (c == '+' || c == '-') {
      const TokenKind sign = c == '+' ? TokenKind::plus : TokenKind::minus;
      if (e - b > 1) {
        push(sign, b, b + 1);
        lex_body(b + 1, e, /*operators=*/false);
        return;
      }
      if (e < q_.size() && (q_[e] == '"' || q_[e] == '(')) {
        push(sign, b, b + 1);
        return;
      }
      // A sign before whitespace, ')' or the end: a word of its own.
    }
    lex_body(b, e, /*operators=*/true);
  }

  void lex_body(std::size_t b, std::size_t e, bool operators) {
    const std::string_view run = q_.substr(b, e - b);
    if (operators) {
      if (run == "AND") {
        push(TokenKind::op_and, b, e);
        return;
      }
      if (run == "OR") {
        push(TokenKind::op_or, b, e);
        return;
      }
      if (run == "NOT") {
        push(TokenKind::op_not, b, e);
        return;
      }
      if (run == "NEAR") {
        push(TokenKind::op_near, b, e).distance = kDefaultNearDistance;
        return;
      }
      if (run.substr(0, 5) == "NEAR/") {
        lex_near(b, e);
        return;
      }
    }
    std::size_t name_end = b;
    if (is_ascii_alpha(q_[b])) {
      name_end = b + 1;
      while (name_end < e && (is_ascii_alpha(q_[name_end]) || is_ascii_digit(q_[name_end]) ||
                              q_[name_end] == '_')) {
        ++name_end;
      }
    }
    if (name_end > b && name_end < e && q_[name_end] == ':' && q_.substr(name_end + 1, 2) != "//") {
      lex_field(b, name_end, e);
      return;
    }
    lex_word(b, e);
  }

  void lex_near(std::size_t b, std::size_t e) {
    const std::size_t n_begin = b + 5;  // after "NEAR/"
    std::uint32_t n = 0;
    bool ok = n_begin < e;
    for (std::size_t i = n_begin; ok && i < e; ++i) {
      if (!is_ascii_digit(q_[i])) {
        ok = false;
      } else if (n <= kMaxNearDistance) {  // stop growing once out of range: no overflow
        n = n * 10 + static_cast<std::uint32_t>(q_[i] - '0');
      }
    }
    if (!ok || n < 1 || n > kMaxNearDistance) {
      fail(n_begin, "NEAR/n needs a whole number n from 1 to " + std::to_string(kMaxNearDistance));
      return;
    }
    push(TokenKind::op_near, b, e).distance = n;
  }

  // `name:` at [b, colon], the rest of the run up to e.
  void lex_field(std::size_t b, std::size_t colon, std::size_t e) {
    const std::string_view name = q_.substr(b, colon - b);
    const std::size_t value = colon + 1;
    if (value == e) {
      if (e < q_.size() && (q_[e] == '"' || q_[e] == '(')) {
        push(TokenKind::field, b, value).text = name;
      } else {
        fail(colon, std::string(name) + ": needs a value");
      }
      return;
    }
    // A range separator is a run of exactly two dots: `wait...` is a word.
    std::size_t sep = std::string_view::npos;
    for (std::size_t i = value; i < e;) {
      if (q_[i] != '.') {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < e && q_[j] == '.') ++j;
      if (j - i == 2) {
        if (sep != std::string_view::npos) {
          fail(i, "a range has only one '..'");
          return;
        }
        sep = i;
      }
      i = j;
    }
    if (sep != std::string_view::npos) {
      if (sep == value && sep + 2 == e) {
        fail(sep, std::string(name) + ":.. needs at least one bound");
        return;
      }
      Token& t = push(TokenKind::range, b, e);
      t.text = name;
      t.low = q_.substr(value, sep - value);
      t.high = q_.substr(sep + 2, e - sep - 2);
      t.low_begin = value;
      t.high_begin = sep + 2;
      return;
    }
    push(TokenKind::field, b, value).text = name;
    lex_word(value, e);
  }

  void lex_word(std::size_t b, std::size_t e) {
    std::size_t stem_end = e;
    while (stem_end > b && q_[stem_end - 1] == '*') --stem_end;
    if (stem_end == e) {
      push(TokenKind::word, b, e).text = q_.substr(b, e - b);
    } else if (stem_end == b) {
      fail(b, "'*' needs a word before it");
    } else if (stem_end - b < 2) {
      fail(b, "prefix too short: put at least 2 bytes before '*'");
    } else {
      push(TokenKind::prefix, b, e).text = q_.substr(b, stem_end - b);
    }
  }

  std::string_view q_;
  std::vector<Token> tokens_;
  bool failed_ = false;
  std::size_t error_pos_ = 0;
  std::string error_message_;
};

// ---------------------------------------------------------------------------
// Parser: recursive descent, one function per precedence level.
//
//   query    := or_expr END
//   or_expr  := and_expr (OR and_expr)*
//   and_expr := not_expr (AND not_expr | AND NOT list (NOT list)*)*
//   not_expr := list (NOT list)*
//   list     := item+
//   item     := ['+' | '-'] near
//   near     := primary (NEAR operand)*       operand: word, prefix or phrase
//   primary  := word | prefix | phrase | range | field value | '(' or_expr ')'
//   value    := word | prefix | phrase | '(' or_expr ')'
//
// Recursion happens only through parentheses, so kMaxQueryDepth bounds the
// stack. Functions return nullopt after recording the first error.

// A node and the extent of the text it came from, with its sign and
// enclosing parentheses (which the node's own span leaves out).
struct Parsed {
  QueryNode node;
  std::size_t begin = 0, end = 0;
};

bool starts_item(TokenKind k) {
  switch (k) {
    case TokenKind::word:
    case TokenKind::prefix:
    case TokenKind::phrase:
    case TokenKind::field:
    case TokenKind::range:
    case TokenKind::lparen:
    case TokenKind::plus:
    case TokenKind::minus:
      return true;
    default:
      return false;
  }
}

class Parser {
 public:
  Parser(std::string_view q, std::vector<Token> tokens, Error lex_error)
      : q_(q), tokens_(std::move(tokens)), lex_error_(std::move(lex_error)) {}

  Result<QueryNode> parse() {
    std::optional<Parsed> root = parse_or(nullptr);
    if (root && peek().kind != TokenKind::end) unexpected(peek(), nullptr);
    if (failed_) return std::move(error_);
    return std::move(root->node);
  }

 private:
  const Token& peek(std::size_t k = 0) const {
    const std::size_t i = pos_ + k;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();  // the last token is end or error
  }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  std::string_view spelling(const Token& t) const { return q_.substr(t.begin, t.end - t.begin); }

  std::nullopt_t fail(std::size_t pos, std::string message) {
    if (!failed_) {
      failed_ = true;
      error_ = syntax_error(pos, std::move(message));
    }
    return std::nullopt;
  }

  // `t` came where an operand was due (after `after`, an operator, or at the
  // start of the query or a group when null), or where the query should end.
  std::nullopt_t unexpected(const Token& t, const Token* after) {
    if (t.kind == TokenKind::error) {
      if (!failed_) {
        failed_ = true;
        error_ = lex_error_;
      }
      return std::nullopt;
    }
    if (t.kind == TokenKind::op_not) return fail(t.begin, "NOT needs something to subtract from");
    if (is_operator(t.kind)) {
      if (after != nullptr) {
        return fail(t.begin,
                    std::string(spelling(t)) + " cannot follow " + std::string(spelling(*after)));
      }
      return fail(t.begin, std::string(spelling(t)) + " needs something before it");
    }
    if (after != nullptr)
      return fail(after->begin, std::string(spelling(*after)) + " needs something after it");
    if (t.kind == TokenKind::rparen) return fail(t.begin, "unmatched ')'");
    if (t.kind == TokenKind::end) return fail(t.begin, "empty query");
    return fail(t.begin, "unexpected '" + std::string(spelling(t)) + "'");
  }

  bool count_node(std::size_t pos) {
    if (++nodes_ <= kMaxQueryNodes) return true;
    fail(pos, "the query has more than " + std::to_string(kMaxQueryNodes) + " parts");
    return false;
  }

  // A node of `kind` whose first child is `first`, to extend.
  std::optional<Parsed> open_node(Kind kind, Parsed first) {
    if (!count_node(first.begin)) return std::nullopt;
    Parsed p;
    p.node.kind = kind;
    p.node.byte_begin = p.begin = first.begin;
    p.node.byte_end = p.end = first.end;
    p.node.children.push_back(std::move(first.node));
    return p;
  }

  static void append(Parsed& to, Parsed child) {
    to.node.byte_end = to.end = child.end;
    to.node.children.push_back(std::move(child.node));
  }

  std::optional<Parsed> parse_or(const Token* after) {
    std::optional<Parsed> left = parse_and(after);
    if (!left || peek().kind != TokenKind::op_or) return left;
    std::optional<Parsed> chain = open_node(Kind::any, std::move(*left));
    while (chain && peek().kind == TokenKind::op_or) {
      const Token& op = take();
      std::optional<Parsed> right = parse_and(&op);
      if (!right) return std::nullopt;
      append(*chain, std::move(*right));
    }
    return chain;
  }

  std::optional<Parsed> parse_and(const Token* after) {
    std::optional<Parsed> acc = parse_not(after);
    Kind chain = Kind::text;  // the kind of node this loop opened last, if any
    while (acc && (peek().kind == TokenKind::op_and ||
                   (chain == Kind::and_not && peek().kind == TokenKind::op_not))) {
      const Token& op = take();
      Kind kind = Kind::all;
      const Token* right_after = &op;
      if (op.kind == TokenKind::op_not) {
        kind = Kind::and_not;
      } else if (peek().kind == TokenKind::op_not) {  // AND NOT
        kind = Kind::and_not;
        right_after = &take();
      }
      std::optional<Parsed> right =
          kind == Kind::all ? parse_not(right_after) : parse_list(right_after);
      if (!right) return std::nullopt;
      if (chain != kind) {
        acc = open_node(kind, std::move(*acc));
        if (!acc) return std::nullopt;
        chain = kind;
      }
      append(*acc, std::move(*right));
    }
    return acc;
  }

  std::optional<Parsed> parse_not(const Token* after) {
    std::optional<Parsed> left = parse_list(after);
    if (!left || peek().kind != TokenKind::op_not) return left;
    std::optional<Parsed> chain = open_node(Kind::and_not, std::move(*left));
    while (chain && peek().kind == TokenKind::op_not) {
      const Token& op = take();
      std::optional<Parsed> right = parse_list(&op);
      if (!right) return std::nullopt;
      append(*chain, std::move(*right));
    }
    return chain;
  }

  std::optional<Parsed> parse_list(const Token* after) {
    if (!starts_item(peek().kind)) return unexpected(peek(), after);
    std::vector<Parsed> items;
    bool any_kept = false;
    while (starts_item(peek().kind)) {
      std::optional<Parsed> item = parse_item();
      if (!item) return std::nullopt;
      any_kept = any_kept || item->node.occur != Occur::must_not;
      items.push_back(std::move(*item));
    }
    if (!any_kept) return fail(items.front().begin, "a query of only exclusions matches nothing");
    if (items.size() == 1) {
      // A sign means something only beside other items.
      items.front().node.occur = Occur::should;
      return std::move(items.front());
    }
    std::optional<Parsed> list = open_node(Kind::any, std::move(items.front()));
    if (!list) return std::nullopt;
    for (std::size_t i = 1; i < items.size(); ++i) append(*list, std::move(items[i]));
    return list;
  }

  std::optional<Parsed> parse_item() {
    Occur occur = Occur::should;
    std::size_t sign_begin = peek().begin;
    if (peek().kind == TokenKind::plus || peek().kind == TokenKind::minus) {
      occur = take().kind == TokenKind::plus ? Occur::must : Occur::must_not;
    }
    std::optional<Parsed> item = parse_near();
    if (!item) return std::nullopt;
    if (occur != Occur::should) {
      item->node.occur = occur;
      item->begin = sign_begin;
    }
    return item;
  }

  static bool near_operand(Kind k) {
    return k == Kind::text || k == Kind::phrase || k == Kind::prefix;
  }

  std::optional<Parsed> parse_near() {
    std::optional<Parsed> left = parse_primary();
    if (!left || peek().kind != TokenKind::op_near) return left;
    if (!near_operand(left->node.kind))
      return fail(left->begin, "NEAR joins words, prefixes and phrases");
    const std::uint32_t distance = peek().distance;
    std::optional<Parsed> chain = open_node(Kind::near, std::move(*left));
    if (!chain) return std::nullopt;
    chain->node.distance = distance;
    while (peek().kind == TokenKind::op_near) {
      const Token& op = take();
      if (op.distance != distance) {
        return fail(op.begin, std::string(spelling(op)) + " conflicts with the distance " +
                                  std::to_string(distance) + " earlier in the NEAR chain");
      }
      const Token& t = peek();
      if (t.kind == TokenKind::word || t.kind == TokenKind::prefix || t.kind == TokenKind::phrase) {
        std::optional<Parsed> right = parse_primary();
        if (!right) return std::nullopt;
        append(*chain, std::move(*right));
      } else if (starts_item(t.kind)) {
        return fail(t.begin, "NEAR joins words, prefixes and phrases");
      } else {
        return unexpected(t, &op);
      }
    }
    return chain;
  }

  std::optional<Parsed> leaf(Kind kind, const Token& t) {
    if (!count_node(t.begin)) return std::nullopt;
    Parsed p;
    p.node.kind = kind;
    p.node.text = std::string(t.text);
    p.node.byte_begin = p.begin = t.begin;
    p.node.byte_end = p.end = t.end;
    return p;
  }

  std::optional<Parsed> parse_primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::word:
        return leaf(Kind::text, take());
      case TokenKind::prefix:
        return leaf(Kind::prefix, take());
      case TokenKind::phrase:
        return leaf(Kind::phrase, take());
      case TokenKind::lparen:
        return parse_group();
      case TokenKind::range: {
        if (in_field_) return fail(t.begin, "fields cannot be nested");
        std::optional<Parsed> p = leaf(Kind::range, take());
        if (!p) return std::nullopt;
        for (char& c : p->node.text) c = ascii_lower(c);
        p->node.low = std::string(t.low);
        p->node.high = std::string(t.high);
        p->node.low_begin = t.low_begin;
        p->node.high_begin = t.high_begin;
        return p;
      }
      case TokenKind::field:
        return parse_field();
      default:
        return unexpected(t, nullptr);
    }
  }

  std::optional<Parsed> parse_field() {
    const Token& name = peek();
    if (in_field_) return fail(name.begin, "fields cannot be nested");
    std::optional<Parsed> field = leaf(Kind::field, take());
    if (!field) return std::nullopt;
    for (char& c : field->node.text) c = ascii_lower(c);
    // The lexer emits a field only before a value (or an error).
    const Token& v = peek();
    if (v.kind != TokenKind::word && v.kind != TokenKind::prefix && v.kind != TokenKind::phrase &&
        v.kind != TokenKind::lparen) {
      return unexpected(v, &name);
    }
    in_field_ = true;
    std::optional<Parsed> value = parse_primary();
    in_field_ = false;
    if (!value) return std::nullopt;
    append(*field, std::move(*value));
    return field;
  }

  std::optional<Parsed> parse_group() {
    const Token& open = take();
    if (depth_ == kMaxQueryDepth) {
      return fail(open.begin,
                  "parentheses nested more than " + std::to_string(kMaxQueryDepth) + " deep");
    }
    if (peek().kind == TokenKind::rparen) return fail(open.begin, "empty parentheses");
    if (peek().kind == TokenKind::end) return fail(open.begin, "unclosed '('");
    ++depth_;
    std::optional<Parsed> inner = parse_or(nullptr);
    --depth_;
    if (!inner) return std::nullopt;
    const Token& close = peek();
    if (close.kind == TokenKind::end) return fail(open.begin, "unclosed '('");
    if (close.kind != TokenKind::rparen) return unexpected(close, nullptr);
    take();
    inner->begin = open.begin;
    inner->end = close.end;
    return inner;
  }

  std::string_view q_;
  std::vector<Token> tokens_;
  Error lex_error_;
  std::size_t pos_ = 0;
  std::size_t nodes_ = 0;
  std::size_t depth_ = 0;
  bool in_field_ = false;
  bool failed_ = false;
  Error error_;
};

void append_debug(const QueryNode& n, std::string& out) {
  if (n.occur == Occur::must) out += '+';
  if (n.occur == Occur::must_not) out += '-';
  out += '(';
  switch (n.kind) {
    case Kind::text:
      out += "text " + n.text;
      break;
    case Kind::phrase:
      out += "phrase \"" + n.text + '"';
      break;
    case Kind::prefix:
      out += "prefix " + n.text;
      break;
    case Kind::field:
      out += "field " + n.text;
      break;
    case Kind::range:
      out += "range " + n.text + ' ' + n.low + ".." + n.high;
      break;
    case Kind::all:
      out += "all";
      break;
    case Kind::any:
      out += "any";
      break;
    case Kind::and_not:
      out += "and_not";
      break;
    case Kind::near:
      out += "near " + std::to_string(n.distance);
      break;
  }
  for (const QueryNode& child : n.children) {
    out += ' ';
    append_debug(child, out);
  }
  out += ')';
}

}  // namespace

Result<QueryNode> parse_query(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return syntax_error(kMaxQueryBytes,
                        "the query is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  Lexer lexer(query);
  std::vector<Token> tokens = lexer.run();
  if (tokens.front().kind == TokenKind::end) return syntax_error(0, "empty query");
  Error lex_error = tokens.back().kind == TokenKind::error ? lexer.error() : Error{};
  return Parser(query, std::move(tokens), std::move(lex_error)).parse();
}

std::string to_debug_string(const QueryNode& node) {
  std::string out;
  append_debug(node, out);
  return out;
}

}  // namespace herdex::detail
