// view_status.cpp — the status bar under the page and the message log in the Problems tab.
// Every confirmation and error goes through post_message (app.cpp); the bar shows the unread
// errors (red, with an icon, until dismissed) and the latest confirmation (for a while), each
// wrapped to the full width so that no message is cut short; the log keeps them all.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "app/views.hpp"

namespace app {

namespace {

constexpr double kInfoShownMs = 15000;  // a confirmation leaves the bar after this; errors stay
constexpr std::size_t kErrorsShown = 3;  // more unread errors: "and N more" (all in the log)

const ImVec4 kErrorText(0.55f, 0.05f, 0.05f, 1);
const ImU32 kErrorBg = IM_COL32(0xfd, 0xe3, 0xe0, 0xff);
const ImU32 kErrorBorder = IM_COL32(0xc6, 0x28, 0x28, 0xff);
const ImU32 kInfoBg = IM_COL32(0xe8, 0xf1, 0xfb, 0xff);
const ImU32 kInfoBorder = IM_COL32(0x9c, 0xbc, 0xe0, 0xff);

// What the bar shows now: unread errors (latest last), then the latest fresh confirmation.
std::vector<Message*> shown_messages(AppState& s, std::size_t* more_errors) {
    std::vector<Message*> errors;
    Message* info = nullptr;
    const double now = now_ms();
    for (auto& m : s.messages.log) {
        if (m.kind == MessageKind::Error && !m.dismissed) errors.push_back(&m);
        if (m.kind == MessageKind::Info && !m.dismissed && now - m.time_ms < kInfoShownMs) info = &m;
    }
    *more_errors = errors.size() > kErrorsShown ? errors.size() - kErrorsShown : 0;
    std::vector<Message*> out(errors.end() - std::ptrdiff_t(std::min(errors.size(), kErrorsShown)), errors.end());
    if (info) out.push_back(info);
    return out;
}

float icon_size() { return ImGui::GetFontSize() * 1.15f; }

// A round icon drawn with shapes (no font glyph needed): "!" on red for errors, "i" on blue.
void draw_icon(MessageKind kind, ImVec2 p) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float d = icon_size();
    const ImVec2 c(p.x + d * 0.5f, p.y + d * 0.5f);
    dl->AddCircleFilled(c, d * 0.5f, kind == MessageKind::Error ? IM_COL32(0xc6, 0x28, 0x28, 0xff) : IM_COL32(0x1f, 0x5f, 0xa8, 0xff));
    const char* glyph = kind == MessageKind::Error ? "!" : "i";
    const ImVec2 g = ImGui::CalcTextSize(glyph);
    dl->AddText(ImVec2(c.x - g.x * 0.5f, c.y - g.y * 0.5f), IM_COL32(0xff, 0xff, 0xff, 0xff), glyph);
}

std::string age_text(double ms) {
    const int sec = int(ms / 1000);
    if (sec < 60) return std::to_string(sec) + " s ago";
    if (sec < 3600) return std::to_string(sec / 60) + " min ago";
    return std::to_string(sec / 3600) + " h ago";
}

}  // namespace

// Height the bar needs for `width` (0 when there is nothing to show): reserved before the main
// area is laid out, so the bar is never pushed off the page.
float status_bar_height(AppState& s, float width) {
    std::size_t more = 0;
    const auto shown = shown_messages(s, &more);
    if (shown.empty()) return 0;
    const ImGuiStyle& st = ImGui::GetStyle();
    const float button_w = ImGui::CalcTextSize("Dismiss").x + st.FramePadding.x * 2;
    const float text_w = std::max(40.0f, width - icon_size() - button_w - st.ItemSpacing.x * 2 - st.WindowPadding.x * 2);
    float h = st.WindowPadding.y * 2;
    for (Message* m : shown)
        h += std::max(ImGui::CalcTextSize(m->text.c_str(), nullptr, false, text_w).y, ImGui::GetFrameHeight()) + st.ItemSpacing.y;
    if (more) h += ImGui::GetTextLineHeight() + st.ItemSpacing.y;
    return h;
}

void draw_status_bar(AppState& s, float height) {
    std::size_t more = 0;
    const auto shown = shown_messages(s, &more);
    s.ui_rects.erase("status");
    s.ui_texts.erase("status");
    if (shown.empty() || height <= 0) return;
    const bool error = shown.front()->kind == MessageKind::Error;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, error ? kErrorBg : kInfoBg);
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(error ? kErrorBorder : kInfoBorder));
    ImGui::BeginChild("status_bar", ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
    const ImGuiStyle& st = ImGui::GetStyle();
    const float button_w = ImGui::CalcTextSize("Dismiss").x + st.FramePadding.x * 2;
    std::string all;
    int i = 0;
    for (Message* m : shown) {
        ImGui::PushID(i++);
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_icon(m->kind, ImVec2(p.x, p.y + (ImGui::GetFrameHeight() - icon_size()) * 0.5f));
        ImGui::Dummy(ImVec2(icon_size(), ImGui::GetFrameHeight()));
        ImGui::SameLine();
        const float wrap_x = ImGui::GetContentRegionMax().x - button_w - st.ItemSpacing.x;
        ImGui::PushTextWrapPos(wrap_x);
        ImGui::AlignTextToFramePadding();
        if (m->kind == MessageKind::Error) ImGui::TextColored(kErrorText, "%s", m->text.c_str());
        else ImGui::TextUnformatted(m->text.c_str());
        ImGui::PopTextWrapPos();
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        s.ui_rects["status:" + std::to_string(i - 1)] = {a.x, a.y, b.x, b.y};
        ImGui::SameLine(ImGui::GetContentRegionMax().x - button_w);
        if (ImGui::SmallButton(m->kind == MessageKind::Error ? "Dismiss" : "OK")) {
            // An error is read: it leaves the bar (the log keeps it). A confirmation just goes.
            m->dismissed = true;
        }
        if (m->kind == MessageKind::Error) s.ui_rects["status-dismiss"] = {ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y,
                                                                          ImGui::GetItemRectMax().x, ImGui::GetItemRectMax().y};
        all += (all.empty() ? "" : "\n") + std::string(m->kind == MessageKind::Error ? "error: " : "") + m->text;
        ImGui::PopID();
    }
    if (more) {
        ImGui::TextColored(kErrorText, "and %zu more error%s:", more, more == 1 ? "" : "s");
        ImGui::SameLine();
        if (ImGui::SmallButton("show all")) {
            s.tab = SideTab::Problems;
            s.switch_tab = true;
        }
    }
    ImGui::EndChild();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    s.ui_rects["status"] = {a.x, a.y, b.x, b.y};
    s.ui_texts["status"] = all;
    ImGui::PopStyleColor(2);
}

void draw_message_log(AppState& s) {
    const auto& log = s.messages.log;
    const std::string header = "Messages (" + std::to_string(log.size()) + ")###messages";
    const bool any_error = std::any_of(log.begin(), log.end(), [](const Message& m) { return m.kind == MessageKind::Error; });
    ImGui::SetNextItemOpen(any_error, ImGuiCond_Once);
    if (!ImGui::CollapsingHeader(header.c_str())) return;
    if (log.empty()) {
        ImGui::TextDisabled("No messages yet.");
        return;
    }
    if (ImGui::SmallButton("Copy messages")) {
        std::string text;
        for (const auto& m : log) text += std::string(m.kind == MessageKind::Error ? "error: " : "") + m.text + "\n";
        ImGui::SetClipboardText(text.c_str());
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Mark errors read")) dismiss_errors(s);
    const double now = now_ms();
    ImGui::PushTextWrapPos(0);
    for (auto it = log.rbegin(); it != log.rend(); ++it) {
        const ImVec2 p = ImGui::GetCursorScreenPos();
        draw_icon(it->kind, ImVec2(p.x, p.y + (ImGui::GetTextLineHeight() - icon_size()) * 0.5f));
        ImGui::Dummy(ImVec2(icon_size(), ImGui::GetTextLineHeight()));
        ImGui::SameLine();
        ImGui::BeginGroup();
        if (it->kind == MessageKind::Error) ImGui::TextColored(kErrorText, "%s", it->text.c_str());
        else ImGui::TextUnformatted(it->text.c_str());
        ImGui::TextDisabled("%s", age_text(now - it->time_ms).c_str());
        ImGui::EndGroup();
    }
    ImGui::PopTextWrapPos();
    ImGui::Separator();
}

}  // namespace app
