// view_layer_popup.cpp — a modal for layers (.json) dropped on the page: a layer can be the
// heat-map to look at, the previous layer (Diff), earlier history (Trends), a baseline or the
// targets (Board); the page cannot guess which, so it asks.
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

void draw_layer_popup(AppState& s) {
    PendingLayers& p = s.pending_layers;
    if (p.open_popup) {
        ImGui::OpenPopup("Layer files");
        p.open_popup = false;
    }
    const ImVec2 centre(ImGui::GetIO().DisplaySize.x * 0.5f, ImGui::GetIO().DisplaySize.y * 0.4f);
    ImGui::SetNextWindowPos(centre, ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal("Layer files", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) return;
    const std::size_t n = p.files.size();
    ImGui::Text("%zu ATT&CK Navigator layer%s dropped:", n, n == 1 ? "" : "s");
    for (std::size_t i = 0; i < n && i < 8; ++i) ImGui::BulletText("%s", p.files[i].name.c_str());
    if (n > 8) ImGui::TextDisabled("... and %zu more", n - 8);
    ImGui::Spacing();
    ImGui::TextUnformatted("Use as:");
    bool done = false;
    ImGui::BeginDisabled(n != 1);
    // One dropped layer used one way: on success switch to the view that shows it, else say why.
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
    if (n != 1 && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("Drop one layer to compare with");
    ImGui::SameLine();
    if (ImGui::Button("History (Trends)")) {
        add_history_layers(s, p.files);
        s.view = MainView::Trends;
        s.switch_view = true;
        done = true;
    }
    remember(s, "layer-history");
    ImGui::SameLine();
    ImGui::BeginDisabled(n != 1);
    use_one("Baseline", set_baseline_layer, MainView::Board);
    remember(s, "layer-baseline");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("A reference layer: what it covers that we do not, and where we are ahead (Board)");
    ImGui::SameLine();
    use_one("Targets", set_targets, MainView::Board);
    remember(s, "layer-targets");
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("Its scored techniques are targets (e.g. a threat-actor layer): the Board lists those not met");
    ImGui::SameLine();
    if (ImGui::Button("View as heat-map")) {
        const std::string error = view_layer(s, p.files.front());
        if (!error.empty()) post_message(s, MessageKind::Error, with_file(p.files.front().name, error));
        done = true;
    }
    remember(s, "layer-view");
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button("Cancel") || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) done = true;
    if (done) {
        p.files.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace app
