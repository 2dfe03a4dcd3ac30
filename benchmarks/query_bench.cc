// Query latency side by side: herdex's full search against stock Xapian and
// SQLite FTS5 on the same documents and queries, in one process.
//
//   bench_query --queries FILE [--herdex-db DB] [--xapian-db DB [--xapian-exact]] [--fts5-db DB]
//               [--repeat R] [--warmup N] [--label NAME] [--json] [--plot FILE.svg]
//
// Engines (those whose database is given):
//   herdex        Searcher::search(): parse, match, passages, snippets, top 10
//                 (herdex's defaults: BM25 k1=0.9 b=0.4, 240-byte snippets).
//   xapian        stock Xapian 1.4: QueryParser (English stemmer, STEM_SOME;
//                 phrases, boolean operators, wildcards, CJK n-grams) and
//                 Enquire::get_mset(0, 10), BM25 k1=0.9 b=0.4; no document
//                 data, no snippets. The floor herdex builds on.
//   xapian-exact  (--xapian-exact) the same with check_at_least = every
//                 document: every match scored and counted, as herdex's
//                 match does for an exact top 10 and an exact total
//                 (search/matcher.cc). The cost of exactness, on Xapian alone.
//   fts5          SQLite FTS5 (the database bench_index --engine fts5 builds):
//                 `SELECT rowid ... WHERE docs MATCH ? ORDER BY bm25(docs)
//                 LIMIT 10`.
//   fts5-snippet  the same, also reading the id and
//                 `snippet(docs, -1, '[', ']', '…', 40)` of each hit.
// FTS5 gets each query translated from herdex's syntax before timing
// (fts5_query.h): free words are OR'ed as herdex and Xapian do.
//
// FILE has `class<TAB>query` lines (benchmarks/queries/*.tsv). Every engine
// runs every query once to warm up, then R times; the engines take turns
// query by query, in a rotating order, so that machine noise and cache
// effects hit them alike. Prints per class: count, p50, p90, p99 per engine
// and each engine's p50 and p99 as a ratio to stock Xapian's; --json adds
// every sample, the CPU time per search (p50, p99: steadier than wall time
// on a shared machine) and the mean number of hits each engine returned per class
// (benchmarks/report.cc draws and tabulates them).
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "fts5_query.h"
#include "herdex/herdex.h"
#include "herdex/tools/bench.h"

namespace {

using Clock = std::chrono::steady_clock;
using ordered_json = nlohmann::ordered_json;

// One engine under test. run() returns false (and says why) on an error.
class Engine {
 public:
  explicit Engine(std::string name) : name_(std::move(name)) {}
  virtual ~Engine() = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  const std::string& name() const { return name_; }
  // Work done before timing (translations); false if the query cannot run.
  virtual bool prepare(const std::vector<herdex::BenchQuery>& queries, std::string* error) {
    (void)queries;
    (void)error;
    return true;
  }
  virtual bool run(std::size_t query, std::string* error) = 0;
  // Results the last successful run() returned (at most 10).
  std::size_t hits = 0;

 private:
  std::string name_;
};

class HerdexEngine final : public Engine {
 public:
  HerdexEngine(herdex::Searcher searcher, const std::vector<herdex::BenchQuery>& queries)
      : Engine("herdex"), searcher_(std::move(searcher)), queries_(queries) {}
  bool run(std::size_t query, std::string* error) override {
    auto results = searcher_.search(queries_[query].text);
    if (!results) {
      *error = results.error().describe();
      return false;
    }
    timings = results->timings;
    hits = results->hits.size();
    return true;
  }
  herdex::SearchTimings timings;

 private:
  herdex::Searcher searcher_;
  const std::vector<herdex::BenchQuery>& queries_;
};

class XapianEngine final : public Engine {
 public:
  XapianEngine(const std::string& path, const std::vector<herdex::BenchQuery>& queries, bool exact)
      : Engine(exact ? "xapian-exact" : "xapian"),
        db_(path),
        enquire_(db_),
        queries_(queries),
        check_at_least_(exact ? db_.get_doccount() : 0) {
    enquire_.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
    qp_.set_database(db_);
    qp_.set_stemmer(Xapian::Stem("english"));
    qp_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  }
  bool run(std::size_t query, std::string* error) override {
    try {
      enquire_.set_query(qp_.parse_query(queries_[query].text, kFlags));
      const Xapian::MSet mset = enquire_.get_mset(0, 10, check_at_least_);
      hits = mset.size();
      return true;
    } catch (const Xapian::Error& e) {
      *error = e.get_description();
      return false;
    }
  }

 private:
  static constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                     Xapian::QueryParser::FLAG_WILDCARD |
                                     Xapian::QueryParser::FLAG_CJK_NGRAM;
  Xapian::Database db_;
  Xapian::Enquire enquire_;
  Xapian::QueryParser qp_;
  const std::vector<herdex::BenchQuery>& queries_;
  Xapian::doccount check_at_least_;
};

class Fts5Engine final : public Engine {
 public:
  Fts5Engine(sqlite3* db, bool snippets)
      : Engine(snippets ? "fts5-snippet" : "fts5"), db_(db), snippets_(snippets) {}
  ~Fts5Engine() override { sqlite3_finalize(stmt_); }

  bool open(std::string* error) {
    const char* sql =
        snippets_ ? "SELECT rowid, id, snippet(docs, -1, '[', ']', '…', 40) FROM docs "
                    "WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10"
                  : "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT 10";
    if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      *error = sqlite3_errmsg(db_);
      return false;
    }
    return true;
  }
  bool prepare(const std::vector<herdex::BenchQuery>& queries, std::string* error) override {
    for (const herdex::BenchQuery& q : queries) {
      std::string why;
      match_.push_back(herdex::bench::to_fts5_query(q.text, &why));
      if (match_.back().empty()) {
        *error = fmt::format("line {}: {}: {}", q.line, q.text, why);
        return false;
      }
    }
    return true;
  }
  bool run(std::size_t query, std::string* error) override {
    const std::string& match = match_[query];
    sqlite3_bind_text(stmt_, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
    int rc = SQLITE_ROW;
    std::size_t bytes = 0;
    hits = 0;
    while ((rc = sqlite3_step(stmt_)) == SQLITE_ROW) {
      ++hits;
      bytes += static_cast<std::size_t>(sqlite3_column_int64(stmt_, 0) & 1);
      if (snippets_) {
        bytes += static_cast<std::size_t>(sqlite3_column_bytes(stmt_, 1));
        (void)sqlite3_column_text(stmt_, 2);
        bytes += static_cast<std::size_t>(sqlite3_column_bytes(stmt_, 2));
      }
    }
    sqlite3_reset(stmt_);
    sink_ += bytes;
    if (rc != SQLITE_DONE) {
      *error = sqlite3_errmsg(db_);
      return false;
    }
    return true;
  }

 private:
  sqlite3* db_;
  bool snippets_;
  sqlite3_stmt* stmt_ = nullptr;
  std::vector<std::string> match_;
  std::size_t sink_ = 0;  // keeps the reads from being optimized away
};

double thread_cpu_us() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

struct Sqlite {
  sqlite3* db = nullptr;
  ~Sqlite() { sqlite3_close(db); }
};

ordered_json summary_json(const std::vector<double>& us) {
  const herdex::LatencySummary s = herdex::summarize_latencies(us);
  return ordered_json{{"count", s.count},     {"p50_us", s.p50_us}, {"p90_us", s.p90_us},
                      {"p95_us", s.p95_us},   {"p99_us", s.p99_us}, {"max_us", s.max_us},
                      {"mean_us", s.mean_us}, {"qps", s.qps}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string herdex_db, xapian_db, fts5_db, queries_path, plot, label;
  std::size_t repeat = 5;
  std::size_t warmup = 1;
  bool json = false;
  bool xapian_exact = false;
  CLI::App app{"Query latency of herdex, stock Xapian and SQLite FTS5 over one query file",
               "bench_query"};
  app.add_option("--queries", queries_path, "Query file (class<TAB>query lines)")->required();
  app.add_option("--herdex-db", herdex_db, "herdex database");
  app.add_option("--xapian-db", xapian_db, "Stock Xapian database (bench_index --engine xapian)");
  app.add_flag("--xapian-exact", xapian_exact,
               "Also run stock Xapian scoring every match (check_at_least = all documents)");
  app.add_option("--fts5-db", fts5_db, "SQLite FTS5 database (bench_index --engine fts5)");
  app.add_option("--repeat", repeat, "Timed runs of every query")
      ->check(herdex::bench::above_zero());
  app.add_option("--warmup", warmup, "Untimed passes first");
  app.add_option("--label", label, "Copied into the output");
  app.add_flag("--json", json, "One JSON object instead of tables");
  app.add_option("--plot", plot, "Also draw latency CDFs per class into FILE.svg");
  app.callback([&] {
    if (herdex_db.empty() && xapian_db.empty() && fts5_db.empty()) {
      throw CLI::RequiredError("--herdex-db, --xapian-db or --fts5-db");
    }
  });
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  auto set = herdex::read_bench_queries(queries_path);
  if (!set) {
    fmt::print(stderr, "bench_query: {}\n", set.error().describe());
    return 2;
  }
  const std::vector<herdex::BenchQuery>& queries = set->queries;

  Sqlite sqlite;  // before the engines: closed after they finalize their statements
  std::vector<std::unique_ptr<Engine>> engines;
  HerdexEngine* herdex_engine = nullptr;
  try {
    if (!xapian_db.empty()) {
      engines.push_back(std::make_unique<XapianEngine>(xapian_db, queries, false));
      if (xapian_exact) engines.push_back(std::make_unique<XapianEngine>(xapian_db, queries, true));
    }
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "bench_query: {}: {}\n", xapian_db, e.get_description());
    return 1;
  }
  if (!herdex_db.empty()) {
    auto searcher = herdex::Searcher::open(herdex_db);
    if (!searcher) {
      fmt::print(stderr, "bench_query: {}\n", searcher.error().describe());
      return 1;
    }
    auto engine = std::make_unique<HerdexEngine>(std::move(*searcher), queries);
    herdex_engine = engine.get();
    engines.push_back(std::move(engine));
  }
  if (!fts5_db.empty()) {
    if (sqlite3_open_v2(fts5_db.c_str(), &sqlite.db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
      fmt::print(stderr, "bench_query: {}: {}\n", fts5_db, sqlite3_errmsg(sqlite.db));
      return 1;
    }
    for (const bool snippets : {false, true}) {
      auto engine = std::make_unique<Fts5Engine>(sqlite.db, snippets);
      std::string error;
      if (!engine->open(&error)) {
        fmt::print(stderr, "bench_query: {}: {}\n", fts5_db, error);
        return 1;
      }
      engines.push_back(std::move(engine));
    }
  }
  for (auto& engine : engines) {
    std::string error;
    if (!engine->prepare(queries, &error)) {
      fmt::print(stderr, "bench_query: {}: {}: {}\n", queries_path, engine->name(), error);
      return 2;
    }
  }

  // samples[engine][class], in order of first appearance of the class.
  std::vector<std::string> classes;
  std::map<std::string, std::size_t> class_index;
  for (const auto& q : queries) {
    if (class_index.emplace(q.query_class, classes.size()).second) classes.push_back(q.query_class);
  }
  const std::size_t n_engines = engines.size();
  std::vector<std::vector<std::vector<double>>> samples(
      n_engines, std::vector<std::vector<double>>(classes.size()));
  std::vector<std::vector<double>> overall(n_engines);
  auto cpu_samples = samples;
  auto overall_cpu = overall;
  std::vector<std::size_t> errors(n_engines);
  std::vector<std::vector<std::size_t>> hits(n_engines, std::vector<std::size_t>(classes.size()));
  std::vector<herdex::PhaseSummary> phases(classes.size());
  std::vector<std::size_t> phase_count(classes.size());

  auto run_all = [&](std::size_t round, bool timed) {
    for (std::size_t q = 0; q < queries.size(); ++q) {
      for (std::size_t k = 0; k < n_engines; ++k) {
        const std::size_t e = (q + round + k) % n_engines;  // rotate who goes first
        std::string error;
        const double cpu0 = thread_cpu_us();
        const auto t0 = Clock::now();
        const bool ok = engines[e]->run(q, &error);
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
        const double cpu_us = thread_cpu_us() - cpu0;
        if (!ok) {
          if (errors[e]++ == 0 || !timed) {
            fmt::print(stderr, "bench_query: {}: {}:{}: {}: {}\n", engines[e]->name(), queries_path,
                       queries[q].line, queries[q].text, error);
          }
          continue;
        }
        if (!timed) continue;
        const std::size_t c = class_index[queries[q].query_class];
        samples[e][c].push_back(us);
        cpu_samples[e][c].push_back(cpu_us);
        hits[e][c] += engines[e]->hits;
        overall[e].push_back(us);
        overall_cpu[e].push_back(cpu_us);
        if (engines[e].get() == herdex_engine) {
          const herdex::SearchTimings& t = herdex_engine->timings;
          phases[c].parse_us += t.parse_us;
          phases[c].match_us += t.match_us;
          phases[c].passages_us += t.passages_us;
          phases[c].snippets_us += t.snippets_us;
          phases[c].other_us += us - t.parse_us - t.match_us - t.passages_us - t.snippets_us;
          ++phase_count[c];
        }
      }
    }
  };
  for (std::size_t r = 0; r < warmup; ++r) run_all(r, false);
  std::fill(errors.begin(), errors.end(), 0);
  for (std::size_t r = 0; r < repeat; ++r) run_all(r, true);

  ordered_json out{{"label", label},   {"query_file", queries_path}, {"queries", queries.size()},
                   {"repeat", repeat}, {"warmup", warmup},           {"classes", classes}};
  ordered_json by_engine = ordered_json::object();
  for (std::size_t e = 0; e < n_engines; ++e) {
    ordered_json per_class = ordered_json::object();
    for (std::size_t c = 0; c < classes.size(); ++c) {
      ordered_json s = summary_json(samples[e][c]);
      // How much each engine found: Xapian's QueryParser ANDs CJK n-grams
      // and finds little, so its latency there is that of a smaller job.
      s["mean_hits"] = samples[e][c].empty() ? 0.0
                                             : static_cast<double>(hits[e][c]) /
                                                   static_cast<double>(samples[e][c].size());
      // CPU time of the searching thread: on a busy machine, waiting for a
      // core inflates wall-clock latency but not this.
      s["cpu_p50_us"] = herdex::latency_percentile(cpu_samples[e][c], 50);
      s["cpu_p99_us"] = herdex::latency_percentile(cpu_samples[e][c], 99);
      s["samples_us"] = samples[e][c];
      per_class[classes[c]] = std::move(s);
    }
    ordered_json all = summary_json(overall[e]);
    all["cpu_p50_us"] = herdex::latency_percentile(overall_cpu[e], 50);
    all["cpu_p99_us"] = herdex::latency_percentile(overall_cpu[e], 99);
    by_engine[engines[e]->name()] = {
        {"overall", std::move(all)}, {"classes", std::move(per_class)}, {"errors", errors[e]}};
  }
  out["engines"] = std::move(by_engine);
  if (herdex_engine != nullptr) {
    ordered_json p = ordered_json::object();
    for (std::size_t c = 0; c < classes.size(); ++c) {
      const double k = phase_count[c] > 0 ? static_cast<double>(phase_count[c]) : 1.0;
      p[classes[c]] = {{"parse_us", phases[c].parse_us / k},
                       {"match_us", phases[c].match_us / k},
                       {"passages_us", phases[c].passages_us / k},
                       {"snippets_us", phases[c].snippets_us / k},
                       {"other_us", phases[c].other_us / k}};
    }
    out["herdex_phases"] = std::move(p);
  }

  if (!plot.empty()) {
    std::vector<herdex::LatencyPanel> panels;
    for (std::size_t c = 0; c < classes.size(); ++c) {
      herdex::LatencyPanel panel{classes[c], {}};
      for (std::size_t e = 0; e < n_engines; ++e)
        panel.series.push_back({engines[e]->name(), samples[e][c]});
      panels.push_back(std::move(panel));
    }
    const std::string title =
        fmt::format("{}query latency, {} queries x {}", label.empty() ? "" : label + ": ",
                    queries.size(), repeat);
    if (auto ok = herdex::write_latency_cdf_svg(plot, panels, title); !ok) {
      fmt::print(stderr, "bench_query: {}\n", ok.error().describe());
      return 1;
    }
  }

  std::size_t total_errors = 0;
  for (const std::size_t e : errors) total_errors += e;
  if (json) {
    fmt::print("{}\n", out.dump(-1, ' ', false, ordered_json::error_handler_t::replace));
  } else {
    const ordered_json& eng = out["engines"];
    const bool have_xapian = eng.contains("xapian");
    fmt::print("{:<12} {:>5}", "class", "n");
    for (const auto& e : engines) fmt::print(" | {:>12} {:>7} {:>7}", e->name(), "p90", "p99");
    fmt::print("\n");
    auto row = [&](const std::string& cls,
                   const ordered_json& (*pick)(const ordered_json&, const std::string&)) {
      fmt::print("{:<12} {:>5}", cls,
                 pick(eng[engines[0]->name()], cls)["count"].get<std::size_t>());
      for (const auto& e : engines) {
        const ordered_json& s = pick(eng[e->name()], cls);
        std::string ratio;
        if (have_xapian && e->name() != "xapian") {
          const ordered_json& x = pick(eng["xapian"], cls);
          ratio = fmt::format(
              " {:.1f}x", s["p50_us"].get<double>() / std::max(1e-9, x["p50_us"].get<double>()));
        }
        fmt::print(" | {:>12} {:>7.0f} {:>7.0f}",
                   fmt::format("{:.0f}{}", s["p50_us"].get<double>(), ratio),
                   s["p90_us"].get<double>(), s["p99_us"].get<double>());
      }
      fmt::print("\n");
    };
    for (const std::string& cls : classes) {
      row(cls, [](const ordered_json& e, const std::string& c) -> const ordered_json& {
        return e["classes"][c];
      });
    }
    row("overall", [](const ordered_json& e, const std::string&) -> const ordered_json& {
      return e["overall"];
    });
    fmt::print(
        "microseconds; first column of each engine: p50 (and its ratio to stock Xapian's)\n");
    for (std::size_t e = 0; e < n_engines; ++e) {
      if (errors[e] > 0) fmt::print("errors: {} {}\n", engines[e]->name(), errors[e]);
    }
  }
  return total_errors > 0 ? 1 : 0;
}
