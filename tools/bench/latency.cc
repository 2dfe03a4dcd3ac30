// Percentiles and summaries of latency samples.
#include <algorithm>
#include <numeric>

#include "herdex/tools/bench.h"

namespace herdex {

double latency_percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0.0;
  p = std::clamp(p, 0.0, 100.0);
  // Linear interpolation between closest ranks (Hyndman & Fan type 7, the
  // default of numpy and R), so that figures agree with the usual tools.
  const double rank = p / 100.0 * static_cast<double>(samples.size() - 1);
  const auto lo = static_cast<std::size_t>(rank);
  const std::size_t hi = std::min(lo + 1, samples.size() - 1);
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(lo),
                   samples.end());
  const double low = samples[lo];
  if (hi == lo) return low;
  // The next rank is the smallest value above position lo.
  const double high =
      *std::min_element(samples.begin() + static_cast<std::ptrdiff_t>(hi), samples.end());
  return low + (high - low) * (rank - static_cast<double>(lo));
}

LatencySummary summarize_latencies(const std::vector<double>& samples_us, std::size_t concurrency) {
  LatencySummary s;
  if (samples_us.empty()) return s;
  std::vector<double> sorted = samples_us;
  std::sort(sorted.begin(), sorted.end());
  s.count = sorted.size();
  s.p50_us = latency_percentile(sorted, 50);
  s.p90_us = latency_percentile(sorted, 90);
  s.p95_us = latency_percentile(sorted, 95);
  s.p99_us = latency_percentile(sorted, 99);
  s.max_us = sorted.back();
  const double total_us = std::accumulate(sorted.begin(), sorted.end(), 0.0);
  s.mean_us = total_us / static_cast<double>(s.count);
  if (total_us > 0) {
    s.qps = static_cast<double>(std::max<std::size_t>(concurrency, 1)) *
            static_cast<double>(s.count) / (total_us / 1e6);
  }
  return s;
}

}  // namespace herdex
