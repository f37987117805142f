// render/matrix_layout.hpp — the ATT&CK matrix as plain data, shared by the page (ImGui draws the
// rectangles and text it returns) and the image writers (SVG/PNG):
//   build_matrix()  which cells exist: tactic columns in matrix order, one cell per technique,
//                   sub-technique cells under expanded parents, each with its (aggregated) score,
//                   after the platform / coverage / search options;
//   layout_matrix() where they go: "side" (rows with names) or "mini" (small squares);
//   build_legend()  the gradient bar and its tick labels.
// No fonts here: text fitting takes a measuring function from the caller.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/render/colour.hpp"
#include "core/scoring.hpp"

namespace sh {

// How a parent technique shows its sub-techniques' scores (together with its own).
enum class Aggregate { Max, Avg, Min, Sum };
const char* aggregate_name(Aggregate a);                     // "max", "avg", "min", "sum"
std::optional<Aggregate> parse_aggregate(std::string_view s);

struct MatrixOptions {
    Aggregate aggregate = Aggregate::Max;  // parent score = aggregate(own score, sub scores)
    std::vector<std::string> platforms;    // empty: every technique; else those on any of these
    bool hide_uncovered = false;           // drop cells without a score
    bool expand_all = false;               // show every parent's sub-techniques
    std::vector<std::string> expanded;     // parents whose sub-techniques are shown ("T1059")
    std::string search;                    // case-insensitive substring of ID or name; "" = none
    // Only these techniques (the page's "only techniques they use"): a parent shows when it or one of
    // its sub-techniques is listed, and opens to show its listed sub-techniques; unlisted
    // sub-techniques are hidden but still count in the parent's aggregate.
    bool only_listed = false;
    std::vector<std::string> listed;
    // Drop the tactic columns the options above leave without a cell (the Diff view's "only
    // changes": a tactic where nothing changed is no column to scroll past on a phone). When no
    // column has a cell, all stay, so the headers still say where nothing changed.
    bool hide_empty_tactics = false;
    // Only these tactic columns (shortnames), still in matrix order; empty: every tactic. The
    // board's printed heat-map draws the matrix a few tactics per page.
    std::vector<std::string> tactics;
};

struct MatrixCell {
    std::size_t technique = 0;  // index into Catalogue::techniques
    std::string id, name;       // "T1059.003", "Windows Command Shell"
    int depth = 0;              // 0 technique, 1 sub-technique
    bool has_score = false;     // covered (own score or, for a parent, any sub-technique's)
    double score = 0;           // the score shown: own, or the parent aggregate
    int own_entry = -1;         // index into ScoreResult::entries for (this id, column tactic); -1 none
    int subtechniques = 0;      // visible sub-techniques of a parent in this tactic
    int subtechniques_covered = 0;
    bool expanded = false;      // a parent whose sub-technique cells follow it
    bool search_match = false;  // the cell itself matches the search
    bool search_match_below = false;  // a (possibly hidden) sub-technique matches
};

struct MatrixColumn {
    std::string tactic;      // shortname
    std::string tactic_id;   // "TA0002" or ""
    std::string name;        // "Execution"
    int techniques = 0;      // parent techniques shown in the column (the header count)
    int covered = 0;         // ... of which have a score
    std::vector<MatrixCell> cells;  // in order: parent, its sub-techniques if expanded, next parent
};

struct MatrixModel {
    std::vector<MatrixColumn> columns;
    int search_matches = 0;  // cells (parents and sub-techniques, shown or not) matching the search
};

MatrixModel build_matrix(const Catalogue& cat, const ScoreResult& scores, const MatrixOptions& options);

// The score of each technique id: the best over its tactics (what the page's summary reports).
std::vector<std::pair<std::string, int>> best_score_by_technique(const ScoreResult& scores);

// The rules behind one cell: its own entry's rules, then (for a parent) each sub-technique's,
// each rule once, with the technique id through which it counts.
struct CellRule {
    uint32_t rule = 0;
    std::string via;  // technique id the rule is tagged with (the cell's own or a sub-technique's)
};
std::vector<CellRule> rules_for_cell(const Catalogue& cat, const ScoreResult& scores,
                                     std::string_view technique, std::string_view tactic);

// ---- geometry ----
enum class MatrixLayout { Side, Mini };

struct MatrixMetrics {
    float cell_width = 180;    // side: a column's width
    float cell_height = 34;    // side: a technique row (fits two lines of 13 px text)
    float sub_indent = 12;     // side: sub-technique rows are indented by this
    float column_gap = 6;
    float row_gap = 2;
    float header_height = 48;  // tactic name + count
    float mini_cell = 16;      // mini: square size
    float mini_gap = 2;
    int mini_per_row = 4;      // mini: squares per row in a column
};

struct CellBox {
    int column = 0;
    int cell = 0;  // index into MatrixColumn::cells
    float x = 0, y = 0, w = 0, h = 0;
};
struct HeaderBox {
    int column = 0;
    float x = 0, y = 0, w = 0, h = 0;
};
struct MatrixGeometry {
    std::vector<HeaderBox> headers;
    std::vector<CellBox> cells;  // column by column, top to bottom; never overlapping
    float width = 0, height = 0;
};

MatrixGeometry layout_matrix(const MatrixModel& model, MatrixLayout layout, const MatrixMetrics& metrics);

// Mini layout: the largest square size (and squares per row) for which the whole matrix fits in
// avail_w x avail_h; never below min_cell (then the caller scrolls).
MatrixMetrics fit_mini_metrics(const MatrixModel& model, MatrixMetrics base, float avail_w, float avail_h,
                               float min_cell = 6);

// ---- text and legend ----
// "T1059", "Command and Scripting Interpreter", or both ("T1059 Command ...").
std::string cell_label(const MatrixCell& cell, bool show_id, bool show_name);
// "80", "62.5" (one decimal only when needed).
std::string format_score(double score);

// Greedy word wrap into at most max_lines lines no wider than width; a cut last line ends "...".
using MeasureText = std::function<float(std::string_view)>;
std::vector<std::string> wrap_text(std::string_view text, float width, int max_lines, const MeasureText& measure);

struct LegendTick {
    double value = 0;
    float position = 0;  // 0..1 along the bar
    std::string label;
};
struct Legend {
    std::vector<Rgb> stops;  // evenly spaced along the bar
    std::vector<LegendTick> ticks;
};
Legend build_legend(const Gradient& g, int tick_count = 5);

// What a layer says about how its cells look, beyond their scores, as the ATT&CK Navigator shows
// it: an entry's `color` fills its cell instead of the score's colour (the format: it "overrides
// score color"; a colour-only entry is coloured too), and an entry with `enabled: false` is drawn
// without a background. Drawing only: scores, KPIs and diffs are unchanged. Keyed by technique id
// + '\0' + tactic; tactic "" = each tactic of the technique. A later entry wins, as in the Navigator.
struct CellPaint {
    std::optional<Rgb> fill;
    bool disabled = false;
};
using CellPaints = std::map<std::string, CellPaint>;
CellPaints layer_cell_paints(const Layer& layer);

// An uncovered cell's colours (sub-technique cells a shade lighter), in the image and the page.
constexpr Rgb kCellUncovered{0xf3, 0xf4, 0xf6};
constexpr Rgb kCellUncoveredSub{0xfa, 0xfa, 0xfb};
constexpr Rgb kCellUncoveredText{0x33, 0x36, 0x3b};

// A cell's background and text colours as the image and the page draw it: disabled -> the
// uncovered colours; a paint's fill; the gradient's colour of its score; else uncovered.
struct CellColours {
    Rgb bg, fg;
};
CellColours cell_colours(const MatrixCell& cell, const std::string& tactic, const Gradient& g, const CellPaints& paints);
// A paint of this cell, or null.
const CellPaint* find_paint(const CellPaints& paints, const std::string& technique, const std::string& tactic);

}  // namespace sh
