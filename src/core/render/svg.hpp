// render/svg.hpp — the heat-map image as SVG 1.1: one element per shape of a MatrixImage, text as
// <text> in DejaVu Sans (with fallbacks of similar metrics), every cell a <rect> with an id
// ("cell-<tactic>-<technique>"), a class ("cell" / "cell scored") and a <title> tooltip.
// Deterministic: the same image gives the same bytes on every platform (coordinates are printed
// from integers, never through the C library's float formatting).
#pragma once
#include <string>
#include <string_view>

#include "core/render/image.hpp"

namespace sh {

// The font-family attribute the SVG names (DejaVu Sans first: the metrics it was laid out with).
extern const char* const kSvgFontFamily;

std::string write_svg(const MatrixImage& image);

// The same drawing as an <svg> element for an HTML5 document (no XML declaration): role="img"
// named by its <title>, every id (cells, gradients, the title) prefixed so that several drawings
// can share a page.
struct SvgElementOptions {
    std::string id_prefix;  // e.g. "shb-map-"
    std::string css_class;  // class attribute of the <svg> ("" none)
};
std::string write_svg_element(const MatrixImage& image, const SvgElementOptions& options);

// "&amp;", "&lt;", "&gt;", "&quot;", "&apos;" (text must already be sanitised UTF-8).
std::string xml_escape(std::string_view text);

}  // namespace sh
