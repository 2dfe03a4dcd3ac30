#include "search/snippet.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "util/utf8.h"

namespace herdex::detail {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Windows shorter than this end between words even where no space is in
// reach (see choose_snippet).
constexpr std::size_t kShortWindowBytes = 64;

// Whether the character starting at text[i] is a letter or digit of a
// script that separates words with spaces: ASCII letters and digits, and
// the two-byte UTF-8 range (Latin with diacritics, Greek, Cyrillic, ...).
// CJK (three bytes) may be cut between any two characters.
bool is_spaced_word_char(std::string_view text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  if (c < 0x80U) return std::isalnum(c) != 0;
  return c >= 0xC2U && c <= 0xDFU;
}

// Whether a cut before text[i] splits a word of a spaced script.
bool cuts_word(std::string_view text, std::size_t i) {
  if (i == 0 || i >= text.size()) return false;
  std::size_t prev = i - 1;
  while (prev > 0 && (static_cast<unsigned char>(text[prev]) & 0xC0U) == 0x80U) --prev;
  return is_spaced_word_char(text, prev) && is_spaced_word_char(text, i);
}

bool is_cjk_stop(std::string_view text, std::size_t i) {  // 。！？； at text[i..i+3)
  if (i + 3 > text.size()) return false;
  const auto b0 = static_cast<unsigned char>(text[i]);
  const auto b1 = static_cast<unsigned char>(text[i + 1]);
  const auto b2 = static_cast<unsigned char>(text[i + 2]);
  if (b0 == 0xE3) return b1 == 0x80 && b2 == 0x82;                              // 。
  return b0 == 0xEF && b1 == 0xBC && (b2 == 0x81 || b2 == 0x9F || b2 == 0x9B);  // ！？；
}

bool is_ascii_stop(char c) { return c == '.' || c == '!' || c == '?'; }

// Bytes a sentence stop can start with: \n . ! ? and the lead bytes of
// 。 (0xE3) and ！？； (0xEF). Text is looked up byte by byte in this table
// before anything else is compared.
struct StopBytes {
  bool first[256] = {};
  constexpr StopBytes() {
    constexpr unsigned char kFirst[] = {'\n', '.', '!', '?', 0xE3, 0xEF};
    for (const unsigned char c : kFirst) first[c] = true;
  }
};
constexpr StopBytes kStopBytes;

bool may_stop(char c) { return kStopBytes.first[static_cast<unsigned char>(c)]; }

// If a sentence stop starts at text[i], the end of the sentence (just past
// the stop, and the whitespace after an ASCII stop); else 0.
std::size_t stop_at(std::string_view text, std::size_t i) {
  const char c = text[i];
  if (c == '\n') return i + 1;
  if (is_ascii_stop(c)) {
    if (i + 1 == text.size()) return i + 1;
    return is_space(text[i + 1]) ? i + 2 : 0;
  }
  return is_cjk_stop(text, i) ? i + 3 : 0;
}

// The distinct query terms seen, by index: a bit each for the first 64.
class TermSet {
 public:
  /// Adds `term`; true if it was not in the set.
  bool insert(std::size_t term) {
    if (term < 64) {
      const std::uint64_t bit = std::uint64_t{1} << term;
      const bool fresh = (mask_ & bit) == 0;
      mask_ |= bit;
      return fresh;
    }
    if (std::find(more_.begin(), more_.end(), term) != more_.end()) return false;
    more_.push_back(term);
    return true;
  }
  void clear() {
    mask_ = 0;
    more_.clear();
  }

 private:
  std::uint64_t mask_ = 0;
  std::vector<std::size_t> more_;
};

using MatchIt = std::vector<MatchSpan>::const_iterator;

// A term's weight: term_weights[term] when given, else 1.
double weight_of(const std::vector<double>* term_weights, std::size_t term) {
  return term_weights != nullptr && term < term_weights->size() ? (*term_weights)[term] : 1.0;
}

// Sum of the weights of the distinct terms matched wholly inside [begin,
// end), reading the matches from `first` (none before it starts at or
// after `begin`).
double distinct_weight(MatchIt first, MatchIt last, std::size_t begin, std::size_t end,
                       const std::vector<double>* term_weights, TermSet& seen) {
  seen.clear();
  double sum = 0;
  for (; first != last && first->byte_begin < end; ++first) {
    if (first->byte_begin < begin || first->byte_end > end) continue;
    if (seen.insert(first->term)) sum += weight_of(term_weights, first->term);
  }
  return sum;
}

struct Cluster {
  std::size_t start;     // window start
  std::size_t last_end;  // end of the last match counted
  std::size_t count;     // matches counted (0: none fits)
  std::size_t first;     // start of the first match counted
};

// The window of `max_bytes` inside [begin, end) (longer than max_bytes)
// that covers the most distinct terms by weight, then the most matches,
// starting `lead` bytes before its first match. (Counting matches over
// the whole window instead, and shortening the lead to fit them, lost
// answer@150: drcd dev 0.763 -> 0.755, jsquad valid 0.739 -> 0.727.)
Cluster densest_window(const std::vector<MatchSpan>& matches, std::size_t begin, std::size_t end,
                       std::size_t max_bytes, std::size_t lead,
                       const std::vector<double>* term_weights, TermSet& seen) {
  Cluster best{begin, begin, 0, begin};
  double best_distinct = 0;
  std::size_t best_count = 0;
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
      if (seen.insert(matches[j].term)) distinct += weight_of(term_weights, matches[j].term);
    }
    if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
      best_distinct = distinct;
      best_count = count;
      best = {start, last_end, count, matches[i].byte_begin};
    }
  }
  return best;
}

}  // namespace

std::size_t sentence_end(std::string_view text, std::size_t i, std::size_t end) {
  end = std::min(end, text.size());
  text = text.substr(0, end);
  for (; i < end; ++i) {
    if (!may_stop(text[i])) continue;
    if (const std::size_t e = stop_at(text, i); e != 0) return e;
  }
  return end;
}

std::size_t sentence_start(std::string_view text, std::size_t begin, std::size_t i) {
  i = std::min(i, text.size());
  // A stop ends at most 3 bytes before the boundary it makes.
  for (std::size_t j = i; j > begin; --j) {
    const std::size_t k = j - 1;
    if (!may_stop(text[k])) continue;
    const std::size_t e = stop_at(text, k);
    if (e != 0 && e <= i && e > begin) return e;
  }
  return begin;
}

Sentence best_sentence(std::string_view text, std::size_t begin, std::size_t end,
                       const std::vector<MatchSpan>& matches,
                       const std::vector<double>* term_weights) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  TermSet seen;
  // A question's words stand in the sentence that answers it, and the
  // answer is usually in that sentence too, often at its start (its
  // subject). A sentence's score leans a little on the one before it, which
  // may name what "it" is.
  constexpr double kContext = 0.4;
  Sentence best{begin, begin, 0.0};
  // Only sentences with a match can win: they are found from the matches,
  // so the rest of the text is never read.
  auto it = std::lower_bound(matches.begin(), matches.end(), begin,
                             [](const MatchSpan& m, std::size_t b) { return m.byte_begin < b; });
  std::size_t last_begin = begin;  // the sentence scored last
  std::size_t last_end = begin;
  MatchIt last_first = it;  // its first match
  for (; it != matches.end() && it->byte_begin < end; ++it) {
    if (it->byte_begin < last_end) continue;
    // A match starts a token, never inside a stop: the sentence runs from
    // the last stop before it to the first after it.
    const std::size_t s = sentence_start(text, begin, it->byte_begin);
    const std::size_t e = sentence_end(text, it->byte_begin, end);
    double score = distinct_weight(it, matches.end(), s, e, term_weights, seen);
    // The sentence before counts only if it matches, and then it is the
    // one scored last.
    if (last_end == s && last_end > last_begin && score > 0) {
      score =
          (1 - kContext) * score +
          kContext * distinct_weight(last_first, matches.end(), last_begin, e, term_weights, seen);
    }
    if (score > best.score) best = {s, e, score};
    last_begin = s;
    last_end = e;
    last_first = it;
  }
  return best;
}

SnippetWindow choose_snippet(std::string_view text, std::size_t begin, std::size_t end,
                             const std::vector<MatchSpan>& matches, std::size_t max_bytes,
                             const std::vector<double>* term_weights,
                             const Sentence* sentence_found) {
  end = std::min(end, text.size());
  begin = std::min(begin, end);
  // Nothing past the passage counts, not even the rest of a grapheme
  // cluster that straddles its end (a window smaller than a cluster shows
  // one whole cluster, but never past `end`).
  text = text.substr(0, end);
  if (end - begin <= max_bytes) return {begin, end, false, false};

  const Sentence sentence = sentence_found != nullptr
                                ? *sentence_found
                                : best_sentence(text, begin, end, matches, term_weights);
  // The stretch to show, and the sentence start it is measured from.
  Cluster c{};
  std::size_t from = begin;
  TermSet seen;
  const bool found = sentence.byte_end > sentence.byte_begin;
  if (found && sentence.byte_end - sentence.byte_begin <= max_bytes) {
    const std::size_t start = std::min(sentence.byte_begin, end - max_bytes);
    c = {start, std::min(sentence.byte_end, start + max_bytes), 1, sentence.byte_begin};
    from = sentence.byte_begin;
  } else {
    // A sentence longer than the window: its densest stretch, from the
    // sentence start when that still holds every match counted.
    if (found) {
      c = densest_window(matches, sentence.byte_begin, sentence.byte_end, max_bytes, max_bytes / 5,
                         term_weights, seen);
    }
    if (c.count > 0) {
      from = sentence.byte_begin;
      if (c.last_end - from <= max_bytes) c.start = from;
    } else {
      // No sentence holds a match of any weight (every term weighs 0, the
      // matches straddle sentence ends), or none of the sentence's matches
      // fits the window: the passage's densest window, which shows one whole.
      c = densest_window(matches, begin, end, max_bytes, max_bytes / 5, term_weights, seen);
    }
  }
  std::size_t b = c.start;
  const std::size_t keep_from = c.first;  // the window shows all of [keep_from, c.last_end)
  const std::size_t best_last_end = c.last_end;
  const bool at_sentence_start = b == from;

  std::size_t e = std::min(end, b + max_bytes);
  // Prefer cutting at whitespace within the outer sixth of the window.
  const std::size_t slack = max_bytes / 6;
  if (b > begin && !at_sentence_start) {
    // Never past what the window was chosen for.
    for (std::size_t i = b; i < b + slack && i < e && i < keep_from; ++i) {
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
  // A short window has too little slack to reach a space: rather than cut
  // a word in half ("a brigh…"), end at a space further in, or at the edge
  // of the matches kept, which is a word boundary. Only short ones: a
  // longer window that still cuts a word sits in unspaced text (a number
  // or a Latin name inside Chinese or Japanese), where keeping the bytes
  // shows more of the answer (answer@150 on cmrc2018 dev fell from 0.7726
  // to 0.7707 when every window did this).
  const bool short_window = max_bytes < kShortWindowBytes;
  if (short_window && e < end && cuts_word(text, e)) {
    std::size_t i = e;
    while (i > b && i > best_last_end && !is_space(text[i - 1])) --i;
    if (i > b && i >= best_last_end) e = i > best_last_end ? i - 1 : i;
  }
  if (short_window && b > begin && !at_sentence_start && cuts_word(text, b)) {
    std::size_t i = b;
    while (i < e && i < keep_from && !is_space(text[i])) ++i;
    if (i < e && i <= keep_from) b = i < keep_from ? i + 1 : i;
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
