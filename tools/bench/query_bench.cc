// Query latency: every query of a set, R times, by N searchers at once.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "herdex/database.h"
#include "herdex/tools/bench.h"

namespace herdex {
namespace {

using Clock = std::chrono::steady_clock;

// Enough for any machine this runs on; more is a typo.
constexpr std::size_t kMaxThreads = 256;

struct Sample {
  std::size_t query;
  double us;
  SearchTimings timings;
};

// Shared state of one run. Workers count what they did and stop at the
// first error; the calling thread reports progress while they work.
class Run {
 public:
  Run(const BenchQuerySet& set, const QueryBenchOptions& options, std::size_t total)
      : set_(set), options_(options), total_(total) {}

  // Runs `work(thread)` on every searcher's own thread and waits, telling
  // options.progress how far the run got.
  template <typename Work>
  void on_threads(std::size_t threads, Work work) {
    std::vector<std::thread> pool;
    std::size_t running = threads;
    pool.reserve(threads);
    for (std::size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        work(t);
        const std::lock_guard<std::mutex> lock(mutex_);
        --running;
        finished_.notify_one();
      });
    }
    for (bool more = true; more;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        finished_.wait_for(lock, std::chrono::milliseconds(100), [&] { return running == 0; });
        more = running > 0;
      }
      if (options_.progress) options_.progress(done_.load(), total_);
    }
    for (std::thread& th : pool) th.join();
  }

  // Searches query `q` with `searcher`; on failure records the error (the
  // first one wins) and returns nothing.
  std::optional<SearchResults> search(Searcher& searcher, std::size_t q) {
    auto results = searcher.search(set_.queries[q].text, options_.search);
    done_.fetch_add(1);
    if (results) return std::move(*results);
    fail(q, std::move(results).error());
    return std::nullopt;
  }

  bool failed() const { return failed_.load(); }
  Error take_error() { return std::move(error_); }

 private:
  void fail(std::size_t q, const Error& cause) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (failed_.exchange(true)) return;
    const BenchQuery& query = set_.queries[q];
    error_ = Error{cause.code, ""};
    error_.path = set_.path;
    error_.line = query.line;
    // A query can be a pasted page: quote its start, not 200 KB.
    constexpr std::size_t kQuoted = 80;
    std::string quoted = query.text;
    if (quoted.size() > kQuoted) {
      std::size_t cut = kQuoted;
      while (cut > 0 && (static_cast<unsigned char>(quoted[cut]) & 0xC0U) == 0x80U) --cut;
      quoted = fmt::format("{}…\" ({} bytes", quoted.substr(0, cut), query.text.size());
      error_.message = fmt::format("query \"{}): {}", quoted, cause.describe());
      return;
    }
    error_.message = fmt::format("query \"{}\": {}", quoted, cause.describe());
  }

  const BenchQuerySet& set_;
  const QueryBenchOptions& options_;
  const std::size_t total_;
  std::atomic<std::size_t> done_{0};
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::condition_variable finished_;
  Error error_;
};

BenchClassReport class_report(std::string name, std::size_t queries,
                              const std::vector<Sample>& samples, std::size_t concurrency) {
  BenchClassReport report;
  report.name = std::move(name);
  report.queries = queries;
  report.samples_us.reserve(samples.size());
  for (const Sample& s : samples) {
    report.samples_us.push_back(s.us);
    report.phases.parse_us += s.timings.parse_us;
    report.phases.match_us += s.timings.match_us;
    report.phases.passages_us += s.timings.passages_us;
    report.phases.snippets_us += s.timings.snippets_us;
    report.phases.other_us += std::max(0.0, s.us - s.timings.parse_us - s.timings.match_us -
                                                s.timings.passages_us - s.timings.snippets_us);
  }
  if (!samples.empty()) {
    const auto n = static_cast<double>(samples.size());
    report.phases.parse_us /= n;
    report.phases.match_us /= n;
    report.phases.passages_us /= n;
    report.phases.snippets_us /= n;
    report.phases.other_us /= n;
  }
  report.latency = summarize_latencies(report.samples_us, concurrency);
  return report;
}

}  // namespace

Result<QueryBenchReport> run_query_bench(const std::string& db, const BenchQuerySet& set,
                                         const QueryBenchOptions& options) {
  if (set.queries.empty()) return Error{ErrorCode::invalid_argument, "no queries to run"};
  if (options.repeat == 0) return Error{ErrorCode::invalid_argument, "repeat must be at least 1"};
  if (options.threads == 0 || options.threads > kMaxThreads) {
    return Error{ErrorCode::invalid_argument,
                 fmt::format("threads must be between 1 and {}", kMaxThreads)};
  }
  auto stats = database_stats(db);
  if (!stats) return std::move(stats).error();

  std::vector<Searcher> searchers;
  searchers.reserve(options.threads);
  for (std::size_t t = 0; t < options.threads; ++t) {
    auto searcher = Searcher::open(db);
    if (!searcher) return std::move(searcher).error();
    searchers.push_back(std::move(*searcher));
  }

  const std::size_t n = set.queries.size();
  const std::size_t timed = options.repeat * n;
  Run run(set, options, options.warmup * options.threads * n + timed);

  // Warm-up: every searcher runs the whole set, so each has its own caches
  // (Xapian's, and the stored records it decoded) as warm as the others.
  run.on_threads(options.threads, [&](std::size_t t) {
    for (std::size_t pass = 0; pass < options.warmup; ++pass) {
      for (std::size_t q = 0; q < n && !run.failed(); ++q) (void)run.search(searchers[t], q);
    }
  });
  if (run.failed()) return run.take_error();

  // Timed runs: rounds through the whole set, each search taken by the next
  // free thread, so that every query runs exactly `repeat` times.
  std::vector<std::vector<Sample>> per_thread(options.threads);
  for (auto& samples : per_thread) samples.reserve(timed / options.threads + 1);
  std::atomic<std::size_t> next{0};
  const auto start = Clock::now();
  run.on_threads(options.threads, [&](std::size_t t) {
    for (std::size_t job = next.fetch_add(1); job < timed && !run.failed();
         job = next.fetch_add(1)) {
      const std::size_t q = job % n;
      const auto t0 = Clock::now();
      auto results = run.search(searchers[t], q);
      const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
      if (!results) return;
      per_thread[t].push_back({q, us, results->timings});
    }
  });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  if (run.failed()) return run.take_error();

  // Classes in order of first appearance.
  std::vector<std::string> class_names;
  std::map<std::string, std::size_t> class_of_name;
  std::vector<std::size_t> class_of_query(n);
  std::vector<std::size_t> queries_per_class;
  for (std::size_t q = 0; q < n; ++q) {
    const auto [it, added] = class_of_name.emplace(set.queries[q].query_class, class_names.size());
    if (added) {
      class_names.push_back(set.queries[q].query_class);
      queries_per_class.push_back(0);
    }
    class_of_query[q] = it->second;
    ++queries_per_class[it->second];
  }
  std::vector<std::vector<Sample>> by_class(class_names.size());
  std::vector<Sample> all;
  all.reserve(timed);
  for (const auto& samples : per_thread) {
    for (const Sample& s : samples) {
      by_class[class_of_query[s.query]].push_back(s);
      all.push_back(s);
    }
  }

  QueryBenchReport report;
  report.documents = stats->documents;
  report.queries = n;
  report.repeat = options.repeat;
  report.threads = options.threads;
  report.warmup = options.warmup;
  report.seconds = seconds;
  report.overall = class_report("overall", n, all, options.threads);
  if (seconds > 0) report.overall.latency.qps = static_cast<double>(all.size()) / seconds;
  for (std::size_t c = 0; c < class_names.size(); ++c) {
    report.classes.push_back(
        class_report(class_names[c], queries_per_class[c], by_class[c], options.threads));
  }
  return report;
}

}  // namespace herdex
