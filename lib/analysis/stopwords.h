// English stopwords: words so common that, in a free-text query, they add
// cost and noise but no evidence. The list is Lucene's (and Anserini's)
// classic English set, which published BM25 baselines use. Only queries
// drop them, and only when other words remain; documents keep every word,
// so phrases with stopwords still match.
#pragma once

#include <string_view>

namespace herdex::detail {

/// True for a folded (lower-case) English stopword.
bool is_stopword(std::string_view term) noexcept;

}  // namespace herdex::detail
