#include "util/line_reader.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include <fmt/format.h>

namespace herdex::detail {

LineReader::LineReader(gzFile file, std::string head, std::size_t max_line_bytes,
                       std::function<void(std::uint64_t)> on_consumed)
    : file_(file),
      block_(std::move(head)),
      max_line_bytes_(std::min(max_line_bytes, kNoLimit)),
      on_consumed_(std::move(on_consumed)) {}

LineReader::Next LineReader::next(std::string_view& line) {
  carry_.clear();
  bool too_long = false;
  bool got_any = false;
  for (;;) {
    if (pos_ < block_.size()) {
      got_any = true;
      const char* begin = block_.data() + pos_;
      const std::size_t left = block_.size() - pos_;
      // NOLINTNEXTLINE(bugprone-not-null-terminated-result): a search, not a copy
      const void* nl = std::memchr(begin, '\n', left);
      const std::size_t n =
          nl == nullptr ? left : static_cast<std::size_t>(static_cast<const char*>(nl) - begin);
      pos_ += nl == nullptr ? n : n + 1;
      if (!too_long) {
        // Room for the record and a '\r'; the record itself is measured
        // once the ending is stripped.
        if (carry_.size() + n > max_line_bytes_ + 1) {
          too_long = true;
          carry_.clear();
        } else if (nl != nullptr && carry_.empty()) {
          line = std::string_view(begin, n);  // the common case: no copy
          return finish(line);
        } else {
          carry_.append(begin, n);
        }
      }
      if (nl != nullptr) break;
      continue;
    }
    if (eof_) break;
    if (!refill()) return Next::error;
  }
  if (!got_any) return Next::end;
  if (too_long) return Next::too_long;
  line = carry_;
  return finish(line);
}

LineReader::Next LineReader::finish(std::string_view& line) const {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.size() > max_line_bytes_ ? Next::too_long : Next::line;
}

bool LineReader::refill() {
  block_.resize(kBlockBytes);
  pos_ = 0;
  const int n = gzread(file_, block_.data(), static_cast<unsigned>(block_.size()));
  if (n < 0) {
    int zerr = Z_OK;
    const char* zmsg = gzerror(file_, &zerr);
    error_ = fmt::format("cannot read: {}", zmsg != nullptr ? zmsg : "zlib error");
    block_.clear();
    return false;
  }
  block_.resize(static_cast<std::size_t>(n));
  if (n == 0) eof_ = true;
  // gzoffset is -1 on a pipe (standard input): nothing to tell then.
  const z_off_t offset = gzoffset(file_);
  if (on_consumed_ && offset >= consumed_) {
    on_consumed_(static_cast<std::uint64_t>(offset - consumed_));
    consumed_ = offset;
  }
  return true;
}

}  // namespace herdex::detail
