#include "herdex/version.h"

namespace herdex {

const char* version() noexcept { return HERDEX_VERSION_STRING; }

}  // namespace herdex
