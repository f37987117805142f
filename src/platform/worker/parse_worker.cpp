// parse_worker.cpp — the module each of the page's parse workers runs (build/web/sh-parse.js +
// .wasm; web/parse-worker.js drives it): core parsing only — yaml-cpp, the rule loader and the
// rules CSV reader, no GLFW, no ImGui. A file's text in, its rules and diagnostics out as a wire
// record (core/rules_wire.hpp) that the main thread decodes and merges in name order. The same
// core calls as the main thread's loader (app_loading.cpp), so the numbers cannot differ.
#include <emscripten.h>

#include <string>
#include <string_view>

#include "core/import_csv.hpp"
#include "core/rules.hpp"
#include "core/rules_wire.hpp"

namespace {
std::string g_record;  // the last record, read by JS before the next call
}

extern "C" {

// Parses one file (a rules CSV by its name, else Sigma YAML) and returns its record; its size is
// sh_parse_record_size()'s. Never throws (the loader turns every problem into a diagnostic).
EMSCRIPTEN_KEEPALIVE const char* sh_parse_file(const char* name, const char* text, int length) {
    const std::string file = name ? name : "";
    const std::string_view t(text ? text : "", text && length > 0 ? std::size_t(length) : 0);
    sh::LoadResult result;
    sh::load_rule_file(t, file, result);
    g_record = sh::encode_load_result(result, file);
    return g_record.data();
}

EMSCRIPTEN_KEEPALIVE int sh_parse_record_size() { return int(g_record.size()); }

}  // extern "C"

int main() { return 0; }
