// Indexing throughput: herdex against stock Xapian on the same JSON Lines
// corpus, with the same commit batching.
//
//   bench_index --engine herdex|xapian --db DIR [--batch N] [--id-field id] [--keep] FILE...
//
// --keep indexes into the existing database (a re-index of unchanged input).
//
// Workloads (one per process, so peak RSS is the engine's own):
//   herdex  IndexWriter::add_paths: JSON parsing, ICU analysis (English and
//           CJK-capable), passages, stored records, Q-term replacement.
//   xapian  nlohmann JSON parsing, Xapian::TermGenerator with the English
//           stemmer (positions, Z-prefixed stems), the text as document
//           data, Q-term replacement. The floor herdex builds on.
// Prints one JSON object: docs, bytes, seconds, docs_per_s, mb_per_s,
// cpu_seconds, db_bytes, peak_rss_mb (and passages for herdex). benchmarks/index_compare.sh
// runs both several times and prints medians and ratios.
#include <sys/resource.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "herdex/herdex.h"

namespace {

struct Args {
  std::string engine;
  std::string db;
  std::string id_field = "_id";
  std::size_t batch = 2000;
  bool keep = false;  // re-index into the existing database
  std::vector<std::string> files;
};

std::uint64_t dir_bytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(path, ec)) {
    std::error_code size_ec;
    if (e.is_regular_file(size_ec)) total += e.file_size(size_ec);
  }
  return total;
}

double peak_rss_mb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// CPU seconds (user + system) this process used: steadier than wall time
// on a shared machine, where other work delays a run without slowing it.
double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

struct Totals {
  std::size_t docs = 0;
  std::size_t bytes = 0;
  std::size_t passages = 0;
};

int run_xapian(const Args& args, Totals& totals) {
  Xapian::WritableDatabase db(args.db, Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  std::vector<char> buf(1U << 20);
  std::string line;
  std::size_t pending = 0;
  for (const std::string& file : args.files) {
    gzFile in = gzopen(file.c_str(), "rb");
    if (in == nullptr) {
      fmt::print(stderr, "cannot open {}\n", file);
      return 1;
    }
    while (gzgets(in, buf.data(), static_cast<int>(buf.size())) != nullptr) {
      line.assign(buf.data());
      while (!line.empty() && line.back() != '\n' &&
             gzgets(in, buf.data(), static_cast<int>(buf.size())) != nullptr) {
        line.append(buf.data());
      }
      const auto record = nlohmann::json::parse(line, nullptr, false);
      if (!record.is_object() || !record.contains("text")) continue;
      const std::string text = record["text"].get<std::string>();
      const auto& idv = record.contains(args.id_field) ? record[args.id_field] : record["id"];
      const std::string id = idv.is_string() ? idv.get<std::string>() : idv.dump();
      Xapian::Document doc;
      tg.set_document(doc);
      tg.index_text(text);
      doc.set_data(text);
      const std::string qterm = "Q" + id;
      doc.add_boolean_term(qterm);
      db.replace_document(qterm, doc);
      ++totals.docs;
      totals.bytes += text.size();
      if (++pending >= args.batch) {
        db.commit();
        pending = 0;
      }
    }
    gzclose(in);
  }
  db.commit();
  return 0;
}

int run_herdex(const Args& args, Totals& totals) {
  herdex::IndexOptions options;
  options.batch_documents = args.batch;
  auto writer = herdex::IndexWriter::open(args.db, options);
  if (!writer) {
    fmt::print(stderr, "{}\n", writer.error().describe());
    return 1;
  }
  herdex::IngestOptions ingest;
  ingest.id_field = args.id_field;
  auto report = writer->add_paths(args.files, ingest);
  if (!report) {
    fmt::print(stderr, "{}\n", report.error().describe());
    return 1;
  }
  totals.docs = report->added + report->updated + report->unchanged;
  totals.bytes = report->bytes;
  auto stats = herdex::database_stats(args.db);
  if (stats) totals.passages = stats->passages;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (a == "--engine")
      args.engine = next();
    else if (a == "--db")
      args.db = next();
    else if (a == "--batch")
      args.batch = std::stoul(next());
    else if (a == "--id-field")
      args.id_field = next();
    else if (a == "--keep")
      args.keep = true;
    else
      args.files.push_back(a);
  }
  if ((args.engine != "herdex" && args.engine != "xapian") || args.db.empty() ||
      args.files.empty()) {
    fmt::print(
        stderr,
        "usage: bench_index --engine herdex|xapian --db DIR [--batch N] [--id-field F] FILE...\n");
    return 2;
  }
  std::error_code ec;
  if (!args.keep) std::filesystem::remove_all(args.db, ec);
  Totals totals;
  const auto start = std::chrono::steady_clock::now();
  int rc = 0;
  try {
    rc = args.engine == "xapian" ? run_xapian(args, totals) : run_herdex(args, totals);
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "xapian: {}\n", e.get_description());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rc != 0) return rc;
  nlohmann::json out{{"engine", args.engine},
                     {"docs", totals.docs},
                     {"bytes", totals.bytes},
                     {"seconds", seconds},
                     {"cpu_seconds", cpu_seconds()},
                     {"docs_per_s", static_cast<double>(totals.docs) / seconds},
                     {"mb_per_s", static_cast<double>(totals.bytes) / 1e6 / seconds},
                     {"db_bytes", dir_bytes(args.db)},
                     {"peak_rss_mb", peak_rss_mb()},
                     {"passages", totals.passages}};
  fmt::print("{}\n", out.dump());
  return 0;
}
