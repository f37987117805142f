// harness_reports.cpp — report inputs: the frequency CSV, the SIEM alerts CSV, the rule test-results
// CSV and the weights YAML, each carried on to what the reports compute from it.
#include <cmath>

#include "checks.hpp"
#include "core/catalogue.hpp"
#include "core/report.hpp"

namespace fuzz {

int frequency_csv(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    const sh::Catalogue& cat = sh::default_catalogue();
    sh::Diagnostics d;
    const sh::FrequencyTable t = sh::parse_frequency_csv(text, "fuzz.csv", cat, d);
    check_diagnostics(d, 0, "fuzz.csv");
    for (const auto& [id, pct] : t.percent) check(pct >= 0 && pct <= 100, "a frequency outside 0..100");
    sh::GapOptions o;
    o.top = 0;
    for (const auto& g : sh::prioritise_gaps(sh::Coverage{}, cat, o, &t))
        check(std::isfinite(g.priority), "a gap priority that is not a number");
    return 0;
}

int alerts_csv(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    sh::Diagnostics d;
    const auto alerts = sh::parse_alerts_csv(text, "fuzz.csv", d);
    check_diagnostics(d, 0, "fuzz.csv");
    (void)sh::is_alerts_csv(text);
    for (const auto& a : alerts)
        check(std::isfinite(a.event_time) && std::isfinite(a.detection_time) && !a.rule.empty(), "an unusable alert");
    // Matched against one rule named like the first alert's, placed on one technique.
    std::vector<sh::Rule> rules(1);
    rules[0].title = alerts.empty() ? std::string("x") : alerts[0].rule;
    rules[0].tags = {"attack.t1059.001"};
    rules[0].tag_lines = {1};
    const sh::ScoreResult s = sh::score_rules(rules, sh::default_catalogue(), sh::ScoreOptions{});
    sh::Diagnostics ld;
    const sh::LatencyReport r = sh::detection_latency(alerts, rules, s, sh::default_catalogue(), ld);
    check_diagnostics(ld, 0, "", kMaxDiagnosticsPerReader, true);
    check(r.overall.alerts + r.unmatched + r.negative == static_cast<int>(alerts.size()), "alerts lost in the count");
    check(r.overall.median_seconds >= 0, "a negative median latency");
    (void)sh::format_duration(r.overall.median_seconds);
    return 0;
}

int quality_csv(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    sh::Diagnostics d;
    const auto results = sh::parse_rule_tests_csv(text, "fuzz.csv", d);
    check_diagnostics(d, 0, "fuzz.csv");
    const sh::QualityFormula f;
    for (const auto& r : results) {
        check(r.precision >= 0 && r.precision <= 1 && r.false_positive_rate >= 0 && r.false_positive_rate <= 1,
              "a fraction outside 0..1");
        const int q = sh::quality_score(r, f);
        check(q >= 0 && q <= 100, "a quality score outside 0..scale");
    }
    return 0;
}

int weights(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    sh::PriorityWeights w;
    sh::QualityFormula q;
    sh::Diagnostics d;
    const bool ok = sh::parse_weights_yaml(text, "fuzz.yml", w, &q, d);
    check_diagnostics(d, 0, "fuzz.yml");
    if (!ok) return 0;
    check(w.coverage_divisor > 0, "a coverage divisor <= 0 accepted");
    for (double v : {w.impact_weight, w.threat_weight, w.coverage_divisor, w.unknown_tactic_criticality, q.scale,
                     q.precision_exponent, q.fpr_exponent})
        check(std::isfinite(v) && v >= 0 && v <= 1e6, "a weight out of range accepted");
    for (const auto& [name, c] : w.tactic_criticality) check(std::isfinite(c) && c >= 0 && c <= 1e6, "a criticality out of range");
    // The weights as the gaps report uses them: every priority a finite number.
    sh::GapOptions o;
    o.top = 0;
    o.weights = w;
    for (const auto& g : sh::prioritise_gaps(sh::Coverage{}, sh::default_catalogue(), o))
        check(std::isfinite(g.priority), "a gap priority that is not a number");
    sh::RuleTestResult r;
    r.precision = 0.9;
    r.false_positive_rate = 0.1;
    const int score = sh::quality_score(r, q);
    check(score >= 0 && score <= 1000000, "a quality score out of range");
    return 0;
}

}  // namespace fuzz
