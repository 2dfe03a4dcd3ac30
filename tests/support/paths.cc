#include "support/paths.h"

#include <filesystem>
#include <system_error>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace herdex::testing {

std::string source_dir() {
  const char* dir = std::getenv("HERDEX_SOURCE_DIR");
  return dir != nullptr ? dir : HERDEX_TEST_SOURCE_DIR;
}

std::string corpus_dir() { return source_dir() + "/corpus"; }

std::string corpus_id(const std::string& relative) {
  std::error_code ec;
  const auto root = std::filesystem::canonical(corpus_dir(), ec);
  return (root / relative).generic_string();
}

std::string corpus_relative(const std::string& id) {
  const std::string root = corpus_id("");
  return id.rfind(root, 0) == 0 ? id.substr(root.size()) : id;
}

std::string herdex_bin() {
  const char* bin = std::getenv("HERDEX_BIN");
  return bin != nullptr ? bin : HERDEX_TEST_BIN;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace herdex::testing
