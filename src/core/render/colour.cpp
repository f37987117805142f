// render/colour.cpp — see colour.hpp.
#include "core/render/colour.hpp"

#include <algorithm>
#include <cmath>

namespace sh {

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

double channel_luminance(uint8_t v) {
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double relative_luminance(Rgb c) {
    return 0.2126 * channel_luminance(c.r) + 0.7152 * channel_luminance(c.g) + 0.0722 * channel_luminance(c.b);
}
}  // namespace

std::optional<Rgb> parse_hex_colour(std::string_view text) {
    if (!text.empty() && text.front() == '#') text.remove_prefix(1);
    // #rgb, #rrggbb, and the same with alpha (#rgba, #rrggbbaa): the Navigator saves a layer's
    // gradient colours with alpha ("#ff6666ff"). Alpha is dropped, as the Navigator does when it
    // colours a cell (its gradient's toHexString), so "#ffffff00" is white.
    if (text.size() != 3 && text.size() != 4 && text.size() != 6 && text.size() != 8) return std::nullopt;
    int d[8];
    for (std::size_t i = 0; i < text.size(); ++i) {
        d[i] = hex_digit(text[i]);
        if (d[i] < 0) return std::nullopt;
    }
    if (text.size() <= 4)
        return Rgb{uint8_t(d[0] * 17), uint8_t(d[1] * 17), uint8_t(d[2] * 17)};
    return Rgb{uint8_t(d[0] * 16 + d[1]), uint8_t(d[2] * 16 + d[3]), uint8_t(d[4] * 16 + d[5])};
}

std::string to_hex(Rgb c) {
    static const char* digits = "0123456789abcdef";
    std::string s = "#";
    for (uint8_t v : {c.r, c.g, c.b}) {
        s += digits[v >> 4];
        s += digits[v & 15];
    }
    return s;
}

int highest_score(const ScoreResult& scores) {
    int best = 0;
    for (const auto& e : scores.entries) best = std::max(best, e.score);
    return best;
}

ScoreRange layer_score_range(const ScoreResult& scores, const LayerOptions& options) {
    ScoreRange r;
    r.min = options.min_score.value_or(0);
    r.max = options.max_score.value_or(highest_score(scores));
    if (r.max <= r.min) r.max = r.min + 1;
    return r;
}

ScoreRange layer_gradient_range(const Layer& layer) {
    if (layer.gradient_max > layer.gradient_min) return {layer.gradient_min, layer.gradient_max};
    return {layer.gradient_max - 1, layer.gradient_max};
}

Gradient make_gradient(const std::vector<std::string>& colours, double min, double max) {
    Gradient g;
    for (const auto& c : colours)
        if (auto rgb = parse_hex_colour(c)) g.stops.push_back(*rgb);
    if (g.stops.empty())
        for (const auto& c : kPaletteRedYellowGreen)
            if (auto rgb = parse_hex_colour(c)) g.stops.push_back(*rgb);
    if (g.stops.empty()) g.stops = {Rgb{0xff, 0x66, 0x66}, Rgb{0xff, 0xe7, 0x66}, Rgb{0x8e, 0xc8, 0x43}};
    g.min = min;
    g.max = max > min ? max : min + 1;
    return g;
}

Rgb gradient_colour(const Gradient& g, double score) {
    if (g.stops.empty()) return Rgb{};
    if (g.stops.size() == 1 || !(g.max > g.min)) return g.stops.front();
    double t = (score - g.min) / (g.max - g.min);
    if (!(t >= 0)) t = 0;  // also catches NaN
    if (t > 1) t = 1;
    double pos = t * double(g.stops.size() - 1);
    std::size_t i = std::min<std::size_t>(std::size_t(pos), g.stops.size() - 2);
    double f = pos - double(i);
    const Rgb& a = g.stops[i];
    const Rgb& b = g.stops[i + 1];
    auto mix = [f](uint8_t x, uint8_t y) { return uint8_t(std::lround(x + (double(y) - x) * f)); };
    return Rgb{mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b)};
}

Rgb readable_text_colour(Rgb bg) {
    double l = relative_luminance(bg);
    // Contrast with black: (l + 0.05) / 0.05; with white: 1.05 / (l + 0.05).
    return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? Rgb{0, 0, 0} : Rgb{255, 255, 255};
}

}  // namespace sh
