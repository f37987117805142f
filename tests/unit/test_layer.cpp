// test_layer.cpp — the Navigator layer writer (checked by parsing its output back with
// nlohmann independently of our reader) and the tolerant reader on other producers' layers.
#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/limits.hpp"
#include "core/render/image.hpp"

using namespace sh;
using nlohmann::json;

namespace {

Catalogue two_tactic_catalogue() {
    Catalogue c;
    c.attack_version = "19";
    c.domain = "enterprise-attack";
    c.tactics = {{"TA0003", "persistence", "Persistence"}, {"TA0004", "privilege-escalation", "Privilege Escalation"}};
    Technique a;
    a.id = "T1053";
    a.name = "Scheduled Task/Job";
    a.tactics = {"persistence", "privilege-escalation"};
    a.platforms = {"Windows", "Linux"};
    Technique b = a;
    b.id = "T1053.005";
    b.name = "Scheduled Task";
    b.parent = "T1053";
    b.platforms = {"Windows"};
    c.techniques = {a, b};
    c.reindex();
    return c;
}

std::vector<Rule> two_rules() {
    Rule r1;
    r1.title = "Schtasks Creation";
    r1.file = "rules/a.yml";
    r1.level = Level::High;
    r1.status = Status::Test;
    Rule r2 = r1;
    r2.title = "Suspicious \"Task\" \xC3\xA9";  // quotes and UTF-8 survive
    r2.file = "rules/b.yml";
    r2.level = Level::Medium;
    r2.status = Status::Stable;
    return {r1, r2};
}

ScoreResult scored() {
    ScoreResult s;
    s.rules_total = s.rules_scored = 2;
    s.entries = {{"T1053", "persistence", 80, {0, 1}},
                 {"T1053", "privilege-escalation", 80, {0, 1}},
                 {"T1053.005", "persistence", 50, {1}},
                 {"T1053.005", "privilege-escalation", 50, {1}}};
    return s;
}

}  // namespace

TEST_CASE("default layer name is coverage_<quarter>_<year>", "[layer]") {
    CHECK(default_layer_name(2026, 1) == "coverage_q1_2026");
    CHECK(default_layer_name(2026, 3) == "coverage_q1_2026");
    CHECK(default_layer_name(2026, 4) == "coverage_q2_2026");
    CHECK(default_layer_name(2026, 11) == "coverage_q4_2026");
    CHECK(default_layer_name(2027, 12) == "coverage_q4_2027");
    CHECK(default_layer_name_today().rfind("coverage_q", 0) == 0);
}

TEST_CASE("layer writer: format 4.5, one entry per pair, scores and rules", "[layer]") {
    const Catalogue cat = two_tactic_catalogue();
    const auto rules = two_rules();
    LayerOptions lo;
    lo.name = "weekly";
    const std::string text = write_layer(scored(), rules, cat, ScoreOptions{}, lo);
    CHECK(text == write_layer(scored(), rules, cat, ScoreOptions{}, lo));  // deterministic

    const json j = json::parse(text);
    CHECK(j["name"] == "weekly");
    CHECK(j["versions"]["layer"] == "4.5");
    CHECK(j["versions"]["attack"] == "19");
    CHECK(j["domain"] == "enterprise-attack");
    CHECK(j["filters"]["platforms"] == json::array({"Linux", "Windows"}));
    const auto& t = j["techniques"];
    REQUIRE(t.size() == 4);
    std::set<std::pair<std::string, std::string>> pairs;
    for (const auto& e : t) {
        CHECK(e["score"].is_number_integer());
        CHECK(e["tactic"].is_string());
        pairs.insert({e["techniqueID"].get<std::string>(), e["tactic"].get<std::string>()});
    }
    CHECK(pairs.size() == 4);  // no duplicate (technique, tactic)
    CHECK(t[0]["techniqueID"] == "T1053");
    CHECK(t[0]["tactic"] == "persistence");
    CHECK(t[0]["score"] == 80);
    CHECK(t[0]["showSubtechniques"] == true);  // its sub-technique is scored
    CHECK(t[2]["showSubtechniques"] == false);
    CHECK(t[0]["comment"] == "Schtasks Creation; Suspicious \"Task\" \xC3\xA9");
    const auto& md = t[0]["metadata"];
    CHECK(md[0] == json({{"name", "rules"}, {"value", "2"}}));
    CHECK(md[1] == json({{"name", "levels"}, {"value", "high 1, medium 1"}}));
    CHECK(md[2]["divider"] == true);
    CHECK(md[3]["value"] == "Schtasks Creation [high, test] rules/a.yml");
    CHECK(j["gradient"]["minValue"] == 0);
    CHECK(j["gradient"]["maxValue"] == 80);  // from the scores in the layer
    CHECK(j["gradient"]["colors"].size() == 3);
    CHECK(j["legendItems"].size() == 5);
    CHECK(j["legendItems"][0]["label"] == "best rule critical (100)");
}

TEST_CASE("layer writer: the description counts covered techniques as the Board and the page do", "[layer]") {
    Catalogue cat = two_tactic_catalogue();
    Technique old;  // a deprecated technique a rule still tags: in the layer, not counted as covered
    old.id = "T1064";
    old.name = "Scripting";
    old.tactics = {"persistence"};
    old.deprecated = true;
    cat.techniques.push_back(old);
    old.id = "T1086";
    old.name = "PowerShell";
    cat.techniques.push_back(old);
    cat.reindex();
    ScoreResult s;
    s.rules_total = s.rules_scored = 1;
    s.entries = {{"T1053.005", "persistence", 50, {0}}, {"T1064", "persistence", 80, {0}}, {"T1086", "persistence", 80, {0}}};
    const json j = json::parse(write_layer(s, two_rules(), cat, ScoreOptions{}, LayerOptions{}));
    // T1053 is covered through T1053.005 (the matrix shows it so); T1064 and T1086 are deprecated.
    const std::string d = j["description"];
    CHECK(d.find(". 1 technique and 1 sub-technique covered (ATT&CK 19).") != std::string::npos);
    CHECK(d.rfind("Sigma rule coverage by sigma-heatmap: 1 rule, score = ", 0) == 0);  // was "1 rules"
    Layer back;
    Diagnostics ignored;
    REQUIRE(read_layer(j.dump(), "one.json", back, ignored));
    CHECK(image_options_for_layer(back).rules == 1);  // the picture's KPI line still finds the count
    CHECK(j["techniques"].size() == 3);  // the deprecated ids' entries stay in the layer
    json meta = json::object();
    for (const auto& m : j["metadata"])
        if (m.contains("name")) meta[m["name"].get<std::string>()] = m["value"];
    CHECK(meta["techniques covered"] == "1");
    CHECK(meta["sub-techniques covered"] == "1");
}

TEST_CASE("layer writer: gradient bounds and colours from options", "[layer]") {
    const Catalogue cat = two_tactic_catalogue();
    const auto rules = two_rules();
    LayerOptions lo;
    lo.name = "x";
    lo.min_score = 10;
    lo.max_score = 60;
    lo.colors = {"#ffffff", "#ff0000"};
    json j = json::parse(write_layer(scored(), rules, cat, ScoreOptions{}, lo));
    CHECK(j["gradient"]["minValue"] == 10);
    CHECK(j["gradient"]["maxValue"] == 60);
    CHECK(j["gradient"]["colors"] == json::array({"#ffffff", "#ff0000"}));
    // The seed legend colours come from the gradient: critical (100) clamps to the max colour.
    CHECK(j["legendItems"][0]["color"] == "#ff0000");
    // halfway between 10 and 60 is 35: low (30) is 20/50 of the way from white to red.
    CHECK(j["legendItems"][3]["color"] == "#ff9999");

    // Empty layer: maxValue must still exceed minValue.
    j = json::parse(write_layer(ScoreResult{}, {}, cat, ScoreOptions{}, LayerOptions{}));
    CHECK(j["techniques"].empty());
    CHECK(j["gradient"]["maxValue"].get<int>() > j["gradient"]["minValue"].get<int>());
}

TEST_CASE("layer reader: other producers' layers", "[layer]") {
    const std::string other = R"({
      "name": "threat actor", "domain": "enterprise-attack",
      "versions": {"attack": "16", "navigator": "5.1.0", "layer": "4.5"},
      "gradient": {"colors": ["#ffffff", "#66b1ff"], "minValue": 0, "maxValue": 2.5},
      "techniques": [
        {"techniqueID": "T1059.001", "tactic": "execution", "score": 2},
        {"techniqueID": "T1059.001", "tactic": "execution", "score": 1.6},
        {"techniqueID": "t1105", "score": 1},
        {"techniqueID": "T1566", "color": "#e60d0d"},
        {"tactic": "execution", "score": 3},
        "junk",
        {"techniqueID": "T1001", "score": "high", "enabled": false}
      ]})";
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(other, "actor.json", l, d));
    CHECK(l.name == "threat actor");
    CHECK(l.attack_version == "16");
    CHECK(l.layer_version == "4.5");
    CHECK(l.gradient_max == 3);  // rounded
    REQUIRE(l.techniques.size() == 5);
    CHECK(l.techniques[1].score == 2);  // 1.6 rounds to 2
    CHECK(l.techniques[2].technique == "T1105");
    CHECK(l.techniques[2].tactic.empty());
    CHECK_FALSE(l.techniques[3].score.has_value());
    CHECK(l.techniques[3].color == "#e60d0d");
    CHECK_FALSE(l.techniques[4].score.has_value());  // a string score is not a score
    CHECK_FALSE(l.techniques[4].enabled);
    // The entry without techniqueID, the non-object and the score that is no number; and the two
    // numbers with decimals, which are rounded (said, so a 0..1 layer's 0.3 is not silently 0).
    CHECK(d.size() == 5);
    for (const auto& x : d) CHECK(x.file == "actor.json");
    auto said = [&](const std::string& text) {
        return std::any_of(d.begin(), d.end(), [&](const Diagnostic& x) { return x.severity == Severity::Warning && x.message == text; });
    };
    CHECK(said("gradient.maxValue = 2.5 is not a whole number; read as 3 (scores are whole numbers here)"));
    CHECK(said("techniques[1].score = 1.6 is not a whole number; read as 2 (scores are whole numbers here)"));
}

TEST_CASE("layer reader: a layer scored as fractions is read as percentages", "[layer]") {
    // A 0..1 likelihood layer, the gradient after the entries (as the Navigator writes it): each
    // score x100, the gradient too, so colours, order and what is covered stay the file's.
    const std::string fractions = R"({"name": "likelihood", "domain": "enterprise-attack", "techniques": [
        {"techniqueID": "T1059", "score": 0.25}, {"techniqueID": "T1003", "score": 1},
        {"techniqueID": "T1566", "score": 0}, {"techniqueID": "T1105", "score": 0.29},
        {"techniqueID": "T1021", "score": "0.5"}, {"techniqueID": "T1078", "score": 0.3333},
        {"techniqueID": "T1027", "score": 0.001}],
      "gradient": {"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 1}})";
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(fractions, "likelihood.json", l, d));
    CHECK(l.score_scale == 100);
    CHECK(l.gradient_min == 0);
    CHECK(l.gradient_max == 100);
    REQUIRE(l.techniques.size() == 7);
    CHECK(l.techniques[0].score == 25);
    CHECK(l.techniques[1].score == 100);
    CHECK(l.techniques[2].score == 0);
    CHECK(l.techniques[3].score == 29);  // 0.29 * 100 is 28.999999999999996 in binary
    CHECK(l.techniques[4].score == 50);
    CHECK(l.techniques[5].score == 33);  // 33.33 rounded
    CHECK(l.techniques[6].score == 1);   // 0.1% is not 0: still scored
    CHECK(image_options_for_layer(l).score_label == "Score (%)");  // the legend says what the numbers are
    std::vector<std::string> said;
    for (const auto& x : d) said.push_back(x.message);
    CHECK(said == std::vector<std::string>{
                      "the layer scores as fractions (gradient 0 to 1, techniques[0].score = 0.25): its scores and gradient are "
                      "read as percentages, 0.25 as 25 (scores are whole numbers here)",
                      "techniques[4].score is the string \"0.5\", not a number; read as 0.5",
                      "techniques[5].score = 0.3333 is 33.33%; read as 33 (scores are whole numbers here)",
                      "techniques[6].score = 0.001 is 0.1%; read as 1 (scores are whole numbers here)",
                  });

    // The same scale read for the whole layer whatever comes first; a gradient given in decimals
    // alone is enough (-0.5..0.5 with whole scores: a signed confidence).
    Layer g;
    Diagnostics gd;
    REQUIRE(read_layer(R"({"gradient": {"minValue": -0.5, "maxValue": 0.5}, "versions": {"layer": "4.5"},
                           "techniques": [{"techniqueID": "T1059", "score": -0.25}, {"techniqueID": "T1003", "score": 0}]})",
                       "signed.json", g, gd));
    CHECK(g.score_scale == 100);
    CHECK(g.gradient_min == -50);
    CHECK(g.gradient_max == 50);
    CHECK(g.techniques[0].score == -25);
    REQUIRE(gd.size() == 1);

    // A 0..1 gradient without decimals anywhere (a yes/no layer, or one of ours written with a range
    // of 0..1) is read as it is, without a word.
    Layer b;
    Diagnostics bd;
    REQUIRE(read_layer(R"({"domain": "enterprise-attack", "gradient": {"minValue": 0, "maxValue": 1},
                           "techniques": [{"techniqueID": "T1059", "score": 1}, {"techniqueID": "T1003", "score": 0}]})",
                       "binary.json", b, bd));
    CHECK(b.score_scale == 1);
    CHECK(image_options_for_layer(b).score_label == "Score");
    CHECK(b.gradient_max == 1);
    CHECK(b.techniques[0].score == 1);
    CHECK(b.techniques[1].score == 0);
    CHECK(bd.empty());

    // Other gradients: decimals are rounded, and a score other than 0 is never read as 0, so that
    // a technique the layer scores still counts as scored.
    Layer r;
    Diagnostics rd;
    REQUIRE(read_layer(R"({"domain": "enterprise-attack", "techniques": [{"techniqueID": "T1059", "score": 0.3},
                           {"techniqueID": "T1003", "score": -0.2}, {"techniqueID": "T1566", "score": 33.33}]})",
                       "percent.json", r, rd));
    CHECK(r.score_scale == 1);
    CHECK(r.techniques[0].score == 1);
    CHECK(r.techniques[1].score == -1);
    CHECK(r.techniques[2].score == 33);
    REQUIRE(rd.size() == 3);
    CHECK(rd[0].message == "techniques[0].score = 0.3 is not a whole number; read as 1, not 0, so that it still counts as scored "
                           "(scores are whole numbers here)");
    CHECK(rd[2].message == "techniques[2].score = 33.33 is not a whole number; read as 33 (scores are whole numbers here)");
}

TEST_CASE("layer reader: hostile input never throws", "[layer]") {
    for (const std::string bad : {std::string(""), std::string("{"), std::string("[]"), std::string("{\"techniques\": 5}"),
                                  std::string("\xff\xfe"), std::string("{\"techniques\": [{\"techniqueID\": 5}]}"),
                                  std::string(100000, '[')}) {
        Layer l;
        Diagnostics d;
        read_layer(bad, "bad.json", l, d);
        CHECK_FALSE(d.empty());
    }
    // Round trip of our own output.
    const Catalogue cat = two_tactic_catalogue();
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(write_layer(scored(), two_rules(), cat, ScoreOptions{}, LayerOptions{}), "ours.json", l, d));
    CHECK(d.empty());
    REQUIRE(l.techniques.size() == 4);
    CHECK(l.techniques[2].technique == "T1053.005");
    CHECK(l.techniques[2].score == 50);
}

// What the Navigator itself writes and reads: several layers in one file (a list: it opens each in
// a tab), a layer that marks nothing (no "techniques": optional in the format), and the domain names
// of layer format 3. All three were refused or warned about as foreign.
TEST_CASE("layer reader: a list of layers, a layer without techniques, format 3's domain names", "[layer]") {
    const std::string listed = "\xEF\xBB\xBF [\n"
        R"({"name": "first", "domain": "enterprise-attack", "versions": {"attack": "18", "layer": "4.5"},
            "techniques": [{"techniqueID": "T1059", "tactic": "execution", "score": 80}]},
           {"name": "second", "techniques": [{"techniqueID": "T1105", "score": 10}, {"techniqueID": "T1003", "score": 5}]},
           {"name": "third", "techniques": []}])";
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(listed, "two.json", l, d));
    CHECK(l.name == "first");
    CHECK(l.attack_version == "18");
    REQUIRE(l.techniques.size() == 1);  // the second layer's entries are not mixed in
    CHECK(l.techniques[0].technique == "T1059");
    CHECK(l.techniques[0].score == 80);
    REQUIRE(d.size() == 1);
    CHECK(d[0].severity == Severity::Warning);
    CHECK(d[0].message == "the file holds 3 layers; only the first (first) is read");

    Layer bare;
    Diagnostics bd;
    REQUIRE(read_layer(R"({"name": "nothing yet", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack"})",
                       "bare.json", bare, bd));
    CHECK(bare.techniques.empty());
    CHECK(bd.empty());
    // Any other JSON object is still no layer.
    Layer pkg;
    Diagnostics pd;
    CHECK_FALSE(read_layer(R"({"name": "package", "version": "1.0.0"})", "package.json", pkg, pd));
    REQUIRE(pd.size() == 1);
    CHECK(pd[0].message == "not a Navigator layer: no \"techniques\" list");
    // A first layer whose name is no string: read without it (json::value threw and aborted the CLI).
    Layer unnamed;
    Diagnostics ud;
    REQUIRE(read_layer(R"([{"name": 5, "techniques": []}, {"name": "b", "techniques": []}])", "unnamed.json", unnamed, ud));
    CHECK(unnamed.name.empty());
    REQUIRE(ud.size() == 1);
    CHECK(ud[0].message == "the file holds 2 layers; only the first (no name) is read");
    for (const std::string bad : {std::string("[]"), std::string("[5]"), std::string("[[{\"techniques\": []}]]")}) {
        Layer x;
        Diagnostics xd;
        CHECK_FALSE(read_layer(bad, "bad.json", x, xd));
        CHECK_FALSE(xd.empty());
    }

    for (const auto& [old, now] : {std::pair<std::string, std::string>{"mitre-enterprise", "enterprise-attack"},
                                   {"mitre-mobile", "mobile-attack"}, {"ics-attack", "ics-attack"}}) {
        Layer v3;
        Diagnostics vd;
        REQUIRE(read_layer(R"({"version": "3.0", "domain": ")" + old + R"(", "techniques": [{"techniqueID": "T1059", "score": 1}]})",
                           "v3.json", v3, vd));
        CHECK(v3.domain == now);
    }
    const Catalogue cat = two_tactic_catalogue();
    Layer v3;
    Diagnostics vd;
    REQUIRE(read_layer(R"({"version": "3.0", "domain": "mitre-enterprise", "techniques": []})", "v3.json", v3, vd));
    const ScoreResult s = layer_to_scores(v3, cat, "v3.json");
    CHECK(s.diagnostics.empty());  // no "the layer is for domain mitre-enterprise" any more
}

// Hand-made layers quote numbers, pad ids and name tactics as the matrix shows them: such an entry
// was dropped ("not a number; ignored", "not a technique", "not a tactic of ..."), its score lost.
TEST_CASE("layer reader: a quoted score, a padded id and a tactic's name are read as meant, and said", "[layer][bad-input]") {
    const std::string text = R"({"name": "hand", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
        "techniques": [
            {"techniqueID": "T1003", "score": "80"},
            {"techniqueID": "T1059", "score": " 12.6 "},
            {"techniqueID": "T1105", "score": "high"},
            {"techniqueID": "T1566.001 ", "score": 60},
            {"techniqueID": "T1021", "tactic": "lateral_movement", "score": 30},
            {"techniqueID": "T1110", "tactic": "Credential  Access ", "score": 40},
            {"techniqueID": "T1490", "tactic": "impact", "score": 20}
        ]})";
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(text, "hand.json", l, d));
    REQUIRE(l.techniques.size() == 7);
    CHECK(l.techniques[0].score == 80);
    CHECK(l.techniques[1].score == 13);
    CHECK_FALSE(l.techniques[2].score);
    CHECK(l.techniques[3].technique == "T1566.001");
    CHECK(l.techniques[4].tactic == "lateral-movement");
    CHECK(l.techniques[5].tactic == "credential-access");
    CHECK(l.techniques[6].tactic == "impact");
    std::vector<std::string> said;
    for (const auto& x : d) said.push_back(x.message);
    CHECK(said == std::vector<std::string>{
                      "techniques[0].score is the string \"80\", not a number; read as 80",
                      "techniques[1].score is the string \"12.6\", not a number; read as 12.6",
        "techniques[1].score = 12.6 is not a whole number; read as 13 (scores are whole numbers here)",
                      "techniques[2].score is not a number; ignored",
                      "techniques[3].techniqueID 'T1566.001 ' has spaces around it; read as T1566.001",
                      "techniques[4].tactic 'lateral_movement' is not a tactic's short name; read as 'lateral-movement'",
                      "techniques[5].tactic 'Credential  Access ' is not a tactic's short name; read as 'credential-access'",
                  });
    // And they count: the scores land on the matrix as the hand meant.
    const Catalogue& cat = default_catalogue();
    const ScoreResult s = layer_to_scores(l, cat, "hand.json");
    const auto score_at = [&](const char* id, const char* tactic) {
        for (const auto& e : s.entries)
            if (e.technique == id && e.tactic == tactic) return e.score;
        return -1;
    };
    CHECK(score_at("T1003", "credential-access") == 80);
    CHECK(score_at("T1566.001", "initial-access") == 60);
    CHECK(score_at("T1021", "lateral-movement") == 30);
    CHECK(score_at("T1110", "credential-access") == 40);
}

// A layer that is not JSON said only "not valid JSON": no line, no reason.
TEST_CASE("layer reader: a JSON syntax error names its line, column and reason", "[layer][bad-input]") {
    struct Case {
        std::string text;
        int line, column;
        const char* words;
    };
    const Case cases[] = {
        // A trailing comma (what hand-edited layers have): at the '}' after it, and said so.
        {"{\"name\": \"x\",\n \"techniques\": [{\"techniqueID\": \"T1059\",}]\n}", 2, 41, "trailing comma"},
        {"{\"name\": \"x\",\n \"techniques\": [{\"techniqueID\": \"T1059\"},\n]}", 3, 1, "trailing comma"},
        // Cut off: at the end.
        {"{\"name\": \"x\",\n\"techniques\": [\n", 3, 1, "unexpected end of input"},
        // A byte that is not UTF-8 inside a string (Latin-1).
        {"{\"name\": \"Caf\xE9\"}", 1, 14, "ill-formed UTF-8"},
        // A single-quoted string: the word quoted, and why.
        {"{\"name\": 'x'}", 1, 10, "invalid literal ''x'' (JSON strings are written in double quotes)"},
        // A missing comma: at the start of the next member or element (nlohmann stops at its end).
        {"{\"name\": \"x\"\n \"description\": \"y\"}", 2, 2, "unexpected string literal; expected '}' (a comma missing"},
        {"{\"name\": \"x\\\\\"\n \"description\": \"y\"}", 2, 2, "(a comma missing"},  // "x\\" ends at its quote
        {"{\"techniques\": [{\"score\": 1} {\"score\": 2}]}", 1, 30, "unexpected '{'; expected ']' (a comma missing"},
        {"{\"versions\": {\"layer\": \"4.5\"} \"domain\": 5}", 1, 31, "(a comma missing"},
        // Words JSON does not know, at their first letter (nlohmann stops at the first wrong one) and
        // without nlohmann's "last read", which showed the line break as <U+000A>.
        {"{\"hideDisabled\": tru\n}", 1, 18, "invalid literal 'tru' (cut off?"},
        {"{\"hideDisabled\": True}", 1, 18, "invalid literal 'True' (JSON writes true, false and null in lower case)"},
        {"{\"metadata\": None}", 1, 14, "'None' (JSON writes true"},
        {"{\n  name: \"x\"}", 2, 3, "invalid literal 'name'; expected string literal (a string or key needs double quotes)"},
        {"{\"score\": .5}", 1, 11, "invalid literal '.5' (a JSON number starts with a digit"},
        {"{\"score\": 05}", 1, 11, "(a JSON number has no leading zero)"},
        {"{\"name\" \"x\"}", 1, 9, "expected ':' (a ':' missing after the key?)"},
        {"{\"name\": \"x\"}}\n", 1, 14, "expected end of input (the JSON value ended before it: one closing bracket too many?)"},
        {"{\"name\": \"x\"}\n{\"name\": \"y\"}", 2, 1, "(a file holds one JSON value"},
        // A line break inside a string; the string's own words do not end the cut of "last read".
        {"{\"name\": \"a; expected '}'\n\"}", 1, 26, "invalid string: control character U+000A (LF) must be escaped to \\u000A or \\n"},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        Layer l;
        Diagnostics d;
        CHECK_FALSE(read_layer(c.text, "bad.json", l, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].line == c.line);
        CHECK(d[0].column == c.column);
        CHECK(d[0].message.find("not valid JSON") != std::string::npos);
        CHECK(d[0].message.find(c.words) != std::string::npos);
        CHECK(d[0].message.find("json.exception") == std::string::npos);
        CHECK(d[0].message.find("last read") == std::string::npos);
        CHECK(d[0].message.find("<U+") == std::string::npos);
    }
}

// JSON parsers stop at a raw NUL byte, so "{...}\0garbage" loaded as a valid layer; and a \u0000 in
// a technique id, tactic or name was kept and cut every message that printed it (%s).
TEST_CASE("layer reader: NUL bytes and NUL characters are refused or escaped, with a diagnostic", "[layer]") {
    const std::string layer = R"({"name": "fine", "techniques": [{"techniqueID": "T1059", "score": 5}]})";
    SECTION("a raw NUL byte after the JSON value") {
        Layer l;
        Diagnostics d;
        CHECK_FALSE(read_layer(layer + std::string("\0garbage", 8), "nul.json", l, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].severity == Severity::Error);
        CHECK(d[0].file == "nul.json");
        CHECK(d[0].message.find("NUL byte") != std::string::npos);
    }
    SECTION("a raw NUL byte inside") {
        Layer l;
        Diagnostics d;
        std::string text = "{\"name\": \"a\nb\", \"techniques\": []}";
        text[12] = '\0';
        CHECK_FALSE(read_layer(text, "nul.json", l, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].line == 2);
    }
    SECTION("\\u0000 in an id or a tactic skips the entry; in other text it is shown as \\u0000") {
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(R"({"name": "evil\u0000name", "techniques": [
              {"techniqueID": "T1059\u0000evil", "score": 5},
              {"techniqueID": "T1105", "tactic": "command-and-control\u0000x", "score": 5},
              {"techniqueID": "T1003", "score": 7, "comment": "a\u0000b"}]})",
                           "evil.json", l, d));
        CHECK(l.name == "evil\\u0000name");
        REQUIRE(l.techniques.size() == 1);
        CHECK(l.techniques[0].technique == "T1003");
        CHECK(l.techniques[0].comment == "a\\u0000b");
        CHECK(d.size() == 4);  // two entries skipped, two texts escaped
        for (const auto& x : d) {
            CHECK(x.file == "evil.json");
            CHECK(x.message.find('\0') == std::string::npos);
            CHECK(x.severity == Severity::Warning);
        }
    }
}

TEST_CASE("layer reader: numbers out of range and floods of bad entries are reported, capped", "[layer]") {
    Layer l;
    Diagnostics d;
    std::string text = R"({"gradient": {"minValue": -1e300, "maxValue": 4000000000}, "techniques": [)";
    for (int i = 0; i < 100000; ++i) text += "0,";
    text += R"({"techniqueID": "T1003", "score": 1e10}, {"techniqueID": "T1059", "score": 12}]})";
    REQUIRE(read_layer(text, "flood.json", l, d));
    CHECK(l.gradient_min == 0);
    CHECK(l.gradient_max == 100);
    REQUIRE(l.techniques.size() == 2);
    CHECK_FALSE(l.techniques[0].score.has_value());
    CHECK(l.techniques[1].score == 12);
    CHECK(d.size() <= 25);  // was one line per entry: 100,000
    CHECK(std::any_of(d.begin(), d.end(), [](const Diagnostic& x) {
        return x.message.find("99980 more like this (entry is not an object)") != std::string::npos;
    }));
    CHECK(std::count_if(d.begin(), d.end(), [](const Diagnostic& x) {
              return x.message.find("out of range") != std::string::npos;
          }) == 3);
}

TEST_CASE("layer reader: larger than the layer limit is refused before parsing", "[layer]") {
    Layer l;
    Diagnostics d;
    CHECK_FALSE(read_layer(std::string(limits::kLayerBytes + 1, ' '), "huge.json", l, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find("too large to be a Navigator layer") != std::string::npos);
}

TEST_CASE("restyle_layer: a user's name, description and gradient go into another producer's file, the rest stays byte for byte", "[layer]") {
    const std::string file = "\xEF\xBB\xBF" R"({ "name" : "Red team Q3",
  "versions": {"attack": "18", "layer": "4.5"},
  "description": "Red team findings \"Q3\"",
  "techniques": [{"techniqueID": "T1003", "score": 3, "comment": "name: not this", "metadata": [{"name": "x", "value": "y"}]}],
  "legendItems": [{"label": "found", "color": "#ff0000"}],
  "customKey": {"name": "kept", "gradient": 1}
}
)";
    SECTION("nothing changed: the same bytes") { CHECK(restyle_layer(file, {}) == file); }
    SECTION("a new name and gradient; the description, entries, legend and unknown keys stay") {
        LayerRestyle r;
        r.name = "Board \"week 49\"";
        r.gradient = LayerRestyle::Gradient{{"#2166ac", "#fee090", "#000000"}, 1, 5};
        const std::string out = restyle_layer(file, r);
        const json j = json::parse(out);  // nlohmann skips the BOM
        CHECK(j["name"] == "Board \"week 49\"");
        CHECK(j["description"] == "Red team findings \"Q3\"");
        CHECK(j["gradient"] == json::parse(R"({"colors": ["#2166ac", "#fee090", "#000000"], "minValue": 1, "maxValue": 5})"));
        CHECK(j["techniques"][0]["comment"] == "name: not this");
        CHECK(j["techniques"][0]["metadata"][0]["value"] == "y");
        CHECK(j["legendItems"][0]["label"] == "found");
        CHECK(j["customKey"] == json::parse(R"({"name": "kept", "gradient": 1})"));
        CHECK(j["versions"]["attack"] == "18");
        CHECK(j.size() == 7);  // gradient added once, nothing lost
        // Byte for byte elsewhere: the text up to the name's value and from its end to the added
        // gradient are the file's.
        const std::string head = "\xEF\xBB\xBF{ \"name\" : ";
        CHECK(out.compare(0, head.size(), head) == 0);
        const auto tail = file.find(",\n  \"versions\"");
        const auto last = file.rfind('}', file.rfind('}') - 1) + 1;  // the end of customKey's value
        CHECK(out.find(file.substr(tail, last - tail)) != std::string::npos);
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(out, "out.json", l, d));
        CHECK(d.empty());
        CHECK(l.name == "Board \"week 49\"");
        CHECK(l.gradient_min == 1);
        CHECK(l.gradient_max == 5);
        CHECK(l.gradient_colors.size() == 3);
    }
    SECTION("an escaped key, duplicates and a list of layers") {
        const std::string listed = R"([{"n\u0061me": "a", "name": "b", "techniques": []}, {"name": "second"}])";
        LayerRestyle r;
        r.name = "c";
        r.description = "";
        const json j = json::parse(restyle_layer(listed, r));
        REQUIRE(j.size() == 2);
        CHECK(j[0]["name"] == "c");
        CHECK(j[0]["description"] == "");
        CHECK(j[1]["name"] == "second");
    }
    SECTION("an empty object gets the members") {
        LayerRestyle r;
        r.name = "x";
        CHECK(json::parse(restyle_layer("{}", r)) == json::parse(R"({"name": "x"})"));
    }
    SECTION("a layer saved as UTF-16 is changed too (in UTF-8, as it is read)") {
        const std::string ascii = R"({"name": "utf16", "techniques": [{"techniqueID": "T1003", "score": 3}]})";
        std::string utf16 = "\xFF\xFE";
        for (char c : ascii) utf16 += std::string{c, '\0'};
        LayerRestyle r;
        r.name = "renamed";
        const json j = json::parse(restyle_layer(utf16, r));
        CHECK(j["name"] == "renamed");
        CHECK(j["techniques"][0]["score"] == 3);
    }
    SECTION("a layer of fractions, read as percentages, gets its gradient back on its own scale") {
        const std::string fractions = R"({"techniques": [{"techniqueID": "T1003", "score": 0.4}],
          "gradient": {"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 1}})";
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(fractions, "f.json", l, d));
        REQUIRE(l.score_scale == 100);
        LayerRestyle r;
        r.gradient = LayerRestyle::Gradient{{"#000000", "#00ff00"}, 10, 80, l.score_scale};  // the page's 10..80
        const std::string out = restyle_layer(fractions, r);
        CHECK(json::parse(out)["gradient"] == json::parse(R"({"colors": ["#000000", "#00ff00"], "minValue": 0.1, "maxValue": 0.8})"));
        Layer again;
        Diagnostics d2;
        REQUIRE(read_layer(out, "f.json", again, d2));
        CHECK(again.score_scale == 100);
        CHECK(again.gradient_min == 10);
        CHECK(again.gradient_max == 80);
        CHECK(again.techniques[0].score == 40);
    }
}

TEST_CASE("layer writer: scores with no rules known behind them (a share link) claim no rule count or profile", "[layer]") {
    const Catalogue cat = two_tactic_catalogue();
    ScoreResult s = scored();
    s.rules_total = s.rules_scored = 0;
    for (auto& e : s.entries) e.rules.clear();
    LayerOptions o;
    o.name = "shared";
    o.rules_unknown = true;
    const json j = json::parse(write_layer(s, {}, cat, ScoreOptions{}, o));
    CHECK(j["description"] ==
          "Sigma rule coverage shared from sigma-heatmap: 1 technique and 1 sub-technique covered (ATT&CK 19).");
    REQUIRE(j["legendItems"].size() == 2);
    CHECK(j["legendItems"][0]["label"] == "score 80");
    CHECK(j["legendItems"][1]["label"] == "score 0");
    for (const auto& m : j["metadata"]) {
        CHECK(m["name"] != "rules");
        CHECK(m["name"] != "score profile");
    }
    for (const auto& t : j["techniques"]) CHECK(t["metadata"].empty());
    Layer l;
    Diagnostics d;
    REQUIRE(read_layer(j.dump(), "shared.json", l, d));
    CHECK(image_options_for_layer(l).rules == -1);  // the image says no "0 rules"
}

TEST_CASE("layer gradient: maxValue at or below minValue colours as the Navigator does", "[layer]") {
    // The Navigator: a score >= maxValue takes the last colour, else one <= minValue the first.
    auto colour = [](const char* gradient, int score) {
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(std::string(R"({"techniques": [], "gradient": )") + gradient + "}", "g.json", l, d));
        return to_hex(gradient_colour(image_options_for_layer(l).gradient, score));
    };
    const char* same = R"({"colors": ["#ffffff", "#ff0000"], "minValue": 1, "maxValue": 1})";
    CHECK(colour(same, 1) == "#ff0000");  // was the first colour: covered cells looked empty
    CHECK(colour(same, 5) == "#ff0000");
    CHECK(colour(same, 0) == "#ffffff");
    const char* reversed = R"({"colors": ["#ffffff", "#ff0000"], "minValue": 100, "maxValue": 0})";
    CHECK(colour(reversed, 0) == "#ff0000");
    CHECK(colour(reversed, 50) == "#ff0000");
    CHECK(colour(reversed, -1) == "#ffffff");
    const char* plain = R"({"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 10})";
    CHECK(colour(plain, 0) == "#ffffff");
    CHECK(colour(plain, 10) == "#ff0000");
}

TEST_CASE("a layer on another scale than the KPI threshold is said to be so", "[layer]") {
    Layer l;
    l.gradient_min = 0;
    l.gradient_max = 5;
    l.techniques.push_back({"T1059", "execution", 4, "", "", true});
    const std::string note = kpi_threshold_note(l, 80, "give --kpi-threshold N");
    CHECK(note == "the layer's scores go up to 5, below the KPI threshold 80: no technique counts as covered well and every "
                  "one is a gap; give --kpi-threshold N on the layer's scale (e.g. 4)");
    CHECK(kpi_threshold_note(l, 5, "x").empty());   // reachable: nothing to say
    CHECK(kpi_threshold_note(l, 4, "x").empty());
    l.techniques.push_back({"T1003", "credential-access", 100, "", "", true});  // an entry above the gradient
    CHECK(kpi_threshold_note(l, 80, "x").empty());
    Layer ours;  // 0..100: the default threshold is on its scale
    CHECK(kpi_threshold_note(ours, 80, "x").empty());
    Layer tiny;  // 0..1: the smallest threshold, 1
    tiny.gradient_max = 1;
    CHECK(kpi_threshold_note(tiny, 80, "x").find("(e.g. 1)") != std::string::npos);
}

TEST_CASE("layer platform filter: read as the Navigator reads it, older names mapped, unknown ones said", "[layer]") {
    const Catalogue& cat = default_catalogue();
    auto read = [](const std::string& filters) {
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(R"({"name": "x", "versions": {"layer": "4.5", "attack": "19"}, "domain": "enterprise-attack",
                               "filters": )" + filters + R"(, "techniques": []})",
                           "x.json", l, d));
        return l;
    };
    CHECK(read(R"({"platforms": ["Linux", 7, "macOS"]})").platforms == std::vector<std::string>{"Linux", "macOS"});
    CHECK(read(R"({"platforms": "Linux"})").platforms.empty());
    CHECK(read(R"([])").platforms.empty());

    Diagnostics d;
    // Layer format 2/3 names, as the Navigator maps them; any case; each once; sorted.
    CHECK(layer_platforms(read(R"({"platforms": ["windows", "mac", "AWS", "Azure", "LINUX"]})"), cat, "x.json", &d) ==
          std::vector<std::string>{"IaaS", "Linux", "Windows", "macOS"});
    CHECK(d.empty());
    // A name ATT&CK 19 does not have: left out, with a warning naming it.
    CHECK(layer_platforms(read(R"({"platforms": ["Windows", "Azure AD"]})"), cat, "x.json", &d) == std::vector<std::string>{"Windows"});
    REQUIRE(d.size() == 1);
    CHECK(d[0].severity == Severity::Warning);
    CHECK(d[0].file == "x.json");
    CHECK(d[0].message.find("'Azure AD'") != std::string::npos);
    // Every platform of an active technique (our unfiltered layers list the catalogue's, the
    // Navigator's its domain's, without retired ones such as "Office 365"): no filter.
    const std::vector<std::string> every = {"Containers", "ESXi", "IaaS", "Identity Provider", "Linux", "Network Devices",
                                            "Office Suite", "PRE", "SaaS", "Windows", "macOS"};
    std::string list;
    for (const auto& p : every) list += (list.empty() ? "\"" : ", \"") + p + "\"";
    CHECK(layer_platforms(read("{\"platforms\": [" + list + "]}"), cat, "x.json").empty());
    // One short of every platform is a filter.
    CHECK(layer_platforms(read("{\"platforms\": [" + list.substr(list.find(',') + 2) + "]}"), cat, "x.json").size() == 10);
    CHECK(layer_platforms(read(R"({"platforms": []})"), cat, "x.json").empty());
}
