// render/colour.hpp — colours and score gradients shared by the page, the layer and the image
// writers: "#rrggbb" parsing, linear interpolation through N stops, the score range a layer uses,
// and a readable text colour on a given background. Pure functions, no drawing.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer.hpp"
#include "core/scoring.hpp"

namespace sh {

struct Rgb {
    uint8_t r = 0, g = 0, b = 0;
    bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
    bool operator!=(const Rgb& o) const { return !(*this == o); }
};

std::optional<Rgb> parse_hex_colour(std::string_view text);  // "#rrggbb", "rrggbb", "#rgb"; alpha (#rgba, #rrggbbaa) dropped
std::string to_hex(Rgb c);                                     // "#rrggbb", lower-case

// The score range of a layer: min_score (default 0) .. max_score (default: the highest score in
// the entries); max is always > min, as Navigator requires.
struct ScoreRange {
    int min = 0;
    int max = 1;
};
int highest_score(const ScoreResult& scores);  // 0 when there are no entries
ScoreRange layer_score_range(const ScoreResult& scores, const LayerOptions& options);
// The range a layer's gradient colours scores over, as the Navigator colours them: a score at or
// above maxValue takes the last colour, else one at or below minValue the first. With maxValue >
// minValue that is the gradient's own range; with maxValue <= minValue (a layer made to colour
// every score from maxValue up fully) it is maxValue - 1 .. maxValue, which draws whole scores the
// same (before: minValue .. minValue + 1, so with both 1 a score of 1 took the first colour).
ScoreRange layer_gradient_range(const Layer& layer);

struct Gradient {
    std::vector<Rgb> stops;  // at least one; evenly spaced over [min, max]
    double min = 0, max = 1;
};

// Unparseable colours are skipped; no usable colour at all -> the red-yellow-green palette.
Gradient make_gradient(const std::vector<std::string>& colours, double min, double max);
Rgb gradient_colour(const Gradient& g, double score);  // clamped to [min, max]

// Black or white, whichever contrasts more with bg (WCAG relative luminance).
Rgb readable_text_colour(Rgb bg);

}  // namespace sh
