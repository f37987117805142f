// render/raster.cpp — see raster.hpp. The one place stb_truetype is compiled (static functions,
// so ImGui's own copy in the web app does not clash).
#include "core/render/raster.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/embedded.hpp"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wsign-compare"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#define STBTT_STATIC
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace sh {

// ---- font ----

struct FontMetrics::Impl {
    stbtt_fontinfo info{};
    bool ok = false;
    int ascent = 0, descent = 0;
    float em_per_height = 1;  // units-per-em / (ascent - descent)

    int glyph(uint32_t cp) const {
        if (!ok) return 0;
        int g = stbtt_FindGlyphIndex(&info, int(cp));
        if (g == 0 && cp != '?') g = stbtt_FindGlyphIndex(&info, '?');  // ImGui's fallback character
        return g;
    }
    float scale(float px) const { return ok ? stbtt_ScaleForPixelHeight(&info, px) : 1.0f; }
    // Advance of one glyph at px, snapped to whole pixels (ImGui's PixelSnapH).
    float advance(int g, float px) const {
        if (!ok) return std::floor(px * 0.6f + 0.5f);
        int adv = 0, lsb = 0;
        stbtt_GetGlyphHMetrics(&info, g, &adv, &lsb);
        return std::floor(float(adv) * scale(px) + 0.5f);
    }
};

FontMetrics::FontMetrics(std::string_view ttf) : impl_(std::make_unique<Impl>()) {
    if (ttf.size() < 12) return;
    const auto* data = reinterpret_cast<const unsigned char*>(ttf.data());
    const int offset = stbtt_GetFontOffsetForIndex(data, 0);
    if (offset < 0 || !stbtt_InitFont(&impl_->info, data, offset)) return;
    int line_gap = 0;
    stbtt_GetFontVMetrics(&impl_->info, &impl_->ascent, &impl_->descent, &line_gap);
    if (impl_->ascent - impl_->descent <= 0) return;
    impl_->ok = true;
    impl_->em_per_height = stbtt_ScaleForPixelHeight(&impl_->info, 1.0f) / stbtt_ScaleForMappingEmToPixels(&impl_->info, 1.0f);
}

FontMetrics::~FontMetrics() = default;

bool FontMetrics::ok() const { return impl_->ok; }

float FontMetrics::width(std::string_view s, float px) const {
    float w = 0;
    for (std::size_t i = 0; i < s.size();) w += impl_->advance(impl_->glyph(next_code_point(s, i)), px);
    return w;
}

float FontMetrics::ascent(float px) const {
    if (!impl_->ok) return std::floor(px * 0.8f);
    return std::floor(float(impl_->ascent) * impl_->scale(px) + 1.0f);  // as ImGui's ImFont::Ascent
}

float FontMetrics::em_size(float px) const { return px * impl_->em_per_height; }

const FontMetrics& image_font() {
    static const FontMetrics font(embedded_file("font/DejaVuSans.ttf"));
    return font;
}

uint32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) {
        ++i;
        return c;
    }
    const int n = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : 0;
    if (n == 0 || i + std::size_t(n) >= s.size()) {
        ++i;
        return 0xFFFD;
    }
    uint32_t cp = c & (n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07);
    for (int k = 1; k <= n; ++k) {
        const unsigned char d = b(i + std::size_t(k));
        if ((d & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (d & 0x3F);
    }
    const uint32_t min_cp = n == 1 ? 0x80 : n == 2 ? 0x800 : 0x10000;
    if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        ++i;
        return 0xFFFD;
    }
    i += std::size_t(n) + 1;
    return cp;
}

// ---- canvas ----

struct Canvas::GlyphCache {
    struct Bitmap {
        int x0 = 0, y0 = 0, w = 0, h = 0;
        std::vector<uint8_t> alpha;
    };
    std::unordered_map<uint64_t, Bitmap> map;
};

Canvas::Canvas(int width, int height, Rgb bg)
    : w_(std::max(0, width)), h_(std::max(0, height)), glyphs_(std::make_unique<GlyphCache>()) {
    px_.resize(std::size_t(w_) * std::size_t(h_) * 3);
    for (std::size_t i = 0; i < px_.size(); i += 3) {
        px_[i] = bg.r;
        px_[i + 1] = bg.g;
        px_[i + 2] = bg.b;
    }
}

Canvas::~Canvas() = default;
Canvas::Canvas(Canvas&&) noexcept = default;
Canvas& Canvas::operator=(Canvas&&) noexcept = default;

Rgb Canvas::at(int x, int y) const {
    if (x < 0 || y < 0 || x >= w_ || y >= h_) return Rgb{};
    const std::size_t i = (std::size_t(y) * std::size_t(w_) + std::size_t(x)) * 3;
    return Rgb{px_[i], px_[i + 1], px_[i + 2]};
}

void Canvas::blend(int x, int y, Rgb c, float a) {
    if (a <= 0 || x < 0 || y < 0 || x >= w_ || y >= h_) return;
    if (a > 1) a = 1;
    uint8_t* p = &px_[(std::size_t(y) * std::size_t(w_) + std::size_t(x)) * 3];
    auto mix = [a](uint8_t dst, uint8_t src) {
        return uint8_t(std::lround(float(dst) + (float(src) - float(dst)) * a));
    };
    p[0] = mix(p[0], c.r);
    p[1] = mix(p[1], c.g);
    p[2] = mix(p[2], c.b);
}

namespace {
// Overlap of the pixel [p, p+1) with [a, b).
float overlap(int p, float a, float b) {
    const float lo = std::max(float(p), a), hi = std::min(float(p + 1), b);
    return hi > lo ? hi - lo : 0.0f;
}
float clampf(float v, float lo, float hi) { return v < lo ? lo : v > hi ? hi : v; }
// First / one-past-last pixel touched by a coordinate, within [0, limit]; NaN and huge values
// are clamped before any conversion to int.
int pixel_floor(float v, int limit) {
    if (!(v > 0)) return 0;
    return v >= float(limit) ? limit : int(std::floor(v));
}
int pixel_ceil(float v, int limit) {
    if (!(v > 0)) return 0;
    return v >= float(limit) ? limit : int(std::ceil(v));
}
}  // namespace

void Canvas::fill_rect(float x, float y, float w, float h, Rgb c, uint8_t alpha) {
    if (!(w > 0) || !(h > 0)) return;
    const float x1 = x + w, y1 = y + h;
    const int ix0 = pixel_floor(x, w_), ix1 = pixel_ceil(x1, w_);
    const int iy0 = pixel_floor(y, h_), iy1 = pixel_ceil(y1, h_);
    const float a = float(alpha) / 255.0f;
    for (int py = iy0; py < iy1; ++py) {
        const float cy = overlap(py, y, y1);
        for (int px = ix0; px < ix1; ++px) blend(px, py, c, a * cy * overlap(px, x, x1));
    }
}

namespace {
// Signed distance from p to a rounded box (negative inside).
float rounded_box_distance(float px, float py, float cx, float cy, float hx, float hy, float r) {
    const float qx = std::fabs(px - cx) - hx + r, qy = std::fabs(py - cy) - hy + r;
    const float ox = std::max(qx, 0.0f), oy = std::max(qy, 0.0f);
    return std::sqrt(ox * ox + oy * oy) + std::min(std::max(qx, qy), 0.0f) - r;
}
}  // namespace

void Canvas::fill_round_rect(float x, float y, float w, float h, float radius, Rgb c, uint8_t alpha) {
    if (!(w > 0) || !(h > 0)) return;
    radius = clampf(radius, 0, std::min(w, h) / 2);
    if (radius < 0.01f) return fill_rect(x, y, w, h, c, alpha);
    const float a = float(alpha) / 255.0f;
    const int ix0 = pixel_floor(x, w_), ix1 = pixel_ceil(x + w, w_);
    const int iy0 = pixel_floor(y, h_), iy1 = pixel_ceil(y + h, h_);
    const float cx = x + w / 2, cy = y + h / 2;
    for (int py = iy0; py < iy1; ++py)
        for (int px = ix0; px < ix1; ++px) {
            // Inside the straight part the exact area coverage; near corners the distance.
            const float d = rounded_box_distance(float(px) + 0.5f, float(py) + 0.5f, cx, cy, w / 2, h / 2, radius);
            const float area = overlap(px, x, x + w) * overlap(py, y, y + h);
            blend(px, py, c, a * std::min(area, clampf(0.5f - d, 0, 1)));
        }
}

void Canvas::stroke_rect(float x, float y, float w, float h, float lw, float radius, Rgb c, uint8_t alpha) {
    if (!(w > 0) || !(h > 0) || !(lw > 0)) return;
    const float hw = lw / 2;
    if (radius < 0.01f) {
        // Four bands that do not overlap, so translucent outlines stay even.
        fill_rect(x - hw, y - hw, w + lw, lw, c, alpha);
        fill_rect(x - hw, y + h - hw, w + lw, lw, c, alpha);
        fill_rect(x - hw, y + hw, lw, h - lw, c, alpha);
        fill_rect(x + w - hw, y + hw, lw, h - lw, c, alpha);
        return;
    }
    const float a = float(alpha) / 255.0f;
    const int ix0 = pixel_floor(x - hw, w_), ix1 = pixel_ceil(x + w + hw, w_);
    const int iy0 = pixel_floor(y - hw, h_), iy1 = pixel_ceil(y + h + hw, h_);
    const float cx = x + w / 2, cy = y + h / 2;
    for (int py = iy0; py < iy1; ++py)
        for (int px = ix0; px < ix1; ++px) {
            const float d = rounded_box_distance(float(px) + 0.5f, float(py) + 0.5f, cx, cy, w / 2, h / 2, radius);
            blend(px, py, c, a * clampf(hw + 0.5f - std::fabs(d), 0, 1));
        }
}

void Canvas::fill_triangle(const float p[6], Rgb c, uint8_t alpha) {
    const float minx = std::min({p[0], p[2], p[4]}), maxx = std::max({p[0], p[2], p[4]});
    const float miny = std::min({p[1], p[3], p[5]}), maxy = std::max({p[1], p[3], p[5]});
    const int ix0 = pixel_floor(minx, w_), ix1 = pixel_ceil(maxx, w_);
    const int iy0 = pixel_floor(miny, h_), iy1 = pixel_ceil(maxy, h_);
    const float area = (p[2] - p[0]) * (p[5] - p[1]) - (p[3] - p[1]) * (p[4] - p[0]);
    if (std::fabs(area) < 1e-6f) return;
    const float sign = area > 0 ? 1.0f : -1.0f;
    auto edge = [&](float ax, float ay, float bx, float by, float qx, float qy) {
        return sign * ((bx - ax) * (qy - ay) - (by - ay) * (qx - ax));
    };
    const float a = float(alpha) / 255.0f;
    constexpr int kSamples = 4;  // 4 x 4 samples per pixel
    for (int py = iy0; py < iy1; ++py)
        for (int px = ix0; px < ix1; ++px) {
            int inside = 0;
            for (int sy = 0; sy < kSamples; ++sy)
                for (int sx = 0; sx < kSamples; ++sx) {
                    const float qx = float(px) + (float(sx) + 0.5f) / kSamples;
                    const float qy = float(py) + (float(sy) + 0.5f) / kSamples;
                    if (edge(p[0], p[1], p[2], p[3], qx, qy) >= 0 && edge(p[2], p[3], p[4], p[5], qx, qy) >= 0 &&
                        edge(p[4], p[5], p[0], p[1], qx, qy) >= 0)
                        ++inside;
                }
            blend(px, py, c, a * float(inside) / float(kSamples * kSamples));
        }
}

void Canvas::fill_convex(const float* p, int n, Rgb c, uint8_t alpha) {
    if (n < 3) return;
    float minx = p[0], maxx = p[0], miny = p[1], maxy = p[1];
    double twice_area = 0;
    for (int i = 0; i < n; ++i) {
        const float x = p[2 * i], y = p[2 * i + 1];
        if (!std::isfinite(x) || !std::isfinite(y)) return;
        minx = std::min(minx, x), maxx = std::max(maxx, x), miny = std::min(miny, y), maxy = std::max(maxy, y);
        const int j = (i + 1) % n;
        twice_area += double(x) * p[2 * j + 1] - double(p[2 * j]) * y;
    }
    if (std::fabs(twice_area) < 1e-6) return;
    const float sign = twice_area > 0 ? 1.0f : -1.0f;
    const int ix0 = pixel_floor(minx, w_), ix1 = pixel_ceil(maxx, w_);
    const int iy0 = pixel_floor(miny, h_), iy1 = pixel_ceil(maxy, h_);
    const float a = float(alpha) / 255.0f;
    constexpr int kSamples = 4;  // 4 x 4 samples per pixel, as fill_triangle
    for (int py = iy0; py < iy1; ++py)
        for (int px = ix0; px < ix1; ++px) {
            int inside = 0;
            for (int sy = 0; sy < kSamples; ++sy)
                for (int sx = 0; sx < kSamples; ++sx) {
                    const float qx = float(px) + (float(sx) + 0.5f) / kSamples;
                    const float qy = float(py) + (float(sy) + 0.5f) / kSamples;
                    bool in = true;
                    for (int i = 0; i < n && in; ++i) {
                        const int j = (i + 1) % n;
                        const float ax = p[2 * i], ay = p[2 * i + 1], bx = p[2 * j], by = p[2 * j + 1];
                        in = sign * ((bx - ax) * (qy - ay) - (by - ay) * (qx - ax)) >= 0;
                    }
                    inside += in;
                }
            if (inside) blend(px, py, c, a * float(inside) / float(kSamples * kSamples));
        }
}

void Canvas::fill_horizontal_gradient(float x, float y, float w, float h, const std::vector<Rgb>& stops) {
    if (!(w > 0) || !(h > 0) || stops.empty()) return;
    Gradient g;
    g.stops = stops;
    g.min = 0;
    g.max = 1;
    const int ix0 = pixel_floor(x, w_), ix1 = pixel_ceil(x + w, w_);
    const int iy0 = pixel_floor(y, h_), iy1 = pixel_ceil(y + h, h_);
    for (int px = ix0; px < ix1; ++px) {
        const Rgb c = gradient_colour(g, (float(px) + 0.5f - x) / w);
        const float cx = overlap(px, x, x + w);
        for (int py = iy0; py < iy1; ++py) blend(px, py, c, cx * overlap(py, y, y + h));
    }
}

void Canvas::draw_text(const FontMetrics& font, std::string_view s, float x, float baseline, float layout_px,
                       float scale, Rgb c, uint8_t alpha) {
    const FontMetrics::Impl* f = font.impl();
    if (!f || !f->ok || s.empty()) return;
    if (!(std::fabs(x) < 1e7f) || !(std::fabs(baseline) < 1e7f) || !(layout_px > 0 && layout_px * scale < 2000)) return;
    const float render_px = layout_px * scale;
    const float render_scale = stbtt_ScaleForPixelHeight(&f->info, render_px);
    const int size_key = int(std::lround(render_px * 64));
    const int base = int(std::lround(baseline));
    const float a = float(alpha) / 255.0f;
    float pen = x;
    for (std::size_t i = 0; i < s.size();) {
        if (pen > float(w_) + 1) break;  // the rest is off the canvas
        const int g = f->glyph(next_code_point(s, i));
        const float fl = std::floor(pen);
        const int sub = std::min(3, int((pen - fl) * 4));  // quarter-pixel positions
        const uint64_t key = (uint64_t(uint32_t(size_key)) << 32) | (uint64_t(uint32_t(g)) << 2) | uint64_t(sub);
        auto it = glyphs_->map.find(key);
        if (it == glyphs_->map.end()) {
            GlyphCache::Bitmap bm;
            const float shift = float(sub) / 4.0f;
            int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
            stbtt_GetGlyphBitmapBoxSubpixel(&f->info, g, render_scale, render_scale, shift, 0, &x0, &y0, &x1, &y1);
            bm.x0 = x0;
            bm.y0 = y0;
            bm.w = std::max(0, x1 - x0);
            bm.h = std::max(0, y1 - y0);
            if (bm.w > 0 && bm.h > 0 && bm.w < 4096 && bm.h < 4096) {
                bm.alpha.assign(std::size_t(bm.w) * std::size_t(bm.h), 0);
                stbtt_MakeGlyphBitmapSubpixel(&f->info, bm.alpha.data(), bm.w, bm.h, bm.w, render_scale, render_scale,
                                              shift, 0, g);
            } else {
                bm.w = bm.h = 0;
            }
            it = glyphs_->map.emplace(key, std::move(bm)).first;
        }
        const GlyphCache::Bitmap& bm = it->second;
        const int ox = int(fl) + bm.x0, oy = base + bm.y0;
        for (int yy = 0; yy < bm.h; ++yy)
            for (int xx = 0; xx < bm.w; ++xx) {
                const uint8_t v = bm.alpha[std::size_t(yy) * std::size_t(bm.w) + std::size_t(xx)];
                if (v) blend(ox + xx, oy + yy, c, a * float(v) / 255.0f);
            }
        pen += f->advance(g, layout_px) * scale;
    }
}

}  // namespace sh
