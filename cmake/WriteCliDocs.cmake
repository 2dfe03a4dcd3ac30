# cmake -DHERDEX=path/to/herdex -DOUTPUT_DIR=dir -P WriteCliDocs.cmake
# Runs the built herdex to write its man page and completion scripts, which
# it generates from its own command definitions (cli/output/cli_docs.cc).
function(write_from_herdex file)
  execute_process(COMMAND "${HERDEX}" ${ARGN}
    OUTPUT_FILE "${OUTPUT_DIR}/${file}.tmp" RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "herdex ${ARGN} failed (${rc}): ${err}")
  endif()
  file(COPY_FILE "${OUTPUT_DIR}/${file}.tmp" "${OUTPUT_DIR}/${file}" ONLY_IF_DIFFERENT)
  file(REMOVE "${OUTPUT_DIR}/${file}.tmp")
endfunction()

file(MAKE_DIRECTORY "${OUTPUT_DIR}")
write_from_herdex(herdex.1 man)
write_from_herdex(herdex.bash completion bash)
write_from_herdex(_herdex completion zsh)
write_from_herdex(herdex.fish completion fish)
