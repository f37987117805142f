// test_support.hpp — helpers shared by the unit tests: fixture paths and ../shared access.
#pragma once
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace test {

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline bool file_exists(const std::string& path) { return std::ifstream(path).good(); }

inline std::string shared_dir() { return SH_SHARED_DIR; }
inline std::string data_dir() { return SH_TEST_DATA_DIR; }
inline std::string source_dir() { return SH_SOURCE_DIR; }

// True when ../shared is beside the checkout; otherwise says so once, clearly, and the caller
// skips its checks (CI always has ../shared, so those checks run there).
inline bool shared_available() {
    static const bool ok = file_exists(shared_dir() + "/attack/README.md");
    static bool told = false;
    if (!ok && !told) {
        std::fprintf(stderr, "NOTE: %s is missing: tests that need ../shared (ATT&CK data, SigmaHQ corpus) are skipped\n",
                     shared_dir().c_str());
        told = true;
    }
    return ok;
}

}  // namespace test
