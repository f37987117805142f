// render/png.cpp — see png.hpp. The one place stb_image_write is compiled (static functions).
#include "core/render/png.hpp"

#include <cmath>
#include <cstdio>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace sh {

bool rasterise_image(const MatrixImage& img, float scale, uint64_t max_pixels, Canvas& out, std::string& error) {
    if (!(scale >= 0.25f && scale <= 8.0f)) {
        error = "scale must be between 0.25 and 8";
        return false;
    }
    const double w = std::ceil(double(img.width) * scale), h = std::ceil(double(img.height) * scale);
    if (!(w >= 1 && h >= 1) || w > 100000 || h > 100000 || w * h > double(max_pixels)) {
        char buf[200];
        std::snprintf(buf, sizeof buf, "the image would be %.0f x %.0f pixels (limit %.0f million); use a smaller scale",
                      w, h, double(max_pixels) / 1e6);
        error = buf;
        return false;
    }
    Canvas canvas(int(w), int(h), img.background);
    const FontMetrics& font = image_font();
    for (const Shape& s : img.shapes) {
        switch (s.kind) {
            case ShapeKind::Rect: {
                const float x = s.x * scale, y = s.y * scale, sw = s.w * scale, sh = s.h * scale;
                if (s.filled) {
                    if (s.radius > 0)
                        canvas.fill_round_rect(x, y, sw, sh, s.radius * scale, s.fill, s.fill_alpha);
                    else
                        canvas.fill_rect(x, y, sw, sh, s.fill, s.fill_alpha);
                }
                if (s.stroke_width > 0) {
                    // Inside the box, like the SVG writer's inset stroke.
                    const float lw = s.stroke_width * scale, in = lw / 2;
                    canvas.stroke_rect(x + in, y + in, sw - lw, sh - lw, lw, std::max(0.0f, s.radius * scale - in),
                                       s.stroke);
                }
                break;
            }
            case ShapeKind::GradientBar:
                canvas.fill_horizontal_gradient(s.x * scale, s.y * scale, s.w * scale, s.h * scale, s.stops);
                break;
            case ShapeKind::Triangle: {
                float p[6];
                for (int i = 0; i < 6; ++i) p[i] = s.points[i] * scale;
                canvas.fill_triangle(p, s.fill, s.fill_alpha);
                break;
            }
            case ShapeKind::Line: {
                // The stroke as a quadrilateral around the segment, butt ends (as SVG draws it).
                const float x0 = s.points[0] * scale, y0 = s.points[1] * scale;
                const float x1 = s.points[2] * scale, y1 = s.points[3] * scale;
                const float dx = x1 - x0, dy = y1 - y0, len = std::sqrt(dx * dx + dy * dy);
                if (!(len > 0) || !(s.stroke_width > 0)) break;
                const float nx = -dy / len * s.stroke_width * scale / 2, ny = dx / len * s.stroke_width * scale / 2;
                const float quad[8] = {x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny};
                canvas.fill_convex(quad, 4, s.stroke, s.fill_alpha);
                break;
            }
            case ShapeKind::Text: {
                const float left = s.anchor == TextAnchor::End ? s.x - s.text_width : s.x;
                canvas.draw_text(font, s.text, left * scale, s.y * scale, s.font_px, scale, s.fill, s.fill_alpha);
                break;
            }
        }
    }
    out = std::move(canvas);
    return true;
}

namespace {
void append_bytes(void* context, void* data, int size) {
    auto* v = static_cast<std::vector<uint8_t>*>(context);
    const auto* p = static_cast<const uint8_t*>(data);
    v->insert(v->end(), p, p + size);
}
}  // namespace

PngResult write_png(const MatrixImage& img, const PngOptions& options) {
    PngResult r;
    Canvas canvas(0, 0, img.background);
    if (!rasterise_image(img, options.scale, options.max_pixels, canvas, r.error)) return r;
    r.width = canvas.width();
    r.height = canvas.height();
    if (!stbi_write_png_to_func(append_bytes, &r.data, canvas.width(), canvas.height(), 3, canvas.pixels().data(),
                                canvas.width() * 3) ||
        r.data.empty()) {
        r.data.clear();
        r.error = "the PNG encoder failed";
    }
    return r;
}

}  // namespace sh
