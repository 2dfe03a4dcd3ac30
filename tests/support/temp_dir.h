// A temporary directory for one test, removed when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace herdex::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  /// path() / name, as a string.
  std::string sub(const std::string& name) const { return (path_ / name).string(); }
  /// Writes `content` to path() / name (creating parent folders) and returns the path.
  std::string write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

}  // namespace herdex::testing
