#include "analysis/settings.h"

#include <charconv>

#include <fmt/format.h>

namespace herdex::detail {

std::string encode_analyzer_options(const AnalyzerOptions& o) {
  return fmt::format("stemmer={};ngram={};ngrams={};unigrams={};words={}",
                     o.stemmer.empty() ? "none" : o.stemmer, o.ngram_size, o.cjk_ngrams ? 1 : 0,
                     o.cjk_unigrams ? 1 : 0, o.cjk_words ? 1 : 0);
}

Result<AnalyzerOptions> decode_analyzer_options(std::string_view s) {
  AnalyzerOptions o;
  while (!s.empty()) {
    const std::size_t semi = s.find(';');
    const std::string_view item = s.substr(0, semi);
    s = semi == std::string_view::npos ? std::string_view() : s.substr(semi + 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) {
      return Error{ErrorCode::corrupt, fmt::format("bad analyzer setting '{}'", item)};
    }
    const std::string_view key = item.substr(0, eq);
    const std::string_view value = item.substr(eq + 1);
    if (key == "stemmer") {
      o.stemmer = std::string(value);
    } else if (key == "ngram") {
      const auto [end, ec] =
          std::from_chars(value.data(), value.data() + value.size(), o.ngram_size);
      if (ec != std::errc() || end != value.data() + value.size()) {
        return Error{ErrorCode::corrupt, fmt::format("bad n-gram size '{}'", value)};
      }
    } else if (key == "ngrams") {
      o.cjk_ngrams = value == "1";
    } else if (key == "unigrams") {
      o.cjk_unigrams = value == "1";
    } else if (key == "words") {
      o.cjk_words = value == "1";
    } else {
      return Error{
          ErrorCode::version_mismatch,
          fmt::format("unknown analyzer setting '{}' (database built by a newer herdex?)", key)};
    }
  }
  return o;
}

Result<Analyzer> analyzer_from_settings(std::string_view stored_options,
                                        std::string_view stored_fingerprint,
                                        const AnalyzerOptions& fallback) {
  AnalyzerOptions options = fallback;
  if (!stored_options.empty()) {
    auto decoded = decode_analyzer_options(stored_options);
    if (!decoded) return std::move(decoded).error();
    options = *decoded;
  }
  auto analyzer = Analyzer::create(options);
  if (!analyzer) return analyzer;
  if (!stored_fingerprint.empty() && stored_fingerprint != analyzer->fingerprint()) {
    return Error{ErrorCode::version_mismatch,
                 fmt::format("database was built with analyzer \"{}\" but this herdex analyzes as "
                             "\"{}\"; re-index into a new database",
                             stored_fingerprint, analyzer->fingerprint())};
  }
  return analyzer;
}

}  // namespace herdex::detail
