// view_settings.cpp — the "Layer" tab: what the downloaded layer says and how rules are scored —
// name, description, score profile, level/status filters, sub-technique roll-up, tactic
// placement, palette (red-yellow-green, colour-blind safe, custom) and score range.
#include <algorithm>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"
#include "core/layer.hpp"
#include "misc/cpp/imgui_stdlib.h"

namespace app {

namespace {

bool level_combo(const char* label, sh::Level& level) {
    static const sh::Level levels[] = {sh::Level::None, sh::Level::Informational, sh::Level::Low,
                                       sh::Level::Medium, sh::Level::High, sh::Level::Critical};
    bool changed = false;
    if (ImGui::BeginCombo(label, level == sh::Level::None ? "any level" : sh::level_name(level))) {
        for (sh::Level l : levels)
            if (ImGui::Selectable(l == sh::Level::None ? "any level" : sh::level_name(l), l == level)) {
                level = l;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

bool status_combo(const char* label, sh::Status& status) {
    static const sh::Status all[] = {sh::Status::None, sh::Status::Unsupported, sh::Status::Deprecated,
                                     sh::Status::Experimental, sh::Status::Test, sh::Status::Stable};
    bool changed = false;
    if (ImGui::BeginCombo(label, status == sh::Status::None ? "any status" : sh::status_name(status))) {
        for (sh::Status st : all)
            if (ImGui::Selectable(st == sh::Status::None ? "any status" : sh::status_name(st), st == status)) {
                status = st;
                changed = true;
            }
        ImGui::EndCombo();
    }
    return changed;
}

}  // namespace

void draw_settings(AppState& s) {
    LayerSettings& st = s.settings;
    const float label_w = ImGui::GetFontSize() * 6.5f;
    auto label = [&](const char* text) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(text);
        ImGui::SameLine(label_w);
        ImGui::SetNextItemWidth(-1);
    };

    ImGui::TextDisabled("LAYER");
    label("Name");
    if (ImGui::InputText("##name", &st.name)) s.layer_dirty = true;
    label("Description");
    if (ImGui::InputTextMultiline("##description", &st.description, ImVec2(-1, ImGui::GetTextLineHeight() * 3.4f)))
        s.layer_dirty = true;
    remember_item(s, "description");
    // Dear ImGui 1.86's text box does not wrap: a line wider than the box (an opened layer's
    // paragraph) is shown whole under it, wrapped, in a box of at most 8 lines that scrolls (its
    // first 64 KB: this is measured every frame).
    const float box_w = ImGui::GetItemRectSize().x - 2 * ImGui::GetStyle().FramePadding.x;
    const char* text = st.description.c_str();
    const char* text_end = text + std::min<std::size_t>(st.description.size(), 64 * 1024);
    bool overflows = false;
    for (const char* b = text; b < text_end && !overflows;) {
        const char* e = std::find(b, text_end, '\n');
        overflows = ImGui::CalcTextSize(b, e).x > box_w;
        b = e + 1;
    }
    if (overflows) {
        ImGui::SetCursorPosX(label_w);
        const float wrap_w = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
        const float text_h = ImGui::CalcTextSize(text, text_end, false, wrap_w).y;
        ImGui::BeginChild("##description-whole", ImVec2(-1, std::min(text_h, ImGui::GetTextLineHeight() * 8)), false);
        ImGui::PushTextWrapPos(0);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextUnformatted(text, text_end);
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        remember_item(s, "description-whole");
    } else {
        s.ui_rects.erase("description-whole");
    }
    if (st.description.empty()) {
        ImGui::SetCursorPosX(label_w);
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled(s.source == ScoreSource::Layer ? "empty: the opened layer has none"
                                                           : "empty: generated from the profile and counts");
        ImGui::PopTextWrapPos();
    }
    ImGui::BeginDisabled(loading(s));
    if (ImGui::Button("Download layer")) s.request_download = true;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::TextDisabled("%s", download_file_name(s).c_str());

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("SCORING");
    // A layer or link shown as the heat-map brings its own scores: these apply to rules.
    const bool imported = s.source != ScoreSource::Rules;
    if (imported) {
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", s.source == ScoreSource::Layer
                                      ? "The heat-map shows the scores of the opened layer; these apply when rules are loaded."
                                      : "The heat-map shows the scores of the share link; these apply when rules are loaded.");
        ImGui::PopTextWrapPos();
    }
    ImGui::BeginDisabled(imported);
    label("Profile");
    ImGui::SetNextItemWidth(-ImGui::GetFontSize() * 2.2f);  // room for the (?) marker
    static const char* profiles[] = {"seed (default)", "count", "max", "level"};
    int profile = int(st.score.profile);
    if (ImGui::Combo("##profile", &profile, profiles, 4)) {
        st.score.profile = sh::ScoreProfile(profile);
        s.scores_dirty = true;
    }
    help_marker("seed: a technique scores its best rule's level: informational 10, low 30, medium 50, high 80, "
                "critical 100.\ncount: the number of rules.\nmax: the highest level, informational 1 .. critical 5.\n"
                "level: the sum of level weights 1/2/4/8/12.\nA rule counts once per technique.");
    label("Min level");
    if (level_combo("##min_level", st.score.min_level)) s.scores_dirty = true;
    label("Min status");
    if (status_combo("##min_status", st.score.min_status)) s.scores_dirty = true;
    bool rollup = !st.score.subtechniques;
    if (ImGui::Checkbox("Roll sub-techniques up into their parent", &rollup)) {
        st.score.subtechniques = !rollup;
        s.scores_dirty = true;
    }
    help_marker("On: a rule tagged T1059.001 counts for T1059 (as --no-subtechniques in the CLI and sigma analyze).");
    bool tagged_only = st.score.placement == sh::TacticPlacement::Tagged;
    if (ImGui::Checkbox("Only the tactics a rule is tagged with", &tagged_only)) {
        st.score.placement = tagged_only ? sh::TacticPlacement::Tagged : sh::TacticPlacement::All;
        s.scores_dirty = true;
    }
    help_marker("Off (default): a technique is scored in every tactic it belongs to. On: only in tactics the rule "
                "also tags (when it tags any).");
    ImGui::EndDisabled();

    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextDisabled("COLOURS");
    int palette = int(st.palette);
    auto remember = [&](const char* name) {  // where it is, for the browser tests
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        s.ui_rects[name] = {a.x, a.y, b.x, b.y};
    };
    bool palette_changed = ImGui::RadioButton("Red - yellow - green", &palette, int(Palette::RedYellowGreen));
    remember("palette-ryg");
    palette_changed |= ImGui::RadioButton("Colour-blind safe: blue - yellow - black", &palette, int(Palette::ColourBlind));
    remember("palette-colourblind");
    palette_changed |= ImGui::RadioButton("Custom", &palette, int(Palette::Custom));
    if (palette_changed) {
        st.palette = Palette(palette);
        s.layer_dirty = true;
    }
    if (st.palette == Palette::Custom) {
        // The stops follow "Custom" on its line and wrap under it, below the first stop, when the
        // panel is too narrow for them (an opened layer can have up to 64): none is drawn past the
        // panel's edge, where it could be neither seen nor clicked.
        const ImGuiColorEditFlags cflags = ImGuiColorEditFlags_NoInputs | ImGuiColorEditFlags_NoAlpha;
        float wrap_x = ImGui::GetCursorPosX();  // where wrapped stops start: under the first stop
        auto flow = [&](const char* label) {  // on the same line when the swatch and its label fit
            if (!same_line_or_wrap(checkbox_width(label))) ImGui::SetCursorPosX(wrap_x);
        };
        int stop = 0;
        auto named = [&] { remember_item(s, ("palette-stop:" + std::to_string(stop++)).c_str()); };
        flow("low");
        wrap_x = ImGui::GetCursorPosX();  // beside "Custom", or the line's start when it did not fit
        if (ImGui::ColorEdit3("low", st.custom_min.data(), cflags)) s.layer_dirty = true;
        named();
        for (std::size_t i = 0; i < st.custom_between.size(); ++i) {  // an opened layer's middle stops
            flow("##between");
            ImGui::PushID(int(i));
            if (ImGui::ColorEdit3("##between", st.custom_between[i].data(), cflags)) s.layer_dirty = true;
            ImGui::PopID();
            named();
        }
        flow("high");
        if (ImGui::ColorEdit3("high", st.custom_max.data(), cflags)) s.layer_dirty = true;
        named();
    }
    if (ImGui::Checkbox("Custom score range", &st.custom_range)) s.layer_dirty = true;
    help_marker("Off: the gradient runs from 0 to the highest score in the layer (as the CLI without --min-score/--max-score).");
    if (st.custom_range) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::InputInt("min##range", &st.range_min)) s.layer_dirty = true;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
        if (ImGui::InputInt("max##range", &st.range_max)) s.layer_dirty = true;
        if (st.range_max <= st.range_min) ImGui::TextColored(ImVec4(0.8f, 0.4f, 0, 1), "max must be above min: using min + 1");
    }
}

}  // namespace app
