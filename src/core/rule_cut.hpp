// rule_cut.hpp — the rule loader's fast path: cut Sigma rule YAML down to the top-level keys the
// rule model reads before yaml-cpp sees it. yaml-cpp's scanner is most of the loading time and
// most of every rule is `detection:`, `references:` and the like, which coverage never reads.
//
// The cut text has exactly the lines of the original (removed lines become empty lines, kept
// lines keep their bytes), so yaml-cpp's marks, and with them every diagnostic, name the file's
// own lines and columns. A document is cut only when a conservative line scanner is sure that
// yaml-cpp parses all of it without error and that the kept keys give the same events; anything
// else (flow collections, anchors, aliases, tags, directives, tabs, multi-line quoted strings,
// odd indentation, "..." ...) is passed on whole, so yaml-cpp reads it as before and reports
// what it reports. tests/unit/test_rules_cut.cpp and the fuzz harness rules_cut check that both
// paths give the same rules and diagnostics.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace sh {

// What the cut keeps of one top-level key of a document.
enum class CutKeep : uint8_t {
    Whole,     // the key and its value, byte for byte (the model reads the value)
    Presence,  // the key with a one-character stand-in when the value is a list or map (only its
               // presence matters, as for `detection:`)
    KeyOnly,   // the key with an empty value (the model ignores it; the key keeps the document a map)
};

struct CutStats {
    std::size_t documents_cut = 0;    // documents given to yaml-cpp cut down
    std::size_t documents_whole = 0;  // documents given whole (the scanner was not sure)
};

// The text with every document the scanner is sure of cut down per `keep_of(top-level key)`;
// the same number of lines as `text`, every kept byte on its original line and column.
std::string cut_rule_documents(std::string_view text, CutKeep (*keep_of)(std::string_view key), CutStats& stats);

}  // namespace sh
