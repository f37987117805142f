// catalogue.cpp — the ATT&CK catalogue: lookups, the generator (official STIX 2.1 bundles and MISP
// galaxy clusters, formats sniffed from content; techniques, group usage and the threats with the
// techniques they use), the compact deterministic file format under assets/attack/ and the embedded
// catalogues.
//
// Everything here reads untrusted JSON: documents come from nlohmann's non-throwing parse and are
// read through the small accessors below, which treat a field of the wrong type as absent. A
// try/catch around each entry point is the last line of defence, so no exception leaves the API.
#include "catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "attack_json.hpp"
#include "diagnostics.hpp"
#include "embedded.hpp"
#include "text_encoding.hpp"

namespace sh {

namespace {

using json = nlohmann::json;

constexpr const char* kFormat = "sigma-heatmap-catalogue/1";
constexpr const char* kFormatPrefix = "sigma-heatmap-catalogue/";

// ---- defensive accessors: a missing key and a key of the wrong type look the same ----

// (A string_view key: the object's map compares it without measuring a C string at every node.)
const json* member(const json& obj, std::string_view key) {
    if (!obj.is_object()) return nullptr;
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

// The string member, or an empty string: a reference into `obj` (no copy for a lookup).
const std::string& str_of(const json& obj, std::string_view key) {
    static const std::string none;
    const json* v = member(obj, key);
    return v && v->is_string() ? v->get_ref<const std::string&>() : none;
}

bool true_of(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    return v && v->is_boolean() && v->get<bool>();
}

const json& array_of(const json& obj, std::string_view key) {
    static const json empty = json::array();
    const json* v = member(obj, key);
    return v && v->is_array() ? *v : empty;
}

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

Diagnostic diag(Severity sev, const std::string& file, std::string message) {
    Diagnostic d;
    d.severity = sev;
    d.file = file;
    d.message = std::move(message);
    return d;
}

// Parses without exceptions; on failure re-parses with exceptions (caught here) only to learn
// where the text stops being JSON, so the diagnostic can point at it.
// `slim`: the SAX parse that builds only what the generator reads (attack_json.hpp); the same
// verdict on every text, as both run nlohmann's one parser.
bool parse_json(std::string_view text, const std::string& file, json& out, DiagnosticSink& diags, bool slim = false) {
    if (auto too_large = check_input_size(InputKind::AttackData, file, text.size())) {
        diags.add(std::move(*too_large));
        return false;
    }
    std::string utf8;
    if (auto problem = text_as_utf8(text, utf8)) {
        Diagnostic d = diag(Severity::Error, file, "not JSON text: " + problem->message);
        d.line = problem->line;
        d.column = problem->column;
        diags.add(std::move(d));
        return false;
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        // JSON parsers take a NUL byte for the end of the text: "{...}\0garbage" would read as valid.
        Diagnostic d = diag(Severity::Error, file, "not JSON text: the file contains a NUL byte");
        locate(text, nul, d.line, d.column);
        diags.add(std::move(d));
        return false;
    }
    if (slim) {
        if (parse_attack_json(text, out)) return true;
    } else {
        out = json::parse(text.begin(), text.end(), nullptr, false);
        if (!out.is_discarded()) return true;
    }
    // Where and why, without building the tree again (a 128 MB bundle's would take gigabytes).
    const JsonSyntaxError e = json_syntax_error(text);
    Diagnostic d = diag(Severity::Error, file, "not valid JSON" + (e.what.empty() ? "" : ": " + e.what));
    d.line = e.line;
    d.column = e.column;
    diags.add(std::move(d));
    return false;
}

// "T1001" < "T1001.001" < "T1002" whatever the byte order of '.' and digits.
// Parts compare shorter-first, so T1002 < T10011 and .002 < .010 as numbers would.
bool technique_id_less(const std::string& a, const std::string& b) {
    const std::size_t da = std::min(a.find('.'), a.size());
    const std::size_t db = std::min(b.find('.'), b.size());
    if (da != db) return da < db;
    const int base = a.compare(0, da, b, 0, db);
    if (base != 0) return base < 0;
    if (a.size() - da != b.size() - db) return a.size() - da < b.size() - db;
    return a.compare(da, std::string::npos, b, db, std::string::npos) < 0;
}

bool valid_technique_id(std::string_view id) {
    // T + digits, optionally . + digits. ICS ids (T0800) fit too.
    if (id.size() < 2 || id[0] != 'T') return false;
    std::size_t i = 1, digits = 0;
    while (i < id.size() && id[i] >= '0' && id[i] <= '9') ++i, ++digits;
    if (digits == 0) return false;
    if (i == id.size()) return true;
    if (id[i] != '.') return false;
    ++i;
    digits = 0;
    while (i < id.size() && id[i] >= '0' && id[i] <= '9') ++i, ++digits;
    return digits > 0 && i == id.size();
}

std::string id_prefix(const std::string& id) {
    const auto dot = id.find('.');
    return dot == std::string::npos ? std::string() : id.substr(0, dot);
}

// Group, campaign and software ids: one upper-case letter and digits ("G0016", "C0024", "S0002").
bool valid_threat_id(std::string_view id) {
    if (id.size() < 2 || id.size() > 16 || id[0] < 'A' || id[0] > 'Z') return false;
    for (std::size_t i = 1; i < id.size(); ++i)
        if (id[i] < '0' || id[i] > '9') return false;
    return true;
}

// "C0024" < "G0016" < "G1000" < "S0002"; longer numbers after shorter ones, as numbers would.
bool threat_id_less(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty() || a[0] != b[0]) return a < b;
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

// The other names of a threat: the source's list without its own name, blanks and repeats.
// Repeats by hash: a source listing a million distinct names costs a million steps, not 10^12.
std::vector<std::string> other_names(const std::string& name, const std::vector<std::string>& names) {
    std::vector<std::string> out;
    std::unordered_set<std::string_view> seen;
    for (const auto& n : names)
        if (!n.empty() && n != name && seen.insert(n).second) out.push_back(n);
    return out;
}

// Shared final step of every producer: one canonical layout, so the writer's output depends only
// on the content (techniques by id, tactics in matrix order, platforms sorted, no duplicates).
void normalise(Catalogue& c) {
    std::unordered_map<std::string, int> rank;
    for (std::size_t i = 0; i < c.tactics.size(); ++i) rank.emplace(c.tactics[i].shortname, static_cast<int>(i));
    for (auto& t : c.techniques) {
        std::sort(t.tactics.begin(), t.tactics.end(), [&](const std::string& a, const std::string& b) {
            const auto ra = rank.find(a), rb = rank.find(b);
            const int ia = ra == rank.end() ? 1 << 30 : ra->second;
            const int ib = rb == rank.end() ? 1 << 30 : rb->second;
            return ia != ib ? ia < ib : a < b;
        });
        t.tactics.erase(std::unique(t.tactics.begin(), t.tactics.end()), t.tactics.end());
        std::sort(t.platforms.begin(), t.platforms.end());
        t.platforms.erase(std::unique(t.platforms.begin(), t.platforms.end()), t.platforms.end());
    }
    std::sort(c.techniques.begin(), c.techniques.end(),
              [](const Technique& a, const Technique& b) { return technique_id_less(a.id, b.id); });
    for (auto& t : c.threats) {
        std::sort(t.techniques.begin(), t.techniques.end(), technique_id_less);
        t.techniques.erase(std::unique(t.techniques.begin(), t.techniques.end()), t.techniques.end());
    }
    std::stable_sort(c.threats.begin(), c.threats.end(),
                     [](const Threat& a, const Threat& b) { return threat_id_less(a.id, b.id); });
    c.reindex();
}

// The generators' last step for threats, once every technique is known: a use of a revoked
// technique counts for its replacement (followed through chains of revocations); a revoked id
// without a replacement stays as it is (the catalogue knows it, coverage reports will not count it).
void follow_revoked_uses(Catalogue& c) {
    std::unordered_map<std::string, const Technique*> by_id;
    for (const auto& t : c.techniques) by_id.emplace(t.id, &t);
    for (auto& threat : c.threats) {
        for (auto& id : threat.techniques) {
            std::string at = id;
            for (int hops = 0; hops < 16; ++hops) {  // chains are short; the bound stops cycles
                auto it = by_id.find(at);
                if (it == by_id.end() || !it->second->revoked || it->second->revoked_by.empty()) break;
                at = it->second->revoked_by;
            }
            if (by_id.count(at)) id = at;
        }
    }
}

// ---- ATT&CK Enterprise tactic facts, for sources that name tactics only by shortname (MISP) ----
// The order is the Enterprise matrix order across releases (v18 defense-evasion; v19 stealth +
// defense-impairment in its place); the tactic-order merge uses it only to break ties that the
// galaxy's per-platform lists leave open (attack-PRE shares no tactic with the other lists).
struct TacticFact {
    const char* shortname;
    const char* id;
    const char* name;
};
constexpr TacticFact kEnterpriseTactics[] = {
    {"reconnaissance", "TA0043", "Reconnaissance"},
    {"resource-development", "TA0042", "Resource Development"},
    {"initial-access", "TA0001", "Initial Access"},
    {"execution", "TA0002", "Execution"},
    {"persistence", "TA0003", "Persistence"},
    {"privilege-escalation", "TA0004", "Privilege Escalation"},
    {"defense-evasion", "TA0005", "Defense Evasion"},
    {"stealth", "TA0005", "Stealth"},  // v19 kept TA0005 for the renamed tactic
    {"defense-impairment", "TA0112", "Defense Impairment"},
    {"credential-access", "TA0006", "Credential Access"},
    {"discovery", "TA0007", "Discovery"},
    {"lateral-movement", "TA0008", "Lateral Movement"},
    {"collection", "TA0009", "Collection"},
    {"command-and-control", "TA0011", "Command and Control"},
    {"exfiltration", "TA0010", "Exfiltration"},
    {"impact", "TA0040", "Impact"},
};
constexpr int kEnterpriseTacticCount = static_cast<int>(sizeof(kEnterpriseTactics) / sizeof(kEnterpriseTactics[0]));

int enterprise_tactic_rank(const std::string& shortname) {
    for (int i = 0; i < kEnterpriseTacticCount; ++i)
        if (shortname == kEnterpriseTactics[i].shortname) return i;
    return -1;
}

std::string title_case(const std::string& shortname) {
    std::string out;
    std::size_t start = 0;
    while (start <= shortname.size()) {
        std::size_t end = shortname.find('-', start);
        if (end == std::string::npos) end = shortname.size();
        std::string word = shortname.substr(start, end - start);
        const bool minor = word == "and" || word == "or" || word == "of" || word == "the";
        if (!word.empty() && !(minor && !out.empty()) && word[0] >= 'a' && word[0] <= 'z') word[0] = char(word[0] - 'a' + 'A');
        if (!word.empty()) {
            if (!out.empty()) out += ' ';
            out += word;
        }
        start = end + 1;
    }
    return out;
}

Tactic enterprise_tactic(const std::string& shortname) {
    const int r = enterprise_tactic_rank(shortname);
    if (r >= 0) return {kEnterpriseTactics[r].id, shortname, kEnterpriseTactics[r].name};
    return {"", shortname, title_case(shortname)};
}

// ---- input kinds, sniffed from content ----
enum class Kind {
    Unknown, StixBundle, Catalogue, MispAttackPatterns, MispIntrusionSets, MispMalware, MispTools, MispGalaxy, MispIgnored
};

Kind sniff(const json& doc) {
    if (!doc.is_object()) return Kind::Unknown;
    const std::string type = str_of(doc, "type");
    const json* objects = member(doc, "objects");
    if (type == "bundle" && objects && objects->is_array()) return Kind::StixBundle;
    if (starts_with(str_of(doc, "format"), kFormatPrefix)) return Kind::Catalogue;
    const json* values = member(doc, "values");
    if (values && values->is_array() && starts_with(type, "mitre-")) {
        if (type == "mitre-attack-pattern") return Kind::MispAttackPatterns;
        if (type == "mitre-intrusion-set") return Kind::MispIntrusionSets;
        if (type == "mitre-malware") return Kind::MispMalware;
        if (type == "mitre-tool") return Kind::MispTools;
        return Kind::MispIgnored;  // courses of action, data sources, ...: no facts the catalogue uses
    }
    const json* order = member(doc, "kill_chain_order");
    if (order && order->is_object() && !values) return Kind::MispGalaxy;
    if (!values && starts_with(type, "mitre-") && member(doc, "namespace")) return Kind::MispIgnored;  // other galaxies
    return Kind::Unknown;
}

struct Input {
    const SourceFile* src = nullptr;
    json doc;
    Kind kind = Kind::Unknown;
};

// The ATT&CK version in the name of MITRE's release files: "enterprise-attack-18.1.json" (any folder,
// any case of ".json") for domain "enterprise-attack" gives "18.1"; "" when the name does not fit.
std::string version_from_file_name(const std::string& file, const std::string& domain) {
    std::string_view name = file;
    if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    const std::string prefix = domain + "-";
    if (domain.empty() || !starts_with(name, prefix) || name.size() < prefix.size() + 6) return "";
    std::string_view rest = name.substr(prefix.size());
    const std::string_view ext = rest.substr(rest.size() - 5);
    if (!(ext == ".json" || ext == ".JSON")) return "";
    rest.remove_suffix(5);
    // digits, optionally "." digits: "18", "18.1"
    std::size_t i = 0, major = 0, minor = 0;
    while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i, ++major;
    if (i < rest.size() && rest[i] == '.') {
        ++i;
        while (i < rest.size() && rest[i] >= '0' && rest[i] <= '9') ++i, ++minor;
        if (minor == 0) return "";
    }
    if (major == 0 || major > 4 || minor > 4 || i != rest.size()) return "";
    return std::string(rest);
}

// How to give the version, in the words of the front end that asked ("--attack-version V").
std::string give_version(std::string_view option) {
    if (option.empty()) return "give its ATT&CK version";
    return "give its ATT&CK version with " + std::string(option) + " (e.g. " + std::string(option) + " 18.1)";
}

// ---- official STIX 2.1 bundle ----

// One bundle describes one domain; its objects name ATT&CK under the enterprise source name, and
// the mobile/ICS ones (and old objects) also under their domain's own name.
bool is_attack_source(const std::string& s) {
    return s == "mitre-attack" || s == "mitre-mobile-attack" || s == "mitre-ics-attack";
}

std::string stix_external_id(const json& obj) {
    for (const auto& ref : array_of(obj, "external_references")) {
        if (!is_attack_source(str_of(ref, "source_name"))) continue;
        std::string id = str_of(ref, "external_id");
        if (!id.empty()) return id;
    }
    return {};
}

bool stix_active(const json& obj) { return !true_of(obj, "revoked") && !true_of(obj, "x_mitre_deprecated"); }

// intrusion-set, campaign, malware, tool -> the threat kind; false for other object types.
bool stix_threat_kind(const std::string& type, ThreatKind& kind) {
    if (type == "intrusion-set") kind = ThreatKind::Group;
    else if (type == "campaign") kind = ThreatKind::Campaign;
    else if (type == "malware") kind = ThreatKind::Malware;
    else if (type == "tool") kind = ThreatKind::Tool;
    else return false;
    return true;
}

// Groups and campaigns list their names in `aliases`, software in `x_mitre_aliases`.
std::vector<std::string> stix_aliases(const json& obj) {
    std::vector<std::string> names;
    for (const char* key : {"aliases", "x_mitre_aliases"})
        for (const auto& a : array_of(obj, key))
            if (a.is_string()) names.push_back(a.get<std::string>());
    return other_names(str_of(obj, "name"), names);
}

Threat stix_threat(const json& obj, const std::string& id, ThreatKind kind) {
    Threat t;
    t.id = id;
    t.kind = kind;
    t.name = str_of(obj, "name");
    t.aliases = stix_aliases(obj);
    t.deprecated = true_of(obj, "x_mitre_deprecated");
    t.revoked = true_of(obj, "revoked");
    return t;
}

// Which of two objects carrying the same external id represents it: the active one; between equals
// the newer `modified` (ISO 8601 strings order as times); then the first in the file.
bool stix_better(const json& candidate, const json& current) {
    const bool ca = stix_active(candidate), cu = stix_active(current);
    if (ca != cu) return ca;
    const bool cr = true_of(candidate, "revoked"), ur = true_of(current, "revoked");
    if (cr != ur) return !cr;  // deprecated beats revoked: it still names the technique itself
    return str_of(candidate, "modified") > str_of(current, "modified");
}

bool build_from_stix(const Input& in, std::string_view version, std::string_view domain,
                     std::string_view version_option, Catalogue& out, DiagnosticSink& diags) {
    const std::string& file = in.src->name;
    const json& objects = array_of(in.doc, "objects");

    std::unordered_map<std::string_view, const json*> by_stix_id;  // views of the ids in `objects`
    std::vector<const json*> matrices, patterns, relationships, threat_objects;
    std::string collection_version;
    std::size_t malformed = 0;
    for (const auto& obj : objects) {
        const std::string &type = str_of(obj, "type"), &id = str_of(obj, "id");
        if (type.empty() || id.empty()) {
            ++malformed;
            continue;
        }
        by_stix_id.emplace(id, &obj);
        if (type == "x-mitre-matrix") matrices.push_back(&obj);
        else if (type == "attack-pattern") patterns.push_back(&obj);
        else if (type == "relationship") relationships.push_back(&obj);
        else if (type == "x-mitre-collection" && collection_version.empty()) collection_version = str_of(obj, "x_mitre_version");
        else if (ThreatKind k; stix_threat_kind(type, k)) threat_objects.push_back(&obj);
    }
    if (malformed)
        diags.add(diag(Severity::Warning, file, std::to_string(malformed) + " bundle objects without a string type and id were skipped"));

    // The matrix: active ones only (the mobile bundle keeps a deprecated "Network-Based Effects").
    const json* matrix = nullptr;
    std::string matrix_domain;
    int candidates = 0;
    for (const json* m : matrices) {
        if (!stix_active(*m)) continue;
        const std::string d = stix_external_id(*m);
        if (!domain.empty() && d != domain) continue;
        if (!matrix) {
            matrix = m;
            matrix_domain = d;
        }
        ++candidates;
    }
    if (!matrix) {
        std::string msg = "STIX bundle has no active x-mitre-matrix";
        if (!domain.empty()) {
            std::set<std::string> seen;
            for (const json* m : matrices)
                if (stix_active(*m)) seen.insert(stix_external_id(*m));
            msg += " for domain '" + std::string(domain) + "'";
            if (!seen.empty()) {
                msg += " (it has:";
                for (const auto& s : seen) msg += " '" + s + "'";
                msg += ")";
            }
        }
        diags.add(diag(Severity::Error, file, msg));
        return false;
    }
    if (matrix_domain.empty()) {
        diags.add(diag(Severity::Error, file, "the x-mitre-matrix has no mitre-attack external_id naming its domain"));
        return false;
    }
    if (candidates > 1)
        diags.add(diag(Severity::Warning, file, "several active x-mitre-matrix objects for " + matrix_domain + "; using the first"));

    Catalogue c;
    c.domain = matrix_domain;
    if (!collection_version.empty()) {
        c.attack_version = collection_version;
        if (!version.empty() && version != collection_version)
            diags.add(diag(Severity::Warning, file, "bundle says ATT&CK version " + collection_version + "; ignoring the version given (" +
                                                              std::string(version) + ")"));
    } else if (!version.empty()) {
        c.attack_version = std::string(version);
    } else if (std::string from_name = version_from_file_name(file, matrix_domain); !from_name.empty()) {
        c.attack_version = from_name;
        diags.add(diag(Severity::Info, file,
                       "bundle has no x-mitre-collection naming its ATT&CK version; version " + from_name +
                           " taken from the file name (MITRE's release files are named " + matrix_domain +
                           "-<version>.json)"));
    } else {
        diags.add(diag(Severity::Error, file,
                       "bundle has no x-mitre-collection naming its ATT&CK version and its file name is not MITRE's " +
                           matrix_domain + "-<version>.json; " + give_version(version_option)));
        return false;
    }

    std::unordered_set<std::string> tactic_names;
    for (const auto& ref : array_of(*matrix, "tactic_refs")) {
        if (!ref.is_string()) continue;
        auto it = by_stix_id.find(ref.get_ref<const std::string&>());
        if (it == by_stix_id.end() || str_of(*it->second, "type") != "x-mitre-tactic") {
            diags.add(diag(Severity::Warning, file, "matrix names tactic " + ref.get<std::string>() + " which the bundle does not hold"),
                      "tactic not in the bundle");
            continue;
        }
        Tactic t{stix_external_id(*it->second), str_of(*it->second, "x_mitre_shortname"), str_of(*it->second, "name")};
        if (t.shortname.empty() || !tactic_names.insert(t.shortname).second) {
            diags.add(diag(Severity::Warning, file, "tactic " + ref.get<std::string>() + " has no x_mitre_shortname or repeats one"),
                      "tactic without a usable shortname");
            continue;
        }
        if (t.name.empty()) t.name = title_case(t.shortname);
        c.tactics.push_back(std::move(t));
    }
    if (c.tactics.empty()) {
        diags.add(diag(Severity::Error, file, "the matrix lists no usable tactics"));
        return false;
    }

    // Techniques: one object per external id (the active one wins).
    std::map<std::string, const json*> winner;  // external id -> object
    std::size_t without_id = 0;
    for (const json* p : patterns) {
        std::string id = stix_external_id(*p);
        if (!valid_technique_id(id)) {
            ++without_id;
            continue;
        }
        auto [it, fresh] = winner.emplace(id, p);
        if (!fresh) {
            if (stix_better(*p, *it->second)) std::swap(it->second, p);
            diags.add(diag(Severity::Info, file, id + " is carried by two attack-patterns; kept " + str_of(*it->second, "id") +
                                                     ", dropped " + str_of(*p, "id")),
                      "technique carried twice");
        }
    }
    if (without_id)
        diags.add(diag(Severity::Warning, file, std::to_string(without_id) + " attack-patterns without a technique id were skipped"));

    std::unordered_map<std::string, std::string> ext_of;  // STIX id -> external id, winners only
    for (const auto& [id, p] : winner) ext_of.emplace(str_of(*p, "id"), id);

    std::unordered_map<std::string, std::string> parent_of, replacement_of;
    std::unordered_map<std::string, std::unordered_set<std::string>> users_of;  // technique id -> group STIX ids
    std::unordered_set<std::string> active_groups;
    for (const auto& [sid, obj] : by_stix_id) {
        const std::string& type = str_of(*obj, "type");
        if ((type == "intrusion-set" || type == "campaign") && stix_active(*obj)) active_groups.emplace(sid);
    }
    for (const json* r : relationships) {
        if (!stix_active(*r)) continue;
        const std::string& rel = str_of(*r, "relationship_type");
        const std::string &source = str_of(*r, "source_ref"), &target = str_of(*r, "target_ref");
        const auto target_ext = ext_of.find(target);
        if (target_ext == ext_of.end()) continue;
        if (rel == "uses") {
            if (active_groups.count(source)) users_of[target_ext->second].insert(source);
            continue;
        }
        const auto source_ext = ext_of.find(source);
        if (source_ext == ext_of.end()) continue;
        if (rel == "subtechnique-of") parent_of[source_ext->second] = target_ext->second;
        else if (rel == "revoked-by") replacement_of[source_ext->second] = target_ext->second;
    }

    // Mobile's deprecated network-effects tactics survive on deprecated techniques only: worth a
    // note, not a warning, unless an active technique loses a tactic.
    std::map<std::string, int> unknown_tactics;
    bool unknown_on_active = false;
    for (const auto& [id, p] : winner) {
        Technique t;
        t.id = id;
        t.name = str_of(*p, "name");
        for (const auto& phase : array_of(*p, "kill_chain_phases")) {
            if (!is_attack_source(str_of(phase, "kill_chain_name"))) continue;
            std::string tactic = str_of(phase, "phase_name");
            if (tactic.empty()) continue;
            if (tactic_names.count(tactic)) {
                t.tactics.push_back(std::move(tactic));
            } else {
                ++unknown_tactics[tactic];
                unknown_on_active |= stix_active(*p);
            }
        }
        for (const auto& platform : array_of(*p, "x_mitre_platforms"))
            if (platform.is_string()) t.platforms.push_back(platform.get<std::string>());
        t.deprecated = true_of(*p, "x_mitre_deprecated");
        t.revoked = true_of(*p, "revoked");
        if (t.revoked) {
            auto it = replacement_of.find(id);
            if (it != replacement_of.end()) t.revoked_by = it->second;
        }
        auto pit = parent_of.find(id);
        t.parent = pit != parent_of.end() ? pit->second : id_prefix(id);
        auto uit = users_of.find(id);
        t.groups = uit == users_of.end() ? 0 : static_cast<int>(uit->second.size());
        c.techniques.push_back(std::move(t));
    }
    if (!unknown_tactics.empty()) {
        std::string msg = "techniques name tactics outside the " + matrix_domain + " matrix (dropped from them):";
        std::size_t listed = 0;
        for (const auto& [name, n] : unknown_tactics) {
            if (++listed > 10) {
                msg += " and " + std::to_string(unknown_tactics.size() - 10) + " more";
                break;
            }
            msg += " " + excerpt(name) + " (" + std::to_string(n) + ")";
        }
        diags.add(diag(unknown_on_active ? Severity::Warning : Severity::Info, file, msg));
    }
    if (c.techniques.empty()) {
        diags.add(diag(Severity::Error, file, "the bundle holds no attack-pattern with an ATT&CK technique id"));
        return false;
    }
    c.total_groups = static_cast<int>(active_groups.size());

    // Threats: one object per ATT&CK id (the active one wins, as for techniques); their `uses` links
    // to the winning attack-pattern of a technique id, and `revoked-by` links between threats.
    std::map<std::string, const json*> threat_winner;
    std::size_t threats_without_id = 0;
    for (const json* t : threat_objects) {
        const std::string id = stix_external_id(*t);
        if (!valid_threat_id(id)) {
            ++threats_without_id;
            continue;
        }
        auto [it, fresh] = threat_winner.emplace(id, t);
        if (!fresh && stix_better(*t, *it->second)) it->second = t;
    }
    if (threats_without_id)
        diags.add(diag(Severity::Warning, file, std::to_string(threats_without_id) +
                                                          " groups, campaigns or software without an ATT&CK id were skipped"));
    std::unordered_map<std::string, std::string> threat_of;  // STIX id -> threat id, winners only
    for (const auto& [id, t] : threat_winner) threat_of.emplace(str_of(*t, "id"), id);
    std::map<std::string, std::vector<std::string>> uses;  // threat id -> technique ids
    std::map<std::string, std::string> threat_replacement;
    for (const json* r : relationships) {
        if (!stix_active(*r)) continue;
        const auto source = threat_of.find(str_of(*r, "source_ref"));
        if (source == threat_of.end()) continue;
        const std::string rel = str_of(*r, "relationship_type"), target = str_of(*r, "target_ref");
        if (rel == "uses") {
            if (auto t = ext_of.find(target); t != ext_of.end()) uses[source->second].push_back(t->second);
        } else if (rel == "revoked-by") {
            if (auto t = threat_of.find(target); t != threat_of.end()) threat_replacement[source->second] = t->second;
        }
    }
    for (const auto& [id, obj] : threat_winner) {
        ThreatKind kind = ThreatKind::Group;
        stix_threat_kind(str_of(*obj, "type"), kind);
        Threat t = stix_threat(*obj, id, kind);
        if (t.revoked)
            if (auto it = threat_replacement.find(id); it != threat_replacement.end()) t.revoked_by = it->second;
        if (auto it = uses.find(id); it != uses.end()) t.techniques = std::move(it->second);
        c.threats.push_back(std::move(t));
    }
    follow_revoked_uses(c);
    normalise(c);
    out = std::move(c);
    return true;
}

// ---- MISP galaxy clusters ----

// Tactic order: every attack-<Platform> list of the galaxy is a partial order of the Enterprise
// matrix; merge them topologically. Ties (lists that share no tactic, like attack-PRE) go by the
// ATT&CK facts table, then by first appearance. A contradiction between lists is reported and
// resolved the same way.
std::vector<std::string> merge_tactic_orders(const json& galaxy, const std::string& file, DiagnosticSink& diags) {
    std::vector<std::string> nodes;
    std::unordered_map<std::string, int> index;
    std::vector<std::set<int>> next;
    auto node = [&](const std::string& name) {
        auto [it, fresh] = index.emplace(name, static_cast<int>(nodes.size()));
        if (fresh) {
            nodes.push_back(name);
            next.emplace_back();
        }
        return it->second;
    };
    const json* orders = member(galaxy, "kill_chain_order");
    if (orders && orders->is_object()) {
        for (auto it = orders->begin(); it != orders->end(); ++it) {
            if (!starts_with(it.key(), "attack-") || !it.value().is_array()) continue;
            int prev = -1;
            for (const auto& t : it.value()) {
                if (!t.is_string() || t.get_ref<const std::string&>().empty()) continue;
                const int cur = node(t.get<std::string>());
                if (prev >= 0 && prev != cur) next[prev].insert(cur);
                prev = cur;
            }
        }
    }
    std::vector<int> indegree(nodes.size(), 0);
    for (const auto& n : next)
        for (int j : n) ++indegree[j];
    auto priority = [&](int i) {
        const int r = enterprise_tactic_rank(nodes[i]);
        return r >= 0 ? r : kEnterpriseTacticCount + i;
    };
    // Kahn's algorithm with the best-ranked ready tactic first; when only a cycle is left, the
    // best-ranked remaining tactic. Ordered sets keep both choices O(log n), so a galaxy file naming
    // 100,000 tactics costs n log n, not n².
    std::set<std::pair<int, int>> ready, remaining;  // (priority, node)
    for (int i = 0; i < static_cast<int>(nodes.size()); ++i) {
        remaining.insert({priority(i), i});
        if (indegree[i] == 0) ready.insert({priority(i), i});
    }
    std::vector<std::string> order;
    bool conflict = false;
    while (!remaining.empty()) {
        int best;
        if (!ready.empty()) {
            best = ready.begin()->second;
            ready.erase(ready.begin());
        } else {  // a cycle: the lists disagree; take the best-ranked remaining tactic
            conflict = true;
            best = remaining.begin()->second;
        }
        remaining.erase({priority(best), best});
        order.push_back(nodes[best]);
        for (int j : next[best])
            if (--indegree[j] == 0 && remaining.count({priority(j), j})) ready.insert({priority(j), j});
    }
    if (conflict)
        diags.add(diag(Severity::Warning, file, "the galaxy's kill_chain_order lists contradict each other; tactic order partly from ATT&CK's usual order"));
    return order;
}

// MITRE marks a deprecated technique only in prose, and MISP copies the description verbatim:
// "**This technique has been deprecated and should no longer be used.**", "**This technique has
// been deprecated. Please use ...**" or "This technique is deprecated due to ...". Checked against
// v18.1's bundle: on the Enterprise entries this rule finds exactly the 12 techniques flagged
// x_mitre_deprecated there, while descriptions that merely mention a deprecated API further down
// (T1548.004, T1055.013, ...) do not match because the sentence must open the description.
bool misp_deprecated(const std::string& description) {
    std::size_t i = 0;
    while (i < description.size() && (description[i] == '*' || description[i] == '_' || description[i] == ' ' ||
                                      description[i] == '\n' || description[i] == '\r' || description[i] == '\t'))
        ++i;
    const std::string_view rest = std::string_view(description).substr(i);
    for (const char* subject : {"This technique ", "This sub-technique ", "This object "}) {
        if (!starts_with(rest, subject)) continue;
        const std::string_view verb = rest.substr(std::string_view(subject).size());
        return starts_with(verb, "has been deprecated") || starts_with(verb, "is deprecated");
    }
    return false;
}

// "Windows Command Shell - T1059.003" -> "Windows Command Shell".
std::string misp_name(const std::string& value, const std::string& id) {
    const std::string suffix = " - " + id;
    if (value.size() > suffix.size() && value.compare(value.size() - suffix.size(), suffix.size(), suffix) == 0)
        return value.substr(0, value.size() - suffix.size());
    return value;
}

struct MispEntry {
    const json* value = nullptr;
    std::string uuid, id;
    bool revoked = false, deprecated = false;
    std::vector<std::string> tactics;  // from attack-<Platform>:<tactic> kill chains
    bool enterprise = false;           // has an attack-* kill chain (or is a revoked Enterprise entry, below)
};

// Platforms of the Enterprise matrix (v18/v19 names and older ones); Mobile uses Android and iOS.
bool enterprise_platform(const std::string& p) {
    static const std::unordered_set<std::string> names = {
        "Windows", "macOS", "Linux", "PRE", "Containers", "ESXi", "IaaS", "SaaS", "Network Devices", "Network",
        "Office Suite", "Office 365", "Identity Provider", "Azure AD", "Google Workspace", "AWS", "Azure", "GCP"};
    return names.count(p) > 0;
}

// The MISP inputs of one catalogue; only `patterns` is required.
struct MispInputs {
    const Input* patterns = nullptr;  // clusters/mitre-attack-pattern.json
    const Input* galaxy = nullptr;    // galaxies/mitre-attack-pattern.json (tactic order)
    const Input* groups = nullptr;    // clusters/mitre-intrusion-set.json
    const Input* malware = nullptr;   // clusters/mitre-malware.json
    const Input* tools = nullptr;     // clusters/mitre-tool.json
    const Input* bundle = nullptr;    // a STIX bundle for the campaigns and deprecated flags
};

// The threats of MISP cluster files (groups, malware, tools): one value per id (the non-revoked one
// wins, then the first), name without its " - G0016" suffix, synonyms as aliases, `uses` links to
// the techniques' winning values, `revoked-by` links between threats.
void misp_threats(const MispInputs& in, const std::unordered_map<std::string, std::string>& technique_of_uuid,
                  Catalogue& c, DiagnosticSink& diags) {
    struct Value {
        const json* v;
        ThreatKind kind;
        std::string id, uuid;
    };
    std::vector<Value> values;
    for (auto [input, kind] : {std::pair{in.groups, ThreatKind::Group}, std::pair{in.malware, ThreatKind::Malware},
                               std::pair{in.tools, ThreatKind::Tool}}) {
        if (!input) continue;
        std::size_t skipped = 0;
        for (const auto& v : array_of(input->doc, "values")) {
            const json* meta = member(v, "meta");
            Value x{&v, kind, meta ? str_of(*meta, "external_id") : std::string(), str_of(v, "uuid")};
            if (!valid_threat_id(x.id)) {
                ++skipped;
                continue;
            }
            values.push_back(std::move(x));
        }
        if (skipped)
            diags.add(diag(Severity::Warning, input->src->name,
                                 std::to_string(skipped) + " cluster values without a group or software id were skipped"));
    }
    std::map<std::string, std::size_t> winner;
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto [it, fresh] = winner.emplace(values[i].id, i);
        if (!fresh && true_of(*values[it->second].v, "revoked") && !true_of(*values[i].v, "revoked")) it->second = i;
    }
    std::unordered_map<std::string, std::string> threat_of_uuid;
    for (const auto& x : values)
        if (!x.uuid.empty()) threat_of_uuid.emplace(x.uuid, x.id);
    for (const auto& [id, i] : winner) {
        const Value& x = values[i];
        const json& v = *x.v;
        Threat t;
        t.id = id;
        t.kind = x.kind;
        t.name = misp_name(str_of(v, "value"), id);
        std::vector<std::string> names;
        if (const json* meta = member(v, "meta"))
            for (const auto& n : array_of(*meta, "synonyms"))
                if (n.is_string()) names.push_back(n.get<std::string>());
        t.aliases = other_names(t.name, names);
        t.revoked = true_of(v, "revoked");
        for (const auto& r : array_of(v, "related")) {
            const std::string type = str_of(r, "type"), dest = str_of(r, "dest-uuid");
            if (type == "uses") {
                if (auto it = technique_of_uuid.find(dest); it != technique_of_uuid.end()) t.techniques.push_back(it->second);
            } else if (type == "revoked-by" && t.revoked && t.revoked_by.empty()) {
                if (auto it = threat_of_uuid.find(dest); it != threat_of_uuid.end()) t.revoked_by = it->second;
            }
        }
        c.threats.push_back(std::move(t));
    }
}

// STIX ids are "<type>--<uuid>"; MISP uuids are the part after "--".
std::string stix_uuid(const std::string& stix_id) {
    const auto sep = stix_id.find("--");
    return sep == std::string::npos ? std::string() : stix_id.substr(sep + 2);
}

// What a STIX bundle adds to a MISP catalogue: its campaigns, whose uses are mapped onto the MISP
// techniques by uuid (a use of a technique the clusters lack is dropped and reported), and the
// deprecated flags of groups and software (MITRE does not bring a deprecated object back, and MISP
// keeps no flag). Everything else in the bundle describes its own release and is not used.
void misp_bundle_threats(const Input& bundle, const std::unordered_map<std::string, std::string>& technique_of_uuid,
                         Catalogue& c, DiagnosticSink& diags) {
    const std::string& file = bundle.src->name;
    const json& objects = array_of(bundle.doc, "objects");
    std::unordered_map<std::string, std::size_t> index_of_id;
    for (std::size_t i = 0; i < c.threats.size(); ++i) index_of_id.emplace(c.threats[i].id, i);
    std::map<std::string, const json*> campaigns;  // id -> object (the active one wins)
    std::unordered_map<std::string, std::string> campaign_of;  // STIX id -> campaign id
    int deprecated = 0;
    for (const auto& obj : objects) {
        const std::string type = str_of(obj, "type");
        ThreatKind kind;
        if (!stix_threat_kind(type, kind)) continue;
        const std::string id = stix_external_id(obj);
        if (!valid_threat_id(id)) continue;
        if (kind == ThreatKind::Campaign) {
            auto [it, fresh] = campaigns.emplace(id, &obj);
            if (!fresh && stix_better(obj, *it->second)) it->second = &obj;
        } else if (true_of(obj, "x_mitre_deprecated")) {
            // The same object in both releases keeps its ATT&CK id.
            auto it = index_of_id.find(id);
            if (it != index_of_id.end() && !c.threats[it->second].deprecated) {
                c.threats[it->second].deprecated = true;
                ++deprecated;
            }
        }
    }
    for (const auto& [id, obj] : campaigns) campaign_of.emplace(str_of(*obj, "id"), id);
    std::map<std::string, std::vector<std::string>> uses;
    std::set<std::string> unknown;  // technique ids (as the bundle names them) the clusters lack
    std::unordered_map<std::string, std::string> bundle_technique;  // STIX id -> id in the bundle, for messages
    for (const auto& obj : objects)
        if (str_of(obj, "type") == "attack-pattern") bundle_technique.emplace(str_of(obj, "id"), stix_external_id(obj));
    int dropped = 0;
    for (const auto& r : objects) {
        if (str_of(r, "type") != "relationship" || str_of(r, "relationship_type") != "uses" || !stix_active(r)) continue;
        const auto source = campaign_of.find(str_of(r, "source_ref"));
        const std::string target = str_of(r, "target_ref");
        if (source == campaign_of.end() || !starts_with(target, "attack-pattern--")) continue;
        const auto t = technique_of_uuid.find(stix_uuid(target));
        if (t != technique_of_uuid.end()) {
            uses[source->second].push_back(t->second);
        } else {
            ++dropped;
            const auto named = bundle_technique.find(target);
            unknown.insert(named != bundle_technique.end() && !named->second.empty() ? named->second : target);
        }
    }
    for (const auto& [id, obj] : campaigns) {
        Threat t = stix_threat(*obj, id, ThreatKind::Campaign);
        if (auto it = uses.find(id); it != uses.end()) t.techniques = std::move(it->second);
        c.threats.push_back(std::move(t));
    }
    diags.add(diag(Severity::Info, file, std::to_string(campaigns.size()) +
                                                   " campaigns taken from this bundle (MISP publishes no campaign "
                                                   "cluster), their technique uses mapped by STIX id; " +
                                                   std::to_string(deprecated) + " groups and software marked deprecated "
                                                   "as the bundle says"));
    if (dropped) {
        std::string msg = std::to_string(dropped) + " campaign technique uses dropped: the clusters have no technique with their STIX id (";
        int listed = 0;
        for (const auto& u : unknown) {
            if (listed++ == 10) {
                msg += ", ...";
                break;
            }
            msg += (listed > 1 ? ", " : "") + u;
        }
        diags.add(diag(Severity::Warning, file, msg + ")"));
    }
}

bool build_from_misp(const MispInputs& in, std::string_view version, std::string_view domain,
                     std::string_view version_option, Catalogue& out, DiagnosticSink& diags) {
    const Input* patterns_in = in.patterns;
    const Input* galaxy_in = in.galaxy;
    const Input* groups_in = in.groups;
    const std::string& file = patterns_in->src->name;
    if (!domain.empty() && domain != "enterprise-attack") {
        diags.add(diag(Severity::Error, file, "MISP galaxy input gives the enterprise-attack domain only, not '" + std::string(domain) + "'"));
        return false;
    }
    if (version.empty()) {
        diags.add(diag(Severity::Error, file, "MISP galaxy clusters do not say their ATT&CK version; " + give_version(version_option)));
        return false;
    }

    std::vector<MispEntry> entries;
    std::unordered_map<std::string, std::size_t> by_uuid;
    std::size_t malformed = 0;
    for (const auto& v : array_of(patterns_in->doc, "values")) {
        MispEntry e;
        e.value = &v;
        e.uuid = str_of(v, "uuid");
        const json* meta = member(v, "meta");
        e.id = meta ? str_of(*meta, "external_id") : std::string();
        if (e.uuid.empty() || !valid_technique_id(e.id)) {  // tactic entries (TA0005) and junk
            if (!starts_with(e.id, "TA")) ++malformed;
            continue;
        }
        e.revoked = true_of(v, "revoked");
        e.deprecated = misp_deprecated(str_of(v, "description"));
        if (meta) {
            for (const auto& k : array_of(*meta, "kill_chain")) {
                if (!k.is_string()) continue;
                const std::string& s = k.get_ref<const std::string&>();
                const auto colon = s.find(':');
                // attack-<Platform>:<tactic> is Enterprise; mobile-attack-* and pre-attack:* are not.
                if (!starts_with(s, "attack-") || colon == std::string::npos || colon + 1 == s.size()) continue;
                e.enterprise = true;
                e.tactics.push_back(s.substr(colon + 1));
            }
        }
        by_uuid.emplace(e.uuid, entries.size());
        entries.push_back(std::move(e));
    }
    if (malformed)
        diags.add(diag(Severity::Warning, file, std::to_string(malformed) + " cluster values without a uuid and technique id were skipped"));

    auto related = [](const json& v, const char* type) {
        std::vector<std::string> uuids;
        for (const auto& r : array_of(v, "related"))
            if (str_of(r, "type") == type) {
                std::string u = str_of(r, "dest-uuid");
                if (!u.empty()) uuids.push_back(std::move(u));
            }
        return uuids;
    };

    // Revoked values may come without kill_chain (MISP drops it on some, e.g. old Mobile ids). Such a
    // value is Enterprise when it is revoked by an Enterprise technique (followed through chains of
    // revocations), or, failing a link, when its platforms are Enterprise ones. The id must not also be
    // an active Enterprise id. We deliberately do not consult the embedded v18.1 catalogue: generating
    // v19 must not depend on which catalogue the generating binary happened to embed.
    std::unordered_set<std::string> active_ids;
    for (const auto& e : entries)
        if (e.enterprise && !e.revoked) active_ids.insert(e.id);
    auto candidate = [&](const MispEntry& e) { return !e.enterprise && e.revoked && !active_ids.count(e.id); };
    // Who is revoked by whom, reversed: marking an entry Enterprise then reaches the entries it
    // revokes directly, so chains of any length cost one visit per link (no pass per chain step).
    std::unordered_map<std::size_t, std::vector<std::size_t>> revokes;  // replacement -> revoked entries
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (!candidate(entries[i])) continue;
        for (const auto& u : related(*entries[i].value, "revoked-by")) {
            auto it = by_uuid.find(u);
            if (it != by_uuid.end() && it->second != i) revokes[it->second].push_back(i);
        }
    }
    std::vector<std::size_t> work;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].enterprise) {
            work.push_back(i);
        } else if (candidate(entries[i])) {
            const json* meta = member(*entries[i].value, "meta");
            bool ent = false;
            if (meta)
                for (const auto& p : array_of(*meta, "mitre_platforms"))
                    if (p.is_string() && enterprise_platform(p.get<std::string>())) ent = true;
            if (ent) {
                entries[i].enterprise = true;
                work.push_back(i);
            }
        }
    }
    while (!work.empty()) {
        const std::size_t r = work.back();
        work.pop_back();
        auto it = revokes.find(r);
        if (it == revokes.end()) continue;
        for (std::size_t i : it->second) {
            if (!candidate(entries[i])) continue;
            entries[i].enterprise = true;
            work.push_back(i);
        }
    }

    // One value per external id: the active one wins, then the first in the file.
    std::map<std::string, std::size_t> winner;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const MispEntry& e = entries[i];
        if (!e.enterprise) continue;
        auto [it, fresh] = winner.emplace(e.id, i);
        if (fresh) continue;
        const MispEntry& cur = entries[it->second];
        const bool better = (!e.revoked && !e.deprecated) && (cur.revoked || cur.deprecated);
        diags.add(diag(Severity::Info, file, e.id + " is carried by two cluster values; kept " + (better ? e.uuid : cur.uuid) +
                                                 ", dropped " + (better ? cur.uuid : e.uuid)),
                  "technique carried twice");
        if (better) it->second = i;
    }
    std::unordered_map<std::string, std::string> id_of_winner_uuid;
    for (const auto& [id, i] : winner) id_of_winner_uuid.emplace(entries[i].uuid, id);
    auto id_of_uuid = [&](const std::string& u) {
        auto it = by_uuid.find(u);
        return it == by_uuid.end() ? std::string() : entries[it->second].id;
    };

    Catalogue c;
    c.attack_version = std::string(version);
    c.domain = "enterprise-attack";

    std::vector<std::string> order;
    if (galaxy_in) order = merge_tactic_orders(galaxy_in->doc, galaxy_in->src->name, diags);
    else
        diags.add(diag(Severity::Warning, file, "no galaxy file (galaxies/mitre-attack-pattern.json) given: tactic order from ATT&CK's usual order"));
    std::set<std::string> used;
    for (const auto& [id, i] : winner) used.insert(entries[i].tactics.begin(), entries[i].tactics.end());
    std::vector<std::string> missing;
    const std::unordered_set<std::string> ordered(order.begin(), order.end());
    for (const auto& t : used)
        if (!ordered.count(t)) missing.push_back(t);
    std::stable_sort(missing.begin(), missing.end(), [](const std::string& a, const std::string& b) {
        const int ra = enterprise_tactic_rank(a), rb = enterprise_tactic_rank(b);
        return (ra < 0 ? kEnterpriseTacticCount : ra) < (rb < 0 ? kEnterpriseTacticCount : rb);
    });
    if (galaxy_in && !missing.empty()) {
        std::string msg = "tactics used by techniques but absent from the galaxy's order (appended):";
        for (std::size_t i = 0; i < missing.size() && i < 10; ++i) msg += " " + excerpt(missing[i]);
        if (missing.size() > 10) msg += " and " + std::to_string(missing.size() - 10) + " more";
        diags.add(diag(Severity::Warning, galaxy_in->src->name, msg));
    }
    order.insert(order.end(), missing.begin(), missing.end());
    for (const auto& t : order) c.tactics.push_back(enterprise_tactic(t));

    // Group usage: non-revoked intrusion sets (revoked ones are aliases of a surviving group and
    // carry no links). MISP has no campaign clusters, so v19 counts groups only; the campaigns a
    // bundle adds below are threats to select, not part of these counts (their uses are mapped
    // across releases, and the default frequency stays what the MISP data says).
    std::unordered_map<std::string, int> users;
    if (groups_in) {
        for (const auto& g : array_of(groups_in->doc, "values")) {
            if (true_of(g, "revoked")) continue;
            ++c.total_groups;
            std::unordered_set<std::string> techniques;
            for (const auto& u : related(g, "uses")) {
                auto it = id_of_winner_uuid.find(u);
                if (it != id_of_winner_uuid.end()) techniques.insert(it->second);
            }
            for (const auto& t : techniques) ++users[t];
        }
    } else {
        diags.add(diag(Severity::Info, file, "no intrusion-set clusters given: group counts are 0"));
    }

    for (const auto& [id, i] : winner) {
        const MispEntry& e = entries[i];
        const json& v = *e.value;
        Technique t;
        t.id = id;
        t.name = misp_name(str_of(v, "value"), id);
        t.tactics = e.tactics;
        if (const json* meta = member(v, "meta"))
            for (const auto& p : array_of(*meta, "mitre_platforms"))
                if (p.is_string()) t.platforms.push_back(p.get<std::string>());
        t.revoked = e.revoked;
        t.deprecated = e.deprecated;
        if (t.revoked)
            for (const auto& u : related(v, "revoked-by"))
                if (t.revoked_by.empty()) t.revoked_by = id_of_uuid(u);
        for (const auto& u : related(v, "subtechnique-of"))
            if (t.parent.empty()) t.parent = id_of_uuid(u);
        if (t.parent.empty()) t.parent = id_prefix(id);
        auto uit = users.find(id);
        t.groups = uit == users.end() ? 0 : uit->second;
        c.techniques.push_back(std::move(t));
    }
    if (c.techniques.empty()) {
        diags.add(diag(Severity::Error, file, "the attack-pattern clusters hold no Enterprise technique (attack-<Platform>:<tactic> kill chains)"));
        return false;
    }
    misp_threats(in, id_of_winner_uuid, c, diags);
    if (in.bundle) misp_bundle_threats(*in.bundle, id_of_winner_uuid, c, diags);
    follow_revoked_uses(c);
    normalise(c);
    out = std::move(c);
    return true;
}

bool load_catalogue_doc(const json& doc, const std::string& file, Catalogue& out, DiagnosticSink& diags);

bool build_catalogue_impl(const std::vector<SourceFile>& inputs, std::string_view version, std::string_view domain,
                          std::string_view version_option, bool full_json_dom, Catalogue& out, DiagnosticSink& diags) {
    std::vector<Input> parsed;
    parsed.reserve(inputs.size());
    for (const auto& src : inputs) {
        Input in;
        in.src = &src;
        if (!parse_json(src.text, src.name, in.doc, diags, !full_json_dom)) continue;
        in.kind = sniff(in.doc);
        if (in.kind == Kind::Unknown) {
            diags.add(diag(Severity::Error, src.name,
                                 "not ATT&CK data: expected a STIX 2.1 bundle, a MISP galaxy cluster/galaxy file or a sigma-heatmap catalogue"));
            continue;
        }
        if (in.kind == Kind::MispIgnored)
            diags.add(diag(Severity::Info, src.name, "MISP " + str_of(in.doc, "type") + " file ignored (not used by the catalogue)"));
        parsed.push_back(std::move(in));
    }

    std::vector<const Input*> bundles, catalogues, patterns, groups, malware, tools, galaxies;
    for (const auto& in : parsed) {
        switch (in.kind) {
            case Kind::StixBundle: bundles.push_back(&in); break;
            case Kind::Catalogue: catalogues.push_back(&in); break;
            case Kind::MispAttackPatterns: patterns.push_back(&in); break;
            case Kind::MispIntrusionSets: groups.push_back(&in); break;
            case Kind::MispMalware: malware.push_back(&in); break;
            case Kind::MispTools: tools.push_back(&in); break;
            case Kind::MispGalaxy: galaxies.push_back(&in); break;
            default: break;
        }
    }
    const bool misp = !patterns.empty() || !groups.empty() || !malware.empty() || !tools.empty() || !galaxies.empty();
    // Beside MISP clusters a bundle is their companion (campaigns, deprecated flags), not a source.
    const bool companion = misp && !bundles.empty() && catalogues.empty();
    const int sources = (bundles.empty() || companion ? 0 : 1) + (catalogues.empty() ? 0 : 1) + (misp ? 1 : 0);
    if (sources == 0) {
        if (inputs.empty()) diags.add(diag(Severity::Error, "", "no ATT&CK data given"));
        else if (diags.errors() == 0) diags.add(diag(Severity::Error, "", "no usable ATT&CK data among the inputs"));
        return false;
    }
    if (sources > 1) {
        diags.add(diag(Severity::Error, "", "inputs mix ATT&CK sources (STIX bundle, MISP clusters, catalogue); give one kind"));
        return false;
    }
    auto one = [&](const std::vector<const Input*>& v, const char* what) {
        if (v.size() <= 1) return true;
        std::string msg = std::string("more than one ") + what + " given:";
        for (const Input* in : v) msg += " " + in->src->name;
        diags.add(diag(Severity::Error, "", msg));
        return false;
    };
    if (!bundles.empty() && !companion)
        return one(bundles, "STIX bundle") && build_from_stix(*bundles[0], version, domain, version_option, out, diags);
    if (!catalogues.empty()) {
        if (!one(catalogues, "catalogue")) return false;
        Catalogue c;
        const std::string& file = catalogues[0]->src->name;
        if (!load_catalogue_doc(catalogues[0]->doc, file, c, diags)) return false;
        if (!domain.empty() && c.domain != domain) {
            diags.add(diag(Severity::Error, file, "catalogue is for " + c.domain + ", not " + std::string(domain)));
            return false;
        }
        if (!version.empty() && c.attack_version != version)
            diags.add(diag(Severity::Warning, file, "catalogue is ATT&CK " + c.attack_version + "; ignoring the version given (" +
                                                              std::string(version) + ")"));
        out = std::move(c);
        return true;
    }
    if (!one(patterns, "MISP attack-pattern cluster file") || !one(groups, "MISP intrusion-set cluster file") ||
        !one(malware, "MISP malware cluster file") || !one(tools, "MISP tool cluster file") ||
        !one(galaxies, "MISP attack-pattern galaxy file") || !one(bundles, "STIX bundle"))
        return false;
    if (patterns.empty()) {
        diags.add(diag(Severity::Error, "", "MISP input needs clusters/mitre-attack-pattern.json"));
        return false;
    }
    MispInputs m;
    m.patterns = patterns[0];
    m.galaxy = galaxies.empty() ? nullptr : galaxies[0];
    m.groups = groups.empty() ? nullptr : groups[0];
    m.malware = malware.empty() ? nullptr : malware[0];
    m.tools = tools.empty() ? nullptr : tools[0];
    m.bundle = bundles.empty() ? nullptr : bundles[0];
    return build_from_misp(m, version, domain, version_option, out, diags);
}

// ---- the catalogue file ----

std::string quoted(const std::string& s) {
    // replace, not throw, on invalid UTF-8: the writer has no way to report an error.
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

void append_list(std::string& out, const char* key, const std::vector<std::string>& items) {
    out += ", \"";
    out += key;
    out += "\": [";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += quoted(items[i]);
    }
    out += ']';
}

bool load_catalogue_doc(const json& doc, const std::string& file, Catalogue& out, DiagnosticSink& diags) {
    const int first = diags.errors();
    // Per-item problems are capped per kind: a 100,000-entry file of wrong entries gives 20 lines.
    auto error = [&](std::string msg, std::string_view kind = {}) {
        diags.add(diag(Severity::Error, file, std::move(msg)), kind);
    };
    if (!doc.is_object()) {
        error("a catalogue is a JSON object");
        return false;
    }
    const std::string format = str_of(doc, "format");
    if (format != kFormat) {
        error(format.empty() ? "not a sigma-heatmap catalogue (no \"format\")"
                             : "unsupported catalogue format '" + format + "' (this build reads " + kFormat + ")");
        return false;
    }
    Catalogue c;
    c.attack_version = str_of(doc, "attack_version");
    c.domain = str_of(doc, "domain");
    if (c.attack_version.empty()) error("\"attack_version\" must be a non-empty string");
    if (c.domain.empty()) error("\"domain\" must be a non-empty string");
    const json* total = member(doc, "total_groups");
    if (!total || !total->is_number_integer() || total->get<long long>() < 0 || total->get<long long>() > 1000000000)
        error("\"total_groups\" must be a non-negative integer");
    else
        c.total_groups = static_cast<int>(total->get<long long>());

    const json* tactics = member(doc, "tactics");
    const json* techniques = member(doc, "techniques");
    if (!tactics || !tactics->is_array()) error("\"tactics\" must be an array");
    if (!techniques || !techniques->is_array()) error("\"techniques\" must be an array");
    if (diags.errors() != first) return false;

    std::unordered_set<std::string> tactic_names;
    for (std::size_t i = 0; i < tactics->size(); ++i) {
        const json& t = (*tactics)[i];
        const std::string where = "tactics[" + std::to_string(i) + "]";
        if (!t.is_object()) {
            error(where + " must be an object", "entry is not an object");
            continue;
        }
        Tactic tactic{str_of(t, "id"), str_of(t, "shortname"), str_of(t, "name")};
        if (tactic.shortname.empty()) error(where + ": \"shortname\" must be a non-empty string", "bad tactic");
        else if (!tactic_names.insert(tactic.shortname).second) error(where + ": tactic '" + excerpt(tactic.shortname) + "' appears twice", "bad tactic");
        const json* id = member(t, "id");
        if (id && !id->is_string()) error(where + ": \"id\" must be a string", "bad tactic");
        if (tactic.name.empty()) error(where + ": \"name\" must be a non-empty string", "bad tactic");
        c.tactics.push_back(std::move(tactic));
    }

    std::unordered_set<std::string> ids;
    for (std::size_t i = 0; i < techniques->size(); ++i) {
        const json& t = (*techniques)[i];
        std::string where = "techniques[" + std::to_string(i) + "]";
        if (!t.is_object()) {
            error(where + " must be an object", "entry is not an object");
            continue;
        }
        Technique tech;
        tech.id = str_of(t, "id");
        tech.name = str_of(t, "name");
        if (!valid_technique_id(tech.id)) {
            error(where + ": \"id\" must be a technique id like T1059 or T1059.003", "bad technique id");
            continue;
        }
        where += " (" + tech.id + ")";
        if (!ids.insert(tech.id).second) error(where + ": technique appears twice", "technique appears twice");
        if (!member(t, "name") || !member(t, "name")->is_string()) error(where + ": \"name\" must be a string", "bad technique field");
        auto optional_string = [&](const char* key, std::string& field) {
            const json* v = member(t, key);
            if (!v) return;
            if (v->is_string()) field = v->get<std::string>();
            else error(where + ": \"" + key + "\" must be a string", "bad technique field");
        };
        auto optional_list = [&](const char* key, std::vector<std::string>& field) {
            const json* v = member(t, key);
            if (!v) return;
            if (!v->is_array()) {
                error(where + ": \"" + key + "\" must be an array of strings", "bad technique field");
                return;
            }
            for (const auto& s : *v) {
                if (s.is_string()) field.push_back(s.get<std::string>());
                else error(where + ": \"" + key + "\" must be an array of strings", "bad technique field");
            }
        };
        auto optional_bool = [&](const char* key, bool& field) {
            const json* v = member(t, key);
            if (!v) return;
            if (v->is_boolean()) field = v->get<bool>();
            else error(where + ": \"" + key + "\" must be true or false", "bad technique field");
        };
        optional_string("parent", tech.parent);
        optional_string("revoked_by", tech.revoked_by);
        optional_list("tactics", tech.tactics);
        optional_list("platforms", tech.platforms);
        optional_bool("deprecated", tech.deprecated);
        optional_bool("revoked", tech.revoked);
        if (const json* g = member(t, "groups")) {
            if (!g->is_number_integer() || g->get<long long>() < 0 || g->get<long long>() > 1000000000)
                error(where + ": \"groups\" must be a non-negative integer", "bad technique field");
            else
                tech.groups = static_cast<int>(g->get<long long>());
        }
        // The writer leaves these out when empty, so when present they must name a technique.
        if (member(t, "parent") && !valid_technique_id(tech.parent)) error(where + ": \"parent\" is not a technique id", "bad technique field");
        if (member(t, "revoked_by") && !valid_technique_id(tech.revoked_by)) error(where + ": \"revoked_by\" is not a technique id", "bad technique field");
        for (const auto& name : tech.tactics)
            if (!tactic_names.count(name)) error(where + ": unknown tactic '" + excerpt(name) + "' (not in \"tactics\")", "unknown tactic");
        c.techniques.push_back(std::move(tech));
    }

    // Threats: optional (catalogues written before they existed have none).
    const json* threats = member(doc, "threats");
    if (threats && !threats->is_array()) error("\"threats\" must be an array");
    std::unordered_set<std::string> threat_ids;
    for (std::size_t i = 0; threats && threats->is_array() && i < threats->size(); ++i) {
        const json& t = (*threats)[i];
        std::string where = "threats[" + std::to_string(i) + "]";
        if (!t.is_object()) {
            error(where + " must be an object");
            continue;
        }
        Threat threat;
        threat.id = str_of(t, "id");
        if (!valid_threat_id(threat.id)) {
            error(where + ": \"id\" must be a group, campaign or software id like G0016, C0024 or S0002");
            continue;
        }
        where += " (" + threat.id + ")";
        if (!threat_ids.insert(threat.id).second) error(where + ": threat appears twice");
        if (!parse_threat_kind(str_of(t, "kind"), threat.kind)) error(where + ": \"kind\" must be group, campaign, malware or tool");
        const json* name = member(t, "name");
        if (!name || !name->is_string()) error(where + ": \"name\" must be a string");
        else threat.name = name->get<std::string>();
        auto strings = [&](const char* key, std::vector<std::string>& field, bool technique_ids) {
            const json* v = member(t, key);
            if (!v) return;
            if (!v->is_array()) return error(where + ": \"" + key + "\" must be an array of strings");
            for (const auto& x : *v) {
                if (!x.is_string()) return error(where + ": \"" + key + "\" must be an array of strings");
                if (technique_ids && !valid_technique_id(x.get_ref<const std::string&>()))
                    return error(where + ": \"" + key + "\" holds '" + x.get<std::string>() + "', not a technique id");
                field.push_back(x.get<std::string>());
            }
        };
        strings("aliases", threat.aliases, false);
        strings("techniques", threat.techniques, true);
        for (auto [key, field] : {std::pair{"deprecated", &threat.deprecated}, std::pair{"revoked", &threat.revoked}}) {
            const json* v = member(t, key);
            if (!v) continue;
            if (v->is_boolean()) *field = v->get<bool>();
            else error(where + ": \"" + key + "\" must be true or false");
        }
        if (const json* v = member(t, "revoked_by")) {
            if (v->is_string() && valid_threat_id(v->get_ref<const std::string&>())) threat.revoked_by = v->get<std::string>();
            else error(where + ": \"revoked_by\" is not a threat id");
        }
        c.threats.push_back(std::move(threat));
    }
    if (diags.errors() != first) return false;
    normalise(c);
    // Dangling links do not make the file unusable (a lookup just finds nothing), but say so.
    for (const auto& t : c.techniques) {
        if (!t.parent.empty() && !c.find(t.parent))
            diags.add(diag(Severity::Warning, file, t.id + ": parent " + t.parent + " is not in the catalogue"), "dangling parent");
        if (!t.revoked_by.empty() && !c.find(t.revoked_by))
            diags.add(diag(Severity::Warning, file, t.id + ": replacement " + t.revoked_by + " is not in the catalogue"), "dangling replacement");
    }
    for (const auto& t : c.threats) {
        int unknown = 0;
        std::string example;
        for (const auto& id : t.techniques)
            if (!c.find(id) && unknown++ == 0) example = id;
        if (unknown)
            diags.add(diag(Severity::Warning, file, t.id + ": " + std::to_string(unknown) + " technique" +
                                                              (unknown == 1 ? "" : "s") + " it uses (" + example +
                                                              (unknown == 1 ? "" : ", ...") + ") not in the catalogue"),
                      "threat uses an unknown technique");
        if (!t.revoked_by.empty() && !c.find_threat(t.revoked_by))
            diags.add(diag(Severity::Warning, file, t.id + ": replacement " + t.revoked_by + " is not in the catalogue"),
                      "dangling threat replacement");
    }
    out = std::move(c);
    return true;
}

std::unique_ptr<const Catalogue> load_embedded(std::string_view name) {
    const std::string_view text = embedded_file(name);
    if (text.empty()) return nullptr;
    auto c = std::make_unique<Catalogue>();
    Diagnostics ignored;  // the unit tests check the embedded files; the API only says "absent"
    if (!catalogue_from_json(text, *c, ignored)) return nullptr;
    return c;
}

}  // namespace

// ---- Catalogue lookups ----

void Catalogue::reindex() {
    by_id_.clear();
    tactic_by_name_.clear();
    by_id_.reserve(techniques.size());
    for (std::size_t i = 0; i < techniques.size(); ++i) by_id_.emplace(techniques[i].id, i);
    for (std::size_t i = 0; i < tactics.size(); ++i) tactic_by_name_.emplace(tactics[i].shortname, static_cast<int>(i));
    threat_by_id_.clear();
    threat_by_id_.reserve(threats.size());
    for (std::size_t i = 0; i < threats.size(); ++i) threat_by_id_.emplace(threats[i].id, i);
}

namespace {
bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}
}  // namespace

bool on_platforms(const Technique& t, const std::vector<std::string>& platforms) {
    if (platforms.empty()) return true;
    for (const auto& p : t.platforms)
        for (const auto& want : platforms)
            if (same_name(p, want)) return true;
    return false;
}

std::vector<std::string> catalogue_platforms(const Catalogue& cat) {
    std::set<std::string> all;
    for (const auto& t : cat.techniques)
        for (const auto& p : t.platforms) all.insert(p);
    return {all.begin(), all.end()};
}

std::optional<std::string> catalogue_platform(const Catalogue& cat, std::string_view name) {
    for (const auto& t : cat.techniques)
        for (const auto& p : t.platforms)
            if (same_name(p, name)) return p;
    return std::nullopt;
}

std::string platform_words(const std::vector<std::string>& platforms) {
    std::string out;
    for (std::size_t i = 0; i < platforms.size(); ++i)
        out += (i == 0 ? "" : i + 1 == platforms.size() ? " or " : ", ") + platforms[i];
    return out;
}

std::string on_platform_words(const std::vector<std::string>& platforms) {
    return platforms.empty() ? std::string() : " on " + platform_words(platforms);
}

std::string Catalogue::label() const {
    return "ATT&CK " + (attack_version.empty() ? std::string("?") : attack_version) + " " +
           (domain.empty() ? std::string("catalogue") : domain);
}

const Technique* Catalogue::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() || it->second >= techniques.size() ? nullptr : &techniques[it->second];
}

int Catalogue::tactic_index(std::string_view shortname) const {
    auto it = tactic_by_name_.find(std::string(shortname));
    return it == tactic_by_name_.end() ? -1 : it->second;
}

const Tactic* Catalogue::find_tactic(std::string_view shortname) const {
    const int i = tactic_index(shortname);
    return i < 0 || i >= static_cast<int>(tactics.size()) ? nullptr : &tactics[i];
}

const Threat* Catalogue::find_threat(std::string_view id) const {
    auto it = threat_by_id_.find(std::string(id));
    return it == threat_by_id_.end() || it->second >= threats.size() ? nullptr : &threats[it->second];
}

const char* threat_kind_name(ThreatKind k) {
    switch (k) {
        case ThreatKind::Group: return "group";
        case ThreatKind::Campaign: return "campaign";
        case ThreatKind::Malware: return "malware";
        case ThreatKind::Tool: return "tool";
    }
    return "group";
}

bool parse_threat_kind(std::string_view s, ThreatKind& out) {
    for (ThreatKind k : {ThreatKind::Group, ThreatKind::Campaign, ThreatKind::Malware, ThreatKind::Tool})
        if (s == threat_kind_name(k)) {
            out = k;
            return true;
        }
    return false;
}

// ---- generator and file format ----

bool build_catalogue(const std::vector<SourceFile>& inputs, std::string_view version, std::string_view domain,
                     Catalogue& out, Diagnostics& out_diags, std::string_view version_option, bool full_json_dom) {
    DiagnosticSink diags(out_diags);
    try {
        return build_catalogue_impl(inputs, version, domain, version_option, full_json_dom, out, diags);
    } catch (const std::exception& e) {  // json type errors we did not foresee, bad_alloc
        diags.add(diag(Severity::Error, "", std::string("cannot read the ATT&CK data: ") + e.what()));
        return false;
    }
}

std::string catalogue_to_json(const Catalogue& c) {
    std::vector<const Technique*> techniques;
    techniques.reserve(c.techniques.size());
    for (const auto& t : c.techniques) techniques.push_back(&t);
    std::stable_sort(techniques.begin(), techniques.end(),
                     [](const Technique* a, const Technique* b) { return technique_id_less(a->id, b->id); });

    std::string out;
    out.reserve(256 + 160 * c.techniques.size());
    out += "{\n";
    out += "  \"format\": " + quoted(kFormat) + ",\n";
    out += "  \"attack_version\": " + quoted(c.attack_version) + ",\n";
    out += "  \"domain\": " + quoted(c.domain) + ",\n";
    out += "  \"total_groups\": " + std::to_string(c.total_groups) + ",\n";
    out += "  \"tactics\": [";
    for (std::size_t i = 0; i < c.tactics.size(); ++i) {
        const Tactic& t = c.tactics[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"id\": " + quoted(t.id) + ", \"shortname\": " + quoted(t.shortname) + ", \"name\": " + quoted(t.name) + "}";
    }
    out += c.tactics.empty() ? "],\n" : "\n  ],\n";
    out += "  \"techniques\": [";
    for (std::size_t i = 0; i < techniques.size(); ++i) {
        const Technique& t = *techniques[i];
        out += i ? ",\n    " : "\n    ";
        out += "{\"id\": " + quoted(t.id) + ", \"name\": " + quoted(t.name);
        if (!t.parent.empty()) out += ", \"parent\": " + quoted(t.parent);
        if (!t.tactics.empty()) append_list(out, "tactics", t.tactics);
        if (!t.platforms.empty()) append_list(out, "platforms", t.platforms);
        if (t.deprecated) out += ", \"deprecated\": true";
        if (t.revoked) out += ", \"revoked\": true";
        if (!t.revoked_by.empty()) out += ", \"revoked_by\": " + quoted(t.revoked_by);
        if (t.groups) out += ", \"groups\": " + std::to_string(t.groups);
        out += '}';
    }
    out += techniques.empty() ? "]" : "\n  ]";
    if (!c.threats.empty()) {
        // Left out when empty, so catalogues without threats keep their bytes.
        std::vector<const Threat*> threats;
        for (const auto& t : c.threats) threats.push_back(&t);
        std::stable_sort(threats.begin(), threats.end(),
                         [](const Threat* a, const Threat* b) { return threat_id_less(a->id, b->id); });
        out += ",\n  \"threats\": [";
        for (std::size_t i = 0; i < threats.size(); ++i) {
            const Threat& t = *threats[i];
            out += i ? ",\n    " : "\n    ";
            out += "{\"id\": " + quoted(t.id) + ", \"kind\": " + quoted(threat_kind_name(t.kind)) + ", \"name\": " + quoted(t.name);
            if (!t.aliases.empty()) append_list(out, "aliases", t.aliases);
            if (t.deprecated) out += ", \"deprecated\": true";
            if (t.revoked) out += ", \"revoked\": true";
            if (!t.revoked_by.empty()) out += ", \"revoked_by\": " + quoted(t.revoked_by);
            if (!t.techniques.empty()) append_list(out, "techniques", t.techniques);
            out += '}';
        }
        out += "\n  ]";
    }
    out += "\n}\n";
    return out;
}

bool catalogue_from_json(std::string_view text, Catalogue& out, Diagnostics& out_diags) {
    DiagnosticSink diags(out_diags);
    try {
        json doc;
        if (!parse_json(text, "", doc, diags)) return false;
        return load_catalogue_doc(doc, "", out, diags);
    } catch (const std::exception& e) {
        diags.add(diag(Severity::Error, "", std::string("cannot read the catalogue: ") + e.what()));
        return false;
    }
}

const Catalogue& default_catalogue() {
    // Parsed once; an empty catalogue (never null) if the build embedded no v19 file.
    static const std::unique_ptr<const Catalogue> c = [] {
        auto loaded = load_embedded("attack/enterprise-attack-19.json");
        return loaded ? std::move(loaded) : std::make_unique<const Catalogue>();
    }();
    return *c;
}

namespace {
// "18" -> "18", "18.1" -> "18"; "" for anything else ("v18", "18.x", "").
std::string_view attack_major(std::string_view version) {
    const std::string_view major = version.substr(0, version.find('.'));
    const std::string_view rest = major.size() < version.size() ? version.substr(major.size() + 1) : std::string_view{};
    auto digits = [](std::string_view t) {
        return !t.empty() && t.size() <= 4 && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(major) || (major.size() < version.size() && !digits(rest))) return {};
    return major;
}
}  // namespace

const Catalogue* embedded_catalogue(std::string_view version) {
    if (version == "19") return &default_catalogue();
    if (version == "18.1") {
        static const std::unique_ptr<const Catalogue> c = load_embedded("attack/enterprise-attack-18.1.json");
        return c.get();
    }
    // A major version alone (the Navigator's "18"), or another release of it: that major's.
    const std::string_view major = attack_major(version);
    if (major == "19") return embedded_catalogue("19");
    if (major == "18") return embedded_catalogue("18.1");
    return nullptr;
}

bool same_attack_release(std::string_view wanted, std::string_view have) {
    if (wanted == have) return true;
    return wanted.find('.') == std::string_view::npos && !attack_major(wanted).empty() && attack_major(have) == wanted;
}

}  // namespace sh
