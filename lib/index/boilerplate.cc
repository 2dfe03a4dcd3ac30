#include "index/boilerplate.h"

#include <array>

namespace herdex::detail {
namespace {

// Comment-form headings: a line that is exactly one of these (or one
// followed by " / " and a translation, as bilingual blogs write them).
constexpr std::array<std::string_view, 14> kHeadings = {
    "Leave a Reply", "Leave a reply", "Leave a Comment", "Leave a comment", "Post a Comment",
    "发表评论", "發表評論", "發表留言", "发表留言",
    "コメントを残す", "コメントを書く", "댓글 쓰기", "댓글 달기", "Comments",
};

// Form texts specific enough to match as the start of a line.
constexpr std::array<std::string_view, 3> kFormLines = {
    "Fill in your details below", "You are commenting using your", "Notify me of new",
};

bool is_marker_line(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
    line.remove_suffix(1);
  }
  for (const std::string_view heading : kHeadings) {
    if (line == heading) return true;
    if (line.substr(0, heading.size()) == heading && line.substr(heading.size(), 3) == " / ") return true;
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

}  // namespace herdex::detail
