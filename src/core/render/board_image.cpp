// render/board_image.cpp — the board's drawings as shape lists (see board_html.hpp): the heat-map
// taken from a layer, the trend chart, and the whole board as one picture for write_png/write_svg
// (the page's "Save as PNG" and `sigma-heatmap board --png`). Layout in layout pixels; text
// measured with the embedded font, so the PNG and the SVG agree.
#include <algorithm>
#include <cmath>

#include "core/layer_scores.hpp"
#include "core/render/board_html.hpp"
#include "core/render/matrix_layout.hpp"
#include "core/render/raster.hpp"
#include "core/render/shape_builder.hpp"

namespace sh {

namespace {

constexpr Rgb kInk{0x1f, 0x23, 0x28};
constexpr Rgb kMuted{0x57, 0x60, 0x6a};
constexpr Rgb kLine{0xd5, 0xd9, 0xe0};
constexpr Rgb kGrid{0xe3, 0xe6, 0xea};
constexpr Rgb kAxis{0x9a, 0xa1, 0xab};
constexpr Rgb kTrack{0xee, 0xf0, 0xf3};
constexpr Rgb kCovered{0x9e, 0xc9, 0xe2};
constexpr Rgb kCoveredLine{0x6f, 0xa8, 0xd0};
constexpr Rgb kWell{0x1f, 0x5f, 0xa8};
constexpr Rgb kBad{0xb4, 0x23, 0x18};
constexpr Rgb kBadBack{0xfe, 0xf3, 0xf2};
constexpr Rgb kGood{0x1a, 0x7f, 0x37};
constexpr Rgb kGoodBack{0xf0, 0xf7, 0xf1};
constexpr Rgb kWhite{0xff, 0xff, 0xff};
constexpr Rgb kUncovered{0xf3, 0xf4, 0xf6};
constexpr Rgb kBorder{0xc9, 0xcd, 0xd3};


// The longest prefix of text (whole words where possible) that fits width, "..." when cut.
std::string fit(const FontMetrics& font, const std::string& text, float px, float width) {
    const auto lines = wrap_text(sanitise_text(text, 400), width, 1, [&](std::string_view t) { return font.width(t, px); });
    return lines.empty() ? std::string() : lines.front();
}

// Appends `from`'s shapes moved by (dx, dy), leaving out its background.
void place(MatrixImage& into, const MatrixImage& from, float dx, float dy) {
    for (const Shape& s0 : from.shapes) {
        if (s0.css_class == "background") continue;
        Shape s = s0;
        s.x += dx;
        s.y += dy;
        if (s.kind == ShapeKind::Triangle || s.kind == ShapeKind::Line)
            for (int i = 0; i < 6; i += 2) s.points[i] += dx, s.points[i + 1] += dy;
        into.shapes.push_back(std::move(s));
    }
}

int scored_cells(const MatrixImage& image) {
    int n = 0;
    for (const Shape& s : image.shapes) n += s.css_class == "cell scored";
    return n;
}

}  // namespace

BoardHeatmap board_heatmap(const Layer& layer, const Catalogue& cat, const std::string& file) {
    BoardHeatmap h;
    const ScoreResult scores = layer_to_scores(layer, cat, file);
    const ImageOptions from_layer = image_options_for_layer(layer);
    ImageOptions io;
    io.frame = false;
    io.uncovered_label = "not covered";
    io.title = from_layer.title.empty() ? std::string("ATT&CK coverage heat-map") : "Heat-map of " + from_layer.title;
    io.gradient = from_layer.gradient;
    io.custom_range = true;
    io.paints = from_layer.paints;
    io.legend_items = from_layer.legend_items;  // the documents draw them in their own legend
    io.matrix.platforms = layer_platforms(layer, cat, file);  // as the Navigator shows the layer
    for (const auto& e : scores.entries)
        if (auto dot = e.technique.find('.'); dot != std::string::npos) io.matrix.expanded.push_back(e.technique.substr(0, dot));
    h.image = build_matrix_image(cat, scores, io);
    h.options = io;
    h.scores = scores;
    h.gradient = from_layer.gradient;
    h.score_label = from_layer.score_label;
    h.scored_cells = scored_cells(h.image);
    h.image.description = std::to_string(h.scored_cells) + " cells with a score";

    // Too small to read on its page: printed once more, larger, a few tactics to a page.
    if (heatmap_print_scale(h.image.width, h.image.height) * io.font_px < kPrintLegiblePx) {
        ImageOptions po = io;
        po.matrix.expanded.clear();
        po.matrix.expand_all = false;
        po.matrix.aggregate = Aggregate::Max;
        po.show_scores = true;  // the number too: paper may be grey
        const MatrixModel all = build_matrix(cat, scores, po.matrix);
        const std::size_t n = all.columns.size();
        const std::size_t pages = (n + kPrintTacticsPerPage - 1) / kPrintTacticsPerPage;
        for (std::size_t p = 0, at = 0; p < pages; ++p) {
            const std::size_t take = n / pages + (p < n % pages ? 1 : 0);  // as even as can be
            po.matrix.tactics.clear();
            for (std::size_t i = at; i < at + take; ++i) po.matrix.tactics.push_back(all.columns[i].tactic);
            BoardHeatmap::PrintPart part;
            part.tactics = all.columns[at].name + (take > 1 ? " to " + all.columns[at + take - 1].name : std::string());
            part.image = build_matrix_image(cat, scores, po);
            part.image.title = "Heat-map by technique, " + std::to_string(p + 1) + " of " + std::to_string(pages) + ": " + part.tactics;
            part.image.description = std::to_string(scored_cells(part.image)) + " techniques with a score";
            h.print_parts.push_back(std::move(part));
            at += take;
        }
    }
    return h;
}

float heatmap_print_scale(float width, float height) {
    if (width <= 0 || height <= 0) return 1;
    constexpr float px_per_mm = 96.0f / 25.4f;
    const bool tall = heatmap_prints_portrait(width, height);
    return std::min((tall ? 190.0f : 277.0f) * px_per_mm / width, (tall ? 205.0f : 140.0f) * px_per_mm / height);
}

MatrixImage trend_chart_image(const Trend& t, float width, float height) {
    MatrixImage img;
    const FontMetrics& font = image_font();
    Builder b{img, font};
    img.width = std::max(width, 200.0f);
    img.height = std::max(height, 120.0f);
    img.title = "Coverage over time";
    b.rect(0, 0, img.width, img.height, kWhite).css_class = "background";
    const float fs = 13, small = 12;
    const std::string well = "Techniques scoring " + std::to_string(t.threshold) + " or more";
    struct Series {
        std::string label;
        Rgb colour;
        std::vector<double> values;
    };
    std::vector<Series> series = {{"Techniques with a score", kCoveredLine, {}}, {well, kWell, {}}};
    for (const auto& p : t.points) {
        series[0].values.push_back(p.covered_pct);
        series[1].values.push_back(p.threshold_pct);
    }
    // Legend along the top.
    float lx = 12;
    const float ly = 10;
    for (const auto& s : series) {
        b.line(lx, ly + fs * 0.55f, lx + 18, ly + fs * 0.55f, s.colour, 3).css_class = "legend";
        b.text(s.label, lx + 24, ly, fs, kMuted).css_class = "legend";
        lx += 24 + font.width(s.label, fs) + 24;
    }
    const float left = 12 + font.width("100%", small) + 8, right = img.width - 24;
    const float top = ly + fs + 16, bottom = img.height - small - 14;
    img.description = "Techniques covered and scoring " + std::to_string(t.threshold) + " or more, in % of all techniques";
    for (int v = 0; v <= 100; v += 25) {
        const float y = bottom - (bottom - top) * float(v) / 100.0f;
        b.line(left, y, right, y, v == 0 ? kAxis : kGrid, 1).css_class = "grid";
        const std::string label = std::to_string(v) + "%";
        b.text(label, left - 6, y - small * 0.5f, small, kMuted, TextAnchor::End).css_class = "axis";
    }
    const std::size_t n = t.points.size();
    if (n == 0) return img;
    // By day when every point has a date (the page's chart and `history --chart` place them alike).
    const float inner_left = left + 12, inner_right = right - 12;
    const TrendAxis axis = trend_axis(t, inner_right - inner_left);
    auto x_at = [&](double at) { return inner_left + (inner_right - inner_left) * float(at); };
    auto x_of = [&](std::size_t i) { return x_at(axis.at[i]); };
    auto y_of = [&](double v) { return bottom - (bottom - top) * float(std::clamp(std::isfinite(v) ? v : 0.0, 0.0, 100.0) / 100.0); };
    float last_end = -1e9f;
    for (const auto& tick : axis.ticks) {
        const std::string label = sanitise_text(tick.label, 400);
        const float w = font.width(label, small);
        const float x = std::clamp(x_at(tick.at) - w / 2, 2.0f, img.width - w - 2);
        b.line(x_at(tick.at), bottom, x_at(tick.at), bottom + 4, kAxis, 1).css_class = "axis";
        if (x < last_end + 8 && !tick.keep) continue;
        b.text(label, x, bottom + 6, small, kMuted).css_class = "axis";
        last_end = x + w;
    }
    for (const auto& s : series) {
        for (std::size_t i = 1; i < n; ++i)
            b.line(x_of(i - 1), y_of(s.values[i - 1]), x_of(i), y_of(s.values[i]), s.colour, 2.5f).css_class = "series";
        for (std::size_t i = 0; i < n; ++i) {
            Shape& dot = b.rect(x_of(i) - 4, y_of(s.values[i]) - 4, 8, 8, s.colour);
            dot.radius = 4;
            dot.css_class = "point";
            dot.tooltip = sanitise_text(trend_point_label(t.points[i]) + ": " + s.label + " " + fixed_decimals(s.values[i], 1) + "%", 512);
        }
        // The last value, next to its point.
        const std::string last = percent_label(s.values.back());
        b.text(last, std::min(x_of(n - 1) + 7, img.width - font.width(last, small) - 2), y_of(s.values.back()) - small - 3,
               small, s.colour)
            .css_class = "value";
    }
    return img;
}

MatrixImage build_board_image(const BoardReport& r, const Catalogue& cat) {
    MatrixImage img;
    const FontMetrics& font = image_font();
    Builder b{img, font};
    const BoardSummary& board = r.board;
    constexpr float kMargin = 32, kGap = 16;
    // The heat-map with sub-techniques rolled up (see board_html.hpp).
    ImageOptions overview_options = r.heatmap.options;
    overview_options.matrix.expanded.clear();
    overview_options.matrix.expand_all = false;
    const MatrixImage overview = r.heatmap.options.frame ? MatrixImage{}
                                                         : build_matrix_image(cat, r.heatmap.scores, overview_options);
    const float width = std::ceil(std::max(1280.0f, overview.width + 2 * kMargin));
    const float inner = width - 2 * kMargin;
    img.width = width;
    img.title = sanitise_text(board.title, 1024);
    img.description = sanitise_text(board.subtitle, 1024);
    b.rect(0, 0, width, 0, kWhite).css_class = "background";  // height at the end
    float y = kMargin;

    auto heading = [&](const std::string& text, float x, float w) {
        b.text(fit(font, text, 20, w), x, y, 20, kInk).css_class = "heading";
        y += 20 + 10;
    };

    // ---- title, subtitle, date and ATT&CK version ----
    b.text(fit(font, board.title, 30, inner), kMargin, y, 30, kInk).css_class = "title";
    y += 30 + 8;
    b.text(fit(font, board.subtitle, 16, inner), kMargin, y, 16, kMuted).css_class = "subtitle";
    y += 16 + 6;
    {
        std::string meta = r.date.empty() ? std::string() : r.date + " \u00b7 ";
        std::string d = cat.domain == "mobile-attack" ? "Mobile" : cat.domain == "ics-attack" ? "ICS" : "Enterprise";
        meta += "MITRE ATT&CK\u00ae " + d + (cat.attack_version.empty() ? "" : " v" + cat.attack_version);
        if (!r.from_rules) meta += " \u00b7 scores from " + (r.scores_from.empty() ? std::string("a layer") : r.scores_from);
        b.text(fit(font, meta, 14, inner), kMargin, y, 14, kMuted).css_class = "meta";
        y += 14 + 18;
    }

    // ---- the alert since the previous layer ----
    if (r.diff) {
        const LayerDiff& d = *r.diff;
        const bool bad = !d.dropped_below.empty() || !d.lost.empty();
        std::vector<std::pair<std::string, bool>> lines;  // text, strong
        const std::string th = std::to_string(d.threshold);
        const auto count = [](std::size_t n, const char* one, const char* many) {
            return std::to_string(n) + " " + (n == 1 ? one : many);
        };
        lines.push_back({count(d.dropped_below.size(), "technique", "techniques") + " dropped below " + th +
                             alert_platform_words(d) + " since " +
                             (d.previous_name.empty() ? std::string("the previous layer") : d.previous_name),
                         true});
        auto add = [&](const std::vector<TechniqueChange>& rows) {
            for (std::size_t i = 0; i < rows.size() && i < 8; ++i)
                lines.push_back({"\u2022 " + rows[i].technique + " " + rows[i].name + ": " + std::to_string(rows[i].before) +
                                     " \u2192 " + std::to_string(rows[i].after),
                                 false});
            if (rows.size() > 8) lines.push_back({"\u2026 and " + std::to_string(rows.size() - 8) + " more", false});
        };
        add(d.dropped_below);
        if (!d.lost.empty()) {
            lines.push_back({count(d.lost.size(), "technique", "techniques") + " below " + th + " lost all coverage" +
                                 alert_platform_words(d),
                             true});
            add(d.lost);
        }
        lines.push_back({count(d.closed_gaps.size(), "gap", "gaps") + " closed (now " + th + " or more)", false});
        const float h = 12 + float(lines.size()) * 22 + 8;
        Shape& box = b.rect(kMargin, y, inner, h, bad ? kBadBack : kGoodBack);
        box.radius = 4;
        box.css_class = "alert";
        b.rect(kMargin, y, 4, h, bad ? kBad : kGood).css_class = "alert";
        float ly = y + 12;
        for (const auto& [text, strong] : lines) {
            b.text(fit(font, text, strong ? 16 : 14, inner - 40), kMargin + 20, ly, strong ? 16 : 14, strong ? kInk : kMuted)
                .css_class = "alert";
            ly += 22;
        }
        y += h + 20;
    }

    // ---- KPI tiles ----
    if (!board.tiles.empty()) {
        const std::size_t n = board.tiles.size();
        const float tw = (inner - kGap * float(n - 1)) / float(n), th = 124;
        for (std::size_t i = 0; i < n; ++i) {
            const KpiTile& t = board.tiles[i];
            const float x = kMargin + float(i) * (tw + kGap), pad = 14;
            Shape& tile = b.rect(x, y, tw, th, kWhite);
            tile.stroke = kLine;
            tile.stroke_width = 1;
            tile.radius = 8;
            tile.css_class = "tile";
            b.text(fit(font, t.label, 14, tw - 2 * pad), x + pad, y + pad, 14, kMuted).css_class = "tile-label";
            b.text(fit(font, t.value, 32, tw - 2 * pad), x + pad, y + pad + 20, 32, kInk).css_class = "tile-value";
            float ty = y + pad + 20 + 32 + 8;
            if (t.percent >= 0) {
                b.rect(x + pad, ty, tw - 2 * pad, 8, kTrack).css_class = "tile-bar";
                const float f = float(std::clamp(t.percent, 0.0, 100.0) / 100.0);
                if (f > 0) b.rect(x + pad, ty, (tw - 2 * pad) * f, 8, kWell).css_class = "tile-bar";
                ty += 8 + 6;
            }
            const auto lines = wrap_text(sanitise_text(t.detail, 400), tw - 2 * pad, t.percent >= 0 ? 1 : 2,
                                         [&](std::string_view s) { return font.width(s, 13); });
            for (const auto& l : lines) {
                b.text(l, x + pad, ty, 13, kMuted).css_class = "tile-detail";
                ty += 16;
            }
        }
        y += th + 28;
    }

    // ---- coverage by tactic (left) and top gaps (right) ----
    const float left_w = std::floor(inner * 0.38f), col_gap = 40, right_x = kMargin + left_w + col_gap;
    const float right_w = inner - left_w - col_gap;
    const float top = y;
    {
        y = top;
        heading("Coverage by tactic", kMargin, left_w);
        float lx = kMargin;
        for (const auto& [colour, text] : {std::pair<Rgb, std::string>{kCovered, r.board.covered_legend},
                                           {kWell, "score " + std::to_string(r.threshold) + " or more"}}) {
            b.rect(lx, y + 1, 12, 12, colour).radius = 2;
            b.text(text, lx + 18, y, 13, kMuted).css_class = "legend";
            lx += 18 + font.width(text, 13) + 20;
        }
        y += 13 + 12;
        float name_w = 0;
        for (const auto& t : board.tactic_bars) name_w = std::max(name_w, font.width(t.name, 14));
        name_w = std::min(name_w + 12, left_w * 0.4f);
        const float label_w = font.width("100% (999/999)", 13) + 10;
        const float bar_w = std::max(60.0f, left_w - name_w - label_w);
        for (const auto& t : board.tactic_bars) {
            b.text(fit(font, t.name.empty() ? t.tactic : t.name, 14, name_w - 8), kMargin, y + 3, 14, kInk).css_class = "tactic";
            const float bx = kMargin + name_w;
            b.rect(bx, y + 4, bar_w, 14, kTrack).css_class = "bar";
            const float fc = float(std::clamp(t.covered_pct, 0.0, 100.0) / 100.0);
            const float fw = float(std::clamp(t.threshold_pct, 0.0, 100.0) / 100.0);
            if (fc > 0) b.rect(bx, y + 4, bar_w * fc, 14, kCovered).css_class = "bar";
            if (fw > 0) b.rect(bx, y + 4, bar_w * fw, 14, kWell).css_class = "bar";
            b.text(percent_label(t.covered_pct, t.total) + " (" + std::to_string(t.covered) + "/" + std::to_string(t.total) + ")",
                   bx + bar_w + 10, y + 4, 13, kMuted)
                .css_class = "bar-label";
            y += 24;
        }
    }
    const float left_bottom = y;
    {
        y = top;
        const auto& rows = board.top_gaps;
        heading(gaps_heading(rows.size()), right_x, right_w);
        const PriorityWeights& w = r.weights;
        b.text(fit(font,
                   "priority = " + format_score(w.impact_weight) + " \u00d7 criticality + " + format_score(w.threat_weight) +
                       " \u00d7 frequency \u2212 score \u00f7 " + format_score(w.coverage_divisor),
                   13, right_w),
               right_x, y, 13, kMuted)
            .css_class = "formula";
        y += 13 + 12;
        if (rows.empty()) {
            b.text("No gaps: every technique scores " + std::to_string(r.threshold) + " or more.", right_x, y, 14, kInk);
            y += 24;
        } else {
            const char* heads[] = {"#", "Technique", "Tactic", "Score", "Priority", "Crit.", "Freq. %", "Impact", "Threat", "\u2212Cov."};
            const float num_w = 62, rank_w = 28, tactic_w = 150;
            const float tech_w = std::max(120.0f, right_w - rank_w - tactic_w - 7 * num_w);
            std::vector<float> xs = {right_x, right_x + rank_w, right_x + rank_w + tech_w};
            for (int i = 0; i < 7; ++i) xs.push_back(xs[2] + tactic_w + num_w * float(i + 1));  // right edges of numbers
            auto cell = [&](int col, const std::string& text, float px, Rgb colour) {
                if (col == 0 || col >= 3) {
                    const float edge = col == 0 ? right_x + rank_w - 8 : xs[std::size_t(col)];
                    b.text(text, edge - 4, y, px, colour, TextAnchor::End).css_class = "gap";
                } else {
                    const float cw = col == 1 ? tech_w : tactic_w;
                    b.text(fit(font, text, px, cw - 10), xs[std::size_t(col)], y, px, colour).css_class = "gap";
                }
            };
            for (int i = 0; i < 10; ++i) cell(i, heads[i], 13, kMuted);
            y += 13 + 6;
            b.rect(right_x, y, right_w, 2, kLine);
            y += 6;
            for (const auto& g : rows) {
                cell(0, std::to_string(g.rank), 14, kMuted);
                cell(1, g.technique + " " + g.name, 14, kInk);
                cell(2, g.tactic_name.empty() ? g.tactic : g.tactic_name, 14, kInk);
                cell(3, std::to_string(g.score), 14, kInk);
                cell(4, fixed_decimals(g.priority, 1), 14, kWell);  // after the score, as in the page and the document
                cell(5, format_score(g.criticality), 14, kInk);
                cell(6, fixed_decimals(g.frequency, 1), 14, kInk);
                cell(7, fixed_decimals(g.impact_term, 1), 14, kInk);
                cell(8, fixed_decimals(g.threat_term, 1), 14, kInk);
                cell(9, fixed_decimals(g.coverage_term, 1), 14, kInk);
                y += 14 + 6;
                b.rect(right_x, y, right_w, 1, kLine);
                y += 5;
            }
        }
    }
    y = std::max(y, left_bottom) + 24;

    // ---- trend ----
    heading("Trend", kMargin, inner);
    if (board.trend.points.size() >= 2) {
        const MatrixImage chart = trend_chart_image(board.trend, std::min(inner, 1400.0f), 280);
        Shape& frame = b.rect(kMargin, y, chart.width, chart.height, kWhite);
        frame.stroke = kLine;
        frame.stroke_width = 1;
        frame.radius = 8;
        place(img, chart, kMargin, y);
        y += chart.height + 24;
    } else {
        std::string note;
        if (board.trend.points.size() == 1)
            note = "One layer so far: " + percent_label(board.trend.points[0].covered_pct) + " of techniques covered, " +
                   percent_label(board.trend.points[0].threshold_pct) + " score " + std::to_string(board.trend.threshold) + " or more. ";
        note += "Earlier layers draw the trend here.";
        b.text(fit(font, note, 14, inner), kMargin, y, 14, kMuted);
        y += 14 + 24;
    }

    // ---- targets, baseline, latency: the summary lines and the first rows ----
    auto list_lines = [&](const std::string& title, const std::vector<std::string>& lines, std::size_t total) {
        b.text(fit(font, title, 15, inner), kMargin, y, 15, kInk);
        y += 15 + 8;
        for (const auto& l : lines) {
            b.text(fit(font, l, 13, inner - 16), kMargin + 16, y, 13, kMuted);
            y += 13 + 6;
        }
        if (total > lines.size()) {
            b.text("\u2026 and " + std::to_string(total - lines.size()) + " more", kMargin + 16, y, 13, kMuted);
            y += 13 + 6;
        }
        y += 8;
    };
    if (r.targets || r.baseline || r.latency) {
        heading(r.latency && (r.targets || r.baseline) ? "Targets, baseline and detection latency"
                : r.latency                             ? "Detection latency"
                : r.targets && r.baseline               ? "Targets and baseline"
                : r.targets                             ? "Targets"
                                                        : "Baseline",
                kMargin, inner);
    }
    constexpr std::size_t kImageRows = 10;
    if (r.targets) {
        std::vector<std::string> lines;
        std::size_t total = 0;
        for (const auto& t : r.targets->rows)
            if (!t.met && total++ < kImageRows)
                lines.push_back(t.technique + " " + t.name + ": " + std::to_string(t.score) + " (needs " +
                                std::to_string(t.min_score) + ")");
        list_lines(std::to_string(r.targets->met) + " of " + std::to_string(r.targets->rows.size()) + " targets met", lines, total);
    }
    if (r.baseline) {
        const BaselineComparison& bl = *r.baseline;
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < bl.missing.size() && i < kImageRows; ++i)
            lines.push_back(bl.missing[i].technique + " " + bl.missing[i].name + ": theirs " +
                            std::to_string(bl.missing[i].reference));
        list_lines("Compared with " + bl.reference_name + ": " + std::to_string(bl.missing.size()) +
                       " covered there but not here, " + std::to_string(bl.ahead.size()) + " covered here but not there, " +
                       std::to_string(bl.both) + " both",
                   lines, bl.missing.size());
    }
    if (r.latency) {
        const LatencyReport& l = *r.latency;
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < l.tactics.size() && i < kImageRows; ++i)
            lines.push_back(l.tactics[i].name + ": " + format_duration(l.tactics[i].median_seconds) + " over " +
                            plural(std::size_t(std::max(0, l.tactics[i].alerts)), "alert", "alerts"));
        list_lines(l.overall.alerts > 0 ? "Median detection latency " + format_duration(l.overall.median_seconds) + " over " +
                                              plural(std::size_t(l.overall.alerts), "alert", "alerts")
                                        : std::string("No alert matches a rule behind these scores"),
                   lines, l.tactics.size());
    }
    if (r.targets || r.baseline || r.latency) y += 8;

    // ---- heat-map: legend, then the matrix ----
    heading("Heat-map", kMargin, inner);
    {
        const BoardHeatmap& h = r.heatmap;
        const Legend legend = build_legend(h.gradient, 5);
        float x = kMargin;
        const std::string label = sanitise_text(h.score_label, 200);
        b.text(label, x, y, 13, kInk).css_class = "legend";
        x += font.width(label, 13) + 12;
        Shape bar;
        bar.kind = ShapeKind::GradientBar;
        bar.x = x, bar.y = y + 1, bar.w = 240, bar.h = 12;
        bar.stops = legend.stops;
        bar.css_class = "legend";
        img.shapes.push_back(bar);
        b.outline(x, y + 1, 240, 12, kBorder, 1).css_class = "legend";
        for (const auto& t : legend.ticks) {
            const float tx = x + 240 * t.position, tw = font.width(t.label, 12);
            b.text(t.label, std::clamp(tx - tw / 2, x - tw / 2, x + 240 - tw / 2), y + 16, 12, kMuted).css_class = "legend";
        }
        x += 240 + 24;
        Shape& sw = b.rect(x, y + 1, 20, 12, kUncovered);
        sw.stroke = kBorder;
        sw.stroke_width = 1;
        x += 28;
        b.text("not covered", x, y, 13, kInk).css_class = "legend";
        x += font.width("not covered", 13) + 20;
        b.text("range " + format_score(h.gradient.min) + " to " + format_score(h.gradient.max), x, y, 13, kMuted)
            .css_class = "legend";
        y += 16 + 12 + 14;
        if (!h.options.legend_items.empty()) y = add_legend_items(b, h.options.legend_items, kMargin, y, inner, 13, kBorder, kInk) + 6;
        b.text("Sub-techniques are rolled up into their technique (its best score); the HTML board shows them.", kMargin,
               y, 13, kMuted)
            .css_class = "legend";
        y += 13 + 12;
        place(img, overview, kMargin - 2, y);
        y += overview.height + 20;
    }

    b.text(fit(font, "sigma-heatmap \u00b7 MITRE ATT&CK\u00ae is a registered trademark of The MITRE Corporation; ATT&CK "
                     "content \u00a9 The MITRE Corporation",
               11, inner),
           kMargin, y, 11, kMuted)
        .css_class = "footer";
    y += 11 + kMargin;
    img.height = std::ceil(y);
    img.shapes.front().h = img.height;
    return img;
}

}  // namespace sh
