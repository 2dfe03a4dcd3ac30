// Benchmark query files: `query` or `class<TAB>query` per line.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "herdex/tools/bench.h"
#include "util/utf8.h"

namespace herdex {
namespace {

std::string_view trim(std::string_view s) {
  const std::size_t begin = s.find_first_not_of(" \t\r\n\f\v");
  if (begin == std::string_view::npos) return {};
  const std::size_t end = s.find_last_not_of(" \t\r\n\f\v");
  return s.substr(begin, end - begin + 1);
}

bool is_class_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

Error line_error(const std::string& path, std::size_t line, std::string message) {
  Error e{ErrorCode::invalid_argument, std::move(message)};
  e.path = path;
  e.line = line;
  return e;
}

}  // namespace

Result<BenchQuerySet> parse_bench_queries(std::string_view contents, const std::string& path) {
  BenchQuerySet set;
  set.path = path;
  // A UTF-8 byte order mark is not part of the first query.
  if (contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);
  std::size_t line_no = 0;
  while (!contents.empty()) {
    const std::size_t nl = contents.find('\n');
    std::string_view raw = contents.substr(0, nl);
    contents.remove_prefix(nl == std::string_view::npos ? contents.size() : nl + 1);
    ++line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (detail::count_invalid_utf8(raw) > 0) {
      return line_error(path, line_no, "invalid UTF-8");
    }
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    BenchQuery query;
    query.line = line_no;
    const std::size_t tab = raw.find('\t');
    if (tab == std::string_view::npos) {
      query.query_class = std::string(kDefaultQueryClass);
      query.text = std::string(line);
    } else {
      if (raw.find('\t', tab + 1) != std::string_view::npos) {
        return line_error(path, line_no, "more than one tab (expected class<TAB>query)");
      }
      const std::string_view cls = trim(raw.substr(0, tab));
      const std::string_view text = trim(raw.substr(tab + 1));
      if (cls.empty())
        return line_error(path, line_no, "no class before the tab (expected class<TAB>query)");
      for (const char c : cls) {
        if (!is_class_char(c)) {
          return line_error(
              path, line_no,
              fmt::format("class '{}' may only hold ASCII letters, digits, '-', '_' and '.'", cls));
        }
      }
      if (text.empty()) return line_error(path, line_no, "no query after the tab");
      query.query_class = std::string(cls);
      query.text = std::string(text);
    }
    set.queries.push_back(std::move(query));
  }
  if (set.queries.empty()) {
    Error e{ErrorCode::invalid_argument, "no queries (one per line, or class<TAB>query)"};
    e.path = path;
    return e;
  }
  return set;
}

Result<BenchQuerySet> read_bench_queries(const std::string& path) {
  std::error_code dir_ec;
  if (std::filesystem::is_directory(path, dir_ec)) {
    Error e{ErrorCode::invalid_argument, "is a directory, not a query file"};
    e.path = path;
    return e;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path, ec);
    Error e{exists ? ErrorCode::io_error : ErrorCode::not_found,
            exists ? "cannot read the query file" : "no such query file"};
    e.path = path;
    return e;
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) {
    Error e{ErrorCode::io_error, "cannot read the query file"};
    e.path = path;
    return e;
  }
  return parse_bench_queries(contents.str(), path);
}

}  // namespace herdex
