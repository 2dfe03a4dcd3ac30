// Fuzzes the snippet builder (lib/search/snippet.h): random text, a random
// passage inside it, random match ranges and weights, any snippet length;
// then the highlights of the chosen window, as Searcher builds them.
//
// Input: the snippet length (2 bytes), passage begin and end (2 bytes each),
// a match count and whether weights are given (1 byte each); then per match
// its begin, length (2 bytes each) and term (1 byte); then the text. Matches
// are made like the analyzer's tokens: cut to grapheme-cluster boundaries
// and trimmed of whitespace, sorted.
//
// Invariants: the window lies inside the passage, on UTF-8 and grapheme
// boundaries, trimmed of whitespace when cut (but for a space that a mark
// makes part of a cluster), no longer than asked unless it
// is one grapheme cluster; cut_before and cut_after say whether it was cut;
// when a match short enough to fit lies in the passage, the window holds a
// whole match. Highlights are sorted, apart, inside the window, on UTF-8
// boundaries, cover every match inside the window and nothing else.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "search/snippet.h"
#include "util/utf8.h"

namespace herdex::fuzz {
namespace {

using detail::MatchSpan;

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace
}  // namespace herdex::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace herdex;
  using namespace herdex::fuzz;
  InputReader in(data, size);
  const std::size_t max_bytes = in.u16() % 1024U;
  std::size_t begin = in.u16();
  std::size_t end = in.u16();
  const std::size_t match_count = in.byte() % 64U;
  const bool weighted = (in.byte() & 1U) != 0;
  struct RawMatch {
    std::size_t begin, length, term;
  };
  std::vector<RawMatch> raw(match_count);
  for (RawMatch& m : raw) {
    m.begin = in.u16();
    m.length = in.u16() % 64U;
    m.term = in.byte() % 8U;
  }
  std::string text(in.rest());
  (void)detail::repair_utf8(text);  // stored text is valid UTF-8
  const std::size_t n = text.size();

  // A passage: on character boundaries, trimmed, as the splitter makes them.
  begin = detail::utf8_floor(text, std::min(begin, n));
  end = detail::utf8_floor(text, std::min(end, n));
  if (begin > end) std::swap(begin, end);
  while (begin < end && is_space(text[begin])) ++begin;
  while (end > begin && is_space(text[end - 1])) --end;

  std::vector<MatchSpan> matches;
  for (const RawMatch& m : raw) {
    if (n == 0) break;
    std::size_t b = detail::grapheme_floor(text, m.begin % n);
    std::size_t e = detail::grapheme_ceil(text, std::min(n, b + m.length + 1));
    while (b < e && is_space(text[b])) b = detail::grapheme_ceil(text, b + 1);
    while (e > b && is_space(text[e - 1])) e = detail::grapheme_floor(text, e - 1);
    if (b < e) matches.push_back({b, e, m.term});
  }
  std::sort(matches.begin(), matches.end(), [](const MatchSpan& a, const MatchSpan& b) {
    return a.byte_begin != b.byte_begin ? a.byte_begin < b.byte_begin : a.byte_end < b.byte_end;
  });
  std::vector<double> weights;
  for (std::size_t t = 0; t < 8; ++t)
    weights.push_back(static_cast<double>((t * 37U + size) % 5U) * 0.7);

  const detail::SnippetWindow w =
      detail::choose_snippet(text, begin, end, matches, max_bytes, weighted ? &weights : nullptr);
  HERDEX_FUZZ_CHECK(begin <= w.byte_begin && w.byte_begin <= w.byte_end && w.byte_end <= end,
                    "window [%zu, %zu) outside the passage [%zu, %zu)", w.byte_begin, w.byte_end,
                    begin, end);
  HERDEX_FUZZ_CHECK(on_boundary(text, w.byte_begin) && on_boundary(text, w.byte_end),
                    "window [%zu, %zu) not on UTF-8 boundaries", w.byte_begin, w.byte_end);
  HERDEX_FUZZ_CHECK(w.cut_before == (w.byte_begin > begin) && w.cut_after == (w.byte_end < end),
                    "window [%zu, %zu) of [%zu, %zu) says cut %d/%d", w.byte_begin, w.byte_end,
                    begin, end, w.cut_before, w.cut_after);
  if (end - begin > max_bytes) {
    const std::string_view passage =
        std::string_view(text).substr(0, end);  // clusters end at `end`
    HERDEX_FUZZ_CHECK(w.byte_begin == detail::grapheme_floor(passage, w.byte_begin) &&
                          w.byte_end == detail::grapheme_ceil(passage, w.byte_end),
                      "window [%zu, %zu) cuts a grapheme cluster", w.byte_begin, w.byte_end);
    HERDEX_FUZZ_CHECK(w.byte_end - w.byte_begin <= max_bytes ||
                          detail::grapheme_ceil(passage, w.byte_begin + 1) >= w.byte_end,
                      "window of %zu bytes for a limit of %zu", w.byte_end - w.byte_begin,
                      max_bytes);
    if (w.byte_end > w.byte_begin) {
      // Trimmed, but for a space that carries a mark (one cluster with it).
      const std::size_t b = w.byte_begin;
      const std::size_t e = w.byte_end;
      HERDEX_FUZZ_CHECK(!is_space(text[b]) || detail::grapheme_ceil(passage, b + 1) > b + 1,
                        "window [%zu, %zu) starts with whitespace", b, e);
      HERDEX_FUZZ_CHECK(!is_space(text[e - 1]) || detail::grapheme_floor(passage, e - 1) < e - 1,
                        "window [%zu, %zu) ends with whitespace", b, e);
    }
    // A match that fits with its lead-in must be shown whole somewhere.
    const std::size_t fits = max_bytes - max_bytes / 5;
    const bool fitting = std::any_of(matches.begin(), matches.end(), [&](const MatchSpan& m) {
      return m.byte_begin >= begin && m.byte_end <= end && m.byte_end - m.byte_begin <= fits;
    });
    const bool shown = std::any_of(matches.begin(), matches.end(), [&](const MatchSpan& m) {
      return m.byte_begin >= w.byte_begin && m.byte_end <= w.byte_end;
    });
    HERDEX_FUZZ_CHECK(!fitting || shown, "window [%zu, %zu) of [%zu, %zu) shows no match",
                      w.byte_begin, w.byte_end, begin, end);
  }

  const std::size_t shift = 1000;
  const std::vector<ByteRange> highlights =
      detail::highlight_ranges(matches, w.byte_begin, w.byte_end, shift);
  std::vector<bool> marked(n, false);
  for (const MatchSpan& m : matches) {
    if (m.byte_begin < w.byte_begin || m.byte_end > w.byte_end) continue;
    for (std::size_t i = m.byte_begin; i < m.byte_end; ++i) marked[i] = true;
  }
  std::size_t previous_end = 0;
  for (const ByteRange& h : highlights) {
    HERDEX_FUZZ_CHECK(h.byte_begin >= shift + w.byte_begin && h.byte_begin < h.byte_end &&
                          h.byte_end <= shift + w.byte_end && h.byte_begin > previous_end,
                      "highlight [%zu, %zu) in window [%zu, %zu) + %zu", h.byte_begin, h.byte_end,
                      w.byte_begin, w.byte_end, shift);
    HERDEX_FUZZ_CHECK(
        on_boundary(text, h.byte_begin - shift) && on_boundary(text, h.byte_end - shift),
        "highlight [%zu, %zu) not on UTF-8 boundaries", h.byte_begin, h.byte_end);
    for (std::size_t i = h.byte_begin - shift; i < h.byte_end - shift; ++i) {
      HERDEX_FUZZ_CHECK(marked[i], "highlight [%zu, %zu) covers byte %zu of no match", h.byte_begin,
                        h.byte_end, i);
      marked[i] = false;
    }
    previous_end = h.byte_end;
  }
  HERDEX_FUZZ_CHECK(std::find(marked.begin(), marked.end(), true) == marked.end(),
                    "a match in the window is not highlighted");
  return 0;
}
