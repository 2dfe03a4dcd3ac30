#include "store/xapian_error.h"

#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <new>

#include <fmt/format.h>

namespace herdex::detail {
namespace {

// Whether the operating system error behind `e` is `code` (Xapian keeps
// only its strerror() text).
bool error_is(const Xapian::Error& e, int code) {
  return e.get_error_string() != nullptr &&
         std::strcmp(e.get_error_string(), std::strerror(code)) == 0;
}

}  // namespace

Error from_xapian(const Xapian::Error& e, const std::string& path) {
  ErrorCode code = ErrorCode::internal;
  std::string message = e.get_msg();
  // Xapian 1.4's Error is not polymorphic; get_type() names the class.
  const std::string type = e.get_type();
  if (type == "DatabaseLockError" && message.find("already locked") != std::string::npos) {
    code = ErrorCode::locked;
    message = "database is locked by another herdex index (or another Xapian writer)";
  } else if (type == "DatabaseLockError") {
    // The lock file could not be made: a read-only directory or file
    // system, or no file descriptors left. Xapian's message says which
    // ("Unable to get write lock on DB: Couldn't open lockfile: Permission
    // denied"); "locked" would send the user looking for another writer.
    code = ErrorCode::io_error;
    message = fmt::format("cannot write to the database: {}", e.get_msg());
  } else if (type == "DatabaseNotFoundError") {
    code = ErrorCode::not_found;
    message = "no herdex database here (create one with `herdex index`)";
  } else if (type == "DatabaseVersionError") {
    code = ErrorCode::version_mismatch;
  } else if (type == "DatabaseCorruptError") {
    code = ErrorCode::corrupt;
    message = fmt::format("the database is damaged: {}", e.get_msg());
  } else if (type == "DatabaseModifiedError") {
    code = ErrorCode::io_error;
    message = "the database changed while it was read; reopen and retry";
  } else if (type == "DatabaseOpeningError" && error_is(e, ENOENT)) {
    // "Couldn't open DB/postlist.glass to read": a table of an existing
    // database is gone.
    code = ErrorCode::corrupt;
    message = fmt::format("the database is damaged: {} (the file is missing)", e.get_msg());
  } else if (type == "DatabaseOpeningError") {
    code = e.get_error_string() != nullptr ? ErrorCode::io_error : ErrorCode::not_found;
    message = fmt::format("cannot open database: {}", e.get_msg());
  } else if (type == "DatabaseError" && e.get_error_string() == nullptr &&
             message.rfind("EOF reading block", 0) == 0) {
    // A block past the end of its file: the file was cut short.
    code = ErrorCode::corrupt;
    message = fmt::format("the database is damaged: {} (a file is shorter than its index says)",
                          e.get_msg());
  } else if (type == "DatabaseError" && e.get_error_string() == nullptr &&
             message.find("inflate failed") != std::string::npos) {
    // zlib could not decompress a stored tag: its bytes were changed.
    code = ErrorCode::corrupt;
    message = fmt::format("the database is damaged: {} (a compressed entry does not decompress)",
                          e.get_msg());
  } else if (type == "DocNotFoundError") {
    // herdex asks only for documents that a posting list or a match named:
    // one that is then not there means the tables disagree.
    code = ErrorCode::corrupt;
    message = fmt::format("the database is damaged: {} (a posting list names it)", e.get_msg());
  } else if (type == "NetworkTimeoutError") {
    code = ErrorCode::io_error;
    message = fmt::format("timed out: {}", e.get_msg());
  } else if (type.rfind("Network", 0) == 0) {
    code = ErrorCode::io_error;
    message = fmt::format("network error: {}", e.get_msg());
  } else if (type.rfind("Database", 0) == 0) {
    code = ErrorCode::io_error;
  } else if (type == "InvalidArgumentError") {
    code = ErrorCode::invalid_argument;
  } else if (type == "UnimplementedError") {
    code = ErrorCode::unsupported;
  }
  if (e.get_error_string() != nullptr && code == ErrorCode::io_error) {
    message += fmt::format(" ({})", e.get_error_string());
  }
  Error error{code, std::move(message)};
  error.path = path;
  return error;
}

bool is_damage(const Xapian::Error& e) {
  return from_xapian(e, std::string()).code == ErrorCode::corrupt;
}

}  // namespace herdex::detail

namespace herdex {

Error error_from_exception(const std::exception_ptr& exception, const std::string& path) noexcept {
  try {
    Error error{ErrorCode::internal, "terminated without an exception"};
    try {
      if (exception) std::rethrow_exception(exception);
    } catch (const Xapian::Error& e) {
      return detail::from_xapian(e, path);
    } catch (const std::bad_alloc&) {
      error.message = "out of memory";
    } catch (const std::exception& e) {
      error.message = e.what();
    } catch (...) {
      error.message = "an exception of unknown type";
    }
    error.path = path;
    return error;
  } catch (...) {  // copying a message failed: memory is exhausted
    return Error{};
  }
}

}  // namespace herdex
