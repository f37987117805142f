// input_queue.hpp — the page's input events, replayed into Dear ImGui one frame's worth at a time.
// Dear ImGui 1.86 reads input as *state* at each NewFrame (KeysDown, MouseDown, MousePos): a key
// pressed and released between two frames, a move and a click in one frame, or text typed ahead
// of a Backspace would be lost or reordered. Events are queued here as they arrive and applied in
// order at the start of each frame with the rules of ImGui 1.87's "trickled" input queue: at most
// one transition per key and per mouse button a frame, text never in the same frame as a key
// change, a mouse move and a button change (or wheel) in separate frames, so that ImGui sees every
// transition and hovers an item before it is clicked. No GLFW here: the platform translates its
// callbacks into these calls (key indices are those of io.KeysDown). KeyboardScroll, below, makes
// the keys that scroll a web page scroll the views.
#pragma once
#include <cstddef>
#include <deque>

struct ImGuiIO;

namespace app {

// Key indices (io.KeysDown) of the modifier keys, left and right; -1 when absent.
struct ModifierKeys {
    int ctrl[2] = {-1, -1}, shift[2] = {-1, -1}, alt[2] = {-1, -1}, super[2] = {-1, -1};
    // Enter and keypad Enter: with keyboard navigation they also activate the focused control
    // (Dear ImGui 1.86 activates only with Space and keeps Enter for text fields).
    int enter[2] = {-1, -1};
};

class InputQueue {
public:
    explicit InputQueue(ModifierKeys modifiers = {}) : modifiers_(modifiers) {}

    void key(int key, bool down);             // repeats are not queued: ImGui repeats on its own
    void character(unsigned int codepoint);
    void mouse_pos(float x, float y);         // in ImGui's coordinates
    void mouse_gone();                        // the pointer left (or a touch ended): no hover
    void mouse_button(int button, bool down); // 0 left, 1 right, 2 middle (ImGui's order)
    void wheel(float dx, float dy);           // ImGui units: +dy scrolls up, +dx scrolls left
    // A browser wheel or trackpad delta in ImGui's (device) pixels with the browser's sign (+dy:
    // the content moves up). Applied as a scroll of exactly that many pixels, per axis, of the
    // window under the pointer or its nearest parent that can scroll on that axis (as
    // ImGui::UpdateMouseWheel chooses, but each axis on its own: 1.86 looks for the horizontal
    // one from the vertical one's parent, so a diagonal trackpad swipe lost its horizontal part),
    // and regardless of Shift (the browser already turned Shift+wheel into a horizontal delta).
    void wheel_pixels(float dx, float dy);

    // Call once per frame before ImGui::NewFrame (after the backend's own NewFrame, which would
    // otherwise overwrite the mouse): applies the next frame's worth of events to io.
    void apply(ImGuiIO& io);

    bool empty() const { return events_.empty(); }
    std::size_t size() const { return events_.size(); }
    void clear() { events_.clear(); }

private:
    enum class Kind : unsigned char { Key, Char, Pos, Gone, Button, Wheel, WheelPixels };
    struct Event {
        Kind kind;
        int code = 0;  // key, button or codepoint
        bool down = false;
        float x = 0, y = 0;
    };
    ModifierKeys modifiers_;
    std::deque<Event> events_;
    // The mouse as ImGui last saw it: kept here because the backend's NewFrame resets it.
    float mouse_x_ = 0, mouse_y_ = 0;
    bool mouse_present_ = false;
    // The window a wheel gesture scrolls keeps scrolling for a moment even when the content that
    // moves under a still pointer is another scrolling window (as ImGui's WheelingWindow).
    void* wheel_window_ = nullptr;
    double wheel_until_ = 0;
    int wheel_frame_ = -2;  // ImGui's frame count when it last scrolled
    float wheel_mouse_[2] = {0, 0};
    float wheel_rest_[2] = {0, 0};  // fractions of a pixel not scrolled yet (x, y)
    bool buttons_down_[5] = {};
};

// Key indices (io.KeysDown) of the keys that scroll, as the platform sends them; -1 when absent.
struct ScrollKeys {
    int page_up = -1, page_down = -1, home = -1, end = -1, space = -1;
    int up = -1, down = -1, left = -1, right = -1;
};

// The keyboard scrolls the page's views as it scrolls a web page. Dear ImGui 1.86 scrolls with
// PageUp/PageDown/Home/End only a window with no control in it; in one with controls (every view
// has some) it moves the keyboard focus instead, which with no focus shown moved nothing, and the
// arrows only ever move the focus. Here, while no text field or other control holds the keyboard
// and no popup is open:
// - PageDown/PageUp (and Space/Shift+Space while no focus is shown) scroll by a page less two
//   lines, Home and End to the top and the bottom;
// - while no control shows the keyboard focus (the pointer was used last) the arrows scroll by a
//   few lines; once Tab shows the focus they move it, as before.
// The window scrolled is the focused one (the one last clicked) or its nearest parent that scrolls
// that way; else the one under the pointer (or its parent); else the largest one on screen. The
// keys that scroll are kept from ImGui's navigation (io.KeyMap) so that nothing acts twice.
class KeyboardScroll {
public:
    explicit KeyboardScroll(ScrollKeys keys = {}) : keys_(keys) {}
    // Once per frame, right after ImGui::NewFrame and before the frame's widgets.
    void update();

private:
    ScrollKeys keys_;
    // Kept from ImGui in this frame's NewFrame: the page keys (and Space), the arrows.
    bool pages_taken_ = false, arrows_taken_ = false;
};

}  // namespace app
