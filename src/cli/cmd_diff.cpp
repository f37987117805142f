// cmd_diff.cpp — `sigma-heatmap diff PREV.json CURRENT.json`: what changed between two Navigator
// layers (ours or any producer's, v4.x): the alert, the diff layer, the changes as JSON.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/report.hpp"
#include "io.hpp"
#include "declare.hpp"
#include "options.hpp"

namespace cli {

namespace {

struct DiffArgs {
    AlertOptions ao;
    std::vector<std::string> layers, attack_data, platforms;
    std::string json_out, attack_version, domain;
    bool quiet = false, verbose = false;
};

int run_diff(DiffArgs& args) {
    if (args.layers.size() != 2) throw UsageError("give two layers: PREV.json CURRENT.json");
    sh::Catalogue loaded;
    const sh::Catalogue* cat = nullptr;
    if (!load_catalogue("diff", args.attack_data, args.attack_version, args.domain, args.verbose, loaded, cat)) return 1;
    resolve_platforms(*cat, args.platforms);

    sh::Diagnostics diags;
    sh::Coverage cov[2];
    bool ok = true;
    for (int k = 0; k < 2; ++k) {
        auto text = read_file(args.layers[k], sh::InputKind::Layer, diags);
        const bool read = text && sh::coverage_from_layer_text(*text, args.layers[k], cat, cov[k], diags);
        if (read) sh::warn_uncharted_entries(cov[k], *cat, diags);
        ok = read && ok;
    }
    if (ok)
        if (std::string note = sh::alert_threshold_note(cov[0], cov[1], args.ao.threshold, "give --threshold N"); !note.empty())
            diags.push_back({sh::Severity::Warning, "", 0, 0, std::move(note)});
    print_diagnostics(diags, args.verbose, args.quiet);
    if (!ok) {
        std::fprintf(stderr, "sigma-heatmap diff: cannot compare: a layer could not be read\n");
        return 1;
    }

    // On --platform's platforms, else on the current layer's filter (what the Navigator shows of it).
    const sh::LayerDiff diff = sh::diff_coverage(cov[0], cov[1], cat,
                                                 sh::DiffOptions{args.ao.threshold, args.platforms.empty() ? cov[1].platforms : args.platforms});
    if (!args.json_out.empty() && !put_file("diff", args.json_out, sh::diff_to_json(diff))) return 1;
    const int rc = emit_alert("diff", diff, *cat, args.ao, args.json_out == "-");
    if (rc == 1) return 1;
    if (!args.quiet)
        std::fprintf(stderr, "sigma-heatmap: %s -> %s: score changes %zu, techniques changed %zu, new gaps %zu, "
                             "closed gaps %zu (threshold %d%s)\n",
                     diff.previous_name.c_str(), diff.current_name.c_str(), diff.changes.size(), diff.techniques.size(),
                     diff.dropped_below.size() + diff.lost.size(), diff.closed_gaps.size(), diff.threshold,
                     diff.platforms.empty() ? "" : ("," + sh::alert_platform_words(diff)).c_str());
    return rc;
}

}  // namespace

Run add_diff(CLI::App& root) {
    auto a = std::make_shared<DiffArgs>();
    CLI::App* cmd = add_command(
        root, "diff", "changes between two layers, alerts", "diff [options] PREV.json CURRENT.json",
        "Compares two ATT&CK Navigator layers (format 4.x, from sigma-heatmap or any other tool) and prints the alert: "
        "'5 techniques dropped below 50 since coverage_q3_2026' and the list. Duplicate entries count with their "
        "highest score; an entry without tactic applies to every tactic of its technique; entries without a score "
        "are ignored.",
        "Exit status: 0 done, 1 a layer cannot be read or a file written, 2 usage error, 3 when --fail-on-drop found "
        "a drop.");
    add_text(*cmd, "layers", a->layers, "the previous and the current layer", "PREV.json CURRENT.json")->required();
    in_group(*cmd, group::kOutput);
    add_file(*cmd, "-o,--output", a->ao.diff_out,
             "write the diff layer (score = change, diverging palette) there; same as --diff-out");
    add_file(*cmd, "--json", a->json_out, "every change, new and closed gap as JSON ('-' for stdout)");
    add_alert_options(*cmd, a->ao);
    non_empty(add_text(*cmd, "--platform", a->platforms,
                       "only techniques of this platform (any of them) in the alert, the lists and the diff "
                       "layer; default: the current layer's own platform filter",
                       "NAME"),
              "a platform name (e.g. Windows)");
    add_attack_data_options(*cmd, a->attack_data, a->attack_version, a->domain);
    add_message_options(*cmd, a->quiet, a->verbose);
    return [a] { return run_diff(*a); };
}

}  // namespace cli
