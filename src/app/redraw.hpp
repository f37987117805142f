// redraw.hpp — which part of the canvas a frame changes, so that only that part is drawn again.
// Software WebGL (SwiftShader: headless browsers, machines without a GPU) spends 50-120 ms of CPU
// on one full frame of this UI; most frames change a few pixels (a progress bar, a hovered button).
// Where the canvas keeps its last drawn frame (WebGL's preserveDrawingBuffer), a frame need only
// clear and redraw the rectangle where its triangles differ from the frame on the canvas.
//
// The damage is found per draw list (ImGui: one per window), lists matched by their window's
// name: a list that appears or goes adds its whole extent; a list that changed adds the extent of
// the triangles that differ, found as ImGui emits them (a run of equal triangles from the start and
// one from the end; what lies between differs), each triangle's extent cut to its clip rectangle.
// A triangle is its three vertices (position, texture coordinates, colour), its texture and its
// clip rectangle: the pixels it paints depend on nothing else, so pixels outside the damage paint
// the same as on the canvas, and inside it every list is drawn again, in order.
// No GL here: the platform clears and draws (src/platform/platform_web.cpp); tested natively.
#pragma once
#include <string>
#include <vector>

#include "imgui.h"

namespace app {

// A rectangle of framebuffer pixels, top-down, [x0, x1) x [y0, y1).
struct PixelRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    long long area() const { return empty() ? 0 : (long long)(x1 - x0) * (y1 - y0); }
    bool operator==(const PixelRect& o) const { return x0 == o.x0 && y0 == o.y0 && x1 == o.x1 && y1 == o.y1; }
};

// The scissor box ImGui's OpenGL3 backend (1.86) sets for a command's clip rectangle, as
// top-down pixels of a framebuffer fb_h high (it truncates each value to int, so it is not the
// rounding of the clip rectangle); empty where the backend skips the command.
PixelRect backend_scissor(const ImVec4& clip, int fb_h);

class Redraw {
public:
    // Where `d` differs from the frame remember() kept: empty when nothing differs; the whole
    // framebuffer when nothing was kept, the display or framebuffer changed, or a command has a
    // user callback (it could draw anything).
    PixelRect damage(const ImDrawData& d, int fb_w, int fb_h) const;
    // `d` is now on the canvas (drawn in full, or its damage drawn over the frame kept before).
    void remember(const ImDrawData& d, int fb_w, int fb_h);
    // The canvas holds nothing known (lost, resized, cleared): the next damage is everything.
    void forget() { valid_ = false; }

    // Cuts every command's clip rectangle to `r` so that the backend's scissor for it becomes
    // exactly backend_scissor(clip) intersected with `r`: drawing `d` then paints inside `r` the
    // pixels a full draw paints there, and nothing outside it.
    static void clip_to(ImDrawData& d, PixelRect r, int fb_h);

private:
    struct List {
        std::string owner;  // the window's name (ImDrawList::_OwnerName)
        std::vector<ImDrawVert> vtx;
        std::vector<ImDrawIdx> idx;
        std::vector<ImDrawCmd> cmds;
    };
    std::vector<List> lists_;
    ImVec2 pos_{}, size_{};
    int fb_w_ = 0, fb_h_ = 0;
    bool valid_ = false;
};

}  // namespace app
