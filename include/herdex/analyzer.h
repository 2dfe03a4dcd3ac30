/// @file analyzer.h
/// Text analysis: the same Analyzer turns documents and queries into tokens.
///
/// Indexing and searching use it internally; it is public so that an
/// application can see how text becomes terms (for debugging relevance, or
/// to highlight with the same rules).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "herdex/error.h"
#include "herdex/export.h"

namespace herdex {

/// Whether text is analyzed for indexing or for a query. Query mode emits the
/// terms a query needs (for CJK: the n-grams of each run and its dictionary
/// words, so that a query tolerates segmentation differences).
enum class AnalyzeMode : std::uint8_t { index, query };

/// What a token is.
enum class TokenKind : std::uint8_t {
  word,      ///< An alphabetic word outside CJK (Latin, Cyrillic, ...); has a stem.
  number,    ///< Digits, with decimal points or separators kept (`2025`, `8.5`).
  cjk_word,  ///< A dictionary word from ICU's segmenter (Han, Kana or Hangul).
  cjk_gram,  ///< A character n-gram (or a single character) of a CJK run.
};

/// One token: a normalized term and where it came from.
struct Token {
  /// Normalized form (NFKC, case-folded, Latin diacritics removed,
  /// Traditional Han folded to Simplified, katakana to hiragana).
  std::string term;
  /// Snowball stem of `term` for `word` tokens; empty otherwise.
  std::string stem;
  TokenKind kind = TokenKind::word;  ///< What the token is.
  /// Word position, increasing by one per word or per CJK character; the
  /// tokens of a CJK run share the position of their first character.
  std::uint32_t position = 0;
  /// Half-open byte range [byte_begin, byte_end) of the source span in the
  /// analyzed text, always on UTF-8 boundaries.
  std::size_t byte_begin = 0;
  std::size_t byte_end = 0;  ///< One past the token's last byte.
};

/// The output of one analyze() call.
struct Analysis {
  std::vector<Token> tokens;  ///< In order of byte_begin, then position.
  /// Bytes of invalid UTF-8 in the input; each was treated as one '?'.
  std::size_t repaired_bytes = 0;
};

/// Analyzer settings. Stored in every database (see Analyzer::fingerprint);
/// a database must be searched with the settings it was built with.
struct AnalyzerOptions {
  /// Snowball stemmer for alphabetic words ("english"; "none" disables). Default: "english".
  std::string stemmer = "english";
  /// Length of CJK character n-grams. Default: 2 (bigrams).
  std::uint32_t ngram_size = 2;
  /// Index character n-grams of `ngram_size` over CJK runs. Default: true.
  bool cjk_ngrams = true;
  /// Also index single CJK characters, so a one-character query matches. Default: true.
  bool cjk_unigrams = true;
  /// Also index ICU dictionary words of CJK runs. Default: false — on the
  /// cmrc2018, drcd and jsquad collections they changed no ranking (queries
  /// use characters and n-grams) and cost index space (benchmarks/README.md).
  bool cjk_words = false;
};

/// Turns UTF-8 text into tokens.
///
/// Never fails on input: any byte string is accepted (invalid UTF-8 is
/// repaired and counted). Move-only; a moved-from Analyzer may only be
/// destroyed or assigned to.
///
/// Thread-safety: an Analyzer holds ICU iterator state, so one instance must
/// not be used by two threads at once, even through the const analyze().
/// Create one per thread.
class HERDEX_EXPORT Analyzer {
 public:
  /// Creates an analyzer. Errors: `invalid_argument` for an unknown stemmer
  /// or an n-gram size outside 1..4; `internal` if ICU data is missing.
  static Result<Analyzer> create(const AnalyzerOptions& options = {});

  ~Analyzer();                                    ///< Frees the ICU iterators.
  Analyzer(Analyzer&&) noexcept;                  ///< Takes over another analyzer.
  Analyzer& operator=(Analyzer&&) noexcept;       ///< Takes over another analyzer.
  Analyzer(const Analyzer&) = delete;             ///< Not copyable: create another.
  Analyzer& operator=(const Analyzer&) = delete;  ///< Not copyable: create another.

  /// Analyzes `text` (UTF-8; invalid bytes count as '?', offsets kept) for
  /// indexing or for a query. Never throws except std::bad_alloc; never
  /// fails.
  Analysis analyze(std::string_view text, AnalyzeMode mode = AnalyzeMode::index) const;

  /// The options this analyzer was created with.
  const AnalyzerOptions& options() const noexcept;

  /// A stable, human-readable description of everything that changes the
  /// terms produced (scheme, n-gram size, stemmer, ICU and Unicode versions).
  /// Databases record it; opening with a different one is refused.
  std::string fingerprint() const;

  struct HERDEX_NO_EXPORT Impl;  ///< Opaque; defined in lib/analysis (not exported).

 private:
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend struct AnalyzerAccess;
};

}  // namespace herdex
