// app_fonts.cpp — fonts and style for the device pixel ratio and the matrix zoom: the embedded
// DejaVu Sans baked at the sizes the UI, the matrix and the board titles use.
#include <cmath>

#include "app/app.hpp"
#include "core/embedded.hpp"

namespace app {

// ---- fonts and style ----

void set_display_scale(AppState& s, float dpr) {
    if (!(dpr > 0.25f) || !(dpr < 8.0f)) dpr = 1.0f;
    s.display_scale = dpr;
}

bool fonts_need_rebuild(const AppState& s) {
    return s.baked_scale != s.display_scale || s.baked_zoom != s.matrix.zoom || !s.ui_font || s.baked_ascii_only;
}

void rebuild_fonts(AppState& s, FontGlyphs glyphs) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Latin (incl. Extended-A/B), general punctuation, arrows, geometric shapes.
    static const ImWchar all_ranges[] = {0x0020, 0x024F, 0x2010, 0x205E, 0x2190, 0x21FF, 0x25A0, 0x25FF, 0};
    static const ImWchar ascii_ranges[] = {0x0020, 0x007E, 0};
    const ImWchar* ranges = glyphs == FontGlyphs::Ascii ? ascii_ranges : all_ranges;
    const std::string_view ttf = sh::embedded_file("font/DejaVuSans.ttf");
    const float scale = s.display_scale;
    auto add = [&](float px) -> ImFont* {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;  // the bytes live in the binary
        // Glyphs snap to whole pixels (PixelSnapH), so horizontal oversampling, meant for sub-pixel
        // placement, buys nothing (imgui.h: "If enabled, you can set OversampleH/V to 1"). At 2
        // it doubled the atlas: building it and uploading it as a texture took 300-370 ms of the
        // page's first frame here (software WebGL), and as much at every zoom step that rebuilds it.
        cfg.OversampleH = 1;  // OversampleV is 1 by default
        cfg.PixelSnapH = true;
        if (ttf.empty()) {
            cfg.SizePixels = px;
            return io.Fonts->AddFontDefault(&cfg);
        }
        return io.Fonts->AddFontFromMemoryTTF(const_cast<char*>(ttf.data()), int(ttf.size()), px, &cfg, ranges);
    };
    s.ui_font = add(std::round(15.0f * scale));
    s.matrix_font = add(std::round(12.5f * scale * s.matrix.zoom));
    s.big_font = add(std::round(26.0f * scale));
    io.Fonts->Build();
    io.FontDefault = s.ui_font;

    ImGuiStyle style;
    ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0;
    style.FrameRounding = 3;
    style.GrabRounding = 3;
    style.TabRounding = 3;
    style.FramePadding = ImVec2(6, 4);
    style.FrameBorderSize = 1.0f;  // checkboxes and inputs stay visible on the light background
    style.ItemSpacing = ImVec2(8, 6);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.97f, 0.97f, 0.98f, 1.0f);
    style.Colors[ImGuiCol_ChildBg] = ImVec4(1, 1, 1, 1);
    style.Colors[ImGuiCol_Text] = ImVec4(0.10f, 0.10f, 0.12f, 1.0f);
    // The keyboard focus ring: a strong blue, clear on the light background and the heat colours.
    style.Colors[ImGuiCol_NavHighlight] = ImVec4(0.0f, 0.37f, 0.85f, 1.0f);
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;
    s.baked_scale = s.display_scale;
    s.baked_zoom = s.matrix.zoom;
    s.baked_ascii_only = glyphs == FontGlyphs::Ascii;
    if (!s.baked_ascii_only) ++s.full_atlases;
    s.cache.valid = false;
}

}  // namespace app
