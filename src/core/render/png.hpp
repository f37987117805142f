// render/png.hpp — the heat-map image as PNG: a MatrixImage rasterised by render/raster.hpp
// (antialiased fills, text from the embedded DejaVu Sans through stb_truetype) at a chosen scale,
// encoded in memory with stb_image_write. No file I/O: the caller writes or downloads the bytes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/render/image.hpp"
#include "core/render/raster.hpp"

namespace sh {

struct PngOptions {
    float scale = 1;                         // image pixels per layout pixel, 0.25 .. 8
    uint64_t max_pixels = 64ull * 1000 * 1000;  // larger images are refused with an error (memory)
};

struct PngResult {
    std::vector<uint8_t> data;  // the PNG file; empty when error is set
    std::string error;
    int width = 0, height = 0;
    bool ok() const { return error.empty(); }
};

// Draws the image on a canvas of ceil(width * scale) x ceil(height * scale) pixels; false (and a
// message) when the size is out of bounds.
bool rasterise_image(const MatrixImage& image, float scale, uint64_t max_pixels, Canvas& out, std::string& error);

PngResult write_png(const MatrixImage& image, const PngOptions& options = {});

}  // namespace sh
