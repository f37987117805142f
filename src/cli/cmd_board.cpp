// cmd_board.cpp — `sigma-heatmap board RULES...|LAYER.json -o board.html`: the board as one
// self-contained HTML document (and, asked for, as a PNG/SVG picture) for a wiki, an email or a
// weekly CI job. Thin on purpose: the reports come from sh::compute_report_set (the same calls as
// `layer --report`), the document and the picture from core/render/board_html, byte for byte what
// the page shows and saves for the same inputs. Written in the CLI's current option style; the
// options are those of `layer --report` plus the outputs.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/render/board_html.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

const char* kBoardHelp =
    "Usage: sigma-heatmap board [options] RULES... -o BOARD.html\n"
    "       sigma-heatmap board [options] LAYER.json -o BOARD.html\n"
    "\n"
    "Writes the coverage board as one self-contained HTML5 document: title, date and ATT&CK version,\n"
    "KPI tiles, coverage by tactic, the top gaps with every term of their priority, the trend, the\n"
    "alert since the previous layer, targets and baseline, and the heat-map (inline SVG; a cell's\n"
    "tooltip gives its id, name, score and tactic). No script and nothing loaded from elsewhere: it\n"
    "reads the same in a browser, a wiki page, an email or on paper (landscape). RULES are rule files\n"
    "or folders as for `layer`; a single .json argument is read as an ATT&CK Navigator layer (any\n"
    "producer) and the board leaves out what needs rules.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        the HTML document ('-' for stdout) [required]\n"
    "  --png FILE               also the board as a PNG picture (what the page's \"Save as PNG\" saves)\n"
    "  --svg FILE               also the board picture as SVG\n"
    "  --scale N                PNG pixels per layout pixel, 0.25 .. 8 (default 1)\n"
    "  --date TEXT              date under the title (default: today, YYYY-MM-DD; '' for none)\n"
    "  --name NAME              the layer's name in the title (rules: default coverage_<quarter>_<year>;\n"
    "                           a layer: its own name)\n"
    "  --palette default|colour-blind\n"
    "                           heat-map colours (rules; default red-yellow-green); a layer keeps its own\n"
    "                           unless this is given\n"
    "  --min-score N, --max-score N\n"
    "                           the heat-map's score range (default 0 .. the highest score)\n"
    "  --report FILE.json       also the report JSON, exactly as `layer --report` writes it\n"
    "\n"
    "What the board compares with (as `layer`):\n"
    "  --prev PREV.json         the previous layer: the alert on top of the board\n"
    "  --threshold N            alert threshold: a new gap fell from >= N to below it (default 50)\n"
    "  --history LAYER.json     an earlier layer for the trend (repeatable)\n"
    "  --baseline LAYER.json    a reference layer: what it covers that we do not, where we are ahead\n"
    "  --targets FILE           technique ids, CSV technique[,min_score], or a layer of targets\n"
    "  --target-score N         score a target needs when the file gives none (default 1)\n"
    "  --alerts FILE.csv        SIEM alerts (rule, event_time, detection_time): median detection\n"
    "                           latency (rules only)\n";

const char* kBoardExitHelp =
    "\n"
    "Exit status: 0 when the board was written, 1 when the inputs could not be read or nothing could\n"
    "be written, 2 for usage errors.\n";

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap board: %s\n(see sigma-heatmap board --help)\n", msg.c_str());
    return 2;
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool is_json_path(const std::string& p) {
    return p.size() > 5 && (p.compare(p.size() - 5, 5, ".json") == 0 || p.compare(p.size() - 5, 5, ".JSON") == 0);
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

bool read_coverage(const std::string& path, const sh::Catalogue& cat, sh::Coverage& out, sh::Diagnostics& diags) {
    auto text = read_file(path, diags);
    return text && sh::coverage_from_layer_text(*text, path, &cat, out, diags);
}

}  // namespace

int cmd_board(const Args& args) {
    CommonOptions co;
    std::vector<std::string> paths, history;
    std::string output, png_out, svg_out, report, prev, baseline, targets, alerts_csv, palette, name, date = today();
    std::optional<int> min_score, max_score;
    int threshold = 50, target_score = 1;
    float scale = 1;
    bool name_given = false;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) { return next_value(args, i, dst); };
        std::string v, error;
        const OptionResult common = parse_common_option(args, i, co, error);
        if (common == OptionResult::Error) return usage_error(error);
        if (common == OptionResult::Taken) continue;
        if (a == "-h" || a == "--help") {
            std::fputs(kBoardHelp, stdout);
            std::fputs("\nRules, scores and ATT&CK data (as `layer`):\n", stdout);
            std::fputs(kCommonOptionsHelp, stdout);
            std::fputs("\nGaps (as `layer --report`):\n", stdout);
            std::fputs(kGapOptionsHelp, stdout);
            std::fputs(kBoardExitHelp, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            if (!value(output) || output.empty()) return usage_error("-o needs a file name");
        } else if (a == "--png") {
            if (!value(png_out) || png_out.empty()) return usage_error("--png needs a file name");
        } else if (a == "--svg") {
            if (!value(svg_out) || svg_out.empty()) return usage_error("--svg needs a file name");
        } else if (a == "--scale") {
            char* end = nullptr;
            if (!value(v)) return usage_error("--scale needs a number");
            scale = std::strtof(v.c_str(), &end);
            if (v.empty() || *end || !(scale >= 0.25f && scale <= 8.0f)) return usage_error("--scale takes a number from 0.25 to 8");
        } else if (a == "--date") {
            if (!value(date)) return usage_error("--date needs a text ('' for none)");
        } else if (a == "--name") {
            if (!value(name)) return usage_error("--name needs a name");
            name_given = true;
        } else if (a == "--palette") {
            if (!value(palette)) return usage_error("--palette needs a name");
            if (palette == "color-blind" || palette == "colourblind" || palette == "colorblind") palette = "colour-blind";
            if (palette != "default" && palette != "colour-blind") return usage_error("--palette takes default or colour-blind");
        } else if (a == "--min-score" || a == "--max-score") {
            int n = 0;
            if (!value(v) || !parse_int(v, n)) return usage_error(a + " needs a whole number");
            (a == "--min-score" ? min_score : max_score) = n;
        } else if (a == "--report") {
            if (!value(report) || report.empty()) return usage_error("--report needs a file name");
        } else if (a == "--prev") {
            if (!value(prev) || prev.empty()) return usage_error("--prev needs a layer file");
        } else if (a == "--threshold") {
            if (!value(v) || !parse_int(v, threshold) || threshold < 1) return usage_error("--threshold needs a whole number >= 1");
        } else if (a == "--history") {
            if (!value(v) || v.empty()) return usage_error("--history needs a layer file");
            history.push_back(v);
        } else if (a == "--baseline") {
            if (!value(baseline) || baseline.empty()) return usage_error("--baseline needs a layer file");
        } else if (a == "--targets") {
            if (!value(targets) || targets.empty()) return usage_error("--targets needs a file");
        } else if (a == "--target-score") {
            if (!value(v) || !parse_int(v, target_score) || target_score < 1)
                return usage_error("--target-score needs a whole number >= 1");
        } else if (a == "--alerts") {
            if (!value(alerts_csv) || alerts_csv.empty()) return usage_error("--alerts needs a CSV file");
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return usage_error("unknown option " + a);
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) return usage_error("no rule files, folders or layer given");
    if (output.empty()) return usage_error("no output file given (-o BOARD.html)");
    if (min_score && max_score && *max_score <= *min_score) return usage_error("--max-score must be greater than --min-score");
    const bool from_layer = paths.size() == 1 && is_json_path(paths[0]);
    if (from_layer && !alerts_csv.empty()) return usage_error("--alerts needs the rules behind the scores, not a layer");

    // Rules (or, for a layer, only the catalogue, weights and frequency: no rule paths).
    Inputs in;
    if (const int rc = load_inputs("board", from_layer ? std::vector<std::string>{} : paths, co, in)) return rc;
    sh::Diagnostics& diags = in.diags;
    sh::ScoreResult scores;
    sh::Layer layer;
    std::string layer_text;
    if (from_layer) {
        auto text = read_file(paths[0], diags);
        if (!text || !sh::read_layer(*text, paths[0], layer, diags)) {
            print_input_diagnostics(co, diags);
            std::fprintf(stderr, "sigma-heatmap board: cannot read the layer %s; no board written\n", paths[0].c_str());
            return 1;
        }
        // The catalogue of the layer's ATT&CK version, as `svg`/`png` choose it.
        if (co.attack_data.empty())
            if (const sh::Catalogue* c = sh::embedded_catalogue(layer.attack_version)) in.cat = c;
        scores = sh::layer_to_scores(layer, *in.cat, paths[0]);
        diags.insert(diags.end(), scores.diagnostics.begin(), scores.diagnostics.end());
        if (name_given) layer.name = name;
        if (!palette.empty())
            layer.gradient_colors = palette == "colour-blind" ? sh::kPaletteColourBlind : sh::kPaletteRedYellowGreen;
        if (min_score) layer.gradient_min = *min_score;
        if (max_score) layer.gradient_max = *max_score;
        name = layer.name;
    } else {
        if (in.rules.rules.empty()) {
            print_input_diagnostics(co, diags);
            std::fprintf(stderr, "sigma-heatmap board: no rules could be loaded from %zu file(s); no board written\n",
                         in.files.size());
            return 1;
        }
        scores = in.scores;
        if (!name_given) name = sh::default_layer_name_today();
        // The heat-map from the layer `layer` would write for these rules and options.
        sh::LayerOptions lopt;
        lopt.name = name;
        lopt.min_score = min_score;
        lopt.max_score = max_score;
        if (palette == "colour-blind") lopt.colors = sh::kPaletteColourBlind;
        if (!co.platforms.empty()) lopt.platforms = co.platforms;
        sh::Diagnostics ignored;
        if (!sh::read_layer(sh::write_layer(scores, in.rules.rules, *in.cat, co.score, lopt), output, layer, ignored)) {
            std::fprintf(stderr, "sigma-heatmap board: internal error: the layer could not be read back\n");
            return 1;
        }
    }
    const sh::Catalogue& cat = *in.cat;

    // What the board compares with: read before anything is written.
    sh::Coverage prev_cov, baseline_cov;
    std::vector<sh::Coverage> history_cov;
    std::vector<sh::Target> target_list;
    std::vector<sh::AlertRecord> alerts;
    bool inputs_ok = true;
    if (!prev.empty()) inputs_ok = read_coverage(prev, cat, prev_cov, diags) && inputs_ok;
    if (!baseline.empty()) inputs_ok = read_coverage(baseline, cat, baseline_cov, diags) && inputs_ok;
    if (!targets.empty()) {
        auto text = read_file(targets, diags);
        inputs_ok = text && sh::read_targets(*text, targets, cat, target_score, target_list, diags) && inputs_ok;
    }
    for (const auto& h : history) {
        history_cov.emplace_back();
        inputs_ok = read_coverage(h, cat, history_cov.back(), diags) && inputs_ok;
    }
    if (!alerts_csv.empty()) {
        if (auto text = read_file(alerts_csv, diags)) alerts = sh::parse_alerts_csv(*text, alerts_csv, diags);
        else inputs_ok = false;
    }
    print_input_diagnostics(co, diags);
    if (!inputs_ok) {
        std::fprintf(stderr, "sigma-heatmap board: a --prev/--baseline/--targets/--history/--alerts file cannot be "
                             "used; no board written\n");
        return 1;
    }

    sh::ReportInputs ri;
    ri.scores = &scores;
    ri.rules = from_layer ? nullptr : &in.rules.rules;
    ri.name = name;
    ri.kpi.threshold = co.kpi_threshold;
    ri.kpi.platforms = co.platforms;
    ri.top = co.top;
    ri.gap_subtechniques = co.gap_subtechniques;
    ri.weights = in.weights;
    ri.frequency = in.have_frequency ? &in.frequency : nullptr;
    ri.history = std::move(history_cov);
    ri.previous = prev.empty() ? nullptr : &prev_cov;
    ri.diff.threshold = threshold;
    ri.baseline = baseline.empty() ? nullptr : &baseline_cov;
    ri.targets = targets.empty() ? nullptr : &target_list;
    ri.alerts = alerts_csv.empty() ? nullptr : &alerts;
    ri.alerts_file = alerts_csv;
    const sh::ReportSet set = sh::compute_report_set(ri, cat);
    print_input_diagnostics(co, set.diagnostics);

    const sh::BoardReport board = sh::board_report(set, sh::board_heatmap(layer, cat, from_layer ? paths[0] : output), date,
                                                   from_layer ? "the layer " + base_name(paths[0]) : std::string());
    if (!write_file(output, sh::write_board_html(board, cat))) {
        std::fprintf(stderr, "sigma-heatmap board: cannot write %s\n", output.c_str());
        return 1;
    }
    if (!png_out.empty() || !svg_out.empty()) {
        const sh::MatrixImage picture = sh::build_board_image(board, cat);
        if (!svg_out.empty() && !write_file(svg_out, sh::write_svg(picture))) {
            std::fprintf(stderr, "sigma-heatmap board: cannot write %s\n", svg_out.c_str());
            return 1;
        }
        if (!png_out.empty()) {
            sh::PngOptions po;
            po.scale = scale;
            const sh::PngResult png = sh::write_png(picture, po);
            if (!png.ok()) {
                std::fprintf(stderr, "sigma-heatmap board: %s; no PNG written\n", png.error.c_str());
                return 1;
            }
            if (!write_file(png_out, std::string(png.data.begin(), png.data.end()))) {
                std::fprintf(stderr, "sigma-heatmap board: cannot write %s\n", png_out.c_str());
                return 1;
            }
        }
    }
    if (!report.empty() && !write_file(report, sh::report_set_json(set))) {
        std::fprintf(stderr, "sigma-heatmap board: cannot write %s\n", report.c_str());
        return 1;
    }
    if (!co.quiet)
        std::fprintf(stderr, "sigma-heatmap: board of %s (%zu scored technique/tactic pairs, ATT&CK %s) -> %s\n",
                     from_layer ? paths[0].c_str() : (std::to_string(in.rules.rules.size()) + " rules").c_str(),
                     scores.entries.size(), cat.attack_version.c_str(), output.c_str());
    return 0;
}

}  // namespace cli
