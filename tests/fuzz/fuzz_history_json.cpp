// fuzz_history_json.cpp — libFuzzer harness for the history trend reader (core/history_report:
// looks_like_history_json + read_history_json, what the page does with an opened trend file): any
// bytes give a report or a diagnostic, never a crash, a hang or unbounded memory; reading is
// deterministic; and whatever was read writes back to JSON that reads back to the same text.
// Build (clang from Debian, ASan + UBSan; nlohmann-json is header-only):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/fuzz_history_json.cpp src/core/history_report.cpp src/core/report_*.cpp \
//     src/core/catalogue.cpp src/core/scoring.cpp src/core/rules.cpp src/core/tags.cpp src/core/result.cpp \
//     src/core/layer*.cpp build/native/generated/embedded_files.cpp -lyaml-cpp -o build/fuzz_history_json
//   build/fuzz_history_json -max_total_time=60 -rss_limit_mb=2048 -timeout=10 CORPUS_DIR
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/history_report.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)sh::looks_like_history_json(text);
    sh::HistoryReport a, b;
    sh::Diagnostics da, db;
    const bool ok = sh::read_history_json(text, "fuzz.json", a, da);
    if (ok != sh::read_history_json(text, "fuzz.json", b, db) || da.size() != db.size()) std::abort();
    if (!ok) {
        if (da.empty()) std::abort();  // a refusal always says why
        return 0;
    }
    const std::string once = sh::history_to_json(a);
    sh::HistoryReport c;
    sh::Diagnostics dc;
    if (!sh::read_history_json(once, "again.json", c, dc) || sh::history_to_json(c) != once) std::abort();
    (void)sh::history_to_csv(a);
    (void)sh::history_alerts_text(a);
    return 0;
}
