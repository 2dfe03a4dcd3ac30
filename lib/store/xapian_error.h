// The one place where Xapian's exceptions become herdex Errors.
#pragma once

#include <string>

#include "herdex/error.h"

namespace Xapian {
class Error;
}

namespace herdex::detail {

/// Maps a Xapian exception to an Error about the database at `path`.
Error from_xapian(const Xapian::Error& e, const std::string& path);

}  // namespace herdex::detail
