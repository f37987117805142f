// input_queue.cpp — see input_queue.hpp: one frame's worth of queued input applied to ImGuiIO.
#include "app/input_queue.hpp"

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
ImGuiWindow* wheel_target(ImGuiWindow* window, bool vertical) {
    auto cannot_scroll = [&](ImGuiWindow* w) {
        return (vertical ? w->ScrollMax.y : w->ScrollMax.x) == 0.0f ||
               ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs));
    };
    while (window && (window->Flags & ImGuiWindowFlags_ChildWindow) && window->ParentWindow && cannot_scroll(window))
        window = window->ParentWindow;
    if (!window || (window->Flags & (ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoMouseInputs))) return nullptr;
    return window;
}

// Adds to the scroll a window will take at its next Begin (several wheel events in one frame add
// up). ImGui keeps whole pixels, so the fraction is carried to the next event (`rest`): a touch
// drag in steps of 37.5 px moves the content by the finger's distance, not 4 px short.
void scroll_by(ImGuiWindow* w, bool vertical, float pixels, float& rest) {
    const float target = vertical ? w->ScrollTarget.y : w->ScrollTarget.x;
    const float base = target < FLT_MAX ? target : (vertical ? w->Scroll.y : w->Scroll.x);
    const float want = base + pixels + rest;
    const float whole = std::round(want);
    rest = want - whole;
    if (vertical) ImGui::SetScrollY(w, whole);
    else ImGui::SetScrollX(w, whole);
}

}  // namespace

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
