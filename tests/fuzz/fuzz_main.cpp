// fuzz_main.cpp — the libFuzzer entry point of one harness (SH_FUZZ_ENTRY names it; CMake builds one
// executable per harness from this file). A broken promise prints what it was and aborts, which
// libFuzzer reports as a crash and saves the input.
#include <cstdio>
#include <cstdlib>

#include "harnesses.hpp"

namespace fuzz {
void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz: broken promise: %s\n", what.c_str());
    std::abort();
}
}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    return fuzz::SH_FUZZ_ENTRY(data, size);
}
