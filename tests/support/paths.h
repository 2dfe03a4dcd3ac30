// Where test inputs live.
#pragma once

#include <string>

namespace herdex::testing {

/// The source tree ($HERDEX_SOURCE_DIR, set by CTest).
std::string source_dir();

/// The sample corpus, <source>/corpus.
std::string corpus_dir();

/// The herdex binary ($HERDEX_BIN, set by CTest).
std::string herdex_bin();

/// Reads a whole file; empty if it cannot be read.
std::string read_file(const std::string& path);

}  // namespace herdex::testing
