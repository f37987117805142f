# Embedding files as byte arrays: sh_embed() generates one .cpp at build time (re-run when any
# input changes) defining sh::embedded_files() from embedded.hpp. Pure CMake, no host tools.
set(SH_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_run.cmake)

# sh_embed(OUTPUT out.cpp BASE dir FILES f1 f2 ... EXTRA "name=path" ...)
function(sh_embed)
  cmake_parse_arguments(E "" "OUTPUT;BASE" "FILES;EXTRA" ${ARGN})
  set(pairs "")
  set(deps "")
  foreach(f ${E_FILES})
    file(RELATIVE_PATH rel ${E_BASE} ${f})
    list(APPEND pairs "${rel}=${f}")
    list(APPEND deps ${f})
  endforeach()
  foreach(p ${E_EXTRA})
    list(APPEND pairs "${p}")
    string(REGEX REPLACE "^[^=]*=" "" path "${p}")
    list(APPEND deps ${path})
  endforeach()
  string(REPLACE ";" "|" pairs_arg "${pairs}")
  list(LENGTH pairs count)
  add_custom_command(OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} "-DPAIRS=${pairs_arg}" -DOUT=${E_OUTPUT} -P ${SH_EMBED_SCRIPT}
    DEPENDS ${deps} ${SH_EMBED_SCRIPT}
    COMMENT "Embedding ${count} files" VERBATIM)
endfunction()
