// view_diff.cpp — the Diff view: the current coverage against a previous layer (any Navigator
// 4.x layer, dropped or opened): the alert exactly as the CLI prints it, the diff layer on the
// matrix (score change per cell, diverging palette), and the new / closed gaps. The alert
// threshold is editable here; everything shown comes from sh::LayerDiff and the diff layer.
#include <algorithm>
#include <string>
#include <string_view>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {

void remember(AppState& s, const char* name) { remember_item(s, name); }

void change_rows(const char* id, const std::vector<sh::TechniqueChange>& rows) {
    if (rows.empty()) {
        ImGui::TextDisabled("none");
        return;
    }
    if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn("Technique", ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableSetupColumn("Before", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableSetupColumn("Now", ImGuiTableColumnFlags_WidthStretch, 0.7f);
    ImGui::TableHeadersRow();
    for (const auto& c : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string label = c.technique + " " + c.name;
        ImGui::PushTextWrapPos(0);  // a long name wraps in its cell rather than lose its end
        ImGui::TextUnformatted(label.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) {
            std::string tactics;
            for (const auto& t : c.tactics) tactics += (tactics.empty() ? "" : ", ") + (t.empty() ? std::string("(all)") : t);
            ImGui::SetTooltip("%s %s\n%d -> %d (%s%d)\ntactics: %s", c.technique.c_str(), c.name.c_str(), c.before, c.after,
                              c.delta() > 0 ? "+" : "", c.delta(), tactics.c_str());
        }
        ImGui::TableNextColumn();
        ImGui::Text("%d", c.before);
        ImGui::TableNextColumn();
        ImGui::Text("%d", c.after);
    }
    ImGui::EndTable();
}

}  // namespace

void draw_diff(AppState& s) {
    update_reports(s);
    const float k = s.display_scale;
    if (ImGui::Button("Open previous layer...")) s.request_picker = "previous";
    remember(s, "open-previous");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Choose an earlier ATT&CK Navigator layer (.json, from sigma-heatmap or any other tool)");
    if (!s.has_previous) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(wrap_at(40));
        ImGui::Text("Compare the current %s with an earlier layer: open or drop an ATT&CK Navigator layer "
                    "(.json, v4.x, from sigma-heatmap or another tool).",
                    s.source == ScoreSource::Rules ? "rules" : "heat-map");
        ImGui::Spacing();
        ImGui::TextDisabled("The Diff shows every score change on the matrix (red: lost, blue: gained), the techniques "
                            "that fell below the alert threshold (new gaps) or rose above it (closed gaps), and the "
                            "alert line the CLI prints for `sigma-heatmap layer --prev PREV.json`.");
        remember(s, "diff-intro");
        ImGui::PopTextWrapPos();
        return;
    }
    const Reports& r = s.reports;
    // The controls wrap onto more lines where the window is narrow (a phone).
    same_line_or_wrap(ImGui::CalcTextSize(s.previous.file.c_str()).x + ImGui::GetFontSize() * 2);
    ImGui::TextDisabled("%s", s.previous.file.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("x")) {
        clear_previous_layer(s);
        return;
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Forget the previous layer");
    same_line_or_wrap(ImGui::CalcTextSize("Alert threshold").x + ImGui::GetStyle().ItemSpacing.x + ImGui::GetFontSize() * 7, 20 * k);
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted("Alert threshold");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    if (ImGui::InputInt("##alert_threshold", &s.report.alert_threshold)) {
        s.report.alert_threshold = std::max(1, s.report.alert_threshold);
        s.reports.dirty = true;
    }
    same_line_or_wrap(checkbox_width("Only changes"));
    if (ImGui::Checkbox("Only changes", &s.diff_view.options.hide_uncovered)) s.diff_model_dirty = true;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show only the techniques whose score changed");
    same_line_or_wrap(button_width("Copy alert"));
    if (ImGui::Button("Copy alert")) {
        ImGui::SetClipboardText(r.alert.c_str());
        s.status = "Alert copied";
    }
    same_line_or_wrap(button_width("Download diff layer"));
    if (ImGui::Button("Download diff layer")) s.request_diff_layer = true;
    remember(s, "diff-layer");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Navigator layer of the changes (score = now - before) as %s", report_file_name(s, "-diff.json").c_str());

    // The alert, as the CLI prints it.
    const bool alarming = !r.diff.dropped_below.empty() || !r.diff.lost.empty();
    // As tall as the alert wrapped to the box (up to 6 lines; more scroll). Shown without the text's
    // final newline, and with the box's own padding: the newline's empty line and a padding short
    // by 2 px gave a one-line alert a scrollbar.
    const std::string_view shown = std::string_view(r.alert).substr(0, r.alert.find_last_not_of('\n') + 1);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float alert_wrap = ImGui::GetContentRegionAvail().x - 2 * style.WindowPadding.x - style.ScrollbarSize;
    const float alert_text_h =
        ImGui::CalcTextSize(shown.data(), shown.data() + shown.size(), false, std::max(alert_wrap, 1.0f)).y;
    const float alert_h = std::clamp(alert_text_h, ImGui::GetTextLineHeight(), 6 * ImGui::GetTextLineHeight()) +
                          2 * style.WindowPadding.y + 2 * style.ChildBorderSize;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, alarming ? IM_COL32(0xfd, 0xec, 0xea, 0xff) : IM_COL32(0xe9, 0xf5, 0xec, 0xff));
    ImGui::BeginChild("alert", ImVec2(0, alert_h), true);
    ImGui::PushTextWrapPos(0);  // a long line wraps in a narrow window (the box scrolls)
    ImGui::TextUnformatted(shown.data(), shown.data() + shown.size());
    ImGui::PopTextWrapPos();
    remember(s, "diff-alert");
    // Whether the box scrolls (tests: an alert of up to 6 lines must not).
    s.ui_texts["diff-alert-scrolls"] = ImGui::GetScrollMaxY() > 0 ? "yes" : "no";
    ImGui::EndChild();
    ImGui::PopStyleColor();
    if (!r.alert_note.empty()) {  // two layers on another scale: the threshold can never be crossed
        ImGui::PushTextWrapPos(0);
        ImGui::TextColored(ImVec4(0.6f, 0.3f, 0.0f, 1), "Note: %s.", r.alert_note.c_str());
        ImGui::PopTextWrapPos();
        remember(s, "diff-alert-note");
    } else {
        s.ui_rects.erase("diff-alert-note");
    }

    // The diff layer on the matrix (left), the lists (right).
    MatrixView& dv = s.diff_view;
    if (dv.layout != s.matrix.layout || dv.show_ids != s.matrix.show_ids || dv.show_names != s.matrix.show_names) {
        dv.layout = s.matrix.layout;
        dv.show_ids = s.matrix.show_ids;
        dv.show_names = s.matrix.show_names;
        s.diff_cache.valid = false;
    }
    if (s.diff_model_dirty || s.diff_cache.valid == false) {
        if (s.diff_model_dirty) {
            dv.options.platforms = s.matrix.options.platforms;
            s.diff_model = sh::build_matrix(*s.catalogue, r.diff_scores, dv.options);
            s.diff_model_dirty = false;
            s.diff_cache.valid = false;
        }
    }
    const float legend_h = ImGui::GetFrameHeight() + ImGui::GetFontSize() + 10 * k;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // Side by side, or (a phone) the lists below the matrix.
    const bool stacked = avail.x < 640 * k;
    const float lists_w = std::min(440 * k, avail.x * 0.36f);
    const float matrix_w = stacked ? avail.x : avail.x - lists_w - 8 * k;
    const float matrix_h = stacked ? std::max(avail.y * 0.6f - legend_h, 160 * k) : std::max(avail.y - legend_h, 50.0f);
    ImGui::BeginGroup();
    draw_matrix_canvas(s, dv, s.diff_model, s.diff_cache, r.diff_gradient, CanvasKind::Diff, ImVec2(matrix_w, matrix_h));
    draw_gradient_legend(s, r.diff_gradient, "Score change", "no change");
    ImGui::EndGroup();
    if (!stacked) ImGui::SameLine(0, 8 * k);
    ImGui::BeginChild("diff_lists", ImVec2(0, stacked ? std::max(ImGui::GetContentRegionAvail().y, 200 * k) : avail.y), true);
    // One definition, with its two parts named as the alert above names them.
    const std::size_t new_gaps = r.diff.dropped_below.size() + r.diff.lost.size();
    const std::string gaps_label = "New gaps" + sh::alert_platform_words(r.diff) + ": " + std::to_string(new_gaps) + " = " +
                                   std::to_string(r.diff.dropped_below.size()) + " dropped below " +
                                   std::to_string(r.diff.threshold) + " + " + std::to_string(r.diff.lost.size()) +
                                   " already below it that lost all coverage";
    s.ui_texts["new-gaps"] = gaps_label;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(ImVec4(0.70f, 0.09f, 0.17f, 1), "%s", gaps_label.c_str());
    ImGui::PopTextWrapPos();
    help_marker("A new gap is a technique whose best score fell from the alert threshold or more to below it "
                "(\"dropped below\" in the alert), or one already below it that lost all coverage (\"lost all "
                "coverage\" in the alert).");
    std::vector<sh::TechniqueChange> gaps = r.diff.dropped_below;
    gaps.insert(gaps.end(), r.diff.lost.begin(), r.diff.lost.end());
    change_rows("new_gaps", gaps);
    ImGui::Spacing();
    ImGui::TextColored(ImVec4(0.13f, 0.40f, 0.67f, 1), "Closed gaps: %zu rose to %d or more", r.diff.closed_gaps.size(),
                       r.diff.threshold);
    ImGui::SameLine();
    help_marker("Techniques whose score rose from below the alert threshold to it or more.");
    change_rows("closed_gaps", r.diff.closed_gaps);
    ImGui::Spacing();
    if (ImGui::CollapsingHeader(("Every change (" + sh::plural(r.diff.techniques.size(), "technique", "techniques") + ")###all_changes").c_str()))
        change_rows("all_changes", r.diff.techniques);
    ImGui::EndChild();
    remember(s, "diff-lists");
}

}  // namespace app
