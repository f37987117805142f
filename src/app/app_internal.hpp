// app_internal.hpp — small helpers shared by the app's own files (app*.cpp); views use views.hpp.
#pragma once
#include <array>
#include <string>

#include "app/app_state.hpp"

namespace app {

double now_ms();                                                    // steady clock, milliseconds
void inputs_changed(AppState& s);                                   // scores, matrix and layer are stale
bool set_colour(std::array<float, 3>& out, const std::string& hex);  // "#rrggbb" -> 0..1 floats
std::string colour_hex(const std::array<float, 3>& c);              // 0..1 floats -> "#rrggbb"
// reports.cpp: drops the Reports diagnostics of files no longer held (a refused or replaced input,
// an imported layer), keeping those of the previous, history, trend, CSV, baseline and targets files.
void forget_unheld_report_diagnostics(AppState& s);
// The problems of the layer shown as the heat-map, as it stops being shown (another layer, a share
// link or rules replace it), unless the same file is held for the reports.
void forget_imported_diagnostics(AppState& s);
// images.cpp: an opened layer's description, as it stops being shown, unless the user changed it
// (rules then get the generated one again).
void forget_imported_description(AppState& s);
// app.cpp: shows and scores against cat from now on (its platforms; the criticality table follows
// its tactics, keeping what was set for a tactic both have). Nothing when it already is.
void use_catalogue(AppState& s, const sh::Catalogue& cat);
void keyboard_and_tabbing(AppState& s);  // app_input.cpp: start of each frame, after NewFrame
int search_position(const AppState& s, int* total);  // index of the current match (-1 none)
sh::ThreatOptions threat_options(const AppState& s);  // app_threats.cpp: as the CLI's --threat report

}  // namespace app
