#include "search/match_locator.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analysis/script.h"
#include "analysis/token_stream.h"
#include "store/schema.h"
#include "util/utf8.h"

namespace herdex::detail {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

// Finds the tokens of a text that match query terms, by analyzing it.
class MatchSink final : public TokenSink {
 public:
  MatchSink(const std::unordered_map<std::string, std::size_t>& terms, std::vector<MatchSpan>& out)
      : terms_(terms), out_(out) {
    // A Snowball stem starts with the same two letters as its word (dying ->
    // die, skies -> sky included), so words starting otherwise need no stem.
    for (const auto& [term, index] : terms) {
      if (is_stem_term(term)) {
        stem_starts_.push_back(term.substr(kStemPrefix.size(), 2));
      }
    }
  }

  bool wants_stem(std::string_view term) const override {
    return std::any_of(stem_starts_.begin(), stem_starts_.end(),
                       [&](const std::string& start) { return starts_with(term, start); });
  }

  void on_token(const TokenView& t) override {
    key_.assign(t.term);
    auto it = terms_.find(key_);
    if (it == terms_.end() && !t.stem.empty()) {
      key_.assign(kStemPrefix).append(t.stem);
      it = terms_.find(key_);
    }
    if (it != terms_.end()) out_.push_back({t.byte_begin, t.byte_end, it->second});
  }

 private:
  const std::unordered_map<std::string, std::size_t>& terms_;
  std::vector<MatchSpan>& out_;
  std::vector<std::string> stem_starts_;
  std::string key_;
};

// Number of code points in valid UTF-8, up to 2.
std::size_t code_points_up_to_two(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size() && n < 2; i = utf8_ceil(s, i + 1)) ++n;
  return n;
}

bool is_cjk_term(std::string_view term) {
  return !term.empty() && is_cjk(classify(decode_utf8(term, 0).value));
}

void sort_spans(std::vector<MatchSpan>& spans) {
  std::sort(spans.begin(), spans.end(), [](const MatchSpan& a, const MatchSpan& b) {
    if (a.byte_begin != b.byte_begin) return a.byte_begin < b.byte_begin;
    if (a.byte_end != b.byte_end) return a.byte_end < b.byte_end;
    return a.term < b.term;
  });
}

}  // namespace

MatchLocator::MatchLocator(const Xapian::Database& db, const Analyzer& analyzer,
                           const std::vector<std::string>& terms, const Xapian::MSet* mset,
                           const StemWords* stems)
    : db_(db), analyzer_(analyzer), terms_(terms), by_positions_(!analyzer.options().cjk_words) {
  std::optional<StemWords> own;
  if (stems == nullptr && by_positions_) stems = &own.emplace(std::vector<Xapian::Database>{db});
  Xapian::Stem stemmer;
  const std::string& language = analyzer.options().stemmer;
  if (!language.empty() && language != "none") stemmer = Xapian::Stem(language);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    const std::string& term = terms[i];
    term_index_.emplace(term, i);
    // Terms no document holds are not looked up in every hit. Without the
    // match's frequencies, every term counts as held by every document.
    const Xapian::doccount freq = !by_positions_ || mset == nullptr
                                      ? std::numeric_limits<Xapian::doccount>::max()
                                      : mset->get_termfreq(term);
    if (freq == 0) continue;
    if (is_cjk_term(term)) {
      probes_.push_back({term,
                         i,
                         code_points_up_to_two(term) == 1 ? Shape::cjk_char : Shape::cjk_gram,
                         freq,
                         {}});
    } else if (is_stem_term(term) && by_positions_) {
      add_stem_probes(term, i, freq, *stems, stemmer);
    } else if (is_stem_term(term)) {
      probes_.push_back({term, i, Shape::stem, freq, {}});  // only says a term is held
    } else {
      probes_.push_back({term, i, Shape::word, freq, {}});
    }
  }
  std::sort(probes_.begin(), probes_.end(),
            [](const Probe& a, const Probe& b) { return a.term < b.term; });
}

// The positions of stem `term` (query term `index`): those of the words
// listed for it, the stem's own where it may hold some, and those of the
// word spelled as the stem.
void MatchLocator::add_stem_probes(const std::string& term, std::size_t index,
                                   Xapian::doccount freq, const StemWords& stems,
                                   const Xapian::Stem& stemmer) {
  const std::string_view stem = std::string_view(term).substr(kStemPrefix.size());
  if (stems.some_stem_positions() || StemWords::may_hold_positions(stem)) {
    probes_.push_back({term, index, Shape::stem, freq, {}});
  }
  for (std::string& word : stems.words(stem)) {
    // A pair may outlive its documents: one frequency lookup here saves a
    // position lookup in every hit.
    const Xapian::doccount word_freq = db_.get_termfreq(word);
    if (word_freq > 0) probes_.push_back({std::move(word), index, Shape::stem, word_freq, {}});
  }
  // Words equal to their stem carry the positions the stem lacks. Most such
  // words are not words of the text ("donat" for "donating").
  std::string word(stem);
  if (stemmer(word) == word) {
    const Xapian::doccount word_freq = db_.get_termfreq(word);
    if (word_freq > 0) probes_.push_back({std::move(word), index, Shape::stem_word, word_freq, {}});
  }
}

void MatchLocator::expect(const std::vector<Xapian::docid>& dids) {
  if (!by_positions_ || dids.empty()) return;
  // A term in more than a quarter of the documents is likely in most hits,
  // and its postings span many chunks: walking them would cost about what
  // it saves.
  const Xapian::doccount common = db_.get_doccount() / 4;
  for (Probe& probe : probes_) {
    if (probe.termfreq > common) continue;
    probe.holders.emplace();
    Xapian::PostingIterator post = db_.postlist_begin(probe.term);
    const Xapian::PostingIterator end = db_.postlist_end(probe.term);
    for (const Xapian::docid did : dids) {
      post.skip_to(did);
      if (post == end) break;
      if (*post == did) probe.holders->push_back(did);
    }
  }
}

std::vector<MatchSpan> MatchLocator::locate_by_analysis(const StoredDocument& doc) const {
  std::vector<MatchSpan> spans;
  MatchSink sink(term_index_, spans);
  // Only the indexed text, which the passages cover: page boilerplate is
  // stored but has no terms, and no passage reaches into it. Passages may
  // overlap (a repeated sentence); their union is analyzed range by range,
  // each range starting and ending at whitespace, so the tokens are those
  // the index was built from.
  std::vector<std::pair<std::size_t, std::size_t>> ranges;
  for (const StoredPassage& p : doc.passages) ranges.emplace_back(p.byte_begin, p.byte_end);
  std::sort(ranges.begin(), ranges.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : ranges) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  const std::string_view text = doc.text;
  for (const auto& [begin, end] : merged) {
    if (begin >= end || end > text.size()) continue;
    const std::size_t first = spans.size();
    // The stored text is valid UTF-8: nothing to repair.
    (void)AnalyzerAccess::analyze(analyzer_, text.substr(begin, end - begin), AnalyzeMode::index,
                                  sink);
    for (std::size_t i = first; i < spans.size(); ++i) {
      spans[i].byte_begin += begin;
      spans[i].byte_end += begin;
    }
  }
  return spans;
}

std::vector<MatchSpan> MatchLocator::locate(Xapian::docid did, const StoredDocument& doc) {
  if (!by_positions_ || probes_.empty())
    return probes_.empty() ? std::vector<MatchSpan>{} : locate_by_analysis(doc);
  std::vector<MatchSpan> spans;
  const std::vector<PositionExtent>& extents = doc.positions;
  bool any_word = false;
  // Every term is looked up directly, never through the document's term
  // list: Xapian 1.4 decodes a term list without bounds checks (glass's
  // GlassTermList::next() trusts the lengths it reads), so a damaged
  // termlist.glass made TermIterator::skip_to read past its buffer and
  // crash. A position lookup is a B-tree search, whose blocks Xapian checks
  // (damage there is a DatabaseCorruptError, exit 5).
  for (const Probe& probe : probes_) {
    if (probe.holders && !std::binary_search(probe.holders->begin(), probe.holders->end(), did))
      continue;
    for (auto pos = db_.positionlist_begin(did, probe.term);
         pos != db_.positionlist_end(did, probe.term); ++pos) {
      const std::size_t p = *pos - 1;  // Xapian positions start at 1
      if (p >= extents.size()) break;
      const PositionExtent& e = extents[p];
      if (e.byte_end <= e.byte_begin) continue;
      std::size_t span_end = e.byte_end;
      if (probe.shape == Shape::cjk_char && e.next_adjacent && p + 1 < extents.size()) {
        span_end = extents[p + 1].byte_begin;
      }
      spans.push_back({e.byte_begin, span_end, probe.index});
      any_word = any_word || probe.shape == Shape::word;
    }
  }
  sort_spans(spans);
  // A database set whose shards differ in where stem positions are finds
  // a stem's token through its word and the stem term alike.
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const MatchSpan& a, const MatchSpan& b) {
                            return a.byte_begin == b.byte_begin && a.byte_end == b.byte_end &&
                                   a.term == b.term;
                          }),
              spans.end());
  if (any_word) {
    // A Latin word has one token per position, so a word match and a stem
    // match of the same bytes are the same token: keep the word's.
    const auto is_stem = [&](std::size_t term) { return is_stem_term(terms_[term]); };
    std::vector<MatchSpan> kept;
    kept.reserve(spans.size());
    for (const MatchSpan& s : spans) {
      const bool same = !kept.empty() && kept.back().byte_begin == s.byte_begin &&
                        kept.back().byte_end == s.byte_end &&
                        is_stem(kept.back().term) != is_stem(s.term);
      if (!same) {
        kept.push_back(s);
      } else if (is_stem(kept.back().term)) {
        kept.back() = s;
      }
    }
    spans = std::move(kept);
  }
  return spans;
}

}  // namespace herdex::detail
