#include "herdex/tools/lines.h"

#include <cerrno>

#include "util/line_reader.h"

namespace herdex {

Result<void> for_each_line(const std::string& path, const LineVisitor& visit) {
  errno = 0;
  detail::GzFile file(gzopen(path.c_str(), "rb"));
  if (!file) {
    Error e{errno == ENOENT ? ErrorCode::not_found : ErrorCode::io_error, "cannot open"};
    e.path = path;
    return e;
  }
  detail::LineReader lines(file.get(), {}, detail::LineReader::kNoLimit);
  for (std::size_t line_no = 1;; ++line_no) {
    std::string_view line;
    switch (lines.next(line)) {
      case detail::LineReader::Next::end:
        return {};
      case detail::LineReader::Next::line:
        if (auto ok = visit(line, line_no); !ok) return ok;
        break;
      case detail::LineReader::Next::error:
      case detail::LineReader::Next::too_long: {  // over kNoLimit: memory would run out first
        Error e{ErrorCode::io_error, lines.error().empty() ? "line too long" : lines.error()};
        e.path = path;
        e.line = line_no;
        return e;
      }
    }
  }
}

}  // namespace herdex
