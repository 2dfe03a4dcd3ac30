// Indexing throughput: a new database built from paths, timed.
#include <sys/resource.h>

#include <chrono>
#include <filesystem>

#include "herdex/database.h"
#include "herdex/tools/bench.h"

namespace herdex {
namespace {

std::uint64_t directory_bytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
    std::error_code size_ec;
    if (entry.is_regular_file(size_ec)) total += entry.file_size(size_ec);
  }
  return total;
}

std::uint64_t peak_rss_bytes() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
  return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024U;  // Linux reports KiB
}

}  // namespace

Result<IndexBenchReport> run_index_bench(const std::string& db,
                                         const std::vector<std::string>& paths,
                                         const IndexBenchOptions& options) {
  if (paths.empty()) return Error{ErrorCode::invalid_argument, "no paths to index"};
  std::error_code ec;
  if (std::filesystem::exists(db, ec) &&
      !(std::filesystem::is_directory(db, ec) && std::filesystem::is_empty(db, ec))) {
    Error e{ErrorCode::already_exists,
            "the database exists; an indexing benchmark builds a new one (remove it or choose "
            "another path)"};
    e.path = db;
    return e;
  }
  const auto start = std::chrono::steady_clock::now();
  IndexBenchReport bench;
  {
    auto writer = IndexWriter::open(db, options.index);
    if (!writer) return std::move(writer).error();
    auto report = writer->add_paths(paths, options.ingest, options.progress);
    if (!report) return std::move(report).error();
    bench.report = std::move(*report);
    // add_paths() commits at its end; closing the writer is part of the run.
  }
  bench.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  bench.peak_rss_bytes = peak_rss_bytes();
  bench.documents = bench.report.added + bench.report.updated + bench.report.unchanged;
  bench.bytes = bench.report.bytes;
  if (bench.seconds > 0) {
    bench.docs_per_s = static_cast<double>(bench.documents) / bench.seconds;
    bench.mb_per_s = static_cast<double>(bench.bytes) / 1e6 / bench.seconds;
  }
  bench.db_bytes = directory_bytes(db);
  auto stats = database_stats(db);
  if (!stats) return std::move(stats).error();
  bench.passages = stats->passages;
  return bench;
}

}  // namespace herdex
