// The side-by-side table (and plot) of benchmarks/compare.sh: indexing and
// query figures of every engine, each as a ratio to stock Xapian's.
//
//   bench_report [--growth] [--index FILE] [--query FILE]... [--plot FILE.svg] [--title TEXT]
//
// --index: JSON Lines from bench_index (engine, label, seconds, db_bytes...);
// several runs of one engine and label are reduced to their medians.
// --query: the --json output of bench_query (one per query set).
// Prints a Markdown table: index time and size per corpus, p50 and p99 per
// query class, each cell "value (ratio to stock Xapian)"; then herdex's mean
// time per phase. --plot draws a latency CDF per class, a line per engine.
// --growth (benchmarks/scale.sh): the indexing figures per corpus size, and
// how p50 and p99 grow from the first query run to the second (two --query).
#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "herdex/tools/bench.h"

namespace {

// Ordered, so that classes keep the order of the query files.
using json = nlohmann::ordered_json;

const std::vector<std::pair<std::string, std::string>> kEngines = {
    {"xapian", "stock Xapian"},
    {"xapian-exact", "Xapian, every match scored"},
    {"herdex", "herdex"},
    {"fts5", "FTS5"},
    {"fts5-snippet", "FTS5 + snippet()"}};

double median(std::vector<double> v) {
  return v.empty() ? 0.0 : herdex::latency_percentile(std::move(v), 50);
}

std::string cell(double value, double base, int decimals, bool is_base) {
  const std::string v = fmt::format("{:.{}f}", value, decimals);
  if (is_base || base <= 0) return v;
  return fmt::format("{} ({:.2f}×)", v, value / base);
}

struct IndexFigures {
  std::vector<double> docs;
  std::vector<double> seconds;
  std::vector<double> cpu_seconds;
  std::vector<double> mb_per_s;
  std::vector<double> db_bytes;
  std::vector<double> peak_rss_mb;
  std::vector<double> time_v_rss_mb;  // /usr/bin/time -v's figure, when scale.sh ran it
};

using Columns = std::vector<std::pair<std::string, std::string>>;
using IndexTable = std::map<std::string, std::map<std::string, IndexFigures>>;

// scale.sh's tables: absolute indexing figures per corpus size, and how each
// engine's p50 and p99 grow from the first query run to the second.
void print_growth(const std::vector<std::string>& labels, const IndexTable& index,
                  const std::vector<json>& runs, const Columns& columns) {
  if (!index.empty()) {
    fmt::print(
        "| engine | documents | seconds | CPU seconds | docs/s | MB/s | database (MB) | peak RSS "
        "(MB) "
        "| time -v max RSS (MB) |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const std::string& label : labels) {
      for (const auto& [engine, name] : columns) {
        const auto it = index.at(label).find(engine);
        if (it == index.at(label).end()) continue;
        const IndexFigures& f = it->second;
        const double seconds = median(f.seconds);
        fmt::print("| {} | {:.0f} | {:.1f} | {:.1f} | {:.0f} | {:.2f} | {:.1f} | {:.0f} | {} |\n",
                   name, median(f.docs), seconds, median(f.cpu_seconds),
                   seconds > 0 ? median(f.docs) / seconds : 0.0, median(f.mb_per_s),
                   median(f.db_bytes) / 1e6, median(f.peak_rss_mb),
                   f.time_v_rss_mb.empty() ? std::string("–")
                                           : fmt::format("{:.0f}", median(f.time_v_rss_mb)));
      }
    }
    fmt::print("\n");
  }
  if (runs.size() != 2) return;
  const json& small = runs[0];
  const json& large = runs[1];
  fmt::print(
      "| class | engine | p50 {0} (µs) | p50 {1} (µs) | p50 growth | p99 {0} (µs) | p99 {1} (µs) | "
      "p99 growth | CPU p50 growth | CPU p99 growth |\n"
      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      small.value("label", "1"), large.value("label", "2"));
  std::vector<std::string> classes;
  for (const auto& c : small["classes"]) classes.push_back(c.get<std::string>());
  classes.push_back("");  // all queries
  for (const std::string& cls : classes) {
    for (const auto& [engine, name] : columns) {
      if (!small["engines"].contains(engine) || !large["engines"].contains(engine)) continue;
      auto pick = [&](const json& run) -> const json& {
        return cls.empty() ? run["engines"][engine]["overall"]
                           : run["engines"][engine]["classes"][cls];
      };
      auto growth = [&](const char* key) {
        const double a = pick(small).value(key, 0.0);
        const double b = pick(large).value(key, 0.0);
        return a > 0 ? fmt::format("{:.2f}×", b / a) : std::string("–");
      };
      fmt::print("| {} | {} | {:.0f} | {:.0f} | {} | {:.0f} | {:.0f} | {} | {} | {} |\n",
                 cls.empty() ? "all" : cls, name, pick(small).value("p50_us", 0.0),
                 pick(large).value("p50_us", 0.0), growth("p50_us"),
                 pick(small).value("p99_us", 0.0), pick(large).value("p99_us", 0.0),
                 growth("p99_us"), growth("cpu_p50_us"), growth("cpu_p99_us"));
    }
  }
}

// compare.sh's table: a column per engine, a row per figure, each cell the
// value and its ratio to stock Xapian's.
void print_table(const std::vector<std::string>& labels, IndexTable index,
                 const std::vector<json>& runs, const Columns& columns) {
  fmt::print("| |");
  for (const auto& [engine, name] : columns) fmt::print(" {} |", name);
  fmt::print("\n|---|");
  for (std::size_t i = 0; i < columns.size(); ++i) fmt::print("---:|");
  fmt::print("\n");

  auto index_row = [&](const std::string& what, const std::string& label, int decimals,
                       double scale, const std::vector<double> IndexFigures::*field) {
    const auto& engines = index[label];
    const auto base = engines.find("xapian");
    const double base_value = base == engines.end() ? 0.0 : median(base->second.*field) * scale;
    fmt::print("| {}{} |", label.empty() ? "" : label + " ", what);
    for (const auto& [engine, name] : columns) {
      // FTS5 with and without snippet() share one index.
      const auto it = engines.find(engine == "fts5-snippet" ? "fts5" : engine);
      if (it == engines.end()) {
        fmt::print(" – |");
      } else if (engine == "fts5-snippet") {
        fmt::print(" (same index) |");
      } else {
        fmt::print(" {} |", cell(median(it->second.*field) * scale, base_value, decimals,
                                 engine == "xapian"));
      }
    }
    fmt::print("\n");
  };
  for (const std::string& label : labels) {
    index_row("index time (s)", label, 1, 1.0, &IndexFigures::seconds);
    index_row("index CPU time (s)", label, 1, 1.0, &IndexFigures::cpu_seconds);
    index_row("index size (MB)", label, 1, 1e-6, &IndexFigures::db_bytes);
    index_row("index peak RSS (MB)", label, 0, 1.0, &IndexFigures::peak_rss_mb);
  }

  // One row of a latency percentile (`key`) for a class, or over all
  // queries of the run when `cls` is null.
  auto latency_row = [&](const json& q, const std::string& what, const char* key,
                         const std::string* cls) {
    const json& engines = q["engines"];
    auto pick = [&](const json& e) -> const json& {
      return cls != nullptr ? e["classes"][*cls] : e["overall"];
    };
    const double base =
        engines.contains("xapian") ? pick(engines["xapian"])[key].get<double>() : 0.0;
    fmt::print("| {} (µs) |", what);
    for (const auto& [engine, name] : columns) {
      if (!engines.contains(engine)) {
        fmt::print(" – |");
        continue;
      }
      fmt::print(" {} |",
                 cell(pick(engines[engine])[key].get<double>(), base, 0, engine == "xapian"));
    }
    fmt::print("\n");
  };
  for (const json& q : runs) {
    const std::string label = q.value("label", "");
    for (const auto& c : q["classes"]) {
      const std::string cls = c.get<std::string>();
      latency_row(q, "p50 " + cls, "p50_us", &cls);
      latency_row(q, "p99 " + cls, "p99_us", &cls);
    }
    if (q["classes"].size() > 1) {
      latency_row(q, fmt::format("p50 all {} queries", label), "p50_us", nullptr);
      latency_row(q, fmt::format("p99 all {} queries", label), "p99_us", nullptr);
    }
  }
  // CPU time per search: on a busy machine, the steadier comparison.
  for (const json& q : runs) {
    for (const auto& c : q["classes"]) {
      const std::string cls = c.get<std::string>();
      for (const char* key : {"cpu_p50_us", "cpu_p99_us"}) {
        const json& engines = q["engines"];
        const double base =
            engines.contains("xapian") ? engines["xapian"]["classes"][cls].value(key, 0.0) : 0.0;
        fmt::print("| {} CPU {} (µs) |", key == std::string("cpu_p50_us") ? "p50" : "p99", cls);
        for (const auto& [engine, name] : columns) {
          if (!engines.contains(engine)) {
            fmt::print(" – |");
            continue;
          }
          fmt::print(" {} |", cell(engines[engine]["classes"][cls].value(key, 0.0), base, 0,
                                   engine == "xapian"));
        }
        fmt::print("\n");
      }
    }
  }
  // What the engines found: the same queries do not mean the same work.
  fmt::print("| mean hits returned (of 10) |");
  for (std::size_t i = 0; i < columns.size(); ++i) fmt::print(" |");
  fmt::print("\n");
  for (const json& q : runs) {
    for (const auto& c : q["classes"]) {
      const std::string cls = c.get<std::string>();
      fmt::print("| hits {} |", cls);
      for (const auto& [engine, name] : columns) {
        const json& engines = q["engines"];
        if (!engines.contains(engine)) {
          fmt::print(" – |");
        } else {
          fmt::print(" {:.1f} |", engines[engine]["classes"][cls].value("mean_hits", 0.0));
        }
      }
      fmt::print("\n");
    }
  }
  // Errors are never silent: a query an engine rejected is not in its figures.
  for (const json& q : runs) {
    for (const auto& [engine, figures] : q["engines"].items()) {
      if (figures.value("errors", 0) > 0) {
        fmt::print("\n{}: {} searches failed on {} (left out of its figures)\n",
                   q.value("label", ""), figures["errors"].get<int>(), engine);
      }
    }
  }

  bool phases = false;
  for (const json& q : runs) phases = phases || q.contains("herdex_phases");
  if (phases) {
    fmt::print(
        "\nherdex, mean µs per search by phase:\n\n| class | parse | match | passages | snippets | "
        "other |\n"
        "|---|---:|---:|---:|---:|---:|\n");
    for (const json& q : runs) {
      if (!q.contains("herdex_phases")) continue;
      for (const auto& [cls, p] : q["herdex_phases"].items()) {
        fmt::print("| {} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} |\n", cls,
                   p["parse_us"].get<double>(), p["match_us"].get<double>(),
                   p["passages_us"].get<double>(), p["snippets_us"].get<double>(),
                   p["other_us"].get<double>());
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string index_path, plot, title = "query latency by class";
  std::vector<std::string> query_paths;
  bool growth = false;
  CLI::App app{"Tables (and a latency plot) from bench_index and bench_query output",
               "bench_report"};
  app.add_option("--index", index_path, "bench_index output, one JSON object per line");
  app.add_option("--query", query_paths, "bench_query --json output (repeatable)")
      ->allow_extra_args(false);
  app.add_flag("--growth", growth, "Compare the labels as corpus sizes");
  app.add_option("--plot", plot, "Also draw latency CDFs into FILE.svg");
  app.add_option("--title", title, "Title of the plot");
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  // label -> engine -> figures, labels in order of appearance.
  std::vector<std::string> labels;
  IndexTable index;
  if (!index_path.empty()) {
    std::ifstream in(index_path);
    if (!in) {
      fmt::print(stderr, "bench_report: cannot read {}\n", index_path);
      return 1;
    }
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const json r = json::parse(line, nullptr, false);
      if (!r.is_object() || !r.contains("engine")) {
        fmt::print(stderr, "bench_report: {}: not a bench_index line: {}\n", index_path, line);
        return 1;
      }
      const std::string label = r.value("label", "");
      if (std::find(labels.begin(), labels.end(), label) == labels.end()) labels.push_back(label);
      IndexFigures& f = index[label][r["engine"].get<std::string>()];
      f.docs.push_back(r["docs"].get<double>());
      f.mb_per_s.push_back(r["mb_per_s"].get<double>());
      if (r.contains("time_v_max_rss_kb"))
        f.time_v_rss_mb.push_back(r["time_v_max_rss_kb"].get<double>() / 1024.0);
      f.seconds.push_back(r["seconds"].get<double>());
      f.cpu_seconds.push_back(r.value("cpu_seconds", 0.0));
      f.db_bytes.push_back(r["db_bytes"].get<double>());
      f.peak_rss_mb.push_back(r["peak_rss_mb"].get<double>());
    }
  }
  std::vector<json> runs;
  for (const std::string& path : query_paths) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    json q = json::parse(ss.str(), nullptr, false);
    if (!in || !q.is_object() || !q.contains("engines")) {
      fmt::print(stderr, "bench_report: {}: not bench_query --json output\n", path);
      return 1;
    }
    runs.push_back(std::move(q));
  }

  // Columns: the engines that appear anywhere, in a fixed order.
  Columns columns;
  for (const auto& [engine, name] : kEngines) {
    bool seen = false;
    for (const auto& [label, engines] : index) seen = seen || engines.count(engine) > 0;
    for (const json& q : runs) seen = seen || q["engines"].contains(engine);
    if (seen) columns.emplace_back(engine, name);
  }
  if (growth) {
    print_growth(labels, index, runs, columns);
  } else {
    print_table(labels, index, runs, columns);
  }
  if (!plot.empty()) {
    // A panel per class; a line per engine (and per run, comparing sizes).
    std::vector<herdex::LatencyPanel> panels;
    std::map<std::string, std::size_t> panel_of;
    for (const json& q : runs) {
      for (const auto& c : q["classes"]) {
        const std::string cls = c.get<std::string>();
        if (!growth || panel_of.count(cls) == 0) {
          panel_of[cls] = panels.size();
          panels.push_back({cls, {}});
        }
        herdex::LatencyPanel& panel = panels[panel_of[cls]];
        for (const auto& [engine, name] : columns) {
          if (!q["engines"].contains(engine)) continue;
          // Comparing sizes, an engine keeps its colour; the second run is dashed.
          panel.series.push_back(
              {growth ? name + " " + q.value("label", "") : name,
               q["engines"][engine]["classes"][cls]["samples_us"].get<std::vector<double>>(),
               name});
        }
      }
    }
    if (auto ok = herdex::write_latency_cdf_svg(plot, panels, title); !ok) {
      fmt::print(stderr, "bench_report: {}\n", ok.error().describe());
      return 1;
    }
  }
  return 0;
}
