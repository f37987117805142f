// input_queue.cpp — see input_queue.hpp: one frame's worth of queued input applied to ImGuiIO.
#include "app/input_queue.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "imgui.h"
#include "imgui_internal.h"

namespace app {

void InputQueue::key(int key, bool down) {
    if (key < 0 || key >= IM_ARRAYSIZE(ImGuiIO{}.KeysDown)) return;
    events_.push_back({Kind::Key, key, down});
}

void InputQueue::character(unsigned int codepoint) {
    if (codepoint == 0) return;
    events_.push_back({Kind::Char, int(codepoint)});
}

void InputQueue::mouse_pos(float x, float y) {
    // Consecutive moves collapse into the last one; nothing is lost by that.
    if (!events_.empty() && events_.back().kind == Kind::Pos) {
        events_.back().x = x;
        events_.back().y = y;
        return;
    }
    events_.push_back({Kind::Pos, 0, false, x, y});
}

void InputQueue::mouse_gone() { events_.push_back({Kind::Gone}); }

void InputQueue::mouse_button(int button, bool down) {
    if (button < 0 || button >= 5) return;
    events_.push_back({Kind::Button, button, down});
}

void InputQueue::wheel(float dx, float dy) {
    if (dx == 0 && dy == 0) return;
    if (!events_.empty() && events_.back().kind == Kind::Wheel) {
        events_.back().x += dx;
        events_.back().y += dy;
        return;
    }
    events_.push_back({Kind::Wheel, 0, false, dx, dy});
}

void InputQueue::wheel_pixels(float dx, float dy) {
    if (dx == 0 && dy == 0) return;
    if (!events_.empty() && events_.back().kind == Kind::WheelPixels) {
        events_.back().x += dx;
        events_.back().y += dy;
        return;
    }
    events_.push_back({Kind::WheelPixels, 0, false, dx, dy});
}

namespace {

// The window that a wheel on one axis scrolls, starting from `window`: it, or the nearest parent
// that can scroll on that axis (ImGui::UpdateMouseWheel's walk); null when none may.
bool cannot_scroll(const ImGuiWindow* w, bool vertical) {
    return (vertical ? w->ScrollMax.y : w->ScrollMax.x) == 0.0f ||
           ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs));
}

ImGuiWindow* wheel_target(ImGuiWindow* window, bool vertical) {
    while (window && (window->Flags & ImGuiWindowFlags_ChildWindow) && window->ParentWindow && cannot_scroll(window, vertical))
        window = window->ParentWindow;
    if (!window || (window->Flags & (ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMouseInputs))) return nullptr;
    return window;
}

// Where the window is going: the scroll it takes at its next Begin, else where it is.
float scroll_now(const ImGuiWindow* w, bool vertical) {
    const float target = vertical ? w->ScrollTarget.y : w->ScrollTarget.x;
    return target < FLT_MAX ? target : (vertical ? w->Scroll.y : w->Scroll.x);
}

// Adds to the scroll a window will take at its next Begin (several wheel events in one frame add
// up). ImGui keeps whole pixels, so the fraction is carried to the next event (`rest`): a touch
// drag in steps of 37.5 px moves the content by the finger's distance, not 4 px short.
void scroll_by(ImGuiWindow* w, bool vertical, float pixels, float& rest) {
    const float want = scroll_now(w, vertical) + pixels + rest;
    const float whole = std::round(want);
    rest = want - whole;
    if (vertical) ImGui::SetScrollY(w, whole);
    else ImGui::SetScrollX(w, whole);
}

// The window the keyboard scrolls on one axis (see KeyboardScroll); null when none can.
ImGuiWindow* key_target(bool vertical) {
    ImGuiContext& g = *GImGui;
    auto shown = [](const ImGuiWindow* w) { return w->WasActive && !w->Hidden; };
    auto walk = [&](ImGuiWindow* w) -> ImGuiWindow* {
        for (; w && shown(w); w = (w->Flags & ImGuiWindowFlags_ChildWindow) ? w->ParentWindow : nullptr)
            if (!cannot_scroll(w, vertical)) return w;
        return nullptr;
    };
    if (ImGuiWindow* w = walk(g.NavWindow)) return w;
    if (ImGuiWindow* w = walk(g.HoveredWindow)) return w;
    ImGuiWindow* largest = nullptr;
    float largest_area = 0;
    for (ImGuiWindow* w : g.Windows) {
        if (!shown(w) || (w->Flags & (ImGuiWindowFlags_Popup | ImGuiWindowFlags_Tooltip)) || cannot_scroll(w, vertical)) continue;
        const float area = w->InnerRect.GetWidth() * w->InnerRect.GetHeight();
        if (area > largest_area) largest = w, largest_area = area;
    }
    return largest;
}

void scroll_to(ImGuiWindow* w, bool vertical, float position) {
    const float max = vertical ? w->ScrollMax.y : w->ScrollMax.x;
    const float to = std::round(std::clamp(position, 0.0f, max));
    if (vertical) ImGui::SetScrollY(w, to);
    else ImGui::SetScrollX(w, to);
}

}  // namespace

void KeyboardScroll::update() {
    ImGuiContext& g = *GImGui;
    ImGuiIO& io = g.IO;
    auto pressed = [](int key) { return key >= 0 && ImGui::IsKeyPressed(key, true); };
    // Scroll with the keys this frame's NewFrame did not give ImGui; Ctrl, Alt and Cmd combinations
    // belong to the browser and to ImGui.
    if (pages_taken_ && !(io.KeyCtrl || io.KeyAlt || io.KeySuper)) {
        const float line = ImGui::GetTextLineHeightWithSpacing();
        auto page = [&](int direction) {
            if (ImGuiWindow* w = key_target(true)) {
                const float height = w->InnerRect.GetHeight();
                const float step = std::round(std::max(height * 0.5f, height - 2.0f * line));
                scroll_to(w, true, scroll_now(w, true) + float(direction) * step);
            }
        };
        const bool space = arrows_taken_ && pressed(keys_.space);
        if (pressed(keys_.page_down) || (space && !io.KeyShift)) page(+1);
        else if (pressed(keys_.page_up) || (space && io.KeyShift)) page(-1);
        else if (pressed(keys_.home)) {
            if (ImGuiWindow* w = key_target(true)) scroll_to(w, true, 0.0f);
        } else if (pressed(keys_.end)) {
            if (ImGuiWindow* w = key_target(true)) scroll_to(w, true, w->ScrollMax.y);
        }
        if (arrows_taken_) {
            const float step = std::round(2.5f * ImGui::GetFontSize());  // a browser's 40 px at a 16 px font
            const int dy = (pressed(keys_.down) ? 1 : 0) - (pressed(keys_.up) ? 1 : 0);
            const int dx = (pressed(keys_.right) ? 1 : 0) - (pressed(keys_.left) ? 1 : 0);
            if (dy != 0)
                if (ImGuiWindow* w = key_target(true)) scroll_to(w, true, scroll_now(w, true) + float(dy) * step);
            if (dx != 0)
                if (ImGuiWindow* w = key_target(false)) scroll_to(w, false, scroll_now(w, false) + float(dx) * step);
        }
    }
    // Who has the keys for the rest of this frame (text fields read Home and End) and the next
    // NewFrame (navigation): ImGui while a control holds the keyboard (a text field, a drag) or a
    // popup, a menu or Ctrl+Tab's window list is open; the arrows too while a focus is shown.
    const bool keyboard_held = g.ActiveId != 0 || g.OpenPopupStack.Size > 0 || g.NavWindowingTarget != nullptr;
    pages_taken_ = !keyboard_held;
    arrows_taken_ = pages_taken_ && (g.NavDisableHighlight || g.NavId == 0);
    // A key with no code (a platform that did not give it) is left as the backend mapped it.
    auto route = [&](ImGuiKey_ name, int code, bool taken) {
        if (code >= 0) io.KeyMap[name] = taken ? -1 : code;
    };
    route(ImGuiKey_PageUp, keys_.page_up, pages_taken_);
    route(ImGuiKey_PageDown, keys_.page_down, pages_taken_);
    route(ImGuiKey_Home, keys_.home, pages_taken_);
    route(ImGuiKey_End, keys_.end, pages_taken_);
    route(ImGuiKey_UpArrow, keys_.up, arrows_taken_);
    route(ImGuiKey_DownArrow, keys_.down, arrows_taken_);
    route(ImGuiKey_LeftArrow, keys_.left, arrows_taken_);
    route(ImGuiKey_RightArrow, keys_.right, arrows_taken_);
}

void InputQueue::apply(ImGuiIO& io) {
    constexpr int kKeys = IM_ARRAYSIZE(ImGuiIO{}.KeysDown);
    bool key_changed[kKeys] = {};
    bool any_key_changed = false, text = false, moved = false, wheeled = false;
    unsigned buttons_changed = 0;

    while (!events_.empty()) {
        const Event& e = events_.front();
        bool stop = false;
        switch (e.kind) {
            case Kind::Key:
                stop = key_changed[e.code] || text || buttons_changed != 0;
                break;
            case Kind::Char:
                stop = any_key_changed || buttons_changed != 0 || moved || wheeled;
                break;
            case Kind::Pos:
            case Kind::Gone:
                stop = buttons_changed != 0 || wheeled || any_key_changed || text;
                break;
            case Kind::Button:
                // A move and a press in one frame: ImGui 1.86 would judge the click against what
                // the pointer hovered on the previous frame (tabs ignore such clicks entirely).
                stop = (buttons_changed & (1u << e.code)) != 0 || moved || wheeled;
                break;
            case Kind::Wheel:
            case Kind::WheelPixels:
                stop = moved || buttons_changed != 0;
                break;
        }
        if (stop) break;
        switch (e.kind) {
            case Kind::Key:
                if (io.KeysDown[e.code] != e.down) {
                    io.KeysDown[e.code] = e.down;
                    key_changed[e.code] = any_key_changed = true;
                }
                break;
            case Kind::Char:
                io.AddInputCharacter(static_cast<unsigned int>(e.code));
                text = true;
                break;
            case Kind::Pos:
                moved = moved || !mouse_present_ || mouse_x_ != e.x || mouse_y_ != e.y;
                mouse_x_ = e.x;
                mouse_y_ = e.y;
                mouse_present_ = true;
                break;
            case Kind::Gone:
                moved = moved || mouse_present_;
                mouse_present_ = false;
                break;
            case Kind::Button:
                if (buttons_down_[e.code] != e.down) {
                    buttons_down_[e.code] = e.down;
                    buttons_changed |= 1u << e.code;
                }
                break;
            case Kind::Wheel:
                io.MouseWheelH += e.x;
                io.MouseWheel += e.y;
                wheeled = true;
                break;
            case Kind::WheelPixels: {
                ImGuiContext* g = ImGui::GetCurrentContext();
                const double now = g ? g->Time : 0;
                const int frame = g ? g->FrameCount : 0;
                ImGuiWindow* window = g ? g->HoveredWindow : nullptr;
                // The gesture goes on while its events keep coming: for 0.6 s, or for the next few
                // frames however long they take (a fling after the finger lifted, with no pointer to
                // hover anything, on a machine drawing a frame a second; the lift takes a frame).
                const bool going_on = now < wheel_until_ || frame - wheel_frame_ <= 3;
                if (wheel_window_ && going_on && wheel_mouse_[0] == mouse_x_ && wheel_mouse_[1] == mouse_y_ &&
                    g && g->Windows.contains(static_cast<ImGuiWindow*>(wheel_window_)))
                    window = static_cast<ImGuiWindow*>(wheel_window_);
                if (window != wheel_window_) wheel_rest_[0] = wheel_rest_[1] = 0;
                if (window) {
                    wheel_window_ = window;
                    wheel_until_ = now + 0.6;
                    wheel_frame_ = frame;
                    wheel_mouse_[0] = mouse_x_;
                    wheel_mouse_[1] = mouse_y_;
                }
                if (e.y != 0)
                    if (ImGuiWindow* w = wheel_target(window, true)) scroll_by(w, true, e.y, wheel_rest_[1]);
                if (e.x != 0)
                    if (ImGuiWindow* w = wheel_target(window, false)) scroll_by(w, false, e.x, wheel_rest_[0]);
                wheeled = true;
                break;
            }
        }
        events_.pop_front();
    }

    auto down = [&](const int (&keys)[2]) {
        for (int k : keys)
            if (k >= 0 && k < kKeys && io.KeysDown[k]) return true;
        return false;
    };
    io.KeyCtrl = down(modifiers_.ctrl);
    io.KeyShift = down(modifiers_.shift);
    io.KeyAlt = down(modifiers_.alt);
    io.KeySuper = down(modifiers_.super);
    // NewFrame maps the keyboard to navigation inputs and clears them at EndFrame; Enter joins Space.
    if ((io.ConfigFlags & ImGuiConfigFlags_NavEnableKeyboard) && down(modifiers_.enter))
        io.NavInputs[ImGuiNavInput_Activate] = 1.0f;
    for (int b = 0; b < 5; ++b) io.MouseDown[b] = buttons_down_[b];
    io.MousePos = mouse_present_ ? ImVec2(mouse_x_, mouse_y_) : ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace app
