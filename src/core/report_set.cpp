// report_set.cpp — compute_report_set(): every report on one coverage in the order `layer --report`
// has always made them (KPIs, gaps, trend, latency, board; the diff, baseline, targets and the
// threat selection's coverage when given), and their JSON joined as one object. See report.hpp.
#include "report.hpp"
#include "threats.hpp"

namespace sh {

ReportSet compute_report_set(const ReportInputs& in, const Catalogue& cat) {
    ReportSet r;
    r.from_rules = in.rules != nullptr;
    static const ScoreResult kNoScores;
    static const std::vector<Rule> kNoRules;
    const ScoreResult& scores = in.scores ? *in.scores : kNoScores;
    const std::vector<Rule>& rules = in.rules ? *in.rules : kNoRules;
    r.current = coverage_from_scores(scores, in.name, in.date);  // as of today, not the quarter its name says
    r.kpis = compute_kpis(rules, scores, cat, in.kpi);
    GapOptions go;
    go.threshold = in.kpi.threshold;
    go.top = in.top;
    go.subtechniques = in.gap_subtechniques;
    go.platforms = in.kpi.platforms;
    go.weights = in.weights;
    r.weights = in.weights;
    ThreatOptions to;
    to.threshold = in.kpi.threshold;
    to.platforms = in.kpi.platforms;
    to.top = in.top;
    to.weights = in.weights;
    r.threats = compute_threat_coverage(r.current, cat, in.threats, to);
    // Frequency: the given table (a CSV), else the selected threats' share, else ATT&CK groups'.
    const FrequencyTable* frequency = in.frequency ? in.frequency : r.threats.empty() ? nullptr : &r.threats.frequency;
    r.gaps = prioritise_gaps(r.current, cat, go, frequency);
    if (in.trend) {
        r.trend = *in.trend;
    } else {
        r.trend = compute_trend(in.history, r.current, cat, in.kpi);
    }
    if (in.alerts && in.rules) {
        Diagnostics ld;
        r.latency = detection_latency(*in.alerts, rules, scores, cat, ld);
        for (auto& d : ld) d.file = in.alerts_file;
        r.diagnostics.insert(r.diagnostics.end(), ld.begin(), ld.end());
    }
    r.board = build_board(r.current.name, r.kpis, r.gaps, r.trend, cat, r.latency ? &*r.latency : nullptr,
                          in.rules != nullptr);
    r.board.threats = board_threats(r.threats, rank_threats(r.current, cat, to, ThreatRankingOptions{}));
    if (in.previous) r.diff = diff_coverage(*in.previous, r.current, &cat, in.diff);
    if (in.baseline) r.baseline = compare_baseline(r.current, *in.baseline, cat, &r.diagnostics);
    if (in.targets) r.targets = check_targets(r.current, *in.targets, cat);
    return r;
}

std::string report_set_json(const ReportSet& r) {
    // The parts are the core's JSON texts, joined as one object.
    std::string out = "{\n\"kpis\": " + kpis_to_json(r.kpis) + ",\n\"gaps\": " + gaps_to_json(r.gaps, r.weights);
    if (r.diff) out += ",\n\"diff\": " + diff_to_json(*r.diff);
    if (r.baseline) out += ",\n\"baseline\": " + baseline_to_json(*r.baseline);
    if (r.targets) out += ",\n\"targets\": " + targets_to_json(*r.targets);
    if (r.latency) out += ",\n\"latency\": " + latency_to_json(*r.latency);
    if (!r.threats.empty()) out += ",\n\"threats\": " + threat_coverage_to_json(r.threats);
    out += ",\n\"trend\": " + trend_to_json(r.trend);
    out += ",\n\"board\": " + board_to_json(r.board) + "}\n";
    return out;
}

}  // namespace sh
