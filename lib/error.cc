#include "herdex/error.h"

#include <fmt/format.h>

namespace herdex {

const char* to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::invalid_argument:
      return "invalid_argument";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::already_exists:
      return "already_exists";
    case ErrorCode::locked:
      return "locked";
    case ErrorCode::corrupt:
      return "corrupt";
    case ErrorCode::version_mismatch:
      return "version_mismatch";
    case ErrorCode::io_error:
      return "io_error";
    case ErrorCode::query_syntax:
      return "query_syntax";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::internal:
      return "internal";
  }
  return "unknown";
}

std::string Error::describe() const {
  std::string where;
  if (!path.empty()) {
    where = line > 0 ? fmt::format("{}:{}: ", path, line) : fmt::format("{}: ", path);
  } else if (column > 0) {
    where = fmt::format("column {}: ", column);
  }
  return where + message;
}

}  // namespace herdex
