// view_threats.cpp — the "Threats" tab: pick ATT&CK groups, campaigns and software by name, alias or
// id (search as you type, click or Enter to add), the selection with a remove button each and Clear,
// the matrix's "only techniques they use" switch, how well each selected threat is covered, and the
// adversaries we are weakest against (click one to add it). Numbers come from Reports/ThreatView.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"
#include "misc/cpp/imgui_stdlib.h"

namespace app {

namespace {

const ImVec4 kMutedText(0.37f, 0.40f, 0.44f, 1.0f);

bool is_selected(const AppState& s, const std::string& id) {
    return std::find(s.threats.ids.begin(), s.threats.ids.end(), id) != s.threats.ids.end();
}

void toggle(AppState& s, const sh::Threat& t) {
    if (is_selected(s, t.id)) deselect_threat(s, t.id);
    else select_threat(s, t.id);
}

const char* kind_label(sh::ThreatKind k) {
    switch (k) {
        case sh::ThreatKind::Group: return "group";
        case sh::ThreatKind::Campaign: return "campaign";
        case sh::ThreatKind::Malware: return "malware";
        case sh::ThreatKind::Tool: return "tool";
    }
    return "";
}

void draw_matches(AppState& s) {
    const ThreatView& v = s.threat_view;
    const float row_h = ImGui::GetTextLineHeightWithSpacing();
    const float h = std::clamp(row_h * 8.5f, row_h * 4, std::max(row_h * 4, ImGui::GetContentRegionAvail().y * 0.35f));
    ImGui::BeginChild("threat_matches", ImVec2(0, h), true);
    if (v.matches.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(s.catalogue && s.catalogue->threats.empty()
                                ? "This ATT&CK catalogue lists no groups, campaigns or software."
                                : "No group, campaign or software matches \"%s\".",
                            s.threats.query.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(v.matches.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const sh::ThreatMatch& m = v.matches[std::size_t(i)];
            const sh::Threat& t = *m.threat;
            std::string label = (sh::threat_name_is_id(t.name, t.id) ? t.id : t.name + "  " + t.id) + " · " + kind_label(t.kind);
            if (m.matched != t.name && m.matched != t.id) label += "  (" + m.matched + ")";
            if (t.revoked) label += "  [revoked]";
            else if (t.deprecated) label += "  [deprecated]";
            ImGui::PushID(t.id.c_str());
            const bool selected = is_selected(s, t.id);
            if (ImGui::Selectable(label.c_str(), selected)) toggle(s, t);
            remember_item(s, ("threat-match:" + t.id).c_str());
            if (ImGui::IsItemHovered()) {
                std::string aliases;
                for (const auto& a : t.aliases) aliases += (aliases.empty() ? "" : ", ") + a;
                ImGui::BeginTooltip();
                ImGui::PushTextWrapPos(popup_wrap_at(28));
                ImGui::Text("%s, %s; uses %s", sh::threat_label(t).c_str(), kind_label(t.kind),
                            sh::plural(t.techniques.size(), "technique", "techniques").c_str());
                if (!aliases.empty()) ImGui::TextDisabled("also: %s", aliases.c_str());
                ImGui::TextDisabled(selected ? "Click to remove it from the selection" : "Click to add it to the selection");
                ImGui::PopTextWrapPos();
                ImGui::EndTooltip();
            }
            ImGui::PopID();
        }
    }
    ImGui::EndChild();
}

void draw_selection(AppState& s) {
    const ThreatView& v = s.threat_view;
    if (s.threats.ids.empty()) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("Nothing selected. Pick the groups that attack organisations like yours: the matrix marks "
                            "the techniques they use and the Board says how many of them our rules cover.");
        ImGui::PopTextWrapPos();
        return;
    }
    // One small button per selected threat: its name and an x; they wrap like words.
    for (const auto& id : s.threats.ids) {
        const sh::Threat* t = s.catalogue ? s.catalogue->find_threat(id) : nullptr;
        const std::string label = (t ? t->name : id) + "  x##chip" + id;
        same_line_or_wrap(button_width(label.substr(0, label.find("##")).c_str()));
        if (ImGui::Button(label.c_str())) {
            deselect_threat(s, id);
            break;  // the list changed under us
        }
        remember_item(s, ("threat-chip:" + id).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Remove %s from the selection", t ? sh::threat_label(*t).c_str() : id.c_str());
    }
    same_line_or_wrap(button_width("Clear"));
    if (ImGui::Button("Clear")) clear_threats(s);
    remember_item(s, "threat-clear");
    (void)v;
}

void draw_coverage_lines(AppState& s) {
    const sh::BoardThreats& b = s.reports.board.threats;
    if (b.lines.empty()) return;
    ImGui::PushTextWrapPos(0);
    for (std::size_t i = 0; i < b.lines.size(); ++i) {
        ImGui::Bullet();
        ImGui::TextUnformatted(b.lines[i].c_str());
        const sh::ThreatSummary& t = b.selected[i];
        if (!t.not_counted.empty()) {
            ImGui::SameLine();
            help_marker((std::to_string(t.not_counted.size()) +
                         " of the techniques it uses do not count here: deprecated, unknown to this catalogue, or "
                         "outside the platform filter.")
                            .c_str());
        }
    }
    if (!b.combined_line.empty()) {
        ImGui::Bullet();
        ImGui::TextUnformatted(b.combined_line.c_str());
    }
    ImGui::PopTextWrapPos();
    s.ui_texts["threat-lines"] = b.lines.empty() ? std::string() : b.lines.front();
}

void draw_weakest(AppState& s) {
    const sh::ThreatRanking& r = s.reports.board.threats.weakest;
    ImGui::TextDisabled("WEAKEST AGAINST");
    help_marker("ATT&CK groups and campaigns ranked by the share of the techniques each uses that our rules cover, "
                "lowest first (those with fewer than 5 known techniques are left out). Click one to select it. "
                "The CLI: sigma-heatmap threats RULES...");
    if (r.rows.empty()) {
        ImGui::TextDisabled("No group or campaign to rank.");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("weakest", 3, flags)) return;
    ImGui::TableSetupColumn("Threat", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("Covered");
    ImGui::TableSetupColumn("Used");
    ImGui::TableHeadersRow();
    for (const auto& row : r.rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(row.id.c_str());
        const bool selected = is_selected(s, row.id);
        // The row is the button; its text wraps in the column (long campaign names take two lines).
        const std::string label = std::to_string(row.rank) + ". " + sh::threat_label(row.name, row.id);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const float w = ImGui::GetContentRegionAvail().x;
        const float h = ImGui::CalcTextSize(label.c_str(), nullptr, false, w).y;
        if (ImGui::Selectable("##row", selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap,
                              ImVec2(0, h))) {
            if (selected) deselect_threat(s, row.id);
            else select_threat(s, row.id);
        }
        remember_item(s, ("threat-weak:" + row.id).c_str());
        ImGui::SetCursorScreenPos(at);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + w);  // window coordinates, not the screen's
        ImGui::TextUnformatted(label.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopID();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(sh::percent_label(row.covered_pct).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", row.used);
    }
    ImGui::EndTable();
}

}  // namespace

void draw_threats(AppState& s) {
    update_reports(s);  // the selection's lines and the ranking (calls update(), which refreshes ThreatView)
    ImGui::TextDisabled("GROUPS, CAMPAIGNS, SOFTWARE");
    help_marker("Threat-informed coverage: how well do our rules cover the techniques these adversaries use? "
                "Search by name, alias or ATT&CK id (APT29, Cozy Bear, G0016, C0024, S0002).");
    ImGui::SetNextItemWidth(-1);
    if (s.threats.focus_query) {
        ImGui::SetKeyboardFocusHere();
        s.threats.focus_query = false;
    }
    const bool enter = ImGui::InputTextWithHint("##threat_search", "Name, alias or id: APT29, Cozy Bear, G0016",
                                                &s.threats.query, ImGuiInputTextFlags_EnterReturnsTrue);
    remember_item(s, "threat-search");
    update_threats(s);
    if (enter && !s.threat_view.matches.empty()) {
        // Enter adds the best match and keeps the box for the next name.
        const sh::Threat& t = *s.threat_view.matches.front().threat;
        if (!is_selected(s, t.id)) select_threat(s, t.id);
        s.threats.query.clear();
        ImGui::SetKeyboardFocusHere(-1);
    }
    if (ImGui::Checkbox("Include deprecated and revoked", &s.threats.include_inactive)) update_threats(s);
    draw_matches(s);

    ImGui::Spacing();
    ImGui::TextDisabled("SELECTED (%zu)", s.threats.ids.size());
    draw_selection(s);
    if (!s.threats.ids.empty()) {
        if (ImGui::Checkbox("Only techniques they use", &s.threats.only_used)) update_threats(s);
        remember_item(s, "threat-only");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("The matrix shows only the techniques the selected threats use");
        update_reports(s);
        draw_coverage_lines(s);
        if (s.report.frequency_file.empty()) {
            ImGui::PushTextWrapPos(0);
            ImGui::TextDisabled("Gap priority: adversary frequency is now the share of the selected threats using a "
                                "technique.");
            ImGui::PopTextWrapPos();
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
    draw_weakest(s);
}

}  // namespace app
