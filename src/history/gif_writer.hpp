// history/gif_writer.hpp — an animated GIF of RGB frames (the heat-map at each history point), in
// memory, through giflib (Debian's libgif). Native only.
//
// Colours: each frame carries its own palette, so no colour is shared between frames by accident
// and a frame never waits for the others. The palette is the frame's exact colours when it has at
// most 256; else the 128 most frequent ones (cell fills, text and background stay exact) and 128
// spread over the others by farthest-point selection (so a gradient bar keeps its steps), ties
// broken by frequency then colour value; every other pixel takes its nearest palette colour (RGB
// distance, ties to the lower index). Same frames, same bytes.
// Size: a frame after the first only encodes the rectangle in which it differs from the one before
// (disposal "leave in place"), so a week that changed three cells costs little more than its date.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sh::history {

class AnimatedGif {
public:
    AnimatedGif(int width, int height);  // loops forever
    ~AnimatedGif();
    AnimatedGif(const AnimatedGif&) = delete;
    AnimatedGif& operator=(const AnimatedGif&) = delete;

    // rgb: width * height * 3 bytes, row-major. delay in hundredths of a second. False (see error())
    // when the frame has the wrong size or giflib fails; the GIF is then unusable.
    bool add_frame(const std::vector<uint8_t>& rgb, int delay_cs);
    // The finished file (empty after an error). Call once.
    std::string finish();

    const std::string& error() const { return error_; }
    int frames() const { return frames_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string error_;
    int frames_ = 0;
};

// The palette rule above for one block of pixels: up to 256 colours (0xRRGGBB), and each pixel's
// index. Exposed for tests.
void quantise(const std::vector<uint32_t>& pixels, std::vector<uint32_t>& palette, std::vector<uint8_t>& indices);

}  // namespace sh::history
