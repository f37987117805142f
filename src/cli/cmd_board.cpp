// cmd_board.cpp — `sigma-heatmap board RULES...|LAYER.json -o board.html`: the board as one
// self-contained HTML document (and, asked for, as a PNG/SVG picture) for a wiki, an email or a
// weekly CI job. Thin on purpose: the reports come from sh::compute_report_set (the same calls as
// `layer --report`), the document and the picture from core/render/board_html, byte for byte what
// the page shows and saves for the same inputs. Its option table takes the shared groups of
// `layer --report` (rule input, scoring, ATT&CK data, report, messages) and what it compares with.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/render/board_html.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "declare.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

bool is_json_path(const std::string& p) {
    return p.size() > 5 && (p.compare(p.size() - 5, 5, ".json") == 0 || p.compare(p.size() - 5, 5, ".JSON") == 0);
}

std::string base_name(const std::string& path) {
    const auto slash = path.find_last_of("/\\");
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Everything `board` is told: its own options and the shared groups.
struct BoardArgs {
    CommonOptions co;
    CompareOptions cmp;
    std::vector<std::string> paths;
    std::string output, png_out, svg_out, palette;
    std::optional<std::string> name;  // unset: the default name
    std::optional<int> min_score, max_score;
    int threshold = 50;
    float scale = 1;
};

int run_board(BoardArgs& args) {
    CommonOptions& co = args.co;
    const CompareOptions& c = args.cmp;
    const std::vector<std::string>& paths = args.paths;
    const std::string date = c.date.value_or(today());
    std::string name = args.name.value_or("");
    const bool name_given = args.name.has_value();
    if (args.min_score && args.max_score && *args.max_score <= *args.min_score) throw UsageError("--max-score must be greater than --min-score");
    const bool from_layer = paths.size() == 1 && is_json_path(paths[0]);
    if (from_layer && !c.alerts_csv.empty()) throw UsageError("--alerts needs the rules behind the scores, not a layer");

    // Rules (or, for a layer, only the catalogue, weights and frequency: no rule paths).
    Inputs in;
    if (const int rc = load_inputs("board", from_layer ? std::vector<std::string>{} : paths, co, in)) return rc;
    sh::Diagnostics& diags = in.diags;
    sh::ScoreResult scores;
    sh::Layer layer;
    if (from_layer) {
        auto text = read_file(paths[0], sh::InputKind::Layer, diags);
        if (!text || !sh::read_layer(*text, paths[0], layer, diags)) {
            print_diagnostics(diags, co.verbose, co.quiet);
            std::fprintf(stderr, "sigma-heatmap board: cannot read the layer %s; no board written\n", paths[0].c_str());
            return 1;
        }
        // The catalogue of the layer's ATT&CK version, as `svg`/`png` choose it.
        if (co.attack_data.empty())
            if (const sh::Catalogue* c = sh::embedded_catalogue(layer.attack_version)) in.cat = c;
        // --threat was resolved in the default catalogue: the same ids in the layer's.
        for (auto& t : in.threats) {
            const sh::Threat* same = in.cat->find_threat(t->id);
            if (!same) {
                std::fprintf(stderr, "sigma-heatmap board: --threat: %s is not in ATT&CK %s, the layer's version\n",
                             sh::threat_label(*t).c_str(), in.cat->attack_version.c_str());
                return 2;
            }
            t = same;
        }
        scores = sh::layer_to_scores(layer, *in.cat, paths[0]);
        diags.insert(diags.end(), scores.diagnostics.begin(), scores.diagnostics.end());
        // The KPIs and the heat-map on --platform's platforms, else on the layer's own filter's.
        if (co.platforms.empty()) co.platforms = sh::layer_platforms(layer, *in.cat, paths[0], &diags);
        else layer.platforms = co.platforms;
        if (std::string note = sh::kpi_threshold_note(layer, co.kpi_threshold, "give --kpi-threshold N"); !note.empty())
            diags.push_back({sh::Severity::Warning, paths[0], 0, 0, std::move(note)});
        if (name_given) layer.name = name;
        if (!args.palette.empty())
            layer.gradient_colors = args.palette == "colour-blind" ? sh::kPaletteColourBlind : sh::kPaletteRedYellowGreen;
        if (args.min_score) layer.gradient_min = *args.min_score;
        if (args.max_score) layer.gradient_max = *args.max_score;
        name = layer.name;
    } else {
        if (in.rules.rules.empty()) {
            print_diagnostics(diags, true, co.quiet);  // the informational ones too: they may say why
            std::fprintf(stderr, "sigma-heatmap board: no rules could be loaded from %zu file(s); no board written\n",
                         in.files.size());
            return 1;
        }
        scores = in.scores;
        if (!name_given) name = sh::default_layer_name_today();
        // The heat-map from the layer `layer` would write for these rules and options.
        sh::LayerOptions lopt;
        lopt.name = name;
        lopt.min_score = args.min_score;
        lopt.max_score = args.max_score;
        if (args.palette == "colour-blind") lopt.colors = sh::kPaletteColourBlind;
        if (!co.platforms.empty()) lopt.platforms = co.platforms;
        sh::Diagnostics ignored;
        if (!sh::read_layer(sh::write_layer(scores, in.rules.rules, *in.cat, co.score, lopt), args.output, layer, ignored)) {
            std::fprintf(stderr, "sigma-heatmap board: internal error: the layer could not be read back\n");
            return 1;
        }
    }
    const sh::Catalogue& cat = *in.cat;

    // What the board compares with: read before anything is written.
    Compared cmp;
    const bool inputs_ok = read_compared(c, cat, cmp, diags);
    print_diagnostics(diags, co.verbose, co.quiet);
    if (!inputs_ok) {
        std::fprintf(stderr, "sigma-heatmap board: a --prev/--baseline/--targets/--history/--alerts file cannot be "
                             "used; no board written\n");
        return 1;
    }

    sh::ReportInputs ri = report_inputs(co, in, c, cmp);
    ri.scores = &scores;
    ri.rules = from_layer ? nullptr : &in.rules.rules;
    ri.name = name;
    ri.diff.threshold = args.threshold;
    const sh::ReportSet set = sh::compute_report_set(ri, cat);
    print_diagnostics(set.diagnostics, co.verbose, co.quiet);
    if (report_threats("board", co, set.threats, cat)) return 1;

    const sh::BoardReport board = sh::board_report(set, sh::board_heatmap(layer, cat, from_layer ? paths[0] : args.output), date,
                                                   from_layer ? "the layer " + base_name(paths[0]) : std::string());
    if (!put_file("board", args.output, sh::write_board_html(board, cat))) return 1;
    if (!args.png_out.empty() || !args.svg_out.empty()) {
        const sh::MatrixImage picture = sh::build_board_image(board, cat);
        if (!args.svg_out.empty() && !put_file("board", args.svg_out, sh::write_svg(picture))) return 1;
        if (!args.png_out.empty()) {
            const std::string png = png_bytes("board", picture, args.scale, "PNG");
            if (png.empty() || !put_file("board", args.png_out, png)) return 1;
        }
    }
    if (!c.report.empty() && !put_file("board", c.report, sh::report_set_json(set))) return 1;
    if (!co.quiet)
        std::fprintf(stderr, "sigma-heatmap: board of %s (%s, ATT&CK %s) -> %s\n",
                     from_layer ? paths[0].c_str() : sh::plural(in.rules.rules.size(), "rule", "rules").c_str(),
                     sh::plural(scores.entries.size(), "scored technique/tactic pair", "scored technique/tactic pairs").c_str(),
                     cat.attack_version.c_str(), args.output.c_str());
    return 0;
}

}  // namespace

Run add_board(CLI::App& root) {
    auto a = std::make_shared<BoardArgs>();
    CLI::App* cmd = add_command(
        root, "board", "the board as one HTML document", "board [options] RULES...|LAYER.json -o BOARD.html",
        "Writes the coverage board as one self-contained HTML5 document: title, date and ATT&CK version, KPI tiles, "
        "coverage by tactic, the top gaps with every term of their priority, the trend, the alert since the previous "
        "layer, targets and baseline, and the heat-map (inline SVG; a cell's tooltip gives its id, name, score and "
        "tactic). No script and nothing loaded from elsewhere: it reads the same in a browser, a wiki page, an email "
        "or on paper (landscape). RULES are rule files, folders or .zip archives as for `layer`; a single .json "
        "argument is read as an ATT&CK Navigator layer (any producer) and the board leaves out what needs rules.",
        "Exit status: 0 when the board was written, 1 when the inputs could not be read or nothing could be written, "
        "2 for usage errors.");
    add_text(*cmd, "paths", a->paths, "rule files, folders, .zip archives, or one Navigator layer",
             "RULES...|LAYER.json")
        ->required();

    in_group(*cmd, group::kOutput);
    add_file(*cmd, "-o,--output", a->output, "where to write the HTML document ('-' for stdout)", "BOARD.html")->required();
    add_file(*cmd, "--png", a->png_out, "also the board as a PNG picture (what the page's \"Save as PNG\" saves)");
    add_file(*cmd, "--svg", a->svg_out, "also the board picture as SVG");
    number_in(cmd->add_option("--scale", a->scale, "PNG pixels per layout pixel, 0.25 .. 8 (2 for HiDPI)"), 0.25, 8);
    cmd->add_option_function<std::string>("--date", [a](const std::string& v) { a->cmp.date = v; },
                                          "date under the title and of the current rules' point in the trend (default: today, "
                                          "YYYY-MM-DD; other words or '': under the title only, or none)")
        ->type_name("TEXT");
    cmd->add_option_function<std::string>("--name", [a](const std::string& v) { a->name = v; },
                                           "the layer's name in the title (rules: default coverage_<quarter>_<year>; "
                                           "a layer: its own name)")
        ->type_name("NAME");
    add_palette(*cmd, {"default", "colour-blind"}, a->palette,
               "heat-map colours: red-yellow-green, or blue-yellow-black (colour-blind safe; color-blind is the "
               "same); a layer keeps its own unless this is given");
    add_number(*cmd, "--min-score", [a](int n) { a->min_score = n; }, "the heat-map's score range, low end (default 0)");
    add_number(*cmd, "--max-score", [a](int n) { a->max_score = n; },
               "the heat-map's score range, high end (default: the highest score)");
    add_file(*cmd, "--report", a->cmp.report, "also the report JSON, exactly as `layer --report` writes it", "FILE.json");

    add_rule_options(*cmd, a->co);

    add_compare_options(*cmd, a->cmp, kComparePrev | kCompareHistory);  // what the board compares with, as `layer` takes it
    cmd->get_option("--prev")->description("the previous layer (any Navigator 4.x layer): the alert on top of the board");
    add_number(*cmd, "--threshold", a->threshold,
               "alert threshold: a technique whose best score fell from N or more to below N is a new gap", 1);
    add_threat_options(*cmd, a->co);
    add_report_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    return [a] { return run_board(*a); };
}

}  // namespace cli
