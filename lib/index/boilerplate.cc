#include "index/boilerplate.h"

#include <array>

namespace herdex::detail {
namespace {

// Lines that begin a comment form, in the languages of the corpus. A line
// matches when it starts with one of these (after leading spaces).
constexpr std::array<std::string_view, 16> kMarkers = {
    "Leave a Reply", "Leave a reply", "Leave a Comment", "Leave a comment",
    "Fill in your details below", "You are commenting using your",
    "Notify me of new", "Post a Comment",
    "发表评论", "發表評論", "發表留言", "发表留言",
    "コメントを残す", "コメントを書く", "댓글 쓰기", "댓글 달기",
};

bool is_marker_line(std::string_view line) {
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  for (const std::string_view marker : kMarkers) {
    if (line.substr(0, marker.size()) == marker) return true;
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
