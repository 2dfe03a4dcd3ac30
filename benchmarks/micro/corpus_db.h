// The sample corpus (corpus/ in the source tree) indexed once into a
// temporary database, for microbenchmarks that search it.
// HERDEX_SOURCE_DIR points at the source tree (default: the current directory).
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "herdex/index.h"

namespace herdex::microbench {

/// Path of the database, or empty (with `error` set) if it could not be
/// built. Built on the first call; removed at exit.
inline const std::string& corpus_db(std::string* error) {
  struct Db {
    std::string path;
    std::string error;
    Db() {
      const char* root = std::getenv("HERDEX_SOURCE_DIR");
      const std::filesystem::path corpus =
          std::filesystem::path(root != nullptr ? root : ".") / "corpus";
      std::string tmpl =
          (std::filesystem::temp_directory_path() / "herdex-microbench-XXXXXX").string();
      if (mkdtemp(tmpl.data()) == nullptr) {
        error = "cannot create a temporary directory";
        return;
      }
      dir = tmpl;
      auto writer = IndexWriter::open(dir + "/db");
      if (!writer) {
        error = writer.error().describe();
        return;
      }
      auto report = writer->add_paths({corpus.string()});
      if (!report || report->added == 0) {
        error = report ? "no documents in " + corpus.string() + "; set HERDEX_SOURCE_DIR"
                       : report.error().describe();
        return;
      }
      path = dir + "/db";
    }
    ~Db() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
    std::string dir;
  };
  static const Db db;
  if (error != nullptr) *error = db.error;
  return db.path;
}

}  // namespace herdex::microbench
