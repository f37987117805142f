// harness_attack.cpp — ATT&CK data in: our catalogue file, an official STIX bundle, MISP galaxy
// files; whatever builds is written as a catalogue and must read back to the same bytes.
#include "checks.hpp"
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
    check(d.size() <= 2 * kMaxDiagnosticsPerReader, std::to_string(d.size()) + " diagnostics from one input");
    for (const auto& x : d) check(sh::excerpt(x.message, x.message.size() + 16) == x.message, "an unprintable message");
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
    if (ok) check_catalogue(c);
    return 0;
}

// The name is MITRE's release file name, so a bundle without x-mitre-collection still builds.
int stix(const uint8_t* data, std::size_t size) {
    return build({{"enterprise-attack-18.1.json", std::string(text_of(data, size))}}, "");
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
    return build(inputs, "19");
}

}  // namespace fuzz
