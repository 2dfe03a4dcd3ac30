#include "index/passage_splitter.h"

#include <algorithm>
#include <limits>

namespace herdex::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

struct Unit {
  std::size_t begin;
  std::size_t end;
  std::size_t weight2;  // twice the weight in words
  bool starts_paragraph;
};

// True if [from, to) holds an empty line (two line feeds with only
// whitespace between them).
bool has_blank_line(std::string_view text, std::size_t from, std::size_t to) {
  bool seen_newline = false;
  for (std::size_t i = from; i < to; ++i) {
    const char c = text[i];
    if (c == '\n') {
      if (seen_newline) return true;
      seen_newline = true;
    } else if (!is_space(c)) {
      seen_newline = false;
    }
  }
  return false;
}

}  // namespace

void note_token(std::vector<TokenSpot>& spots, const TokenView& token) {
  if (!spots.empty() && spots.back().position == token.position) {
    spots.back().byte_end = std::max(spots.back().byte_end, token.byte_end);
    return;
  }
  const bool cjk = token.kind == TokenKind::cjk_gram || token.kind == TokenKind::cjk_word;
  spots.push_back({token.byte_begin, token.byte_end, token.position, token.run,
                   static_cast<std::uint8_t>(cjk ? 1 : 2)});
}

std::vector<PositionExtent> position_extents(const std::vector<TokenSpot>& spots) {
  std::vector<PositionExtent> extents;
  if (spots.empty()) return extents;
  extents.resize(std::size_t{spots.back().position} + 1);
  std::uint32_t last_begin = 0;
  std::size_t s = 0;
  for (std::size_t p = 0; p < extents.size(); ++p) {
    while (s < spots.size() && spots[s].position < p) ++s;
    PositionExtent& e = extents[p];
    if (s < spots.size() && spots[s].position == p) {
      const TokenSpot& spot = spots[s];
      e.byte_begin = static_cast<std::uint32_t>(spot.byte_begin);
      e.byte_end = static_cast<std::uint32_t>(spot.byte_end);
      e.next_adjacent = spot.run != 0 && s + 1 < spots.size() && spots[s + 1].run == spot.run &&
                        spots[s + 1].position == p + 1;
      last_begin = e.byte_begin;
    } else {
      e.byte_begin = e.byte_end = last_begin;  // no token starts here
    }
  }
  return extents;
}

std::vector<StoredPassage> split_passages(std::string_view text,
                                          const std::vector<ByteSpan>& sentences,
                                          const std::vector<TokenSpot>& tokens,
                                          const PassageLimits& limits) {
  const std::size_t target2 = std::max<std::size_t>(limits.target_words, 1) * 2;
  const std::size_t overlap2 = limits.overlap_words * 2;

  // 1. Sentences, trimmed, weighed, cut when longer than a passage.
  std::vector<Unit> units;
  std::size_t tok = 0;
  std::size_t prev_end = 0;
  for (const auto& [raw_begin, raw_end] : sentences) {
    std::size_t b = raw_begin;
    std::size_t e = std::min(raw_end, text.size());
    while (b < e && is_space(text[b])) ++b;
    while (e > b && is_space(text[e - 1])) --e;
    if (b >= e) continue;
    const bool paragraph = units.empty() || has_blank_line(text, prev_end, b);
    prev_end = e;
    while (tok < tokens.size() && tokens[tok].byte_begin < b) ++tok;
    Unit unit{b, b, 0, paragraph};
    while (tok < tokens.size() && tokens[tok].byte_begin < e) {
      if (unit.weight2 >= target2 && tokens[tok].byte_begin > unit.begin) {
        // The sentence alone exceeds a passage: cut it before this token.
        unit.end = tokens[tok].byte_begin;
        while (unit.end > unit.begin && is_space(text[unit.end - 1])) --unit.end;
        units.push_back(unit);
        unit = Unit{tokens[tok].byte_begin, tokens[tok].byte_begin, 0, false};
      }
      unit.weight2 += tokens[tok].weight2;
      ++tok;
    }
    unit.end = e;
    units.push_back(unit);
  }

  // 2. Group units into passages.
  struct Group {
    std::size_t first;
    std::size_t last;  // inclusive unit indexes
  };
  std::vector<Group> groups;
  std::size_t start = 0;
  std::size_t weight = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    const bool have = i > start;
    const bool full = have && weight + u.weight2 > target2;
    const bool new_paragraph = have && u.starts_paragraph && weight * 3 >= target2;
    if (full || new_paragraph) {
      groups.push_back({start, i - 1});
      const Unit& last = units[i - 1];
      // Repeat the last sentence only if it is short and still leaves room
      // for the sentence that starts the new passage.
      const bool overlap = !u.starts_paragraph && i - 1 > start && last.weight2 <= overlap2 &&
                           last.weight2 > 0 && last.weight2 + u.weight2 <= target2;
      start = overlap ? i - 1 : i;
      weight = overlap ? last.weight2 : 0;
    }
    weight += u.weight2;
  }
  if (start < units.size()) groups.push_back({start, units.size() - 1});

  // 3. Byte and position ranges.
  std::vector<StoredPassage> passages;
  passages.reserve(groups.size());
  auto first_token_at = [&](std::size_t byte) {
    return std::lower_bound(tokens.begin(), tokens.end(), byte,
                            [](const TokenSpot& t, std::size_t b) { return t.byte_begin < b; });
  };
  for (const Group& g : groups) {
    StoredPassage p;
    p.byte_begin = static_cast<std::uint32_t>(units[g.first].begin);
    p.byte_end = static_cast<std::uint32_t>(units[g.last].end);
    auto it = first_token_at(p.byte_begin);
    std::uint32_t lo = std::numeric_limits<std::uint32_t>::max();
    std::uint32_t hi = 0;
    for (; it != tokens.end() && it->byte_begin < p.byte_end; ++it) {
      lo = std::min(lo, it->position);
      hi = std::max(hi, it->position + 1);
    }
    if (lo > hi) lo = hi = passages.empty() ? 0 : passages.back().position_end;
    p.position_begin = lo;
    p.position_end = hi;
    passages.push_back(p);
  }
  if (passages.empty() && !text.empty()) {
    passages.push_back(StoredPassage{0, static_cast<std::uint32_t>(text.size()), 0, 0});
  }
  return passages;
}

}  // namespace herdex::detail
