// Lines of a gzip-compressed or plain stream, split at '\n' bytes: how
// herdex reads JSON Lines, and how the tools (tools/) read data files.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace herdex::detail {

/// Closes a gzFile opened for reading (nothing to flush, so no error to
/// report).
struct GzCloser {
  void operator()(gzFile_s* f) const { (void)gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

/// Splits a gzip or plain stream into lines at '\n' bytes, whatever the
/// other bytes are (a NUL inside a record stays in that record). It reads
/// blocks of kBlockBytes and finds line ends with memchr, so the work per
/// line is a few instructions and the calls into zlib (and the lseek behind
/// gzoffset) are per block, not per line: a file of a billion empty lines
/// costs what inflating it costs.
class LineReader {
 public:
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;
  /// A `max_line_bytes` that keeps every line, however long.
  static constexpr std::size_t kNoLimit = SIZE_MAX / 2;

  /// Reads `file` (open for reading; not closed here), whose first bytes,
  /// already read from it and decompressed, are `head`. Lines over
  /// `max_line_bytes` (at most kNoLimit) are consumed but not kept.
  /// `on_consumed`, when set, is told after each block how many more bytes
  /// of the file (compressed, as on disk) were read; never for a pipe.
  LineReader(gzFile file, std::string head, std::size_t max_line_bytes,
             std::function<void(std::uint64_t bytes)> on_consumed = {});

  enum class Next { line, too_long, end, error };

  /// The next line, without its line ending ("\n" or "\r\n"), in `line`
  /// (valid until the next call); a last line without '\n' counts. A line
  /// over `max_line_bytes` is `too_long`. `error` leaves the message in
  /// error().
  Next next(std::string_view& line);

  /// What went wrong when next() returned Next::error ("cannot read: ...").
  const std::string& error() const { return error_; }

 private:
  Next finish(std::string_view& line) const;
  bool refill();

  gzFile file_;
  std::string block_;
  std::size_t pos_ = 0;
  std::string carry_;
  std::size_t max_line_bytes_;
  std::function<void(std::uint64_t)> on_consumed_;
  z_off_t consumed_ = 0;
  bool eof_ = false;
  std::string error_;
};

}  // namespace herdex::detail
