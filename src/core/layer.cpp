// layer.cpp — STUB
#include "layer.hpp"
namespace sh {
const std::vector<std::string> kPaletteRedYellowGreen = {"#ff6666", "#ffe766", "#8ec843"};
const std::vector<std::string> kPaletteColourBlind = {"#2c7bb6", "#ffffbf", "#000000"};
std::string default_layer_name(int, int) { return ""; }
std::string default_layer_name_today() { return ""; }
std::string write_layer(const ScoreResult&, const std::vector<Rule>&, const Catalogue&, const ScoreOptions&, const LayerOptions&) { return "{}"; }
bool read_layer(std::string_view, const std::string&, Layer&, Diagnostics&) { return false; }
}
