# The man page and the shell completion scripts, written by the built herdex
# from its own command definitions (so they list exactly the options it
# takes), and where they are installed.
set(HERDEX_CLI_DOCS_DIR "${PROJECT_BINARY_DIR}/cli/docs")
set(_docs herdex.1 herdex.bash _herdex herdex.fish)
list(TRANSFORM _docs PREPEND "${HERDEX_CLI_DOCS_DIR}/" OUTPUT_VARIABLE _doc_files)
add_custom_command(
  OUTPUT ${_doc_files}
  COMMAND "${CMAKE_COMMAND}" "-DHERDEX=$<TARGET_FILE:herdex_cli>" "-DOUTPUT_DIR=${HERDEX_CLI_DOCS_DIR}"
          -P "${PROJECT_SOURCE_DIR}/cmake/WriteCliDocs.cmake"
  DEPENDS herdex_cli "${PROJECT_SOURCE_DIR}/cmake/WriteCliDocs.cmake"
  COMMENT "Writing the herdex man page and shell completions"
  VERBATIM)
add_custom_target(herdex_cli_docs ALL DEPENDS ${_doc_files})

install(FILES "${HERDEX_CLI_DOCS_DIR}/herdex.1"
  DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" COMPONENT runtime)
install(FILES "${HERDEX_CLI_DOCS_DIR}/herdex.bash"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/bash-completion/completions" RENAME herdex
  COMPONENT runtime)
# Debian's zsh reads vendor-completions; fish, vendor_completions.d.
install(FILES "${HERDEX_CLI_DOCS_DIR}/_herdex"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions" COMPONENT runtime)
install(FILES "${HERDEX_CLI_DOCS_DIR}/herdex.fish"
  DESTINATION "${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d" COMPONENT runtime)
