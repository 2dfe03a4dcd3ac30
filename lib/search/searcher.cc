#include "herdex/search.h"

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "analysis/settings.h"
#include "analysis/token_stream.h"
#include "index/terms.h"
#include "search/query_builder.h"
#include "search/snippet.h"
#include "store/database.h"
#include "store/record.h"
#include "store/xapian_error.h"

namespace herdex {
namespace {

// BM25 parameters. k1 = 0.9, b = 0.4 are the values Anserini and Pyserini
// settled on for short documents; reviews are short documents.
constexpr double kBm25K1 = 0.9;
constexpr double kBm25B = 0.4;
// Typical passage length in positions, for passage length normalization.
constexpr double kAveragePassageLength = 60.0;

// Finds the tokens of a hit's text that match query terms.
class MatchSink final : public detail::TokenSink {
 public:
  MatchSink(const std::unordered_map<std::string, std::size_t>& terms,
            std::vector<detail::MatchSpan>& out)
      : terms_(terms), out_(out) {}

  void on_token(const detail::TokenView& t) override {
    key_.assign(t.term);
    auto it = terms_.find(key_);
    if (it == terms_.end() && !t.stem.empty()) {
      key_.assign(detail::kStemPrefix).append(t.stem);
      it = terms_.find(key_);
    }
    if (it != terms_.end()) out_.push_back({t.byte_begin, t.byte_end, it->second});
  }

 private:
  const std::unordered_map<std::string, std::size_t>& terms_;
  std::vector<detail::MatchSpan>& out_;
  std::string key_;
};

// Merges overlapping or touching spans (CJK n-grams overlap by design).
std::vector<ByteRange> merge_spans(const std::vector<detail::MatchSpan>& spans,
                                   std::size_t begin, std::size_t end, std::size_t shift) {
  std::vector<ByteRange> out;
  for (const detail::MatchSpan& m : spans) {
    if (m.byte_begin < begin || m.byte_end > end) continue;
    if (!out.empty() && m.byte_begin <= out.back().byte_end - shift) {
      out.back().byte_end = std::max(out.back().byte_end, m.byte_end + shift);
    } else {
      out.push_back({m.byte_begin + shift, m.byte_end + shift});
    }
  }
  return out;
}

}  // namespace

struct Searcher::Impl {
  std::string path;
  Xapian::Database db;
  Analyzer analyzer;

  Impl(std::string p, Xapian::Database d, Analyzer a)
      : path(std::move(p)), db(std::move(d)), analyzer(std::move(a)) {}

  Result<SearchResults> search(std::string_view query, const SearchOptions& options);
  Hit make_hit(const detail::StoredDocument& doc, const detail::BuiltQuery& built,
               const std::unordered_map<std::string, std::size_t>& term_index,
               const std::vector<double>& idf, const SearchOptions& options);
};

Hit Searcher::Impl::make_hit(const detail::StoredDocument& doc, const detail::BuiltQuery& built,
                             const std::unordered_map<std::string, std::size_t>& term_index,
                             const std::vector<double>& idf, const SearchOptions& options) {
  Hit hit;
  hit.id = doc.id;
  hit.title = doc.title;
  hit.source = doc.source;
  hit.author = doc.author;
  hit.date = doc.date;
  hit.lang = doc.lang;
  hit.rating = doc.rating;

  std::vector<detail::MatchSpan> matches;
  MatchSink sink(term_index, matches);
  (void)AnalyzerAccess::analyze(analyzer, doc.text, AnalyzeMode::index, sink);  // stored text is valid UTF-8

  // Score every passage by BM25 over the passage, with the collection's idf.
  struct Scored {
    std::size_t index;
    double score;
  };
  std::vector<Scored> scored;
  std::vector<unsigned> tf(built.terms.size());
  std::size_t m = 0;
  for (std::size_t p = 0; p < doc.passages.size(); ++p) {
    const detail::StoredPassage& passage = doc.passages[p];
    std::fill(tf.begin(), tf.end(), 0U);
    while (m < matches.size() && matches[m].byte_begin < passage.byte_begin) ++m;
    for (std::size_t k = m; k < matches.size() && matches[k].byte_begin < passage.byte_end; ++k) {
      ++tf[matches[k].term];
    }
    const double length = std::max(1.0, static_cast<double>(passage.position_end - passage.position_begin));
    const double norm = kBm25K1 * (1.0 - kBm25B + kBm25B * length / kAveragePassageLength);
    double score = 0.0;
    for (std::size_t t = 0; t < tf.size(); ++t) {
      if (tf[t] == 0) continue;
      score += idf[t] * (tf[t] * (kBm25K1 + 1.0)) / (tf[t] + norm);
    }
    scored.push_back({p, score});
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const Scored& a, const Scored& b) { return a.score > b.score; });
  const std::size_t keep = std::min(scored.size(), std::max<std::size_t>(options.passages_per_document, 1));
  for (std::size_t i = 0; i < keep; ++i) {
    const detail::StoredPassage& sp = doc.passages[scored[i].index];
    const detail::SnippetWindow w =
        detail::choose_snippet(doc.text, sp.byte_begin, sp.byte_end, matches, options.snippet_bytes);
    Passage passage;
    passage.ordinal = static_cast<std::uint32_t>(scored[i].index);
    passage.byte_begin = doc.source_offset + sp.byte_begin;
    passage.byte_end = doc.source_offset + sp.byte_end;
    passage.score = scored[i].score;
    passage.snippet = doc.text.substr(w.byte_begin, w.byte_end - w.byte_begin);
    passage.snippet_range = {doc.source_offset + w.byte_begin, doc.source_offset + w.byte_end};
    passage.snippet_cut_before = w.cut_before;
    passage.snippet_cut_after = w.cut_after;
    passage.matches = merge_spans(matches, w.byte_begin, w.byte_end, doc.source_offset);
    hit.passages.push_back(std::move(passage));
  }
  return hit;
}

Result<SearchResults> Searcher::Impl::search(std::string_view query, const SearchOptions& options) {
  auto built = detail::build_query(analyzer, query);
  if (!built) return std::move(built).error();
  try {
    Xapian::Enquire enquire(db);
    enquire.set_query(built->query);
    enquire.set_weighting_scheme(Xapian::BM25Weight(kBm25K1, 0, 1, kBm25B, 0.5));
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                               static_cast<Xapian::doccount>(options.limit));
    std::unordered_map<std::string, std::size_t> term_index;
    std::vector<double> idf;
    const double n = std::max<double>(1.0, db.get_doccount());
    for (std::size_t i = 0; i < built->terms.size(); ++i) {
      term_index.emplace(built->terms[i], i);
      const double df = db.get_termfreq(built->terms[i]);
      idf.push_back(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
    }

    SearchResults results;
    results.query = std::string(query);
    results.total = mset.get_matches_estimated();
    std::size_t rank = options.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto record = detail::decode_record(it.get_document().get_data());
      if (!record) {
        Error e = std::move(record).error();
        e.path = path;
        return e;
      }
      Hit hit = make_hit(*record, *built, term_index, idf, options);
      hit.rank = ++rank;
      hit.score = it.get_weight();
      results.hits.push_back(std::move(hit));
    }
    return results;
  } catch (const Xapian::Error& e) {
    return detail::from_xapian(e, path);
  }
}

Result<Searcher> Searcher::open(const std::string& path) {
  auto db = detail::open_readable(path);
  if (!db) return std::move(db).error();
  try {
    auto analyzer = detail::analyzer_from_settings(db->get_metadata(detail::kAnalyzerOptionsKey),
                                                   db->get_metadata(detail::kAnalyzerKey),
                                                   AnalyzerOptions{});
    if (!analyzer) {
      Error e = std::move(analyzer).error();
      e.path = path;
      return e;
    }
    return Searcher(std::make_unique<Impl>(path, std::move(*db), std::move(*analyzer)));
  } catch (const Xapian::Error& e) {
    return detail::from_xapian(e, path);
  }
}

Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

Result<SearchResults> Searcher::search(std::string_view query, const SearchOptions& options) {
  return impl_->search(query, options);
}

Result<void> Searcher::reopen() {
  try {
    (void)impl_->db.reopen();  // whether anything changed does not matter here
    return {};
  } catch (const Xapian::Error& e) {
    return detail::from_xapian(e, impl_->path);
  }
}

}  // namespace herdex
