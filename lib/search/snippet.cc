#include "search/snippet.h"

#include <unicode/uchar.h>

#include <algorithm>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

std::int32_t code_point_at(std::string_view s, std::size_t i) {
  if (utf8_sequence_length(s, i) == 0) return -1;
  return decode_utf8(s, i).value;
}

// True if a cluster may start at `i`: the character there does not attach to
// the one before it.
bool starts_cluster(std::string_view s, std::size_t i) {
  if (i == 0 || i >= s.size()) return true;
  const std::int32_t c = code_point_at(s, i);
  if (c < 0) return true;
  const auto gcb = static_cast<UGraphemeClusterBreak>(
      u_getIntPropertyValue(c, UCHAR_GRAPHEME_CLUSTER_BREAK));
  if (gcb == U_GCB_EXTEND || gcb == U_GCB_ZWJ || gcb == U_GCB_SPACING_MARK) return false;
  // Nor after a ZWJ (emoji sequences).
  const std::size_t prev = utf8_floor(s, i - 1);
  return code_point_at(s, prev) != 0x200D;
}

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

std::size_t grapheme_floor(std::string_view text, std::size_t i) {
  i = utf8_floor(text, std::min(i, text.size()));
  while (i > 0 && !starts_cluster(text, i)) i = utf8_floor(text, i - 1);
  return i;
}

std::size_t grapheme_ceil(std::string_view text, std::size_t i) {
  i = utf8_ceil(text, std::min(i, text.size()));
  while (i < text.size() && !starts_cluster(text, i)) {
    i = utf8_ceil(text, i + 1);
  }
  return i;
}

SnippetWindow choose_snippet(std::string_view text, std::size_t begin, std::size_t end,
                             const std::vector<MatchSpan>& matches, std::size_t max_bytes,
                             const std::vector<double>* term_weights) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  // Nothing past the passage counts, not even the rest of a grapheme
  // cluster that straddles its end (a window smaller than a cluster shows
  // one whole cluster, but never past `end`).
  text = text.substr(0, end);
  if (end - begin <= max_bytes) return {begin, end, false, false};

  // Window start candidates: a little before each match.
  const std::size_t lead = max_bytes / 5;
  auto weight_of = [&](std::size_t term) {
    return term_weights != nullptr && term < term_weights->size() ? (*term_weights)[term] : 1.0;
  };
  std::size_t best_start = begin;
  double best_distinct = 0;
  std::size_t best_count = 0;
  std::size_t best_last_end = begin;  // end of the last match the best window counted
  std::vector<std::size_t> seen;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (matches[i].byte_begin < begin || matches[i].byte_end > end) continue;
    std::size_t start = matches[i].byte_begin > begin + lead ? matches[i].byte_begin - lead : begin;
    if (start + max_bytes > end) start = end - max_bytes;
    seen.clear();
    std::size_t count = 0;
    double distinct = 0;
    std::size_t last_end = start;
    for (std::size_t j = i; j < matches.size() && matches[j].byte_end <= start + max_bytes; ++j) {
      if (matches[j].byte_begin < start) continue;
      ++count;
      last_end = matches[j].byte_end;
      if (std::find(seen.begin(), seen.end(), matches[j].term) == seen.end()) {
        seen.push_back(matches[j].term);
        distinct += weight_of(matches[j].term);
      }
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_distinct = distinct;
      best_count = count;
      best_start = start;
      best_last_end = last_end;
    }
  }

  std::size_t b = best_start;
  std::size_t e = std::min(end, b + max_bytes);
  // Prefer cutting at whitespace within the outer sixth of the window.
  const std::size_t slack = max_bytes / 6;
  if (b > begin) {
    for (std::size_t i = b; i < b + slack && i < e; ++i) {
      if (is_space(text[i])) {
        b = i + 1;
        break;
      }
    }
  }
  if (e < end) {
    // Never cut off a match the window was chosen for.
    for (std::size_t i = e; i > e - slack && i > b && i > best_last_end; --i) {
      if (is_space(text[i - 1])) {
        e = i - 1;
        break;
      }
    }
  }
  b = grapheme_ceil(text, b);
  e = grapheme_floor(text, e);
  if (e <= b) {  // a single cluster longer than the window: show it whole
    e = grapheme_ceil(text, b + 1);
  }
  // Whitespace goes only where it is a cluster of its own: a space that a
  // combining or spacing mark follows is that mark's base (UAX #29 GB9).
  while (b < e && is_space(text[b]) && grapheme_ceil(text, b + 1) == b + 1) ++b;
  while (e > b && is_space(text[e - 1]) && grapheme_floor(text, e - 1) == e - 1) --e;
  return {b, e, b > begin, e < end};
}

std::vector<ByteRange> highlight_ranges(const std::vector<MatchSpan>& matches, std::size_t begin,
                                        std::size_t end, std::size_t shift) {
  std::vector<ByteRange> out;
  for (const MatchSpan& m : matches) {
    if (m.byte_begin < begin || m.byte_end > end) continue;
    if (!out.empty() && m.byte_begin <= out.back().byte_end - shift) {
      out.back().byte_end = std::max(out.back().byte_end, m.byte_end + shift);
    } else {
      out.push_back({m.byte_begin + shift, m.byte_end + shift});
    }
  }
  return out;
}

}  // namespace herdex::detail
