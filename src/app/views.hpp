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

// Small shared helpers (app.cpp).
int problem_count(const AppState& s);
const char* level_label(sh::Level l);    // "high", "(none)"
const char* status_label(sh::Status s);  // "stable", "(none)"
void help_marker(const char* text);      // "(?)" with a tooltip

}  // namespace app
