#include "search/synonyms.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "analysis/token_stream.h"

namespace herdex::detail {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Keys use the word terms of Latin text and the characters and n-grams of
// CJK text: the same forms whatever the segmenter made of a run.
class KeySink final : public TokenSink {
 public:
  KeySink() = default;
  void on_token(const TokenView& t) override {
    // CJK runs are keyed by their characters and n-grams, not by
    // dictionary words, whose segmentation depends on context.
    if (t.run != 0 && t.kind == TokenKind::cjk_word) return;
    if (!key.empty()) key.push_back(' ');
    key.append(t.term);
    ++words;
  }
  std::string key;
  std::size_t words = 0;
};

const std::vector<std::string> kNone;

}  // namespace

std::string Synonyms::key_of(std::string_view text, const Analyzer& analyzer) {
  KeySink sink;
  (void)AnalyzerAccess::analyze(analyzer, text, AnalyzeMode::query, sink);  // repairs are harmless
  return sink.key;
}

Result<Synonyms> Synonyms::parse(std::string_view text, const Analyzer& analyzer) {
  Synonyms synonyms;
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    ++line_no;
    if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
      line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    if (line.find('=') == std::string_view::npos) {
      Error e{ErrorCode::invalid_argument, "a synonym line needs '=' between expressions"};
      e.line = line_no;
      return e;
    }
    std::vector<std::string> members;
    while (true) {
      const std::size_t eq = line.find('=');
      const std::string_view member = trim(line.substr(0, eq));
      if (!member.empty()) members.emplace_back(member);
      if (eq == std::string_view::npos) break;
      line = line.substr(eq + 1);
    }
    for (const std::string& member : members) {
      KeySink sink;
      (void)AnalyzerAccess::analyze(analyzer, member, AnalyzeMode::query, sink);  // see key_of
      if (sink.key.empty()) continue;
      synonyms.max_words_ = std::max(synonyms.max_words_, sink.words);
      auto& alternatives = synonyms.groups_[sink.key];
      for (const std::string& other : members) {
        if (&other != &member) alternatives.push_back(other);
      }
    }
  }
  return synonyms;
}

Result<Synonyms> Synonyms::load(const std::string& path, const Analyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    Error e{ErrorCode::not_found, "cannot read the synonyms file"};
    e.path = path;
    return e;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  auto parsed = parse(ss.str(), analyzer);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.path = path;
    return e;
  }
  return parsed;
}

const std::vector<std::string>& Synonyms::alternatives(const std::string& key) const {
  const auto it = groups_.find(key);
  return it == groups_.end() ? kNone : it->second;
}

}  // namespace herdex::detail
