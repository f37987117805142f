// board_doc.cpp — the page's side of issue 9: the board document and the board picture, made by
// the core (render/board_html) from the Reports the Board view draws and the layer the page
// downloads, exactly as `sigma-heatmap board` makes them from the same rules, layers and options.
// The platform shows the document beside the canvas (share links, print, no WebGL) and downloads
// the picture; nothing here draws.
#include <algorithm>

#include "app/app.hpp"
#include "core/render/board_html.hpp"
#include "core/render/png.hpp"

namespace app {

sh::BoardReport board_report(AppState& s) {
    update_reports(s);
    const Reports& r = s.reports;
    // The Reports as the report set `sigma-heatmap board` computes in one call.
    sh::ReportSet set;
    set.from_rules = s.source == ScoreSource::Rules;
    set.current = r.current;
    set.kpis = r.kpis;
    set.gaps = r.gaps;
    set.trend = r.trend;
    set.board = r.board;
    set.weights = s.report.weights;
    if (r.has_diff) set.diff = r.diff;
    if (r.has_targets) set.targets = r.targets;
    if (r.has_baseline) set.baseline = r.baseline;
    if (r.has_latency) set.latency = r.latency;
    set.threats = s.threat_view.coverage;
    // The heat-map from the layer as downloaded, read back as `board LAYER.json` reads a file.
    sh::BoardHeatmap heatmap;
    sh::Layer layer;
    sh::Diagnostics ignored;  // the page's own layer: its problems are listed already
    if (s.catalogue && sh::read_layer(layer_json(s), download_file_name(s), layer, ignored))
        heatmap = sh::board_heatmap(layer, *s.catalogue, download_file_name(s));
    const std::string from = s.source == ScoreSource::Share ? "a shared link"
                             : s.source == ScoreSource::Layer ? "the layer " + s.imported_file
                                                              : std::string();
    return sh::board_report(set, std::move(heatmap), image_date(s), from);
}

const std::string& board_html(AppState& s) {
    update_reports(s);
    BoardDocCache& c = s.board_doc;
    const std::string& layer = layer_json(s);
    const std::string date = image_date(s);
    if (c.reports_serial == s.reports.serial && c.date == date && c.layer_json == layer) return c.html;
    std::string html = s.catalogue ? sh::write_board_html(board_report(s), *s.catalogue) : std::string();
    c.reports_serial = s.reports.serial;
    c.layer_json = layer;
    c.date = date;
    if (html != c.html) {
        c.html = std::move(html);
        ++c.serial;
    }
    return c.html;
}

std::vector<uint8_t> board_png(AppState& s, std::string& error) {
    if (!s.catalogue) {
        error = "no ATT&CK catalogue";
        return {};
    }
    sh::PngOptions po;
    po.scale = float(std::clamp(s.png_scale, 1, 3));  // as `sigma-heatmap board --png FILE --scale N`
    const sh::PngResult png = sh::write_png(sh::build_board_image(board_report(s), *s.catalogue), po);
    if (!png.ok()) {
        error = png.error;
        return {};
    }
    return png.data;
}

}  // namespace app
