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

/// Whether `e` says the database is damaged (from_xapian() makes it
/// `corrupt`); a reader overtaken by a writer can see the same errors.
bool is_damage(const Xapian::Error& e);

}  // namespace herdex::detail
