// reports.cpp — the page's side of issue 4's reports: reading the previous layer, history layers,
// the frequency CSV, the SIEM alerts CSV, a baseline layer and targets into AppState, and
// recomputing Reports (KPIs, top gaps, trend, board, diff, the diff layer, latency, baseline,
// targets, the threat section and the core's JSON/CSV texts) when their inputs change. Every number comes from
// core/report.hpp, called exactly as the CLI's `layer --report` calls it, so both agree.
#include <algorithm>
#include <chrono>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "core/layer_scores.hpp"

namespace app {

namespace {

// Drops the diagnostics an earlier version of this file left.
void forget_diagnostics(AppState& s, const std::string& file) {
    auto& d = s.report_diagnostics;
    d.erase(std::remove_if(d.begin(), d.end(), [&](const sh::Diagnostic& x) { return x.file == file; }), d.end());
}

bool read_coverage(AppState& s, const InputFile& f, sh::Coverage& out, std::string* error) {
    forget_diagnostics(s, f.name);
    sh::Diagnostics diags;
    const bool ok = s.catalogue && sh::coverage_from_layer_text(f.text, f.name, s.catalogue, out, diags);
    if (!ok && error) {
        *error = f.name + ": not an ATT&CK Navigator layer";
        for (const auto& d : diags)
            if (d.severity == sh::Severity::Error) {
                *error = sh::format_diagnostic(d);
                break;
            }
    }
    for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
    return ok;
}

}  // namespace

namespace {

// The files held for the reports (previous layer, history, frequency, alerts, baseline, targets).
std::vector<const std::string*> held_files(const AppState& s) {
    std::vector<const std::string*> held;
    if (s.has_previous) held.push_back(&s.previous.file);
    for (const auto& h : s.history) held.push_back(&h.file);
    if (s.has_history_trend) held.push_back(&s.history_trend.file);
    if (!s.report.frequency_file.empty()) held.push_back(&s.report.frequency_file);
    if (s.has_alerts) held.push_back(&s.alerts.file);
    if (s.has_baseline) held.push_back(&s.baseline.file);
    if (s.has_targets) held.push_back(&s.targets.name);
    return held;
}

}  // namespace

void forget_imported_diagnostics(AppState& s) {
    if (s.source == ScoreSource::Rules || s.imported_file.empty()) return;
    const auto held = held_files(s);
    if (std::none_of(held.begin(), held.end(), [&](const std::string* f) { return *f == s.imported_file; }))
        forget_diagnostics(s, s.imported_file);
}

void forget_unheld_report_diagnostics(AppState& s) {
    const auto held = held_files(s);
    auto& d = s.report_diagnostics;
    d.erase(std::remove_if(d.begin(), d.end(), [&](const sh::Diagnostic& x) {
                return std::none_of(held.begin(), held.end(), [&](const std::string* f) { return *f == x.file; });
            }),
            d.end());
}

std::string set_previous_layer(AppState& s, const InputFile& f) {
    std::string error;
    sh::Coverage c;
    if (!read_coverage(s, f, c, &error)) return error;
    sh::warn_uncharted_entries(c, *s.catalogue, s.report_diagnostics);  // the diff compares them as written
    if (s.has_previous && s.previous.file != f.name) forget_diagnostics(s, s.previous.file);
    s.previous = {f.name, std::move(c), f.text};
    s.has_previous = true;
    ++s.inputs_revision;
    s.reports.dirty = true;
    s.status = "Previous layer: " + f.name;
    return "";
}

void clear_previous_layer(AppState& s) {
    if (s.has_previous) forget_diagnostics(s, s.previous.file);
    s.has_previous = false;
    s.previous = {};
    s.reports.dirty = true;
    ++s.inputs_revision;
}

int add_history_layers(AppState& s, const std::vector<InputFile>& files) {
    int added = 0;
    std::string trend_status;
    for (const auto& f : files) {
        if (sh::looks_like_history_json(f.text)) {
            forget_diagnostics(s, f.name);
            sh::Diagnostics diags;
            sh::HistoryReport h;
            const bool ok = sh::read_history_json(f.text, f.name, h, diags);
            for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
            if (ok) {
                if (s.has_history_trend && s.history_trend.file != f.name) forget_diagnostics(s, s.history_trend.file);
                trend_status = "History trend " + f.name + ": " + std::to_string(h.points.size()) + " point" +
                               (h.points.size() == 1 ? "" : "s") + (h.points.empty() ? "" : " from " + h.points.front().date + " to " + h.points.back().date);
                s.history_trend = {f.name, std::move(h), f.text, {}};
                const auto& diffs = s.history_trend.report.diffs;
                for (std::size_t i = diffs.size(); i-- > 0;) {
                    std::string text = sh::history_alert_text(diffs[i]);
                    if (!text.empty()) s.history_trend.alert_texts.push_back(std::move(text));
                }
                s.has_history_trend = true;
                ++added;
                continue;
            }
        }
        sh::Coverage c;
        std::string error;
        if (!read_coverage(s, f, c, &error)) continue;
        auto same = [&](const CoverageFile& h) { return h.file == f.name; };
        s.history.erase(std::remove_if(s.history.begin(), s.history.end(), same), s.history.end());
        s.history.push_back({f.name, std::move(c), f.text});
        ++added;
    }
    s.reports.dirty = true;
    if (added > 0) ++s.inputs_revision;
    if (!files.empty()) {
        const int layers = added - (trend_status.empty() ? 0 : 1);
        s.status = trend_status;
        if (layers > 0 || trend_status.empty())
            s.status += (trend_status.empty() ? "" : "; ") + std::to_string(layers) + " history layer" + (layers == 1 ? "" : "s") + " added";
        if (added < int(files.size()))
            s.status += " (" + std::to_string(int(files.size()) - added) + " neither layers nor trends: see Problems)";
    }
    return added;
}

void clear_history(AppState& s) {
    for (const auto& h : s.history) forget_diagnostics(s, h.file);
    s.history.clear();
    if (s.has_history_trend) forget_diagnostics(s, s.history_trend.file);
    s.has_history_trend = false;
    s.history_trend = {};
    s.reports.dirty = true;
    ++s.inputs_revision;
}

std::string set_frequency_csv(AppState& s, const InputFile& f) {
    forget_diagnostics(s, s.report.frequency_file);
    forget_diagnostics(s, f.name);
    sh::Diagnostics diags;
    sh::FrequencyTable t = sh::parse_frequency_csv(f.text, f.name, *s.catalogue, diags);
    std::string error;
    for (const auto& d : diags)
        if (d.severity == sh::Severity::Error && error.empty()) error = sh::format_diagnostic(d);
    for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
    if (t.percent.empty()) return error.empty() ? f.name + ": no technique frequencies in it" : error;
    s.report.frequency = std::move(t);
    s.report.frequency_file = f.name;
    s.report.frequency_text = f.text;
    s.reports.dirty = true;
    ++s.inputs_revision;
    s.status = "Frequencies from " + f.name;
    return error;
}

void clear_frequency(AppState& s) {
    forget_diagnostics(s, s.report.frequency_file);
    s.report.frequency = {};
    s.report.frequency_file.clear();
    s.report.frequency_text.clear();
    s.reports.dirty = true;
    ++s.inputs_revision;
}

std::string set_alerts_csv(AppState& s, const InputFile& f) {
    if (s.has_alerts) forget_diagnostics(s, s.alerts.file);
    forget_diagnostics(s, f.name);
    AlertsFile a;
    a.file = f.name;
    a.text = f.text;
    a.alerts = sh::parse_alerts_csv(f.text, f.name, a.diagnostics);
    ++s.inputs_revision;  // set, or cleared when it holds no alerts
    std::string error;
    for (const auto& d : a.diagnostics)
        if (d.severity == sh::Severity::Error && error.empty()) error = sh::format_diagnostic(d);
    for (const auto& d : a.diagnostics) s.report_diagnostics.push_back(d);
    if (a.alerts.empty()) {
        s.has_alerts = false;
        s.alerts = {};
        s.reports.dirty = true;
        return error.empty() ? f.name + ": no alerts in it" : error;
    }
    s.alerts = std::move(a);
    s.has_alerts = true;
    s.reports.dirty = true;
    s.status = "Alerts from " + f.name + " (" + std::to_string(s.alerts.alerts.size()) + ")";
    return "";  // rows with errors are skipped, as the CLI does; they are under Problems
}

void clear_alerts(AppState& s) {
    if (s.has_alerts) forget_diagnostics(s, s.alerts.file);
    s.has_alerts = false;
    s.alerts = {};
    s.reports.dirty = true;
    ++s.inputs_revision;
}

std::string set_baseline_layer(AppState& s, const InputFile& f) {
    std::string error;
    sh::Coverage c;
    if (!read_coverage(s, f, c, &error)) return error;
    if (s.has_baseline && s.baseline.file != f.name) forget_diagnostics(s, s.baseline.file);
    s.baseline = {f.name, std::move(c), f.text};
    s.has_baseline = true;
    ++s.inputs_revision;
    s.reports.dirty = true;
    s.status = "Baseline layer: " + f.name;
    return "";
}

void clear_baseline(AppState& s) {
    if (s.has_baseline) forget_diagnostics(s, s.baseline.file);
    s.has_baseline = false;
    s.baseline = {};
    s.reports.dirty = true;
    ++s.inputs_revision;
}

std::string set_targets(AppState& s, const InputFile& f) {
    if (!s.catalogue) return "no ATT&CK catalogue";
    std::vector<sh::Target> targets;
    sh::Diagnostics diags;
    const bool ok = sh::read_targets(f.text, f.name, *s.catalogue, s.report.target_score, targets, diags);
    std::string error;
    for (const auto& d : diags)
        if (d.severity == sh::Severity::Error && error.empty()) error = sh::format_diagnostic(d);
    if (!ok || targets.empty()) {
        forget_diagnostics(s, f.name);
        for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
        if (!ok) return error.empty() ? f.name + ": not an ATT&CK Navigator layer" : error;
        return error.empty() ? f.name + ": no technique ids in it" : error;
    }
    if (s.has_targets) forget_diagnostics(s, s.targets.name);
    s.targets = f;
    s.has_targets = true;
    ++s.inputs_revision;
    s.reports.dirty = true;  // parsed again there (with the target score), diagnostics included
    s.status = "Targets from " + f.name + " (" + std::to_string(targets.size()) + ")";
    return "";
}

void clear_targets(AppState& s) {
    if (s.has_targets) forget_diagnostics(s, s.targets.name);
    s.has_targets = false;
    s.targets = {};
    s.reports.dirty = true;
    ++s.inputs_revision;
}

void add_dropped_layers(AppState& s, std::vector<InputFile> files) {
    // Only what reads as a Navigator layer is offered as one; an empty or broken .json is a
    // problem of that file, said once, not "1 ATT&CK Navigator layer dropped".
    for (auto& f : files) {
        sh::Coverage c;
        std::string error;
        if (!read_coverage(s, f, c, &error)) {
            post_message(s, MessageKind::Error, error);
            continue;
        }
        forget_diagnostics(s, f.name);  // its warnings come back when it is used
        s.pending_layers.files.push_back(std::move(f));
    }
    if (!s.pending_layers.files.empty()) s.pending_layers.open_popup = true;
}

void reset_weights(AppState& s) {
    s.report.weights = sh::PriorityWeights{};
    if (s.catalogue)
        s.report.weights.tactic_criticality =
            sh::default_tactic_criticality(*s.catalogue, s.report.weights.unknown_tactic_criticality);
    s.reports.dirty = true;
}

std::string report_file_name(const AppState& s, const char* suffix) {
    std::string stem = download_file_name(s);  // "<name>.json", unsafe characters replaced
    stem.resize(stem.size() - 5);
    return stem + suffix;
}

void update_reports(AppState& s) {
    update(s);
    Reports& r = s.reports;
    if (!s.catalogue) return;
    const std::string date = image_date(s);  // the board's date: the current point of the trend
    if (r.current.name != s.settings.name || r.date != date) r.dirty = true;
    if (!r.dirty) return;
    const double t0 = now_ms();
    const sh::Catalogue& cat = *s.catalogue;
    const ReportSettings& rs = s.report;
    const std::vector<std::string>& platforms = s.matrix.platforms;

    // As `sigma-heatmap layer --name NAME --report R.json [--prev P.json] [--history H.json]...
    // [--threat ID]...`.
    s.threat_view.dirty = true;  // its options are these report settings
    update_threats(s);
    const sh::ThreatCoverage& threats = s.threat_view.coverage;
    r.current = sh::coverage_from_scores(s.scores, s.settings.name, date);  // as of today, as compute_report_set
    r.date = date;
    sh::KpiOptions ko;
    ko.threshold = rs.kpi_threshold;
    ko.platforms = platforms;
    r.kpis = sh::compute_kpis(s.loaded.rules, s.scores, cat, ko);
    sh::GapOptions go;
    go.threshold = rs.kpi_threshold;
    go.top = std::size_t(std::max(0, rs.top));
    go.subtechniques = rs.gap_subtechniques;
    go.platforms = platforms;
    go.weights = rs.weights;
    // Frequency: the CSV, else the selected threats' share, else ATT&CK groups (the CLI's order).
    const sh::FrequencyTable* frequency = !rs.frequency_file.empty() ? &rs.frequency
                                          : !threats.empty()         ? &threats.frequency
                                                                     : nullptr;
    r.gaps = sh::prioritise_gaps(r.current, cat, go, frequency);
    std::vector<sh::Coverage> layers;
    for (const auto& h : s.history) layers.push_back(h.coverage);
    r.trend = sh::compute_trend(layers, r.current, cat, ko);
    if (s.has_history_trend) r.trend = sh::merge_history_trend(s.history_trend.report, r.trend);

    // `--alerts A.csv`: latency needs the rules behind the scores, so not for a layer or a link.
    r.has_latency = s.has_alerts && s.source == ScoreSource::Rules;
    if (s.has_alerts) {
        forget_diagnostics(s, s.alerts.file);
        for (const auto& d : s.alerts.diagnostics) s.report_diagnostics.push_back(d);
    }
    if (r.has_latency) {
        sh::Diagnostics ld;
        r.latency = sh::detection_latency(s.alerts.alerts, s.loaded.rules, s.scores, cat, ld);
        for (auto& d : ld) {
            d.file = s.alerts.file;
            s.report_diagnostics.push_back(std::move(d));
        }
        r.latency_json = sh::latency_to_json(r.latency);
    } else {
        r.latency = {};
        r.latency_json.clear();
    }
    // A layer or a share link has scores but no rules: the board leaves out what is about rules.
    r.board = sh::build_board(r.current.name, r.kpis, r.gaps, r.trend, cat, r.has_latency ? &r.latency : nullptr,
                              s.source == ScoreSource::Rules);
    r.board.threats = sh::board_threats(threats, sh::rank_threats(r.current, cat, threat_options(s), sh::ThreatRankingOptions{}));
    r.threats_json = threats.empty() ? std::string() : sh::threat_coverage_to_json(threats);

    // `--baseline B.json` and `--targets T` (the target score as --target-score).
    r.has_baseline = s.has_baseline;
    sh::Diagnostics bd;
    r.baseline = r.has_baseline ? sh::compare_baseline(r.current, s.baseline.coverage, cat, &bd) : sh::BaselineComparison{};
    for (auto& d : bd) {  // recomputed on every change: say each thing once
        const bool known = std::any_of(s.report_diagnostics.begin(), s.report_diagnostics.end(), [&](const sh::Diagnostic& x) {
            return x.file == d.file && x.message == d.message;
        });
        if (!known) s.report_diagnostics.push_back(std::move(d));
    }
    r.baseline_json = r.has_baseline ? sh::baseline_to_json(r.baseline) : std::string();
    r.has_targets = false;
    r.targets = {};
    r.targets_json.clear();
    if (s.has_targets) {
        forget_diagnostics(s, s.targets.name);
        std::vector<sh::Target> targets;
        sh::Diagnostics td;
        if (sh::read_targets(s.targets.text, s.targets.name, cat, s.report.target_score, targets, td)) {
            r.targets = sh::check_targets(r.current, targets, cat);
            r.targets_json = sh::targets_to_json(r.targets);
            r.has_targets = true;
        }
        for (auto& d : td) s.report_diagnostics.push_back(std::move(d));
    }

    r.has_diff = s.has_previous;
    if (r.has_diff) {
        r.diff = sh::diff_coverage(s.previous.coverage, r.current, &cat, sh::DiffOptions{rs.alert_threshold, platforms});
        r.alert = sh::alert_text(r.diff);
        r.alert_note = sh::alert_threshold_note(s.previous.coverage, r.current, rs.alert_threshold, "set the alert threshold");
        r.diff_layer_json = sh::write_diff_layer(r.diff, cat);
        r.diff_json = sh::diff_to_json(r.diff);
        // The Diff view draws the diff layer exactly as written, read back like any layer.
        sh::Layer layer;
        sh::Diagnostics ignored;
        if (sh::read_layer(r.diff_layer_json, "diff", layer, ignored)) {
            r.diff_scores = sh::layer_to_scores(layer, cat, "diff");
            r.diff_gradient = sh::make_gradient(layer.gradient_colors, layer.gradient_min, layer.gradient_max);
        } else {
            r.diff_scores = {};
            r.diff_gradient = sh::make_gradient(sh::kPaletteDiverging, -1, 1);
        }
        // Parents whose sub-techniques changed start expanded, so every change shows.
        auto& expanded = s.diff_view.options.expanded;
        for (const auto& c : r.diff.changes)
            if (auto dot = c.technique.find('.'); dot != std::string::npos) {
                const std::string parent = c.technique.substr(0, dot);
                if (std::find(expanded.begin(), expanded.end(), parent) == expanded.end()) expanded.push_back(parent);
            }
    } else {
        r.diff = {};
        r.alert.clear();
        r.alert_note.clear();
        r.diff_layer_json.clear();
        r.diff_json.clear();
        r.diff_scores = {};
    }
    s.diff_model_dirty = true;
    r.kpis_json = sh::kpis_to_json(r.kpis);
    r.gaps_json = sh::gaps_to_json(r.gaps, rs.weights);
    r.trend_json = sh::trend_to_json(r.trend);
    r.board_json = sh::board_to_json(r.board);
    r.gaps_csv = sh::gaps_to_csv(r.gaps);
    r.dirty = false;
    ++r.serial;
    r.compute_ms = now_ms() - t0;
}

}  // namespace app
