// tags.hpp — the ATT&CK tag grammar of Sigma rules.
//   attack.tNNNN / attack.tNNNN.NNN   technique / sub-technique   -> Technique "T1059.003"
//   attack.<tactic>                   tactic (dashes or underscores) -> Tactic "privilege-escalation"
//   attack.gNNNN / attack.sNNNN       group / software            -> Group "G0016" / Software "S0002"
//   anything in another namespace     kept, ignored for scoring   -> Other (lower-cased text)
// Matching is case-insensitive. Whether a tactic or technique exists is the catalogue's question,
// not the grammar's; the grammar only rejects text that cannot be an ATT&CK tag at all.
#pragma once
#include <string>
#include <string_view>

namespace sh {

enum class TagKind { Technique, Tactic, Group, Software, Other, Malformed };

struct Tag {
    TagKind kind = TagKind::Other;
    std::string value;  // normalised (see above); for Malformed the tag as written
    std::string error;  // for Malformed: why, in words a rule author understands
};

Tag parse_tag(std::string_view raw);

// For a tag outside the attack. namespace that ends in a technique id on its own ("mitre.t1106",
// "attack:t1059.001", "T1003"): the tag its author meant ("attack.t1106"), for a warning; it is
// not counted, as Sigma tools would not count it. "" for any other tag.
std::string misplaced_technique(std::string_view raw);

// "T1059.003" -> "T1059"; a technique id is returned unchanged.
std::string parent_technique(std::string_view technique_id);

}  // namespace sh
