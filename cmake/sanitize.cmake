# sanitize.cmake — compile and link flags of the two hardening configurations:
#   SH_SANITIZE  AddressSanitizer + UndefinedBehaviorSanitizer over everything (scripts/test runs the
#                Catch2 suite and the CLI tests once more in build/asan);
#   SH_FUZZ      the same plus libFuzzer's coverage instrumentation (clang only; tests/fuzz/fuzz.cmake
#                then builds one fuzz_<harness> executable per reader, scripts/fuzz runs them).
# Errors stop the program (-fno-sanitize-recover), so a finding is a failed test, never a log line.
if(NOT (SH_SANITIZE OR SH_FUZZ))
  return()
endif()
if(EMSCRIPTEN)
  message(FATAL_ERROR "SH_SANITIZE / SH_FUZZ are native configurations")
endif()
set(SH_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC leaves float-to-int overflow out of "undefined" (clang includes it): 4e9 -> int is UB.
  list(APPEND SH_SANITIZER_FLAGS -fsanitize=float-cast-overflow)
endif()
if(SH_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "SH_FUZZ needs clang's libFuzzer: configure with CXX=clang++-14 (scripts/fuzz does)")
  endif()
  list(APPEND SH_SANITIZER_FLAGS -fsanitize=fuzzer-no-link)
endif()
add_compile_options(${SH_SANITIZER_FLAGS})
add_link_options(-fsanitize=address,undefined)
