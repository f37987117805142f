// render/shape_builder.hpp — the small helper the image builders (image.cpp: the heat-map,
// board_image.cpp: the board) append shapes with: text is sanitised and measured once, placed by
// its top-left corner as ImGui draws it. Internal to core/render.
#pragma once
#include <algorithm>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/render/image.hpp"
#include "core/render/raster.hpp"

namespace sh {

// Shapes are appended through this small builder, which measures and sanitises text once.
struct Builder {
    MatrixImage& img;
    const FontMetrics& font;

    float width(std::string_view t, float px) const { return font.width(t, px); }

    Shape& rect(float x, float y, float w, float h, Rgb fill, uint8_t alpha = 255) {
        Shape s;
        s.kind = ShapeKind::Rect;
        s.x = x, s.y = y, s.w = w, s.h = h;
        s.fill = fill;
        s.fill_alpha = alpha;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
    Shape& outline(float x, float y, float w, float h, Rgb stroke, float line_width) {
        Shape& s = rect(x, y, w, h, Rgb{});
        s.filled = false;
        s.stroke = stroke;
        s.stroke_width = line_width;
        return s;
    }
    // Text with its top-left corner at (x, top): the baseline is top + ascent, as ImGui draws.
    Shape& text(std::string_view t, float x, float top, float px, Rgb colour, TextAnchor anchor = TextAnchor::Start,
                uint8_t alpha = 255) {
        Shape s;
        s.kind = ShapeKind::Text;
        s.text = sanitise_text(t);
        s.font_px = px;
        s.text_width = font.width(s.text, px);
        s.x = x;
        s.y = top + font.ascent(px);
        s.fill = colour;
        s.fill_alpha = alpha;
        s.anchor = anchor;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
    Shape& triangle(float x0, float y0, float x1, float y1, float x2, float y2, Rgb fill, uint8_t alpha) {
        Shape s;
        s.kind = ShapeKind::Triangle;
        const float p[6] = {x0, y0, x1, y1, x2, y2};
        std::copy(p, p + 6, s.points);
        s.fill = fill;
        s.fill_alpha = alpha;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
    // A straight segment, stroke_width wide with butt ends (as SVG's default).
    Shape& line(float x0, float y0, float x1, float y1, Rgb colour, float width, uint8_t alpha = 255) {
        Shape s;
        s.kind = ShapeKind::Line;
        s.points[0] = x0, s.points[1] = y0, s.points[2] = x1, s.points[3] = y1;
        s.stroke = colour;
        s.stroke_width = width;
        s.fill_alpha = alpha;
        s.filled = false;
        img.shapes.push_back(std::move(s));
        return img.shapes.back();
    }
};

// A layer's legend items (ImageOptions::legend_items) from (x, top), left to right in `width`:
// a swatch (1.6 px wide for each px of height, 12 px high, outlined in `border`) and its label in
// `ink` each, a new line when the next would pass the width, a label alone wider than it cut to
// fit. Returns the top of the line after the last one (top itself when there are none).
float add_legend_items(Builder& b, const std::vector<std::pair<std::string, Rgb>>& items, float x, float top, float width,
                       float px, Rgb border, Rgb ink);

}  // namespace sh
