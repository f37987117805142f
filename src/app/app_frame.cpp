// app_frame.cpp — the frame layout: the toolbar, the main area's view tabs (Matrix, Board, Diff,
// Trends), the splitter and the side panel's tabs, and the layer popup over them.
#include <algorithm>
#include <cmath>
#include <string>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "imgui_internal.h"

namespace app {

// ---- frame ----

namespace {

// A tab's label as drawn (the part before "##"/"###") and the width it needs unclipped.
float tab_need(const char* label) {
    const char* end = label;
    while (*end && !(end[0] == '#' && end[1] == '#')) ++end;
    return ImGui::CalcTextSize(label, end).x + ImGui::GetStyle().FramePadding.x * 2.0f;
}

void remember_tab(AppState& s, const std::string& name, const char* label) {
    remember_item(s, name.c_str());
    s.ui_needs[name] = tab_need(label);
}


struct SideTabLabel {
    const char* label;  // as drawn up to "###", the rest its stable id
    SideTab tab;
};

// One tab of the side panel's strip at the cursor: drawn as Dear ImGui draws a tab, selected on
// press like one, reachable with Tab and the arrows like any button.
bool side_tab(const char* label, bool selected) {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImGuiStyle& style = ImGui::GetStyle();
    const ImGuiID id = window->GetID(label);
    const char* end = ImGui::FindRenderedTextEnd(label);
    const ImVec2 text = ImGui::CalcTextSize(label, end);
    const ImVec2 size(text.x + style.FramePadding.x * 2, text.y + style.FramePadding.y * 2);
    const ImRect bb(window->DC.CursorPos, ImVec2(window->DC.CursorPos.x + size.x, window->DC.CursorPos.y + size.y));
    ImGui::ItemSize(size, style.FramePadding.y);
    if (!ImGui::ItemAdd(bb, id)) return false;
    bool hovered = false, held = false;
    const bool pressed = ImGui::ButtonBehavior(bb, id, &hovered, &held, ImGuiButtonFlags_PressedOnClick);
    const ImGuiCol col = selected ? ImGuiCol_TabActive : (hovered || held) ? ImGuiCol_TabHovered : ImGuiCol_Tab;
    ImGui::TabItemBackground(window->DrawList, bb, 0, ImGui::GetColorU32(col));
    ImGui::RenderNavHighlight(bb, id);
    ImGui::RenderTextClipped(ImVec2(bb.Min.x + style.FramePadding.x, bb.Min.y + style.FramePadding.y),
                             ImVec2(bb.Max.x - style.FramePadding.x, bb.Max.y), label, end, &text);
    return pressed;
}

// The side panel's tabs and its ">" (hide). Dear ImGui 1.86's tab bar only scrolls its tabs: on a
// phone and in the 340 px panel at 1366x768, "Problems" and "About" sat behind its arrows where
// nobody finds them. Here the tabs wrap onto another row instead, so every label is on screen.
template <std::size_t N>
void draw_side_tabs(AppState& s, const SideTabLabel (&labels)[N], bool side_alone) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float left = ImGui::GetCursorScreenPos().x;
    const float top = ImGui::GetCursorScreenPos().y;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float gap = style.ItemInnerSpacing.x;
    // ">" at the end of the first row; the tabs of that row stop short of it.
    const float toggle_w = ImGui::GetFrameHeight();
    ImGui::SetCursorScreenPos(ImVec2(right - toggle_w, top));
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetColorU32(ImGuiCol_Tab));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImGui::GetColorU32(ImGuiCol_TabHovered));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, ImGui::GetColorU32(ImGuiCol_TabActive));
    const bool hide = ImGui::Button(">", ImVec2(toggle_w, 0));
    ImGui::PopStyleColor(3);
    if (hide) s.side_open = false;
    remember_item(s, "side-toggle");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip(side_alone ? "Back to the matrix" : "Hide the side panel (the matrix gets the width)");
    ImGui::SetCursorScreenPos(ImVec2(left, top));
    float row_right = right - toggle_w - gap;
    const ImVec2 saved_spacing = style.ItemSpacing;
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, std::max(2.0f, style.ItemInnerSpacing.y)));
    for (std::size_t i = 0; i < N; ++i) {
        if (i > 0) {
            const float x = ImGui::GetItemRectMax().x + gap;
            if (x + tab_need(labels[i].label) <= row_right) ImGui::SameLine();
            else row_right = right;  // a new row: the whole width
        }
        if (side_tab(labels[i].label, s.tab == labels[i].tab)) s.tab = labels[i].tab;
        remember_tab(s, std::string("tab:") + side_tab_name(labels[i].tab), labels[i].label);
    }
    ImGui::PopStyleVar();
    // The line under the tabs, as under a tab bar.
    const float y = ImGui::GetItemRectMax().y - 1.0f;
    const float pad = std::floor(ImGui::GetCurrentWindow()->WindowPadding.x * 0.5f);
    ImGui::GetWindowDrawList()->AddLine(ImVec2(left - pad, y), ImVec2(right + pad, y), ImGui::GetColorU32(ImGuiCol_TabActive), 1.0f);
    ImGui::Dummy(ImVec2(0, saved_spacing.y * 0.5f));
}
}  // namespace

void frame(AppState& s) {
    take_status(s);
    s.ellipsized_frame = s.ellipsized;
    s.ellipsized = 0;
    keyboard_and_tabbing(s);
    update(s);
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags main_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                        ImGuiWindowFlags_NoScrollWithMouse |
                                        ImGuiWindowFlags_NoBackground;  // the platform clears to WindowBg: one fill fewer
    ImGui::Begin("sigma-heatmap", nullptr, main_flags);
    draw_toolbar(s);
    take_status(s);
    update(s);  // the toolbar may have cleared or loaded

    const float scale = s.display_scale;
    ImVec2 avail = ImGui::GetContentRegionAvail();
    // The status bar takes what its messages need, in full, under the main area.
    const float status_h = status_bar_height(s, avail.x);
    if (status_h > 0) avail.y = std::max(avail.y - status_h - ImGui::GetStyle().ItemSpacing.y, 60.0f * scale);
    // Selecting something (or asking for a side tab) opens the side panel; until then it is a strip.
    if (s.switch_tab) s.side_open = true;
    // The side panel: the width the user chose (a quarter of the page at first), narrower only
    // while the window is; the choice is kept, so it comes back when the window grows again.
    if (s.side_width <= 0) s.side_width = std::clamp(avail.x * 0.25f, 320.0f * scale, 520.0f * scale);
    // On a phone-sized window an open side panel beside the matrix leaves neither readable: it takes
    // the whole width instead (master/detail), and its ">" goes back to the matrix.
    const bool side_alone = s.side_alone = s.side_open && avail.x < 640.0f * scale;
    const float side_w = s.side_open ? std::clamp(s.side_width, 240.0f * scale, std::max(240.0f * scale, avail.x * 0.7f))
                                     : ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.x * 2;
    const float splitter_w = s.side_open ? 8.0f * scale : ImGui::GetStyle().ItemSpacing.x;
    if (!side_alone) {
        ImGui::BeginChild("matrix_area", ImVec2(std::max(avail.x - side_w - splitter_w, 100.0f), avail.y), false,
                          ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NavFlattened);
        if (ImGui::BeginTabBar("main_views", ImGuiTabBarFlags_FittingPolicyScroll)) {
            auto view = [&](const char* label, MainView which, const char* rect_name) {
                ImGuiTabItemFlags flags = (s.switch_view && s.view == which) ? ImGuiTabItemFlags_SetSelected : 0;
                bool open = ImGui::BeginTabItem(label, nullptr, flags);
                remember_tab(s, rect_name, label);
                if (open && !s.switch_view) s.view = which;
                return open;
            };
            if (view("Matrix", MainView::Matrix, "view-matrix")) {
                draw_matrix(s);
                ImGui::EndTabItem();
            }
            if (view("Board", MainView::Board, "view-board")) {
                draw_board(s);
                ImGui::EndTabItem();
            }
            const std::string diff_label = s.has_previous ? "Diff (" + std::to_string(s.reports.has_diff ? s.reports.diff.techniques.size() : 0) + ")###diff" : std::string("Diff###diff");
            if (view(diff_label.c_str(), MainView::Diff, "view-diff")) {
                draw_diff(s);
                ImGui::EndTabItem();
            }
            if (view("Trends", MainView::Trends, "view-trends")) {
                draw_trends(s);
                ImGui::EndTabItem();
            }
            s.switch_view = false;
            ImGui::EndTabBar();
        }
        ImGui::EndChild();
        ImGui::SameLine(0, 0);
    } else {
        for (const char* name : {"view-matrix", "view-board", "view-diff", "view-trends"}) s.ui_rects.erase(name);
    }
    if (!s.side_open) {
        // Collapsed: a strip with the button that opens the panel.
        ImGui::SameLine(0, splitter_w);
        ImGui::BeginChild("side_strip", ImVec2(0, avail.y), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NavFlattened);
        if (ImGui::Button("<", ImVec2(ImGui::GetFrameHeight(), 0))) s.side_open = true;
        remember_item(s, "side-toggle");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Show the side panel: the selected technique's rules, layer settings, reports, problems, about");
        const int n = problem_count(s);
        if (n > 0) {
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.25f, 0.0f, 1.0f));
            if (ImGui::Button("!", ImVec2(ImGui::GetFrameHeight(), 0))) {
                s.tab = SideTab::Problems;
                s.switch_tab = true;
            }
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%d problem%s: show them", n, n == 1 ? "" : "s");
        }
        ImGui::EndChild();
        s.ui_rects.erase("side-panel");
        draw_status_bar(s, status_h);
        draw_layer_popup(s);
        ImGui::End();
        return;
    }
    if (!side_alone) {
        ImGui::InvisibleButton("##splitter", ImVec2(splitter_w, std::max(avail.y, 1.0f)));
        if (ImGui::IsItemActive()) s.side_width = side_w - ImGui::GetIO().MouseDelta.x;
        if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float x = (a.x + b.x) * 0.5f, y = (a.y + b.y) * 0.5f;
        const ImU32 col = ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_SeparatorActive : ImGuiCol_Separator);
        for (int i = -1; i <= 1; ++i) ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(x, y + float(i) * 6 * scale), 1.5f * scale, col);
        ImGui::SameLine(0, 0);
    }
    ImGui::BeginChild("side_panel", ImVec2(0, avail.y), true, ImGuiWindowFlags_NavFlattened);
    remember_item(s, "side-panel");
    // The side tabs: every label whole on screen, wrapped onto more rows where the panel is narrow.
    const int n = problem_count(s);
    const std::string threats = s.threats.ids.empty() ? std::string("Threats###threats")
                                                       : "Threats (" + std::to_string(s.threats.ids.size()) + ")###threats";
    const std::string problems = n ? "Problems (" + std::to_string(n) + ")###problems" : std::string("Problems###problems");
    const SideTabLabel labels[] = {{"Technique", SideTab::Technique}, {"Layer", SideTab::Layer},
                                   {"Reports", SideTab::Reports},     {threats.c_str(), SideTab::Threats},
                                   {problems.c_str(), SideTab::Problems}, {"About", SideTab::About}};
    draw_side_tabs(s, labels, side_alone);
    s.switch_tab = false;
    // A shared link is read-only until "Start editing": the settings show, greyed out.
    auto read_only_note = [&]() {
        if (!s.read_only) return;
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.08f, 0.40f, 0.75f, 1), "Read-only shared heat-map: press \"Start editing\" "
                           "at the top to change these settings.");
        ImGui::PopTextWrapPos();
        ImGui::Spacing();
    };
    switch (s.tab) {
        case SideTab::Technique: draw_rules_panel(s); break;
        case SideTab::Layer:
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_settings(s);
            ImGui::EndDisabled();
            break;
        case SideTab::Reports:
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_report_settings(s);
            ImGui::EndDisabled();
            break;
        case SideTab::Threats: draw_threats(s); break;
        case SideTab::Problems: draw_problems(s); break;
        case SideTab::About: draw_about(s); break;
    }
    ImGui::EndChild();
    draw_status_bar(s, status_h);
    draw_layer_popup(s);
    ImGui::End();
}

}  // namespace app
