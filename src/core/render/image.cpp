// render/image.cpp — see image.hpp. Sizes, colours and placement follow the page's matrix view
// (src/app/view_matrix.cpp) at display scale 1 and zoom 1, so an exported image looks like the
// page: same cell sizes, padding, wrapping (same font metrics), palette and header style.
#include "core/render/image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/diagnostics.hpp"
#include "core/render/raster.hpp"
#include "core/render/shape_builder.hpp"
#include "core/report.hpp"

namespace sh {

namespace {

// The page's colours (view_matrix.cpp).
constexpr Rgb kBorder{0xc9, 0xcd, 0xd3};
constexpr Rgb kHeaderBg{0x2f, 0x3b, 0x4c};
constexpr Rgb kHeaderText{0xff, 0xff, 0xff};
constexpr Rgb kHeaderCount{0xcf, 0xd8, 0xe3};
constexpr Rgb kSearch{0x15, 0x65, 0xc0};
// The image's own frame: title, subtitle, KPI line, legend, footer.
constexpr Rgb kInk{0x1f, 0x23, 0x28};
constexpr Rgb kMuted{0x57, 0x60, 0x6a};
constexpr Rgb kFaint{0x6e, 0x77, 0x81};
constexpr Rgb kBlack{0, 0, 0};

constexpr float kMargin = 24;
constexpr float kTitlePx = 28;
constexpr float kSubtitlePx = 14;
constexpr float kKpiPx = 16;
constexpr float kFooterPx = 11;
constexpr float kLegendBarW = 260;
constexpr float kLegendBarH = 12;
// Text longer than this is cut before it is wrapped (wrapping is quadratic in the length, and no
// line of the image shows more than ~250 characters).
constexpr std::size_t kMaxLine = 400;

}  // namespace

std::string sanitise_text(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 4);
    for (std::size_t i = 0; i < text.size();) {
        uint32_t cp = next_code_point(text, i);
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) cp = ' ';
        if (cp == 0xFFFE || cp == 0xFFFF) cp = 0xFFFD;  // not allowed in XML
        std::string enc;
        append_utf8(enc, cp);
        if (out.size() + enc.size() > max_bytes) {
            out += "...";
            break;
        }
        out += enc;
    }
    return out;
}

std::string image_kpi_line(const Catalogue& cat, const ScoreResult& scores, const std::vector<std::string>& platforms,
                           int rules) {
    // The numbers are the reports' (report.hpp), so the image, the board view and `layer --report` agree.
    KpiOptions opt;
    opt.platforms = platforms;
    const Kpis k = compute_coverage_kpis(coverage_from_scores(scores, ""), cat, opt);
    int tactics_with = 0, tactics = 0;  // of the tactics with a technique on the platforms
    for (const auto& t : k.tactics) tactics_with += t.all.covered > 0, tactics += t.all.total > 0;
    std::string s = std::to_string(k.techniques.covered) + " of " + std::to_string(k.techniques.total) +
                    " techniques covered (" + percent_label(k.techniques.covered_pct()) + ") \u00b7 " +
                    std::to_string(k.all.covered) + " of " + std::to_string(k.all.total) +
                    " with sub-techniques (" + percent_label(k.all.covered_pct()) + ") \u00b7 " + std::to_string(tactics_with) +
                    " of " + std::to_string(tactics) + " tactics";
    if (rules >= 0) s += " \u00b7 " + std::to_string(rules) + (rules == 1 ? " rule" : " rules");
    return s;
}

MatrixImage build_matrix_image(const Catalogue& cat, const ScoreResult& scores, const ImageOptions& o) {
    MatrixImage img;
    const FontMetrics& font = image_font();
    Builder b{img, font};
    const float fs = o.font_px > 4 && o.font_px < 200 ? o.font_px : 13;
    const float pad = 4;  // the page's cell_pad at zoom 1
    const auto measure = [&](std::string_view t) { return font.width(t, fs); };
    const bool side = o.layout == MatrixLayout::Side;

    // ---- the matrix: model and geometry exactly as the page computes them ----
    const MatrixModel model = build_matrix(cat, scores, o.matrix);
    MatrixMetrics m;
    m.column_gap = 6;
    m.row_gap = 2;
    m.sub_indent = 14;
    if (side) {
        m.cell_width = o.show_names ? 184 : (o.show_scores ? 100 : 84);
        m.cell_height = std::ceil(fs * (o.show_names ? 2 : 1) + 2 * pad);
        m.header_height = std::ceil(fs * 3 + 3 * pad);
    } else {
        m.header_height = std::ceil(fs * 4 + 3 * pad);
        m.mini_gap = 2;
        m.mini_cell = std::clamp(o.mini_cell, 4.0f, 64.0f);
        if (o.mini_per_row > 0) {
            m.mini_per_row = std::min(o.mini_per_row, 12);
        } else {
            // Auto: columns wide enough for the longest word of any tactic name, so headers wrap
            // at spaces instead of being cut ("Reconnaissance" needs about 7 squares of 16 px).
            float widest = 0;
            for (const auto& col : model.columns) {
                std::size_t i = 0;
                while (i < col.name.size()) {
                    std::size_t j = col.name.find(' ', i);
                    if (j == std::string::npos) j = col.name.size();
                    widest = std::max(widest, measure(std::string_view(col.name).substr(i, j - i)));
                    i = j + 1;
                }
            }
            const float step = m.mini_cell + m.mini_gap;
            m.mini_per_row = std::clamp(int(std::ceil((widest + 2 * pad + m.mini_gap) / step)), 3, 12);
        }
    }
    const MatrixGeometry geo = layout_matrix(model, o.layout, m);
    const float strip_w = 13;  // the page's strip_width at zoom 1

    // ---- header block ----
    const std::string title = o.title.empty() ? std::string("ATT&CK coverage") : o.title;
    std::string subtitle = o.date;
    {
        std::string data = "MITRE ATT&CK\u00ae";
        if (!cat.domain.empty()) {
            std::string d = cat.domain;
            if (d == "enterprise-attack") d = "Enterprise";
            else if (d == "mobile-attack") d = "Mobile";
            else if (d == "ics-attack") d = "ICS";
            data += " " + d;
        }
        if (!cat.attack_version.empty()) data += " v" + cat.attack_version;
        subtitle += (subtitle.empty() ? "" : " \u00b7 ") + data;
    }
    const int rules = o.rules >= 0 ? o.rules : (scores.rules_scored > 0 ? scores.rules_scored : -1);
    const std::string kpi = o.kpi_line.empty() ? image_kpi_line(cat, scores, o.matrix.platforms, rules) : o.kpi_line;

    const Gradient& g = o.gradient;
    const Legend legend = build_legend(g, 5);
    const std::string score_label = sanitise_text(o.score_label, 200);
    const std::string range_text = o.custom_range ? "range " + format_score(g.min) + " .. " + format_score(g.max)
                                                  : "range " + format_score(g.min) + " .. highest score (" +
                                                        format_score(g.max) + ")";
    const float tick_px = std::round(fs * 0.85f);
    const float label_w = b.width(score_label, fs);
    const std::string uncovered = sanitise_text(o.uncovered_label, 200);
    const float legend_w = label_w + 10 + kLegendBarW + 20 + kLegendBarH * 1.6f + 6 + b.width(uncovered, fs) + 16 +
                           b.width(range_text, fs);

    // The image is as wide as the matrix, or the header lines if wider (a title is cut to fit 1600 px).
    const float kpi_w = b.width(sanitise_text(kpi, kMaxLine), kKpiPx);
    const float sub_w = b.width(sanitise_text(subtitle, kMaxLine), kSubtitlePx);
    float content_w = std::max({geo.width, legend_w, std::min(kpi_w, 1600.0f), std::min(sub_w, 1600.0f), 320.0f});
    const std::string title_line = [&] {
        const float title_w = b.width(sanitise_text(title, kMaxLine), kTitlePx);
        content_w = std::max(content_w, std::min(title_w, 1600.0f));
        auto lines = wrap_text(sanitise_text(title, kMaxLine), content_w, 1, [&](std::string_view t) { return font.width(t, kTitlePx); });
        return lines.empty() ? std::string() : lines.front();
    }();
    auto fit_line = [&](const std::string& s, float px) {
        auto lines = wrap_text(sanitise_text(s, kMaxLine), content_w, 1, [&](std::string_view t) { return font.width(t, px); });
        return lines.empty() ? std::string() : lines.front();
    };

    const float margin = o.frame ? kMargin : 2;
    if (!o.frame) content_w = geo.width;
    img.width = std::ceil(content_w + 2 * margin);
    img.title = sanitise_text(title, 1024);
    img.description = sanitise_text(subtitle + ". " + kpi, 2048);
    b.rect(0, 0, img.width, 0, img.background).css_class = "background";  // height set at the end

    float y = margin;
    if (o.frame) {
        b.text(title_line, kMargin, y, kTitlePx, kInk).css_class = "title";
        y += kTitlePx + 6;
        b.text(fit_line(subtitle, kSubtitlePx), kMargin, y, kSubtitlePx, kMuted).css_class = "subtitle";
        y += kSubtitlePx + 6;
        b.text(fit_line(kpi, kKpiPx), kMargin, y, kKpiPx, kInk).css_class = "kpi";
        y += kKpiPx + 12;

        // Legend: caption, gradient bar with ticks, the "no rules" swatch, the range.
        {
            float x = kMargin;
            b.text(score_label, x, y, fs, kInk).css_class = "legend";
            x += label_w + 10;
            const float bar_y = y + std::floor((fs - kLegendBarH) / 2);
            Shape bar;
            bar.kind = ShapeKind::GradientBar;
            bar.x = x, bar.y = bar_y, bar.w = kLegendBarW, bar.h = kLegendBarH;
            bar.stops = legend.stops;
            bar.css_class = "legend";
            bar.id = "legend-bar";
            img.shapes.push_back(bar);
            b.outline(x, bar_y, kLegendBarW, kLegendBarH, kBorder, 1).css_class = "legend";
            for (const auto& t : legend.ticks) {
                const float tx = x + kLegendBarW * t.position;
                b.rect(std::round(tx) - 0.5f, bar_y + kLegendBarH, 1, 3, kBorder).css_class = "legend";
                const float tw = b.width(t.label, tick_px);
                const float lx = std::clamp(tx - tw / 2, x - tw / 2, x + kLegendBarW - tw / 2);
                b.text(t.label, lx, bar_y + kLegendBarH + 3, tick_px, kMuted).css_class = "legend";
            }
            x += kLegendBarW + 20;
            Shape& sw = b.rect(x, bar_y, kLegendBarH * 1.6f, kLegendBarH, kCellUncovered);
            sw.stroke = kBorder;
            sw.stroke_width = 1;
            sw.css_class = "legend";
            x += kLegendBarH * 1.6f + 6;
            b.text(uncovered, x, y, fs, kInk).css_class = "legend";
            x += b.width(uncovered, fs) + 16;
            b.text(range_text, x, y, fs, kMuted).css_class = "legend";
            y = bar_y + kLegendBarH + 3 + tick_px + 14;
        }
        // The layer's own legend items, as the Navigator's SVG export draws them.
        if (!o.legend_items.empty()) y = add_legend_items(b, o.legend_items, kMargin, y, content_w, fs, kBorder, kInk) + 6;
    }

    // ---- matrix ----
    const float ox = margin, oy = std::ceil(y);
    for (const CellBox& box : geo.cells) {
        const MatrixColumn& col = model.columns[std::size_t(box.column)];
        const MatrixCell& cell = col.cells[std::size_t(box.cell)];
        const float x0 = ox + box.x, y0 = oy + box.y, x1 = x0 + box.w, y1 = y0 + box.h;
        const CellColours colours = cell_colours(cell, col.tactic, g, o.paints);
        const Rgb bg = colours.bg, fg = colours.fg;
        {
            Shape& s = b.rect(x0, y0, box.w, box.h, bg);
            s.stroke = kBorder;
            s.stroke_width = 1;
            s.radius = side ? 0.0f : (cell.depth ? 3.0f : 0.0f);
            s.id = "cell-" + col.tactic + "-" + cell.id;
            s.css_class = cell.has_score ? "cell scored" : "cell";
            s.tooltip = cell.id + " " + cell.name + " \u00b7 " + col.name + " \u00b7 " +
                        (cell.has_score ? "score " + format_score(cell.score) : uncovered);
            if (cell.depth == 0 && cell.subtechniques > 0)
                s.tooltip += " \u00b7 sub-techniques covered " + std::to_string(cell.subtechniques_covered) + " of " +
                             std::to_string(cell.subtechniques);
            s.tooltip = sanitise_text(s.tooltip, 1024);
        }
        if (side) {
            if (cell.depth == 1)
                b.rect(x0 - m.sub_indent * 0.5f - 0.75f, y0 - m.row_gap, 1.5f, box.h + m.row_gap, kBorder).css_class =
                    "guide";
            if (cell.subtechniques > 0) {
                const float sx = x1 - strip_w;
                b.rect(sx, y0 + 1, strip_w - 1, box.h - 2, kBlack, 28).css_class = "strip";
                const float cx = sx + strip_w * 0.5f, cy = (y0 + y1) * 0.5f, r = strip_w * 0.28f;
                if (cell.expanded)
                    b.triangle(cx - r, cy - r * 0.6f, cx + r, cy - r * 0.6f, cx, cy + r * 0.8f, fg, 200);
                else
                    b.triangle(cx - r * 0.6f, cy - r, cx - r * 0.6f, cy + r, cx + r * 0.8f, cy, fg, 200);
            }
            const float score_w = o.show_scores ? measure("100.0") + pad : 0;
            const float text_w = box.w - 2 * pad - score_w - (cell.subtechniques > 0 ? strip_w : 0);
            const auto lines = wrap_text(sanitise_text(cell_label(cell, o.show_ids || !o.show_names, o.show_names), kMaxLine),
                                         text_w, o.show_names ? 2 : 1, measure);
            const float text_h = fs * float(lines.size());
            float ty = y0 + std::max(pad, (box.h - text_h) * 0.5f);
            for (const auto& l : lines) {
                b.text(l, x0 + pad, ty, fs, fg).css_class = "label";
                ty += fs;
            }
            if (o.show_scores && cell.has_score)
                b.text(format_score(cell.score), x1 - pad - (cell.subtechniques > 0 ? strip_w : 0), y0 + (box.h - fs) * 0.5f,
                       fs, fg, TextAnchor::End)
                    .css_class = "score";
        } else if (cell.depth == 0 && cell.expanded) {
            b.rect(x0 + 1, y1 - 3, box.w - 2, 2, fg, 160).css_class = "expanded";
        }
        if (!o.matrix.search.empty() && (cell.search_match || (cell.search_match_below && !cell.expanded))) {
            Shape& s = b.outline(x0 + 1, y0 + 1, box.w - 2, box.h - 2, kSearch, cell.search_match ? 3.0f : 1.5f);
            s.radius = side ? 0.0f : (cell.depth ? 3.0f : 0.0f);
            s.css_class = "search";
        }
    }

    // Tactic headers: name (wrapped) and the technique count, as the page's sticky headers.
    const float count_px = fs * 0.9f;
    for (std::size_t i = 0; i < geo.headers.size(); ++i) {
        const HeaderBox& h = geo.headers[i];
        const MatrixColumn& col = model.columns[i];
        const float x0 = ox + h.x, y0 = oy + h.y, y1 = y0 + h.h;
        Shape& bg = b.rect(x0, y0 + pad * 0.5f, h.w, h.h - pad, kHeaderBg);
        bg.radius = 3;
        bg.css_class = "header";
        bg.id = "header-" + col.tactic;
        bg.tooltip = sanitise_text(col.name + (col.tactic_id.empty() ? "" : "  " + col.tactic_id) + " \u00b7 " +
                                       plural(std::size_t(col.techniques), "technique", "techniques") + ", " +
                                       std::to_string(col.covered) + " with rules",
                                   1024);
        const auto lines = wrap_text(sanitise_text(col.name, kMaxLine), h.w - 2 * pad, side ? 2 : 3, measure);
        float ty = y0 + pad;
        for (const auto& l : lines) {
            b.text(l, x0 + pad, ty, fs, kHeaderText).css_class = "header";
            ty += fs;
        }
        // The page clips the count to the column; here the longest form that fits is chosen.
        const std::string covered = std::to_string(col.covered), total = std::to_string(col.techniques);
        std::vector<std::string> forms;
        if (side) forms.push_back(plural(std::size_t(col.techniques), "technique", "techniques") + " \u00b7 " + covered + " covered");
        forms.push_back(covered + "/" + total + " covered");
        forms.push_back(covered + "/" + total);
        std::string count = forms.back();
        for (const auto& f : forms)
            if (b.width(f, count_px) <= h.w - 1.5f * pad) {
                count = f;
                break;
            }
        b.text(count, x0 + pad, y1 - pad - fs, count_px, kHeaderCount).css_class = "header-count";
    }

    if (!o.frame) {
        img.height = std::ceil(oy + geo.height + margin);
        img.shapes.front().h = img.height;
        return img;
    }
    y = oy + geo.height + 14;
    b.text(fit_line("sigma-heatmap  \u00b7  MITRE ATT&CK\u00ae data \u00a9 The MITRE Corporation", kFooterPx), kMargin, y,
           kFooterPx, kFaint)
        .css_class = "footer";
    y += kFooterPx + kMargin;
    img.height = std::ceil(y);
    img.shapes.front().h = img.height;
    return img;
}

float add_legend_items(Builder& b, const std::vector<std::pair<std::string, Rgb>>& items, float x0, float top, float width,
                       float px, Rgb border, Rgb ink) {
    const float sw_h = 12, sw_w = sw_h * 1.6f, line_h = px + 8;
    float x = x0, y = top;
    for (const auto& [text, colour] : items) {
        std::string label = sanitise_text(text, 200);
        const float room = std::max(width - sw_w - 6, 1.0f);
        if (b.width(label, px) > room) {
            auto lines = wrap_text(label, room, 1, [&](std::string_view t) { return b.width(t, px); });
            label = lines.empty() ? std::string() : lines.front();
        }
        const float item_w = sw_w + 6 + b.width(label, px);
        if (x > x0 && x + item_w > x0 + width) x = x0, y += line_h;
        Shape& sw = b.rect(x, y + std::floor((px - sw_h) / 2), sw_w, sw_h, colour);
        sw.stroke = border;
        sw.stroke_width = 1;
        sw.css_class = "legend legend-item";
        sw.tooltip = label;
        b.text(label, x + sw_w + 6, y, px, ink).css_class = "legend legend-item";
        x += item_w + 16;
    }
    return items.empty() ? top : y + line_h;
}

ImageOptions image_options_for_layer(const Layer& layer) {
    ImageOptions io;
    io.title = layer.name;
    const ScoreRange range = layer_gradient_range(layer);
    io.gradient = make_gradient(layer.gradient_colors, range.min, range.max);
    io.custom_range = true;  // the range the layer states, whoever chose it
    io.paints = layer_cell_paints(layer);
    // Our own layers' gradient legend ("best rule high (80)", "score 100") is for the Navigator,
    // which draws no gradient bar; the picture's bar says it already. Items others add are drawn.
    const OwnLayerFacts own = own_layer_facts(layer);
    for (const LegendItem& item : layer.legend_items)
        if (!(own.ours && generated_legend_label(item.label)))
            if (const auto rgb = parse_hex_colour(item.color)) io.legend_items.emplace_back(item.label, *rgb);
    io.rules = own.rules;
    if (!own.score_meaning.empty()) io.score_label = "Score: " + own.score_meaning;
    else if (layer.score_scale == 100) io.score_label = "Score (%)";  // a layer of fractions, read as percentages
    return io;
}

}  // namespace sh
