// test_report_diff.cpp — coverage from layers (ours and another producer's), the diff, the alert
// text and Slack payload, the diff layer, baselines and targets.
// Layers: tests/data/report/prev.json (ours-like, coverage_q3_2026) and other_producer.json
// (duplicates, entries without tactic, an unknown id, a colour-only entry); catalogue:
// test_report_fixture.hpp.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "core/report.hpp"
#include "test_report_fixture.hpp"
#include "test_support.hpp"

using namespace sh;

namespace {

Coverage load(const std::string& name, const Catalogue* cat, Diagnostics& d) {
    Coverage c;
    const std::string path = test::data_dir() + "/report/" + name;
    REQUIRE(coverage_from_layer_text(test::read_text(path), path, cat, c, d));
    return c;
}

int score_of(const Coverage& c, const std::string& id, const std::string& tactic) {
    for (const auto& e : c.entries)
        if (e.technique == id && e.tactic == tactic) return e.score;
    return -1;
}

}  // namespace

TEST_CASE("coverage from another producer's layer", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const Coverage c = load("other_producer.json", &cat, d);
    // Duplicates keep the max; a tactic-less entry applies to every tactic of its technique.
    CHECK(score_of(c, "T1000.001", "execution") == 30);        // max(30, 20), tactic from the catalogue
    CHECK(score_of(c, "T2000", "persistence") == 100);         // max(50 via no tactic, 100)
    CHECK(score_of(c, "T2000", "privilege-escalation") == 50); // 50 via no tactic
    CHECK(score_of(c, "T3000", "collection") == 90);           // max(90, 60)
    CHECK(score_of(c, "T9999", "") == 40);                     // unknown id: kept, whole technique
    CHECK(score_of(c, "T1000.002", "execution") == -1);        // colour only: not counted
    CHECK(c.entries.size() == 5);
    CHECK(std::any_of(d.begin(), d.end(), [](const Diagnostic& x) {
        return x.severity == Severity::Info && x.message.find("1 entry without a score") != std::string::npos;
    }));
    CHECK(technique_score(c, "T2000") == 100);
    CHECK(technique_score(c, "T4242") == 0);

    Diagnostics d2;
    const Coverage prev = load("prev.json", &cat, d2);
    CHECK(prev.name == "coverage_q3_2026");
    CHECK(prev.date == "2026-09-28");  // layer metadata wins over the name (2026-07-01)
    CHECK(d2.empty());
}

TEST_CASE("coverage: revoked ids count for their replacement; not a layer is an error", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    Coverage c;
    REQUIRE(coverage_from_layer_text(R"({"techniques":[{"techniqueID":"T5000","tactic":"execution","score":7}]})", "r.json",
                                     &cat, c, d));
    CHECK(score_of(c, "T1000", "execution") == 7);
    CHECK(d.size() == 1);
    Diagnostics bad;
    CHECK_FALSE(coverage_from_layer_text("[1,2", "x.json", &cat, c, bad));
    CHECK(count_errors(bad) == 1);
}

// The diff compares a layer's entries as written; the ones the matrix cannot show are said.
TEST_CASE("compared layers: unknown ids and tactics a technique does not have are warned about", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    Coverage c;
    REQUIRE(coverage_from_layer_text(R"({"techniques":[
        {"techniqueID":"T9999","score":80},
        {"techniqueID":"T9998","tactic":"execution","score":10},{"techniqueID":"T9998","tactic":"collection","score":20},
        {"techniqueID":"T3000","tactic":"nonsense","score":50},
        {"techniqueID":"T1000","tactic":"persistence","score":60},
        {"techniqueID":"T2000","tactic":"persistence","score":70},
        {"techniqueID":"T2000","score":40}]})",
                                     "prev.json", &cat, c, d));
    REQUIRE(d.empty());
    warn_uncharted_entries(c, cat, d);
    std::vector<std::string> got;
    for (const auto& x : d) {
        CHECK(x.severity == Severity::Warning);
        CHECK(x.file == "prev.json");
        got.push_back(x.message);
    }
    const std::string where = "ATT&CK " + cat.attack_version + " " + cat.domain;
    const std::vector<std::string> want = {
        "T1000: tactic 'persistence' is not a tactic of T1000 in " + where + "; compared under T1000's own tactics",
        "T3000: tactic 'nonsense' is not a tactic of T3000 in " + where + "; compared under T3000's own tactics",
        "technique T9998 is not in " + where + "; compared as written",  // once, for its two tactics
        "technique T9999 is not in " + where + "; compared as written",
    };
    CHECK(got == want);
    // Still compared: the diff lists them as the layers have them.
    Coverage none;
    const LayerDiff diff = diff_coverage(c, none, &cat, DiffOptions{50});
    REQUIRE(diff.techniques.size() == 5);
    CHECK(diff.techniques[0].technique == "T1000");
    CHECK(diff.techniques[0].name == "Name of T1000");  // a known id keeps its name
    CHECK(diff.techniques[0].name.find("(not in") == std::string::npos);
    // An id the catalogue lacks is named as such wherever the change is listed (alert, tables).
    CHECK(diff.techniques[4].technique == "T9999");
    CHECK(diff.techniques[4].name == "(not in " + cat.label() + ")");
    CHECK(alert_change_line(diff.techniques[4]) == "T9999 (not in " + cat.label() + "): 80 -> 0");
    REQUIRE(diff.changes.back().technique == "T9999");
    CHECK(diff.changes.back().name.empty());  // the per-tactic list (the diff layer) keeps ids bare

    // Several entries under a tactic their techniques do not have (ATT&CK 19 moved T1574 and its
    // sub-techniques out of Persistence and Privilege Escalation: a v18 layer read against v19
    // gave one warning per entry and tactic, 16 lines for one fact): once per tactic, at its first
    // entry; a tactic only one entry has keeps its own line.
    Coverage moved;
    moved.source = "v18.json";
    moved.entries = {{"T1000", "persistence", 50},     {"T1000", "privilege-escalation", 50},
                     {"T1000.001", "persistence", 40}, {"T1000.001", "privilege-escalation", 40},
                     {"T1000.002", "persistence", 30}, {"T2000", "persistence", 20},
                     {"T3000", "execution", 10},       {"T9999", "persistence", 5}};
    Diagnostics dmoved;
    warn_uncharted_entries(moved, cat, dmoved);
    std::vector<std::string> gm;
    for (const auto& x : dmoved) gm.push_back(x.message);
    const std::vector<std::string> wm = {
        "3 entries under tactic 'persistence', which their techniques do not have in " + where +
            ": compared under their own tactics (T1000, T1000.001, T1000.002)",
        "2 entries under tactic 'privilege-escalation', which their techniques do not have in " + where +
            ": compared under their own tactics (T1000, T1000.001)",
        "T3000: tactic 'execution' is not a tactic of T3000 in " + where + "; compared under T3000's own tactics",
        "technique T9999 is not in " + where + "; compared as written",
    };
    CHECK(gm == wm);

    // The v19 split of Defense Evasion, both ways.
    Catalogue v19 = cat;
    v19.tactics.push_back({"TA0005", "stealth", "Stealth"});
    v19.reindex();
    Coverage old;
    old.source = "q3.json";
    old.entries = {{"T1000", "defense-evasion", 50}};
    Diagnostics d19;
    warn_uncharted_entries(old, v19, d19);
    REQUIRE(d19.size() == 1);
    CHECK(d19[0].message.find("; compared under T1000's own tactics (ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment)") !=
          std::string::npos);
    Catalogue v18 = cat;
    v18.tactics.push_back({"TA0005", "defense-evasion", "Defense Evasion"});
    v18.reindex();
    old.entries = {{"T1000", "stealth", 50}};
    Diagnostics d18;
    warn_uncharted_entries(old, v18, d18);
    REQUIRE(d18.size() == 1);
    CHECK(d18[0].message.find("; compared under T1000's own tactics (a tactic from ATT&CK 19 on)") != std::string::npos);

    // A whole layer from before the split says so once, not once per entry (a v18 layer has a
    // hundred defense-evasion entries: twenty warnings and "64 more like this" for one fact).
    old.entries = {{"T1000", "defense-evasion", 50}, {"T2000", "defense-evasion", 40}, {"T3000", "defense-evasion", 30},
                   {"T3000", "nonsense", 30}};
    Diagnostics split;
    warn_uncharted_entries(old, v19, split);
    REQUIRE(split.size() == 2);
    CHECK(split[0].message == "T3000: tactic 'nonsense' is not a tactic of T3000 in " + v19.label() +
                                  "; compared under T3000's own tactics");
    CHECK(split[1].message == "3 entries under tactic 'defense-evasion', which is not in " + v19.label() +
                                  " (ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment): compared "
                                  "under their techniques' own tactics (T1000, T2000, T3000)");

    // ... and compared so: last quarter's defense-evasion score is T1000's score under its own
    // tactic (execution), not new coverage there (the diff layer painted every such cell "+50").
    Coverage q3, now;
    q3.entries = {{"T1000", "defense-evasion", 50}, {"T2000", "persistence", 40}};
    now.entries = {{"T1000", "execution", 50}, {"T2000", "persistence", 40}};
    const LayerDiff same = diff_coverage(q3, now, &v19, DiffOptions{50});
    CHECK(same.changes.empty());
    CHECK(same.techniques.empty());
    now.entries = {{"T1000", "execution", 80}, {"T2000", "persistence", 40}};
    const LayerDiff up = diff_coverage(q3, now, &v19, DiffOptions{50});
    REQUIRE(up.changes.size() == 1);
    CHECK(up.changes[0].tactic == "execution");
    CHECK(up.changes[0].before == 50);
    CHECK(up.changes[0].after == 80);
    now.entries = {{"T2000", "persistence", 40}};
    const LayerDiff lost = diff_coverage(q3, now, &v19, DiffOptions{50});
    REQUIRE(lost.dropped_below.size() == 1);
    CHECK(alert_change_line(lost.dropped_below[0]) == "T1000 Name of T1000: 50 -> 0");
    // Without a catalogue there is nothing to place it by: as written.
    const LayerDiff bare = diff_coverage(q3, now, nullptr, DiffOptions{50});
    REQUIRE(bare.changes.size() == 1);
    CHECK(bare.changes[0].tactic == "defense-evasion");

    // Many: capped per kind, then counted.
    Coverage many;
    many.source = "many.json";
    for (int i = 0; i < 100; ++i) many.entries.push_back({"T8" + std::to_string(100 + i), "", 10});
    Diagnostics dm;
    warn_uncharted_entries(many, cat, dm);
    CHECK(dm.size() < 100);
    CHECK(dm.back().message.find("more") != std::string::npos);
}

TEST_CASE("diff of two layers: changes, new and closed gaps, alert", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const Coverage prev = load("prev.json", &cat, d);
    const Coverage cur = load("other_producer.json", &cat, d);
    const LayerDiff diff = diff_coverage(prev, cur, &cat);  // threshold 50

    CHECK(diff.previous_name == "coverage_q3_2026");
    CHECK(diff.current_name == "other_producer");  // the layer has no name: the file stem
    // Every (technique, tactic) change, by id then tactic:
    REQUIRE(diff.changes.size() == 5);
    CHECK(diff.changes[0].technique == "T1000.001");
    CHECK(diff.changes[0].tactic == "execution");
    CHECK(diff.changes[0].before == 80);
    CHECK(diff.changes[0].after == 30);
    CHECK(diff.changes[0].delta() == -50);
    CHECK(diff.changes[1].technique == "T2000");
    CHECK(diff.changes[1].tactic == "persistence");  // privilege-escalation stayed at 50
    CHECK(diff.changes[1].delta() == 50);
    CHECK(diff.changes[2].technique == "T3000");
    CHECK(diff.changes[2].delta() == 60);            // 30 -> 90
    CHECK(diff.changes[3].technique == "T6000");
    CHECK(diff.changes[3].before == 80);
    CHECK(diff.changes[3].after == 0);               // absent now
    CHECK(diff.changes[4].technique == "T9999");
    CHECK(diff.changes[4].tactic == "");
    CHECK(diff.changes[4].delta() == 40);
    CHECK(diff.max_abs_delta == 80);

    // Technique level (best over tactics): T1000.001 80->30, T2000 50->100, T3000 30->90, T6000 80->0, T9999 0->40.
    REQUIRE(diff.techniques.size() == 5);
    CHECK(diff.techniques[0].name == "Name of T1000: Name of T1000.001");
    CHECK(alert_change_line(diff.techniques[4]) == "T9999 (not in " + cat.label() + "): 0 -> 40");
    // New gaps: from >= 50 to below 50: T1000.001 and T6000. T2000 was at 50, not below: no closed gap.
    REQUIRE(diff.dropped_below.size() == 2);
    CHECK(diff.dropped_below[0].technique == "T1000.001");
    CHECK(diff.dropped_below[1].technique == "T6000");
    CHECK(diff.dropped_below[1].tactics == std::vector<std::string>{"privilege-escalation"});
    CHECK(diff.lost.empty());
    REQUIRE(diff.closed_gaps.size() == 1);  // T3000 30 -> 90; T9999 0 -> 40 stays below 50
    CHECK(diff.closed_gaps[0].technique == "T3000");

    // --fail-on-drop T counts techniques from >= T to < T.
    CHECK(dropped_below(diff, 31).size() == 2);  // 80 -> 30 and 80 -> 0
    CHECK(dropped_below(diff, 30).size() == 1);  // 80 -> 30 is not below 30
    CHECK(dropped_below(diff, 81).empty());

    CHECK(alert_text(diff) ==
          "2 techniques dropped below 50 since coverage_q3_2026\n"
          "- T1000.001 Name of T1000: Name of T1000.001 (execution): 80 -> 30\n"
          "- T6000 Name of T6000 (privilege-escalation): 80 -> 0\n");

    SECTION("the same without a catalogue: tactic-less entries fill the other side's tactics") {
        const Coverage cur2 = load("other_producer.json", nullptr, d);
        CHECK(score_of(cur2, "T1000.001", "") == 30);
        const LayerDiff d2 = diff_coverage(prev, cur2, nullptr);
        REQUIRE(d2.changes.size() == 5);
        CHECK(d2.changes[0].tactic == "execution");
        CHECK(d2.changes[0].after == 30);
        CHECK(d2.changes[1].tactic == "persistence");
        CHECK(d2.dropped_below.size() == 2);
    }
}

TEST_CASE("diff on a platform filter: only those platforms' techniques, and the alert says which", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const Coverage prev = load("prev.json", &cat, d);
    const Coverage cur = load("other_producer.json", &cat, d);
    // All platforms (above): T1000.001 (Windows) and T6000 (Linux) dropped below 50; T3000 (Windows)
    // closed; T2000 and T9999 changed.
    const LayerDiff on_linux = diff_coverage(prev, cur, &cat, DiffOptions{50, {"Linux"}});
    CHECK(on_linux.platforms == std::vector<std::string>{"Linux"});
    REQUIRE(on_linux.dropped_below.size() == 1);
    CHECK(on_linux.dropped_below[0].technique == "T6000");
    CHECK(on_linux.closed_gaps.empty());  // T3000 is Windows-only
    for (const auto& t : on_linux.techniques) {
        const Technique* tech = cat.find(t.technique);
        REQUIRE(tech != nullptr);  // an id the catalogue lacks (T9999) is on no platform
        CHECK(std::find(tech->platforms.begin(), tech->platforms.end(), "Linux") != tech->platforms.end());
    }
    for (const auto& c : on_linux.changes) CHECK(c.technique != "T1000.001");
    CHECK(alert_text(on_linux) ==
          "1 technique dropped below 50 on Linux since coverage_q3_2026\n"
          "- T6000 Name of T6000 (privilege-escalation): 80 -> 0\n");
    CHECK(dropped_below(on_linux, 31).size() == 1);  // --fail-on-drop counts the platform's only

    const LayerDiff windows = diff_coverage(prev, cur, &cat, DiffOptions{50, {"Windows"}});
    REQUIRE(windows.dropped_below.size() == 1);
    CHECK(windows.dropped_below[0].technique == "T1000.001");
    REQUIRE(windows.closed_gaps.size() == 1);
    CHECK(windows.closed_gaps[0].technique == "T3000");

    // Its JSON names the filter; the diff layer carries it, so the Navigator shows the same.
    const auto j = nlohmann::json::parse(diff_to_json(on_linux));
    CHECK(j["platforms"] == nlohmann::json::array({"Linux"}));
    CHECK(j["alert"] == "1 technique dropped below 50 on Linux since coverage_q3_2026");
    CHECK_FALSE(nlohmann::json::parse(diff_to_json(diff_coverage(prev, cur, &cat))).contains("platforms"));
    const auto layer = nlohmann::json::parse(write_diff_layer(on_linux, cat));
    CHECK(layer["filters"]["platforms"] == nlohmann::json::array({"Linux"}));
    CHECK_FALSE(nlohmann::json::parse(write_diff_layer(diff_coverage(prev, cur, &cat), cat)).contains("filters"));

    // Without a catalogue nothing has a platform: no filter.
    CHECK(diff_coverage(prev, cur, nullptr, DiffOptions{50, {"Linux"}}).platforms.empty());
}

TEST_CASE("alert wording: singular, none, lost coverage", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Coverage prev, cur;
    prev.name = "last_week";
    prev.entries = {{"T1000.001", "execution", 90}, {"T3000", "collection", 30}};
    cur.entries = {};
    LayerDiff d = diff_coverage(prev, cur, &cat);
    CHECK(alert_headline(d) == "1 technique dropped below 50 since last_week");
    CHECK(alert_text(d) ==
          "1 technique dropped below 50 since last_week\n"
          "- T1000.001 Name of T1000: Name of T1000.001 (execution): 90 -> 0\n"
          "1 technique below 50 lost all coverage since last_week\n"
          "- T3000 Name of T3000 (collection): 30 -> 0\n");
    const LayerDiff same = diff_coverage(prev, prev, &cat, DiffOptions{80});
    CHECK(alert_text(same) == "0 techniques dropped below 80 since last_week\n");
    CHECK(same.changes.empty());

    // Slack payload.
    const auto j = nlohmann::json::parse(alert_slack_json(d));
    CHECK(j["text"] == "1 technique dropped below 50 since last_week; 1 technique below 50 lost all coverage since last_week");
    REQUIRE(j["blocks"].size() == 4);
    CHECK(j["blocks"][0]["type"] == "section");
    CHECK(j["blocks"][0]["text"]["type"] == "mrkdwn");
    CHECK(j["blocks"][0]["text"]["text"] == "*1 technique dropped below 50 since last_week*");
    CHECK(j["blocks"][1]["text"]["text"] == "• T1000.001 Name of T1000: Name of T1000.001 (execution): 90 → 0\n");
}

// Two 0..5 layers against the default alert threshold 50: nothing can drop below it, and the
// alert said "0 techniques dropped below 50" week after week without a word why.
TEST_CASE("alert threshold above both layers' scores: said, with one on their scale", "[report][diff]") {
    CHECK(threshold_on_scale(80, 5) == 4);
    CHECK(threshold_on_scale(50, 5) == 3);
    CHECK(threshold_on_scale(50, 1) == 1);
    CHECK(threshold_on_scale(150, 5) == 5);  // never past the top
    CHECK(threshold_on_scale(1, 5) == 1);    // never 0
    CHECK(threshold_on_scale(1000000000, 999999999) == 999999999);  // no int overflow on the way
    Coverage prev, cur;
    prev.entries = {{"T1000", "execution", 5}, {"T3000", "collection", 2}};
    cur.entries = {{"T1000", "execution", 1}};
    CHECK(alert_threshold_note(prev, cur, 50, "give --threshold N") ==
          "both layers' scores go up to 5, below the alert threshold 50: no technique can drop below it, so no alert is "
          "raised; give --threshold N on their scale (e.g. 3)");
    CHECK(alert_threshold_note(prev, cur, 5, "x").empty());  // 5 -> 1 can drop below 5
    CHECK(alert_threshold_note(prev, cur, 3, "x").empty());
    cur.entries.push_back({"T2000", "persistence", 80});  // one layer on the 0..100 scale
    CHECK(alert_threshold_note(prev, cur, 50, "x").empty());
    CHECK(alert_threshold_note(Coverage{}, Coverage{}, 50, "x").empty());  // nothing scored: nothing to say
}

TEST_CASE("plural: a count and its noun, bare digits", "[report][diff]") {
    CHECK(plural(0, "rule", "rules") == "0 rules");
    CHECK(plural(1, "rule", "rules") == "1 rule");
    CHECK(plural(2, "technique changed its", "techniques changed their") == "2 techniques changed their");
    CHECK(plural(31410, "file", "files") == "31410 files");  // no separator: scripts read these lines
}

TEST_CASE("Slack payload stays within Slack's limits", "[report][diff]") {
    Coverage prev, cur;
    prev.name = "big & <old>";
    for (int i = 0; i < 8000; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "T%04d", 1000 + i);
        prev.entries.push_back({id, "execution", 100});
    }
    const LayerDiff d = diff_coverage(prev, cur, nullptr);
    const auto j = nlohmann::json::parse(alert_slack_json(d));
    CHECK(j["blocks"].size() <= 50);
    for (const auto& b : j["blocks"]) CHECK(b["text"]["text"].get<std::string>().size() <= 3000);
    CHECK(j["blocks"][0]["text"]["text"].get<std::string>().find("big &amp; &lt;old&gt;") != std::string::npos);
    const std::string last = j["blocks"].back()["text"]["text"];
    CHECK(last.find("more") != std::string::npos);
}

TEST_CASE("diff layer: Navigator 4.5, score = change, diverging gradient -M..+M", "[report][diff]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const LayerDiff diff = diff_coverage(load("prev.json", &cat, d), load("other_producer.json", &cat, d), &cat);
    const auto j = nlohmann::json::parse(write_diff_layer(diff, cat));
    CHECK(j["versions"]["layer"] == "4.5");
    CHECK(j["versions"]["attack"] == "99");
    CHECK(j["gradient"]["minValue"] == -80);
    CHECK(j["gradient"]["maxValue"] == 80);
    CHECK(j["gradient"]["colors"] == nlohmann::json(kPaletteDiverging));
    REQUIRE(j["techniques"].size() == 5);
    CHECK(j["techniques"][0]["techniqueID"] == "T1000.001");
    CHECK(j["techniques"][0]["tactic"] == "execution");
    CHECK(j["techniques"][0]["score"] == -50);
    CHECK(j["techniques"][0]["comment"] == "80 -> 30 (-50)");
    CHECK_FALSE(j["techniques"][4].contains("tactic"));  // T9999: no tactic known
    CHECK(j["name"] == "diff coverage_q3_2026 -> other_producer");
    // Read back by our own reader.
    Layer back;
    Diagnostics rd;
    CHECK(read_layer(write_diff_layer(diff, cat), "diff.json", back, rd));
    CHECK(back.gradient_min == -80);

    const LayerDiff none = diff_coverage(Coverage{}, Coverage{}, &cat);
    const auto e = nlohmann::json::parse(write_diff_layer(none, cat));
    CHECK(e["gradient"]["minValue"] == -1);  // max > min even with no change
    CHECK(e["gradient"]["maxValue"] == 1);

    const auto dj = nlohmann::json::parse(diff_to_json(diff));
    CHECK(dj["alert"] == "2 techniques dropped below 50 since coverage_q3_2026");
    CHECK(dj["newGaps"].size() == 2);
    CHECK(dj["closedGaps"][0]["technique"] == "T3000");
    CHECK(dj["changes"].size() == 5);
}

TEST_CASE("baseline: what the reference covers that we do not, and where we are ahead", "[report][baseline]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const Coverage ours = load("prev.json", &cat, d);
    const Coverage ref = load("other_producer.json", &cat, d);
    const BaselineComparison b = compare_baseline(ours, ref, cat, &d);
    // ours: T1000 (via .001), T1000.001, T2000, T3000, T6000; reference: T1000 (via .001), T1000.001, T2000, T3000, T9999
    // T9999 is not a technique of the catalogue: reported by the comparison, never listed
    // as something the reference covers and we do not (a bug fixed: it was listed, with no name).
    CHECK(b.missing.empty());
    CHECK(std::any_of(d.begin(), d.end(), [](const Diagnostic& x) { return x.message.find("T9999") != std::string::npos; }));
    REQUIRE(b.ahead.size() == 1);
    CHECK(b.ahead[0].technique == "T6000");
    CHECK(b.ahead[0].ours == 80);
    CHECK(b.both == 4);
    CHECK(b.reference_name == "other_producer");
}

TEST_CASE("targets: ids, CSV with minimum scores, layers", "[report][targets]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const auto targets = parse_targets_text("technique,min_score\r\n"  // 1 header
                                            "T1000,50\r\n"             // 2
                                            "# a comment\r\n"          // 3
                                            "t2000\r\n"                // 4
                                            "T5000\r\n"                // 5 revoked -> T1000 (min 50 kept)
                                            "bogus\r\n"                // 6 error
                                            "T3000,abc\r\n"            // 7 error, default 1 used
                                            "\r\n"                     // 8
                                            "T6000,90\r\n",            // 9
                                            "t.csv", cat, 1, d);
    REQUIRE(targets.size() == 4);
    CHECK(targets[0].technique == "T1000");
    CHECK(targets[0].min_score == 50);
    CHECK(targets[1].technique == "T2000");
    CHECK(targets[1].min_score == 1);
    CHECK(targets[2].technique == "T3000");
    CHECK(targets[3].technique == "T6000");
    CHECK(targets[3].min_score == 90);
    REQUIRE(count_errors(d) == 2);
    std::vector<int> error_lines;
    for (const auto& x : d)
        if (x.severity == Severity::Error) error_lines.push_back(x.line);
    CHECK(error_lines == std::vector<int>{6, 7});

    const Coverage ours = load("prev.json", &cat, d);
    const TargetReport r = check_targets(ours, targets, cat);
    // T1000 via T1000.001 80 >= 50; T2000 50 >= 1; T3000 30 >= 1; T6000 80 < 90.
    CHECK(r.met == 3);
    CHECK(r.not_met == 1);
    CHECK_FALSE(r.rows[3].met);
    CHECK(r.rows[3].score == 80);

    SECTION("a threat-actor layer: its scored techniques") {
        Layer l;
        Diagnostics ld;
        REQUIRE(read_layer(R"({"techniques":[{"techniqueID":"T2000","score":1},{"techniqueID":"T1000.002","score":1},
                              {"techniqueID":"T3000","score":0},{"techniqueID":"T6000","color":"#f00"}]})",
                           "apt.json", l, ld));
        const auto t = targets_from_layer(l, cat, 1, ld);
        REQUIRE(t.size() == 2);
        CHECK(t[0].technique == "T1000.002");
        CHECK(t[1].technique == "T2000");
        const TargetReport tr = check_targets(ours, t, cat);
        CHECK(tr.met == 1);      // T2000
        CHECK(tr.not_met == 1);  // T1000.002 is not covered in prev.json
    }
    SECTION("a colour-only layer: its enabled techniques") {
        Layer l;
        Diagnostics ld;
        REQUIRE(read_layer(R"({"techniques":[{"techniqueID":"T2000","color":"#f00"},
                              {"techniqueID":"T3000","color":"#f00","enabled":false}]})",
                           "apt.json", l, ld));
        const auto t = targets_from_layer(l, cat, 1, ld);
        REQUIRE(t.size() == 1);
        CHECK(t[0].technique == "T2000");
    }
}

// "T1059,4000000000" converted float to int with undefined behaviour (INT_MIN here), so a target
// nobody can reach counted as met and --fail-on-gaps exited 0.
TEST_CASE("targets: minimum scores beyond the score range are range-checked, never wrapped", "[report][targets]") {
    const Catalogue cat = report_fixture::catalogue();
    Diagnostics d;
    const auto targets = parse_targets_text("T1000,4000000000\n"     // 1 above the range: the largest score
                                            "T2000,1e300\n"          // 2 the same
                                            "T3000,1000000000\n"     // 3 the largest score itself
                                            "T6000,-4000000000\n",   // 4 negative: error, default 1
                                            "big.csv", cat, 1, d);
    REQUIRE(targets.size() == 4);
    CHECK(targets[0].min_score == 1000000000);
    CHECK(targets[1].min_score == 1000000000);
    CHECK(targets[2].min_score == 1000000000);
    CHECK(targets[3].min_score == 1);
    CHECK(count_errors(d) == 1);
    CHECK(std::count_if(d.begin(), d.end(), [](const Diagnostic& x) {
              return x.severity == Severity::Warning && x.message.find("above the largest score") != std::string::npos;
          }) == 2);
    Diagnostics ld;
    const Coverage ours = load("prev.json", &cat, ld);  // T1000 80 (via T1000.001), T2000 50, T3000 30, T6000 80
    const TargetReport r = check_targets(ours, targets, cat);
    CHECK(r.met == 1);  // only T6000 (min 1)
    CHECK(r.not_met == 3);
    CHECK_FALSE(r.rows[0].met);
}

