// fuzz_catalogue.cpp — libFuzzer harness for the ATT&CK catalogue readers (src/core/catalogue.cpp):
// the catalogue file loader (--attack-data FILE, the page's embedded files) and the generator's
// format sniffing and readers (STIX bundle, MISP clusters with their threats, a bundle beside MISP
// clusters for the campaigns). Any bytes give a catalogue or diagnostics, never a crash, a hang or
// the generator's last-resort catch; whatever loads writes and loads back to the same bytes.
// Build (clang from Debian, ASan + UBSan):
//   clang++ -std=c++17 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
//     tests/fuzz/fuzz_catalogue.cpp src/core/catalogue.cpp src/core/result.cpp \
//     build/native/generated/embedded_files.cpp -o build/fuzz_catalogue
//   build/fuzz_catalogue -max_total_time=60 -rss_limit_mb=2048 -timeout=10 CORPUS_DIR
// Seeds: tests/data/attack/*.json, tests/data/attack/misp/clusters/*.json, assets/attack/*.json.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/catalogue.hpp"

namespace {

bool caught(const sh::Diagnostics& d) {
    for (const auto& x : d)
        if (x.message.find("cannot read the") != std::string::npos) return true;
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    sh::Catalogue c;
    sh::Diagnostics d;
    if (sh::catalogue_from_json(text, c, d)) {
        const std::string once = sh::catalogue_to_json(c);
        sh::Catalogue back;
        sh::Diagnostics d2;
        if (!sh::catalogue_from_json(once, back, d2) || sh::catalogue_to_json(back) != once) std::abort();
    }
    if (caught(d)) std::abort();
    // The generator, alone and as the MISP clusters' companion (the text in both roles).
    static const std::string patterns = R"({"type": "mitre-attack-pattern", "values": [
        {"uuid": "00000000-0000-4000-8000-000000001001", "value": "Alpha - T1001",
         "meta": {"external_id": "T1001", "kill_chain": ["attack-Windows:execution"]}}]})";
    for (const std::vector<sh::SourceFile>& in :
         {std::vector<sh::SourceFile>{{"in.json", text}}, std::vector<sh::SourceFile>{{"p.json", patterns}, {"in.json", text}}}) {
        sh::Catalogue g;
        sh::Diagnostics gd;
        if (sh::build_catalogue(in, "1", "", g, gd)) {
            sh::Catalogue back;
            sh::Diagnostics d3;
            if (!sh::catalogue_from_json(sh::catalogue_to_json(g), back, d3)) std::abort();
        }
        if (caught(gd)) std::abort();
    }
    return 0;
}
