#include "herdex/tools/eval.h"

#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herdex/database.h"

namespace herdex {
namespace {
namespace fs = std::filesystem;

struct GzCloser {
  void operator()(gzFile_s* f) const { (void)gzclose(f); }  // read-only
};

// The first of `name` and `name.gz` that exists.
std::string find_file(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  if (fs::exists(dir / name, ec)) return (dir / name).string();
  if (fs::exists(dir / (name + ".gz"), ec)) return (dir / (name + ".gz")).string();
  return {};
}

struct EvalQuery {
  std::string id;
  std::string text;
  std::vector<std::string> answers;
};

Result<std::vector<EvalQuery>> read_queries(const std::string& path) {
  std::unique_ptr<gzFile_s, GzCloser> in(gzopen(path.c_str(), "rb"));
  if (!in) {
    Error e{ErrorCode::not_found, "cannot open queries"};
    e.path = path;
    return e;
  }
  std::vector<EvalQuery> queries;
  std::string line;
  std::vector<char> buf(1U << 16);
  std::size_t line_no = 0;
  bool more = true;
  while (more) {
    line.clear();
    while (true) {
      if (gzgets(in.get(), buf.data(), static_cast<int>(buf.size())) == nullptr) {
        more = false;
        break;
      }
      line.append(buf.data());
      if (!line.empty() && line.back() == '\n') break;
    }
    if (line.find_first_not_of(" \t\r\n") == std::string::npos) continue;
    ++line_no;
    const auto record = nlohmann::json::parse(line, nullptr, false);
    if (!record.is_object() || !record.contains("_id") || !record.contains("text") ||
        !record["text"].is_string()) {
      Error e{ErrorCode::invalid_argument, "a query needs \"_id\" and \"text\""};
      e.path = path;
      e.line = line_no;
      return e;
    }
    EvalQuery q;
    q.id = record["_id"].is_string() ? record["_id"].get<std::string>() : record["_id"].dump();
    q.text = record["text"].get<std::string>();
    if (const auto answers = record.find("answers"); answers != record.end() && answers->is_array()) {
      for (const auto& a : *answers) {
        if (a.is_string() && !a.get<std::string>().empty()) q.answers.push_back(a.get<std::string>());
      }
    }
    queries.push_back(std::move(q));
  }
  return queries;
}

using Qrels = std::unordered_map<std::string, std::unordered_map<std::string, double>>;

Result<Qrels> read_qrels(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    Error e{ErrorCode::not_found, "no qrels for this split"};
    e.path = path;
    return e;
  }
  Qrels qrels;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("query-id", 0) == 0) continue;
    if (line.empty()) continue;
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = t1 == std::string::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string::npos) {
      Error e{ErrorCode::invalid_argument, "expected query-id<TAB>corpus-id<TAB>score"};
      e.path = path;
      e.line = line_no;
      return e;
    }
    const double score = std::atof(line.c_str() + t2 + 1);
    if (score > 0) qrels[line.substr(0, t1)][line.substr(t1 + 1, t2 - t1 - 1)] = score;
  }
  return qrels;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

Result<EvalReport> evaluate(const std::string& dataset_dir, const EvalOptions& options) {
  const fs::path dir(dataset_dir);
  EvalReport report;
  report.dataset = dir.filename().empty() ? dir.parent_path().filename().string() : dir.filename().string();
  report.split = options.split;
  const std::string corpus = find_file(dir, "corpus.jsonl");
  const std::string queries_path = find_file(dir, "queries.jsonl");
  if (corpus.empty() || queries_path.empty()) {
    Error e{ErrorCode::not_found, "not a BEIR-layout collection (corpus.jsonl[.gz] and queries.jsonl[.gz])"};
    e.path = dataset_dir;
    return e;
  }
  auto qrels = read_qrels((dir / "qrels" / (options.split + ".tsv")).string());
  if (!qrels) return std::move(qrels).error();
  auto queries = read_queries(queries_path);
  if (!queries) return std::move(queries).error();

  // The database: the one asked for, or a temporary one.
  std::string db = options.db;
  std::unique_ptr<fs::path, void (*)(fs::path*)> temporary(nullptr, [](fs::path* p) {
    std::error_code ec;
    fs::remove_all(*p, ec);
    delete p;
  });
  if (db.empty()) {
    std::string tmpl = (fs::temp_directory_path() / "herdex-eval-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return Error{ErrorCode::io_error, "cannot create a temporary directory"};
    temporary.reset(new fs::path(tmpl));
    db = (*temporary / "db").string();
  }
  auto clock = std::chrono::steady_clock::now();
  {
    auto writer = IndexWriter::open(db, options.index);
    if (!writer) return std::move(writer).error();
    auto indexed = writer->add_paths({corpus});
    if (!indexed) return std::move(indexed).error();
    if (indexed->errors > 0) {
      Error e = indexed->problems.front();
      return e;
    }
  }
  report.index_seconds = seconds_since(clock);
  if (auto stats = database_stats(db)) report.documents = stats->documents;

  auto searcher = Searcher::open(db);
  if (!searcher) return std::move(searcher).error();
  SearchOptions search = options.search;
  search.limit = 100;
  search.offset = 0;
  search.literal = true;
  search.all_passages = false;
  search.snippet_bytes = options.snippet_bytes;

  std::vector<const EvalQuery*> judged;
  for (const EvalQuery& q : *queries) {
    if (qrels->count(q.id) != 0) judged.push_back(&q);
  }
  if (options.max_queries > 0 && judged.size() > options.max_queries) judged.resize(options.max_queries);
  clock = std::chrono::steady_clock::now();
  double ndcg = 0, mrr = 0, r10 = 0, r100 = 0;
  std::size_t answered = 0;
  for (std::size_t qi = 0; qi < judged.size(); ++qi) {
    const EvalQuery& q = *judged[qi];
    const auto& relevant = qrels->at(q.id);
    auto results = searcher->search(q.text, search);
    if (options.progress) options.progress(qi + 1, judged.size());
    if (!q.answers.empty()) ++report.answer_queries;
    if (!results) {
      ++report.query_errors;
      continue;
    }
    double dcg = 0;
    std::size_t found10 = 0, found100 = 0;
    bool reciprocal_done = false;
    for (std::size_t i = 0; i < results->hits.size(); ++i) {
      const auto it = relevant.find(results->hits[i].id);
      if (it == relevant.end()) continue;
      ++found100;
      if (i < 10) {
        ++found10;
        dcg += (std::pow(2.0, it->second) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
        if (!reciprocal_done) {
          mrr += 1.0 / (static_cast<double>(i) + 1.0);
          reciprocal_done = true;
        }
      }
    }
    std::vector<double> gains;
    for (const auto& [doc, gain] : relevant) gains.push_back(gain);
    std::sort(gains.rbegin(), gains.rend());
    double ideal = 0;
    for (std::size_t i = 0; i < gains.size() && i < 10; ++i) {
      ideal += (std::pow(2.0, gains[i]) - 1.0) / std::log2(static_cast<double>(i) + 2.0);
    }
    if (ideal > 0) ndcg += dcg / ideal;
    r10 += static_cast<double>(found10) / static_cast<double>(relevant.size());
    r100 += static_cast<double>(found100) / static_cast<double>(relevant.size());
    if (!q.answers.empty() && !results->hits.empty() && !results->hits.front().passages.empty()) {
      const std::string& snippet = results->hits.front().passages.front().snippet;
      if (std::any_of(q.answers.begin(), q.answers.end(),
                      [&](const std::string& a) { return snippet.find(a) != std::string::npos; })) {
        ++answered;
      }
    }
  }
  report.search_seconds = seconds_since(clock);
  report.queries = judged.size();
  const double n = std::max<double>(1.0, static_cast<double>(judged.size()));
  report.ndcg_at_10 = ndcg / n;
  report.mrr_at_10 = mrr / n;
  report.recall_at_10 = r10 / n;
  report.recall_at_100 = r100 / n;
  report.answer_in_top_snippet =
      report.answer_queries > 0 ? static_cast<double>(answered) / static_cast<double>(report.answer_queries) : 0.0;
  return report;
}

}  // namespace herdex
