// fuzz_zip.cpp — libFuzzer harness for the CLI's .zip reader (src/cli/zip.cpp over libarchive):
// any bytes give entries and diagnostics, never a crash, a hang or unbounded memory; reading the
// same bytes twice gives the same result (no hidden state), and every entry respects its cap.
// Build (clang from Debian, ASan + UBSan):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/fuzz_zip.cpp src/cli/zip.cpp -larchive -o build/fuzz_zip
//   build/fuzz_zip -max_total_time=60 -rss_limit_mb=2048 -timeout=10 CORPUS_DIR
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cli/zip.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    cli::ArchiveLimits limits;
    limits.max_entry_bytes = 1 << 20;  // small caps keep each run fast; the logic is the same
    limits.max_total_bytes = 4 << 20;
    sh::Diagnostics d1, d2;
    const auto first = cli::read_rule_archive_memory(bytes, "fuzz.zip", {"*.yml", "*.yaml"}, d1, limits);
    const auto second = cli::read_rule_archive_memory(bytes, "fuzz.zip", {"*.yml", "*.yaml"}, d2, limits);
    std::size_t total = 0;
    for (const auto& e : first) {
        if (e.text.size() > limits.max_entry_bytes) std::abort();
        total += e.text.size();
    }
    if (total > limits.max_total_bytes || first.size() != second.size() || d1.size() != d2.size()) std::abort();
    for (std::size_t i = 0; i < first.size(); ++i)
        if (first[i].name != second[i].name || first[i].text != second[i].text) std::abort();
    return 0;
}
