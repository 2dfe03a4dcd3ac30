#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "herdex/index.h"

namespace herdex::cli {

/// `herdex index PATH...`: add or update documents.
class IndexCommand {
 public:
  explicit IndexCommand(CLI::App& parent);
  bool selected() const { return app_->parsed(); }
  int run();

 private:
  CLI::App* app_;
  std::string db_;
  std::vector<std::string> paths_;
  std::size_t max_bytes_ = std::size_t{64} << 20;
  std::size_t threads_ = IndexOptions{}.threads;
  std::size_t memory_mb_ = IndexOptions{}.memory_bytes >> 20;
  std::uint32_t commit_seconds_ = IndexOptions{}.commit_seconds;
  std::size_t batch_ = IndexOptions{}.batch_documents;
  std::size_t passage_words_ = IndexOptions{}.passage_words;
  std::size_t passage_overlap_ = IndexOptions{}.passage_overlap_words;
  std::size_t batch_mb_ = IndexOptions{}.batch_bytes >> 20;
  bool progress_ = false;
  bool no_progress_ = false;
  bool json_ = false;
  bool strict_ = false;
  bool keep_boilerplate_ = false;
  bool prune_ = false;
  std::size_t shards_ = 0;
  std::uint32_t timeout_ms_ = 0;
  std::string id_field_ = "_id";
  std::string title_field_ = "title";
  std::string text_field_ = "text";
  std::vector<std::string> fields_;
  std::string stdin_format_;
  std::string stdin_id_;
  bool follow_links_ = false;
};

}  // namespace herdex::cli
