# Everything Emscripten-specific for the build lives here (Emscripten 3.1.6, see DESIGN.md).
# yaml-cpp 0.7.0 is compiled from the Debian source package; nlohmann comes from a directory that
# holds only nlohmann/ (never /usr/include on em++'s path).
# C++ exceptions (yaml-cpp throws): WebAssembly's own exception handling by default. The older
# JS-based mode (-fexceptions) routes every call that may throw through JS trampolines and makes
# rule parsing about twice as slow; every browser of the last years and node 20 have wasm EH.
option(SH_WASM_EH "Use WebAssembly exception handling (-fwasm-exceptions) instead of -fexceptions" ON)
if(SH_WASM_EH)
  set(SH_EH_FLAG -fwasm-exceptions)
else()
  set(SH_EH_FLAG -fexceptions)
endif()
set(SH_WEB_COMPILE_FLAGS ${SH_EH_FLAG})
set(SH_WEB_LINK_FLAGS ${SH_EH_FLAG} -sALLOW_MEMORY_GROWTH=1)
# The page's parse workers (src/platform/worker -> build/web/sh-parse.js + .wasm, target sh_parse in
# cmake/app.cmake): a factory (MODULARIZE) that web/parse-worker.js calls inside a Web Worker with
# the WebAssembly.Module the page compiled once and posted (instantiateWasm); no filesystem, no
# eval (the single file's CSP), no threads (no SharedArrayBuffer, so no COOP/COEP headers).
set(SH_PARSE_WORKER_LINK_FLAGS ${SH_EH_FLAG}
    -sMODULARIZE=1 -sEXPORT_NAME=createShParser -sENVIRONMENT=worker
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16777216 -sFILESYSTEM=0 -sDYNAMIC_EXECUTION=0
    "-sEXPORTED_FUNCTIONS=_main,_malloc,_free,_sh_parse_file,_sh_parse_record_size")
add_compile_options(${SH_WEB_COMPILE_FLAGS})
add_link_options(${SH_WEB_LINK_FLAGS})

include(${CMAKE_CURRENT_LIST_DIR}/yaml_cpp_source.cmake)

set(SH_NLOHMANN_DIR ${CMAKE_BINARY_DIR}/include-nlohmann)
file(MAKE_DIRECTORY ${SH_NLOHMANN_DIR})
if(NOT EXISTS ${SH_NLOHMANN_DIR}/nlohmann)
  file(CREATE_LINK /usr/include/nlohmann ${SH_NLOHMANN_DIR}/nlohmann SYMBOLIC)
endif()
add_library(nlohmann_json_web INTERFACE)
target_include_directories(nlohmann_json_web INTERFACE ${SH_NLOHMANN_DIR})
add_library(nlohmann_json::nlohmann_json ALIAS nlohmann_json_web)

# stb (stb_truetype, stb_image_write for the image writers; stb_image for their tests): a
# directory holding only stb/, for the same reason as nlohmann above.
set(SH_STB_DIR ${CMAKE_BINARY_DIR}/include-stb)
file(MAKE_DIRECTORY ${SH_STB_DIR})
if(NOT EXISTS ${SH_STB_DIR}/stb)
  file(CREATE_LINK /usr/include/stb ${SH_STB_DIR}/stb SYMBOLIC)
endif()
include_directories(SYSTEM ${SH_STB_DIR})
