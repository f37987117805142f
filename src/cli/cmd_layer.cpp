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

// A previous/baseline/history layer as coverage; false (after saying why) when it is not a layer.
bool read_coverage(const std::string& path, const sh::Catalogue& cat, sh::Coverage& out, sh::Diagnostics& diags) {
    auto text = read_file(path, sh::InputKind::Layer, diags);
    return text && sh::coverage_from_layer_text(*text, path, &cat, out, diags);
}

// Targets: a layer or ids / CSV (sh::read_targets tells them apart).
bool read_targets(const std::string& path, const sh::Catalogue& cat, int min_score, std::vector<sh::Target>& out,
                  sh::Diagnostics& diags) {
    auto text = read_file(path, sh::InputKind::Layer, diags);  // a layer or a CSV: read_targets checks the CSV's limit
    return text && sh::read_targets(*text, path, cat, min_score, out, diags);
}

std::string id_list(const std::vector<sh::BaselineRow>& rows) {
    std::string s;
    for (const auto& r : rows) s += (s.empty() ? "" : ", ") + r.technique;
    return s;
}

// Everything `layer` is told: its own options and the shared groups.
struct LayerArgs {
    CommonOptions co;
    AlertOptions ao;
    sh::LayerOptions lopt;
    std::vector<std::string> paths, history;
    std::string output, min_color, max_color, prev, baseline, targets, report, alerts_csv, svg_out, png_out, board_html;
    std::optional<std::string> date;  // unset: today
    int target_score = 1;
    bool fail_on_gaps = false;
};

int run_layer(LayerArgs& args);

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
    in_group(*cmd, group::kArguments);
    all_remaining(add_text(*cmd, "paths", a->paths, "rule files, folders, .zip archives or seed CSVs", "PATH..."))->required();

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

    add_rule_input_options(*cmd, a->co);
    add_scoring_options(*cmd, a->co);
    add_attack_data_options(*cmd, a->co.attack_data, a->co.attack_version, a->co.domain);

    in_group(*cmd, group::kCompare);  // compared with something, and the report
    CLI::Option* prev = add_file(*cmd, "--prev", a->prev,
                                 "diff against a previous layer (any Navigator 4.x layer) and print the alert (on "
                                 "stderr when the layer itself goes to stdout)",
                                 "PREV.json");
    add_file(*cmd, "--baseline", a->baseline,
             "compare with a reference layer: techniques it covers that we do not, and where we are ahead (a parent "
             "counts as covered when any of its sub-techniques is)",
             "LAYER.json");
    CLI::Option* targets = add_file(*cmd, "--targets", a->targets,
                                    "technique ids one per line, CSV technique[,min_score], or a layer whose scored "
                                    "techniques are the targets (e.g. a threat-actor layer)");
    add_number(*cmd, "--target-score", a->target_score, "score a target needs when the file gives none (1: covered)", 1);
    cmd->add_flag("--fail-on-gaps", a->fail_on_gaps, "exit 4 when a target is not met")->needs(targets);
    add_file(*cmd, "--report", a->report,
             "KPIs, top gaps, board summary, and the diff/baseline/targets/latency/trend when asked for, as JSON (the "
             "same as the page's summary())",
             "FILE.json");
    add_file(*cmd, "--alerts", a->alerts_csv,
             "SIEM alerts (rule, event_time, detection_time) for the median detection latency in --report", "FILE.csv");
    add_file(*cmd, "--history", a->history,
             "an earlier layer for the trend in --report (ordered by date metadata, else by name)", "LAYER.json");
    CLI::Option* board_html = add_file(*cmd, "--board-html", a->board_html,
                                       "the board as one self-contained HTML document, as `sigma-heatmap board` "
                                       "writes it (KPIs, gaps, trend, alert, targets, baseline, heat-map)",
                                       "FILE.html");
    cmd->add_option_function<std::string>("--date", [a](const std::string& v) { a->date = v; },
                                          "date under the board's title (default: today, YYYY-MM-DD; '' for none)")
        ->type_name("TEXT")
        ->needs(board_html);

    add_alert_options(*cmd, a->ao);
    for (const char* alert_only : {"--fail-on-drop", "--diff-out", "--alert-out"}) cmd->get_option(alert_only)->needs(prev);
    add_threat_options(*cmd, a->co);
    add_report_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    add_general_options(*cmd);
    return [a] { return run_layer(*a); };
}

namespace {

int run_layer(LayerArgs& args) {
    CommonOptions& co = args.co;
    AlertOptions& ao = args.ao;
    sh::LayerOptions& lopt = args.lopt;
    const std::vector<std::string>&paths = args.paths, &history = args.history;
    const std::string &output = args.output, &min_color = args.min_color, &max_color = args.max_color,
                      &prev = args.prev, &baseline = args.baseline, &targets = args.targets, &report = args.report,
                      &alerts_csv = args.alerts_csv, &svg_out = args.svg_out, &png_out = args.png_out,
                      &board_html = args.board_html;
    const int target_score = args.target_score;
    const bool fail_on_gaps = args.fail_on_gaps;
    if (lopt.min_score && lopt.max_score && *lopt.max_score <= *lopt.min_score)
        throw UsageError("--max-score must be greater than --min-score");
    if (output == "-" && (!svg_out.empty() || !png_out.empty() || !board_html.empty()))
        throw UsageError("--svg/--png/--board-html draw the written layer: give -o a file, not '-'");
    if (!min_color.empty() || !max_color.empty()) {
        lopt.colors = {min_color.empty() ? sh::kPaletteRedYellowGreen.front() : min_color,
                       max_color.empty() ? sh::kPaletteRedYellowGreen.back() : max_color};
    }
    if (!co.platforms.empty()) lopt.platforms = co.platforms;
    if (co.score.profile == sh::ScoreProfile::Quality && lopt.description.empty())
        lopt.description = "Sigma rule coverage by sigma-heatmap, score = best rule quality per technique "
                           "(round(scale x precision^a x (1 - false-positive rate)^b) from rule test results).";

    Inputs in;
    if (const int rc = load_inputs("layer", paths, co, in)) return rc;
    const sh::Catalogue& cat = *in.cat;
    sh::Diagnostics& diags = in.diags;

    // Layers and files to compare with: read before anything is written, so a bad one is a clean failure.
    sh::Coverage prev_cov, baseline_cov;
    std::vector<sh::Coverage> history_cov;
    std::vector<sh::Target> target_list;
    bool inputs_ok = true;
    if (!prev.empty()) inputs_ok = read_coverage(prev, cat, prev_cov, diags) && inputs_ok;
    if (!baseline.empty()) inputs_ok = read_coverage(baseline, cat, baseline_cov, diags) && inputs_ok;
    if (!targets.empty()) inputs_ok = read_targets(targets, cat, target_score, target_list, diags) && inputs_ok;
    for (const auto& h : history) {
        history_cov.emplace_back();
        inputs_ok = read_coverage(h, cat, history_cov.back(), diags) && inputs_ok;
    }
    std::vector<sh::AlertRecord> alerts;
    if (!alerts_csv.empty()) {
        if (auto text = read_file(alerts_csv, sh::InputKind::ReportCsv, diags)) alerts = sh::parse_alerts_csv(*text, alerts_csv, diags);
        else inputs_ok = false;
    }

    print_input_diagnostics(co, diags);

    std::set<std::string> files_with_errors;
    int warnings = 0;
    for (const auto& d : diags) {
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
    if (!write_file(output, json)) {
        std::fprintf(stderr, "sigma-heatmap layer: cannot write %s\n", output.c_str());
        return 1;
    }
    std::set<std::string> techniques, subs;
    for (const auto& e : in.scores.entries)
        (e.technique.find('.') == std::string::npos ? techniques : subs).insert(e.technique);
    std::fprintf(stderr,
                 "sigma-heatmap: %zu rules loaded from %zu files (%zu with errors, %d warnings); %zu techniques and "
                 "%zu sub-techniques covered (ATT&CK %s, score %s) -> %s\n",
                 in.rules.rules.size(), in.files.size(), files_with_errors.size(), warnings, techniques.size(),
                 subs.size(), cat.attack_version.c_str(), sh::profile_name(co.score.profile), output.c_str());

    // Images of the layer just written, through exactly the pipeline of `sigma-heatmap svg|png`, with
    // the sub-techniques that have scores opened.
    for (const auto& [image_out, png] : {std::pair{svg_out, false}, std::pair{png_out, true}}) {
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
    if (!prev.empty()) {
        diff = sh::diff_coverage(prev_cov, current, &cat, sh::DiffOptions{ao.threshold});
        rc = emit_alert("layer", *diff, cat, ao, output == "-");
        if (rc == 1) return 1;
    }
    std::optional<sh::BaselineComparison> base;
    if (!baseline.empty()) {
        sh::Diagnostics bd;
        base = sh::compare_baseline(current, baseline_cov, cat, &bd);
        if (!co.quiet) print_diagnostics(bd, co.verbose);
        std::fprintf(stderr, "baseline %s: %zu covered there but not here%s%s; %zu covered here but not there; %d both\n",
                     base->reference_name.c_str(), base->missing.size(), base->missing.empty() ? "" : ": ",
                     id_list(base->missing).c_str(), base->ahead.size(), base->both);
    }
    std::optional<sh::TargetReport> tgt;
    if (!targets.empty()) {
        tgt = sh::check_targets(current, target_list, cat);
        std::fprintf(stderr, "targets: %d of %zu met", tgt->met, tgt->rows.size());
        std::string missing;
        for (const auto& r : tgt->rows)
            if (!r.met)
                missing += (missing.empty() ? "" : ", ") + r.technique + " (" + std::to_string(r.score) + " < " +
                           std::to_string(r.min_score) + ")";
        std::fprintf(stderr, "%s%s\n", missing.empty() ? "" : "; not met: ", missing.c_str());
        if (fail_on_gaps && tgt->not_met > 0 && rc == 0) {
            std::fprintf(stderr, "sigma-heatmap layer: %d target%s not met (--fail-on-gaps): exit %d\n", tgt->not_met,
                         tgt->not_met == 1 ? "" : "s", kExitTargetsMet);
            rc = kExitTargetsMet;
        }
    }
    if (!report.empty() || !board_html.empty()) {
        // KPIs, gaps, trend, latency and the board as `board` computes them; the diff, baseline and
        // targets as computed (and reported) above.
        sh::ReportInputs ri;
        ri.scores = &in.scores;
        ri.rules = &in.rules.rules;
        ri.name = current.name;
        ri.kpi.threshold = co.kpi_threshold;
        ri.kpi.platforms = co.platforms;
        ri.top = co.top;
        ri.gap_subtechniques = co.gap_subtechniques;
        ri.weights = in.weights;
        ri.frequency = in.have_frequency ? &in.frequency : nullptr;
        ri.history = std::move(history_cov);
        ri.alerts = alerts_csv.empty() ? nullptr : &alerts;
        ri.alerts_file = alerts_csv;
        ri.threats = in.threats;
        sh::ReportSet set = sh::compute_report_set(ri, cat);
        print_input_diagnostics(co, set.diagnostics);
        set.diff = diff;
        set.baseline = base;
        set.targets = tgt;
        if (!report.empty() && !write_file(report, sh::report_set_json(set))) {
            std::fprintf(stderr, "sigma-heatmap layer: cannot write %s\n", report.c_str());
            return 1;
        }
        if (!board_html.empty()) {
            // The heat-map from the layer just written, read back as `board LAYER.json` reads it.
            sh::Layer layer;
            sh::Diagnostics ignored;
            if (!sh::read_layer(json, output, layer, ignored)) {
                std::fprintf(stderr, "sigma-heatmap layer: internal error: the layer could not be read back\n");
                return 1;
            }
            const sh::BoardReport board = sh::board_report(set, sh::board_heatmap(layer, cat, output),
                                                           args.date.value_or(today()));
            if (!write_file(board_html, sh::write_board_html(board, cat))) {
                std::fprintf(stderr, "sigma-heatmap layer: cannot write %s\n", board_html.c_str());
                return 1;
            }
            std::fprintf(stderr, "sigma-heatmap: board -> %s\n", board_html.c_str());
        }
    }
    return rc;
}

}  // namespace

}  // namespace cli
