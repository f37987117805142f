// test_report_csv.cpp — the CSV reader's edge cases, ISO 8601 time stamps, median detection
// latency from a SIEM alert CSV, and the quality score profile from rule test results.
#include <algorithm>

#include "catch.hpp"
#include "core/report.hpp"
#include "test_report_fixture.hpp"

using namespace sh;

TEST_CASE("CSV: quotes, CRLF, BOM, blank lines, line numbers", "[report][csv]") {
    Diagnostics d;
    const auto rows = parse_csv("\xEF\xBB\xBFh1,h2\r\n"          // 1
                                "a, b ,c\r\n"                   // 2: spaces trimmed
                                "\r\n"                          // 3: blank
                                "\"x, y\",\"say \"\"hi\"\"\"\n"  // 4: comma and quotes in quotes
                                "\"two\nlines\",z\r\n"          // 5-6: a line break inside quotes
                                ",,\n"                          // 7: empty fields only: blank
                                "last,\n"                       // 8: trailing comma = empty last field
                                "no newline at end",
                                "f.csv", d);
    CHECK(d.empty());
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].fields == std::vector<std::string>{"h1", "h2"});
    CHECK(rows[0].line == 1);
    CHECK(rows[1].fields == std::vector<std::string>{"a", "b", "c"});
    CHECK(rows[2].fields == std::vector<std::string>{"x, y", "say \"hi\""});
    CHECK(rows[2].line == 4);
    CHECK(rows[3].fields == std::vector<std::string>{"two\nlines", "z"});
    CHECK(rows[3].line == 5);
    CHECK(rows[4].fields == std::vector<std::string>{"last", ""});
    CHECK(rows[4].line == 8);
    CHECK(rows[5].fields == std::vector<std::string>{"no newline at end"});
    CHECK(rows[5].line == 9);
}

TEST_CASE("CSV: old Mac line ends, an unterminated quote", "[report][csv]") {
    Diagnostics d;
    const auto rows = parse_csv("a,b\rc,d\r", "f.csv", d);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].line == 2);
    d.clear();
    const auto broken = parse_csv("ok,1\n\"open,2\nmore\n", "f.csv", d);
    REQUIRE(broken.size() == 1);  // the rows before it are kept
    REQUIRE(d.size() == 1);
    CHECK(d[0].severity == Severity::Error);
    CHECK(d[0].line == 2);
    CHECK(parse_csv("", "f.csv", d).empty());
}

TEST_CASE("ISO 8601 time stamps", "[report][csv]") {
    CHECK(parse_iso8601("1970-01-01T00:00:00Z") == Approx(0));
    CHECK(parse_iso8601("1970-01-02T00:00:00+01:00") == Approx(86400 - 3600));
    CHECK(parse_iso8601("1970-01-01T00:00:00-0230") == Approx(9000));
    CHECK(*parse_iso8601("2026-03-02T10:15:30.5Z") - *parse_iso8601("2026-03-02T10:15:00Z") == Approx(30.5));
    CHECK(*parse_iso8601("2026-03-02T10:15:30+02:00") == *parse_iso8601("2026-03-02 08:15:30"));
    CHECK(*parse_iso8601("2026-03-02T10:16") - *parse_iso8601("2026-03-02T10:15:00z") == Approx(60));
    CHECK(*parse_iso8601("2024-03-01T00:00:00Z") - *parse_iso8601("2024-02-28T00:00:00Z") == Approx(2 * 86400));  // leap year
    CHECK(*parse_iso8601("2000-01-01T00:00:00Z") == Approx(946684800));
    CHECK_FALSE(parse_iso8601("2023-02-29T00:00:00Z"));
    CHECK_FALSE(parse_iso8601("2026-13-01T00:00:00Z"));
    CHECK_FALSE(parse_iso8601("2026-03-02"));
    CHECK_FALSE(parse_iso8601("yesterday"));
    CHECK_FALSE(parse_iso8601("2026-03-02T10:15:30Zjunk"));
    CHECK_FALSE(parse_iso8601(""));
}

TEST_CASE("median detection latency: overall, per tactic, per technique", "[report][latency]") {
    const Catalogue cat = report_fixture::catalogue();
    const auto rules = report_fixture::rules();
    const ScoreResult scores = score_rules(rules, cat, ScoreOptions{});
    Diagnostics d;
    const auto alerts = parse_alerts_csv(
        "host,Rule,Event_Time,detection time\r\n"                               // 1: any order, other columns
        "h1,aaaa-1,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\r\n"              // 2: A by id: 60 s
        "h2,a,2026-03-02T10:00:00Z,2026-03-02T10:03:00Z\r\n"                   // 3: A by title: 180 s
        "h3,B,2026-03-02T10:00:00+01:00,2026-03-02T09:10:00Z\r\n"              // 4: B: 09:00Z -> 09:10Z = 600 s
        "h4,Nobody's rule,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\r\n"       // 5: no such rule
        "h5,C,2026-03-02T10:05:00Z,2026-03-02T10:00:00Z\r\n"                   // 6: negative: skipped
        "h6,D,not a time,2026-03-02T10:00:00Z\r\n"                             // 7: error
        "h7,D\r\n",                                                            // 8: error
        "alerts.csv", d);
    REQUIRE(alerts.size() == 5);
    REQUIRE(count_errors(d) == 2);
    CHECK(d[0].line == 7);
    CHECK(d[1].line == 8);
    d.clear();
    const LatencyReport r = detection_latency(alerts, rules, scores, cat, d);
    CHECK(r.unmatched == 1);
    CHECK(r.negative == 1);
    CHECK(r.overall.alerts == 3);
    CHECK(r.overall.median_seconds == Approx(180));  // median of 60, 180, 600
    // A -> T1000.001/execution; B -> T2000/persistence and /privilege-escalation.
    REQUIRE(r.tactics.size() == 3);
    CHECK(r.tactics[0].key == "execution");
    CHECK(r.tactics[0].alerts == 2);
    CHECK(r.tactics[0].median_seconds == Approx(120));  // (60 + 180) / 2
    CHECK(r.tactics[1].key == "persistence");
    CHECK(r.tactics[1].median_seconds == Approx(600));
    CHECK(r.tactics[2].key == "privilege-escalation");
    REQUIRE(r.techniques.size() == 2);
    CHECK(r.techniques[0].key == "T1000.001");
    CHECK(r.techniques[0].median_seconds == Approx(120));
    CHECK(r.techniques[1].key == "T2000");
    CHECK(r.techniques[1].alerts == 1);  // once per technique, though in two tactics
    CHECK(format_duration(45) == "45s");
    CHECK(format_duration(725) == "12m 5s");
    CHECK(format_duration(12000) == "3h 20m");
    CHECK(format_duration(187200) == "2d 4h");

    Diagnostics hd;
    CHECK(parse_alerts_csv("rule,when\nA,2026-03-02T10:00:00Z\n", "a.csv", hd).empty());
    CHECK(count_errors(hd) == 1);
    CHECK(hd[0].line == 1);
}

TEST_CASE("an alerts CSV is told from a rules CSV by its header", "[report][latency]") {
    CHECK(is_alerts_csv("rule,event_time,detection_time\nA,2026-03-02T10:00:00Z,2026-03-02T10:01:00Z\n"));
    CHECK(is_alerts_csv("\xEF\xBB\xBF\"Detection Time\",Rule_Title,host,Event-Time\r\n"));  // BOM, quotes, any order
    CHECK(is_alerts_csv("rule_id,event,detected"));
    CHECK_FALSE(is_alerts_csv("title,attack_id,level,status\nA,T1059,high,stable\n"));
    CHECK_FALSE(is_alerts_csv("rule,event_time\nA,2026-03-02T10:00:00Z,detection_time\n"));  // only the first line counts
    CHECK_FALSE(is_alerts_csv(""));
}

TEST_CASE("quality profile: rule test results -> scores", "[report][quality]") {
    Diagnostics d;
    const auto results = parse_rule_tests_csv("rule,precision,false_positive_rate\n"
                                              "A,0.9,0.1\n"          // 2
                                              "aaaa-2,95%,0%\n"      // 3 by id
                                              "C,1.5,0\n"            // 4 precision out of range
                                              "D,0.5,x\n"            // 5 fpr not a number
                                              "E,1\n",               // 6 too few columns
                                              "q.csv", d);
    REQUIRE(results.size() == 2);
    REQUIRE(count_errors(d) == 3);
    CHECK(d[0].line == 4);
    CHECK(d[1].line == 5);
    CHECK(d[2].line == 6);

    QualityFormula f;
    CHECK(quality_score(results[0], f) == 81);  // round(100 x 0.9 x (1 - 0.1)) = 81
    CHECK(quality_score(results[1], f) == 95);  // round(100 x 0.95 x 1) = 95
    QualityFormula sq;
    sq.precision_exponent = 2;
    CHECK(quality_score(results[0], sq) == 73);  // round(100 x 0.81 x 0.9) = round(72.9) = 73

    const Catalogue cat = report_fixture::catalogue();
    const auto rules = report_fixture::rules();
    ScoreOptions opt;
    opt.profile = ScoreProfile::Quality;
    apply_quality_scores(results, f, opt);
    const ScoreResult s = score_rules(rules, cat, opt);
    auto score = [&](const std::string& id, const std::string& tactic) {
        for (const auto& e : s.entries)
            if (e.technique == id && e.tactic == tactic) return e.score;
        return -1;
    };
    CHECK(score("T1000.001", "execution") == 81);  // A by title
    CHECK(score("T2000", "persistence") == 95);    // B by id aaaa-2
    CHECK(score("T3000", "collection") == 0);      // C untested: 0 (entry kept: the rule exists)

    QualityFormula generous = f;
    generous.untested = 20;
    apply_quality_scores(results, generous, opt);
    CHECK(score_rules(rules, cat, opt).entries.size() == s.entries.size());
    CHECK(rule_score(rules[2], opt) == 20);
    CHECK(rule_score(rules[0], opt) == 81);

    Diagnostics nd;
    const auto bare = parse_rule_tests_csv("A,0.5,0.5\n", "q.csv", nd);  // no header
    REQUIRE(bare.size() == 1);
    CHECK(quality_score(bare[0], f) == 25);
    CHECK(parse_profile("quality") == ScoreProfile::Quality);
    CHECK(std::string(profile_name(ScoreProfile::Quality)) == "quality");
}

// Spreadsheets in locales whose decimal mark is a comma (German, French, ...) export CSV with ';'
// between fields, and "25,5" in them: the report CSVs refused every line of such a file ("expected
// technique,frequency; line skipped"), which the rules CSV importer already read.
TEST_CASE("report CSVs delimited by ';' or a tab, with decimal commas", "[report][csv][bad-input]") {
    const Catalogue cat = report_fixture::catalogue();
    SECTION("the reader takes its delimiter from the first line outside quotes") {
        Diagnostics d;
        auto rows = parse_csv("\xEF\xBB\xBFtechnique;frequency\r\nT1000; \"a;b\" \r\n\"x,y\";2,5\n", "f.csv", d);
        CHECK(d.empty());
        REQUIRE(rows.size() == 3);
        CHECK(rows[0].fields == std::vector<std::string>{"technique", "frequency"});
        CHECK(rows[1].fields == std::vector<std::string>{"T1000", "a;b"});
        CHECK(rows[2].fields == std::vector<std::string>{"x,y", "2,5"});
        rows = parse_csv("technique\tfrequency\n  T1000\t 12 \n", "f.csv", d);
        REQUIRE(rows.size() == 2);
        CHECK(rows[1].fields == std::vector<std::string>{"T1000", "12"});
        // A comma in the first line decides for ',' even when later lines have ';'.
        rows = parse_csv("\"a;1\",b\nc;d,e\n", "f.csv", d);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].fields == std::vector<std::string>{"a;1", "b"});
        CHECK(rows[1].fields == std::vector<std::string>{"c;d", "e"});
    }
    SECTION("frequency: '25,5' is 25.5 in a ';' or tab file, not a number in a ',' file") {
        Diagnostics d;
        FrequencyTable f = parse_frequency_csv("technique;frequency\nT1000;25,5\nT2000;\"12,5%\"\nT3000;40\n", "f.csv", cat, d);
        CHECK(d.empty());
        CHECK(f.percent.at("T1000") == Approx(25.5));
        CHECK(f.percent.at("T2000") == Approx(12.5));
        CHECK(f.percent.at("T3000") == Approx(40));
        f = parse_frequency_csv("technique\tfrequency\nT1000\t7,25\n", "f.csv", cat, d);
        CHECK(d.empty());
        CHECK(f.percent.at("T1000") == Approx(7.25));
        f = parse_frequency_csv("technique,frequency\nT1000,\"25,5\"\n", "f.csv", cat, d);
        CHECK(f.percent.count("T1000") == 0);
        REQUIRE(d.size() == 1);
        CHECK(d[0].message.find("is not a number") != std::string::npos);
        d.clear();
        // One comma only, and no point with it: "1,000.5" and "1,2,3" stay refused.
        f = parse_frequency_csv("technique;frequency\nT1000;1,000.5\nT2000;1,2,3\n", "f.csv", cat, d);
        CHECK(f.percent.empty());
        CHECK(d.size() == 2);
    }
    SECTION("rule test results and targets") {
        Diagnostics d;
        const auto tests = parse_rule_tests_csv("rule;precision;false_positive_rate\nr1;0,9;5%\nr2;\"0,5\";0,01\n", "q.csv", d);
        CHECK(d.empty());
        REQUIRE(tests.size() == 2);
        CHECK(tests[0].precision == Approx(0.9));
        CHECK(tests[0].false_positive_rate == Approx(0.05));
        CHECK(tests[1].precision == Approx(0.5));
        CHECK(tests[1].false_positive_rate == Approx(0.01));
        std::vector<Target> targets;
        REQUIRE(read_targets("technique;min_score\nT1000;50\nT2000\n", "t.csv", cat, 1, targets, d));
        CHECK(d.empty());
        REQUIRE(targets.size() == 2);
        CHECK(targets[0].technique == "T1000");
        CHECK(targets[0].min_score == 50);
        CHECK(targets[1].min_score == 1);
    }
    SECTION("alerts: the header is found in a ';' file") {
        CHECK(is_alerts_csv("rule;event_time;detection_time\nr1;2026-03-02T10:00Z;2026-03-02T10:05Z\n"));
        Diagnostics d;
        const auto alerts = parse_alerts_csv("rule;event_time;detection_time\nr1;2026-03-02T10:00Z;2026-03-02T10:05Z\n", "a.csv", d);
        CHECK(d.empty());
        REQUIRE(alerts.size() == 1);
        CHECK(alerts[0].detection_time - alerts[0].event_time == Approx(300));
    }
}
