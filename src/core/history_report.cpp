// history_report.cpp — the history's trend JSON/CSV, its alert text with blame, and reading the
// JSON back for the page (format in history_report.hpp). Percentages are rounded to 2 decimals as
// in report_json.cpp, so `layer --report` and the history say the same numbers.
#include "history_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace sh {

using ojson = nlohmann::ordered_json;

namespace {

constexpr const char* kFormat = "sigma-heatmap-history";

double r2(double v) {
    const double r = std::round(v * 100.0) / 100.0;
    return r == 0 ? 0.0 : r;
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

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string blame_line(const HistoryBlame& b, const HistoryCommit& c, int threshold) {
    std::string s = "  commit " + c.id.substr(0, 12) + " by " + (c.author.empty() ? std::string("(unknown)") : c.author) +
                    " on " + c.date + " ";
    s += b.after == 0 ? "removed the last rule for " + b.technique
                      : "took " + b.technique + " below " + std::to_string(threshold) + " (" + std::to_string(b.before) +
                            " -> " + std::to_string(b.after) + ")";
    std::string paths;
    for (const auto& p : c.paths) paths += (paths.empty() ? "" : ", ") + p;
    if (!paths.empty()) s += " (" + paths + ")";
    if (!c.merge.empty()) s += ", merged in " + c.merge.substr(0, 12);
    return s;
}

void append_blamed(std::string& s, const std::vector<TechniqueChange>& list, const HistoryDiff& d) {
    for (const auto& t : list) {
        s += "- " + alert_change_line(t) + "\n";
        for (const auto& b : d.blame) {
            if (b.technique != t.technique) continue;
            if (b.commits.empty()) s += "  (no commit found: the change is not in the history that could be read)\n";
            for (const auto& c : b.commits) s += blame_line(b, c, d.diff.threshold) + "\n";
        }
    }
}

// ---- reading ----

std::string str(const ojson& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}
int num(const ojson& j, const char* key, int fallback = 0) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number()) return fallback;
    const double v = it->get<double>();
    return std::isfinite(v) && std::fabs(v) < 2e9 ? static_cast<int>(v) : fallback;
}
const ojson& sub(const ojson& j, const char* key) {
    static const ojson null_json;
    const auto it = j.find(key);
    return it != j.end() ? *it : null_json;
}
CoverageCount read_count(const ojson& j) {
    CoverageCount c;
    if (!j.is_object()) return c;
    c.total = num(j, "total");
    c.covered = num(j, "covered");
    c.at_threshold = num(j, "atThreshold");
    return c;
}
std::vector<TechniqueChange> read_changes(const ojson& j) {
    std::vector<TechniqueChange> out;
    if (!j.is_array()) return out;
    for (const auto& e : j) {
        if (!e.is_object()) continue;
        TechniqueChange t;
        t.technique = str(e, "technique");
        t.name = str(e, "name");
        for (const auto& tac : sub(e, "tactics"))
            if (tac.is_string()) t.tactics.push_back(tac.get<std::string>());
        t.before = num(e, "before");
        t.after = num(e, "after");
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace

Trend history_trend(const HistoryReport& h) {
    Trend t;
    t.threshold = h.kpi_threshold;
    t.tactics = h.tactics;
    t.tactic_names = h.tactic_names;
    t.by_date = true;
    for (const auto& p : h.points) {
        TrendPoint tp;
        tp.name = p.name;
        tp.source = p.commit.substr(0, 12);
        tp.date = p.date;
        for (const auto& tc : p.kpis.tactics) tp.tactic_pct.push_back(tc.techniques.covered_pct());
        tp.covered_pct = p.kpis.techniques.covered_pct();
        tp.threshold_pct = p.kpis.techniques.threshold_pct();
        tp.all_covered_pct = p.kpis.all.covered_pct();
        tp.all_threshold_pct = p.kpis.all.threshold_pct();
        t.points.push_back(std::move(tp));
    }
    return t;
}

Trend history_trend(const HistoryReport& h, std::size_t max_points) {
    Trend t = history_trend(h);
    if (t.points.size() <= max_points) return t;
    auto quarter = [](const std::string& date) {
        if (date.size() < 7) return date;
        const int month = (date[5] - '0') * 10 + (date[6] - '0');
        return date.substr(0, 4) + "Q" + std::to_string((month - 1) / 3 + 1);
    };
    std::vector<TrendPoint> kept;
    for (std::size_t i = 0; i < t.points.size(); ++i)
        if (i + 1 == t.points.size() || quarter(t.points[i].date) != quarter(t.points[i + 1].date))
            kept.push_back(std::move(t.points[i]));
    t.points = std::move(kept);
    return t;
}

Trend merge_history_trend(const HistoryReport& h, const Trend& more) {
    Trend t = more;
    const Trend from_history = history_trend(h);
    std::vector<TrendPoint> points;
    for (TrendPoint p : from_history.points) {
        std::vector<double> aligned(more.tactics.size(), 0.0);
        for (std::size_t i = 0; i < more.tactics.size(); ++i)
            for (std::size_t k = 0; k < from_history.tactics.size() && k < p.tactic_pct.size(); ++k)
                if (from_history.tactics[k] == more.tactics[i]) aligned[i] = p.tactic_pct[k];
        p.tactic_pct = std::move(aligned);
        points.push_back(std::move(p));
    }
    points.insert(points.end(), more.points.begin(), more.points.end());
    t.by_date = std::all_of(points.begin(), points.end(), [](const TrendPoint& p) { return !p.date.empty(); });
    if (t.by_date)
        std::stable_sort(points.begin(), points.end(), [](const TrendPoint& a, const TrendPoint& b) { return a.date < b.date; });
    t.points = std::move(points);
    return t;
}

std::string history_to_json(const HistoryReport& h) {
    ojson tactics = ojson::array();
    for (std::size_t i = 0; i < h.tactics.size(); ++i)
        tactics.push_back(ojson{{"tactic", h.tactics[i]},
                                {"id", i < h.tactic_ids.size() ? h.tactic_ids[i] : ""},
                                {"name", i < h.tactic_names.size() ? h.tactic_names[i] : ""}});
    ojson points = ojson::array();
    for (const auto& p : h.points) {
        const Kpis& k = p.kpis;
        ojson levels = ojson::object(), statuses = ojson::object();
        for (int i = 0; i < 6; ++i) {
            levels[i == 0 ? "none" : level_name(static_cast<Level>(i - 1))] = k.rules_by_level[i];
            statuses[i == 0 ? "none" : status_name(static_cast<Status>(i - 1))] = k.rules_by_status[i];
        }
        ojson tac = ojson::array();
        for (const auto& t : k.tactics)
            tac.push_back(ojson{{"tactic", t.tactic}, {"techniques", count_json(t.techniques)}, {"all", count_json(t.all)}});
        points.push_back(ojson{{"date", p.date},
                               {"name", p.name},
                               {"period", p.period},
                               {"commit", p.commit},
                               {"commitDate", p.commit_date},
                               {"author", p.author},
                               {"summary", p.summary},
                               {"pathPresent", p.path_present},
                               {"files", p.files},
                               {"rules", ojson{{"total", k.rules_total},
                                               {"scored", k.rules_scored},
                                               {"withTechniques", k.rules_with_techniques},
                                               {"byLevel", std::move(levels)},
                                               {"byStatus", std::move(statuses)}}},
                               {"techniques", count_json(k.techniques)},
                               {"all", count_json(k.all)},
                               {"tactics", std::move(tac)},
                               {"fragile", p.fragile_count}});
    }
    ojson diffs = ojson::array();
    for (const auto& d : h.diffs) {
        ojson blame = ojson::array();
        for (const auto& b : d.blame) {
            ojson commits = ojson::array();
            for (const auto& c : b.commits)
                commits.push_back(ojson{{"id", c.id},
                                        {"author", c.author},
                                        {"email", c.email},
                                        {"date", c.date},
                                        {"summary", c.summary},
                                        {"merge", c.merge},
                                        {"paths", c.paths}});
            blame.push_back(ojson{{"technique", b.technique},
                                  {"name", b.name},
                                  {"kind", b.kind},
                                  {"before", b.before},
                                  {"after", b.after},
                                  {"commits", std::move(commits)}});
        }
        diffs.push_back(ojson{{"from", d.from},
                              {"to", d.to},
                              {"period", d.period},
                              {"fromCommit", d.from_commit},
                              {"toCommit", d.to_commit},
                              {"threshold", d.diff.threshold},
                              {"alert", history_alert_text(d)},
                              {"droppedBelow", changes_json(d.diff.dropped_below)},
                              {"lost", changes_json(d.diff.lost)},
                              {"closedGaps", changes_json(d.diff.closed_gaps)},
                              {"changedTechniques", d.changed},
                              {"blame", std::move(blame)}});
    }
    const ojson doc{{"format", kFormat},
                    {"version", 1},
                    {"repository", h.repository},
                    {"ref", h.ref},
                    {"path", h.path},
                    {"every", h.every},
                    {"since", h.since},
                    {"until", h.until},
                    {"score", h.score},
                    {"attackVersion", h.attack_version},
                    {"domain", h.domain},
                    {"kpiThreshold", h.kpi_threshold},
                    {"alertThreshold", h.alert_threshold},
                    {"note", h.note},
                    {"tactics", std::move(tactics)},
                    {"points", std::move(points)},
                    {"diffs", std::move(diffs)},
                    {"trend", trend_json(history_trend(h))}};
    return doc.dump(1, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string history_to_csv(const HistoryReport& h) {
    auto pct = [](double v) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", r2(v));
        return std::string(buf);
    };
    std::string s = "date,commit,commit_date,files,rules,techniques_covered_pct,techniques_threshold_pct,"
                    "all_covered_pct,all_threshold_pct,fragile";
    for (const auto& t : h.tactics) s += "," + t + "_pct";
    s += "\n";
    for (const auto& p : h.points) {
        const Kpis& k = p.kpis;
        s += p.date + "," + p.commit + "," + p.commit_date + "," + std::to_string(p.files) + "," +
             std::to_string(k.rules_total) + "," + pct(k.techniques.covered_pct()) + "," +
             pct(k.techniques.threshold_pct()) + "," + pct(k.all.covered_pct()) + "," + pct(k.all.threshold_pct()) + "," +
             std::to_string(p.fragile_count);
        for (const auto& t : k.tactics) s += "," + pct(t.techniques.covered_pct());
        s += "\n";
    }
    return s;
}

std::string history_alert_text(const HistoryDiff& d) {
    const LayerDiff& x = d.diff;
    if (x.dropped_below.empty() && x.lost.empty()) return "";
    const std::string when = d.period.empty() ? "between " + d.from + " and " + d.to : "in " + d.period;
    std::string s = plural(x.dropped_below.size(), "technique", "techniques") + " dropped below " +
                    std::to_string(x.threshold) + " " + when + " (" + d.from + " -> " + d.to + ")\n";
    append_blamed(s, x.dropped_below, d);
    if (!x.lost.empty()) {
        s += plural(x.lost.size(), "technique", "techniques") + " below " + std::to_string(x.threshold) +
             " lost all coverage " + when + "\n";
        append_blamed(s, x.lost, d);
    }
    return s;
}

std::string history_alerts_text(const HistoryReport& h) {
    std::string s;
    std::size_t quiet = 0;
    for (const auto& d : h.diffs) {
        const std::string a = history_alert_text(d);
        if (a.empty()) {
            ++quiet;
            continue;
        }
        if (!s.empty()) s += "\n";
        s += a;
    }
    if (!s.empty()) s += "\n";
    s += plural(h.diffs.size(), "period", "periods") + " compared, " + std::to_string(quiet) +
         " without a technique dropping below " + std::to_string(h.alert_threshold) + "\n";
    return s;
}

bool looks_like_history_json(std::string_view text) {
    const std::string_view head = text.substr(0, 4096);
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    };
    if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    skip_space();
    if (i >= head.size() || head[i] != '{') return false;
    const auto key = head.find("\"format\"", i);
    if (key == std::string_view::npos) return false;
    i = key + 8;
    skip_space();
    if (i >= head.size() || head[i] != ':') return false;
    ++i;
    skip_space();
    return head.substr(i, std::strlen(kFormat) + 2) == "\"" + std::string(kFormat) + "\"";
}

bool read_history_json(std::string_view text, const std::string& file, HistoryReport& out, Diagnostics& diags) {
    const auto doc = ojson::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        diags.push_back({Severity::Error, file, 0, 0, "not a JSON object: cannot read it as a history trend"});
        return false;
    }
    if (str(doc, "format") != kFormat) {
        diags.push_back({Severity::Error, file, 0, 0,
                         "not a history trend (its \"format\" is not \"sigma-heatmap-history\"; write one with "
                         "sigma-heatmap history --trend FILE.json)"});
        return false;
    }
    HistoryReport h;
    h.repository = str(doc, "repository");
    h.ref = str(doc, "ref");
    h.path = str(doc, "path");
    h.every = str(doc, "every");
    h.since = str(doc, "since");
    h.until = str(doc, "until");
    h.score = str(doc, "score");
    h.attack_version = str(doc, "attackVersion");
    h.domain = str(doc, "domain");
    h.kpi_threshold = num(doc, "kpiThreshold", 80);
    h.alert_threshold = num(doc, "alertThreshold", 50);
    h.note = str(doc, "note");
    for (const auto& t : sub(doc, "tactics")) {
        if (!t.is_object()) continue;
        h.tactics.push_back(str(t, "tactic"));
        h.tactic_ids.push_back(str(t, "id"));
        h.tactic_names.push_back(str(t, "name"));
    }
    for (const auto& p : sub(doc, "points")) {
        if (!p.is_object()) continue;
        HistoryPoint hp;
        hp.date = str(p, "date");
        hp.name = str(p, "name");
        hp.period = str(p, "period");
        hp.commit = str(p, "commit");
        hp.commit_date = str(p, "commitDate");
        hp.author = str(p, "author");
        hp.summary = str(p, "summary");
        const auto present = p.find("pathPresent");
        hp.path_present = present == p.end() || !present->is_boolean() || present->get<bool>();
        hp.files = num(p, "files");
        Kpis& k = hp.kpis;
        k.threshold = h.kpi_threshold;
        const ojson& rules = sub(p, "rules");
        if (rules.is_object()) {
            k.rules_total = num(rules, "total");
            k.rules_scored = num(rules, "scored");
            k.rules_with_techniques = num(rules, "withTechniques");
            for (int i = 0; i < 6; ++i) {
                k.rules_by_level[i] = num(sub(rules, "byLevel"), i == 0 ? "none" : level_name(static_cast<Level>(i - 1)));
                k.rules_by_status[i] = num(sub(rules, "byStatus"), i == 0 ? "none" : status_name(static_cast<Status>(i - 1)));
            }
        }
        k.techniques = read_count(sub(p, "techniques"));
        k.all = read_count(sub(p, "all"));
        for (const auto& t : sub(p, "tactics")) {
            if (!t.is_object()) continue;
            TacticCoverage tc;
            tc.tactic = str(t, "tactic");
            for (std::size_t i = 0; i < h.tactics.size(); ++i)
                if (h.tactics[i] == tc.tactic) {
                    tc.id = h.tactic_ids[i];
                    tc.name = h.tactic_names[i];
                }
            tc.techniques = read_count(sub(t, "techniques"));
            tc.all = read_count(sub(t, "all"));
            k.tactics.push_back(std::move(tc));
        }
        hp.fragile_count = num(p, "fragile");
        h.points.push_back(std::move(hp));
    }
    for (const auto& d : sub(doc, "diffs")) {
        if (!d.is_object()) continue;
        HistoryDiff hd;
        hd.from = str(d, "from");
        hd.to = str(d, "to");
        hd.period = str(d, "period");
        hd.from_commit = str(d, "fromCommit");
        hd.to_commit = str(d, "toCommit");
        hd.diff.threshold = num(d, "threshold", h.alert_threshold);
        hd.diff.previous_name = "coverage_" + hd.from;
        hd.diff.current_name = "coverage_" + hd.to;
        hd.diff.dropped_below = read_changes(sub(d, "droppedBelow"));
        hd.diff.lost = read_changes(sub(d, "lost"));
        hd.diff.closed_gaps = read_changes(sub(d, "closedGaps"));
        hd.changed = num(d, "changedTechniques");
        for (const auto& b : sub(d, "blame")) {
            if (!b.is_object()) continue;
            HistoryBlame hb;
            hb.technique = str(b, "technique");
            hb.name = str(b, "name");
            hb.kind = str(b, "kind");
            hb.before = num(b, "before");
            hb.after = num(b, "after");
            for (const auto& c : sub(b, "commits")) {
                if (!c.is_object()) continue;
                HistoryCommit hc;
                hc.id = str(c, "id");
                hc.author = str(c, "author");
                hc.email = str(c, "email");
                hc.date = str(c, "date");
                hc.summary = str(c, "summary");
                hc.merge = str(c, "merge");
                for (const auto& path : sub(c, "paths"))
                    if (path.is_string()) hc.paths.push_back(path.get<std::string>());
                hb.commits.push_back(std::move(hc));
            }
            hd.blame.push_back(std::move(hb));
        }
        h.diffs.push_back(std::move(hd));
    }
    if (h.points.empty()) diags.push_back({Severity::Warning, file, 0, 0, "the history trend has no points"});
    out = std::move(h);
    return true;
}

}  // namespace sh
