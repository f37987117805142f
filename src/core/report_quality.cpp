// report_quality.cpp — the two CSV-fed parts of the seed's KPI advice: median detection latency
// from SIEM alerts (overall, per tactic, per technique) and the `quality` score profile from rule
// test results (precision, false-positive rate).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "report.hpp"
#include "report_internal.hpp"
#include "text_encoding.hpp"

namespace sh {

using namespace report_detail;

namespace {

// Column index by header name (case-insensitive, spaces/dashes as underscores); -1 when absent.
int column(const CsvRow& header, std::initializer_list<const char*> names) {
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        std::string h = lower(trim(header.fields[i]));
        for (char& c : h)
            if (c == ' ' || c == '-') c = '_';
        for (const char* n : names)
            if (h == n) return static_cast<int>(i);
    }
    return -1;
}

// The alert CSV's columns and the names each may go by.
const std::initializer_list<const char*> kRuleColumn = {"rule", "rule_id", "rule_title", "rule_name"};
const std::initializer_list<const char*> kEventColumn = {"event_time", "event_timestamp", "event"};
const std::initializer_list<const char*> kDetectionColumn = {"detection_time", "detection_timestamp", "alert_time", "detected"};

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Fraction 0..1 from "0.9" or "90%"; nullopt (with a reason) otherwise.
std::optional<double> fraction(const std::string& text, std::string& why, bool decimal_comma) {
    bool pct = false;
    const auto v = parse_number(text, &pct, decimal_comma);
    if (!v) {
        why = "'" + excerpt(text) + "' is not a number";
        return std::nullopt;
    }
    const double f = pct ? *v / 100 : *v;
    if (f < 0 || f > 1) {
        why = "'" + excerpt(text) + "' is not between 0 and 1 (or 0% and 100%)";
        return std::nullopt;
    }
    return f;
}

}  // namespace

std::vector<AlertRecord> parse_alerts_csv(std::string_view text, const std::string& file, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    std::vector<AlertRecord> out;
    std::string utf8;
    if (!report_csv_text_ok(text, utf8, sink)) return out;
    CsvReader reader(text, sink);
    CsvRow header;
    if (!reader.next(header)) {
        sink.warning(0, "no alerts in the file");
        return out;
    }
    const int c_rule = column(header, kRuleColumn);
    const int c_event = column(header, kEventColumn);
    const int c_detect = column(header, kDetectionColumn);
    if (c_rule < 0 || c_event < 0 || c_detect < 0) {
        sink.error(header.line, "the first line must name the columns rule, event_time and detection_time");
        return out;
    }
    const std::size_t need = static_cast<std::size_t>(std::max({c_rule, c_event, c_detect}));
    CsvRow row;
    while (reader.next(row)) {
        if (row.fields.size() <= need) {
            sink.error(row.line, "too few columns; line skipped", "too few columns");
            continue;
        }
        const std::string& rule = row.fields[static_cast<std::size_t>(c_rule)];
        const auto ev = parse_iso8601(row.fields[static_cast<std::size_t>(c_event)]);
        const auto dt = parse_iso8601(row.fields[static_cast<std::size_t>(c_detect)]);
        if (rule.empty()) {
            sink.error(row.line, "no rule; line skipped", "no rule");
            continue;
        }
        if (!ev || !dt) {
            sink.error(row.line,
                       "'" + excerpt(row.fields[static_cast<std::size_t>(ev ? c_detect : c_event)]) +
                           "' is not an ISO 8601 time (2026-03-02T10:15:30Z); line skipped",
                       "not an ISO 8601 time");
            continue;
        }
        out.push_back({rule, *ev, *dt, row.line});
    }
    sink.finish();
    return out;
}

bool is_alerts_csv(std::string_view text) {
    // Only the header matters: the first line (a header with a quoted line break is not one), of a
    // UTF-16 or UTF-32 file too.
    std::string utf8;
    text = text_head_as_utf8(text, 65536, utf8);
    const auto end = text.find_first_of("\r\n");
    Diagnostics ignored;
    const std::vector<CsvRow> rows = parse_csv(text.substr(0, end), "", ignored);
    return !rows.empty() && column(rows[0], kRuleColumn) >= 0 &&
           column(rows[0], kEventColumn) >= 0 &&
           column(rows[0], kDetectionColumn) >= 0;
}

LatencyReport detection_latency(const std::vector<AlertRecord>& alerts, const std::vector<Rule>& rules,
                                const ScoreResult& scores, const Catalogue& cat, Diagnostics& diags) {
    DiagnosticSink sink(diags);
    LatencyReport rep;
    std::map<std::string, uint32_t> by_id, by_title;
    for (uint32_t i = 0; i < rules.size(); ++i) {
        if (!rules[i].id.empty()) by_id.try_emplace(lower(trim(rules[i].id)), i);
        if (!rules[i].title.empty()) by_title.try_emplace(lower(trim(rules[i].title)), i);
    }
    // Where the scores placed each rule.
    std::map<uint32_t, std::set<std::string>> techniques_of, tactics_of;
    for (const auto& e : scores.entries)
        for (uint32_t r : e.rules) {
            techniques_of[r].insert(e.technique);
            tactics_of[r].insert(e.tactic);
        }
    std::vector<double> all;
    std::map<std::string, std::vector<double>> per_tactic, per_technique;
    std::set<std::string> unknown_rules;
    for (const auto& a : alerts) {
        const std::string key = lower(trim(a.rule));
        std::optional<uint32_t> rule;
        if (auto it = by_id.find(key); it != by_id.end()) rule = it->second;
        else if (auto t = by_title.find(key); t != by_title.end()) rule = t->second;
        if (!rule) {
            ++rep.unmatched;
            if (unknown_rules.insert(key).second)
                sink.warning(a.line, "alert rule '" + excerpt(a.rule) + "' matches no loaded rule id or title; its alerts are not counted",
                             "unknown alert rule");
            continue;
        }
        const double latency = a.detection_time - a.event_time;
        if (latency < 0) {
            ++rep.negative;
            sink.warning(a.line, "detection before the event; alert skipped", "detection before the event");
            continue;
        }
        all.push_back(latency);
        for (const auto& t : tactics_of[*rule]) per_tactic[t].push_back(latency);
        for (const auto& t : techniques_of[*rule]) per_technique[t].push_back(latency);
    }
    rep.overall = {"", "all alerts", static_cast<int>(all.size()), median(all)};
    for (const auto& tac : cat.tactics)
        if (auto it = per_tactic.find(tac.shortname); it != per_tactic.end())
            rep.tactics.push_back({tac.shortname, tac.name, static_cast<int>(it->second.size()), median(it->second)});
    for (const auto& [id, v] : per_technique)
        rep.techniques.push_back({id, display_name(cat, id), static_cast<int>(v.size()), median(v)});
    return rep;
}

std::string format_duration(double seconds) {
    if (!(seconds >= 0)) return "-";
    const long long s = std::llround(seconds);
    if (s < 60) return std::to_string(s) + "s";
    if (s < 3600) return std::to_string(s / 60) + "m " + std::to_string(s % 60) + "s";
    if (s < 86400) return std::to_string(s / 3600) + "h " + std::to_string(s % 3600 / 60) + "m";
    return std::to_string(s / 86400) + "d " + std::to_string(s % 86400 / 3600) + "h";
}

std::vector<RuleTestResult> parse_rule_tests_csv(std::string_view text, const std::string& file, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    std::vector<RuleTestResult> out;
    std::string utf8;
    if (!report_csv_text_ok(text, utf8, sink)) return out;
    CsvReader reader(text, sink);
    int c_rule = 0, c_prec = 1, c_fpr = 2;
    CsvRow row;
    bool first_row = true;
    while (reader.next(row)) {
        if (first_row) {
            first_row = false;
            const int r = column(row, {"rule", "rule_id", "rule_title", "id", "title"});
            const int p = column(row, {"precision"});
            const int f = column(row, {"false_positive_rate", "fpr", "false_positives"});
            if (r >= 0 || p >= 0 || f >= 0) {
                if (r < 0 || p < 0 || f < 0) {
                    sink.error(row.line, "the header must name the columns rule, precision and false_positive_rate");
                    return out;
                }
                c_rule = r, c_prec = p, c_fpr = f;
                continue;
            }
        }
        const std::size_t need = static_cast<std::size_t>(std::max({c_rule, c_prec, c_fpr}));
        if (row.fields.size() <= need) {
            sink.error(row.line, "expected rule,precision,false_positive_rate; line skipped", "too few columns");
            continue;
        }
        std::string why;
        const auto p = fraction(row.fields[static_cast<std::size_t>(c_prec)], why, reader.decimal_comma());
        if (!p) {
            sink.error(row.line, "precision " + why + "; line skipped", "bad precision");
            continue;
        }
        const auto f = fraction(row.fields[static_cast<std::size_t>(c_fpr)], why, reader.decimal_comma());
        if (!f) {
            sink.error(row.line, "false_positive_rate " + why + "; line skipped", "bad false_positive_rate");
            continue;
        }
        const std::string& rule = row.fields[static_cast<std::size_t>(c_rule)];
        if (rule.empty()) {
            sink.error(row.line, "no rule; line skipped", "no rule");
            continue;
        }
        out.push_back({rule, *p, *f, row.line});
    }
    sink.finish();
    return out;
}

int quality_score(const RuleTestResult& r, const QualityFormula& f) {
    const double p = std::clamp(r.precision, 0.0, 1.0), fpr = std::clamp(r.false_positive_rate, 0.0, 1.0);
    const double v = f.scale * std::pow(p, f.precision_exponent) * std::pow(1.0 - fpr, f.fpr_exponent);
    if (!std::isfinite(v)) return 0;
    return static_cast<int>(std::lround(std::clamp(v, 0.0, std::max(0.0, f.scale))));
}

void apply_quality_scores(const std::vector<RuleTestResult>& results, const QualityFormula& f, ScoreOptions& opt) {
    opt.quality.clear();
    for (const auto& r : results) opt.quality[lower(trim(r.rule))] = quality_score(r, f);  // a later line wins
    opt.quality_untested = f.untested;
}

}  // namespace sh
