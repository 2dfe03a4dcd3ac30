#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

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
  std::size_t batch_ = 2000;
  std::size_t passage_words_ = 60;
  std::size_t passage_overlap_ = 8;
  std::size_t batch_mb_ = 32;
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
