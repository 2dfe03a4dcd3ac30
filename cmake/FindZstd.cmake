# FindZstd
# --------
# Finds the Zstandard library (Debian: libzstd-dev), which ships neither a
# CMake package nor a find module in CMake 3.25, and defines zstd::zstd.
# Installed with herdex so that its package config finds it for a static
# consumer the same way.
#
# Result: Zstd_FOUND, Zstd_VERSION, target zstd::zstd.

include(FindPackageHandleStandardArgs)

find_path(ZSTD_INCLUDE_DIR zstd.h)
find_library(ZSTD_LIBRARY NAMES zstd)

if(ZSTD_INCLUDE_DIR AND EXISTS "${ZSTD_INCLUDE_DIR}/zstd.h")
  file(STRINGS "${ZSTD_INCLUDE_DIR}/zstd.h" _zstd_version_lines
       REGEX "^#define ZSTD_VERSION_(MAJOR|MINOR|RELEASE) +[0-9]+")
  foreach(_part MAJOR MINOR RELEASE)
    string(REGEX REPLACE ".*ZSTD_VERSION_${_part} +([0-9]+).*" "\\1" _zstd_${_part} "${_zstd_version_lines}")
  endforeach()
  set(Zstd_VERSION "${_zstd_MAJOR}.${_zstd_MINOR}.${_zstd_RELEASE}")
  unset(_zstd_version_lines)
endif()

find_package_handle_standard_args(Zstd
  REQUIRED_VARS ZSTD_LIBRARY ZSTD_INCLUDE_DIR
  VERSION_VAR Zstd_VERSION)

if(Zstd_FOUND AND NOT TARGET zstd::zstd)
  add_library(zstd::zstd INTERFACE IMPORTED)
  set_target_properties(zstd::zstd PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${ZSTD_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${ZSTD_LIBRARY}")
endif()
