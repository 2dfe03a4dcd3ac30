// Analyzer settings as stored in a database's metadata, and the check that
// the analyzer about to be used is the one that built the database.
#pragma once

#include <string>
#include <string_view>

#include "herdex/analyzer.h"
#include "herdex/error.h"

namespace herdex::detail {

/// "stemmer=english;ngram=2;ngrams=1;unigrams=1;words=1"
std::string encode_analyzer_options(const AnalyzerOptions& options);

/// Parses encode_analyzer_options() output. Unknown keys give
/// `version_mismatch` (a newer herdex wrote them), garbage gives `corrupt`.
Result<AnalyzerOptions> decode_analyzer_options(std::string_view encoded);

/// The analyzer for a database whose metadata holds `stored_options` and
/// `stored_fingerprint` (both empty for a new database, which then gets
/// `fallback`). Errors: `version_mismatch` when this build would analyze
/// differently from the one that built the database.
Result<Analyzer> analyzer_from_settings(std::string_view stored_options,
                                        std::string_view stored_fingerprint,
                                        const AnalyzerOptions& fallback);

}  // namespace herdex::detail
