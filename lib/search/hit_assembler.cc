#include "search/hit_assembler.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/database.h"
#include "store/schema.h"

namespace herdex::detail {
namespace {

// One passage of a hit as the caller sees it: the snippet the ranker
// chose, in source coordinates, with its highlights.
Passage make_passage(const HitContext& ctx, const ScoredPassage& scored,
                     const PassageRanker& ranker, const SearchOptions& options) {
  const StoredDocument& doc = ctx.doc;
  const StoredPassage& sp = doc.passages[scored.index];
  const SnippetWindow w =
      ranker.snippet_window(doc, ctx.matches, ctx.ranked, scored, options.snippet_bytes);
  Passage passage;
  passage.ordinal = static_cast<std::uint32_t>(scored.index);
  passage.byte_begin = doc.source_offset + sp.byte_begin;
  passage.byte_end = doc.source_offset + sp.byte_end;
  passage.score = scored.score;
  passage.snippet = doc.text.substr(w.byte_begin, w.byte_end - w.byte_begin);
  passage.snippet_range = {doc.source_offset + w.byte_begin, doc.source_offset + w.byte_end};
  passage.snippet_cut_before = w.cut_before;
  passage.snippet_cut_after = w.cut_after;
  passage.matches = highlight_ranges(ctx.matches, w.byte_begin, w.byte_end, doc.source_offset);
  return passage;
}

Hit make_hit(const HitContext& ctx) {
  Hit hit;
  copy_metadata(ctx.doc, hit);
  hit.lang_confidence = ctx.doc.lang_confidence;
  hit.source_line = ctx.doc.source_line;
  hit.score = ctx.weight;
  return hit;
}

// Every passage that matches something, from the best documents, ranked by
// passage score; the documents' order breaks ties.
void assemble_passages(const std::vector<HitContext>& hits, const PassageRanker& ranker,
                       const SearchOptions& options, SearchResults& results) {
  struct Flat {
    std::size_t hit;
    ScoredPassage passage;
  };
  std::vector<Flat> flat;
  for (std::size_t h = 0; h < hits.size(); ++h) {
    for (const ScoredPassage& p : hits[h].ranked.passages) {
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
    Hit hit = make_hit(hits[flat[i].hit]);
    hit.rank = i + 1;
    hit.passages.push_back(make_passage(hits[flat[i].hit], flat[i].passage, ranker, options));
    results.hits.push_back(std::move(hit));
  }
}

// What a record of version 3 lacks, from the document's value slots: one
// B-tree lookup each.
void read_slots(const Xapian::Document& xdoc, StoredDocument& doc) {
  const std::string confidence = xdoc.get_value(kSlotLangConfidence);
  if (!confidence.empty()) doc.lang_confidence = Xapian::sortable_unserialise(confidence);
  const std::string line = xdoc.get_value(kSlotSourceLine);
  if (!line.empty()) doc.source_line = std::strtoull(line.c_str(), nullptr, 10);
}

}  // namespace

Result<std::vector<HitContext>> read_hits(Match& match, const SearchOptions& options,
                                          MatchLocator& locator, const PassageRanker& ranker) {
  // Documents before the page need passages only to be re-ranked or listed.
  const std::size_t skip =
      reranks(options) || options.all_passages ? 0 : std::min(options.offset, match.order.size());
  // Read in document order: the locator walks each rare term's postings
  // forward over the hits' ids (MatchLocator::expect), and records are
  // read through the record table's own cursor, which keeps the blocks
  // that neighbouring ids share. (Position lists gain nothing from the
  // order: Xapian opens each with a fresh cursor.)
  std::vector<std::pair<Xapian::docid, std::size_t>> by_docid;
  by_docid.reserve(match.order.size() - skip);
  for (std::size_t k = skip; k < match.order.size(); ++k)
    by_docid.emplace_back(*match.mset[match.order[k]], k - skip);
  std::sort(by_docid.begin(), by_docid.end());
  std::vector<Xapian::docid> dids;
  dids.reserve(by_docid.size());
  for (const auto& entry : by_docid) dids.push_back(entry.first);
  locator.expect(dids);
  std::vector<HitContext> hits(by_docid.size());
  for (const auto& [did, slot] : by_docid) {
    const Xapian::MSetIterator it = match.mset[match.order[slot + skip]];
    HitContext& ctx = hits[slot];
    const auto cached = match.records.find(did);
    if (cached != match.records.end()) {
      ctx.doc = std::move(cached->second);
      match.records.erase(cached);
    } else {
      auto record = decode_record(it.get_document().get_data());
      if (!record) return std::move(record).error();
      ctx.doc = std::move(*record);
    }
    if (ctx.doc.from_version_3) read_slots(it.get_document(), ctx.doc);
    ctx.weight = it.get_weight();
    ctx.matches = locator.locate(did, ctx.doc);
    ctx.ranked = ranker.rank(ctx.doc, ctx.matches);
  }
  return hits;
}

void rerank(std::vector<HitContext>& hits, const SearchOptions& options) {
  if (!reranks(options)) return;
  // Only the pool is re-ranked; the documents after it keep their order
  // and stay after it (their scores are below the pool's).
  const auto pool_end =
      hits.begin() + static_cast<std::ptrdiff_t>(std::min(options.rerank_depth, hits.size()));
  for (auto ctx = hits.begin(); ctx != pool_end; ++ctx) {
    if (!ctx->ranked.passages.empty())
      ctx->weight += options.passage_weight * ctx->ranked.passages.front().score;
  }
  std::stable_sort(hits.begin(), pool_end, [](const HitContext& a, const HitContext& b) {
    const long long ka = weight_key(a.weight), kb = weight_key(b.weight);
    return ka != kb ? ka > kb : a.doc.id < b.doc.id;
  });
  hits.erase(hits.begin(),
             hits.begin() + static_cast<std::ptrdiff_t>(std::min(options.offset, hits.size())));
  if (hits.size() > options.limit) hits.resize(options.limit);
}

void assemble_hits(const std::vector<HitContext>& hits, const PassageRanker& ranker,
                   const SearchOptions& options, SearchResults& results) {
  if (options.all_passages) {
    assemble_passages(hits, ranker, options, results);
    return;
  }
  std::size_t rank = options.offset;
  for (const HitContext& ctx : hits) {
    Hit hit = make_hit(ctx);
    hit.rank = ++rank;
    const std::size_t keep = std::min(ctx.ranked.passages.size(),
                                      std::max<std::size_t>(options.passages_per_document, 1));
    for (std::size_t i = 0; i < keep; ++i)
      hit.passages.push_back(make_passage(ctx, ctx.ranked.passages[i], ranker, options));
    results.hits.push_back(std::move(hit));
  }
}

std::string explain(const BuiltQuery& built, const Match& match, const PassageRanker& ranker,
                    const SearchResults& results) {
  std::string text =
      fmt::format("parsed: {}\nxapian: {}\nterms:", built.parsed, built.query.get_description());
  for (std::size_t i = 0; i < built.terms.size(); ++i) {
    text += fmt::format(" {} (idf {:.2f})", built.terms[i], ranker.idf()[i]);
  }
  text += "\n";
  if (!match.feedback_terms.empty())
    text += fmt::format("feedback: {}\n", fmt::join(match.feedback_terms, " "));
  for (const Hit& hit : results.hits) {
    text += fmt::format("#{} {}: document {} {:.3f}", hit.rank, hit.id, match.scheme, hit.score);
    if (!hit.passages.empty()) {
      text += fmt::format(", passage {} BM25 {:.3f}", hit.passages.front().ordinal,
                          hit.passages.front().score);
    }
    text += "\n";
  }
  return text;
}

}  // namespace herdex::detail
