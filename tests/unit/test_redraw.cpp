// test_redraw.cpp — app::Redraw: the rectangle where a frame's draw data differs from the frame on
// the canvas, and the clip rectangles that make ImGui's OpenGL3 backend draw exactly that much.
// Built into the `app_smoke` executable (needs ImGui), like test_input_queue.cpp. Frames are real
// ImGui frames (no backend); where the damage is checked, it is checked against the item rectangles
// ImGui reports, and the backend's scissor against values worked out by hand from its source.
#ifdef SH_APP_SMOKE
#include <random>
#include <string>
#include <utility>

#include "app/redraw.hpp"
#include "catch.hpp"
#include "imgui.h"

namespace {

constexpr int kW = 800, kH = 600;

struct Context {
    Context() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(kW, kH);
        io.DeltaTime = 1.0f / 60.0f;
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~Context() { ImGui::DestroyContext(); }
};

struct Rect {
    ImVec2 min, max;
};

// What the test's UI drew, and where.
struct Drawn {
    Rect label, far_button, popup;
};

struct Ui {
    std::string label = "Loading 1 / 10 files";
    bool popup = false;
    bool callback = false;
    bool focus_popup = false;
};

Drawn frame(const Ui& ui) {
    Drawn d;
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(kW, kH));
    ImGui::Begin("main", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::TextUnformatted(ui.label.c_str());
    d.label = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    for (int i = 0; i < 20; ++i) ImGui::Text("row %d of a long list that is the same every frame", i);
    ImGui::SetCursorPos(ImVec2(600, 500));
    ImGui::Button("far away");
    d.far_button = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (ui.callback) ImGui::GetWindowDrawList()->AddCallback([](const ImDrawList*, const ImDrawCmd*) {}, nullptr);
    ImGui::End();
    if (ui.popup) {
        ImGui::SetNextWindowPos(ImVec2(300, 200));
        ImGui::SetNextWindowSize(ImVec2(150, 80));
        ImGui::Begin("popup", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted("a tooltip-like window");
        d.popup = {ImGui::GetWindowPos(), ImVec2(ImGui::GetWindowPos().x + 150, ImGui::GetWindowPos().y + 80)};
        ImGui::End();
        ImGui::SetNextWindowPos(ImVec2(320, 220));
        ImGui::SetNextWindowSize(ImVec2(100, 50));
        ImGui::Begin("other", nullptr, ImGuiWindowFlags_NoDecoration);
        ImGui::TextUnformatted("overlaps");
        ImGui::End();
        if (ui.focus_popup) ImGui::SetWindowFocus("popup");  // brought to the front, above "other"
    }
    ImGui::Render();
    return d;
}

bool contains(const app::PixelRect& r, const Rect& item) {
    return r.x0 <= int(item.min.x) && r.y0 <= int(item.min.y) && r.x1 >= int(item.max.x) && r.y1 >= int(item.max.y);
}
// r lies within the item's rectangle grown by `by` pixels.
bool within(const app::PixelRect& r, const Rect& item, int by) {
    return r.x0 >= int(item.min.x) - by && r.y0 >= int(item.min.y) - by && r.x1 <= int(item.max.x) + by &&
           r.y1 <= int(item.max.y) + by;
}
bool overlaps(const app::PixelRect& r, const Rect& item) {
    return r.x0 < int(item.max.x) && int(item.min.x) < r.x1 && r.y0 < int(item.max.y) && int(item.min.y) < r.y1;
}

const app::PixelRect kAll{0, 0, kW, kH};

// An ImGui context whose UI has settled (two frames) and a Redraw that remembers its last frame.
struct Settled {
    Context c;
    app::Redraw r;
    Ui ui;
    explicit Settled(Ui start = {}) : ui(std::move(start)) {
        frame(ui);
        frame(ui);
        r.remember(*ImGui::GetDrawData(), kW, kH);
    }
};

}  // namespace

TEST_CASE("redraw: everything until a frame is remembered, nothing when the frame is the same", "[redraw]") {
    Context c;
    app::Redraw r;
    Ui ui;
    frame(ui);
    CHECK(r.damage(*ImGui::GetDrawData(), kW, kH) == kAll);
    r.remember(*ImGui::GetDrawData(), kW, kH);
    frame(ui);
    CHECK(r.damage(*ImGui::GetDrawData(), kW, kH).empty());
    r.forget();
    CHECK(r.damage(*ImGui::GetDrawData(), kW, kH) == kAll);
}

TEST_CASE("redraw: a changed label is redrawn, not the rest of its window", "[redraw]") {
    Settled t;
    auto& [c, r, ui] = t;
    ui.label = "Loading 10 / 10 files";  // one glyph more: every later vertex of the list moves along
    const Drawn longer = frame(ui);
    const app::PixelRect damage = r.damage(*ImGui::GetDrawData(), kW, kH);
    INFO("damage " << damage.x0 << "," << damage.y0 << " - " << damage.x1 << "," << damage.y1 << "; label "
                   << longer.label.min.x << "," << longer.label.min.y << " - " << longer.label.max.x << ","
                   << longer.label.max.y);
    REQUIRE_FALSE(damage.empty());
    CHECK(within(damage, longer.label, 2));                  // nothing beyond the label's line
    CHECK(damage.x1 >= int(longer.label.max.x) - 3);         // up to the new end of the text
    CHECK(damage.x0 > int(longer.label.min.x) + 20);         // "Loading 1" is the same: not redrawn
    // Back to the first label: the longer text's end is cleared too.
    r.remember(*ImGui::GetDrawData(), kW, kH);
    ui.label = "Loading 1 / 10 files";
    frame(ui);
    const app::PixelRect back = r.damage(*ImGui::GetDrawData(), kW, kH);
    CHECK(within(back, longer.label, 2));
    CHECK(back.x1 >= int(longer.label.max.x) - 3);
}

TEST_CASE("redraw: a window that appears or goes is redrawn where it is or was", "[redraw]") {
    Settled t;
    auto& [c, r, ui] = t;
    ui.popup = true;
    Drawn d = frame(ui);
    d = frame(ui);  // windows appear at their size from their second frame
    app::PixelRect damage = r.damage(*ImGui::GetDrawData(), kW, kH);
    CHECK(contains(damage, d.popup));
    CHECK_FALSE(overlaps(damage, d.far_button));
    r.remember(*ImGui::GetDrawData(), kW, kH);
    ui.popup = false;
    frame(ui);
    damage = r.damage(*ImGui::GetDrawData(), kW, kH);
    CHECK(contains(damage, d.popup));
    CHECK_FALSE(overlaps(damage, d.far_button));
    CHECK_FALSE(damage == kAll);
}

TEST_CASE("redraw: windows changing places, a new display size or a callback redraw everything", "[redraw]") {
    Ui popup;
    popup.popup = true;
    Settled t(popup);
    auto& [c, r, ui] = t;

    SECTION("z-order") {
        frame(ui);
        REQUIRE(r.damage(*ImGui::GetDrawData(), kW, kH).empty());
        ui.focus_popup = true;
        frame(ui);
        CHECK(r.damage(*ImGui::GetDrawData(), kW, kH) == kAll);
    }
    SECTION("framebuffer size") {
        frame(ui);
        CHECK(r.damage(*ImGui::GetDrawData(), kW, kH - 1) == (app::PixelRect{0, 0, kW, kH - 1}));
    }
    SECTION("user callback") {
        ui.callback = true;
        frame(ui);
        CHECK(r.damage(*ImGui::GetDrawData(), kW, kH) == kAll);
    }
}

TEST_CASE("redraw: the backend's scissor, worked out by hand from imgui_impl_opengl3.cpp", "[redraw]") {
    // glScissor((int)x1, (int)(fb_h - y2), (int)(x2 - x1), (int)(y2 - y1)), then top-down.
    // x: 10, width (int)90.25 = 90; GL y (int)(600 - 50.5) = 549, height (int)30.25 = 30:
    // GL rows 549..578 are top-down rows 21..50.
    CHECK(app::backend_scissor(ImVec4(10.5f, 20.25f, 100.75f, 50.5f), 600) == (app::PixelRect{10, 21, 100, 51}));
    CHECK(app::backend_scissor(ImVec4(0, 0, 800, 600), 600) == (app::PixelRect{0, 0, 800, 600}));
    CHECK(app::backend_scissor(ImVec4(5, 5, 5, 9), 600).empty());      // no width: skipped
    CHECK(app::backend_scissor(ImVec4(5, 9, 50, 9.5f), 600).empty());  // under a pixel high
}

TEST_CASE("redraw: clip_to makes the backend scissor exactly its old scissor within the damage", "[redraw]") {
    Context c;
    frame(Ui{});
    ImDrawData& dd = *ImGui::GetDrawData();
    REQUIRE(dd.CmdListsCount > 0);
    ImDrawCmd& cmd = dd.CmdLists[0]->CmdBuffer[0];
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> pos(-50.0f, 900.0f);
    std::uniform_int_distribution<int> px(0, 800);
    for (int i = 0; i < 2000; ++i) {
        const ImVec4 clip(pos(rng), pos(rng), pos(rng), pos(rng));
        const app::PixelRect damage{px(rng), px(rng) * 3 / 4, px(rng), px(rng) * 3 / 4};
        cmd.ClipRect = clip;
        app::Redraw::clip_to(dd, damage, kH);
        // The backend's arithmetic, written out here, on the old and on the new clip rectangle.
        auto scissor = [](const ImVec4& r) {
            if (r.z <= r.x || r.w <= r.y) return app::PixelRect{};
            const int x = int(r.x), w = int(r.z - r.x), gl_y = int(float(kH) - r.w), h = int(r.w - r.y);
            return app::PixelRect{x, kH - gl_y - h, x + w, kH - gl_y};
        };
        const app::PixelRect before = scissor(clip), after = scissor(cmd.ClipRect);
        const app::PixelRect want{std::max(before.x0, damage.x0), std::max(before.y0, damage.y0),
                                  std::min(before.x1, damage.x1), std::min(before.y1, damage.y1)};
        INFO("clip " << clip.x << "," << clip.y << "," << clip.z << "," << clip.w << " damage " << damage.x0 << ","
                     << damage.y0 << "," << damage.x1 << "," << damage.y1);
        if (want.empty()) CHECK(after.empty());
        else CHECK(after == want);
    }
}
#endif
