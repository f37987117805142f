// views.hpp — one function per view, each in its own view_<feature>.cpp; all draw from AppState.
#pragma once
#include "app/app_state.hpp"

namespace app {

void draw_toolbar(AppState& s);        // view_toolbar.cpp: open/samples/clear/download, progress, counts
void draw_matrix(AppState& s);         // view_matrix.cpp: matrix controls, the matrix, the legend
void draw_rules_panel(AppState& s);    // view_rules.cpp: the selected technique and its rules
void draw_problems(AppState& s);       // view_problems.cpp: diagnostics table
void draw_settings(AppState& s);       // view_settings.cpp: layer name, scoring, palette, range
void draw_about(AppState& s);          // view_about.cpp: credits, catalogue version
void draw_report_settings(AppState& s);  // view_report_settings.cpp: thresholds, weights, criticality, CSVs
void draw_threats(AppState& s);        // view_threats.cpp: threat picker, selection, weakest-against ranking
void draw_board(AppState& s);          // view_board.cpp: KPI tiles, tactic bars, top gaps, trend
void draw_diff(AppState& s);           // view_diff.cpp: previous layer, alert, changes on the matrix
void draw_trends(AppState& s);         // view_trends.cpp: history layers and the trend chart
void draw_layer_popup(AppState& s);    // view_layer_popup.cpp: what an opened layer is for
std::string layer_popup_heading(std::size_t n);                   // "1 ATT&CK Navigator layer opened:"
std::string layer_popup_tooltip(std::size_t n, const char* what);  // a button's tooltip: what, or why it is off
// view_status.cpp: the status bar (its height first, reserved before the main area) and the log.
float status_bar_height(AppState& s, float width);
void draw_status_bar(AppState& s, float height);
void draw_message_log(AppState& s);  // in the Problems tab

// The matrix canvas (view_matrix.cpp), shared by the Matrix and Diff views.
enum class CanvasKind { Scores, Diff };
void draw_matrix_canvas(AppState& s, MatrixView& mv, const sh::MatrixModel& model, MatrixCache& cache,
                        const sh::Gradient& g, CanvasKind kind, ImVec2 size);
void draw_gradient_legend(AppState& s, const sh::Gradient& g, const char* caption, const char* note);
// The matrix legend's caption, as the downloaded picture's: rules scored by a profile say what the
// score means ("Score: best rule level"); a layer or a link, its own ("Score" when it says nothing).
std::string legend_caption(const AppState& s);
// The trend chart (view_trends.cpp): coverage and ≥threshold share, and the selected tactics' lines.
void draw_trend_chart(AppState& s, const sh::Trend& trend, ImVec2 size, bool tactics);

// Small shared helpers (app.cpp).
int problem_count(const AppState& s);
const char* level_label(sh::Level l);    // "high", "(none)"
const char* status_label(sh::Status s);  // "stable", "(none)"
void help_marker(const char* text);      // "(?)" with a tooltip
const char* side_tab_name(SideTab t);    // "technique", ...
const char* main_view_name(MainView v);  // "matrix", "board", "diff", "trends"
// Text that fits the space left on the line (or max_w) as it is; longer text, as a last resort,
// ends in "..." with the whole text in a tooltip (counted in s.ellipsized for the tests).
void text_fitted(AppState& s, const char* text, float max_w = -1.0f);
// A row of controls that wraps on narrow screens: on the same line as the last item when the next
// one (next_w wide) still fits there (returns true), else on a new line (false). Widths of a
// button / checkbox by label.
bool same_line_or_wrap(float next_w, float spacing = -1.0f);  // spacing: as ImGui::SameLine's
// Where text wraps: `em` font sizes from the left, but never past the window's right edge (a
// phone's window is narrower than a comfortable line) — for PushTextWrapPos in a window.
float wrap_at(float em);
// The same for a tooltip or an auto-sized popup, which has no width of its own: `em` font sizes,
// but never wider than the screen leaves room for.
float popup_wrap_at(float em);
float button_width(const char* label);
float checkbox_width(const char* label);
// Where the last item was drawn, under a name the test API's uiRect() knows.
void remember_item(AppState& s, const char* name);

}  // namespace app
