// platform_web.cpp — the only code that knows GLFW and Emscripten: creates the WebGL2 context,
// runs the main loop (loading slices, ImGui frame, render), keeps the canvas at device-pixel
// resolution, and exposes the C functions behind window.sigmaHeatmap (web/glue.js): adding files,
// summary, layer text, options, stats, the board document (web/board.js shows it in the page).
// Downloads, file pickers, printing and the clipboard go out to the JS side. Without WebGL 2 the
// app state, the loader and the core still run (no frames): the page shows the board document.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/input_queue.hpp"
#include "app/redraw.hpp"
#include "backends/imgui_impl_glfw.h"
#include "backends/imgui_impl_opengl3.h"
#include "core/catalogue.hpp"
#include "imgui.h"
#include "imgui_internal.h"  // the caret of the text field being edited (PlatformImePos)

namespace {

struct Platform {
    GLFWwindow* window = nullptr;
    app::AppState state;
    std::vector<app::InputFile> incoming;  // files handed over by JS, enqueued on commit
    int fb_w = 0, fb_h = 0;
    double last_frame_start = 0;  // for the loading slice (see frame())
    double last_parse_ms = 0;
    bool pumped = false;          // glue.js is loading between frames (sh_load_step): frames only draw
    bool graphics = false;        // the WebGL 2 context and ImGui's backends are up (else: no frames)
    // Drawing only what changed (see frame()): what the canvas shows, and when it was drawn.
    app::Redraw shown;
    app::WarmUp warm_up;  // run a step at a time by glue.js while the page waits for a drop
    bool keeps_frame = false;     // the canvas keeps its last frame (preserveDrawingBuffer): draw only the damage
    bool loaded_last_frame = false;  // files were loading when the last frame ended
    bool must_draw = true;        // the canvas was cleared (resize) or its texture rebuilt
    double drawn_at = 0;
    double drawn_scored_at = 0;   // AppState's stats.scored_at when the canvas was last drawn
    uint64_t dear_frames = 0;     // frames that rescored or drew over a quarter of the canvas
    uint64_t rescored_drawn = 0;  // frames that rescored and drew (sh_stats: a load with no input has none)
    uint64_t skipped_frames = 0;  // animation frames not built while loading (see frame())
    bool fonts_baked = false;     // the font atlas has been baked once (see frame())
    double input_at = 0;          // last input event fed to ImGui
    uint64_t board_in_dom = ~uint64_t(0);  // BoardDocCache::serial of the document the page shows
    std::string clipboard;
    // Text fields, for glue.js's on-screen keyboard (its text proxy): a text field was under the
    // pointer in the last frame built; one is being edited, with its caret (device pixels).
    bool text_hovered = false;
    bool text_active = false;
    float caret_x = -1, caret_y = -1, caret_h = 0;
    std::string out;  // last string returned to JS
    std::vector<app::InputFile> history_batch;  // sh_add_history_layer until sh_add_history_layers_done
    // The texts of the last session manifest (sh_session_manifest), read one by one by JS while
    // state.inputs_revision still equals texts_revision.
    std::vector<const std::string*> session_texts;
    uint64_t session_texts_revision = 0;
};

Platform* g_platform = nullptr;  // the single instance; JS entry points reach it through this

double now_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

// The canvas fills the page (CSS); its drawing buffer follows CSS size x device pixel ratio, and
// ImGui works in those device pixels (GLFW's mouse coordinates are scaled the same way).
void sync_canvas_size(Platform& p) {
    double css_w = 0, css_h = 0;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double dpr = emscripten_get_device_pixel_ratio();
    const int w = std::max(1, int(std::lround(css_w * dpr)));
    const int h = std::max(1, int(std::lround(css_h * dpr)));
    if (w != p.fb_w || h != p.fb_h) {
        emscripten_set_canvas_element_size("#canvas", w, h);  // which clears it
        p.fb_w = w;
        p.fb_h = h;
        p.must_draw = true;
    }
    app::set_display_scale(p.state, float(dpr));
}

// Every input event goes through one queue (app/input_queue.hpp) that feeds Dear ImGui one
// frame's worth at a time, so that no key, click or character is lost or reordered between frames.
// The backend's own GLFW callbacks are replaced; its NewFrame still runs (cursor shapes, display
// size) and the queue then sets the mouse and keys over what it read.
app::InputQueue& input_queue() {
    static app::InputQueue queue([] {
        app::ModifierKeys m;
        m.ctrl[0] = GLFW_KEY_LEFT_CONTROL, m.ctrl[1] = GLFW_KEY_RIGHT_CONTROL;
        m.shift[0] = GLFW_KEY_LEFT_SHIFT, m.shift[1] = GLFW_KEY_RIGHT_SHIFT;
        m.alt[0] = GLFW_KEY_LEFT_ALT, m.alt[1] = GLFW_KEY_RIGHT_ALT;
        m.super[0] = GLFW_KEY_LEFT_SUPER, m.super[1] = GLFW_KEY_RIGHT_SUPER;
        m.enter[0] = GLFW_KEY_ENTER, m.enter[1] = GLFW_KEY_KP_ENTER;
        return m;
    }());
    return queue;
}

// Keys and characters come from GLFW's keyboard callbacks; the pointer (mouse, touch, pen) and
// the wheel come from web/glue.js's input section (sh_pointer_*, sh_wheel, sh_zoom), which knows
// what GLFW's Emscripten port drops: the wheel's deltaMode, touches, the pointer leaving.
void key_callback(GLFWwindow*, int key, int, int action, int) {
    if (action != GLFW_REPEAT) input_queue().key(key, action == GLFW_PRESS);
}
void char_callback(GLFWwindow*, unsigned int c) { input_queue().character(c); }

const char* get_clipboard(void* user) { return static_cast<Platform*>(user)->clipboard.c_str(); }

void set_clipboard(void* user, const char* text) {
    static_cast<Platform*>(user)->clipboard = text ? text : "";
    EM_ASM({ if (Module.shCopyText) Module.shCopyText(UTF8ToString($0)); }, text ? text : "");
}

// The board picture from the core (what `sigma-heatmap board --png --scale N` draws), downloaded.
void download_board_png(app::AppState& s) {
    s.request_board_png = false;
    std::string error;
    const std::vector<uint8_t> png = app::board_png(s, error);
    const std::string name = app::report_file_name(s, "-board.png");
    if (png.empty()) {
        app::post_message(s, app::MessageKind::Error, "No board PNG: " + error);
        EM_ASM({ console.error('sigma-heatmap: no board PNG: ' + UTF8ToString($0)); }, error.c_str());
        return;
    }
    EM_ASM({ if (Module.shDownloadBytes) Module.shDownloadBytes(UTF8ToString($0), HEAPU8.slice($1, $1 + $2), 'image/png'); },
           name.c_str(), png.data(), int(png.size()));
    s.status = "Saved " + name;
}

// Tells glue.js when a text field starts or stops being edited, and where its caret is: on a
// touch screen it then focuses (or blurs) a text proxy, which brings up (or hides) the on-screen
// keyboard. Read after the frame: the cursor shape says a text field is under the pointer.
void report_text_fields(Platform& p) {
    const ImGuiContext& g = *ImGui::GetCurrentContext();
    p.text_hovered = ImGui::GetMouseCursor() == ImGuiMouseCursor_TextInput;
    const bool active = ImGui::GetIO().WantTextInput;
    const float x = active ? g.PlatformImePos.x : -1, y = active ? g.PlatformImePos.y : -1;
    const float h = active ? g.FontSize : 0;
    if (active == p.text_active && x == p.caret_x && y == p.caret_y && h == p.caret_h) return;
    p.text_active = active;
    p.caret_x = x, p.caret_y = y, p.caret_h = h;
    EM_ASM({ if (Module.shTextInput) Module.shTextInput($0 !== 0, $1, $2, $3); }, active ? 1 : 0, x, y, h);
}

void handle_requests(Platform& p) {
    app::AppState& s = p.state;
    if (s.request_open_files) EM_ASM({ if (Module.shOpenPicker) Module.shOpenPicker(false); });
    if (s.request_open_folder) EM_ASM({ if (Module.shOpenPicker) Module.shOpenPicker(true); });
    s.request_open_files = s.request_open_folder = false;
    if (s.request_download) {
        s.request_download = false;
        const std::string& text = app::layer_json(s);
        const std::string name = app::download_file_name(s);
        EM_ASM({ if (Module.shDownload) Module.shDownload(UTF8ToString($0), UTF8ToString($1)); }, name.c_str(),
               text.c_str());
        s.status = "Saved " + name;
    }
    if (!s.request_picker.empty()) {
        EM_ASM({ if (Module.shOpenAuxPicker) Module.shOpenAuxPicker(UTF8ToString($0)); }, s.request_picker.c_str());
        s.request_picker.clear();
    }
    auto download = [&](const std::string& name, const std::string& text, const char* mime) {
        EM_ASM({ if (Module.shDownload) Module.shDownload(UTF8ToString($0), UTF8ToString($1), UTF8ToString($2)); },
               name.c_str(), text.c_str(), mime);
        s.status = "Saved " + name;
    };
    if (s.request_gaps_csv) {
        s.request_gaps_csv = false;
        app::update_reports(s);
        download(app::report_file_name(s, "-gaps.csv"), s.reports.gaps_csv, "text/csv");
    }
    if (s.request_diff_layer) {
        s.request_diff_layer = false;
        app::update_reports(s);
        if (s.reports.has_diff) download(app::report_file_name(s, "-diff.json"), s.reports.diff_layer_json, "application/json");
    }
    if (s.request_svg) {
        s.request_svg = false;
        download(app::report_file_name(s, ".svg"), app::heatmap_svg(s), "image/svg+xml");
    }
    if (s.request_png) {
        s.request_png = false;
        std::string error;
        const std::vector<uint8_t> png = app::heatmap_png(s, error);
        const std::string name = app::report_file_name(s, ".png");
        if (png.empty()) {
            app::post_message(s, app::MessageKind::Error, "No PNG: " + error);
        } else {
            EM_ASM({ if (Module.shDownloadBytes) Module.shDownloadBytes(UTF8ToString($0), HEAPU8.slice($1, $1 + $2), 'image/png'); },
                   name.c_str(), png.data(), int(png.size()));
            s.status = "Saved " + name;
        }
    }
    if (s.request_forget_session) {
        s.request_forget_session = false;
        EM_ASM({ if (Module.shSessionForget) Module.shSessionForget(); });
    }
    if (s.request_share) {
        s.request_share = false;
        const std::string fragment = app::share_fragment(s);
        EM_ASM({ if (Module.shShare) Module.shShare(UTF8ToString($0)); }, fragment.c_str());
        s.status = "Share link copied to the clipboard: the whole heat-map is in the link after '#' (" +
                   std::to_string(fragment.size()) + " characters), which is never sent to a server";
    }
    if (s.request_board_png) download_board_png(s);
    // The board document: board.js puts it in the page (sh_board_html) and prints it or shows it.
    if (s.request_print) {
        s.request_print = false;
        EM_ASM({ if (Module.shPrintBoard) Module.shPrintBoard(); });
    }
    if (s.request_document) {
        s.request_document = false;
        EM_ASM({ if (Module.shShowDocument) Module.shShowDocument(); });
    }
}

// New messages go to the page's aria-live regions (glue.js), so assistive technology reads them.
void announce_messages(app::AppState& s) {
    auto& m = s.messages;
    for (; m.announced < m.log.size(); ++m.announced) {
        const app::Message& msg = m.log[m.announced];
        EM_ASM({ if (Module.shAnnounce) Module.shAnnounce(UTF8ToString($0), $1); }, msg.text.c_str(),
               msg.kind == app::MessageKind::Error ? 1 : 0);
    }
}

// While files load and nobody is touching the page, the canvas is redrawn at most this often
// (the progress bar still moves several times a second; input is answered at the next frame).
constexpr double kLoadingRedrawMs = 200;
constexpr double kInputFreshMs = 500;  // input this recent is answered at once, loading or not
constexpr std::uint64_t kSettleFrames = 3;  // the first frame drawn (see frame())

// A redraw is owed, or input is waiting or fresh: a frame that differs is drawn now.
bool answers_input(const Platform& p, double now) {
    return p.must_draw || !input_queue().empty() || now - p.input_at <= kInputFreshMs;
}

// A frame that differs from the canvas is drawn at once (not every kLoadingRedrawMs): it answers
// input, or nothing is loading.
bool draws_at_once(const Platform& p, double now) { return answers_input(p, now) || !app::loading(p.state); }

// Loading with no input, and the last drawn frame is under kLoadingRedrawMs old: no frame now.
bool waits_to_draw(const Platform& p, double now) { return !draws_at_once(p, now) && now - p.drawn_at < kLoadingRedrawMs; }

// What every animation frame does last, built or not.
void finish_frame(Platform& p) {
    app::AppState& s = p.state;
    handle_requests(p);
    app::take_status(s);
    announce_messages(s);
    if (s.loader.notify_idle && !app::loading(s)) {
        s.loader.notify_idle = false;
        EM_ASM({ if (Module.shIdle) Module.shIdle(); });
    }
}

void frame(void* arg) {
    Platform& p = *static_cast<Platform*>(arg);
    app::AppState& s = p.state;
    sync_canvas_size(p);
    if (app::fonts_need_rebuild(s)) {
        // The page's first frame only lays it out (it is not drawn, see kSettleFrames), and the
        // matrix's fitted zoom, which sizes the matrix font, is known only after it: baked in full
        // then, the atlas was baked twice at every size and uploaded three times (the backend's
        // first NewFrame uploads it too); font work in the first frames took 332 ms at 1366x768
        // and 618 ms at 390x844, DPR 3 (a 2048x2048 atlas). The first frame gets printable ASCII
        // only (the backend uploads that small atlas); the next bakes the atlas in full, once:
        // 197 and 450 ms.
        const bool layout_only = !p.fonts_baked;
        p.fonts_baked = true;
        app::rebuild_fonts(s, layout_only ? app::FontGlyphs::Ascii : app::FontGlyphs::All);
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        if (!layout_only) ImGui_ImplOpenGL3_CreateFontsTexture();
        p.must_draw = true;
    }
    // Parse a slice of the queued files. The slice is three times what the rest of a frame costs
    // (30..200 ms): about 75% of the time goes to loading, and the page still answers (the
    // progress bar moves, Cancel works) even where drawing is slow (software WebGL).
    const double start = now_ms();
    const double other_ms = p.last_frame_start > 0 ? start - p.last_frame_start - p.last_parse_ms : 10.0;
    p.last_frame_start = start;
    const bool was_loading = app::loading(s);
    if (!p.pumped) app::step_loading(s, std::clamp(3.0 * other_ms, 30.0, 200.0));
    p.last_parse_ms = was_loading ? now_ms() - start : 0.0;

    // While files load and nobody touches the page, a frame that would not be drawn (the last
    // drawn one is under kLoadingRedrawMs old) is not built either: with the inputs changing at
    // every loader step such a frame cost 3.5-5.7 ms here, and the 25-55 of them during the
    // SigmaHQ folder's load took more of the main thread than decoding the workers' records.
    // Input, an owed redraw and the end of the load build (and draw) the next frame as before.
    if (waits_to_draw(p, now_ms())) {
        ++p.skipped_frames;
        p.loaded_last_frame = true;
        finish_frame(p);
        return;
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGuiIO& io = ImGui::GetIO();
    if (!input_queue().empty()) p.input_at = now_ms();
    input_queue().apply(io);
    io.DisplaySize = ImVec2(float(p.fb_w), float(p.fb_h));
    io.DisplayFramebufferScale = ImVec2(1, 1);
    const double t0 = now_ms();
    const double scored_at = s.stats.scored_at;
    ImGui::NewFrame();
    app::frame(s);
    ImGui::Render();
    report_text_fields(p);
    const double build_ms = now_ms() - t0;
    s.stats.last_frame_ms = build_ms;
    if (s.stats.frames > 2 && build_ms > s.stats.max_frame_ms) s.stats.max_frame_ms = build_ms;
    s.stats.sum_frame_ms += build_ms;
    ++s.stats.sum_frames;
    ++s.stats.frames;

    // Draw only a frame that differs from what the canvas shows, and where the canvas keeps its
    // last frame only the rectangle that differs (app/redraw.hpp): software WebGL spends 50-130 ms
    // of CPU on one full frame here, a progress bar's or a hovered button's rectangle a few. An
    // idle page costs no drawing, and while loading with no input the progress is redrawn every
    // kLoadingRedrawMs, leaving the CPU to the parse workers. A frame not drawn leaves the canvas
    // as it was (the browser keeps showing the last drawn frame).
    ImDrawData& dd = *ImGui::GetDrawData();
    const app::PixelRect all{0, 0, p.fb_w, p.fb_h};
    app::PixelRect damage = p.must_draw ? all : p.shown.damage(dd, p.fb_w, p.fb_h);
    if (!damage.empty() && !p.keeps_frame) damage = all;
    const double now = now_ms();
    bool draw = !damage.empty();
    // While loading with no input: at most every kLoadingRedrawMs. A frame that rescored while files
    // load, or as the last of them came, is not drawn unless input waits (the next frame draws it),
    // so that one frame gap does not take both: at the end of a 31,410-file load the rescore and
    // the full redraw are 30-40 ms each here.
    const bool rescored = s.stats.scored_at != scored_at;
    if (draw && rescored && !answers_input(p, now) && (app::loading(s) || p.loaded_last_frame)) draw = false;
    if (draw && waits_to_draw(p, now)) draw = false;
    // The first frames are built but not drawn: ImGui lays windows and tables out over its first
    // frames, so the page's first three frames each drew most of the canvas, and a full software
    // WebGL frame costs 100-170 ms here. The first frame drawn is the settled one.
    if (s.stats.frames < kSettleFrames) draw = false;
    p.loaded_last_frame = app::loading(s);
    if (draw) {
        p.shown.remember(dd, p.fb_w, p.fb_h);  // before clip_to changes the clip rectangles
        const bool part = !(damage == all);
        glViewport(0, 0, p.fb_w, p.fb_h);
        if (part) {
            glEnable(GL_SCISSOR_TEST);
            glScissor(damage.x0, p.fb_h - damage.y1, damage.x1 - damage.x0, damage.y1 - damage.y0);
            app::Redraw::clip_to(dd, damage, p.fb_h);
        }
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the main window draws no background
        glClearColor(bg.x, bg.y, bg.z, 1.0f);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(&dd);
        glDisable(GL_SCISSOR_TEST);  // the backend restores the state it found: ours, for the clear
        p.must_draw = false;
        p.drawn_at = now;
        p.drawn_scored_at = s.stats.scored_at;
        ++s.stats.drawn;
        if (part) ++s.stats.drawn_partly;
        s.stats.drawn_pixels += double(damage.area());
    }
    if (rescored || (draw && damage.area() * 4 > all.area())) ++p.dear_frames;
    if (rescored && draw) ++p.rescored_drawn;

    finish_frame(p);
}

}  // namespace

// ---- entry points for web/glue.js (window.sigmaHeatmap) ----
extern "C" {

EMSCRIPTEN_KEEPALIVE void sh_add_file(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return;
    g_platform->incoming.push_back({name, std::string(text, std::size_t(length))});
}

// A file a parse worker has parsed: its text (kept, as for any file) and its rules and diagnostics
// as a wire record (core/rules_wire.hpp), decoded in name order by the loader.
EMSCRIPTEN_KEEPALIVE void sh_add_parsed_file(const char* name, const char* text, int length, const char* parsed,
                                             int parsed_length) {
    if (!g_platform || !name || !text || length < 0 || !parsed || parsed_length < 0) return;
    g_platform->incoming.push_back({name, std::string(text, std::size_t(length)), std::string(parsed, std::size_t(parsed_length))});
}

// One step of app::WarmUp (glue.js: one per task while the page waits for a drop); 0 once done.
EMSCRIPTEN_KEEPALIVE int sh_warm_up() {
    if (!g_platform || !g_platform->state.catalogue) return 0;
    return g_platform->warm_up.step(*g_platform->state.catalogue) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void sh_add_problem(const char* file, const char* message) {
    if (!g_platform) return;
    app::add_problem(g_platform->state, file ? file : "", message ? message : "");
}

// A file of a load that could not be read: its error, queued with the files handed over (enqueued
// on commit) so that it takes its place among their diagnostics in name order.
EMSCRIPTEN_KEEPALIVE void sh_add_file_problem(const char* file, const char* message) {
    if (!g_platform) return;
    app::InputFile f;
    f.name = file ? file : "";
    f.problem = message && *message ? message : "could not be read";
    g_platform->incoming.push_back(std::move(f));
}

// Queues the files added since the last commit. keep_order: load them in the order given (a
// restored session) instead of by name; announced: how many of the files announced by
// sh_expect_files this settles (as files, or as problems added before this call).
EMSCRIPTEN_KEEPALIVE void sh_commit_files(int keep_order, int announced) {
    if (!g_platform) return;
    app::EnqueueOptions o;
    o.keep_order = keep_order != 0;
    o.announced = announced;
    app::enqueue_files(g_platform->state, std::move(g_platform->incoming), o);
    g_platform->incoming.clear();
    g_platform->pumped = true;  // glue.js starts its between-frames loader right after this call
}

// glue.js is about to read `count` files (a folder pick, a drop, a zip): the progress bar counts
// them from now. Returns the loader's generation; when sh_load_generation() no longer returns it,
// the user cancelled (or cleared) and the rest is not handed over.
EMSCRIPTEN_KEEPALIVE int sh_expect_files(int count) {
    if (!g_platform) return -1;
    g_platform->pumped = true;
    return app::expect_files(g_platform->state, count);
}

// glue.js lists a big pick or a dropped folder over several frames: `listed` of `total` so far,
// total -1 while a drop's folders are read (app::set_listing; dropped: 1 for a drop). Returns the
// loader's generation: once sh_load_generation() differs, Cancel was pressed.
EMSCRIPTEN_KEEPALIVE int sh_listing(int listed, int total, int dropped) {
    return g_platform ? app::set_listing(g_platform->state, listed, total, dropped ? app::Listing::Drop : app::Listing::Pick) : -1;
}

EMSCRIPTEN_KEEPALIVE int sh_load_generation() { return g_platform ? g_platform->state.loader.generation : -1; }

// Parses queued files for up to budget_ms; glue.js calls it right after each frame is drawn, so a
// big load runs while the frame loop would otherwise wait for the next vsync, and the frame loop
// itself only draws meanwhile. Returns 1 while files are still waiting.
EMSCRIPTEN_KEEPALIVE int sh_load_step(double budget_ms) {
    if (!g_platform) return 0;
    if (!app::loading(g_platform->state)) {  // done, or cancelled from the progress bar
        g_platform->pumped = false;
        return 0;
    }
    app::AppState& s = g_platform->state;
    const bool more = app::step_loading(s, budget_ms);
    g_platform->pumped = more;
    if (!more) {
        // The summary is computed on demand: loadFiles() can resolve now rather than after a frame.
        if (s.loader.notify_idle) {
            s.loader.notify_idle = false;
            EM_ASM({ if (Module.shIdle) Module.shIdle(); });
        }
    }
    return more ? 1 : 0;
}
// ---- input from glue.js (device pixels, relative to the canvas) ----
// A wheel or trackpad scroll in device pixels, browser sign (+dy: content moves up, as on a page);
// glue.js converts line and page deltas to pixels and Shift+wheel to horizontal first. A touch
// drag arrives here too (the content follows the finger).
EMSCRIPTEN_KEEPALIVE void sh_wheel(double dx, double dy) { input_queue().wheel_pixels(float(dx), float(dy)); }
EMSCRIPTEN_KEEPALIVE void sh_pointer_move(double x, double y) { input_queue().mouse_pos(float(x), float(y)); }
// button: 0 left (or a tap), 1 right, 2 middle.
EMSCRIPTEN_KEEPALIVE void sh_pointer_button(int button, int down) { input_queue().mouse_button(button, down != 0); }
// The pointer left the canvas, or a finger lifted: nothing stays hovered (no tooltip left behind).
EMSCRIPTEN_KEEPALIVE void sh_pointer_gone() { input_queue().mouse_gone(); }
// A character typed where the browser would otherwise act on the key ('/' opens Firefox's quick find).
EMSCRIPTEN_KEEPALIVE void sh_char(int codepoint) { input_queue().character(unsigned(codepoint)); }
// An editing key the on-screen keyboard or an input method sent without a key event of its own
// (glue.js's text proxy): 1 Backspace, 2 Enter, 3 Delete; pressed and released.
EMSCRIPTEN_KEEPALIVE void sh_edit_key(int which) {
    const int key = which == 1 ? GLFW_KEY_BACKSPACE : which == 2 ? GLFW_KEY_ENTER : which == 3 ? GLFW_KEY_DELETE : -1;
    if (key < 0) return;
    input_queue().key(key, true);
    input_queue().key(key, false);
}
// 1 when the last frame built had a text field under the pointer (a tap there edits it).
EMSCRIPTEN_KEEPALIVE int sh_text_field_hovered() { return g_platform && g_platform->text_hovered ? 1 : 0; }
// Pinch or Ctrl+wheel: zoom the matrix by `factor` around (x, y). Returns the factor applied
// (the zoom moves in steps, so glue.js keeps the rest of a slow pinch for the next call).
EMSCRIPTEN_KEEPALIVE double sh_zoom(double factor, double x, double y) {
    if (!g_platform) return 1;
    const float before = g_platform->state.matrix.zoom;
    app::zoom_matrix(g_platform->state, float(factor), float(x), float(y));
    return double(g_platform->state.matrix.zoom) / double(before);
}
// 1 when leaving the page would lose work (rules or layers loaded): glue.js asks before unload.
EMSCRIPTEN_KEEPALIVE int sh_has_work() {
    if (!g_platform) return 0;
    const app::AppState& s = g_platform->state;
    return !s.files.empty() || app::loading(s) || s.source == app::ScoreSource::Layer || s.has_previous ||
                   !s.history.empty()
               ? 1
               : 0;
}
// A message from the JS side (a picked file that could not be used): 0 info, 1 error.
EMSCRIPTEN_KEEPALIVE void sh_post_message(int kind, const char* text) {
    if (g_platform && text) app::post_message(g_platform->state, kind ? app::MessageKind::Error : app::MessageKind::Info, text);
}

// Input events still waiting for a frame (window.sigmaHeatmap.frames() waits for them).
EMSCRIPTEN_KEEPALIVE int sh_input_pending() { return int(input_queue().size()); }

EMSCRIPTEN_KEEPALIVE int sh_busy() { return g_platform && app::loading(g_platform->state) ? 1 : 0; }

// For the loader's pump (glue.js), which keeps its step short before a frame that costs more than
// building it (see frame()):
// sh_ms_until_draw: ms until a frame would draw or rescore: 0 at once (input waiting or fresh,
//   nothing loading, a redraw owed), else the least of the rest of kLoadingRedrawMs since the last
//   drawn frame and the time until the loader's next rescore (app::ms_until_rescore);
// sh_draw_dear: 1 when a frame `ahead_ms` from now would be dear: rescore, or draw much of the
//   canvas (a redraw owed, input, a rescore not yet drawn: the matrix changes colour); else 0;
// sh_frames_drawn, sh_frames_dear: frames drawn so far, and dear ones (rescored or drew over a
//   quarter of the canvas), so the pump can tell what the frames it measured cost.
EMSCRIPTEN_KEEPALIVE double sh_ms_until_draw() {
    if (!g_platform) return 0;
    const Platform& p = *g_platform;
    const double now = now_ms();
    if (draws_at_once(p, now)) return 0;
    const double draw = std::max(0.0, p.drawn_at + kLoadingRedrawMs - now);
    const double rescore = app::ms_until_rescore(p.state);
    return rescore < 0 ? draw : std::min(draw, rescore);
}
EMSCRIPTEN_KEEPALIVE int sh_draw_dear(double ahead_ms) {
    if (!g_platform) return 1;
    const Platform& p = *g_platform;
    const double now = now_ms();
    if (draws_at_once(p, now + ahead_ms) || p.drawn_scored_at != p.state.stats.scored_at) return 1;
    const double rescore = app::ms_until_rescore(p.state);
    return rescore >= 0 && rescore <= ahead_ms ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE double sh_frames_drawn() { return g_platform ? double(g_platform->state.stats.drawn) : 0; }
EMSCRIPTEN_KEEPALIVE double sh_frames_dear() { return g_platform ? double(g_platform->dear_frames) : 0; }

EMSCRIPTEN_KEEPALIVE const char* sh_summary() {
    if (!g_platform) return "{}";
    g_platform->out = app::summary_json(g_platform->state);
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* sh_layer_json() {
    if (!g_platform) return "";
    return app::layer_json(g_platform->state).c_str();
}

EMSCRIPTEN_KEEPALIVE const char* sh_layer_file_name() {
    if (!g_platform) return "";
    g_platform->out = app::download_file_name(g_platform->state);
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* sh_set_options(const char* json) {
    if (!g_platform) return "not ready";
    g_platform->out = app::apply_options_json(g_platform->state, json ? json : "");
    return g_platform->out.c_str();
}

// ---- sessions (web/session.js) ----

// The options as JSON: session != 0 adds what belongs to the loaded inputs (see app::options_json).
EMSCRIPTEN_KEEPALIVE const char* sh_options_json(int session) {
    if (!g_platform) return "{}";
    g_platform->out = app::options_json(g_platform->state, session ? app::OptionsScope::Session : app::OptionsScope::Settings);
    return g_platform->out.c_str();
}

// Moves whenever the loaded inputs change: session.js saves them then (a double: JS numbers).
EMSCRIPTEN_KEEPALIVE double sh_session_revision() { return g_platform ? double(g_platform->state.inputs_revision) : 0; }

EMSCRIPTEN_KEEPALIVE const char* sh_session_manifest() {
    if (!g_platform) return "{}";
    Platform& p = *g_platform;
    p.session_texts = app::session_texts(p.state);
    p.session_texts_revision = p.state.inputs_revision;
    p.out = app::session_manifest_json(p.state);
    return p.out.c_str();
}

// The i-th input's text of the last manifest, as UTF-8 bytes in the heap: its address (0 when the
// inputs changed since the manifest, or past the end) and its length.
EMSCRIPTEN_KEEPALIVE const char* sh_session_text(int i) {
    if (!g_platform) return nullptr;
    Platform& p = *g_platform;
    if (p.session_texts_revision != p.state.inputs_revision || i < 0 || std::size_t(i) >= p.session_texts.size()) return nullptr;
    static const char empty = 0;
    return p.session_texts[std::size_t(i)] ? p.session_texts[std::size_t(i)]->data() : &empty;
}

EMSCRIPTEN_KEEPALIVE int sh_session_text_length(int i) {
    if (!g_platform) return 0;
    Platform& p = *g_platform;
    if (p.session_texts_revision != p.state.inputs_revision || i < 0 || std::size_t(i) >= p.session_texts.size()) return 0;
    return p.session_texts[std::size_t(i)] ? int(p.session_texts[std::size_t(i)]->size()) : 0;
}

// Bit 0: read-only (a share link being viewed); bit 1: the heat-map is the loaded rules' (not a
// layer or a link shown instead). session.js keeps settings only when they are the user's own.
EMSCRIPTEN_KEEPALIVE int sh_session_state() {
    if (!g_platform) return 0;
    const app::AppState& s = g_platform->state;
    return (s.read_only ? 1 : 0) | (s.source == app::ScoreSource::Rules ? 2 : 0);
}

// Where sessions are kept, or why not: shown in the About tab.
EMSCRIPTEN_KEEPALIVE void sh_set_session_note(const char* text) {
    if (g_platform) g_platform->state.session_note = text ? text : "";
}

EMSCRIPTEN_KEEPALIVE const char* sh_ui_rect(const char* name) {
    if (!g_platform) return "null";
    g_platform->out = app::ui_rect_json(g_platform->state, name ? name : "");
    return g_platform->out.c_str();
}

// Reports: the previous layer, history layers, the frequency CSV, dropped layers. The ones that
// can fail return "" or the message.
EMSCRIPTEN_KEEPALIVE const char* sh_set_previous_layer(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return "not ready";
    g_platform->out = app::set_previous_layer(g_platform->state, {name, std::string(text, std::size_t(length))});
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE void sh_clear_previous_layer() {
    if (g_platform) app::clear_previous_layer(g_platform->state);
}

// History layers picked together are added together (one status: "5 history layers added"): each
// is handed over with sh_add_history_layer, then sh_add_history_layers_done adds them all and says
// how many it took.
EMSCRIPTEN_KEEPALIVE void sh_add_history_layer(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return;
    g_platform->history_batch.push_back({name, std::string(text, std::size_t(length))});
}

EMSCRIPTEN_KEEPALIVE int sh_add_history_layers_done() {
    if (!g_platform) return 0;
    std::vector<app::InputFile> files;
    files.swap(g_platform->history_batch);
    return files.empty() ? 0 : app::add_history_layers(g_platform->state, files);
}

EMSCRIPTEN_KEEPALIVE void sh_clear_history() {
    if (g_platform) app::clear_history(g_platform->state);
}

EMSCRIPTEN_KEEPALIVE const char* sh_set_frequency_csv(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return "not ready";
    g_platform->out = app::set_frequency_csv(g_platform->state, {name, std::string(text, std::size_t(length))});
    return g_platform->out.c_str();
}

// "alerts" (SIEM alerts CSV), "baseline" (a layer), "targets" (ids, CSV or a layer): "" or why not.
EMSCRIPTEN_KEEPALIVE const char* sh_set_report_input(const char* kind, const char* name, const char* text, int length) {
    if (!g_platform || !kind || !name || !text || length < 0) return "not ready";
    app::AppState& s = g_platform->state;
    const app::InputFile f{name, std::string(text, std::size_t(length))};
    const std::string k = kind;
    g_platform->out = k == "alerts" ? app::set_alerts_csv(s, f)
                      : k == "baseline" ? app::set_baseline_layer(s, f)
                      : k == "targets" ? app::set_targets(s, f)
                                       : "unknown report input " + k;
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE void sh_clear_report_input(const char* kind) {
    if (!g_platform || !kind) return;
    app::AppState& s = g_platform->state;
    const std::string k = kind;
    if (k == "alerts") app::clear_alerts(s);
    else if (k == "baseline") app::clear_baseline(s);
    else if (k == "targets") app::clear_targets(s);
}

EMSCRIPTEN_KEEPALIVE void sh_add_dropped_layer(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return;
    app::add_dropped_layers(g_platform->state, {{name, std::string(text, std::size_t(length))}});
}

// "gaps-csv", "alert", "diff-layer": the texts the Reports downloads and the Diff view show.
EMSCRIPTEN_KEEPALIVE const char* sh_report_text(const char* which) {
    if (!g_platform || !which) return "";
    app::AppState& s = g_platform->state;
    app::update_reports(s);
    const std::string w = which;
    g_platform->out = w == "gaps-csv" ? s.reports.gaps_csv
                      : w == "alert" ? s.reports.alert
                      : w == "diff-layer" ? s.reports.diff_layer_json
                      : w == "gaps-csv-name" ? app::report_file_name(s, "-gaps.csv")
                                         : std::string();
    return g_platform->out.c_str();
}

// "gaps-csv", "diff-layer", "png", "print": the same requests as the buttons.
EMSCRIPTEN_KEEPALIVE void sh_request(const char* what) {
    if (!g_platform || !what) return;
    app::AppState& s = g_platform->state;
    const std::string w = what;
    if (w == "gaps-csv") s.request_gaps_csv = true;
    else if (w == "diff-layer") s.request_diff_layer = true;
    else if (w == "png" || w == "board-png") s.request_board_png = true;
    else if (w == "print") s.request_print = true;
    else if (w == "document") s.request_document = true;
    else if (w == "heatmap-svg") s.request_svg = true;
    else if (w == "heatmap-png") s.request_png = true;
    else if (w == "share") s.request_share = true;
}

// The board document (the core's HTML, as `sigma-heatmap board` writes it). mode 0: the text, for
// boardHtml(); 1: for the page's document view, "" when the page already shows this version;
// 2: for the page's document view, always. Files still loading: "" in mode 1 (not yet).
EMSCRIPTEN_KEEPALIVE const char* sh_board_html(int mode) {
    if (!g_platform) return "";
    app::AppState& s = g_platform->state;
    if (mode == 1 && app::loading(s)) return "";
    const std::string& html = app::board_html(s);
    if (mode == 0) return html.c_str();
    if (mode == 1 && g_platform->board_in_dom == s.board_doc.serial) return "";
    g_platform->board_in_dom = s.board_doc.serial;
    return html.c_str();
}

// "Save as PNG" of the document view, which draws no frames: the picture is made right away.
EMSCRIPTEN_KEEPALIVE void sh_save_board_png() {
    if (g_platform) download_board_png(g_platform->state);
}

// The page shows the board document instead of the canvas: no frames are drawn meanwhile.
EMSCRIPTEN_KEEPALIVE void sh_pause_frames(int paused) {
    if (!g_platform || !g_platform->graphics) return;
    if (paused) emscripten_pause_main_loop();
    else emscripten_resume_main_loop();
}

// Images and share links.
EMSCRIPTEN_KEEPALIVE const char* sh_svg_text() {
    if (!g_platform) return "";
    g_platform->out = app::heatmap_svg(g_platform->state);
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* sh_share_fragment() {
    if (!g_platform) return "";
    g_platform->out = app::share_fragment(g_platform->state);
    return g_platform->out.c_str();
}

// Opens "#s=..." from the page's URL; "" or why not (also shown in the page).
EMSCRIPTEN_KEEPALIVE const char* sh_open_share(const char* fragment) {
    if (!g_platform) return "not ready";
    app::AppState& s = g_platform->state;
    s.share_error = app::open_share_link(s, fragment ? fragment : "");
    s.show_share_error = !s.share_error.empty();
    g_platform->out = s.share_error;
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE void sh_start_editing() {
    if (g_platform) app::start_editing(g_platform->state);
}

EMSCRIPTEN_KEEPALIVE const char* sh_view_layer(const char* name, const char* text, int length) {
    if (!g_platform || !name || !text || length < 0) return "not ready";
    g_platform->out = app::view_layer(g_platform->state, {name, std::string(text, std::size_t(length))});
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE void sh_clear() {
    if (g_platform) app::clear(g_platform->state);
}

EMSCRIPTEN_KEEPALIVE void sh_download() {
    if (g_platform) g_platform->state.request_download = true;
}

// {"frames":..,"drawn":..,"drawnPartly":..,"drawnPixels":..,"keepsFrame":..,"lastFrameMs":..,"maxFrameMs":..,
//  "loadMs":..,"scoreMs":..,"filesDone":..,"filesTotal":..,"filesFromWorkers":..,"fontAtlases":..} (filesDone/filesTotal:
// the progress bar's counts, cheap to poll during a load; listed/listing: a big pick or a dropped
// folder being listed before that (glue.js, app::set_listing), 0/0 when none, listing -1 while a
// drop's folders are read (listed: the rule files found so far); filesFromWorkers: files of that run whose
// parse a parse worker did; frames: ImGui frames built, drawn: those sent to WebGL, drawnPartly:
// those of them drawn only where they differ, drawnPixels: pixels drawn in all; skipped: animation
// frames not built while loading; see frame(); fontAtlases: full font atlases baked, see frame()).
EMSCRIPTEN_KEEPALIVE const char* sh_stats() {
    if (!g_platform) return "{}";
    const auto& st = g_platform->state.stats;
    const auto& l = g_platform->state.loader;
    char buf[768];
    std::snprintf(buf, sizeof buf,
                  "{\"frames\":%llu,\"drawn\":%llu,\"drawnPartly\":%llu,\"drawnPixels\":%.0f,\"keepsFrame\":%s,\"lastFrameMs\":%.3f,\"maxFrameMs\":%.3f,\"avgFrameMs\":%.3f,\"loadMs\":%.3f,\"scoreMs\":%.3f,"
                  "\"filesDone\":%d,\"filesTotal\":%d,\"filesFromWorkers\":%d,\"listed\":%d,\"listing\":%d,\"rescoredDrawn\":%llu,\"skipped\":%llu,\"fontAtlases\":%llu}",
                  static_cast<unsigned long long>(st.frames), static_cast<unsigned long long>(st.drawn),
                  static_cast<unsigned long long>(st.drawn_partly), st.drawn_pixels,
                  g_platform->keeps_frame ? "true" : "false", st.last_frame_ms, st.max_frame_ms,
                  st.sum_frames ? st.sum_frame_ms / double(st.sum_frames) : 0.0, l.batch_ms, st.score_ms,
                  l.batch_done, l.batch_total, l.batch_from_workers, l.listing_listed, l.listing_total,
                  static_cast<unsigned long long>(g_platform->rescored_drawn),
                  static_cast<unsigned long long>(g_platform->skipped_frames),
                  static_cast<unsigned long long>(g_platform->state.full_atlases));
    g_platform->out = buf;
    return g_platform->out.c_str();
}

// The embedded sample rules, for the parse workers' warm-up (web/parse-worker.js): how many, and
// the name or text of the i-th ("" past the end).
EMSCRIPTEN_KEEPALIVE int sh_sample_count() { return int(app::sample_files().size()); }
EMSCRIPTEN_KEEPALIVE const char* sh_sample(int i, int text) {
    if (!g_platform) return "";
    const auto files = app::sample_files();
    if (i < 0 || std::size_t(i) >= files.size()) return "";
    g_platform->out = text ? files[std::size_t(i)].text : files[std::size_t(i)].name;
    return g_platform->out.c_str();
}

EMSCRIPTEN_KEEPALIVE void sh_redraw_all() {
    if (g_platform) g_platform->must_draw = true;
}

EMSCRIPTEN_KEEPALIVE void sh_reset_frame_stats() {
    if (!g_platform) return;
    auto& st = g_platform->state.stats;
    st.max_frame_ms = st.sum_frame_ms = 0;
    st.sum_frames = 0;
}

}  // extern "C"

namespace {

// The WebGL 2 context, Dear ImGui's GLFW/OpenGL backends and our input callbacks; "" or why not.
std::string start_graphics(Platform& platform) {
    if (!glfwInit()) return "GLFW could not start";
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    double css_w = 1280, css_h = 800;
    emscripten_get_element_css_size("#canvas", &css_w, &css_h);
    const double dpr = emscripten_get_device_pixel_ratio();
    platform.window = glfwCreateWindow(std::max(1, int(css_w * dpr)), std::max(1, int(css_h * dpr)), "sigma-heatmap",
                                       nullptr, nullptr);
    if (!platform.window) return "this browser could not create a WebGL 2 context";
    glfwMakeContextCurrent(platform.window);
    // glue.js asks for a canvas that keeps its frame (preserveDrawingBuffer); where the browser
    // did not give one, every frame that changes is drawn in full.
    platform.keeps_frame = EM_ASM_INT({
        const a = Module.ctx && Module.ctx.getContextAttributes ? Module.ctx.getContextAttributes() : null;
        return a && a.preserveDrawingBuffer ? 1 : 0;
    }) != 0;

    ImGuiIO& io = ImGui::GetIO();
    io.ClipboardUserData = &platform;
    ImGui_ImplGlfw_InitForOpenGL(platform.window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    // All input through the queue (see input_queue()): keys from GLFW, the pointer and the wheel
    // from glue.js (sh_pointer_*, sh_wheel), which handles mouse, touch and pen alike.
    glfwSetKeyCallback(platform.window, key_callback);
    glfwSetCharCallback(platform.window, char_callback);
    glfwSetCursorPosCallback(platform.window, nullptr);  // the pointer comes from glue.js
    glfwSetMouseButtonCallback(platform.window, nullptr);
    glfwSetScrollCallback(platform.window, nullptr);
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // Tab, arrows, Space/Enter, Escape
    io.MouseDoubleClickMaxDist = 12.0f * float(emscripten_get_device_pixel_ratio());  // two taps of a finger
    platform.state.keys.f = GLFW_KEY_F;
    platform.state.keys.f3 = GLFW_KEY_F3;
    platform.state.keyboard_scroll = app::KeyboardScroll({GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN, GLFW_KEY_HOME, GLFW_KEY_END,
                                                          GLFW_KEY_SPACE, GLFW_KEY_UP, GLFW_KEY_DOWN, GLFW_KEY_LEFT, GLFW_KEY_RIGHT});
    io.SetClipboardTextFn = set_clipboard;  // after the backend, which installs GLFW's
    io.GetClipboardTextFn = get_clipboard;
    return "";
}

}  // namespace

int main() {
    static Platform platform;
    g_platform = &platform;
    // The app state and the loader first: they need no graphics, so the page can show the board
    // document for share links, dropped layers and rules even where WebGL 2 cannot start.
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // ImGui's own .ini is not used: web/session.js keeps the settings that matter
    app::init(platform.state, sh::default_catalogue());

    const std::string why = start_graphics(platform);
    if (!why.empty()) {
        // The runtime stays alive after main returns (EXIT_RUNTIME is off): the entry points work.
        EM_ASM({ if (Module.shReady) Module.shReady(0, UTF8ToString($0)); }, why.c_str());
        return 0;
    }
    platform.graphics = true;
    sync_canvas_size(platform);
    EM_ASM({ if (Module.shReady) Module.shReady(1, ""); });
    emscripten_set_main_loop_arg(frame, &platform, 0, true);
    return 0;
}
