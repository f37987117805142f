// tags.cpp — the ATT&CK tag grammar: turns one Sigma tag into a technique, tactic, group,
// software, "other" tag, or a Malformed tag with the reason in words a rule author understands.
// Pure text rules only: whether the id or tactic exists is decided by the catalogue.
#include "tags.hpp"

namespace sh {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }
char upper(char c) { return (c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c; }

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = lower(c);
    return out;
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// why continues a sentence that starts with the quoted tag.
Tag malformed(std::string_view raw, const std::string& why) {
    return Tag{TagKind::Malformed, std::string(raw), "'" + std::string(raw) + "'" + why};
}

// name = the part after "attack." (any case). Ids are a letter then exactly four digits, so
// "t105" or "t10590" are typos, not some other kind of tag.
Tag parse_attack_name(std::string_view raw, std::string_view name) {
    if (name.empty())
        return malformed(raw, " has nothing after 'attack.': write attack.tNNNN, attack.<tactic-name>, "
                              "attack.gNNNN or attack.sNNNN");
    for (char c : name)
        if (c == ' ' || c == '\t')
            return malformed(raw, " contains a space: ATT&CK tags are one word such as attack.t1059.001 "
                                  "or attack.privilege-escalation");

    const char kind = lower(name[0]);
    const bool id_like = name.size() >= 2 && is_digit(name[1]);
    if (kind == 't' && id_like) {
        // tNNNN or tNNNN.NNN
        const std::string_view body = name.substr(1);
        const auto dot = body.find('.');
        const std::string_view base = body.substr(0, dot);
        const std::string_view sub = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
        const bool ok = base.size() == 4 && all_digits(base) &&
                        (dot == std::string_view::npos || (sub.size() == 3 && all_digits(sub)));
        if (!ok)
            return malformed(raw, ": technique ids are attack.tNNNN or attack.tNNNN.NNN "
                                  "(four digits, then optionally a dot and three digits, e.g. attack.t1059.001)");
        std::string id = "T" + std::string(base);
        if (dot != std::string_view::npos) id += "." + std::string(sub);
        return Tag{TagKind::Technique, id, {}};
    }
    if ((kind == 'g' || kind == 's') && id_like) {
        const std::string_view digits = name.substr(1);
        const char* what = kind == 'g' ? "group ids are attack.gNNNN (four digits, e.g. attack.g0016)"
                                       : "software ids are attack.sNNNN (four digits, e.g. attack.s0002)";
        if (digits.size() != 4 || !all_digits(digits)) return malformed(raw, std::string(": ") + what);
        return Tag{kind == 'g' ? TagKind::Group : TagKind::Software, std::string(1, upper(kind)) + std::string(digits),
                   {}};
    }
    if (kind == 't' && name.size() >= 3 && lower(name[1]) == 'a' && is_digit(name[2]))
        return malformed(raw, ": tactic ids (TA0002) are not used in Sigma tags; write the tactic's name, "
                              "e.g. attack.execution");

    std::size_t prefix = 0;
    while (prefix < name.size() && is_letter(name[prefix])) ++prefix;
    if (prefix > 0 && prefix < name.size() && all_digits(name.substr(prefix))) {  // attack.ds0005, attack.m1040
        // The kinds ATT&CK numbers this way; a prefix it does not use is only "another kind".
        static const std::pair<const char*, const char*> kKinds[] = {
            {"ds", "a data source"}, {"dc", "a data component"}, {"det", "a detection strategy"},
            {"an", "an analytic"},   {"m", "a mitigation"},      {"c", "a campaign"},
            {"a", "an asset"}};
        const std::string letters = to_lower(name.substr(0, prefix));
        std::string what = " looks like another kind of ATT&CK id";
        for (const auto& [p, kind] : kKinds)
            if (letters == p) {
                std::string id(name);
                for (char& c : id) c = upper(c);
                what = " is " + std::string(kind) + " id (" + id + ") in ATT&CK, not counted";
                break;
            }
        return malformed(raw, what + "; Sigma's attack. tags name only techniques (attack.tNNNN[.NNN]), tactics "
                                     "(attack.<tactic-name>), groups (attack.gNNNN) and software (attack.sNNNN)");
    }

    bool letters = false, tactic_chars = true;
    for (char c : name) {
        letters = letters || is_letter(c);
        tactic_chars = tactic_chars && (is_letter(c) || c == '-' || c == '_');
    }
    if (letters && tactic_chars) {
        std::string tactic = to_lower(name);
        for (char& c : tactic)
            if (c == '_') c = '-';
        return Tag{TagKind::Tactic, tactic, {}};
    }
    return malformed(raw, " is not an ATT&CK tag: expected attack.tNNNN[.NNN] (technique), "
                          "attack.<tactic-name> (letters, '-' or '_'), attack.gNNNN (group) or attack.sNNNN (software)");
}

}  // namespace

Tag parse_tag(std::string_view raw) {
    const auto dot = raw.find('.');
    if (dot != std::string_view::npos && to_lower(raw.substr(0, dot)) == "attack")
        return parse_attack_name(raw, raw.substr(dot + 1));
    // Other namespaces (car., cve., tlp., detection.) and tags without a namespace are kept as
    // written, lower-cased, so filters and counts treat "TLP.Amber" and "tlp.amber" alike.
    return Tag{TagKind::Other, to_lower(raw), {}};
}

std::string misplaced_technique(std::string_view raw) {
    const auto dot = raw.find('.');
    if (dot != std::string_view::npos && to_lower(raw.substr(0, dot)) == "attack") return "";
    // The id at the end: t, four digits, optionally '.' and three digits...
    std::size_t end = raw.size();
    std::size_t i = end;
    while (i > 0 && is_digit(raw[i - 1])) --i;
    if (end - i == 3 && i > 0 && raw[i - 1] == '.') {
        end = i - 1;
        i = end;
        while (i > 0 && is_digit(raw[i - 1])) --i;
    }
    if (end - i != 4 || i == 0 || lower(raw[i - 1]) != 't') return "";
    const std::size_t t = i - 1;
    // ...on its own: at the start or after a separator ("mitre.t1106", "attack:t1106", "T1106").
    if (t > 0 && (is_letter(raw[t - 1]) || is_digit(raw[t - 1]))) return "";
    return "attack." + to_lower(raw.substr(t));
}

std::string parent_technique(std::string_view technique_id) {
    return std::string(technique_id.substr(0, technique_id.find('.')));
}

}  // namespace sh
