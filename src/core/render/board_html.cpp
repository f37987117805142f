// render/board_html.cpp — write_board_html(): the board as one HTML5 document (see board_html.hpp).
// Markup that reads without styles and without script: headings for every part, tables with
// header cells, numbers as text (with <data value> carrying what `layer --report` says), bars and
// charts as inline SVG hidden from screen readers where a table already says the same. Written as
// polyglot markup (void elements closed, attributes quoted) so an XML reader can check it too.
// Numbers are printed from integers, never through the C library's locale-dependent formatting.
#include "core/render/board_html.hpp"

#include <algorithm>
#include <cmath>

#include "core/embedded.hpp"
#include "core/render/matrix_layout.hpp"
#include "core/render/svg.hpp"
#include "core/threats.hpp"

namespace sh {

namespace {

constexpr const char* kTrack = "#eef0f3";
constexpr const char* kCoveredFill = "#9ec9e2";
constexpr const char* kWellFill = "#1f5fa8";
constexpr const char* kUncoveredFill = "#f3f4f6";
constexpr const char* kBorder = "#c9cdd3";

std::string esc(std::string_view text) { return xml_escape(sanitise_text(text)); }

// v rounded to `places` decimals, trailing zeros dropped ("12.5", "30", "-0.25").
std::string decimal(double v, int places) {
    std::string s = fixed_decimals(v, places);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? "0" : s;
}

// Fixed decimals for display ("12.0"), value as the report JSON rounds it (2 decimals).
std::string data_cell(double v, int shown_places) {
    return "<data value=\"" + decimal(v, 2) + "\">" + fixed_decimals(v, shown_places) + "</data>";
}

std::string tactic_name(const Catalogue& cat, const std::string& shortname) {
    if (shortname.empty()) return "all tactics";
    const Tactic* t = cat.find_tactic(shortname);
    return t && !t->name.empty() ? t->name : shortname;
}

std::string domain_name(const Catalogue& cat) {
    if (cat.domain == "enterprise-attack" || cat.domain.empty()) return "Enterprise";
    if (cat.domain == "mobile-attack") return "Mobile";
    if (cat.domain == "ics-attack") return "ICS";
    return cat.domain;
}

// A horizontal bar 0..100 as an SVG stretched to its box (no text in it, so stretching is fine).
std::string bar_svg(const char* css_class, int height, const std::vector<std::pair<double, const char*>>& fills) {
    std::string s = "<svg class=\"" + std::string(css_class) + "\" viewBox=\"0 0 100 " + std::to_string(height) +
                    "\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">";
    s += "<rect width=\"100\" height=\"" + std::to_string(height) + "\" fill=\"" + kTrack + "\"/>";
    for (const auto& [pct, colour] : fills) {
        const double w = std::clamp(std::isfinite(pct) ? pct : 0.0, 0.0, 100.0);
        if (w > 0)
            s += "<rect width=\"" + decimal(w, 2) + "\" height=\"" + std::to_string(height) + "\" fill=\"" + colour + "\"/>";
    }
    return s + "</svg>";
}

std::string swatch(const char* fill, bool outlined = false) {
    return std::string("<svg class=\"shb-swatch\" viewBox=\"0 0 14 14\" aria-hidden=\"true\" focusable=\"false\">") +
           "<rect x=\"0.5\" y=\"0.5\" width=\"13\" height=\"13\" rx=\"2\" fill=\"" + fill + "\"" +
           (outlined ? std::string(" stroke=\"") + kBorder + "\"" : std::string()) + "/></svg>";
}

std::string technique_cell(const std::string& id, const std::string& name) {
    return "<span class=\"shb-id\">" + esc(id) + "</span> " + esc(name);
}

// ---- parts ----

void header(std::string& out, const BoardReport& r, const Catalogue& cat) {
    const BoardSummary& b = r.board;
    out += "<header>\n<h1 id=\"shb-title\">" + esc(b.title) + "</h1>\n";
    out += "<p class=\"shb-sub\">" + esc(b.subtitle) + "</p>\n";
    out += "<p class=\"shb-meta\">";
    // A date as <time>; other words given as the date ("week 48") as plain text (a <time> must hold one).
    if (is_iso_date(r.date)) out += "<time datetime=\"" + esc(r.date) + "\">" + esc(r.date) + "</time> \u00b7 ";
    else if (!r.date.empty()) out += "<span>" + esc(r.date) + "</span> \u00b7 ";
    out += "MITRE ATT&amp;CK\u00ae " + esc(domain_name(cat)) + (cat.attack_version.empty() ? "" : " v" + esc(cat.attack_version));
    if (!r.from_rules)
        out += " \u00b7 scores from " + esc(r.scores_from.empty() ? std::string("a layer") : r.scores_from) +
               " (rule details are not part of it)";
    out += "</p>\n</header>\n";
}

void change_list(std::string& out, const std::vector<TechniqueChange>& rows, const Catalogue& cat) {
    out += "<ul>\n";
    const std::size_t n = std::min(rows.size(), kBoardListRows);
    for (std::size_t i = 0; i < n; ++i) {
        const TechniqueChange& c = rows[i];
        std::string tactics;
        for (const auto& t : c.tactics) tactics += (tactics.empty() ? "" : ", ") + tactic_name(cat, t);
        out += "<li>" + technique_cell(c.technique, c.name) + (tactics.empty() ? "" : " (" + esc(tactics) + ")") + ": " +
               std::to_string(c.before) + " \u2192 " + std::to_string(c.after) + "</li>\n";
    }
    if (rows.size() > n) out += "<li>\u2026 and " + std::to_string(rows.size() - n) + " more</li>\n";
    out += "</ul>\n";
}

void alert(std::string& out, const LayerDiff& d, const Catalogue& cat) {
    const bool bad = !d.dropped_below.empty() || !d.lost.empty();
    const std::string since = d.previous_name.empty() ? std::string("the previous layer") : d.previous_name;
    out += std::string("<section class=\"shb-alert") + (bad ? "" : " shb-calm") +
           "\" aria-labelledby=\"shb-alert-title\">\n<h2 id=\"shb-alert-title\">Since " + esc(since) + "</h2>\n";
    const std::string t = std::to_string(d.threshold);
    out += "<p><strong>" + plural(d.dropped_below.size(), "technique", "techniques") + " dropped below " + t +
           esc(alert_platform_words(d)) + "</strong></p>\n";
    if (!d.dropped_below.empty()) change_list(out, d.dropped_below, cat);
    if (!d.lost.empty()) {
        out += "<p>" + plural(d.lost.size(), "technique", "techniques") + " below " + t + " lost all coverage" +
               esc(alert_platform_words(d)) + "</p>\n";
        change_list(out, d.lost, cat);
    }
    out += "<p>" + plural(d.closed_gaps.size(), "gap", "gaps") + " closed (now " + t + " or more)";
    out += d.closed_gaps.empty() ? "</p>\n" : ":</p>\n";
    if (!d.closed_gaps.empty()) change_list(out, d.closed_gaps, cat);
    out += "<p class=\"shb-note\">" + plural(d.techniques.size(), "technique changed its", "techniques changed their") +
           " score in all.</p>\n</section>\n";
}

void tiles(std::string& out, const BoardSummary& b) {
    out += "<section aria-labelledby=\"shb-kpis-title\">\n<h2 id=\"shb-kpis-title\">Key figures</h2>\n<ul class=\"shb-tiles\">\n";
    for (const auto& t : b.tiles) {
        out += "<li class=\"shb-tile\"><h3>" + esc(t.label) + "</h3><p class=\"shb-value\">" + esc(t.value) + "</p>";
        if (t.percent >= 0) out += bar_svg("shb-meter", 8, {{t.percent, kWellFill}});
        out += "<p class=\"shb-detail\">" + esc(t.detail) + "</p></li>\n";
    }
    out += "</ul>\n</section>\n";
}

void tactic_bars(std::string& out, const BoardReport& r) {
    const std::string t = std::to_string(r.threshold);
    out += "<section aria-labelledby=\"shb-tactics-title\">\n<h2 id=\"shb-tactics-title\">Coverage by tactic</h2>\n";
    out += "<ul class=\"shb-legend\"><li>" + swatch(kCoveredFill) + esc(r.board.covered_legend) + "</li><li>" + swatch(kWellFill) +
           "score " + t + " or more</li></ul>\n";
    out += "<table class=\"shb-bars\">\n<thead><tr><th scope=\"col\">Tactic</th><th scope=\"col\">Coverage</th>"
           "<th scope=\"col\" class=\"shb-num\">Covered</th><th scope=\"col\" class=\"shb-num\">" + t +
           "+</th></tr></thead>\n<tbody>\n";
    for (const auto& bar : r.board.tactic_bars) {
        out += "<tr><th scope=\"row\">" + esc(bar.name.empty() ? bar.tactic : bar.name) + "</th><td class=\"shb-bar\">" +
               bar_svg("shb-barsvg", 14, {{bar.covered_pct, kCoveredFill}, {bar.threshold_pct, kWellFill}}) +
               "</td><td class=\"shb-num\">" + percent_label(bar.covered_pct, bar.total) + " <span class=\"shb-id\">(" +
               std::to_string(bar.covered) + "/" + std::to_string(bar.total) + ")</span></td><td class=\"shb-num\">" +
               percent_label(bar.threshold_pct, bar.total) + " <span class=\"shb-id\">(" + std::to_string(bar.at_threshold) +
               ")</span></td></tr>\n";
    }
    out += "</tbody>\n</table>\n</section>\n";
}

void gaps(std::string& out, const BoardReport& r) {
    const auto& rows = r.board.top_gaps;
    const PriorityWeights& w = r.weights;
    out += "<section aria-labelledby=\"shb-gaps-title\">\n<h2 id=\"shb-gaps-title\">" +
           gaps_heading(rows.size()) + "</h2>\n";
    out += "<p class=\"shb-formula\">priority = " + decimal(w.impact_weight, 2) + " \u00d7 criticality + " +
           decimal(w.threat_weight, 2) + " \u00d7 frequency \u2212 score \u00f7 " + decimal(w.coverage_divisor, 2) + "</p>\n";
    if (rows.empty()) {
        out += "<p>No gaps: every technique scores " + std::to_string(r.threshold) + " or more.</p>\n</section>\n";
        return;
    }
    const bool csv = std::any_of(rows.begin(), rows.end(), [](const GapRow& g) { return g.frequency_source == "csv"; });
    const bool selected =
        std::any_of(rows.begin(), rows.end(), [](const GapRow& g) { return g.frequency_source == "selected-threats"; });
    out += std::string("<p class=\"shb-note\">Gaps are techniques scoring below ") + std::to_string(r.threshold) +
           ". Criticality 1\u20133 comes from the most critical tactic; frequency is " +
           (csv        ? "the share of incidents from the frequency file"
            : selected ? "the share of the " + plural(r.board.threats.selected.size(), "selected threat", "selected threats") +
                             " using the technique"
                       : std::string("the share of ATT&amp;CK groups and campaigns using the technique")) +
           " (%).</p>\n";
    out += "<div class=\"shb-scroll\" role=\"region\" aria-labelledby=\"shb-gaps-title\" tabindex=\"0\">\n"
           "<table class=\"shb-gaps\">\n<thead><tr><th scope=\"col\" class=\"shb-num\">#</th><th scope=\"col\">Technique</th>"
           "<th scope=\"col\">Tactic</th><th scope=\"col\" class=\"shb-num\">Score</th>"
           "<th scope=\"col\" class=\"shb-num\">Priority</th>"
           "<th scope=\"col\" class=\"shb-num\">Criticality</th><th scope=\"col\" class=\"shb-num\">Frequency %</th>"
           "<th scope=\"col\" class=\"shb-num\">Impact</th><th scope=\"col\" class=\"shb-num\">Threat</th>"
           "<th scope=\"col\" class=\"shb-num\">\u2212 Coverage</th></tr></thead>\n<tbody>\n";
    // The priority right after the score, as in the page's Board: on a phone the table scrolls
    // sideways, and what ranks the gap stays in view; the formula's terms follow.
    for (const auto& g : rows) {
        out += "<tr><td class=\"shb-num\">" + std::to_string(g.rank) + "</td><th scope=\"row\">" +
               technique_cell(g.technique, g.name) + "</th><td>" + esc(g.tactic_name.empty() ? g.tactic : g.tactic_name) +
               "</td><td class=\"shb-num\">" + std::to_string(g.score) + "</td><td class=\"shb-num shb-priority\">" +
               data_cell(g.priority, 1) + "</td><td class=\"shb-num\">" + data_cell(g.criticality, 0) +
               "</td><td class=\"shb-num\">" + data_cell(g.frequency, 1) + "</td><td class=\"shb-num\">" +
               data_cell(g.impact_term, 1) + "</td><td class=\"shb-num\">" + data_cell(g.threat_term, 1) +
               "</td><td class=\"shb-num\">" + data_cell(g.coverage_term, 1) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</div>\n</section>\n";
}

// The threat selection: a line per threat ("Against APT29: 41 of 63 techniques covered (65%), 28
// covered well"), the whole selection's, and its uncovered techniques by priority.
void selected_threats(std::string& out, const BoardReport& r) {
    const BoardThreats& t = r.board.threats;
    if (t.lines.empty()) return;
    out += "<section class=\"shb-threats\" aria-labelledby=\"shb-threats-title\">\n<h2 id=\"shb-threats-title\">Against the "
           "selected threats</h2>\n<ul>\n";
    for (std::size_t i = 0; i < t.lines.size(); ++i) {
        const ThreatSummary& s = t.selected[i];
        out += "<li><strong>" + esc(t.lines[i]) + "</strong> <span class=\"shb-id\">(" + esc(s.id) + ", " + esc(s.kind) +
               ")</span></li>\n";
    }
    if (!t.combined_line.empty()) out += "<li>" + esc(t.combined_line) + "</li>\n";
    out += "</ul>\n";
    if (t.top_uncovered.empty()) {
        out += "<p>Every technique they use has a rule.</p>\n</section>\n";
        return;
    }
    out += "<p class=\"shb-note\">Their techniques without a rule, by gap priority (" + esc(t.frequency_note) + ").</p>\n";
    out += "<div class=\"shb-scroll shb-list\" role=\"region\" aria-labelledby=\"shb-threats-title\" tabindex=\"0\">\n"
           "<table>\n<thead><tr><th scope=\"col\" class=\"shb-num\">#</th><th scope=\"col\">Technique</th>"
           "<th scope=\"col\">Tactic</th><th scope=\"col\" class=\"shb-num\">Frequency %</th>"
           "<th scope=\"col\" class=\"shb-num\">Priority</th></tr></thead>\n<tbody>\n";
    for (const auto& g : t.top_uncovered)
        out += "<tr><td class=\"shb-num\">" + std::to_string(g.rank) + "</td><th scope=\"row\">" +
               technique_cell(g.technique, g.name) + "</th><td>" + esc(g.tactic_name.empty() ? g.tactic : g.tactic_name) +
               "</td><td class=\"shb-num\">" + data_cell(g.frequency, 0) + "</td><td class=\"shb-num shb-priority\">" +
               data_cell(g.priority, 1) + "</td></tr>\n";
    out += "</tbody>\n</table>\n</div>\n</section>\n";
}

// The adversaries we are weakest against: ATT&CK groups and campaigns by the share of their
// techniques our rules cover, lowest first.
void weakest_against(std::string& out, const BoardReport& r) {
    const ThreatRanking& w = r.board.threats.weakest;
    if (w.rows.empty()) return;
    out += "<section aria-labelledby=\"shb-weakest-title\">\n<h2 id=\"shb-weakest-title\">Weakest against</h2>\n";
    out += "<p class=\"shb-note\">ATT&amp;CK groups and campaigns using at least " + std::to_string(w.min_techniques) +
           " known techniques, by the share of those techniques our rules cover (score above 0), lowest first; " +
           std::to_string(w.ranked) + " ranked.</p>\n";
    out += "<div class=\"shb-scroll shb-list\" role=\"region\" aria-labelledby=\"shb-weakest-title\" tabindex=\"0\">\n"
           "<table>\n<thead><tr><th scope=\"col\" class=\"shb-num\">#</th><th scope=\"col\">Threat</th>"
           "<th scope=\"col\">Kind</th><th scope=\"col\" class=\"shb-num\">Covered</th>"
           "<th scope=\"col\" class=\"shb-num\">Techniques</th></tr></thead>\n<tbody>\n";
    for (const auto& x : w.rows)
        out += "<tr><td class=\"shb-num\">" + std::to_string(x.rank) + "</td><th scope=\"row\"><span class=\"shb-id\">" +
               esc(x.id) + "</span>" + (threat_name_is_id(x.name, x.id) ? std::string() : " " + esc(x.name)) + "</th><td>" + esc(x.kind) + "</td><td class=\"shb-num\">" +
               "<data value=\"" + decimal(x.covered_pct, 2) + "\">" + percent_label(x.covered_pct) + "</data></td>" +
               "<td class=\"shb-num\">" + std::to_string(x.covered) + " of " + std::to_string(x.used) + "</td></tr>\n";
    out += "</tbody>\n</table>\n</div>\n</section>\n";
}

void trend(std::string& out, const BoardReport& r) {
    const Trend& t = r.board.trend;
    const std::string th = std::to_string(t.threshold);
    out += "<section aria-labelledby=\"shb-trend-title\">\n<h2 id=\"shb-trend-title\">Trend</h2>\n";
    if (t.points.size() < 2) {
        out += "<p class=\"shb-note\">";
        if (t.points.size() == 1)
            out += "One layer so far: " + percent_label(t.points[0].covered_pct) + " of techniques covered, " +
                   percent_label(t.points[0].threshold_pct) + " score " + th + " or more. ";
        out += "Earlier layers (the page's Trends tab, or <code>--history</code>) draw the trend here.</p>\n</section>\n";
        return;
    }
    const MatrixImage chart = trend_chart_image(t, 760, 280);
    SvgElementOptions so;
    so.id_prefix = "shb-trend-";
    out += "<figure class=\"shb-figure\">\n<div class=\"shb-chart\">" + write_svg_element(chart, so) + "</div>\n</figure>\n";
    out += "<div class=\"shb-scroll shb-trend-table\" role=\"region\" aria-label=\"Trend as a table\" tabindex=\"0\">\n"
           "<table>\n<thead><tr><th scope=\"col\">Layer</th><th scope=\"col\" class=\"shb-num\">Techniques covered</th>"
           "<th scope=\"col\" class=\"shb-num\">Score " + th + " or more</th><th scope=\"col\" class=\"shb-num\">With sub-techniques</th></tr></thead>\n<tbody>\n";
    for (const auto& p : t.points) {
        std::string label = trend_point_label(p);
        if (!p.date.empty() && !p.name.empty() && p.name != p.date) label += " (" + p.name + ")";
        out += "<tr><th scope=\"row\">" + esc(label) + "</th><td class=\"shb-num\">" + data_cell(p.covered_pct, 1) +
               "</td><td class=\"shb-num\">" + data_cell(p.threshold_pct, 1) + "</td><td class=\"shb-num\">" +
               data_cell(p.all_covered_pct, 1) + "</td></tr>\n";
    }
    out += "</tbody>\n</table>\n</div>\n</section>\n";
}

template <typename Row, typename Cells>
void capped_table(std::string& out, const std::vector<Row>& rows, const char* caption, const char* head, Cells cells,
                  bool (*keep)(const Row&) = nullptr) {
    std::vector<const Row*> shown;
    std::size_t total = 0;
    for (const auto& row : rows) {
        if (keep && !keep(row)) continue;
        ++total;
        if (shown.size() < kBoardListRows) shown.push_back(&row);
    }
    out += "<div class=\"shb-scroll shb-list\">\n<table>\n<caption>" + std::string(caption) + "</caption>\n<thead><tr>" + head +
           "</tr></thead>\n<tbody>\n";
    for (const Row* row : shown) out += "<tr>" + cells(*row) + "</tr>\n";
    out += "</tbody>\n</table>\n</div>\n";
    if (total > shown.size()) out += "<p class=\"shb-note\">\u2026 and " + std::to_string(total - shown.size()) + " more.</p>\n";
}

void targets_and_baseline(std::string& out, const BoardReport& r) {
    if (!r.targets && !r.baseline) return;
    const char* title = r.targets && r.baseline ? "Targets and baseline" : r.targets ? "Targets" : "Baseline";
    out += "<section aria-labelledby=\"shb-targets-title\">\n<h2 id=\"shb-targets-title\">" + std::string(title) + "</h2>\n";
    if (r.targets) {
        const TargetReport& t = *r.targets;
        out += "<p><strong>" + std::to_string(t.met) + " of " + std::to_string(t.rows.size()) + " targets met.</strong></p>\n";
        if (t.not_met > 0)
            capped_table<TargetRow>(
                out, t.rows, "Targets not met",
                "<th scope=\"col\">Technique</th><th scope=\"col\" class=\"shb-num\">Score</th><th scope=\"col\" class=\"shb-num\">Needs</th>",
                [](const TargetRow& row) {
                    return "<th scope=\"row\">" + technique_cell(row.technique, row.name) + "</th><td class=\"shb-num\">" +
                           std::to_string(row.score) + "</td><td class=\"shb-num\">" + std::to_string(row.min_score) + "</td>";
                },
                [](const TargetRow& row) { return !row.met; });
    }
    if (r.baseline) {
        const BaselineComparison& b = *r.baseline;
        out += "<p><strong>Compared with " + esc(b.reference_name) + ":</strong> " + std::to_string(b.missing.size()) +
               " covered there but not here, " + std::to_string(b.ahead.size()) + " covered here but not there, " +
               std::to_string(b.both) + " covered by both.</p>\n";
        auto cells = [](const BaselineRow& row) {
            return "<th scope=\"row\">" + technique_cell(row.technique, row.name) + "</th><td class=\"shb-num\">" +
                   std::to_string(row.ours) + "</td><td class=\"shb-num\">" + std::to_string(row.reference) + "</td>";
        };
        const char* head = "<th scope=\"col\">Technique</th><th scope=\"col\" class=\"shb-num\">Ours</th>"
                           "<th scope=\"col\" class=\"shb-num\">Theirs</th>";
        if (!b.missing.empty()) capped_table<BaselineRow>(out, b.missing, "Covered by the baseline, not by us", head, cells);
        if (!b.ahead.empty()) capped_table<BaselineRow>(out, b.ahead, "Covered by us, not by the baseline", head, cells);
    }
    out += "</section>\n";
}

void latency(std::string& out, const LatencyReport& l) {
    out += "<section aria-labelledby=\"shb-latency-title\">\n<h2 id=\"shb-latency-title\">Detection latency</h2>\n";
    if (l.overall.alerts > 0)
        out += "<p><strong>Median " + esc(format_duration(l.overall.median_seconds)) + "</strong> from event to detection over " +
               plural(std::size_t(l.overall.alerts), "alert", "alerts") + ".</p>\n";
    else
        out += "<p>No alert matches a rule behind these scores.</p>\n";
    if (l.unmatched > 0 || l.negative > 0)
        out += "<p class=\"shb-note\">" + plural(std::size_t(l.unmatched), "alert", "alerts") + " not matched to a rule, " +
               std::to_string(l.negative) + " detected before the event (not counted).</p>\n";
    const char* head = "<th scope=\"col\">%s</th><th scope=\"col\" class=\"shb-num\">Alerts</th>"
                       "<th scope=\"col\" class=\"shb-num\">Median</th>";
    auto row = [](const LatencyStat& s) {
        return "<th scope=\"row\">" + (s.key.empty() || s.key == s.name ? esc(s.name) : technique_cell(s.key, s.name)) +
               "</th><td class=\"shb-num\">" + std::to_string(s.alerts) + "</td><td class=\"shb-num\">" +
               esc(format_duration(s.median_seconds)) + "</td>";
    };
    std::string tactic_head = head, technique_head = head;
    tactic_head.replace(tactic_head.find("%s"), 2, "Tactic");
    technique_head.replace(technique_head.find("%s"), 2, "Technique");
    auto tactic_row = [](const LatencyStat& s) {
        return "<th scope=\"row\">" + esc(s.name.empty() ? s.key : s.name) + "</th><td class=\"shb-num\">" +
               std::to_string(s.alerts) + "</td><td class=\"shb-num\">" + esc(format_duration(s.median_seconds)) + "</td>";
    };
    if (!l.tactics.empty()) capped_table<LatencyStat>(out, l.tactics, "By tactic", tactic_head.c_str(), tactic_row);
    if (!l.techniques.empty()) capped_table<LatencyStat>(out, l.techniques, "By technique", technique_head.c_str(), row);
    out += "</section>\n";
}

void heatmap(std::string& out, const BoardReport& r) {
    const BoardHeatmap& h = r.heatmap;
    // Taller than wide (many sub-techniques shown): printed on a portrait page, where it is larger.
    const bool tall = heatmap_prints_portrait(h.image.width, h.image.height);
    out += std::string("<section class=\"shb-heatmap") + (tall ? " shb-tall" : "") +
           "\" aria-labelledby=\"shb-heatmap-title\">\n<h2 id=\"shb-heatmap-title\">Heat-map</h2>\n";
    // How to read the cells on a screen; paper leaves that out (print hides .shb-screen).
    out += "<p class=\"shb-note\">Each cell is a technique under its tactic, coloured by its score; a technique's "
           "sub-techniques with a score are listed under it.<span class=\"shb-screen\"> Hover a cell, or touch and hold it, "
           "for its id, name, score and tactic; zoom in, or choose the actual size, to read the names.</span></p>\n";
    // Legend: caption, the gradient with its ticks (fixed size: it holds text), "not covered", range.
    const Legend legend = build_legend(h.gradient, 5);
    const int bar_w = 240, bar_h = 12, svg_w = bar_w + 24, svg_h = bar_h + 20;
    std::string g = "<svg class=\"shb-gradient\" width=\"" + std::to_string(svg_w) + "\" height=\"" + std::to_string(svg_h) +
                    "\" viewBox=\"0 0 " + std::to_string(svg_w) + " " + std::to_string(svg_h) +
                    "\" aria-hidden=\"true\" focusable=\"false\"><defs><linearGradient id=\"shb-legend-gradient\" x1=\"0\" "
                    "y1=\"0\" x2=\"1\" y2=\"0\">";
    const std::size_t n = legend.stops.size();
    for (std::size_t i = 0; i < n; ++i)
        g += "<stop offset=\"" + decimal(n > 1 ? double(i) / double(n - 1) : 0.0, 4) + "\" stop-color=\"" +
             to_hex(legend.stops[i]) + "\"/>";
    g += "</linearGradient></defs><rect x=\"12\" y=\"0.5\" width=\"" + std::to_string(bar_w) + "\" height=\"" +
         std::to_string(bar_h) + "\" fill=\"url(#shb-legend-gradient)\" stroke=\"" + kBorder + "\"/>";
    for (const auto& t : legend.ticks) {
        const double x = 12 + bar_w * double(t.position);
        g += "<text x=\"" + decimal(x, 1) + "\" y=\"" + std::to_string(svg_h - 2) +
             "\" font-size=\"12\" text-anchor=\"middle\" fill=\"#57606a\">" + esc(t.label) + "</text>";
    }
    g += "</svg>";
    std::string ticks;
    for (const auto& t : legend.ticks) ticks += (ticks.empty() ? "" : ", ") + t.label;
    out += "<ul class=\"shb-legend\"><li>" + esc(h.score_label) + "</li><li>" + g + "<span class=\"shb-sr\">" +
           esc(ticks) + "</span></li><li>" + swatch(kUncoveredFill, true) + "not covered</li><li>range " +
           esc(format_score(h.gradient.min)) + " to " + esc(format_score(h.gradient.max)) + "</li>";
    for (const auto& [label, colour] : h.options.legend_items)  // the layer's own legend
        out += "<li>" + swatch(to_hex(colour).c_str(), true) + esc(sanitise_text(label, 200)) + "</li>";
    out += "</ul>\n";
    SvgElementOptions so;
    so.id_prefix = "shb-map-";
    // Fitted to the width by default (the whole picture, pinch or zoom to read); "Actual size"
    // (a checkbox, no script) shows it at its natural size in a box that scrolls sideways.
    out += "<input type=\"checkbox\" id=\"shb-map-actual\" class=\"shb-toggle\"/><label for=\"shb-map-actual\" "
           "class=\"shb-toggle-label\">Actual size (scrolls sideways)</label>\n";
    out += "<div class=\"shb-matrix\" role=\"region\" aria-label=\"Heat-map: " + std::to_string(h.scored_cells) +
           " cells with a score\" tabindex=\"0\">\n" + write_svg_element(h.image, so) + "</div>\n</section>\n";
}

// The heat-map once more for paper, larger (BoardHeatmap::print_parts): hidden on a screen and
// where styles are not read, a portrait page per part when printed (board.css).
void print_parts(std::string& out, const BoardReport& r) {
    const auto& parts = r.heatmap.print_parts;
    if (parts.empty()) return;
    out += "<section class=\"shb-print-parts\" hidden=\"hidden\" aria-labelledby=\"shb-parts-title\">\n";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const std::string n = std::to_string(i + 1), of = std::to_string(parts.size());
        out += "<div class=\"shb-print-part\">\n";
        if (i == 0)
            out += "<h2 id=\"shb-parts-title\">Heat-map by technique</h2>\n<p class=\"shb-note\">The heat-map again, larger, " +
                   plural(parts.size(), "page", "pages") +
                   ": one cell per technique, coloured by its best score and that of its sub-techniques, the score "
                   "written in it; a band at a cell's right edge marks a technique with sub-techniques.</p>\n";
        out += "<h3>" + esc(parts[i].tactics) + " <span class=\"shb-note\">(" + n + " of " + of + ")</span></h3>\n";
        SvgElementOptions so;
        so.id_prefix = "shb-part" + n + "-";
        out += "<div class=\"shb-matrix\">\n" + write_svg_element(parts[i].image, so) + "</div>\n</div>\n";
    }
    out += "</section>\n";
}

void footer(std::string& out, const BoardReport& r) {
    out += "<footer>\n<p>Made with sigma-heatmap";
    out += r.from_rules ? std::string(" from Sigma rules") : " from " + esc(r.scores_from.empty() ? std::string("a layer") : r.scores_from);
    out += ". MITRE ATT&amp;CK\u00ae is a registered trademark of The MITRE Corporation. ATT&amp;CK content \u00a9 The "
           "MITRE Corporation, reproduced and distributed under MITRE's terms of use.</p>\n</footer>\n";
}

}  // namespace

std::string_view board_css() { return embedded_file("board/board.css"); }

BoardReport board_report(const ReportSet& set, BoardHeatmap heatmap, const std::string& date,
                         const std::string& scores_from) {
    BoardReport r;
    r.board = set.board;
    r.threshold = set.kpis.threshold;
    r.weights = set.weights;
    r.date = date;
    r.from_rules = set.from_rules;
    r.scores_from = set.from_rules ? std::string() : scores_from;
    r.diff = set.diff;
    r.targets = set.targets;
    r.baseline = set.baseline;
    r.latency = set.latency;
    r.heatmap = std::move(heatmap);
    return r;
}

std::string write_board_html(const BoardReport& r, const Catalogue& cat) {
    std::string out;
    out.reserve(64 * 1024 + r.heatmap.image.shapes.size() * 200);
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
           "<meta name=\"generator\" content=\"sigma-heatmap\"/>\n";
    out += "<title>" + esc(r.board.title) + "</title>\n<style>\n";
    out += board_css();
    // The one rule outside .shb, for this document alone (the page takes only its <article>): no
    // browser margin around the document, whose own padding is fitted to the screen.
    out += "body { margin: 0; background: #fbfbfc; }\n";
    out += "</style>\n</head>\n<body>\n<article class=\"shb\" id=\"shb-board\" aria-labelledby=\"shb-title\">\n";
    header(out, r, cat);
    if (r.diff) alert(out, *r.diff, cat);
    tiles(out, r.board);
    selected_threats(out, r);
    out += "<div class=\"shb-columns\">\n";
    tactic_bars(out, r);
    gaps(out, r);
    out += "</div>\n";
    trend(out, r);
    weakest_against(out, r);
    targets_and_baseline(out, r);
    if (r.latency) latency(out, *r.latency);
    heatmap(out, r);
    print_parts(out, r);
    footer(out, r);
    out += "</article>\n</body>\n</html>\n";
    return out;
}

}  // namespace sh
