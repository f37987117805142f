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
#include <unordered_map>
#include <vector>

#include "app/input_queue.hpp"
#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/layer.hpp"
#include "core/render/matrix_layout.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"
#include "core/threats.hpp"
#include "imgui.h"

namespace app {

struct InputFile {
    std::string name;  // relative path as the user gave it ("rules/windows/x.yml")
    std::string text;
    // The file's rules and diagnostics already parsed by one of the page's parse workers, as a
    // wire record (core/rules_wire.hpp): the loader decodes it instead of parsing `text` (which it
    // still keeps). Empty: parsed here; a record that does not decode is parsed here too.
    std::string parsed{};
    // Not empty: the file could not be given to the loader (unreadable, too large, a zip entry that
    // would not inflate): this error is its diagnostic, added in queue (name) order as a parsed
    // file's are, and the file is neither parsed nor kept.
    std::string problem{};
};

enum class Palette { RedYellowGreen, ColourBlind, Custom };
enum class SideTab { Technique, Layer, Reports, Threats, Problems, About };
enum class MainView { Matrix, Board, Diff, Trends };  // the tabs of the main area
// Where the heat-map's scores come from: the loaded rules, an opened Navigator layer, a share link.
enum class ScoreSource { Rules, Layer, Share };

// Files waiting to be parsed; parsed a few per frame so big drops keep the page responsive.
struct Loader {
    std::deque<InputFile> queue;
    int expected = 0;       // files the platform announced (expect_files) and is still reading
    int batch_total = 0;    // files in the current run, announced ones included (grows when more arrive)
    int batch_done = 0;
    double batch_ms = 0;    // parse time of the current/last run
    int batch_from_workers = 0;  // files of the current/last run whose parse came from a parse worker
    double batch_started_at = 0; // when the current/last run started (steady clock, ms)
    bool notify_idle = false;  // the platform tells JS waiters when the queue empties
    int generation = 0;     // bumped by cancel and clear: a platform still reading files for an
                            // earlier generation stops handing them over
    int listing_listed = 0; // a pick or drop the platform is still listing (set_listing): files
    int listing_total = 0;  // listed so far of its total; -1 while a drop's folders are read (the
                            // total is not known yet; listed counts the rule files found); 0 of 0 when none
    bool listing_dropped = false;  // the listing is of a drop (else of a pick)
    float bar_width = 0;    // the progress bar's width during this load: it only grows (its words
                            // get longer), so Cancel beside it never moves back under the pointer
};

// What goes into the layer (and the scores): the same knobs as the CLI.
struct LayerSettings {
    std::string name;         // default coverage_<quarter>_<year>, set at init
    std::string description;  // "" -> the core writes its generated description
    sh::ScoreOptions score;   // profile, min level/status, sub-technique roll-up, tactic placement
    Palette palette = Palette::RedYellowGreen;
    std::array<float, 3> custom_min{1.0f, 1.0f, 1.0f};             // custom palette, low end
    std::array<float, 3> custom_max{0.55f, 0.78f, 0.26f};          // custom palette, high end
    std::vector<std::array<float, 3>> custom_between;  // its stops between the ends: an opened layer's
                                                       // or link's gradient keeps all its colours
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
    float zoom = 1.0f;           // 0.5 .. 2.0, matrix only (the font size; in fit mode set from the width)
    // Fit: the side layout's columns share the canvas width, so every tactic is on screen; the
    // font follows (down to 70%). On by default; the zoom buttons, Ctrl+wheel and pinch turn it off.
    bool fit = true;
    // The platform filter, empty = all (mirrors options.platforms): one from the combo, or what an
    // opened layer's filter lists (layer_platforms), which may be several.
    std::vector<std::string> platforms;
    std::string selected_id;     // selected technique ("" none) ...
    std::string selected_tactic; // ... in this tactic column
    bool scroll_to_selected = false;
    // Search navigation (Enter / F3 / the arrows): the current match, scrolled into view once.
    std::string match_id, match_tactic;
    bool scroll_to_match = false;
    // A zoom by pinch or Ctrl+wheel keeps the point under the fingers (screen pixels) in place.
    bool zoom_anchor_pending = false;
    float zoom_anchor[2] = {0, 0};
    float zoom_from = 1.0f;  // the zoom the content was laid out for when the gesture step came
    bool tooltips_held = false;  // a click hid the cell and tactic tooltips until the pointer moves
};

// Cached geometry and wrapped labels for the current model/zoom/toggles (rebuilt when stale).
struct MatrixCache {
    bool valid = false;
    float avail_w = 0, avail_h = 0;  // mini layout fits the area it was laid out for
    sh::MatrixMetrics metrics;
    sh::MatrixGeometry geometry;
    std::vector<std::vector<std::string>> cell_lines;    // per geometry.cells entry
    // Per cell, where its score goes: beside the text, or (a narrow cell, where the ID would not
    // fit beside it) on the second line in place of the name, or nowhere (one line; the tooltip has it).
    enum class ScorePlace : unsigned char { Beside, Below, None };
    std::vector<ScorePlace> score_place;
    std::vector<std::vector<std::string>> header_lines;  // per column
    float origin_x = 0, origin_y = 0;  // screen position of the matrix origin last frame (scrolled)
    float clip[4] = {0, 0, 0, 0};      // visible part of the matrix canvas: x0, y0, x1, y1
};

// Report knobs (the CLI's --kpi-threshold, --threshold, --top, --gap-level, --weights, --frequency).
struct ReportSettings {
    int kpi_threshold = 80;        // "covered well" at or above; gaps below
    int alert_threshold = 50;      // diff: new gap = dropped from >= this to below it
    int top = 10;                  // gaps listed (0: all)
    bool gap_subtechniques = false;  // gaps at technique level (false) or techniques + sub-techniques
    sh::PriorityWeights weights;   // tactic_criticality filled with the defaults by init()
    std::string frequency_file;    // "" = frequency from ATT&CK groups and campaigns
    std::string frequency_text;    // that CSV as read (kept for the saved session)
    sh::FrequencyTable frequency;
    int target_score = 1;          // score a target needs when its file gives none (--target-score)
};

// The SIEM alerts behind the detection latency (the CLI's --alerts), parsed once when opened.
struct AlertsFile {
    std::string file;
    std::vector<sh::AlertRecord> alerts;
    sh::Diagnostics diagnostics;  // from parse_alerts_csv (the latency's own are added per recompute)
    std::string text;             // the CSV as read (kept for the saved session)
};

// A layer read as coverage: the previous layer (Diff) or one of the history layers (Trends).
struct CoverageFile {
    std::string file;  // as the user gave it
    sh::Coverage coverage;
    std::string text;  // the layer as read (kept for the saved session)
};

// A trend written by `sigma-heatmap history --trend FILE.json`: a repository's coverage over time,
// its alerts and blame (Trends).
struct HistoryTrendFile {
    std::string file;
    sh::HistoryReport report;
    std::string text;  // as read (kept for the saved session, which replays it as a history input)
    // The core's alert text of each period with a drop, newest first (`history --diffs`'s words),
    // made once when the file is read: the Trends view only shows them.
    std::vector<std::string> alert_texts;
};

// Layers dropped on the page wait here until the user says what they are (a modal asks).
struct PendingLayers {
    std::vector<InputFile> files;
    bool open_popup = false;
};

// The threats the views compare our coverage with (issue 11): chosen in the Threats tab, carried
// by share links. Views write ids and options; app_threats.cpp derives the rest.
struct ThreatSelection {
    std::vector<std::string> ids;   // threat ids in the order chosen ("G0016", "C0024")
    std::string query;              // the picker's search text
    bool include_inactive = false;  // the picker also lists deprecated and revoked threats
    bool only_used = false;         // the matrix shows only the techniques the selection uses
    bool focus_query = false;       // the search box takes the keyboard next frame
};

// Derived from the selection and the scores by update_threats() (app_threats.cpp).
struct ThreatView {
    bool dirty = true;
    std::vector<const sh::Threat*> selected;   // the ids found in the current catalogue
    sh::ThreatCoverage coverage;               // as `layer --threat ... --report` computes it
    std::map<std::string, sh::ThreatUse> use;  // technique id -> selected threats using it (a parent
                                               // with its sub-techniques' users), for the matrix
    std::vector<std::string> techniques;       // every id the selection uses (the "only" filter)
    std::vector<sh::ThreatMatch> matches;      // the picker's list for ThreatSelection::query
    std::string matches_for;                   // the query (and inactive flag) `matches` was made for
};

// Everything the Board, Diff and Trends views show, recomputed by update_reports() when stale.
struct Reports {
    bool dirty = true;
    sh::Coverage current;          // our scores as coverage, named after the layer, dated `date`
    std::string date;              // image_date when they were made (the trend's current point)
    sh::Kpis kpis;
    std::vector<sh::GapRow> gaps;  // top-N
    sh::Trend trend;               // history layers + current
    sh::BoardSummary board;
    bool has_diff = false;
    sh::LayerDiff diff;
    std::string alert;             // alert_text(diff), as the CLI prints it
    std::string alert_note;        // alert_threshold_note: both layers' scores below the threshold
    std::string diff_layer_json;   // write_diff_layer(diff)
    sh::ScoreResult diff_scores;   // that layer as scores: the Diff view's matrix
    sh::Gradient diff_gradient;    // its gradient (diverging, -M..+M)
    std::string kpis_json, gaps_json, diff_json, trend_json, board_json;  // the core's texts
    std::string gaps_csv;          // gaps_to_csv(gaps): the "Download gaps CSV" file
    // Latency (alerts opened and scores from rules), baseline and targets (when opened).
    bool has_latency = false;
    sh::LatencyReport latency;
    bool has_baseline = false;
    sh::BaselineComparison baseline;
    bool has_targets = false;
    sh::TargetReport targets;
    std::string latency_json, baseline_json, targets_json;
    std::string threats_json;      // threat_coverage_to_json (empty without a selection)
    double compute_ms = 0;
    uint64_t serial = 0;           // bumped on every recompute (the board document's cache key)
};

// The board document (board_doc.cpp), kept until its inputs change.
struct BoardDocCache {
    uint64_t reports_serial = ~uint64_t(0);
    std::string layer_json, date;  // the layer it drew and the date under its title
    std::string html;
    uint64_t serial = 0;           // bumped whenever html changes (the platform pushes it to the DOM then)
};

// Messages: confirmations and errors, shown in full in the status bar (errors until dismissed),
// kept in the Problems tab's log, and announced by the platform to assistive technology.
enum class MessageKind { Info, Error };
struct Message {
    MessageKind kind = MessageKind::Info;
    std::string text;
    double time_ms = 0;      // steady clock (now_ms)
    bool dismissed = false;  // an error the user closed (infos just age out of the status bar)
};
struct Messages {
    std::vector<Message> log;    // oldest first, at most kMaxMessages
    std::size_t announced = 0;   // log entries the platform has announced (aria-live)
    std::size_t dropped = 0;     // entries removed from the front (so announced stays right)
};

// Key indices (io.KeysDown) of keys Dear ImGui 1.86 has no name for; set by the platform.
struct KeyCodes {
    int f = -1, f3 = -1;
};

struct ProblemsView {
    std::string filter;
    int sort_column = 1;  // 0 severity, 1 file, 2 line, 3 message
    bool sort_descending = false;
};

struct Stats {
    uint64_t frames = 0;       // ImGui frames built (one per animation frame)
    uint64_t drawn = 0;        // of those, the ones sent to WebGL (the others looked the same)
    uint64_t drawn_partly = 0; // of those, the ones drawn only where they differ (app/redraw.hpp)
    double drawn_pixels = 0;   // pixels cleared and drawn by all of them
    double last_frame_ms = 0;  // ImGui frame build (NewFrame .. Render), measured by the platform
    double max_frame_ms = 0;
    double sum_frame_ms = 0;   // since the last reset (window.sigmaHeatmap.resetFrameStats)
    uint64_t sum_frames = 0;
    double score_ms = 0;       // last recompute of scores
    double scored_at = 0;      // when (steady clock, ms): while loading, rescoring waits 600 ms
};

struct AppState {
    const sh::Catalogue* catalogue = nullptr;       // what is shown and scored against (use_catalogue)
    const sh::Catalogue* home_catalogue = nullptr;  // init's: rules are scored against it, as the CLI's
                                                    // `layer` does; a layer or share link made for another
                                                    // embedded release is shown against that one

    // Inputs.
    std::vector<std::string> files;  // loaded file names, in load order, unique
    std::unordered_map<std::string, std::string> file_texts;  // each loaded file's text, by name
                                     // (for the saved session; also tells in O(1) whether a name is loaded)
    sh::LoadResult loaded;           // rules + load diagnostics of every loaded file
    Loader loader;
    LayerSettings settings;
    MatrixView matrix;

    // Scores not from rules (images.cpp: view_layer, open_share_link): shown instead of the rules'
    // scores until rules are loaded again.
    ScoreSource source = ScoreSource::Rules;
    sh::ScoreResult imported;
    std::string imported_file;   // the layer file, or "share link"
    std::string imported_text;   // the layer's text, or the link's "#s=..." (for the saved session)
    std::map<std::string, std::string> imported_comments;  // a layer's per-entry comment (our layers: the
                                                           // rule titles), by technique + '\0' + tactic
    int imported_scale = 1;          // a layer's score_scale: 100 when read as percentages (source Layer only)
    sh::CellPaints imported_paints;  // a layer's own cell colours and disabled entries (source Layer only)
    std::string imported_score_label = "Score";  // the legend's caption: the layer's ("Score: best rule level")
    std::vector<std::pair<std::string, sh::Rgb>> imported_legend;  // an opened layer's legendItems, as its
                                                                   // picture draws them (source Layer only)
    sh::LayerOptions imported_style;  // layer_options() as the layer was opened: what differs now is
                                      // what the user changed, written into the file's text (layer_json)
    bool read_only = false;      // opened from a share link, until "Start editing"
    std::string share_error;     // why the URL's #s=... could not be opened ("" none)
    bool show_share_error = false;
    std::string image_date;      // date under the image title; "" = today (as the CLI's default)
    int png_scale = 1;           // PNG download: image pixels per layout pixel, 1..3 (png --scale)

    // Derived (see app.cpp: update()).
    sh::ScoreResult scores;
    sh::MatrixModel model;
    std::string layer_json;
    std::vector<std::string> platforms;  // of the catalogue, for the filter
    int techniques_covered = 0;          // distinct technique ids with a score
    // As the Board counts them: active techniques covered by themselves or a sub-technique, and
    // active sub-techniques covered (the toolbar says "170 techniques, 220 sub-techniques").
    int parents_covered = 0;
    int subtechniques_covered = 0;
    // The same on the platform of the filter (matrix.platform), when one is chosen.
    int platform_parents_covered = 0;
    int platform_subtechniques_covered = 0;
    bool scores_dirty = true;
    bool model_dirty = true;
    bool layer_dirty = true;
    MatrixCache cache;

    // UI.
    // Reports (Board, Diff, Trends).
    ReportSettings report;
    bool has_previous = false;
    CoverageFile previous;             // the previous layer for Diff
    std::vector<CoverageFile> history; // earlier layers for Trends
    bool has_history_trend = false;
    HistoryTrendFile history_trend;    // a `history --trend` JSON for Trends (its points join the layers)
    bool has_alerts = false;
    AlertsFile alerts;                 // detection latency (Board)
    bool has_baseline = false;
    CoverageFile baseline;             // a reference layer (Board: what it covers that we do not)
    bool has_targets = false;
    InputFile targets;                 // ids / CSV / a layer; parsed with report.target_score on recompute
    sh::Diagnostics report_diagnostics;  // from those layers and the frequency CSV (Problems tab)
    PendingLayers pending_layers;
    Reports reports;
    ThreatSelection threats;           // groups, campaigns, software to compare with (Threats tab)
    ThreatView threat_view;
    BoardDocCache board_doc;
    MatrixView diff_view;              // the Diff view's matrix (its own expansion and zoom-free options)
    sh::MatrixModel diff_model;
    MatrixCache diff_cache;
    bool diff_model_dirty = true;
    std::vector<bool> trend_series;    // Trends chart: which tactic lines are shown (by Trend::tactics)

    SideTab tab = SideTab::Technique;
    bool switch_tab = false;  // select `tab` on the next frame
    MainView view = MainView::Matrix;
    bool switch_view = false;  // select `view` on the next frame
    ProblemsView problems;
    float display_scale = 1.0f;  // device pixel ratio: the UI is drawn in device pixels
    float side_width = 0;        // side panel width the user chose, device pixels (0: a quarter of the
                                 // page); drawn narrower when the window is, and restored when it grows
    bool side_open = false;      // collapsed until something is selected (or the user opens it)
    bool side_alone = false;  // this frame the open side panel has the whole width (a phone): the matrix is hidden
    KeyCodes keys;
    KeyboardScroll keyboard_scroll;  // the platform gives it the keys' codes
    bool focus_search = false;   // Ctrl+F or '/': the search box takes the keyboard next frame
    float baked_scale = 0, baked_zoom = 0;
    bool baked_ascii_only = false;  // the atlas is FontGlyphs::Ascii (see rebuild_fonts)
    std::uint64_t full_atlases = 0;  // full font atlases baked (window.sigmaHeatmap.stats().fontAtlases)
    ImFont* ui_font = nullptr;
    ImFont* matrix_font = nullptr;
    ImFont* big_font = nullptr;  // board titles and KPI values
    Stats stats;
    std::map<std::string, std::array<float, 4>> ui_rects;  // named buttons, x0 y0 x1 y1 (test hooks)
    std::map<std::string, unsigned> ui_ids;  // ImGui id of a named item (which one has the keyboard focus)
    std::map<std::string, float> ui_needs;  // natural width of a named item (tab labels), device px
    std::map<std::string, std::string> ui_texts;  // texts drawn by name (labels tests read)
    int ellipsized = 0;       // texts shortened with "..." in the last frame (a last resort; tests want 0)
    int ellipsized_frame = 0;
    std::string status;  // an info message to post: moved into `messages` at the next frame
    Messages messages;

    // Sessions (app_session.cpp): the platform saves what is loaded when this counter moves.
    uint64_t inputs_revision = 0;  // bumped by every change to the loaded inputs (files, layers, CSVs)
    std::string session_note;      // where sessions are kept, or why not (set by the platform; About)
    bool request_forget_session = false;  // "Forget" in the About tab

    // Requests for the platform, cleared by it.
    bool request_open_files = false;
    bool request_open_folder = false;
    bool request_download = false;
    std::string request_picker;     // "previous", "history", "frequency": a picker for that purpose
    bool request_gaps_csv = false;  // download Reports::gaps_csv
    bool request_diff_layer = false;
    bool request_print = false;     // print the board document (the platform puts it in the page and prints)
    bool request_board_png = false; // download the board picture (board_doc.cpp: board_png)
    bool request_document = false;  // show the board document instead of the editor
    bool request_svg = false;       // download the heat-map image (images.cpp)
    bool request_png = false;
    bool request_share = false;     // copy the share link
};

}  // namespace app
