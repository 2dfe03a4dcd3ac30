// eval_query_variants: a diagnostic companion to eval_cjk_schemes. On the
// same sets it ranks with variants of herdex's query construction (built from
// the analyzer's internal token stream, run directly on the herdex database
// with the same BM25 settings) and of the document fields, to show which part
// of lib/search/query_builder.cc and of the indexed title helps or hurts.
//
// Usage:
//   eval_query_variants [--data DIR] [--sets SET:SPLIT,...] [--work DIR]
//                       [--limit-queries N] [--examples N]
//
// Variants (all BM25 k1=0.9 b=0.4, top 100). All but `herdex` are composed
// here from the tokens herdex's analyzer emits for the query in index mode
// (so they do not move when query-mode analysis changes): per CJK run its
// bigrams, unigrams and dictionary words, each a separate OR'd leaf, plus
// optionally the phrase of its bigrams; alphabetic words by stem. A run too
// short for a bigram always keeps its unigram.
//   herdex                 detail::build_query, as Searcher runs it (default
//                          options): whatever lib/ does today
//   phrase+bi+words        herdex's construction before analysis/3 (query
//                          mode without unigrams)
//   bi+words               the same without the phrase
//   bi                     bigrams only
//   phrase+uni+bi+words    the old construction plus unigrams
//   uni+bi+words           unigrams, bigrams and words, no phrase
//   uni+bi                 unigrams and bigrams (like stock or-ngrams)
//   short-phrase+uni+bi    uni+bi, plus the phrase for runs of < 8 bigrams
//   herdex, no title       herdex on a database built with empty titles
//   uni+bi+words, no title on that database
//   stock or-ngrams        eval_cjk_schemes' xapian-or-ngrams (title + text)
//   stock, no title        the same on an index of the text only
//   stock, title x3        the same with the title indexed with wdf 3
// Each row shows MRR@10, R@10, R@100 and, against `stock or-ngrams`, on how
// many queries the first relevant paragraph ranks higher (better) or lower
// (worse). --examples N prints N queries per set that `herdex` ranks below 1
// and stock or-ngrams ranks 1, with their terms.
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "analysis/token_stream.h"
#include "bench_args.h"
#include "herdex/herdex.h"
#include "herdex/tools/beir.h"
#include "herdex/tools/metrics.h"
#include "search/query_builder.h"
#include "store/schema.h"

#ifndef HERDEX_EVAL_SOURCE_DIR
#define HERDEX_EVAL_SOURCE_DIR "."
#endif

namespace {

namespace fs = std::filesystem;
using Dataset = herdex::BeirCollection;
using Paragraph = herdex::BeirDocument;
using Query = herdex::BeirQuery;

constexpr auto kDepth = static_cast<Xapian::doccount>(herdex::kRankingDepth);

// A token of the query, as the query builder sees it.
struct QToken {
  std::string term;  // as indexed (stems with their Z prefix)
  std::uint32_t run;
  std::uint32_t chars;
  herdex::TokenKind kind;
};

class Collect final : public herdex::detail::TokenSink {
 public:
  void on_token(const herdex::detail::TokenView& t) override {
    std::string term = t.stem.empty() ? std::string(t.term)
                                      : std::string(herdex::detail::kStemPrefix).append(t.stem);
    tokens.push_back({std::move(term), t.run, t.chars, t.kind});
  }
  std::vector<QToken> tokens;
};

std::vector<QToken> tokens_of(const herdex::Analyzer& analyzer, std::string_view text,
                              herdex::AnalyzeMode mode) {
  Collect sink;
  (void)herdex::AnalyzerAccess::analyze(analyzer, text, mode, sink);
  return sink.tokens;
}

enum class Phrase { none, all, short_runs };
constexpr std::size_t kShortRunGrams = 8;  // "short": fewer bigrams than this

// One OR per CJK run of its bigrams (and optionally unigrams, words and the
// bigrams' phrase); alphabetic words as leaves. From index-mode tokens.
Xapian::Query compose(const std::vector<QToken>& tokens, std::uint32_t n, Phrase phrase,
                      bool unigrams, bool words) {
  std::vector<Xapian::Query> parts;
  std::size_t k = 0;
  while (k < tokens.size()) {
    const QToken& t = tokens[k];
    if (t.run == 0) {
      parts.emplace_back(t.term);
      ++k;
      continue;
    }
    std::vector<Xapian::Query> grams, unis, dict;
    for (; k < tokens.size() && tokens[k].run == t.run; ++k) {
      const QToken& u = tokens[k];
      if (u.kind == herdex::TokenKind::cjk_word) {
        dict.emplace_back(u.term);
      } else if (u.chars == n) {
        grams.emplace_back(u.term);
      } else if (u.chars == 1) {
        unis.emplace_back(u.term);
      }
    }
    std::vector<Xapian::Query> alt;
    const bool with_phrase =
        grams.size() > 1 &&
        (phrase == Phrase::all || (phrase == Phrase::short_runs && grams.size() < kShortRunGrams));
    if (with_phrase) {
      alt.emplace_back(Xapian::Query::OP_PHRASE, grams.begin(), grams.end(),
                       static_cast<Xapian::termcount>(grams.size()));
    }
    alt.insert(alt.end(), grams.begin(), grams.end());
    if (unigrams || grams.empty()) alt.insert(alt.end(), unis.begin(), unis.end());
    if (words) alt.insert(alt.end(), dict.begin(), dict.end());
    if (!alt.empty()) parts.emplace_back(Xapian::Query::OP_OR, alt.begin(), alt.end());
  }
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

// A Xapian database and the paragraph id of each document.
struct Index {
  Xapian::Database db;
  std::vector<std::string> ids;  // by docid
};

std::vector<std::string> ids_by_docid(const Xapian::Database& db, std::string_view prefix) {
  std::vector<std::string> ids(db.get_lastdocid() + 1);
  const std::string p(prefix);
  for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t) {
    for (auto d = db.postlist_begin(*t); d != db.postlist_end(*t); ++d)
      ids[*d] = (*t).substr(p.size());
  }
  return ids;
}

std::optional<Index> herdex_index(const Dataset& data, const fs::path& dir, bool titles) {
  const std::string path = (dir / "db").string();
  {
    auto writer = herdex::IndexWriter::open(path);  // default analyzer: words+uni+bigram
    if (!writer) {
      fmt::print(stderr, "{}\n", writer.error().describe());
      return std::nullopt;
    }
    for (const Paragraph& p : data.corpus) {
      herdex::Document doc;
      doc.id = p.id;
      if (titles) doc.title = p.title;
      doc.text = p.text;
      if (auto ok = writer->add(doc); !ok) {
        fmt::print(stderr, "{}\n", ok.error().describe());
        return std::nullopt;
      }
    }
    if (auto ok = writer->commit(); !ok) return std::nullopt;
  }
  Index index{Xapian::Database(path), {}};
  index.ids = ids_by_docid(index.db, herdex::detail::kIdPrefix);
  return index;
}

Xapian::TermGenerator stock_generator() {
  Xapian::TermGenerator tg;
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  tg.set_stemmer(Xapian::Stem("english"));
  return tg;
}

Index stock_index(const Dataset& data, const fs::path& dir, Xapian::termcount title_wdf) {
  const std::string path = (dir / "db").string();
  std::error_code ec;
  fs::create_directories(dir, ec);
  {
    Xapian::WritableDatabase w(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator tg = stock_generator();
    for (const Paragraph& p : data.corpus) {
      Xapian::Document doc;
      tg.set_document(doc);
      if (title_wdf > 0) {
        tg.index_text(p.title, title_wdf);
        tg.increase_termpos();
      }
      tg.index_text(p.text);
      doc.add_boolean_term("Q" + p.id);
      w.add_document(doc);
    }
    w.commit();
  }
  Index index{Xapian::Database(path), {}};
  index.ids = ids_by_docid(index.db, "Q");
  return index;
}

Xapian::Query stock_or(std::string_view text) {
  Xapian::Document doc;
  Xapian::TermGenerator tg = stock_generator();
  tg.set_document(doc);
  tg.index_text(std::string(text));
  std::vector<Xapian::Query> terms;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it)
    terms.emplace_back(*it, it.get_wdf());
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// How the top 100 for `q` meet the query's judgments.
herdex::QueryScores score_of(const Index& index, const Xapian::Query& q, const Query& query) {
  Xapian::Enquire enquire(index.db);
  enquire.set_query(q);
  enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
  const Xapian::MSet mset = enquire.get_mset(0, kDepth);
  std::vector<std::string> ranked;
  for (auto it = mset.begin(); it != mset.end(); ++it) ranked.push_back(index.ids[*it]);
  return herdex::score_ranking(ranked, query.relevant);
}

struct Row {
  std::string name;
  std::vector<std::size_t> ranks;  // per query: of the first relevant paragraph, 0 for none
  herdex::ScoreTotals totals;
};

std::string describe(const std::vector<QToken>& tokens) {
  std::string out;
  for (const QToken& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t.term;
    if (t.kind == herdex::TokenKind::cjk_word) out += "(w)";
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path data_dir = fs::path(HERDEX_EVAL_SOURCE_DIR) / ".." / "shared" / "data";
  std::vector<std::pair<std::string, std::string>> sets = {
      {"cmrc2018", "dev"}, {"drcd", "dev"}, {"jsquad", "valid"}};
  fs::path work = "/tmp/herdex-eval";
  std::size_t limit = 0;
  std::size_t examples = 0;
  CLI::App app{"Variants of herdex's query construction and title handling, ranked",
               "eval_query_variants"};
  std::string set_list;
  app.add_option("--data", data_dir, "Folder holding one folder per set");
  app.add_option("--sets", set_list, "SET:SPLIT,... (default: cmrc2018:dev,drcd:dev,jsquad:valid)");
  app.add_option("--work", work, "Where temporary databases go");
  app.add_option("--limit-queries", limit, "Evaluate only the first N queries of each split");
  app.add_option("--examples", examples, "Show N queries per set that herdex ranks below stock");
  app.callback([&] {
    if (app.count("--sets") > 0) sets = herdex::bench::parse_sets(set_list);
  });
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  const fs::path run_dir = work / fmt::format("variants-{}", static_cast<long>(getpid()));
  auto analyzer = herdex::Analyzer::create();
  if (!analyzer) return 3;
  const std::uint32_t n = analyzer->options().ngram_size;

  for (const auto& [set, split] : sets) {
    auto loaded = herdex::read_beir((data_dir / set).string(), split, /*read_corpus=*/true);
    if (!loaded) {
      fmt::print(stderr, "{}\n", loaded.error().describe());
      return 1;
    }
    Dataset& data = *loaded;
    if (limit != 0 && data.queries.size() > limit) data.queries.resize(limit);
    fmt::print(stderr, "[{}:{}] building indexes\n", set, split);
    auto herdex_db = herdex_index(data, run_dir / "herdex", true);
    auto herdex_untitled = herdex_index(data, run_dir / "herdex-untitled", false);
    if (!herdex_db || !herdex_untitled) return 1;
    const Index stock = stock_index(data, run_dir / "stock", 1);
    const Index stock_untitled = stock_index(data, run_dir / "stock-untitled", 0);
    const Index stock_title3 = stock_index(data, run_dir / "stock-title3", 3);

    using Q = std::vector<QToken>;
    auto variant = [&](const Index& index, Phrase phrase, bool unigrams, bool words) {
      return [&index, n, phrase, unigrams, words](const Query& q, const Q& it) {
        return score_of(index, compose(it, n, phrase, unigrams, words), q);
      };
    };
    auto current = [&](const Index& index) {
      return [&index, &analyzer](const Query& q, const Q&) {
        auto built = herdex::detail::build_query(*analyzer, index.db, q.text);
        return built ? score_of(index, built->query, q) : herdex::QueryScores{};
      };
    };
    auto stock_variant = [](const Index& index) {
      return [&index](const Query& q, const Q&) { return score_of(index, stock_or(q.text), q); };
    };
    std::vector<std::pair<std::string, std::function<herdex::QueryScores(const Query&, const Q&)>>>
        variants = {
            {"herdex", current(*herdex_db)},
            {"phrase+bi+words", variant(*herdex_db, Phrase::all, false, true)},
            {"bi+words", variant(*herdex_db, Phrase::none, false, true)},
            {"bi", variant(*herdex_db, Phrase::none, false, false)},
            {"phrase+uni+bi+words", variant(*herdex_db, Phrase::all, true, true)},
            {"uni+bi+words", variant(*herdex_db, Phrase::none, true, true)},
            {"uni+bi", variant(*herdex_db, Phrase::none, true, false)},
            {"short-phrase+uni+bi", variant(*herdex_db, Phrase::short_runs, true, false)},
            {"herdex, no title", current(*herdex_untitled)},
            {"uni+bi+words, no title", variant(*herdex_untitled, Phrase::none, true, true)},
            {"stock or-ngrams", stock_variant(stock)},
            {"stock, no title", stock_variant(stock_untitled)},
            {"stock, title x3", stock_variant(stock_title3)},
        };
    constexpr std::size_t kStockRow = 10;

    std::vector<Row> rows;
    for (const auto& v : variants) rows.push_back({v.first, {}, {}});
    std::vector<Q> toks;
    for (const Query& q : data.queries) {
      const Q it = tokens_of(*analyzer, q.text, herdex::AnalyzeMode::index);
      for (std::size_t v = 0; v < variants.size(); ++v) {
        const herdex::QueryScores scores = variants[v].second(q, it);
        rows[v].ranks.push_back(scores.first_relevant_rank);
        rows[v].totals.add(scores);
      }
      toks.push_back(it);
    }

    fmt::print("## {}:{} — {} queries\n\n", set, split, data.queries.size());
    fmt::print("| variant | MRR@10 | R@10 | R@100 | better than stock or-ngrams | worse |\n");
    fmt::print("|:--|--:|--:|--:|--:|--:|\n");
    const Row& base = rows[kStockRow];
    for (const Row& row : rows) {
      std::size_t better = 0, worse = 0;
      for (std::size_t i = 0; i < row.ranks.size(); ++i) {
        const std::size_t r = row.ranks[i];
        const std::size_t b = base.ranks[i];
        const std::size_t rk = r == 0 ? 1000 : r;
        const std::size_t bk = b == 0 ? 1000 : b;
        if (rk < bk) ++better;
        if (rk > bk) ++worse;
      }
      fmt::print("| {} | {:.4f} | {:.4f} | {:.4f} | {} | {} |\n", row.name,
                 row.totals.mean_mrr_at_10(), row.totals.mean_recall_at_10(),
                 row.totals.mean_recall_at_100(), better, worse);
    }
    fmt::print("\n");

    std::size_t shown = 0;
    for (std::size_t i = 0; i < data.queries.size() && shown < examples; ++i) {
      if (rows.front().ranks[i] == 1 || base.ranks[i] != 1) continue;
      ++shown;
      const Query& q = data.queries[i];
      std::string ranks;
      for (const Row& row : rows) ranks += fmt::format("{}={} ", row.name, row.ranks[i]);
      auto built = herdex::detail::build_query(*analyzer, herdex_db->db, q.text);
      fmt::print("- `{}` {} (relevant {})\n  - ranks: {}\n  - tokens: {}\n  - herdex query: `{}`\n",
                 q.id, q.text, q.relevant.begin()->first, ranks, describe(toks[i]),
                 built ? built->query.get_description() : std::string("(error)"));
    }
    if (shown != 0) fmt::print("\n");
    std::fflush(stdout);
    herdex_db.reset();
    herdex_untitled.reset();
    std::error_code ec;
    fs::remove_all(run_dir, ec);
  }
  return 0;
}
