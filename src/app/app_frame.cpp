// app_frame.cpp — the frame layout: the toolbar, the main area's view tabs (Matrix, Board, Diff,
// Trends), the splitter and the side panel's tabs, and the layer popup over them.
#include <algorithm>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

// ---- frame ----

void frame(AppState& s) {
    update(s);
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags main_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                        ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("sigma-heatmap", nullptr, main_flags);
    draw_toolbar(s);
    update(s);  // the toolbar may have cleared or loaded

    const float scale = s.display_scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The side panel: a quarter of the width by default; the splitter left of it resizes it.
    if (s.side_width <= 0) s.side_width = std::clamp(avail.x * 0.25f, 320.0f * scale, 520.0f * scale);
    s.side_width = std::clamp(s.side_width, 240.0f * scale, std::max(240.0f * scale, avail.x * 0.7f));
    const float splitter_w = 8.0f * scale;
    ImGui::BeginChild("matrix_area", ImVec2(std::max(avail.x - s.side_width - splitter_w, 100.0f), 0), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (ImGui::BeginTabBar("main_views")) {
        auto view = [&](const char* label, MainView which, const char* rect_name) {
            ImGuiTabItemFlags flags = (s.switch_view && s.view == which) ? ImGuiTabItemFlags_SetSelected : 0;
            bool open = ImGui::BeginTabItem(label, nullptr, flags);
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            s.ui_rects[rect_name] = {a.x, a.y, b.x, b.y};
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
    ImGui::InvisibleButton("##splitter", ImVec2(splitter_w, std::max(avail.y, 1.0f)));
    if (ImGui::IsItemActive()) s.side_width -= ImGui::GetIO().MouseDelta.x;
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float x = (a.x + b.x) * 0.5f, y = (a.y + b.y) * 0.5f;
        const ImU32 col = ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_SeparatorActive : ImGuiCol_Separator);
        for (int i = -1; i <= 1; ++i) ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(x, y + float(i) * 6 * scale), 1.5f * scale, col);
    }
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("side_panel", ImVec2(0, 0), true);
    if (ImGui::BeginTabBar("side_tabs")) {
        auto tab = [&](const char* label, SideTab which) {
            ImGuiTabItemFlags flags = (s.switch_tab && s.tab == which) ? ImGuiTabItemFlags_SetSelected : 0;
            bool open = ImGui::BeginTabItem(label, nullptr, flags);
            if (open && !s.switch_tab) s.tab = which;
            return open;
        };
        if (tab("Technique", SideTab::Technique)) {
            draw_rules_panel(s);
            ImGui::EndTabItem();
        }
        // A shared link is read-only until "Start editing": the settings show, greyed out.
        auto read_only_note = [&]() {
            if (!s.read_only) return;
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(0.08f, 0.40f, 0.75f, 1), "Read-only shared heat-map: press \"Start editing\" "
                               "at the top to change these settings.");
            ImGui::PopTextWrapPos();
            ImGui::Spacing();
        };
        if (tab("Layer", SideTab::Layer)) {
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_settings(s);
            ImGui::EndDisabled();
            ImGui::EndTabItem();
        }
        if (tab("Reports", SideTab::Reports)) {
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_report_settings(s);
            ImGui::EndDisabled();
            ImGui::EndTabItem();
        }
        const int n = problem_count(s);
        std::string problems = n ? "Problems (" + std::to_string(n) + ")###problems" : std::string("Problems###problems");
        if (tab(problems.c_str(), SideTab::Problems)) {
            draw_problems(s);
            ImGui::EndTabItem();
        }
        if (tab("About", SideTab::About)) {
            draw_about(s);
            ImGui::EndTabItem();
        }
        s.switch_tab = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    draw_layer_popup(s);
    ImGui::End();
}

}  // namespace app
