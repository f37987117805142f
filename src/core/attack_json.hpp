// attack_json.hpp — reading ATT&CK JSON inputs (STIX bundles, MISP galaxy files, catalogues) for
// the catalogue generator without building the DOM of what it never reads. An official STIX
// bundle is 30 MB, mostly descriptions, citations, detections and object types (courses of
// action, data components, identities...) the catalogue ignores; nlohmann's sax_parse lets the
// generator keep only the parts listed in attack_json.cpp, which is most of the time saved.
#pragma once
#include <string_view>

#include <nlohmann/json.hpp>

namespace sh {

// Parses `text` (strict JSON, as nlohmann::json::parse) into `out`. Under a top-level "objects"
// array (a STIX bundle's), each object keeps only the keys the catalogue reads, and objects of
// types it never reads shrink to their "type" and "id" (which the generator still counts and
// looks ids up in). Everything else is kept whole. Returns false when the text is not JSON (then
// `out` is unspecified); the caller locates the error as before.
bool parse_attack_json(std::string_view text, nlohmann::json& out);

}  // namespace sh
