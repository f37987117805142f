// test_threats.cpp — threat-informed coverage (src/core/threats.*): finding threats by id, name and
// alias, ThreatCoverage and the weakest-against ranking on a hand-made catalogue (every expected
// number worked out by hand below), the outputs, and — with ../shared — the catalogue's technique
// sets against an independent walk of the v18.1 STIX bundle's relationships.
//
// Fixture (threat_catalogue()):
//   Tactics: execution (criticality 2), persistence (2), credential-access (3).
//   T1001       execution          Windows, Linux
//   T1001.001   execution          Windows          sub-technique of T1001
//   T1001.002   execution          Linux            sub-technique of T1001
//   T1002       persistence        Windows          revoked by T1003
//   T1003       credential-access  Windows
//   T1004       execution          Windows          deprecated
//   T1005       persistence        Linux
//   C0001  campaign "Campaign C"  aliases Shared Alias        uses T1001.002
//   G0001  group "Alpha Group"    aliases Cozy Test, AG, Twin uses T1001, T1002, T1004, T1005
//   G0002  group "Beta Group"     aliases Shared Alias, Twin  uses T1001.001, T1003, T1005
//   G0003  group "Old Alpha"      revoked by G0001
//   G0004  group "Gone Group"     deprecated                  uses T1003
//   S0001  tool "Mimi"                                        uses T1003, T1001.001, T9999 (unknown)
// Our coverage: T1001.001/execution 80 (a sub-technique rule), T1003/credential-access 30.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "core/layer.hpp"
#include "core/threats.hpp"
#include "test_support.hpp"

using namespace sh;
using Strings = std::vector<std::string>;

namespace {

Catalogue threat_catalogue() {
    Catalogue c;
    c.attack_version = "99";
    c.domain = "enterprise-attack";
    c.tactics = {{"TA0002", "execution", "Execution"},
                 {"TA0003", "persistence", "Persistence"},
                 {"TA0006", "credential-access", "Credential Access"}};
    auto tech = [](std::string id, std::string tactic, Strings platforms) {
        Technique t;
        t.id = id;
        t.name = "Name of " + id;
        if (auto dot = id.find('.'); dot != std::string::npos) t.parent = id.substr(0, dot);
        t.tactics = {std::move(tactic)};
        t.platforms = std::move(platforms);
        return t;
    };
    c.techniques = {tech("T1001", "execution", {"Linux", "Windows"}),  tech("T1001.001", "execution", {"Windows"}),
                    tech("T1001.002", "execution", {"Linux"}),        tech("T1002", "persistence", {"Windows"}),
                    tech("T1003", "credential-access", {"Windows"}), tech("T1004", "execution", {"Windows"}),
                    tech("T1005", "persistence", {"Linux"})};
    c.techniques[3].revoked = true;
    c.techniques[3].revoked_by = "T1003";
    c.techniques[5].deprecated = true;
    auto threat = [](std::string id, ThreatKind kind, std::string name, Strings aliases, Strings techniques) {
        Threat t;
        t.id = std::move(id);
        t.kind = kind;
        t.name = std::move(name);
        t.aliases = std::move(aliases);
        t.techniques = std::move(techniques);
        return t;
    };
    c.threats = {threat("C0001", ThreatKind::Campaign, "Campaign C", {"Shared Alias"}, {"T1001.002"}),
                 threat("G0001", ThreatKind::Group, "Alpha Group", {"Cozy Test", "AG", "Twin"}, {"T1001", "T1002", "T1004", "T1005"}),
                 threat("G0002", ThreatKind::Group, "Beta Group", {"Shared Alias", "Twin"}, {"T1001.001", "T1003", "T1005"}),
                 threat("G0003", ThreatKind::Group, "Old Alpha", {}, {}),
                 threat("G0004", ThreatKind::Group, "Gone Group", {}, {"T1003"}),
                 threat("S0001", ThreatKind::Tool, "Mimi", {}, {"T1003", "T1001.001", "T9999"})};
    c.threats[3].revoked = true;
    c.threats[3].revoked_by = "G0001";
    c.threats[4].deprecated = true;
    c.reindex();
    return c;
}

Coverage our_coverage() {
    Coverage c;
    c.name = "ours";
    c.entries = {{"T1001.001", "execution", 80}, {"T1003", "credential-access", 30}};
    return c;
}

std::vector<const Threat*> pick(const Catalogue& c, Strings ids) {
    std::vector<const Threat*> out;
    for (const auto& id : ids) out.push_back(c.find_threat(id));
    return out;
}

Strings ids_of(const std::vector<GapRow>& rows) {
    Strings out;
    for (const auto& r : rows) out.push_back(r.technique);
    return out;
}

}  // namespace

TEST_CASE("threats: found by id, name or alias, whatever the case and punctuation", "[threats]") {
    const Catalogue c = threat_catalogue();
    auto found = [&](const char* q) {
        const ThreatResolution r = resolve_threat(c, q);
        return r.threat ? r.threat->id : "error: " + r.error;
    };
    CHECK(found("G0001") == "G0001");
    CHECK(found("g0001") == "G0001");
    CHECK(found("Alpha Group") == "G0001");
    CHECK(found("alpha-group") == "G0001");
    CHECK(found("Cozy Test") == "G0001");
    CHECK(found("  COZYTEST ") == "G0001");
    CHECK(found("C0001") == "C0001");
    CHECK(found("Mimi") == "S0001");

    SECTION("an alias two active groups share is ambiguous; the error names both") {
        const ThreatResolution r = resolve_threat(c, "Twin");
        CHECK(r.threat == nullptr);
        CHECK(r.error == "'Twin' names 2 threats: Alpha Group (G0001), Beta Group (G0002); give the id");
    }
    SECTION("a name one group shares with a campaign or software means the group, with a note") {
        const ThreatResolution r = resolve_threat(c, "Shared Alias");
        REQUIRE(r.threat);
        CHECK(r.threat->id == "G0002");
        CHECK(r.note == "'Shared Alias' also names Campaign C (C0001); using the group Beta Group (G0002)");
    }
    SECTION("a revoked threat resolves to its replacement, with a note") {
        const ThreatResolution r = resolve_threat(c, "Old Alpha");
        REQUIRE(r.threat);
        CHECK(r.threat->id == "G0001");
        CHECK(r.note == "Old Alpha (G0003) was merged into Alpha Group (G0001); using G0001");
        CHECK(found("G0003") == "G0001");
    }
    SECTION("a deprecated one is found, and said to be deprecated") {
        const ThreatResolution r = resolve_threat(c, "gone group");
        REQUIRE(r.threat);
        CHECK(r.threat->id == "G0004");
        CHECK(r.note == "Gone Group (G0004) is deprecated in ATT&CK 99");
    }
    SECTION("unknown: the closest names") {
        const ThreatResolution r = resolve_threat(c, "Alpah Grop");
        CHECK(r.threat == nullptr);
        CHECK(r.error.rfind("no group, campaign or software called 'Alpah Grop' in ATT&CK 99; closest: Alpha Group (G0001)", 0) == 0);
        // A partial name is offered first.
        CHECK(resolve_threat(c, "Bet").error.find("closest: Beta Group (G0002)") != std::string::npos);
        // Nothing near: no list.
        CHECK(resolve_threat(c, "Zzzzzzzzzzzz").error == "no group, campaign or software called 'Zzzzzzzzzzzz' in ATT&CK 99");
        CHECK_FALSE(resolve_threat(c, " - ").error.empty());
    }
    SECTION("resolve_threats: in order, repeats once, every failure an error") {
        std::vector<const Threat*> out;
        Diagnostics d;
        CHECK_FALSE(resolve_threats(c, {"Beta Group", "G0002", "Old Alpha", "nobody at all"}, "--threat", out, d));
        REQUIRE(out.size() == 2);
        CHECK(out[0]->id == "G0002");
        CHECK(out[1]->id == "G0001");
        CHECK(count_errors(d) == 1);
        CHECK(d.back().file == "--threat");
    }
    SECTION("search for a picker: best matches first, inactive ones on request") {
        auto ids = [](const std::vector<ThreatMatch>& m) {
            Strings out;
            for (const auto& x : m) out.push_back(x.threat->id + "=" + x.matched);
            return out;
        };
        CHECK(ids(search_threats(c, "alpha")) == Strings{"G0001=Alpha Group"});
        CHECK(ids(search_threats(c, "group")) == Strings{"G0001=Alpha Group", "G0002=Beta Group"});  // word starts
        CHECK(ids(search_threats(c, "group", true)) ==
              Strings{"G0001=Alpha Group", "G0002=Beta Group", "G0004=Gone Group"});
        CHECK(ids(search_threats(c, "cozy")) == Strings{"G0001=Cozy Test"});
        CHECK(ids(search_threats(c, "shared")) == Strings{"G0002=Shared Alias", "C0001=Shared Alias"});  // groups first
        CHECK(ids(search_threats(c, "G000")) == Strings{"G0001=G0001", "G0002=G0002"});
        CHECK(search_threats(c, "").size() == 4);  // every active one: groups first
        CHECK(search_threats(c, "").front().threat->id == "G0001");
        CHECK(search_threats(c, "", false, 2).size() == 2);
    }
}

TEST_CASE("threats: coverage of a selection, checked by hand", "[threats]") {
    const Catalogue c = threat_catalogue();
    ThreatOptions opt;  // threshold 80, default weights
    const ThreatCoverage tc = compute_threat_coverage(our_coverage(), c, pick(c, {"G0001", "G0002", "G0001"}), opt);
    REQUIRE(tc.threats.size() == 2);  // the repeat counts once

    SECTION("per threat: a revoked use counts for its replacement, a sub-technique rule covers a parent use") {
        const ThreatSummary& a = tc.threats[0];
        CHECK(a.id == "G0001");
        CHECK(a.name == "Alpha Group");
        CHECK(a.kind == "group");
        // T1001 (80 through T1001.001), T1003 (for T1002; 30), T1005 (0); T1004 is deprecated.
        CHECK(a.used == 3);
        CHECK(a.covered == 2);
        CHECK(a.covered_well == 1);
        CHECK(a.not_counted == Strings{"T1004"});
        CHECK(ids_of(a.uncovered) == Strings{"T1005"});
        CHECK(a.uncovered_total == 1);
        CHECK(a.covered_pct() == Approx(200.0 / 3));

        const ThreatSummary& b = tc.threats[1];
        CHECK(b.id == "G0002");
        // T1001.001 (80, its own), T1003 (30), T1005 (0).
        CHECK(b.used == 3);
        CHECK(b.covered == 2);
        CHECK(b.covered_well == 1);
        CHECK(b.not_counted.empty());
    }
    SECTION("the selection as a whole: each technique once") {
        // T1001, T1001.001, T1003, T1005: three covered (80, 80, 30), two well.
        CHECK(tc.combined.used == 4);
        CHECK(tc.combined.covered == 3);
        CHECK(tc.combined.covered_well == 2);
        CHECK(tc.combined.not_counted == Strings{"T1004"});
        REQUIRE(tc.combined.uncovered.size() == 1);
        const GapRow& g = tc.combined.uncovered[0];
        CHECK(g.technique == "T1005");
        CHECK(g.rank == 1);
        CHECK(g.tactic == "persistence");
        CHECK(g.criticality == 2);
        CHECK(g.frequency == 100);  // both selected threats use it
        CHECK(g.frequency_source == "selected-threats");
        CHECK(g.priority == Approx(10 * 2 + 1 * 100 - 0));
    }
    SECTION("per technique: which selected threats use it; frequency = their share") {
        Strings rows;
        for (const auto& u : tc.techniques) {
            std::string who;
            for (const auto& t : u.threats) who += t + " ";
            rows.push_back(u.technique + " " + std::to_string(u.score) + " " + who);
        }
        CHECK(rows == Strings{"T1001 80 G0001 ", "T1001.001 80 G0002 ", "T1003 30 G0001 G0002 ", "T1005 0 G0001 G0002 "});
        CHECK(tc.frequency.source == "selected-threats");
        CHECK(tc.frequency.percent == std::map<std::string, double>{{"T1001", 50}, {"T1001.001", 50}, {"T1003", 100}, {"T1005", 100}});
    }
    SECTION("the matrix's count: a parent cell also counts its sub-techniques' users") {
        CHECK(threat_use(tc, c, "T1001", false).count == 1);
        const ThreatUse rolled = threat_use(tc, c, "T1001", true);
        CHECK(rolled.count == 2);
        CHECK(rolled.names == Strings{"Alpha Group", "Beta Group"});
        CHECK(threat_use(tc, c, "T1001.002", true).count == 0);
        CHECK(threat_use_text(rolled, 2) == "used by 2 of 2 selected: Alpha Group, Beta Group");
        CHECK(threat_use_text(threat_use(tc, c, "T1004", true), 2).empty());
    }
    SECTION("the gap priority takes its frequency from the selection") {
        GapOptions go;
        go.top = 0;
        const auto rows = prioritise_gaps(our_coverage(), c, go, &tc.frequency);
        // Techniques level: T1001 80 is not a gap; T1003 30 (freq 100), T1005 0 (freq 100).
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].technique == "T1003");  // 30 + 100 - 3 = 127
        CHECK(rows[0].priority == Approx(127));
        CHECK(rows[1].technique == "T1005");  // 20 + 100 - 0 = 120
        CHECK(rows[0].frequency_source == "selected-threats");
    }
    SECTION("a platform filter: techniques of other platforms do not count") {
        ThreatOptions linux_only;
        linux_only.platforms = {"linux"};
        const ThreatCoverage l = compute_threat_coverage(our_coverage(), c, pick(c, {"G0001", "G0002"}), linux_only);
        CHECK(l.threats[0].used == 2);  // T1001, T1005
        CHECK(l.threats[0].covered == 1);
        CHECK(l.threats[0].not_counted == Strings{"T1002", "T1004"});
        CHECK(l.threats[1].used == 1);  // T1005
        CHECK(l.threats[1].not_counted == Strings{"T1001.001", "T1003"});
    }
    SECTION("nothing selected: empty") {
        const ThreatCoverage none = compute_threat_coverage(our_coverage(), c, {}, opt);
        CHECK(none.empty());
        CHECK(none.combined.used == 0);
        CHECK(board_threats(none, ThreatRanking{}).lines.empty());
    }
}

TEST_CASE("threats: the weakest-against ranking", "[threats]") {
    const Catalogue c = threat_catalogue();
    ThreatOptions opt;
    ThreatRankingOptions ro;
    ro.min_techniques = 1;
    auto rows = [](const ThreatRanking& r) {
        Strings out;
        for (const auto& x : r.rows)
            out.push_back(std::to_string(x.rank) + " " + x.id + " " + std::to_string(x.covered) + "/" + std::to_string(x.used));
        return out;
    };
    // C0001: T1001.002 uncovered (0%); G0001 and G0002 2 of 3 (one uncovered each): by id.
    const ThreatRanking r = rank_threats(our_coverage(), c, opt, ro);
    CHECK(rows(r) == Strings{"1 C0001 0/1", "2 G0001 2/3", "3 G0002 2/3"});
    CHECK(r.ranked == 3);
    CHECK(r.kinds == Strings{"group", "campaign"});
    CHECK(r.rows[1].well_pct == Approx(100.0 / 3));

    ro.software = true;  // S0001: T1003 and T1001.001 covered; T9999 unknown
    CHECK(rows(rank_threats(our_coverage(), c, opt, ro)).back() == "4 S0001 2/2");
    ro.software = false;
    ro.include_inactive = true;  // G0004: T1003 covered; G0003 uses nothing: too few
    const ThreatRanking all = rank_threats(our_coverage(), c, opt, ro);
    CHECK(rows(all).back() == "4 G0004 1/1");
    CHECK(all.too_few == 1);
    ro.include_inactive = false;
    ro.min_techniques = 2;
    const ThreatRanking two = rank_threats(our_coverage(), c, opt, ro);
    CHECK(rows(two) == Strings{"1 G0001 2/3", "2 G0002 2/3"});
    CHECK(two.too_few == 1);
    ro.top = 1;
    CHECK(rank_threats(our_coverage(), c, opt, ro).rows.size() == 1);
    CHECK(rank_threats(our_coverage(), c, opt, ro).ranked == 2);
}

TEST_CASE("threats: board section, JSON, CSV, text and the threat layer", "[threats]") {
    const Catalogue c = threat_catalogue();
    ThreatOptions opt;
    const ThreatCoverage tc = compute_threat_coverage(our_coverage(), c, pick(c, {"G0001", "G0002"}), opt);
    ThreatRankingOptions ro;
    ro.min_techniques = 1;
    const ThreatRanking ranking = rank_threats(our_coverage(), c, opt, ro);

    SECTION("board lines") {
        const BoardThreats b = board_threats(tc, ranking);
        CHECK(b.lines == Strings{"Against Alpha Group: 2 of 3 techniques covered (67%), 1 covered well",
                                 "Against Beta Group: 2 of 3 techniques covered (67%), 1 covered well"});
        CHECK(b.combined_line == "All 2 selected: 3 of 4 techniques covered (75%), 2 covered well");
        CHECK(ids_of(b.top_uncovered) == Strings{"T1005"});
        CHECK(b.frequency_note == "frequency = % of the 2 selected threats using the technique");
        CHECK(b.weakest.rows.size() == 3);
        const auto j = nlohmann::json::parse(board_threats_to_json(b));
        CHECK(j["lines"][0] == "Against Alpha Group: 2 of 3 techniques covered (67%), 1 covered well");
        CHECK(j["weakest"]["rows"][0]["id"] == "C0001");
    }
    SECTION("JSON") {
        const auto j = nlohmann::json::parse(threat_coverage_to_json(tc));
        CHECK(j["threshold"] == 80);
        CHECK(j["selected"][0]["id"] == "G0001");
        CHECK(j["selected"][0]["used"] == 3);
        CHECK(j["selected"][0]["covered"] == 2);
        CHECK(j["selected"][0]["coveredWell"] == 1);
        CHECK(j["selected"][0]["coveredPct"] == 66.67);
        CHECK(j["selected"][0]["notCounted"] == nlohmann::json::array({"T1004"}));
        CHECK(j["combined"]["used"] == 4);
        CHECK(j["techniques"][2]["threats"] == nlohmann::json::array({"G0001", "G0002"}));
        CHECK(j["combined"]["uncovered"][0]["frequencySource"] == "selected-threats");
        const auto r = nlohmann::json::parse(threat_ranking_to_json(ranking));
        CHECK(r["rows"][0]["coveredPct"] == 0);
        CHECK(r["ranked"] == 3);
    }
    SECTION("CSV and text") {
        CHECK(threat_ranking_to_csv(ranking) ==
              "rank,id,name,kind,used,covered,covered_well,covered_pct,well_pct\n"
              "1,C0001,Campaign C,campaign,1,0,0,0.00,0.00\n"
              "2,G0001,Alpha Group,group,3,2,1,66.67,33.33\n"
              "3,G0002,Beta Group,group,3,2,1,66.67,33.33\n");
        CHECK(threat_coverage_to_text(tc) ==
              "Against Alpha Group (G0001): 2 of 3 techniques covered (67%), 1 covered well (1 not counted)\n"
              "Against Beta Group (G0002): 2 of 3 techniques covered (67%), 1 covered well\n"
              "All 2 selected: 3 of 4 techniques covered (75%), 2 covered well\n");
        CHECK(threat_ranking_to_text(ranking).find("G0001  group         3       2     1     66.7   33.3  Alpha Group") !=
              std::string::npos);
    }
    SECTION("threat layer: Navigator 4.5 as our layers, our scores, gaps at 0 in red, the threats named") {
        const std::string text = write_threat_layer(tc, c);
        const auto j = nlohmann::json::parse(text);
        CHECK(j["versions"]["layer"] == "4.5");
        CHECK(j["versions"]["attack"] == "99");
        CHECK(j["domain"] == "enterprise-attack");
        CHECK(j["name"] == "threats: Alpha Group (G0001), Beta Group (G0002)");
        CHECK(j["gradient"]["minValue"] == 0);
        CHECK(j["gradient"]["maxValue"] == 80);  // the highest score in the layer
        std::set<std::pair<std::string, std::string>> keys;
        Strings entries;
        for (const auto& e : j["techniques"]) {
            const bool fresh = keys.insert(std::make_pair(e["techniqueID"].get<std::string>(), e["tactic"].get<std::string>())).second;
            CHECK(fresh);  // no duplicate pairs
            CHECK(e["score"].is_number_integer());
            entries.push_back(e["techniqueID"].get<std::string>() + "/" + e["tactic"].get<std::string>() + " " +
                              std::to_string(e["score"].get<int>()) + " " + e["color"].get<std::string>());
        }
        CHECK(entries == Strings{"T1001/execution 80 ", "T1001.001/execution 80 ", "T1003/credential-access 30 ",
                                 "T1005/persistence 0 #e8413c"});
        CHECK(j["techniques"][3]["comment"] == "not covered; used by Alpha Group, Beta Group");
        bool named = false;
        for (const auto& m : j["metadata"]) named |= m["name"] == "threats" && m["value"] == "Alpha Group (G0001), Beta Group (G0002)";
        CHECK(named);
        // Our own reader takes it as any Navigator layer.
        Layer back;
        Diagnostics d;
        REQUIRE(read_layer(text, "threats.json", back, d));
        CHECK(count_errors(d) == 0);
        CHECK(back.techniques.size() == 4);
        CHECK(back.gradient_max > back.gradient_min);
    }
}

// ---- ../shared: the catalogues against the ATT&CK data, walked independently ----

namespace {

// The v18.1 bundle read here without the generator: for an ATT&CK id, the external ids of the
// attack-patterns its object's active `uses` relationships point at.
struct BundleWalk {
    std::unordered_map<std::string, const nlohmann::json*> by_id;      // STIX id -> object
    std::unordered_map<std::string, std::string> stix_of_attack_id;    // "G0016" -> STIX id
    std::unordered_multimap<std::string, const nlohmann::json*> uses;  // source STIX id -> relationship
    nlohmann::json doc;

    static std::string attack_id(const nlohmann::json& o) {
        if (!o.contains("external_references")) return {};
        for (const auto& r : o["external_references"])
            if (r.value("source_name", "") == "mitre-attack") return r.value("external_id", "");
        return {};
    }
    explicit BundleWalk(const std::string& path) {
        doc = nlohmann::json::parse(test::read_text(path));
        for (const auto& o : doc["objects"]) {
            by_id[o["id"]] = &o;
            const std::string type = o["type"];
            if (type == "intrusion-set" || type == "campaign" || type == "malware" || type == "tool")
                stix_of_attack_id[attack_id(o)] = o["id"];
            if (type == "relationship" && o["relationship_type"] == "uses" && !o.value("revoked", false) &&
                !o.value("x_mitre_deprecated", false))
                uses.emplace(o["source_ref"].get<std::string>(), &o);
        }
    }
    Strings techniques_of(const std::string& id) const {
        std::set<std::string> out;
        auto range = uses.equal_range(stix_of_attack_id.at(id));
        for (auto it = range.first; it != range.second; ++it) {
            auto target = by_id.find((*it->second)["target_ref"]);
            if (target != by_id.end() && (*target->second)["type"] == "attack-pattern") out.insert(attack_id(*target->second));
        }
        return Strings(out.begin(), out.end());
    }
};

Strings sorted(Strings v) {
    std::sort(v.begin(), v.end());
    return v;
}

// A v18.1 id as v19 knows it: followed through v19's revocations.
Strings in_v19(const Strings& ids, const Catalogue& v19) {
    std::set<std::string> out;
    for (std::string id : ids) {
        for (const Technique* t = v19.find(id); t && t->revoked && !t->revoked_by.empty(); t = v19.find(id)) id = t->revoked_by;
        out.insert(id);
    }
    return Strings(out.begin(), out.end());
}

}  // namespace

TEST_CASE("threats: a campaign named by its id is called by the id once, not \"C0001 (C0001)\"", "[threats]") {
    // ATT&CK names many campaigns by their id alone (C0010, C0011, C0015 ...).
    Catalogue c = threat_catalogue();
    for (auto& t : c.threats)
        if (t.id == "C0001") t.name = "C0001";
    CHECK(threat_label(*c.find_threat("C0001")) == "C0001");
    CHECK(threat_label(*c.find_threat("G0001")) == "Alpha Group (G0001)");
    CHECK(threat_label("", "G0009") == "G0009");
    ThreatOptions opt;
    const ThreatCoverage tc = compute_threat_coverage(our_coverage(), c, pick(c, {"C0001", "G0001"}), opt);
    const std::string text = threat_coverage_to_text(tc);
    CHECK(text.rfind("Against C0001: 0 of 1 technique covered", 0) == 0);
    CHECK(text.find("C0001 (C0001)") == std::string::npos);
    const auto j = nlohmann::json::parse(write_threat_layer(tc, c));
    CHECK(j["name"] == "threats: C0001, Alpha Group (G0001)");
}

TEST_CASE("threats: the catalogues' technique sets against the ATT&CK data", "[threats][shared]") {
    if (!test::shared_available()) {
        WARN("../shared missing: threat technique sets not checked against ATT&CK data");
        return;
    }
    static const BundleWalk walk(test::shared_dir() + "/attack/enterprise-attack-18.1.json");
    const Catalogue* v18 = embedded_catalogue("18.1");
    const Catalogue& v19 = default_catalogue();
    REQUIRE(v18);

    SECTION("v18.1: three groups and a campaign equal the bundle's relationships") {
        for (const char* id : {"G0016", "G0007", "G0010", "C0024"}) {
            INFO(id);
            const Threat* t = v18->find_threat(id);
            REQUIRE(t);
            const Strings expected = walk.techniques_of(id);
            CHECK(expected.size() > 20);
            CHECK(sorted(t->techniques) == expected);
        }
        CHECK(v18->find_threat("G0016")->name == "APT29");
        const Strings& aliases = v18->find_threat("G0016")->aliases;
        CHECK(std::find(aliases.begin(), aliases.end(), "Cozy Bear") != aliases.end());
        CHECK(v18->find_threat("C0024")->name == "SolarWinds Compromise");
        CHECK(v18->find_threat("C0024")->kind == ThreatKind::Campaign);
        CHECK(v18->find_threat("S0002")->name == "Mimikatz");
        CHECK(v18->find_threat("S0002")->kind == ThreatKind::Tool);
        CHECK(v18->find_threat("G0118")->revoked);  // UNC2452, merged into APT29
        CHECK(v18->find_threat("G0118")->revoked_by == "G0016");
        CHECK(v18->find_threat("G0014")->deprecated);  // Night Dragon
    }
    SECTION("v19 (MISP) and v18.1 (STIX) agree where ATT&CK did not change the group") {
        // G0019 Naikon and G0021 Molerats use no technique v19 revoked or moved: the same set.
        for (const char* id : {"G0019", "G0021"}) {
            INFO(id);
            REQUIRE(v19.find_threat(id));
            CHECK(v19.find_threat(id)->techniques == v18->find_threat(id)->techniques);
            CHECK_FALSE(v19.find_threat(id)->techniques.empty());
        }
        // APT29 differs by one change of v19: Defense Impairment took Impair Defenses, so v18.1's
        // T1562.008 "Disable or Modify Cloud Logs" is revoked by T1685.002 in v19.
        const Strings a18 = v18->find_threat("G0016")->techniques, a19 = v19.find_threat("G0016")->techniques;
        CHECK(a18 != a19);
        CHECK(std::find(a18.begin(), a18.end(), "T1562.008") != a18.end());
        CHECK(v19.find("T1562.008")->revoked_by == "T1685.002");
        CHECK(in_v19(a18, v19) == sorted(a19));
    }
    SECTION("v19 has the campaigns, mapped from v18.1 through v19's revocations") {
        const Threat* c = v19.find_threat("C0024");
        REQUIRE(c);
        CHECK(c->name == "SolarWinds Compromise");
        CHECK(sorted(c->techniques) == in_v19(walk.techniques_of("C0024"), v19));
        int campaigns = 0;
        for (const auto& t : v19.threats) campaigns += t.kind == ThreatKind::Campaign;
        CHECK(campaigns == 52);
        // And the page's search finds it with the default catalogue.
        REQUIRE_FALSE(search_threats(v19, "C0024").empty());
        CHECK(search_threats(v19, "C0024").front().threat->id == "C0024");
        // CozyCar (S0046) lists "Cozy Bear" among its names too: the group wins, and says so.
        const ThreatResolution cozy = resolve_threat(v19, "Cozy Bear");
        REQUIRE(cozy.threat);
        CHECK(cozy.threat->id == "G0016");
        CHECK(cozy.note.find("CozyCar (S0046)") != std::string::npos);
        REQUIRE(resolve_threat(v19, "S0002").threat);
        CHECK(resolve_threat(v19, "S0002").threat->name == "Mimikatz");
    }
    SECTION("group counts agree with the threats: every active group using a technique, once") {
        std::map<std::string, int> users;
        for (const auto& t : v18->threats)
            if ((t.kind == ThreatKind::Group || t.kind == ThreatKind::Campaign) && t.active())
                for (const auto& id : t.techniques) ++users[id];
        for (const auto& t : v18->techniques) {
            INFO(t.id);
            CHECK(t.groups == users[t.id]);
        }
    }
}
