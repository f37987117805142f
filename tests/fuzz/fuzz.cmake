# fuzz.cmake — one libFuzzer executable per harness of tests/fuzz/harnesses.hpp (fuzz_rules,
# fuzz_layer, ...), all built from the same harness sources; included by CMakeLists.txt when SH_FUZZ
# is on (clang, flags in cmake/sanitize.cmake). scripts/fuzz builds and runs them.
set(SH_FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)
file(GLOB SH_FUZZ_SOURCES CONFIGURE_DEPENDS ${SH_FUZZ_DIR}/checks.cpp ${SH_FUZZ_DIR}/harness_*.cpp)
# stb's encoder and font rasteriser see no outside bytes: no coverage instrumentation there (why: the list).
set_source_files_properties(${CMAKE_SOURCE_DIR}/src/core/render/png.cpp ${CMAKE_SOURCE_DIR}/src/core/render/raster.cpp
                            PROPERTIES COMPILE_OPTIONS "-fsanitize-coverage-ignorelist=${SH_FUZZ_DIR}/coverage_ignorelist.txt")
add_library(sh_fuzz_harnesses STATIC ${SH_FUZZ_SOURCES})
target_link_libraries(sh_fuzz_harnesses PUBLIC sh_core)
target_include_directories(sh_fuzz_harnesses PUBLIC ${SH_FUZZ_DIR})
foreach(harness rules rules_cut rules_wire tags layer share rules_csv frequency_csv alerts_csv quality_csv targets weights catalogue stix
                misp layer_image history_json)
  add_executable(fuzz_${harness} ${SH_FUZZ_DIR}/fuzz_main.cpp)
  target_compile_definitions(fuzz_${harness} PRIVATE SH_FUZZ_ENTRY=${harness})
  target_link_libraries(fuzz_${harness} PRIVATE sh_fuzz_harnesses)
  target_link_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
endforeach()

# The CLI's .zip and --config readers (src/cli/zip.cpp over libarchive, src/cli/declare.cpp over
# CLI11's TOML reader; native CLI only, so not in harnesses.hpp, whose harnesses also run in the wasm
# unit suite): their own entry points, defined in cli_harnesses.cmake.
include(${SH_FUZZ_DIR}/cli_harnesses.cmake)
foreach(harness zip config)
  sh_cli_fuzz_harness(${harness} fuzz_${harness})
  target_link_options(fuzz_${harness} PRIVATE -fsanitize=fuzzer)
endforeach()
