// test_report_history.cpp — core/history_report: the trend JSON written and read back (the page
// opens it), its format sniffed cheaply, bad and hostile texts refused with a diagnostic, the CSV and
// alert texts word for word, and the page's merge of a trend file with earlier layers. Pure core:
// runs natively and under node (no libgit2 here; the replay has its own tests).
#include <algorithm>

#include "catch.hpp"
#include "core/history_report.hpp"
#include "core/limits.hpp"

using namespace sh;

namespace {

std::size_t count_with(const Diagnostics& d, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        d.begin(), d.end(), [&](const Diagnostic& x) { return x.message.find(text) != std::string::npos; }));
}

TechniqueChange change(const std::string& id, const std::string& name, const std::string& tactic, int before, int after) {
    TechniqueChange t;
    t.technique = id;
    t.name = name;
    t.tactics = {tactic};
    t.before = before;
    t.after = after;
    return t;
}

HistoryReport sample() {
    HistoryReport h;
    h.repository = "/repos/rules";
    h.ref = "main";
    h.path = "rules";
    h.every = "week";
    h.since = "2024-01-01";
    h.until = "2024-01-14";
    h.score = "seed";
    h.attack_version = "19";
    h.domain = "enterprise-attack";
    h.tactics = {"execution", "credential-access"};
    h.tactic_ids = {"TA0002", "TA0006"};
    h.tactic_names = {"Execution", "Credential Access"};
    for (int i = 0; i < 2; ++i) {
        HistoryPoint p;
        p.date = i == 0 ? "2024-01-07" : "2024-01-14";
        p.name = "coverage_" + p.date;
        p.period = i == 0 ? "the week of 2024-01-01" : "the week of 2024-01-08";
        p.commit = std::string(40, i == 0 ? 'a' : 'b');
        p.commit_date = p.date;
        p.author = "Ann";
        p.summary = "rules";
        p.files = 3 - i;
        p.kpis.threshold = 80;
        p.kpis.rules_total = 3 - i;
        p.kpis.rules_scored = 3 - i;
        p.kpis.techniques = {200, 10 - i, 5 - i};
        p.kpis.all = {600, 12 - i, 6 - i};
        TacticCoverage e;
        e.tactic = "execution";
        e.techniques = {20, 4, 2 - i};
        TacticCoverage c;
        c.tactic = "credential-access";
        c.techniques = {17, 1 - i, 1 - i};
        p.kpis.tactics = {e, c};
        p.fragile_count = 1;
        h.points.push_back(p);
    }
    HistoryDiff d;
    d.from = "2024-01-07";
    d.to = "2024-01-14";
    d.period = "the week of 2024-01-08";
    d.from_commit = h.points[0].commit;
    d.to_commit = h.points[1].commit;
    d.diff.threshold = 50;
    d.diff.previous_name = "coverage_2024-01-07";
    d.diff.current_name = "coverage_2024-01-14";
    d.diff.dropped_below = {change("T1003.001", "OS Credential Dumping: LSASS Memory", "credential-access", 100, 0)};
    d.changed = 1;
    HistoryBlame b;
    b.technique = "T1003.001";
    b.name = "OS Credential Dumping: LSASS Memory";
    b.kind = "lost";
    b.before = 100;
    b.after = 0;
    HistoryCommit c;
    c.id = "0123456789abcdef0123456789abcdef01234567";
    c.author = "Carol";
    c.email = "carol@example.org";
    c.date = "2024-01-10";
    c.summary = "retag b";
    c.paths = {"rules/b.yml"};
    b.commits = {c};
    d.blame = {b};
    h.diffs = {d};
    return h;
}

}  // namespace

TEST_CASE("history JSON: written, sniffed and read back", "[report_history]") {
    const HistoryReport h = sample();
    const std::string json = history_to_json(h);
    CHECK(json.rfind("{\n \"format\": \"sigma-heatmap-history\",\n \"version\": 1,", 0) == 0);
    CHECK(looks_like_history_json(json));
    CHECK(looks_like_history_json("\xEF\xBB\xBF  {\"format\" : \"sigma-heatmap-history\"}"));
    CHECK_FALSE(looks_like_history_json("{\"name\": \"coverage_q1_2024\", \"versions\": {\"layer\": \"4.5\"}}"));
    CHECK_FALSE(looks_like_history_json("[{\"format\": \"sigma-heatmap-history\"}]"));
    CHECK_FALSE(looks_like_history_json("{\"format\": \"sigma-heatmap-historyX\"}"));
    CHECK_FALSE(looks_like_history_json(""));

    HistoryReport back;
    Diagnostics diags;
    REQUIRE(read_history_json(json, "t.json", back, diags));
    CHECK(diags.empty());
    CHECK(back.repository == h.repository);
    CHECK(back.ref == "main");
    CHECK(back.tactics == h.tactics);
    CHECK(back.tactic_names == h.tactic_names);
    REQUIRE(back.points.size() == 2);
    CHECK(back.points[1].name == "coverage_2024-01-14");
    CHECK(back.points[1].kpis.techniques.covered == 9);
    CHECK(back.points[1].kpis.techniques.at_threshold == 4);
    CHECK(back.points[1].kpis.tactics[0].name == "Execution");
    CHECK(back.points[1].kpis.tactics[0].techniques.at_threshold == 1);
    CHECK(back.points[0].fragile_count == 1);
    REQUIRE(back.diffs.size() == 1);
    CHECK(back.diffs[0].diff.dropped_below.size() == 1);
    CHECK(back.diffs[0].blame[0].commits[0].author == "Carol");
    CHECK(back.diffs[0].blame[0].commits[0].paths == std::vector<std::string>{"rules/b.yml"});
    // Written again from what was read: the same text (nothing lost on the way).
    CHECK(history_to_json(back) == json);
}

TEST_CASE("history JSON: what is not a trend is refused with a diagnostic; odd values are tolerated", "[report_history]") {
    HistoryReport out;
    Diagnostics d;
    CHECK_FALSE(read_history_json("not json", "x.json", out, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].file == "x.json");
    CHECK(d[0].message.find("not a history trend: the file is not valid JSON: ") == 0);
    CHECK(d[0].message.find("invalid literal 'not'") != std::string::npos);  // the reason, the word, where
    CHECK(d[0].line == 1);
    CHECK(d[0].column == 1);  // at the word, not at the 'o' where "null" needed a 'u'
    d.clear();
    CHECK_FALSE(read_history_json("[1, 2]", "list.json", out, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find("not a JSON object") == 0);
    d.clear();
    CHECK_FALSE(read_history_json("{\"name\": \"layer\"}", "layer.json", out, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find("not a history trend") == 0);
    d.clear();
    // Wrong types and huge numbers: read as defaults, each reported; a point without a date skipped;
    // unknown keys ignored.
    const char* odd = R"({"format": "sigma-heatmap-history", "kpiThreshold": 1e300, "points": [
        {"date": 5, "techniques": {"total": "x", "covered": 1e20}, "tactics": [1, {"tactic": null}], "rules": []},
        7, {"date": "2024-01-01", "future": {"key": true}}], "diffs": {"not": "an array"}, "tactics": "none"})";
    REQUIRE(read_history_json(odd, "odd.json", out, d));
    CHECK(out.kpi_threshold == 80);
    REQUIRE(out.points.size() == 1);
    CHECK(out.points[0].date == "2024-01-01");
    CHECK(out.diffs.empty());
    CHECK(count_with(d, "kpiThreshold = 1e+300 is out of range (1 to 1000000000); ignored") == 1);
    CHECK(count_with(d, "points[0].date is not a text; ignored") == 1);
    CHECK(count_with(d, "points[0].date is missing; point skipped") == 1);
    CHECK(count_with(d, "points[1] is not an object; skipped") == 1);
    CHECK(count_with(d, "diffs is an object where none is read; ignored") == 1);
    CHECK(count_with(d, "tactics is not a list; ignored") == 1);
    for (const auto& x : d) CHECK(x.file == "odd.json");
    d.clear();
    CHECK(read_history_json(R"({"format": "sigma-heatmap-history"})", "empty.json", out, d));
    REQUIRE(d.size() == 1);
    CHECK(d[0].message == "the history trend has no points");
}

TEST_CASE("history JSON: hostile trend files are refused or read within their limits", "[report_history][limits]") {
    HistoryReport out;
    Diagnostics d;
    const std::string head = R"({"format": "sigma-heatmap-history", "points": [{"date": "2024-01-07"}]})";

    SECTION("larger than the history trend limit (32 MB): refused before parsing") {
        const std::string big = head + std::string((32u << 20) - head.size() + 1, ' ');
        CHECK_FALSE(read_history_json(big, "big.json", out, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("file is too large to be a history trend: 32.0 MB (33554433 bytes; the limit is 32.0 MB)") == 0);
        d.clear();
        CHECK(read_history_json(big.substr(0, big.size() - 1), "max.json", out, d));  // at the limit: read
    }
    SECTION("a raw NUL byte ends JSON text for the parser: what follows it must not pass unseen") {
        const std::string text = head + std::string(1, '\0') + "garbage";
        CHECK_FALSE(read_history_json(text, "nul.json", out, d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].severity == Severity::Error);
        CHECK(d[0].message.find("contains a NUL byte (at byte " + std::to_string(head.size()) + ")") != std::string::npos);
    }
    SECTION("counts and thresholds out of their ranges: reported and read as the default") {
        const char* text = R"({"format": "sigma-heatmap-history", "kpiThreshold": 0, "alertThreshold": 4000000000,
            "points": [{"date": "2024-01-07", "files": 1e20, "fragile": -2,
                        "rules": {"total": -1, "byLevel": {"high": 1e300}},
                        "techniques": {"total": 10, "covered": 12, "atThreshold": 3},
                        "tactics": [{"tactic": "execution", "all": {"total": -5}}]}],
            "diffs": [{"from": "2024-01-07", "to": "2024-01-14", "threshold": -7, "changedTechniques": 3000000000,
                       "droppedBelow": [{"technique": "T1059", "before": 5e9, "after": -1e10}]}]})";
        REQUIRE(read_history_json(text, "range.json", out, d));
        CHECK(out.kpi_threshold == 80);
        CHECK(out.alert_threshold == 50);
        REQUIRE(out.points.size() == 1);
        const HistoryPoint& p = out.points[0];
        CHECK(p.files == 0);
        CHECK(p.fragile_count == 0);
        CHECK(p.kpis.rules_total == 0);
        CHECK(p.kpis.rules_by_level[4] == 0);
        CHECK(p.kpis.techniques.total == 10);
        CHECK(p.kpis.techniques.covered == 10);  // more covered than there are: capped at the total
        CHECK(p.kpis.techniques.at_threshold == 3);
        CHECK(p.kpis.techniques.covered_pct() <= 100.0);
        REQUIRE(p.kpis.tactics.size() == 1);
        CHECK(p.kpis.tactics[0].all.total == 0);
        REQUIRE(out.diffs.size() == 1);
        CHECK(out.diffs[0].diff.threshold == 50);
        CHECK(out.diffs[0].changed == 0);
        REQUIRE(out.diffs[0].diff.dropped_below.size() == 1);
        CHECK(out.diffs[0].diff.dropped_below[0].before == 0);
        CHECK(out.diffs[0].diff.dropped_below[0].after == 0);
        CHECK(count_with(d, "is out of range") == 11);
        CHECK(count_with(d, "points[0].files = 1e+20 is out of range (0 to 1000000000); ignored") == 1);
        CHECK(count_with(d, "kpiThreshold = 0 is out of range (1 to 1000000000)") == 1);
        CHECK(count_with(d, "points[0].techniques counts more covered techniques than its total (10); read as 10") == 1);
    }
    SECTION("NUL characters in strings: a point's date is not a date; other texts show it as \\u0000") {
        const char* text = R"({"format": "sigma-heatmap-history", "repository": "/r\u0000x",
            "points": [{"date": "2024-01-0\u0000"}, {"date": "2024-01-14", "author": "Eve\u0000"}]})";
        REQUIRE(read_history_json(text, "nul.json", out, d));
        REQUIRE(out.points.size() == 1);
        CHECK(out.points[0].date == "2024-01-14");
        CHECK(out.points[0].author == "Eve\\u0000");
        CHECK(out.repository == "/r\\u0000x");
        CHECK(count_with(d, "points[0].date \"2024-01-0\\u0000\" is not YYYY-MM-DD; point skipped") == 1);
        CHECK(count_with(d, "points[1].author contains a NUL character") == 1);
        for (const auto& x : d) CHECK(x.message.find('\0') == std::string::npos);
    }
    SECTION("a huge list of non-objects: each skipped, the diagnostics capped with one summary") {
        std::string text = R"({"format": "sigma-heatmap-history", "points": [)";
        for (int i = 0; i < 200000; ++i) text += "0,";
        text += R"({"date": "2024-01-07"}], "diffs": [)";
        for (int i = 0; i < 50000; ++i) text += "{},";
        text += "{}]}";
        REQUIRE(read_history_json(text, "many.json", out, d));
        CHECK(out.points.size() == 1);
        CHECK(out.diffs.size() == 50001);  // an empty diff is still a period compared
        CHECK(count_with(d, "is not an object; skipped") == 20);
        CHECK(count_with(d, "199980 more like this (not an object) not shown") == 1);
        CHECK(d.size() <= 25);
    }
    SECTION("more points than the limit: the first 100000 kept, the rest reported") {
        std::string text = R"({"format": "sigma-heatmap-history", "points": [)";
        for (int i = 0; i < 100005; ++i) text += std::string(i ? "," : "") + R"({"date": "2024-01-07"})";
        text += "]}";
        REQUIRE(read_history_json(text, "long.json", out, d));
        CHECK(out.points.size() == 100000);
        CHECK(count_with(d, "points[100000] is past the limit of 100000 points; skipped") == 1);
        CHECK(d.size() == 5);
    }
}

TEST_CASE("history CSV and alert texts, word for word", "[report_history]") {
    const HistoryReport h = sample();
    const std::string csv = history_to_csv(h);
    CHECK(csv ==
          "date,commit,commit_date,files,rules,techniques_covered_pct,techniques_threshold_pct,all_covered_pct,"
          "all_threshold_pct,fragile,execution_pct,credential-access_pct\n"
          "2024-01-07," + std::string(40, 'a') + ",2024-01-07,3,3,5.00,2.50,2.00,1.00,1,20.00,5.88\n"
          "2024-01-14," + std::string(40, 'b') + ",2024-01-14,2,2,4.50,2.00,1.83,0.83,1,20.00,0.00\n");
    CHECK(history_alert_text(h.diffs[0]) ==
          "1 technique dropped below 50 in the week of 2024-01-08 (2024-01-07 -> 2024-01-14)\n"
          "- T1003.001 OS Credential Dumping: LSASS Memory (credential-access): 100 -> 0\n"
          "  commit 0123456789ab by Carol on 2024-01-10 removed the last rule for T1003.001 (rules/b.yml)\n");
    CHECK(history_alerts_text(h) == history_alert_text(h.diffs[0]) + "\n1 period compared, 0 without a technique dropping below 50\n");
    HistoryDiff quiet = h.diffs[0];
    quiet.diff.dropped_below.clear();
    CHECK(history_alert_text(quiet).empty());
}

TEST_CASE("history on a platform filter: the JSON keeps it, the diffs read back with it, the alerts say it", "[report_history]") {
    // Unfiltered: no "platforms" key at all (files from before the filter was kept stay byte for byte).
    CHECK(history_to_json(sample()).find("\"platforms\"") == std::string::npos);

    HistoryReport h = sample();
    h.platforms = {"Linux", "macOS"};
    h.diffs[0].diff.platforms = h.platforms;
    const std::string json = history_to_json(h);
    CHECK(json.find("\"alertThreshold\": 50,\n \"platforms\": [\n  \"Linux\",\n  \"macOS\"\n ],\n \"note\"") !=
          std::string::npos);
    const std::string alert =
        "1 technique dropped below 50 on Linux or macOS in the week of 2024-01-08 (2024-01-07 -> 2024-01-14)\n"
        "- T1003.001 OS Credential Dumping: LSASS Memory (credential-access): 100 -> 0\n"
        "  commit 0123456789ab by Carol on 2024-01-10 removed the last rule for T1003.001 (rules/b.yml)\n";
    CHECK(history_alert_text(h.diffs[0]) == alert);
    CHECK(history_alerts_text(h) ==
          alert + "\n1 period compared, 0 without a technique dropping below 50 on Linux or macOS\n");
    HistoryDiff lost = h.diffs[0];
    lost.diff.lost = lost.diff.dropped_below;
    lost.diff.lost[0].before = 30;
    lost.diff.dropped_below.clear();
    CHECK(history_alert_text(lost).find("1 technique below 50 lost all coverage on Linux or macOS in the week of 2024-01-08\n") !=
          std::string::npos);

    HistoryReport back;
    Diagnostics diags;
    REQUIRE(read_history_json(json, "t.json", back, diags));
    CHECK(diags.empty());
    CHECK(back.platforms == h.platforms);
    REQUIRE(back.diffs.size() == 1);
    CHECK(back.diffs[0].diff.platforms == h.platforms);  // the page's alert says it too
    CHECK(history_alert_text(back.diffs[0]) == alert);
    CHECK(history_to_json(back) == json);

    // Odd filters: reported, what is usable kept, each name once, at most kHistoryPlatforms.
    std::string many;
    for (int i = 0; i < 40; ++i) many += ", \"P" + std::to_string(i) + "\"";
    const std::string odd = R"({"format": "sigma-heatmap-history", "points": [{"date": "2024-01-07"}], "platforms": ["Linux", 5, "", ")" +
                            std::string(600, 'x') + R"(", "Li\nnux", {"a": 1}, "Linux")" + many + "]}";
    diags.clear();
    REQUIRE(read_history_json(odd, "odd.json", back, diags));
    REQUIRE(back.platforms.size() == limits::kHistoryPlatforms);
    CHECK(back.platforms[0] == "Linux");
    CHECK(back.platforms[1] == "P0");
    CHECK(count_with(diags, "platforms[1] is not a text; skipped") == 1);
    CHECK(count_with(diags, "platforms[2] is not a platform name") == 1);
    CHECK(count_with(diags, "platforms[3] is past the limit of 32 platforms of 512 bytes together; skipped") == 1);
    CHECK(count_with(diags, "platforms[4] is not a platform name") == 1);
    CHECK(count_with(diags, "platforms[5] is an object where none is read; ignored") == 1);
    CHECK(count_with(diags, "platforms[38] is past the limit of 32 platforms") == 1);
    CHECK(count_with(diags, "is past the limit of 32 platforms") == 10);
    diags.clear();
    REQUIRE(read_history_json(R"({"format": "sigma-heatmap-history", "points": [{"date": "2024-01-07"}], "platforms": "Linux"})",
                              "str.json", back, diags));
    CHECK(back.platforms.empty());
    CHECK(count_with(diags, "platforms is not a list; ignored") == 1);
    diags.clear();  // a catalogue's own names in UTF-8 are names
    REQUIRE(read_history_json("{\"format\": \"sigma-heatmap-history\", \"points\": [{\"date\": \"2024-01-07\"}], \"platforms\": [\"R\xC3\xA9seau\"]}",
                              "utf8.json", back, diags));
    CHECK(diags.empty());
    CHECK(back.platforms == std::vector<std::string>{"R\xC3\xA9seau"});
}

TEST_CASE("the page's trend: a trend file's points merged with layers by date, tactics aligned", "[report_history]") {
    const HistoryReport h = sample();
    Trend more;
    more.threshold = 70;
    more.tactics = {"credential-access", "stealth", "execution"};
    more.tactic_names = {"Credential Access", "Stealth", "Execution"};
    TrendPoint layer;
    layer.name = "coverage_q1_2024";
    layer.date = "2024-01-01";
    layer.tactic_pct = {1, 2, 3};
    TrendPoint now;
    now.name = "current";
    now.date = "2024-02-01";
    now.tactic_pct = {4, 5, 6};
    more.points = {layer, now};
    const Trend t = merge_history_trend(h, more);
    CHECK(t.threshold == 70);
    CHECK(t.tactics == more.tactics);
    CHECK(t.by_date);
    REQUIRE(t.points.size() == 4);
    CHECK(t.points[0].name == "coverage_q1_2024");
    CHECK(t.points[1].name == "coverage_2024-01-07");
    CHECK(t.points[2].name == "coverage_2024-01-14");
    CHECK(t.points[3].name == "current");
    // credential-access 1/17, no stealth in the file, execution 4/20.
    REQUIRE(t.points[1].tactic_pct.size() == 3);
    CHECK(t.points[1].tactic_pct[0] == Approx(100.0 / 17));
    CHECK(t.points[1].tactic_pct[1] == 0);
    CHECK(t.points[1].tactic_pct[2] == Approx(20.0));
    CHECK(t.points[1].covered_pct == Approx(5.0));
    // A point without a date: the file's points first, then the others as given.
    more.points[0].date.clear();
    const Trend u = merge_history_trend(h, more);
    CHECK_FALSE(u.by_date);
    CHECK(u.points[0].name == "coverage_2024-01-07");
    CHECK(u.points[2].name == "coverage_q1_2024");
}

TEST_CASE("a long history's trend for a board: the last point of each quarter and the newest", "[report_history]") {
    HistoryReport h = sample();
    h.points.clear();
    for (const char* d : {"2024-01-07", "2024-03-31", "2024-04-07", "2024-06-30", "2024-07-07", "2024-07-14"}) {
        HistoryPoint p;
        p.date = d;
        p.name = std::string("coverage_") + d;
        h.points.push_back(p);
    }
    CHECK(history_trend(h, 6).points.size() == 6);
    const Trend t = history_trend(h, 3);
    std::vector<std::string> dates;
    for (const auto& p : t.points) dates.push_back(p.date);
    CHECK(dates == std::vector<std::string>{"2024-03-31", "2024-06-30", "2024-07-14"});
}
