// test_input_queue.cpp — app::InputQueue replays the page's input into Dear ImGui 1.86 one frame's
// worth at a time. Built into the `app_smoke` executable (needs ImGui), like test_app_smoke.cpp.
// Each case sends events faster than frames (all between two frames, as a fast typist or a
// test driver does) and checks what ImGui did with them.
#ifdef SH_APP_SMOKE
#include <cfloat>
#include <string>

#include "app/input_queue.hpp"
#include "catch.hpp"
#include "imgui.h"
#include "imgui_internal.h"

namespace {

constexpr int kBackspace = 259, kLeftShift = 340, kA = 65;  // GLFW key codes, as the page uses them

struct Context {
    Context() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(800, 600);
        io.DeltaTime = 1.0f / 60.0f;
        io.KeyMap[ImGuiKey_Backspace] = kBackspace;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Context() { ImGui::DestroyContext(); }
};

app::InputQueue make_queue() {
    app::ModifierKeys m;
    m.shift[0] = kLeftShift;
    return app::InputQueue(m);
}

// One frame: the queue's events, then `ui` inside a full-screen window.
template <typename Ui>
void frame(app::InputQueue& q, Ui&& ui) {
    q.apply(ImGui::GetIO());
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(800, 600));
    ImGui::Begin("test", nullptr, ImGuiWindowFlags_NoDecoration);
    ui();
    ImGui::End();
    ImGui::Render();
}

template <typename Ui>
int drain(app::InputQueue& q, Ui&& ui) {
    int frames = 0;
    while (!q.empty() && frames < 1000) frame(q, ui), ++frames;
    frame(q, ui);
    frame(q, ui);
    return frames;
}

}  // namespace

TEST_CASE("keys pressed and released between two frames all reach a text field, in order", "[input]") {
    Context ctx;
    app::InputQueue q = make_queue();
    bool focus = true;
    char buf[64] = "";
    auto field = [&] {
        if (focus) ImGui::SetKeyboardFocusHere(), focus = false;
        ImGui::InputText("##t", buf, sizeof buf);
    };
    frame(q, field);
    frame(q, field);

    SECTION("nine characters then nine Backspaces leave the field empty") {
        for (char c : std::string("Scheduled")) q.character(static_cast<unsigned char>(c));
        for (int i = 0; i < 9; ++i) q.key(kBackspace, true), q.key(kBackspace, false);
        drain(q, field);
        CHECK(std::string(buf).empty());
    }
    SECTION("text typed after a Backspace is not applied before it") {
        for (char c : std::string("abc")) q.character(static_cast<unsigned char>(c));
        q.key(kBackspace, true);
        q.key(kBackspace, false);
        q.character('d');
        drain(q, field);
        CHECK(std::string(buf) == "abd");
    }
    SECTION("Shift held across characters is reported as held") {
        q.key(kLeftShift, true);
        q.character('A');
        frame(q, field);
        CHECK(ImGui::GetIO().KeyShift);
        q.key(kLeftShift, false);
        drain(q, field);
        CHECK_FALSE(ImGui::GetIO().KeyShift);
        CHECK(std::string(buf) == "A");
    }
    SECTION("a key down and up between two frames is seen as pressed once") {
        int pressed = 0;
        auto count = [&] {
            field();
            if (ImGui::IsKeyPressed(kA, false)) ++pressed;
        };
        q.key(kA, true);
        q.key(kA, false);
        q.key(kA, true);
        q.key(kA, false);
        drain(q, count);
        CHECK(pressed == 2);
    }
}

TEST_CASE("a move and a click between two frames click what is under the pointer", "[input]") {
    Context ctx;
    app::InputQueue q = make_queue();
    int selected = 0;
    ImVec2 second_tab;
    auto tabs = [&] {
        if (ImGui::BeginTabBar("tabs")) {
            if (ImGui::BeginTabItem("First")) selected = 1, ImGui::EndTabItem();
            if (ImGui::BeginTabItem("Second")) selected = 2, ImGui::EndTabItem();
            ImGui::EndTabBar();
        }
    };
    auto measure = [&] {
        if (ImGui::BeginTabBar("tabs")) {
            if (ImGui::BeginTabItem("First")) selected = 1, ImGui::EndTabItem();
            if (ImGui::BeginTabItem("Second")) selected = 2, ImGui::EndTabItem();
            // The last submitted tab item's rectangle is the one of "Second".
            second_tab = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                                (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
            ImGui::EndTabBar();
        }
    };
    // The pointer rests on the first tab (hovering it), as after an earlier click.
    q.mouse_pos(20, 12);
    frame(q, measure);
    frame(q, measure);
    REQUIRE(selected == 1);
    REQUIRE(second_tab.x > 40);
    // A tap or a fast click: the pointer jumps to "Second" and clicks, all before the next frame.
    q.mouse_pos(second_tab.x, second_tab.y);
    q.mouse_button(0, true);
    q.mouse_button(0, false);
    q.mouse_gone();  // a finger lifted: nothing stays hovered
    drain(q, tabs);
    CHECK(selected == 2);
    CHECK_FALSE(ImGui::IsMousePosValid());
}

TEST_CASE("wheel pixels scroll by that many pixels, in the browser's direction", "[input]") {
    Context ctx;
    app::InputQueue q = make_queue();
    float scroll_y = 0, scroll_x = 0;
    auto list = [&] {
        ImGui::BeginChild("list", ImVec2(400, 300), true, ImGuiWindowFlags_HorizontalScrollbar);
        for (int i = 0; i < 200; ++i) ImGui::Text("row %d ................................................................................", i);
        scroll_y = ImGui::GetScrollY();
        scroll_x = ImGui::GetScrollX();
        ImGui::EndChild();
    };
    q.mouse_pos(100, 100);
    frame(q, list);
    frame(q, list);
    REQUIRE(scroll_y == 0);
    q.wheel_pixels(0, 120);  // wheel down: the content moves up, as on a web page
    drain(q, list);
    CHECK(scroll_y == Approx(120).margin(1));
    q.wheel_pixels(0, -50);
    drain(q, list);
    CHECK(scroll_y == Approx(70).margin(1));
    q.wheel_pixels(30, 0);  // trackpad swipe to the right shows what is right
    drain(q, list);
    CHECK(scroll_x == Approx(30).margin(1));
    // Three notches up at the top stay at the top (no wrap to the bottom).
    for (int i = 0; i < 3; ++i) q.wheel_pixels(0, -100);
    drain(q, list);
    CHECK(scroll_y == 0);
}
TEST_CASE("a diagonal swipe scrolls each axis in the window that can scroll that way", "[input]") {
    // Issue 14.1: ImGui 1.86 looks for the horizontal wheel's window from the vertical one's, so
    // over a strip that scrolls only sideways inside a page that scrolls down, a diagonal trackpad
    // swipe scrolled the page and lost its sideways part.
    Context ctx;
    app::InputQueue q = make_queue();
    float page_y = 0, strip_x = 0;
    auto ui = [&] {
        ImGui::BeginChild("page", ImVec2(600, 400), true);
        ImGui::BeginChild("strip", ImVec2(300, 100), true, ImGuiWindowFlags_HorizontalScrollbar);
        ImGui::TextUnformatted("a wide line ..........................................................................................................");
        strip_x = ImGui::GetScrollX();
        ImGui::EndChild();
        for (int i = 0; i < 100; ++i) ImGui::Text("page row %d", i);
        page_y = ImGui::GetScrollY();
        ImGui::EndChild();
    };
    q.mouse_pos(100, 50);  // over the strip
    frame(q, ui);
    frame(q, ui);
    q.wheel_pixels(40, 30);
    drain(q, ui);
    CHECK(strip_x == Approx(40).margin(1));
    CHECK(page_y == Approx(30).margin(1));
}

TEST_CASE("a drag in fractional steps scrolls by the whole distance", "[input]") {
    Context ctx;
    app::InputQueue q = make_queue();
    float scroll_y = 0;
    auto list = [&] {
        ImGui::BeginChild("list", ImVec2(400, 300), true);
        for (int i = 0; i < 200; ++i) ImGui::Text("row %d", i);
        scroll_y = ImGui::GetScrollY();
        ImGui::EndChild();
    };
    q.mouse_pos(100, 100);
    frame(q, list);
    frame(q, list);
    for (int i = 0; i < 8; ++i) {  // a touch drag of 300 px in eight moves, one frame each
        q.wheel_pixels(0, 37.5f);
        frame(q, list);
    }
    drain(q, list);
    CHECK(scroll_y == Approx(300).margin(0.5));
}

TEST_CASE("a fling after the finger lifted keeps scrolling what the drag scrolled, however slow the frames", "[input]") {
    // Issue 14 (page3) point 2: the page's momentum sends wheel pixels after the lift, when the
    // pointer is gone and hovers nothing; the window the drag scrolled was remembered for 0.6 s of
    // ImGui time, which one slow frame (a loaded machine, software WebGL) used up.
    Context ctx;
    app::InputQueue q = make_queue();
    float scroll_y = 0;
    auto list = [&] {
        ImGui::BeginChild("list", ImVec2(400, 300), true);
        for (int i = 0; i < 200; ++i) ImGui::Text("row %d", i);
        scroll_y = ImGui::GetScrollY();
        ImGui::EndChild();
    };
    q.mouse_pos(100, 100);
    frame(q, list);
    frame(q, list);
    q.wheel_pixels(0, 40);  // the drag
    frame(q, list);
    q.mouse_gone();         // the finger lifts
    ImGui::GetIO().DeltaTime = 0.8f;
    for (int i = 0; i < 5; ++i) {  // the fling: one step a frame, 0.8 s apart
        q.wheel_pixels(0, 10);
        frame(q, list);
    }
    drain(q, list);
    CHECK(scroll_y == Approx(90).margin(1));
    // A wheel long after the gesture, with nothing hovered, scrolls nothing.
    for (int i = 0; i < 3; ++i) frame(q, list);
    q.wheel_pixels(0, 10);
    drain(q, list);
    CHECK(scroll_y == Approx(90).margin(1));
}

TEST_CASE("with keyboard navigation, Enter activates the focused button as Space does", "[input]") {
    Context ctx;
    constexpr int kEnter = 257, kTab = 258;
    ImGuiIO& io = ImGui::GetIO();
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.KeyMap[ImGuiKey_Enter] = kEnter;
    io.KeyMap[ImGuiKey_Tab] = kTab;
    app::ModifierKeys m;
    m.enter[0] = kEnter;
    app::InputQueue q(m);
    int pressed = 0;
    ImGuiID button = 0;
    auto ui = [&] {
        if (ImGui::Button("First")) ++pressed;
        button = ImGui::GetItemID();
    };
    frame(q, ui);
    ImGui::SetFocusID(button, ImGui::FindWindowByName("test"));  // the keyboard is on the button
    GImGui->NavDisableHighlight = false;
    frame(q, ui);
    q.key(kEnter, true);
    q.key(kEnter, false);
    drain(q, ui);
    CHECK(pressed == 1);
}
namespace {

// GLFW key codes, as the page sends them.
constexpr int kRight = 262, kLeft = 263, kDown = 264, kUp = 265, kPageUp = 266, kPageDown = 267,
              kHome = 268, kEnd = 269, kSpace = 32;

struct Scrolling {
    app::InputQueue q = make_queue();
    app::KeyboardScroll keys{app::ScrollKeys{kPageUp, kPageDown, kHome, kEnd, kSpace, kUp, kDown, kLeft, kRight}};
    float list_y = 0, list_x = 0, list_h = 0, list_max_y = 0, side_y = 0;
    int pressed = 0;
    bool show_field = false;
    char text[64] = "0123456789";
    ImGuiID first_button = 0;
    ImGuiWindow* view_window = nullptr;

    // A view with controls and more content than fits (as the Board), and a side list beside it.
    void ui() {
        ImGui::BeginChild("view", ImVec2(400, 300), true, ImGuiWindowFlags_HorizontalScrollbar);
        view_window = ImGui::GetCurrentWindow();
        if (ImGui::Button("Download")) ++pressed;
        first_button = ImGui::GetItemID();
        if (show_field) ImGui::InputText("##field", text, sizeof text);
        for (int i = 0; i < 200; ++i) {
            ImGui::Text("row %d ................................................................................", i);
            if (i % 20 == 0) ImGui::SmallButton(("more##" + std::to_string(i)).c_str());
        }
        list_y = ImGui::GetScrollY();
        list_x = ImGui::GetScrollX();
        list_max_y = ImGui::GetScrollMaxY();
        list_h = ImGui::GetCurrentWindow()->InnerRect.GetHeight();
        ImGui::EndChild();
        ImGui::SameLine();
        ImGui::BeginChild("side", ImVec2(300, 300), true);
        for (int i = 0; i < 100; ++i) ImGui::Text("side %d", i);
        side_y = ImGui::GetScrollY();
        ImGui::EndChild();
    }
    // The app updates the keyboard's scrolling right after NewFrame, before any window: here just
    // inside the full-screen one, still before every window it scrolls.
    void frame() {
        ::frame(q, [this] {
            keys.update();
            ui();
        });
    }
    void drain() {
        for (int i = 0; !q.empty() && i < 1000; ++i) frame();
        frame();
        frame();
    }
    void press(int key) {
        q.key(key, true);
        q.key(key, false);
        drain();
    }
    void click(float x, float y) {
        q.mouse_pos(x, y);
        q.mouse_button(0, true);
        q.mouse_button(0, false);
        drain();
    }
};

}  // namespace

TEST_CASE("the keyboard scrolls a view full of controls as it scrolls a web page", "[input]") {
    // Dear ImGui 1.86 scrolls by PageDown only a window without controls; in the page's views
    // PageDown, End and the arrows moved nothing.
    Context ctx;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    Scrolling t;
    t.frame();
    t.frame();
    t.click(200, 150);  // on a row of the view, not on a control: the view has the focus
    REQUIRE(t.list_y == 0);
    REQUIRE(t.list_max_y > 2 * t.list_h);
    const float line = ImGui::GetTextLineHeightWithSpacing();

    t.press(kPageDown);
    CHECK(t.list_y == Approx(t.list_h - 2 * line).margin(1));
    t.press(kPageDown);
    CHECK(t.list_y == Approx(2 * (t.list_h - 2 * line)).margin(2));
    t.press(kPageUp);
    CHECK(t.list_y == Approx(t.list_h - 2 * line).margin(1));
    t.press(kEnd);
    CHECK(t.list_y == Approx(t.list_max_y).margin(1));
    t.press(kPageDown);  // already at the bottom
    CHECK(t.list_y == Approx(t.list_max_y).margin(1));
    t.press(kHome);
    CHECK(t.list_y == 0);
    t.press(kDown);
    CHECK(t.list_y == Approx(2.5f * ImGui::GetFontSize()).margin(1));
    t.press(kUp);
    CHECK(t.list_y == 0);
    t.press(kRight);
    CHECK(t.list_x == Approx(2.5f * ImGui::GetFontSize()).margin(1));
    t.press(kLeft);
    CHECK(t.list_x == 0);
    // Space pages down as in a browser; it does not press the button clicked before.
    t.click(30, 25);  // the Download button
    REQUIRE(t.pressed == 1);
    t.press(kSpace);
    CHECK(t.list_y == Approx(t.list_h - 2 * line).margin(1));
    CHECK(t.pressed == 1);
    CHECK(t.side_y == 0);  // only the focused view moved

    SECTION("held, PageDown repeats") {
        t.press(kHome);
        t.q.key(kPageDown, true);
        ImGui::GetIO().DeltaTime = 0.2f;  // past the repeat delay in a few frames
        for (int i = 0; i < 6; ++i) t.frame();
        t.q.key(kPageDown, false);
        t.drain();
        CHECK(t.list_y > 2 * (t.list_h - 2 * line));
    }
    SECTION("the view clicked last scrolls, not the one under the pointer") {
        t.press(kHome);
        t.click(600, 150);  // the side list
        t.q.mouse_pos(200, 150);  // back over the view, without a click
        t.press(kPageDown);
        CHECK(t.side_y > 0);
        CHECK(t.list_y == 0);
    }
    SECTION("with nothing focused, the window under the pointer scrolls") {
        t.press(kHome);
        ImGui::FocusWindow(nullptr);
        t.q.mouse_pos(600, 150);
        t.press(kEnd);
        CHECK(t.side_y > 0);
        CHECK(t.list_y == 0);
    }
}

TEST_CASE("keys that scroll still edit a text field and move a keyboard focus shown", "[input]") {
    Context ctx;
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    Scrolling t;
    t.show_field = true;
    t.frame();
    t.frame();

    SECTION("Home and End move the text cursor and scroll nothing") {
        t.click(100, 40);  // into the text field (under the button)
        REQUIRE(GImGui->ActiveId != 0);
        REQUIRE(GImGui->ActiveId == GImGui->InputTextState.ID);
        t.press(kHome);
        CHECK(GImGui->InputTextState.Stb.cursor == 0);
        t.press(kEnd);
        CHECK(GImGui->InputTextState.Stb.cursor == 10);
        CHECK(t.list_y == 0);
    }
    SECTION("with the keyboard focus shown (as after Tab), the arrows move it") {
        t.click(200, 150);
        ImGui::SetFocusID(t.first_button, t.view_window);
        GImGui->NavDisableHighlight = false;
        t.frame();
        const ImGuiID before = GImGui->NavId;
        REQUIRE(before == t.first_button);
        t.press(kDown);
        CHECK(GImGui->NavId != before);
        CHECK(t.list_y == 0);
        // PageDown scrolls even then, as a browser does with a button focused.
        t.press(kPageDown);
        CHECK(t.list_y > 0);
    }
}
#endif  // SH_APP_SMOKE
