#include "herdex/search.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "analysis/settings.h"
#include "analysis/stopwords.h"
#include "search/match_locator.h"
#include "search/query_builder.h"
#include "search/snippet.h"
#include "search/spelling.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"
#include "store/shards.h"
#include "store/xapian_error.h"

namespace herdex {
namespace {

// Typical passage length in positions, for passage length normalization.
constexpr double kAveragePassageLength = 60.0;

// A passage of a hit with its score.
struct ScoredPassage {
  std::size_t index;
  double score;
};

// Converts a Xapian weight spy's counts into a facet, most frequent first.
Facet facet_from_spy(const std::string& name, const Xapian::ValueCountMatchSpy& spy, bool numeric) {
  Facet facet;
  facet.name = name;
  for (auto it = spy.top_values_begin(50); it != spy.top_values_end(50); ++it) {
    std::string value = *it;
    if (numeric) value = fmt::format("{}", Xapian::sortable_unserialise(value));
    facet.values.push_back({std::move(value), static_cast<std::size_t>(it.get_termfreq())});
  }
  return facet;
}

Result<Xapian::valueno> facet_slot(const std::string& name, const Xapian::Database& db) {
  const detail::BuiltinField* builtin = detail::builtin_field(name);
  if (builtin != nullptr && builtin->facet) return builtin->slot;
  // A field given with `index --field`: some document has its terms.
  const std::string prefix = detail::field_prefix(name);
  if (db.allterms_begin(prefix) != db.allterms_end(prefix))
    return Xapian::valueno{detail::field_slot(name)};
  Error e{
      ErrorCode::invalid_argument,
      fmt::format("unknown facet '{}'; facets: lang, author, rating, year and user fields", name)};
  e.option = "facets";
  return e;
}

// The document weighting scheme; Xapian's defaults for all but BM25 and
// BM25+, which share the passages' k1 and b.
std::unique_ptr<Xapian::Weight> make_weight(const SearchOptions& options) {
  switch (options.weighting) {
    case Weighting::bm25:
      break;
    case Weighting::bm25_plus:
      return std::make_unique<Xapian::BM25PlusWeight>(options.bm25_k1, 0, 1, options.bm25_b, 0.5,
                                                      1.0);
    case Weighting::dph:
      return std::make_unique<Xapian::DPHWeight>();
    case Weighting::dlh:
      return std::make_unique<Xapian::DLHWeight>();
    case Weighting::pl2:
      return std::make_unique<Xapian::PL2Weight>();
    case Weighting::inl2:
      return std::make_unique<Xapian::InL2Weight>();
  }
  return std::make_unique<Xapian::BM25Weight>(options.bm25_k1, 0, 1, options.bm25_b, 0.5);
}

// Weights this close are taken as equal: the same document scored on one
// database and on shards can differ in the last bits (Xapian adds the
// terms' parts in an order that follows each shard's term frequencies).
bool same_weight(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

// A score as a sort key: scores this close sort as equal (see same_weight),
// so that the document id decides between them.
long long weight_key(double w) { return std::llround(w * 1e9); }

// Whether two documents of an MSet hold the same place in its order.
bool tied(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, bool by_value) {
  return same_weight(a.get_weight(), b.get_weight()) &&
         (!by_value || a.get_sort_key() == b.get_sort_key());
}

// The caller's id of a matching document, from its stored record (the
// same read a hit makes). Not from its term list: Xapian 1.4 decodes a term
// list without bounds checks, and a damaged termlist.glass crashed
// TermIterator::skip_to (see match_locator.cc). A record that does not
// decode gives "": the hit itself reports the damage when it is read.
std::string document_id(const Xapian::MSetIterator& it) {
  auto record = detail::decode_record(it.get_document().get_data());
  return record ? std::move(record->id) : std::string();
}

// Tie groups up to this size have their members' ids read; larger ones
// (a query of filters alone ties every match) are put in order by walking
// the ids, which Xapian keeps sorted, until enough members are found.
constexpr Xapian::doccount kReadIdsUpTo = 32;

// Appends to `order` the `needed` members of the tie group [begin, end)
// of `mset` with the smallest ids, smallest first.
void first_by_id(const Xapian::Database& db, const Xapian::MSet& mset, Xapian::doccount begin,
                 Xapian::doccount end, Xapian::doccount needed,
                 std::vector<Xapian::doccount>* order) {
  std::unordered_map<Xapian::docid, Xapian::doccount> members;
  for (Xapian::doccount i = begin; i < end; ++i) members.emplace(*mset[i], i);
  const std::string prefix(detail::kIdPrefix);
  for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix) && needed > 0;
       ++term) {
    for (auto doc = db.postlist_begin(*term); doc != db.postlist_end(*term) && needed > 0; ++doc) {
      if (const auto member = members.find(*doc); member != members.end()) {
        order->push_back(member->second);
        --needed;
      }
    }
  }
}

// The best `count` matches of the enquire's query, exactly and in one order
// that depends only on the query and the documents: the enquire's order
// (score, or a value and then score), ties broken by document id.
//
// Two things keep Xapian's own top `count` from being that. Its matcher
// prunes: once it holds `count` documents it turns ORs into AND_MAYBE or
// AND by the terms' weight bounds, and Xapian 1.4.22 can then skip a
// document that belongs in the top `count` (found on SciFact: each term's
// bound holds, yet a document scoring 8.85 is missing from the top 10 and
// present in the top 30). So every match is scored (check_at_least), which
// also makes the count of matches exact. And Xapian orders ties by its
// internal document number, which differs between one database and shards.
//
// Returns the MSet and, in `order`, the positions in it of the best `count`
// documents (fewer if fewer match), best first. Match spies see every match
// once.
Xapian::MSet exact_top(const Xapian::Database& db, Xapian::Enquire& enquire, Xapian::doccount count,
                       bool by_value, std::vector<Xapian::doccount>* order) {
  order->clear();
  const Xapian::doccount all = db.get_doccount();
  // One more than asked shows whether a tie crosses the cut.
  const Xapian::doccount want = count < all ? count + 1 : all;
  Xapian::MSet mset = enquire.get_mset(0, want, all);
  if (count > 0 && mset.size() > count && tied(mset[count - 1], mset[count], by_value)) {
    // The tie's other members may lie anywhere below: take them all. The
    // spies have counted every match already.
    enquire.clear_matchspies();
    mset = enquire.get_mset(0, mset.get_matches_upper_bound(), all);
  }
  // Tie groups, each sorted by id; the last one may run past `count`.
  for (Xapian::doccount begin = 0; begin < mset.size() && begin < count;) {
    Xapian::doccount end = begin + 1;
    while (end < mset.size() && tied(mset[end - 1], mset[end], by_value)) ++end;
    if (end - begin == 1) {
      order->push_back(begin);
    } else if (end - begin <= kReadIdsUpTo) {
      std::vector<std::pair<std::string, Xapian::doccount>> group;
      for (Xapian::doccount i = begin; i < end; ++i) group.emplace_back(document_id(mset[i]), i);
      std::sort(group.begin(), group.end());
      for (const auto& member : group) order->push_back(member.second);
    } else {
      first_by_id(db, mset, begin, end, std::min(end, count) - begin, order);
    }
    begin = end;
  }
  if (order->size() > count) order->resize(count);
  return mset;
}

// Feedback takes stems of alphabetic words, the terms a query's words
// become, and leaves out stopwords, numbers and fragments of one letter:
// they are in every document about anything.
class StemDecider final : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (term.size() < 3 || !detail::is_stem_term(term)) return false;
    const std::string_view stem = std::string_view(term).substr(detail::kStemPrefix.size());
    if (std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    return !detail::is_stopword(stem);
  }
};

// Pseudo-relevance feedback: the best documents for the enquire's query are
// taken as relevant, and the stems that Bo1 finds most typical of them are
// returned as an OR, each scaled so that the best counts feedback_weight
// times a query word (RM3 keeps the original query and adds its expansion
// at a lower weight in the same way). Empty when nothing is added.
Xapian::Query feedback_query(const Xapian::Database& db, Xapian::Enquire& enquire,
                             const SearchOptions& options, std::vector<std::string>* added) {
  std::vector<Xapian::doccount> order;
  const Xapian::MSet top = exact_top(db, enquire,
                                     static_cast<Xapian::doccount>(std::min<std::size_t>(
                                         options.feedback_documents, db.get_doccount())),
                                     false, &order);
  if (order.empty()) return Xapian::Query();
  Xapian::RSet rset;
  for (const Xapian::doccount i : order) rset.add_document(*top[i]);
  enquire.set_expansion_scheme("bo1");
  const StemDecider decider;
  const Xapian::ESet eset =
      enquire.get_eset(static_cast<Xapian::termcount>(options.feedback_terms), rset, &decider);
  if (eset.empty()) return Xapian::Query();
  const double best = eset.begin().get_weight();
  std::vector<Xapian::Query> parts;
  for (auto it = eset.begin(); it != eset.end(); ++it) {
    const double scale = options.feedback_weight * it.get_weight() / best;
    if (!(scale > 0)) continue;
    parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it), scale);
    if (added != nullptr) added->push_back(*it);
  }
  if (parts.empty()) return Xapian::Query();
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

double micros_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;  // shards.db(), refreshed before each search
  Analyzer analyzer;
  std::unique_ptr<detail::Synonyms> synonyms;
  detail::ShardSet shards;

  Impl(std::string p, detail::ShardSet s, Analyzer a)
      : path(std::move(p)), db(s.db()), analyzer(std::move(a)), shards(std::move(s)) {}

  Result<SearchResults> search(std::string_view query, const SearchOptions& options);
};

namespace {

// Everything known about one hit while its passages are chosen.
struct HitContext {
  detail::StoredDocument doc;
  std::vector<detail::MatchSpan> matches;
  std::vector<ScoredPassage> passages;      // best first
  std::vector<double> snippet_weights;      // per query term, for choosing snippets
  std::vector<detail::Sentence> sentences;  // each passage's best sentence, by passage index
  double weight = 0;
  std::optional<double> lang_confidence;  // of a detected language tag
  std::size_t source_line = 0;            // JSON Lines: the record's line
};

// Weights for finding the spot inside a hit: a term's idf, divided by the
// times the document repeats it (the subject's name, all over an article
// about it) so that the query's other words find the place that answers it.
// With sentence-first snippets, idf/count did better than idf/sqrt(count)
// (answer@150 on the held-out cmrc2018 trial split 0.578 -> 0.607; drcd and
// jsquad test about equal).
std::vector<double> local_weights(const std::vector<double>& idf,
                                  const std::vector<detail::MatchSpan>& matches) {
  std::vector<unsigned> count(idf.size());
  for (const detail::MatchSpan& m : matches) ++count[m.term];
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

void lower_title_terms(std::vector<double>& weights, const detail::StoredDocument& doc,
                       const std::vector<detail::MatchSpan>& matches) {
  if (doc.title.empty()) return;
  std::vector<bool> done(weights.size());
  for (const detail::MatchSpan& m : matches) {
    if (done[m.term]) continue;
    done[m.term] = true;
    const std::string_view text =
        std::string_view(doc.text).substr(m.byte_begin, m.byte_end - m.byte_begin);
    if (!text.empty() && contains_folded(doc.title, text)) weights[m.term] *= kTitleTermWeight;
  }
}

// Scores every passage of a document by BM25 over the passage, with the
// collection's idf per query term, best first.
std::vector<ScoredPassage> score_passages(const detail::StoredDocument& doc,
                                          const std::vector<detail::MatchSpan>& matches,
                                          const std::vector<double>& idf,
                                          const SearchOptions& options) {
  std::vector<ScoredPassage> scored;
  scored.reserve(doc.passages.size());
  std::vector<unsigned> tf(idf.size());
  std::size_t m = 0;
  for (std::size_t p = 0; p < doc.passages.size(); ++p) {
    const detail::StoredPassage& passage = doc.passages[p];
    std::fill(tf.begin(), tf.end(), 0U);
    while (m < matches.size() && matches[m].byte_begin < passage.byte_begin) ++m;
    for (std::size_t k = m; k < matches.size() && matches[k].byte_begin < passage.byte_end; ++k) {
      ++tf[matches[k].term];
    }
    const double length =
        std::max(1.0, static_cast<double>(passage.position_end - passage.position_begin));
    const double norm =
        options.bm25_k1 * (1.0 - options.bm25_b + options.bm25_b * length / kAveragePassageLength);
    double score = 0.0;
    for (std::size_t t = 0; t < tf.size(); ++t) {
      if (tf[t] == 0) continue;
      score += idf[t] * (tf[t] * (options.bm25_k1 + 1.0)) / (tf[t] + norm);
    }
    scored.push_back({p, score});
  }
  std::stable_sort(
      scored.begin(), scored.end(),
      [](const ScoredPassage& a, const ScoredPassage& b) { return a.score > b.score; });
  return scored;
}

// The passage shown first is the one holding the document's best sentence
// (the one that matches the query best, where the snippet starts, see
// choose_snippet): what the user reads is the snippet, so the best sentence
// wins over a passage that scores higher on BM25 by spreading its matches
// out. The other passages keep their BM25 order.
void lead_with_best_sentence(HitContext& ctx) {
  // Sentences are taken passage by passage, as the snippet will be; of
  // equal ones the first in the text wins (an article's opening sentence
  // says what its subject is).
  ctx.sentences.clear();
  ctx.sentences.reserve(ctx.doc.passages.size());
  std::size_t best = 0;
  double best_score = 0;
  for (std::size_t p = 0; p < ctx.doc.passages.size(); ++p) {
    const detail::StoredPassage& sp = ctx.doc.passages[p];
    ctx.sentences.push_back(detail::best_sentence(ctx.doc.text, sp.byte_begin, sp.byte_end,
                                                  ctx.matches, &ctx.snippet_weights));
    if (ctx.sentences.back().score > best_score) {
      best = p;
      best_score = ctx.sentences.back().score;
    }
  }
  const auto it = std::find_if(ctx.passages.begin(), ctx.passages.end(),
                               [&](const ScoredPassage& sp) { return sp.index == best; });
  if (best_score > 0 && it != ctx.passages.end()) std::rotate(ctx.passages.begin(), it, it + 1);
}

Passage make_passage(const HitContext& ctx, const ScoredPassage& scored,
                     const SearchOptions& options) {
  const detail::StoredDocument& doc = ctx.doc;
  const detail::StoredPassage& sp = doc.passages[scored.index];
  // lead_with_best_sentence() found each passage's best sentence.
  const detail::SnippetWindow w = detail::choose_snippet(
      doc.text, sp.byte_begin, sp.byte_end, ctx.matches, options.snippet_bytes,
      &ctx.snippet_weights, &ctx.sentences[scored.index]);
  Passage passage;
  passage.ordinal = static_cast<std::uint32_t>(scored.index);
  passage.byte_begin = doc.source_offset + sp.byte_begin;
  passage.byte_end = doc.source_offset + sp.byte_end;
  passage.score = scored.score;
  passage.snippet = doc.text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  passage.snippet_range = {doc.source_offset + w.byte_begin, doc.source_offset + w.byte_end};
  passage.snippet_cut_before = w.cut_before;
  passage.snippet_cut_after = w.cut_after;
  passage.matches =
      detail::highlight_ranges(ctx.matches, w.byte_begin, w.byte_end, doc.source_offset);
  return passage;
}

Hit make_hit(const HitContext& ctx) {
  Hit hit;
  detail::copy_metadata(ctx.doc, hit);
  hit.lang_confidence = ctx.lang_confidence;
  hit.source_line = ctx.source_line;
  hit.score = ctx.weight;
  return hit;
}

}  // namespace

Result<SearchResults> Searcher::Impl::search(std::string_view query, const SearchOptions& options) {
  SearchResults results;
  results.query = std::string(query);
  auto clock = std::chrono::steady_clock::now();
  auto built = detail::build_query(analyzer, db, query, synonyms.get(), options.literal);
  if (!built) return std::move(built).error();
  results.timings.parse_us = micros_since(clock);
  // Xapian errors propagate to Searcher::search(), which translates them.
  {
    clock = std::chrono::steady_clock::now();
    Xapian::Enquire enquire(db);
    enquire.set_query(built->query);
    const std::unique_ptr<Xapian::Weight> weight = make_weight(options);
    enquire.set_weighting_scheme(*weight);
    std::vector<std::string> feedback_terms;
    const bool feedback = options.feedback_documents > 0 && options.feedback_terms > 0 &&
                          options.feedback_weight > 0 && options.sort == SortOrder::score &&
                          std::any_of(built->terms.begin(), built->terms.end(),
                                      [](const std::string& t) { return detail::is_stem_term(t); });
    if (feedback) {
      const Xapian::Query added = feedback_query(db, enquire, options, &feedback_terms);
      // AND_MAYBE: the added stems re-rank what the query matches, so that
      // its filters, required and excluded words still hold.
      if (!added.empty())
        enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, built->query, added));
    }
    if (options.sort == SortOrder::date) {
      enquire.set_sort_by_value_then_relevance(detail::kSlotDate, true);
    } else if (options.sort == SortOrder::rating) {
      enquire.set_sort_by_value_then_relevance(detail::kSlotRating, true);
    }
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    for (const std::string& name : options.facets) {
      auto slot = facet_slot(name, db);
      if (!slot) return std::move(slot).error();
      spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(*slot));
      enquire.add_matchspy(spies.back().get());
    }
    // The documents of the page and those before it. Passage evidence
    // (re-ranking, or a list of passages) comes from a pool of fixed depth,
    // so that no page depends on the limit.
    const bool rerank =
        options.passage_weight > 0 && options.sort == SortOrder::score && !options.all_passages;
    const std::size_t end =
        options.limit > SIZE_MAX - options.offset ? SIZE_MAX : options.offset + options.limit;
    std::size_t depth = options.all_passages ? options.rerank_depth : end;
    if (rerank) depth = std::max(end, options.rerank_depth);
    const Xapian::doccount all = db.get_doccount();
    std::vector<Xapian::doccount> order;
    const Xapian::MSet mset =
        exact_top(db, enquire, static_cast<Xapian::doccount>(std::min<std::size_t>(depth, all)),
                  options.sort != SortOrder::score, &order);
    results.total = mset.get_matches_estimated();
    results.total_min = mset.get_matches_lower_bound();
    results.total_max = mset.get_matches_upper_bound();
    // Suggest a spelling only when the query finds little: a misspelled
    // word in a query that works anyway needs no correction.
    if (results.total < 3) {
      results.suggestion = detail::suggest_spelling(analyzer, db, query, synonyms.get(),
                                                    options.literal, results.total);
    }
    for (std::size_t i = 0; i < spies.size(); ++i) {
      results.facets.push_back(
          facet_from_spy(options.facets[i], *spies[i], options.facets[i] == "rating"));
    }
    results.timings.match_us = micros_since(clock);

    clock = std::chrono::steady_clock::now();
    std::vector<double> idf;
    const double n = std::max<double>(1.0, db.get_doccount());
    detail::MatchLocator locator(db, analyzer, built->terms, &mset);
    for (std::size_t i = 0; i < built->terms.size(); ++i) {
      // The match already gathered these: no further lookup (a round trip
      // for a remote shard).
      const double df = mset.get_termfreq(built->terms[i]);
      idf.push_back(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
    }
    // Documents before the page need passages only to be re-ranked or listed.
    const std::size_t skip =
        rerank || options.all_passages ? 0 : std::min(options.offset, order.size());
    std::vector<HitContext> contexts;
    contexts.reserve(order.size() - skip);
    for (std::size_t k = skip; k < order.size(); ++k) {
      const Xapian::MSetIterator it = mset[order[k]];
      const Xapian::Document xdoc = it.get_document();
      auto record = detail::decode_record(xdoc.get_data());
      if (!record) {
        Error e = std::move(record).error();
        e.path = path;
        return e;
      }
      HitContext ctx;
      ctx.doc = std::move(*record);
      const std::string confidence = xdoc.get_value(detail::kSlotLangConfidence);
      if (!confidence.empty()) ctx.lang_confidence = Xapian::sortable_unserialise(confidence);
      const std::string line = xdoc.get_value(detail::kSlotSourceLine);
      if (!line.empty()) ctx.source_line = std::strtoull(line.c_str(), nullptr, 10);
      ctx.weight = it.get_weight();
      ctx.matches = locator.locate(*it, ctx.doc);
      ctx.passages = score_passages(ctx.doc, ctx.matches, idf, options);
      ctx.snippet_weights = local_weights(idf, ctx.matches);
      lower_title_terms(ctx.snippet_weights, ctx.doc, ctx.matches);
      lead_with_best_sentence(ctx);
      contexts.push_back(std::move(ctx));
    }
    if (rerank) {
      // Only the pool is re-ranked; the documents after it keep their
      // order and stay after it (their scores are below the pool's).
      const auto pool_end = contexts.begin() + static_cast<std::ptrdiff_t>(
                                                   std::min(options.rerank_depth, contexts.size()));
      for (auto ctx = contexts.begin(); ctx != pool_end; ++ctx) {
        if (!ctx->passages.empty())
          ctx->weight += options.passage_weight * ctx->passages.front().score;
      }
      std::stable_sort(contexts.begin(), pool_end, [](const HitContext& a, const HitContext& b) {
        const long long ka = weight_key(a.weight), kb = weight_key(b.weight);
        return ka != kb ? ka > kb : a.doc.id < b.doc.id;
      });
      contexts.erase(contexts.begin(), contexts.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                              options.offset, contexts.size())));
      if (contexts.size() > options.limit) contexts.resize(options.limit);
    }
    results.timings.passages_us = micros_since(clock);

    clock = std::chrono::steady_clock::now();
    if (options.all_passages) {
      // Every passage that matches something, from the best documents,
      // ranked by passage score; the documents' order breaks ties.
      struct Flat {
        std::size_t hit;
        ScoredPassage passage;
      };
      std::vector<Flat> flat;
      for (std::size_t h = 0; h < contexts.size(); ++h) {
        for (const ScoredPassage& p : contexts[h].passages) {
          if (p.score > 0) flat.push_back({h, p});
        }
      }
      std::stable_sort(flat.begin(), flat.end(), [&](const Flat& a, const Flat& b) {
        if (a.passage.score != b.passage.score) return a.passage.score > b.passage.score;
        // Then the documents' order, which is exact (equal scores by id).
        return a.hit < b.hit;
      });
      results.passages = flat.size();
      for (std::size_t i = options.offset; i < flat.size() && results.hits.size() < options.limit;
           ++i) {
        Hit hit = make_hit(contexts[flat[i].hit]);
        hit.rank = i + 1;
        hit.passages.push_back(make_passage(contexts[flat[i].hit], flat[i].passage, options));
        results.hits.push_back(std::move(hit));
      }
    } else {
      std::size_t rank = options.offset;
      for (const HitContext& ctx : contexts) {
        Hit hit = make_hit(ctx);
        hit.rank = ++rank;
        const std::size_t keep =
            std::min(ctx.passages.size(), std::max<std::size_t>(options.passages_per_document, 1));
        for (std::size_t i = 0; i < keep; ++i)
          hit.passages.push_back(make_passage(ctx, ctx.passages[i], options));
        results.hits.push_back(std::move(hit));
      }
    }
    results.timings.snippets_us = micros_since(clock);

    if (options.explain) {
      std::string text = fmt::format("parsed: {}\nxapian: {}\nterms:", built->parsed,
                                     built->query.get_description());
      for (std::size_t i = 0; i < built->terms.size(); ++i) {
        text += fmt::format(" {} (idf {:.2f})", built->terms[i], idf[i]);
      }
      text += "\n";
      if (!feedback_terms.empty())
        text += fmt::format("feedback: {}\n", fmt::join(feedback_terms, " "));
      // "Xapian::InL2Weight" -> "InL2": the scheme that scored the documents.
      std::string scheme = weight->name();
      if (scheme.rfind("Xapian::", 0) == 0) scheme.erase(0, 8);
      if (scheme.size() > 6 && scheme.compare(scheme.size() - 6, 6, "Weight") == 0)
        scheme.resize(scheme.size() - 6);
      for (const Hit& hit : results.hits) {
        text += fmt::format("#{} {}: document {} {:.3f}", hit.rank, hit.id, scheme, hit.score);
        if (!hit.passages.empty()) {
          text += fmt::format(", passage {} BM25 {:.3f}", hit.passages.front().ordinal,
                              hit.passages.front().score);
        }
        text += "\n";
      }
      results.explanation = std::move(text);
    }
    return results;
  }
}

Result<Searcher> Searcher::open(const std::string& path, const OpenOptions& options) {
  auto shards = detail::ShardSet::open(path, options);
  if (!shards) return std::move(shards).error();
  auto analyzer = detail::analyzer_from_settings(shards->analyzer_options(),
                                                 shards->analyzer_fingerprint(), AnalyzerOptions{});
  if (!analyzer) {
    Error e = std::move(analyzer).error();
    e.path = path;
    return e;
  }
  return Searcher(std::make_unique<Impl>(path, std::move(*shards), std::move(*analyzer)));
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Result<SearchResults> Searcher::search(std::string_view query, const SearchOptions& options) {
  // A writer that commits twice while a search reads overtakes it; the
  // search then runs again on the newest commit (detail::read_retrying()).
  // A remote shard that fails makes the search fail, or, with
  // allow_partial, run again without it.
  return impl_->shards.read([&]() -> Result<SearchResults> {
    impl_->db = impl_->shards.db();
    auto results = impl_->search(query, options);
    if (results && !impl_->shards.failed().empty()) {
      results->partial = true;
      results->failed_shards = impl_->shards.failed();
    }
    return results;
  });
}

Result<void> Searcher::load_synonyms(const std::string& path) {
  auto loaded = detail::Synonyms::load(path, impl_->analyzer);
  if (!loaded) return std::move(loaded).error();
  impl_->synonyms = std::make_unique<detail::Synonyms>(std::move(*loaded));
  return {};
}

Result<void> Searcher::reopen() {
  auto ok = impl_->shards.reopen();
  impl_->db = impl_->shards.db();
  return ok;
}

}  // namespace herdex
