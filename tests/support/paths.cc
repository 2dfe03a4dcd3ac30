#include "support/paths.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace herdex::testing {

std::string source_dir() {
  const char* dir = std::getenv("HERDEX_SOURCE_DIR");
  return dir != nullptr ? dir : HERDEX_TEST_SOURCE_DIR;
}

std::string corpus_dir() { return source_dir() + "/corpus"; }

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
