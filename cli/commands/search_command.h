#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "commands/ranking_flags.h"
#include "herdex/database.h"
#include "herdex/search.h"

namespace herdex::cli {

/// `herdex search QUERY`: ranked passages with highlighted snippets.
class SearchCommand {
 public:
  explicit SearchCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  std::string query_;
  std::size_t limit_ = SearchOptions{}.limit;
  std::size_t offset_ = SearchOptions{}.offset;
  std::size_t snippet_bytes_ = SearchOptions{}.snippet_bytes;
  std::size_t passages_ = SearchOptions{}.passages_per_document;
  std::string color_ = "auto";
  std::string sort_ = "score";
  std::string facets_;
  std::string synonyms_;
  double k1_ = SearchOptions{}.bm25_k1;
  double b_ = SearchOptions{}.bm25_b;
  RankingFlags ranking_;
  bool all_passages_ = false;
  bool explain_ = false;
  bool literal_ = false;
  bool json_ = false;
  std::uint32_t timeout_ms_ = OpenOptions{}.timeout_ms;
  bool allow_partial_ = false;
};

}  // namespace herdex::cli
