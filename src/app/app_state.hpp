// app_state.hpp — everything the page shows and remembers, in one struct (no statics in views).
// Views read it and write only what the user chose; derived data (scores, matrix, layer text) is
// recomputed by app.cpp when a *_dirty flag says its inputs changed. The platform layer reads the
// request_* flags after each frame (open a file dialog, save the layer) — the app never does I/O.
#pragma once
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/render/matrix_layout.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"
#include "imgui.h"

namespace app {

struct InputFile {
    std::string name;  // relative path as the user gave it ("rules/windows/x.yml")
    std::string text;
};

enum class Palette { RedYellowGreen, ColourBlind, Custom };
enum class SideTab { Technique, Layer, Problems, About };

// Files waiting to be parsed; parsed a few per frame so big drops keep the page responsive.
struct Loader {
    std::deque<InputFile> queue;
    int batch_total = 0;    // files in the current run (grows when more arrive while loading)
    int batch_done = 0;
    double batch_ms = 0;    // parse time of the current/last run
    bool notify_idle = false;  // the platform tells JS waiters when the queue empties
};

// What goes into the layer (and the scores): the same knobs as the CLI.
struct LayerSettings {
    std::string name;         // default coverage_<quarter>_<year>, set at init
    std::string description;  // "" -> the core writes its generated description
    sh::ScoreOptions score;   // profile, min level/status, sub-technique roll-up, tactic placement
    Palette palette = Palette::RedYellowGreen;
    std::array<float, 3> custom_min{1.0f, 1.0f, 1.0f};             // custom palette, low end
    std::array<float, 3> custom_max{0.55f, 0.78f, 0.26f};          // custom palette, high end
    bool custom_range = false;  // false: 0 .. highest score (as the CLI without --min/--max-score)
    int range_min = 0;
    int range_max = 100;
};

// How the matrix is drawn; none of this changes the layer.
struct MatrixView {
    sh::MatrixOptions options;  // aggregate, platforms, hide uncovered, expansion, search
    sh::MatrixLayout layout = sh::MatrixLayout::Side;
    bool show_ids = true;
    bool show_names = true;
    bool show_scores = false;
    float zoom = 1.0f;           // 0.5 .. 2.0, matrix only
    std::string platform;        // "" = all platforms (mirrors options.platforms)
    std::string selected_id;     // selected technique ("" none) ...
    std::string selected_tactic; // ... in this tactic column
    bool scroll_to_selected = false;
};

// Cached geometry and wrapped labels for the current model/zoom/toggles (rebuilt when stale).
struct MatrixCache {
    bool valid = false;
    float avail_w = 0, avail_h = 0;  // mini layout fits the area it was laid out for
    sh::MatrixMetrics metrics;
    sh::MatrixGeometry geometry;
    std::vector<std::vector<std::string>> cell_lines;    // per geometry.cells entry
    std::vector<std::vector<std::string>> header_lines;  // per column
    float origin_x = 0, origin_y = 0;  // screen position of the matrix origin last frame (scrolled)
    float clip[4] = {0, 0, 0, 0};      // visible part of the matrix canvas: x0, y0, x1, y1
};

struct ProblemsView {
    std::string filter;
    int sort_column = 1;  // 0 severity, 1 file, 2 line, 3 message
    bool sort_descending = false;
};

struct Stats {
    uint64_t frames = 0;
    double last_frame_ms = 0;  // ImGui frame build (NewFrame .. Render), measured by the platform
    double max_frame_ms = 0;
    double sum_frame_ms = 0;   // since the last reset (window.sigmaHeatmap.resetFrameStats)
    uint64_t sum_frames = 0;
    double score_ms = 0;       // last recompute of scores
    double scored_at = 0;      // when (steady clock, ms): while loading, rescoring waits 600 ms
};

struct AppState {
    const sh::Catalogue* catalogue = nullptr;

    // Inputs.
    std::vector<std::string> files;  // loaded file names, in load order, unique
    sh::LoadResult loaded;           // rules + load diagnostics of every loaded file
    Loader loader;
    LayerSettings settings;
    MatrixView matrix;

    // Derived (see app.cpp: update()).
    sh::ScoreResult scores;
    sh::MatrixModel model;
    std::string layer_json;
    std::vector<std::string> platforms;  // of the catalogue, for the filter
    int techniques_covered = 0;          // distinct technique ids with a score
    bool scores_dirty = true;
    bool model_dirty = true;
    bool layer_dirty = true;
    MatrixCache cache;

    // UI.
    SideTab tab = SideTab::Technique;
    bool switch_tab = false;  // select `tab` on the next frame
    ProblemsView problems;
    float display_scale = 1.0f;  // device pixel ratio: the UI is drawn in device pixels
    float side_width = 0;        // side panel width in device pixels (0: a quarter of the page)
    float baked_scale = 0, baked_zoom = 0;
    ImFont* ui_font = nullptr;
    ImFont* matrix_font = nullptr;
    Stats stats;
    std::map<std::string, std::array<float, 4>> ui_rects;  // named buttons, x0 y0 x1 y1 (test hooks)
    std::string status;  // one-line message shown in the toolbar (e.g. "Layer saved")

    // Requests for the platform, cleared by it.
    bool request_open_files = false;
    bool request_open_folder = false;
    bool request_download = false;
};

}  // namespace app
