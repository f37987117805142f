// view_rules.cpp — the side panel for the selected technique: what it is, its score, and every
// rule behind it (title, level, status, file:line), including rules on its sub-techniques.
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"
#include "core/render/matrix_layout.hpp"

namespace app {

void draw_rules_panel(AppState& s) {
    MatrixView& mv = s.matrix;
    if (mv.selected_id.empty() || !s.catalogue) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0);
        if (s.source == ScoreSource::Share) {
            ImGui::TextDisabled("Click a technique in the matrix to see its score in this shared heat-map. Rule details "
                                "are not part of share links.");
            ImGui::PopTextWrapPos();
            return;
        }
        if (s.source == ScoreSource::Layer) {
            ImGui::TextDisabled("Click a technique in the matrix to see its score and what the layer says about it.");
            ImGui::PopTextWrapPos();
            return;
        }
        ImGui::TextDisabled("Click a technique in the matrix to list the rules behind it.");
        ImGui::Spacing();
        if (s.files.empty())
            ImGui::TextDisabled("No rules yet: drop Sigma rule files or a whole rules folder on the page, use "
                                "\"Open rules...\", or \"Load sample rules\".");
        ImGui::PopTextWrapPos();
        return;
    }
    const sh::Technique* t = s.catalogue->find(mv.selected_id);
    const sh::Tactic* tactic = s.catalogue->find_tactic(mv.selected_tactic);
    ImGui::PushTextWrapPos(0);
    ImGui::Text("%s", mv.selected_id.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(t ? t->name.c_str() : "");
    if (t && t->is_subtechnique()) {
        const sh::Technique* parent = s.catalogue->find(t->parent);
        ImGui::TextDisabled("Sub-technique of %s %s", t->parent.c_str(), parent ? parent->name.c_str() : "");
    }
    ImGui::TextDisabled("Tactic: %s", tactic ? tactic->name.c_str() : mv.selected_tactic.c_str());
    if (t && !t->platforms.empty()) {
        std::string platforms;
        for (const auto& p : t->platforms) platforms += (platforms.empty() ? "" : ", ") + p;
        ImGui::TextDisabled("Platforms: %s", platforms.c_str());
    }
    ImGui::PopTextWrapPos();

    // The cell's score as the matrix shows it (aggregate for a parent).
    for (const auto& col : s.model.columns) {
        if (col.tactic != mv.selected_tactic) continue;
        for (const auto& cell : col.cells)
            if (cell.id == mv.selected_id) {
                if (cell.has_score)
                    ImGui::Text("Score %s", sh::format_score(cell.score).c_str());
                else
                    ImGui::TextUnformatted("Not covered");
                if (cell.subtechniques > 0) {
                    ImGui::SameLine();
                    ImGui::TextDisabled("·  sub-techniques covered: %d of %d", cell.subtechniques_covered,
                                        cell.subtechniques);
                }
            }
    }
    if (ImGui::SmallButton("Show in matrix")) {
        mv.scroll_to_selected = true;
        if (s.side_alone) s.side_open = false;  // on a phone the panel covers the matrix: step aside
    }
    remember_item(s, "show-in-matrix");
    ImGui::SameLine();
    if (ImGui::SmallButton("Clear selection")) {
        mv.selected_id.clear();
        mv.selected_tactic.clear();
        return;
    }
    ImGui::Separator();

    if (s.source != ScoreSource::Rules) {
        ImGui::PushTextWrapPos(0);
        if (s.source == ScoreSource::Share) {
            ImGui::TextDisabled("Rule details are not part of share links: the link holds the scores only.");
        } else {
            auto it = s.imported_comments.find(mv.selected_id + '\0' + mv.selected_tactic);
            if (it == s.imported_comments.end()) it = s.imported_comments.find(mv.selected_id + '\0');
            if (it == s.imported_comments.end()) {
                ImGui::TextDisabled("The layer %s says nothing more about this technique.", s.imported_file.c_str());
            } else {
                ImGui::TextDisabled("The layer %s says:", s.imported_file.c_str());
                const std::string& c = it->second;
                for (std::size_t start = 0; start < c.size();) {
                    std::size_t end = c.find("; ", start);
                    if (end == std::string::npos) end = c.size();
                    ImGui::BulletText("%s", c.substr(start, end - start).c_str());
                    start = end + 2;
                }
            }
        }
        ImGui::PopTextWrapPos();
        return;
    }
    const auto rules = sh::rules_for_cell(*s.catalogue, s.scores, mv.selected_id, mv.selected_tactic);
    if (rules.empty()) {
        ImGui::TextDisabled("No loaded rule is tagged with this technique%s.",
                            t && !t->is_subtechnique() ? " or its sub-techniques" : "");
        return;
    }
    // Titles and paths can be copied: one rule ("Copy" on its row) or the whole list, as
    // "title<TAB>file:line" lines (pastes into a spreadsheet, a ticket or a terminal).
    auto rule_line = [&](const sh::Rule& r) {
        return (r.title.empty() ? std::string("(untitled)") : r.title) + "\t" + r.file + ":" + std::to_string(r.line);
    };
    ImGui::AlignTextToFramePadding();
    ImGui::Text("%zu rule%s", rules.size(), rules.size() == 1 ? "" : "s");
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy list")) {
        std::string text;
        for (const auto& rr : rules)
            if (rr.rule < s.loaded.rules.size()) text += rule_line(s.loaded.rules[rr.rule]) + "\n";
        ImGui::SetClipboardText(text.c_str());
        s.status = "Copied " + std::to_string(rules.size()) + " rule" + (rules.size() == 1 ? "" : "s") +
                   " (title and file) for " + mv.selected_id;
    }
    remember_item(s, "copy-rules");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy every rule's title and file:line, one per line");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_SizingStretchProp;
    // A narrow panel (the default side panel, a phone) gives the title and path the whole width and
    // puts level and status under the title, as the cell's tooltip does: three columns there left
    // the title a third of the width and a path wrapped over five lines, four rules to a screen.
    const bool narrow = ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 34;
    if (ImGui::BeginTable("technique_rules", narrow ? 1 : 3, flags)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(narrow ? "Rule, level, status" : "Rule", ImGuiTableColumnFlags_WidthStretch, 3.0f);
        if (!narrow) {
            ImGui::TableSetupColumn("Level", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("informational").x);
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("experimental").x);
        }
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < rules.size(); ++i) {
            if (rules[i].rule >= s.loaded.rules.size()) continue;
            const sh::Rule& r = s.loaded.rules[rules[i].rule];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(int(i));
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted(r.title.empty() ? "(untitled)" : r.title.c_str());
            ImGui::PopTextWrapPos();
            if (narrow) {
                ImGui::Text("%s \u00b7 %s", level_label(r.level), status_label(r.status));
                if (i == 0) remember_item(s, "rule-level:0");
            }
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("%s:%d%s%s", r.file.c_str(), r.line, rules[i].via != mv.selected_id ? "  via " : "",
                                rules[i].via != mv.selected_id ? rules[i].via.c_str() : "");
            ImGui::PopTextWrapPos();
            const bool path_hovered = ImGui::IsItemHovered();
            if (ImGui::SmallButton("Copy")) {
                ImGui::SetClipboardText(rule_line(r).c_str());
                s.status = "Copied " + r.file + ":" + std::to_string(r.line);
            }
            if (i == 0) remember_item(s, "copy-rule:0");
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy the title and file:line of this rule");
            if (path_hovered && !r.description.empty()) {
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(popup_wrap_at(30));
                ImGui::TextUnformatted(r.description.c_str());
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
            if (narrow) continue;
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(level_label(r.level));
            if (i == 0) remember_item(s, "rule-level:0");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(status_label(r.status));
        }
        ImGui::EndTable();
    }
}

}  // namespace app
