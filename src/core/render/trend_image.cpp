// render/trend_image.cpp — see trend_image.hpp. Colours follow the page's trend chart
// (src/app/view_trends.cpp), so the CLI's chart and the page's look alike.
#include "core/render/trend_image.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/render/raster.hpp"

namespace sh {

namespace {

constexpr Rgb kInk{0x1f, 0x23, 0x28};
constexpr Rgb kMuted{0x57, 0x60, 0x6a};
constexpr Rgb kGrid{0xe3, 0xe6, 0xea};
constexpr Rgb kAxis{0x9a, 0xa1, 0xab};
constexpr Rgb kCovered{0x6b, 0xae, 0xd6};
constexpr Rgb kCoveredText{0x3a, 0x7c, 0xa5};
constexpr Rgb kWell{0x1f, 0x5f, 0xa8};
// Tactic lines: Tableau 20, darker half first (as the page).
constexpr Rgb kSeries[] = {{0xe1, 0x57, 0x59}, {0x59, 0xa1, 0x4f}, {0xb0, 0x7a, 0xa1}, {0xf2, 0x8e, 0x2b},
                           {0x76, 0xb7, 0xb2}, {0xed, 0xc9, 0x48}, {0x9c, 0x75, 0x5f}, {0xff, 0x9d, 0xa7},
                           {0xba, 0xb0, 0xac}, {0x86, 0xbc, 0xb6}, {0x8c, 0xd1, 0x7d}, {0xd3, 0x72, 0x95},
                           {0xa0, 0xcb, 0xe8}, {0xff, 0xbe, 0x7d}, {0x49, 0x98, 0x94}, {0xd4, 0xa6, 0xc8},
                           {0x79, 0x70, 0x6e}, {0xf1, 0xce, 0x63}};

constexpr float kMargin = 24;
constexpr float kTitlePx = 22, kSubtitlePx = 13, kLegendPx = 13, kAxisPx = 12;
constexpr std::size_t kDotsUpTo = 60;  // points drawn as dots when there are at most this many

struct Builder {
    MatrixImage& img;
    const FontMetrics& font;

    Shape& rect(float x, float y, float w, float h, Rgb fill) {
        Shape s;
        s.kind = ShapeKind::Rect;
        s.x = x, s.y = y, s.w = w, s.h = h;
        s.fill = fill;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
    Shape& line(float x0, float y0, float x1, float y1, Rgb colour, float width) {
        Shape s;
        s.kind = ShapeKind::Line;
        s.points[0] = x0, s.points[1] = y0, s.points[2] = x1, s.points[3] = y1;
        s.stroke = colour;
        s.stroke_width = width;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
    // Text with its top-left corner at (x, top).
    Shape& text(std::string_view t, float x, float top, float px, Rgb colour, TextAnchor anchor = TextAnchor::Start) {
        Shape s;
        s.kind = ShapeKind::Text;
        s.text = sanitise_text(t, 400);
        s.font_px = px;
        s.text_width = font.width(s.text, px);
        s.x = x;
        s.y = top + font.ascent(px);
        s.fill = colour;
        s.anchor = anchor;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
};

struct Series {
    std::string label;
    Rgb colour;
    float width;
    std::vector<double> values;
};

}  // namespace

MatrixImage build_trend_image(const Trend& t, const TrendImageOptions& o) {
    MatrixImage img;
    const FontMetrics& font = image_font();
    Builder b{img, font};
    img.width = std::max(o.width, 320.0f);
    img.height = std::max(o.height, 240.0f);
    img.title = sanitise_text(o.title, 400);
    img.description = "Techniques with a rule and techniques scoring " + std::to_string(t.threshold) +
                      " or more, in % of the active ATT&CK techniques, at " + std::to_string(t.points.size()) +
                      " point" + (t.points.size() == 1 ? "" : "s") + " in time";
    b.rect(0, 0, img.width, img.height, Rgb{255, 255, 255}).css_class = "background";

    float y = kMargin;
    b.text(o.title, kMargin, y, kTitlePx, kInk).css_class = "title";
    y += kTitlePx + 6;
    if (!o.subtitle.empty()) {
        b.text(o.subtitle, kMargin, y, kSubtitlePx, kMuted).css_class = "subtitle";
        y += kSubtitlePx + 6;
    }
    y += 8;

    std::vector<Series> series;
    series.push_back({"Techniques with a rule", kCovered, 2.5f, {}});
    series.push_back({"Techniques scoring " + std::to_string(t.threshold) + " or more", kWell, 2.5f, {}});
    for (const auto& p : t.points) {
        series[0].values.push_back(p.covered_pct);
        series[1].values.push_back(p.threshold_pct);
    }
    if (o.tactic_lines)
        for (std::size_t i = 0; i < t.tactics.size(); ++i) {
            Series s{i < t.tactic_names.size() && !t.tactic_names[i].empty() ? t.tactic_names[i] : t.tactics[i],
                     kSeries[i % (sizeof kSeries / sizeof kSeries[0])], 1.2f, {}};
            for (const auto& p : t.points) s.values.push_back(i < p.tactic_pct.size() ? p.tactic_pct[i] : 0.0);
            series.push_back(std::move(s));
        }

    // Legend, wrapping.
    float lx = kMargin;
    for (const auto& s : series) {
        const float w = 24 + font.width(sanitise_text(s.label, 400), kLegendPx);
        if (lx + w > img.width - kMargin && lx > kMargin) {
            lx = kMargin;
            y += kLegendPx + 6;
        }
        b.line(lx, y + kLegendPx * 0.55f, lx + 18, y + kLegendPx * 0.55f, s.colour, std::max(s.width, 2.5f)).css_class =
            "legend";
        b.text(s.label, lx + 23, y, kLegendPx, kMuted).css_class = "legend";
        lx += w + 18;
    }
    y += kLegendPx + 14;

    const float left = kMargin + font.width("100%", kAxisPx) + 8;
    const float right = img.width - kMargin - font.width("100%", kAxisPx) - 10;  // room for the last values
    const float top = y + kAxisPx * 0.5f;
    const float bottom = img.height - kMargin - kAxisPx - 8;
    for (int v = 0; v <= 100; v += 25) {
        const float gy = bottom - (bottom - top) * float(v) / 100.0f;
        b.line(left, gy, right, gy, v == 0 ? kAxis : kGrid, 1).css_class = "grid";
        b.text(std::to_string(v) + "%", left - 6, gy - kAxisPx * 0.5f, kAxisPx, kMuted, TextAnchor::End).css_class = "axis";
    }
    const std::size_t n = t.points.size();
    if (n == 0) {
        b.text("No points", left + 10, (top + bottom) / 2 - kLegendPx / 2, kLegendPx, kMuted);
        return img;
    }

    // Where each point goes, and the labels under them (by day when every point has a date).
    const float inner_left = left + 8, inner_right = right - 8;
    const TrendAxis axis = trend_axis(t, inner_right - inner_left);
    auto x_at = [&](double at) { return inner_left + (inner_right - inner_left) * float(at); };
    auto x_of = [&](std::size_t i) { return x_at(axis.at[i]); };
    auto y_of = [&](double v) {
        return bottom - (bottom - top) * float(std::clamp(std::isfinite(v) ? v : 0.0, 0.0, 100.0) / 100.0);
    };

    // X ticks and labels.
    float last_end = -1e9f;
    for (const auto& tick : axis.ticks) {
        const float x = x_at(tick.at), w = font.width(tick.label, kAxisPx);
        const float lx0 = std::clamp(x - w / 2, 2.0f, img.width - w - 2);
        b.line(x, bottom, x, bottom + 4, kAxis, 1).css_class = "axis";
        if (lx0 < last_end + 10 && !tick.keep) continue;
        b.text(tick.label, lx0, bottom + 6, kAxisPx, kMuted).css_class = "axis";
        last_end = lx0 + w;
    }

    // Lines: tactic lines under the headline ones.
    for (std::size_t si = series.size(); si-- > 0;) {
        const Series& s = series[si];
        for (std::size_t i = 1; i < n; ++i)
            b.line(x_of(i - 1), y_of(s.values[i - 1]), x_of(i), y_of(s.values[i]), s.colour, s.width).css_class = "series";
        if (n <= kDotsUpTo || n == 1)
            for (std::size_t i = 0; i < n; ++i) {
                const float r = s.width + 1.5f;
                Shape& dot = b.rect(x_of(i) - r, y_of(s.values[i]) - r, 2 * r, 2 * r, s.colour);
                dot.radius = r;
                dot.css_class = "point";
                const auto& p = t.points[i];
                dot.tooltip = sanitise_text((p.date.empty() ? p.name : p.date) + ": " + s.label + " " +
                                                fixed_decimals(std::isfinite(s.values[i]) ? s.values[i] : 0.0, 1) + "%", 512);
            }
    }
    // The last values of the headline lines, right of the plot, kept apart.
    const float y_cov = y_of(series[0].values.back()), y_well = y_of(series[1].values.back());
    float t_cov = y_cov - kAxisPx / 2, t_well = y_well - kAxisPx / 2;
    if (std::fabs(t_cov - t_well) < kAxisPx + 2) {
        const float mid = (t_cov + t_well) / 2;
        t_cov = mid - (kAxisPx + 2) / 2;  // covered is never below covered well
        t_well = mid + (kAxisPx + 2) / 2;
    }
    b.text(percent_label(series[0].values.back()), x_of(n - 1) + 8, t_cov, kAxisPx, kCoveredText).css_class = "value";
    b.text(percent_label(series[1].values.back()), x_of(n - 1) + 8, t_well, kAxisPx, kWell).css_class = "value";
    return img;
}

}  // namespace sh
