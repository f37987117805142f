// view_toolbar.cpp — the top bar: Open rules… / Open folder… (the platform shows the browser's
// pickers), Load sample rules, Clear, Download layer; the loading progress with Cancel; counts.
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {
// Where a named button was drawn, so the browser tests can click the real thing.
void remember(AppState& s, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.ui_rects[name] = {a.x, a.y, b.x, b.y};
}
}  // namespace

void draw_toolbar(AppState& s) {
    if (ImGui::Button("Open rules...")) s.request_open_files = true;
    remember(s, "open");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose Sigma rule files (.yml/.yaml). You can also drop files or folders anywhere on the page.");
    ImGui::SameLine();
    if (ImGui::Button("Open folder...")) s.request_open_folder = true;
    remember(s, "open-folder");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose a folder: every .yml/.yaml file in it and its sub-folders is loaded.");
    ImGui::SameLine();
    if (ImGui::Button("Load sample rules")) load_samples(s);
    remember(s, "samples");
    ImGui::SameLine();
    ImGui::BeginDisabled(s.files.empty() && !loading(s) && s.loaded.diagnostics.empty());
    if (ImGui::Button("Clear")) clear(s);
    remember(s, "clear");
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(loading(s));
    if (ImGui::Button("Download layer")) s.request_download = true;
    remember(s, "download");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Save the ATT&CK Navigator layer as %s", download_file_name(s).c_str());
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("|");
    ImGui::SameLine();

    if (loading(s)) {
        const auto& l = s.loader;
        char overlay[96];
        std::snprintf(overlay, sizeof overlay, "Loading %d / %d files", l.batch_done, l.batch_total);
        const float frac = l.batch_total > 0 ? float(l.batch_done) / float(l.batch_total) : 0.0f;
        ImGui::ProgressBar(frac, ImVec2(260.0f * s.display_scale, 0), overlay);
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) cancel_loading(s);
        remember(s, "cancel");
    } else if (s.files.empty() && s.loaded.diagnostics.empty()) {
        ImGui::TextDisabled("Drop Sigma rule files or folders anywhere on this page, or try the sample rules.");
    } else {
        const int techniques = s.techniques_covered;
        ImGui::Text("%zu rules from %zu files  ·  %d techniques covered", s.loaded.rules.size(), s.files.size(),
                    techniques);
        const int problems = problem_count(s);
        if (problems > 0) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.25f, 0.0f, 1.0f));
            ImGui::Text("·  %d problem%s", problems, problems == 1 ? "" : "s");
            ImGui::PopStyleColor();
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show them in the Problems tab");
            if (ImGui::IsItemClicked()) {
                s.tab = SideTab::Problems;
                s.switch_tab = true;
            }
        }
    }
    if (!s.status.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("  %s", s.status.c_str());
    }
}

}  // namespace app
