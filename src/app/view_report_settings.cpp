// view_report_settings.cpp — the "Reports" tab: the knobs of the Board, Diff and Trends views,
// the same as the CLI's: KPI threshold, alert threshold, top N and gap level, the priority weights
// and the per-tactic criticality table, the adversary frequency CSV; the layers compared with
// (previous, history, baseline), the targets and the target score, the SIEM alerts CSV for the
// detection latency, and the gaps CSV download.
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {
void remember(AppState& s, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.ui_rects[name] = {a.x, a.y, b.x, b.y};
}
}  // namespace

void draw_report_settings(AppState& s) {
    ReportSettings& rs = s.report;
    const float label_w = ImGui::GetFontSize() * 9.0f;
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
    };
    bool changed = false;

    ImGui::TextDisabled("THRESHOLDS");
    label("KPI threshold");
    if (ImGui::InputInt("##kpi_threshold", &rs.kpi_threshold)) rs.kpi_threshold = std::max(1, rs.kpi_threshold), changed = true;
    help_marker("\"Covered well\": a technique scoring this or more. Gaps are the techniques below it "
                "(the CLI's --kpi-threshold, default 80 = a high-level rule in the seed profile).");
    label("Alert threshold");
    if (ImGui::InputInt("##alert_threshold", &rs.alert_threshold)) rs.alert_threshold = std::max(1, rs.alert_threshold), changed = true;
    help_marker("Diff: a new gap is a technique whose score fell from this or more to below it (the CLI's "
                "--threshold, default 50).");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("GAP PRIORITY");
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("priority = impact weight x tactic criticality + threat weight x adversary frequency - score / divisor");
    ImGui::PopTextWrapPos();
    label("Top gaps");
    if (ImGui::InputInt("##top", &rs.top)) rs.top = std::max(0, rs.top), changed = true;
    help_marker("Rows in the gaps table and the gaps CSV (0: every gap).");
    label("Gap level");
    int level = rs.gap_subtechniques ? 1 : 0;
    static const char* levels[] = {"techniques", "+ sub-techniques"};
    if (ImGui::Combo("##gap_level", &level, levels, 2)) rs.gap_subtechniques = level == 1, changed = true;
    label("Impact weight");
    if (ImGui::InputDouble("##impact", &rs.weights.impact_weight, 1, 5, "%.2f"))
        rs.weights.impact_weight = std::max(0.0, rs.weights.impact_weight), changed = true;
    label("Threat weight");
    if (ImGui::InputDouble("##threat", &rs.weights.threat_weight, 0.25, 1, "%.2f"))
        rs.weights.threat_weight = std::max(0.0, rs.weights.threat_weight), changed = true;
    label("Score divisor");
    if (ImGui::InputDouble("##divisor", &rs.weights.coverage_divisor, 1, 5, "%.2f")) {
        if (!(rs.weights.coverage_divisor > 0)) rs.weights.coverage_divisor = 1;
        changed = true;
    }
    if (ImGui::TreeNode("Tactic criticality")) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("3: an attacker who gets this far does the most damage (privilege escalation, credential "
                            "access, lateral movement, defense impairment, impact); 1: preparation and discovery.");
        ImGui::PopTextWrapPos();
        if (ImGui::BeginTable("criticality", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            ImGui::TableSetupColumn("Tactic", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableSetupColumn("Criticality", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.5f);
            for (const auto& t : s.catalogue->tactics) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(t.name.c_str());
                ImGui::TableNextColumn();
                auto it = rs.weights.tactic_criticality.find(t.shortname);
                double v = it != rs.weights.tactic_criticality.end() ? it->second : rs.weights.unknown_tactic_criticality;
                ImGui::SetNextItemWidth(-1);
                ImGui::PushID(t.shortname.c_str());
                if (ImGui::InputDouble("##c", &v, 0.5, 1, "%.1f")) {
                    rs.weights.tactic_criticality[t.shortname] = std::max(0.0, v);
                    changed = true;
                }
                ImGui::PopID();
            }
            ImGui::EndTable();
        }
        ImGui::TreePop();
    }
    if (ImGui::Button("Reset weights")) reset_weights(s);
    s.ui_rects["reset-weights"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                                  ImGui::GetItemRectMax().y};

    ImGui::Spacing();
    ImGui::TextUnformatted("Adversary frequency:");
    ImGui::SameLine();
    ImGui::PushTextWrapPos(0);
    if (rs.frequency_file.empty())
        ImGui::TextDisabled("share of ATT&CK groups and campaigns using each technique");
    else
        ImGui::Text("%s (%s)", rs.frequency_file.c_str(), sh::plural(rs.frequency.percent.size(), "technique", "techniques").c_str());
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Open frequency CSV...")) s.request_picker = "frequency";
    help_marker("CSV with columns technique,frequency: the share (%) of recent incidents that used the technique, "
                "e.g. T1059.001,42.5");
    if (!rs.frequency_file.empty()) {
        ImGui::SameLine();
        if (ImGui::Button("Use ATT&CK groups")) clear_frequency(s);
    }
    if (ImGui::Button("Download gaps CSV")) s.request_gaps_csv = true;
    s.ui_rects["gaps-csv"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectMax().x,
                             ImGui::GetItemRectMax().y};
    // The file's name beside the button where it fits, else under it, wrapped: a long report name
    // ran past the panel's edge ("coverage_q4_2026-gaps.c").
    const std::string gaps_file = report_file_name(s, "-gaps.csv");
    same_line_or_wrap(ImGui::CalcTextSize(gaps_file.c_str()).x);
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", gaps_file.c_str());
    ImGui::PopTextWrapPos();
    remember(s, "gaps-csv-name");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("COMPARED WITH");
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Previous layer: %s", s.has_previous ? s.previous.file.c_str() : "none");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Open previous layer...##settings")) s.request_picker = "previous";
    if (s.has_previous) {
        ImGui::SameLine();
        if (ImGui::Button("Clear##previous")) clear_previous_layer(s);
    }
    ImGui::Text("History layers: %zu", s.history.size());
    if (ImGui::Button("Open history layers...##settings")) s.request_picker = "history";
    if (!s.history.empty()) {
        ImGui::SameLine();
        if (ImGui::Button("Clear##history")) clear_history(s);
    }
    ImGui::PushTextWrapPos(0);
    ImGui::Text("Baseline layer: %s", s.has_baseline ? s.baseline.file.c_str() : "none");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Open baseline layer...")) s.request_picker = "baseline";
    remember(s, "open-baseline");
    help_marker("A reference layer, e.g. SigmaHQ's published heat-map or another team's: the Board lists the "
                "techniques it covers that we do not, and where we are ahead (covered = score above 0; a parent "
                "counts as covered when any of its sub-techniques is). The CLI's --baseline.");
    if (s.has_baseline) {
        ImGui::SameLine();
        if (ImGui::Button("Clear##baseline")) clear_baseline(s);
    }

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("TARGETS");
    ImGui::PushTextWrapPos(0);
    if (s.has_targets)
        ImGui::Text("Targets: %s (%zu)", s.targets.name.c_str(), s.reports.targets.rows.size());
    else
        ImGui::TextUnformatted("Targets: none");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Open targets...")) s.request_picker = "targets";
    remember(s, "open-targets");
    help_marker("Technique ids one per line, a CSV technique[,min_score], or a layer whose scored techniques are "
                "the targets (e.g. a threat-actor layer). The Board lists the targets not met. The CLI's --targets.");
    if (s.has_targets) {
        ImGui::SameLine();
        if (ImGui::Button("Clear##targets")) clear_targets(s);
    }
    label("Target score");
    if (ImGui::InputInt("##target_score", &rs.target_score)) rs.target_score = std::max(1, rs.target_score), changed = true;
    help_marker("The score a target needs when its file gives none (the CLI's --target-score; 1 = covered at all).");

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("DETECTION LATENCY");
    ImGui::PushTextWrapPos(0);
    if (s.has_alerts)
        ImGui::Text("Alerts: %s (%zu)", s.alerts.file.c_str(), s.alerts.alerts.size());
    else
        ImGui::TextUnformatted("Alerts: none");
    ImGui::PopTextWrapPos();
    if (ImGui::Button("Open alerts CSV...")) s.request_picker = "alerts";
    remember(s, "open-alerts");
    help_marker("Alerts exported from the SIEM, one per line, with a header naming the columns rule (a Sigma rule "
                "id or title), event_time and detection_time (ISO 8601, e.g. 2026-03-02T10:15:30Z); other columns "
                "are ignored. The Board shows the median time from event to detection, overall, per tactic and "
                "per technique. A CSV with these columns dropped on the page is read as alerts. The CLI's --alerts.");
    if (s.has_alerts) {
        ImGui::SameLine();
        if (ImGui::Button("Clear##alerts")) clear_alerts(s);
    }
    if (changed) s.reports.dirty = true;
}

}  // namespace app
