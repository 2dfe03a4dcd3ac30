// A one-line progress bar on stderr for long runs (indexing, benchmarks).
#pragma once

#include <chrono>
#include <cstddef>

#include "herdex/index.h"

namespace herdex::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Redraws at most ten times a second.
  void update(const IndexProgress& progress);
  /// The same for counted work: `done` of `total` `unit` ("searches").
  void update(std::size_t done, std::size_t total, const char* unit);
  /// Clears the line.
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace herdex::cli
