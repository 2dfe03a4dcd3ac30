#include "beir_data.h"

#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace herdex::eval {

namespace fs = std::filesystem;

std::string for_each_gz_line(const fs::path& path,
                             const std::function<void(std::string_view)>& fn) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return fmt::format("{}: cannot open", path.string());
  std::vector<char> buf(std::size_t{1} << 16);
  std::string pending;
  for (;;) {
    const int n = gzread(f, buf.data(), static_cast<unsigned>(buf.size()));
    if (n < 0) {
      int code = 0;
      std::string msg = fmt::format("{}: {}", path.string(), gzerror(f, &code));
      gzclose(f);
      return msg;
    }
    if (n == 0) break;
    pending.append(buf.data(), static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl = pending.find('\n'); nl != std::string::npos;
         nl = pending.find('\n', start)) {
      fn(std::string_view(pending).substr(start, nl - start));
      start = nl + 1;
    }
    pending.erase(0, start);
  }
  if (!pending.empty()) fn(pending);
  gzclose(f);
  return {};
}

std::string load_dataset(const fs::path& dir, const std::string& name, const std::string& split,
                         Dataset& out) {
  out.name = name;
  out.split = split;
  std::string error;
  std::size_t line = 0;
  auto parse = [&](std::string_view text, const fs::path& file) -> std::optional<nlohmann::json> {
    ++line;
    if (text.empty() || !error.empty()) return std::nullopt;
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
      error = fmt::format("{}:{}: {}", file.string(), line, e.what());
      return std::nullopt;
    }
  };

  const fs::path corpus = dir / "corpus.jsonl.gz";
  std::string io = for_each_gz_line(corpus, [&](std::string_view text) {
    auto j = parse(text, corpus);
    if (!j) return;
    out.corpus.push_back(Paragraph{j->value("_id", std::string()), j->value("title", std::string()),
                                   j->value("text", std::string())});
  });
  if (!io.empty()) return io;
  if (!error.empty()) return error;

  // qrels/<split>.tsv: header, then query-id, corpus-id, score.
  std::unordered_map<std::string, std::unordered_set<std::string>> qrels;
  const fs::path qrels_path = dir / "qrels" / (split + ".tsv");
  std::ifstream in(qrels_path);
  if (!in) return fmt::format("{}: cannot open", qrels_path.string());
  std::string row;
  bool header = true;
  while (std::getline(in, row)) {
    if (header) {
      header = false;
      continue;
    }
    if (!row.empty() && row.back() == '\r') row.pop_back();
    if (row.empty()) continue;
    std::istringstream fields(row);
    std::string qid, docid, score;
    if (!std::getline(fields, qid, '\t') || !std::getline(fields, docid, '\t') ||
        !std::getline(fields, score, '\t')) {
      return fmt::format("{}: bad line '{}'", qrels_path.string(), row);
    }
    if (std::strtod(score.c_str(), nullptr) > 0.0) qrels[qid].insert(docid);
  }

  const fs::path queries = dir / "queries.jsonl.gz";
  line = 0;
  io = for_each_gz_line(queries, [&](std::string_view text) {
    auto j = parse(text, queries);
    if (!j) return;
    const std::string id = j->value("_id", std::string());
    const auto rel = qrels.find(id);
    if (rel == qrels.end()) return;  // another split, or unjudged
    if (j->contains("split") && (*j)["split"].is_string() && (*j)["split"] != split) return;
    Query q;
    q.id = id;
    q.text = j->value("text", std::string());
    if (j->contains("answers") && (*j)["answers"].is_array()) {
      for (const auto& a : (*j)["answers"]) {
        if (a.is_string() && !a.get<std::string>().empty())
          q.answers.push_back(a.get<std::string>());
      }
    }
    q.relevant = rel->second;
    out.queries.push_back(std::move(q));
  });
  if (!io.empty()) return io;
  if (!error.empty()) return error;
  if (out.corpus.empty()) return fmt::format("{}: no paragraphs", corpus.string());
  if (out.queries.empty())
    return fmt::format("{}: no queries of split '{}'", queries.string(), split);
  return {};
}

}  // namespace herdex::eval
