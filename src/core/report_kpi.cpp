// report_kpi.cpp — coverage KPIs at both counting levels, per-tactic coverage, rules by level and
// status, fragile coverage; trends over several layers; the board summary.
// The catalogue is the denominator: only active (not revoked, not deprecated) techniques count,
// inside the platform filter when one is set.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "report.hpp"
#include "report_internal.hpp"

namespace sh {

using namespace report_detail;

namespace {

bool counted(const Technique& t, const KpiOptions& opt) { return in_kpi_population(t, opt); }

void tally(CoverageCount& c, int score, int threshold) {
    ++c.total;
    if (score > 0) ++c.covered;
    if (score > 0 && score >= threshold) ++c.at_threshold;
}

}  // namespace

bool in_kpi_population(const Technique& t, const KpiOptions& opt) {
    return !t.revoked && !t.deprecated && on_platforms(t, opt.platforms);
}

Kpis compute_coverage_kpis(const Coverage& cov, const Catalogue& cat, const KpiOptions& opt) {
    Kpis k;
    k.threshold = opt.threshold;
    k.platforms = opt.platforms;

    // id -> tactic -> score ("" entries apply to every tactic of the technique, and so do entries
    // under a tactic it does not have here: a layer's defense-evasion counts under Stealth in v19).
    std::map<std::string, std::map<std::string, int>> own;
    for (const auto& e : cov.entries) {
        int& s = own[e.technique][charted_tactic(&cat, e)];
        s = std::max(s, e.score);
    }
    auto own_best = [&](const std::string& id) {
        int b = 0;
        if (auto it = own.find(id); it != own.end())
            for (const auto& [tac, s] : it->second) b = std::max(b, s);
        return b;
    };
    auto own_in = [&](const std::string& id, const std::string& tactic) {
        int b = 0;
        if (auto it = own.find(id); it != own.end()) {
            if (auto t = it->second.find(tactic); t != it->second.end()) b = t->second;
            if (auto t = it->second.find(""); t != it->second.end()) b = std::max(b, t->second);
        }
        return b;
    };

    // Counted sub-techniques of each parent (the roll-up takes only those: a Linux-only
    // sub-technique does not cover its parent on Windows).
    std::map<std::string, std::vector<const Technique*>> subs_of;
    for (const auto& t : cat.techniques)
        if (t.is_subtechnique() && counted(t, opt)) subs_of[t.parent].push_back(&t);

    k.tactics.reserve(cat.tactics.size());
    for (const auto& tac : cat.tactics) k.tactics.push_back({tac.shortname, tac.id, tac.name, {}, {}});

    for (const auto& t : cat.techniques) {
        if (!counted(t, opt)) continue;
        const int own_score = own_best(t.id);
        tally(k.all, own_score, opt.threshold);
        int rolled = own_score;
        if (!t.is_subtechnique()) {
            if (opt.parent_from_subtechniques)
                for (const Technique* s : subs_of[t.id]) rolled = std::max(rolled, own_best(s->id));
            tally(k.techniques, rolled, opt.threshold);
        }
        for (const auto& tac : t.tactics) {
            const int ti = cat.tactic_index(tac);
            if (ti < 0) continue;
            TacticCoverage& tc = k.tactics[static_cast<std::size_t>(ti)];
            const int here = own_in(t.id, tac);
            tally(tc.all, here, opt.threshold);
            if (!t.is_subtechnique()) {
                int r = here;
                if (opt.parent_from_subtechniques)
                    for (const Technique* s : subs_of[t.id]) r = std::max(r, own_in(s->id, tac));
                tally(tc.techniques, r, opt.threshold);
            }
        }
    }
    return k;
}

Kpis compute_kpis(const std::vector<Rule>& rules, const ScoreResult& scores, const Catalogue& cat, const KpiOptions& opt) {
    Kpis k = compute_coverage_kpis(coverage_from_scores(scores, ""), cat, opt);
    k.rules_total = static_cast<int>(rules.size());
    k.rules_scored = scores.rules_scored;
    k.rules_with_techniques = scores.rules_with_techniques;
    for (const auto& r : rules) {
        ++k.rules_by_level[std::clamp(static_cast<int>(r.level) + 1, 0, 5)];
        ++k.rules_by_status[std::clamp(static_cast<int>(r.status) + 1, 0, 5)];
    }
    // Fragile: per technique id, the rules behind all its tactics.
    std::map<std::string, std::pair<int, std::set<uint32_t>>> by_id;
    for (const auto& e : scores.entries) {
        auto& [best, ids] = by_id[e.technique];
        best = std::max(best, e.score);
        ids.insert(e.rules.begin(), e.rules.end());
    }
    for (const auto& [id, v] : by_id) {
        const Technique* t = cat.find(id);
        if (!t || !counted(*t, opt) || v.first <= 0 || v.second.empty()) continue;
        const bool fragile = std::all_of(v.second.begin(), v.second.end(), [&](uint32_t i) {
            const Status s = i < rules.size() ? rules[i].status : Status::None;
            return s != Status::None && s < Status::Stable;
        });
        if (fragile) k.fragile.push_back({id, display_name(cat, id), v.first, {v.second.begin(), v.second.end()}});
    }
    return k;
}

// ---- trends ----

namespace {

// The trend's points in the order given (compute_trend orders them).
Trend trend_of(const std::vector<const Coverage*>& order, bool by_date, const Catalogue& cat, const KpiOptions& opt) {
    Trend tr;
    tr.threshold = opt.threshold;
    tr.by_date = by_date;
    for (const auto& t : cat.tactics) {
        tr.tactics.push_back(t.shortname);
        tr.tactic_names.push_back(t.name);
    }
    for (const Coverage* c : order) {
        const Kpis k = compute_coverage_kpis(*c, cat, opt);
        TrendPoint p;
        p.name = c->name;
        p.source = c->source;
        p.date = c->date;
        for (const auto& t : k.tactics) p.tactic_pct.push_back(t.techniques.covered_pct());
        p.covered_pct = k.techniques.covered_pct();
        p.threshold_pct = k.techniques.threshold_pct();
        p.all_covered_pct = k.all.covered_pct();
        p.all_threshold_pct = k.all.threshold_pct();
        tr.points.push_back(std::move(p));
    }
    return tr;
}

bool all_dated(const std::vector<const Coverage*>& v) {
    return !v.empty() && std::all_of(v.begin(), v.end(), [](const Coverage* c) { return !c->date.empty(); });
}

// By date when every layer has one, else by name (then file).
void sort_layers(std::vector<const Coverage*>& order, bool by_date) {
    std::stable_sort(order.begin(), order.end(), [&](const Coverage* a, const Coverage* b) {
        if (by_date && a->date != b->date) return a->date < b->date;
        return a->name != b->name ? a->name < b->name : a->source < b->source;
    });
}

}  // namespace

Trend compute_trend(const std::vector<Coverage>& layers, const Catalogue& cat, const KpiOptions& opt) {
    std::vector<const Coverage*> order;
    for (const auto& c : layers) order.push_back(&c);
    const bool by_date = all_dated(order);
    sort_layers(order, by_date);
    return trend_of(order, by_date, cat, opt);
}

Trend compute_trend(const std::vector<Coverage>& history, const Coverage& current, const Catalogue& cat,
                    const KpiOptions& opt) {
    std::vector<const Coverage*> order;
    for (const auto& c : history) order.push_back(&c);
    order.push_back(&current);
    const bool by_date = all_dated(order);
    if (by_date) {
        sort_layers(order, true);
    } else {
        order.pop_back();
        sort_layers(order, false);
        order.push_back(&current);
    }
    return trend_of(order, by_date, cat, opt);
}

std::string gaps_heading(std::size_t n) {
    if (n == 0) return "Gaps to close";
    return n == 1 ? "Top gap to close" : "Top " + std::to_string(n) + " gaps to close";
}

std::string trend_point_label(const TrendPoint& p) {
    if (!p.date.empty()) return p.date;
    return p.name.empty() ? p.source : p.name;
}

TrendAxis trend_axis(const Trend& t, double width_px, double label_px) {
    TrendAxis a;
    const std::size_t n = t.points.size();
    auto day_of = [](const std::string& date) -> std::optional<long long> {  // YYYY-MM-DD only, parsed once
        const auto at = date.size() == 10 ? parse_iso8601(date + "T00:00Z") : std::nullopt;
        return at ? std::optional<long long>(static_cast<long long>(*at / 86400.0)) : std::nullopt;
    };
    std::vector<long long> days;
    for (const auto& p : t.points)
        if (const auto d = day_of(p.date)) days.push_back(*d);
    a.by_day = n >= 2 && days.size() == n && days.back() > days.front() && std::is_sorted(days.begin(), days.end());
    if (!a.by_day) {
        for (std::size_t i = 0; i < n; ++i) {
            a.at.push_back(n == 1 ? 0.5 : double(i) / double(n - 1));
            a.ticks.push_back({a.at.back(), trend_point_label(t.points[i]), i + 1 == n});
        }
        return a;
    }
    const double first = double(days.front()), span = double(days.back() - days.front());
    for (const long long d : days) a.at.push_back((double(d) - first) / span);
    if (span <= 60) {
        for (std::size_t i = 0; i < n; ++i)
            if (i == 0 || days[i] != days[i - 1]) a.ticks.push_back({a.at[i], t.points[i].date, false});
        return a;
    }
    const int y0 = std::stoi(t.points.front().date.substr(0, 4)), y1 = std::stoi(t.points.back().date.substr(0, 4));
    const int months = span > 3 * 365 ? 12 : span > 365 ? 3 : 1;
    const int year_step =
        std::max(1, static_cast<int>(std::ceil(double(y1 - y0 + 1) * label_px / std::max(width_px, 1.0))));
    for (int y = y0; y <= y1; ++y) {
        if (months == 12 && y % year_step) continue;  // round years: 2012, 2016, ...

        for (int m = 1; m <= 12; m += months) {
            char date[16];
            std::snprintf(date, sizeof date, "%04d-%02d-01", y, m);
            const long long d = *day_of(date);
            if (d < days.front() || d > days.back()) continue;
            a.ticks.push_back({(double(d) - first) / span, months == 12 ? std::string(date, 4) : std::string(date, 7), false});
        }
    }
    return a;
}

// ---- board ----

std::string percent_label(double pct, int total) {
    if (total == 0) return "\u2014";
    return fixed_decimals(pct, 0) + "%";
}

BoardSummary build_board(const std::string& layer_name, const Kpis& k, const std::vector<GapRow>& gaps,
                         const Trend& trend, const Catalogue& cat, const LatencyReport* latency, bool from_rules) {
    BoardSummary b;
    b.title = "ATT&CK coverage" + (layer_name.empty() ? std::string() : " — " + layer_name);
    const std::string matrix =
        cat.domain != "enterprise-attack" && !cat.domain.empty() ? cat.domain + " ATT&CK " : std::string("Enterprise ATT&CK ");
    b.subtitle = matrix + cat.attack_version + (from_rules ? " · " + plural(std::size_t(std::max(0, k.rules_total)), "rule", "rules") : "") +
                 " · threshold " + std::to_string(k.threshold);
    // "· on Linux or macOS": the counts below are that platform's (a bare "· Linux" read as a label).
    if (!k.platforms.empty()) b.subtitle += " · on " + platform_words(k.platforms);
    // A layer or a link has scores, not rules: its tiles say what it has.
    const char* have = from_rules ? " have at least one rule" : " have a score above 0";
    b.covered_legend = from_rules ? "at least one rule" : "score above 0";
    b.tiles.push_back({"Techniques covered", percent_label(k.techniques.covered_pct()),
                       std::to_string(k.techniques.covered) + " of " + std::to_string(k.techniques.total) +
                           " techniques" + have,
                       k.techniques.covered_pct(), "covered"});
    b.tiles.push_back({"Covered well", percent_label(k.techniques.threshold_pct()),
                       std::to_string(k.techniques.at_threshold) + " of " + std::to_string(k.techniques.total) +
                           " techniques score " + std::to_string(k.threshold) + " or more",
                       k.techniques.threshold_pct(), "well"});
    b.tiles.push_back({"With sub-techniques", percent_label(k.all.covered_pct()),
                       std::to_string(k.all.covered) + " of " + std::to_string(k.all.total) +
                           " techniques and sub-techniques" + have,
                       k.all.covered_pct(), "all"});
    b.tiles.push_back({"Fragile coverage", std::to_string(k.fragile.size()),
                       "techniques and sub-techniques whose rules are all test, experimental or deprecated (none stable)", -1,
                       "fragile"});
    const int stable = k.rules_by_status[static_cast<int>(Status::Stable) + 1];
    b.tiles.push_back({"Rules", std::to_string(k.rules_total),
                       std::to_string(stable) + " stable, " +
                           std::to_string(k.rules_by_status[static_cast<int>(Status::Test) + 1]) + " test, " +
                           std::to_string(k.rules_by_status[static_cast<int>(Status::Experimental) + 1]) +
                           " experimental",
                       -1, "rules"});
    if (latency && latency->overall.alerts > 0)
        b.tiles.push_back({"Median detection latency", format_duration(latency->overall.median_seconds),
                           "over " + plural(std::size_t(latency->overall.alerts), "alert", "alerts"), -1, "latency"});
    if (trend.points.size() >= 2) {
        const TrendPoint& last = trend.points.back();
        const TrendPoint& prev = trend.points[trend.points.size() - 2];
        const double d = last.covered_pct - prev.covered_pct;
        b.tiles.push_back({"Change", (d > 0 ? "+" : "") + fixed_decimals(d, 1) + " pts",
                           "techniques covered since " + (prev.name.empty() ? prev.source : prev.name), -1, "change"});
    }
    for (const auto& t : k.tactics)
        b.tactic_bars.push_back({t.tactic, t.name, t.techniques.covered_pct(), t.techniques.threshold_pct(),
                                 t.techniques.covered, t.techniques.at_threshold, t.techniques.total});
    b.top_gaps.assign(gaps.begin(), gaps.begin() + static_cast<long>(std::min<std::size_t>(gaps.size(), 10)));
    b.trend = trend;
    if (!from_rules)
        b.tiles.erase(std::remove_if(b.tiles.begin(), b.tiles.end(),
                                     [](const KpiTile& t) { return t.key == "rules" || t.key == "fragile"; }),
                      b.tiles.end());
    return b;
}

}  // namespace sh
