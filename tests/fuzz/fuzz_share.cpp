// fuzz_share.cpp — libFuzzer harness for the share-link decoder (src/core/share.cpp), formats 1 and 2
// (the threat selection's sections): any text gives a link or an error message, never a crash, a
// hang or a large allocation; a link that decodes encodes again to one that decodes to the same
// scores and threat ids (format 2 only when it has a selection).
// Build (clang from Debian, ASan + UBSan; the embedded catalogue comes from a native build):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc -I/usr/include/nlohmann/.. \
//     tests/fuzz/fuzz_share.cpp src/core/share.cpp src/core/catalogue.cpp src/core/layer.cpp \
//     src/core/layer_json.cpp src/core/render/colour.cpp src/core/result.cpp src/core/rules.cpp \
//     src/core/tags.cpp src/core/scoring.cpp build/native/generated/embedded_files.cpp -lyaml-cpp \
//     -o build/fuzz_share
//   build/fuzz_share -max_total_time=60 -rss_limit_mb=2048 -timeout=10 CORPUS_DIR
// Seeds: any "#s=..." from the page's Copy share link, with and without a threat selection.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/share.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const sh::Catalogue& cat = sh::default_catalogue();
    const std::string text(reinterpret_cast<const char*>(data), size);
    for (const std::string& link : {text, sh::share_fragment_from_payload(std::vector<uint8_t>(data, data + size))}) {
        sh::ShareLink out;
        std::string error;
        if (!sh::decode_share_link(link, cat, out, error)) {
            if (error.empty()) std::abort();  // a failure always says why
            continue;
        }
        const std::string again = sh::encode_share_link(out, cat);
        sh::ShareLink back;
        if (!sh::decode_share_link(again, cat, back, error)) std::abort();
        if (back.threats != out.threats || back.entries.size() != out.entries.size() || back.name != out.name) std::abort();
        sh::ShareHeader h;
        if (!sh::read_share_header(again, h, error) || h.format != (out.threats.empty() ? 1 : 2)) std::abort();
    }
    return 0;
}
