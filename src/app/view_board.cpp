// view_board.cpp — the Board view: one screen an executive reads without training, drawn only
// from sh::BoardSummary (Reports::board): title and subtitle, KPI tiles, coverage by tactic as
// bars, the top gaps with every term of the priority formula, and the trend; under the gaps, when
// their inputs are open, the detection latency per tactic / technique (sh::LatencyReport) and the
// targets not met and baseline comparison (sh::TargetReport, sh::BaselineComparison); the threat
// section (sh::BoardThreats): how well the selected threats' techniques are covered, their top
// uncovered techniques, and the adversaries we are weakest against. "Print...", "Save as PNG" and
// "Document" use the board the core writes (render/board_html, board_doc.cpp): the page prints the
// HTML document, downloads the core's picture, or shows the document.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"
#include "imgui_internal.h"

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
    // As many tiles a row as fit at 140 or wider (all of them on a desktop; two a row on a phone).
    const float avail = ImGui::GetContentRegionAvail().x;
    const std::size_t per_row = std::clamp<std::size_t>(std::size_t((avail + gap) / (140 * k + gap)), 1, n);
    const float w = std::max(120 * k, (avail - gap * float(per_row - 1)) / float(per_row));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = ImGui::GetFont();
    ImFont* big = s.big_font ? s.big_font : font;
    const float fs = ImGui::GetFontSize();
    const float pad = 12 * k;
    // Where a tile's detail starts, below its label, value and bar.
    auto detail_top = [&](const sh::KpiTile& t) { return pad * 0.8f + fs * 1.15f + big->FontSize + 4 * k + (t.percent >= 0 ? 10 * k : 0.0f); };
    auto detail_size = [&](const sh::KpiTile& t) { return font->CalcTextSizeA(fs * 0.8f, FLT_MAX, w - 2 * pad, t.detail.c_str()); };
    // Each row of tiles as high as its tallest tile needs: on a phone's two columns the Fragile
    // tile's detail wraps to five lines, and its end was cut off by a fixed height.
    std::vector<float> row_h((n + per_row - 1) / per_row, 118 * k);
    for (std::size_t i = 0; i < n; ++i)
        row_h[i / per_row] = std::max(row_h[i / per_row], std::ceil(detail_top(b.tiles[i]) + detail_size(b.tiles[i]).y + pad * 0.8f));
    for (std::size_t i = 0; i < n; ++i) {
        const sh::KpiTile& t = b.tiles[i];
        if (i % per_row) ImGui::SameLine(0, gap);
        else if (i) ImGui::Dummy(ImVec2(0, std::max(0.0f, gap - 2 * ImGui::GetStyle().ItemSpacing.y)));
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = row_h[i / per_row];
        ImGui::Dummy(ImVec2(w, h));
        remember_item(s, ("board-tile:" + std::to_string(i)).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s\n%s", t.label.c_str(), t.value.c_str(), t.detail.c_str());
        dl->AddRectFilled(p, ImVec2(p.x + w, p.y + h), IM_COL32(0xff, 0xff, 0xff, 0xff), 6 * k);
        dl->AddRect(p, ImVec2(p.x + w, p.y + h), kTileBorder, 6 * k, 0, 1.0f * k);
        dl->PushClipRect(p, ImVec2(p.x + w - pad * 0.5f, p.y + h), true);
        // A long label on a narrow tile shrinks (down to 70%) rather than lose its end.
        const float label_w = ImGui::CalcTextSize(t.label.c_str()).x * 0.9f;
        const float label_fs = fs * 0.9f * std::clamp((w - 1.5f * pad) / std::max(label_w, 1.0f), 0.78f, 1.0f);
        dl->AddText(font, label_fs, ImVec2(p.x + pad, p.y + pad * 0.8f), kMuted, t.label.c_str());
        dl->AddText(big, big->FontSize, ImVec2(p.x + pad, p.y + pad * 0.8f + fs * 1.15f), kInk, t.value.c_str());
        if (t.percent >= 0) {
            const float y = p.y + pad * 0.8f + fs * 1.15f + big->FontSize + 4 * k;
            const float bw = w - 2 * pad, bh = 6 * k;
            dl->AddRectFilled(ImVec2(p.x + pad, y), ImVec2(p.x + pad + bw, y + bh), kBarBack, 3 * k);
            const float f = float(std::clamp(t.percent, 0.0, 100.0) / 100.0);
            if (f > 0) dl->AddRectFilled(ImVec2(p.x + pad, y), ImVec2(p.x + pad + bw * f, y + bh), kWell, 3 * k);
        }
        const ImVec2 at(p.x + pad, p.y + detail_top(t));
        dl->AddText(font, fs * 0.8f, at, kMuted, t.detail.c_str(), nullptr, w - 2 * pad);
        const ImVec2 size = detail_size(t);
        s.ui_rects["board-tile-detail:" + std::to_string(i)] = {at.x, at.y, at.x + size.x, at.y + size.y};
        dl->PopClipRect();
    }
}

// The tactic bars' layout for a width: a row per tactic, the name left of its bar; where the
// longest name does not fit beside a bar of 40 px and its label (a phone, or the narrow column
// beside the gaps), each name gets its own line above its bar instead of being cut short.
struct TacticBarsLayout {
    float name_w = 0, label_w = 0, bar_w = 0, row_h = 0, bar_h = 0;
    bool own_line = false;
};

TacticBarsLayout tactic_bars_layout(const AppState& s, const sh::BoardSummary& b, float width) {
    const float k = s.display_scale;
    const float fs = ImGui::GetFontSize();
    TacticBarsLayout l;
    float longest = 0;
    for (const auto& t : b.tactic_bars) longest = std::max(longest, ImGui::CalcTextSize(t.name.c_str()).x);
    l.label_w = ImGui::GetFont()->CalcTextSizeA(fs * 0.9f, FLT_MAX, 0, "100%  (999/999)").x + 8 * k;  // drawn at 0.9
    l.bar_h = std::max(fs + 7 * k, 22 * k);
    l.own_line = longest + 10 * k > width - l.label_w - 40 * k;
    l.name_w = l.own_line ? 0 : longest + 10 * k;
    l.bar_w = std::max(40 * k, width - l.name_w - l.label_w);
    l.row_h = l.own_line ? fs + 2 * k + l.bar_h : l.bar_h;
    return l;
}

// The bars' height, legend and title included (the gaps box beside them is as high).
float tactic_bars_height(const AppState& s, const sh::BoardSummary& b, float width) {
    const TacticBarsLayout l = tactic_bars_layout(s, b, width);
    return ImGui::GetFontSize() * 2.4f + float(b.tactic_bars.size()) * (l.row_h + ImGui::GetStyle().ItemSpacing.y);
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
        for (auto [colour, text] : {std::pair<ImU32, const char*>{kCovered, b.covered_legend.c_str()}, {kWell, well}}) {
            dl->AddRectFilled(ImVec2(x, p.y + fs * 0.15f), ImVec2(x + sw, p.y + fs * 0.15f + sw), colour, 2 * k);
            dl->AddText(ImVec2(x + sw + 5 * k, p.y), kMuted, text);
            x += sw + 5 * k + ImGui::CalcTextSize(text).x + 16 * k;
        }
        ImGui::Dummy(ImVec2(width, fs + 4 * k));
    }
    const TacticBarsLayout l = tactic_bars_layout(s, b, width);
    for (const auto& t : b.tactic_bars) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(width, l.row_h));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\n%d of %d techniques have at least one rule (%s)\n%d score %d or more (%s)",
                              t.name.c_str(), t.covered, t.total, sh::percent_label(t.covered_pct, t.total).c_str(),
                              t.at_threshold, threshold, sh::percent_label(t.threshold_pct, t.total).c_str());
        // The bar's row: the whole row, or the line under the name.
        const float by = l.own_line ? p.y + fs + 2 * k : p.y;
        const ImVec2 name_pos(p.x, l.own_line ? p.y : p.y + (l.bar_h - fs) * 0.5f);
        const float name_max = l.own_line ? width : l.name_w - 6 * k;
        const ImVec2 name_size = ImGui::CalcTextSize(t.name.c_str());
        if (name_size.x <= name_max) {
            dl->AddText(name_pos, kInk, t.name.c_str());
        } else {  // only a name wider than the whole column
            ImGui::PushStyleColor(ImGuiCol_Text, kInk);
            ImGui::RenderTextEllipsis(dl, name_pos, ImVec2(p.x + name_max, name_pos.y + fs), p.x + name_max, p.x + name_max,
                                      t.name.c_str(), nullptr, &name_size);
            ImGui::PopStyleColor();
            ++s.ellipsized;
        }
        const float x0 = p.x + l.name_w, y0 = by + 3 * k, y1 = by + l.bar_h - 3 * k;
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + l.bar_w, y1), kBarBack, 3 * k);
        const float fc = float(std::clamp(t.covered_pct, 0.0, 100.0) / 100.0);
        const float fw = float(std::clamp(t.threshold_pct, 0.0, 100.0) / 100.0);
        if (fc > 0) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + l.bar_w * fc, y1), kCovered, 3 * k);
        if (fw > 0) dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x0 + l.bar_w * fw, y1), kWell, 3 * k);
        const std::string label = sh::percent_label(t.covered_pct, t.total) + "  (" + std::to_string(t.covered) + "/" +
                                  std::to_string(t.total) + ")";
        dl->AddText(font, fs * 0.9f, ImVec2(x0 + l.bar_w + 8 * k, by + (l.bar_h - fs * 0.9f) * 0.5f), kMuted, label.c_str());
    }
}

float table_row_height() { return ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2; }

// The lines above the gaps table: the priority formula, and where frequency comes from when
// it is the selected threats'.
std::vector<std::string> gaps_notes(const AppState& s, const std::vector<sh::GapRow>& rows) {
    const sh::PriorityWeights& w = s.report.weights;
    char line[160];
    std::snprintf(line, sizeof line, "priority = %g x criticality + %g x frequency - score / %g", w.impact_weight,
                  w.threat_weight, w.coverage_divisor);
    std::vector<std::string> notes{line};
    if (!rows.empty() && rows.front().frequency_source == "selected-threats") {
        std::snprintf(line, sizeof line, "frequency = %% of the %zu selected threats using the technique",
                      s.threat_view.selected.size());
        notes.emplace_back(line);
    }
    return notes;
}

// The gaps table's header and rows, and the sideways scroll bar when it has one.
float gaps_rows_height(const AppState& s, const std::vector<sh::GapRow>& rows, bool sideways) {
    return float(rows.size() + 1) * table_row_height() + (sideways ? ImGui::GetStyle().ScrollbarSize : 0.0f) +
           4 * s.display_scale;
}

// What the gaps box needs at `width`: its notes wrapped, the header and every row, and a
// horizontal scroll bar should the table scroll sideways.
float gaps_box_height(const AppState& s, const std::vector<sh::GapRow>& rows, float width) {
    float h = 0;
    for (const auto& n : gaps_notes(s, rows))
        h += ImGui::CalcTextSize(n.c_str(), nullptr, false, width).y + ImGui::GetStyle().ItemSpacing.y;
    return h + gaps_rows_height(s, rows, true) + 2 * s.display_scale;
}

void draw_gaps_table(AppState& s, const std::vector<sh::GapRow>& rows, float box_h) {
    const sh::PriorityWeights& w = s.report.weights;
    const float y0 = ImGui::GetCursorPosY();
    ImGui::PushTextWrapPos(0);
    for (const auto& n : gaps_notes(s, rows)) ImGui::TextDisabled("%s", n.c_str());
    ImGui::PopTextWrapPos();
    if (rows.empty()) {
        ImGui::TextDisabled("No gaps: every technique scores %d or more.", s.report.kpi_threshold);
        for (const char* name : {"gaps-table", "gap-technique:0", "gap-tactic:0", "gap-priority:0"}) s.ui_rects.erase(name);
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit |
                            ImGuiTableFlags_ScrollY;
    // Columns as wide as their content; only the technique column takes what is left, and only
    // when that is too little do its names end in "..." (the tooltip has them whole). Where the
    // numbers leave the technique less than a readable width (a phone: it was one letter wide),
    // the table scrolls sideways, "#" and the technique staying in place. Then the score and the
    // priority come right after the technique and the tactic after them, and the technique takes
    // what "#", the score and the priority leave (between 10 and 14 font sizes): on a phone each
    // gap's ranking number is in view without a swipe (the tactic before it pushed it past the
    // edge of a 390 px screen).
    enum Column { Rank, Technique, Tactic, Score, Priority, Criticality, Frequency, Impact, Threat, Coverage, kColumns };
    const char* const headers[kColumns] = {"#", "Technique", "Tactic", "Score", "Priority", "Crit.", "Freq. %", "Impact", "Threat", "-Score"};
    const char* const widest[kColumns] = {"10", "", "", "100", "130.0", "3", "100.0", "30.0", "100.0", "10.0"};
    const float pad = ImGui::GetStyle().CellPadding.x * 2;
    float width[kColumns] = {};
    for (int c = 0; c < kColumns; ++c) width[c] = std::max(ImGui::CalcTextSize(headers[c]).x, ImGui::CalcTextSize(widest[c]).x) + pad;
    float tactic_w = ImGui::CalcTextSize(headers[Tactic]).x;
    for (const auto& r : rows)
        tactic_w = std::max(tactic_w, ImGui::CalcTextSize(r.tactic_name.empty() ? r.tactic.c_str() : r.tactic_name.c_str()).x);
    width[Tactic] = tactic_w + pad;
    float others_w = 0;
    for (int c = 0; c < kColumns; ++c) others_w += c == Technique ? 0.0f : width[c];
    const float avail = ImGui::GetContentRegionAvail().x;
    const float font = ImGui::GetFontSize();
    const bool sideways = others_w + font * 14 > avail;
    if (sideways) flags |= ImGuiTableFlags_ScrollX;
    const float technique_w =
        std::clamp(avail - ImGui::GetStyle().ScrollbarSize - width[Rank] - width[Score] - width[Priority] - pad, font * 10, font * 14);
    const Column desk[kColumns] = {Rank, Technique, Tactic, Score, Priority, Criticality, Frequency, Impact, Threat, Coverage};
    const Column narrow[kColumns] = {Rank, Technique, Score, Priority, Tactic, Criticality, Frequency, Impact, Threat, Coverage};
    const Column* order = sideways ? narrow : desk;
    // The table takes what the formula lines (wrapped on a phone) leave of the box, up to what
    // its rows need: it scrolls, the box does not (the formula scrolled out of sight under a fixed
    // title), and a sideways scroll bar sits under the last row (it sat at the foot of a box as
    // high as the tactic bars, far below the rows, and the columns past the edge went unnoticed).
    const float height = std::max(100 * s.display_scale,
                                  std::min(gaps_rows_height(s, rows, sideways), box_h - (ImGui::GetCursorPosY() - y0)));
    if (!ImGui::BeginTable("top_gaps", kColumns, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(sideways ? 2 : 0, 1);
    // The priority beside the score, before the formula's terms: where the table scrolls sideways
    // (a laptop with the side panel open) the terms go past the edge, not the ranking's number.
    for (int i = 0; i < kColumns; ++i) {
        const Column c = order[i];
        if (c == Technique)
            ImGui::TableSetupColumn(headers[c], sideways ? ImGuiTableColumnFlags_WidthFixed : ImGuiTableColumnFlags_WidthStretch,
                                    sideways ? technique_w : 0.0f);
        else if (c == Tactic)
            ImGui::TableSetupColumn(headers[c], ImGuiTableColumnFlags_WidthFixed, tactic_w);
        else
            ImGui::TableSetupColumn(headers[c]);
    }
    ImGui::TableHeadersRow();
    for (const auto& r : rows) {
        ImGui::TableNextRow();
        for (int i = 0; i < kColumns; ++i) {
            ImGui::TableNextColumn();
            switch (order[i]) {
                case Rank:
                    ImGui::Text("%d", r.rank);
                    break;
                case Technique:
                    text_fitted(s, (r.technique + " " + r.name).c_str());
                    if (&r == &rows.front()) remember_item(s, "gap-technique:0");
                    if (ImGui::IsItemHovered())
                        ImGui::SetTooltip(
                            "%s %s (%s)\npriority = %g x %g + %g x %s - %d / %g\n         = %s + %s - %s = %s\n"
                            "frequency from %s",
                            r.technique.c_str(), r.name.c_str(), r.tactic_name.c_str(), w.impact_weight, r.criticality,
                            w.threat_weight, sh::fixed_decimals(r.frequency, 2).c_str(), r.score, w.coverage_divisor,
                            sh::fixed_decimals(r.impact_term, 2).c_str(), sh::fixed_decimals(r.threat_term, 2).c_str(),
                            sh::fixed_decimals(r.coverage_term, 2).c_str(), sh::fixed_decimals(r.priority, 2).c_str(),
                            r.frequency_source == "csv"                ? "the frequency CSV"
                            : r.frequency_source == "selected-threats" ? "the share of the selected threats using it"
                                                                       : "ATT&CK groups and campaigns");
                    break;
                case Tactic:
                    text_fitted(s, r.tactic_name.empty() ? r.tactic.c_str() : r.tactic_name.c_str());
                    if (&r == &rows.front()) remember_item(s, "gap-tactic:0");
                    break;
                case Score:
                    ImGui::Text("%d", r.score);
                    break;
                case Priority:
                    ImGui::TextColored(ImVec4(0.12f, 0.37f, 0.66f, 1), "%s", sh::fixed_decimals(r.priority, 1).c_str());
                    if (&r == &rows.front()) remember_item(s, "gap-priority:0");
                    break;
                case Criticality:
                    ImGui::Text("%g", r.criticality);
                    break;
                case Frequency:
                    ImGui::TextUnformatted(sh::fixed_decimals(r.frequency, 1).c_str());
                    break;
                case Impact:
                    ImGui::TextUnformatted(sh::fixed_decimals(r.impact_term, 1).c_str());
                    break;
                case Threat:
                    ImGui::TextUnformatted(sh::fixed_decimals(r.threat_term, 1).c_str());
                    break;
                case Coverage:
                    ImGui::TextUnformatted(sh::fixed_decimals(r.coverage_term, 1).c_str());
                    break;
                case kColumns:
                    break;
            }
        }
    }
    ImGui::EndTable();
    remember_item(s, "gaps-table");
}


const ImGuiTableFlags kListFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                   ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;

void latency_table(AppState& s, const char* id, const std::vector<sh::LatencyStat>& rows, bool ids, float height) {
    if (!ImGui::BeginTable(id, 3, kListFlags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(ids ? "Technique" : "Tactic", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Alerts");
    ImGui::TableSetupColumn("Median");
    ImGui::TableHeadersRow();
    for (const auto& r : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text_fitted(s, (ids ? r.key + " " + r.name : r.name).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", r.alerts);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(sh::format_duration(r.median_seconds).c_str());
    }
    ImGui::EndTable();
}

void draw_latency(AppState& s, ImVec2 size) {
    const Reports& r = s.reports;
    ImGui::BeginChild("latency_box", size, false, ImGuiWindowFlags_NoScrollbar);
    section_title(s, "Detection latency");
    ImGui::PushTextWrapPos(0);
    if (!r.has_latency) {
        ImGui::TextDisabled("Not available for %s: latency needs the rules behind the scores.",
                            s.source == ScoreSource::Share ? "a shared link" : "an imported layer");
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        return;
    }
    const sh::LatencyReport& l = r.latency;
    if (l.overall.alerts > 0)
        ImGui::Text("Median %s from event to detection over %s", sh::format_duration(l.overall.median_seconds).c_str(),
                    sh::plural(std::size_t(l.overall.alerts), "alert", "alerts").c_str());
    else
        ImGui::TextDisabled("No alert in %s matches a loaded rule.", s.alerts.file.c_str());
    if (l.unmatched > 0 || l.negative > 0) {
        ImGui::TextDisabled("%d not matched to a rule, %d detected before the event (not counted): see Problems", l.unmatched,
                            l.negative);
    }
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTabBar("latency_tabs")) {
        const float h = std::max(table_row_height() * 2, ImGui::GetContentRegionAvail().y - table_row_height());
        if (ImGui::BeginTabItem("By tactic")) {
            latency_table(s, "latency_tactics", l.tactics, false, h);
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("By technique")) {
            latency_table(s, "latency_techniques", l.techniques, true, h);
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

void baseline_table(AppState& s, const char* id, const std::vector<sh::BaselineRow>& rows, float height) {
    if (!ImGui::BeginTable(id, 3, kListFlags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Ours");
    ImGui::TableSetupColumn("Theirs");
    ImGui::TableHeadersRow();
    for (const auto& b : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        text_fitted(s, (b.technique + " " + b.name).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", b.ours);
        ImGui::TableNextColumn();
        ImGui::Text("%d", b.reference);
    }
    ImGui::EndTable();
}

void draw_targets_baseline(AppState& s, ImVec2 size) {
    const Reports& r = s.reports;
    ImGui::BeginChild("targets_box", size, false, ImGuiWindowFlags_NoScrollbar);
    section_title(s, r.has_targets && r.has_baseline ? "Targets and baseline" : r.has_targets ? "Targets" : "Baseline");
    ImGui::PushTextWrapPos(0);
    if (r.has_targets)
        ImGui::Text("%d of %zu targets met", r.targets.met, r.targets.rows.size());
    if (r.has_baseline)
        ImGui::Text("vs %s: %zu covered there, not here; %zu ahead; %d both", r.baseline.reference_name.c_str(),
                    r.baseline.missing.size(), r.baseline.ahead.size(), r.baseline.both);
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTabBar("targets_tabs")) {
        const float h = std::max(table_row_height() * 2, ImGui::GetContentRegionAvail().y - table_row_height());
        if (r.has_targets) {
            const std::string label = "Targets not met (" + std::to_string(r.targets.not_met) + ")###not_met";
            if (ImGui::BeginTabItem(label.c_str())) {
                if (r.targets.not_met == 0) {
                    ImGui::TextDisabled("Every target is met.");
                } else if (ImGui::BeginTable("targets_not_met", 3, kListFlags, ImVec2(0, h))) {
                    ImGui::TableSetupScrollFreeze(0, 1);
                    ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch);
                    ImGui::TableSetupColumn("Score");
                    ImGui::TableSetupColumn("Needs");
                    ImGui::TableHeadersRow();
                    for (const auto& t : r.targets.rows) {
                        if (t.met) continue;
                        ImGui::TableNextRow();
                        ImGui::TableNextColumn();
                        text_fitted(s, (t.technique + " " + t.name).c_str());
                        ImGui::TableNextColumn();
                        ImGui::Text("%d", t.score);
                        ImGui::TableNextColumn();
                        ImGui::Text("%d", t.min_score);
                    }
                    ImGui::EndTable();
                }
                ImGui::EndTabItem();
            }
        }
        if (r.has_baseline) {
            const std::string missing = "Missing (" + std::to_string(r.baseline.missing.size()) + ")###missing";
            const bool open = ImGui::BeginTabItem(missing.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Covered by %s, not by us", r.baseline.reference_name.c_str());
            if (open) {
                if (r.baseline.missing.empty()) ImGui::TextDisabled("We cover everything the baseline covers.");
                else baseline_table(s, "baseline_missing", r.baseline.missing, h);
                ImGui::EndTabItem();
            }
            const std::string ahead = "Ahead (" + std::to_string(r.baseline.ahead.size()) + ")###ahead";
            const bool open_ahead = ImGui::BeginTabItem(ahead.c_str());
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Covered by us, not by %s", r.baseline.reference_name.c_str());
            if (open_ahead) {
                if (r.baseline.ahead.empty()) ImGui::TextDisabled("The baseline covers everything we cover.");
                else baseline_table(s, "baseline_ahead", r.baseline.ahead, h);
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
}

// "Against APT29: 41 of 63 techniques covered (65%), 28 covered well", the selection's top uncovered
// techniques (left) and the weakest-against ranking (right).
void draw_threat_section(AppState& s, const sh::BoardThreats& t, float width) {
    if (t.lines.empty() && t.weakest.rows.empty()) {
        for (const char* name : {"threats-box", "weakest-box"}) s.ui_rects.erase(name);  // named while drawn only
        return;
    }
    const float k = s.display_scale;
    const float gap = 24 * k;
    // Side by side where both fit (240 and 200 wide at least), else one under the other: on a
    // phone the ranking was drawn past the window's edge.
    const bool stacked = width < (240 + 200) * k + gap;
    const float left_w = stacked ? width : std::max(240 * k, (width - gap) * 0.55f);
    const float right_w = stacked ? width : std::max(200 * k, width - gap - left_w);
    const float row = table_row_height();
    const std::size_t left_rows = t.lines.size() + (t.combined_line.empty() ? 0 : 1) + t.top_uncovered.size() + 4;
    const std::size_t right_rows = t.weakest.rows.size() + 3;
    const float h = std::max(float(std::max(left_rows, right_rows)) * row, 140 * k);
    // Stacked, each part is as long as its rows and the board scrolls as one: boxes that scroll
    // inside a scrolling board caught the finger on a phone.
    auto begin_box = [&](const char* id, float w, float box_h) {
        if (stacked) ImGui::BeginGroup();
        else ImGui::BeginChild(id, ImVec2(w, box_h), false, ImGuiWindowFlags_NoScrollbar);
    };
    auto end_box = [&] {
        if (stacked) ImGui::EndGroup();
        else ImGui::EndChild();
    };
    const ImGuiTableFlags list_flags = stacked ? kListFlags & ~ImGuiTableFlags_ScrollY : kListFlags;
    auto list_h = [&] { return stacked ? 0.0f : std::max(row * 2, ImGui::GetContentRegionAvail().y); };
    begin_box("threats_box", left_w, h);
    section_title(s, t.lines.empty() ? "Threats" : "Against the selected threats");
    ImGui::PushTextWrapPos(0);
    if (t.lines.empty()) {
        ImGui::TextDisabled("Select groups, campaigns or software in the Threats tab (or with --threat in the CLI) to see "
                            "how many of the techniques they use our rules cover.");
    }
    for (const auto& line : t.lines) ImGui::TextUnformatted(line.c_str());
    if (!t.combined_line.empty()) ImGui::TextUnformatted(t.combined_line.c_str());
    ImGui::PopTextWrapPos();
    if (!t.lines.empty()) {
        ImGui::Spacing();
        if (t.top_uncovered.empty()) {
            ImGui::TextDisabled("Every technique they use has a rule.");
        } else {
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("Top uncovered techniques (%s)", t.frequency_note.c_str());
            ImGui::PopTextWrapPos();
            if (ImGui::BeginTable("threat_uncovered", 4, list_flags, ImVec2(0, list_h()))) {
                ImGui::TableSetupScrollFreeze(0, 1);
                ImGui::TableSetupColumn("#");
                ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch);
                ImGui::TableSetupColumn("Freq. %");
                ImGui::TableSetupColumn("Priority");
                ImGui::TableHeadersRow();
                for (const auto& g : t.top_uncovered) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::Text("%d", g.rank);
                    ImGui::TableNextColumn();
                    ImGui::TextWrapped("%s %s", g.technique.c_str(), g.name.c_str());  // wraps in its column
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(sh::fixed_decimals(g.frequency, 0).c_str());
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(sh::fixed_decimals(g.priority, 1).c_str());
                }
                ImGui::EndTable();
            }
        }
    }
    end_box();
    remember_item(s, "threats-box");
    if (!stacked) ImGui::SameLine(0, gap);
    begin_box("weakest_box", right_w, h);
    section_title(s, "Weakest against");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("ATT&CK groups and campaigns by the share of their techniques our rules cover, lowest first "
                          "(at least %d known techniques)",
                          t.weakest.min_techniques);
    if (t.weakest.rows.empty()) {
        ImGui::TextDisabled("No group or campaign to rank.");
    } else if (ImGui::BeginTable("weakest_against", 3, list_flags, ImVec2(0, list_h()))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("Threat", ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableSetupColumn("Covered");
        ImGui::TableSetupColumn("Used");
        ImGui::TableHeadersRow();
        for (const auto& r : t.weakest.rows) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // A campaign named by its id (C0010) reads "C0010", not "C0010 (C0010)", as in the
            // Threats tab and the board document.
            ImGui::TextWrapped("%d. %s", r.rank, sh::threat_label(r.name, r.id).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(sh::percent_label(r.covered_pct).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", r.used);
        }
        ImGui::EndTable();
    }
    end_box();
    remember_item(s, "weakest-box");
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

    // Title line with the export buttons on the right; where both do not fit (a phone) the title
    // wraps and the buttons go below it, wrapping too.
    const float buttons_w = ImGui::CalcTextSize("DocumentPrint...Save as PNGGaps CSV").x +
                            ImGui::GetStyle().FramePadding.x * 8 + ImGui::GetStyle().ItemSpacing.x * 3;
    ImGui::PushFont(s.big_font ? s.big_font : ImGui::GetFont());
    const bool beside = ImGui::CalcTextSize(b.title.c_str()).x + 2 * ImGui::GetStyle().ItemSpacing.x + buttons_w <= full_w;
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + full_w);
    ImGui::TextUnformatted(b.title.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    remember_item(s, "board-title");
    if (beside) ImGui::SameLine(full_w - buttons_w);
    if (ImGui::Button("Document")) s.request_document = true;
    s.ui_rects["board-document"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                    ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Show the board as a document: the page scrolls and zooms natively, text can be found and copied");
    same_line_or_wrap(button_width("Print..."));
    if (ImGui::Button("Print...")) s.request_print = true;
    s.ui_rects["print"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                           ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Print the board document (or save it as PDF from the print dialog); Ctrl+P does the same");
    same_line_or_wrap(button_width("Save as PNG"));
    if (ImGui::Button("Save as PNG")) s.request_board_png = true;
    s.ui_rects["board-png"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                               ImGui::GetItemRectMax().y};
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Download the board as %s at %dx (what sigma-heatmap board --png draws)",
                          report_file_name(s, "-board.png").c_str(), s.png_scale);
    same_line_or_wrap(button_width("Gaps CSV"));
    if (ImGui::Button("Gaps CSV")) s.request_gaps_csv = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Download every listed gap with the terms of its priority as %s",
                                                  report_file_name(s, "-gaps.csv").c_str());
    // Wrapped: on a phone "... · threshold 80 · Windows" ran past the window's edge.
    std::string subtitle = b.subtitle;
    if (s.source != ScoreSource::Rules)
        subtitle += std::string(" \u00b7 rules and fragile coverage: not available for ") +
                    (s.source == ScoreSource::Share ? "a shared link" : "an imported layer");
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + full_w);
    ImGui::TextDisabled("%s", subtitle.c_str());
    ImGui::PopTextWrapPos();
    remember_item(s, "board-subtitle");
    // With a threat selection, its headline comes first; the details are in the threat section below.
    if (!b.threats.lines.empty()) {
        ImGui::PushFont(s.ui_font);
        ImGui::PushTextWrapPos(0);
        for (const auto& line : b.threats.lines) {
            ImGui::TextColored(ImVec4(0.48f, 0.12f, 0.64f, 1), "%s", line.c_str());
        }
        if (!b.threats.combined_line.empty())
            ImGui::TextColored(ImVec4(0.48f, 0.12f, 0.64f, 1), "%s", b.threats.combined_line.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
    }
    ImGui::Spacing();

    draw_tiles(s, b);
    ImGui::Spacing();
    ImGui::Spacing();

    // Tactic bars (left) and top gaps (right).
    const float col_gap = 24 * k;
    // Side by side where both columns fit (260 and 200 wide at least), else the gaps go below.
    const bool stacked = full_w < (260 + 200) * k + col_gap;
    const float left_w = stacked ? full_w : std::max(260 * k, full_w * 0.36f);
    const float right_w = stacked ? full_w : std::max(200 * k, full_w - left_w - col_gap);
    const float bars_h = tactic_bars_height(s, b, left_w);
    ImGui::BeginGroup();
    section_title(s, "Coverage by tactic");
    draw_tactic_bars(s, b, s.report.kpi_threshold, left_w);
    ImGui::EndGroup();
    if (stacked) ImGui::Spacing();
    else ImGui::SameLine(0, col_gap);
    ImGui::BeginGroup();
    section_title(s, sh::gaps_heading(b.top_gaps.size()).c_str());
    // Latency, targets and baseline share the gaps' column when there are any: the gaps table
    // keeps the height its rows need (up to about half), they get the rest.
    const Reports& rep = s.reports;
    const bool latency = s.has_alerts;
    const bool targets = rep.has_targets || rep.has_baseline;
    // Under the bars (a phone) the box is as high as the rows need: it left half a screen empty.
    const float needed = gaps_box_height(s, b.top_gaps, right_w);
    float gaps_h = stacked ? needed : bars_h;
    if (latency || targets) gaps_h = std::min(needed, stacked ? needed : bars_h * 0.55f);
    ImGui::PushItemWidth(right_w);
    ImGui::BeginChild("gaps_box", ImVec2(right_w, gaps_h), false, ImGuiWindowFlags_NoScrollbar);
    draw_gaps_table(s, b.top_gaps, gaps_h - ImGui::GetStyle().ItemSpacing.y);
    ImGui::EndChild();
    ImGui::PopItemWidth();
    if (latency || targets) {
        const float extra_h = std::max(150 * k, bars_h - gaps_h - ImGui::GetStyle().ItemSpacing.y);
        const float inner_gap = 16 * k;
        const float w = latency && targets ? (right_w - inner_gap) * 0.5f : right_w;
        if (latency) draw_latency(s, ImVec2(w, extra_h));
        if (latency && targets) ImGui::SameLine(0, inner_gap);
        if (targets) draw_targets_baseline(s, ImVec2(w, extra_h));
    }
    ImGui::EndGroup();

    ImGui::Spacing();
    draw_threat_section(s, b.threats, full_w);
    ImGui::Spacing();
    section_title(s, "Trend");
    if (b.trend.points.size() < 2) {  // beside the title where it fits, else under it, wrapped (a phone)
        const char* hint = "add earlier layers in the Trends tab to see coverage over time";
        same_line_or_wrap(ImGui::CalcTextSize(hint).x, 2 * ImGui::GetFontSize());
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", hint);
        ImGui::PopTextWrapPos();
        remember_item(s, "trend-hint");
    } else {
        s.ui_rects.erase("trend-hint");
    }
    const float chart_h = std::max(170 * k, ImGui::GetContentRegionAvail().y - 8 * k);
    draw_trend_chart(s, b.trend, ImVec2(full_w, chart_h), false);
    ImGui::EndGroup();
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace app
