// The command line's hints on library errors: the library names the option
// that decides an outcome (Error::option), the command line its flag.
#pragma once

#include <string>

#include "herdex/error.h"

namespace herdex::cli {

/// `error`'s message with the flag that changes it, for the library's
/// errors that name an option (Error::option): "file is N bytes, over the
/// limit of M (--max-bytes)". The hint goes before a trailing "; skipped".
std::string message_with_hint(const Error& error);

}  // namespace herdex::cli
