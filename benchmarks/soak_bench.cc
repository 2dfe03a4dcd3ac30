// Soak: searching threads and one indexing thread on one database for a long
// time. Checks that nothing fails and that memory stays bounded while
// commits keep coming, and reports search latency.
//
//   bench_soak [--seconds N] [--searchers 8] [--data DIR | --synthetic]
//              [--docs N] [--queries FILE] [--db DIR] [--batch 1000]
//              [--reopen-ms 500] [--report-s 10] [--json]
//
// Workload:
//   indexer   one IndexWriter reads the IMDB reviews (DIR/imdb_*.jsonl.gz,
//             100,000 of them; --synthetic or a missing DIR: generated
//             reviews) and adds them, committing every --batch documents.
//             When the input (or its first --docs N reviews) is used up it
//             starts over with every text
//             changed (a marker word appended), so each later pass replaces
//             every document: commits never stop and the database keeps
//             its size.
//   searchers N threads, each with its own Searcher, run the queries of
//             FILE (benchmarks/queries/imdb.tsv) round robin with default
//             options (top 10, passages and snippets) and reopen() every
//             --reopen-ms to see new commits.
// The searchers start, and the clock runs, once the first batch is committed.
// Every --report-s seconds a line gives documents written, commits,
// searches, errors, latency percentiles of that interval and the resident
// set size; at the end a summary (--json: one JSON object). Exit status 1 if
// any search, reopen or write failed, or a hit came back without passages.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "herdex/herdex.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  double seconds = 300;
  std::size_t searchers = 8;
  std::string data = HERDEX_SOAK_DEFAULT_DATA;
  bool synthetic = false;
  std::string queries = HERDEX_SOAK_DEFAULT_QUERIES;
  std::string db;
  std::size_t batch = 1000;
  std::size_t docs = 0;  // documents per pass; 0: all
  int reopen_ms = 500;
  double report_s = 10;
  bool json = false;
};

double rss_mb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) /
         (1024.0 * 1024.0);
}

// Latencies (microseconds) of the current interval and of the whole run.
class Latencies {
 public:
  void add(float us) {
    const std::lock_guard<std::mutex> lock(mutex_);
    interval_.push_back(us);
  }
  // Moves the interval's samples into the whole run's and returns them.
  std::vector<float> take_interval() {
    std::vector<float> out;
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      out.swap(interval_);
    }
    all_.insert(all_.end(), out.begin(), out.end());
    return out;
  }
  std::vector<float>& all() { return all_; }

 private:
  std::mutex mutex_;
  std::vector<float> interval_;
  std::vector<float> all_;
};

double percentile(std::vector<float>& v, double p) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return static_cast<double>(v[k]) / 1000.0;  // milliseconds
}

struct Shared {
  std::atomic<bool> stop{false};
  std::atomic<std::size_t> written{0};
  std::atomic<std::size_t> passes{0};
  std::atomic<std::size_t> searches{0};
  std::atomic<std::size_t> reopens{0};
  std::atomic<std::size_t> errors{0};
  std::mutex messages_mutex;
  std::vector<std::string> messages;  // the first few errors
  Latencies latencies;

  void error(const std::string& what) {
    errors.fetch_add(1);
    const std::lock_guard<std::mutex> lock(messages_mutex);
    if (messages.size() < 10) messages.push_back(what);
  }
};

std::vector<std::string> load_queries(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const std::size_t tab = line.find('\t');
    const std::string query = tab == std::string::npos ? line : line.substr(tab + 1);
    if (!query.empty()) out.push_back(query);
  }
  if (out.empty()) {
    out = {"loneliness",         "great acting",  "\"special effects\"", "terrib*",
           "plot twist",         "boring",        "masterpiece",         "worst movie ever",
           "funny AND romantic", "horror -comedy"};
  }
  return out;
}

// Generated reviews, for runs without the IMDB data.
std::vector<herdex::Document> synthetic_reviews(std::size_t count) {
  static const char* const kWords[] = {
      "film",        "movie",      "acting",  "plot",     "great",    "terrible", "boring",
      "masterpiece", "loneliness", "special", "effects",  "romantic", "funny",    "horror",
      "comedy",      "twist",      "ending",  "director", "camera",   "music",    "score",
      "scene",       "character",  "story",   "worst",    "best",     "ever",     "quiet",
      "voice",       "letter",     "city",    "rain",     "night",    "love",     "laugh",
      "cry",         "watch",      "again"};
  std::mt19937 rng(42);
  std::vector<herdex::Document> docs;
  for (std::size_t i = 0; i < count; ++i) {
    herdex::Document d;
    d.id = fmt::format("synthetic_{}", i);
    const std::size_t words = 80 + rng() % 400;
    for (std::size_t w = 0; w < words; ++w) {
      d.text += kWords[rng() % (sizeof kWords / sizeof kWords[0])];
      d.text += w % 17 == 16 ? ". " : " ";
    }
    d.rating = static_cast<double>(1 + rng() % 10);
    docs.push_back(std::move(d));
  }
  return docs;
}

std::vector<std::string> imdb_files(const Args& args) {
  std::vector<std::string> files;
  if (args.synthetic) return files;
  for (const char* name : {"imdb_train.jsonl.gz", "imdb_test.jsonl.gz", "imdb_unsup.jsonl.gz"}) {
    const std::string path = args.data + "/" + name;
    if (std::filesystem::exists(path)) files.push_back(path);
  }
  return files;
}

void run_indexer(const Args& args, const std::vector<std::string>& files, Shared& shared) {
  herdex::IndexOptions options;
  options.batch_documents = args.batch;
  auto writer = herdex::IndexWriter::open(args.db, options);
  if (!writer) {
    shared.error("open writer: " + writer.error().describe());
    shared.stop = true;
    return;
  }
  const std::vector<herdex::Document> synthetic =
      files.empty() ? synthetic_reviews(20000) : std::vector<herdex::Document>{};
  herdex::IngestOptions ingest;
  ingest.id_field = "id";
  const herdex::Error stopped{herdex::ErrorCode::internal, "stopped"};
  const herdex::Error pass_done{herdex::ErrorCode::internal, "pass done"};
  bool failed = false;
  for (std::size_t pass = 0; !shared.stop && !failed; ++pass) {
    const std::string marker = pass == 0 ? std::string() : fmt::format(" soakpass{}", pass);
    std::size_t in_pass = 0;
    auto add = [&](herdex::Document doc) -> herdex::Result<void> {
      if (shared.stop) return stopped;
      if (args.docs != 0 && in_pass == args.docs) return pass_done;
      ++in_pass;
      doc.text += marker;
      auto added = writer->add(doc);
      if (!added) {
        shared.error("add " + doc.id + ": " + added.error().describe());
        failed = true;
        return added.error();
      }
      shared.written.fetch_add(1);
      return {};
    };
    if (files.empty()) {
      for (const herdex::Document& d : synthetic) {
        if (!add(d)) break;
      }
    } else {
      herdex::IngestSink sink;
      sink.on_document = [&](herdex::Document&& d) { return add(std::move(d)); };
      sink.on_problem = [&](const herdex::Error& e, herdex::ProblemKind) {
        shared.error("read: " + e.describe());
        failed = true;
      };
      for (const std::string& file : files) {
        auto read = herdex::read_documents(file, ingest, sink);
        if (!read) break;
      }
    }
    if (!shared.stop && !failed) shared.passes.fetch_add(1);
  }
  if (auto ok = writer->commit(); !ok) shared.error("commit: " + ok.error().describe());
}

void run_searcher(const Args& args, const std::vector<std::string>& queries, std::size_t id,
                  Shared& shared) {
  herdex::Result<herdex::Searcher> searcher = herdex::Error{};
  while (!shared.stop) {
    searcher = herdex::Searcher::open(args.db);
    if (searcher) break;
    if (searcher.error().code != herdex::ErrorCode::not_found) {
      shared.error("open searcher: " + searcher.error().describe());
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // no commit yet
  }
  if (!searcher) return;
  auto last_reopen = Clock::now();
  for (std::size_t i = id * 7; !shared.stop; ++i) {
    const std::string& query = queries[i % queries.size()];
    const auto start = Clock::now();
    auto results = searcher->search(query);
    const auto end = Clock::now();
    if (!results) {
      shared.error("search '" + query + "': " + results.error().describe());
    } else {
      for (const herdex::Hit& hit : results->hits) {
        if (hit.passages.empty() || hit.passages.front().snippet.empty()) {
          shared.error("search '" + query + "': hit " + hit.id + " without a passage or snippet");
        }
      }
      shared.latencies.add(std::chrono::duration<float, std::micro>(end - start).count());
      shared.searches.fetch_add(1);
    }
    if (end - last_reopen > std::chrono::milliseconds(args.reopen_ms)) {
      if (auto ok = searcher->reopen(); !ok) shared.error("reopen: " + ok.error().describe());
      shared.reopens.fetch_add(1);
      last_reopen = end;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Searching threads and one indexing thread on one database for a long time",
               "bench_soak"};
  app.add_option("--seconds", args.seconds, "How long to run")->check(herdex::bench::above_zero());
  app.add_option("--searchers", args.searchers, "Searching threads")
      ->check(herdex::bench::above_zero());
  app.add_option("--data", args.data, "Folder of the IMDB reviews (imdb_*.jsonl.gz)");
  app.add_flag("--synthetic", args.synthetic, "Generated reviews instead");
  app.add_option("--docs", args.docs, "Documents per pass (0: all)");
  app.add_option("--queries", args.queries, "Query file (class<TAB>query lines)");
  app.add_option("--db", args.db, "Database to use (default: a temporary one)");
  app.add_option("--batch", args.batch, "Documents per commit")->check(herdex::bench::above_zero());
  app.add_option("--reopen-ms", args.reopen_ms, "Searchers reopen this often");
  app.add_option("--report-s", args.report_s, "Seconds between report lines")
      ->check(herdex::bench::above_zero());
  app.add_flag("--json", args.json, "A JSON summary at the end instead of tables");
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  std::string temp_db;
  if (args.db.empty()) {
    std::string templ = (std::filesystem::temp_directory_path() / "herdex-soak-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {
      fmt::print(stderr, "bench_soak: cannot create {}\n", templ);
      return 2;
    }
    temp_db = templ;
    args.db = temp_db + "/db";
  }
  const std::vector<std::string> files = imdb_files(args);
  const std::vector<std::string> queries = load_queries(args.queries);
  const std::string source = files.empty() ? std::string("synthetic reviews") : args.data;
  if (!args.json) {
    fmt::print(
        "soak: {} s, {} searchers, 1 indexer (commit every {} documents), {} queries, data: {}\n",
        args.seconds, args.searchers, args.batch, queries.size(), source);
    fmt::print("{:>7} {:>9} {:>7} {:>9} {:>6} {:>8} {:>8} {:>8} {:>8} {:>8}\n", "time s", "written",
               "passes", "searches", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms", "RSS MB");
  }

  Shared shared;
  const double rss_start = rss_mb();
  std::vector<std::thread> threads;
  threads.emplace_back(run_indexer, std::cref(args), std::cref(files), std::ref(shared));
  // An empty database answers in microseconds; measure searches of reviews.
  for (;;) {
    auto stats = herdex::database_stats(args.db);
    if ((stats && stats->documents > 0) || shared.stop) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (std::size_t i = 0; i < args.searchers; ++i) {
    threads.emplace_back(run_searcher, std::cref(args), std::cref(queries), i, std::ref(shared));
  }

  nlohmann::json intervals = nlohmann::json::array();
  const auto start = Clock::now();
  auto next_report = start + std::chrono::duration<double>(args.report_s);
  const auto end = start + std::chrono::duration<double>(args.seconds);
  double rss_max = rss_start;
  std::vector<double> rss_samples;
  while (!shared.stop) {
    const auto now = Clock::now();
    if (now >= end) shared.stop = true;
    if (now >= next_report || shared.stop) {
      std::vector<float> lat = shared.latencies.take_interval();
      const double rss = rss_mb();
      rss_max = std::max(rss_max, rss);
      rss_samples.push_back(rss);
      const double t = std::chrono::duration<double>(now - start).count();
      const double p50 = percentile(lat, 50), p90 = percentile(lat, 90), p99 = percentile(lat, 99);
      const double max =
          lat.empty() ? 0 : static_cast<double>(*std::max_element(lat.begin(), lat.end())) / 1000.0;
      intervals.push_back({{"seconds", t},
                           {"written", shared.written.load()},
                           {"passes", shared.passes.load()},
                           {"searches", shared.searches.load()},
                           {"errors", shared.errors.load()},
                           {"p50_ms", p50},
                           {"p90_ms", p90},
                           {"p99_ms", p99},
                           {"max_ms", max},
                           {"rss_mb", rss}});
      if (!args.json) {
        fmt::print(
            "{:>7.0f} {:>9} {:>7} {:>9} {:>6} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.1f} {:>8.1f}\n", t,
            shared.written.load(), shared.passes.load(), shared.searches.load(),
            shared.errors.load(), p50, p90, p99, max, rss);
        std::fflush(stdout);
      }
      next_report +=
          std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(args.report_s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (std::thread& t : threads) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::vector<float>& all = shared.latencies.all();
  // Growth of RSS over the second half of the run: a bounded process levels off.
  const std::size_t half = rss_samples.size() / 2;
  const double rss_mid = rss_samples.empty() ? rss_start : rss_samples[half];
  const double rss_end = rss_samples.empty() ? rss_start : rss_samples.back();
  nlohmann::json summary = {
      {"seconds", elapsed},
      {"searchers", args.searchers},
      {"data", source},
      {"documents_written", shared.written.load()},
      {"passes", shared.passes.load()},
      {"searches", shared.searches.load()},
      {"searches_per_s", static_cast<double>(shared.searches.load()) / elapsed},
      {"reopens", shared.reopens.load()},
      {"errors", shared.errors.load()},
      {"error_messages", shared.messages},
      {"latency_ms",
       {{"p50", percentile(all, 50)},
        {"p90", percentile(all, 90)},
        {"p99", percentile(all, 99)},
        {"p999", percentile(all, 99.9)},
        {"max", all.empty()
                    ? 0.0
                    : static_cast<double>(*std::max_element(all.begin(), all.end())) / 1000.0}}},
      {"rss_mb", {{"start", rss_start}, {"middle", rss_mid}, {"end", rss_end}, {"max", rss_max}}},
      {"intervals", intervals},
  };
  if (args.json) {
    fmt::print("{}\n", summary.dump());
  } else {
    fmt::print(
        "\n{} documents written ({} full passes), {} searches ({:.0f}/s), {} reopens, {} errors\n",
        shared.written.load(), shared.passes.load(), shared.searches.load(),
        summary["searches_per_s"].get<double>(), shared.reopens.load(), shared.errors.load());
    fmt::print(
        "latency ms: p50 {:.2f}  p90 {:.2f}  p99 {:.2f}  p99.9 {:.2f}  max {:.1f}\n",
        summary["latency_ms"]["p50"].get<double>(), summary["latency_ms"]["p90"].get<double>(),
        summary["latency_ms"]["p99"].get<double>(), summary["latency_ms"]["p999"].get<double>(),
        summary["latency_ms"]["max"].get<double>());
    fmt::print("RSS MB: start {:.1f}, middle {:.1f}, end {:.1f}, max {:.1f}\n", rss_start, rss_mid,
               rss_end, rss_max);
    for (const std::string& m : shared.messages) fmt::print(stderr, "error: {}\n", m);
  }
  if (!temp_db.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(temp_db, ec);
  }
  return shared.errors.load() == 0 ? 0 : 1;
}
