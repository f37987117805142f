// report_json.cpp — one JSON form of each report result. The CLI writes these (`layer --report`,
// `diff --json`, `gaps --json`) and the page's summary() exposes the same texts parsed, so both front
// ends say the same thing on the same inputs. Percentages and terms are rounded to 2 decimals.
#include <cmath>
#include <nlohmann/json.hpp>

#include "report.hpp"
#include "report_internal.hpp"

namespace sh {

using ojson = nlohmann::ordered_json;

namespace report_detail {

double r2(double v) {
    const double r = std::round(v * 100.0) / 100.0;
    return r == 0 ? 0.0 : r;  // no -0
}

ojson gap_json(const GapRow& r) {
    return ojson{{"rank", r.rank},
                 {"technique", r.technique},
                 {"name", r.name},
                 {"tactic", r.tactic},
                 {"score", r.score},
                 {"criticality", r2(r.criticality)},
                 {"frequency", r2(r.frequency)},
                 {"frequencySource", r.frequency_source},
                 {"impactTerm", r2(r.impact_term)},
                 {"threatTerm", r2(r.threat_term)},
                 {"coverageTerm", r2(r.coverage_term)},
                 {"priority", r2(r.priority)}};
}

ojson count_json(const CoverageCount& c) {
    return ojson{{"total", c.total},
                 {"covered", c.covered},
                 {"atThreshold", c.at_threshold},
                 {"coveredPct", r2(c.covered_pct())},
                 {"thresholdPct", r2(c.threshold_pct())}};
}

ojson change_json(const TechniqueChange& t) {
    return ojson{{"technique", t.technique}, {"name", t.name}, {"tactics", t.tactics},
                 {"before", t.before},       {"after", t.after}, {"delta", t.delta()}};
}

ojson changes_json(const std::vector<TechniqueChange>& v) {
    ojson a = ojson::array();
    for (const auto& t : v) a.push_back(change_json(t));
    return a;
}

ojson trend_json(const Trend& t) {
    ojson points = ojson::array();
    for (const auto& p : t.points) {
        ojson tac = ojson::array();
        for (double v : p.tactic_pct) tac.push_back(r2(v));
        points.push_back(ojson{{"name", p.name},
                               {"source", p.source},
                               {"date", p.date},
                               {"coveredPct", r2(p.covered_pct)},
                               {"thresholdPct", r2(p.threshold_pct)},
                               {"allCoveredPct", r2(p.all_covered_pct)},
                               {"allThresholdPct", r2(p.all_threshold_pct)},
                               {"tacticPct", std::move(tac)}});
    }
    return ojson{{"threshold", t.threshold}, {"byDate", t.by_date}, {"tactics", t.tactics}, {"points", std::move(points)}};
}

}  // namespace report_detail

using namespace report_detail;

namespace {

std::string dump(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n"; }

ojson stat_json(const LatencyStat& s) {
    return ojson{{"key", s.key}, {"name", s.name}, {"alerts", s.alerts}, {"medianSeconds", r2(s.median_seconds)}};
}

}  // namespace

std::string kpis_to_json(const Kpis& k) {
    ojson tactics = ojson::array();
    for (const auto& t : k.tactics)
        tactics.push_back(ojson{{"tactic", t.tactic},
                                {"id", t.id},
                                {"name", t.name},
                                {"techniques", count_json(t.techniques)},
                                {"all", count_json(t.all)}});
    ojson levels = ojson::object(), statuses = ojson::object();
    for (int i = 0; i < 6; ++i) {
        levels[i == 0 ? "none" : level_name(static_cast<Level>(i - 1))] = k.rules_by_level[i];
        statuses[i == 0 ? "none" : status_name(static_cast<Status>(i - 1))] = k.rules_by_status[i];
    }
    ojson fragile = ojson::array();
    for (const auto& f : k.fragile)
        fragile.push_back(ojson{{"technique", f.technique}, {"name", f.name}, {"score", f.score},
                                {"rules", f.rules.size()}});
    return dump(ojson{{"threshold", k.threshold},
                      {"platforms", k.platforms},
                      {"techniques", count_json(k.techniques)},
                      {"all", count_json(k.all)},
                      {"tactics", std::move(tactics)},
                      {"rules", ojson{{"total", k.rules_total},
                                      {"scored", k.rules_scored},
                                      {"withTechniques", k.rules_with_techniques},
                                      {"byLevel", std::move(levels)},
                                      {"byStatus", std::move(statuses)}}},
                      {"fragile", std::move(fragile)}});
}

std::string gaps_to_json(const std::vector<GapRow>& rows, const PriorityWeights& w) {
    ojson a = ojson::array();
    for (const auto& r : rows) a.push_back(gap_json(r));
    return dump(ojson{{"formula", "priority = impactWeight * criticality + threatWeight * frequency - score / coverageDivisor"},
                      {"impactWeight", w.impact_weight},
                      {"threatWeight", w.threat_weight},
                      {"coverageDivisor", w.coverage_divisor},
                      {"rows", std::move(a)}});
}

std::string diff_to_json(const LayerDiff& d) {
    ojson changes = ojson::array();
    for (const auto& c : d.changes)
        changes.push_back(ojson{{"technique", c.technique}, {"tactic", c.tactic}, {"name", c.name},
                                {"before", c.before},       {"after", c.after},   {"delta", c.delta()}});
    ojson new_gaps = changes_json(d.dropped_below);
    for (const auto& t : d.lost) new_gaps.push_back(change_json(t));
    ojson j{{"previous", d.previous_name},
            {"current", d.current_name},
            {"threshold", d.threshold},
            {"alert", alert_headline(d)},
            {"newGaps", std::move(new_gaps)},
            {"droppedBelow", changes_json(d.dropped_below)},
            {"lost", changes_json(d.lost)},
            {"closedGaps", changes_json(d.closed_gaps)},
            {"techniques", changes_json(d.techniques)},
            {"changes", std::move(changes)},
            {"maxAbsDelta", d.max_abs_delta}};
    if (!d.platforms.empty()) j["platforms"] = d.platforms;  // under a platform filter only (else as before)
    return dump(j);
}

std::string baseline_to_json(const BaselineComparison& b) {
    auto rows = [](const std::vector<BaselineRow>& v) {
        ojson a = ojson::array();
        for (const auto& r : v)
            a.push_back(ojson{{"technique", r.technique}, {"name", r.name}, {"ours", r.ours}, {"reference", r.reference}});
        return a;
    };
    return dump(ojson{{"reference", b.reference_name}, {"missing", rows(b.missing)}, {"ahead", rows(b.ahead)}, {"both", b.both}});
}

std::string targets_to_json(const TargetReport& t) {
    ojson rows = ojson::array();
    for (const auto& r : t.rows)
        rows.push_back(ojson{{"technique", r.technique}, {"name", r.name}, {"score", r.score},
                             {"minScore", r.min_score}, {"met", r.met}});
    return dump(ojson{{"met", t.met}, {"notMet", t.not_met}, {"rows", std::move(rows)}});
}

std::string trend_to_json(const Trend& t) { return dump(trend_json(t)); }

std::string latency_to_json(const LatencyReport& l) {
    ojson tactics = ojson::array(), techniques = ojson::array();
    for (const auto& s : l.tactics) tactics.push_back(stat_json(s));
    for (const auto& s : l.techniques) techniques.push_back(stat_json(s));
    return dump(ojson{{"overall", stat_json(l.overall)},
                      {"tactics", std::move(tactics)},
                      {"techniques", std::move(techniques)},
                      {"unmatched", l.unmatched},
                      {"negative", l.negative}});
}

std::string board_to_json(const BoardSummary& b) {
    ojson tiles = ojson::array(), bars = ojson::array(), gaps = ojson::array();
    for (const auto& t : b.tiles)
        tiles.push_back(ojson{{"label", t.label}, {"value", t.value}, {"detail", t.detail}, {"percent", r2(t.percent)}});
    for (const auto& t : b.tactic_bars)
        bars.push_back(ojson{{"tactic", t.tactic},
                             {"name", t.name},
                             {"coveredPct", r2(t.covered_pct)},
                             {"thresholdPct", r2(t.threshold_pct)},
                             {"covered", t.covered},
                             {"atThreshold", t.at_threshold},
                             {"total", t.total}});
    for (const auto& g : b.top_gaps) gaps.push_back(gap_json(g));
    ojson board{{"title", b.title},
                {"subtitle", b.subtitle},
                {"tiles", std::move(tiles)},
                {"tacticBars", std::move(bars)},
                {"topGaps", std::move(gaps)},
                {"trend", trend_json(b.trend)}};
    // Only with threat data, so boards from catalogues without threats keep their form.
    if (!b.threats.lines.empty() || !b.threats.weakest.rows.empty())
        board["threats"] = report_detail::board_threats_json(b.threats);
    return dump(board);
}

}  // namespace sh
