# cmake -P package_test.cmake: see CMakeLists.txt next to this file.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

set(prefix "${WORK_DIR}/prefix")
file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

run("${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}")
foreach(f include/herdex/herdex.h include/herdex/herdex_c.h include/herdex/export.h include/herdex/version.h
          lib/cmake/herdex/herdexConfig.cmake lib/pkgconfig/herdex.pc bin/herdex
          share/man/man1/herdex.1 share/bash-completion/completions/herdex
          share/zsh/vendor-completions/_herdex share/fish/vendor_completions.d/herdex.fish)
  file(GLOB found "${prefix}/${f}" "${prefix}/lib/*/${f}" "${prefix}/lib/*/cmake/herdex/herdexConfig.cmake")
  if(NOT EXISTS "${prefix}/${f}" AND NOT found)
    message(FATAL_ERROR "not installed: ${f}")
  endif()
endforeach()

# A consumer's strict warnings: the installed headers must compile cleanly
# under them, as C++17 and as C++20.
set(strict_flags -Wall -Wextra -Wpedantic -Werror)
list(JOIN strict_flags " " strict_flags_string)

# The exported target carries herdex's include directory once and, for a
# shared library, no link dependencies: ICU, Xapian and the rest stay private.
file(GLOB_RECURSE targets_file "${prefix}/herdexTargets.cmake")
file(READ "${targets_file}" targets)
string(REGEX MATCH "INTERFACE_INCLUDE_DIRECTORIES \"[^\"]*\"" includes "${targets}")
if(NOT includes STREQUAL "INTERFACE_INCLUDE_DIRECTORIES \"\${_IMPORT_PREFIX}/include\"")
  message(FATAL_ERROR "herdex::herdex ${includes}, expected only \${_IMPORT_PREFIX}/include")
endif()
if(SHARED AND targets MATCHES "INTERFACE_LINK_LIBRARIES")
  message(FATAL_ERROR "herdex::herdex exports link dependencies:\n${targets}")
endif()

# 1. CMake: find_package(herdex) in a separate project, as C++17 and C++20.
foreach(std 17 20)
  run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples/consumer" -B "${WORK_DIR}/consumer-${std}"
      -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX}"
      "-DCMAKE_CXX_STANDARD=${std}" -DCMAKE_CXX_STANDARD_REQUIRED=ON -DCMAKE_CXX_EXTENSIONS=OFF
      "-DCMAKE_CXX_FLAGS=${strict_flags_string} ${CONSUMER_FLAGS}"
      "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}" -DCMAKE_BUILD_TYPE=Debug)
  run("${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer-${std}")
  run("${WORK_DIR}/consumer-${std}/consumer" "${WORK_DIR}/db-cmake-${std}")
  message(STATUS "consumer (C++${std}): ${last_output}")
endforeach()

# 2. The installed CLI runs from the prefix (RPATH to its library).
run("${prefix}/bin/herdex" --version)

# 2b. The Python module is where the prefix's python3 looks, and imports
# from there (its RUNPATH finds the installed libherdex).
if(PYTHON_MODULE)
  file(GLOB_RECURSE module "${prefix}/lib/_herdex*.so")
  if(NOT module)
    message(FATAL_ERROR "the Python module is not installed under ${prefix}/lib")
  endif()
  get_filename_component(site "${module}" DIRECTORY)
  get_filename_component(site "${site}" DIRECTORY)
  run("${PYTHON}" -c "import site, sys\nprint(site.getsitepackages(['${prefix}']))")
  string(FIND "${last_output}" "'${site}'" on_path)
  if(on_path EQUAL -1)
    message(FATAL_ERROR "${site} is not among python's site directories of ${prefix}: ${last_output}")
  endif()
  set(ENV{PYTHONPATH} "${site}")
  run("${PYTHON}" -c "import herdex\nprint(herdex.__file__, herdex.versions())")
  string(FIND "${last_output}" "${site}/herdex/__init__.py" from_prefix)
  if(from_prefix EQUAL -1)
    message(FATAL_ERROR "herdex imported from elsewhere: ${last_output}")
  endif()
  unset(ENV{PYTHONPATH})
endif()

# 3. pkg-config.
file(GLOB pc_dirs "${prefix}/lib/pkgconfig" "${prefix}/lib/*/pkgconfig")
list(JOIN pc_dirs ":" pc_path)
set(ENV{PKG_CONFIG_PATH} "${pc_path}")
# Private dependencies stay private: --cflags names herdex's include
# directory and nothing else (no -I/usr/include/libxml2), --libs only herdex.
run(pkg-config --cflags herdex)
string(STRIP "${last_output}" cflags)
separate_arguments(cflags UNIX_COMMAND "${cflags}")
list(LENGTH cflags n)
if(NOT n EQUAL 1 OR NOT cflags MATCHES "^-I.*/include$")
  message(FATAL_ERROR "pkg-config --cflags herdex: '${cflags}', expected only -I<prefix>/include")
endif()
run(pkg-config --libs herdex)
if(NOT last_output MATCHES "^-L[^ ]* -lherdex *\n?$")
  message(FATAL_ERROR "pkg-config --libs herdex: '${last_output}', expected only -L... -lherdex")
endif()
run(pkg-config --cflags --libs herdex)
string(STRIP "${last_output}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
file(GLOB libdir "${prefix}/lib" "${prefix}/lib/*")
foreach(std 17 20)
  run("${CXX}" -std=c++${std} ${strict_flags} ${CONSUMER_FLAGS}
      "${SOURCE_DIR}/examples/consumer/main.cc" ${flags}
      -Wl,-rpath,${prefix}/lib -o "${WORK_DIR}/consumer-pc-${std}")
  run("${WORK_DIR}/consumer-pc-${std}" "${WORK_DIR}/db-pkgconfig-${std}")
endforeach()

# 4. The C API from C through pkg-config.
run("${CC}" -std=c99 -Wall -Wextra -Werror ${CONSUMER_FLAGS} "${SOURCE_DIR}/examples/c_search/main.c"
    ${flags} -Wl,-rpath,${prefix}/lib -o "${WORK_DIR}/c_search-pc")
run("${WORK_DIR}/c_search-pc" "${WORK_DIR}/db-c")
string(FIND "${last_output}" "[孤獨]" found_cjk)
if(found_cjk EQUAL -1)
  message(FATAL_ERROR "c_search did not highlight 孤獨:\n${last_output}")
endif()

# 5. Every program in examples/ builds against the installed package alone.
run("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples" -B "${WORK_DIR}/examples"
    -G "${GENERATOR}" "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX}"
    "-DCMAKE_C_COMPILER=${CC}" "-DCMAKE_C_FLAGS=${CONSUMER_FLAGS}"
    "-DCMAKE_CXX_FLAGS=${CONSUMER_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${CONSUMER_FLAGS}"
    -DCMAKE_BUILD_TYPE=Debug)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/examples")
run("${WORK_DIR}/examples/c_search" "${WORK_DIR}/db-examples" "samantha")
