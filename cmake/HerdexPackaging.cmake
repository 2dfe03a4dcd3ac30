# A Debian package: `cpack -G DEB` (in the build directory) writes
# herdex_VERSION_ARCH.deb holding everything `cmake --install` installs (the
# CLI, libherdex, headers, the CMake package, herdex.pc, the man page, the
# completions and, when built, the Python module), under /usr, with Depends
# computed by dpkg-shlibdeps from the binaries (package dpkg-dev).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME herdex)
set(CPACK_PACKAGE_VENDOR herdex)
set(CPACK_PACKAGE_CONTACT "herdex maintainers <herdex@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Install with DESTDIR and the prefix /usr itself, so that install rules that
# depend on the prefix (where Python looks) see /usr.
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # herdex_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libherdex is in the package itself: a shlibs file for it, and ldconfig
# triggers.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
  "herdex indexes reviews in English, Chinese, Japanese, Korean and mixed\n\
scripts into a Xapian database and answers a query with ranked passages,\n\
snippets and highlights. This package holds the herdex command, the\n\
library with its headers, CMake package and pkg-config file, the man page,\n\
shell completions and the Python 3 module.")
if(HERDEX_BUILD_PYTHON)
  # The module is built for this minor version of Python 3.
  set(CPACK_DEBIAN_PACKAGE_SUGGESTS
      "python3 (>= ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}), python3 (<< ${Python3_VERSION_MAJOR}.${Python3_VERSION_MINOR}.99)")
endif()
include(CPack)
