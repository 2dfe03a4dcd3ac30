# FindXapian
# ----------
# Xapian 1.4 ships xapian-config.cmake, which only sets variables
# (XAPIAN_LIBRARIES, XAPIAN_INCLUDE_DIR) and defines no target. This module
# wraps those variables in an INTERFACE IMPORTED target, Xapian::Xapian. It is
# installed with herdex so that herdex's package config can find Xapian for a
# consumer the same way.
#
# Result: Xapian_FOUND, Xapian_VERSION, target Xapian::Xapian.

include(FindPackageHandleStandardArgs)

find_package(xapian CONFIG QUIET)

if(NOT XAPIAN_INCLUDE_DIR OR NOT XAPIAN_LIBRARIES)
  find_path(XAPIAN_INCLUDE_DIR xapian.h)
  find_library(XAPIAN_LIBRARIES NAMES xapian)
endif()

if(XAPIAN_INCLUDE_DIR AND EXISTS "${XAPIAN_INCLUDE_DIR}/xapian/version.h")
  file(STRINGS "${XAPIAN_INCLUDE_DIR}/xapian/version.h" _xapian_version_line
       REGEX "^#define XAPIAN_VERSION \"[0-9.]+\"")
  string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" Xapian_VERSION "${_xapian_version_line}")
  unset(_xapian_version_line)
endif()

find_package_handle_standard_args(Xapian
  REQUIRED_VARS XAPIAN_LIBRARIES XAPIAN_INCLUDE_DIR
  VERSION_VAR Xapian_VERSION)

if(Xapian_FOUND AND NOT TARGET Xapian::Xapian)
  add_library(Xapian::Xapian INTERFACE IMPORTED)
  set_target_properties(Xapian::Xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
