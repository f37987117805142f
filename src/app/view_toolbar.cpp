// view_toolbar.cpp — the top bar: Open rules… / Open folder… (the platform shows the browser's
// pickers), Load sample rules, Clear, Download layer / SVG / PNG (with its scale), Copy share link; the loading
// progress with Cancel; counts. A page opened from a share link shows a read-only banner with
// "Start editing" instead of the loading buttons; a link that cannot be opened says why.
#include <algorithm>
#include <cstdio>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {
// Where a named button was drawn, so the browser tests can click the real thing.
void remember(AppState& s, const char* name) { remember_item(s, name); }
// One phrase of the toolbar's counts after the buttons: on the same line as what came before when
// it fits there (after a "·" when `separated`), else at the start of the next; a phrase wider than
// the whole window wraps at its edge rather than running past it.
void count_phrase(const char* text, bool separated) {
    const char* dot = "·  ";
    const float width = ImGui::CalcTextSize(text).x;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
    const float dot_w = separated ? ImGui::CalcTextSize(dot).x + ImGui::GetStyle().ItemSpacing.x : 0.0f;
    if (x + dot_w + width <= right) {
        ImGui::SameLine();
        if (separated) {
            ImGui::TextUnformatted(dot);
            ImGui::SameLine();
        }
    }
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
}
}  // namespace

// Why nothing can be exported now ("" when something can).
const char* nothing_to_export(const AppState& s) {
    if (loading(s)) return "Wait until the files are loaded";
    if (s.techniques_covered == 0)
        return s.source == ScoreSource::Rules && !s.files.empty()
                   ? "Nothing to export: no loaded rule is tagged with an ATT&CK technique"
                   : "Nothing to export yet: load Sigma rules (or open a layer) first";
    return "";
}

void draw_exports(AppState& s) {
    const char* why_not = nothing_to_export(s);
    const bool disabled = *why_not != 0;
    // A disabled export says why instead of what it would save.
    auto tooltip = [&](const char* fmt, const char* arg) {
        if (!ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) return;
        if (disabled) ImGui::SetTooltip("%s", why_not);
        else ImGui::SetTooltip(fmt, arg);
    };
    ImGui::BeginDisabled(disabled);
    if (ImGui::Button("Download layer")) s.request_download = true;
    remember(s, "download");
    tooltip("Save the ATT&CK Navigator layer as %s", download_file_name(s).c_str());
    same_line_or_wrap(button_width("SVG"));
    if (ImGui::Button("SVG")) s.request_svg = true;
    remember(s, "svg");
    tooltip("%s", "Download the heat-map as an SVG image (the matrix as shown: layout, sub-techniques, palette)");
    same_line_or_wrap(button_width("PNG") + ImGui::GetFontSize() * 3.3f + ImGui::GetStyle().ItemInnerSpacing.x);
    if (ImGui::Button("PNG")) s.request_png = true;
    remember(s, "png");
    const std::string png_tip = "Download the heat-map as a PNG image at " + std::to_string(s.png_scale) + "x";
    tooltip("%s", png_tip.c_str());
    ImGui::SameLine(0, ImGui::GetStyle().ItemInnerSpacing.x);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 3.3f);
    static const char* const kScales[] = {"1x", "2x", "3x"};
    int scale = std::clamp(s.png_scale, 1, 3) - 1;
    if (ImGui::Combo("##png_scale", &scale, kScales, 3)) s.png_scale = scale + 1;
    remember(s, "png-scale");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("PNG scale: image pixels per layout pixel (as sigma-heatmap png --scale N); 2x or 3x for "
                          "high-DPI screens, slides and print");
    same_line_or_wrap(button_width("Copy share link"));
    if (ImGui::Button("Copy share link")) s.request_share = true;
    remember(s, "share");
    tooltip("%s", "A link with the whole heat-map in it (after #, never sent to a server): opens read-only");
    ImGui::EndDisabled();
}

std::string coverage_counts(const AppState& s) {
    // On the platform filter's platforms, as the matrix shows them (the tooltip has all platforms').
    const bool on = !s.matrix.platforms.empty();
    return count_words(on ? s.platform_parents_covered : s.parents_covered, "technique", "techniques") + ", " +
           count_words(on ? s.platform_subtechniques_covered : s.subtechniques_covered, "sub-technique", "sub-techniques") +
           " covered" + sh::on_platform_words(s.matrix.platforms);
}

void draw_toolbar(AppState& s) {
    if (s.show_share_error) {
        ImGui::OpenPopup("Share link");
        s.show_share_error = false;
    }
    if (ImGui::BeginPopupModal("Share link", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted("This share link cannot be opened:");
        ImGui::PushTextWrapPos(popup_wrap_at(32));
        ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "%s", s.share_error.c_str());
        ImGui::TextDisabled("It may have been cut short when it was copied. The page starts empty instead.");
        ImGui::PopTextWrapPos();
        if (ImGui::Button("OK")) ImGui::CloseCurrentPopup();
        remember(s, "share-error-ok");
        ImGui::EndPopup();
    }
    if (s.read_only) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(ImVec4(0.08f, 0.40f, 0.75f, 1), "Shared heat-map");
        ImGui::SameLine();
        ImGui::Text("%s  ·  read-only", s.settings.name.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Start editing")) start_editing(s);
        remember(s, "start-editing");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Change the palette and range, load rules, compare layers: the page becomes the usual editor");
        ImGui::SameLine();
        ImGui::TextDisabled("|");
        ImGui::SameLine();
        draw_exports(s);
        return;
    }
    if (ImGui::Button("Open rules...")) s.request_open_files = true;
    remember(s, "open");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose Sigma rule files (.yml/.yaml). You can also drop files or folders anywhere on the page.");
    same_line_or_wrap(button_width("Open folder..."));
    if (ImGui::Button("Open folder...")) s.request_open_folder = true;
    remember(s, "open-folder");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose a folder: every .yml/.yaml file in it and its sub-folders is loaded.");
    same_line_or_wrap(button_width("Load sample rules"));
    if (ImGui::Button("Load sample rules")) load_samples(s);
    remember(s, "samples");
    same_line_or_wrap(button_width("Clear"));
    ImGui::BeginDisabled(s.files.empty() && !loading(s) && s.loaded.diagnostics.empty() && s.source == ScoreSource::Rules);
    if (ImGui::Button("Clear")) clear(s);
    remember(s, "clear");
    ImGui::EndDisabled();
    same_line_or_wrap(button_width("Download layer"));
    draw_exports(s);

    if (!loading(s)) s.loader.bar_width = 0;
    if (loading(s)) {
        const std::string words = progress_text(s);
        auto& l = s.loader;
        l.bar_width = std::max({l.bar_width, 260.0f * s.display_scale,
                                ImGui::CalcTextSize(words.c_str()).x + 4 * ImGui::GetStyle().FramePadding.x});
        same_line_or_wrap(l.bar_width + button_width("Cancel") + ImGui::GetStyle().ItemSpacing.x);
        const bool listing = listing_only(s);
        // A drop's folders still being read: no total yet, the words count what was found.
        const float frac = listing ? (l.listing_total > 0 ? float(l.listing_listed) / float(l.listing_total) : 0.0f)
                                   : l.batch_total > 0 ? float(l.batch_done) / float(l.batch_total) : 0.0f;
        ImGui::ProgressBar(frac, ImVec2(l.bar_width, 0), words.c_str());
        ImGui::SameLine();
        if (ImGui::Button("Cancel")) cancel_loading(s);
        remember(s, "cancel");
    } else if (s.source != ScoreSource::Rules) {
        const std::string showing = "Showing " + s.imported_file, covered = coverage_counts(s);
        count_phrase(showing.c_str(), false);
        count_phrase(covered.c_str(), true);
        remember(s, "counts:coverage");
        s.ui_needs["counts:coverage"] = ImGui::CalcTextSize(covered.c_str()).x;  // the phrase on one line
        s.ui_texts["counts"] = covered;
    } else if (s.files.empty() && s.loaded.diagnostics.empty()) {
        s.ui_texts.erase("counts");
        const char* hint = "Drop Sigma rule files or folders anywhere on this page, or try the sample rules.";
        same_line_or_wrap(std::min(ImGui::CalcTextSize(hint).x, ImGui::GetFontSize() * 12));
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", hint);
        ImGui::PopTextWrapPos();
    } else {
        // The counts wrap as whole phrases (a "·" between two on one line), so a narrow window
        // shows all of them instead of cutting the line at its edge.
        const std::string rules_text = count_words(static_cast<long long>(s.loaded.rules.size()), "rule", "rules") +
                                       " from " + count_words(static_cast<long long>(s.files.size()), "file", "files");
        const char* rules = rules_text.c_str();
        count_phrase(rules, false);
        remember(s, "counts");
        s.ui_needs["counts"] = ImGui::CalcTextSize(rules).x;  // the phrase on one line
        const std::string covered = coverage_counts(s);
        count_phrase(covered.c_str(), true);
        remember(s, "counts:coverage");
        s.ui_needs["counts:coverage"] = ImGui::CalcTextSize(covered.c_str()).x;  // the phrase on one line
        s.ui_texts["counts"] = covered;
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Covered: a score above 0. Techniques count once, covered by their own rules or a "
                              "sub-technique's (as on the Board); sub-techniques count on their own. Revoked and "
                              "deprecated ones are not counted.%s",
                              s.matrix.platforms.empty()
                                  ? ""
                                  : ("\nOn all platforms: " + count_words(s.parents_covered, "technique", "techniques") +
                                     ", " + count_words(s.subtechniques_covered, "sub-technique", "sub-techniques") + ".")
                                        .c_str());
        const int problems = problem_count(s);
        if (problems > 0) {
            const std::string label_text = count_words(problems, "problem", "problems");
            const char* label = label_text.c_str();
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.70f, 0.25f, 0.0f, 1.0f));
            count_phrase(label, true);
            ImGui::PopStyleColor();
            remember(s, "counts:problems");
            s.ui_needs["counts:problems"] = ImGui::CalcTextSize(label).x;  // the phrase on one line
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show them in the Problems tab");
            if (ImGui::IsItemClicked()) {
                s.tab = SideTab::Problems;
                s.switch_tab = true;
            }
        }
    }
}

}  // namespace app
