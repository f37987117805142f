// test_app_smoke.cpp — headless smoke test of src/app (built only by cmake/app_native.cmake as
// its own executable `app_smoke`; in the unit_tests glob this file compiles to nothing). Drives the
// whole UI for a few frames with no GPU, like ImGui's example_null: fonts built, every tab drawn,
// files loaded in slices, options applied, a broken file listed as a problem, the report views
// (Board, Diff, Trends) with a previous and a history layer, no crash.
#ifdef SH_APP_SMOKE
#define CATCH_CONFIG_MAIN
#include <algorithm>
#include <chrono>
#include <functional>
#include <string>
#include <thread>

#include "app/app.hpp"
#include "app/views.hpp"
#include <nlohmann/json.hpp>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/render/colour.hpp"
#include "imgui.h"
#include "imgui_internal.h"

namespace {

struct ImGuiContextScope {
    ImGuiContextScope() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60.0f;
    }
    ~ImGuiContextScope() { ImGui::DestroyContext(); }
};

// Rebuilds the fonts and makes the texture a renderer would upload (RGBA): its size, w x h.
ImVec2 rebuild_font_texture(app::AppState& s) {
    app::rebuild_fonts(s);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    return ImVec2(float(w), float(h));
}

void run_frame(app::AppState& s, ImVec2 mouse = ImVec2(-FLT_MAX, -FLT_MAX), bool click = false) {
    if (app::fonts_need_rebuild(s)) rebuild_font_texture(s);
    app::step_loading(s, 50.0);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = mouse;
    io.MouseDown[0] = click;
    ImGui::NewFrame();
    app::frame(s);
    ImGui::Render();
    REQUIRE(ImGui::GetDrawData() != nullptr);
}

const char* kRule = R"(title: Suspicious Cmd Use
id: 4f0e3a59-1d25-4b6e-9d8e-2b7c6f1f0a01
status: test
level: high
logsource:
  product: windows
  category: process_creation
detection:
  selection:
    Image|endswith: '\cmd.exe'
  condition: selection
tags:
  - attack.execution
  - attack.t1059.003
)";

// The page started, kRule dropped on it, then `frames` frames.
void start_with_kRule(app::AppState& s, int frames) {
    app::init(s, sh::default_catalogue());
    run_frame(s);
    app::enqueue_files(s, {{"rules/a.yml", kRule}});
    for (int i = 0; i < frames; ++i) run_frame(s);
}

}  // namespace

TEST_CASE("the app draws every view for a few frames without a GPU", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::set_display_scale(s, 2.0f);
    REQUIRE(app::fonts_need_rebuild(s));
    run_frame(s);
    REQUIRE(s.ui_font != nullptr);
    run_frame(s);  // the first frame fitted the matrix to the width: its font is baked again once
    REQUIRE_FALSE(app::fonts_need_rebuild(s));

    app::enqueue_files(s, {{"rules/b.yml", kRule}, {"rules/a.yml", kRule}, {"broken.yml", "title: [unclosed\n"}});
    REQUIRE(app::loading(s));
    for (int i = 0; i < 3; ++i) run_frame(s);
    REQUIRE_FALSE(app::loading(s));
    REQUIRE(s.files.size() == 3);
    REQUIRE(s.files[0] == "broken.yml");  // each batch is loaded in name order

    // Every tab, every layout, options by name.
    for (const char* tab : {"layer", "problems", "about", "technique"}) {
        REQUIRE(app::apply_options_json(s, std::string("{\"tab\":\"") + tab + "\"}").empty());
        run_frame(s);
        run_frame(s);
    }
    REQUIRE(app::apply_options_json(s, R"({"layout":"mini","expandAll":true,"palette":"colourblind","showScores":true})").empty());
    run_frame(s, ImVec2(400, 300));
    REQUIRE(app::apply_options_json(s, R"({"layout":"side","search":"T1059","zoom":1.5,"select":"T1059.003"})").empty());
    run_frame(s, ImVec2(500, 400));
    run_frame(s, ImVec2(500, 400), true);
    REQUIRE_FALSE(app::apply_options_json(s, R"({"palette":"plaid","nonsense":1})").empty());
    REQUIRE_FALSE(app::apply_options_json(s, "not json").empty());

    const std::string summary = app::summary_json(s);
    REQUIRE(summary.find("\"loaded\":3") != std::string::npos);
    REQUIRE(summary.find("broken.yml") != std::string::npos);  // its diagnostic, with the file name

    // Loading the same name again replaces that file; Clear empties everything.
    app::enqueue_files(s, {{"rules/a.yml", kRule}});
    run_frame(s);
    REQUIRE(s.files.size() == 3);
    app::clear(s);
    run_frame(s);
    REQUIRE(s.files.empty());
    REQUIRE(s.loaded.rules.empty());
    REQUIRE(app::download_file_name(s).size() > 5);
}

TEST_CASE("threats: picked by alias, marked on the matrix, on the Board, in the share link", "[app][threats]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 1);
    const std::size_t all_cells = [&] {
        std::size_t n = 0;
        for (const auto& c : s.model.columns) n += c.cells.size();
        return n;
    }();

    // By alias, as --threat takes it; the Threats tab, the matrix and the Board drawn with it.
    REQUIRE(app::select_threat(s, "Cozy Bear").empty());
    REQUIRE(s.threats.ids == std::vector<std::string>{"G0016"});
    REQUIRE(app::select_threat(s, "APT-299").find("closest: APT29 (G0016)") != std::string::npos);
    for (const char* opts : {R"({"tab":"threats"})", R"({"view":"board"})", R"({"view":"matrix","layout":"mini"})",
                             R"({"layout":"side"})"}) {
        REQUIRE(app::apply_options_json(s, opts).empty());
        run_frame(s);
        run_frame(s);
    }
    // T1059 is used by APT29 (through its sub-techniques): its cells carry the count.
    REQUIRE(s.threat_view.use.count("T1059"));
    CHECK(s.threat_view.use.at("T1059").names == std::vector<std::string>{"APT29"});
    const auto& lines = s.reports.board.threats.lines;
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].rfind("Against APT29: ", 0) == 0);
    CHECK(s.reports.gaps.front().frequency_source == "selected-threats");
    CHECK(s.reports.threats_json.find("\"G0016\"") != std::string::npos);

    // Only the techniques they use.
    REQUIRE(app::apply_options_json(s, R"({"onlyThreatTechniques":true})").empty());
    run_frame(s);
    std::size_t shown = 0;
    for (const auto& c : s.model.columns)
        for (const auto& cell : c.cells) {
            ++shown;
            const bool used = s.threat_view.use.count(cell.id) > 0;
            CHECK(used);
        }
    CHECK(shown > 0);
    CHECK(shown < all_cells);

    // The share link carries the selection; opening it restores it.
    const std::string link = app::share_fragment(s);
    app::clear_threats(s);
    run_frame(s);
    REQUIRE(s.threats.ids.empty());
    REQUIRE(app::open_share_link(s, link).empty());
    run_frame(s);
    CHECK(s.threats.ids == std::vector<std::string>{"G0016"});
    CHECK(s.reports.board.threats.lines.size() == 1);
    REQUIRE(app::apply_options_json(s, R"({"threats":["C0024","S0002"]})").empty());
    run_frame(s);
    CHECK(s.threats.ids == std::vector<std::string>{"C0024", "S0002"});
    CHECK_FALSE(app::apply_options_json(s, R"({"threats":["no such group"]})").empty());

    // Kept with the settings a visit restores (options_json -> apply_options_json), quietly.
    REQUIRE(app::apply_options_json(s, R"({"threats":["APT29","FIN7"],"onlyThreatTechniques":true})").empty());
    app::AppState restored;
    app::init(restored, sh::default_catalogue());
    const std::size_t messages = restored.messages.log.size();
    REQUIRE(app::apply_options_json(restored, app::options_json(s, app::OptionsScope::Settings)).empty());
    CHECK(restored.threats.ids == std::vector<std::string>{"G0016", "G0046"});
    CHECK(restored.threats.only_used);
    CHECK(restored.status.empty());
    CHECK(restored.messages.log.size() == messages);
}

TEST_CASE("a click on a cell hides the tooltips until the pointer moves (the side panel opening moves the cells)", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 3);
    REQUIRE_FALSE(s.side_open);
    const auto cell = nlohmann::json::parse(app::ui_rect_json(s, "cell:T1059/execution"));
    REQUIRE(cell.is_object());
    const ImVec2 at(cell["x"].get<float>() + cell["w"].get<float>() / 2, cell["y"].get<float>() + cell["h"].get<float>() / 2);
    run_frame(s, at);
    run_frame(s, at);
    CHECK(s.ui_rects.count("tooltip") == 1);  // hovering shows it
    run_frame(s, at, true);
    run_frame(s, at);
    CHECK(s.matrix.selected_id == "T1059");
    CHECK(s.side_open);
    // The side panel took its width: the cells moved, another one may be under the still pointer.
    const auto after = nlohmann::json::parse(app::ui_rect_json(s, "cell:T1059/execution"));
    CHECK(after["x"].get<float>() + after["w"].get<float>() != Approx(cell["x"].get<float>() + cell["w"].get<float>()));
    for (int i = 0; i < 3; ++i) {
        run_frame(s, at);
        CHECK(s.ui_rects.count("tooltip") == 0);
    }
    run_frame(s, ImVec2(at.x + 1, at.y));  // the pointer moves: tooltips again
    run_frame(s, ImVec2(at.x + 1, at.y));
    CHECK(s.ui_rects.count("tooltip") == 1);
}

TEST_CASE("the matrix legend says what the rules' score means, in the words of the downloaded picture", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 3);
    // It said "Score (seed)": the profile's name, which the page explains nowhere near it.
    CHECK(app::legend_caption(s) == "Score: best rule level");
    CHECK(app::heatmap_svg(s).find(">Score: best rule level</text>") != std::string::npos);
    REQUIRE(app::apply_options_json(s, R"({"profile":"count"})").empty());
    run_frame(s);
    CHECK(app::legend_caption(s) == "Score: number of rules");
    CHECK(app::heatmap_svg(s).find(">Score: number of rules</text>") != std::string::npos);
    REQUIRE(app::apply_options_json(s, R"({"profile":"level"})").empty());
    CHECK(app::legend_caption(s) == "Score: sum of rule level weights");
}

TEST_CASE("the Board's weakest-against ranking names a campaign named by its id once", "[app][threats]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 3);
    REQUIRE(app::apply_options_json(s, R"({"view":"board"})").empty());
    run_frame(s);
    run_frame(s);
    auto& rows = s.reports.board.threats.weakest.rows;
    REQUIRE(rows.size() >= 2);
    // The core's rows as ATT&CK gives them: campaign C0010's name is "C0010".
    rows[0].name = "C0010", rows[0].id = "C0010";
    rows[1].name = "APT29", rows[1].id = "G0016";
    // The text of every widget in the page's window this frame, as ImGui's "log to clipboard"
    // gives it when that window ends.
    static std::string text;
    text.clear();
    ImGui::GetIO().SetClipboardTextFn = [](void*, const char* t) { text += t; };
    ImGui::NewFrame();
    ImGui::LogToClipboard();
    app::frame(s);
    ImGui::LogFinish();
    ImGui::Render();
    INFO(text);
    CHECK(text.find("1. C0010") != std::string::npos);
    CHECK(text.find("C0010 (C0010)") == std::string::npos);  // it said so on the page's Board
    CHECK(text.find("2. APT29 (G0016)") != std::string::npos);
}

TEST_CASE("a technique's rules: level and status under the title in a narrow side panel, in columns in a wide one", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 3);
    REQUIRE(app::apply_options_json(s, R"({"select":"T1059.003/execution","sideOpen":true,"sideWidth":340})").empty());
    for (int i = 0; i < 3; ++i) run_frame(s);
    REQUIRE(s.ui_rects.count("rule-level:0") == 1);
    auto level = s.ui_rects.at("rule-level:0"), copy = s.ui_rects.at("copy-rule:0");
    CHECK(level[0] == Approx(copy[0]));  // the title's column
    CHECK(level[1] < copy[1]);           // above the Copy button
    REQUIRE(app::apply_options_json(s, R"({"sideWidth":900})").empty());
    for (int i = 0; i < 3; ++i) run_frame(s);
    level = s.ui_rects.at("rule-level:0"), copy = s.ui_rects.at("copy-rule:0");
    CHECK(level[0] > copy[2]);  // its own column, right of the title's
}

TEST_CASE("the report views draw from a previous layer and history layers", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 1);
    const std::string prev = R"({"name":"coverage_q3_2026","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059.003","score":100},{"techniqueID":"T1490","tactic":"impact","score":80},
                      {"techniqueID":"T1490","tactic":"impact","score":30},{"techniqueID":"T1105","color":"#ff0000"}]})";
    REQUIRE(app::set_previous_layer(s, {"prev.json", prev}).empty());
    REQUIRE_FALSE(app::set_previous_layer(s, {"bad.json", "{not json"}).empty());
    REQUIRE(app::add_history_layers(s, {{"q1.json", prev}, {"q2.json", "[]"}}) == 1);
    REQUIRE(app::set_frequency_csv(s, {"freq.csv", "technique,frequency\nT1490,40\n"}).empty());
    app::add_dropped_layers(s, {{"dropped.json", prev}});
    for (const char* view : {"board", "diff", "trends", "matrix"}) {
        REQUIRE(app::apply_options_json(s, std::string("{\"view\":\"") + view + "\",\"tab\":\"reports\"}").empty());
        run_frame(s, ImVec2(700, 500));
        run_frame(s, ImVec2(700, 500));
    }
    REQUIRE(app::apply_options_json(s, R"({"impactWeight":5,"threatWeight":2,"coverageDivisor":20,"criticality":{"impact":1},"top":3,"kpiThreshold":50,"alertThreshold":80,"gapLevel":"all"})").empty());
    REQUIRE_FALSE(app::apply_options_json(s, R"({"criticality":{"no-such-tactic":1}})").empty());
    app::update_reports(s);
    REQUIRE(s.reports.has_diff);
    REQUIRE(s.reports.gaps.size() == 3);
    REQUIRE(s.reports.trend.points.size() == 2);
    // The current rules are the newest point, dated as of the page's date (as the CLI's --date).
    REQUIRE(app::apply_options_json(s, R"({"name":"coverage_q1_2026","imageDate":"2026-12-05"})").empty());
    app::update_reports(s);
    CHECK(s.reports.trend.by_date);
    CHECK(s.reports.trend.points.front().name == "coverage_q3_2026");
    CHECK(s.reports.trend.points.back().name == "coverage_q1_2026");
    CHECK(s.reports.trend.points.back().date == "2026-12-05");
    REQUIRE(app::apply_options_json(s, R"({"imageDate":"2026-12-06"})").empty());
    app::update_reports(s);
    CHECK(s.reports.trend.points.back().date == "2026-12-06");  // a new date remakes the reports
    REQUIRE(s.reports.alert.find("since coverage_q3_2026") != std::string::npos);
    REQUIRE(s.reports.gaps_csv.rfind("rank,technique", 0) == 0);
    const std::string summary = app::summary_json(s);
    for (const char* key : {"\"kpis\":", "\"gaps\":", "\"diff\":{", "\"trend\":", "\"board\":"})
        REQUIRE(summary.find(key) != std::string::npos);
    app::clear_previous_layer(s);
    app::clear_history(s);
    run_frame(s);
    REQUIRE(app::summary_json(s).find("\"diff\":null") != std::string::npos);

    // Two 0..5 layers (one shown, one previous) against the alert threshold 80: the Diff says that
    // no alert can be raised, and names one on their scale; on it, the note goes.
    const std::string q2 = R"({"name":"rt_q2","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059","tactic":"execution","score":5}]})";
    const std::string q3 = R"({"name":"rt_q3","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059","tactic":"execution","score":1}]})";
    REQUIRE(app::view_layer(s, {"rt_q3.json", q3}).empty());
    REQUIRE(app::set_previous_layer(s, {"rt_q2.json", q2}).empty());
    REQUIRE(app::apply_options_json(s, R"({"view":"diff"})").empty());
    run_frame(s, ImVec2(700, 500));
    run_frame(s, ImVec2(700, 500));
    CHECK(s.reports.alert_note.find("below the alert threshold 80") != std::string::npos);
    CHECK(s.reports.alert_note.find("set the alert threshold on their scale (e.g. 4)") != std::string::npos);
    CHECK(s.ui_rects.count("diff-alert-note") == 1);
    REQUIRE(app::apply_options_json(s, R"({"alertThreshold":4})").empty());
    run_frame(s, ImVec2(700, 500));
    run_frame(s, ImVec2(700, 500));
    CHECK(s.reports.alert_note.empty());
    CHECK(s.ui_rects.count("diff-alert-note") == 0);
    CHECK(s.reports.alert.find("1 technique dropped below 4 since rt_q2") != std::string::npos);
}

// The Diff compares a previous layer as written: the entries the matrix cannot show are under
// Problems, with the layer's name; another previous layer or Clear takes them away.
TEST_CASE("the layer popup says how many layers were opened, not how, and why a button is off", "[app]") {
    // A layer picked with the file input was said to be "dropped".
    CHECK(app::layer_popup_heading(1) == "1 ATT&CK Navigator layer opened:");
    CHECK(app::layer_popup_heading(2) == "2 ATT&CK Navigator layers opened:");
    CHECK(app::layer_popup_tooltip(1, "What it is for") == "What it is for");
    CHECK(app::layer_popup_tooltip(3, "What it is for") == "Open one layer at a time for this (3 are open; History (Trends) takes them all)");

    // Two layers: the one-layer buttons are off, and hovering one of them says why (a tooltip
    // window is shown over a disabled button too).
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 1);
    const std::string layer = R"({"name":"q","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059.003","score":100}]})";
    app::add_dropped_layers(s, {{"a.json", layer}, {"b.json", layer}});
    run_frame(s);
    run_frame(s);
    REQUIRE(s.ui_rects.count("layer-baseline") == 1);
    const auto b = s.ui_rects.at("layer-baseline");
    const ImVec2 at((b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
    auto tooltip_shown = [] {
        ImGuiWindow* w = ImGui::FindWindowByName("##Tooltip_00");
        return w != nullptr && w->Active;
    };
    run_frame(s);
    CHECK_FALSE(tooltip_shown());
    for (int i = 0; i < 3; ++i) run_frame(s, at);
    CHECK(tooltip_shown());
    CHECK(s.pending_layers.files.size() == 2);
    run_frame(s, at, true);  // a click on it does nothing
    run_frame(s, at);
    CHECK(s.pending_layers.files.size() == 2);
    CHECK_FALSE(s.has_baseline);
}

TEST_CASE("a previous layer's unknown ids and misplaced tactics are listed as problems", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 1);
    const std::string odd = R"({"name":"odd","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T9999","score":80},{"techniqueID":"T1110","tactic":"execution","score":60}]})";
    REQUIRE(app::set_previous_layer(s, {"odd.json", odd}).empty());
    auto messages = [&] {
        std::vector<std::string> out;
        for (const auto& d : s.report_diagnostics)
            if (d.file == "odd.json") out.push_back(d.message);
        return out;
    };
    const std::vector<std::string> want = {
        "T1110: tactic 'execution' is not a tactic of T1110 in ATT&CK 19 enterprise-attack; compared under T1110's own tactics",
        "technique T9999 is not in ATT&CK 19 enterprise-attack; compared as written"};
    CHECK(messages() == want);
    // Read again (the same file dropped twice): said once.
    REQUIRE(app::set_previous_layer(s, {"odd.json", odd}).empty());
    CHECK(messages() == want);
    app::update_reports(s);
    REQUIRE(s.reports.has_diff);
    CHECK(s.reports.alert.find("- T9999 (not in ATT&CK 19 enterprise-attack): 80 -> 0") != std::string::npos);
    app::clear_previous_layer(s);
    CHECK(messages().empty());
}

TEST_CASE("alerts, baseline and targets reach the Board; a layer or link hides the rule tiles", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    run_frame(s);
    // An alerts CSV dropped with the rules is read as alerts (by its header), a seed CSV as rules.
    const std::string alerts =
        "rule,event_time,detection_time,host\n"
        "4f0e3a59-1d25-4b6e-9d8e-2b7c6f1f0a01,2026-03-02T10:00:00Z,2026-03-02T10:04:00Z,h1\n"
        "Suspicious Cmd Use,2026-03-02T11:00:00Z,2026-03-02T11:02:00Z,h2\n"
        "no such rule,2026-03-02T11:00:00Z,2026-03-02T11:02:00Z,h3\n";
    app::enqueue_files(s, {{"rules/a.yml", kRule}, {"siem.csv", alerts},
                           {"sheet.csv", "title,attack_id,level,status\nDump,T1003.001,critical,stable\n"}});
    for (int i = 0; i < 3; ++i) run_frame(s);
    REQUIRE(s.has_alerts);
    REQUIRE(s.alerts.file == "siem.csv");
    REQUIRE(s.files.size() == 2);  // the rule file and the seed CSV
    REQUIRE(app::set_baseline_layer(s, {"base.json", R"({"name":"base","versions":{"attack":"19","layer":"4.5"},
        "domain":"enterprise-attack","techniques":[{"techniqueID":"T1490","score":50},{"techniqueID":"T1059.003","score":1}]})"}).empty());
    REQUIRE(app::set_targets(s, {"targets.txt", "# ours\nT1059.003\nT1490,80\nT1003.001,200\n"}).empty());
    REQUIRE_FALSE(app::set_targets(s, {"none.txt", "# nothing\n"}).empty());
    REQUIRE(s.targets.name == "targets.txt");  // a bad file leaves the targets as they were
    REQUIRE_FALSE(app::set_alerts_csv(s, {"wrong.csv", "a,b\n1,2\n"}).empty());
    REQUIRE(app::set_alerts_csv(s, {"siem.csv", alerts}).empty());
    REQUIRE(app::apply_options_json(s, R"({"view":"board","tab":"reports","targetScore":2,"pngScale":3})").empty());
    REQUIRE_FALSE(app::apply_options_json(s, R"({"pngScale":4})").empty());
    run_frame(s, ImVec2(900, 600));
    run_frame(s, ImVec2(900, 600));
    app::update_reports(s);
    REQUIRE(s.reports.has_latency);
    REQUIRE(s.reports.latency.overall.alerts == 2);
    REQUIRE(s.reports.latency.overall.median_seconds == Approx(180));
    REQUIRE(s.reports.latency.unmatched == 1);
    REQUIRE(s.reports.has_targets);
    REQUIRE(s.reports.targets.rows.size() == 3);
    REQUIRE(s.reports.targets.not_met == 2);  // T1490 (0 < 80) and T1003.001 (100 < 200)
    REQUIRE(s.reports.baseline.missing.size() == 1);  // T1490
    bool latency_tile = false;
    for (const auto& t : s.reports.board.tiles) latency_tile |= t.key == "latency";
    REQUIRE(latency_tile);
    const std::string summary = app::summary_json(s);
    for (const char* key : {"\"latency\":{", "\"baseline\":{", "\"targets\":{", "\"pngScale\":3"})
        REQUIRE(summary.find(key) != std::string::npos);

    // A layer shown as the heat-map: no rules, so no rule tiles and no latency.
    REQUIRE(app::view_layer(s, {"actor.json", R"({"name":"actor","versions":{"attack":"19","layer":"4.5"},
        "domain":"enterprise-attack","techniques":[{"techniqueID":"T1490","score":5}]})"}).empty());
    REQUIRE(app::apply_options_json(s, R"({"view":"board"})").empty());
    run_frame(s, ImVec2(900, 600));
    run_frame(s, ImVec2(900, 600));
    app::update_reports(s);
    REQUIRE_FALSE(s.reports.has_latency);
    for (const auto& t : s.reports.board.tiles) REQUIRE((t.key != "rules" && t.key != "fragile"));
    REQUIRE(s.reports.targets.not_met == 3);  // the layer scores T1490 at 5 only
    app::clear_alerts(s);
    app::clear_baseline(s);
    app::clear_targets(s);
    run_frame(s);
    REQUIRE(app::summary_json(s).find("\"latency\":null,\"baseline\":null,\"targets\":null") != std::string::npos);
}

TEST_CASE("the board document and picture: from the Reports, kept until they change, a layer's words", "[app][board]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::enqueue_files(s, {{"rules/a.yml", kRule}});
    for (int i = 0; i < 3; ++i) run_frame(s);
    REQUIRE(app::apply_options_json(s, R"({"name":"coverage_q1_2026","imageDate":"2026-02-03","view":"board"})").empty());
    const std::string html = app::board_html(s);
    const uint64_t serial = s.board_doc.serial;
    REQUIRE(html.rfind("<!DOCTYPE html>", 0) == 0);
    REQUIRE(html.find("<h1 id=\"shb-title\">ATT&amp;CK coverage \u2014 coverage_q1_2026</h1>") != std::string::npos);
    REQUIRE(html.find("<time datetime=\"2026-02-03\">") != std::string::npos);
    REQUIRE(html.find("<title>T1059.003 Windows Command Shell \u00b7 Execution \u00b7 score 80</title>") != std::string::npos);
    // The same text, from the core, as `sigma-heatmap board` writes it.
    REQUIRE(html == sh::write_board_html(app::board_report(s), *s.catalogue));
    // Unchanged inputs: the document is kept (the page pushes it to the DOM only when it changed).
    run_frame(s);
    REQUIRE(app::board_html(s) == html);
    REQUIRE(s.board_doc.serial == serial);
    REQUIRE(app::apply_options_json(s, R"({"name":"coverage_q2_2026"})").empty());
    REQUIRE(app::board_html(s).find("coverage_q2_2026") != std::string::npos);
    REQUIRE(s.board_doc.serial == serial + 1);
    // The picture: a PNG of at least the board's width.
    std::string error;
    const std::vector<uint8_t> png = app::board_png(s, error);
    REQUIRE(error.empty());
    REQUIRE(png.size() > 8);
    REQUIRE(png[1] == 'P');
    // A share link: the document says where its scores come from, and speaks of scores, not rules.
    const std::string link = app::share_fragment(s);
    app::AppState shared;
    app::init(shared, sh::default_catalogue());
    REQUIRE(app::open_share_link(shared, link).empty());
    const std::string doc = app::board_html(shared);
    REQUIRE(doc.find("scores from a shared link (rule details are not part of it)") != std::string::npos);
    REQUIRE(doc.find("have at least one rule") == std::string::npos);
    CHECK(doc.find("score above 0</li>") != std::string::npos);  // the tactic bars' key, as the page's Board
    CHECK(shared.reports.board.covered_legend == "score above 0");
    REQUIRE(doc.find("<h3>Rules</h3>") == std::string::npos);
}

// The link's payload changed by `change` (bytes, checksum excluded), the checksum made right again.
std::string relinked(const std::string& link, const std::function<void(std::vector<uint8_t>&)>& change) {
    static const std::string abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const std::string text = link.substr(link.find("s=") + 2);
    std::vector<uint8_t> b;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        acc = (acc << 6) | uint32_t(abc.find(c));
        if ((bits += 6) >= 8) b.push_back(uint8_t(acc >> (bits -= 8)));
    }
    b.resize(b.size() - 4);
    change(b);
    uint32_t h = 2166136261u;  // FNV-1a over all but the checksum
    for (uint8_t x : b) h = (h ^ x) * 16777619u;
    for (int i = 0; i < 4; ++i) b.push_back(uint8_t(h >> (8 * i)));
    std::string out = "s=";
    acc = 0;
    bits = 0;
    for (uint8_t x : b) {
        acc = (acc << 8) | x;
        for (bits += 8; bits >= 6; bits -= 6) out += abc[(acc >> (bits - 6)) & 63];
    }
    if (bits > 0) out += abc[(acc << (6 - bits)) & 63];
    return out;
}

// The link with its palette byte made unknown: its header (and ATT&CK release) reads, the rest
// does not (as a link from a build whose format differs would).
std::string damaged_past_header(const std::string& link) {
    return relinked(link, [](std::vector<uint8_t>& b) {
        std::size_t at = 1;                           // format
        for (int i = 0; i < 2; ++i) at += 1 + b[at];  // ATT&CK version, domain (short: one length byte)
        at += 4;                                      // catalogue fingerprint
        at += 1 + b[at];                              // name
        b[at] = 9;                                    // palette: unknown
    });
}

TEST_CASE("a share link opens on the sender's platform filter; a platform this page lacks is said", "[app][share]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    REQUIRE(app::apply_options_json(s, R"({"platforms":["Linux","macOS"]})").empty());
    run_frame(s);
    const std::string link = app::share_fragment(s);
    app::AppState shared;
    app::init(shared, sh::default_catalogue());
    REQUIRE(app::open_share_link(shared, link).empty());
    run_frame(shared);
    CHECK(shared.matrix.platforms == std::vector<std::string>{"Linux", "macOS"});
    CHECK(app::board_html(shared).find("threshold 80 \u00b7 on Linux or macOS") != std::string::npos);
    CHECK(shared.reports.kpis.platforms == std::vector<std::string>{"Linux", "macOS"});

    // "macOS" (5 bytes, the section's last) made "Plan9": Linux stays, Plan9 is said.
    const std::string odd = relinked(link, [](std::vector<uint8_t>& b) {
        REQUIRE(std::string(b.end() - 5, b.end()) == "macOS");
        std::copy_n("Plan9", 5, b.end() - 5);
    });
    app::AppState other;
    app::init(other, sh::default_catalogue());
    REQUIRE(app::open_share_link(other, odd).empty());
    run_frame(other);
    CHECK(other.matrix.platforms == std::vector<std::string>{"Linux"});
    REQUIRE_FALSE(other.messages.log.empty());
    CHECK(other.messages.log.back().text ==
          "The share link filters on platforms this page's ATT&CK 19 does not have: Plan9");
}

TEST_CASE("a layer is shown against its own ATT&CK release, as `svg` draws it; rules go back to the page's", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    REQUIRE(s.catalogue->attack_version == "19");
    auto has_entry = [&](const char* id, const char* tactic) {
        for (const auto& e : s.scores.entries)
            if (e.technique == id && e.tactic == tactic) return true;
        return false;
    };
    // A weight the user set for a tactic both releases have stays; the table follows the release.
    REQUIRE(app::apply_options_json(s, R"({"criticality":{"execution":1}})").empty());
    REQUIRE(s.report.weights.tactic_criticality.at("execution") == 1);

    // A layer's problems are listed while it is shown, and go when another layer replaces it.
    auto problems_of = [&](const char* file) {
        return std::count_if(s.report_diagnostics.begin(), s.report_diagnostics.end(), [&](const sh::Diagnostic& d) { return d.file == file; });
    };
    REQUIRE(app::view_layer(s, {"odd.json", R"({"versions":{"attack":"19"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T9999","score":10},{"techniqueID":"T1059","score":0.4}]})"}).empty());
    CHECK(problems_of("odd.json") == 2);  // T9999 unknown; 0.4 read as 0

    // The Navigator saves only the major version ("18"): the layer is drawn against 18.1, where
    // Defense Evasion is still a tactic, as `sigma-heatmap svg` draws the same file.
    const char* v18 = R"({"name":"old","versions":{"attack":"18","layer":"4.5","navigator":"5.1.0"},
        "domain":"enterprise-attack","techniques":[{"techniqueID":"T1562.001","tactic":"defense-evasion","score":40}]})";
    REQUIRE(app::view_layer(s, {"old.json", v18}).empty());
    run_frame(s);
    CHECK(s.catalogue->attack_version == "18.1");
    CHECK(problems_of("odd.json") == 0);
    CHECK(has_entry("T1562.001", "defense-evasion"));
    CHECK(s.report.weights.tactic_criticality.at("execution") == 1);
    CHECK(s.report.weights.tactic_criticality.count("defense-evasion") == 1);
    CHECK(s.report.weights.tactic_criticality.count("stealth") == 0);
    bool column = false;
    for (const auto& c : s.model.columns) column |= c.tactic == "defense-evasion";
    CHECK(column);
    // Its picture speaks of the layer, not of rules: no "0 rules", the plain "Score" caption (as
    // `svg` draws the file; the layer the page writes for it says "best rule level").
    const std::string svg = app::heatmap_svg(s);
    CHECK(svg.find("id=\"cell-defense-evasion-T1562\"") != std::string::npos);
    CHECK(svg.find("\u00b7 0 rules") == std::string::npos);
    CHECK(svg.find(">Score</text>") != std::string::npos);

    // Rules replace the layer: they are scored against the page's own release again, as the CLI's
    // `layer` scores them.
    app::enqueue_files(s, {{"rules/a.yml", kRule}});
    for (int i = 0; i < 3; ++i) run_frame(s);
    CHECK(s.catalogue->attack_version == "19");
    CHECK(has_entry("T1059.003", "execution"));
    CHECK(s.report.weights.tactic_criticality.at("execution") == 1);
    CHECK(s.report.weights.tactic_criticality.count("defense-evasion") == 0);
    CHECK(s.report.weights.tactic_criticality.count("stealth") == 1);

    // A layer for a release the page does not have is read against the page's (as the CLI does).
    REQUIRE(app::view_layer(s, {"old.json", v18}).empty());
    run_frame(s);
    REQUIRE(s.catalogue->attack_version == "18.1");
    REQUIRE(app::view_layer(s, {"new.json", R"({"versions":{"attack":"17"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059.003","score":10}]})"}).empty());
    run_frame(s);
    CHECK(s.catalogue->attack_version == "19");

    // A share link made on 18.1 switches too; Clear goes back.
    REQUIRE(app::view_layer(s, {"old.json", v18}).empty());
    run_frame(s);
    const std::string link = app::share_fragment(s);
    app::AppState shared;
    app::init(shared, sh::default_catalogue());
    REQUIRE(app::open_share_link(shared, link).empty());
    run_frame(shared);
    CHECK(shared.catalogue->attack_version == "18.1");
    app::clear(shared);
    run_frame(shared);
    CHECK(shared.catalogue->attack_version == "19");

    // A link for 18.1 that cannot be read leaves the rules shown against their own release.
    app::enqueue_files(shared, {{"rules/a.yml", kRule}});
    for (int i = 0; i < 3; ++i) run_frame(shared);
    REQUIRE(shared.source == app::ScoreSource::Rules);
    CHECK(app::open_share_link(shared, damaged_past_header(link)) == "the share link has an unknown palette (9)");
    run_frame(shared);
    CHECK(shared.catalogue->attack_version == "19");
    CHECK(shared.source == app::ScoreSource::Rules);
}

TEST_CASE("an opened layer downloads as its own file with the page's changes; its board and picture keep its words", "[app][board]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    const std::string file = R"({
  "name": "Red team Q3",
  "versions": {"attack": "19", "layer": "4.5", "navigator": "5.1.0"},
  "domain": "enterprise-attack",
  "description": "Findings of the Q3 exercise",
  "techniques": [{"techniqueID": "T1059.003", "tactic": "execution", "score": 4, "comment": "seen twice",
                  "metadata": [{"name": "ticket", "value": "RT-12"}]}],
  "gradient": {"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 5},
  "legendItems": [{"label": "found by the red team", "color": "#ff0000"}],
  "showTacticRowBackground": true
}
)";
    REQUIRE(app::view_layer(s, {"redteam.json", file}).empty());
    run_frame(s);
    CHECK(s.imported_score_label == "Score");  // the legend's caption (it said "Score (seed)")
    // Its scores run 0..5, the KPI threshold is 80: the page says so when it opens it.
    REQUIRE(!s.messages.log.empty());
    const std::string& said = s.messages.log.back().text;
    CHECK(said.find("KPI threshold 80: no technique counts as covered well") != std::string::npos);
    CHECK(said.find("set Reports > KPI threshold on the layer's scale (e.g. 4)") != std::string::npos);
    CHECK(s.imported_legend.size() == 1);  // its legend item, under the gradient
    // Unchanged: "Download layer" gives the file back, byte for byte (it was written as ours: "0
    // rules, score = best rule level", our legend, the entry's metadata gone).
    CHECK(app::layer_json(s) == file);
    // The Board's heat-map reads that layer: the file's plain "Score", not "best rule level".
    REQUIRE(app::apply_options_json(s, R"({"imageDate":"2026-12-06"})").empty());
    std::string doc = app::board_html(s);
    CHECK(doc.find("best rule level") == std::string::npos);
    CHECK(doc.find("<ul class=\"shb-legend\"><li>Score</li>") != std::string::npos);

    // Renamed and recoloured in the page: those change, the rest is the file's.
    REQUIRE(app::apply_options_json(s, R"({"name":"Board week 49","palette":"colourblind","minScore":1,"maxScore":4})").empty());
    const auto j = nlohmann::json::parse(app::layer_json(s));
    CHECK(j["name"] == "Board week 49");
    CHECK(j["description"] == "Findings of the Q3 exercise");
    CHECK(j["versions"]["attack"] == "19");
    CHECK(j["gradient"] == nlohmann::json::parse(R"({"colors":["#2166ac","#fee090","#000000"],"minValue":1,"maxValue":4})"));
    CHECK(j["legendItems"][0]["label"] == "found by the red team");
    CHECK(j["techniques"][0]["metadata"][0]["value"] == "RT-12");
    CHECK(j["techniques"][0]["comment"] == "seen twice");
    CHECK(j["showTacticRowBackground"] == true);
    // The picture follows the changes (title, range) and keeps the layer's caption.
    const std::string svg = app::heatmap_svg(s);
    CHECK(svg.find("Board week 49") != std::string::npos);
    CHECK(svg.find(">Score</text>") != std::string::npos);
    CHECK(svg.find("\u00b7 0 rules") == std::string::npos);
    doc = app::board_html(s);
    CHECK(doc.find("Board week 49") != std::string::npos);
    CHECK(doc.find("best rule level") == std::string::npos);

    // A share link's layer claims no rules and no score profile: the link carries scores only.
    app::AppState rules;
    app::init(rules, sh::default_catalogue());
    app::enqueue_files(rules, {{"rules/a.yml", kRule}});
    for (int i = 0; i < 3; ++i) run_frame(rules);
    app::AppState shared;
    app::init(shared, sh::default_catalogue());
    REQUIRE(app::open_share_link(shared, app::share_fragment(rules)).empty());
    run_frame(shared);
    const auto k = nlohmann::json::parse(app::layer_json(shared));
    CHECK(k["description"].get<std::string>().find("0 rules") == std::string::npos);
    CHECK(k["description"].get<std::string>().find("best rule level") == std::string::npos);
    CHECK(k["description"].get<std::string>().find("1 sub-technique covered") != std::string::npos);
    CHECK(app::heatmap_svg(shared).find("\u00b7 0 rules") == std::string::npos);

    // A layer without a name has none in the page either (it kept the name shown before, which its
    // picture and download did not have).
    REQUIRE(app::view_layer(s, {"nameless.json", R"({"versions":{"attack":"19"},"domain":"enterprise-attack","techniques":[]})"}).empty());
    CHECK(s.settings.name.empty());
    CHECK(app::download_file_name(s) == sh::default_layer_name_today() + ".json");
    CHECK(nlohmann::json::parse(app::layer_json(s)).count("name") == 0);
    app::clear(s);
    CHECK(s.settings.name == sh::default_layer_name_today());  // rules get the default name, as init gives

    // The Layer tab shows the file's description; an edit goes into the file; rules loaded next
    // get the generated one again (the file's is not theirs).
    REQUIRE(app::view_layer(s, {"redteam.json", file}).empty());
    CHECK(s.settings.description == "Findings of the Q3 exercise");
    REQUIRE(app::apply_options_json(s, R"({"description":"Reviewed"})").empty());
    CHECK(nlohmann::json::parse(app::layer_json(s))["description"] == "Reviewed");
    REQUIRE(app::view_layer(s, {"redteam.json", file}).empty());
    app::enqueue_files(s, {{"rules/a.yml", kRule}});
    for (int i = 0; i < 3; ++i) run_frame(s);
    CHECK(s.settings.description.empty());
    CHECK(nlohmann::json::parse(app::layer_json(s))["description"].get<std::string>().rfind("Sigma rule coverage by sigma-heatmap: 1 rule, score = best rule level", 0) == 0);
}

TEST_CASE("an opened layer's gradient of more than two colours is drawn with all of them, and kept", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    const std::string file = R"({"name": "four", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
        "techniques": [{"techniqueID": "T1059.003", "tactic": "execution", "score": 2}],
        "gradient": {"colors": ["#ffffff", "#0000ffff", "#ff0000", "#000000"], "minValue": 0, "maxValue": 6}})";
    REQUIRE(app::view_layer(s, {"four.json", file}).empty());
    run_frame(s);
    // Stops at 0, 2, 4 and 6: a score of 2 is the second colour (it was a grey between the ends).
    CHECK(sh::to_hex(sh::gradient_colour(app::current_gradient(s), 2)) == "#0000ff");
    CHECK(sh::to_hex(sh::gradient_colour(app::current_gradient(s), 4)) == "#ff0000");
    CHECK(app::palette_colours(s) == std::vector<std::string>{"#ffffff", "#0000ff", "#ff0000", "#000000"});
    CHECK(app::layer_json(s) == file);  // nothing changed
    // The SVG's cell is the same colour as the page's.
    const std::string svg = app::heatmap_svg(s);
    const auto cell = svg.find(R"(<rect id="cell-execution-T1059" )");
    REQUIRE(cell != std::string::npos);
    const std::string tag = svg.substr(cell, svg.find('>', cell) - cell);
    CHECK(tag.find(R"(fill="#0000ff")") != std::string::npos);
    // Changing an end keeps the stops between; a share link carries all of them.
    REQUIRE(app::apply_options_json(s, R"({"maxColor": "#00ff00"})").empty());
    const auto j = nlohmann::json::parse(app::layer_json(s));
    CHECK(j["gradient"]["colors"] == nlohmann::json::parse(R"(["#ffffff", "#0000ff", "#ff0000", "#00ff00"])"));
    app::AppState shared;
    app::init(shared, sh::default_catalogue());
    REQUIRE(app::open_share_link(shared, app::share_fragment(s)).empty());
    CHECK(app::palette_colours(shared) == std::vector<std::string>{"#ffffff", "#0000ff", "#ff0000", "#00ff00"});
    // Options (what a saved session keeps) round-trip them.
    app::AppState restored;
    app::init(restored, sh::default_catalogue());
    REQUIRE(app::apply_options_json(restored, app::options_json(s, app::OptionsScope::Session)).empty());
    CHECK(app::palette_colours(restored) == app::palette_colours(s));
}

TEST_CASE("cancelling a big load keeps what was loaded", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    std::vector<app::InputFile> files;
    for (int i = 0; i < 2000; ++i) files.push_back({"r" + std::to_string(i) + ".yml", kRule});
    app::enqueue_files(s, std::move(files));
    run_frame(s);
    app::step_loading(s, 0.0);  // at least one file per step, even with no time left
    REQUIRE(s.loader.batch_done >= 1);
    app::cancel_loading(s);
    REQUIRE_FALSE(app::loading(s));
    REQUIRE(s.files.size() == std::size_t(s.loader.batch_done));
    run_frame(s);
}

// A big pick is listed over several frames before its files are announced (glue.js fromInput):
// meanwhile the progress bar shows the listing with Cancel, which ends it; the announcement that
// follows takes over without adding to the run before it.
TEST_CASE("a pick being listed shows progress and Cancel, and Cancel ends it", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::enqueue_files(s, {{"rules/a.yml", kRule}, {"rules/b.yml", kRule}});
    while (app::step_loading(s, 1e9)) {
    }
    REQUIRE(s.loader.batch_done == 2);  // an earlier run, done
    run_frame(s);
    CHECK(s.ui_rects.count("cancel") == 0);  // nothing loading: no progress bar

    const int gen = app::set_listing(s, 4096, 31410);
    CHECK(gen == s.loader.generation);
    CHECK(app::loading(s));
    run_frame(s);
    CHECK(s.ui_rects.count("cancel") == 1);  // the progress bar and its Cancel, from the first chunk
    CHECK(app::progress_text(s) == "Listing 4,096 / 31,410 picked files");
    // The announcement ends the listing; the run starts afresh (not 2 + 31410).
    app::set_listing(s, 31410, 31410);
    app::expect_files(s, 31410);
    CHECK(s.loader.listing_total == 0);
    CHECK(s.loader.batch_total == 31410);
    CHECK(s.loader.batch_done == 0);
    CHECK(app::progress_text(s) == "Loading 0 / 31,410 files");
    app::cancel_loading(s);
    CHECK(app::progress_text(s).empty());

    // Cancel while listing: nothing loads, the platform sees a new generation, the status says so.
    const int gen2 = app::set_listing(s, 8192, 31410);
    app::cancel_loading(s);
    CHECK_FALSE(app::loading(s));
    CHECK(s.loader.generation != gen2);
    CHECK(s.status == "Loading cancelled while the picked files were listed: nothing loaded");
    run_frame(s);
    CHECK(s.files.size() == 2);  // the earlier rules stay

    // A listed pick with nothing to load (no rule files) ends it with 0 of 0; so does Clear.
    app::set_listing(s, 0, 5000);
    app::set_listing(s, 0, 0);
    CHECK_FALSE(app::loading(s));
    app::set_listing(s, 4096, 5000);
    app::clear(s);
    CHECK_FALSE(app::loading(s));
}

// A dropped folder is read folder by folder (its total not known yet), then its files are opened
// a batch a frame (glue.js fromDrop): the progress bar counts both, with Cancel, from the first frame.
TEST_CASE("a drop being read and listed shows progress and Cancel, and Cancel ends it", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    const int gen = app::set_listing(s, 0, -1, app::Listing::Drop);
    CHECK(gen == s.loader.generation);
    CHECK(app::loading(s));
    CHECK(app::listing_only(s));
    CHECK(app::progress_text(s) == "Reading folders: 0 rule files found");
    run_frame(s);
    CHECK(s.ui_rects.count("cancel") == 1);  // the bar and Cancel from the first frame after the drop
    app::set_listing(s, 1, -1, app::Listing::Drop);
    CHECK(app::progress_text(s) == "Reading folders: 1 rule file found");
    app::set_listing(s, 12345, -1, app::Listing::Drop);
    CHECK(app::progress_text(s) == "Reading folders: 12,345 rule files found");
    run_frame(s);  // a bar with no total yet draws (no division by it)
    const float narrow = s.loader.bar_width;
    CHECK(narrow >= 260.0f * s.display_scale);
    app::set_listing(s, 64, 31410, app::Listing::Drop);
    CHECK(app::progress_text(s) == "Listing 64 / 31,410 dropped files");
    run_frame(s);
    CHECK(s.loader.bar_width >= narrow);  // never narrower during a load: Cancel does not move back
    // Cancel while the folders are read, and while the files are listed: nothing loads.
    app::cancel_loading(s);
    CHECK_FALSE(app::loading(s));
    CHECK(s.loader.generation != gen);
    CHECK(s.status == "Loading cancelled while the dropped files were listed: nothing loaded");
    app::set_listing(s, 3, -1, app::Listing::Drop);
    app::cancel_loading(s);
    CHECK(s.status == "Loading cancelled while the dropped folders were read: nothing loaded");
    run_frame(s);
    CHECK(s.loader.bar_width == 0);  // the next load's bar starts at its own width
    // Only a drop's total can be unknown: a pick's -1 is nothing to list.
    app::set_listing(s, 5, -1, app::Listing::Pick);
    CHECK_FALSE(app::loading(s));
    // The announcement ends a drop's listing as it ends a pick's; the run counts from 0.
    app::set_listing(s, 3141, 3141, app::Listing::Drop);
    app::expect_files(s, 3141);
    CHECK(s.loader.listing_total == 0);
    CHECK(app::progress_text(s) == "Loading 0 / 3,141 files");
    app::cancel_loading(s);
    CHECK(s.status == "Loading cancelled: 0 of 3,141 files loaded");
}

TEST_CASE("counts are shown with thousands separators", "[app]") {
    CHECK(app::count_text(0) == "0");
    CHECK(app::count_text(7) == "7");
    CHECK(app::count_text(999) == "999");
    CHECK(app::count_text(1000) == "1,000");
    CHECK(app::count_text(31410) == "31,410");
    CHECK(app::count_text(100000) == "100,000");
    CHECK(app::count_text(1234567) == "1,234,567");
    CHECK(app::count_text(-4096) == "-4,096");
    CHECK(app::count_text(9223372036854775807LL) == "9,223,372,036,854,775,807");
    CHECK(app::count_text(-9223372036854775807LL - 1) == "-9,223,372,036,854,775,808");
}

// The page's loader asks when the next rescore comes (platform: sh_ms_until_draw, sh_draw_dear) to
// keep its step short before that frame: the answer must be what update() then does.
TEST_CASE("while a big load runs, the next rescore comes when ms_until_rescore says", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    run_frame(s);
    REQUIRE(app::ms_until_rescore(s) == -1);  // nothing loaded, scores current
    s.stats.scored_at -= 2 * app::kLoadingRescoreMs;  // scored a while ago, as on a page left alone
    const double scored_before = s.stats.scored_at;
    std::vector<app::InputFile> files;
    for (int i = 0; i < 3000; ++i) files.push_back({"r" + std::to_string(i) + ".yml", kRule});
    app::enqueue_files(s, std::move(files));
    // The first frames load files but do not rescore: the first preview comes kLoadingRescoreMs
    // after the load started (a short load redraws the matrix once, when it is done).
    run_frame(s);
    REQUIRE(app::loading(s));
    REQUIRE(!s.loaded.rules.empty());
    CHECK(s.stats.scored_at == scored_before);
    double wait = app::ms_until_rescore(s);
    CHECK(wait > app::kLoadingRescoreMs / 2);
    CHECK(wait <= app::kLoadingRescoreMs);
    // Then it rescores when ms_until_rescore says, and not before.
    app::update(s);
    CHECK(s.stats.scored_at == scored_before);
    std::this_thread::sleep_for(std::chrono::duration<double, std::milli>(app::ms_until_rescore(s) + 1));
    CHECK(app::ms_until_rescore(s) == 0);
    app::update(s);
    const double scored_at = s.stats.scored_at;
    CHECK(scored_at > scored_before);
    app::step_loading(s, 0.0);  // more rules: the scores are stale again
    wait = app::ms_until_rescore(s);
    CHECK(wait > 0);
    CHECK(wait <= app::kLoadingRescoreMs);
    app::update(s);
    CHECK(s.stats.scored_at == scored_at);  // not yet: a live preview, not every frame
    CHECK(app::ms_until_rescore(s) > 0);
    while (app::loading(s)) app::step_loading(s, 1000.0);
    CHECK(app::ms_until_rescore(s) == 0);  // loaded: at the next update
    app::update(s);
    CHECK(s.stats.scored_at > scored_at);
    CHECK(app::ms_until_rescore(s) == -1);
}
// The page's main thread warms up on the sample rules (platform: sh_warm_up, a step per task): the
// steps end, and the page's own state is untouched.
TEST_CASE("the warm-up runs a load of the samples in a state of its own, a step at a time, and ends", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    run_frame(s);
    app::WarmUp warm(3);
    const int samples = int(app::sample_files().size());
    int steps = 0;
    // Each sample parsed, the first round, then its rescore and its summary: the main thread's
    // whole share of a load has run once, whatever the number of rounds.
    for (; steps < samples + 1; ++steps) REQUIRE(warm.step(sh::default_catalogue()));
    CHECK(warm.rounds_done() == 1);
    CHECK(warm.rescores_done() == 0);
    REQUIRE(warm.step(sh::default_catalogue()));
    CHECK(warm.rescores_done() == 1);
    CHECK(warm.summaries_done() == 0);
    REQUIRE(warm.step(sh::default_catalogue()));
    CHECK(warm.summaries_done() == 1);
    CHECK(warm.rounds_done() == 1);
    steps += 2;
    while (warm.step(sh::default_catalogue())) REQUIRE(++steps < 1000);
    // Then two more rounds, the last one rescored and summarised too.
    CHECK(steps == samples + 3 + 4);
    CHECK(warm.rounds_done() == 3);
    CHECK(warm.rescores_done() == 2);
    CHECK(warm.summaries_done() == 2);
    CHECK_FALSE(warm.step(sh::default_catalogue()));
    CHECK(s.loaded.rules.empty());
    CHECK(s.files.empty());
    CHECK(app::ms_until_rescore(s) == -1);
}
// The font atlas is built (and uploaded as an RGBA texture) at the page's first frame and at every
// zoom step. Glyphs snap to whole pixels, so horizontal oversampling only doubled it: at a phone's
// device pixel ratio of 3 the atlas was 2048x4096 (32 MB as RGBA) and took 0.3 s and more of the
// first frame in the browser. Every glyph range stays in it.
TEST_CASE("the font atlas holds its glyph ranges without oversampling: 2048x2048 at most at DPR 3", "[app][fonts]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    for (float scale : {1.0f, 2.0f, 3.0f}) {
        app::set_display_scale(s, scale);
        REQUIRE(app::fonts_need_rebuild(s));
        const ImVec2 size = rebuild_font_texture(s);
        INFO("display scale " << scale << ": atlas " << size.x << "x" << size.y);
        // The area grows with scale^2: 2048x2048 at 3, with a quarter more for the packing.
        CHECK(double(size.x) * size.y <= 1.25 * 2048.0 * 2048.0 * scale * scale / 9.0);
        for (ImFont* font : {s.ui_font, s.matrix_font, s.big_font}) {
            REQUIRE(font != nullptr);
            for (ImWchar c : {ImWchar('A'), ImWchar(0x00e9), ImWchar(0x0219), ImWchar(0x2014), ImWchar(0x2192), ImWchar(0x25b2)}) {
                const ImFontGlyph* g = font->FindGlyphNoFallback(c);
                REQUIRE(g != nullptr);
                CHECK(g->X1 > g->X0);
            }
        }
    }
}
#endif  // SH_APP_SMOKE

// The page's first frame only lays the page out (it is not drawn), and the matrix's fitted zoom,
// which sizes its font, is known only after it: that frame gets an ASCII-only atlas, and the full
// one is baked once, at the zoom the layout settled on (it was baked in full twice).
TEST_CASE("a layout-only atlas holds ASCII alone and asks for the full one, baked once", "[app][fonts]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::set_display_scale(s, 1.0f);
    REQUIRE(app::fonts_need_rebuild(s));
    app::rebuild_fonts(s, app::FontGlyphs::Ascii);
    CHECK(s.full_atlases == 0);
    REQUIRE(app::fonts_need_rebuild(s));  // until the full atlas is baked
    for (ImFont* font : {s.ui_font, s.matrix_font, s.big_font}) {
        REQUIRE(font != nullptr);
        CHECK(font->FindGlyphNoFallback('A') != nullptr);
        CHECK(font->FindGlyphNoFallback(ImWchar(0x00e9)) == nullptr);
    }
    const float ascii_width = s.ui_font->CalcTextSizeA(s.ui_font->FontSize, FLT_MAX, 0, "Initial Access").x;

    // The first frame, as the page runs it: the layout fits the matrix to the width.
    ImGui::NewFrame();
    app::frame(s);
    ImGui::Render();
    const float fitted = s.matrix.zoom;
    REQUIRE(app::fonts_need_rebuild(s));
    app::rebuild_fonts(s, app::FontGlyphs::All);
    CHECK(s.full_atlases == 1);
    CHECK(s.baked_zoom == fitted);
    for (ImFont* font : {s.ui_font, s.matrix_font, s.big_font}) CHECK(font->FindGlyphNoFallback(ImWchar(0x00e9)) != nullptr);
    // ASCII text measures the same in both atlases, so the layout the first frame made holds.
    CHECK(s.ui_font->CalcTextSizeA(s.ui_font->FontSize, FLT_MAX, 0, "Initial Access").x == ascii_width);
    run_frame(s);
    run_frame(s);
    CHECK(s.matrix.zoom == fitted);
    CHECK_FALSE(app::fonts_need_rebuild(s));
    CHECK(s.full_atlases == 1);
}

// A file of a load that could not be read (too large, unreadable) is queued with its error: the
// diagnostic takes its place in name order, as the CLI lists it, whenever it was handed over. It
// was added at once, so it came before the diagnostics of files named before it that were still
// queued (the page's order then depended on timing). The progress bar counts files loaded, not it.
TEST_CASE("a file's read problem keeps its place in name order among the diagnostics", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    REQUIRE(app::expect_files(s, 4) == s.loader.generation);
    app::InputFile too_large;
    too_large.name = "rules/c.yml";
    too_large.problem = "file is larger than 8 MB (9437184 bytes): not read";
    app::EnqueueOptions o;
    o.announced = 4;
    app::enqueue_files(s, {{"rules/d.yml", "title: [unclosed\n"}, too_large, {"rules/a.yml", ""}, {"rules/b.yml", kRule}}, o);
    CHECK(s.loaded.diagnostics.empty());  // nothing before the loader's turn
    CHECK(s.loader.batch_total == 3);
    while (app::step_loading(s, 0.0)) {
    }
    CHECK(s.loader.batch_done == 3);
    std::vector<std::string> order;
    for (const auto& d : s.loaded.diagnostics) order.push_back(d.file);
    CHECK(order == std::vector<std::string>{"rules/a.yml", "rules/c.yml", "rules/d.yml"});
    REQUIRE(s.loaded.diagnostics.size() == 3);
    CHECK(s.loaded.diagnostics[1].severity == sh::Severity::Error);
    CHECK(s.loaded.diagnostics[1].message == too_large.problem);
    CHECK(s.files == std::vector<std::string>{"rules/a.yml", "rules/b.yml", "rules/d.yml"});  // c.yml is not loaded
    CHECK(s.file_texts.count("rules/c.yml") == 0);
    CHECK(s.loaded.rules.size() == 1);
}

// Clear kept the problem of a refused Reports input (a previous layer that is not JSON) and the
// warnings of an imported layer it had just put away: Problems listed files no longer there.
TEST_CASE("Clear forgets the problems of refused inputs and of the imported layer, keeps the held inputs'", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    start_with_kRule(s, 1);
    const auto files_with_problems = [&] {
        std::vector<std::string> files;
        for (const auto& d : s.report_diagnostics) files.push_back(d.file);
        std::sort(files.begin(), files.end());
        files.erase(std::unique(files.begin(), files.end()), files.end());
        return files;
    };
    // A held previous layer with a note (an entry with a colour and no score), a refused one.
    REQUIRE(app::set_previous_layer(s, {"prev.json", R"({"name":"p","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059.003","score":100},{"techniqueID":"T1105","color":"#ff0000"}]})"}).empty());
    REQUIRE_FALSE(app::set_previous_layer(s, {"bad.json", "{not json"}).empty());
    REQUIRE(app::set_frequency_csv(s, {"freq.csv", "technique,frequency\nT1490,40\nT9999,3\n"}).empty());
    REQUIRE_FALSE(app::set_baseline_layer(s, {"base.json", "[1, 2]"}).empty());
    REQUIRE(app::view_layer(s, {"actor.json", R"({"name":"actor","versions":{"attack":"19","layer":"4.5"},
        "domain":"enterprise-attack","techniques":[{"techniqueID":"T1105","score":3},{"techniqueID":"T9998","score":1}]})"}).empty());
    run_frame(s);
    const auto before = files_with_problems();
    CHECK(before == std::vector<std::string>{"actor.json", "bad.json", "base.json", "freq.csv", "prev.json"});
    app::clear(s);
    run_frame(s);
    CHECK(files_with_problems() == std::vector<std::string>{"freq.csv", "prev.json"});
    CHECK(s.has_previous);
    CHECK(s.previous.file == "prev.json");
    CHECK(s.report.frequency_file == "freq.csv");
}

TEST_CASE("app: a layer scored as fractions is shown as percentages and downloaded on its own scale", "[app]") {
    ImGuiContextScope ctx;
    app::AppState s;
    app::init(s, sh::default_catalogue());
    const std::string file = R"({"name": "likelihood", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
        "techniques": [{"techniqueID": "T1059", "tactic": "execution", "score": 0.5}, {"techniqueID": "T1003", "tactic": "credential-access", "score": 0.2}],
        "gradient": {"colors": ["#ffffff", "#ff0000"], "minValue": 0, "maxValue": 1}})";
    REQUIRE(app::view_layer(s, {"likelihood.json", file}).empty());
    run_frame(s);
    auto score_of = [&](const char* id) {
        for (const auto& e : s.imported.entries)
            if (e.technique == id) return e.score;
        return -1;
    };
    CHECK(score_of("T1059") == 50);
    CHECK(score_of("T1003") == 20);
    CHECK(sh::to_hex(sh::gradient_colour(app::current_gradient(s), 50)) == "#ff8080");  // halfway, as in the file
    CHECK(app::layer_json(s) == file);  // nothing changed: the same bytes
    // A range changed on the page (percentages) goes into the file on its scale: 0.1 to 0.8.
    REQUIRE(app::apply_options_json(s, R"({"minScore": 10, "maxScore": 80})").empty());
    const auto j = nlohmann::json::parse(app::layer_json(s));
    CHECK(j["gradient"]["minValue"] == 0.1);
    CHECK(j["gradient"]["maxValue"] == 0.8);
    CHECK(j["techniques"][0]["score"] == 0.5);  // the entries are the file's
}

