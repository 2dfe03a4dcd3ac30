// The analyzer's internal, allocation-free interface. The public
// Analyzer::analyze() collects these into Token values; indexing and query
// building consume them directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "herdex/analyzer.h"

namespace herdex {

namespace detail {

/// A token as the analyzer produces it. The views point into the analyzer's
/// scratch space and are valid only during TokenSink::on_token().
struct TokenView {
  std::string_view term;
  std::string_view stem;  // empty unless kind == word and a stemmer is set
  TokenKind kind = TokenKind::word;
  std::uint32_t position = 0;
  std::size_t byte_begin = 0;
  std::size_t byte_end = 0;
  /// For CJK tokens: 1-based number of the CJK run (a stretch of CJK text
  /// without spaces or punctuation) the token belongs to; 0 otherwise.
  std::uint32_t run = 0;
  /// For CJK tokens: number of characters in the token.
  std::uint32_t chars = 0;
};

class TokenSink {
 public:
  virtual ~TokenSink() = default;
  virtual void on_token(const TokenView& token) = 0;
  /// Whether the stem of this word (its folded form) is needed. Stemming is
  /// a large share of analysis; a sink that only looks for a few stems can
  /// say no to words that cannot have them. Default: always.
  virtual bool wants_stem(std::string_view /*term*/) const { return true; }
};

/// Half-open byte range.
using ByteSpan = std::pair<std::size_t, std::size_t>;

}  // namespace detail

/// Grants library code access to an Analyzer's streaming interface.
struct AnalyzerAccess {
  /// Analyzes `text` into `sink`; returns the number of repaired bytes.
  static std::size_t analyze(const Analyzer& analyzer, std::string_view text, AnalyzeMode mode,
                             detail::TokenSink& sink);
  /// Sentence spans of `text` (valid UTF-8) by ICU's sentence rules (UAX
  /// #29), covering the text without gaps.
  static std::vector<detail::ByteSpan> sentences(const Analyzer& analyzer, std::string_view text);
};

}  // namespace herdex
