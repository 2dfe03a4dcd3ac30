# herdex_set_warnings(target)
#   Applies the project's warning set (and -Werror when HERDEX_WERROR is on) as
#   PRIVATE options, so that nothing leaks into a consumer's build.
# herdex_set_sanitizers(target)
#   Applies HERDEX_SANITIZE (e.g. "address,undefined") to compile and link,
#   and with HERDEX_FUZZ the coverage instrumentation libFuzzer steers by.
function(herdex_set_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
    -Wcast-align -Wunused -Woverloaded-virtual -Wconversion -Wsign-conversion
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(HERDEX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  herdex_set_sanitizers(${target})
endfunction()

function(herdex_set_sanitizers target)
  if(HERDEX_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=${HERDEX_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_link_options(${target} PRIVATE -fsanitize=${HERDEX_SANITIZE})
  endif()
  if(HERDEX_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()
