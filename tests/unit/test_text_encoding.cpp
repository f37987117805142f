// test_text_encoding.cpp — every reader of outside text takes UTF-16 and UTF-32 as it takes the same
// text in UTF-8 (Windows PowerShell's `>` and Out-File, Excel's "Unicode Text" and Notepad's
// "Unicode" write UTF-16; a browser's FileReader and so the Navigator read it by its BOM): the
// same result and the same diagnostics at the same lines and columns, with or without a BOM; a
// file that is not valid UTF-16 is an error naming where. The encoder is the tests' own
// (test_support.hpp), not the core's decoder.
#include <functional>
#include <string>
#include <vector>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/import_csv.hpp"
#include "core/layer.hpp"
#include "core/report.hpp"
#include "test_report_fixture.hpp"
#include "test_support.hpp"

using namespace sh;

namespace {

std::string diagnostics_text(const Diagnostics& ds) {
    std::string s;
    for (const auto& d : ds)
        s += std::to_string(int(d.severity)) + " " + std::to_string(d.line) + ":" + std::to_string(d.column) + " " +
             d.message + "\n";
    return s;
}

struct Reader {
    const char* name;
    std::string utf8;                                  // a text with a diagnostic on a later line
    std::function<std::string(std::string_view)> read;  // what was read, and the diagnostics
};

}  // namespace

TEST_CASE("UTF-16 and UTF-32 inputs read as their UTF-8 text does, in every reader", "[encoding]") {
    const Catalogue cat = report_fixture::catalogue();
    const std::string cafe = "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x8D";  // 2-, 3- and 4-byte characters
    const std::vector<Reader> readers = {
        {"layer",
         "{\"name\": \"" + cafe + "\", \"versions\": {\"layer\": \"4.5\"}, \"domain\": \"enterprise-attack\",\n"
         " \"techniques\": [{\"techniqueID\": \"T1000\", \"tactic\": \"execution\", \"score\": 80},\n"
         "  {\"techniqueID\": \"T2000\", \"score\": \"high\"}]}\n",
         [](std::string_view t) {
             Layer l;
             Diagnostics d;
             const bool ok = read_layer(t, "l.json", l, d);
             std::string s = std::to_string(ok) + " " + l.name + " " + std::to_string(l.techniques.size());
             for (const auto& e : l.techniques) s += " " + e.technique + "=" + std::to_string(e.score.value_or(-1));
             return s + "\n" + diagnostics_text(d);
         }},
        {"targets list",
         "technique,min_score\nT1000,50\nT9,1\nT3000\n",
         [&](std::string_view t) {
             std::vector<Target> out;
             Diagnostics d;
             const bool ok = read_targets(t, "t.csv", cat, 1, out, d);
             std::string s = std::to_string(ok);
             for (const auto& x : out) s += " " + x.technique + ">=" + std::to_string(x.min_score) + "@" + std::to_string(x.line);
             return s + "\n" + diagnostics_text(d);
         }},
        {"frequency CSV",
         "technique,frequency\nT1000,12.5\nT3000,abc\nT2000,40%\n",
         [&](std::string_view t) {
             Diagnostics d;
             const FrequencyTable f = parse_frequency_csv(t, "f.csv", cat, d);
             std::string s;
             for (const auto& [id, p] : f.percent) s += " " + id + "=" + std::to_string(p);
             return s + "\n" + diagnostics_text(d);
         }},
        {"alerts CSV",
         "rule,event_time,detection_time\n" + cafe + ",2026-01-01T00:00:00Z,2026-01-01T00:10:00Z\nB,never,2026-01-01\n",
         [](std::string_view t) {
             Diagnostics d;
             std::string s = is_alerts_csv(t) ? "alerts" : "not alerts";
             for (const auto& a : parse_alerts_csv(t, "a.csv", d))
                 s += " " + a.rule + "=" + std::to_string(a.detection_time - a.event_time) + "@" + std::to_string(a.line);
             return s + "\n" + diagnostics_text(d);
         }},
        {"rule tests CSV",
         "rule,precision,false_positive_rate\n" + cafe + ",0.9,5%\nB,2,0\n",
         [](std::string_view t) {
             Diagnostics d;
             std::string s;
             for (const auto& r : parse_rule_tests_csv(t, "q.csv", d))
                 s += " " + r.rule + "=" + std::to_string(r.precision) + "/" + std::to_string(r.false_positive_rate);
             return s + "\n" + diagnostics_text(d);
         }},
        {"weights YAML",
         "# " + cafe + "\nimpact_weight: 12\nthreat_weight: lots\n",
         [](std::string_view t) {
             Diagnostics d;
             PriorityWeights w;
             const bool ok = parse_weights_yaml(t, "w.yml", w, nullptr, d);
             return std::to_string(ok) + " " + std::to_string(w.impact_weight) + " " + std::to_string(w.threat_weight) + "\n" +
                    diagnostics_text(d);
         }},
        {"rules CSV",
         "title,attack_id,level,status\n" + cafe + ",T1059.001,high,stable\nBad,T1,high,stable\n",
         [](std::string_view t) {
             LoadResult r;
             load_rules_from_csv(t, "r.csv", r);
             std::string s;
             for (const auto& x : r.rules) s += " " + x.title + "=" + std::to_string(x.tags.size());
             return s + "\n" + diagnostics_text(r.diagnostics);
         }},
        {"history trend",
         "{\"format\": \"sigma-heatmap-history\", \"repository\": \"" + cafe + "\",\n \"kpiThreshold\": \"x\",\n"
         " \"points\": [{\"date\": \"2024-01-07\"}], \"platforms\": [\"Linux\"]}\n",
         [](std::string_view t) {
             Diagnostics d;
             HistoryReport h;
             const bool ok = read_history_json(t, "h.json", h, d);
             return std::to_string(looks_like_history_json(t)) + std::to_string(ok) + " " + (ok ? history_to_json(h) : "") +
                    "\n" + diagnostics_text(d);
         }},
    };
    for (const auto& r : readers) {
        INFO(r.name);
        const std::string want = r.read(r.utf8);
        CHECK(want.find('\n') + 1 < want.size());  // each text has a diagnostic to keep in place
        const std::pair<const char*, std::string> encoded[] = {
            {"UTF-16LE with BOM", test::encode_utf16(r.utf8, false, true)},
            {"UTF-16LE", test::encode_utf16(r.utf8, false, false)},
            {"UTF-16BE with BOM", test::encode_utf16(r.utf8, true, true)},
            {"UTF-16BE", test::encode_utf16(r.utf8, true, false)},
            {"UTF-32LE with BOM", test::encode_utf32(r.utf8, false, true)},
            {"UTF-32BE", test::encode_utf32(r.utf8, true, false)},
            {"UTF-8 with BOM", "\xEF\xBB\xBF" + r.utf8},
        };
        for (const auto& [how, bytes] : encoded) {
            INFO(how);
            CHECK(r.read(bytes) == want);
        }
    }
}

TEST_CASE("a file that is not valid UTF-16 is an error naming the line, in every reader", "[encoding]") {
    const Catalogue cat = report_fixture::catalogue();
    // "T1000\n" then an unpaired high surrogate on line 2, as UTF-16LE with its BOM.
    const std::string bad = test::encode_utf16("T1000\nT3000", false, true) + std::string("\x00\xD8", 2);
    auto check_error = [](const Diagnostics& d, const std::string& words) {
        INFO(diagnostics_text(d));
        REQUIRE(d.size() == 1);
        CHECK(d[0].severity == Severity::Error);
        CHECK(d[0].line == 2);
        CHECK(d[0].message.find(words) != std::string::npos);
        CHECK(d[0].message.find("UTF-16LE text with an unpaired surrogate 0xD800") != std::string::npos);
    };
    Diagnostics d;
    std::vector<Target> targets;
    CHECK_FALSE(read_targets(bad, "t.csv", cat, 1, targets, d));
    check_error(d, "file not read");
    d.clear();
    CHECK(parse_frequency_csv(bad, "f.csv", cat, d).percent.empty());
    check_error(d, "file not read");
    d.clear();
    Layer l;
    CHECK_FALSE(read_layer(bad, "l.json", l, d));
    check_error(d, "not a Navigator layer: ");
    d.clear();
    HistoryReport h;
    CHECK_FALSE(read_history_json(bad, "h.json", h, d));
    check_error(d, "not a history trend: ");
    d.clear();
    PriorityWeights w;
    CHECK_FALSE(parse_weights_yaml(bad, "w.yml", w, nullptr, d));
    check_error(d, "not valid YAML: ");
    LoadResult r;
    load_rules_from_csv(bad, "r.csv", r);
    CHECK(r.rules.empty());
    check_error(r.diagnostics, "file skipped");
    d.clear();
    Catalogue c;
    CHECK_FALSE(catalogue_from_json(bad, c, d));
    REQUIRE_FALSE(d.empty());
    CHECK(d[0].message.find("UTF-16LE text with an unpaired surrogate 0xD800") != std::string::npos);
}
