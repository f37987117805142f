// harnesses.hpp — one fuzz harness per reader of outside input. Each takes the bytes of one input,
// runs the reader (and what the front ends do next with its result), and checks the core's
// promises beyond "no crash": diagnostics capped, naming the file, one printable line of valid
// UTF-8; numbers within their ranges; the same text twice gives the same result.
// The same functions run under libFuzzer (fuzz_main.cpp, scripts/fuzz) and over the regression
// inputs in tests/fuzz/regressions/<harness>/ (tests/unit/test_fuzz_regressions.cpp, every test run).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace fuzz {

// A broken promise: the libFuzzer driver prints it and aborts (a crash libFuzzer keeps), the unit
// test throws it (a failed test). Defined by each of them.
[[noreturn]] void fail(const std::string& what);

int rules(const uint8_t* data, std::size_t size);          // Sigma rule YAML (+ scoring), loaded twice
int rules_cut(const uint8_t* data, std::size_t size);      // Sigma rule YAML: fast path (cut) == full parse
int rules_wire(const uint8_t* data, std::size_t size);     // a parse worker's wire record; parse -> wire -> decode == parse
int tags(const uint8_t* data, std::size_t size);           // one tag
int layer(const uint8_t* data, std::size_t size);          // Navigator layer JSON -> scores, coverage
int share(const uint8_t* data, std::size_t size);          // share-link fragment, decoded and re-encoded
int rules_csv(const uint8_t* data, std::size_t size);      // seed rules CSV (+ scoring), loaded twice
int frequency_csv(const uint8_t* data, std::size_t size);  // technique,frequency
int alerts_csv(const uint8_t* data, std::size_t size);     // SIEM alerts -> detection latency
int quality_csv(const uint8_t* data, std::size_t size);    // rule test results -> quality scores
int targets(const uint8_t* data, std::size_t size);        // targets: ids / CSV / a layer
int weights(const uint8_t* data, std::size_t size);        // weights YAML -> gap priorities
int catalogue(const uint8_t* data, std::size_t size);      // our catalogue JSON, read and written back
int stix(const uint8_t* data, std::size_t size);           // an official STIX bundle
int misp(const uint8_t* data, std::size_t size);           // MISP galaxy files (split at "\n----\n")
int layer_image(const uint8_t* data, std::size_t size);    // layer -> SVG and PNG
int history_json(const uint8_t* data, std::size_t size);   // history trend JSON (the page's Trends tab)

struct Harness {
    const char* name;
    int (*run)(const uint8_t*, std::size_t);
};
inline constexpr Harness kHarnesses[] = {
    {"rules", rules},           {"rules_cut", rules_cut},   {"rules_wire", rules_wire}, {"tags", tags},
    {"layer", layer},           {"share", share},
    {"rules_csv", rules_csv},   {"frequency_csv", frequency_csv},
    {"alerts_csv", alerts_csv}, {"quality_csv", quality_csv},
    {"targets", targets},       {"weights", weights},
    {"catalogue", catalogue},   {"stix", stix},
    {"misp", misp},             {"layer_image", layer_image},
    {"history_json", history_json},
};

}  // namespace fuzz
