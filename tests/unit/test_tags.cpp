// test_tags.cpp — the ATT&CK tag grammar (src/core/tags.*): every kind, case handling, and the
// malformed spellings a rule author is told about. Expected values are written by hand.
#include <string>

#include "catch.hpp"
#include "core/tags.hpp"

using sh::parse_tag;
using sh::TagKind;

namespace {

void check_tag(const std::string& raw, TagKind kind, const std::string& value) {
    INFO("tag: " << raw);
    const sh::Tag tag = parse_tag(raw);
    CHECK(tag.kind == kind);
    CHECK(tag.value == value);
    CHECK(tag.error.empty());
}

void check_malformed(const std::string& raw, const std::string& error_part) {
    INFO("tag: " << raw);
    const sh::Tag tag = parse_tag(raw);
    CHECK(tag.kind == TagKind::Malformed);
    CHECK(tag.value == raw);  // kept as written so the diagnostic can quote it
    CHECK(tag.error.find(error_part) != std::string::npos);
}

}  // namespace

TEST_CASE("techniques and sub-techniques", "[tags]") {
    check_tag("attack.t1059", TagKind::Technique, "T1059");
    check_tag("attack.t1059.003", TagKind::Technique, "T1059.003");
    check_tag("attack.t1685", TagKind::Technique, "T1685");
    SECTION("case-insensitive, normalised to upper case") {
        check_tag("ATTACK.T1059.003", TagKind::Technique, "T1059.003");
        check_tag("Attack.t1218.011", TagKind::Technique, "T1218.011");
        check_tag("attack.T1105", TagKind::Technique, "T1105");
    }
}

TEST_CASE("groups and software", "[tags]") {
    check_tag("attack.g0016", TagKind::Group, "G0016");
    check_tag("ATTACK.G0016", TagKind::Group, "G0016");
    check_tag("attack.s0002", TagKind::Software, "S0002");
    check_tag("attack.S0154", TagKind::Software, "S0154");
}

TEST_CASE("tactics: lower case, underscores become dashes", "[tags]") {
    check_tag("attack.execution", TagKind::Tactic, "execution");
    check_tag("attack.privilege_escalation", TagKind::Tactic, "privilege-escalation");
    check_tag("attack.privilege-escalation", TagKind::Tactic, "privilege-escalation");
    check_tag("attack.Defense_Evasion", TagKind::Tactic, "defense-evasion");
    check_tag("ATTACK.COMMAND_AND_CONTROL", TagKind::Tactic, "command-and-control");
    SECTION("the grammar does not judge whether a tactic exists") {
        check_tag("attack.stealth", TagKind::Tactic, "stealth");
        check_tag("attack.defense-impairment", TagKind::Tactic, "defense-impairment");
        check_tag("attack.no_such_tactic", TagKind::Tactic, "no-such-tactic");
    }
}

TEST_CASE("other namespaces are kept, lower-cased", "[tags]") {
    check_tag("car.2016-04-005", TagKind::Other, "car.2016-04-005");
    check_tag("cve.2021-44228", TagKind::Other, "cve.2021-44228");
    check_tag("CVE.2021-44228", TagKind::Other, "cve.2021-44228");
    check_tag("detection.threat-hunting", TagKind::Other, "detection.threat-hunting");
    check_tag("tlp.amber", TagKind::Other, "tlp.amber");
    check_tag("TLP.Amber", TagKind::Other, "tlp.amber");
    check_tag("attackers.t1059", TagKind::Other, "attackers.t1059");
    SECTION("a tag without a namespace dot") {
        check_tag("Ransomware", TagKind::Other, "ransomware");
        check_tag("attack", TagKind::Other, "attack");
    }
}

TEST_CASE("malformed attack. tags say why", "[tags]") {
    const std::string technique = "technique ids are attack.tNNNN or attack.tNNNN.NNN";
    check_malformed("attack.t105", technique);
    check_malformed("attack.t10590", technique);
    check_malformed("attack.t1059.1", technique);
    check_malformed("attack.t1059.0001", technique);
    check_malformed("attack.t1059.003x", technique);
    check_malformed("attack.t1059.", technique);
    check_malformed("attack.t1059.003.001", technique);
    check_malformed("ATTACK.T105", technique);
    check_malformed("attack.g12", "group ids are attack.gNNNN");
    check_malformed("attack.g00160", "group ids are attack.gNNNN");
    check_malformed("attack.s2", "software ids are attack.sNNNN");
    check_malformed("attack.", "nothing after 'attack.'");
    check_malformed("attack.t1059 ", "contains a space");
    check_malformed("attack.privilege escalation", "contains a space");
    check_malformed("attack.ta0002", "tactic ids (TA0002) are not used");
    // ATT&CK's other numbered kinds are named, with the id as ATT&CK writes it.
    check_malformed("attack.ds0005", "'attack.ds0005' is a data source id (DS0005) in ATT&CK, not counted; Sigma's attack. tags");
    check_malformed("attack.M1040", "is a mitigation id (M1040) in ATT&CK, not counted");
    check_malformed("attack.c0010", "is a campaign id (C0010) in ATT&CK, not counted");
    check_malformed("attack.dc0001", "is a data component id (DC0001)");
    check_malformed("attack.det0001", "is a detection strategy id (DET0001)");
    check_malformed("attack.an0001", "is an analytic id (AN0001)");
    check_malformed("attack.a0001", "is an asset id (A0001)");
    check_malformed("attack.xy0001", "looks like another kind of ATT&CK id; Sigma's attack. tags");
    check_malformed("attack.1059", "is not an ATT&CK tag");
    check_malformed("attack.-", "is not an ATT&CK tag");
    check_malformed("attack.t1059/003", technique);
    check_malformed("attack.exécution", "is not an ATT&CK tag");
    SECTION("the error quotes the tag as written") {
        CHECK(parse_tag("ATTACK.T105").error.find("'ATTACK.T105'") != std::string::npos);
    }
}

TEST_CASE("misplaced_technique: a technique id under another namespace, on its own", "[tags]") {
    CHECK(sh::misplaced_technique("mitre.t1106") == "attack.t1106");
    CHECK(sh::misplaced_technique("attack:t1059.001") == "attack.t1059.001");
    CHECK(sh::misplaced_technique("MITRE-ATTACK.T1059.001") == "attack.t1059.001");
    CHECK(sh::misplaced_technique("T1003") == "attack.t1003");
    CHECK(sh::misplaced_technique("attack_t1003") == "attack.t1003");
    // Not one: the attack. namespace (parse_tag's), ids inside words, other shapes.
    CHECK(sh::misplaced_technique("attack.t1106").empty());
    CHECK(sh::misplaced_technique("ATTACK.t105").empty());
    CHECK(sh::misplaced_technique("attackers.t1059") == "attack.t1059");  // not attack.: meant as one
    CHECK(sh::misplaced_technique("cve.2021-44228").empty());
    CHECK(sh::misplaced_technique("car.2013-05-004").empty());
    CHECK(sh::misplaced_technique("detection.at1234").empty());
    CHECK(sh::misplaced_technique("x.t12345").empty());
    CHECK(sh::misplaced_technique("x.t1234.01").empty());
    CHECK(sh::misplaced_technique("x.t1234.0123").empty());
    CHECK(sh::misplaced_technique("1234").empty());
    CHECK(sh::misplaced_technique("").empty());
    CHECK(sh::misplaced_technique("t").empty());
}

TEST_CASE("parent_technique", "[tags]") {
    CHECK(sh::parent_technique("T1059.003") == "T1059");
    CHECK(sh::parent_technique("T1059") == "T1059");
    CHECK(sh::parent_technique("T1218.011") == "T1218");
    CHECK(sh::parent_technique("") == "");
}
