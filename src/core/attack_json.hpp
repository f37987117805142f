// attack_json.hpp — reading ATT&CK JSON inputs (STIX bundles, MISP galaxy files, catalogues) for
// the catalogue generator without building the DOM of what it never reads. An official STIX
// bundle is 30 MB, mostly descriptions, citations, detections and object types (courses of
// action, data components, identities...) the catalogue ignores; nlohmann's sax_parse lets the
// generator keep only the parts listed in attack_json.cpp, which is most of the time saved.
#pragma once
#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

namespace sh {

// Parses `text` (strict JSON, as nlohmann::json::parse) into `out`. Under a top-level "objects"
// array (a STIX bundle's), each object keeps only the keys the catalogue reads, and objects of
// types it never reads shrink to their "type" and "id" (which the generator still counts and
// looks ids up in). Everything else is kept whole. Returns false when the text is not JSON (then
// `out` is unspecified); the caller locates the error as before.
//
// A large STIX bundle is parsed on several threads: the objects are found by a scan that only
// follows strings and nesting, each is parsed by nlohmann on its own, and the rest of the
// document ("objects" empty) likewise. Any piece that does not parse, or any doubt about the
// bundle's shape, and the whole text is parsed in one pass instead: the same result either way.
struct AttackJsonThreads {
    unsigned count = default_count();           // threads; below 2, one pass
    std::size_t min_bytes = std::size_t(1) << 20;  // smaller texts: one pass
    static unsigned default_count();
};
bool parse_attack_json(std::string_view text, nlohmann::json& out, const AttackJsonThreads& threads = {});

// How many pieces parse_attack_json would parse `text`'s "objects" in (one per item), or 0 when it
// would parse the text in one pass whatever the threads (tests).
std::size_t attack_json_items(std::string_view text);

}  // namespace sh
