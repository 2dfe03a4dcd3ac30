// Golden tests for herdex::Analyzer: the index-mode tokens of sample lines in
// each language, stored as reviewable text in tests/golden/analysis/.
//
// File format (UTF-8):
//   Lines starting with '#' other than "# input:" are comments, kept as is.
//   "# input: TEXT" starts a case. TEXT may use the escapes \\ \t \n \r
//   \xHH (one raw byte) and \u{HEX} (one code point), so that invalid bytes
//   and invisible characters stay reviewable.
//   The lines after it, up to a blank line, are the expected tokens, one per
//   line: kind TAB term TAB stem-or-'-' TAB position TAB begin..end, or the
//   single line "(no tokens)".
//
// To accept new output after an intended change in analysis, run
//   HERDEX_REGENERATE_GOLDEN=1 ctest -R AnalyzerGolden
// (or the analysis_golden_test binary with that variable set) and review the
// diff of the .txt files. To add a case, add an "# input:"
// line followed by a blank line and regenerate.

#include "herdex/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "support/paths.h"

namespace herdex {
namespace {

constexpr std::string_view kInputPrefix = "# input:";
constexpr std::string_view kNoTokens = "(no tokens)";

std::string golden_dir() { return testing::source_dir() + "/tests/golden/analysis"; }

bool regenerating() {
  const char* env = std::getenv("HERDEX_REGENERATE_GOLDEN");
  return env != nullptr && std::string_view(env) == "1";
}

// --- the file format -------------------------------------------------------------

void append_utf8(std::string& out, std::uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes the escapes of an input line; sets `error` on a malformed one.
std::string unescape(std::string_view s, std::string& error) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (i + 1 >= s.size()) {
      error = "trailing backslash";
      return out;
    }
    const char e = s[++i];
    if (e == '\\') {
      out += '\\';
    } else if (e == 't') {
      out += '\t';
    } else if (e == 'n') {
      out += '\n';
    } else if (e == 'r') {
      out += '\r';
    } else if (e == 'x' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
               hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else if (e == 'u' && i + 1 < s.size() && s[i + 1] == '{') {
      const std::size_t close = s.find('}', i + 2);
      std::uint32_t c = 0;
      if (close == std::string_view::npos || close == i + 2 || close > i + 8) {
        error = "bad \\u{...} escape";
        return out;
      }
      for (std::size_t k = i + 2; k < close; ++k) {
        const int v = hex_value(s[k]);
        if (v < 0) {
          error = "bad \\u{...} escape";
          return out;
        }
        c = c * 16 + static_cast<std::uint32_t>(v);
      }
      append_utf8(out, c);
      i = close;
    } else {
      error = std::string("unknown escape \\") + e;
      return out;
    }
  }
  return out;
}

struct GoldenCase {
  std::size_t line = 0;               // 1-based line of "# input:"
  std::string input_line;             // the "# input:" line as written
  std::string input;                  // decoded input
  std::vector<std::string> expected;  // token lines as written
};

struct GoldenFile {
  std::vector<std::string> header;  // comment lines before the first case
  std::vector<GoldenCase> cases;
};

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

// Parses a golden file; returns an error message, or "" on success.
std::string parse(const std::string& text, GoldenFile& file) {
  const std::vector<std::string> lines = split_lines(text);
  GoldenCase* current = nullptr;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const std::string where = "line " + std::to_string(i + 1) + ": ";
    if (line.rfind(kInputPrefix, 0) == 0) {
      GoldenCase c;
      c.line = i + 1;
      c.input_line = line;
      std::string_view raw = std::string_view(line).substr(kInputPrefix.size());
      if (!raw.empty() && raw.front() == ' ') raw.remove_prefix(1);
      std::string error;
      c.input = unescape(raw, error);
      if (!error.empty()) return where + error;
      file.cases.push_back(std::move(c));
      current = &file.cases.back();
    } else if (line.empty()) {
      current = nullptr;
    } else if (current != nullptr) {
      current->expected.push_back(line);
    } else if (line[0] == '#') {
      if (!file.cases.empty()) return where + "comments belong before the first case";
      file.header.push_back(line);
    } else {
      return where + "token line outside a case (missing \"# input:\" line?)";
    }
  }
  return "";
}

const char* kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::word:
      return "word";
    case TokenKind::number:
      return "number";
    case TokenKind::cjk_word:
      return "cjk_word";
    case TokenKind::cjk_gram:
      return "cjk_gram";
  }
  return "?";
}

std::vector<std::string> render(const Analysis& a) {
  std::vector<std::string> lines;
  for (const Token& t : a.tokens) {
    std::ostringstream out;
    out << kind_name(t.kind) << '\t' << t.term << '\t' << (t.stem.empty() ? "-" : t.stem) << '\t'
        << t.position << '\t' << t.byte_begin << ".." << t.byte_end;
    lines.push_back(out.str());
  }
  if (lines.empty()) lines.emplace_back(kNoTokens);
  return lines;
}

std::string serialize(const GoldenFile& file) {
  std::string out;
  for (const std::string& line : file.header) out += line + '\n';
  for (const GoldenCase& c : file.cases) {
    if (!out.empty()) out += '\n';
    out += c.input_line + '\n';
    for (const std::string& line : c.expected) out += line + '\n';
  }
  return out;
}

// A line diff (longest common subsequence): "-" expected only, "+" actual
// only, " " both; unchanged lines more than `context` lines away from a
// change are elided.
std::string diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                 std::size_t context = 3) {
  const std::size_t n = expected.size();
  const std::size_t m = actual.size();
  std::vector<std::vector<std::size_t>> lcs(n + 1, std::vector<std::size_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] =
          expected[i] == actual[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<std::pair<char, const std::string*>> lines;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && expected[i] == actual[j]) {
      lines.emplace_back(' ', &expected[i++]);
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      lines.emplace_back('-', &expected[i++]);
    } else {
      lines.emplace_back('+', &actual[j++]);
    }
  }
  std::vector<bool> shown(lines.size(), false);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (lines[k].first == ' ') continue;
    const std::size_t from = k > context ? k - context : 0;
    const std::size_t to = std::min(lines.size(), k + context + 1);
    for (std::size_t x = from; x < to; ++x) shown[x] = true;
  }
  std::string out;
  bool elided = false;
  for (std::size_t k = 0; k < lines.size(); ++k) {
    if (!shown[k]) {
      if (!elided) out += "   ...\n";
      elided = true;
      continue;
    }
    elided = false;
    out += ' ';
    out += lines[k].first;
    out += ' ';
    out += *lines[k].second;
    out += '\n';
  }
  return out;
}

// --- the tests --------------------------------------------------------------------

struct GoldenParam {
  const char* test_name;  // GoogleTest name (no '-')
  const char* file;       // tests/golden/analysis/<file>.txt
};

const GoldenParam kGoldenFiles[] = {
    {"En", "en"}, {"ZhHans", "zh-hans"}, {"ZhHant", "zh-hant"}, {"Ja", "ja"},
    {"Ko", "ko"}, {"Mixed", "mixed"},    {"Edge", "edge"},
};

// Names the file in GoogleTest's messages.
void PrintTo(const GoldenParam& param, std::ostream* os) { *os << param.file << ".txt"; }

class AnalyzerGolden : public ::testing::TestWithParam<GoldenParam> {};

TEST_P(AnalyzerGolden, IndexTokensMatchGoldenFile) {
  const std::string path = golden_dir() + "/" + GetParam().file + ".txt";
  const std::string text = testing::read_file(path);
  ASSERT_FALSE(text.empty()) << "cannot read " << path
                             << " (is HERDEX_SOURCE_DIR the source tree?)";
  GoldenFile file;
  const std::string error = parse(text, file);
  ASSERT_EQ(error, "") << path;
  ASSERT_FALSE(file.cases.empty()) << path << " has no \"# input:\" lines";

  auto created = Analyzer::create();
  ASSERT_TRUE(created.has_value()) << created.error().message;
  const Analyzer& analyzer = *created;

  if (regenerating()) {
    for (GoldenCase& c : file.cases) c.expected = render(analyzer.analyze(c.input));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << serialize(file);
    out.close();
    ASSERT_TRUE(out.good()) << "cannot write " << path;
    std::cout << "[   NOTE   ] regenerated " << path << " (" << file.cases.size()
              << " cases); review its diff before committing\n";
    return;
  }

  std::size_t failed = 0;
  for (const GoldenCase& c : file.cases) {
    const std::vector<std::string> actual = render(analyzer.analyze(c.input));
    if (actual == c.expected) continue;
    ++failed;
    ADD_FAILURE_AT(path.c_str(), static_cast<int>(c.line))
        << "tokens differ for " << c.input_line << "\n"
        << "(- expected, + actual; columns: kind term stem position bytes)\n"
        << diff(c.expected, actual);
  }
  if (failed != 0) {
    std::cout << "[   NOTE   ] " << failed << " of " << file.cases.size() << " cases differ in "
              << path << ". If the change is intended, run with HERDEX_REGENERATE_GOLDEN=1 "
              << "and review the diff.\n";
  }
}

INSTANTIATE_TEST_SUITE_P(Languages, AnalyzerGolden, ::testing::ValuesIn(kGoldenFiles),
                         [](const ::testing::TestParamInfo<GoldenParam>& param_info) {
                           return std::string(param_info.param.test_name);
                         });

// The format helpers themselves.

TEST(GoldenFormat, UnescapeDecodesEscapes) {
  std::string error;
  EXPECT_EQ(unescape("a\\tb\\\\c\\xFF\\u{301}\\u{1F600}", error),
            "a\tb\\c\xFF\xCC\x81\xF0\x9F\x98\x80");
  EXPECT_EQ(error, "");
  for (const char* bad : {"\\", "\\q", "\\u{}", "\\u{zz}", "\\u{123"}) {
    std::string e;
    (void)unescape(bad, e);
    EXPECT_NE(e, "") << bad;
  }
}

TEST(GoldenFormat, ParseAndSerializeRoundTrip) {
  const std::string text =
      "# header\n"
      "\n"
      "# input: Her\n"
      "word\ther\ther\t0\t0..3\n"
      "\n"
      "# input:\n"
      "(no tokens)\n";
  GoldenFile file;
  ASSERT_EQ(parse(text, file), "");
  ASSERT_EQ(file.cases.size(), 2U);
  EXPECT_EQ(file.cases[0].input, "Her");
  EXPECT_EQ(file.cases[0].line, 3U);
  EXPECT_EQ(file.cases[1].input, "");
  EXPECT_EQ(serialize(file), text);
  GoldenFile bad;
  EXPECT_NE(parse("word\ther\ther\t0\t0..3\n", bad), "");
}

TEST(GoldenFormat, DiffMarksChangedLines) {
  EXPECT_EQ(diff({"a", "b", "c"}, {"a", "x", "c"}), "   a\n - b\n + x\n   c\n");
  EXPECT_EQ(diff({}, {"a"}), " + a\n");
  EXPECT_EQ(diff({"1", "2", "3", "4", "5", "6"}, {"1", "2", "3", "4", "5", "x"}, 1),
            "   ...\n   5\n - 6\n + x\n");
}

}  // namespace
}  // namespace herdex
