// view_about.cpp — the About tab: what the page does, MITRE ATT&CK® credit per its terms of use,
// SigmaHQ conventions followed, the embedded catalogue's version, and privacy (nothing leaves; what
// this device keeps for the next visit, and a button to forget it).
#include "app/app.hpp"
#include "app/views.hpp"

namespace app {

void draw_about(AppState& s) {
    ImGui::PushTextWrapPos(0);
    ImGui::Text("sigma-heatmap");
    ImGui::TextDisabled("ATT&CK coverage heat-maps from Sigma rules");
    ImGui::Spacing();
    ImGui::TextUnformatted(
        "Drop Sigma rules (files or whole folders): their attack.tNNNN tags are scored per technique and "
        "tactic and shown as a heat-map. \"Download layer\" saves an ATT&CK Navigator layer (format 4.5) - the same "
        "file the sigma-heatmap CLI writes for the same rules and options.");
    ImGui::Spacing();
    ImGui::TextUnformatted("Everything runs in this page: no rule, file or layer is sent anywhere.");
    ImGui::TextUnformatted(
        "On this device only, the page remembers your settings (browser local storage) and the rules, layers and "
        "CSVs you loaded (the browser's IndexedDB), so that your next visit can offer \"Restore last session\". "
        "They stay in this browser until you forget them here or clear the site's data.");
    if (!s.session_note.empty()) ImGui::TextDisabled("%s", s.session_note.c_str());
    if (ImGui::Button("Forget saved session and settings")) s.request_forget_session = true;
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.ui_rects["forget-session"] = {a.x, a.y, b.x, b.y};
    ImGui::Separator();
    if (s.catalogue && !s.catalogue->tactics.empty())
        ImGui::Text("ATT&CK catalogue: %s v%s (%zu tactics)", s.catalogue->domain.c_str(),
                    s.catalogue->attack_version.c_str(), s.catalogue->tactics.size());
    else
        ImGui::TextColored(ImVec4(0.7f, 0.1f, 0.1f, 1), "No ATT&CK catalogue is embedded in this build.");
    ImGui::Spacing();
    ImGui::TextUnformatted(
        "MITRE ATT&CK® is a registered trademark of The MITRE Corporation. ATT&CK content © The MITRE "
        "Corporation; it is reproduced and distributed under MITRE's terms of use. This tool is not "
        "affiliated with or endorsed by MITRE.");
    ImGui::TextDisabled("Terms of use: attack.mitre.org/resources/legal-and-branding/terms-of-use");
    ImGui::Spacing();
    ImGui::TextUnformatted(
        "Sigma rule format and tag conventions (attack.tNNNN[.NNN], attack.<tactic>, level, status) follow the "
        "SigmaHQ specification; score profiles and filters mean what they mean in pySigma's "
        "\"sigma analyze attack\". Sigma is a project of the SigmaHQ community; sample rules in this page were "
        "written for sigma-heatmap.");
    ImGui::Spacing();
    ImGui::TextDisabled("Built with Dear ImGui %s, yaml-cpp, nlohmann/json; font DejaVu Sans.", IMGUI_VERSION);
    ImGui::PopTextWrapPos();
}

}  // namespace app
