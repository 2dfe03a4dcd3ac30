#include "search/passage_ranker.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <utility>

namespace herdex::detail {
namespace {

// Weights for finding the spot inside a hit: a term's idf, divided by the
// times the document repeats it (the subject's name, all over an article
// about it) so that the query's other words find the place that answers it.
// With sentence-first snippets, idf/count did better than idf/sqrt(count)
// (answer@150 on the held-out cmrc2018 trial split 0.578 -> 0.607; drcd and
// jsquad test about equal).
std::vector<double> local_weights(const std::vector<double>& idf,
                                  const std::vector<MatchSpan>& matches) {
  std::vector<unsigned> count(idf.size());
  for (const MatchSpan& m : matches) ++count[m.term];
  std::vector<double> w(idf);
  for (std::size_t t = 0; t < w.size(); ++t) {
    if (count[t] > 1) w[t] /= static_cast<double>(count[t]);
  }
  return w;
}

// True if `needle` occurs in `haystack`, ASCII letters compared without case.
bool contains_folded(std::string_view haystack, std::string_view needle) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                     [&](char a, char b) { return lower(a) == lower(b); }) != haystack.end();
}

// A query term the title also says tells which document, not where in it:
// the subject of a Wikipedia article, the film a review is of. For choosing
// the snippet its weight drops to a tenth. (Its text as matched in the body
// is looked for in the title.) answer@150 on the held-out splits, replayed:
// cmrc2018 trial 0.616 -> 0.662, drcd test 0.752 -> 0.755, jsquad test
// 0.732 -> 0.736.
constexpr double kTitleTermWeight = 0.1;

void lower_title_terms(std::vector<double>& weights, const StoredDocument& doc,
                       const std::vector<MatchSpan>& matches) {
  if (doc.title.empty()) return;
  std::vector<bool> done(weights.size());
  for (const MatchSpan& m : matches) {
    if (done[m.term]) continue;
    done[m.term] = true;
    const std::string_view text =
        std::string_view(doc.text).substr(m.byte_begin, m.byte_end - m.byte_begin);
    if (!text.empty() && contains_folded(doc.title, text)) weights[m.term] *= kTitleTermWeight;
  }
}

}  // namespace

double bm25_idf(double df, double n) { return std::log(1.0 + (n - df + 0.5) / (df + 0.5)); }

PassageRanker::PassageRanker(std::vector<double> idf, PassageScoring scoring)
    : idf_(std::move(idf)), scoring_(scoring) {}

double PassageRanker::passage_score(const std::vector<unsigned>& tf, double length) const {
  const double k1 = scoring_.k1;
  const double b = scoring_.b;
  const double norm = k1 * (1.0 - b + b * std::max(1.0, length) / scoring_.average_passage_length);
  double score = 0.0;
  for (std::size_t t = 0; t < tf.size() && t < idf_.size(); ++t) {
    if (tf[t] == 0) continue;
    score += idf_[t] * (tf[t] * (k1 + 1.0)) / (tf[t] + norm);
  }
  return score;
}

RankedPassages PassageRanker::rank(const StoredDocument& doc,
                                   const std::vector<MatchSpan>& matches) const {
  RankedPassages out;
  out.passages.reserve(doc.passages.size());
  std::vector<unsigned> tf(idf_.size());
  std::size_t m = 0;
  for (std::size_t p = 0; p < doc.passages.size(); ++p) {
    const StoredPassage& passage = doc.passages[p];
    std::fill(tf.begin(), tf.end(), 0U);
    while (m < matches.size() && matches[m].byte_begin < passage.byte_begin) ++m;
    for (std::size_t k = m; k < matches.size() && matches[k].byte_begin < passage.byte_end; ++k) {
      ++tf[matches[k].term];
    }
    const double length = static_cast<double>(passage.position_end - passage.position_begin);
    out.passages.push_back({p, passage_score(tf, length)});
  }
  std::stable_sort(
      out.passages.begin(), out.passages.end(),
      [](const ScoredPassage& a, const ScoredPassage& b) { return a.score > b.score; });

  out.snippet_weights = local_weights(idf_, matches);
  lower_title_terms(out.snippet_weights, doc, matches);

  // Sentences are taken passage by passage, as the snippet will be; of
  // equal ones the first in the text wins (an article's opening sentence
  // says what its subject is). The other passages keep their BM25 order.
  out.sentences.reserve(doc.passages.size());
  std::size_t best = 0;
  double best_score = 0;
  for (std::size_t p = 0; p < doc.passages.size(); ++p) {
    const StoredPassage& sp = doc.passages[p];
    out.sentences.push_back(
        best_sentence(doc.text, sp.byte_begin, sp.byte_end, matches, &out.snippet_weights));
    if (out.sentences.back().score > best_score) {
      best = p;
      best_score = out.sentences.back().score;
    }
  }
  const auto it = std::find_if(out.passages.begin(), out.passages.end(),
                               [&](const ScoredPassage& sp) { return sp.index == best; });
  if (best_score > 0 && it != out.passages.end()) std::rotate(out.passages.begin(), it, it + 1);
  return out;
}

SnippetWindow PassageRanker::snippet_window(const StoredDocument& doc,
                                            const std::vector<MatchSpan>& matches,
                                            const RankedPassages& ranked,
                                            const ScoredPassage& passage,
                                            std::size_t max_bytes) const {
  const StoredPassage& sp = doc.passages[passage.index];
  // rank() found each passage's best sentence.
  return choose_snippet(doc.text, sp.byte_begin, sp.byte_end, matches, max_bytes,
                        &ranked.snippet_weights, &ranked.sentences[passage.index]);
}

}  // namespace herdex::detail
