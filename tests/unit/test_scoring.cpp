// test_scoring.cpp — score profiles, filters, roll-up, placement and id handling, on a small
// catalogue and rules built by hand here (expected numbers worked out in the comments).
#include <algorithm>

#include "catch.hpp"
#include "core/scoring.hpp"

using namespace sh;

namespace {

Catalogue tiny_catalogue() {
    Catalogue c;
    c.attack_version = "99";
    c.domain = "enterprise-attack";
    c.tactics = {{"TA0002", "execution", "Execution"},
                 {"TA0003", "persistence", "Persistence"},
                 {"TA0004", "privilege-escalation", "Privilege Escalation"}};
    auto tech = [](std::string id, std::vector<std::string> tactics) {
        Technique t;
        t.id = id;
        t.name = "Name of " + id;
        const auto dot = id.find('.');
        if (dot != std::string::npos) t.parent = id.substr(0, dot);
        t.tactics = std::move(tactics);
        return t;
    };
    c.techniques = {
        tech("T1000", {"execution"}),
        tech("T1000.001", {"execution"}),
        tech("T1000.002", {"execution"}),
        tech("T2000", {"persistence", "privilege-escalation"}),
        tech("T3000", {"execution"}),   // revoked -> T1000
        tech("T4000", {"persistence"}), // deprecated
        tech("T5000", {"execution"}),   // revoked, no replacement
    };
    c.techniques[4].revoked = true;
    c.techniques[4].revoked_by = "T1000";
    c.techniques[5].deprecated = true;
    c.techniques[6].revoked = true;
    c.reindex();
    return c;
}

Rule rule(std::string title, Level level, Status status, std::vector<std::string> tags) {
    Rule r;
    r.file = title + ".yml";
    r.title = std::move(title);
    r.level = level;
    r.status = status;
    r.tags = std::move(tags);
    r.tag_lines.assign(r.tags.size(), 7);
    return r;
}

const TechniqueScore* entry(const ScoreResult& s, const std::string& tech, const std::string& tactic) {
    for (const auto& e : s.entries)
        if (e.technique == tech && e.tactic == tactic) return &e;
    return nullptr;
}

bool has_diag(const ScoreResult& s, const std::string& needle) {
    return std::any_of(s.diagnostics.begin(), s.diagnostics.end(),
                       [&](const Diagnostic& d) { return d.message.find(needle) != std::string::npos; });
}

}  // namespace

TEST_CASE("rule points per profile", "[scoring]") {
    CHECK(rule_points(ScoreProfile::Seed, Level::Informational) == 10);
    CHECK(rule_points(ScoreProfile::Seed, Level::Low) == 30);
    CHECK(rule_points(ScoreProfile::Seed, Level::Medium) == 50);
    CHECK(rule_points(ScoreProfile::Seed, Level::High) == 80);
    CHECK(rule_points(ScoreProfile::Seed, Level::Critical) == 100);
    CHECK(rule_points(ScoreProfile::Max, Level::None) == 0);
    CHECK(rule_points(ScoreProfile::Max, Level::Informational) == 1);
    CHECK(rule_points(ScoreProfile::Max, Level::Critical) == 5);
    CHECK(rule_points(ScoreProfile::Level, Level::None) == 1);
    CHECK(rule_points(ScoreProfile::Level, Level::Low) == 2);
    CHECK(rule_points(ScoreProfile::Level, Level::Medium) == 4);
    CHECK(rule_points(ScoreProfile::Level, Level::High) == 8);
    CHECK(rule_points(ScoreProfile::Level, Level::Critical) == 12);
    CHECK(parse_profile("COUNT") == ScoreProfile::Count);
    CHECK_FALSE(parse_profile("sum").has_value());
}

TEST_CASE("profiles over the same rules", "[scoring]") {
    const Catalogue cat = tiny_catalogue();
    // T1000: r0 (high), r1 (low), r2 (medium; names T1000 twice — counts once).
    const std::vector<Rule> rules = {
        rule("r0", Level::High, Status::Stable, {"attack.execution", "attack.t1000"}),
        rule("r1", Level::Low, Status::Test, {"attack.t1000"}),
        rule("r2", Level::Medium, Status::Experimental, {"attack.t1000", "attack.T1000"}),
    };
    ScoreOptions o;
    SECTION("seed = best level") {
        auto s = score_rules(rules, cat, o);
        REQUIRE(s.entries.size() == 1);
        CHECK(s.entries[0].score == 80);
        CHECK(s.entries[0].rules == std::vector<uint32_t>{0, 1, 2});
    }
    SECTION("count = rules, a repeated tag counts once") {
        o.profile = ScoreProfile::Count;
        CHECK(score_rules(rules, cat, o).entries[0].score == 3);
    }
    SECTION("max = highest level value") {
        o.profile = ScoreProfile::Max;
        CHECK(score_rules(rules, cat, o).entries[0].score == 4);  // high
    }
    SECTION("level = 8 + 2 + 4") {
        o.profile = ScoreProfile::Level;
        CHECK(score_rules(rules, cat, o).entries[0].score == 14);
    }
    SECTION("min-level medium drops r1") {
        o.profile = ScoreProfile::Count;
        o.min_level = Level::Medium;
        auto s = score_rules(rules, cat, o);
        CHECK(s.entries[0].score == 2);
        CHECK(s.rules_scored == 2);
    }
    SECTION("min-status test drops the experimental r2") {
        o.profile = ScoreProfile::Count;
        o.min_status = Status::Test;
        auto s = score_rules(rules, cat, o);
        CHECK(s.entries[0].rules == std::vector<uint32_t>{0, 1});
    }
}

TEST_CASE("sub-techniques separate or rolled up", "[scoring]") {
    const Catalogue cat = tiny_catalogue();
    const std::vector<Rule> rules = {
        rule("a", Level::High, Status::Stable, {"attack.t1000.001", "attack.t1000.002"}),
        rule("b", Level::Low, Status::Stable, {"attack.t1000.001"}),
        rule("c", Level::Low, Status::Stable, {"attack.t1000"}),
    };
    ScoreOptions o;
    o.profile = ScoreProfile::Count;
    auto s = score_rules(rules, cat, o);
    REQUIRE(s.entries.size() == 3);
    CHECK(entry(s, "T1000", "execution")->score == 1);
    CHECK(entry(s, "T1000.001", "execution")->score == 2);
    CHECK(entry(s, "T1000.002", "execution")->score == 1);
    // Rolled up: a names two subs of T1000 but counts once (sigma analyze would count it twice).
    o.subtechniques = false;
    s = score_rules(rules, cat, o);
    REQUIRE(s.entries.size() == 1);
    CHECK(s.entries[0].technique == "T1000");
    CHECK(s.entries[0].score == 3);
}

// ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment: a rule set written before it
// names attack.defense-evasion, and one written after it read against v18 names attack.stealth.
TEST_CASE("a tactic tag of the other side of ATT&CK 19's split says what to write", "[scoring]") {
    Catalogue v19 = tiny_catalogue();
    v19.attack_version = "19";
    v19.tactics.push_back({"TA0005", "stealth", "Stealth"});
    v19.tactics.push_back({"TA0112", "defense-impairment", "Defense Impairment"});
    v19.reindex();
    Catalogue v18 = tiny_catalogue();
    v18.attack_version = "18.1";
    v18.tactics.push_back({"TA0005", "defense-evasion", "Defense Evasion"});
    v18.reindex();
    const std::vector<Rule> rules = {rule("old", Level::High, Status::Stable, {"attack.defense-evasion"}),
                                     rule("new", Level::High, Status::Stable, {"attack.stealth", "attack.defense-impairment"})};
    const auto tactic_notes = [](const ScoreResult& s) {
        std::vector<sh::Diagnostic> out;
        for (const auto& d : s.diagnostics)
            if (d.message.find("tactic tag") != std::string::npos) out.push_back(d);
        return out;
    };
    const auto s19 = tactic_notes(score_rules(rules, v19, ScoreOptions{}));
    REQUIRE(s19.size() == 1);
    CHECK(s19[0].file == "old.yml");
    CHECK(s19[0].message ==
          "tactic tag 'attack.defense-evasion' is not a tactic of ATT&CK 19 enterprise-attack (ATT&CK 19 split Defense "
          "Evasion into Stealth and Defense Impairment: write attack.stealth or attack.defense-impairment)");
    const auto s18 = tactic_notes(score_rules(rules, v18, ScoreOptions{}));
    REQUIRE(s18.size() == 2);
    for (const auto& d : s18) {
        CHECK(d.file == "new.yml");
        CHECK(d.message.find("is not a tactic of ATT&CK 18.1 enterprise-attack (a tactic from ATT&CK 19 on; this release "
                             "has Defense Evasion, attack.defense-evasion, in its place)") != std::string::npos);
    }
}

TEST_CASE("tactic placement", "[scoring]") {
    const Catalogue cat = tiny_catalogue();
    const std::vector<Rule> rules = {
        rule("persist", Level::High, Status::Stable, {"attack.persistence", "attack.t2000"}),
        rule("untagged", Level::Low, Status::Stable, {"attack.t2000"}),
        rule("misfit", Level::Medium, Status::Stable, {"attack.execution", "attack.t2000"}),
    };
    ScoreOptions o;
    SECTION("all: every tactic of the technique") {
        auto s = score_rules(rules, cat, o);
        REQUIRE(s.entries.size() == 2);
        CHECK(s.entries[0].tactic == "persistence");  // matrix order
        CHECK(s.entries[1].tactic == "privilege-escalation");
        CHECK(s.entries[0].score == 80);
        CHECK(s.entries[1].score == 80);
    }
    SECTION("tagged: only the rule's own tactics, else all with a diagnostic") {
        o.placement = TacticPlacement::Tagged;
        o.profile = ScoreProfile::Count;
        auto s = score_rules(rules, cat, o);
        CHECK(entry(s, "T2000", "persistence")->rules == std::vector<uint32_t>{0, 1, 2});
        CHECK(entry(s, "T2000", "privilege-escalation")->rules == std::vector<uint32_t>{1, 2});
        CHECK(has_diag(s, "none of the rule's tactic tags fits technique T2000"));
    }
}

TEST_CASE("unknown, revoked and deprecated ids", "[scoring]") {
    const Catalogue cat = tiny_catalogue();
    const std::vector<Rule> rules = {
        rule("unknown", Level::High, Status::Stable, {"attack.t9999", "attack.t1000.009"}),
        rule("revoked", Level::Critical, Status::Stable, {"attack.t3000"}),
        rule("deprecated", Level::Low, Status::Stable, {"attack.t4000"}),
        rule("dead", Level::Low, Status::Stable, {"attack.t5000"}),
        rule("bad tactic", Level::Low, Status::Stable, {"attack.defense-evasion"}),
    };
    auto s = score_rules(rules, cat, ScoreOptions{});
    CHECK(has_diag(s, "technique T9999 is not in ATT&CK 99"));
    CHECK(has_diag(s, "technique T1000.009 is not in ATT&CK 99"));
    CHECK(has_diag(s, "T3000 is revoked"));
    CHECK(has_diag(s, "replacement T1000"));
    CHECK(has_diag(s, "T4000 (Name of T4000) is deprecated"));
    CHECK(has_diag(s, "T5000 is revoked in ATT&CK 99 enterprise-attack with no replacement"));
    CHECK(has_diag(s, "'attack.defense-evasion' is not a tactic"));
    CHECK_FALSE(has_diag(s, "ATT&CK 19 split"));  // the hint is only for a catalogue with Stealth
    // Every diagnostic names the rule's file and the tag's line.
    for (const auto& d : s.diagnostics) {
        CHECK_FALSE(d.file.empty());
        CHECK(d.line == 7);
    }
    // The revoked tag counts for its replacement; the deprecated one is still scored.
    REQUIRE(entry(s, "T1000", "execution"));
    CHECK(entry(s, "T1000", "execution")->score == 100);
    CHECK(entry(s, "T4000", "persistence"));
    CHECK_FALSE(entry(s, "T9999", "execution"));
    CHECK(s.rules_with_techniques == 2);
}

TEST_CASE("covered counts: a parent through its sub-technique; deprecated, revoked, unknown and zero scores not counted", "[scoring]") {
    const Catalogue c = tiny_catalogue();
    ScoreResult s;
    auto add = [&](std::string id, std::string tactic, int score) { s.entries.push_back({std::move(id), std::move(tactic), score, {}}); };
    add("T1000.001", "execution", 50);  // its parent T1000 counts as covered through it
    add("T1000.002", "execution", 0);   // score 0: not covered
    add("T2000", "persistence", 30);
    add("T2000", "privilege-escalation", 30);  // one technique, two tactics: counted once
    add("T4000", "persistence", 80);    // deprecated: the Navigator does not show it
    add("T5000", "execution", 80);      // revoked
    add("T9999", "execution", 80);      // not in the catalogue
    const CoveredCounts n = count_covered(s, c);
    CHECK(n.techniques == 2);     // T1000 (through T1000.001), T2000
    CHECK(n.subtechniques == 1);  // T1000.001
    CHECK(count_covered(ScoreResult{}, c).techniques == 0);
}

TEST_CASE("covered counts on platforms: only techniques on them; a sub-technique of another platform does not cover its parent; platform names", "[scoring]") {
    Catalogue c = tiny_catalogue();
    auto on = [&](const char* id, std::vector<std::string> platforms) {
        for (auto& t : c.techniques)
            if (t.id == id) t.platforms = std::move(platforms);
    };
    on("T1000", {"Linux", "Windows"});
    on("T1000.001", {"Windows"});
    on("T1000.002", {"Linux"});
    on("T2000", {"Linux", "macOS"});
    c.reindex();
    ScoreResult s;
    auto add = [&](std::string id, std::string tactic, int score) { s.entries.push_back({std::move(id), std::move(tactic), score, {}}); };
    add("T1000.001", "execution", 50);
    add("T2000", "persistence", 30);
    const CoveredCounts all = count_covered(s, c);
    CHECK((all.techniques == 2 && all.subtechniques == 1));
    // Windows: T1000 through its Windows sub-technique; T2000 is not on Windows.
    const CoveredCounts windows = count_covered(s, c, {"Windows"});
    CHECK((windows.techniques == 1 && windows.subtechniques == 1));
    // Linux: T2000; T1000 is on Linux but its only covered sub-technique is not.
    const CoveredCounts linux = count_covered(s, c, {"linux"});  // names compared without case
    CHECK((linux.techniques == 1 && linux.subtechniques == 0));
    const CoveredCounts either = count_covered(s, c, {"Windows", "macOS"});
    CHECK((either.techniques == 2 && either.subtechniques == 1));
    CHECK(count_covered(s, c, {"PRE"}).techniques == 0);

    CHECK(catalogue_platforms(c) == std::vector<std::string>{"Linux", "Windows", "macOS"});
    CHECK(catalogue_platform(c, "MACOS") == std::optional<std::string>("macOS"));
    CHECK(catalogue_platform(c, "Linx") == std::nullopt);
    CHECK(catalogue_platform(c, "") == std::nullopt);
}
