// view_problems.cpp — every diagnostic of the loaded files and of scoring (file, line, message),
// in a sortable table with a text filter; copy one row (click) or all shown rows to the clipboard.
// Above it, the log of every message the page showed (view_status.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/views.hpp"
#include "misc/cpp/imgui_stdlib.h"

namespace app {

namespace {
bool contains_ci(const std::string& hay, const std::string& needle) {
    if (needle.empty()) return true;
    auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return std::tolower((unsigned char)a) == std::tolower((unsigned char)b); });
    return it != hay.end();
}
}  // namespace

void draw_problems(AppState& s) {
    draw_message_log(s);
    std::vector<const sh::Diagnostic*> rows;
    for (const auto& d : s.loaded.diagnostics) rows.push_back(&d);
    for (const auto& d : s.scores.diagnostics) rows.push_back(&d);
    for (const auto& d : s.report_diagnostics) rows.push_back(&d);  // layers, CSVs, targets of the reports
    if (rows.empty()) {
        ImGui::Spacing();
        ImGui::TextDisabled(s.files.empty() ? "No files loaded." : "No problems in the loaded files.");
        return;
    }
    ImGui::SetNextItemWidth(-ImGui::CalcTextSize("Copy all").x - ImGui::GetStyle().FramePadding.x * 2 -
                            ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputTextWithHint("##problem_filter", "Filter (file or message)", &s.problems.filter);
    rows.erase(std::remove_if(rows.begin(), rows.end(),
                              [&](const sh::Diagnostic* d) {
                                  return !contains_ci(d->file, s.problems.filter) &&
                                         !contains_ci(d->message, s.problems.filter);
                              }),
               rows.end());
    ImGui::SameLine();
    const bool copy_all = ImGui::Button("Copy all");

    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH |
                                  ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("problems", 4, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 1.2f);
        ImGui::TableSetupColumn("File", ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_WidthStretch, 1.4f);
        // "line:column", as the CLI prints it (what an editor's go-to-line takes).
        ImGui::TableSetupColumn("Line", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("9999:99").x);
        ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch, 2.6f);
        ImGui::TableHeadersRow();
        if (ImGuiTableSortSpecs* spec = ImGui::TableGetSortSpecs(); spec && spec->SpecsCount > 0) {
            s.problems.sort_column = spec->Specs[0].ColumnIndex;
            s.problems.sort_descending = spec->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        }
        const int col = s.problems.sort_column;
        std::stable_sort(rows.begin(), rows.end(), [col](const sh::Diagnostic* a, const sh::Diagnostic* b) {
            switch (col) {
                case 0: return a->severity > b->severity;
                case 2: return a->line != b->line ? a->line < b->line : a->column < b->column;
                case 3: return a->message < b->message;
                default: return a->file != b->file ? a->file < b->file : a->line < b->line;
            }
        });
        if (s.problems.sort_descending) std::reverse(rows.begin(), rows.end());

        // Few rows: wrap long messages. Many rows: one line each, so the clipper can skip the unseen.
        const bool wrap = rows.size() <= 300;
        auto draw_row = [&](int i) {
            {
                const sh::Diagnostic& d = *rows[std::size_t(i)];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const ImVec4 colour = d.severity == sh::Severity::Error     ? ImVec4(0.80f, 0.10f, 0.10f, 1)
                                      : d.severity == sh::Severity::Warning ? ImVec4(0.80f, 0.50f, 0.0f, 1)
                                                                            : ImVec4(0.30f, 0.45f, 0.70f, 1);
                ImGui::PushID(i);
                if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns))
                    ImGui::SetClipboardText(sh::format_diagnostic(d).c_str());
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s\n(click to copy)", sh::format_diagnostic(d).c_str());
                ImGui::SameLine(0, 0);
                ImGui::TextColored(colour, "%s", d.severity == sh::Severity::Error ? "E" : d.severity == sh::Severity::Warning ? "W" : "i");
                ImGui::PopID();
                ImGui::TableNextColumn();
                if (wrap) ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(d.file.c_str());
                if (wrap) ImGui::PopTextWrapPos();
                ImGui::TableNextColumn();
                if (d.line > 0 && d.column > 0) ImGui::Text("%d:%d", d.line, d.column);
                else if (d.line > 0) ImGui::Text("%d", d.line);
                ImGui::TableNextColumn();
                if (wrap) ImGui::PushTextWrapPos(0);
                ImGui::TextUnformatted(d.message.c_str());
                if (wrap) ImGui::PopTextWrapPos();
            }
        };
        if (wrap) {
            for (int i = 0; i < int(rows.size()); ++i) draw_row(i);
        } else {
            ImGuiListClipper clipper;
            clipper.Begin(int(rows.size()));
            while (clipper.Step())
                for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) draw_row(i);
        }
        ImGui::EndTable();
    }
    if (copy_all) {
        std::string text;
        for (const auto* d : rows) text += sh::format_diagnostic(*d) + "\n";
        ImGui::SetClipboardText(text.c_str());
        s.status = "Copied " + std::to_string(rows.size()) + " problem" + (rows.size() == 1 ? "" : "s") + " to the clipboard";
    }
}

}  // namespace app
