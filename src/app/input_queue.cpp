// input_queue.cpp — see input_queue.hpp: one frame's worth of queued input applied to ImGuiIO.
#include "app/input_queue.hpp"

#include <cfloat>

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

// Pixels per unit of io.MouseWheel (vertical) or io.MouseWheelH for the window that a wheel event
// will scroll: the same walk and step as ImGui::UpdateMouseWheel (1.86), so units * step = pixels.
float wheel_step(bool vertical) {
    ImGuiContext* g = ImGui::GetCurrentContext();
    ImGuiWindow* window = g ? (g->WheelingWindow ? g->WheelingWindow : g->HoveredWindow) : nullptr;
    if (!window) return 0;
    auto cannot_scroll = [&](ImGuiWindow* w) {
        return (vertical ? w->ScrollMax.y : w->ScrollMax.x) == 0.0f ||
               ((w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs));
    };
    while ((window->Flags & ImGuiWindowFlags_ChildWindow) && window->ParentWindow && cannot_scroll(window))
        window = window->ParentWindow;
    const float max_step = (vertical ? window->InnerRect.GetHeight() : window->InnerRect.GetWidth()) * 0.67f;
    return ImFloor(ImMin((vertical ? 5.0f : 2.0f) * window->CalcFontSize(), max_step));
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
                // ImGui turns a vertical wheel with Shift into a horizontal one (not on macOS);
                // browsers already report that as a horizontal delta.
                const bool swap = io.KeyShift && !io.ConfigMacOSXBehaviors;
                const float step_y = wheel_step(true), step_x = wheel_step(false);
                if (swap) {
                    if (step_x > 0) io.MouseWheel -= (e.x + e.y) / step_x;
                } else {
                    if (step_y > 0) io.MouseWheel -= e.y / step_y;
                    if (step_x > 0) io.MouseWheelH -= e.x / step_x;
                }
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
    for (int b = 0; b < 5; ++b) io.MouseDown[b] = buttons_down_[b];
    io.MousePos = mouse_present_ ? ImVec2(mouse_x_, mouse_y_) : ImVec2(-FLT_MAX, -FLT_MAX);
}

}  // namespace app
