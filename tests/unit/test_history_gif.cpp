// test_history_gif.cpp — the animated GIF (history/gif_writer, history/animation), read back with
// giflib's decoder (DGifSlurp: a code path of its own, independent of the writer): frame count,
// size, loop and delays, and pixel colours composited frame by frame as a viewer shows them; the
// palette rule (exact up to 256 colours, deterministic beyond); and the frames of a replayed
// history, whose cells have the colour of their score.
#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fnmatch.h>
#include <map>
#include <optional>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/render/colour.hpp"
#include "core/layer.hpp"
#include "git_fixture.hpp"
#include "history/animation.hpp"
#include "history/gif_writer.hpp"
#include "history/replay.hpp"

using namespace sh;
using namespace sh::history;

namespace {

struct Decoded {
    int width = 0, height = 0, frames = 0;
    bool loops = false;
    std::vector<int> delays;                        // hundredths of a second
    std::vector<std::vector<uint32_t>> composited;  // each frame as a viewer shows it, 0xRRGGBB
};

struct Reader {
    const std::string* data;
    std::size_t at = 0;
};

int read_mem(GifFileType* gif, GifByteType* buf, int n) {
    auto* r = static_cast<Reader*>(gif->UserData);
    const std::size_t left = r->data->size() - r->at;
    const std::size_t k = std::min<std::size_t>(left, static_cast<std::size_t>(n));
    std::memcpy(buf, r->data->data() + r->at, k);
    r->at += k;
    return static_cast<int>(k);
}

Decoded decode(const std::string& bytes) {
    Decoded d;
    Reader reader{&bytes};
    int err = 0;
    GifFileType* gif = DGifOpen(&reader, read_mem, &err);
    REQUIRE(gif);
    REQUIRE(DGifSlurp(gif) == GIF_OK);
    d.width = gif->SWidth;
    d.height = gif->SHeight;
    d.frames = gif->ImageCount;
    std::vector<uint32_t> canvas(std::size_t(d.width) * std::size_t(d.height), 0);
    for (int i = 0; i < gif->ImageCount; ++i) {
        const SavedImage& im = gif->SavedImages[i];
        for (int e = 0; e < im.ExtensionBlockCount; ++e) {
            const ExtensionBlock& x = im.ExtensionBlocks[e];
            if (x.Function == APPLICATION_EXT_FUNC_CODE && x.ByteCount == 11 && std::memcmp(x.Bytes, "NETSCAPE2.0", 11) == 0)
                d.loops = true;
        }
        GraphicsControlBlock gcb{};
        if (DGifSavedExtensionToGCB(gif, i, &gcb) == GIF_OK) d.delays.push_back(gcb.DelayTime);
        const ColorMapObject* map = im.ImageDesc.ColorMap ? im.ImageDesc.ColorMap : gif->SColorMap;
        REQUIRE(map);
        for (int y = 0; y < im.ImageDesc.Height; ++y)
            for (int x = 0; x < im.ImageDesc.Width; ++x) {
                const GifColorType c = map->Colors[im.RasterBits[y * im.ImageDesc.Width + x]];
                canvas[std::size_t(y + im.ImageDesc.Top) * std::size_t(d.width) + std::size_t(x + im.ImageDesc.Left)] =
                    uint32_t(c.Red) << 16 | uint32_t(c.Green) << 8 | c.Blue;
            }
        d.composited.push_back(canvas);
    }
    // The loop extension is stored before the first image; giflib keeps it in the file's own list.
    for (int e = 0; e < gif->ExtensionBlockCount; ++e) {
        const ExtensionBlock& x = gif->ExtensionBlocks[e];
        if (x.Function == APPLICATION_EXT_FUNC_CODE && x.ByteCount == 11 && std::memcmp(x.Bytes, "NETSCAPE2.0", 11) == 0)
            d.loops = true;
    }
    DGifCloseFile(gif, &err);
    return d;
}

std::vector<uint8_t> solid(int w, int h, uint32_t colour) {
    std::vector<uint8_t> rgb(std::size_t(w) * std::size_t(h) * 3);
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        rgb[i] = uint8_t(colour >> 16);
        rgb[i + 1] = uint8_t(colour >> 8);
        rgb[i + 2] = uint8_t(colour);
    }
    return rgb;
}

void paint(std::vector<uint8_t>& rgb, int w, int x0, int y0, int x1, int y1, uint32_t colour) {
    for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
            uint8_t* p = &rgb[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 3];
            p[0] = uint8_t(colour >> 16), p[1] = uint8_t(colour >> 8), p[2] = uint8_t(colour);
        }
}

uint32_t pixel(const Decoded& d, int frame, int x, int y) {
    return d.composited[std::size_t(frame)][std::size_t(y) * std::size_t(d.width) + std::size_t(x)];
}

}  // namespace

TEST_CASE("gif: frames read back with giflib's decoder: count, size, loop, delays, colours", "[history][gif]") {
    const int w = 40, h = 30;
    AnimatedGif gif(w, h);
    auto f1 = solid(w, h, 0xffffff);
    paint(f1, w, 0, 0, 10, 10, 0xe15759);
    auto f2 = f1;
    paint(f2, w, 20, 15, 30, 25, 0x59a14f);  // only this block changes
    auto f3 = f2;                            // nothing changes
    REQUIRE(gif.add_frame(f1, 50));
    REQUIRE(gif.add_frame(f2, 50));
    REQUIRE(gif.add_frame(f3, 300));
    CHECK(gif.frames() == 3);
    const std::string bytes = gif.finish();
    REQUIRE(gif.error().empty());
    REQUIRE(bytes.compare(0, 6, "GIF89a") == 0);

    const Decoded d = decode(bytes);
    CHECK(d.width == w);
    CHECK(d.height == h);
    CHECK(d.frames == 3);
    CHECK(d.loops);
    CHECK(d.delays == std::vector<int>{50, 50, 300});
    CHECK(pixel(d, 0, 5, 5) == 0xe15759);
    CHECK(pixel(d, 0, 25, 20) == 0xffffff);
    CHECK(pixel(d, 1, 5, 5) == 0xe15759);  // kept from frame 1 (only the changed block is stored)
    CHECK(pixel(d, 1, 25, 20) == 0x59a14f);
    CHECK(pixel(d, 1, 39, 29) == 0xffffff);
    CHECK(pixel(d, 2, 25, 20) == 0x59a14f);
    // Every pixel of every frame is exact: at most 256 colours per frame.
    for (int f = 0; f < 3; ++f)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const uint8_t* p = &(f == 0 ? f1 : f == 1 ? f2 : f3)[(std::size_t(y) * w + std::size_t(x)) * 3];
                REQUIRE(pixel(d, f, x, y) == (uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2]));
            }

    // The same frames give the same bytes.
    AnimatedGif again(w, h);
    again.add_frame(f1, 50);
    again.add_frame(f2, 50);
    again.add_frame(f3, 300);
    CHECK(again.finish() == bytes);
}

TEST_CASE("gif: errors — wrong frame size, no frames, bad dimensions", "[history][gif]") {
    AnimatedGif gif(4, 4);
    CHECK_FALSE(gif.add_frame(std::vector<uint8_t>(10, 0), 10));
    CHECK(gif.error() == "GIF frame 1 has the wrong size");
    CHECK(gif.finish().empty());
    AnimatedGif empty(4, 4);
    CHECK(empty.finish().empty());
    CHECK(empty.error() == "GIF without frames");
    AnimatedGif zero(0, 4);
    CHECK_FALSE(zero.error().empty());
    CHECK_FALSE(zero.add_frame({}, 10));
}

TEST_CASE("gif: more than 256 colours — frequent ones exact, the rest nearest, deterministic", "[history][gif]") {
    // 300 grey levels in a gradient row plus a large block of one red.
    std::vector<uint32_t> pixels;
    for (int i = 0; i < 2000; ++i) pixels.push_back(0xcc3322);
    for (uint32_t g = 0; g < 300; ++g) pixels.push_back((g * 255 / 299) * 0x010101u + (g % 2));  // 300 distinct colours
    std::vector<uint32_t> palette, again;
    std::vector<uint8_t> indices, indices2;
    quantise(pixels, palette, indices);
    quantise(pixels, again, indices2);
    CHECK(palette == again);
    CHECK(indices == indices2);
    REQUIRE(palette.size() == 256);
    CHECK(std::is_sorted(palette.begin(), palette.end()));
    CHECK(palette[indices[0]] == 0xcc3322);  // the most frequent colour is exact
    // Every grey maps to a palette colour close to it (the spread half covers the whole ramp).
    for (std::size_t i = 2000; i < pixels.size(); ++i) {
        const int want = int(pixels[i] & 255), got = int(palette[indices[i]] & 255);
        CHECK(std::abs(want - got) <= 4);
    }
    // At most 256 colours: exact.
    std::vector<uint32_t> few{0x000000, 0x123456, 0xffffff, 0x123456};
    quantise(few, palette, indices);
    CHECK(palette == std::vector<uint32_t>{0x000000, 0x123456, 0xffffff});
    CHECK(indices == std::vector<uint8_t>{0, 1, 2, 1});
}

namespace {

std::string rule(const std::string& title, const std::string& level, const std::vector<std::string>& tags) {
    std::string s = "title: " + title + "\nstatus: test\nlevel: " + level +
                    "\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image: x.exe\n    condition: sel\ntags:\n";
    for (const auto& t : tags) s += "    - " + t + "\n";
    return s;
}

// The centre of a cell in a frame, in image pixels.
std::optional<std::pair<int, int>> cell_centre(const MatrixImage& img, const std::string& id, float scale) {
    for (const auto& s : img.shapes)
        if (s.id == id) return std::make_pair(int((s.x + s.w / 2) * scale), int((s.y + s.h / 2) * scale));
    return std::nullopt;
}

}  // namespace

TEST_CASE("gif: a replayed history, one frame per point, cells coloured by their score", "[history][gif]") {
    test::GitFixture repo;
    repo.commit({{"rules/a.yml", rule("PowerShell", "high", {"attack.execution", "attack.t1059.001"})}}, "Ann",
                test::utc(2024, 1, 2), "a");
    repo.commit({{"rules/b.yml", rule("LSASS", "critical", {"attack.credential-access", "attack.t1003.001"})}}, "Ann",
                test::utc(2024, 1, 9), "b");
    repo.commit({{"rules/a.yml", std::nullopt}}, "Ben", test::utc(2024, 1, 16), "drop a");

    ReplayOptions o;
    o.path = "rules";
    o.catalogue = &default_catalogue();
    o.is_rule_file = [](std::string_view n) { return fnmatch("*.yml", std::string(n).c_str(), 0) == 0; };
    o.jobs = 2;
    AnimationOptions ao;
    ao.jobs = 2;
    ao.min_score = 0;
    ao.max_score = 100;
    HistoryAnimation animation(ao);
    std::vector<HistoryPoint> points;
    std::vector<ScoreResult> scores;
    const ReplayResult r = replay(repo.dir(), o, [&](std::size_t, std::size_t, const HistoryPoint& p, const PointRules& pr) {
        std::vector<Rule> rules;
        ScoreResult sr;
        pr.materialise(rules, sr);
        animation.add(p, sr);
        points.push_back(p);
        scores.push_back(sr);
    });
    REQUIRE(r.ok);
    REQUIRE(points.size() == 3);
    std::string error;
    const std::string bytes = animation.encode(default_catalogue(), error);
    REQUIRE(error.empty());
    const Decoded d = decode(bytes);
    CHECK(d.frames == 3);
    CHECK(d.delays == std::vector<int>{50, 50, 300});

    const Gradient g = make_gradient(kPaletteRedYellowGreen, 0, 100);
    auto rgb = [](Rgb c) { return uint32_t(c.r) << 16 | uint32_t(c.g) << 8 | c.b; };
    const uint32_t uncovered = 0xf3f4f6;
    // Frame i: T1059 (through T1059.001, high = 80) in frames 1-2, gone in 3; T1003 (critical = 100) from frame 2.
    const uint32_t want_t1059[] = {rgb(gradient_colour(g, 80)), rgb(gradient_colour(g, 80)), uncovered};
    const uint32_t want_t1003[] = {uncovered, rgb(gradient_colour(g, 100)), rgb(gradient_colour(g, 100))};
    for (int f = 0; f < 3; ++f) {
        CAPTURE(f);
        const MatrixImage img = animation_frame_image(default_catalogue(), scores[std::size_t(f)], points[std::size_t(f)], ao, 0, 100);
        CHECK(int(std::ceil(img.width)) == d.width);
        CHECK(int(std::ceil(img.height)) == d.height);
        const auto exec = cell_centre(img, "cell-execution-T1059", 1);
        const auto cred = cell_centre(img, "cell-credential-access-T1003", 1);
        REQUIRE(exec);
        REQUIRE(cred);
        CHECK(pixel(d, f, exec->first, exec->second) == want_t1059[f]);
        CHECK(pixel(d, f, cred->first, cred->second) == want_t1003[f]);
        // The header names the point.
        bool titled = false;
        for (const auto& s : img.shapes) titled |= s.kind == ShapeKind::Text && s.text == points[std::size_t(f)].name;
        CHECK(titled);
    }
}
