# app_native.cmake — native build of src/app (Dear ImGui without any backend) and the headless
# smoke test tests/unit/test_app_smoke.cpp: the whole UI driven for a few frames with no GPU,
# as in ImGui's example_null. Included by the top-level CMakeLists.txt (native configuration).
include(${CMAKE_CURRENT_LIST_DIR}/app.cmake)
if(TARGET sh_app)
  add_executable(app_smoke ${CMAKE_SOURCE_DIR}/tests/unit/test_app_smoke.cpp
                           ${CMAKE_SOURCE_DIR}/tests/unit/test_input_queue.cpp
                           ${CMAKE_SOURCE_DIR}/tests/unit/test_redraw.cpp
                           ${CMAKE_SOURCE_DIR}/tests/unit/test_app_session.cpp)
  target_compile_definitions(app_smoke PRIVATE SH_APP_SMOKE=1)
  target_include_directories(app_smoke PRIVATE /usr/include/catch2 ${CMAKE_SOURCE_DIR}/tests/unit)
  target_link_libraries(app_smoke PRIVATE sh_app Threads::Threads)
  sh_warnings(app_smoke)
  add_test(NAME app_smoke COMMAND app_smoke)
endif()
