// render/image.hpp — the heat-map image as plain data: a list of shapes (rectangles, text runs,
// triangles, a gradient bar) in image pixels, built from the same matrix model, geometry, palette
// and text wrapping as the page (core/render/matrix_layout + colour). write_svg() serialises it,
// write_png() rasterises it, so the two files always show the same picture.
//
//   title                          (layer name)
//   date · MITRE ATT&CK v19 ...    (subtitle)
//   KPI line                       (techniques / sub-techniques / tactics covered, rules)
//   Score [gradient bar] ticks     [no rules]  range
//   tactic headers + counts, technique cells (sub-techniques as expanded), footer credit.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/render/colour.hpp"
#include "core/render/matrix_layout.hpp"
#include "core/scoring.hpp"

namespace sh {

enum class ShapeKind : uint8_t { Rect, Text, Triangle, GradientBar, Line };
enum class TextAnchor : uint8_t { Start, End };

struct Shape {
    ShapeKind kind = ShapeKind::Rect;
    float x = 0, y = 0, w = 0, h = 0;  // rect / gradient bar: the box; text: anchor x and baseline y
    bool filled = true;
    Rgb fill;
    uint8_t fill_alpha = 255;          // also the text's alpha
    float stroke_width = 0;            // 0: no outline; an outline lies inside the box (as ImGui's AddRect)
    Rgb stroke;
    float radius = 0;                  // rounded corners
    float points[6] = {0, 0, 0, 0, 0, 0};  // triangle x0 y0 x1 y1 x2 y2; line x0 y0 x1 y1 (stroke, stroke_width)
    std::string text;                  // UTF-8 (sanitised: no control characters)
    float font_px = 13;                // glyph height in pixels (see FontMetrics)
    float text_width = 0;              // measured width (to place End-anchored text)
    TextAnchor anchor = TextAnchor::Start;
    std::vector<Rgb> stops;            // gradient bar colours, evenly spaced left to right
    std::string id;                    // "cell-<tactic>-<technique id>" for cells (SVG id)
    std::string css_class;             // "cell", "cell scored", "header", "legend", ...
    std::string tooltip;               // SVG <title> of the shape
};

struct MatrixImage {
    float width = 0, height = 0;
    Rgb background{255, 255, 255};
    std::string title;        // the document title (SVG <title>)
    std::string description;  // SVG <desc>
    std::vector<Shape> shapes;  // in drawing order
};

struct ImageOptions {
    MatrixOptions matrix;                  // aggregate, platforms, hide uncovered, expansion (as the page)
    MatrixLayout layout = MatrixLayout::Side;
    bool show_ids = true;
    bool show_names = true;
    bool show_scores = false;
    Gradient gradient;                     // palette and range (make_gradient + layer_score_range)
    std::string title;                     // "" -> "ATT&CK coverage"
    std::string date;                      // shown in the subtitle; "" -> none (the core reads no clock)
    std::string kpi_line;                  // "" -> image_kpi_line(cat, scores, matrix.platforms, rules)
    std::string score_label = "Score";     // legend caption, e.g. "Score (seed)"
    bool custom_range = false;             // legend: "range 0 .. 100" (true) or "range 0 .. highest score (100)"
    int rules = -1;                        // rules behind the scores for the KPI line; -1: scores.rules_scored if > 0
    float font_px = 13;                    // matrix text size (the page: round(12.5 * scale * zoom))
    int mini_per_row = 0;                  // mini layout: squares per row in a column; 0: wide enough for the tactic names
    float mini_cell = 16;                  // mini layout: square size
    bool frame = true;                     // false: the matrix alone (no title, subtitle, KPI line, legend or
                                           // footer; a 2 px margin), for documents that frame it themselves
    std::string uncovered_label = "no rules";  // an uncovered cell's tooltip and the legend's swatch
    CellPaints paints;                     // a layer's own cell colours and disabled entries (layer_cell_paints)
    // The layer's own legend (its legendItems), drawn under the gradient as the Navigator's SVG
    // export draws it: a swatch and its label each, as many lines as they need.
    std::vector<std::pair<std::string, Rgb>> legend_items;
};

// "170 of 222 techniques covered (77%) · 405 of 697 with sub-techniques (58%) · 15 of 15 tactics · 3141 rules":
// the coverage KPIs of report.hpp (compute_coverage_kpis: active techniques on the platforms, all
// when empty, with a score > 0; a technique also through its sub-techniques). rules < 0 leaves
// the rules out.
std::string image_kpi_line(const Catalogue& cat, const ScoreResult& scores, const std::vector<std::string>& platforms,
                           int rules);

MatrixImage build_matrix_image(const Catalogue& cat, const ScoreResult& scores, const ImageOptions& options);

// What a layer itself says about its picture: the title (its name), the gradient (its colours and
// range; custom_range), its legend items (those with a colour we can read, but not the gradient's
// items our own layers write for the Navigator), and for sigma-heatmap's own layers the rule count
// and the score's meaning ("Score: best rule level"; own_layer_facts, layer.hpp). The CLI's svg/png start from this,
// and so should the page's downloads (from layerJson() through read_layer + layer_to_scores), so
// the same layer and view give byte-identical images everywhere; view options and the date are
// then set by the caller.
ImageOptions image_options_for_layer(const Layer& layer);

// Text made safe for XML and for drawing: invalid UTF-8 -> U+FFFD, control characters -> space,
// at most max_bytes bytes (cut at a character boundary, "..." appended).
std::string sanitise_text(std::string_view text, std::size_t max_bytes = 4096);

}  // namespace sh
