# app.cmake — Dear ImGui and the app library (src/app) for both configurations; in the Emscripten
# configuration also the GLFW/WebGL2 backends, src/platform and the web module
# build/<dir>/sigma-heatmap.js + .wasm (scripts/make-dist puts them with web/ into dist/).
# Included by the top-level CMakeLists.txt (web) and by cmake/app_native.cmake (native smoke test).
set(SH_IMGUI_DIR ${SH_DEPS_DIR}/imgui)
if(NOT EXISTS ${SH_IMGUI_DIR}/imgui.cpp)
  message(WARNING "Dear ImGui sources not found under ${SH_IMGUI_DIR} (run scripts/setup): the app is not built")
  return()
endif()

if(NOT TARGET sh_imgui)
  add_library(sh_imgui STATIC
    ${SH_IMGUI_DIR}/imgui.cpp ${SH_IMGUI_DIR}/imgui_draw.cpp ${SH_IMGUI_DIR}/imgui_tables.cpp
    ${SH_IMGUI_DIR}/imgui_widgets.cpp ${SH_IMGUI_DIR}/misc/cpp/imgui_stdlib.cpp)
  target_include_directories(sh_imgui PUBLIC ${SH_IMGUI_DIR})
  # No demo window in the product; no legacy API.
  target_compile_definitions(sh_imgui PUBLIC IMGUI_DISABLE_DEMO_WINDOWS IMGUI_DISABLE_OBSOLETE_FUNCTIONS)

  file(GLOB SH_APP_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/app/*.cpp)
  add_library(sh_app STATIC ${SH_APP_SOURCES})
  target_link_libraries(sh_app PUBLIC sh_core sh_imgui)
  sh_warnings(sh_app)
endif()

if(EMSCRIPTEN)
  add_library(sh_imgui_backends STATIC
    ${SH_IMGUI_DIR}/backends/imgui_impl_glfw.cpp ${SH_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp)
  target_compile_definitions(sh_imgui_backends PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_link_libraries(sh_imgui_backends PUBLIC sh_imgui)

  file(GLOB SH_PLATFORM_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/platform/*.cpp)
  add_executable(sh_web ${SH_PLATFORM_SOURCES})
  set_target_properties(sh_web PROPERTIES OUTPUT_NAME sigma-heatmap SUFFIX ".js")
  target_link_libraries(sh_web PRIVATE sh_app sh_imgui_backends)
  sh_warnings(sh_web)
  target_link_options(sh_web PRIVATE
    ${SH_EH_FLAG}               # from cmake/web.cmake
    -sUSE_GLFW=3 -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=67108864
    -sENVIRONMENT=web
    -sDYNAMIC_EXECUTION=0           # no eval/new Function: the page's CSP forbids them
    "-sEXPORTED_FUNCTIONS=_main,_malloc,_free"
    "-sEXPORTED_RUNTIME_METHODS=UTF8ToString,stringToUTF8,lengthBytesUTF8")

  # The parse workers' module (flags: SH_PARSE_WORKER_LINK_FLAGS in cmake/web.cmake).
  add_executable(sh_parse ${CMAKE_SOURCE_DIR}/src/platform/worker/parse_worker.cpp)
  set_target_properties(sh_parse PROPERTIES OUTPUT_NAME sh-parse SUFFIX ".js")
  target_link_libraries(sh_parse PRIVATE sh_core)
  sh_warnings(sh_parse)
  target_link_options(sh_parse PRIVATE ${SH_PARSE_WORKER_LINK_FLAGS})
endif()
