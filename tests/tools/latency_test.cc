#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <vector>

#include "herdex/tools/bench.h"

namespace herdex {
namespace {

std::vector<double> one_to(int n) {
  std::vector<double> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), 1.0);
  return v;
}

TEST(LatencyPercentile, InterpolatesBetweenClosestRanksLikeNumpy) {
  // numpy.percentile(range(1, 101), [0, 50, 90, 99, 100]) = 1, 50.5, 90.1, 99.01, 100
  const std::vector<double> v = one_to(100);
  EXPECT_DOUBLE_EQ(latency_percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(latency_percentile(v, 50), 50.5);
  EXPECT_NEAR(latency_percentile(v, 90), 90.1, 1e-9);
  EXPECT_NEAR(latency_percentile(v, 99), 99.01, 1e-9);
  EXPECT_DOUBLE_EQ(latency_percentile(v, 100), 100.0);
  // An odd count has a true middle; two values average.
  EXPECT_DOUBLE_EQ(latency_percentile({3, 1, 2}, 50), 2.0);
  EXPECT_DOUBLE_EQ(latency_percentile({10, 20}, 50), 15.0);
  EXPECT_DOUBLE_EQ(latency_percentile({10, 20}, 90), 19.0);
}

TEST(LatencyPercentile, DoesNotDependOnOrder) {
  std::vector<double> v = one_to(1000);
  const double sorted50 = latency_percentile(v, 50);
  const double sorted99 = latency_percentile(v, 99);
  std::mt19937 rng(7);
  std::shuffle(v.begin(), v.end(), rng);
  EXPECT_DOUBLE_EQ(latency_percentile(v, 50), sorted50);
  EXPECT_DOUBLE_EQ(latency_percentile(v, 99), sorted99);
}

TEST(LatencyPercentile, EdgeCases) {
  EXPECT_EQ(latency_percentile({}, 50), 0.0);
  for (const double p : {0.0, 50.0, 99.0, 100.0}) EXPECT_EQ(latency_percentile({42}, p), 42.0);
  EXPECT_EQ(latency_percentile({5, 1, 9}, -3), 1.0);   // clamped to the minimum
  EXPECT_EQ(latency_percentile({5, 1, 9}, 250), 9.0);  // and the maximum
  EXPECT_EQ(latency_percentile({4, 4, 4, 4}, 99), 4.0);
}

TEST(LatencySummary, CountsPercentilesMaxMeanAndThroughput) {
  const LatencySummary s = summarize_latencies({2000, 1000, 1000, 4000});
  EXPECT_EQ(s.count, 4U);
  EXPECT_DOUBLE_EQ(s.p50_us, 1500.0);
  EXPECT_DOUBLE_EQ(s.max_us, 4000.0);
  EXPECT_DOUBLE_EQ(s.mean_us, 2000.0);
  EXPECT_DOUBLE_EQ(s.p95_us, 3700.0);  // rank 2.85: 2000 + 0.85 x (4000 - 2000)
  EXPECT_LE(s.p50_us, s.p90_us);
  EXPECT_LE(s.p90_us, s.p95_us);
  EXPECT_LE(s.p95_us, s.p99_us);
  EXPECT_LE(s.p99_us, s.max_us);
  // 4 searches in 8 ms of latency: 500 per second for one thread.
  EXPECT_DOUBLE_EQ(s.qps, 500.0);
  // Two threads doing the same at once sustain twice that.
  EXPECT_DOUBLE_EQ(summarize_latencies({2000, 1000, 1000, 4000}, 2).qps, 1000.0);
}

TEST(LatencySummary, EmptyIsAllZero) {
  const LatencySummary s = summarize_latencies({});
  EXPECT_EQ(s.count, 0U);
  EXPECT_EQ(s.p50_us, 0.0);
  EXPECT_EQ(s.max_us, 0.0);
  EXPECT_EQ(s.qps, 0.0);
}

}  // namespace
}  // namespace herdex
