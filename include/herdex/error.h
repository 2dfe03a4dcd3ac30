/// @file error.h
/// herdex's one error model: errors are values, never exceptions.
///
/// Every fallible call in the public API returns `Result<T>` (or
/// `Result<void>`). No exception crosses the API except `std::bad_alloc`.
/// Error, ErrorCode and Result are plain values: copy, move and read them
/// from any thread.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <exception>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "herdex/export.h"

namespace herdex {

/// What went wrong, coarsely, so that callers can branch on it and the CLI
/// can map it to an exit code. Chosen after abseil's canonical codes.
enum class ErrorCode {
  invalid_argument,  ///< The caller passed something malformed (bad option, bad document).
  not_found,         ///< A database, file or document does not exist.
  already_exists,    ///< Something to be created is already there.
  locked,            ///< The database is locked by another writer.
  corrupt,           ///< Stored data cannot be read back (damaged database or file).
  version_mismatch,  ///< The database was built by an incompatible format or analyzer.
  io_error,          ///< The operating system refused a read or write (disk full, permissions).
  query_syntax,      ///< The query text does not parse; Error::column points at the problem.
  unsupported,       ///< A valid request that this build cannot serve.
  internal,          ///< A bug in herdex or a dependency; please report it.
};

/// Stable lower-case name of a code ("not_found"), for messages and JSON.
/// Returns a static string ("unknown" for a value outside the enum).
/// Thread-safe.
HERDEX_EXPORT const char* to_string(ErrorCode code) noexcept;

/// An error value: a code, a human-readable message, and where it applies the
/// location in the input that caused it.
struct Error {
  /// An `internal` error with no message; fill in the fields.
  Error() = default;
  /// An error with `error_code` and `error_message` and no location.
  Error(ErrorCode error_code, std::string error_message)
      : code(error_code), message(std::move(error_message)) {}

  ErrorCode code = ErrorCode::internal;  ///< What kind of error; branch on this.
  std::string message;                   ///< One line, no trailing period, no location prefix.
  std::string path;                      ///< File or database path, if any.
  std::size_t line = 0;                  ///< 1-based line in `path`, 0 when not applicable.
  std::size_t column = 0;  ///< 1-based column (in bytes) in a query or line, 0 when not applicable.
  /// The option that decides this outcome, by its name in the options
  /// struct of the call (`max_bytes`, `follow_links`, `text_field` of
  /// IngestOptions; `facets` of SearchOptions), empty if none. The message
  /// states the problem in the library's terms; a front end may add which
  /// of its own settings changes it (the CLI names its flag).
  std::string option;

  /// "path:line: message" / "path: message" / "column 7: message" /
  /// "message", whichever applies: one line for a user to read.
  HERDEX_EXPORT std::string describe() const;
};

/// The Error for an exception that left the library's control: one an
/// application caught, or the one in flight in a std::terminate handler
/// (`std::current_exception()`). herdex's own functions report errors as
/// values; the exception this is for is the one that Xapian 1.4.22 lets
/// escape from inside a commit that meets a full disk, which makes the
/// C++ runtime call std::terminate (see docs/RELIABILITY.md). Xapian's
/// errors are mapped as everywhere in herdex (a full disk is `io_error`),
/// std::bad_alloc and other exceptions are `internal`. `path` is the
/// database to name in the Error. Null `exception`: an `internal` error.
/// Thread-safe.
HERDEX_EXPORT Error error_from_exception(const std::exception_ptr& exception,
                                         const std::string& path = std::string()) noexcept;

/// Holds either a value of type T or an Error, like C++23 `std::expected<T,
/// Error>`; it can become an alias of it once the toolchain allows.
///
/// Accessing value() of an error result (or error() of a value) is a
/// programming error and aborts the process. `[[nodiscard]]`: ignoring a
/// result must be written out, as `(void)call();  // why`.
///
/// @tparam T the value type; any movable type except Error.
template <typename T>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is meaningless");

  /// A result holding `value`.
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  /// A result holding `error`.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  /// Whether the result holds a value (and not an error).
  bool has_value() const noexcept { return state_.index() == 0; }
  /// has_value(): `if (auto r = f(); !r) return r.error();`.
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; aborts if the result holds an error.
  T& value() & {
    check_value();
    return std::get<0>(state_);
  }
  /// @copydoc value()
  const T& value() const& {
    check_value();
    return std::get<0>(state_);
  }
  /// The value, moved out; aborts if the result holds an error.
  T&& value() && {
    check_value();
    return std::get<0>(std::move(state_));
  }

  /// The error; aborts if the result holds a value.
  const Error& error() const& {
    check_error();
    return std::get<1>(state_);
  }
  /// The error, moved out; aborts if the result holds a value.
  Error&& error() && {
    check_error();
    return std::get<1>(std::move(state_));
  }

  /// value().
  T& operator*() & { return value(); }
  /// value().
  const T& operator*() const& { return value(); }
  /// value(), moved out.
  T&& operator*() && { return std::move(*this).value(); }
  /// Member access to value().
  T* operator->() { return &value(); }
  /// Member access to value().
  const T* operator->() const { return &value(); }

 private:
  void check_value() const {
    if (!has_value()) std::abort();
  }
  void check_error() const {
    if (has_value()) std::abort();
  }

  std::variant<T, Error> state_;
};

/// Result of an operation that produces no value: success, or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  /// Success.
  Result() = default;
  /// Failure with `error`.
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit by design

  /// Whether the operation succeeded.
  bool has_value() const noexcept { return !failed_; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }
  /// Nothing; aborts if the result holds an error.
  void value() const {
    if (failed_) std::abort();
  }

  /// The error; aborts on success.
  const Error& error() const& {
    if (!failed_) std::abort();
    return error_;
  }
  /// The error, moved out; aborts on success.
  Error&& error() && {
    if (!failed_) std::abort();
    return std::move(error_);
  }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace herdex
