// view_trends.cpp — the Trends view: earlier layers (quarterly exports, say, or a folder of them
// from `sigma-heatmap history --layers`) and a `history --trend` JSON opened next to the current
// coverage, and a line chart of sh::Trend drawn with ImDrawList: techniques covered and covered
// well (≥ threshold) over time, plus any tactic's coverage; axes, grid, legend, hover. A trend
// file's alerts (with the commits behind each drop) are listed as the core words them. The chart
// is also the Board's trend.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {

const ImU32 kGrid = IM_COL32(0xe3, 0xe6, 0xea, 0xff);
const ImU32 kAxis = IM_COL32(0x9a, 0xa1, 0xab, 0xff);
const ImU32 kMuted = IM_COL32(0x5f, 0x66, 0x70, 0xff);

// Distinct colours for tactic lines (Tableau 20, darker half first).
const ImU32 kSeries[] = {
    IM_COL32(0xe1, 0x57, 0x59, 0xff), IM_COL32(0x59, 0xa1, 0x4f, 0xff), IM_COL32(0xb0, 0x7a, 0xa1, 0xff),
    IM_COL32(0xf2, 0x8e, 0x2b, 0xff), IM_COL32(0x76, 0xb7, 0xb2, 0xff), IM_COL32(0xed, 0xc9, 0x48, 0xff),
    IM_COL32(0x9c, 0x75, 0x5f, 0xff), IM_COL32(0xff, 0x9d, 0xa7, 0xff), IM_COL32(0xba, 0xb0, 0xac, 0xff),
    IM_COL32(0x86, 0xbc, 0xb6, 0xff), IM_COL32(0x8c, 0xd1, 0x7d, 0xff), IM_COL32(0xd3, 0x72, 0x95, 0xff),
    IM_COL32(0xa0, 0xcb, 0xe8, 0xff), IM_COL32(0xff, 0xbe, 0x7d, 0xff), IM_COL32(0x49, 0x98, 0x94, 0xff),
    IM_COL32(0xd4, 0xa6, 0xc8, 0xff), IM_COL32(0x79, 0x70, 0x6e, 0xff), IM_COL32(0xf1, 0xce, 0x63, 0xff),
};
const ImU32 kCoveredLine = IM_COL32(0x9e, 0xc9, 0xe2, 0xff);
const ImU32 kWellLine = IM_COL32(0x1f, 0x5f, 0xa8, 0xff);

struct Series {
    std::string label;
    ImU32 colour;
    float thickness;
    std::vector<double> values;  // one per trend point
};

}  // namespace

void draw_trend_chart(AppState& s, const sh::Trend& t, ImVec2 size, bool tactics) {
    const float k = s.display_scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    ImFont* font = ImGui::GetFont();
    // "trend-point:N" on the Trends tab, "board-trend-point:N" on the Board: set below when drawn.
    const std::string point_key = tactics ? "trend-point:" : "board-trend-point:";
    for (auto it = s.ui_rects.lower_bound(point_key); it != s.ui_rects.end() && it->first.rfind(point_key, 0) == 0;)
        it = s.ui_rects.erase(it);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("##trend_chart", ImVec2(std::max(size.x, 100.0f), std::max(size.y, 80.0f)));
    const bool hovered = ImGui::IsItemHovered();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(0xff, 0xff, 0xff, 0xff), 6 * k);
    dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(0xd5, 0xd9, 0xe0, 0xff), 6 * k);

    std::vector<Series> series;
    char well[64];
    std::snprintf(well, sizeof well, "Techniques scoring %d or more", t.threshold);
    series.push_back({"Techniques with a rule", kCoveredLine, 3.0f * k, {}});
    series.push_back({well, kWellLine, 3.0f * k, {}});
    for (const auto& pt : t.points) {
        series[0].values.push_back(pt.covered_pct);
        series[1].values.push_back(pt.threshold_pct);
    }
    if (tactics) {
        for (std::size_t i = 0; i < t.tactics.size() && i < s.trend_series.size(); ++i) {
            if (!s.trend_series[i]) continue;
            Series ser{t.tactic_names[i], kSeries[i % (sizeof kSeries / sizeof kSeries[0])], 1.8f * k, {}};
            for (const auto& pt : t.points) ser.values.push_back(i < pt.tactic_pct.size() ? pt.tactic_pct[i] : 0.0);
            series.push_back(std::move(ser));
        }
    }

    // Legend along the top.
    float lx = p.x + 12 * k, ly = p.y + 8 * k;
    for (const auto& ser : series) {
        const float w = ImGui::CalcTextSize(ser.label.c_str()).x;
        if (lx + w + 30 * k > p.x + size.x - 8 * k) {
            lx = p.x + 12 * k;
            ly += fs + 4 * k;
        }
        dl->AddLine(ImVec2(lx, ly + fs * 0.55f), ImVec2(lx + 18 * k, ly + fs * 0.55f), ser.colour, std::max(ser.thickness, 2.5f * k));
        dl->AddText(ImVec2(lx + 23 * k, ly), kMuted, ser.label.c_str());
        lx += w + 42 * k;
    }

    // Plot area.
    const float left = p.x + ImGui::CalcTextSize("100%").x + 16 * k;
    const float right = p.x + size.x - 44 * k;  // room for the last values
    const float top = ly + fs + 12 * k;
    const float bottom = p.y + size.y - fs - 14 * k;
    if (bottom - top < 20 * k || right - left < 40 * k) return;
    for (int v = 0; v <= 100; v += 25) {
        const float y = bottom - (bottom - top) * float(v) / 100.0f;
        dl->AddLine(ImVec2(left, y), ImVec2(right, y), v == 0 ? kAxis : kGrid, 1.0f * k);
        char lbl[8];
        std::snprintf(lbl, sizeof lbl, "%d%%", v);
        const float w = ImGui::CalcTextSize(lbl).x;
        dl->AddText(ImVec2(left - w - 6 * k, y - fs * 0.5f), kMuted, lbl);
    }
    const std::size_t n = t.points.size();
    if (n == 0) {
        dl->AddText(ImVec2(left + 10 * k, (top + bottom) * 0.5f), kMuted, "No layers yet");
        return;
    }
    // By day when every point has a date, as the board's chart and `history --chart` place them.
    const float inner_left = left + 10 * k, inner_right = right - 10 * k;
    const sh::TrendAxis axis = sh::trend_axis(t, (inner_right - inner_left) / k);
    auto x_at = [&](double at) { return inner_left + (inner_right - inner_left) * float(at); };
    auto x_of = [&](std::size_t i) { return x_at(axis.at[i]); };
    auto y_of = [&](double v) { return bottom - (bottom - top) * float(std::clamp(v, 0.0, 100.0) / 100.0); };
    // X labels, skipping some when they would overlap (one the axis keeps always shows).
    const float label_fs = fs * 0.9f;
    auto label_x = [&](const sh::TrendAxis::Tick& tick, float w) {
        return std::clamp(x_at(tick.at) - w * 0.5f, p.x + 4 * k, p.x + size.x - w - 4 * k);
    };
    float last_end = -1e9f, kept_start = 1e9f;
    for (const auto& tick : axis.ticks)
        if (tick.keep) kept_start = label_x(tick, font->CalcTextSizeA(label_fs, 1e9f, 0, tick.label.c_str()).x);
    for (const auto& tick : axis.ticks) {
        const float w = font->CalcTextSizeA(label_fs, 1e9f, 0, tick.label.c_str()).x;
        const float x = label_x(tick, w);
        if (axis.ticks.size() <= 120 || tick.keep)
            dl->AddLine(ImVec2(x_at(tick.at), bottom), ImVec2(x_at(tick.at), bottom + 4 * k), kAxis, 1.0f * k);
        if (!tick.keep && (x < last_end + 8 * k || x + w > kept_start - 8 * k)) continue;
        dl->AddText(font, label_fs, ImVec2(x, bottom + 6 * k), kMuted, tick.label.c_str());
        last_end = x + w;
    }
    // Lines: tactic lines first, the two headline lines on top.
    for (std::size_t si = series.size(); si-- > 0;) {
        const Series& ser = series[si];
        std::vector<ImVec2> pts;
        for (std::size_t i = 0; i < n; ++i) pts.push_back(ImVec2(x_of(i), y_of(ser.values[i])));
        if (pts.size() >= 2) dl->AddPolyline(pts.data(), int(pts.size()), ser.colour, 0, ser.thickness);
        // Dots where they can be told apart (a weekly history has hundreds of points).
        if (n <= 60)
            for (const auto& q : pts) dl->AddCircleFilled(q, ser.thickness * 1.3f + 1.0f * k, ser.colour);
    }
    // Where the points of the first line are (tests), when there are dots.
    for (std::size_t i = 0; i < n && n <= 60; ++i) {
        const float x = x_of(i), y = y_of(series[0].values[i]), r = 4 * k;
        s.ui_rects[point_key + std::to_string(i)] = {x - r, y - r, x + r, y + r};
    }
    // Values of the last point next to the headline lines.
    {
        const float y_cov = y_of(series[0].values.back()), y_well = y_of(series[1].values.back());
        const float y0 = std::min(y_cov - fs * 0.5f, y_well - fs * 1.5f - 2 * k);  // covered above, well below
        dl->AddText(ImVec2(x_of(n - 1) + 8 * k, y0), IM_COL32(0x3a, 0x7c, 0xa5, 0xff),
                    sh::percent_label(series[0].values.back()).c_str());
        dl->AddText(ImVec2(x_of(n - 1) + 8 * k, std::max(y_well - fs * 0.5f, y0 + fs + 2 * k)), kWellLine,
                    sh::percent_label(series[1].values.back()).c_str());
    }
    // Hover: the nearest point's values.
    if (hovered) {
        const float mx = ImGui::GetIO().MousePos.x;
        std::size_t best = 0;
        for (std::size_t i = 1; i < n; ++i)
            if (std::abs(x_of(i) - mx) < std::abs(x_of(best) - mx)) best = i;
        dl->AddLine(ImVec2(x_of(best), top), ImVec2(x_of(best), bottom), kAxis, 1.0f * k);
        const sh::TrendPoint& pt = t.points[best];
        ImGui::BeginTooltip();
        ImGui::Text("%s", pt.name.empty() ? pt.source.c_str() : pt.name.c_str());
        if (!pt.date.empty()) ImGui::TextDisabled("%s", pt.date.c_str());
        for (const auto& ser : series) ImGui::Text("%s: %s%%", ser.label.c_str(), sh::fixed_decimals(ser.values[best], 1).c_str());
        ImGui::EndTooltip();
    }
}

void draw_trends(AppState& s) {
    update_reports(s);
    const sh::Trend& t = s.reports.trend;
    const float k = s.display_scale;
    if (s.trend_series.size() != t.tactics.size()) s.trend_series.assign(t.tactics.size(), false);

    if (ImGui::Button("Open history layers...")) s.request_picker = "history";
    s.ui_rects["open-history"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                  ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Choose earlier ATT&CK Navigator layers (e.g. one per quarter) or a trend JSON from "
                          "`sigma-heatmap history --trend`; dropping them on the page works too");
    same_line_or_wrap(button_width("Open layers folder..."));
    if (ImGui::Button("Open layers folder...")) s.request_picker = "history-folder";
    s.ui_rects["open-history-folder"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                         ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A folder of layers, e.g. what `sigma-heatmap history --layers DIR` wrote: every .json in it");
    same_line_or_wrap(button_width("Clear history"));
    ImGui::BeginDisabled(s.history.empty() && !s.has_history_trend);
    if (ImGui::Button("Clear history")) clear_history(s);
    ImGui::EndDisabled();
    same_line_or_wrap(ImGui::GetFontSize() * 12);
    ImGui::PushTextWrapPos(0);  // a narrow window wraps the line rather than cut it
    const char* current = s.source == ScoreSource::Rules ? "rules" : "heat-map";
    // The source line and its notes; tests read them as texts "trend-source" and "trend-notes".
    std::string source, notes;
    const std::string page_count = " + " + count_words(static_cast<long long>(s.history.size()), "earlier layer", "earlier layers") +
                                   " + the current " + current + ", ordered by " + (t.by_date ? "date" : "name");
    if (s.has_history_trend) {
        const sh::HistoryReport& h = s.history_trend.report;
        source = s.history_trend.file + ": " + count_words(static_cast<long long>(h.points.size()), "point", "points") + " (" +
                 (h.path.empty() ? "" : h.path + " at ") + h.ref + ", every " + h.every +
                 (h.platforms.empty() ? "" : "," + sh::on_platform_words(h.platforms)) + ")" + page_count;
        if (h.kpi_threshold != t.threshold)
            notes += "The trend file counts \"covered well\" at " + std::to_string(h.kpi_threshold) + ", the Reports settings at " +
                     std::to_string(t.threshold) + ": its points say " + std::to_string(h.kpi_threshold) + ".\n";
        // A trend replayed on other platforms than the page's filter: its points count other techniques.
        auto sorted = [](std::vector<std::string> v) {
            std::sort(v.begin(), v.end());
            return v;
        };
        if (sorted(h.platforms) != sorted(s.matrix.platforms)) {
            auto on = [](const std::vector<std::string>& p) {
                return p.empty() ? std::string("on every platform") : "on " + sh::platform_words(p);
            };
            notes += "The trend file's points count techniques " + on(h.platforms) + "; the page counts them " +
                     on(s.matrix.platforms) + ".\n";
        }
    } else {
        source = page_count.substr(3);
    }
    ImGui::TextDisabled("%s", source.c_str());
    if (!notes.empty()) ImGui::TextColored(ImVec4(0.62f, 0.36f, 0.0f, 1.0f), "%s", notes.substr(0, notes.size() - 1).c_str());
    s.ui_texts["trend-source"] = source;
    s.ui_texts["trend-notes"] = notes;
    ImGui::PopTextWrapPos();

    const float list_w = std::min(420 * k, ImGui::GetContentRegionAvail().x * 0.34f);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The chart and its list side by side, or (a phone) the list below the chart.
    const bool stacked = avail.x < 560 * k;
    if (stacked) {
        const float chart_h = std::max(200 * k, avail.y * 0.55f);
        draw_trend_chart(s, t, ImVec2(avail.x, chart_h), true);
    } else {
        draw_trend_chart(s, t, ImVec2(avail.x - list_w - 12 * k, avail.y), true);
        ImGui::SameLine(0, 12 * k);
    }
    ImGui::BeginChild("trend_side", ImVec2(0, stacked ? 0.0f : avail.y), false);
    if (ImGui::BeginTable("trend_points", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("Layer", ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableSetupColumn("Covered", ImGuiTableColumnFlags_WidthStretch, 0.8f);
        char well[32];
        std::snprintf(well, sizeof well, ">= %d", t.threshold);
        ImGui::TableSetupColumn(well, ImGuiTableColumnFlags_WidthStretch, 0.8f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;  // a weekly history has hundreds of points
        clipper.Begin(int(t.points.size()));
        while (clipper.Step())
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const sh::TrendPoint& p = t.points[std::size_t(row)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // The name, cut with "..." where the column is narrow (a phone); its date beside it
            // when it fits and the name does not say it already (history layers are named by
            // it), else in the tooltip: rows keep one height for the clipper.
            const std::string& name = p.name.empty() ? p.source : p.name;
            const float cell_w = ImGui::GetContentRegionAvail().x;
            const std::string key = std::to_string(row);
            text_fitted(s, name.c_str(), cell_w);
            remember_item(s, ("trend-name:" + key).c_str());
            const bool named_by_date = !p.date.empty() && name.find(p.date) != std::string::npos;
            const float spacing = ImGui::GetStyle().ItemSpacing.x;
            if (!p.date.empty() && !named_by_date &&
                ImGui::CalcTextSize(name.c_str()).x + spacing + ImGui::CalcTextSize(p.date.c_str()).x <= cell_w) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", p.date.c_str());
                remember_item(s, ("trend-date:" + key).c_str());
            } else {
                s.ui_rects.erase("trend-date:" + key);
                if (!p.date.empty() && !named_by_date && ImGui::IsItemHovered())
                    ImGui::SetTooltip("%s  %s", name.c_str(), p.date.c_str());
            }
            ImGui::TableNextColumn();
            ImGui::Text("%s%%", sh::fixed_decimals(p.covered_pct, 1).c_str());
            remember_item(s, ("trend-covered:" + key).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%s%%", sh::fixed_decimals(p.threshold_pct, 1).c_str());
        }
        ImGui::EndTable();
    }
    if (s.has_history_trend) {
        // The trend file's alerts, newest first, as `history --diffs` prints them (core text, made
        // when the file was read).
        const auto& alerts = s.history_trend.alert_texts;
        ImGui::Spacing();
        char label[96];
        std::snprintf(label, sizeof label, "Drops: %zu of %zu periods###trend-drops", alerts.size(),
                      s.history_trend.report.diffs.size());
        if (ImGui::CollapsingHeader(label, ImGuiTreeNodeFlags_DefaultOpen)) {
            if (alerts.empty())
                ImGui::TextDisabled("No technique dropped below the alert threshold%s.",
                                    sh::on_platform_words(s.history_trend.report.platforms).c_str());
            for (const auto& text : alerts) {
                ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(text.c_str());
                ImGui::PopTextWrapPos();
                ImGui::Separator();
            }
        }
    }
    ImGui::Spacing();
    ImGui::TextDisabled("TACTIC LINES");
    for (std::size_t i = 0; i < t.tactics.size(); ++i) {
        bool on = s.trend_series[i];
        const ImVec2 q = ImGui::GetCursorScreenPos();
        const float fs = ImGui::GetFontSize();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(q.x, q.y + fs * 0.35f), ImVec2(q.x + 10 * k, q.y + fs * 0.35f + 10 * k),
                                                  kSeries[i % (sizeof kSeries / sizeof kSeries[0])], 2 * k);
        ImGui::Dummy(ImVec2(12 * k, fs));
        ImGui::SameLine();
        if (ImGui::Checkbox(t.tactic_names[i].c_str(), &on)) s.trend_series[i] = on;
    }
    ImGui::EndChild();
}

}  // namespace app
