#include "index/boilerplate.h"

#include <array>

namespace herdex::detail {
namespace {

// Comment-form headings: a line that is exactly one of these (or one
// followed by " / " and a translation, as bilingual blogs write them).
constexpr std::array<std::string_view, 14> kHeadings = {
    "Leave a Reply",  "Leave a reply", "Leave a Comment", "Leave a comment", "Post a Comment",
    "发表评论",       "發表評論",      "發表留言",        "发表留言",        "コメントを残す",
    "コメントを書く", "댓글 쓰기",     "댓글 달기",       "Comments",
};

// Form texts specific enough to match as the start of a line.
constexpr std::array<std::string_view, 3> kFormLines = {
    "Fill in your details below",
    "You are commenting using your",
    "Notify me of new",
};

bool is_marker_line(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  for (const std::string_view heading : kHeadings) {
    if (line == heading) return true;
    if (line.substr(0, heading.size()) == heading && line.substr(heading.size(), 3) == " / ")
      return true;
  }
  for (const std::string_view form : kFormLines) {
    if (line.substr(0, form.size()) == form) return true;
  }
  return false;
}

}  // namespace

std::size_t boilerplate_start(std::string_view text) {
  const std::size_t half = text.size() / 2;
  std::size_t pos = half;
  // Start at the beginning of the line containing the midpoint.
  while (pos > 0 && text[pos - 1] != '\n') --pos;
  while (pos < text.size()) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    if (is_marker_line(text.substr(pos, eol - pos))) return pos;
    pos = eol + 1;
  }
  return text.size();
}

KeptText::KeptText(std::string_view text,
                   const std::vector<std::pair<std::size_t, std::size_t>>& boilerplate,
                   bool keep_all)
    : view_(text) {
  bool valid = true;
  std::size_t prev = 0;
  for (const auto& [b, e] : boilerplate) {
    if (b < prev || b > e || e > text.size()) valid = false;
    prev = e;
  }
  if (keep_all || !valid) {
    kept_.emplace_back(0, text.size());
    return;
  }
  if (boilerplate.empty()) {
    const std::size_t cut = boilerplate_start(text);
    view_ = text.substr(0, cut);
    dropped_ = text.size() - cut;
    kept_.emplace_back(0, cut);
    return;
  }
  blanked_.assign(text);
  std::size_t from = 0;
  for (const auto& [b, e] : boilerplate) {
    if (b > from) kept_.emplace_back(from, b);
    for (std::size_t i = b; i < e; ++i) {
      if (blanked_[i] != '\n') blanked_[i] = ' ';
    }
    dropped_ += e - b;
    from = e;
  }
  if (from < text.size()) kept_.emplace_back(from, text.size());
}

std::vector<StoredPassage> split_kept_passages(const KeptText& kept,
                                               const std::vector<ByteSpan>& sentences,
                                               const std::vector<TokenSpot>& tokens,
                                               const PassageLimits& limits) {
  const std::string_view text = kept.text();
  if (kept.kept().size() == 1) return split_passages(text, sentences, tokens, limits);
  std::vector<StoredPassage> passages;
  std::size_t s = 0;
  std::size_t t = 0;
  std::vector<ByteSpan> range_sentences;
  std::vector<TokenSpot> range_tokens;
  for (const auto& [begin, end] : kept.kept()) {
    range_sentences.clear();
    range_tokens.clear();
    while (s < sentences.size() && sentences[s].second <= begin) ++s;
    for (std::size_t i = s; i < sentences.size() && sentences[i].first < end; ++i) {
      range_sentences.emplace_back(std::max(sentences[i].first, begin),
                                   std::min(sentences[i].second, end));
    }
    while (t < tokens.size() && tokens[t].byte_begin < begin) ++t;
    for (std::size_t i = t; i < tokens.size() && tokens[i].byte_begin < end; ++i) {
      range_tokens.push_back(tokens[i]);
    }
    if (range_tokens.empty()) continue;
    auto part = split_passages(text, range_sentences, range_tokens, limits);
    passages.insert(passages.end(), part.begin(), part.end());
  }
  if (passages.empty()) return split_passages(text, sentences, tokens, limits);
  return passages;
}

}  // namespace herdex::detail
