// cmd_layer.cpp — `sigma-heatmap layer`: rule files/folders -> ATT&CK Navigator layer JSON, and
// the reports that compare it with something: a previous layer (alert, diff layer), a baseline
// layer, targets; `--threat` (how well a group's techniques are covered); `--report` with KPIs, gaps,
// trend, latency and threats as JSON; `--board-html` with the board document (as `sigma-heatmap
// board` writes it).
// Option names and meanings follow `sigma analyze attack` where they overlap.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>

#include "commands.hpp"
#include "core/layer.hpp"
#include "core/render/board_html.hpp"
#include "core/report.hpp"
#include "core/scoring.hpp"
#include "io.hpp"
#include "declare.hpp"
#include "options.hpp"

namespace cli {

namespace {

// Everything `layer` is told: its own options and the shared groups.
struct LayerArgs {
    CommonOptions co;
    AlertOptions ao;
    CompareOptions cmp;
    sh::LayerOptions lopt;
    std::vector<std::string> paths;
    std::string output, min_color, max_color, svg_out, png_out;
};

int run_layer(LayerArgs& args) {
    CommonOptions& co = args.co;
    const CompareOptions& c = args.cmp;
    sh::LayerOptions& lopt = args.lopt;
    const std::string& output = args.output;
    if (lopt.min_score && lopt.max_score && *lopt.max_score <= *lopt.min_score)
        throw UsageError("--max-score must be greater than --min-score");
    if (output == "-" && (!args.svg_out.empty() || !args.png_out.empty() || !c.board_html.empty()))
        throw UsageError("--svg/--png/--board-html draw the written layer: give -o a file, not '-'");
    if (c.date && c.report.empty() && c.board_html.empty())
        throw UsageError("--date requires --report or --board-html (it dates their trend's current point and the board)");
    if (!args.min_color.empty() || !args.max_color.empty()) {
        lopt.colors = {args.min_color.empty() ? sh::kPaletteRedYellowGreen.front() : args.min_color,
                       args.max_color.empty() ? sh::kPaletteRedYellowGreen.back() : args.max_color};
    }
    if (co.score.profile == sh::ScoreProfile::Quality && lopt.description.empty())
        lopt.description = "Sigma rule coverage by sigma-heatmap, score = best rule quality per technique "
                           "(round(scale x precision^a x (1 - false-positive rate)^b) from rule test results).";

    Inputs in;
    if (const int rc = load_inputs("layer", args.paths, co, in)) return rc;
    if (!co.platforms.empty()) lopt.platforms = co.platforms;  // as the catalogue spells them
    const sh::Catalogue& cat = *in.cat;
    // Layers and files to compare with: read before anything is written, so a bad one is a clean failure.
    Compared cmp;
    const bool inputs_ok = read_compared(c, cat, cmp, in.diags);
    print_input_diagnostics(in, co);

    std::set<std::string> files_with_errors;
    int warnings = 0;
    for (const auto& d : in.diags) {
        if (d.severity == sh::Severity::Error) files_with_errors.insert(d.file);
        warnings += d.severity == sh::Severity::Warning;
    }
    if (in.rules.rules.empty()) {
        std::fprintf(stderr, "sigma-heatmap layer: no rules could be loaded from %zu file(s); no layer written\n",
                     in.files.size());
        return 1;
    }
    if (!inputs_ok) {
        std::fprintf(stderr, "sigma-heatmap layer: a --prev/--baseline/--targets/--history/--alerts file cannot be "
                             "used; no layer written\n");
        return 1;
    }

    const std::string json = sh::write_layer(in.scores, in.rules.rules, cat, co.score, lopt);
    if (!put_file("layer", output, json)) return 1;
    // Counts as words ("1 rule", "2 rules"): scripts that read this line match the number and the word.
    const auto n = sh::plural;
    const std::string covered =
        sh::covered_words(in.scores, cat, lopt.platforms, std::string(", score ") + sh::profile_name(co.score.profile));
    std::fprintf(stderr, "sigma-heatmap: %s loaded from %s (%zu with errors, %s); %s -> %s\n",
                 n(in.rules.rules.size(), "rule", "rules").c_str(), n(in.files.size(), "file", "files").c_str(),
                 files_with_errors.size(), n(static_cast<std::size_t>(warnings), "warning", "warnings").c_str(),
                 covered.c_str(), output.c_str());

    // Images of the layer just written, through exactly the pipeline of `sigma-heatmap svg|png`, with
    // the sub-techniques that have scores opened.
    for (const auto& [image_out, png] : {std::pair{args.svg_out, false}, std::pair{args.png_out, true}}) {
        if (image_out.empty()) continue;
        ImageArgs image;
        image.png = png;
        image.input = output;
        image.output = image_out;
        image.expand = "annotated";
        image.quiet = true;
        image.attack_data = co.attack_data;
        image.attack_version = co.attack_version;
        if (const int image_rc = run_image(image)) return image_rc;
        std::fprintf(stderr, "sigma-heatmap: image -> %s\n", image_out.c_str());
    }

    // The layer as it was just written (its name is the default one when --name was not given).
    sh::Coverage current = sh::coverage_from_scores(in.scores, lopt.name.empty() ? sh::default_layer_name_today() : lopt.name);
    const sh::ThreatCoverage threats = threat_coverage(co, in, current);
    if (report_threats("layer", co, threats, cat)) return 1;
    int rc = 0;
    std::optional<sh::LayerDiff> diff;
    if (!c.prev.empty()) {
        diff = sh::diff_coverage(cmp.prev, current, &cat, sh::DiffOptions{args.ao.threshold, co.platforms});
        rc = emit_alert("layer", *diff, cat, args.ao, output == "-");
        if (rc == 1) return 1;
    }
    std::optional<sh::BaselineComparison> base;
    if (!c.baseline.empty()) {
        sh::Diagnostics bd;
        base = sh::compare_baseline(current, cmp.baseline, cat, &bd);
        if (!co.quiet) print_diagnostics(bd, co.verbose);
        print_baseline(*base);
    }
    std::optional<sh::TargetReport> tgt;
    if (!c.targets.empty()) {
        tgt = sh::check_targets(current, cmp.targets, cat);
        print_targets(*tgt, "");
        if (c.fail_on_gaps && tgt->not_met > 0 && rc == 0) {
            std::fprintf(stderr, "sigma-heatmap layer: %d target%s not met (--fail-on-gaps): exit %d\n", tgt->not_met,
                         tgt->not_met == 1 ? "" : "s", kExitTargetsMet);
            rc = kExitTargetsMet;
        }
    }
    if (c.report.empty() && c.board_html.empty()) return rc;
    // KPIs, gaps, trend, latency and the board as `board` computes them; the diff, baseline and
    // targets as computed (and reported) above.
    sh::ReportInputs ri = report_inputs(co, in, c, cmp);
    ri.scores = &in.scores;
    ri.rules = &in.rules.rules;
    ri.name = current.name;
    ri.previous = ri.baseline = nullptr;
    ri.targets = nullptr;
    sh::ReportSet set = sh::compute_report_set(ri, cat);
    print_diagnostics(set.diagnostics, co.verbose, co.quiet);
    set.diff = diff;
    set.baseline = base;
    set.targets = tgt;
    if (!c.report.empty() && !put_file("layer", c.report, sh::report_set_json(set))) return 1;
    if (!c.board_html.empty()) {
        // The heat-map from the layer just written, read back as `board LAYER.json` reads it.
        sh::Layer layer;
        sh::Diagnostics ignored;
        if (!sh::read_layer(json, output, layer, ignored)) {
            std::fprintf(stderr, "sigma-heatmap layer: internal error: the layer could not be read back\n");
            return 1;
        }
        const sh::BoardReport board = sh::board_report(set, sh::board_heatmap(layer, cat, output), c.date.value_or(today()));
        if (!put_file("layer", c.board_html, sh::write_board_html(board, cat))) return 1;
        std::fprintf(stderr, "sigma-heatmap: board -> %s\n", c.board_html.c_str());
    }
    return rc;
}

}  // namespace

Run add_layer(CLI::App& root) {
    auto a = std::make_shared<LayerArgs>();
    CLI::App* cmd = add_command(
        root, "layer", "Navigator layer from rule files, folders, .zip archives", "layer [options] PATH... -o OUT.json",
        "Builds an ATT&CK Navigator layer (format 4.5) from Sigma rules. PATH is a rule file, a folder (searched "
        "recursively for *.yml and *.yaml), a .zip of rules (its *.yml, *.yaml and *.csv entries), or a CSV of rules "
        "with the columns title,attack_id,level,status. Option names and meanings follow `sigma analyze attack` where "
        "they overlap.",
        "Exit status: 0 when a layer was written (even if some files had errors), 1 when none could be, 2 for usage "
        "errors, 3 when --fail-on-drop found a drop, 4 when --fail-on-gaps found a target not met (3 wins over 4).");
    add_text(*cmd, "paths", a->paths, "rule files, folders, .zip archives or seed CSVs", "PATH...")->required();

    in_group(*cmd, group::kOutput);  // the layer and what it looks like
    add_file(*cmd, "-o,--output", a->output, "where to write the layer ('-' for stdout)")->required();
    add_file(*cmd, "--svg", a->svg_out, "also draw the layer as SVG (as `sigma-heatmap svg`, sub-techniques with scores opened)");
    add_file(*cmd, "--png", a->png_out, "also draw the layer as PNG (as `sigma-heatmap png`)");
    add_number(*cmd, "--min-score", [a](int n) { a->lopt.min_score = n; }, "gradient minimum (default 0)");
    add_number(*cmd, "--max-score", [a](int n) { a->lopt.max_score = n; },
               "gradient maximum (default: the highest score in the layer)");
    add_text(*cmd, "--min-color", a->min_color, "gradient colour at the minimum (e.g. #ff6666)", "COLOR");
    add_text(*cmd, "--max-color", a->max_color, "gradient colour at the maximum (e.g. #8ec843)", "COLOR");
    add_text(*cmd, "--name", a->lopt.name, "layer name (default coverage_<quarter>_<year>)", "NAME");
    add_text(*cmd, "--description", a->lopt.description, "layer description (default: generated)");

    add_rule_options(*cmd, a->co);

    add_compare_options(*cmd, a->cmp, kComparePrev | kCompareFailOnGaps | kCompareReport | kCompareHistory);
    add_alert_options(*cmd, a->ao);
    for (const char* alert_only : {"--fail-on-drop", "--diff-out", "--alert-out"}) cmd->get_option(alert_only)->needs(cmd->get_option("--prev"));
    add_threat_options(*cmd, a->co);
    add_report_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    return [a] { return run_layer(*a); };
}

}  // namespace cli
