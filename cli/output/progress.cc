#include "output/progress.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include <fmt/format.h>

namespace herdex::cli {

ProgressBar::ProgressBar(bool enabled)
    : enabled_(enabled), start_(std::chrono::steady_clock::now()), last_(start_) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(const IndexProgress& p) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double mb = static_cast<double>(p.bytes) / 1e6;
  const double rate = elapsed > 0 ? static_cast<double>(p.documents) / elapsed : 0.0;
  std::string bar;
  std::string eta = "--:--";
  if (p.total_bytes > 0) {
    // total_bytes grows as files are found, so this is an estimate.
    const double done =
        std::min(1.0, static_cast<double>(p.input_bytes) / static_cast<double>(p.total_bytes));
    const int width = 24;
    const int filled = static_cast<int>(done * width);
    bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
          std::string(static_cast<std::size_t>(width - filled), '.') + "] ";
    if (done > 0.01 && elapsed > 0.5) {
      const auto left = static_cast<long>(elapsed / done - elapsed);
      eta = fmt::format("{}:{:02}", left / 60, left % 60);
    }
  }
  fmt::print(stderr, "\r\x1b[K{}{} docs  {:.1f} MB  {:.0f} docs/s  ETA {}", bar, p.documents, mb,
             rate, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::update(std::size_t done, std::size_t total, const char* unit) {
  if (!enabled_ || total == 0) return;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && done < total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double share = std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int width = 24;
  const int filled = static_cast<int>(share * width);
  std::string eta = "--:--";
  if (share > 0.01 && elapsed > 0.5) {
    const auto left = static_cast<long>(elapsed / share - elapsed);
    eta = fmt::format("{}:{:02}", left / 60, left % 60);
  }
  fmt::print(stderr, "\r\x1b[K[{}{}] {}/{} {}  ETA {}",
             std::string(static_cast<std::size_t>(filled), '#'),
             std::string(static_cast<std::size_t>(width - filled), '.'), done, total, unit, eta);
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::finish() {
  if (enabled_ && drawn_) {
    fmt::print(stderr, "\r\x1b[K");
    std::fflush(stderr);
    drawn_ = false;
  }
}

}  // namespace herdex::cli
