// test_import.cpp — imports: the seed-style CSV (`title,attack_id,level,status`) as rules, and any
// Navigator layer (other producers' quirks) as scores. Fixtures in tests/data/import/.
#include <algorithm>
#include <cstdio>
#include <map>

#include "catch.hpp"
#include "core/import_csv.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/scoring.hpp"
#include "test_support.hpp"

using namespace sh;

namespace {

bool has_diag(const Diagnostics& d, Severity s, int line, const std::string& text) {
    return std::any_of(d.begin(), d.end(), [&](const Diagnostic& x) {
        return x.severity == s && (line < 0 || x.line == line) && x.message.find(text) != std::string::npos;
    });
}

std::map<std::pair<std::string, std::string>, int> by_pair(const ScoreResult& s) {
    std::map<std::pair<std::string, std::string>, int> m;
    for (const auto& e : s.entries) m[{e.technique, e.tactic}] = e.score;
    return m;
}

LoadResult load_csv(const std::string& text) {
    LoadResult r;
    load_rules_from_csv(text, "t.csv", r);
    return r;
}

}  // namespace

TEST_CASE("seed CSV: quotes, CRLF, several ids per cell, bad rows reported with their line", "[import]") {
    LoadResult r;
    load_rules_from_csv(test::read_text(test::data_dir() + "/import/seed.csv"), "seed.csv", r);
    const auto& d = r.diagnostics;
    INFO([&] {
        std::string s;
        for (const auto& x : d) s += format_diagnostic(x) + "\n";
        return s;
    }());
    REQUIRE(r.rules.size() == 8);
    CHECK(count_errors(d) == 0);

    CHECK(r.rules[0].title == "PowerShell Download Cradle");
    CHECK(r.rules[0].line == 2);
    CHECK(r.rules[0].file == "seed.csv");
    CHECK(r.rules[0].level == Level::High);
    CHECK(r.rules[0].status == Status::Stable);
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.t1059.001"});
    CHECK(r.rules[0].tag_lines == std::vector<int>{2});

    CHECK(r.rules[1].title == "Ingress Tool Transfer, via certutil");
    CHECK(r.rules[1].tags == std::vector<std::string>{"attack.t1105", "attack.t1059.003"});
    CHECK(r.rules[1].level == Level::Medium);

    // A quoted field over two lines; the next row's line number accounts for it.
    CHECK(r.rules[2].title == "Multi-line\r\ntitle with \"quotes\"");
    CHECK(r.rules[2].line == 4);
    CHECK(r.rules[2].tags == std::vector<std::string>{"attack.t1003.001", "attack.t1003"});
    CHECK(r.rules[3].line == 7);  // line 6 is blank

    // "T1566.001|TA0001|T12": one id kept, two reported; status empty -> none.
    CHECK(r.rules[3].tags == std::vector<std::string>{"attack.t1566.001"});
    CHECK(r.rules[3].status == Status::None);
    CHECK(has_diag(d, Severity::Warning, 7, "'TA0001' is not an ATT&CK technique ID"));
    CHECK(has_diag(d, Severity::Warning, 7, "'T12' is not an ATT&CK technique ID"));

    // No title, unknown level and status: loaded, named after the line, three warnings.
    CHECK(r.rules[4].title == "CSV line 8");
    CHECK(r.rules[4].level == Level::None);
    CHECK(has_diag(d, Severity::Warning, 8, "no title"));
    CHECK(has_diag(d, Severity::Warning, 8, "unknown level 'loud'"));
    CHECK(has_diag(d, Severity::Warning, 8, "unknown status 'stabel'"));

    CHECK(r.rules[5].tags.empty());
    CHECK(has_diag(d, Severity::Warning, 9, "no ATT&CK technique ID"));
    CHECK(has_diag(d, Severity::Warning, 10, "2 fields where the header has 5"));
    CHECK(r.rules[6].tags == std::vector<std::string>{"attack.t1566"});
    CHECK(r.rules[7].title == "Trailing row without newline");
    CHECK(r.rules[7].level == Level::Informational);

    SECTION("scored like Sigma rules") {
        const ScoreResult s = score_rules(r.rules, default_catalogue(), ScoreOptions{});
        const auto m = by_pair(s);
        CHECK(m.at({"T1059.001", "execution"}) == 80);        // high beats informational
        CHECK(m.at({"T1105", "command-and-control"}) == 50);  // medium (the untitled row has no level)
        CHECK(m.at({"T1003.001", "credential-access"}) == 100);
        CHECK(m.at({"T1566.001", "initial-access"}) == 30);
    }
}

TEST_CASE("CSV from a spreadsheet: BOM, ';' delimiter, header in any case and order", "[import]") {
    LoadResult r;
    load_rules_from_csv(test::read_text(test::data_dir() + "/import/semicolon.csv"), "semicolon.csv", r);
    REQUIRE(r.rules.size() == 2);
    CHECK(r.diagnostics.empty());
    CHECK(r.rules[0].title == "Winlogon");
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.t1547.004", "attack.t1059.001"});
    CHECK(r.rules[1].title == "Semi;colon title");
    CHECK(r.rules[1].level == Level::Low);

    const LoadResult reordered = load_csv("Status,Level,Attack ID,TITLE\nstable,high,T1105,x\n");
    REQUIRE(reordered.rules.size() == 1);
    CHECK(reordered.rules[0].title == "x");
    CHECK(reordered.rules[0].status == Status::Stable);
    CHECK(reordered.rules[0].tags == std::vector<std::string>{"attack.t1105"});
    const LoadResult tabs = load_csv("title\tattack_id\nA\tT1105 T1059\n");
    REQUIRE(tabs.rules.size() == 1);
    CHECK(tabs.rules[0].tags.size() == 2);
    const LoadResult cr_only = load_csv("title,attack_id\rA,T1105\rB,T1059\r");
    REQUIRE(cr_only.rules.size() == 2);
    CHECK(cr_only.rules[1].line == 3);
}

TEST_CASE("load_rule_file reads a .csv name as a rules CSV and any other as Sigma YAML", "[import]") {
    const std::string csv = "title,attack_id,level,status\nA,T1105,high,stable\n";
    const std::string yaml = "title: A\nlogsource: {product: windows}\ndetection: {sel: {x: 1}, condition: sel}\n"
                             "tags: [attack.t1105]\nlevel: high\nstatus: stable\n";
    LoadResult from_csv, from_upper, from_yaml, csv_as_yaml;
    load_rule_file(csv, "seed.csv", from_csv);
    load_rule_file(csv, "SEED.CSV", from_upper);
    load_rule_file(yaml, "rule.yml", from_yaml);
    load_rule_file(csv, "seed.yml", csv_as_yaml);  // CSV text under a YAML name: not a rule
    REQUIRE(from_csv.rules.size() == 1);
    CHECK(from_csv.rules[0].title == "A");
    CHECK(from_upper.rules.size() == 1);
    REQUIRE(from_yaml.rules.size() == 1);
    CHECK(from_yaml.rules[0].title == "A");
    CHECK(csv_as_yaml.rules.empty());
}

TEST_CASE("CSV problems are diagnostics, never a stop", "[import]") {
    SECTION("no header") {
        const LoadResult r = load_csv("PowerShell,T1059.001,high,stable\n");
        CHECK(r.rules.empty());
        CHECK(has_diag(r.diagnostics, Severity::Error, 1, "header naming the columns title and attack_id"));
    }
    SECTION("empty file") {
        const LoadResult r = load_csv("");
        CHECK(r.rules.empty());
        CHECK(has_diag(r.diagnostics, Severity::Error, 0, "no rows"));
    }
    SECTION("a quote never closed drops only that row") {
        const LoadResult r = load_csv("title,attack_id\nA,T1105\n\"B,T1059\nC,T1003\n");
        REQUIRE(r.rules.size() == 1);
        CHECK(has_diag(r.diagnostics, Severity::Error, 3, "never closed"));
    }
    SECTION("too large") {
        LoadResult r;
        LoadOptions o;
        o.max_file_bytes = 10;
        load_rules_from_csv("title,attack_id\nA,T1105\n", "t.csv", r, o);
        CHECK(r.rules.empty());
        CHECK(has_diag(r.diagnostics, Severity::Error, 0, "too large"));
    }
    SECTION("binary garbage") {
        std::string junk;
        for (int i = 0; i < 5000; ++i) junk += char((i * 7919) % 256);
        const LoadResult r = load_csv("title,attack_id\n" + junk);
        CHECK(r.rules.size() < 5000);  // whatever it is, it loads in bounded time without a crash
    }
    SECTION("file names") {
        CHECK(is_csv_file_name("rules/seed.CSV"));
        CHECK_FALSE(is_csv_file_name("rule.yml"));
        CHECK_FALSE(is_csv_file_name("csv"));
    }
}

TEST_CASE("a Navigator layer from another producer becomes scores on the catalogue", "[import]") {
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(test::read_text(test::data_dir() + "/import/navigator-other.json"), "other.json", layer, d));
    const ScoreResult s = layer_to_scores(layer, default_catalogue(), "other.json");
    d.insert(d.end(), s.diagnostics.begin(), s.diagnostics.end());
    INFO([&] {
        std::string t;
        for (const auto& x : d) t += format_diagnostic(x) + "\n";
        return t;
    }());
    // The reports' reading rules (coverage_from_layer), then what the matrix can show.
    const std::map<std::pair<std::string, std::string>, int> expected = {
        {{"T1003.001", "credential-access"}, 75},  // lower-case id and tactic, 75.4 rounded
        {{"T1053.005", "execution"}, 20},          // no tactic: all three of its tactics
        {{"T1053.005", "persistence"}, 20},
        {{"T1053.005", "privilege-escalation"}, 20},
        {{"T1059.001", "execution"}, 60},          // duplicate: the higher score
        {{"T1547.004", "persistence"}, 30},        // T1004 is revoked by T1547.004
        {{"T1560", "collection"}, 90},             // disabled is a display choice: kept
        {{"T1566.001", "initial-access"}, 50},     // under execution, not its tactic: shown under its own
    };
    CHECK(by_pair(s) == expected);
    // Same order as score_rules: technique id, then tactic in matrix order.
    REQUIRE(s.entries.size() == 8);
    CHECK(s.entries[1].tactic == "execution");
    CHECK(s.entries[3].tactic == "privilege-escalation");
    CHECK(has_diag(d, Severity::Warning, -1, "T9999: not a technique"));
    CHECK(has_diag(d, Severity::Info, -1, "1 entry without a score"));
    CHECK(has_diag(d, Severity::Warning, -1, "counts for T1547.004"));
    CHECK(has_diag(d, Severity::Warning, -1, "tactic 'execution' is not a tactic of T1566.001 in ATT&CK 19 enterprise-attack; shown under T1566.001's own tactics"));
    CHECK(has_diag(d, Severity::Info, -1, "made for ATT&CK 14"));
    CHECK(has_diag(d, Severity::Warning, -1, "is not an object"));
}

// A layer made before ATT&CK 19, shown on it: its Defense Evasion entries (a tactic 19 split into
// Stealth and Defense Impairment) and T1574's Persistence entries (a tactic 19 took from it) were
// skipped, so a v17 layer's heat-map and board lost 126 of their 501 cells. They are shown under
// the technique's own tactics, where the layer gives no score of its own, as the diff compares them.
TEST_CASE("a layer from before ATT&CK 19 keeps its moved entries, under their techniques' own tactics", "[import][layer]") {
    const Catalogue& cat = default_catalogue();
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(R"({"name": "q3", "versions": {"attack": "17", "layer": "4.5"}, "domain": "enterprise-attack",
        "techniques": [
            {"techniqueID": "T1027", "tactic": "defense-evasion", "score": 80},
            {"techniqueID": "T1055.001", "tactic": "defense-evasion", "score": 80},
            {"techniqueID": "T1055.001", "tactic": "privilege-escalation", "score": 50},
            {"techniqueID": "T1574.001", "tactic": "persistence", "score": 30},
            {"techniqueID": "T1574.001", "tactic": "privilege-escalation", "score": 60},
            {"techniqueID": "T1574.005", "tactic": "persistence", "score": 20},
            {"techniqueID": "T1059", "tactic": "execution", "score": 10}]})",
                       "q3.json", layer, d));
    const ScoreResult s = layer_to_scores(layer, cat, "q3.json");
    // Expected from the catalogue's own tactics of each technique (ATT&CK 19).
    auto tactics_of = [&](const char* id) {
        const Technique* t = cat.find(id);
        REQUIRE(t);
        return t->tactics;
    };
    std::map<std::pair<std::string, std::string>, int> expected;
    for (const auto& tac : tactics_of("T1027")) expected[{"T1027", tac}] = 80;
    for (const auto& tac : tactics_of("T1055.001")) expected[{"T1055.001", tac}] = tac == "privilege-escalation" ? 50 : 80;
    for (const auto& tac : tactics_of("T1574.001")) expected[{"T1574.001", tac}] = 60;  // the higher of its two moved
    for (const auto& tac : tactics_of("T1574.005")) expected[{"T1574.005", tac}] = 20;
    expected[{"T1059", "execution"}] = 10;
    CHECK(by_pair(s) == expected);
    CHECK(cat.find("T1055.001")->tactics.size() >= 2);  // so the layer's own PE score is tested against a moved one
    // Said once per tactic, with the techniques.
    std::vector<std::string> got;
    for (const auto& x : s.diagnostics)
        if (x.severity == Severity::Warning) got.push_back(x.message);
    const std::string where = cat.label();
    const std::vector<std::string> want = {
        "2 entries under tactic 'persistence', which their techniques do not have in " + where +
            ": shown under their own tactics (T1574.001, T1574.005)",
        "T1574.001: tactic 'privilege-escalation' is not a tactic of T1574.001 in " + where +
            "; shown under T1574.001's own tactics",
        "2 entries under tactic 'defense-evasion', which is not in " + where +
            " (ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment): shown under their techniques' own "
            "tactics (T1027, T1055.001)",
    };
    CHECK(got == want);
}

TEST_CASE("our own layer read back gives our scores", "[import]") {
    LoadResult loaded;
    for (const char* f : {"a.yml", "b.yml"})
        load_rules_from_text(test::read_text(test::data_dir() + "/count/" + f), f, loaded);
    for (ScoreProfile p : {ScoreProfile::Seed, ScoreProfile::Count}) {
        ScoreOptions o;
        o.profile = p;
        const ScoreResult s = score_rules(loaded.rules, default_catalogue(), o);
        REQUIRE_FALSE(s.entries.empty());
        Layer layer;
        Diagnostics d;
        REQUIRE(read_layer(write_layer(s, loaded.rules, default_catalogue(), o, LayerOptions{}), "x.json", layer, d));
        const ScoreResult back = layer_to_scores(layer, default_catalogue(), "x.json");
        CHECK(back.diagnostics.empty());
        CHECK(by_pair(back) == by_pair(s));
    }
}

TEST_CASE("hostile layer values are bounded and reported", "[import]") {
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(test::read_text(test::data_dir() + "/import/hostile-layer.json"), "h.json", layer, d));
    const ScoreResult s = layer_to_scores(layer, default_catalogue(), "h.json");
    for (const auto& e : s.entries) CHECK(std::abs(e.score) <= 1000000000);
    const auto m = by_pair(s);
    CHECK(m.at({"T1003.001", "credential-access"}) == 100);
    CHECK(m.count({"T1059.001", "execution"}) == 0);  // 1e300 is no score
    // Many unknown ids (900 distinct): at most 20 warnings of a kind, then a count.
    Layer many;
    for (int i = 0; i < 1000; ++i) many.techniques.push_back({"T9" + std::to_string(100 + i % 900), "execution", 1, "", "", true});
    const ScoreResult ms = layer_to_scores(many, default_catalogue(), "many.json");
    CHECK(ms.diagnostics.size() == 21);
    CHECK(has_diag(ms.diagnostics, Severity::Warning, -1, "880 more like this"));
}

// ---- hostile sheets: linear time, bounded diagnostics (issue 8, defects 3 and 4) ----

namespace {

std::size_t count_containing(const Diagnostics& d, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        d.begin(), d.end(), [&](const Diagnostic& x) { return x.message.find(text) != std::string::npos; }));
}

}  // namespace

// One row listing many ids was quadratic (a linear search of the row's ids per id): 40,000 ids
// took 4.6 s, 80,000 23 s; each id the catalogue does not know added an uncapped scoring warning.
TEST_CASE("a row listing 160,000 ids loads in linear time with capped diagnostics", "[import][bad-input]") {
    std::string ids;
    for (int i = 0; i < 160000; ++i) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "T%04d.%03d;", 1000 + i % 9000, 1 + i / 9000);
        ids += buf;
    }
    for (int i = 0; i < 10000; ++i) ids += "x" + std::to_string(i) + ";";
    LoadResult r;
    load_rules_from_csv("title,attack_id\nmany," + ids + "\n", "many.csv", r);  // its time: scripts/bench robust
    REQUIRE(r.rules.size() == 1);
    CHECK(r.rules[0].tags.size() == 160000);
    CHECK(count_containing(r.diagnostics, "is not an ATT&CK technique ID") == 20);
    CHECK(has_diag(r.diagnostics, Severity::Warning, 0, "9980 more like this (not an ATT&CK technique ID) not shown on line 2"));
    CHECK(r.diagnostics.size() == 21);

    const ScoreResult s = score_rules(r.rules, default_catalogue(), ScoreOptions{});
    CHECK(s.diagnostics.size() <= 202);  // almost all 160,000 ids are unknown to ATT&CK
    CHECK(has_diag(s.diagnostics, Severity::Warning, 0, "more like this"));
}

// A 4.2 MB sheet of ",x" rows made 1.4 million rules and 4.2 million warnings (2.35 GB).
TEST_CASE("a sheet of a million rows of nothing gives no rules and capped diagnostics", "[import][bad-input]") {
    std::string text = "title,attack_id\n";
    for (int i = 0; i < 1000000; ++i) text += ",x\n";
    LoadResult r;
    load_rules_from_csv(text, "nothing.csv", r);
    CHECK(r.rules.empty());
    CHECK(r.diagnostics.size() <= 45);  // 20 of each kind, a summary line each
    CHECK(has_diag(r.diagnostics, Severity::Warning, 0, "999980 more like this (row skipped)"));
    CHECK(has_diag(r.diagnostics, Severity::Warning, 0, "999980 more like this (not an ATT&CK technique ID)"));
}
