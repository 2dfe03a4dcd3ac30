// Query latency of the same documents stored differently: one database,
// local shards, remote shards (a stub file naming xapian-tcpsrv servers).
//
//   bench_shards --queries FILE [--repeat R] [--timeout MS] [--json] NAME=DB NAME=DB ...
//
// FILE has `class<TAB>query` lines (benchmarks/queries/imdb.tsv). The first
// NAME=DB is the baseline. Every database gets a Searcher; each query runs
// once on each to warm caches and connections, then R times, the databases
// interleaved query by query (in an order that rotates, so none always runs
// first) so that machine noise hits all alike. Each search is herdex's full
// search with default options: parse, match, passages, snippets, top 10.
// Prints per database: count, p50, p90, p99 and max in microseconds, and the
// p50 and p99 ratios against the baseline; also how many searches returned
// a different top 10 (ids and scores) from the baseline, which must be 0 for
// databases holding the same documents, and how many a different `total`
// (Xapian's estimate of the matches, which may legitimately differ).
// benchmarks/shard_bench.sh builds the databases from the IMDB reviews and
// runs this.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "herdex/herdex.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Query {
  std::string cls;
  std::string text;
};

struct Target {
  std::string name;
  std::string db;
  std::unique_ptr<herdex::Searcher> searcher;
  std::vector<double> us;
  std::map<std::string, std::vector<double>> us_by_class;
  std::size_t errors = 0;
  std::size_t mismatches = 0;
  std::size_t estimate_differs = 0;
};

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const double rank = p / 100.0 * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (rank - static_cast<double>(lo));
}

// The top hits as (id, score) pairs, ties put in id order.
std::vector<std::pair<std::string, double>> ranking(const herdex::SearchResults& r) {
  std::vector<std::pair<std::string, double>> out;
  for (const herdex::Hit& h : r.hits) out.emplace_back(h.id, h.score);
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    if (std::fabs(a.second - b.second) > 1e-9) return a.second > b.second;
    return a.first < b.first;
  });
  return out;
}

// Same scores, and the same ids wherever they are not tied with the last
// hit (a tie cut at the 10th place may keep different ids).
bool same_ranking(const std::vector<std::pair<std::string, double>>& a,
                  const std::vector<std::pair<std::string, double>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::fabs(a[i].second - b[i].second) > 1e-9) return false;
    if (a[i].first != b[i].first && a[i].second > a.back().second + 1e-9) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string queries_path;
  int repeat = 5;
  std::uint32_t timeout_ms = 10000;
  bool json = false;
  std::vector<Target> targets;
  std::vector<std::string> target_args;
  CLI::App app{"Search latency over local, sharded and remote databases", "bench_shards"};
  app.add_option("--queries", queries_path, "Query file (class<TAB>query lines)")->required();
  app.add_option("--repeat", repeat, "Timed runs of every query");
  app.add_option("--timeout", timeout_ms, "Remote shards' timeout in milliseconds");
  app.add_flag("--json", json, "One JSON object instead of a table");
  app.add_option("targets", target_args, "NAME=DB: a database to measure under NAME")
      ->required()
      ->check(CLI::Validator(
          [](std::string& arg) {
            return arg.find('=') == std::string::npos ? std::string("expected NAME=DB")
                                                      : std::string();
          },
          "NAME=DB"));
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  for (const std::string& arg : target_args) {
    const std::size_t eq = arg.find('=');
    Target t;
    t.name = arg.substr(0, eq);
    t.db = arg.substr(eq + 1);
    targets.push_back(std::move(t));
  }
  std::vector<Query> queries;
  std::ifstream in(queries_path);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    queries.push_back(tab == std::string::npos ? Query{"all", line}
                                               : Query{line.substr(0, tab), line.substr(tab + 1)});
  }
  herdex::OpenOptions open;
  open.timeout_ms = timeout_ms;
  for (Target& t : targets) {
    auto searcher = herdex::Searcher::open(t.db, open);
    if (!searcher) {
      fmt::print(stderr, "{}: {}\n", t.name, searcher.error().describe());
      return 1;
    }
    t.searcher = std::make_unique<herdex::Searcher>(std::move(*searcher));
  }

  auto timed = [&](Target& t, const Query& q, herdex::SearchResults* out) {
    const auto t0 = Clock::now();
    auto r = t.searcher->search(q.text);
    const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
    if (!r) {
      ++t.errors;
    } else if (out != nullptr) {
      *out = std::move(*r);
    }
    return us;
  };
  // Warm-up, and the check that every database finds the baseline's top 10.
  for (const Query& q : queries) {
    herdex::SearchResults base;
    (void)timed(targets[0], q, &base);
    for (std::size_t k = 1; k < targets.size(); ++k) {
      herdex::SearchResults other;
      (void)timed(targets[k], q, &other);
      if (!same_ranking(ranking(base), ranking(other))) ++targets[k].mismatches;
      if (base.total != other.total) ++targets[k].estimate_differs;
    }
  }
  std::size_t turn = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const Query& q : queries) {
      for (std::size_t k = 0; k < targets.size(); ++k) {
        Target& t = targets[(k + turn) % targets.size()];
        t.us.push_back(timed(t, q, nullptr));
        t.us_by_class[q.cls].push_back(t.us.back());
      }
      ++turn;
    }
  }

  nlohmann::json out{
      {"queries", queries.size()}, {"repeat", repeat}, {"baseline", targets[0].name}};
  const double base50 = percentile(targets[0].us, 50);
  const double base99 = percentile(targets[0].us, 99);
  for (const Target& t : targets) {
    const double p50 = percentile(t.us, 50);
    const double p99 = percentile(t.us, 99);
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [cls, us] : t.us_by_class) {
      classes[cls] = {{"p50_us", percentile(us, 50)}, {"p99_us", percentile(us, 99)}};
    }
    out["results"].push_back(
        {{"classes", classes},
         {"name", t.name},
         {"db", t.db},
         {"count", t.us.size()},
         {"p50_us", p50},
         {"p90_us", percentile(t.us, 90)},
         {"p99_us", p99},
         {"max_us", t.us.empty() ? 0.0 : *std::max_element(t.us.begin(), t.us.end())},
         {"p50_ratio", p50 / base50},
         {"p99_ratio", p99 / base99},
         {"errors", t.errors},
         {"mismatches", t.mismatches},
         {"estimate_differs", t.estimate_differs}});
  }
  if (json) {
    fmt::print("{}\n", out.dump());
    return 0;
  }
  fmt::print("{:<12} {:>6} | {:>9} {:>9} {:>9} {:>9} | {:>6} {:>6} | {:>6} {:>10} {:>9}\n",
             "database", "n", "p50", "p90", "p99", "max", "r50", "r99", "errors", "mismatches",
             "estimates");
  for (const auto& r : out["results"]) {
    fmt::print(
        "{:<12} {:>6} | {:>9.0f} {:>9.0f} {:>9.0f} {:>9.0f} | {:>5.2f}x {:>5.2f}x | {:>6} {:>10} "
        "{:>9}\n",
        r["name"].get<std::string>(), r["count"].get<std::size_t>(), r["p50_us"].get<double>(),
        r["p90_us"].get<double>(), r["p99_us"].get<double>(), r["max_us"].get<double>(),
        r["p50_ratio"].get<double>(), r["p99_ratio"].get<double>(), r["errors"].get<std::size_t>(),
        r["mismatches"].get<std::size_t>(), r["estimate_differs"].get<std::size_t>());
  }
  fmt::print("\np50 per query class (us):\n{:<12}", "database");
  for (const auto& [cls, v] : out["results"][0]["classes"].items()) fmt::print(" {:>10}", cls);
  fmt::print("\n");
  for (const auto& r : out["results"]) {
    fmt::print("{:<12}", r["name"].get<std::string>());
    for (const auto& [cls, v] : r["classes"].items()) {
      fmt::print(" {:>10.0f}", v["p50_us"].get<double>());
    }
    fmt::print("\n");
  }
  return 0;
}
