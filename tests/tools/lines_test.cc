// for_each_line(): data files line by line, gzip-compressed or plain.
#include <zlib.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "herdex/tools/lines.h"
#include "support/temp_dir.h"

namespace herdex {
namespace {

using namespace std::string_literals;

std::string write_gzip(const testing::TempDir& dir, const std::string& name,
                       const std::string& content) {
  const std::string path = dir.sub(name);
  gzFile out = gzopen(path.c_str(), "wb");
  EXPECT_NE(out, nullptr) << path;
  if (out == nullptr) return path;
  EXPECT_EQ(gzwrite(out, content.data(), static_cast<unsigned>(content.size())),
            static_cast<int>(content.size()));
  EXPECT_EQ(gzclose(out), Z_OK);
  return path;
}

std::vector<std::pair<std::size_t, std::string>> lines_of(const std::string& path) {
  std::vector<std::pair<std::size_t, std::string>> out;
  auto ok = for_each_line(path, [&](std::string_view line, std::size_t line_no) -> Result<void> {
    out.emplace_back(line_no, std::string(line));
    return {};
  });
  EXPECT_TRUE(ok) << (ok ? "" : ok.error().describe());
  return out;
}

TEST(ForEachLine, ReadsPlainAndGzipFilesAlike) {
  const testing::TempDir dir;
  // CRLF endings are dropped, a blank line is still a line, and the last
  // line counts without its '\n'; a NUL stays inside its line.
  const std::string text = "first\r\n\nthird has \0 a NUL\nlast"s;
  const std::vector<std::pair<std::size_t, std::string>> expected = {
      {1, "first"}, {2, ""}, {3, "third has \0 a NUL"s}, {4, "last"}};
  EXPECT_EQ(lines_of(dir.write("plain.txt", text)), expected);
  EXPECT_EQ(lines_of(write_gzip(dir, "packed.txt.gz", text)), expected);
  EXPECT_TRUE(lines_of(dir.write("empty.txt", "")).empty());
}

TEST(ForEachLine, KeepsLinesLongerThanTheReadBlock) {
  const testing::TempDir dir;
  const std::string long_line(3U << 20, 'x');  // three of the reader's 1 MiB blocks
  const auto lines = lines_of(write_gzip(dir, "long.gz", "a\n" + long_line + "\nb\n"));
  ASSERT_EQ(lines.size(), 3U);
  EXPECT_EQ(lines[1].second, long_line);
  EXPECT_EQ(lines[2], std::make_pair(std::size_t{3}, std::string("b")));
}

TEST(ForEachLine, StopsAtTheVisitorsErrorAndReportsMissingFiles) {
  const testing::TempDir dir;
  const std::string path = dir.write("three.txt", "1\n2\n3\n");
  std::size_t seen = 0;
  auto stopped = for_each_line(path, [&](std::string_view, std::size_t line_no) -> Result<void> {
    ++seen;
    if (line_no == 2) return Error{ErrorCode::invalid_argument, "bad line"};
    return {};
  });
  ASSERT_FALSE(stopped);
  EXPECT_EQ(stopped.error().message, "bad line");
  EXPECT_EQ(seen, 2U);

  auto missing = for_each_line(dir.sub("nope.txt"),
                               [](std::string_view, std::size_t) -> Result<void> { return {}; });
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().path, dir.sub("nope.txt"));
}

TEST(ForEachLine, ReportsDamagedGzipDataWithTheLine) {
  const testing::TempDir dir;
  std::string big;
  for (int i = 0; i < 200000; ++i) big += "line " + std::to_string(i * 7919) + "\n";
  const std::string path = write_gzip(dir, "damaged.gz", big);
  {
    // Overwrite compressed bytes in the middle: inflate fails there.
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    ASSERT_TRUE(f);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(path) / 2));
    const std::string junk(64, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  std::size_t seen = 0;
  auto read = for_each_line(path, [&](std::string_view, std::size_t) -> Result<void> {
    ++seen;
    return {};
  });
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::io_error);
  EXPECT_EQ(read.error().line, seen + 1);
  EXPECT_GT(seen, 0U);
}

}  // namespace
}  // namespace herdex
