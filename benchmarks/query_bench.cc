// Query latency: herdex's full search (parse, match, passages, snippets,
// top 10) against stock Xapian's bare get_mset(0, 10) on the same reviews.
//
//   bench_query --herdex-db DB --xapian-db DB --queries FILE [--repeat R] [--json]
//
// FILE has `class<TAB>query` lines (benchmarks/queries/imdb.tsv). The
// Xapian database is the one bench_index --engine xapian builds from the same
// input (TermGenerator, English stems); its queries go through
// Xapian::QueryParser with the English stemmer (STEM_SOME) and the default
// flags plus phrases, wildcards and boolean operators, BM25 k1=0.9 b=0.4.
//
// Each query runs once to warm the cache, then R times, interleaving the two
// engines query by query so that machine noise hits both alike. Prints per
// class and overall: count, p50, p90, p99, max in microseconds, and the ratio
// herdex/xapian of p50 and p99.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "herdex/herdex.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
  std::string cls;
  std::string text;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

nlohmann::json summary(const std::vector<double>& us) {
  double total = 0;
  for (const double x : us) total += x;
  return {{"count", us.size()},
          {"p50_us", percentile(us, 50)},
          {"p90_us", percentile(us, 90)},
          {"p99_us", percentile(us, 99)},
          {"max_us", us.empty() ? 0.0 : *std::max_element(us.begin(), us.end())},
          {"qps", total > 0 ? static_cast<double>(us.size()) / (total / 1e6) : 0.0}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string herdex_db, xapian_db, queries_path;
  int repeat = 5;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--herdex-db") herdex_db = next();
    else if (a == "--xapian-db") xapian_db = next();
    else if (a == "--queries") queries_path = next();
    else if (a == "--repeat") repeat = std::stoi(next());
    else if (a == "--json") json = true;
  }
  if (herdex_db.empty() || xapian_db.empty() || queries_path.empty()) {
    fmt::print(stderr, "usage: bench_query --herdex-db DB --xapian-db DB --queries FILE [--repeat R] [--json]\n");
    return 2;
  }
  std::vector<Query> queries;
  std::ifstream in(queries_path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    queries.push_back(tab == std::string::npos ? Query{"all", line}
                                               : Query{line.substr(0, tab), line.substr(tab + 1)});
  }
  auto searcher = herdex::Searcher::open(herdex_db);
  if (!searcher) {
    fmt::print(stderr, "{}\n", searcher.error().describe());
    return 1;
  }
  Xapian::Database xdb(xapian_db);
  Xapian::Enquire enquire(xdb);
  enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
  Xapian::QueryParser qp;
  qp.set_database(xdb);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                         Xapian::QueryParser::FLAG_CJK_NGRAM;

  std::map<std::string, std::vector<double>> herdex_us, xapian_us;
  std::size_t herdex_errors = 0, xapian_errors = 0;
  auto time_herdex = [&](const Query& q) -> double {
    const auto t0 = Clock::now();
    auto r = searcher->search(q.text);
    const auto t1 = Clock::now();
    if (!r) ++herdex_errors;
    return std::chrono::duration<double, std::micro>(t1 - t0).count();
  };
  auto time_xapian = [&](const Query& q) -> double {
    const auto t0 = Clock::now();
    try {
      enquire.set_query(qp.parse_query(q.text, flags));
      Xapian::MSet mset = enquire.get_mset(0, 10);
      (void)mset.size();
    } catch (const Xapian::Error&) {
      ++xapian_errors;
    }
    return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
  };
  for (const Query& q : queries) {  // warm-up
    (void)time_herdex(q);
    (void)time_xapian(q);
  }
  for (int r = 0; r < repeat; ++r) {
    for (const Query& q : queries) {
      herdex_us[q.cls].push_back(time_herdex(q));
      herdex_us["overall"].push_back(herdex_us[q.cls].back());
      xapian_us[q.cls].push_back(time_xapian(q));
      xapian_us["overall"].push_back(xapian_us[q.cls].back());
    }
  }
  nlohmann::json out{{"queries", queries.size()}, {"repeat", repeat},
                     {"herdex_errors", herdex_errors}, {"xapian_errors", xapian_errors}};
  for (const auto& [cls, us] : herdex_us) {
    out["herdex"][cls] = summary(us);
    out["xapian"][cls] = summary(xapian_us[cls]);
  }
  if (json) {
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("{:<12} {:>5} | {:>9} {:>9} {:>9} | {:>9} {:>9} {:>9} | {:>6} {:>6}\n", "class", "n",
             "herdex50", "herdex90", "herdex99", "xapian50", "xapian90", "xapian99", "r50", "r99");
  for (const auto& [cls, us] : herdex_us) {
    const auto& h = out["herdex"][cls];
    const auto& x = out["xapian"][cls];
    fmt::print("{:<12} {:>5} | {:>9.0f} {:>9.0f} {:>9.0f} | {:>9.0f} {:>9.0f} {:>9.0f} | {:>5.2f}x {:>5.2f}x\n",
               cls, us.size(), h["p50_us"].get<double>(), h["p90_us"].get<double>(),
               h["p99_us"].get<double>(), x["p50_us"].get<double>(), x["p90_us"].get<double>(),
               x["p99_us"].get<double>(), h["p50_us"].get<double>() / x["p50_us"].get<double>(),
               h["p99_us"].get<double>() / x["p99_us"].get<double>());
  }
  fmt::print("errors: herdex {}, xapian {}\n", herdex_errors, xapian_errors);
  return 0;
}
