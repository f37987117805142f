// app.cpp — the AppState's setup and its derived data (scores, matrix model, layer text) recomputed
// when inputs change, plus the small helpers views share. Loading (app_loading.cpp), the test
// API (app_test_api.cpp), fonts (app_fonts.cpp) and the frame layout (app_frame.cpp) live beside
// it. No GLFW, no Emscripten, no file I/O.
#include "app/app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "core/render/colour.hpp"

namespace app {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

void inputs_changed(AppState& s) {
    s.scores_dirty = s.model_dirty = s.layer_dirty = true;
}

bool set_colour(std::array<float, 3>& out, const std::string& hex) {
    auto rgb = sh::parse_hex_colour(hex);
    if (!rgb) return false;
    out = {rgb->r / 255.0f, rgb->g / 255.0f, rgb->b / 255.0f};
    return true;
}

std::string colour_hex(const std::array<float, 3>& c) {
    auto ch = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return sh::to_hex(sh::Rgb{ch(c[0]), ch(c[1]), ch(c[2])});
}

// ---- setup ----

void init(AppState& s, const sh::Catalogue& catalogue) {
    s.catalogue = &catalogue;
    s.settings.name = sh::default_layer_name_today();
    if (s.settings.name.empty()) s.settings.name = "coverage";
    s.platforms = sh::catalogue_platforms(catalogue);
    reset_weights(s);
    s.diff_view.options.aggregate = sh::Aggregate::Min;  // a parent shows its worst change (as the diff layer says)
    s.diff_view.show_scores = true;
    s.diff_view.options.hide_uncovered = true;  // the Diff matrix lists what changed
    inputs_changed(s);
}

// ---- derived data ----

std::vector<std::string> palette_colours(const AppState& s) {
    switch (s.settings.palette) {
        case Palette::RedYellowGreen: return sh::kPaletteRedYellowGreen;
        case Palette::ColourBlind: return sh::kPaletteColourBlind;
        case Palette::Custom: return {colour_hex(s.settings.custom_min), colour_hex(s.settings.custom_max)};
    }
    return sh::kPaletteRedYellowGreen;
}

sh::LayerOptions layer_options(const AppState& s) {
    sh::LayerOptions o;
    o.name = s.settings.name;
    o.description = s.settings.description;
    if (s.settings.custom_range) {
        o.min_score = s.settings.range_min;
        o.max_score = s.settings.range_max;
    }
    // The default palette is left to the core's default, exactly as the CLI does without colours.
    if (s.settings.palette != Palette::RedYellowGreen) o.colors = palette_colours(s);
    return o;
}

sh::Gradient current_gradient(const AppState& s) {
    sh::ScoreRange r = sh::layer_score_range(s.scores, layer_options(s));
    return sh::make_gradient(palette_colours(s), r.min, r.max);
}

void update(AppState& s) {
    if (!s.catalogue) return;
    // While a big drop loads, rescore now and then (a live preview) rather than every frame.
    if (s.scores_dirty && (!loading(s) || now_ms() - s.stats.scored_at > 600)) {
        const double t0 = now_ms();
        s.scores = s.source == ScoreSource::Rules ? sh::score_rules(s.loaded.rules, *s.catalogue, s.settings.score)
                                                  : s.imported;
        s.scores_dirty = false;
        s.techniques_covered = int(sh::best_score_by_technique(s.scores).size());
        s.model_dirty = s.layer_dirty = true;
        s.stats.score_ms = now_ms() - t0;
        s.stats.scored_at = now_ms();
    }
    if (s.model_dirty) {
        s.matrix.options.platforms.clear();
        if (!s.matrix.platform.empty()) s.matrix.options.platforms.push_back(s.matrix.platform);
        s.model = sh::build_matrix(*s.catalogue, s.scores, s.matrix.options);
        s.model_dirty = false;
        s.cache.valid = false;
        s.reports.dirty = true;  // the platform filter applies to KPIs and gaps too
    }
}

const std::string& layer_json(AppState& s) {
    update(s);
    if (s.layer_dirty) {
        s.layer_json = sh::write_layer(s.scores, s.loaded.rules, *s.catalogue, s.settings.score, layer_options(s));
        s.layer_dirty = false;
    }
    return s.layer_json;
}

std::string download_file_name(const AppState& s) {
    std::string name = s.settings.name.empty() ? sh::default_layer_name_today() : s.settings.name;
    if (name.empty()) name = "coverage";
    for (auto& c : name)
        if (c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' ||
            c == '|' || static_cast<unsigned char>(c) < 0x20)
            c = '_';
    return name + ".json";
}

// ---- shared helpers ----

const char* level_label(sh::Level l) {
    const char* n = sh::level_name(l);
    return (n && *n) ? n : "(none)";
}
const char* status_label(sh::Status st) {
    const char* n = sh::status_name(st);
    return (n && *n) ? n : "(none)";
}

void help_marker(const char* text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

int problem_count(const AppState& s) {
    return int(s.loaded.diagnostics.size() + s.scores.diagnostics.size() + s.report_diagnostics.size());
}

const char* side_tab_name(SideTab t) {
    switch (t) {
        case SideTab::Technique: return "technique";
        case SideTab::Layer: return "layer";
        case SideTab::Reports: return "reports";
        case SideTab::Problems: return "problems";
        case SideTab::About: return "about";
    }
    return "technique";
}

const char* main_view_name(MainView v) {
    switch (v) {
        case MainView::Matrix: return "matrix";
        case MainView::Board: return "board";
        case MainView::Diff: return "diff";
        case MainView::Trends: return "trends";
    }
    return "matrix";
}

}  // namespace app
