#include "search/spelling.h"

#include <algorithm>
#include <vector>

#include "analysis/token_stream.h"

namespace herdex::detail {
namespace {

class WordSink final : public TokenSink {
 public:
  void on_token(const TokenView& t) override {
    if (t.kind == TokenKind::word) words.push_back({std::string(t.term), t.byte_begin, t.byte_end});
  }
  struct Word {
    std::string term;
    std::size_t begin;
    std::size_t end;
  };
  std::vector<Word> words;
};

bool is_lower_ascii_word(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t gap = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (gap > limit) return limit + 1;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, substitution});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string suggest_spelling(const Analyzer& analyzer, const Xapian::Database& db,
                             std::string_view query) {
  WordSink sink;
  (void)AnalyzerAccess::analyze(analyzer, query, AnalyzeMode::query, sink);  // repairs are harmless
  std::string corrected(query);
  bool changed = false;
  // Replace from the end so earlier byte offsets stay valid.
  for (auto w = sink.words.rbegin(); w != sink.words.rend(); ++w) {
    if (!is_lower_ascii_word(w->term) || w->term.size() < 3 || db.term_exists(w->term)) continue;
    const std::size_t limit = w->term.size() < 5 ? 1 : 2;
    const std::string first(1, w->term.front());
    std::string best;
    Xapian::doccount best_freq = 0;
    std::size_t best_distance = limit + 1;
    for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
      const std::string candidate = *it;
      const std::size_t len = candidate.size();
      if (len + limit < w->term.size() || len > w->term.size() + limit) continue;
      const std::size_t d = edit_distance(w->term, candidate, limit);
      if (d > limit) continue;
      const Xapian::doccount freq = it.get_termfreq();
      if (d < best_distance || (d == best_distance && freq > best_freq)) {
        best = candidate;
        best_freq = freq;
        best_distance = d;
      }
    }
    if (best.empty()) continue;
    corrected.replace(w->begin, w->end - w->begin, best);
    changed = true;
  }
  return changed ? corrected : std::string();
}

}  // namespace herdex::detail
