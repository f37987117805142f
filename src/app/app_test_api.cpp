// app_test_api.cpp — what window.sigmaHeatmap reads and sets by name: summary() (the numbers the
// page shows, with the core's report JSON parsed in), setOptions() and its inverse options_json()
// (also what sessions save: keep the two in step), and uiRect() (where a named button or a matrix
// cell is, for tests that click it).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "imgui_internal.h"

namespace app {

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
                 {"main", main_view_name(s.view)},
                 {"fit", s.matrix.fit},
                 {"zoom", s.matrix.zoom},
                 {"sideOpen", s.side_open},
                 {"searchCurrent", s.matrix.match_id.empty() ? "" : s.matrix.match_id + "/" + s.matrix.match_tactic},
                 {"ellipsized", s.ellipsized_frame}};
    // The item with the keyboard focus (its uiRect name), "" none; and an open popup or combo.
    std::string focused;
    if (const ImGuiContext* g = ImGui::GetCurrentContext(); g && g->NavId != 0 && !g->NavDisableHighlight)
        for (const auto& [name, id] : s.ui_ids)
            if (id == g->NavId) focused = name;
    j["view"]["focused"] = focused;
    auto tactics = nlohmann::ordered_json::array();
    for (const auto& col : s.model.columns) tactics.push_back(col.tactic);
    j["view"]["tactics"] = std::move(tactics);
    auto diff_tactics = nlohmann::ordered_json::array();
    for (const auto& col : s.diff_model.columns) diff_tactics.push_back(col.tactic);
    j["view"]["diffTactics"] = std::move(diff_tactics);
    // Cells whose ID the canvas could not show whole (first line not starting with it), per canvas.
    auto elided_ids = [&](const MatrixView& mv, const sh::MatrixModel& model, const MatrixCache& c) {
        int n = 0;
        const bool ids = mv.show_ids || !mv.show_names;
        if (!ids || mv.layout != sh::MatrixLayout::Side || !c.valid || c.cell_lines.size() != c.geometry.cells.size())
            return n;
        for (std::size_t i = 0; i < c.geometry.cells.size(); ++i) {
            const auto& box = c.geometry.cells[i];
            const auto& cell = model.columns[std::size_t(box.column)].cells[std::size_t(box.cell)];
            const auto& lines = c.cell_lines[i];
            // A sub-technique's short ID (".001") counts as whole.
            const auto dot = cell.id.find('.');
            const std::string_view shown = lines.empty() ? std::string_view() : std::string_view(lines[0]);
            const bool whole = shown.substr(0, cell.id.size()) == cell.id ||
                               (dot != std::string::npos && shown.substr(0, cell.id.size() - dot) ==
                                                                std::string_view(cell.id).substr(dot));
            if (!whole) ++n;
        }
        return n;
    };
    j["view"]["elidedIds"] = {{"matrix", elided_ids(s.matrix, s.model, s.cache)},
                                 {"diff", elided_ids(s.diff_view, s.diff_model, s.diff_cache)}};
    j["view"]["popupOpen"] = ImGui::GetCurrentContext() && ImGui::GetCurrentContext()->OpenPopupStack.Size > 0;
    // What the status bar shows now and the message log.
    auto messages = nlohmann::ordered_json::array();
    for (const auto& m : s.messages.log)
        messages.push_back({{"kind", m.kind == MessageKind::Error ? "error" : "info"}, {"text", m.text}, {"dismissed", m.dismissed}});
    j["messages"] = std::move(messages);
    j["status"] = s.ui_texts.count("status") ? s.ui_texts.at("status") : std::string();
    j["progress"] = progress_text(s);  // the progress bar's words while loading, else empty
    auto texts = nlohmann::ordered_json::object();
    for (const auto& [name, text] : s.ui_texts) texts[name] = text;
    j["texts"] = std::move(texts);
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
    if (s.has_history_trend)
        j["historyTrend"] = {{"file", s.history_trend.file},
                             {"points", s.history_trend.report.points.size()},
                             {"diffs", s.history_trend.report.diffs.size()},
                             {"alerts", sh::history_alerts_text(s.history_trend.report)}};
    else
        j["historyTrend"] = nullptr;
    j["frequency"] = s.report.frequency_file;
    j["latency"] = r.has_latency ? parsed(r.latency_json) : nlohmann::ordered_json();
    j["baseline"] = r.has_baseline ? parsed(r.baseline_json) : nlohmann::ordered_json();
    j["targets"] = r.has_targets ? parsed(r.targets_json) : nlohmann::ordered_json();
    // Threats: the selection (ids), its coverage as `layer --threat ... --report` writes it, the
    // picker's first matches and the matrix filter.
    {
        nlohmann::ordered_json t;
        t["selected"] = s.threats.ids;
        t["coverage"] = r.threats_json.empty() ? nlohmann::ordered_json() : parsed(r.threats_json);
        t["query"] = s.threats.query;
        auto matches = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < s.threat_view.matches.size() && i < 20; ++i)
            matches.push_back({{"id", s.threat_view.matches[i].threat->id}, {"matched", s.threat_view.matches[i].matched}});
        t["matches"] = std::move(matches);
        t["onlyUsed"] = s.threats.only_used;
        t["includeInactive"] = s.threats.include_inactive;
        j["threats"] = std::move(t);
    }
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
        else if (k == "betweenColors" && v.is_array() && v.size() <= 64) {  // a layer's gradient has at most 64 (read_layer)
            std::vector<std::array<float, 3>> stops(v.size());
            for (std::size_t i = 0; i < v.size() && ok; ++i) ok = v[i].is_string() && set_colour(stops[i], v[i].get<std::string>());
            if (ok) st.custom_between = std::move(stops), s.layer_dirty = true;
        }
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
        } else if (k == "expanded" && v.is_array()) {
            // Parents whose sub-techniques are shown ("T1059"); applied after expandAll (keys sort).
            mv.options.expanded.clear();
            for (const auto& id : v) {
                if (id.is_string()) mv.options.expanded.push_back(id.get<std::string>());
                else ok = false;
            }
            s.model_dirty = true;
        } else if (k == "hideUncovered" && v.is_boolean()) mv.options.hide_uncovered = v.get<bool>(), s.model_dirty = true;
        else if (k == "search" && v.is_string()) mv.options.search = v.get<std::string>(), s.model_dirty = true;
        else if (k == "platform" && v.is_string()) {  // one platform ("" all), as the combo picks
            mv.platforms.clear();
            if (!v.get_ref<const std::string&>().empty()) mv.platforms.push_back(v.get<std::string>());
            s.model_dirty = true;
        } else if (k == "platforms" && v.is_array()) {  // the filter as options_json gives it
            mv.platforms.clear();
            for (const auto& p : v) {
                if (p.is_string() && mv.platforms.size() < 64) mv.platforms.push_back(p.get<std::string>());
                else ok = false;
            }
            s.model_dirty = true;
        }
        else if (k == "layout" && v.is_string()) {
            std::string l = v.get<std::string>();
            if (l == "side") mv.layout = sh::MatrixLayout::Side;
            else if (l == "mini") mv.layout = sh::MatrixLayout::Mini;
            else ok = false;
            s.cache.valid = false;
        } else if (k == "showIds" && v.is_boolean()) mv.show_ids = v.get<bool>(), s.cache.valid = false;
        else if (k == "showNames" && v.is_boolean()) mv.show_names = v.get<bool>(), s.cache.valid = false;
        else if (k == "showScores" && v.is_boolean()) mv.show_scores = v.get<bool>(), s.cache.valid = false;
        else if (k == "zoom" && v.is_number()) mv.zoom = std::clamp(v.get<float>(), 0.5f, 2.0f), mv.fit = false, s.cache.valid = false;
        else if (k == "fit" && v.is_boolean()) mv.fit = v.get<bool>(), s.cache.valid = s.diff_cache.valid = false;
        else if (k == "sideOpen" && v.is_boolean()) s.side_open = v.get<bool>();
        else if (k == "dismissMessages" && v.is_boolean()) {
            if (v.get<bool>())
                for (auto& m : s.messages.log) m.dismissed = true;
        }
        else if (k == "diffOnlyChanges" && v.is_boolean()) s.diff_view.options.hide_uncovered = v.get<bool>(), s.diff_model_dirty = true;
        else if (k == "sideWidth" && v.is_number() && v.get<float>() > 0) s.side_width = v.get<float>() * s.display_scale;
        else if (k == "searchNext" && v.is_number_integer()) search_step(s, v.get<int>());
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
            const SideTab was = s.tab;
            if (t == "technique") s.tab = SideTab::Technique;
            else if (t == "layer") s.tab = SideTab::Layer;
            else if (t == "reports") s.tab = SideTab::Reports;
            else if (t == "threats") s.tab = SideTab::Threats;
            else if (t == "problems") s.tab = SideTab::Problems;
            else if (t == "about") s.tab = SideTab::About;
            else ok = false;
            // Switching opens the side panel; naming the tab already shown (a restored session, a
            // settings replay) must leave a collapsed panel collapsed.
            s.switch_tab = ok && s.tab != was;
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
        } else if (k == "threats" && v.is_array()) {
            // Ids, names or aliases, as --threat takes them; replaces the selection (quietly: a
            // restored session says nothing about it).
            s.threats.ids.clear();
            s.threat_view.dirty = true;
            for (const auto& q : v) {
                const sh::ThreatResolution r = q.is_string() && s.catalogue ? sh::resolve_threat(*s.catalogue, q.get<std::string>())
                                                                            : sh::ThreatResolution{nullptr, "not a name", ""};
                if (!r.threat) errors += (errors.empty() ? "" : "; ") + ("threats: " + r.error);
                else if (std::find(s.threats.ids.begin(), s.threats.ids.end(), r.threat->id) == s.threats.ids.end())
                    s.threats.ids.push_back(r.threat->id);
            }
        } else if (k == "onlyThreatTechniques" && v.is_boolean()) {
            s.threats.only_used = v.get<bool>();
        } else if (k == "threatQuery" && v.is_string()) {
            s.threats.query = v.get<std::string>();
        } else if (k == "includeInactiveThreats" && v.is_boolean()) {
            s.threats.include_inactive = v.get<bool>();
        } else if (k == "resetWeights" && v.is_boolean()) {
            if (v.get<bool>()) reset_weights(s);
        } else ok = false;
        if (!ok) bad(k);
    }
    // minScore/maxScore turn the custom range on; an explicit customRange says the last word
    // (keys are applied in name order, so it would otherwise come first).
    if (auto c = j.find("customRange"); c != j.end() && c->is_boolean()) st.custom_range = c->get<bool>();
    // A zoom turns fitting off; an explicit fit (a saved session holds both) says the last word.
    if (auto f = j.find("fit"); f != j.end() && f->is_boolean()) mv.fit = f->get<bool>();
    return errors;
}

std::string options_json(const AppState& s, OptionsScope scope) {
    const auto& st = s.settings;
    const auto& mv = s.matrix;
    const auto& rs = s.report;
    nlohmann::ordered_json j;
    if (scope == OptionsScope::Session) {
        j["name"] = st.name;
        j["description"] = st.description;
    }
    j["profile"] = sh::profile_name(st.score.profile);
    j["minLevel"] = sh::level_name(st.score.min_level);
    j["minStatus"] = sh::status_name(st.score.min_status);
    j["subtechniques"] = st.score.subtechniques;
    j["palette"] = st.palette == Palette::ColourBlind ? "colourblind" : st.palette == Palette::Custom ? "custom" : "ryg";
    j["minColor"] = colour_hex(st.custom_min);
    j["maxColor"] = colour_hex(st.custom_max);
    j["betweenColors"] = nlohmann::json::array();
    for (const auto& c : st.custom_between) j["betweenColors"].push_back(colour_hex(c));
    j["minScore"] = st.range_min;
    j["maxScore"] = st.range_max;
    j["customRange"] = st.custom_range;
    j["aggregate"] = sh::aggregate_name(mv.options.aggregate);
    j["expandAll"] = mv.options.expand_all;
    j["hideUncovered"] = mv.options.hide_uncovered;
    j["platforms"] = mv.platforms;  // [] for all
    j["layout"] = mv.layout == sh::MatrixLayout::Mini ? "mini" : "side";
    j["showIds"] = mv.show_ids;
    j["showNames"] = mv.show_names;
    j["showScores"] = mv.show_scores;
    j["zoom"] = mv.zoom;
    j["fit"] = mv.fit;
    j["kpiThreshold"] = rs.kpi_threshold;
    j["alertThreshold"] = rs.alert_threshold;
    j["top"] = rs.top;
    j["gapLevel"] = rs.gap_subtechniques ? "all" : "techniques";
    j["impactWeight"] = rs.weights.impact_weight;
    j["threatWeight"] = rs.weights.threat_weight;
    j["coverageDivisor"] = rs.weights.coverage_divisor;
    j["criticality"] = rs.weights.tactic_criticality;
    j["targetScore"] = rs.target_score;
    j["pngScale"] = s.png_scale;
    // The adversaries a SOC watches stay from one visit to the next.
    j["threats"] = s.threats.ids;
    j["onlyThreatTechniques"] = s.threats.only_used;
    j["includeInactiveThreats"] = s.threats.include_inactive;
    if (scope == OptionsScope::Session) {
        j["search"] = mv.options.search;
        j["expanded"] = mv.options.expanded;
        if (!mv.selected_id.empty()) j["select"] = mv.selected_id + "/" + mv.selected_tactic;
        j["tab"] = side_tab_name(s.tab);
        j["view"] = main_view_name(s.view);
    }
    return j.dump();
}

std::string ui_rect_json(const AppState& s, std::string_view name) {
    auto rect = [](float x, float y, float w, float h, bool visible) {
        nlohmann::ordered_json j = {{"x", x}, {"y", y}, {"w", w}, {"h", h}, {"visible", visible}};
        return j.dump();
    };
    // A cell of the matrix ("cell:T1059/execution") or of the Diff's ("diff-cell:T1003.001");
    // "visible": wholly inside its canvas, as scrolled now.
    const bool diff_cell = name.substr(0, 10) == "diff-cell:";
    if (name.substr(0, 5) == "cell:" || diff_cell) {
        const std::string_view key = name.substr(diff_cell ? 10 : 5);
        const auto slash = key.find('/');
        const std::string_view id = key.substr(0, slash);
        const std::string_view tactic = slash == std::string_view::npos ? std::string_view() : key.substr(slash + 1);
        const MatrixCache& c = diff_cell ? s.diff_cache : s.cache;
        const sh::MatrixModel& model = diff_cell ? s.diff_model : s.model;
        if (!c.valid) return "null";
        for (const auto& b : c.geometry.cells) {
            const auto& col = model.columns[std::size_t(b.column)];
            if (col.cells[std::size_t(b.cell)].id != id || (!tactic.empty() && col.tactic != tactic)) continue;
            const float x = c.origin_x + b.x, y = c.origin_y + b.y;
            const bool visible = x >= c.clip[0] && y >= c.clip[1] && x + b.w <= c.clip[2] && y + b.h <= c.clip[3];
            return rect(x, y, b.w, b.h, visible);
        }
        return "null";
    }
    if (name.substr(0, 7) == "header:") {
        // A tactic column's sticky header ("header:execution"); "visible": wholly inside the canvas.
        const std::string_view tactic = name.substr(7);
        const MatrixCache& c = s.cache;
        if (!c.valid) return "null";
        for (std::size_t i = 0; i < c.geometry.headers.size() && i < s.model.columns.size(); ++i) {
            if (s.model.columns[i].tactic != tactic) continue;
            const auto& h = c.geometry.headers[i];
            const float x = c.origin_x + h.x, y = c.clip[1] - c.metrics.header_height;
            return rect(x, y, h.w, h.h, x >= c.clip[0] - 0.5f && x + h.w <= c.clip[2] + 0.5f);
        }
        return "null";
    }
    auto it = s.ui_rects.find(std::string(name));
    if (it == s.ui_rects.end()) return "null";
    const auto& r = it->second;
    nlohmann::ordered_json j = {{"x", r[0]}, {"y", r[1]}, {"w", r[2] - r[0]}, {"h", r[3] - r[1]}, {"visible", true}};
    // A tab's natural width: the tab is unclipped when w >= need.
    if (auto need = s.ui_needs.find(std::string(name)); need != s.ui_needs.end()) j["need"] = need->second;
    return j.dump();
}

}  // namespace app
