// app_input.cpp — keyboard and gesture behaviour on top of Dear ImGui 1.86: Tab through every
// control (not only text fields), keys that scroll the views (KeyboardScroll, input_queue.hpp),
// the search shortcuts (Ctrl+F and '/' focus the box; Enter, F3 and Shift+F3 go to the next /
// previous match), search navigation, and the matrix zoom that a pinch or Ctrl+wheel asks for
// (around the point under the fingers).
#include <algorithm>
#include <cmath>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/views.hpp"
#include "imgui_internal.h"

namespace app {

namespace {

// Cells the search navigation visits, in matrix order: matches, and collapsed parents whose
// sub-techniques match (their cell is what is on screen).
std::vector<std::pair<std::string, std::string>> search_targets(const AppState& s) {
    std::vector<std::pair<std::string, std::string>> out;
    if (s.matrix.options.search.empty()) return out;
    for (const auto& col : s.model.columns)
        for (const auto& cell : col.cells)
            if (cell.search_match || (cell.search_match_below && !cell.expanded)) out.emplace_back(cell.id, col.tactic);
    return out;
}

}  // namespace

int search_position(const AppState& s, int* total) {
    const auto targets = search_targets(s);
    if (total) *total = int(targets.size());
    for (std::size_t i = 0; i < targets.size(); ++i)
        if (targets[i].first == s.matrix.match_id && targets[i].second == s.matrix.match_tactic) return int(i);
    return -1;
}

void search_step(AppState& s, int direction) {
    update(s);
    const auto targets = search_targets(s);
    MatrixView& mv = s.matrix;
    if (targets.empty()) {
        mv.match_id.clear();
        mv.match_tactic.clear();
        return;
    }
    const int n = int(targets.size());
    const int at = search_position(s, nullptr);
    const int next = at < 0 ? (direction >= 0 ? 0 : n - 1) : ((at + (direction >= 0 ? 1 : -1)) % n + n) % n;
    mv.match_id = targets[std::size_t(next)].first;
    mv.match_tactic = targets[std::size_t(next)].second;
    mv.scroll_to_match = true;
    if (s.view != MainView::Matrix) {
        s.view = MainView::Matrix;
        s.switch_view = true;
    }
}

void zoom_matrix(AppState& s, float factor, float x, float y) {
    if (!(factor > 0) || !std::isfinite(factor)) return;
    MatrixView& mv = s.matrix;
    // Steps of 1/16: the matrix font is baked per zoom, so a pinch does not rebuild it every frame.
    const float target = std::clamp(std::round(mv.zoom * factor * 16.0f) / 16.0f, 0.5f, 2.0f);
    if (mv.fit) mv.fit = false;
    if (target == mv.zoom) return;
    if (!mv.zoom_anchor_pending) mv.zoom_from = mv.zoom;
    mv.zoom = target;
    mv.zoom_anchor_pending = true;
    mv.zoom_anchor[0] = x;
    mv.zoom_anchor[1] = y;
    s.cache.valid = false;
    s.diff_cache.valid = false;
}

// Called at the start of each frame, after ImGui::NewFrame.
void keyboard_and_tabbing(AppState& s) {
    ImGuiContext& g = *GImGui;
    const ImGuiIO& io = g.IO;
    // Dear ImGui 1.86 tabs only through text fields and always restarts from the first one when
    // nothing is being edited. Make its tabbing request visit every control, from the focused one
    // on, across the whole page (what 1.88 does), so Tab reaches the toolbar and the tabs.
    if (g.NavMoveScoringItems && (g.NavMoveFlags & ImGuiNavMoveFlags_Tabbing) && !(g.NavMoveFlags & ImGuiNavMoveFlags_FocusApi)) {
        g.NavMoveFlags |= ImGuiNavMoveFlags_FocusApi;
        if (g.NavTabbingDir == 0 && g.NavId != 0 && !g.NavDisableHighlight) g.NavTabbingDir = +1;
        if (g.NavWindow && !(g.NavWindow->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Modal)) && g.NavWindow->RootWindow)
            g.NavWindow = g.NavWindow->RootWindow;
        g.NavMoveFlags &= ~ImGuiNavMoveFlags_DontSetNavHighlight;
    }
    s.keyboard_scroll.update();
    const bool typing = io.WantTextInput;
    // Ctrl+F (Cmd+F) focuses the search box; so does '/' when no text field has the keyboard (the
    // character is taken, not typed).
    if (s.keys.f >= 0 && (io.KeyCtrl || io.KeySuper) && ImGui::IsKeyPressed(s.keys.f, false)) s.focus_search = true;
    if (!typing) {
        auto& q = g.IO.InputQueueCharacters;
        for (int i = 0; i < q.Size; ++i)
            if (q[i] == '/') {
                q.erase(q.Data + i);
                s.focus_search = true;
                break;
            }
    }
    if (s.keys.f3 >= 0 && ImGui::IsKeyPressed(s.keys.f3, true)) search_step(s, io.KeyShift ? -1 : +1);
    if (s.focus_search && s.view != MainView::Matrix) {
        s.view = MainView::Matrix;
        s.switch_view = true;
    }
}

}  // namespace app
