// cmd_layer.cpp — `sigma-heatmap layer`: rule files/folders -> ATT&CK Navigator layer JSON, and
// the reports that compare it with something: a previous layer (alert, diff layer), a baseline
// layer, targets; `--report` with KPIs, gaps, trend and latency as JSON; `--board-html` with the
// board document (as `sigma-heatmap board` writes it).
// Option names and meanings follow `sigma analyze attack` where they overlap.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <set>
#include <string>

#include "commands.hpp"
#include "core/layer.hpp"
#include "core/render/board_html.hpp"
#include "core/report.hpp"
#include "core/scoring.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

const char* kLayerHelp =
    "Usage: sigma-heatmap layer [options] PATH... -o OUT.json\n"
    "\n"
    "Builds an ATT&CK Navigator layer (format 4.5) from Sigma rules. PATH is a rule file, a\n"
    "folder (searched recursively for *.yml and *.yaml), or a CSV of rules with the columns\n"
    "title,attack_id,level,status.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        where to write the layer ('-' for stdout) [required]\n"
    "  --svg FILE, --png FILE   also draw the layer as an image (as `sigma-heatmap svg|png`,\n"
    "                           sub-techniques with scores opened)\n"
    "  --min-score N            gradient minimum (default 0)\n"
    "  --max-score N            gradient maximum (default: the highest score in the layer)\n"
    "  --min-color COLOR        gradient colour at the minimum (e.g. #ff6666)\n"
    "  --max-color COLOR        gradient colour at the maximum (e.g. #8ec843)\n"
    "  --name NAME              layer name (default coverage_<quarter>_<year>)\n"
    "  --description TEXT       layer description (default: generated)\n";

const char* kLayerReportHelp =
    "\n"
    "Compared with last week (alerts for CI):\n"
    "  --prev PREV.json         diff against a previous layer (any Navigator 4.x layer) and print\n"
    "                           the alert (on stderr when the layer itself goes to stdout)\n";

const char* kLayerTargetsHelp =
    "\n"
    "Baselines and targets:\n"
    "  --baseline LAYER.json    compare with a reference layer: techniques it covers that we do not,\n"
    "                           and where we are ahead (a parent counts as covered when any of its\n"
    "                           sub-techniques is)\n"
    "  --targets FILE           technique ids one per line, CSV technique[,min_score], or a layer\n"
    "                           whose scored techniques are the targets (e.g. a threat-actor layer)\n"
    "  --target-score N         score a target needs when the file gives none (default 1: covered)\n"
    "  --fail-on-gaps           exit 4 when a target is not met\n"
    "\n"
    "Reports:\n"
    "  --report FILE.json       KPIs, top gaps, board summary, and the diff/baseline/targets/latency/\n"
    "                           trend when asked for, as JSON (the same as the page's summary())\n"
    "  --alerts FILE.csv        SIEM alerts (rule, event_time, detection_time) for the median\n"
    "                           detection latency in --report\n"
    "  --history LAYER.json     an earlier layer for the trend in --report (repeatable; ordered by\n"
    "                           date metadata, else by name)\n"
    "  --board-html FILE        the board as one self-contained HTML document, as `sigma-heatmap board`\n"
    "                           writes it (KPIs, gaps, trend, alert, targets, baseline, heat-map)\n"
    "  --date TEXT              date under the board's title (default: today; '' for none)\n";

const char* kLayerExitHelp =
    "\n"
    "Exit status: 0 when a layer was written (even if some files had errors), 1 when none could\n"
    "be, 2 for usage errors, 3 when --fail-on-drop found a drop, 4 when --fail-on-gaps found a\n"
    "target not met (3 wins over 4).\n";

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap layer: %s\n(see sigma-heatmap layer --help)\n", msg.c_str());
    return 2;
}

// A previous/baseline/history layer as coverage; false (after saying why) when it is not a layer.
bool read_coverage(const std::string& path, const sh::Catalogue& cat, sh::Coverage& out, sh::Diagnostics& diags) {
    auto text = read_file(path, diags);
    return text && sh::coverage_from_layer_text(*text, path, &cat, out, diags);
}

// Targets: a layer or ids / CSV (sh::read_targets tells them apart).
bool read_targets(const std::string& path, const sh::Catalogue& cat, int min_score, std::vector<sh::Target>& out,
                  sh::Diagnostics& diags) {
    auto text = read_file(path, diags);
    return text && sh::read_targets(*text, path, cat, min_score, out, diags);
}

std::string id_list(const std::vector<sh::BaselineRow>& rows) {
    std::string s;
    for (const auto& r : rows) s += (s.empty() ? "" : ", ") + r.technique;
    return s;
}

}  // namespace

int cmd_layer(const Args& args) {
    CommonOptions co;
    AlertOptions ao;
    sh::LayerOptions lopt;
    std::vector<std::string> paths, history;
    std::string output, min_color, max_color, prev, baseline, targets, report, alerts_csv, svg_out, png_out, board_html;
    std::string date = today();
    int target_score = 1;
    bool fail_on_gaps = false;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) { return next_value(args, i, dst); };
        std::string v, error;
        const OptionResult common = parse_common_option(args, i, co, error);
        if (common == OptionResult::Error) return usage_error(error);
        if (common == OptionResult::Taken) continue;
        const OptionResult alert = parse_alert_option(args, i, ao, error);
        if (alert == OptionResult::Error) return usage_error(error);
        if (alert == OptionResult::Taken) continue;
        if (a == "-h" || a == "--help") {
            std::fputs(kLayerHelp, stdout);
            std::fputs(kCommonOptionsHelp, stdout);
            std::fputs(kLayerReportHelp, stdout);
            std::fputs(kAlertOptionsHelp, stdout);
            std::fputs(kLayerTargetsHelp, stdout);
            std::fputs(kGapOptionsHelp, stdout);
            std::fputs(kLayerExitHelp, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            if (!value(output)) return usage_error("-o needs a file name");
        } else if (a == "--min-score" || a == "--max-score") {
            int n = 0;
            if (!value(v) || !parse_int(v, n)) return usage_error(a + " needs a whole number");
            (a == "--min-score" ? lopt.min_score : lopt.max_score) = n;
        } else if (a == "--min-color") {
            if (!value(min_color)) return usage_error("--min-color needs a colour");
        } else if (a == "--max-color") {
            if (!value(max_color)) return usage_error("--max-color needs a colour");
        } else if (a == "--name") {
            if (!value(lopt.name)) return usage_error("--name needs a name");
        } else if (a == "--description") {
            if (!value(lopt.description)) return usage_error("--description needs a text");
        } else if (a == "--svg") {
            if (!value(svg_out) || svg_out.empty()) return usage_error("--svg needs a file name");
        } else if (a == "--png") {
            if (!value(png_out) || png_out.empty()) return usage_error("--png needs a file name");
        } else if (a == "--prev") {
            if (!value(prev) || prev.empty()) return usage_error("--prev needs a layer file");
        } else if (a == "--baseline") {
            if (!value(baseline) || baseline.empty()) return usage_error("--baseline needs a layer file");
        } else if (a == "--targets") {
            if (!value(targets) || targets.empty()) return usage_error("--targets needs a file");
        } else if (a == "--target-score") {
            if (!value(v) || !parse_int(v, target_score) || target_score < 1)
                return usage_error("--target-score needs a whole number >= 1");
        } else if (a == "--fail-on-gaps") {
            fail_on_gaps = true;
        } else if (a == "--report") {
            if (!value(report) || report.empty()) return usage_error("--report needs a file name");
        } else if (a == "--board-html") {
            if (!value(board_html) || board_html.empty()) return usage_error("--board-html needs a file name");
        } else if (a == "--date") {
            if (!value(date)) return usage_error("--date needs a text ('' for none)");
        } else if (a == "--alerts") {
            if (!value(alerts_csv) || alerts_csv.empty()) return usage_error("--alerts needs a CSV file");
        } else if (a == "--history") {
            if (!value(v) || v.empty()) return usage_error("--history needs a layer file");
            history.push_back(v);
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return usage_error("unknown option " + a);
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) return usage_error("no rule files or folders given");
    if (output.empty()) return usage_error("no output file given (-o OUT.json)");
    if (lopt.min_score && lopt.max_score && *lopt.max_score <= *lopt.min_score)
        return usage_error("--max-score must be greater than --min-score");
    if (fail_on_gaps && targets.empty()) return usage_error("--fail-on-gaps needs --targets");
    if (output == "-" && (!svg_out.empty() || !png_out.empty() || !board_html.empty()))
        return usage_error("--svg/--png/--board-html draw the written layer: give -o a file, not '-'");
    if (prev.empty() && (ao.fail_on_drop > 0 || !ao.diff_out.empty() || !ao.alert_out.empty()))
        return usage_error("--fail-on-drop, --diff-out and --alert-out need --prev");
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
        if (auto text = read_file(alerts_csv, diags)) alerts = sh::parse_alerts_csv(*text, alerts_csv, diags);
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
    for (const auto& [image_out, draw] : {std::pair{svg_out, &cmd_svg}, std::pair{png_out, &cmd_png}}) {
        if (image_out.empty()) continue;
        Args image_args = {output, "-o", image_out, "--expand", "annotated", "-q"};
        for (const auto& d : co.attack_data) image_args.insert(image_args.end(), {"--attack-data", d});
        if (!co.attack_version.empty()) image_args.insert(image_args.end(), {"--attack-version", co.attack_version});
        if (const int image_rc = draw(image_args)) return image_rc;
        std::fprintf(stderr, "sigma-heatmap: image -> %s\n", image_out.c_str());
    }

    // The layer as it was just written (its name is the default one when --name was not given).
    sh::Coverage current = sh::coverage_from_scores(in.scores, lopt.name.empty() ? sh::default_layer_name_today() : lopt.name);
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
            const sh::BoardReport board = sh::board_report(set, sh::board_heatmap(layer, cat, output), date);
            if (!write_file(board_html, sh::write_board_html(board, cat))) {
                std::fprintf(stderr, "sigma-heatmap layer: cannot write %s\n", board_html.c_str());
                return 1;
            }
            std::fprintf(stderr, "sigma-heatmap: board -> %s\n", board_html.c_str());
        }
    }
    return rc;
}

}  // namespace cli
