// catalogue.hpp — the ATT&CK catalogue: tactics in matrix order, techniques and sub-techniques,
// platforms, deprecated and revoked ids, group usage, and the threats (groups, campaigns,
// software) with the techniques each uses. Generated from an official STIX 2.1 bundle or from MISP
// galaxy clusters, written as a compact deterministic JSON file, loaded from it.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "result.hpp"

namespace sh {

struct Tactic {
    std::string id;         // "TA0002" ("" when the source does not say)
    std::string shortname;  // "execution"
    std::string name;       // "Execution"
};

struct Technique {
    std::string id;                      // "T1059" or "T1059.003"
    std::string name;                    // "Windows Command Shell"
    std::string parent;                  // "" for a technique; "T1059" for a sub-technique
    std::vector<std::string> tactics;    // shortnames, in matrix order
    std::vector<std::string> platforms;  // "Windows", "Linux", ... sorted
    bool deprecated = false;
    bool revoked = false;
    std::string revoked_by;  // replacement id when revoked and known
    int groups = 0;          // intrusion sets + campaigns that use it directly
    bool is_subtechnique() const { return !parent.empty(); }
};

// What kind of adversary a threat is: an intrusion set (G0016), a campaign (C0024), or software,
// malware or tool (S0154, S0002).
enum class ThreatKind { Group, Campaign, Malware, Tool };
const char* threat_kind_name(ThreatKind k);  // "group", "campaign", "malware", "tool"
bool parse_threat_kind(std::string_view s, ThreatKind& out);

struct Threat {
    std::string id;                       // "G0016", "C0024", "S0002"
    ThreatKind kind = ThreatKind::Group;
    std::string name;                     // "APT29"
    std::vector<std::string> aliases;     // other names ("Cozy Bear", ...), as the source lists them
    std::vector<std::string> techniques;  // technique ids it uses directly, sub-techniques as used, a
                                          // revoked technique replaced by its replacement; sorted, unique
    bool deprecated = false;
    bool revoked = false;
    std::string revoked_by;               // the threat it was merged into, when revoked and known
    bool is_software() const { return kind == ThreatKind::Malware || kind == ThreatKind::Tool; }
    bool active() const { return !deprecated && !revoked; }
};

struct Catalogue {
    std::string attack_version;  // "19", "18.1"
    std::string domain;          // "enterprise-attack"
    std::vector<Tactic> tactics;         // matrix order
    std::vector<Technique> techniques;   // sorted by id (T1001 < T1001.001 < T1002)
    int total_groups = 0;                // intrusion sets + campaigns in the source
    std::vector<Threat> threats;         // sorted by id (C..., G..., S...); empty in older catalogues

    // Lookups; valid after reindex() (the loaders and generators call it).
    void reindex();
    const Technique* find(std::string_view id) const;  // exact id, upper-case
    int tactic_index(std::string_view shortname) const;  // -1 when not a tactic of this matrix
    const Tactic* find_tactic(std::string_view shortname) const;
    const Threat* find_threat(std::string_view id) const;  // exact id, upper-case ("G0016")
    // "ATT&CK 19 enterprise-attack" ('?' / "catalogue" for what the source does not say): how
    // diagnostics name the catalogue an id was looked up in.
    std::string label() const;

private:
    std::unordered_map<std::string, std::size_t> by_id_;
    std::unordered_map<std::string, int> tactic_by_name_;
    std::unordered_map<std::string, std::size_t> threat_by_id_;
};

// One input file for the generator: its name (for diagnostics and format sniffing) and its text.
struct SourceFile {
    std::string name;
    std::string text;
};

// Build a catalogue from inputs, sniffing each one's format:
//  - an official STIX 2.1 bundle ({"type":"bundle","objects":[...]}), domain from x-mitre-matrix;
//    threats from its intrusion-set, campaign, malware and tool objects and their `uses` links;
//  - MISP galaxy files: clusters/mitre-attack-pattern.json (required), galaxies/mitre-attack-pattern.json
//    (tactic order), clusters/mitre-intrusion-set.json (group usage, groups), clusters/mitre-malware.json
//    and mitre-tool.json (software);
//  - MISP clusters plus one STIX bundle: MISP publishes no campaign cluster, so the bundle gives the
//    campaigns (their technique uses mapped onto the MISP techniques by STIX id, revoked ones followed,
//    unknown ones dropped with a warning) and the deprecated flags of groups and software, which MISP
//    does not carry; nothing else is taken from the bundle;
//  - a catalogue written by catalogue_to_json (then it is simply loaded).
// version: ATT&CK version to record ("19"); required unless the input says it (a catalogue, a
// bundle with x-mitre-collection, or a bundle under MITRE's release file name such as
// "enterprise-attack-18.1.json", which gives "18.1" with a note). domain: "enterprise-attack" by
// default (MISP mixes domains). version_option: how the front end takes the version ("--version"),
// named in the message when it is missing. Every input is checked against limits::kAttackDataBytes
// and refused when it holds a NUL byte; per-item diagnostics are capped (DiagnosticSink).
// Returns false (with diagnostics) when no catalogue could be built.
// full_json_dom: parse every input to a whole JSON DOM instead of the SAX parse that keeps only
// what the generator reads of a STIX bundle (attack_json.hpp); the same catalogue and diagnostics,
// slower: the reference the tests compare the SAX parse against.
bool build_catalogue(const std::vector<SourceFile>& inputs, std::string_view version,
                     std::string_view domain, Catalogue& out, Diagnostics& diags,
                     std::string_view version_option = {}, bool full_json_dom = false);

// The compact file format under assets/attack/: deterministic, one technique per line.
std::string catalogue_to_json(const Catalogue& c);
bool catalogue_from_json(std::string_view text, Catalogue& out, Diagnostics& diags);

// The embedded default (Enterprise v19) and the other embedded catalogues by version: a release
// ("18.1", as our layers and links name it) or a major version alone ("18", all the Navigator
// writes in a layer's versions.attack), which is read with that major's release embedded here.
const Catalogue& default_catalogue();
const Catalogue* embedded_catalogue(std::string_view version);

// True when a layer made for ATT&CK `wanted` ("18" or "18.1") is read against its own release:
// the same text, or a major version alone and a release of that major.
bool same_attack_release(std::string_view wanted, std::string_view have);

// Platforms. A technique is on the given platforms when it has one of them (names compared without
// regard to case), or when none are given. The KPIs, gaps, threats and the matrix all ask this.
bool on_platforms(const Technique& t, const std::vector<std::string>& platforms);
// The platforms of a catalogue, sorted and unique (for a platform filter).
std::vector<std::string> catalogue_platforms(const Catalogue& cat);
// A platform name as the catalogue spells it ("linux" -> "Linux"); nullopt when no technique has it
// (a typo would otherwise filter every technique out and report no gap at all).
std::optional<std::string> catalogue_platform(const Catalogue& cat, std::string_view name);
// A platform filter in words: "Linux", "Linux or macOS", "Linux, Windows or macOS".
std::string platform_words(const std::vector<std::string>& platforms);
// The same after " on ", for a count or an alert under a filter: " on Linux or macOS"; "" for none.
std::string on_platform_words(const std::vector<std::string>& platforms);

}  // namespace sh
