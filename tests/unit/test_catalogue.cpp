// test_catalogue.cpp — the ATT&CK catalogue (src/core/catalogue.*): generator from STIX bundles and
// MISP galaxy clusters, the catalogue file format, lookups, hostile input, and — with ../shared —
// the committed catalogues under assets/attack/ against the real ATT&CK data.
//
// Fixtures (tests/data/attack/) are hand-written; the expected values below were derived by hand
// from them, and the comments next to the fixtures' odd entries say what each one exercises.
#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "core/attack_json.hpp"
#include "core/catalogue.hpp"
#include "core/embedded.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;

sh::SourceFile source(const std::string& path) { return {path, test::read_text(path)}; }

std::string fixture(const std::string& rel) { return test::data_dir() + "/attack/" + rel; }

std::vector<sh::SourceFile> misp_fixture(bool with_galaxy = true, bool with_groups = true) {
    std::vector<sh::SourceFile> in{source(fixture("misp/clusters/mitre-attack-pattern.json")),
                                   source(fixture("misp/clusters/mitre-malware.json")),
                                   source(fixture("misp/clusters/mitre-tool.json"))};
    if (with_galaxy) in.push_back(source(fixture("misp/galaxies/mitre-attack-pattern.json")));
    if (with_groups) in.push_back(source(fixture("misp/clusters/mitre-intrusion-set.json")));
    return in;
}

bool has_diag(const sh::Diagnostics& diags, sh::Severity sev, const std::string& text) {
    return std::any_of(diags.begin(), diags.end(),
                       [&](const sh::Diagnostic& d) { return d.severity == sev && d.message.find(text) != std::string::npos; });
}

// The generator's last-resort catch says "cannot read"; hostile input must be handled before it.
bool hit_catch_all(const sh::Diagnostics& diags) {
    return std::any_of(diags.begin(), diags.end(),
                       [](const sh::Diagnostic& d) { return d.message.find("cannot read the") != std::string::npos; });
}

std::vector<std::string> shortnames(const sh::Catalogue& c) {
    std::vector<std::string> out;
    for (const auto& t : c.tactics) out.push_back(t.shortname);
    return out;
}

using Strings = std::vector<std::string>;

// Every node of a document, for the type-mutation tests.
void collect_pointers(const json& j, const json::json_pointer& at, std::vector<json::json_pointer>& out) {
    if (!at.empty()) out.push_back(at);
    if (j.is_object())
        for (auto it = j.begin(); it != j.end(); ++it) collect_pointers(it.value(), at / it.key(), out);
    else if (j.is_array())
        for (std::size_t i = 0; i < j.size(); ++i) collect_pointers(j[i], at / i, out);
}

struct Counts {
    int techniques = 0, subtechniques = 0, revoked = 0, deprecated = 0, active = 0, active_sub = 0;
};
// A threat's fields in one line, for readable comparisons.
std::string describe(const sh::Threat* t) {
    if (!t) return "(missing)";
    std::string s = t->id + " " + sh::threat_kind_name(t->kind) + " '" + t->name + "' aliases[";
    for (const auto& a : t->aliases) s += a + ";";
    s += "] uses[";
    for (const auto& x : t->techniques) s += x + ";";
    s += "]";
    if (t->deprecated) s += " deprecated";
    if (t->revoked) s += " revoked by '" + t->revoked_by + "'";
    return s;
}

Counts count(const sh::Catalogue& c) {
    Counts n;
    for (const auto& t : c.techniques) {
        ++n.techniques;
        n.subtechniques += t.is_subtechnique();
        n.revoked += t.revoked;
        n.deprecated += t.deprecated;
        if (!t.revoked && !t.deprecated) {
            ++n.active;
            n.active_sub += t.is_subtechnique();
        }
    }
    return n;
}

}  // namespace

TEST_CASE("catalogue: generator reads an official STIX bundle", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    REQUIRE(sh::build_catalogue({source(fixture("stix-mini.json"))}, "1", "", c, diags));
    CHECK(sh::count_errors(diags) == 0);

    CHECK(c.attack_version == "1");
    CHECK(c.domain == "enterprise-attack");
    SECTION("tactics in the active matrix's order, not ATT&CK's usual one; deprecated matrix skipped") {
        REQUIRE(c.tactics.size() == 3);
        CHECK(shortnames(c) == Strings{"persistence", "execution", "defense-evasion"});
        CHECK(c.tactics[0].id == "TA0003");
        CHECK(c.tactics[2].name == "Defense Evasion");
        CHECK(c.tactic_index("execution") == 1);
        CHECK(c.tactic_index("collection") == -1);  // an x-mitre-tactic outside the matrix
        REQUIRE(c.find_tactic("defense-evasion"));
        CHECK(c.find_tactic("defense-evasion")->id == "TA0005");
    }
    SECTION("techniques") {
        REQUIRE(c.techniques.size() == 7);
        Strings ids;
        for (const auto& t : c.techniques) ids.push_back(t.id);
        CHECK(ids == Strings{"T1001", "T1001.001", "T1001.002", "T1002", "T1003", "T1004", "T1005.001"});

        const sh::Technique* alpha = c.find("T1001");
        REQUIRE(alpha);
        CHECK(alpha->name == "Alpha");                                    // id from the mitre-attack reference, not capec
        CHECK(alpha->tactics == Strings{"execution", "defense-evasion"});  // matrix order; lockheed chain ignored
        CHECK(alpha->platforms == Strings{"Linux", "Windows", "macOS"});   // sorted
        CHECK(alpha->parent.empty());
        CHECK_FALSE(alpha->is_subtechnique());
        CHECK(alpha->groups == 2);  // Group One (two links, counted once) + Campaign One; not the revoked,
                                    // deprecated group or the malware
        CHECK(c.find("T1001.001")->parent == "T1001");  // subtechnique-of
        CHECK(c.find("T1001.001")->groups == 1);
        CHECK(c.find("T1001.002")->parent == "T1001");  // no relationship: id prefix
        CHECK(c.find("T1005.001")->parent == "T1003");  // the relationship beats the prefix
        CHECK(c.find("T1005.001")->platforms == Strings{"Windows"});

        const sh::Technique* beta = c.find("T1002");
        CHECK(beta->revoked);
        CHECK(beta->revoked_by == "T1003");

        const sh::Technique* gamma = c.find("T1003");  // the active object wins over a newer revoked copy
        CHECK(gamma->name == "Gamma");
        CHECK_FALSE(gamma->revoked);
        CHECK(gamma->tactics == Strings{"persistence"});  // "collection" is not in the matrix
        CHECK(gamma->platforms == Strings{"Windows"});
        CHECK(gamma->groups == 1);  // Group Two used only the revoked copy

        const sh::Technique* delta = c.find("T1004");
        CHECK(delta->deprecated);
        CHECK_FALSE(delta->revoked);
        CHECK(delta->groups == 0);  // its only link is a revoked relationship

        CHECK(c.find("t1001") == nullptr);
        CHECK(c.find("T9999") == nullptr);
    }
    SECTION("groups: active intrusion sets and campaigns") { CHECK(c.total_groups == 4); }
    SECTION("threats: groups, campaigns and software with the techniques they use") {
        Strings ids;
        for (const auto& t : c.threats) ids.push_back(t.id);
        CHECK(ids == Strings{"C0001", "G0001", "G0002", "G0003", "G0004", "G0005", "S0001"});  // the tool has no id
        // Aliases without the name itself or repeats; two links to T1001 count once.
        CHECK(describe(c.find_threat("G0001")) == "G0001 group 'Group One' aliases[First Ones;Group 1;] uses[T1001;T1003;]");
        // Its only other link goes to the revoked old copy of T1003, which is not T1003 (as for group counts).
        CHECK(describe(c.find_threat("G0002")) == "G0002 group 'Group Two' aliases[] uses[T1001.001;]");
        CHECK(describe(c.find_threat("G0003")) == "G0003 group 'Revoked Group' aliases[] uses[T1001;] revoked by 'G0001'");
        CHECK(describe(c.find_threat("G0004")) == "G0004 group 'Deprecated Group' aliases[] uses[T1001;] deprecated");
        // The revoked relationship to T1004 is skipped; T1002 is revoked by T1003.
        CHECK(describe(c.find_threat("G0005")) == "G0005 group 'Group Five' aliases[] uses[T1003;]");
        CHECK(describe(c.find_threat("C0001")) ==
              "C0001 campaign 'Campaign One' aliases[Operation One;] uses[T1001;T1003;T1005.001;]");
        CHECK(describe(c.find_threat("S0001")) == "S0001 malware 'Some Malware' aliases[SomeMal;] uses[T1001;]");
        CHECK(c.find_threat("g0001") == nullptr);
        CHECK(c.find_threat("G9999") == nullptr);
    }
    SECTION("what was dropped is reported") {
        CHECK(has_diag(diags, sh::Severity::Warning, "1 groups, campaigns or software without an ATT&CK id"));
        CHECK(has_diag(diags, sh::Severity::Warning, "collection (1)"));
        CHECK(has_diag(diags, sh::Severity::Warning, "1 attack-patterns without a technique id"));
        CHECK(has_diag(diags, sh::Severity::Info, "T1003 is carried by two attack-patterns"));
    }
}

TEST_CASE("catalogue: STIX version and domain rules", "[catalogue]") {
    const std::string text = test::read_text(fixture("stix-mini.json"));
    sh::Catalogue c;
    sh::Diagnostics diags;
    SECTION("no x-mitre-collection and no version: error naming the front end's option") {
        CHECK_FALSE(sh::build_catalogue({{"b.json", text}}, "", "", c, diags, "--attack-version"));
        CHECK(has_diag(diags, sh::Severity::Error, "give its ATT&CK version with --attack-version"));
        diags.clear();
        CHECK_FALSE(sh::build_catalogue({{"b.json", text}}, "", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "give its ATT&CK version"));
    }
    SECTION("no x-mitre-collection: the version from MITRE's release file name, with a note") {
        REQUIRE(sh::build_catalogue({{"data/enterprise-attack-18.1.json", text}}, "", "", c, diags));
        CHECK(c.attack_version == "18.1");
        CHECK(has_diag(diags, sh::Severity::Info, "version 18.1 taken from the file name"));
        diags.clear();
        REQUIRE(sh::build_catalogue({{"enterprise-attack-17.JSON", text}}, "", "", c, diags));
        CHECK(c.attack_version == "17");
        diags.clear();
        REQUIRE(sh::build_catalogue({{"enterprise-attack-17.json", text}}, "16", "", c, diags));
        CHECK(c.attack_version == "16");  // a version given wins over the name
        for (const char* name : {"enterprise-attack.json", "enterprise-attack-latest.json", "mobile-attack-18.1.json",
                                 "enterprise-attack-18..json", "enterprise-attack-18.1.json.bak", "xenterprise-attack-18.json"}) {
            INFO(name);
            diags.clear();
            CHECK_FALSE(sh::build_catalogue({{name, text}}, "", "", c, diags));
            CHECK(has_diag(diags, sh::Severity::Error, "its file name is not MITRE's enterprise-attack-<version>.json"));
        }
    }
    SECTION("x-mitre-collection's version wins over the argument") {
        json doc = json::parse(text);
        doc["objects"].push_back({{"type", "x-mitre-collection"}, {"id", "x-mitre-collection--1"}, {"x_mitre_version", "15.1"}});
        REQUIRE(sh::build_catalogue({{"b.json", doc.dump()}}, "", "", c, diags));
        CHECK(c.attack_version == "15.1");
        diags.clear();
        REQUIRE(sh::build_catalogue({{"b.json", doc.dump()}}, "16", "", c, diags));
        CHECK(c.attack_version == "15.1");
        CHECK(has_diag(diags, sh::Severity::Warning, "15.1"));
    }
    SECTION("a domain the bundle does not hold: error naming what it has") {
        CHECK_FALSE(sh::build_catalogue({{"b.json", text}}, "1", "mobile-attack", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "'enterprise-attack'"));
        diags.clear();
        CHECK(sh::build_catalogue({{"b.json", text}}, "1", "enterprise-attack", c, diags));
    }
}

TEST_CASE("catalogue: generator reads MISP galaxy clusters", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    REQUIRE(sh::build_catalogue(misp_fixture(), "7", "", c, diags));
    CHECK(sh::count_errors(diags) == 0);
    CHECK(c.attack_version == "7");
    CHECK(c.domain == "enterprise-attack");

    SECTION("tactic order: the attack-* lists merged; attack-PRE placed by ATT&CK's order; mobile/pre-attack ignored") {
        CHECK(shortnames(c) == Strings{"reconnaissance", "initial-access", "execution", "persistence", "fancy-tactic",
                                       "stealth", "defense-impairment"});
        CHECK(c.find_tactic("stealth")->id == "TA0005");
        CHECK(c.find_tactic("stealth")->name == "Stealth");
        CHECK(c.find_tactic("defense-impairment")->id == "TA0112");
        CHECK(c.find_tactic("defense-impairment")->name == "Defense Impairment");
        CHECK(c.find_tactic("fancy-tactic")->id.empty());  // not in the facts table
        CHECK(c.find_tactic("fancy-tactic")->name == "Fancy Tactic");
        CHECK(c.find_tactic("defense-evasion") == nullptr);
    }
    SECTION("techniques: Enterprise only") {
        Strings ids;
        for (const auto& t : c.techniques) ids.push_back(t.id);
        // T1005 (mobile), T1006 (pre-attack), T1008 (revoked into mobile) and the TA0005 tactic value are out.
        CHECK(ids == Strings{"T1001", "T1001.001", "T1001.002", "T1002", "T1003", "T1004", "T1007", "T1009", "T1010", "T1011"});

        const sh::Technique* alpha = c.find("T1001");
        CHECK(alpha->name == "Alpha");
        CHECK(alpha->tactics == Strings{"execution", "persistence"});  // deduplicated across platforms, matrix order
        CHECK(alpha->platforms == Strings{"Linux", "Windows"});
        CHECK(alpha->groups == 2);  // Group One (linked twice) + Group Two; not the revoked group
        CHECK(c.find("T1001.001")->parent == "T1001");
        CHECK(c.find("T1001.001")->groups == 1);
        CHECK(c.find("T1001.002")->parent == "T1001");
        CHECK(c.find("T1001.002")->tactics == Strings{"fancy-tactic"});

        CHECK(c.find("T1002")->revoked);
        CHECK(c.find("T1002")->revoked_by == "T1003");
        CHECK(c.find("T1002")->tactics == Strings{"stealth"});

        const sh::Technique* gamma = c.find("T1003");  // the active value wins over the revoked one
        CHECK(gamma->name == "Gamma");
        CHECK_FALSE(gamma->revoked);
        CHECK(gamma->tactics == Strings{"stealth", "defense-impairment"});
        CHECK(gamma->groups == 1);  // Group Two's link to the revoked copy does not count

        CHECK(c.find("T1004")->deprecated);        // description opens with the deprecation notice
        CHECK_FALSE(c.find("T1010")->deprecated);  // mentions "deprecated" later on: not deprecated
        CHECK(c.find("T1010")->tactics == Strings{"reconnaissance"});

        const sh::Technique* old = c.find("T1007");  // revoked, no kill chain, replaced by Enterprise
        REQUIRE(old);
        CHECK(old->revoked);
        CHECK(old->revoked_by == "T1003");
        CHECK(old->tactics.empty());
        CHECK(c.find("T1009")->revoked);  // revoked, no link, Enterprise platform
        CHECK(c.find("T1009")->revoked_by.empty());
        CHECK(c.find("T1011")->name == "Weird Name");
    }
    SECTION("groups: non-revoked intrusion sets") { CHECK(c.total_groups == 3); }
    SECTION("threats: intrusion sets, malware and tools; no campaigns without a bundle") {
        Strings ids;
        for (const auto& t : c.threats) ids.push_back(t.id);
        CHECK(ids == Strings{"G0001", "G0002", "G0003", "G0004", "S0001", "S0002"});
        // Synonyms less the name; the link to the malware is not a technique; T1001 linked twice.
        CHECK(describe(c.find_threat("G0001")) == "G0001 group 'Group One' aliases[Uno;] uses[T1001;T1003;]");
        // Links to the revoked copy of T1003 (not T1003's value) and to a Mobile technique do not count.
        CHECK(describe(c.find_threat("G0002")) == "G0002 group 'Group Two' aliases[] uses[T1001;T1001.001;]");
        CHECK(describe(c.find_threat("G0003")) == "G0003 group 'Revoked Group' aliases[] uses[T1001;] revoked by 'G0001'");
        CHECK(describe(c.find_threat("G0004")) == "G0004 group 'Quiet Group' aliases[] uses[]");
        // A deprecated technique stays as used (coverage reports leave it out).
        CHECK(describe(c.find_threat("S0001")) == "S0001 malware 'Some Malware' aliases[] uses[T1004;]");
        // T1002 and T1007 are both revoked by T1003; the unknown uuid is dropped.
        CHECK(describe(c.find_threat("S0002")) == "S0002 tool 'Some Tool' aliases[ST;] uses[T1003;]");
        CHECK(has_diag(diags, sh::Severity::Warning, "1 cluster values without a group or software id"));
    }
}

TEST_CASE("catalogue: MISP clusters with a STIX bundle take its campaigns", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    auto in = misp_fixture();
    in.push_back(source(fixture("stix-mini.json")));
    REQUIRE(sh::build_catalogue(in, "7", "", c, diags));
    CHECK(sh::count_errors(diags) == 0);
    SECTION("the techniques, tactics and group counts are the clusters' alone") {
        sh::Catalogue misp_only;
        sh::Diagnostics d;
        REQUIRE(sh::build_catalogue(misp_fixture(), "7", "", misp_only, d));
        CHECK(c.techniques.size() == misp_only.techniques.size());
        CHECK(shortnames(c) == shortnames(misp_only));
        CHECK(c.total_groups == misp_only.total_groups);
        CHECK(c.find("T1001")->groups == misp_only.find("T1001")->groups);
    }
    SECTION("campaigns mapped by STIX id; a use the clusters lack is dropped with a warning") {
        // C0001 uses T1001, T1002 (revoked by T1003 in the clusters) and T1005.001 (attack-pattern
        // --...015001, which the clusters do not hold).
        CHECK(describe(c.find_threat("C0001")) == "C0001 campaign 'Campaign One' aliases[Operation One;] uses[T1001;T1003;]");
        CHECK(has_diag(diags, sh::Severity::Warning, "1 campaign technique uses dropped"));
        CHECK(has_diag(diags, sh::Severity::Warning, "T1005.001"));
        CHECK(has_diag(diags, sh::Severity::Info, "1 campaigns taken from this bundle"));
    }
    SECTION("deprecated flags of groups from the bundle; its groups themselves are not taken") {
        CHECK(c.find_threat("G0004")->deprecated);
        CHECK(c.find_threat("G0004")->name == "Quiet Group");
        CHECK_FALSE(c.find_threat("G0001")->deprecated);
        CHECK(c.find_threat("G0005") == nullptr);  // only in the bundle
        CHECK(has_diag(diags, sh::Severity::Info, "1 groups and software marked deprecated"));
    }
}

TEST_CASE("catalogue: MISP input variants", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    SECTION("without the galaxy file: ATT&CK's order, unknown tactics last, and a warning") {
        REQUIRE(sh::build_catalogue(misp_fixture(false, true), "7", "", c, diags));
        CHECK(shortnames(c) == Strings{"reconnaissance", "initial-access", "execution", "persistence", "stealth",
                                       "defense-impairment", "fancy-tactic"});
        CHECK(has_diag(diags, sh::Severity::Warning, "no galaxy file"));
    }
    SECTION("contradicting per-platform orders: resolved by ATT&CK's order, with a warning") {
        auto in = misp_fixture(false, false);
        in.push_back({"galaxy.json", R"({"type": "mitre-attack-pattern", "namespace": "mitre-attack", "kill_chain_order": {
            "attack-A": ["persistence", "execution", "stealth"], "attack-B": ["execution", "persistence"],
            "attack-C": ["fancy-tactic", "initial-access", "reconnaissance", "defense-impairment"]}})"});
        REQUIRE(sh::build_catalogue(in, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Warning, "contradict"));
        // attack-C is honoured as given (even against ATT&CK's usual order); defense-impairment is free
        // before the persistence/execution cycle, which is then broken at execution (ranked first).
        CHECK(shortnames(c) == Strings{"fancy-tactic", "initial-access", "reconnaissance", "defense-impairment", "execution",
                                       "persistence", "stealth"});
    }
    SECTION("without intrusion sets: no group counts") {
        REQUIRE(sh::build_catalogue(misp_fixture(true, false), "7", "", c, diags));
        CHECK(c.total_groups == 0);
        CHECK(c.find("T1001")->groups == 0);
    }
    SECTION("version required") {
        CHECK_FALSE(sh::build_catalogue(misp_fixture(), "", "", c, diags, "--version"));
        CHECK(has_diag(diags, sh::Severity::Error, "give its ATT&CK version with --version"));
    }
    SECTION("Enterprise only") {
        CHECK_FALSE(sh::build_catalogue(misp_fixture(), "7", "mobile-attack", c, diags));
        CHECK(sh::count_errors(diags) == 1);
    }
    SECTION("galaxy alone is not enough") {
        CHECK_FALSE(sh::build_catalogue({source(fixture("misp/galaxies/mitre-attack-pattern.json"))}, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "clusters/mitre-attack-pattern.json"));
    }
    SECTION("formats are sniffed from content, not names") {
        auto in = misp_fixture();
        for (auto& f : in) f.name = "renamed-" + std::to_string(&f - in.data()) + ".txt";
        REQUIRE(sh::build_catalogue(in, "7", "", c, diags));
        CHECK(c.techniques.size() == 10);
    }
}

TEST_CASE("catalogue: mixing or repeating sources is an error", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    const auto stix = source(fixture("stix-mini.json"));
    SECTION("catalogue + MISP") {
        sh::Catalogue built;
        REQUIRE(sh::build_catalogue({stix}, "7", "", built, diags));
        auto in = misp_fixture();
        in.push_back({"cat.json", sh::catalogue_to_json(built)});
        CHECK_FALSE(sh::build_catalogue(in, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "mix"));
    }
    SECTION("MISP + two bundles") {
        auto in = misp_fixture();
        in.push_back(stix);
        in.push_back(stix);
        CHECK_FALSE(sh::build_catalogue(in, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "more than one STIX bundle"));
    }
    SECTION("two bundles") {
        CHECK_FALSE(sh::build_catalogue({stix, stix}, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "more than one STIX bundle"));
    }
    SECTION("nothing") {
        CHECK_FALSE(sh::build_catalogue({}, "7", "", c, diags));
        CHECK(sh::count_errors(diags) == 1);
    }
    SECTION("an unknown file beside good ones is reported; the rest still builds") {
        auto in = misp_fixture();
        in.push_back({"notes.json", R"({"hello": "world"})"});
        CHECK(sh::build_catalogue(in, "7", "", c, diags));
        CHECK(has_diag(diags, sh::Severity::Error, "not ATT&CK data"));
        CHECK(std::any_of(diags.begin(), diags.end(), [](const sh::Diagnostic& d) {
            return d.file == "notes.json" && d.severity == sh::Severity::Error;
        }));
    }
}

TEST_CASE("catalogue: file format", "[catalogue]") {
    sh::Catalogue misp, stix;
    sh::Diagnostics diags;
    REQUIRE(sh::build_catalogue(misp_fixture(), "7", "", misp, diags));
    REQUIRE(sh::build_catalogue({source(fixture("stix-mini.json"))}, "1", "", stix, diags));

    SECTION("round trip: to_json -> from_json -> to_json is identical") {
        for (const sh::Catalogue* c : {&misp, &stix}) {
            const std::string once = sh::catalogue_to_json(*c);
            sh::Catalogue back;
            sh::Diagnostics d;
            REQUIRE(sh::catalogue_from_json(once, back, d));
            CHECK(d.empty());
            CHECK(sh::catalogue_to_json(back) == once);
            CHECK(back.total_groups == c->total_groups);
            REQUIRE(back.find("T1001"));
            CHECK(back.find("T1001")->groups == c->find("T1001")->groups);
            REQUIRE(back.threats.size() == c->threats.size());
            for (std::size_t i = 0; i < back.threats.size(); ++i) CHECK(describe(&back.threats[i]) == describe(&c->threats[i]));
            REQUIRE(back.find_threat("G0001"));
            CHECK(back.find_threat("G0001")->name == "Group One");
        }
    }
    SECTION("threats: one per line after the techniques, defaults left out; none: no key") {
        const std::string text = sh::catalogue_to_json(stix);
        CHECK(text.find("\n  ],\n  \"threats\": [\n    {\"id\": \"C0001\", \"kind\": \"campaign\", \"name\": \"Campaign One\", "
                        "\"aliases\": [\"Operation One\"], \"techniques\": [\"T1001\", \"T1003\", \"T1005.001\"]},\n") !=
              std::string::npos);
        CHECK(text.find("\n    {\"id\": \"G0003\", \"kind\": \"group\", \"name\": \"Revoked Group\", \"revoked\": true, "
                        "\"revoked_by\": \"G0001\", \"techniques\": [\"T1001\"]},\n") != std::string::npos);
        CHECK(text.find("\n    {\"id\": \"G0004\", \"kind\": \"group\", \"name\": \"Deprecated Group\", \"deprecated\": true, "
                        "\"techniques\": [\"T1001\"]},\n") != std::string::npos);
        sh::Catalogue bare = stix;
        bare.threats.clear();
        const std::string without = sh::catalogue_to_json(bare);
        CHECK(without.find("threats") == std::string::npos);
        CHECK(without.substr(without.size() - 8) == "}\n  ]\n}\n");
    }
    SECTION("a catalogue given to the generator is simply loaded") {
        const std::string text = sh::catalogue_to_json(misp);
        sh::Catalogue back;
        REQUIRE(sh::build_catalogue({{"cat.json", text}}, "", "", back, diags));
        CHECK(sh::catalogue_to_json(back) == text);
        CHECK_FALSE(sh::build_catalogue({{"cat.json", text}}, "", "ics-attack", back, diags));
    }
    SECTION("layout: fixed key order, one technique per line, defaults left out") {
        const std::string text = sh::catalogue_to_json(misp);
        CHECK(text.rfind("{\n  \"format\": \"sigma-heatmap-catalogue/1\",\n  \"attack_version\": \"7\",\n"
                         "  \"domain\": \"enterprise-attack\",\n  \"total_groups\": 3,\n  \"tactics\": [\n",
                         0) == 0);
        CHECK(text.find("\n    {\"id\": \"TA0043\", \"shortname\": \"reconnaissance\", \"name\": \"Reconnaissance\"},\n") !=
              std::string::npos);
        CHECK(text.find("\n    {\"id\": \"T1001\", \"name\": \"Alpha\", \"tactics\": [\"execution\", \"persistence\"], "
                        "\"platforms\": [\"Linux\", \"Windows\"], \"groups\": 2},\n") != std::string::npos);
        CHECK(text.find("\n    {\"id\": \"T1002\", \"name\": \"Beta\", \"tactics\": [\"stealth\"], \"platforms\": [\"Windows\"], "
                        "\"revoked\": true, \"revoked_by\": \"T1003\"},\n") != std::string::npos);
        CHECK(text.find("\n    {\"id\": \"T1007\", \"name\": \"Old Enterprise\", \"revoked\": true, \"revoked_by\": \"T1003\"},\n") !=
              std::string::npos);
        CHECK(text.find("\"deprecated\": true") != std::string::npos);
        CHECK(text.find("\"deprecated\": false") == std::string::npos);
        CHECK(text.find("\"groups\": 0") == std::string::npos);
        REQUIRE(text.size() > 8);
        CHECK(text.substr(text.size() - 8) == "}\n  ]\n}\n");  // ends with a newline, no trailing comma
        CHECK(text.find("\r") == std::string::npos);
    }
    SECTION("ids sort numerically by technique, sub-techniques right after their parent") {
        sh::Catalogue c;
        c.attack_version = "1";
        c.domain = "enterprise-attack";
        c.tactics = {{"TA0002", "execution", "Execution"}};
        for (const char* id : {"T1002", "T1001.010", "T1001", "T1001.002", "T10011"}) c.techniques.push_back({id, id});
        const std::string text = sh::catalogue_to_json(c);
        const auto at = [&](const char* id) { return text.find(std::string("\"id\": \"") + id + "\""); };
        CHECK(at("T1001") < at("T1001.002"));
        CHECK(at("T1001.002") < at("T1001.010"));
        CHECK(at("T1001.010") < at("T1002"));
        CHECK(at("T1002") < at("T10011"));
        sh::Catalogue back;
        REQUIRE(sh::catalogue_from_json(text, back, diags));
        CHECK(back.techniques[1].id == "T1001.002");
        CHECK(back.find("T1001.010") == &back.techniques[2]);
    }
    SECTION("the loader normalises hand-edited files") {
        const char* text = R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "enterprise-attack",
            "total_groups": 0, "tactics": [{"id": "TA0002", "shortname": "execution", "name": "Execution"},
                                           {"id": "TA0003", "shortname": "persistence", "name": "Persistence"}],
            "techniques": [{"id": "T1002", "name": "B", "tactics": ["persistence", "execution", "execution"],
                            "platforms": ["macOS", "Linux", "Linux"], "future_field": {"ignored": true}},
                           {"id": "T1001", "name": "A"}]})";
        sh::Catalogue c;
        REQUIRE(sh::catalogue_from_json(text, c, diags));
        CHECK(c.techniques[0].id == "T1001");
        CHECK(c.find("T1002")->tactics == Strings{"execution", "persistence"});
        CHECK(c.find("T1002")->platforms == Strings{"Linux", "macOS"});
    }
    SECTION("non-ASCII names survive; invalid UTF-8 does not break the writer") {
        sh::Catalogue c;
        c.attack_version = "1";
        c.domain = "enterprise-attack";
        c.techniques.push_back({"T1001", "Caf\xc3\xa9 \"quoted\" \\ tab\t"});
        c.techniques.push_back({"T1002", "bad \xff byte"});
        const std::string text = sh::catalogue_to_json(c);
        sh::Catalogue back;
        REQUIRE(sh::catalogue_from_json(text, back, diags));
        CHECK(back.find("T1001")->name == "Caf\xc3\xa9 \"quoted\" \\ tab\t");
        CHECK(back.find("T1002")->name != "bad \xff byte");
    }
}

TEST_CASE("catalogue: hostile input gives diagnostics, never exceptions", "[catalogue]") {
    sh::Catalogue c;
    sh::Diagnostics diags;
    SECTION("not JSON: error with position") {
        CHECK_FALSE(sh::build_catalogue({{"x.json", "{\n  \"type\": \"bundle\",\n  oops"}}, "1", "", c, diags));
        REQUIRE(diags.size() == 1);
        CHECK(diags[0].file == "x.json");
        CHECK(diags[0].line == 3);
        CHECK(diags[0].column == 3);  // the 'o' of oops: no key starts so
        CHECK(diags[0].message.find("not valid JSON: syntax error") == 0);  // and why (it said only "not valid JSON")
        diags.clear();
        CHECK_FALSE(sh::catalogue_from_json("", c, diags));
        CHECK(sh::count_errors(diags) == 1);
        CHECK_FALSE(sh::catalogue_from_json("\xff\xfe{", c, diags));
    }
    SECTION("JSON of the wrong shape") {
        for (const char* text : {"null", "42", "\"bundle\"", "[]", "[{\"type\": \"bundle\"}]", "{}", R"({"type": "bundle"})",
                                 R"({"type": "bundle", "objects": {}})", R"({"type": "bundle", "objects": []})",
                                 R"({"type": "bundle", "objects": [1, "x", null, [], {"type": 5, "id": []}]})",
                                 R"({"type": "mitre-attack-pattern", "values": []})",
                                 R"({"type": "mitre-attack-pattern", "values": [1, {"meta": []}, {"meta": {"external_id": 5}}]})",
                                 R"({"kill_chain_order": {"attack-Windows": "execution"}})",
                                 R"({"format": "sigma-heatmap-catalogue/2"})"}) {
            INFO(text);
            diags.clear();
            CHECK_FALSE(sh::build_catalogue({{"x.json", text}}, "1", "", c, diags));
            CHECK(sh::count_errors(diags) >= 1);
            CHECK_FALSE(hit_catch_all(diags));
            diags.clear();
            CHECK_FALSE(sh::catalogue_from_json(text, c, diags));
            CHECK(sh::count_errors(diags) >= 1);
        }
    }
    SECTION("catalogue loader: every broken field is named") {
        const auto bad = [&](const std::string& techniques, const std::string& expect) {
            const std::string text = R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d",
                "total_groups": 1, "tactics": [{"id": "TA0002", "shortname": "execution", "name": "Execution"}],
                "techniques": [)" + techniques + "]}";
            sh::Catalogue out;
            out.attack_version = "untouched";
            sh::Diagnostics d;
            INFO(techniques);
            CHECK_FALSE(sh::catalogue_from_json(text, out, d));
            CHECK(has_diag(d, sh::Severity::Error, expect));
            CHECK(out.attack_version == "untouched");  // a failed load leaves the target alone
        };
        bad(R"({"id": "T1001", "name": "A", "tactics": ["stealth"]})", "unknown tactic 'stealth'");
        bad(R"({"id": "T1001", "name": "A"}, {"id": "T1001", "name": "B"})", "appears twice");
        bad(R"({"id": "X1", "name": "A"})", "technique id");
        bad(R"({"id": 1001, "name": "A"})", "technique id");
        bad(R"({"id": "T1001"})", "\"name\"");
        bad(R"({"id": "T1001", "name": "A", "groups": -1})", "\"groups\"");
        bad(R"({"id": "T1001", "name": "A", "groups": 1.5})", "\"groups\"");
        bad(R"({"id": "T1001", "name": "A", "tactics": "execution"})", "\"tactics\"");
        bad(R"({"id": "T1001", "name": "A", "platforms": [1]})", "\"platforms\"");
        bad(R"({"id": "T1001", "name": "A", "revoked": "yes"})", "\"revoked\"");
        bad(R"({"id": "T1001", "name": "A", "parent": "1001"})", "\"parent\"");
        bad(R"({"id": "T1001", "name": "A", "revoked_by": ""})", "\"revoked_by\"");
        bad(R"("T1001")", "must be an object");

        const auto bad_threat = [&](const std::string& threats, const std::string& expect) {
            const std::string text = R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d",
                "total_groups": 1, "tactics": [{"id": "TA0002", "shortname": "execution", "name": "Execution"}],
                "techniques": [{"id": "T1001", "name": "A"}], "threats": )" + threats + "}";
            sh::Catalogue out;
            sh::Diagnostics d;
            INFO(threats);
            CHECK_FALSE(sh::catalogue_from_json(text, out, d));
            CHECK(has_diag(d, sh::Severity::Error, expect));
        };
        bad_threat(R"({})", "\"threats\" must be an array");
        bad_threat(R"([5])", "must be an object");
        bad_threat(R"([{"id": "APT29", "kind": "group", "name": "A"}])", "like G0016");
        bad_threat(R"([{"id": "G0001", "kind": "gang", "name": "A"}])", "\"kind\"");
        bad_threat(R"([{"id": "G0001", "kind": "group"}])", "\"name\"");
        bad_threat(R"([{"id": "G0001", "kind": "group", "name": "A"}, {"id": "G0001", "kind": "tool", "name": "B"}])",
                   "threat appears twice");
        bad_threat(R"([{"id": "G0001", "kind": "group", "name": "A", "aliases": "B"}])", "\"aliases\"");
        bad_threat(R"([{"id": "G0001", "kind": "group", "name": "A", "techniques": ["T1001", "x"]}])", "not a technique id");
        bad_threat(R"([{"id": "G0001", "kind": "group", "name": "A", "revoked": 1}])", "\"revoked\"");
        bad_threat(R"([{"id": "G0001", "kind": "group", "name": "A", "revoked_by": "nobody"}])", "\"revoked_by\"");
        {
            sh::Diagnostics d;
            sh::Catalogue out;
            REQUIRE(sh::catalogue_from_json(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d",
                "total_groups": 0, "tactics": [], "techniques": [{"id": "T1001", "name": "A"}],
                "threats": [{"id": "G0001", "kind": "group", "name": "A", "techniques": ["T1001", "T1999"], "revoked": true,
                             "revoked_by": "G0002"}]})", out, d));
            CHECK(has_diag(d, sh::Severity::Warning, "G0001: 1 technique it uses (T1999) not in the catalogue"));
            CHECK(has_diag(d, sh::Severity::Warning, "G0001: replacement G0002 is not in the catalogue"));
            CHECK(out.find_threat("G0001")->techniques == Strings{"T1001", "T1999"});
        }

        // A well-formed link to a technique the file lacks: loaded, with a warning.
        sh::Diagnostics d;
        REQUIRE(sh::catalogue_from_json(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d",
            "total_groups": 0, "tactics": [], "techniques": [{"id": "T1001.001", "name": "A", "parent": "T1001"}]})", c, d));
        CHECK(has_diag(d, sh::Severity::Warning, "parent T1001 is not in the catalogue"));
    }
    SECTION("catalogue loader: top-level fields") {
        const auto bad = [&](const std::string& text, const std::string& expect) {
            sh::Diagnostics d;
            INFO(text);
            CHECK_FALSE(sh::catalogue_from_json(text, c, d));
            CHECK(has_diag(d, sh::Severity::Error, expect));
        };
        bad(R"({"format": "sigma-heatmap-catalogue/1"})", "attack_version");
        bad(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d", "total_groups": "3", "tactics": [], "techniques": []})",
            "total_groups");
        bad(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d", "total_groups": 0, "tactics": {}, "techniques": []})",
            "\"tactics\"");
        bad(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d", "total_groups": 0, "tactics": [{"shortname": "a", "name": "A"}, {"shortname": "a", "name": "A"}], "techniques": []})",
            "appears twice");
        bad(R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "d", "total_groups": 0, "tactics": [{"shortname": "", "name": "A"}], "techniques": []})",
            "shortname");
    }
    SECTION("deep nesting") {
        const std::string deep = std::string(20000, '[') + std::string(20000, ']');
        CHECK_FALSE(sh::build_catalogue({{"deep.json", deep}}, "1", "", c, diags));
        CHECK_FALSE(hit_catch_all(diags));
    }
    SECTION("every node of the fixtures replaced by a value of each other type") {
        // A systematic version of "wrong field types": the generator and loader must cope through
        // their own checks (never through the last-resort catch) whatever sits at any place.
        const std::vector<json> replacements{nullptr, 7, -1.5, "T1001", json::array(), json::object(), true};
        std::vector<std::pair<std::string, std::string>> docs{
            {"stix", test::read_text(fixture("stix-mini.json"))},
            {"misp", test::read_text(fixture("misp/clusters/mitre-attack-pattern.json"))},
            {"groups", test::read_text(fixture("misp/clusters/mitre-intrusion-set.json"))},
            {"tools", test::read_text(fixture("misp/clusters/mitre-tool.json"))},
            {"galaxy", test::read_text(fixture("misp/galaxies/mitre-attack-pattern.json"))}};
        sh::Catalogue good;
        REQUIRE(sh::build_catalogue(misp_fixture(), "7", "", good, diags));
        docs.push_back({"catalogue", sh::catalogue_to_json(good)});
        int runs = 0;
        for (const auto& [kind, text] : docs) {
            const json doc = json::parse(text);
            std::vector<json::json_pointer> pointers;
            collect_pointers(doc, json::json_pointer(), pointers);
            for (const auto& ptr : pointers) {
                for (const auto& r : replacements) {
                    json mutated = doc;
                    mutated[ptr] = r;
                    std::vector<sh::SourceFile> in{{kind, mutated.dump()}};
                    if (kind == "groups" || kind == "galaxy" || kind == "tools")
                        in.push_back(source(fixture("misp/clusters/mitre-attack-pattern.json")));
                    if (kind == "misp") in.push_back(source(fixture("misp/clusters/mitre-intrusion-set.json")));
                    sh::Catalogue out;
                    sh::Diagnostics d;
                    const bool ok = sh::build_catalogue(in, "7", "", out, d);
                    ++runs;
                    if (hit_catch_all(d) || (ok && sh::catalogue_to_json(out).empty())) {
                        FAIL_CHECK(kind << " " << ptr.to_string() << " = " << r.dump() << ": " << d.back().message);
                    }
                    if (ok) {  // whatever was built must write and load back
                        sh::Catalogue back;
                        sh::Diagnostics d2;
                        if (!sh::catalogue_from_json(sh::catalogue_to_json(out), back, d2))
                            FAIL_CHECK(kind << " " << ptr.to_string() << " = " << r.dump() << ": built but does not load: "
                                            << d2.front().message);
                    }
                }
            }
        }
        CHECK(runs > 1000);
    }
    SECTION("truncated files") {
        const std::string text = test::read_text(fixture("stix-mini.json"));
        for (std::size_t n = 0; n < text.size(); n += 97) {
            sh::Diagnostics d;
            CHECK_FALSE(sh::build_catalogue({{"t.json", text.substr(0, n)}}, "1", "", c, d));
        }
    }
}

TEST_CASE("catalogue: embedded catalogues equal the committed assets", "[catalogue]") {
    const std::string v19 = test::read_text(test::source_dir() + "/assets/attack/enterprise-attack-19.json");
    const std::string v18 = test::read_text(test::source_dir() + "/assets/attack/enterprise-attack-18.1.json");
    REQUIRE_FALSE(v19.empty());
    REQUIRE_FALSE(v18.empty());
    CHECK(sh::embedded_file("attack/enterprise-attack-19.json") == v19);  // re-run cmake after regenerating

    const sh::Catalogue& def = sh::default_catalogue();
    CHECK(def.attack_version == "19");
    CHECK(sh::catalogue_to_json(def) == v19);
    CHECK(&def == &sh::default_catalogue());  // parsed once
    CHECK(sh::embedded_catalogue("19") == &def);
    const sh::Catalogue* old = sh::embedded_catalogue("18.1");
    REQUIRE(old);
    CHECK(old == sh::embedded_catalogue("18.1"));
    CHECK(sh::catalogue_to_json(*old) == v18);
    CHECK(sh::embedded_catalogue("99") == nullptr);
    CHECK(sh::embedded_catalogue("") == nullptr);
    // The Navigator writes a layer's ATT&CK version as the major alone ("18"): that major's
    // release here, not the default (its Defense Evasion entries would all be dropped under v19).
    CHECK(sh::embedded_catalogue("18") == old);
    CHECK(sh::embedded_catalogue("18.0") == old);
    CHECK(sh::embedded_catalogue("19.0") == &def);
    for (const char* no : {"v18", "18.", "18.x", "1 8", "17", "180", "18.1.2.a"}) CHECK(sh::embedded_catalogue(no) == nullptr);
    CHECK(sh::same_attack_release("18", "18.1"));
    CHECK(sh::same_attack_release("18.1", "18.1"));
    CHECK(sh::same_attack_release("19", "19"));
    CHECK_FALSE(sh::same_attack_release("18.0", "18.1"));
    CHECK_FALSE(sh::same_attack_release("18", "19"));
    CHECK_FALSE(sh::same_attack_release("1", "18.1"));
    CHECK_FALSE(sh::same_attack_release("", "18.1"));
    REQUIRE(def.find("T1059.003"));
    CHECK(def.find("T1059.003")->parent == "T1059");
}

TEST_CASE("catalogue: ../shared ATT&CK data regenerates the committed catalogues", "[catalogue][shared]") {
    if (!test::shared_available()) {
        WARN("../shared missing: ATT&CK regeneration checks skipped");
        return;
    }
    const std::string attack = test::shared_dir() + "/attack";
    // Built once for all sections (Catch re-enters the test case per section; the bundle is 30 MB).
    struct Built {
        sh::Catalogue v19, v18;
        sh::Diagnostics d19, d18;
        bool ok19 = false, ok18 = false;
    };
    static const Built built = [&] {
        Built b;
        // As scripts/update-attack-data: the clusters, with the v18.1 bundle for the campaigns.
        b.ok19 = sh::build_catalogue({source(attack + "/misp-galaxy/clusters/mitre-attack-pattern.json"),
                                      source(attack + "/misp-galaxy/galaxies/mitre-attack-pattern.json"),
                                      source(attack + "/misp-galaxy/clusters/mitre-intrusion-set.json"),
                                      source(attack + "/misp-galaxy/clusters/mitre-malware.json"),
                                      source(attack + "/misp-galaxy/clusters/mitre-tool.json"),
                                      source(attack + "/enterprise-attack-18.1.json")},
                                     "19", "", b.v19, b.d19);
        b.ok18 = sh::build_catalogue({source(attack + "/enterprise-attack-18.1.json")}, "18.1", "", b.v18, b.d18);
        return b;
    }();
    const sh::Catalogue& v19 = built.v19;
    const sh::Catalogue& v18 = built.v18;
    REQUIRE(built.ok19);
    REQUIRE(built.ok18);
    // v19 says once where its campaigns come from (an Info); nothing else is worth a word.
    REQUIRE(built.d19.size() == 1);
    CHECK(built.d19[0].severity == sh::Severity::Info);
    CHECK(built.d19[0].message.find("52 campaigns taken from this bundle") != std::string::npos);
    CHECK(built.d19[0].message.find("10 groups and software marked deprecated") != std::string::npos);
    CHECK(built.d18.empty());

    SECTION("byte for byte equal to assets/attack (run scripts/update-attack-data if this fails)") {
        CHECK(sh::catalogue_to_json(v19) == test::read_text(test::source_dir() + "/assets/attack/enterprise-attack-19.json"));
        CHECK(sh::catalogue_to_json(v18) == test::read_text(test::source_dir() + "/assets/attack/enterprise-attack-18.1.json"));
    }
    SECTION("v19: the 15 Enterprise tactics, the new ones, the revocations") {
        CHECK(v19.domain == "enterprise-attack");
        CHECK(shortnames(v19) == Strings{"reconnaissance", "resource-development", "initial-access", "execution", "persistence",
                                         "privilege-escalation", "stealth", "defense-impairment", "credential-access",
                                         "discovery", "lateral-movement", "collection", "command-and-control", "exfiltration",
                                         "impact"});
        CHECK(v19.find_tactic("stealth")->id == "TA0005");
        CHECK(v19.find_tactic("defense-impairment")->id == "TA0112");
        CHECK(v19.find_tactic("defense-evasion") == nullptr);

        // Literals below checked by hand with jq on misp-galaxy/clusters/*.json, e.g.
        //   jq -c '.values[] | select(.meta.external_id=="T1685") | [.value, .meta.kill_chain, .meta.mitre_platforms]'
        const sh::Technique* t1685 = v19.find("T1685");
        REQUIRE(t1685);
        CHECK(t1685->name == "Disable or Modify Tools");
        CHECK(t1685->tactics == Strings{"defense-impairment"});
        CHECK(t1685->platforms == Strings{"Containers", "ESXi", "IaaS", "Linux", "Network Devices", "Windows", "macOS"});
        for (const char* id : {"T1686", "T1689", "T1690"}) {
            INFO(id);
            REQUIRE(v19.find(id));
            CHECK(v19.find(id)->tactics == Strings{"defense-impairment"});
        }
        const sh::Technique* t1059003 = v19.find("T1059.003");
        REQUIRE(t1059003);
        CHECK(t1059003->name == "Windows Command Shell");
        CHECK(t1059003->parent == "T1059");
        CHECK(t1059003->tactics == Strings{"execution"});
        CHECK(t1059003->platforms == Strings{"Windows"});
        CHECK(v19.find("T1078.004")->tactics == Strings{"initial-access", "persistence", "privilege-escalation", "stealth"});
        CHECK(v19.find("T1027")->tactics == Strings{"stealth"});
        CHECK(v19.find("T1566.001")->tactics == Strings{"initial-access"});
        CHECK(v19.find("T1566.001")->platforms == Strings{"Linux", "Windows", "macOS"});
        CHECK(v19.find("T1562")->revoked);  // Impair Defenses went to Defense Impairment
        CHECK(v19.find("T1562")->revoked_by == "T1685");
        CHECK(v19.find("T1562.004")->revoked_by == "T1686");
        // Group count: jq '[.values[] | select(.revoked|not) | select(any(.related[]?; .type=="uses" and
        //   .["dest-uuid"]=="65f2d882-3f41-4d48-8a06-29af77ec9f90"))] | length' mitre-intrusion-set.json -> 44
        CHECK(v19.find("T1003.001")->groups == 44);
        CHECK(v19.total_groups == 185);  // jq '[.values[] | select(.revoked|not)] | length' mitre-intrusion-set.json

        // Independent counts with jq on clusters/mitre-attack-pattern.json (Enterprise = an attack-* kill chain):
        //   all:    jq '[.values[] | select((.meta.kill_chain // []) | any(startswith("attack-")))] | length'  -> 858
        //   active: ... | select(.revoked|not) | select(.description | test("^\\**This technique (has been|is)
        //           deprecated") | not)] | length'  -> 697, of which with a "." in the id -> 475
        const Counts n = count(v19);
        CHECK(n.techniques == 858);
        CHECK(n.active == 697);
        CHECK(n.active_sub == 475);
        CHECK(n.revoked == 149);
        CHECK(n.deprecated == 12);
        CHECK(n.subtechniques == 493);

        // MISP has no deprecated flag; the description rule must find exactly v18.1's deprecated set.
        Strings dep19, dep18;
        for (const auto& t : v19.techniques)
            if (t.deprecated) dep19.push_back(t.id);
        for (const auto& t : v18.techniques)
            if (t.deprecated) dep18.push_back(t.id);
        CHECK(dep19 == dep18);
    }
    SECTION("v18.1: defense-evasion, no stealth") {
        CHECK(v18.attack_version == "18.1");
        CHECK(v18.domain == "enterprise-attack");
        CHECK(v18.tactics.size() == 14);
        REQUIRE(v18.find_tactic("defense-evasion"));
        CHECK(v18.find_tactic("defense-evasion")->id == "TA0005");
        CHECK(v18.tactic_index("defense-evasion") == 6);
        CHECK(v18.find_tactic("stealth") == nullptr);
        CHECK(v18.find_tactic("defense-impairment") == nullptr);
        CHECK(v18.find("T1685") == nullptr);

        // jq -c '.objects[] | select(.type=="attack-pattern") | select(any(.external_references[];
        //   .external_id=="T1078.004")) | [.name, [.kill_chain_phases[].phase_name], .x_mitre_platforms]'
        CHECK(v18.find("T1078.004")->name == "Cloud Accounts");
        CHECK(v18.find("T1078.004")->tactics == Strings{"initial-access", "persistence", "privilege-escalation", "defense-evasion"});
        CHECK(v18.find("T1078.004")->platforms == Strings{"IaaS", "Identity Provider", "Office Suite", "SaaS"});
        CHECK(v18.find("T1059.003")->tactics == Strings{"execution"});
        CHECK(v18.find("T1027")->tactics == Strings{"defense-evasion"});
        CHECK_FALSE(v18.find("T1562")->revoked);
        // jq '[.objects[] | select(.type=="relationship" and .relationship_type=="uses" and .target_ref==
        //   "attack-pattern--65f2d882-...") | .source_ref | select(startswith("intrusion-set") or
        //   startswith("campaign"))] | unique | length' -> 49 (none of them revoked or deprecated)
        CHECK(v18.find("T1003.001")->groups == 49);
        // jq '[.objects[] | select((.type=="intrusion-set" or .type=="campaign") and (.revoked|not) and
        //   (.x_mitre_deprecated|not))] | length' -> 224
        CHECK(v18.total_groups == 224);

        // jq '[.objects[] | select(.type=="attack-pattern" and (.revoked|not) and (.x_mitre_deprecated|not))] | length'
        //   -> 691; adding `and .x_mitre_is_subtechnique` -> 475; all attack-patterns -> 835
        const Counts n = count(v18);
        CHECK(n.techniques == 835);
        CHECK(n.active == 691);
        CHECK(n.active_sub == 475);
        CHECK(n.revoked == 132);
        CHECK(n.deprecated == 12);
    }
    SECTION("mobile and ICS bundles build too") {
        for (const char* name : {"mobile-attack-18.1.json", "ics-attack-18.1.json"}) {
            INFO(name);
            sh::Catalogue c;
            sh::Diagnostics d;
            REQUIRE(sh::build_catalogue({source(attack + "/" + name)}, "18.1", "", c, d));
            CHECK(sh::count_errors(d) == 0);
            CHECK(c.domain == std::string(name).substr(0, std::string(name).find("-18")));
            CHECK(c.tactics.size() == 12);  // jq '.objects[] | select(.type=="x-mitre-matrix") | .tactic_refs | length'
            CHECK_FALSE(c.techniques.empty());
        }
    }
}

// The generator reads STIX bundles with a SAX parse that keeps only what it reads (attack_json.hpp);
// the whole-DOM parse is the reference: the same catalogue byte for byte and the same diagnostics.
namespace {
void check_sax_matches_dom(const std::vector<sh::SourceFile>& in, const char* version) {
    sh::Catalogue sax, dom;
    sh::Diagnostics sax_d, dom_d;
    const bool sax_ok = sh::build_catalogue(in, version, "", sax, sax_d);
    const bool dom_ok = sh::build_catalogue(in, version, "", dom, dom_d, {}, true);
    REQUIRE(sax_ok == dom_ok);
    REQUIRE(sax_d.size() == dom_d.size());
    for (std::size_t i = 0; i < sax_d.size(); ++i) CHECK(sax_d[i].message == dom_d[i].message);
    if (sax_ok) CHECK(sh::catalogue_to_json(sax) == sh::catalogue_to_json(dom));
}
}  // namespace

TEST_CASE("catalogue: the SAX parse of a bundle builds what the DOM parse builds", "[catalogue][sax]") {
    const std::string mini = test::read_text(fixture("stix-mini.json"));
    SECTION("fixtures") {
        check_sax_matches_dom({source(fixture("stix-mini.json"))}, "1");
        check_sax_matches_dom({source(fixture("stix-mini.json"))}, "");
        std::vector<sh::SourceFile> misp = misp_fixture();
        check_sax_matches_dom(misp, "7");
        misp.push_back(source(fixture("stix-mini.json")));  // MISP with its companion bundle
        check_sax_matches_dom(misp, "7");
    }
    SECTION("objects the generator skips still count and still hold their ids") {
        json doc = json::parse(mini);
        json& objects = doc["objects"];
        // An object of an unread type carrying a tactic's id before the tactic: the matrix's
        // tactic_refs lookup finds it first in both parses.
        json tactic;
        for (const auto& o : objects)
            if (o.value("type", "") == "x-mitre-tactic") tactic = o;
        REQUIRE(tactic.is_object());
        objects.insert(objects.begin(), json{{"type", "course-of-action"}, {"id", tactic["id"]}, {"name", "x"}});
        objects.push_back(json{{"type", 7}, {"id", "x"}});
        objects.push_back(json{{"id", "no-type"}});
        objects.push_back("not an object");
        objects.push_back(json{{"type", "relationship"}, {"id", "relationship--1"}, {"relationship_type", "mitigates"},
                               {"source_ref", "course-of-action--1"}, {"target_ref", tactic["id"]}});
        check_sax_matches_dom({{"b.json", doc.dump()}}, "1");
        doc["objects"] = json::object();  // "objects" that is no array: not a bundle
        check_sax_matches_dom({{"b.json", doc.dump()}}, "1");
    }
    SECTION("not JSON: the same error at the same place") {
        check_sax_matches_dom({{"b.json", mini.substr(0, mini.size() / 2)}}, "1");
        check_sax_matches_dom({{"b.json", mini + "x"}}, "1");
    }
    SECTION("the official v18.1 bundle") {
        const std::string path = test::shared_dir() + "/attack/enterprise-attack-18.1.json";
        if (!test::shared_available() || !test::file_exists(path)) {
            WARN("SKIPPED: " << path << " is missing");
            return;
        }
        check_sax_matches_dom({source(path)}, "");
    }
}

// A large bundle is parsed on several threads, one piece per object (attack_json.hpp): the pieces
// must give what the one pass gives, on every text, and the scan must find the pieces only where
// it can be sure of them.
namespace {
bool split_matches_whole(const std::string& text) {
    json whole, split;
    const bool whole_ok = sh::parse_attack_json(text, whole, {1, 0});
    const bool split_ok = sh::parse_attack_json(text, split, {3, 0});
    INFO(text.substr(0, 300));
    CHECK(whole_ok == split_ok);
    if (whole_ok && split_ok) CHECK(whole == split);
    return whole_ok;
}
}  // namespace

TEST_CASE("catalogue: a bundle parsed in pieces on threads gives the one-pass result", "[catalogue][sax]") {
    const std::string mini = test::read_text(fixture("stix-mini.json"));
    const json doc = json::parse(mini);
    const std::size_t n = doc["objects"].size();
    REQUIRE(n >= 3);
    SECTION("layouts: compact, indented, tabs and CRLF; the pieces are the objects") {
        std::string crlf;
        for (char c : doc.dump(1, '\t')) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
        for (const std::string& text : std::vector<std::string>{mini, doc.dump(), doc.dump(2), crlf}) {
            CHECK(sh::attack_json_items(text) == n);
            CHECK(split_matches_whole(text));
        }
    }
    SECTION("items of every kind, and strings holding brackets, quotes and backslashes") {
        json odd = doc;
        odd["objects"].push_back(R"(a "quoted" ] } [ { string \ with \\ escapes)");
        odd["objects"].push_back(json::array({1, json::array({2, json::object({{"]", "}"}})}), "[", nullptr}));
        odd["objects"].push_back(true);
        odd["objects"].push_back(nullptr);
        odd["objects"].push_back(-1.5e3);
        odd["objects"].push_back(json{{"type", "relationship"}, {"id", "relationship--x\"]}"}, {"relationship_type", "uses"},
                                      {"external_references", json::array({json{{"source_name", "mitre-attack"}}})}});
        odd["after"] = json{{"objects", json::array({1})}};  // deeper "objects" are not the bundle's
        const std::string text = odd.dump(2);
        CHECK(sh::attack_json_items(text) == n + 6);
        CHECK(split_matches_whole(text));
        // A relationship keeps no citations, whichever way it was parsed.
        json parsed;
        REQUIRE(sh::parse_attack_json(text, parsed, {3, 0}));
        CHECK_FALSE(parsed["objects"][n + 5].contains("external_references"));
    }
    SECTION("doubtful shapes go to the one pass") {
        const std::string items = doc["objects"].dump();
        for (const std::string& text : std::vector<std::string>{
                 "{\"obj\\u0065cts\": " + items + ", \"objects\": [1, 2]}",  // an escaped name could be "objects"
                 "{\"objects\": [1, 2], \"obj\\u0065cts\": " + items + "}",
                 "{\"objects\": " + items + ", \"objects\": [1, 2]}",  // twice: the later wins in the one pass
                 std::string("{\"objects\": []}"), std::string("{\"objects\": {\"a\": 1}}"), std::string("[{\"objects\": [1]}]"),
                 "\xEF\xBB\xBF" + mini,  // a byte order mark: nlohmann skips it, the scan does not
                 std::string("{\"type\": \"bundle\"}")}) {
            CHECK(sh::attack_json_items(text) == 0);
            split_matches_whole(text);
        }
    }
    SECTION("not JSON, in an object, between objects or after the document: refused either way") {
        const std::string items = doc["objects"].dump();
        const std::string body = items.substr(1, items.size() - 2);
        for (const std::string& text : std::vector<std::string>{
                 "{\"objects\": [" + body + ",]}", "{\"objects\": [" + body + " 7]}", "{\"objects\": [" + body + ", tru]}",
                 "{\"objects\": [" + body + ", {\"a\": 1,}]}", "{\"objects\": [" + body + ", {\"a\" 1}]}",
                 "{\"objects\": [" + body + ", [1}]}", "{\"objects\": [" + body + "]} x", "{\"objects\": [" + body + "]",
                 "{\"objects\": [" + body + ", \"\\x\"]}", "{\"objects\": [" + body + ", \"open]}", "{\"a\": tru, \"objects\": [" + body + "]}"}) {
            CHECK_FALSE(split_matches_whole(text));
        }
    }
    SECTION("every cut and every changed byte of a small bundle: the same verdict and the same result") {
        const std::string text = doc.dump();
        const std::string noise = "{}[],:\"\\ x1-";
        for (std::size_t i = 0; i < text.size(); i += 7) {
            split_matches_whole(text.substr(0, i));
            std::string changed = text;
            changed[i] = noise[i % noise.size()];
            split_matches_whole(changed);
            split_matches_whole(text.substr(0, i) + text.substr(i + 1));
        }
    }
}
