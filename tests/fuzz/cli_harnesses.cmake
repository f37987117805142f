# cli_harnesses.cmake — the CLI's own fuzz harnesses (native only: fuzz_zip.cpp over libarchive,
# fuzz_config.cpp over CLI11), each defined once here for both of its builds:
#   - scripts/fuzz's libFuzzer executables fuzz_zip and fuzz_config (tests/fuzz/fuzz.cmake);
#   - the native build's replays fuzz_zip_replay and fuzz_config_replay (CMakeLists.txt, with
#     replay_main.cpp), which ctest runs over their seeds and regressions.
# So a harness that stops building (a reader that gained a core dependency) fails every build's
# tests, not only a later `scripts/fuzz`. The core's harnesses are replayed by
# tests/unit/test_fuzz_regressions.cpp.
find_package(LibArchive 3 REQUIRED)
find_package(CLI11 2.1 REQUIRED)

# sh_cli_fuzz_harness(zip|config TARGET): an executable of that harness's entry point and the CLI
# source it reads with; the caller adds a main (libFuzzer's or replay_main.cpp).
function(sh_cli_fuzz_harness harness target)
  set(dir ${CMAKE_SOURCE_DIR}/tests/fuzz)
  if(harness STREQUAL "zip")
    add_executable(${target} ${dir}/fuzz_zip.cpp ${CMAKE_SOURCE_DIR}/src/cli/zip.cpp)
    target_link_libraries(${target} PRIVATE sh_core LibArchive::LibArchive)
  elseif(harness STREQUAL "config")
    add_executable(${target} ${dir}/fuzz_config.cpp ${CMAKE_SOURCE_DIR}/src/cli/declare.cpp)
    target_link_libraries(${target} PRIVATE sh_core CLI11::CLI11)
  else()
    message(FATAL_ERROR "sh_cli_fuzz_harness: no CLI harness '${harness}'")
  endif()
  target_include_directories(${target} PRIVATE ${CMAKE_SOURCE_DIR}/src)
endfunction()
