// view_matrix.cpp — the ATT&CK matrix like Navigator's: controls (search, platform, parent score,
// layout, zoom, toggles), tactic columns with sticky headers, technique cells coloured through the
// gradient with expandable sub-techniques, hover tooltips, selection, and the legend bar. With a
// threat selection (Threats tab) a cell the selected threats use gets an outline and a corner badge
// with how many of them use it, readable on every palette colour.
// Everything it draws comes from core/render (build_matrix, layout_matrix, wrap_text, colours).
// The canvas (draw_matrix_canvas) and the legend are shared with the Diff view, which draws the
// diff layer's scores (score changes) on the same matrix.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "core/layer.hpp"
#include "core/render/colour.hpp"
#include "core/render/matrix_layout.hpp"
#include "misc/cpp/imgui_stdlib.h"

namespace app {

namespace {

const sh::CellPaints kNoPaints;  // the Diff matrix shows changes, never a layer's own colours
const ImU32 kBorder = IM_COL32(0xc9, 0xcd, 0xd3, 0xff);
const ImU32 kSearch = IM_COL32(0x15, 0x65, 0xc0, 0xff);
const ImU32 kSelected = IM_COL32(0x11, 0x11, 0x11, 0xff);
// Threat marks: a purple no palette uses (red-yellow-green, blue-yellow-black), edged in white so it
// stands out on the darkest cells too.
const ImU32 kThreat = IM_COL32(0x7b, 0x1f, 0xa2, 0xff);
const ImU32 kThreatEdge = IM_COL32(0xff, 0xff, 0xff, 0xff);

ImU32 to_u32(sh::Rgb c, int alpha = 255) { return IM_COL32(c.r, c.g, c.b, alpha); }

// The matrix font is baked for s.matrix.zoom, so every canvas uses that zoom.
float strip_width(const AppState& s) { return 13.0f * s.display_scale * s.matrix.zoom; }
float cell_pad(const AppState& s) { return 4.0f * s.display_scale * s.matrix.zoom; }
// The corner badge of a cell the selected threats use (side layout).
float badge_radius(const AppState& s, float cell_h) { return std::min(cell_h * 0.34f, 9.5f * s.display_scale * s.matrix.zoom); }

// How many selected threats use the technique of a cell (a parent with its sub-techniques' users).
const sh::ThreatUse* threat_use_of(const AppState& s, const std::string& id) {
    if (s.threats.ids.empty()) return nullptr;
    auto it = s.threat_view.use.find(id);
    return it == s.threat_view.use.end() || it->second.count == 0 ? nullptr : &it->second;
}

// The rectangles and the wrapped text for a model, the zoom and the toggles.
void rebuild_cache(AppState& s, const MatrixView& mv, const sh::MatrixModel& model, MatrixCache& c, float avail_w,
                   float avail_h) {
    ImFont* font = s.matrix_font ? s.matrix_font : ImGui::GetFont();
    const float k = s.display_scale * s.matrix.zoom;
    const float line = font->FontSize;
    const float pad = cell_pad(s);
    auto measure = [font](std::string_view t) {
        return font->CalcTextSizeA(font->FontSize, 1e9f, 0.0f, t.data(), t.data() + t.size()).x;
    };

    sh::MatrixMetrics m;
    m.column_gap = 6 * k;
    m.row_gap = 2 * k;
    m.sub_indent = 14 * k;
    if (mv.layout == sh::MatrixLayout::Side) {
        const bool names = mv.show_names;
        m.cell_width = (names ? 184 : (mv.show_scores ? 100 : 84)) * k;
        if (s.matrix.fit && !model.columns.empty()) {
            // Every column on screen: the columns share the width (the font follows, see fit_zoom).
            const float n = float(model.columns.size());
            m.cell_width = std::floor((avail_w - 2 * pad - m.column_gap * (n - 1)) / n);
            m.cell_width = std::max(m.cell_width, 40.0f * s.display_scale);
        }
        m.cell_height = std::ceil(line * (names ? 2 : 1) + 2 * pad);
        m.header_height = std::ceil(line * 3 + 3 * pad);
    } else {
        m.header_height = std::ceil(line * 4 + 3 * pad);
        m.mini_gap = 2 * k;
        m.mini_cell = 16 * k;
        m = sh::fit_mini_metrics(model, m, avail_w - 2 * pad, avail_h - 2 * pad, 9 * s.display_scale);
    }
    c.metrics = m;
    c.geometry = sh::layout_matrix(model, mv.layout, m);
    c.cell_lines.assign(c.geometry.cells.size(), {});
    c.score_place.assign(c.geometry.cells.size(), MatrixCache::ScorePlace::Beside);
    if (mv.layout == sh::MatrixLayout::Side) {
        const float score_w = mv.show_scores ? measure("100.0") + pad : 0;
        for (std::size_t i = 0; i < c.geometry.cells.size(); ++i) {
            const auto& box = c.geometry.cells[i];
            const auto& cell = model.columns[std::size_t(box.column)].cells[std::size_t(box.cell)];
            float w = box.w - 2 * pad - (cell.subtechniques > 0 ? strip_width(s) : 0);
            // A used cell's badge sits in the top right corner; the text keeps clear of it.
            if (&model == &s.model && threat_use_of(s, cell.id) && cell.subtechniques == 0)
                w -= 2 * badge_radius(s, m.cell_height);
            bool ids = mv.show_ids || !mv.show_names, names = mv.show_names;
            if (mv.show_scores && cell.has_score && ids && w - score_w < measure(cell.id)) {
                // Too narrow for the ID beside the score (a phone at Fit): the ID takes the line.
                c.score_place[i] = names ? MatrixCache::ScorePlace::Below : MatrixCache::ScorePlace::None;
                names = false;
            } else if (mv.show_scores) {
                w -= score_w;
            }
            std::string label = sh::cell_label(cell, ids, names);
            // A sub-technique's full ID that does not fit goes short (".001"), under its parent's.
            if (const auto dot = cell.id.find('.'); ids && dot != std::string::npos && measure(cell.id) > w)
                label.replace(0, dot, "");
            c.cell_lines[i] = sh::wrap_text(label, w, names ? 2 : 1, measure);
        }
    }
    c.header_lines.assign(model.columns.size(), {});
    const int header_max = mv.layout == sh::MatrixLayout::Side ? 2 : 3;
    for (std::size_t i = 0; i < c.geometry.headers.size(); ++i)
        c.header_lines[i] = sh::wrap_text(model.columns[i].name, c.geometry.headers[i].w - 2 * pad, header_max, measure);
    c.avail_w = avail_w;
    c.avail_h = avail_h;
    c.valid = true;
}

void toggle_expanded(AppState& s, MatrixView& mv, const sh::MatrixModel& model, const std::string& id) {
    auto& o = mv.options;
    if (o.expand_all) {
        // Collapsing one parent out of "all": every other parent stays open.
        o.expand_all = false;
        o.expanded.clear();
        for (const auto& col : model.columns)
            for (const auto& cell : col.cells)
                if (cell.depth == 0 && cell.subtechniques > 0 && cell.id != id) o.expanded.push_back(cell.id);
    } else {
        auto it = std::find(o.expanded.begin(), o.expanded.end(), id);
        if (it == o.expanded.end())
            o.expanded.push_back(id);
        else
            o.expanded.erase(it);
    }
    if (&mv == &s.matrix) s.model_dirty = true;
    else s.diff_model_dirty = true;
}

void draw_controls(AppState& s) {
    MatrixView& mv = s.matrix;
    const float k = s.display_scale;
    // The box, its arrows and the match count on one line where they fit: on a phone the box
    // gives up width (down to 120) before the count is pushed past the edge.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float count_w = ImGui::CalcTextSize("999 matches").x;
    const float tail_w = mv.options.search.empty() ? 0.0f
        : 2 * (style.ItemInnerSpacing.x + ImGui::GetFrameHeight()) + style.ItemSpacing.x + count_w;
    ImGui::SetNextItemWidth(std::max(120 * k, std::min(220 * k, ImGui::GetContentRegionAvail().x - tail_w)));
    if (s.focus_search) {
        ImGui::SetKeyboardFocusHere();
        s.focus_search = false;
    }
    const std::string before = mv.options.search;
    const bool enter = ImGui::InputTextWithHint("##search", "Search technique ID or name", &mv.options.search,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item(s, "search");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Enter / F3: next match, Shift+Enter / Shift+F3: previous. Ctrl+F or / to come back here.");
    if (mv.options.search != before) {
        s.model_dirty = true;
        mv.match_id.clear();
        mv.match_tactic.clear();
    }
    if (enter) {
        // Enter goes to the next match and keeps the box for more typing (or another Enter).
        search_step(s, ImGui::GetIO().KeyShift ? -1 : +1);
        ImGui::SetKeyboardFocusHere(-1);
    }
    if (!mv.options.search.empty()) {
        update(s);
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        ImGui::BeginDisabled(s.model.search_matches == 0);
        if (ImGui::ArrowButton("##search_prev", ImGuiDir_Up)) search_step(s, -1);
        remember_item(s, "search-prev");
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Previous match (Shift+F3)");
        ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
        if (ImGui::ArrowButton("##search_next", ImGuiDir_Down)) search_step(s, +1);
        remember_item(s, "search-next");
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Next match (Enter, F3)");
        ImGui::EndDisabled();
        int total = 0;
        const int at = search_position(s, &total);
        char count[48];
        if (at >= 0)
            std::snprintf(count, sizeof count, "%d of %d", at + 1, total);
        else
            std::snprintf(count, sizeof count, "%d match%s", s.model.search_matches, s.model.search_matches == 1 ? "" : "es");
        same_line_or_wrap(ImGui::CalcTextSize(count).x);
        ImGui::TextDisabled("%s", count);
        remember_item(s, "search-count");
    }
    same_line_or_wrap(150 * k);
    ImGui::SetNextItemWidth(150 * k);
    const std::string shown = mv.platforms.empty() ? std::string("All platforms") : sh::platform_words(mv.platforms);
    if (ImGui::BeginCombo("##platform", shown.c_str())) {
        if (ImGui::Selectable("All platforms", mv.platforms.empty())) mv.platforms.clear(), s.model_dirty = true;
        if (mv.platforms.size() > 1) ImGui::Selectable(shown.c_str(), true);  // an opened layer's filter
        for (const auto& p : s.platforms)
            if (ImGui::Selectable(p.c_str(), mv.platforms == std::vector<std::string>{p})) mv.platforms = {p}, s.model_dirty = true;
        ImGui::EndCombo();
    }
    remember_item(s, "platform");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show only techniques that apply to this platform");
    same_line_or_wrap(120 * k);
    ImGui::SetNextItemWidth(120 * k);
    static const char* aggregates[] = {"Parent: max", "Parent: avg", "Parent: min", "Parent: sum"};
    int agg = int(mv.options.aggregate);
    if (ImGui::Combo("##aggregate", &agg, aggregates, 4)) {
        mv.options.aggregate = sh::Aggregate(agg);
        s.model_dirty = true;
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("A technique's cell shows this aggregate of its own score and its sub-techniques' scores");
    same_line_or_wrap(checkbox_width("Side") + checkbox_width("Mini") + ImGui::GetStyle().ItemSpacing.x);
    int layout = int(mv.layout);
    if (ImGui::RadioButton("Side", &layout, int(sh::MatrixLayout::Side))) s.cache.valid = false;
    ImGui::SameLine();
    if (ImGui::RadioButton("Mini", &layout, int(sh::MatrixLayout::Mini))) s.cache.valid = false;
    mv.layout = sh::MatrixLayout(layout);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Small squares: the whole matrix on one screen");
    same_line_or_wrap(button_width(" - ") * 2 + button_width("Fit") + ImGui::CalcTextSize("100%").x + ImGui::GetStyle().ItemSpacing.x * 3);
    ImGui::BeginDisabled(mv.zoom <= 0.5f);
    if (ImGui::Button(" - ")) mv.zoom = std::max(0.5f, mv.zoom - 0.125f), mv.fit = false;
    remember_item(s, "zoom-out");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::Text("%3.0f%%", mv.zoom * 100);
    if (ImGui::IsItemClicked()) mv.zoom = 1.0f, mv.fit = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Matrix text size; click for 100%%");
    ImGui::SameLine();
    ImGui::BeginDisabled(mv.zoom >= 2.0f);
    if (ImGui::Button(" + ")) mv.zoom = std::min(2.0f, mv.zoom + 0.125f), mv.fit = false;
    remember_item(s, "zoom-in");
    ImGui::EndDisabled();
    ImGui::SameLine();
    const bool was_fit = mv.fit;
    if (was_fit) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    if (ImGui::Button("Fit")) {
        mv.fit = !mv.fit;
        if (!mv.fit) mv.zoom = 1.0f;
        s.cache.valid = s.diff_cache.valid = false;
    }
    if (was_fit) ImGui::PopStyleColor();
    remember_item(s, "fit");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip(mv.fit ? "Fit is on: every tactic column shares the width (kept when the window changes). Click for 100%%."
                                 : "Fit every tactic column to the width (kept when the window changes)");
    same_line_or_wrap(checkbox_width("IDs"));

    if (ImGui::Checkbox("IDs", &mv.show_ids)) s.cache.valid = false;
    same_line_or_wrap(checkbox_width("Names"));
    if (ImGui::Checkbox("Names", &mv.show_names)) s.cache.valid = false;
    same_line_or_wrap(checkbox_width("Scores"));
    if (ImGui::Checkbox("Scores", &mv.show_scores)) s.cache.valid = false;
    same_line_or_wrap(checkbox_width("Hide uncovered"));
    if (ImGui::Checkbox("Hide uncovered", &mv.options.hide_uncovered)) s.model_dirty = true;
    same_line_or_wrap(button_width("Expand all"));
    if (ImGui::Button("Expand all")) {
        mv.options.expand_all = true;
        s.model_dirty = true;
    }
    same_line_or_wrap(button_width("Collapse all"));
    if (ImGui::Button("Collapse all")) {
        mv.options.expand_all = false;
        mv.options.expanded.clear();
        s.model_dirty = true;
    }
    // Threats: the selection lives in the side panel's Threats tab; this opens it.
    const std::string threats = s.threats.ids.empty() ? std::string("Threats...")
                                                       : "Threats (" + std::to_string(s.threats.ids.size()) + ")...";
    same_line_or_wrap(button_width(threats.c_str()));
    if (ImGui::Button(threats.c_str())) {
        s.tab = SideTab::Threats;
        s.switch_tab = true;
        s.threats.focus_query = true;
    }
    remember_item(s, "threats");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Mark the techniques of ATT&CK groups, campaigns or software (APT29, Cozy Bear, G0016, ...)");
    if (!s.threats.ids.empty()) {
        same_line_or_wrap(checkbox_width("Only techniques they use"));
        if (ImGui::Checkbox("Only techniques they use", &s.threats.only_used)) update_threats(s);
        remember_item(s, "matrix-threat-only");
    }
}

void draw_tooltip(AppState& s, const sh::MatrixColumn& col, const sh::MatrixCell& cell) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(popup_wrap_at(32));
    ImGui::Text("%s  %s", cell.id.c_str(), cell.name.c_str());
    ImGui::TextDisabled("%s", col.name.c_str());
    if (cell.has_score) {
        if (cell.depth == 0 && cell.subtechniques_covered > 0)
            ImGui::Text("Score %s (%s of itself and %d sub-technique%s)", sh::format_score(cell.score).c_str(),
                        sh::aggregate_name(s.matrix.options.aggregate), cell.subtechniques_covered,
                        cell.subtechniques_covered == 1 ? "" : "s");
        else
            ImGui::Text("Score %s", sh::format_score(cell.score).c_str());
    } else {
        ImGui::TextUnformatted(s.source == ScoreSource::Rules ? "No rules" : "Not covered in this layer");
    }
    if (cell.subtechniques > 0)
        ImGui::Text("Sub-techniques covered: %d of %d", cell.subtechniques_covered, cell.subtechniques);
    if (const sh::ThreatUse* use = threat_use_of(s, cell.id)) {
        const std::string used = sh::threat_use_text(*use, s.threat_view.selected.size());
        ImGui::TextColored(ImVec4(0.48f, 0.12f, 0.64f, 1), "%s%s", used.c_str(),
                           cell.depth == 0 && cell.subtechniques > 0 ? " (itself or a sub-technique)" : "");
        s.ui_texts["tooltip-threats"] = used;
    }
    // A layer or a share link has scores, not rules: say what the layer itself says.
    if (s.source != ScoreSource::Rules) {
        if (s.source == ScoreSource::Share) {
            if (cell.has_score) {
                ImGui::Separator();
                ImGui::TextDisabled("Rule details are not part of share links.");
            }
        } else {
            auto it = s.imported_comments.find(cell.id + '\0' + col.tactic);
            if (it == s.imported_comments.end()) it = s.imported_comments.find(cell.id + '\0');
            if (it != s.imported_comments.end()) {
                ImGui::Separator();
                ImGui::TextDisabled("The layer says:");
                // Our layers list the rule titles separated by "; ".
                const std::string& c = it->second;
                std::size_t start = 0, shown = 0;
                while (start < c.size() && shown < 12) {
                    std::size_t end = c.find("; ", start);
                    if (end == std::string::npos) end = c.size();
                    ImGui::BulletText("%s", c.substr(start, end - start).c_str());
                    start = end + 2;
                    ++shown;
                }
                if (start < c.size()) ImGui::TextDisabled("... and more");
            }
        }
        if (cell.subtechniques > 0) {
            ImGui::Separator();
            ImGui::TextDisabled("Double-click: sub-techniques");
        }
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
        return;
    }
    if (cell.has_score) {
        ImGui::Separator();
        auto rules = sh::rules_for_cell(*s.catalogue, s.scores, cell.id, col.tactic);
        const std::size_t shown = std::min<std::size_t>(rules.size(), 12);
        for (std::size_t i = 0; i < shown; ++i) {
            if (rules[i].rule >= s.loaded.rules.size()) continue;
            const sh::Rule& r = s.loaded.rules[rules[i].rule];
            // The title wraps inside the tooltip, and its level and status follow on the same line only
            // when they fit there whole (Dear ImGui would otherwise wrap them one letter per line).
            ImGui::Bullet();
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            ImGui::TextUnformatted(r.title.empty() ? r.file.c_str() : r.title.c_str());
            char meta[160];
            std::snprintf(meta, sizeof meta, "%s, %s%s%s", level_label(r.level), status_label(r.status),
                          rules[i].via != cell.id ? ", via " : "", rules[i].via != cell.id ? rules[i].via.c_str() : "");
            const float wrap_x = ImGui::GetWindowPos().x + ImGui::GetFontSize() * 32.0f;
            const bool fits = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(meta).x <= wrap_x;
            if (fits) ImGui::SameLine();
            else ImGui::Indent();
            ImGui::TextDisabled("%s", meta);
            if (!fits) ImGui::Unindent();
        }
        if (rules.size() > shown) ImGui::TextDisabled("... and %zu more", rules.size() - shown);
    }
    ImGui::Separator();
    ImGui::TextDisabled(cell.subtechniques > 0 ? "Click: show its rules  ·  double-click: sub-techniques"
                                               : "Click: show its rules");
    ImGui::PopTextWrapPos();
    const ImVec2 p = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    s.ui_rects["tooltip"] = {p.x, p.y, p.x + size.x, p.y + size.y};
    ImGui::EndTooltip();
}

// A Diff cell's tooltip: the change under this tactic, as the diff lists it.
void draw_diff_tooltip(AppState& s, const sh::MatrixColumn& col, const sh::MatrixCell& cell) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(popup_wrap_at(32));
    ImGui::Text("%s  %s", cell.id.c_str(), cell.name.c_str());
    ImGui::TextDisabled("%s", col.name.c_str());
    bool any = false;
    for (const auto& c : s.reports.diff.changes) {
        if (c.technique != cell.id || (c.tactic != col.tactic && !c.tactic.empty())) continue;
        ImGui::Text("Score %d -> %d (%s%d)", c.before, c.after, c.delta() > 0 ? "+" : "", c.delta());
        any = true;
    }
    if (!any && cell.has_score && cell.subtechniques_covered > 0)
        ImGui::Text("%d sub-technique%s changed (cell: the %s change)", cell.subtechniques_covered,
                    cell.subtechniques_covered == 1 ? "" : "s", sh::aggregate_name(s.diff_view.options.aggregate));
    else if (!any)
        ImGui::TextUnformatted("No change");
    if (cell.subtechniques > 0) {
        ImGui::Separator();
        ImGui::TextDisabled("Double-click: sub-techniques");
    }
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
}

// The gradient legend's row at a width: the caption, the bar (260 wide, or narrower down to 100 so
// that the "no rules" key still fits on the line; the last tick's label reaches half its width past
// the bar's end), the key. Where even the narrowest bar leaves no room, the caption goes on a line
// of its own above them (a phone: "Score: best rule level").
struct GradientRow {
    float caption_w = 0, first_half = 0, last_half = 0, tail_w = 0, k = 1;
    GradientRow(const AppState& s, const sh::Legend& legend, const char* caption, const char* note) : k(s.display_scale) {
        const float fs = ImGui::GetFontSize() * 0.85f;
        caption_w = ImGui::CalcTextSize(caption).x + ImGui::GetStyle().ItemSpacing.x;
        auto half = [&](const std::string& label) { return ImGui::GetFont()->CalcTextSizeA(fs, 1e9f, 0, label.c_str()).x / 2; };
        first_half = legend.ticks.empty() ? 0.0f : half(legend.ticks.front().label);
        last_half = legend.ticks.empty() ? 0.0f : half(legend.ticks.back().label);
        tail_w = 16 * k + 12 * k * 1.6f + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(note).x;
    }
    bool caption_above(float width) const { return caption_w + 100 * k + last_half + tail_w > width; }
    float bar_w(float room) const { return std::clamp(room - tail_w - last_half, 100 * k, 260 * k); }
    // How wide the row ends up (the bar's line, where the caption is above: it starts half the
    // first tick's label in, so that "0" is whole).
    float used(float width) const {
        const float lead = caption_above(width) ? first_half : caption_w;
        return lead + bar_w(width - lead) + last_half + tail_w;
    }
};

}  // namespace

void draw_gradient_legend(AppState& s, const sh::Gradient& g, const char* caption, const char* note) {
    const float k = s.display_scale;
    const sh::Legend legend = sh::build_legend(g, 5);
    const GradientRow row(s, legend, caption, note);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(caption);
    if (!row.caption_above(ImGui::GetContentRegionAvail().x)) ImGui::SameLine();
    else ImGui::SetCursorPosX(ImGui::GetCursorPosX() + row.first_half);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float bar_h = 12 * k;
    ImFont* font = ImGui::GetFont();
    const float fs = ImGui::GetFontSize() * 0.85f;
    const float last_half = row.last_half;
    const float bar_w = row.bar_w(ImGui::GetContentRegionAvail().x);
    ImVec2 p = ImGui::GetCursorScreenPos();
    p.y += 2 * k;
    const std::size_t n = legend.stops.size();
    if (n == 1) {
        dl->AddRectFilled(p, ImVec2(p.x + bar_w, p.y + bar_h), to_u32(legend.stops[0]));
    } else {
        for (std::size_t i = 0; i + 1 < n; ++i) {
            const float x0 = p.x + bar_w * float(i) / float(n - 1), x1 = p.x + bar_w * float(i + 1) / float(n - 1);
            const ImU32 a = to_u32(legend.stops[i]), b = to_u32(legend.stops[i + 1]);
            dl->AddRectFilledMultiColor(ImVec2(x0, p.y), ImVec2(x1, p.y + bar_h), a, b, b, a);
        }
    }
    dl->AddRect(p, ImVec2(p.x + bar_w, p.y + bar_h), kBorder);
    for (const auto& t : legend.ticks) {
        const float x = p.x + bar_w * t.position;
        dl->AddLine(ImVec2(x, p.y + bar_h), ImVec2(x, p.y + bar_h + 3 * k), kBorder);
        const float tw = font->CalcTextSizeA(fs, 1e9f, 0, t.label.c_str()).x;
        const float tx = std::clamp(x - tw / 2, p.x - tw / 2, p.x + bar_w - tw / 2);
        dl->AddText(font, fs, ImVec2(tx, p.y + bar_h + 3 * k), ImGui::GetColorU32(ImGuiCol_Text), t.label.c_str());
    }
    ImGui::Dummy(ImVec2(bar_w + last_half, bar_h + fs + 6 * k));
    remember_item(s, "legend-bar");
    ImGui::SameLine(0, std::max(4 * k, 16 * k - last_half));
    ImVec2 q = ImGui::GetCursorScreenPos();
    q.y += 2 * k;
    dl->AddRectFilled(q, ImVec2(q.x + bar_h * 1.6f, q.y + bar_h), to_u32(sh::kCellUncovered));
    dl->AddRect(q, ImVec2(q.x + bar_h * 1.6f, q.y + bar_h), kBorder);
    ImGui::Dummy(ImVec2(bar_h * 1.6f, bar_h));
    ImGui::SameLine();
    ImGui::TextUnformatted(note);
    remember_item(s, "legend-note");
}


// An opened layer's own legend (its legendItems), under the gradient as its picture has it: a
// swatch and its label each, on as many rows as the width needs. rows_needed() reserves them.
namespace {
struct LayerLegend {
    AppState& s;
    float k = s.display_scale;
    float swatch_w() const { return 12 * k * 1.6f; }
    float item_w(const std::string& label) const {
        return swatch_w() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label.c_str()).x;
    }
    int rows_needed(float width) const {
        if (s.source != ScoreSource::Layer || s.imported_legend.empty()) return 0;
        int rows = 1;
        float x = 0;
        for (const auto& item : s.imported_legend) {
            const float w = std::min(item_w(item.first), width);
            if (x > 0 && x + 16 * k + w > width) ++rows, x = 0;
            x += (x > 0 ? 16 * k : 0) + w;
        }
        return rows;
    }
    void draw() {
        const std::string key = "legend-item:";  // the items' rects are this frame's only
        for (auto it = s.ui_rects.lower_bound(key); it != s.ui_rects.end() && it->first.rfind(key, 0) == 0;) it = s.ui_rects.erase(it);
        if (rows_needed(1) == 0) return;
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float h = 12 * k, line = ImGui::GetTextLineHeight();
        for (std::size_t i = 0; i < s.imported_legend.size(); ++i) {
            const auto& [label, colour] = s.imported_legend[i];
            if (i > 0) same_line_or_wrap(item_w(label), 16 * k);
            ImGui::BeginGroup();
            const ImVec2 p = ImGui::GetCursorScreenPos();
            const ImVec2 a(p.x, p.y + std::floor((line - h) / 2)), b(a.x + swatch_w(), a.y + h);
            dl->AddRectFilled(a, b, to_u32(colour));
            dl->AddRect(a, b, kBorder);
            ImGui::Dummy(ImVec2(swatch_w(), line));
            ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
            text_fitted(s, label.c_str());
            ImGui::EndGroup();
            remember_item(s, ("legend-item:" + std::to_string(i)).c_str());
        }
    }
};
}  // namespace

std::string legend_caption(const AppState& s) {
    return s.source == ScoreSource::Rules ? sh::profile_caption(s.settings.score.profile) : s.imported_score_label;
}

void draw_matrix(AppState& s) {
    if (!s.catalogue || s.catalogue->tactics.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "No ATT&CK catalogue in this build.");
        ImGui::TextUnformatted(
            "The matrix needs the embedded ATT&CK catalogue (assets/attack/enterprise-attack-19.json), which was "
            "missing when this page was built. Rules still load and their problems are listed; rebuild after "
            "scripts/update-attack-data to see the heat-map.");
        ImGui::PopTextWrapPos();
        return;
    }
    draw_controls(s);
    update(s);

    const float k = s.display_scale;
    float legend_h = ImGui::GetFrameHeight() + ImGui::GetFontSize() + 10 * k;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    const std::string caption = legend_caption(s);
    const char* key_note = s.source == ScoreSource::Rules ? "no rules" : "not covered";
    const char* range_note = s.settings.custom_range ? "custom range" : "range 0 .. highest score";
    const char* threat_note = "used by the selected threats (badge: how many)";
    {
        // A narrow window puts the caption above the bar, then the range note and the threat
        // marks' note each on a line of their own when the row is full.
        const ImGuiStyle& st = ImGui::GetStyle();
        const float line = ImGui::GetFrameHeight() + st.ItemSpacing.y;
        const float width = avail.x;
        const GradientRow gradient(s, sh::build_legend(current_gradient(s), 5), caption.c_str(), key_note);
        float row = gradient.used(width) + 16 * k + ImGui::CalcTextSize(range_note).x;
        if (gradient.caption_above(width)) legend_h += line;
        if (row > width) legend_h += line, row = ImGui::CalcTextSize(range_note).x;
        if (!s.threats.ids.empty() && row + ImGui::GetFrameHeight() * 1.6f + ImGui::CalcTextSize(threat_note).x + 16 * k > width)
            legend_h += line;
    }
    LayerLegend layer_legend{s};
    legend_h += float(layer_legend.rows_needed(avail.x)) * (ImGui::GetTextLineHeight() + ImGui::GetStyle().ItemSpacing.y);
    avail.y = std::max(avail.y - legend_h, 50.0f);
    MatrixView& mv = s.matrix;
    if (mv.fit && mv.layout == sh::MatrixLayout::Side && !s.model.columns.empty()) {
        // The font for the fitted columns: as large as the natural layout would have it at this
        // width, between 70% (still readable) and 100%, in steps of 1/16 (each step rebakes it).
        const float natural = mv.show_names ? 184.0f : (mv.show_scores ? 100.0f : 84.0f);
        const float column = (avail.x - 2 * ImGui::GetStyle().WindowPadding.x) / float(s.model.columns.size()) - 6 * k;
        const float z = std::clamp(std::floor(column / (natural * k) * 16.0f) / 16.0f, 0.6875f, 1.0f);
        if (z != mv.zoom) {
            mv.zoom = z;
            s.cache.valid = s.diff_cache.valid = false;
        }
    }
    draw_matrix_canvas(s, s.matrix, s.model, s.cache, current_gradient(s), CanvasKind::Scores, avail);
    draw_gradient_legend(s, current_gradient(s), caption.c_str(), key_note);
    same_line_or_wrap(ImGui::CalcTextSize(range_note).x, 16 * k);
    ImGui::TextDisabled("%s", range_note);
    remember_item(s, "legend-range");
    if (!s.threats.ids.empty()) {
        // What the purple marks mean (shorter where the line is narrow; the tooltip says it all).
        const float sample_w = ImGui::GetFrameHeight() * 1.6f + 16 * k;
        const char* note = sample_w + ImGui::CalcTextSize(threat_note).x <= ImGui::GetContentRegionAvail().x
                               ? threat_note
                               : "used by the selected threats";
        same_line_or_wrap(sample_w + ImGui::CalcTextSize(note).x);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float h = ImGui::GetFrameHeight() * 0.8f;
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const ImVec2 q(p.x + h * 1.6f, p.y + h);
        dl->AddRectFilled(p, q, to_u32(sh::kCellUncovered));
        dl->AddRect(ImVec2(p.x + 1.25f * k, p.y + 1.25f * k), ImVec2(q.x - 1.25f * k, q.y - 1.25f * k), kThreat, 0, 0, 2.5f * k);
        dl->AddCircleFilled(ImVec2(q.x - h * 0.32f, p.y + h * 0.32f), h * 0.28f, kThreat);
        ImGui::Dummy(ImVec2(h * 1.6f, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(note);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Outlined: a technique the selected threats use; the badge says how many of them use it "
                              "(a technique counts its sub-techniques' users). Pick threats in the Threats tab.");
    }
    layer_legend.draw();
}

void draw_matrix_canvas(AppState& s, MatrixView& mv, const sh::MatrixModel& model, MatrixCache& cache,
                        const sh::Gradient& g, CanvasKind kind, ImVec2 avail) {
    const float k = s.display_scale;
    const bool diff = kind == CanvasKind::Diff;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, IM_COL32(0xff, 0xff, 0xff, 0xff));
    ImGui::BeginChild(diff ? "diff_canvas" : "matrix_canvas", avail, true, ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 inner = ImGui::GetContentRegionAvail();
    const bool fitted = mv.layout == sh::MatrixLayout::Mini || s.matrix.fit;
    if (fitted && (std::fabs(inner.x - cache.avail_w) > 1 || (mv.layout == sh::MatrixLayout::Mini && std::fabs(inner.y - cache.avail_h) > 1)))
        cache.valid = false;
    // A pinch or Ctrl+wheel zoom keeps the content under the anchor where it was.
    float anchor_ratio = 0;
    ImVec2 anchor_local;
    if (!diff && s.matrix.zoom_anchor_pending && cache.valid == false) {
        const ImVec2 wp = ImGui::GetWindowPos();
        anchor_local = ImVec2(s.matrix.zoom_anchor[0] - wp.x, s.matrix.zoom_anchor[1] - wp.y);
        anchor_ratio = s.matrix.zoom / std::max(s.matrix.zoom_from, 0.01f);
        s.matrix.zoom_anchor_pending = false;
    }
    if (!cache.valid) rebuild_cache(s, mv, model, cache, inner.x, inner.y);
    if (anchor_ratio > 0) {
        ImGui::SetScrollX((ImGui::GetScrollX() + anchor_local.x) * anchor_ratio - anchor_local.x);
        ImGui::SetScrollY((ImGui::GetScrollY() + anchor_local.y) * anchor_ratio - anchor_local.y);
    }

    const MatrixCache& c = cache;
    const bool side = mv.layout == sh::MatrixLayout::Side;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    ImFont* font = s.matrix_font ? s.matrix_font : ImGui::GetFont();
    const float fs = font->FontSize;
    const float pad = cell_pad(s);
    const ImVec2 origin = ImGui::GetCursorScreenPos();  // moves with scrolling
    const ImVec2 win_min = ImGui::GetWindowPos();
    const ImVec2 win_max(win_min.x + ImGui::GetWindowSize().x, win_min.y + ImGui::GetWindowSize().y);
    const float header_bottom = win_min.y + c.metrics.header_height;
    cache.origin_x = origin.x;
    cache.origin_y = origin.y;
    s.ui_rects[diff ? "diff-origin" : "matrix-origin"] = {origin.x, origin.y, origin.x + 1, origin.y + 1};  // scrolls with it
    cache.clip[0] = win_min.x;
    cache.clip[1] = header_bottom;
    cache.clip[2] = win_max.x;
    cache.clip[3] = win_max.y;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool canvas_hovered = ImGui::IsWindowHovered();
    // A click hides the tooltips until the pointer moves: the click may move the matrix under a
    // still pointer (the side panel opens and Fit narrows the columns), which must not pop up the
    // tooltip of whatever technique slid under it.
    const ImVec2 moved = ImGui::GetIO().MouseDelta;
    if (moved.x != 0 || moved.y != 0) mv.tooltips_held = false;
    const std::string& search = mv.options.search;

    int hovered = -1;
    bool hovered_strip = false;
    // Sub-technique guide lines (side layout): from under the parent to the last sub-technique.
    for (std::size_t i = 0; i < c.geometry.cells.size(); ++i) {
        const sh::CellBox& b = c.geometry.cells[i];
        const float x0 = origin.x + b.x, y0 = origin.y + b.y, x1 = x0 + b.w, y1 = y0 + b.h;
        if (y1 < header_bottom || y0 > win_max.y || x1 < win_min.x || x0 > win_max.x) continue;
        const sh::MatrixColumn& col = model.columns[std::size_t(b.column)];
        const sh::MatrixCell& cell = col.cells[std::size_t(b.cell)];
        const sh::CellColours colours = sh::cell_colours(cell, col.tactic, g, diff ? kNoPaints : shown_paints(s));
        const sh::Rgb bg = colours.bg;
        const float rounding = side ? 0.0f : (cell.depth ? 3.0f * k : 0.0f);
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), to_u32(bg), rounding);
        dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), kBorder, rounding);
        if (side && cell.depth == 1)
            dl->AddLine(ImVec2(x0 - c.metrics.sub_indent * 0.5f, y0 - c.metrics.row_gap),
                        ImVec2(x0 - c.metrics.sub_indent * 0.5f, y1), kBorder, 1.5f * k);
        const bool hit = canvas_hovered && mouse.x >= x0 && mouse.x < x1 && mouse.y >= y0 && mouse.y < y1 &&
                         mouse.y >= header_bottom;
        if (hit) hovered = int(i);
        const sh::Rgb fg = colours.fg;
        if (side) {
            if (cell.subtechniques > 0) {
                const float sw = strip_width(s);
                const float sx = x1 - sw;
                dl->AddRectFilled(ImVec2(sx, y0 + 1), ImVec2(x1 - 1, y1 - 1), IM_COL32(0, 0, 0, 28));
                const float cx = sx + sw * 0.5f, cy = (y0 + y1) * 0.5f, r = sw * 0.28f;
                if (cell.expanded)
                    dl->AddTriangleFilled(ImVec2(cx - r, cy - r * 0.6f), ImVec2(cx + r, cy - r * 0.6f), ImVec2(cx, cy + r * 0.8f),
                                          to_u32(fg, 200));
                else
                    dl->AddTriangleFilled(ImVec2(cx - r * 0.6f, cy - r), ImVec2(cx - r * 0.6f, cy + r), ImVec2(cx + r * 0.8f, cy),
                                          to_u32(fg, 200));
                if (hit && mouse.x >= sx) hovered_strip = true;
            }
            const auto& lines = c.cell_lines[i];
            const auto place = c.score_place[i];
            const bool below = mv.show_scores && cell.has_score && place == MatrixCache::ScorePlace::Below;
            const float text_h = fs * float(lines.size() + (below ? 1 : 0));
            float ty = y0 + std::max(pad, (b.h - text_h) * 0.5f);
            for (const auto& l : lines) {
                dl->AddText(font, fs, ImVec2(x0 + pad, ty), to_u32(fg), l.c_str());
                ty += fs;
            }
            if (mv.show_scores && cell.has_score && place != MatrixCache::ScorePlace::None) {
                const std::string sc = (diff && cell.score > 0 ? "+" : "") + sh::format_score(cell.score);
                if (below) {
                    dl->AddText(font, fs, ImVec2(x0 + pad, ty), to_u32(fg), sc.c_str());
                } else {
                    const float tw = font->CalcTextSizeA(fs, 1e9f, 0, sc.c_str()).x;
                    const float sx = x1 - pad - tw - (cell.subtechniques > 0 ? strip_width(s) : 0);
                    dl->AddText(font, fs, ImVec2(sx, y0 + (b.h - fs) * 0.5f), to_u32(fg), sc.c_str());
                }
            }
        } else if (cell.depth == 0 && cell.expanded) {
            dl->AddRectFilled(ImVec2(x0 + 1, y1 - 3 * k), ImVec2(x1 - 1, y1 - 1), to_u32(fg, 160));
        }
        const bool selected = cell.id == s.matrix.selected_id && col.tactic == s.matrix.selected_tactic;
        const bool current_match = !diff && !search.empty() && cell.id == s.matrix.match_id && col.tactic == s.matrix.match_tactic;
        if (current_match)
            dl->AddRect(ImVec2(x0 - 3 * k, y0 - 3 * k), ImVec2(x1 + 3 * k, y1 + 3 * k), IM_COL32(0xff, 0x8f, 0x00, 0xff), rounding, 0, 3.0f * k);
        if (!search.empty() && cell.search_match)
            dl->AddRect(ImVec2(x0 + 1, y0 + 1), ImVec2(x1 - 1, y1 - 1), kSearch, rounding, 0, 3.0f * k);
        else if (!search.empty() && cell.search_match_below && !cell.expanded)
            dl->AddRect(ImVec2(x0 + 1, y0 + 1), ImVec2(x1 - 1, y1 - 1), kSearch, rounding, 0, 1.5f * k);
        if (const sh::ThreatUse* use = diff ? nullptr : threat_use_of(s, cell.id)) {
            // Outline inside the cell (white, then purple) and, in the side layout, the count in a badge.
            const float t = 2.5f * k;
            dl->AddRect(ImVec2(x0 + t * 0.5f, y0 + t * 0.5f), ImVec2(x1 - t * 0.5f, y1 - t * 0.5f), kThreat, rounding, 0, t);
            dl->AddRect(ImVec2(x0 + t + 0.5f * k, y0 + t + 0.5f * k), ImVec2(x1 - t - 0.5f * k, y1 - t - 0.5f * k),
                        kThreatEdge, rounding, 0, 1.0f * k);
            if (side) {
                const float r = badge_radius(s, b.h);
                const ImVec2 c(x1 - r - 1.5f * k, y0 + r + 1.5f * k);
                dl->AddCircleFilled(c, r + 1.2f * k, kThreatEdge);
                dl->AddCircleFilled(c, r, kThreat);
                char n[16];
                std::snprintf(n, sizeof n, "%d", std::clamp(use->count, 0, 99));
                const float bfs = std::min(fs * 0.85f, r * 1.55f);
                const ImVec2 ts = font->CalcTextSizeA(bfs, 1e9f, 0, n);
                dl->AddText(font, bfs, ImVec2(c.x - ts.x * 0.5f, c.y - ts.y * 0.5f), kThreatEdge, n);
            } else {
                dl->AddTriangleFilled(ImVec2(x1 - (x1 - x0) * 0.55f, y0), ImVec2(x1, y0), ImVec2(x1, y0 + (y1 - y0) * 0.55f), kThreat);
            }
        }
        if (selected) dl->AddRect(ImVec2(x0 - 1, y0 - 1), ImVec2(x1 + 1, y1 + 1), kSelected, rounding, 0, 3.0f * k);
        if (hit && !selected) dl->AddRect(ImVec2(x0, y0), ImVec2(x1, y1), IM_COL32(0x44, 0x44, 0x44, 0xff), rounding, 0, 2.0f * k);
    }

    // Sticky headers: drawn over the cells, pinned to the top of the visible area.
    for (std::size_t i = 0; i < c.geometry.headers.size(); ++i) {
        const sh::HeaderBox& h = c.geometry.headers[i];
        const float x0 = origin.x + h.x, x1 = x0 + h.w, y0 = win_min.y, y1 = y0 + h.h;
        if (x1 < win_min.x || x0 > win_max.x) continue;
        dl->AddRectFilled(ImVec2(x0 - c.metrics.column_gap, y0), ImVec2(x1 + 1, y1), IM_COL32(0xff, 0xff, 0xff, 0xff));
        dl->AddRectFilled(ImVec2(x0, y0 + pad * 0.5f), ImVec2(x1, y1 - pad * 0.5f), IM_COL32(0x2f, 0x3b, 0x4c, 0xff), 3 * k);
        const sh::MatrixColumn& col = model.columns[i];
        float ty = y0 + pad;
        for (const auto& l : c.header_lines[i]) {
            dl->AddText(font, fs, ImVec2(x0 + pad, ty), IM_COL32(0xff, 0xff, 0xff, 0xff), l.c_str());
            ty += fs;
        }
        char count[64];
        std::snprintf(count, sizeof count, "%s · %d covered", sh::plural(std::size_t(col.techniques), "technique", "techniques").c_str(),
                      col.covered);
        if (!side || font->CalcTextSizeA(fs * 0.9f, 1e9f, 0, count).x > h.w - 2 * pad)
            std::snprintf(count, sizeof count, "%d/%d covered", col.covered, col.techniques);
        if (font->CalcTextSizeA(fs * 0.9f, 1e9f, 0, count).x > h.w - 2 * pad)
            std::snprintf(count, sizeof count, "%d/%d", col.covered, col.techniques);
        dl->PushClipRect(ImVec2(x0, y0), ImVec2(x1 - pad * 0.5f, y1), true);
        dl->AddText(font, fs * 0.9f, ImVec2(x0 + pad, y1 - pad - fs), IM_COL32(0xcf, 0xd8, 0xe3, 0xff), count);
        dl->PopClipRect();
        if (canvas_hovered && !mv.tooltips_held && mouse.x >= x0 && mouse.x < x1 && mouse.y >= y0 && mouse.y < y1)
            ImGui::SetTooltip("%s%s%s\n%s, %d %s", col.name.c_str(), col.tactic_id.empty() ? "" : "  ", col.tactic_id.c_str(),
                              sh::plural(std::size_t(col.techniques), "technique", "techniques").c_str(), col.covered,
                              s.source == ScoreSource::Rules ? "with rules" : "covered");
    }
    ImGui::SetCursorScreenPos(origin);
    ImGui::Dummy(ImVec2(c.geometry.width + pad, c.geometry.height + pad));

    if (!diff) s.ui_rects.erase("tooltip");
    if (hovered >= 0) {
        const sh::CellBox& b = c.geometry.cells[std::size_t(hovered)];
        const sh::MatrixColumn& col = model.columns[std::size_t(b.column)];
        const sh::MatrixCell& cell = col.cells[std::size_t(b.cell)];
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
        if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) mv.tooltips_held = true;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left) && cell.subtechniques > 0 && !hovered_strip) {
            toggle_expanded(s, mv, model, cell.id);
        } else if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
            if (hovered_strip) {
                toggle_expanded(s, mv, model, cell.id);
            } else {
                s.matrix.selected_id = cell.id;
                s.matrix.selected_tactic = col.tactic;
                s.tab = SideTab::Technique;
                s.switch_tab = true;
            }
        } else if (!mv.tooltips_held) {
            if (diff) draw_diff_tooltip(s, col, cell);
            else draw_tooltip(s, col, cell);
        }
    }
    if (!diff && s.matrix.scroll_to_match) {
        for (const auto& b : c.geometry.cells) {
            const auto& col = model.columns[std::size_t(b.column)];
            if (col.cells[std::size_t(b.cell)].id != s.matrix.match_id || col.tactic != s.matrix.match_tactic) continue;
            // Into view only when it is not already whole on screen (below the sticky headers).
            const float view_x0 = ImGui::GetScrollX(), view_y0 = ImGui::GetScrollY();
            const float view_x1 = view_x0 + inner.x, view_y1 = view_y0 + inner.y;
            if (b.x < view_x0 || b.x + b.w > view_x1) ImGui::SetScrollX(std::max(0.0f, b.x - inner.x * 0.4f));
            if (b.y < view_y0 + c.metrics.header_height || b.y + b.h > view_y1)
                ImGui::SetScrollY(std::max(0.0f, b.y - c.metrics.header_height - inner.y * 0.3f));
            break;
        }
        s.matrix.scroll_to_match = false;
    }
    if (!diff && s.matrix.scroll_to_selected) {
        for (const auto& b : c.geometry.cells) {
            const auto& col = model.columns[std::size_t(b.column)];
            if (col.cells[std::size_t(b.cell)].id == s.matrix.selected_id && col.tactic == s.matrix.selected_tactic) {
                ImGui::SetScrollX(std::max(0.0f, b.x - inner.x * 0.4f));
                ImGui::SetScrollY(std::max(0.0f, b.y - inner.y * 0.4f));
                break;
            }
        }
        s.matrix.scroll_to_selected = false;
    }
    ImGui::EndChild();
    ImGui::PopStyleColor();
}

}  // namespace app
