#include "herdex/tools/beir.h"

#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "herdex/tools/lines.h"

namespace herdex {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

// The first of `name` and `name.gz` in `dir` that exists; empty if neither.
std::string find_file(const fs::path& dir, const std::string& name) {
  std::error_code ec;
  if (fs::exists(dir / name, ec)) return (dir / name).string();
  if (fs::exists(dir / (name + ".gz"), ec)) return (dir / (name + ".gz")).string();
  return {};
}

Error at_line(Error e, const std::string& path, std::size_t line_no) {
  e.path = path;
  e.line = line_no;
  return e;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// A record with `_id` and a string `text`, or nothing. Ids that are numbers
// are written out as JSON.
bool parse_record(std::string_view line, json& record, std::string& id) {
  record = json::parse(line, nullptr, false);
  if (!record.is_object() || !record.contains("_id") || !record.contains("text") ||
      !record["text"].is_string()) {
    return false;
  }
  const json& value = record["_id"];
  id = value.is_string() ? value.get<std::string>() : value.dump();
  return true;
}

using Qrels = std::unordered_map<std::string, Judgments>;

Result<Qrels> read_qrels(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    Error e{ErrorCode::not_found, "no qrels for this split"};
    e.path = path;
    return e;
  }
  Qrels qrels;
  auto read = for_each_line(path, [&](std::string_view line, std::size_t line_no) -> Result<void> {
    if (line_no == 1 && line.substr(0, 8) == "query-id") return {};  // the header
    if (line.empty()) return {};
    const std::size_t t1 = line.find('\t');
    const std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos) {
      return at_line(
          Error{ErrorCode::invalid_argument, "expected query-id<TAB>corpus-id<TAB>score"}, path,
          line_no);
    }
    const double score = std::strtod(std::string(line.substr(t2 + 1)).c_str(), nullptr);
    if (score > 0)
      qrels[std::string(line.substr(0, t1))][std::string(line.substr(t1 + 1, t2 - t1 - 1))] = score;
    return {};
  });
  if (!read) return std::move(read).error();
  return qrels;
}

Result<void> read_queries(const std::string& path, const std::string& split, Qrels& qrels,
                          std::vector<BeirQuery>& out) {
  return for_each_line(path, [&](std::string_view line, std::size_t line_no) -> Result<void> {
    if (is_blank(line)) return {};
    json record;
    std::string id;
    if (!parse_record(line, record, id)) {
      return at_line(Error{ErrorCode::invalid_argument, R"(a query needs "_id" and "text")"}, path,
                     line_no);
    }
    const auto judged = qrels.find(id);
    if (judged == qrels.end()) return {};
    if (const auto s = record.find("split"); s != record.end() && s->is_string() && *s != split) {
      return {};
    }
    BeirQuery q;
    q.id = std::move(id);
    q.text = record["text"].get<std::string>();
    if (const auto answers = record.find("answers");
        answers != record.end() && answers->is_array()) {
      for (const json& a : *answers) {
        if (a.is_string() && !a.get<std::string>().empty())
          q.answers.push_back(a.get<std::string>());
      }
    }
    q.relevant = judged->second;
    out.push_back(std::move(q));
    return {};
  });
}

Result<void> read_corpus_file(const std::string& path, std::vector<BeirDocument>& out) {
  return for_each_line(path, [&](std::string_view line, std::size_t line_no) -> Result<void> {
    if (is_blank(line)) return {};
    json record;
    BeirDocument doc;
    if (!parse_record(line, record, doc.id)) {
      return at_line(Error{ErrorCode::invalid_argument, R"(a document needs "_id" and "text")"},
                     path, line_no);
    }
    if (const auto title = record.find("title"); title != record.end() && title->is_string()) {
      doc.title = title->get<std::string>();
    }
    doc.text = record["text"].get<std::string>();
    out.push_back(std::move(doc));
    return {};
  });
}

}  // namespace

Result<BeirCollection> read_beir(const std::string& dir, const std::string& split,
                                 bool read_corpus) {
  const fs::path folder(dir);
  BeirCollection c;
  c.name = folder.filename().empty() ? folder.parent_path().filename().string()
                                     : folder.filename().string();
  c.split = split;
  c.corpus_path = find_file(folder, "corpus.jsonl");
  const std::string queries_path = find_file(folder, "queries.jsonl");
  if (c.corpus_path.empty() || queries_path.empty()) {
    Error e{ErrorCode::not_found,
            "not a BEIR-layout collection (corpus.jsonl[.gz] and queries.jsonl[.gz])"};
    e.path = dir;
    return e;
  }
  auto qrels = read_qrels((folder / "qrels" / (split + ".tsv")).string());
  if (!qrels) return std::move(qrels).error();
  if (auto ok = read_queries(queries_path, split, *qrels, c.queries); !ok) {
    return std::move(ok).error();
  }
  if (c.queries.empty()) {
    Error e{ErrorCode::invalid_argument, fmt::format("no query judged in split \"{}\"", split)};
    e.path = queries_path;
    return e;
  }
  if (read_corpus) {
    if (auto ok = read_corpus_file(c.corpus_path, c.corpus); !ok) return std::move(ok).error();
    if (c.corpus.empty()) {
      Error e{ErrorCode::invalid_argument, "no documents"};
      e.path = c.corpus_path;
      return e;
    }
  }
  return c;
}

}  // namespace herdex
