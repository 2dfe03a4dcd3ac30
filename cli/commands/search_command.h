#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "commands/ranking_flags.h"

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
  std::size_t limit_ = 10;
  std::size_t offset_ = 0;
  std::size_t snippet_bytes_ = 240;
  std::size_t passages_ = 1;
  std::string color_ = "auto";
  std::string sort_ = "score";
  std::string facets_;
  std::string synonyms_;
  double k1_ = 0.9;
  double b_ = 0.4;
  RankingFlags ranking_;
  bool all_passages_ = false;
  bool explain_ = false;
  bool literal_ = false;
  bool json_ = false;
  std::uint32_t timeout_ms_ = 10000;
  bool allow_partial_ = false;
};

}  // namespace herdex::cli
