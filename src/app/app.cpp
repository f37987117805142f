// app.cpp — the AppState's setup and its derived data (scores, matrix model, layer text) recomputed
// when inputs change, plus the small helpers views share. Loading (app_loading.cpp), the test
// API (app_test_api.cpp), fonts (app_fonts.cpp) and the frame layout (app_frame.cpp) live beside
// it. No GLFW, no Emscripten, no file I/O.
#include "app/app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "core/render/colour.hpp"
#include "imgui_internal.h"

namespace app {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

void inputs_changed(AppState& s) {
    s.scores_dirty = s.model_dirty = s.layer_dirty = true;
}

void use_catalogue(AppState& s, const sh::Catalogue& cat) {
    if (s.catalogue == &cat) return;
    s.catalogue = &cat;
    s.platforms = sh::catalogue_platforms(cat);
    std::map<std::string, double> table = sh::default_tactic_criticality(cat, s.report.weights.unknown_tactic_criticality);
    for (auto& [tactic, value] : table)
        if (auto it = s.report.weights.tactic_criticality.find(tactic); it != s.report.weights.tactic_criticality.end())
            value = it->second;
    s.report.weights.tactic_criticality = std::move(table);
    s.threat_view.dirty = true;
    s.reports.dirty = true;
    inputs_changed(s);
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
    s.catalogue = s.home_catalogue = &catalogue;
    s.settings.name = sh::default_layer_name_today();
    if (s.settings.name.empty()) s.settings.name = "coverage";
    s.platforms = sh::catalogue_platforms(catalogue);
    reset_weights(s);
    s.diff_view.options.aggregate = sh::Aggregate::Min;  // a parent shows its worst change (as the diff layer says)
    s.diff_view.show_scores = true;
    s.diff_view.options.hide_uncovered = true;  // the Diff matrix lists what changed ...
    s.diff_view.options.hide_empty_tactics = true;  // ... in the tactics where something did
    inputs_changed(s);
}

// ---- derived data ----

std::vector<std::string> palette_colours(const AppState& s) {
    switch (s.settings.palette) {
        case Palette::RedYellowGreen: return sh::kPaletteRedYellowGreen;
        case Palette::ColourBlind: return sh::kPaletteColourBlind;
        case Palette::Custom: {
            std::vector<std::string> out{colour_hex(s.settings.custom_min)};
            for (const auto& c : s.settings.custom_between) out.push_back(colour_hex(c));
            out.push_back(colour_hex(s.settings.custom_max));
            return out;
        }
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
    // The platform filter goes into the layer, as `layer --platform` writes it: the Navigator opens
    // the same matrix the page shows.
    o.platforms = s.matrix.platforms;
    return o;
}

sh::Gradient current_gradient(const AppState& s) {
    sh::ScoreRange r = sh::layer_score_range(s.scores, layer_options(s));
    return sh::make_gradient(palette_colours(s), r.min, r.max);
}

double ms_until_rescore(const AppState& s) {
    if (!s.catalogue || !s.scores_dirty) return -1;
    if (!loading(s)) return 0;
    const double last = std::max(s.stats.scored_at, s.loader.batch_started_at);
    return std::max(0.0, last + kLoadingRescoreMs - now_ms());
}

void update(AppState& s) {
    if (!s.catalogue) return;
    // While a big drop loads, rescore now and then (a live preview) rather than every frame.
    if (ms_until_rescore(s) == 0) {
        const double t0 = now_ms();
        s.scores = s.source == ScoreSource::Rules ? sh::score_rules(s.loaded.rules, *s.catalogue, s.settings.score)
                                                  : s.imported;
        s.scores_dirty = false;
        const auto best = sh::best_score_by_technique(s.scores);
        s.techniques_covered = int(best.size());
        const sh::CoveredCounts covered = sh::count_covered(s.scores, *s.catalogue);
        s.parents_covered = covered.techniques;
        s.subtechniques_covered = covered.subtechniques;
        s.model_dirty = s.layer_dirty = true;
        s.threat_view.dirty = true;  // the selection's coverage follows the scores
        s.stats.score_ms = now_ms() - t0;
        s.stats.scored_at = now_ms();
    }
    if (s.model_dirty) s.threat_view.dirty = true;  // the platform filter applies to threat coverage too
    update_threats(s);  // may ask for a new model (the "only techniques they use" filter)
    if (s.model_dirty) {
        if (s.matrix.options.platforms != s.matrix.platforms) s.layer_dirty = true;  // the layer's filter
        s.matrix.options.platforms = s.matrix.platforms;
        const sh::CoveredCounts on_platform = sh::count_covered(s.scores, *s.catalogue, s.matrix.options.platforms);
        s.platform_parents_covered = on_platform.techniques;
        s.platform_subtechniques_covered = on_platform.subtechniques;
        s.model = sh::build_matrix(*s.catalogue, s.scores, s.matrix.options);
        s.model_dirty = false;
        s.cache.valid = false;
        s.reports.dirty = true;  // the platform filter applies to KPIs and gaps too
    }
}

const std::string& layer_json(AppState& s) {
    update(s);
    if (!s.layer_dirty) return s.layer_json;
    s.layer_dirty = false;
    sh::LayerOptions o = layer_options(s);
    if (s.source == ScoreSource::Layer) {
        // The file the user opened, with what they changed here: its description, legend, entries'
        // comments and metadata are its own (a layer written as ours would claim "0 rules, score =
        // best rule level"). Unchanged, the same bytes.
        const sh::LayerOptions& was = s.imported_style;
        sh::LayerRestyle r;
        if (o.name != was.name) r.name = o.name;
        if (o.description != was.description) r.description = o.description;
        if (o.colors != was.colors || o.min_score != was.min_score || o.max_score != was.max_score) {
            const sh::ScoreRange range = sh::layer_score_range(s.scores, o);
            r.gradient = sh::LayerRestyle::Gradient{palette_colours(s), range.min, range.max, s.imported_scale};
        }
        s.layer_json = sh::restyle_layer(s.imported_text, r);
        return s.layer_json;
    }
    o.rules_unknown = s.source == ScoreSource::Share;  // a link carries scores, not the rules behind them
    s.layer_json = sh::write_layer(s.scores, s.loaded.rules, *s.catalogue, s.settings.score, o);
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

// ---- messages ----

namespace {
constexpr std::size_t kMaxMessages = 200;  // the log keeps the latest; older ones were announced long ago
}

void post_message(AppState& s, MessageKind kind, std::string text) {
    if (text.empty()) return;
    Messages& m = s.messages;
    m.log.push_back({kind, std::move(text), now_ms(), false});
    if (m.log.size() > kMaxMessages) {
        const std::size_t drop = m.log.size() - kMaxMessages;
        m.log.erase(m.log.begin(), m.log.begin() + std::ptrdiff_t(drop));
        m.dropped += drop;
        m.announced = m.announced > drop ? m.announced - drop : 0;
    }
}

void take_status(AppState& s) {
    if (s.status.empty()) return;
    post_message(s, MessageKind::Info, std::move(s.status));
    s.status.clear();
}

void dismiss_errors(AppState& s) {
    for (auto& m : s.messages.log) m.dismissed = true;
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
        ImGui::PushTextWrapPos(popup_wrap_at(30));
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

void text_fitted(AppState& s, const char* text, float max_w) {
    const float avail = max_w > 0 ? max_w : ImGui::GetContentRegionAvail().x;
    const ImVec2 size = ImGui::CalcTextSize(text);
    if (size.x <= avail + 0.5f) {
        ImGui::TextUnformatted(text);
        return;
    }
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const ImVec2 pos = window->DC.CursorPos;
    const ImRect bb(pos, ImVec2(pos.x + avail, pos.y + size.y));
    ImGui::ItemSize(bb.GetSize());
    if (!ImGui::ItemAdd(bb, 0)) return;
    ImGui::RenderTextEllipsis(window->DrawList, bb.Min, bb.Max, bb.Max.x, bb.Max.x, text, nullptr, &size);
    ++s.ellipsized;
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(popup_wrap_at(30));
        ImGui::TextUnformatted(text);
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
    }
}

float wrap_at(float em) { return std::min(ImGui::GetFontSize() * em, ImGui::GetContentRegionMax().x); }

float popup_wrap_at(float em) {
    const ImGuiStyle& st = ImGui::GetStyle();
    const float room = ImGui::GetIO().DisplaySize.x - 2 * (st.DisplaySafeAreaPadding.x + st.WindowPadding.x) - 2;
    return std::max(ImGui::GetFontSize() * 8, std::min(ImGui::GetFontSize() * em, room));
}

bool same_line_or_wrap(float next_w, float spacing) {
    const float x = ImGui::GetItemRectMax().x + (spacing < 0 ? ImGui::GetStyle().ItemSpacing.x : spacing);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (x + next_w > right) return false;
    ImGui::SameLine(0, spacing);
    return true;
}

float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

float checkbox_width(const char* label) {
    return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label, nullptr, true).x;
}

void remember_item(AppState& s, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.ui_rects[name] = {a.x, a.y, b.x, b.y};
    s.ui_ids[name] = ImGui::GetItemID();
}

const sh::CellPaints& shown_paints(const AppState& s) {
    static const sh::CellPaints none;
    return s.source == ScoreSource::Layer ? s.imported_paints : none;
}

int problem_count(const AppState& s) {
    return int(s.loaded.diagnostics.size() + s.scores.diagnostics.size() + s.report_diagnostics.size());
}

const char* side_tab_name(SideTab t) {
    switch (t) {
        case SideTab::Technique: return "technique";
        case SideTab::Layer: return "layer";
        case SideTab::Reports: return "reports";
        case SideTab::Threats: return "threats";
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
