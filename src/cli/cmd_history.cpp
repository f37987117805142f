// cmd_history.cpp — `sigma-heatmap history`: coverage over a rule repository's git history. At each
// point (the end of every week, month or quarter) the tree of the last first-parent commit is scored
// as `layer` scores a folder, with every option `layer` takes; the outputs are the trend (JSON/CSV),
// one Navigator layer per point, the alerts between consecutive points with blame, the trend chart
// (SVG/PNG), an animated GIF of the heat-map, and the newest point's report. The replay itself is
// src/history (libgit2); this file turns options into ReplayOptions and results into files.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fnmatch.h>
#include <memory>
#include <optional>
#include <string>

#include "commands.hpp"
#include "core/history_report.hpp"
#include "core/layer.hpp"
#include "core/render/board_html.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "core/render/trend_image.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "declare.hpp"
#include "history/animation.hpp"
#include "history/replay.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

const char* const kReplayGroup = "Replay";

// Everything `history` is told: its own options and the groups it shares with `layer`.
struct HistoryArgs {
    CommonOptions co;
    AlertOptions ao;
    sh::LayerOptions lopt;
    std::string repository, path, ref = "HEAD", every = "week", since, until;
    bool no_blame = false;
    std::vector<std::string> trend;
    std::string layers_dir, diffs, svg_out, png_out, gif_out, min_color, max_color;
    CompareOptions cmp;  // the newest point's, no --prev and --history: the history itself
    std::string gif_layout = "mini";
    int gif_delay = 50;
    float scale = 1;
    bool chart_tactics = false;
    bool alert_format_given = false;
};

bool ends_with_csv(const std::string& path) {
    return path.size() >= 4 && (path.compare(path.size() - 4, 4, ".csv") == 0 || path.compare(path.size() - 4, 4, ".CSV") == 0);
}

// Prints the replay's diagnostics: all of them with -v; else the newest 100 (errors, then
// warnings unless -q), in order, after a count of the earlier ones: a long history has many file
// versions with something to say, and the newest are the ones still worth fixing.
void print_replay_diagnostics(const CommonOptions& co, const sh::Diagnostics& diags) {
    if (co.verbose) {
        print_diagnostics(diags, true);
        return;
    }
    constexpr std::size_t kShown = 100;
    sh::Diagnostics wanted;
    for (const auto& d : diags)
        if (d.severity == sh::Severity::Error || (d.severity == sh::Severity::Warning && !co.quiet)) wanted.push_back(d);
    const std::size_t earlier = wanted.size() > kShown ? wanted.size() - kShown : 0;
    if (earlier)
        std::fprintf(stderr, "sigma-heatmap history: %zu earlier message%s not shown (-v shows them all); the newest %zu:\n",
                     earlier, earlier == 1 ? "" : "s", kShown);
    print_diagnostics(sh::Diagnostics(wanted.begin() + static_cast<std::ptrdiff_t>(earlier), wanted.end()), false);
}

std::string pct(double v) { return sh::fixed_decimals(v, 1) + "%"; }

int run_history(HistoryArgs& args, const CLI::App& cmd) {
    CommonOptions& co = args.co;
    const AlertOptions& ao = args.ao;
    const CompareOptions& c = args.cmp;
    sh::LayerOptions& lopt = args.lopt;
    if (lopt.min_score && lopt.max_score && *lopt.max_score <= *lopt.min_score)
        throw UsageError("--max-score must be greater than --min-score");
    if (!args.since.empty() && !sh::history::parse_day(args.since))
        throw UsageError("--since takes a date as YYYY-MM-DD, not '" + args.since + "'");
    if (!args.until.empty() && !sh::history::parse_day(args.until))
        throw UsageError("--until takes a date as YYYY-MM-DD, not '" + args.until + "'");
    int to_stdout = 0;
    for (const auto& t : args.trend) to_stdout += t == "-";
    to_stdout += args.diffs == "-";
    if (args.svg_out == "-" || args.png_out == "-" || args.gif_out == "-" || c.report == "-")
        ++to_stdout;
    if (to_stdout > 1) throw UsageError("only one output can go to stdout ('-')");
    const bool alert_wanted = !ao.alert_out.empty() || cmd.count("--alert-format") > 0;
    if (alert_wanted && ao.alert_out.empty()) ++to_stdout;
    if (to_stdout > 1) throw UsageError("the alert goes to stdout: give --alert-out a file, or no other output '-'");
    const bool any_output = !args.trend.empty() || !args.layers_dir.empty() || !args.diffs.empty() ||
                            !args.svg_out.empty() || !args.png_out.empty() || !args.gif_out.empty() ||
                            !c.report.empty() || alert_wanted || !ao.diff_out.empty() || ao.fail_on_drop > 0 ||
                            !c.baseline.empty() || !c.targets.empty() || !c.board_html.empty();
    if (!any_output) args.trend.push_back("-");
    if (!args.min_color.empty() || !args.max_color.empty())
        lopt.colors = {args.min_color.empty() ? sh::kPaletteRedYellowGreen.front() : args.min_color,
                       args.max_color.empty() ? sh::kPaletteRedYellowGreen.back() : args.max_color};

    // The catalogue and the report inputs, as `layer` loads them (no rule paths: the rules come from git).
    Inputs in;
    if (const int rc = load_inputs("history", {}, co, in)) return rc;
    if (!co.platforms.empty()) lopt.platforms = co.platforms;  // as the catalogue spells them
    const sh::Catalogue& cat = *in.cat;
    // The files the newest point is compared with: read before the replay, so a bad one fails fast.
    Compared cmp;
    const bool inputs_ok = read_compared(c, cat, cmp, in.diags);
    print_diagnostics(in.diags, co.verbose, co.quiet);
    if (!inputs_ok) {
        std::fprintf(stderr, "sigma-heatmap history: a --baseline/--targets/--alerts file cannot be used; nothing replayed\n");
        return 1;
    }

    if (!args.layers_dir.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(args.layers_dir, ec);
        if (ec || !std::filesystem::is_directory(args.layers_dir)) {
            std::fprintf(stderr, "sigma-heatmap history: cannot create the folder %s\n", args.layers_dir.c_str());
            return 1;
        }
    }

    sh::history::ReplayOptions ro;
    ro.ref = args.ref;
    ro.path = args.path;
    ro.every = *sh::history::parse_every(args.every);
    ro.since = args.since;
    ro.until = args.until;
    const std::vector<std::string> patterns = co.patterns;
    // As `layer` picks files from a folder: by file name, any of the patterns, any case.
    ro.is_rule_file = [patterns](std::string_view name) {
        const std::string n(name.substr(name.rfind('/') + 1));
        if (patterns.empty()) return sh::is_rule_file_name(n);  // no --file-pattern: *.yml / *.yaml, any case
        for (const auto& p : patterns)
            if (fnmatch(p.c_str(), n.c_str(), FNM_CASEFOLD) == 0) return true;
        return false;
    };
    ro.catalogue = &cat;
    ro.score = co.score;
    ro.kpi.threshold = co.kpi_threshold;
    ro.kpi.platforms = co.platforms;
    ro.alert_threshold = ao.threshold;
    ro.blame = !args.no_blame;
    ro.jobs = co.jobs;

    std::unique_ptr<sh::history::HistoryAnimation> animation;
    if (!args.gif_out.empty()) {
        sh::history::AnimationOptions an;
        an.layout = args.gif_layout == "side" ? sh::MatrixLayout::Side : sh::MatrixLayout::Mini;
        an.scale = args.scale;
        an.delay_cs = args.gif_delay;
        an.colours = lopt.colors;
        an.min_score = lopt.min_score;
        an.max_score = lopt.max_score;
        an.profile = co.score.profile;
        an.platforms = co.platforms;
        an.jobs = co.jobs;
        animation = std::make_unique<sh::history::HistoryAnimation>(an);
    }
    bool write_failed = false;
    std::size_t layers_written = 0;
    std::vector<sh::Rule> newest_rules;
    sh::ScoreResult newest_scores;
    const bool want_newest =
        !c.report.empty() || !c.baseline.empty() || !c.targets.empty() || !c.board_html.empty();
    const bool want_rules = !args.layers_dir.empty() || animation || want_newest;
    auto on_point = [&](std::size_t index, std::size_t count, const sh::HistoryPoint& point,
                        const sh::history::PointRules& rules) {
        if (!want_rules || write_failed) return;
        std::vector<sh::Rule> rs;
        sh::ScoreResult scores;
        rules.materialise(rs, scores);
        if (!args.layers_dir.empty()) {
            sh::LayerOptions lo = lopt;
            lo.name = point.name;
            const std::string file = (std::filesystem::path(args.layers_dir) / (point.name + ".json")).string();
            if (!put_file("history", file, sh::write_layer(scores, rs, cat, co.score, lo))) {
                write_failed = true;
                return;
            }
            ++layers_written;
        }
        if (animation) animation->add(point, scores);
        if (index + 1 == count && want_newest) {
            newest_rules = std::move(rs);
            newest_scores = std::move(scores);
        }
    };
    const sh::history::ReplayResult res = sh::history::replay(args.repository, ro, on_point);
    if (!res.ok) {
        std::fprintf(stderr, "sigma-heatmap history: %s\n", res.error.c_str());
        return 1;
    }
    print_replay_diagnostics(co, res.diagnostics);
    if (write_failed) return 1;
    const sh::HistoryReport& h = res.report;
    const auto& st = res.stats;

    // ---- outputs ----
    bool ok = true;
    for (const auto& t : args.trend)
        ok = put_file("history", t, t == "-" || ends_with_csv(t) ? sh::history_to_csv(h) : sh::history_to_json(h)) && ok;
    if (!args.diffs.empty()) ok = put_file("history", args.diffs, sh::history_alerts_text(h)) && ok;

    const sh::Trend trend = sh::history_trend(h);
    if (!args.svg_out.empty() || !args.png_out.empty()) {
        sh::TrendImageOptions to;
        std::string repo = std::filesystem::path(args.repository).lexically_normal().filename().string();
        if (repo.empty() || repo == "." || repo == ".git")
            repo = std::filesystem::absolute(args.repository).lexically_normal().parent_path().filename().string();
        to.title = "ATT&CK coverage over time";
        to.subtitle = (args.path.empty() ? "" : args.path + " in ") + repo + " \u00b7 " + args.ref + " \u00b7 every " +
                      h.every + ", " + h.since + " to " + h.until + " \u00b7 score " + h.score + " \u00b7 MITRE ATT&CK\u00ae v" +
                      h.attack_version + (h.platforms.empty() ? "" : " \u00b7" + sh::on_platform_words(h.platforms));
        to.tactic_lines = args.chart_tactics;
        const sh::MatrixImage chart = sh::build_trend_image(trend, to);
        if (!args.svg_out.empty()) ok = put_file("history", args.svg_out, sh::write_svg(chart)) && ok;
        if (!args.png_out.empty()) {
            const std::string png = png_bytes("history", chart, args.scale, "chart");
            ok = !png.empty() && put_file("history", args.png_out, png) && ok;
        }
    }
    if (animation) {
        std::string error;
        const std::string gif = animation->encode(cat, error);
        if (gif.empty()) {
            std::fprintf(stderr, "sigma-heatmap history: cannot make the GIF: %s\n", error.c_str());
            ok = false;
        } else {
            ok = put_file("history", args.gif_out, gif) && ok;
        }
    }

    // The newest period: alert, diff layer, --fail-on-drop.
    const sh::HistoryDiff* newest = h.diffs.empty() ? nullptr : &h.diffs.back();
    if (alert_wanted) {
        std::string text;
        if (!newest) text = "one point only: nothing to compare\n";
        else if (ao.slack) text = sh::alert_slack_json(newest->diff);
        else {
            text = sh::history_alert_text(*newest);
            if (text.empty())
                text = "0 techniques dropped below " + std::to_string(ao.threshold) + sh::alert_platform_words(newest->diff) +
                       " in " + newest->period + " (" + newest->from + " -> " + newest->to + ")\n";
        }
        ok = put_file("history", ao.alert_out.empty() ? "-" : ao.alert_out, text) && ok;
    }
    if (!ao.diff_out.empty()) {
        if (newest) ok = put_file("history", ao.diff_out, sh::write_diff_layer(newest->diff, cat)) && ok;
        else std::fprintf(stderr, "sigma-heatmap history: one point only: no diff layer written\n");
    }
    // The newest point compared with a baseline and targets, its report and its board, as `layer`
    // computes them (compute_report_set), with the history as the trend and its newest period as the diff.
    int rc = 0;
    const sh::HistoryPoint& newest_point = h.points.back();
    sh::ReportSet set;
    if (want_newest) {
        sh::ReportInputs ri = report_inputs(co, in, c, cmp);
        ri.scores = &newest_scores;
        ri.rules = &newest_rules;
        ri.name = newest_point.name;
        ri.trend = trend;
        set = sh::compute_report_set(ri, cat);
        print_diagnostics(set.diagnostics, co.verbose, co.quiet);
        if (newest) set.diff = newest->diff;
    }
    if (set.baseline) print_baseline(*set.baseline);
    if (set.targets) {
        print_targets(*set.targets, set.current.name);
        if (c.fail_on_gaps && set.targets->not_met > 0) rc = kExitTargetsMet;
    }
    if (!c.report.empty()) ok = put_file("history", c.report, sh::report_set_json(set)) && ok;
    if (!c.board_html.empty()) {
        // The heat-map from the newest point's layer, read back as `board LAYER.json` reads it; the
        // trend at quarter ends when the history is long (a table of 500 weeks is not a board).
        sh::LayerOptions lo = lopt;
        lo.name = newest_point.name;
        sh::Layer layer;
        sh::Diagnostics ignored;
        if (!sh::read_layer(sh::write_layer(newest_scores, newest_rules, cat, co.score, lo), newest_point.name, layer, ignored)) {
            std::fprintf(stderr, "sigma-heatmap history: internal error: the newest layer could not be read back\n");
            return 1;
        }
        sh::ReportSet board_set = set;
        board_set.board.trend = sh::history_trend(h, 40);
        const sh::BoardReport board = sh::board_report(board_set, sh::board_heatmap(layer, cat, newest_point.name + ".json"),
                                                       c.date.value_or(newest_point.date));
        ok = put_file("history", c.board_html, sh::write_board_html(board, cat)) && ok;
    }

    // Summary.
    const sh::HistoryPoint& first = h.points.front();
    const sh::HistoryPoint& last = h.points.back();
    std::size_t drops = 0;
    for (const auto& d : h.diffs) drops += !d.diff.dropped_below.empty() || !d.diff.lost.empty();
    std::fprintf(stderr,
                 "sigma-heatmap history: %s (every %s, %s to %s) over %s of %s; %s parsed once (%s), %s; %.2f s\n",
                 sh::plural(h.points.size(), "point", "points").c_str(), h.every.c_str(), h.since.c_str(),
                 h.until.c_str(), sh::plural(st.commits, "first-parent commit", "first-parent commits").c_str(),
                 args.ref.c_str(), sh::plural(st.file_versions, "rule file version", "rule file versions").c_str(),
                 sh::plural(st.cache_hits, "cache hit", "cache hits").c_str(),
                 sh::plural(st.file_changes, "file change", "file changes").c_str(),
                 st.seconds_trees + st.seconds_parse + st.seconds_score);
    std::fprintf(stderr,
                 "sigma-heatmap history: techniques covered %s -> %s, scoring %d or more %s -> %s (%d -> %s); %zu "
                 "of %s with a drop below %d%s%s%s\n",
                 pct(first.kpis.techniques.covered_pct()).c_str(), pct(last.kpis.techniques.covered_pct()).c_str(),
                 co.kpi_threshold, pct(first.kpis.techniques.threshold_pct()).c_str(),
                 pct(last.kpis.techniques.threshold_pct()).c_str(), first.kpis.rules_total,
                 sh::plural(std::size_t(std::max(0, last.kpis.rules_total)), "rule", "rules").c_str(), drops,
                 sh::plural(h.diffs.size(), "period", "periods").c_str(), ao.threshold,
                 sh::on_platform_words(h.platforms).c_str(),
                 layers_written ? "; layers -> " : "",
                 layers_written ? args.layers_dir.c_str() : "");
    if (co.verbose)
        std::fprintf(stderr,
                     "sigma-heatmap history: time: trees %.2f s, reading and parsing %.2f s (%zu parses, %.1f MB), "
                     "scoring %.2f s (blame %.2f s over %zu commits)\n",
                     st.seconds_trees, st.seconds_parse, st.parses, double(st.blob_bytes) / 1e6, st.seconds_score,
                     st.seconds_blame, st.blame_commits);
    if (!ok) return 1;

    if (ao.fail_on_drop > 0 && newest) {
        const auto dropped = sh::dropped_below(newest->diff, ao.fail_on_drop);
        if (!dropped.empty()) {
            std::fprintf(stderr, "sigma-heatmap history: %zu technique%s dropped below %d%s in %s (--fail-on-drop): exit %d\n",
                         dropped.size(), dropped.size() == 1 ? "" : "s", ao.fail_on_drop,
                         sh::alert_platform_words(newest->diff).c_str(), newest->period.c_str(), kExitDropped);
            return kExitDropped;
        }
    }
    if (rc == kExitTargetsMet)
        std::fprintf(stderr, "sigma-heatmap history: %d target%s not met at %s (--fail-on-gaps): exit %d\n",
                     set.targets->not_met, set.targets->not_met == 1 ? "" : "s", set.current.name.c_str(), kExitTargetsMet);
    return rc;
}

}  // namespace

Run add_history(CLI::App& root) {
    auto a = std::make_shared<HistoryArgs>();
    CLI::App* cmd = add_command(
        root, "history", "coverage over a rule repository's git history", "history [options] REPO",
        "Replays the git history of a rule repository (libgit2; no git command needed): at the end of every week, "
        "month or quarter, the tree of the last first-parent commit of --ref is scored exactly as `layer` scores a "
        "folder holding it, with the same options. Each rule file version is parsed once, however many points and "
        "paths it appears at. Writes the trend (date, commit, rules, KPIs, per-tactic coverage), one Navigator layer "
        "per point, the alert between consecutive points with the commits that caused each drop, the trend chart, "
        "an animated GIF of the heat-map, and the newest point's report. Without any output option the trend goes "
        "to stdout as CSV.",
        "Exit status: 0 when the history was replayed and every output written, 1 when it could not be (not a "
        "repository, unknown ref, a file that cannot be written), 2 for usage errors, 3 when --fail-on-drop found a "
        "drop in the newest period, 4 when --fail-on-gaps found a target not met (3 wins over 4).");
    add_file(*cmd, "repository", a->repository, "a git repository: working tree, .git folder or bare", "REPO")->required();

    in_group(*cmd, kReplayGroup);
    add_text(*cmd, "--path", a->path, "the rule folder inside the repository (default: the whole tree)", "DIR");
    non_empty(add_text(*cmd, "--ref", a->ref, "branch, tag or commit whose first-parent history is replayed", "REF"),
              "a branch, tag or commit");
    add_choice(*cmd, "--every", {"week", "month", "quarter"}, a->every,
               "one point at the end of every week (Sunday), month or quarter (UTC), and one at --until");
    add_text(*cmd, "--since", a->since, "first day (YYYY-MM-DD, UTC; default: the day of the oldest commit)", "DATE");
    add_text(*cmd, "--until", a->until, "last day (YYYY-MM-DD, UTC; default: the day of the newest commit)", "DATE");
    cmd->add_flag("--no-blame", a->no_blame, "do not look for the commits behind each drop (faster)");

    in_group(*cmd, group::kOutput);
    add_file(*cmd, "--trend", a->trend,
             "the trend per point: .csv for CSV, any other name for JSON (with the diffs and blame; the "
             "page's Trends tab opens it); '-' for CSV on stdout",
             "FILE");
    add_file(*cmd, "--layers", a->layers_dir,
             "write one Navigator layer per point there, named coverage_<date>.json (usable as `layer --history` "
             "inputs and in the page's Trends tab)",
             "DIR");
    add_file(*cmd, "--diffs", a->diffs,
             "the alert text of every period in which a technique dropped, with blame ('-' for stdout)");
    add_file(*cmd, "--svg", a->svg_out, "the trend chart as SVG");
    add_file(*cmd, "--png", a->png_out, "the trend chart as PNG");
    cmd->add_flag("--chart-tactics", a->chart_tactics, "the chart also draws one line per tactic");
    add_file(*cmd, "--gif", a->gif_out, "an animated GIF of the heat-map, one frame per point (date and KPIs in each)");
    add_choice(*cmd, "--gif-layout", {"mini", "side"}, a->gif_layout,
               "the GIF's matrix: small squares (post-sized) or cells with names, as `png --layout`");
    add_number(*cmd, "--gif-delay", a->gif_delay, "hundredths of a second per frame (the last frame stays 3 s)", 2, 6000);
    number_in(cmd->add_option("--scale", a->scale, "pixels per layout pixel of the PNG chart and the GIF"), 0.25, 8);
    add_number(*cmd, "--min-score", [a](int n) { a->lopt.min_score = n; },
               "gradient minimum of the layers and the GIF (default 0)");
    add_number(*cmd, "--max-score", [a](int n) { a->lopt.max_score = n; },
               "gradient maximum (default: the layer's highest score; the GIF: the highest score of any point)");
    add_text(*cmd, "--min-color", a->min_color, "gradient colour at the minimum (e.g. #ff6666)", "COLOR");
    add_text(*cmd, "--max-color", a->max_color, "gradient colour at the maximum (e.g. #8ec843)", "COLOR");
    add_text(*cmd, "--description", a->lopt.description, "the layers' description (default: generated)");

    // What `layer` compares its layer with, here the newest point (layer's --prev and --history are
    // the history itself: the newest period's alert and the trend).
    add_compare_options(*cmd, a->cmp, kCompareFailOnGaps | kCompareReport, "the newest point");
    cmd->get_option("--report")
        ->description("KPIs, top gaps, the newest period's diff, baseline/targets/latency when asked for, and the board "
                      "of the newest point, with the history as its trend, as JSON (as `layer --report`)");
    cmd->get_option("--board-html")
        ->description("the newest point's board as one self-contained HTML document, as `sigma-heatmap board` writes "
                      "it, with the history as its trend (the last point of each quarter when there are more than 40)");
    cmd->get_option("--date")
        ->description("date under the board's title (default: the newest point's; '' for none)")
        ->needs(cmd->get_option("--board-html"));  // the trend is the history's own
    add_rule_options(*cmd, a->co);
    add_alert_options(*cmd, a->ao);
    add_report_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    // In `history` the alert options speak of the newest period (the weekly job's "this week").
    cmd->get_option("--fail-on-drop")->description("exit 3 when a technique fell from T or more to below T in the newest period");
    cmd->get_option("--alert-out")->description("write the newest period's alert there (with blame in text format)");
    cmd->get_option("--alert-format")
        ->description("text: the newest period's alert with blame; slack: a Slack incoming-webhook JSON payload of it "
                      "(written to --alert-out, else stdout)");
    cmd->get_option("--diff-out")->description("write the newest period's diff layer there: score = change, red lost .. blue gained");
    return [a, cmd] { return run_history(*a, *cmd); };
}

}  // namespace cli
