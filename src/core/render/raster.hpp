// render/raster.hpp — the pieces the PNG writer draws with, and the text metrics both image
// writers lay out with:
//   FontMetrics  the embedded DejaVu Sans through stb_truetype: text widths (advances snapped to
//                whole pixels at the layout size, as the page's ImGui font does), ascent, the SVG
//                font-size that gives the same glyph height;
//   Canvas       an opaque RGB image with antialiased fills (rects with exact area coverage,
//                rounded rects and triangles by distance/supersampling), horizontal gradients and
//                UTF-8 text rasterised from the same font.
// stb_truetype lives only in raster.cpp (STBTT_STATIC), so nothing clashes with ImGui's copy.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/render/colour.hpp"

namespace sh {

class FontMetrics {
public:
    // ttf must outlive the object (embedded bytes do). An empty or broken font gives ok() == false
    // and a fallback metric (0.6 em per character) so layout still works.
    explicit FontMetrics(std::string_view ttf);
    ~FontMetrics();
    FontMetrics(const FontMetrics&) = delete;
    FontMetrics& operator=(const FontMetrics&) = delete;

    bool ok() const;
    // px is the glyph cell height (ascent - descent), as ImGui and stbtt_ScaleForPixelHeight use it.
    float width(std::string_view utf8, float px) const;  // sum of whole-pixel advances at px
    float ascent(float px) const;                        // baseline offset from the top, pixels
    float em_size(float px) const;                       // SVG/CSS font-size giving that height

    struct Impl;
    const Impl* impl() const { return impl_.get(); }

private:
    std::unique_ptr<Impl> impl_;
};

// The embedded font ("font/DejaVuSans.ttf"), loaded once.
const FontMetrics& image_font();

// Next code point of UTF-8 text at i (advanced); invalid bytes give U+FFFD and advance by one.
uint32_t next_code_point(std::string_view s, std::size_t& i);

class Canvas {
public:
    // Pixels are RGB, row-major, no padding. The caller bounds width * height (see png.hpp).
    Canvas(int width, int height, Rgb background);
    ~Canvas();
    Canvas(Canvas&&) noexcept;
    Canvas& operator=(Canvas&&) noexcept;
    int width() const { return w_; }
    int height() const { return h_; }
    const std::vector<uint8_t>& pixels() const { return px_; }
    Rgb at(int x, int y) const;

    // Coordinates in pixels, fractional allowed; alpha 0..255 multiplies the coverage.
    void fill_rect(float x, float y, float w, float h, Rgb c, uint8_t alpha = 255);
    void fill_round_rect(float x, float y, float w, float h, float radius, Rgb c, uint8_t alpha = 255);
    // Outline centred on the rectangle's edge (as SVG strokes are).
    void stroke_rect(float x, float y, float w, float h, float line_width, float radius, Rgb c, uint8_t alpha = 255);
    void fill_triangle(const float pts[6], Rgb c, uint8_t alpha = 255);
    // A convex polygon of n points (x y pairs, either winding), antialiased like fill_triangle.
    void fill_convex(const float* pts, int n, Rgb c, uint8_t alpha = 255);
    // Stops evenly spaced from left to right, linear in RGB (as gradient_colour and SVG do).
    void fill_horizontal_gradient(float x, float y, float w, float h, const std::vector<Rgb>& stops);
    // Text from the pen position x (left) and baseline y; layout_px is the size the text was laid
    // out at and scale the factor from layout to canvas pixels (advances are snapped at layout_px).
    void draw_text(const FontMetrics& font, std::string_view utf8, float x, float baseline, float layout_px,
                   float scale, Rgb c, uint8_t alpha = 255);

private:
    struct GlyphCache;
    void blend(int x, int y, Rgb c, float coverage);
    int w_, h_;
    std::vector<uint8_t> px_;
    std::unique_ptr<GlyphCache> glyphs_;  // rasterised glyphs by (glyph, size, sub-pixel offset)
};

}  // namespace sh
