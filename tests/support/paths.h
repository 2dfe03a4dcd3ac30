// Where test inputs live.
#pragma once

#include <string>

namespace herdex::testing {

/// The source tree ($HERDEX_SOURCE_DIR, set by CTest).
std::string source_dir();

/// The sample corpus, <source>/corpus.
std::string corpus_dir();

/// The id herdex gives a file of the sample corpus: its canonical path
/// ("en/07.txt" -> "/…/corpus/en/07.txt").
std::string corpus_id(const std::string& relative);

/// The inverse: a corpus document's id relative to the corpus folder
/// ("/…/corpus/en/07.txt" -> "en/07.txt"); other ids as they are.
std::string corpus_relative(const std::string& id);

/// The herdex binary ($HERDEX_BIN, set by CTest).
std::string herdex_bin();

/// Reads a whole file; empty if it cannot be read.
std::string read_file(const std::string& path);

}  // namespace herdex::testing
