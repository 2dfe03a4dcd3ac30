// Indexing throughput: herdex against stock Xapian and SQLite FTS5 on the
// same JSON Lines corpus, with the same commit batching.
//
//   bench_index --engine herdex|xapian|fts5 --db PATH [--batch N] [--threads N]
//               [--memory MB] [--id-field F]
//               [--fts5-tokenizer SPEC] [--label NAME] [--keep] FILE...
//
// --keep indexes into the existing database (a re-index of unchanged input;
// herdex and xapian only).
//
// Workloads (one per process, so peak RSS is the engine's own):
//   herdex  herdex::run_index_bench, as `herdex bench index`: JSON parsing,
//           ICU analysis (English and CJK), passages, stored records,
//           Q-term replacement.
//   xapian  nlohmann JSON parsing, Xapian::TermGenerator with the English
//           stemmer and CJK n-grams (positions, Z-prefixed stems) over the
//           title and text, the text as document data, Q-term replacement.
//           The floor herdex builds on.
//   fts5    nlohmann JSON parsing, INSERT into an FTS5 table (id UNINDEXED,
//           title, text) with the tokenizer given (default 'porter
//           unicode61'; 'trigram' for CJK), one transaction per batch.
// Prints one JSON object: engine, label, docs, bytes, seconds, cpu_seconds,
// docs_per_s, mb_per_s, db_bytes, peak_rss_mb (and passages for herdex).
// benchmarks/index_compare.sh and benchmarks/compare.sh run it.
#include <sqlite3.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench_args.h"
#include "herdex/herdex.h"
#include "herdex/tools/bench.h"
#include "herdex/tools/lines.h"

namespace {

struct Args {
  std::string engine;
  std::string db;
  std::string id_field = "_id";
  std::string fts5_tokenizer = "porter unicode61";
  std::string label;
  // 0: each engine's default (herdex: batches by memory; Xapian: its
  // own flush threshold and one commit at the end; FTS5: one transaction).
  std::size_t batch = 0;
  std::size_t threads = 0;    // herdex: IndexOptions::threads
  std::size_t memory_mb = 0;  // herdex: IndexOptions::memory_bytes (0: default)
  bool keep = false;          // re-index into the existing database
  std::vector<std::string> files;
};

std::uint64_t path_bytes(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return std::filesystem::file_size(path, ec);
  std::uint64_t total = 0;
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
  herdex::IndexStageTimes stages;  // herdex only
};

struct Record {
  std::string id;
  std::string title;
  std::string text;
};

// Calls `fn` for every record of the JSON Lines files (gzip or plain) that
// has a text; the id is `id_field`, else "id", as herdex reads it.
bool for_each_record(const Args& args, const std::function<void(const Record&)>& fn) {
  Record rec;
  for (const std::string& file : args.files) {
    auto read = herdex::for_each_line(
        file, [&](std::string_view line, std::size_t) -> herdex::Result<void> {
          const auto record = nlohmann::json::parse(line, nullptr, false);
          if (!record.is_object() || !record.contains("text") || !record["text"].is_string())
            return {};
          rec.text = record["text"].get<std::string>();
          const auto title = record.find("title");
          rec.title = title != record.end() && title->is_string() ? title->get<std::string>() : "";
          const auto& idv = record.contains(args.id_field) ? record[args.id_field] : record["id"];
          rec.id = idv.is_string() ? idv.get<std::string>() : idv.dump();
          fn(rec);
          return {};
        });
    if (!read) {
      fmt::print(stderr, "{}\n", read.error().describe());
      return false;
    }
  }
  return true;
}

int run_xapian(const Args& args, Totals& totals) {
  Xapian::WritableDatabase db(args.db, Xapian::DB_CREATE_OR_OPEN);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  // Xapian 1.4's only CJK support: unigrams and bigrams of CJK runs.
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);
  std::size_t pending = 0;
  const bool ok = for_each_record(args, [&](const Record& r) {
    Xapian::Document doc;
    tg.set_document(doc);
    if (!r.title.empty()) {
      tg.index_text(r.title);
      tg.increase_termpos();
    }
    tg.index_text(r.text);
    doc.set_data(r.text);
    const std::string qterm = "Q" + r.id;
    doc.add_boolean_term(qterm);
    db.replace_document(qterm, doc);
    ++totals.docs;
    totals.bytes += r.text.size();
    if (++pending >= args.batch && args.batch > 0) {
      db.commit();
      pending = 0;
    }
  });
  db.commit();
  return ok ? 0 : 1;
}

int run_fts5(const Args& args, Totals& totals) {
  sqlite3* db = nullptr;
  if (sqlite3_open(args.db.c_str(), &db) != SQLITE_OK) {
    fmt::print(stderr, "sqlite: {}\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  auto exec = [&](const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      fmt::print(stderr, "sqlite: {}: {}\n", sql, err != nullptr ? err : "?");
      sqlite3_free(err);
      return false;
    }
    return true;
  };
  std::string tokenizer = args.fts5_tokenizer;
  for (std::size_t at = tokenizer.find('\''); at != std::string::npos;
       at = tokenizer.find('\'', at + 2)) {
    tokenizer.insert(at, "'");
  }
  if (!exec(fmt::format(
          "CREATE VIRTUAL TABLE IF NOT EXISTS docs USING fts5(id UNINDEXED, title, text, "
          "tokenize = '{}')",
          tokenizer))) {
    sqlite3_close(db);
    return 1;
  }
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, text) VALUES (?1, ?2, ?3)", -1, &insert,
                         nullptr) != SQLITE_OK) {
    fmt::print(stderr, "sqlite: {}\n", sqlite3_errmsg(db));
    sqlite3_close(db);
    return 1;
  }
  bool ok = exec("BEGIN");
  std::size_t pending = 0;
  ok =
      ok && for_each_record(args, [&](const Record& r) {
        if (!ok) return;
        sqlite3_bind_text(insert, 1, r.id.data(), static_cast<int>(r.id.size()), SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, r.title.data(), static_cast<int>(r.title.size()),
                          SQLITE_STATIC);
        sqlite3_bind_text(insert, 3, r.text.data(), static_cast<int>(r.text.size()), SQLITE_STATIC);
        if (sqlite3_step(insert) != SQLITE_DONE) {
          fmt::print(stderr, "sqlite: {}\n", sqlite3_errmsg(db));
          ok = false;
        }
        sqlite3_reset(insert);
        ++totals.docs;
        totals.bytes += r.text.size();
        if (++pending >= args.batch && args.batch > 0) {
          ok = ok && exec("COMMIT") && exec("BEGIN");
          pending = 0;
        }
      });
  ok = ok && exec("COMMIT");
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return ok ? 0 : 1;
}

int run_herdex(const Args& args, Totals& totals) {
  herdex::IndexBenchOptions options;
  options.index.batch_documents = args.batch;
  options.index.threads = args.threads;
  if (args.memory_mb > 0) options.index.memory_bytes = args.memory_mb << 20;
  options.ingest.id_field = args.id_field;
  if (args.keep) {
    // A re-index of the existing database: what `herdex index` does again.
    auto writer = herdex::IndexWriter::open(args.db, options.index);
    if (!writer) {
      fmt::print(stderr, "{}\n", writer.error().describe());
      return 1;
    }
    auto report = writer->add_paths(args.files, options.ingest);
    if (!report) {
      fmt::print(stderr, "{}\n", report.error().describe());
      return 1;
    }
    totals.docs = report->added + report->updated + report->unchanged;
    totals.bytes = report->bytes;
    return 0;
  }
  auto report = herdex::run_index_bench(args.db, args.files, options);
  if (!report) {
    fmt::print(stderr, "{}\n", report.error().describe());
    return 1;
  }
  totals.docs = report->documents;
  totals.bytes = report->bytes;
  totals.passages = report->passages;
  totals.stages = report->report.stages;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  CLI::App app{"Indexing throughput of herdex, stock Xapian or SQLite FTS5 on JSON Lines files",
               "bench_index"};
  app.add_option("--engine", args.engine, "herdex, xapian or fts5")
      ->required()
      ->check(CLI::IsMember({"herdex", "xapian", "fts5"}));
  app.add_option("--db", args.db, "The database to create (removed first unless --keep)")
      ->required();
  app.add_option("--batch", args.batch, "Documents per commit (0: each engine's default)");
  app.add_option("--threads", args.threads, "herdex: IndexOptions::threads (0: default)");
  app.add_option("--memory", args.memory_mb, "herdex: memory budget in MB (0: default)");
  app.add_option("--id-field", args.id_field, "JSON field of the id (else \"id\")");
  app.add_option("--fts5-tokenizer", args.fts5_tokenizer, "FTS5 tokenizer spec");
  app.add_option("--label", args.label, "Copied into the output");
  app.add_flag("--keep", args.keep, "Index into the existing database (herdex and xapian)");
  app.add_option("files", args.files, "JSON Lines files (gzip or plain)")->required();
  app.callback([&] {
    if (args.keep && args.engine == "fts5")
      throw CLI::ValidationError("--keep", "not with --engine fts5");
  });
  if (auto status = herdex::bench::parse_command_line(app, argc, argv)) return *status;
  std::error_code ec;
  if (!args.keep) std::filesystem::remove_all(args.db, ec);
  Totals totals;
  const auto start = std::chrono::steady_clock::now();
  int rc = 0;
  try {
    rc = args.engine == "xapian" ? run_xapian(args, totals)
         : args.engine == "fts5" ? run_fts5(args, totals)
                                 : run_herdex(args, totals);
  } catch (const Xapian::Error& e) {
    fmt::print(stderr, "xapian: {}\n", e.get_description());
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (rc != 0) return rc;
  nlohmann::json out{{"engine", args.engine},
                     {"label", args.label},
                     {"docs", totals.docs},
                     {"bytes", totals.bytes},
                     {"seconds", seconds},
                     {"cpu_seconds", cpu_seconds()},
                     {"docs_per_s", static_cast<double>(totals.docs) / seconds},
                     {"mb_per_s", static_cast<double>(totals.bytes) / 1e6 / seconds},
                     {"db_bytes", path_bytes(args.db)},
                     {"peak_rss_mb", peak_rss_mb()},
                     {"passages", totals.passages}};
  if (args.engine == "fts5") out["fts5_tokenizer"] = args.fts5_tokenizer;
  if (args.engine == "herdex") {
    const herdex::IndexStageTimes& t = totals.stages;
    out["stages"] = {{"bulk", t.bulk},   {"read", t.read},     {"build", t.build},
                     {"write", t.write}, {"commit", t.commit}, {"compact", t.compact}};
  }
  fmt::print("{}\n", out.dump());
  return 0;
}
