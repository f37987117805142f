// view_layer_popup.cpp — a modal for layers (.json) dropped or picked: a layer can be the
// heat-map to look at, the previous layer (Diff), earlier history (Trends), a baseline or the
// targets (Board); the page cannot guess which, so it asks.
#include <algorithm>
#include <string>

#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

namespace {
void remember(AppState& s, const char* name) { remember_item(s, name); }
std::string with_file(const std::string& file, const std::string& error) {
    return error.rfind(file, 0) == 0 ? error : file + ": " + error;
}
}  // namespace

std::string layer_popup_heading(std::size_t n) {
    // Dropped, picked, in a zip or given to loadFiles: the same popup, so it says none of those.
    return std::to_string(n) + " ATT&CK Navigator layer" + (n == 1 ? "" : "s") + " opened:";
}

std::string layer_popup_tooltip(std::size_t n, const char* what) {
    if (n == 1) return what;
    return "Open one layer at a time for this (" + std::to_string(n) +
           " are open; History (Trends) takes them all)";
}

void draw_layer_popup(AppState& s) {
    PendingLayers& p = s.pending_layers;
    if (p.open_popup) {
        ImGui::OpenPopup("Layer files");
        p.open_popup = false;
    }
    const ImVec2 centre(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.4f);
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    // As wide as the buttons on one line, but no wider than the screen: on a phone they wrap (on
    // one line they ran off it, and a phone has no Escape to cancel with).
    const ImGuiStyle& style = ImGui::GetStyle();
    float w = 2 * style.WindowPadding.x - style.ItemSpacing.x;
    for (const char* b : {"Previous layer (Diff)", "History (Trends)", "Baseline", "Targets", "View as heat-map", "Cancel"})
        w += button_width(b) + style.ItemSpacing.x;
    w = std::min(w, ImGui::GetIO().DisplaySize.x - 16 * s.display_scale);
    ImGui::SetNextWindowSizeConstraints(ImVec2(w, 0), ImVec2(w, ImGui::GetIO().DisplaySize.y));
    if (!ImGui::BeginPopupModal("Layer files", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const std::size_t n = p.files.size();
    ImGui::TextUnformatted(layer_popup_heading(n).c_str());
    ImGui::PushTextWrapPos(0);
    for (std::size_t i = 0; i < n && i < 8; ++i) {
        ImGui::Bullet();  // BulletText would not wrap a long name
        ImGui::TextWrapped("%s", p.files[i].name.c_str());
        if (i == 0) remember(s, "layer-file:0");
    }
    ImGui::PopTextWrapPos();
    if (n > 8) ImGui::TextDisabled("... and %zu more", n - 8);
    ImGui::Spacing();
    ImGui::TextUnformatted("Use as:");
    bool done = false;
    // The last button's tooltip: what it is for, or, while it is off, why.
    auto explain = [n](const char* what) {
        if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", layer_popup_tooltip(n, what).c_str());
    };
    ImGui::BeginDisabled(n != 1);
    // One layer used one way: on success switch to the view that shows it, else say why.
    auto use_one = [&](const char* label, std::string (*use)(AppState&, const InputFile&), MainView then) {
        if (!ImGui::Button(label)) return;
        const std::string error = use(s, p.files.front());
        if (error.empty()) {
            s.view = then;
            s.switch_view = true;
        } else {
            post_message(s, MessageKind::Error, with_file(p.files.front().name, error));
        }
        done = true;
    };
    use_one("Previous layer (Diff)", set_previous_layer, MainView::Diff);
    remember(s, "layer-previous");
    ImGui::EndDisabled();
    explain("The layer of an earlier week or release: what changed since (Diff)");
    same_line_or_wrap(button_width("History (Trends)"));
    if (ImGui::Button("History (Trends)")) {
        add_history_layers(s, p.files);
        s.view = MainView::Trends;
        s.switch_view = true;
        done = true;
    }
    remember(s, "layer-history");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Earlier layers, one per week or release: coverage over time (Trends)");
    same_line_or_wrap(button_width("Baseline"));
    ImGui::BeginDisabled(n != 1);
    use_one("Baseline", set_baseline_layer, MainView::Board);
    remember(s, "layer-baseline");
    explain("A reference layer: what it covers that we do not, and where we are ahead (Board)");
    same_line_or_wrap(button_width("Targets"));
    use_one("Targets", set_targets, MainView::Board);
    remember(s, "layer-targets");
    explain("Its scored techniques are targets (e.g. a threat-actor layer): the Board lists those not met");
    same_line_or_wrap(button_width("View as heat-map"));
    if (ImGui::Button("View as heat-map")) {
        const std::string error = view_layer(s, p.files.front());
        if (!error.empty()) post_message(s, MessageKind::Error, with_file(p.files.front().name, error));
        done = true;
    }
    remember(s, "layer-view");
    explain("Its scores as the heat-map (Matrix), with its own colours");
    ImGui::EndDisabled();
    same_line_or_wrap(button_width("Cancel"));
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) done = true;
    remember(s, "layer-cancel");
    if (done) {
        p.files.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace app
