#include "analysis/stopwords.h"

#include <algorithm>
#include <array>

namespace herdex::detail {
namespace {

// Sorted, for binary search.
constexpr std::array<std::string_view, 33> kStopwords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

}  // namespace

bool is_stopword(std::string_view term) noexcept {
  return std::binary_search(kStopwords.begin(), kStopwords.end(), term);
}

}  // namespace herdex::detail
