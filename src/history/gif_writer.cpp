// history/gif_writer.cpp — animated GIF through giflib (see gif_writer.hpp for the colour and
// size rules).
#include "history/gif_writer.hpp"

#include <gif_lib.h>

#include <algorithm>
#include <unordered_map>

namespace sh::history {

void quantise(const std::vector<uint32_t>& pixels, std::vector<uint32_t>& palette, std::vector<uint8_t>& indices) {
    std::unordered_map<uint32_t, uint32_t> counts;
    for (uint32_t p : pixels) ++counts[p];
    std::vector<std::pair<uint32_t, uint32_t>> by_count(counts.begin(), counts.end());  // (colour, count)
    std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    palette.clear();
    if (by_count.size() <= 256) {
        for (const auto& [colour, n] : by_count) palette.push_back(colour);
    } else {
        // Half the palette for the most frequent colours (cell fills, text, background: exact),
        // the other half spread over the rest (gradients, antialiased edges): each next colour is
        // the one farthest from every colour chosen so far, ties to the more frequent, then the
        // lower value.
        auto dist = [](uint32_t a, uint32_t b) {
            const long dr = long(a >> 16 & 255) - long(b >> 16 & 255), dg = long(a >> 8 & 255) - long(b >> 8 & 255),
                       db = long(a & 255) - long(b & 255);
            return dr * dr + dg * dg + db * db;
        };
        constexpr std::size_t kFrequent = 128;
        for (std::size_t i = 0; i < kFrequent; ++i) palette.push_back(by_count[i].first);
        std::vector<long> nearest_chosen(by_count.size() - kFrequent, -1);
        for (std::size_t i = kFrequent; i < by_count.size(); ++i) {
            long best = -1;
            for (uint32_t p : palette) best = best < 0 ? dist(by_count[i].first, p) : std::min(best, dist(by_count[i].first, p));
            nearest_chosen[i - kFrequent] = best;
        }
        while (palette.size() < 256) {
            std::size_t pick = 0;
            long far = -1;
            for (std::size_t i = 0; i < nearest_chosen.size(); ++i)
                if (nearest_chosen[i] > far) far = nearest_chosen[i], pick = i;  // first = more frequent
            if (far <= 0) break;
            const uint32_t c = by_count[kFrequent + pick].first;
            palette.push_back(c);
            for (std::size_t i = 0; i < nearest_chosen.size(); ++i)
                nearest_chosen[i] = std::min(nearest_chosen[i], dist(by_count[kFrequent + i].first, c));
        }
    }
    std::sort(palette.begin(), palette.end());  // index order independent of the counts' ties

    std::unordered_map<uint32_t, uint8_t> index_of;
    for (std::size_t i = 0; i < palette.size(); ++i) index_of[palette[i]] = static_cast<uint8_t>(i);
    auto nearest = [&](uint32_t c) {
        const int r = int(c >> 16 & 255), g = int(c >> 8 & 255), b = int(c & 255);
        int best = 0;
        long best_d = -1;
        for (std::size_t i = 0; i < palette.size(); ++i) {
            const int dr = r - int(palette[i] >> 16 & 255), dg = g - int(palette[i] >> 8 & 255),
                      db = b - int(palette[i] & 255);
            const long d = long(dr) * dr + long(dg) * dg + long(db) * db;
            if (best_d < 0 || d < best_d) {
                best_d = d;
                best = static_cast<int>(i);
            }
        }
        return static_cast<uint8_t>(best);
    };
    indices.resize(pixels.size());
    for (std::size_t i = 0; i < pixels.size(); ++i) {
        auto it = index_of.find(pixels[i]);
        if (it == index_of.end()) it = index_of.emplace(pixels[i], nearest(pixels[i])).first;
        indices[i] = it->second;
    }
}

namespace {

int write_to_string(GifFileType* gif, const GifByteType* data, int n) {
    static_cast<std::string*>(gif->UserData)->append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    return n;
}

std::string gif_error(int code, const char* what) {
    const char* msg = GifErrorString(code);
    return std::string("GIF ") + what + ": " + (msg ? msg : "error " + std::to_string(code));
}

}  // namespace

struct AnimatedGif::Impl {
    int width = 0, height = 0;
    std::string out;
    GifFileType* gif = nullptr;
    std::vector<uint32_t> previous;  // the last frame as 0xRRGGBB
};

AnimatedGif::AnimatedGif(int width, int height) : impl_(std::make_unique<Impl>()) {
    impl_->width = width;
    impl_->height = height;
    if (width <= 0 || height <= 0 || width > 65535 || height > 65535) {
        error_ = "GIF frames must be 1 to 65535 pixels wide and high";
        return;
    }
    int err = 0;
    impl_->gif = EGifOpen(&impl_->out, write_to_string, &err);
    if (!impl_->gif) {
        error_ = gif_error(err, "open");
        return;
    }
    EGifSetGifVersion(impl_->gif, true);
    if (EGifPutScreenDesc(impl_->gif, width, height, 8, 0, nullptr) == GIF_ERROR) {
        error_ = gif_error(impl_->gif->Error, "screen");
        return;
    }
    // NETSCAPE2.0 application extension: loop forever.
    const GifByteType app[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    const GifByteType loop[] = {1, 0, 0};
    if (EGifPutExtensionLeader(impl_->gif, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(impl_->gif, sizeof app, app) == GIF_ERROR ||
        EGifPutExtensionBlock(impl_->gif, sizeof loop, loop) == GIF_ERROR || EGifPutExtensionTrailer(impl_->gif) == GIF_ERROR)
        error_ = gif_error(impl_->gif->Error, "loop extension");
}

AnimatedGif::~AnimatedGif() {
    if (impl_->gif) {
        int err = 0;
        EGifCloseFile(impl_->gif, &err);
    }
}

bool AnimatedGif::add_frame(const std::vector<uint8_t>& rgb, int delay_cs) {
    if (!error_.empty()) return false;
    const int w = impl_->width, h = impl_->height;
    if (rgb.size() != std::size_t(w) * std::size_t(h) * 3) {
        error_ = "GIF frame " + std::to_string(frames_ + 1) + " has the wrong size";
        return false;
    }
    std::vector<uint32_t> px(std::size_t(w) * std::size_t(h));
    for (std::size_t i = 0; i < px.size(); ++i)
        px[i] = uint32_t(rgb[3 * i]) << 16 | uint32_t(rgb[3 * i + 1]) << 8 | uint32_t(rgb[3 * i + 2]);

    // The rectangle that differs from the previous frame (the whole frame the first time; one
    // pixel when nothing changed, since a frame needs an image).
    int x0 = 0, y0 = 0, x1 = w - 1, y1 = h - 1;
    if (!impl_->previous.empty()) {
        x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; ++y) {
            const uint32_t* a = &px[std::size_t(y) * std::size_t(w)];
            const uint32_t* b = &impl_->previous[std::size_t(y) * std::size_t(w)];
            for (int x = 0; x < w; ++x)
                if (a[x] != b[x]) {
                    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
                }
        }
        if (x1 < 0) x0 = y0 = x1 = y1 = 0;
    }
    const int rw = x1 - x0 + 1, rh = y1 - y0 + 1;
    std::vector<uint32_t> block(std::size_t(rw) * std::size_t(rh));
    for (int y = 0; y < rh; ++y)
        std::copy_n(&px[std::size_t(y0 + y) * std::size_t(w) + std::size_t(x0)], rw, &block[std::size_t(y) * std::size_t(rw)]);
    std::vector<uint32_t> palette;
    std::vector<uint8_t> indices;
    quantise(block, palette, indices);

    int bits = 1;
    while ((1u << bits) < palette.size()) ++bits;
    ColorMapObject* map = GifMakeMapObject(1 << bits, nullptr);
    if (!map) {
        error_ = "GIF: out of memory for a palette";
        return false;
    }
    for (int i = 0; i < (1 << bits); ++i) {
        const uint32_t c = std::size_t(i) < palette.size() ? palette[std::size_t(i)] : 0;
        map->Colors[i] = GifColorType{GifByteType(c >> 16 & 255), GifByteType(c >> 8 & 255), GifByteType(c & 255)};
    }
    GraphicsControlBlock gcb{};
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = std::clamp(delay_cs, 0, 65535);
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType ext[4];
    const std::size_t ext_len = EGifGCBToExtension(&gcb, ext);
    bool ok = EGifPutExtension(impl_->gif, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(ext_len), ext) != GIF_ERROR &&
              EGifPutImageDesc(impl_->gif, x0, y0, rw, rh, false, map) != GIF_ERROR;
    for (int y = 0; ok && y < rh; ++y)
        ok = EGifPutLine(impl_->gif, &indices[std::size_t(y) * std::size_t(rw)], rw) != GIF_ERROR;
    GifFreeMapObject(map);
    if (!ok) {
        error_ = gif_error(impl_->gif->Error, "frame");
        return false;
    }
    impl_->previous = std::move(px);
    ++frames_;
    return true;
}

std::string AnimatedGif::finish() {
    if (!impl_->gif) return "";
    int err = 0;
    const int rc = EGifCloseFile(impl_->gif, &err);
    impl_->gif = nullptr;
    if (rc == GIF_ERROR && error_.empty()) error_ = gif_error(err, "close");
    if (!error_.empty() || frames_ == 0) {
        if (error_.empty()) error_ = "GIF without frames";
        return "";
    }
    return std::move(impl_->out);
}

}  // namespace sh::history
