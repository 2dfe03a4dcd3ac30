# cmake -P deb_test.cmake: builds the Debian package with cpack from the
# build tree, checks its name, fields, Depends (from dpkg-shlibdeps) and
# contents with dpkg-deb, then unpacks it into an empty root and runs the CLI
# (and imports the Python module) from there.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

function(expect_in haystack needle what)
  string(FIND "${haystack}" "${needle}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${what}: no '${needle}' in:\n${haystack}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
run(cpack -G DEB --config "${BUILD_DIR}/CPackConfig.cmake" -B "${WORK_DIR}")
run(dpkg --print-architecture)
string(STRIP "${last_output}" arch)
set(deb "${WORK_DIR}/herdex_${VERSION}_${arch}.deb")
if(NOT EXISTS "${deb}")
  file(GLOB made "${WORK_DIR}/*.deb")
  message(FATAL_ERROR "no ${deb}; cpack made: ${made}")
endif()

# Fields. Depends comes from dpkg-shlibdeps: the libraries the binaries link.
foreach(field_value "Package:herdex" "Version:${VERSION}" "Architecture:${arch}")
  string(REPLACE ":" ";" pair "${field_value}")
  list(GET pair 0 field)
  list(GET pair 1 value)
  run(dpkg-deb -f "${deb}" ${field})
  string(STRIP "${last_output}" got)
  if(NOT got STREQUAL value)
    message(FATAL_ERROR "${field}: '${got}', expected '${value}'")
  endif()
endforeach()
run(dpkg-deb -f "${deb}" Depends)
set(depends "${last_output}")
foreach(lib libc6 libstdc++6 libxapian30 "libicu" libfmt libxml2 libzstd1 zlib1g)
  expect_in("${depends}" "${lib}" "Depends")
endforeach()
expect_in("${depends}" "(>=" "Depends has versions")

# Contents.
run(dpkg-deb -c "${deb}")
set(contents "${last_output}")
set(expected
  ./usr/bin/herdex
  ./usr/include/herdex/herdex.h ./usr/include/herdex/herdex_c.h
  ./usr/include/herdex/export.h ./usr/include/herdex/version.h
  /cmake/herdex/herdexConfig.cmake /cmake/herdex/herdexTargets.cmake
  /pkgconfig/herdex.pc
  ./usr/share/man/man1/herdex.1
  ./usr/share/bash-completion/completions/herdex
  ./usr/share/zsh/vendor-completions/_herdex
  ./usr/share/fish/vendor_completions.d/herdex.fish)
if(PYTHON_MODULE)
  list(APPEND expected ./usr/lib/python3/dist-packages/herdex/__init__.py
                       ./usr/lib/python3/dist-packages/herdex/__init__.pyi
                       ./usr/lib/python3/dist-packages/herdex/_herdex.)
endif()
foreach(path IN LISTS expected)
  expect_in("${contents}" "${path}" "package contents")
endforeach()
string(REGEX MATCH "[^ ]*/libherdex\\.so\\.[0-9]+ -> " soname_link "${contents}")
if(NOT soname_link)
  message(FATAL_ERROR "no libherdex.so.MAJOR link in:\n${contents}")
endif()
string(FIND "${contents}" "/usr/local" local)
if(NOT local EQUAL -1)
  message(FATAL_ERROR "files under /usr/local in the package:\n${contents}")
endif()
run(dpkg-deb -I "${deb}" shlibs)
expect_in("${last_output}" "libherdex" "shlibs")

# Unpacked into an empty root, the CLI runs (its RUNPATH finds libherdex
# beside it) and indexes and searches; the Python module imports.
set(root "${WORK_DIR}/root")
run(dpkg-deb -x "${deb}" "${root}")
run("${root}/usr/bin/herdex" --version)
expect_in("${last_output}" "herdex ${VERSION}" "herdex --version")
run("${root}/usr/bin/herdex" index --db "${WORK_DIR}/db" "${SOURCE_DIR}/corpus")
run("${root}/usr/bin/herdex" search --db "${WORK_DIR}/db" loneliness --limit 1)
expect_in("${last_output}" "[loneliness]" "herdex search")
if(PYTHON_MODULE)
  set(ENV{PYTHONPATH} "${root}/usr/lib/python3/dist-packages")
  run("${PYTHON}" -c "import herdex\nprint(herdex.__file__, len(herdex.Searcher('${WORK_DIR}/db').search('loneliness')))")
  expect_in("${last_output}" "${root}/usr/lib/python3/dist-packages/herdex/__init__.py" "python")
endif()
