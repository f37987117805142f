// harness_attack.cpp — ATT&CK data in: our catalogue file, an official STIX bundle, MISP galaxy
// files; whatever builds is written as a catalogue and must read back to the same bytes, and the
// generator's SAX parse builds what the whole-DOM parse builds.
#include <algorithm>
#include <set>

#include "checks.hpp"
#include "core/attack_json.hpp"
#include "core/catalogue.hpp"
#include "core/diagnostics.hpp"

namespace fuzz {

namespace {

void check_catalogue(const sh::Catalogue& c) {
    check(!c.attack_version.empty() && !c.domain.empty(), "a catalogue without version or domain");
    for (const auto& t : c.techniques) {
        check(c.find(t.id) == &t, "a technique its own catalogue cannot find");
        for (const auto& tactic : t.tactics) check(c.tactic_index(tactic) >= 0, "a technique under an unknown tactic");
        check(t.groups >= 0, "a negative group count");
    }
    // Threats: each findable by its id, its techniques unique, no
    // alias that is its own name or listed twice.
    for (std::size_t i = 0; i < c.threats.size(); ++i) {
        const sh::Threat& t = c.threats[i];
        check(c.find_threat(t.id) == &t, "a threat its own catalogue cannot find");
        check(std::set<std::string>(t.techniques.begin(), t.techniques.end()).size() == t.techniques.size(),
              "a threat uses a technique twice");
        std::set<std::string> names;
        for (const auto& a : t.aliases)
            check(!a.empty() && a != t.name && names.insert(a).second, "a threat alias empty, its own name or repeated");
    }
    // The file format round trip: written, read back, written again: the same bytes.
    const std::string text = sh::catalogue_to_json(c);
    sh::Catalogue again;
    sh::Diagnostics d;
    check(sh::catalogue_from_json(text, again, d), "a built catalogue does not read back: " +
                                                       (d.empty() ? std::string() : d[0].message));
    check(sh::catalogue_to_json(again) == text, "a catalogue written, read and written again changed");
}

int build(const std::vector<sh::SourceFile>& inputs, const char* version) {
    sh::Catalogue c;
    sh::Diagnostics d;
    const bool ok = sh::build_catalogue(inputs, version, "", c, d, "--version");
    // Differential: the SAX parse (what the generator reads only) against the whole DOM.
    sh::Catalogue dom;
    sh::Diagnostics dom_d;
    const bool dom_ok = sh::build_catalogue(inputs, version, "", dom, dom_d, "--version", true);
    check(ok == dom_ok, "the SAX and DOM parses disagree on whether a catalogue builds");
    check(d.size() == dom_d.size(), "the SAX and DOM parses give different numbers of diagnostics");
    for (std::size_t i = 0; i < d.size() && i < dom_d.size(); ++i)
        check(d[i].message == dom_d[i].message && d[i].line == dom_d[i].line && d[i].column == dom_d[i].column &&
                  d[i].severity == dom_d[i].severity,
              "SAX / DOM diagnostic " + std::to_string(i) + ": " + d[i].message + " / " + dom_d[i].message);
    if (ok && dom_ok)
        check(sh::catalogue_to_json(c) == sh::catalogue_to_json(dom), "the SAX and DOM parses built different catalogues");
    check(d.size() <= 2 * kMaxDiagnosticsPerReader, std::to_string(d.size()) + " diagnostics from one input");
    for (const auto& x : d) {
        check(sh::excerpt(x.message, x.message.size() + 16) == x.message, "an unprintable message");
        // The generator's last resort (an exception from a reader) is a defect, not a diagnosis.
        check(x.message.rfind("cannot read the ", 0) != 0, "a reader threw: " + x.message);
    }
    if (ok) check_catalogue(c);
    else check(sh::count_errors(d) > 0, "no catalogue and no error saying why");
    return 0;
}

}  // namespace

int catalogue(const uint8_t* data, std::size_t size) {
    sh::Catalogue c;
    sh::Diagnostics d;
    const bool ok = sh::catalogue_from_json(text_of(data, size), c, d);
    check_diagnostics(d, 0, "");
    for (const auto& x : d) check(x.message.rfind("cannot read the ", 0) != 0, "the catalogue reader threw: " + x.message);
    if (ok) check_catalogue(c);
    return 0;
}

// The name is MITRE's release file name, so a bundle without x-mitre-collection still builds.
// Also differential: the bundle parsed in pieces on threads (any size) against the one pass.
int stix(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    nlohmann::json whole, pieces;
    const bool whole_ok = sh::parse_attack_json(text, whole, {1, 0});
    const bool pieces_ok = sh::parse_attack_json(text, pieces, {3, 0});
    check(whole_ok == pieces_ok, "the pieces and the one pass disagree on whether the text is JSON");
    if (whole_ok && pieces_ok) check(whole == pieces, "the pieces and the one pass parsed differently");
    return build({{"enterprise-attack-18.1.json", std::string(text)}}, "");
}

// Up to three files (attack patterns, galaxy, intrusion sets: kinds are sniffed from content) in
// one input, separated by a line "----".
int misp(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    std::vector<sh::SourceFile> inputs;
    std::size_t start = 0;
    while (inputs.size() < 3) {
        const std::size_t sep = text.find("\n----\n", start);
        inputs.push_back({"misp" + std::to_string(inputs.size()) + ".json",
                          std::string(text.substr(start, sep == std::string_view::npos ? sep : sep - start))});
        if (sep == std::string_view::npos) break;
        start = sep + 6;
    }
    build(inputs, "19");
    // The same text beside a MISP attack-pattern cluster: as the groups, malware or tools clusters
    // whose threats use those techniques, or as the STIX bundle that brings the campaigns.
    static const std::string patterns = R"({"type": "mitre-attack-pattern", "values": [
        {"uuid": "00000000-0000-4000-8000-000000001001", "value": "Alpha - T1001",
         "meta": {"external_id": "T1001", "kill_chain": ["attack-Windows:execution"]}}]})";
    if (inputs.size() == 1) build({{"patterns.json", patterns}, inputs[0]}, "19");
    return 0;
}

}  // namespace fuzz
