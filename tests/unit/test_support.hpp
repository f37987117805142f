// test_support.hpp — helpers shared by the unit tests: fixture paths, ../shared access, diagnostics.
#pragma once
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace test {

// The first diagnostic whose message contains `part`; nullptr when none does.
inline const sh::Diagnostic* find(const sh::Diagnostics& ds, const std::string& part) {
    for (const auto& d : ds)
        if (d.message.find(part) != std::string::npos) return &d;
    return nullptr;
}

// Every diagnostic as the CLI prints it, one a line (for INFO).
inline std::string dump(const sh::Diagnostics& ds) {
    std::string out;
    for (const auto& d : ds) out += sh::format_diagnostic(d) + "\n";
    return out;
}

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Every regular file under `root`, sorted (none when it is not a directory).
inline std::vector<std::filesystem::path> files_under(const std::filesystem::path& root) {
    std::vector<std::filesystem::path> files;
    if (!std::filesystem::is_directory(root)) return files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
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
