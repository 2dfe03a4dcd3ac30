#include "herdex/version.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>
#include <xapian.h>

#include "store/database.h"

namespace herdex {

const char* version() noexcept { return HERDEX_VERSION_STRING; }

namespace {

// U_MAX_VERSION_STRING_LENGTH includes the terminating NUL.
struct IcuVersions {
  char icu[U_MAX_VERSION_STRING_LENGTH] = {};
  char unicode[U_MAX_VERSION_STRING_LENGTH] = {};
};

IcuVersions read_icu_versions() noexcept {
  IcuVersions v;
  UVersionInfo info;
  u_getVersion(info);
  u_versionToString(info, v.icu);
  u_getUnicodeVersion(info);
  u_versionToString(info, v.unicode);
  return v;
}

}  // namespace

Versions versions() noexcept {
  // Computed once; a function-local static is initialized thread-safely.
  static const IcuVersions icu = read_icu_versions();
  return Versions{HERDEX_VERSION_STRING, Xapian::version_string(), icu.icu, icu.unicode,
                  detail::kFormatVersion};
}

}  // namespace herdex
