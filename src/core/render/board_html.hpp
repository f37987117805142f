// render/board_html.hpp — the board as a document, for the people who read it rather than work
// in it: one self-contained HTML5 page (semantic markup, inline SVG, the embedded stylesheet
// assets/board/board.css, no script, no external resource) and the same board as a shape list
// for the PNG/SVG writers. Both are pure functions of a BoardReport, which the CLI (`board`,
// `layer --board-html`) and the page fill with the same report calls as `layer --report`, so the
// same inputs give the same bytes everywhere.
//
//   title, subtitle, date and ATT&CK version   KPI tiles                 coverage by tactic (bars)
//   the alert since the previous layer         top gaps (every term)     trend (chart + table)
//   the threat selection ("Against APT29: ...") and its uncovered techniques; weakest against
//   targets, baseline, detection latency       heat-map (legend + the matrix drawn from the layer)
//   MITRE credit
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/render/colour.hpp"
#include "core/render/image.hpp"
#include "core/report.hpp"

namespace sh {

// The heat-map of a board: the layer drawn as `sigma-heatmap svg LAYER --expand annotated` draws
// it (scores as layer_to_scores reads them, the layer's own palette and range, a parent's
// sub-techniques shown where any has a score, as our layers' showSubtechniques say), without the
// image's own frame: the document places its legend and title itself.
struct BoardHeatmap {
    MatrixImage image;        // the matrix alone (ImageOptions::frame = false)
    Gradient gradient;        // palette and range, for the legend
    std::string score_label;  // "Score: best rule level" (our layers) or "Score"
    int scored_cells = 0;     // cells with a score, for the text alternative
    // What the image was drawn from: the board picture draws the same scores with the
    // sub-techniques rolled up into their technique (a picture of a few megapixels, not dozens).
    ScoreResult scores;
    ImageOptions options;
    // On paper the heat-map is one page, and with many cells its text is too small to read (the
    // SigmaHQ rules: 15 tactics, 800 cells, about 1.5 pt). The document then prints it once more,
    // larger, a few tactics to a portrait page: techniques only, each with its sub-techniques
    // rolled up (Aggregate::Max, as the board picture) and its score written in its cell. Empty
    // where the heat-map's own page is legible (print_scale() * font_px >= kPrintLegiblePx).
    struct PrintPart {
        std::string tactics;  // "Reconnaissance to Persistence" (one name for one tactic)
        MatrixImage image;    // the matrix of these tactics alone (frame = false)
    };
    std::vector<PrintPart> print_parts;
};
// The heat-map's size on paper, in CSS px per layout px, as board.css prints it: a page of its own,
// 277 x 140 mm landscape, or 190 x 205 mm portrait when taller than wide (the width and height
// left on A4 and Letter inside the margins, beside its heading and legend).
float heatmap_print_scale(float width, float height);
inline bool heatmap_prints_portrait(float width, float height) { return height > width * 0.75f; }
constexpr float kPrintLegiblePx = 9.0f;  // about 7 pt: the smallest text we print on purpose
constexpr int kPrintTacticsPerPage = 5;  // the printed parts: 5 columns fit a portrait page's width
                                         // at 0.75 CSS px per layout px (the text near 7 pt)
BoardHeatmap board_heatmap(const Layer& layer, const Catalogue& cat, const std::string& file);

// Everything the board shows, already computed by report.hpp.
struct BoardReport {
    BoardSummary board;           // title, subtitle, tiles, tactic bars, top gaps, trend
    int threshold = 80;           // KPI threshold ("covered well", gaps below it)
    PriorityWeights weights;      // the formula printed above the gaps
    std::string date;             // "YYYY-MM-DD" under the title; "" for none (the core reads no clock)
    bool from_rules = true;       // false: the scores came from a layer or a share link ...
    std::string scores_from;      // ... named here for the reader: "the layer team_b.json", "a shared link"
    std::optional<LayerDiff> diff;  // a previous layer is known: the alert
    std::optional<TargetReport> targets;
    std::optional<BaselineComparison> baseline;
    std::optional<LatencyReport> latency;
    BoardHeatmap heatmap;
};

// A board from a report set (compute_report_set, or the page's Reports as one) and the heat-map of
// its layer; scores_from names where the scores came from when not from rules ("a shared link").
BoardReport board_report(const ReportSet& set, BoardHeatmap heatmap, const std::string& date,
                         const std::string& scores_from = "");

// The stylesheet every board document embeds (assets/board/board.css). Its rules are all scoped
// under the document's root class, so a page can show the document next to its own content; all
// data-dependent sizes and colours are SVG attributes, never style attributes.
std::string_view board_css();

// The whole document: <!DOCTYPE html> ... with board_css() in its <style>. Deterministic.
std::string write_board_html(const BoardReport& report, const Catalogue& cat);

// The board as one picture (title, tiles, tactic bars, gaps, trend, alert, heat-map and its
// legend, credit) for write_png / write_svg: what the page's "Save as PNG" and `board --png` save.
// Its heat-map shows techniques with their sub-techniques rolled up (the best score, as the matrix
// shows a collapsed parent); the document shows them as the layer does.
MatrixImage build_board_image(const BoardReport& report, const Catalogue& cat);

// The trend chart alone (techniques covered and covered well, 0..100%, one point per layer) in a
// box of width x height layout pixels: the document's chart and the board image's.
MatrixImage trend_chart_image(const Trend& trend, float width, float height);

// Rows of the longer lists (targets not met, baseline differences, latency by technique) the
// document and the image show before "and N more".
constexpr std::size_t kBoardListRows = 50;

}  // namespace sh
