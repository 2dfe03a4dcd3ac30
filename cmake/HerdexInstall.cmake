# Installation: library, headers (with the generated export.h and version.h),
# the CLI, a CMake package (find_package(herdex) -> herdex::herdex) and a
# pkg-config file.
include(CMakePackageConfigHelpers)

set(HERDEX_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/herdex")

install(TARGETS herdex
  EXPORT herdexTargets
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT runtime NAMELINK_COMPONENT dev
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}" COMPONENT dev
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
# (No INCLUDES DESTINATION: the target's $<INSTALL_INTERFACE:...> already
# names the include directory, and both would list it twice.)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/herdex"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT dev
  FILES_MATCHING PATTERN "*.h")
install(FILES
  "${PROJECT_BINARY_DIR}/include/herdex/export.h"
  "${PROJECT_BINARY_DIR}/include/herdex/version.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/herdex" COMPONENT dev)

if(HERDEX_BUILD_CLI)
  install(TARGETS herdex_cli RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}" COMPONENT runtime)
endif()

install(EXPORT herdexTargets
  NAMESPACE herdex::
  DESTINATION "${HERDEX_CMAKE_DIR}" COMPONENT dev)

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/herdexConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/herdexConfig.cmake"
  INSTALL_DESTINATION "${HERDEX_CMAKE_DIR}")
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/herdexConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/herdexConfig.cmake"
  "${PROJECT_BINARY_DIR}/herdexConfigVersion.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindXapian.cmake"
  "${PROJECT_SOURCE_DIR}/cmake/FindZstd.cmake"
  DESTINATION "${HERDEX_CMAKE_DIR}" COMPONENT dev)

# pkg-config: shared builds need only -lherdex; static ones (pkg-config
# --static) also the libraries in Libs.private. Not Requires.private:
# pkg-config adds the Cflags of Requires.private packages to every --cflags,
# which leaked libxml2's -I/usr/include/libxml2 into consumers, and herdex's
# headers include none of them.
set(HERDEX_PC_LIBS_PRIVATE "-lxapian -licui18n -licuuc -licudata -lfmt -lxml2 -lzstd -lz -lstdc++ -lm")
# The prefix is written relative to the .pc file, so a relocated install
# (cmake --install --prefix DIR) still gives correct paths.
file(RELATIVE_PATH HERDEX_PC_TO_PREFIX
  "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" HERDEX_PC_TO_PREFIX "${HERDEX_PC_TO_PREFIX}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/herdex.pc.in"
  "${PROJECT_BINARY_DIR}/herdex.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/herdex.pc"
  DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT dev)
