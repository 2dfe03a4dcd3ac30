// Reading a retrieval set in BEIR layout: corpus.jsonl.gz (_id, title, text),
// queries.jsonl.gz (_id, text, split, answers) and qrels/<split>.tsv (header,
// then query-id, corpus-id, score). Shared by the evaluation drivers.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace herdex::eval {

struct Paragraph {
  std::string id;
  std::string title;
  std::string text;
};

struct Query {
  std::string id;
  std::string text;
  std::vector<std::string> answers;          ///< Non-empty answer strings, if any.
  std::unordered_set<std::string> relevant;  ///< Paragraph ids with qrels score > 0.
};

struct Dataset {
  std::string name;
  std::string split;
  std::vector<Paragraph> corpus;  ///< Every paragraph (all splits), in file order.
  std::vector<Query> queries;     ///< Queries of `split` with qrels, in file order.
};

/// Calls `fn` with every line (without '\n') of a gzip or plain file.
/// Returns an error message, empty on success.
std::string for_each_gz_line(const std::filesystem::path& path,
                             const std::function<void(std::string_view)>& fn);

/// Loads the set in `dir` for `split` into `out`. Returns an error message,
/// empty on success.
std::string load_dataset(const std::filesystem::path& dir, const std::string& name,
                         const std::string& split, Dataset& out);

}  // namespace herdex::eval
