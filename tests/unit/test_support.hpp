// test_support.hpp — helpers shared by the unit tests: fixture paths, ../shared access, diagnostics.
#pragma once
#include <algorithm>
#include <cstdint>
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

// Code points of a valid UTF-8 string, and the string as UTF-16 or UTF-32 (an encoder written for
// these tests, independent of the core's decoder).
inline std::vector<std::uint32_t> code_points(const std::string& u) {
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < u.size();) {
        const unsigned char c = static_cast<unsigned char>(u[i]);
        const int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        std::uint32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(u[i + std::size_t(k)]) & 0x3F);
        out.push_back(cp);
        i += std::size_t(len);
    }
    return out;
}
inline void put_unit(std::string& out, std::uint32_t v, int bytes, bool big) {
    for (int k = 0; k < bytes; ++k) out += static_cast<char>((v >> (8 * (big ? bytes - 1 - k : k))) & 0xFF);
}
inline std::string encode_utf16(const std::string& utf8, bool big, bool bom) {
    std::string out;
    if (bom) put_unit(out, 0xFEFF, 2, big);
    for (std::uint32_t cp : code_points(utf8)) {
        if (cp >= 0x10000) {
            put_unit(out, 0xD800 + ((cp - 0x10000) >> 10), 2, big);
            put_unit(out, 0xDC00 + ((cp - 0x10000) & 0x3FF), 2, big);
        } else {
            put_unit(out, cp, 2, big);
        }
    }
    return out;
}
inline std::string encode_utf32(const std::string& utf8, bool big, bool bom) {
    std::string out;
    if (bom) put_unit(out, 0xFEFF, 4, big);
    for (std::uint32_t cp : code_points(utf8)) put_unit(out, cp, 4, big);
    return out;
}

}  // namespace test
