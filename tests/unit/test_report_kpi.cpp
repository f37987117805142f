// test_report_kpi.cpp — KPIs at both counting levels, per tactic, with and without the platform
// filter and the parent roll-up; rules by level/status; fragile coverage; trends; the board.
// Fixture and its scores: test_report_fixture.hpp.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "core/report.hpp"
#include "test_report_fixture.hpp"

using namespace sh;

namespace {

struct Fixture {
    Catalogue cat = report_fixture::catalogue();
    std::vector<Rule> rules = report_fixture::rules();
    ScoreResult scores = score_rules(rules, cat, ScoreOptions{});
};

const TacticCoverage& tactic(const Kpis& k, const std::string& name) {
    for (const auto& t : k.tactics)
        if (t.tactic == name) return t;
    FAIL("no tactic " << name);
    return k.tactics.front();
}

}  // namespace

TEST_CASE("KPIs: both counting levels, threshold 80", "[report][kpi]") {
    Fixture f;
    const Kpis k = compute_kpis(f.rules, f.scores, f.cat, KpiOptions{});
    REQUIRE(k.threshold == 80);

    SECTION("techniques only: parents, a parent covered through its sub-techniques") {
        // T1000 = max(own 0, T1000.001 80, T1000.002 100) = 100; T2000 50; T3000 30; T6000 10.
        // T4000 (deprecated) and T5000 (revoked) are not in the population.
        CHECK(k.techniques.total == 4);
        CHECK(k.techniques.covered == 4);       // all four > 0
        CHECK(k.techniques.at_threshold == 1);  // only T1000 >= 80
        CHECK(k.techniques.covered_pct() == Approx(100.0));
        CHECK(k.techniques.threshold_pct() == Approx(25.0));  // 1 / 4
    }
    SECTION("techniques + sub-techniques, each on its own score") {
        // T1000 0, T1000.001 80, T1000.002 100, T2000 50, T3000 30, T6000 10.
        CHECK(k.all.total == 6);
        CHECK(k.all.covered == 5);                                  // all but T1000 itself
        CHECK(k.all.at_threshold == 2);                             // T1000.001, T1000.002
        CHECK(k.all.covered_pct() == Approx(500.0 / 6));            // 83.33
        CHECK(k.all.threshold_pct() == Approx(200.0 / 6));          // 33.33
    }
    SECTION("per tactic") {
        REQUIRE(k.tactics.size() == 4);
        CHECK(k.tactics[0].tactic == "execution");  // matrix order
        const auto& ex = tactic(k, "execution");
        CHECK(ex.techniques.total == 1);        // T1000 (T5000 revoked)
        CHECK(ex.techniques.covered == 1);
        CHECK(ex.techniques.at_threshold == 1); // 100 via T1000.002
        CHECK(ex.all.total == 3);               // T1000, .001, .002
        CHECK(ex.all.covered == 2);
        CHECK(ex.all.at_threshold == 2);
        const auto& pe = tactic(k, "privilege-escalation");
        CHECK(pe.techniques.total == 2);        // T2000, T6000
        CHECK(pe.techniques.covered == 2);      // 50, 10
        CHECK(pe.techniques.at_threshold == 0);
        CHECK(pe.techniques.covered_pct() == Approx(100.0));
        const auto& pers = tactic(k, "persistence");
        CHECK(pers.techniques.total == 1);      // T2000 (T4000 deprecated)
        CHECK(pers.techniques.covered == 1);
        const auto& col = tactic(k, "collection");
        CHECK(col.all.total == 1);
        CHECK(col.all.covered == 1);
        CHECK(col.all.at_threshold == 0);       // 30 < 80
    }
    SECTION("rules by level and status (all rules given)") {
        CHECK(k.rules_total == 6);
        // [none, informational, low, medium, high, critical]
        CHECK(k.rules_by_level[0] == 0);
        CHECK(k.rules_by_level[1] == 1);  // E
        CHECK(k.rules_by_level[2] == 1);  // C
        CHECK(k.rules_by_level[3] == 1);  // B
        CHECK(k.rules_by_level[4] == 2);  // A, F
        CHECK(k.rules_by_level[5] == 1);  // D
        // [none, unsupported, deprecated, experimental, test, stable]
        CHECK(k.rules_by_status[0] == 1);  // E
        CHECK(k.rules_by_status[1] == 0);
        CHECK(k.rules_by_status[2] == 0);
        CHECK(k.rules_by_status[3] == 2);  // B, D
        CHECK(k.rules_by_status[4] == 2);  // C, F
        CHECK(k.rules_by_status[5] == 1);  // A
    }
    SECTION("fragile: every rule experimental/test; no status is not fragile; deprecated ids left out") {
        // T1000.001 has the stable A; T6000 only E (no status); T4000 is deprecated.
        REQUIRE(k.fragile.size() == 3);
        CHECK(k.fragile[0].technique == "T1000.002");
        CHECK(k.fragile[0].score == 100);
        CHECK(k.fragile[0].name == "Name of T1000: Name of T1000.002");
        CHECK(k.fragile[1].technique == "T2000");
        CHECK(k.fragile[1].rules == std::vector<uint32_t>{1});
        CHECK(k.fragile[2].technique == "T3000");
    }
}

TEST_CASE("KPIs: roll-up off, other threshold, platform filter", "[report][kpi]") {
    Fixture f;
    SECTION("without the parent roll-up T1000 is uncovered") {
        KpiOptions o;
        o.parent_from_subtechniques = false;
        const Kpis k = compute_kpis(f.rules, f.scores, f.cat, o);
        CHECK(k.techniques.covered == 3);       // T2000, T3000, T6000
        CHECK(k.techniques.at_threshold == 0);
        CHECK(k.techniques.covered_pct() == Approx(75.0));
        CHECK(k.all.covered == 5);              // the all level never rolls up
        CHECK(tactic(k, "execution").techniques.covered == 0);
    }
    SECTION("threshold 30") {
        KpiOptions o;
        o.threshold = 30;
        const Kpis k = compute_kpis(f.rules, f.scores, f.cat, o);
        CHECK(k.techniques.at_threshold == 3);  // T1000 100, T2000 50, T3000 30; not T6000 10
        CHECK(k.all.at_threshold == 4);         // .001 80, .002 100, T2000 50, T3000 30
    }
    SECTION("Windows only: Linux techniques leave the population and the roll-up") {
        KpiOptions o;
        o.platforms = {"windows"};  // case-insensitive
        const Kpis k = compute_kpis(f.rules, f.scores, f.cat, o);
        // Parents on Windows: T1000, T2000, T3000. T1000 rolls up only T1000.001 (80): covered, >= 80.
        CHECK(k.techniques.total == 3);
        CHECK(k.techniques.covered == 3);
        CHECK(k.techniques.at_threshold == 1);
        // All: T1000 0, T1000.001 80, T2000 50, T3000 30.
        CHECK(k.all.total == 4);
        CHECK(k.all.covered == 3);
        CHECK(k.all.at_threshold == 1);
        CHECK(tactic(k, "privilege-escalation").techniques.total == 1);  // T6000 is Linux
        // Fragile: T1000.002 is Linux -> out.
        REQUIRE(k.fragile.size() == 2);
        CHECK(k.fragile[0].technique == "T2000");
    }
}

TEST_CASE("KPIs on the embedded Enterprise v19 catalogue", "[report][kpi]") {
    const Catalogue& cat = default_catalogue();
    Coverage c;
    c.entries = {{"T1059.001", "execution", 80}};
    const Kpis k = compute_coverage_kpis(c, cat, KpiOptions{});
    // One sub-technique covers its parent at the techniques level and itself at the all level.
    CHECK(k.techniques.covered == 1);
    CHECK(k.techniques.at_threshold == 1);
    CHECK(k.all.covered == 1);
    CHECK(k.tactics.size() == 15);
    int active_parents = 0, active_all = 0;
    for (const auto& t : cat.techniques)
        if (!t.revoked && !t.deprecated) ++active_all, active_parents += !t.is_subtechnique();
    CHECK(k.techniques.total == active_parents);
    CHECK(k.all.total == active_all);

    // A layer made before ATT&CK 19: T1134 under defense-evasion counts under its v19 tactics (Stealth
    // and Privilege Escalation), so a trend's per-tactic lines do not fall to 0 at the split.
    Coverage v18;
    v18.entries = {{"T1134", "defense-evasion", 80}};
    const Kpis old = compute_coverage_kpis(v18, cat, KpiOptions{});
    const Technique* t1134 = cat.find("T1134");
    REQUIRE(t1134);
    REQUIRE(std::find(t1134->tactics.begin(), t1134->tactics.end(), "stealth") != t1134->tactics.end());
    for (const auto& t : old.tactics) {
        INFO(t.tactic);
        const bool its = std::find(t1134->tactics.begin(), t1134->tactics.end(), t.tactic) != t1134->tactics.end();
        CHECK(t.techniques.covered == (its ? 1 : 0));
    }
}

TEST_CASE("trend: ordered by date (metadata or name), else by name", "[report][trend]") {
    Fixture f;
    Coverage q4, q1, q2;
    q4.name = "coverage_q4_2025";  // date from the name: 2025-10-01
    q4.date = "2025-10-01";
    q4.entries = {{"T2000", "persistence", 50}};
    q1.name = "coverage_q1_2026";
    q1.date = "2026-01-01";
    q1.entries = {{"T2000", "persistence", 50}, {"T3000", "collection", 80}};
    q2 = coverage_from_scores(f.scores, "coverage_q2_2026");
    CHECK(q2.date == "2026-04-01");
    CHECK(coverage_from_scores(f.scores, "coverage_2026-09-28").date == "2026-09-28");
    CHECK(coverage_from_scores(f.scores, "coverage_q5_2026").date.empty());
    CHECK(coverage_from_scores(f.scores, "weekly").date.empty());

    const Trend t = compute_trend({q2, q4, q1}, f.cat, KpiOptions{});
    REQUIRE(t.points.size() == 3);
    CHECK(t.by_date);
    CHECK(t.points[0].name == "coverage_q4_2025");  // by date; by name "q1_2026" would come first
    CHECK(t.points[1].name == "coverage_q1_2026");
    CHECK(t.points[2].name == "coverage_q2_2026");
    // q4: T2000 only -> 1 of 4 parents covered (25%), 0 at 80.
    CHECK(t.points[0].covered_pct == Approx(25.0));
    CHECK(t.points[0].threshold_pct == Approx(0.0));
    // q1: T2000 50, T3000 80 -> 2/4 covered (50%), 1/4 at 80 (25%).
    CHECK(t.points[1].covered_pct == Approx(50.0));
    CHECK(t.points[1].threshold_pct == Approx(25.0));
    // q1 per tactic: execution 0/1, persistence 1/1 (T2000), privilege-escalation 0/2 (T2000 is scored
    // only under persistence in this layer), collection 1/1.
    REQUIRE(t.points[1].tactic_pct.size() == 4);
    CHECK(t.points[1].tactic_pct[0] == Approx(0.0));
    CHECK(t.points[1].tactic_pct[1] == Approx(100.0));
    CHECK(t.points[1].tactic_pct[2] == Approx(0.0));
    CHECK(t.points[1].tactic_pct[3] == Approx(100.0));
    // q2 = the fixture: 100% covered, 25% at 80; all level 5/6 covered.
    CHECK(t.points[2].covered_pct == Approx(100.0));
    CHECK(t.points[2].all_covered_pct == Approx(500.0 / 6));

    Coverage undated;
    undated.name = "baseline";
    const Trend by_name = compute_trend({q2, undated, q1}, f.cat, KpiOptions{});
    CHECK_FALSE(by_name.by_date);
    CHECK(by_name.points[0].name == "baseline");
    CHECK(by_name.points[1].name == "coverage_q1_2026");
    CHECK(by_name.points[2].name == "coverage_q2_2026");
}

namespace {
Trend trend_of_points(const std::vector<std::pair<std::string, std::string>>& name_date) {
    Trend t;
    for (const auto& [name, date] : name_date) {
        TrendPoint p;
        p.name = name;
        p.date = date;
        t.points.push_back(p);
    }
    return t;
}
}  // namespace

TEST_CASE("trend axis: points where their days fall, calendar ticks; evenly when not all dated", "[report][trend]") {
    // Three weekly layers of January 2024 and the current rules on 2026-12-06. Days after 2024-01-07
    // (counted by hand): 01-14 is 7, 01-16 is 9, 2026-12-06 is 366 (2024 is a leap year) + 365 + 333 = 1064.
    const TrendAxis a = trend_axis(
        trend_of_points({{"w1", "2024-01-07"}, {"w2", "2024-01-14"}, {"w3", "2024-01-16"}, {"now", "2026-12-06"}}), 600);
    CHECK(a.by_day);
    REQUIRE(a.at.size() == 4);
    CHECK(a.at[0] == Approx(0.0));
    CHECK(a.at[1] == Approx(7.0 / 1064));
    CHECK(a.at[2] == Approx(9.0 / 1064));
    CHECK(a.at[3] == Approx(1.0));
    // Over a year, under three: a tick each quarter, 2024-04-01 (day 85) to 2026-10-01.
    REQUIRE(a.ticks.size() == 11);
    CHECK(a.ticks.front().label == "2024-04");
    CHECK(a.ticks.front().at == Approx(85.0 / 1064));
    CHECK(a.ticks[1].label == "2024-07");
    CHECK(a.ticks.back().label == "2026-10");
    CHECK(std::none_of(a.ticks.begin(), a.ticks.end(), [](const TrendAxis::Tick& t) { return t.keep; }));

    // A month: the points' own dates are the ticks, one per day.
    const TrendAxis month = trend_axis(
        trend_of_points({{"a", "2026-01-01"}, {"b", "2026-01-05"}, {"c", "2026-01-05"}, {"d", "2026-01-31"}}), 600);
    CHECK(month.by_day);
    CHECK(month.at[1] == Approx(4.0 / 30));
    CHECK(month.at[2] == Approx(4.0 / 30));
    REQUIRE(month.ticks.size() == 3);
    CHECK(month.ticks[1].label == "2026-01-05");
    CHECK(month.ticks[2].at == Approx(1.0));

    // Half a year: months. Sixteen years on 300 px with 60 px a label: every 4th year, round ones.
    CHECK(trend_axis(trend_of_points({{"a", "2026-01-15"}, {"b", "2026-07-15"}}), 600).ticks.size() == 6);
    const TrendAxis years = trend_axis(trend_of_points({{"a", "2010-06-01"}, {"b", "2026-06-01"}}), 300, 60);
    std::vector<std::string> labels;
    for (const auto& t : years.ticks) labels.push_back(t.label);
    CHECK(labels == std::vector<std::string>{"2012", "2016", "2020", "2024"});
    CHECK(trend_axis(trend_of_points({{"a", "2010-06-01"}, {"b", "2026-06-01"}}), 2000, 60).ticks.size() == 16);

    // Not all dated, a date that is no day, dates out of order, one day only: evenly, each point
    // named, the newest kept.
    for (const Trend& t : {trend_of_points({{"baseline", ""}, {"q1", "2026-01-01"}, {"q2", "2026-04-01"}}),
                           trend_of_points({{"a", "2026-01-01"}, {"b", "2026-02-30"}, {"c", "2026-04-01"}}),
                           trend_of_points({{"a", "2026-04-01"}, {"b", "2026-01-01"}, {"c", "2026-05-01"}}),
                           trend_of_points({{"a", "2026-04-01"}, {"b", "2026-04-01"}, {"c", "2026-04-01"}})}) {
        const TrendAxis e = trend_axis(t, 600);
        CHECK_FALSE(e.by_day);
        REQUIRE(e.at.size() == 3);
        CHECK(e.at[1] == Approx(0.5));
        REQUIRE(e.ticks.size() == 3);
        CHECK(e.ticks[0].label == (t.points[0].date.empty() ? t.points[0].name : t.points[0].date));
        CHECK((!e.ticks[0].keep && !e.ticks[1].keep && e.ticks[2].keep));
    }
    const TrendAxis one = trend_axis(trend_of_points({{"now", "2026-12-06"}}), 600);
    CHECK(one.at == std::vector<double>{0.5});
    CHECK(trend_axis(Trend{}, 600).ticks.empty());
}

TEST_CASE("board summary: tiles, bars, top gaps, trend ready to draw", "[report][board]") {
    Fixture f;
    const Kpis k = compute_kpis(f.rules, f.scores, f.cat, KpiOptions{});
    const Coverage cov = coverage_from_scores(f.scores, "coverage_q2_2026");
    const auto gaps = prioritise_gaps(cov, f.cat, GapOptions{});
    Coverage q1;
    q1.name = "coverage_q1_2026";
    q1.date = "2026-01-01";
    q1.entries = {{"T2000", "persistence", 50}, {"T3000", "collection", 80}};
    const Trend trend = compute_trend({q1, cov}, f.cat, KpiOptions{});
    const BoardSummary b = build_board("coverage_q2_2026", k, gaps, trend, f.cat);
    CHECK(b.title == "ATT&CK coverage — coverage_q2_2026");
    REQUIRE(b.tiles.size() >= 6);
    CHECK(b.tiles[0].label == "Techniques covered");
    CHECK(b.tiles[0].value == "100%");
    CHECK(b.tiles[0].detail == "4 of 4 techniques have at least one rule");
    CHECK(b.covered_legend == "at least one rule");
    CHECK(b.tiles[1].value == "25%");
    CHECK(b.tiles[1].detail == "1 of 4 techniques score 80 or more");
    CHECK(b.tiles[2].value == "83%");  // 5/6
    CHECK(b.tiles[3].value == "3");    // fragile
    // T1000.002 among them: the count is of techniques and sub-techniques (SigmaHQ's 338 read as more
    // than its 222 techniques when the tile said "techniques covered only by ...").
    CHECK(b.tiles[3].detail == "techniques and sub-techniques whose rules are all test, experimental or deprecated (none stable)");
    CHECK(b.tiles[4].detail == "1 stable, 2 test, 2 experimental");
    CHECK(b.tiles.back().label == "Change");
    CHECK(b.tiles.back().value == "+50.0 pts");  // 50% -> 100%
    REQUIRE(b.tactic_bars.size() == 4);
    CHECK(b.tactic_bars[2].tactic == "privilege-escalation");
    CHECK(b.tactic_bars[2].covered == 2);
    CHECK(b.tactic_bars[2].total == 2);
    CHECK(b.top_gaps.size() == 3);
    CHECK(b.trend.points.size() == 2);
    CHECK(b.subtitle.find(" rules · threshold 80") != std::string::npos);
    CHECK(b.subtitle.find(" on ") == std::string::npos);
    CHECK(gaps_heading(0) == "Gaps to close");
    CHECK(gaps_heading(1) == "Top gap to close");
    CHECK(gaps_heading(10) == "Top 10 gaps to close");
    LatencyReport one_alert;  // and one alert "1 alert"
    one_alert.overall = {"", "all alerts", 1, 300};
    const BoardSummary lb = build_board("coverage_q2_2026", k, gaps, trend, f.cat, &one_alert, true);
    REQUIRE(lb.tiles.size() > b.tiles.size());
    CHECK(std::any_of(lb.tiles.begin(), lb.tiles.end(), [](const KpiTile& t) { return t.detail == "over 1 alert"; }));
    Kpis one = k;  // one rule is "1 rule"
    one.rules_total = 1;
    CHECK(build_board("coverage_q2_2026", one, gaps, trend, f.cat, nullptr, true).subtitle.find(" · 1 rule · threshold 80") !=
          std::string::npos);
    // Under a platform filter the subtitle says the counts are that platform's.
    Kpis on = k;
    on.platforms = {"Linux", "macOS"};
    CHECK(build_board("coverage_q2_2026", on, gaps, trend, f.cat, nullptr, true).subtitle.find(" · threshold 80 · on Linux or macOS") !=
          std::string::npos);

    // Scores from a layer or a share link: nothing about rules (it would only say 0).
    const BoardSummary nb = build_board("coverage_q2_2026", k, gaps, trend, f.cat, nullptr, false);
    CHECK(nb.subtitle.find("rules") == std::string::npos);
    CHECK(nb.tiles.size() == b.tiles.size() - 2);
    for (const auto& t : nb.tiles) CHECK((t.key != "rules" && t.key != "fragile"));
    CHECK(nb.tiles.front().value == "100%");
    CHECK(nb.tiles[0].detail == "4 of 4 techniques have a score above 0");  // not "at least one rule"
    CHECK(nb.covered_legend == "score above 0");  // the page's legend said "at least one rule"
    CHECK(nb.tiles[2].detail == "5 of 6 techniques and sub-techniques have a score above 0");

    const auto j = nlohmann::json::parse(board_to_json(b));
    CHECK(j["tiles"][0]["value"] == "100%");
    CHECK(j["topGaps"][0]["technique"] == "T3000");
    const auto kj = nlohmann::json::parse(kpis_to_json(k));
    CHECK(kj["techniques"]["thresholdPct"] == 25.0);
    CHECK(kj["all"]["coveredPct"] == 83.33);
    CHECK(kj["rules"]["byStatus"]["experimental"] == 2);
    CHECK(kj["fragile"].size() == 3);
}

TEST_CASE("trend: the current rules are its newest point, dated as of the report, whatever their name says",
          "[report][trend]") {
    Fixture f;
    CHECK(is_iso_date("2026-12-05"));
    CHECK(is_iso_date("2024-02-29"));
    CHECK_FALSE(is_iso_date("2026-02-30"));
    CHECK_FALSE(is_iso_date("2026-12-5"));
    CHECK_FALSE(is_iso_date("2026-12-05T10:00"));
    CHECK_FALSE(is_iso_date("week 48"));
    CHECK_FALSE(is_iso_date(""));

    Coverage q3;  // an earlier layer, dated by its name as a quarter's first day
    q3.name = "coverage_q3_2026";
    q3.date = "2026-07-01";
    q3.entries = {{"T2000", "persistence", 50}};
    ReportInputs ri;
    ri.scores = &f.scores;
    ri.rules = &f.rules;
    ri.name = "coverage_q1_2026";  // the name dates it 2026-01-01, before q3
    ri.history = {q3};
    ri.date = "2026-12-05";
    const ReportSet set = compute_report_set(ri, f.cat);
    CHECK(set.current.date == "2026-12-05");
    REQUIRE(set.trend.points.size() == 2);
    CHECK(set.trend.by_date);
    CHECK(set.trend.points[0].name == "coverage_q3_2026");
    CHECK(set.trend.points[1].name == "coverage_q1_2026");
    CHECK(set.trend.points[1].date == "2026-12-05");
    CHECK(set.board.trend.points.back().name == "coverage_q1_2026");
    // The board's Change tile: the current rules against the newest earlier layer (it compared the
    // two points before them when the name put the current rules first).
    REQUIRE(set.board.tiles.back().key == "change");
    CHECK(set.board.tiles.back().detail == "techniques covered since coverage_q3_2026");
    CHECK(set.board.tiles.back().value == "+75.0 pts");  // 25% (T2000 only) -> 100%

    // Not a date: the name's date, as before (here before q3's).
    ri.date = "week 48";
    const ReportSet words = compute_report_set(ri, f.cat);
    CHECK(words.current.date == "2026-01-01");
    CHECK(words.trend.points.front().name == "coverage_q1_2026");

    // An undated earlier layer: by name, and the current coverage still last.
    Coverage undated;
    undated.name = "zzz";
    ri.history = {undated, q3};
    ri.name = "aaa";
    ri.date = "2026-12-05";
    const ReportSet by_name = compute_report_set(ri, f.cat);
    CHECK_FALSE(by_name.trend.by_date);
    REQUIRE(by_name.trend.points.size() == 3);
    CHECK(by_name.trend.points[0].name == "coverage_q3_2026");
    CHECK(by_name.trend.points[1].name == "zzz");
    CHECK(by_name.trend.points[2].name == "aaa");
}

TEST_CASE("report set: a given trend is the report's and the board's, without a point for the current layer",
          "[report][trend][board]") {
    Fixture f;
    ReportInputs ri;
    ri.scores = &f.scores;
    ri.rules = &f.rules;
    ri.name = "coverage_now";
    ri.history = {coverage_from_scores(f.scores, "coverage_before")};  // not used when the trend is given
    const ReportSet own = compute_report_set(ri, f.cat);
    REQUIRE(own.trend.points.size() == 2);
    CHECK(own.trend.points.back().name == "coverage_now");

    Trend given;
    given.threshold = 80;
    given.points = {{"week_1", "", "2026-01-04", {}, 20, 10, 0, 0}, {"week_2", "", "2026-01-11", {}, 40, 20, 0, 0},
                    {"week_3", "", "2026-01-18", {}, 60, 30, 0, 0}};
    ri.trend = given;
    const ReportSet set = compute_report_set(ri, f.cat);
    for (const Trend* t : {&set.trend, &set.board.trend}) {
        REQUIRE(t->points.size() == 3);
        CHECK(t->points[0].name == "week_1");
        CHECK(t->points[2].name == "week_3");
        CHECK(t->points[2].covered_pct == 60);
    }
    // Everything else is as without it.
    CHECK(set.board.tiles.size() == own.board.tiles.size());
    CHECK(set.board.title == own.board.title);
    CHECK(kpis_to_json(set.kpis) == kpis_to_json(own.kpis));
}
