// app.hpp — the page's application logic over one AppState, independent of GLFW and the browser:
// loading files in frame-sized slices, recomputing scores/matrix/layer when inputs change, the
// JS test API's summary, fonts and style for a device pixel ratio, and the whole-frame UI.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "app/app_state.hpp"
#include "core/render/board_html.hpp"

namespace app {

void init(AppState& s, const sh::Catalogue& catalogue);

// Loading: files join a queue (each batch sorted by name, so the load order — and the layer —
// does not depend on the order a browser lists them); step_loading() parses until the time
// budget is spent. A file loaded again under the same name replaces its earlier rules.
// A platform that reads files progressively announces how many are coming (expect_files: the
// progress bar counts them from the first frame, loading() stays true) and hands them over in
// name-ordered chunks, each saying how many announced files it settles (as files or problems).
struct EnqueueOptions {
    bool keep_order = false;  // true: load in the given order (a restored session), not by name
    int announced = 0;        // how many of expect_files()' files this call settles
};
int expect_files(AppState& s, int count);  // returns the loader's generation (see Loader)
// Before that, a big pick or a dropped folder is listed over several frames (glue.js): `listed` of
// the `total` picked or dropped files so far; while a drop's folders are still read, total is -1
// (not known yet) and `listed` counts the rule files found. The progress bar says so and loading()
// is true, so Cancel stops the listing too; expect_files(), cancel_loading() and clear() end it, as
// does set_listing(s, 0, 0) (nothing to load). Returns the loader's generation: the platform stops
// listing once it changes.
enum class Listing { Pick, Drop };
int set_listing(AppState& s, int listed, int total, Listing of = Listing::Pick);
bool listing_only(const AppState& s);          // a pick or drop is being listed, and nothing else loads
std::string progress_text(const AppState& s);  // the progress bar's words ("Loading 12 / 3,141 files"); "" when idle
std::string count_text(long long n);           // 31410 -> "31,410": the counts the page shows
std::string count_words(long long n, const char* one, const char* many);  // "1 rule", "3,141 rules"
void enqueue_files(AppState& s, std::vector<InputFile> files, const EnqueueOptions& options = {});
// A diagnostic at once (a report input that would not load); a file of a load that could not be
// read is queued instead (InputFile::problem), so that its diagnostic keeps its place in name order.
void add_problem(AppState& s, const std::string& file, const std::string& message);
bool step_loading(AppState& s, double budget_ms);  // true while files are waiting (queued or announced)
bool loading(const AppState& s);
void cancel_loading(AppState& s);
// Clear: the rules, an imported layer or link, their problems and those of refused Reports inputs go;
// the Reports inputs (previous, history, CSVs, baseline, targets) stay, with their problems.
void clear(AppState& s);
void load_samples(AppState& s);  // the embedded assets/samples/*.yml
std::vector<InputFile> sample_files();  // the same files (the page's parse workers warm up on them)
// The main thread's share of a load, run on the sample rules in a state of its own that is thrown
// away: each sample parsed into a record (as a parse worker sends it back), then `rounds` rounds
// of those records merged under new names, rescored and summarised now and then. The page runs it
// a step per task while it waits for a drop, so that its first load runs the engine's optimised
// code: WebAssembly starts in a baseline tier and recompiles hot functions on background threads,
// which took about as much CPU as a parse worker during the first load.
class WarmUp {
  public:
    static constexpr int kRounds = 300;       // 2,700 rules, near a SigmaHQ checkout's 3,141
    static constexpr int kRescoreEvery = 50;
    explicit WarmUp(int rounds = kRounds) : rounds_(rounds) {}
    bool step(const sh::Catalogue& catalogue);  // one step (a millisecond or so, a rescore more); false once done
    int rounds_done() const { return rounds_done_; }
    int rescores_done() const { return rescores_done_; }
    int summaries_done() const { return summaries_done_; }

  private:
    int rounds_ = kRounds, rounds_done_ = 0, rescores_done_ = 0, summaries_done_ = 0;
    bool rescore_next_ = false, summarise_next_ = false;
    std::vector<InputFile> files_;
    std::size_t parsed_ = 0;
    std::unique_ptr<AppState> state_;
    bool done_ = false;
};

// Derived data, recomputed only when stale.
void update(AppState& s);
// Until update() rescores (ms): -1 when the scores are current, 0 when at the next update(); while
// files load, rescoring waits kLoadingRescoreMs after the load started or the last rescore (a live
// preview, not every frame): a load shorter than that rescores, and redraws the matrix, once.
constexpr double kLoadingRescoreMs = 600;
double ms_until_rescore(const AppState& s);
const std::string& layer_json(AppState& s);
std::string download_file_name(const AppState& s);  // "<name>.json", unsafe characters replaced
std::string summary_json(AppState& s);              // window.sigmaHeatmap.summary()
sh::LayerOptions layer_options(const AppState& s);
std::vector<std::string> palette_colours(const AppState& s);
sh::Gradient current_gradient(const AppState& s);

// Reports (reports.cpp): the previous layer (Diff), history layers (Trends), the frequency CSV,
// layers dropped on the page (a modal asks what they are), and the derived Reports.
// set_previous_layer returns "" or why the text is not a layer (also listed under Problems).
std::string set_previous_layer(AppState& s, const InputFile& file);
void clear_previous_layer(AppState& s);
// Earlier layers, or a `sigma-heatmap history --trend` JSON (told apart by its "format"), for Trends.
int add_history_layers(AppState& s, const std::vector<InputFile>& files);  // how many could be used
void clear_history(AppState& s);
// The cell colours of the layer shown: an opened layer's own (its entries' color and enabled), else none.
const sh::CellPaints& shown_paints(const AppState& s);
std::string set_frequency_csv(AppState& s, const InputFile& file);  // "" or the first error
void clear_frequency(AppState& s);
void add_dropped_layers(AppState& s, std::vector<InputFile> files);
// Detection latency, baseline and targets: the CLI's --alerts, --baseline and --targets. Each
// returns "" or why the file cannot be used (its problems are also listed under Problems).
// Targets are technique ids one per line, CSV technique[,min_score], or a layer whose scored
// techniques are the targets (as `layer --targets`). An alerts CSV dropped with rules is told
// apart by its header (enqueue_files).
std::string set_alerts_csv(AppState& s, const InputFile& file);
void clear_alerts(AppState& s);
std::string set_baseline_layer(AppState& s, const InputFile& file);
void clear_baseline(AppState& s);
std::string set_targets(AppState& s, const InputFile& file);
void clear_targets(AppState& s);
void reset_weights(AppState& s);  // the default weights and criticality table
void update_reports(AppState& s);
std::string report_file_name(const AppState& s, const char* suffix);  // "<layer name><suffix>"

// Threats (app_threats.cpp): the selection the Threats tab, the matrix and the Board compare with.
// select_threat takes an id, name or alias; "" or why not (unknown: the closest names).
std::string select_threat(AppState& s, std::string_view query);
void deselect_threat(AppState& s, std::string_view id);
void clear_threats(AppState& s);
void update_threats(AppState& s);  // ThreatView and the picker's list, when stale (update() calls it)

// Images and share links (images.cpp). The images are made exactly as `sigma-heatmap svg|png`
// makes them from layer_json() with the same view options (layout, expansion, aggregate,
// platforms, hide uncovered, ids/names/scores) and --date; the share link encodes the current
// scores, name, palette and range with the core codec.
std::string image_date(const AppState& s);  // s.image_date or today, YYYY-MM-DD
std::string heatmap_svg(AppState& s);
std::vector<uint8_t> heatmap_png(AppState& s, std::string& error);
std::string share_fragment(AppState& s);  // "#s=..."
// Opens "#s=..." read-only; "" or why not (then the page stays as it was).
std::string open_share_link(AppState& s, std::string_view fragment);
void start_editing(AppState& s);  // leaves the read-only share view, keeping its heat-map
// A Navigator layer as the heat-map (instead of the rules' scores); "" or why not.
std::string view_layer(AppState& s, const InputFile& file);

// The board as a document and as a picture (board_doc.cpp), made by the core exactly as
// `sigma-heatmap board` makes them from the same inputs: the HTML (kept until the reports, the
// layer or the date change; s.board_doc.serial says when it did) and the PNG at png_scale.
sh::BoardReport board_report(AppState& s);
const std::string& board_html(AppState& s);
std::vector<uint8_t> board_png(AppState& s, std::string& error);

// Messages (app.cpp): post one (it shows in the status bar, the Problems tab's log and, through
// the platform, an aria-live region). s.status = "..." is the short form of an info message.
void post_message(AppState& s, MessageKind kind, std::string text);
void take_status(AppState& s);  // moves s.status into the messages
void dismiss_errors(AppState& s);

// Input the platform cannot express as ImGui events (app_input.cpp): a zoom of the matrix by a
// factor around a point in device pixels (pinch, Ctrl+wheel); search navigation (+1 next, -1 previous).
void zoom_matrix(AppState& s, float factor, float x, float y);
void search_step(AppState& s, int direction);

// Options by name, for tests and scripted screenshots (window.sigmaHeatmap.setOptions). Unknown
// keys and bad values are reported in the returned string ("" when all applied).
std::string apply_options_json(AppState& s, std::string_view json);
// The current options as JSON that apply_options_json takes back (a round trip changes nothing).
// Settings are what a user keeps from one visit to the next on this device (palette, layout, zoom,
// filters, thresholds, weights); Session adds what belongs to the loaded inputs (layer name and
// description, search, expanded techniques, the selection, the open tab and view).
enum class OptionsScope { Settings, Session };
std::string options_json(const AppState& s, OptionsScope scope);

// Sessions (app_session.cpp): what is loaded, so that the platform can save it and replay it on a
// later visit through the same entry points (files in load order, then layers and CSVs, then
// options). session_manifest_json lists the inputs without their texts; session_texts() gives
// their texts in the same order (nullptr for a problem, which has none), valid until the state
// changes (inputs_revision moves).
std::string session_manifest_json(const AppState& s);
std::vector<const std::string*> session_texts(const AppState& s);

// Test hook: where something is on screen, in device pixels, as {"x","y","w","h"} (or "null"):
// a named button ("open", "open-folder", "samples", "clear", "download", "cancel", "search") or a
// matrix cell ("cell:T1059/execution"; "visible" says whether it is scrolled into view).
std::string ui_rect_json(const AppState& s, std::string_view name);

// Fonts and style for the device pixel ratio and the matrix zoom. rebuild_fonts() changes the
// font atlas: call it outside NewFrame/Render, then let the renderer re-upload the texture.
// FontGlyphs::Ascii bakes printable ASCII only, for a frame that only lays the page out and is not
// drawn (the page's first: the matrix's fitted zoom, and so its font size, is known after it);
// fonts_need_rebuild() is then true until the full atlas is baked.
enum class FontGlyphs { All, Ascii };
void set_display_scale(AppState& s, float device_pixel_ratio);
bool fonts_need_rebuild(const AppState& s);
void rebuild_fonts(AppState& s, FontGlyphs glyphs = FontGlyphs::All);

// The whole UI for one frame (between ImGui::NewFrame and ImGui::Render).
void frame(AppState& s);

}  // namespace app
