#include "fts5_query.h"

#include <vector>

namespace herdex::bench {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';  // FTS5 escapes a quote by doubling it
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string to_fts5_query(std::string_view query, std::string* error) {
  std::string out;
  bool operand_before = false;  // the last thing emitted ends an operand
  auto operand = [&](const std::string& text) {
    if (operand_before)
      out += " OR ";
    else if (!out.empty() && out.back() != '(')
      out += ' ';
    out += text;
    operand_before = true;
  };
  auto fail = [&](std::string message) {
    if (error != nullptr) *error = std::move(message);
    return std::string();
  };
  std::size_t i = 0;
  int depth = 0;
  while (i < query.size()) {
    const char c = query[i];
    if (is_space(c)) {
      ++i;
      continue;
    }
    if (c == '"') {
      const std::size_t close = query.find('"', i + 1);
      if (close == std::string_view::npos) return fail("unclosed phrase");
      const std::string_view phrase = query.substr(i + 1, close - i - 1);
      if (phrase.find_first_not_of(" \t") == std::string_view::npos) return fail("empty phrase");
      operand(quoted(phrase));
      i = close + 1;
      continue;
    }
    if (c == '(') {
      if (operand_before)
        out += " OR ";
      else if (!out.empty())
        out += ' ';
      out += '(';
      operand_before = false;
      ++depth;
      ++i;
      continue;
    }
    if (c == ')') {
      if (depth == 0 || !operand_before) return fail("unbalanced parenthesis");
      out += ')';
      --depth;
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < query.size() && !is_space(query[end]) && query[end] != '(' && query[end] != ')' &&
           query[end] != '"') {
      ++end;
    }
    const std::string_view word = query.substr(i, end - i);
    i = end;
    if (word == "AND" || word == "OR" || word == "NOT") {
      if (!operand_before) return fail("operator without a left operand");
      out += ' ';
      out += word;
      operand_before = false;
      continue;
    }
    if (word.front() == '+' || word.front() == '-' || word.find(':') != std::string_view::npos ||
        word.substr(0, 4) == "NEAR") {
      return fail("not translated to FTS5: " + std::string(word));
    }
    if (word.size() > 1 && word.back() == '*') {
      operand(quoted(word.substr(0, word.size() - 1)) + "*");
    } else if (word.find('*') != std::string_view::npos) {
      return fail("a '*' only ends a prefix");
    } else {
      operand(quoted(word));
    }
  }
  if (depth != 0) return fail("unbalanced parenthesis");
  if (out.empty()) return fail("empty query");
  if (!operand_before) return fail("operator without a right operand");
  return out;
}

}  // namespace herdex::bench
