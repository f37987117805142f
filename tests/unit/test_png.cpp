// test_png.cpp — render/png (+ render/raster): the PNG decodes (stb_image), has the size the
// scale asks for, and pixels sampled inside known cells carry the palette colour of their score;
// text is drawn; bad scales and oversized images are errors, not crashes.
#include <array>
#include <cmath>
#include <map>

#include "catch.hpp"
#include "core/render/png.hpp"
#include "image_fixtures.hpp"

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#include <stb/stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

using namespace sh;

namespace {

struct Decoded {
    int w = 0, h = 0;
    std::vector<uint8_t> rgb;
    std::string hex(int x, int y) const {
        const std::size_t i = (std::size_t(y) * std::size_t(w) + std::size_t(x)) * 3;
        return to_hex(Rgb{rgb[i], rgb[i + 1], rgb[i + 2]});
    }
};

Decoded decode(const std::vector<uint8_t>& png) {
    Decoded d;
    int n = 0;
    unsigned char* p = stbi_load_from_memory(png.data(), int(png.size()), &d.w, &d.h, &n, 3);
    REQUIRE(p);
    d.rgb.assign(p, p + std::size_t(d.w) * std::size_t(d.h) * 3);
    stbi_image_free(p);
    return d;
}

std::map<std::string, const Shape*> cells(const MatrixImage& img) {
    std::map<std::string, const Shape*> out;
    for (const auto& s : img.shapes)
        if (s.id.rfind("cell-", 0) == 0) out[s.id] = &s;
    return out;
}

}  // namespace

TEST_CASE("PNG decodes with the expected size and the palette colour in each cell", "[png]") {
    const Catalogue cat = test::image_catalogue();
    const ScoreResult scores = test::image_scores();
    const std::map<std::string, double> expected = {
        {"cell-execution-T1053", 80},      {"cell-execution-T1053.005", 80}, {"cell-execution-T1059", 100},
        {"cell-execution-T1059.001", 100}, {"cell-execution-T1059.003", 50}, {"cell-persistence-T1053", 25},
        {"cell-persistence-T1053.005", 25}, {"cell-persistence-T1098", 0},
    };

    SECTION("mini layout at scale 1: the centre of each square") {
        ImageOptions o = test::image_options(true);
        o.layout = MatrixLayout::Mini;
        const MatrixImage img = build_matrix_image(cat, scores, o);
        const PngResult png = write_png(img);
        REQUIRE(png.ok());
        const Decoded d = decode(png.data);
        CHECK(d.w == int(std::ceil(img.width)));
        CHECK(d.h == int(std::ceil(img.height)));
        CHECK(png.width == d.w);
        const auto boxes = cells(img);
        for (const auto& [id, score] : expected) {
            INFO(id);
            const Shape& s = *boxes.at(id);
            CHECK(d.hex(int(s.x + s.w / 2), int(s.y + s.h / 2 - 2)) == test::expected_fill(test::ryg(), 0, 100, score));
        }
        const Shape& none = *boxes.at("cell-persistence-T1547");
        CHECK(d.hex(int(none.x + none.w / 2), int(none.y + none.h / 2)) == "#f3f4f6");
        CHECK(d.hex(1, 1) == "#ffffff");
    }
    SECTION("side layout at scale 2: the text-free bottom-left corner of each cell") {
        const MatrixImage img = build_matrix_image(cat, scores, test::image_options(true));
        PngOptions po;
        po.scale = 2;
        const PngResult png = write_png(img, po);
        REQUIRE(png.ok());
        const Decoded d = decode(png.data);
        CHECK(d.w == int(std::ceil(img.width * 2)));
        CHECK(d.h == int(std::ceil(img.height * 2)));
        const auto boxes = cells(img);
        for (const auto& [id, score] : expected) {
            INFO(id);
            const Shape& s = *boxes.at(id);
            CHECK(d.hex(int((s.x + 2) * 2), int((s.y + s.h - 2) * 2)) == test::expected_fill(test::ryg(), 0, 100, score));
            // The 1-pixel border in the page's border grey (2 pixels at scale 2).
            CHECK(d.hex(int(s.x * 2), int((s.y + s.h / 2) * 2)) == "#c9cdd3");
        }
        // Labels are drawn: the T1059.001 cell (light green, black text) has dark pixels.
        const Shape& s = *boxes.at("cell-execution-T1059.001");
        int dark = 0;
        for (int y = int(s.y * 2); y < int((s.y + s.h) * 2); ++y)
            for (int x = int(s.x * 2); x < int((s.x + s.w) * 2); ++x) {
                const std::size_t i = (std::size_t(y) * std::size_t(d.w) + std::size_t(x)) * 3;
                dark += d.rgb[i] + d.rgb[i + 1] + d.rgb[i + 2] < 150;
            }
        CHECK(dark > 100);
    }
}

TEST_CASE("PNG: same image, same bytes", "[png]") {
    const Catalogue cat = test::image_catalogue();
    const MatrixImage img = build_matrix_image(cat, test::image_scores(), test::image_options(false));
    CHECK(write_png(img).data == write_png(img).data);
}

TEST_CASE("PNG refuses bad scales and oversized images with a message", "[png]") {
    const Catalogue cat = test::image_catalogue();
    const MatrixImage img = build_matrix_image(cat, test::image_scores(), test::image_options(false));
    for (float scale : {0.0f, -1.0f, 100.0f, std::nanf("")}) {
        PngOptions po;
        po.scale = scale;
        const PngResult r = write_png(img, po);
        CHECK_FALSE(r.ok());
        CHECK(r.data.empty());
    }
    PngOptions po;
    po.max_pixels = 1000;
    const PngResult r = write_png(img, po);
    CHECK_FALSE(r.ok());
    CHECK(r.error.find("pixels") != std::string::npos);
    MatrixImage huge = img;
    huge.width = 1e9f;
    CHECK_FALSE(write_png(huge).ok());
}

TEST_CASE("canvas primitives: exact area coverage and clipping", "[png]") {
    Canvas c(10, 10, Rgb{255, 255, 255});
    c.fill_rect(2, 2, 3, 3, Rgb{0, 0, 0});
    CHECK(c.at(3, 3) == Rgb{0, 0, 0});
    CHECK(c.at(5, 5) == Rgb{255, 255, 255});
    c.fill_rect(6.5f, 0, 1, 1, Rgb{0, 0, 0});  // half of two pixels
    CHECK(c.at(6, 0) == Rgb{128, 128, 128});
    CHECK(c.at(7, 0) == Rgb{128, 128, 128});
    c.fill_rect(-100, -100, 1000, 1, Rgb{0, 0, 0});  // off the canvas: nothing, no crash
    c.fill_triangle(std::array<float, 6>{0, 0, 1e9f, 0, 0, 1e9f}.data(), Rgb{1, 2, 3});  // clipped
    CHECK(c.at(9, 0) == Rgb{1, 2, 3});
    c.draw_text(image_font(), "\xff\xfe bad UTF-8 \xe2\x82", 0, 8, 13, 1, Rgb{0, 0, 0});
}
