// app.cpp — loading, recomputation, the test API's summary, options by name, fonts and style,
// and the frame layout that places the views. No GLFW, no Emscripten, no file I/O.
#include "app/app.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/views.hpp"
#include "core/embedded.hpp"
#include "core/import_csv.hpp"
#include "core/render/colour.hpp"

namespace app {

namespace {

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

std::string colour_hex(const std::array<float, 3>& c) {
    auto ch = [](float v) { return uint8_t(std::lround(std::clamp(v, 0.0f, 1.0f) * 255.0f)); };
    return sh::to_hex(sh::Rgb{ch(c[0]), ch(c[1]), ch(c[2])});
}

bool set_colour(std::array<float, 3>& out, const std::string& hex) {
    auto rgb = sh::parse_hex_colour(hex);
    if (!rgb) return false;
    out = {rgb->r / 255.0f, rgb->g / 255.0f, rgb->b / 255.0f};
    return true;
}

void forget_file(AppState& s, const std::string& name) {
    auto& rules = s.loaded.rules;
    rules.erase(std::remove_if(rules.begin(), rules.end(), [&](const sh::Rule& r) { return r.file == name; }),
                rules.end());
    auto& d = s.loaded.diagnostics;
    d.erase(std::remove_if(d.begin(), d.end(), [&](const sh::Diagnostic& x) { return x.file == name; }), d.end());
    s.files.erase(std::remove(s.files.begin(), s.files.end(), name), s.files.end());
}

void inputs_changed(AppState& s) {
    s.scores_dirty = s.model_dirty = s.layer_dirty = true;
}

}  // namespace

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

// ---- loading ----

void enqueue_files(AppState& s, std::vector<InputFile> files) {
    // A SIEM alerts CSV among them is for the detection latency, not rules: its header says so
    // (a seed rules CSV has title,attack_id,level,status).
    auto is_alerts = [](const InputFile& f) { return sh::is_csv_file_name(f.name) && sh::is_alerts_csv(f.text); };
    const auto alerts = std::stable_partition(files.begin(), files.end(), [&](const InputFile& f) { return !is_alerts(f); });
    for (auto it = alerts; it != files.end(); ++it) {
        const std::string error = set_alerts_csv(s, *it);
        if (!error.empty()) s.status = error;
    }
    files.erase(alerts, files.end());
    std::stable_sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
    if (s.loader.queue.empty()) {
        s.loader.batch_total = 0;
        s.loader.batch_done = 0;
        s.loader.batch_ms = 0;
    }
    s.loader.batch_total += int(files.size());
    if (!files.empty() && s.source != ScoreSource::Rules) {
        // Rules replace a layer or share link shown as the heat-map.
        s.source = ScoreSource::Rules;
        s.read_only = false;
        inputs_changed(s);
    }
    for (auto& f : files) s.loader.queue.push_back(std::move(f));
    s.loader.notify_idle = true;
}

void add_problem(AppState& s, const std::string& file, const std::string& message) {
    sh::Diagnostic d;
    d.severity = sh::Severity::Error;
    d.file = file;
    d.message = message;
    s.loaded.diagnostics.push_back(std::move(d));
    s.loader.notify_idle = true;
}

bool step_loading(AppState& s, double budget_ms) {
    if (s.loader.queue.empty()) return false;
    const double start = now_ms();
    do {
        InputFile f = std::move(s.loader.queue.front());
        s.loader.queue.pop_front();
        if (std::find(s.files.begin(), s.files.end(), f.name) != s.files.end()) forget_file(s, f.name);
        if (sh::is_csv_file_name(f.name))
            sh::load_rules_from_csv(f.text, f.name, s.loaded);  // seed-style title,attack_id,level,status
        else
            sh::load_rules_from_text(f.text, f.name, s.loaded);
        s.files.push_back(f.name);
        ++s.loader.batch_done;
    } while (!s.loader.queue.empty() && now_ms() - start < budget_ms);
    s.loader.batch_ms += now_ms() - start;
    inputs_changed(s);
    return !s.loader.queue.empty();
}

bool loading(const AppState& s) { return !s.loader.queue.empty(); }

void cancel_loading(AppState& s) {
    s.loader.queue.clear();
    s.status = "Loading cancelled: " + std::to_string(s.loader.batch_done) + " of " +
               std::to_string(s.loader.batch_total) + " files loaded";
}

void clear(AppState& s) {
    s.loader.queue.clear();
    s.loader.batch_total = s.loader.batch_done = 0;
    s.files.clear();
    s.loaded = {};
    s.source = ScoreSource::Rules;
    s.imported = {};
    s.imported_file.clear();
    s.read_only = false;
    s.matrix.selected_id.clear();
    s.matrix.selected_tactic.clear();
    s.status.clear();
    inputs_changed(s);
}

void load_samples(AppState& s) {
    std::vector<InputFile> files;
    for (const auto& f : sh::embedded_files())
        if (f.name.substr(0, 8) == "samples/") files.push_back({std::string(f.name), std::string(f.data)});
    if (files.empty()) {
        s.status = "No sample rules in this build";
        return;
    }
    enqueue_files(s, std::move(files));
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

std::string summary_json(AppState& s) {
    update(s);
    nlohmann::ordered_json j;
    j["rules"] = s.loaded.rules.size();
    j["loaded"] = s.files.size();
    j["pending"] = s.loader.queue.size();
    j["loading"] = loading(s);
    auto errors = nlohmann::ordered_json::array();
    auto add = [&](const sh::Diagnostic& d) {
        errors.push_back({{"file", d.file},
                          {"line", d.line},
                          {"column", d.column},
                          {"severity", sh::severity_name(d.severity)},
                          {"message", d.message}});
    };
    for (const auto& d : s.loaded.diagnostics) add(d);
    for (const auto& d : s.scores.diagnostics) add(d);
    for (const auto& d : s.report_diagnostics) add(d);
    j["errors"] = std::move(errors);
    auto techniques = nlohmann::ordered_json::object();
    for (const auto& [id, score] : sh::best_score_by_technique(s.scores)) techniques[id] = score;
    j["techniques"] = std::move(techniques);
    j["entries"] = s.scores.entries.size();
    j["attack"] = s.catalogue ? s.catalogue->attack_version : "";
    j["layerName"] = s.settings.name;
    std::size_t cells = 0;
    for (const auto& col : s.model.columns) cells += col.cells.size();
    j["view"] = {{"selected", s.matrix.selected_id.empty() ? "" : s.matrix.selected_id + "/" + s.matrix.selected_tactic},
                 {"search", s.matrix.options.search},
                 {"layout", s.matrix.layout == sh::MatrixLayout::Side ? "side" : "mini"},
                 {"cells", cells},
                 {"tab", side_tab_name(s.tab)},
                 {"main", main_view_name(s.view)}};
    // Reports: the core's JSON texts, parsed, so they equal what `layer --report` writes.
    update_reports(s);
    const Reports& r = s.reports;
    auto parsed = [](const std::string& text) {
        auto v = nlohmann::ordered_json::parse(text, nullptr, false);
        return v.is_discarded() ? nlohmann::ordered_json() : v;
    };
    j["kpis"] = parsed(r.kpis_json);
    j["gaps"] = parsed(r.gaps_json);
    j["diff"] = r.has_diff ? parsed(r.diff_json) : nlohmann::ordered_json();
    j["trend"] = parsed(r.trend_json);
    j["board"] = parsed(r.board_json);
    j["previous"] = s.has_previous ? nlohmann::ordered_json(s.previous.file) : nlohmann::ordered_json();
    auto history = nlohmann::ordered_json::array();
    for (const auto& h : s.history) history.push_back(h.file);
    j["history"] = std::move(history);
    j["frequency"] = s.report.frequency_file;
    j["latency"] = r.has_latency ? parsed(r.latency_json) : nlohmann::ordered_json();
    j["baseline"] = r.has_baseline ? parsed(r.baseline_json) : nlohmann::ordered_json();
    j["targets"] = r.has_targets ? parsed(r.targets_json) : nlohmann::ordered_json();
    j["alertsFile"] = s.has_alerts ? nlohmann::ordered_json(s.alerts.file) : nlohmann::ordered_json();
    j["baselineFile"] = s.has_baseline ? nlohmann::ordered_json(s.baseline.file) : nlohmann::ordered_json();
    j["targetsFile"] = s.has_targets ? nlohmann::ordered_json(s.targets.name) : nlohmann::ordered_json();
    j["pngScale"] = s.png_scale;
    j["pendingLayers"] = s.pending_layers.files.size();
    j["source"] = s.source == ScoreSource::Rules ? "rules" : s.source == ScoreSource::Layer ? "layer" : "share";
    j["readOnly"] = s.read_only;
    j["shareError"] = s.share_error;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
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

// ---- options by name ----

std::string apply_options_json(AppState& s, std::string_view text) {
    auto j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return "options: not a JSON object";
    std::string errors;
    auto bad = [&](const std::string& key) { errors += (errors.empty() ? "" : "; ") + ("bad option " + key); };
    auto& st = s.settings;
    auto& mv = s.matrix;
    auto& rs = s.report;
    for (auto it = j.begin(); it != j.end(); ++it) {
        const std::string& k = it.key();
        const auto& v = it.value();
        bool ok = true;
        if (k == "name" && v.is_string()) st.name = v.get<std::string>(), s.layer_dirty = true;
        else if (k == "description" && v.is_string()) st.description = v.get<std::string>(), s.layer_dirty = true;
        else if (k == "profile" && v.is_string()) {
            auto p = sh::parse_profile(v.get<std::string>());
            if ((ok = p.has_value())) st.score.profile = *p, s.scores_dirty = true;
        } else if (k == "minLevel" && v.is_string()) {
            auto l = sh::parse_level(v.get<std::string>());
            if (v.get<std::string>().empty()) st.score.min_level = sh::Level::None, s.scores_dirty = true;
            else if ((ok = l.has_value())) st.score.min_level = *l, s.scores_dirty = true;
        } else if (k == "minStatus" && v.is_string()) {
            auto x = sh::parse_status(v.get<std::string>());
            if (v.get<std::string>().empty()) st.score.min_status = sh::Status::None, s.scores_dirty = true;
            else if ((ok = x.has_value())) st.score.min_status = *x, s.scores_dirty = true;
        } else if (k == "subtechniques" && v.is_boolean()) st.score.subtechniques = v.get<bool>(), s.scores_dirty = true;
        else if (k == "palette" && v.is_string()) {
            std::string p = v.get<std::string>();
            if (p == "ryg" || p == "default") st.palette = Palette::RedYellowGreen;
            else if (p == "colourblind" || p == "colorblind") st.palette = Palette::ColourBlind;
            else if (p == "custom") st.palette = Palette::Custom;
            else ok = false;
            s.layer_dirty = true;
        } else if (k == "minColor" && v.is_string()) ok = set_colour(st.custom_min, v.get<std::string>()), s.layer_dirty = true;
        else if (k == "maxColor" && v.is_string()) ok = set_colour(st.custom_max, v.get<std::string>()), s.layer_dirty = true;
        else if (k == "minScore" && v.is_number_integer()) st.custom_range = true, st.range_min = v.get<int>(), s.layer_dirty = true;
        else if (k == "maxScore" && v.is_number_integer()) st.custom_range = true, st.range_max = v.get<int>(), s.layer_dirty = true;
        else if (k == "customRange" && v.is_boolean()) st.custom_range = v.get<bool>(), s.layer_dirty = true;
        else if (k == "aggregate" && v.is_string()) {
            auto a = sh::parse_aggregate(v.get<std::string>());
            if ((ok = a.has_value())) mv.options.aggregate = *a, s.model_dirty = true;
        } else if (k == "expandAll" && v.is_boolean()) {
            mv.options.expand_all = v.get<bool>();
            if (!mv.options.expand_all) mv.options.expanded.clear();
            s.model_dirty = true;
        } else if (k == "hideUncovered" && v.is_boolean()) mv.options.hide_uncovered = v.get<bool>(), s.model_dirty = true;
        else if (k == "search" && v.is_string()) mv.options.search = v.get<std::string>(), s.model_dirty = true;
        else if (k == "platform" && v.is_string()) mv.platform = v.get<std::string>(), s.model_dirty = true;
        else if (k == "layout" && v.is_string()) {
            std::string l = v.get<std::string>();
            if (l == "side") mv.layout = sh::MatrixLayout::Side;
            else if (l == "mini") mv.layout = sh::MatrixLayout::Mini;
            else ok = false;
            s.cache.valid = false;
        } else if (k == "showIds" && v.is_boolean()) mv.show_ids = v.get<bool>(), s.cache.valid = false;
        else if (k == "showNames" && v.is_boolean()) mv.show_names = v.get<bool>(), s.cache.valid = false;
        else if (k == "showScores" && v.is_boolean()) mv.show_scores = v.get<bool>(), s.cache.valid = false;
        else if (k == "zoom" && v.is_number()) mv.zoom = std::clamp(v.get<float>(), 0.5f, 2.0f), s.cache.valid = false;
        else if (k == "select" && v.is_string()) {
            // "T1059.001" or "T1059.001/execution"
            std::string sel = v.get<std::string>();
            auto slash = sel.find('/');
            mv.selected_id = sel.substr(0, slash);
            mv.selected_tactic = slash == std::string::npos ? "" : sel.substr(slash + 1);
            if (mv.selected_tactic.empty() && s.catalogue)
                if (const auto* t = s.catalogue->find(mv.selected_id); t && !t->tactics.empty())
                    mv.selected_tactic = t->tactics.front();
            s.tab = SideTab::Technique;
            s.switch_tab = true;
            mv.scroll_to_selected = true;
        } else if (k == "tab" && v.is_string()) {
            std::string t = v.get<std::string>();
            if (t == "technique") s.tab = SideTab::Technique;
            else if (t == "layer") s.tab = SideTab::Layer;
            else if (t == "reports") s.tab = SideTab::Reports;
            else if (t == "problems") s.tab = SideTab::Problems;
            else if (t == "about") s.tab = SideTab::About;
            else ok = false;
            s.switch_tab = ok;
        } else if (k == "view" && v.is_string()) {
            std::string t = v.get<std::string>();
            if (t == "matrix") s.view = MainView::Matrix;
            else if (t == "board") s.view = MainView::Board;
            else if (t == "diff") s.view = MainView::Diff;
            else if (t == "trends") s.view = MainView::Trends;
            else ok = false;
            s.switch_view = ok;
        } else if (k == "kpiThreshold" && v.is_number_integer() && v.get<int>() >= 1) {
            rs.kpi_threshold = v.get<int>(), s.reports.dirty = true;
        } else if (k == "alertThreshold" && v.is_number_integer() && v.get<int>() >= 1) {
            rs.alert_threshold = v.get<int>(), s.reports.dirty = true;
        } else if (k == "top" && v.is_number_integer() && v.get<int>() >= 0) {
            rs.top = v.get<int>(), s.reports.dirty = true;
        } else if (k == "gapLevel" && v.is_string()) {
            if (v == "techniques") rs.gap_subtechniques = false;
            else if (v == "all") rs.gap_subtechniques = true;
            else ok = false;
            s.reports.dirty = true;
        } else if (k == "impactWeight" && v.is_number() && v.get<double>() >= 0) {
            rs.weights.impact_weight = v.get<double>(), s.reports.dirty = true;
        } else if (k == "threatWeight" && v.is_number() && v.get<double>() >= 0) {
            rs.weights.threat_weight = v.get<double>(), s.reports.dirty = true;
        } else if (k == "coverageDivisor" && v.is_number() && v.get<double>() > 0) {
            rs.weights.coverage_divisor = v.get<double>(), s.reports.dirty = true;
        } else if (k == "criticality" && v.is_object()) {
            for (auto c = v.begin(); c != v.end(); ++c) {
                if (!c.value().is_number() || c.value().get<double>() < 0 || !s.catalogue ||
                    !s.catalogue->find_tactic(c.key())) {
                    ok = false;
                    continue;
                }
                rs.weights.tactic_criticality[c.key()] = c.value().get<double>();
            }
            s.reports.dirty = true;
        } else if (k == "targetScore" && v.is_number_integer() && v.get<int>() >= 1) {
            rs.target_score = v.get<int>(), s.reports.dirty = true;
        } else if (k == "pngScale" && v.is_number_integer() && v.get<int>() >= 1 && v.get<int>() <= 3) {
            s.png_scale = v.get<int>();
        } else if (k == "imageDate" && v.is_string()) {
            s.image_date = v.get<std::string>();
        } else if (k == "resetWeights" && v.is_boolean()) {
            if (v.get<bool>()) reset_weights(s);
        } else ok = false;
        if (!ok) bad(k);
    }
    return errors;
}

std::string ui_rect_json(const AppState& s, std::string_view name) {
    auto rect = [](float x, float y, float w, float h, bool visible) {
        nlohmann::ordered_json j = {{"x", x}, {"y", y}, {"w", w}, {"h", h}, {"visible", visible}};
        return j.dump();
    };
    if (name.substr(0, 5) == "cell:") {
        const std::string_view key = name.substr(5);
        const auto slash = key.find('/');
        const std::string_view id = key.substr(0, slash);
        const std::string_view tactic = slash == std::string_view::npos ? std::string_view() : key.substr(slash + 1);
        const MatrixCache& c = s.cache;
        if (!c.valid) return "null";
        for (const auto& b : c.geometry.cells) {
            const auto& col = s.model.columns[std::size_t(b.column)];
            if (col.cells[std::size_t(b.cell)].id != id || (!tactic.empty() && col.tactic != tactic)) continue;
            const float x = c.origin_x + b.x, y = c.origin_y + b.y;
            const bool visible = x >= c.clip[0] && y >= c.clip[1] && x + b.w <= c.clip[2] && y + b.h <= c.clip[3];
            return rect(x, y, b.w, b.h, visible);
        }
        return "null";
    }
    auto it = s.ui_rects.find(std::string(name));
    if (it == s.ui_rects.end()) return "null";
    const auto& r = it->second;
    return rect(r[0], r[1], r[2] - r[0], r[3] - r[1], true);
}

// ---- fonts and style ----

void set_display_scale(AppState& s, float dpr) {
    if (!(dpr > 0.25f) || !(dpr < 8.0f)) dpr = 1.0f;
    s.display_scale = dpr;
}

bool fonts_need_rebuild(const AppState& s) {
    return s.baked_scale != s.display_scale || s.baked_zoom != s.matrix.zoom || !s.ui_font;
}

void rebuild_fonts(AppState& s) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Latin (incl. Extended-A/B), general punctuation, arrows, geometric shapes.
    static const ImWchar ranges[] = {0x0020, 0x024F, 0x2010, 0x205E, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    const std::string_view ttf = sh::embedded_file("font/DejaVuSans.ttf");
    const float scale = s.display_scale;
    auto add = [&](float px) -> ImFont* {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;  // the bytes live in the binary
        cfg.OversampleH = 2;
        cfg.PixelSnapH = true;
        if (ttf.empty()) {
            cfg.SizePixels = px;
            return io.Fonts->AddFontDefault(&cfg);
        }
        return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(ttf.data()), int(ttf.size()), px, &cfg, ranges);
    };
    s.ui_font = add(std::round(15.0f * scale));
    s.matrix_font = add(std::round(12.5f * scale * s.matrix.zoom));
    s.big_font = add(std::round(26.0f * scale));
    io.Fonts->Build();
    io.FontDefault = s.ui_font;

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.TabRounding = 3;
    style.FramePadding = ImVec2(6, 4);
    style.FrameBorderSize = 1.0f;  // checkboxes and inputs stay visible on the light background
    style.ItemSpacing = ImVec2(8, 6);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.10f, 0.10f, 0.12f, 1.0f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    s.baked_scale = s.display_scale;
    s.baked_zoom = s.matrix.zoom;
    s.cache.valid = false;
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

// ---- frame ----

void frame(AppState& s) {
    update(s);
    const ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    const ImGuiWindowFlags main_flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                        ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                        ImGuiWindowFlags_NoScrollWithMouse;
    ImGui::Begin("sigma-heatmap", nullptr, main_flags);
    draw_toolbar(s);
    update(s);  // the toolbar may have cleared or loaded

    const float scale = s.display_scale;
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    // The side panel: a quarter of the width by default; the splitter left of it resizes it.
    if (s.side_width <= 0) s.side_width = std::clamp(avail.x * 0.25f, 320.0f * scale, 520.0f * scale);
    s.side_width = std::clamp(s.side_width, 240.0f * scale, std::max(240.0f * scale, avail.x * 0.7f));
    const float splitter_w = 8.0f * scale;
    ImGui::BeginChild("matrix_area", ImVec2(std::max(avail.x - s.side_width - splitter_w, 100.0f), 0), false,
                      ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    if (ImGui::BeginTabBar("main_views")) {
        auto view = [&](const char* label, MainView which, const char* rect_name) {
            ImGuiTabItemFlags flags = (s.switch_view && s.view == which) ? ImGuiTabItemFlags_SetSelected : 0;
            bool open = ImGui::BeginTabItem(label, nullptr, flags);
            const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
            s.ui_rects[rect_name] = {a.x, a.y, b.x, b.y};
            if (open && !s.switch_view) s.view = which;
            return open;
        };
        // The area below the tabs: what "Print" and "Save board as PNG" take.
        auto remember_area = [&]() {
            const ImVec2 p = ImGui::GetCursorScreenPos(), r = ImGui::GetContentRegionAvail();
            s.snapshot_rect[0] = p.x;
            s.snapshot_rect[1] = p.y;
            s.snapshot_rect[2] = p.x + r.x;
            s.snapshot_rect[3] = p.y + r.y;
        };
        if (view("Matrix", MainView::Matrix, "view-matrix")) {
            remember_area();
            draw_matrix(s);
            ImGui::EndTabItem();
        }
        if (view("Board", MainView::Board, "view-board")) {
            remember_area();
            draw_board(s);
            ImGui::EndTabItem();
        }
        const std::string diff_label = s.has_previous ? "Diff (" + std::to_string(s.reports.has_diff ? s.reports.diff.techniques.size() : 0) + ")###diff" : std::string("Diff###diff");
        if (view(diff_label.c_str(), MainView::Diff, "view-diff")) {
            remember_area();
            draw_diff(s);
            ImGui::EndTabItem();
        }
        if (view("Trends", MainView::Trends, "view-trends")) {
            remember_area();
            draw_trends(s);
            ImGui::EndTabItem();
        }
        s.switch_view = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    ImGui::SameLine(0, 0);
    ImGui::InvisibleButton("##splitter", ImVec2(splitter_w, std::max(avail.y, 1.0f)));
    if (ImGui::IsItemActive()) s.side_width -= ImGui::GetIO().MouseDelta.x;
    if (ImGui::IsItemHovered() || ImGui::IsItemActive()) ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
    {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        const float x = (a.x + b.x) * 0.5f, y = (a.y + b.y) * 0.5f;
        const ImU32 col = ImGui::GetColorU32(ImGui::IsItemActive() ? ImGuiCol_SeparatorActive : ImGuiCol_Separator);
        for (int i = -1; i <= 1; ++i) ImGui::GetWindowDrawList()->AddCircleFilled(ImVec2(x, y + float(i) * 6 * scale), 1.5f * scale, col);
    }
    ImGui::SameLine(0, 0);
    ImGui::BeginChild("side_panel", ImVec2(0, 0), true);
    if (ImGui::BeginTabBar("side_tabs")) {
        auto tab = [&](const char* label, SideTab which) {
            ImGuiTabItemFlags flags = (s.switch_tab && s.tab == which) ? ImGuiTabItemFlags_SetSelected : 0;
            bool open = ImGui::BeginTabItem(label, nullptr, flags);
            if (open && !s.switch_tab) s.tab = which;
            return open;
        };
        if (tab("Technique", SideTab::Technique)) {
            draw_rules_panel(s);
            ImGui::EndTabItem();
        }
        // A shared link is read-only until "Start editing": the settings show, greyed out.
        auto read_only_note = [&]() {
            if (!s.read_only) return;
            ImGui::PushTextWrapPos(0);
            ImGui::TextColored(ImVec4(0.08f, 0.40f, 0.75f, 1), "Read-only shared heat-map: press \"Start editing\" "
                               "at the top to change these settings.");
            ImGui::PopTextWrapPos();
            ImGui::Spacing();
        };
        if (tab("Layer", SideTab::Layer)) {
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_settings(s);
            ImGui::EndDisabled();
            ImGui::EndTabItem();
        }
        if (tab("Reports", SideTab::Reports)) {
            read_only_note();
            ImGui::BeginDisabled(s.read_only);
            draw_report_settings(s);
            ImGui::EndDisabled();
            ImGui::EndTabItem();
        }
        const int n = problem_count(s);
        std::string problems = n ? "Problems (" + std::to_string(n) + ")###problems" : std::string("Problems###problems");
        if (tab(problems.c_str(), SideTab::Problems)) {
            draw_problems(s);
            ImGui::EndTabItem();
        }
        if (tab("About", SideTab::About)) {
            draw_about(s);
            ImGui::EndTabItem();
        }
        s.switch_tab = false;
        ImGui::EndTabBar();
    }
    ImGui::EndChild();
    draw_layer_popup(s);
    ImGui::End();
}

}  // namespace app
