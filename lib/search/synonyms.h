// Query-time synonyms: groups of words or phrases that mean the same
// (OS = operating system, AI = artificial intelligence, 人工智能 = 人工智慧).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "herdex/analyzer.h"
#include "herdex/error.h"

namespace herdex::detail {

/// Synonym groups keyed by their analyzed form (the terms of each
/// expression joined by spaces), so that "OS", "os" and "ＯＳ" are one key.
class Synonyms {
 public:
  /// Parses a synonyms file: one group per line, expressions separated by
  /// `=` (`OS = operating system`), `#` starts a comment. Errors:
  /// `invalid_argument` with the line for a line without `=`.
  static Result<Synonyms> parse(std::string_view text, const Analyzer& analyzer);
  /// Reads and parses `path`. Errors: `not_found`, `invalid_argument`.
  static Result<Synonyms> load(const std::string& path, const Analyzer& analyzer);

  /// The other expressions of the group whose member has analyzed key `key`
  /// (as written in the file); empty if none.
  const std::vector<std::string>& alternatives(const std::string& key) const;

  /// The longest member, in words, of any group (bounds the search for
  /// multi-word matches).
  std::size_t max_words() const { return max_words_; }

  /// The analyzed key of `text`: its terms joined by single spaces.
  static std::string key_of(std::string_view text, const Analyzer& analyzer);

 private:
  std::unordered_map<std::string, std::vector<std::string>> groups_;
  std::size_t max_words_ = 0;
};

}  // namespace herdex::detail
