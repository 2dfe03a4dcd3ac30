#include "search/matcher.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analysis/stopwords.h"
#include "store/database.h"
#include "store/record.h"
#include "store/schema.h"

namespace herdex::detail {
namespace {

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
  const BuiltinField* builtin = builtin_field(name);
  if (builtin != nullptr && builtin->facet) return builtin->slot;
  // A field given with `index --field`: some document has its terms.
  const std::string prefix = field_prefix(name);
  if (db.allterms_begin(prefix) != db.allterms_end(prefix))
    return Xapian::valueno{field_slot(name)};
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

// Whether two documents of an MSet hold the same place in its order.
bool tied(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, bool by_value) {
  return same_weight(a.get_weight(), b.get_weight()) &&
         (!by_value || a.get_sort_key() == b.get_sort_key());
}

// The caller's id of a matching document, from its stored record, which
// is kept in `records` for the hit to use. Not from its term list: Xapian
// 1.4 decodes a term list without bounds checks, and a damaged
// termlist.glass crashed TermIterator::skip_to (see match_locator.cc). A
// record that does not decode gives "": the hit itself reports the damage
// when it is read.
std::string document_id(const Xapian::MSetIterator& it,
                        std::unordered_map<Xapian::docid, StoredDocument>* records) {
  auto record = decode_record(it.get_document().get_data());
  if (!record) return {};
  std::string id = record->id;
  if (records != nullptr) records->insert_or_assign(*it, std::move(*record));
  return id;
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
  const std::string prefix(kIdPrefix);
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
// documents (fewer if fewer match), best first; in `records` (if not null)
// the records it decoded. Match spies see every match once.
Xapian::MSet exact_top(const Xapian::Database& db, Xapian::Enquire& enquire, Xapian::doccount count,
                       bool by_value, std::vector<Xapian::doccount>* order,
                       std::unordered_map<Xapian::docid, StoredDocument>* records) {
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
      for (Xapian::doccount i = begin; i < end; ++i)
        group.emplace_back(document_id(mset[i], records), i);
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
    if (term.size() < 3 || !is_stem_term(term)) return false;
    const std::string_view stem = std::string_view(term).substr(kStemPrefix.size());
    if (std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return false;
    return !is_stopword(stem);
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
                                     false, &order, nullptr);
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

// "Xapian::InL2Weight" -> "InL2": the scheme that scored the documents.
std::string scheme_name(const Xapian::Weight& weight) {
  std::string scheme = weight.name();
  if (scheme.rfind("Xapian::", 0) == 0) scheme.erase(0, 8);
  if (scheme.size() > 6 && scheme.compare(scheme.size() - 6, 6, "Weight") == 0)
    scheme.resize(scheme.size() - 6);
  return scheme;
}

}  // namespace

// Scores this close sort as equal (see same_weight).
long long weight_key(double w) { return std::llround(w * 1e9); }

bool reranks(const SearchOptions& options) {
  return options.passage_weight > 0 && options.sort == SortOrder::score && !options.all_passages;
}

std::size_t match_depth(const SearchOptions& options) {
  const std::size_t end =
      options.limit > SIZE_MAX - options.offset ? SIZE_MAX : options.offset + options.limit;
  if (reranks(options)) return std::max(end, options.rerank_depth);
  return options.all_passages ? options.rerank_depth : end;
}

Result<Match> match(const Xapian::Database& db, const BuiltQuery& built,
                    const SearchOptions& options) {
  Match out;
  Xapian::Enquire enquire(db);
  enquire.set_query(built.query);
  const std::unique_ptr<Xapian::Weight> weight = make_weight(options);
  enquire.set_weighting_scheme(*weight);
  out.scheme = scheme_name(*weight);
  const bool feedback = options.feedback_documents > 0 && options.feedback_terms > 0 &&
                        options.feedback_weight > 0 && options.sort == SortOrder::score &&
                        std::any_of(built.terms.begin(), built.terms.end(),
                                    [](const std::string& t) { return is_stem_term(t); });
  if (feedback) {
    const Xapian::Query added = feedback_query(db, enquire, options, &out.feedback_terms);
    // AND_MAYBE: the added stems re-rank what the query matches, so that
    // its filters, required and excluded words still hold.
    if (!added.empty())
      enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, built.query, added));
  }
  if (options.sort == SortOrder::date) {
    enquire.set_sort_by_value_then_relevance(kSlotDate, true);
  } else if (options.sort == SortOrder::rating) {
    enquire.set_sort_by_value_then_relevance(kSlotRating, true);
  }
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
  for (const std::string& name : options.facets) {
    auto slot = facet_slot(name, db);
    if (!slot) return std::move(slot).error();
    spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(*slot));
    enquire.add_matchspy(spies.back().get());
  }
  const Xapian::doccount all = db.get_doccount();
  out.mset = exact_top(
      db, enquire, static_cast<Xapian::doccount>(std::min<std::size_t>(match_depth(options), all)),
      options.sort != SortOrder::score, &out.order, &out.records);
  for (std::size_t i = 0; i < spies.size(); ++i) {
    out.facets.push_back(
        facet_from_spy(options.facets[i], *spies[i], options.facets[i] == "rating"));
  }
  return out;
}

}  // namespace herdex::detail
