// Choosing the snippet: the stretch of a passage shown to the user.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "herdex/search.h"

namespace herdex::detail {

/// A matched term in the text: byte range and which query term it matched.
struct MatchSpan {
  std::size_t byte_begin;
  std::size_t byte_end;
  std::size_t term;
};

struct SnippetWindow {
  std::size_t byte_begin;
  std::size_t byte_end;
  bool cut_before;
  bool cut_after;
};

/// Where the sentence holding text[i] ends (exclusive), at most `end`: after
/// 。！？；, after ASCII .!? and the whitespace that follows them, after a
/// line break.
std::size_t sentence_end(std::string_view text, std::size_t i, std::size_t end);

/// Where the sentence holding text[i] starts, at least `begin`: the last
/// sentence end (as sentence_end() finds them) at or before `i`.
std::size_t sentence_start(std::string_view text, std::size_t begin, std::size_t i);

/// A sentence and how well it matches.
struct Sentence {
  std::size_t byte_begin;
  std::size_t byte_end;
  double score;  ///< distinct matched terms by weight, the sentence before counting a little
};

/// The sentence of [begin, end) with the most distinct matched terms by
/// weight (see choose_snippet); empty (at `begin`, score 0) when nothing
/// matches.
Sentence best_sentence(std::string_view text, std::size_t begin, std::size_t end,
                       const std::vector<MatchSpan>& matches,
                       const std::vector<double>* term_weights = nullptr);

/// Picks a window of at most `max_bytes` (but never less than one whole
/// grapheme) inside [begin, end) of `text`. First the sentence with the most
/// distinct matched terms, weighted by `term_weights[term]` when given (idf:
/// one rare word outweighs two common ones), the sentence before it counting
/// a little; the window starts where that sentence starts. A sentence longer
/// than the window gets its densest stretch instead: the most distinct
/// terms by weight, then the most matches, from a little before its first
/// match (or from the sentence start if that holds them all). Sentences end
/// at 。！？； , at ASCII .!? before whitespace, and at line breaks. Other
/// edges fall on whitespace where one is near, and never inside a UTF-8
/// sequence or a grapheme cluster. `matches` are sorted. `sentence`, when
/// given, is best_sentence() of the same arguments, already found.
SnippetWindow choose_snippet(std::string_view text, std::size_t begin, std::size_t end,
                             const std::vector<MatchSpan>& matches, std::size_t max_bytes,
                             const std::vector<double>* term_weights = nullptr,
                             const Sentence* sentence = nullptr);

/// The highlights of a snippet [begin, end): the `matches` (sorted by
/// byte_begin) that lie wholly inside it, overlapping or touching ones
/// merged (CJK n-grams overlap by design), shifted by `shift` into source
/// coordinates. Sorted and apart.
std::vector<ByteRange> highlight_ranges(const std::vector<MatchSpan>& matches, std::size_t begin,
                                        std::size_t end, std::size_t shift);

}  // namespace herdex::detail
