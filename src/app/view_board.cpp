// view_board.cpp — the Board view: one screen an executive reads without training, drawn only
// from sh::BoardSummary (Reports::board): title and subtitle, KPI tiles, coverage by tactic as
// bars, the top gaps with every term of the priority formula, and the trend. "Print" and "Save
// as PNG" take this area of the canvas (the platform crops and prints or downloads it).
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {

const ImU32 kTileBorder = IM_COL32(0xd5, 0xd9, 0xe0, 0xff);
const ImU32 kMuted = IM_COL32(0x5f, 0x66, 0x70, 0xff);
const ImU32 kInk = IM_COL32(0x1a, 0x1a, 0x1f, 0xff);
const ImU32 kBarBack = IM_COL32(0xee, 0xf0, 0xf3, 0xff);
const ImU32 kCovered = IM_COL32(0x9e, 0xc9, 0xe2, 0xff);   // score > 0
const ImU32 kWell = IM_COL32(0x1f, 0x5f, 0xa8, 0xff);      // score >= threshold

void section_title(AppState& s, const char* text) {
    ImGui::PushFont(s.ui_font);
    ImGui::TextColored(ImVec4(0.18f, 0.23f, 0.30f, 1), "%s", text);
    ImGui::PopFont();
}

void draw_tiles(AppState& s, const sh::BoardSummary& b) {
    const float k = s.display_scale;
    const std::size_t n = b.tiles.size();
    if (n == 0) return;
    const float gap = 12 * k;
    const float w = std::max(120 * k, (ImGui::GetContentRegionAvail().x - gap * float(n - 1)) / float(n));
    const float h = 118 * k;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    for (std::size_t i = 0; i < n; ++i) {
        const sh::KpiTile& t = b.tiles[i];
        if (i) ImGui::SameLine(0, gap);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(w, h));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s\n%s", t.label.c_str(), t.value.c_str(), t.detail.c_str());
        const float pad = 12 * k;
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(0xff, 0xff, 0xff, 0xff), 6 * k);
        dl->AddRect(p, ImVec2(p.x + w, p.y + h), kTileBorder, 6 * k, 0, 1.0f * k);
        dl->PushClipRect(p, ImVec2(p.x + w - pad * 0.5f, p.y + h), true);
        dl->AddText(font, fs * 0.9f, ImVec2(p.x + pad, p.y + pad * 0.8f), kMuted, t.label.c_str());
        ImFont* big = s.big_font ? s.big_font : font;
        dl->AddText(big, big->FontSize, ImVec2(p.x + pad, p.y + pad * 0.8f + fs * 1.15f), kInk, t.value.c_str());
        float y = p.y + pad * 0.8f + fs * 1.15f + big->FontSize + 4 * k;
        if (t.percent >= 0) {
            const float bw = w - 2 * pad, bh = 6 * k;
            dl->AddRectFilled(ImVec2(p.x + pad, y), ImVec2(p.x + pad + bw, y + bh), kBarBack, 3 * k);
            const float f = float(std::clamp(t.percent, 0.0, 100.0) / 100.0);
            if (f > 0) dl->AddRectFilled(ImVec2(p.x + pad, y), ImVec2(p.x + pad + bw * f, y + bh), kWell, 3 * k);
            y += bh + 4 * k;
        }
        dl->AddText(font, fs * 0.8f, ImVec2(p.x + pad, y), kMuted, t.detail.c_str(), nullptr, w - 2 * pad);
        dl->PopClipRect();
    }
}

void draw_tactic_bars(AppState& s, const sh::BoardSummary& b, int threshold, float width) {
    const float k = s.display_scale;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize();
    // Legend.
    {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float sw = fs * 0.8f;
        char well[48];
        std::snprintf(well, sizeof well, "score %d or more", threshold);
        float x = p.x;
        for (auto [colour, text] : {std::pair<ImU32, const char*>{kCovered, "at least one rule"}, {kWell, well}}) {
            dl->AddRectFilled(ImVec2(x, p.y + fs * 0.15f), ImVec2(x + sw, p.y + fs * 0.15f + sw), colour, 2 * k);
            dl->AddText(ImVec2(x + sw + 5 * k, p.y), kMuted, text);
            x += sw + 5 * k + ImGui::CalcTextSize(text).x + 16 * k;
        }
        ImGui::Dummy(ImVec2(width, fs + 4 * k));
    }
    float name_w = 0;
    for (const auto& t : b.tactic_bars) name_w = std::max(name_w, ImGui::CalcTextSize(t.name.c_str()).x);
    name_w = std::min(name_w + 10 * k, width * 0.38f);
    const float label_w = ImGui::CalcTextSize("100%  (999/999)").x + 8 * k;
    const float bar_w = std::max(40 * k, width - name_w - label_w);
    const float row_h = std::max(fs + 7 * k, 22 * k);
    for (const auto& t : b.tactic_bars) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(width, row_h));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\n%d of %d techniques have at least one rule (%.0f%%)\n%d score %d or more (%.0f%%)",
                              t.name.c_str(), t.covered, t.total, t.covered_pct, t.at_threshold, threshold,
                              t.threshold_pct);
        dl->PushClipRect(p, ImVec2(p.x + name_w - 6 * k, p.y + row_h), true);
        dl->AddText(ImVec2(p.x, p.y + (row_h - fs) * 0.5f), kInk, t.name.c_str());
        dl->PopClipRect();
        const float x0 = p.x + name_w, y0 = p.y + 3 * k, y1 = p.y + row_h - 3 * k;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w, y1), kBarBack, 3 * k);
        const float fc = float(std::clamp(t.covered_pct, 0.0, 100.0) / 100.0);
        const float fw = float(std::clamp(t.threshold_pct, 0.0, 100.0) / 100.0);
        if (fc > 0) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w * fc, y1), kCovered, 3 * k);
        if (fw > 0) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + bar_w * fw, y1), kWell, 3 * k);
        char label[64];
        std::snprintf(label, sizeof label, "%.0f%%  (%d/%d)", t.covered_pct, t.covered, t.total);
        dl->AddText(font, fs * 0.9f, ImVec2(x0 + bar_w + 8 * k, p.y + (row_h - fs * 0.9f) * 0.5f), kMuted, label);
    }
}

void draw_gaps_table(AppState& s, const std::vector<sh::GapRow>& rows, float height) {
    const sh::PriorityWeights& w = s.report.weights;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("priority = %g x criticality + %g x frequency - score / %g", w.impact_weight, w.threat_weight,
                        w.coverage_divisor);
    ImGui::PopTextWrapPos();
    if (rows.empty()) {
        ImGui::TextDisabled("No gaps: every technique scores %d or more.", s.report.kpi_threshold);
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                                  ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("top_gaps", 10, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Tactic", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8.0f);
    ImGui::TableSetupColumn("Score");
    ImGui::TableSetupColumn("Crit.");
    ImGui::TableSetupColumn("Freq. %");
    ImGui::TableSetupColumn("Impact");
    ImGui::TableSetupColumn("Threat");
    ImGui::TableSetupColumn("-Score");
    ImGui::TableSetupColumn("Priority");
    ImGui::TableHeadersRow();
    for (const auto& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%d", r.rank);
        ImGui::TableNextColumn();
        ImGui::Text("%s %s", r.technique.c_str(), r.name.c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s %s (%s)\npriority = %g x %g + %g x %.2f - %d / %g\n         = %.2f + %.2f - %.2f = %.2f\n"
                              "frequency from %s",
                              r.technique.c_str(), r.name.c_str(), r.tactic_name.c_str(), w.impact_weight, r.criticality,
                              w.threat_weight, r.frequency, r.score, w.coverage_divisor, r.impact_term, r.threat_term,
                              r.coverage_term, r.priority,
                              r.frequency_source == "csv" ? "the frequency CSV" : "ATT&CK groups and campaigns");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.tactic_name.empty() ? r.tactic.c_str() : r.tactic_name.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", r.score);
        ImGui::TableNextColumn();
        ImGui::Text("%g", r.criticality);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", r.frequency);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", r.impact_term);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", r.threat_term);
        ImGui::TableNextColumn();
        ImGui::Text("%.1f", r.coverage_term);
        ImGui::TableNextColumn();
        ImGui::TextColored(ImVec4(0.12f, 0.37f, 0.66f, 1), "%.1f", r.priority);
    }
    ImGui::EndTable();
}

}  // namespace

void draw_board(AppState& s) {
    update_reports(s);
    const sh::BoardSummary& b = s.reports.board;
    const float k = s.display_scale;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0xfb, 0xfb, 0xfc, 0xff));
    ImGui::BeginChild("board", ImVec2(0, 0), false);
    ImGui::SetCursorPos(ImVec2(ImGui::GetCursorPosX() + 6 * k, ImGui::GetCursorPosY() + 6 * k));
    ImGui::BeginGroup();
    const float full_w = ImGui::GetContentRegionAvail().x - 6 * k;

    // Title line with the export buttons on the right.
    ImGui::PushFont(s.big_font ? s.big_font : ImGui::GetFont());
    ImGui::TextUnformatted(b.title.c_str());
    ImGui::PopFont();
    const float buttons_w = ImGui::CalcTextSize("Print...Save as PNGGaps CSV").x + ImGui::GetStyle().FramePadding.x * 6 +
                            ImGui::GetStyle().ItemSpacing.x * 2;
    ImGui::SameLine(std::max(ImGui::GetCursorPosX(), full_w - buttons_w));
    if (ImGui::Button("Print...")) s.request_snapshot = "print";
    s.ui_rects["print"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                           ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Print this board (or save it as PDF from the print dialog)");
    ImGui::SameLine();
    if (ImGui::Button("Save as PNG")) s.request_snapshot = "png";
    s.ui_rects["board-png"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                               ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download this board as %s", report_file_name(s, "-board.png").c_str());
    ImGui::SameLine();
    if (ImGui::Button("Gaps CSV")) s.request_gaps_csv = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download every listed gap with the terms of its priority as %s",
                                                  report_file_name(s, "-gaps.csv").c_str());
    ImGui::TextDisabled("%s", b.subtitle.c_str());
    ImGui::Spacing();

    draw_tiles(s, b);
    ImGui::Spacing();
    ImGui::Spacing();

    // Tactic bars (left) and top gaps (right).
    const float col_gap = 24 * k;
    const float left_w = std::max(260 * k, full_w * 0.36f);
    const float right_w = std::max(200 * k, full_w - left_w - col_gap);
    const float row_h = std::max(ImGui::GetFontSize() + 7 * k, 22 * k);
    const float bars_h = ImGui::GetFontSize() * 2.4f + float(b.tactic_bars.size()) * (row_h + ImGui::GetStyle().ItemSpacing.y);
    ImGui::BeginGroup();
    section_title(s, "Coverage by tactic");
    draw_tactic_bars(s, b, s.report.kpi_threshold, left_w);
    ImGui::EndGroup();
    ImGui::SameLine(0, col_gap);
    ImGui::BeginGroup();
    char title[64];
    std::snprintf(title, sizeof title, "Top %zu gaps to close", b.top_gaps.size());
    section_title(s, b.top_gaps.empty() ? "Gaps to close" : title);
    ImGui::PushItemWidth(right_w);
    ImGui::BeginChild("gaps_box", ImVec2(right_w, bars_h), false, ImGuiWindowFlags_NoScrollbar);
    draw_gaps_table(s, b.top_gaps, std::max(100 * k, bars_h - ImGui::GetFontSize() * 2.2f));
    ImGui::EndChild();
    ImGui::PopItemWidth();
    ImGui::EndGroup();

    ImGui::Spacing();
    section_title(s, "Trend");
    if (b.trend.points.size() < 2) {
        ImGui::SameLine();
        ImGui::TextDisabled("  add earlier layers in the Trends tab to see coverage over time");
    }
    const float chart_h = std::max(170 * k, ImGui::GetContentRegionAvail().y - 8 * k);
    draw_trend_chart(s, b.trend, ImVec2(full_w, chart_h), false);
    ImGui::EndGroup();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace app
