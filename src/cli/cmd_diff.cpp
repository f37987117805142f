// cmd_diff.cpp — `sigma-heatmap diff PREV.json CURRENT.json`: what changed between two Navigator
// layers (ours or any producer's, v4.x): the alert, the diff layer, the changes as JSON.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/report.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

const char* kDiffHelp =
    "Usage: sigma-heatmap diff [options] PREV.json CURRENT.json\n"
    "\n"
    "Compares two ATT&CK Navigator layers (format 4.x, from sigma-heatmap or any other tool) and\n"
    "prints the alert: '5 techniques dropped below 50 since coverage_q3_2026' and the list.\n"
    "Duplicate entries count with their highest score; an entry without tactic applies to every\n"
    "tactic of its technique; entries without a score are ignored.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        write the diff layer (score = change, diverging palette) there;\n"
    "                           same as --diff-out\n"
    "  --json FILE              every change, new and closed gap as JSON ('-' for stdout)\n"
    "  --attack-data PATH       ATT&CK data for names and tactics instead of the embedded v19\n"
    "  --attack-version V       ATT&CK version of --attack-data when the data does not say it\n"
    "  -q, --quiet              only errors\n"
    "  -v, --verbose            also informational diagnostics\n";

const char* kDiffExitHelp =
    "\n"
    "Exit status: 0 done, 1 a layer cannot be read or a file written, 2 usage error, 3 when\n"
    "--fail-on-drop found a drop.\n";

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap diff: %s\n(see sigma-heatmap diff --help)\n", msg.c_str());
    return 2;
}

}  // namespace

int cmd_diff(const Args& args) {
    AlertOptions ao;
    std::vector<std::string> layers, attack_data;
    std::string json_out, attack_version;
    bool quiet = false, verbose = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) { return next_value(args, i, dst); };
        std::string v, error;
        const OptionResult alert = parse_alert_option(args, i, ao, error);
        if (alert == OptionResult::Error) return usage_error(error);
        if (alert == OptionResult::Taken) continue;
        if (a == "-h" || a == "--help") {
            std::fputs(kDiffHelp, stdout);
            std::fputs(kAlertOptionsHelp, stdout);
            std::fputs(kDiffExitHelp, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            if (!value(ao.diff_out) || ao.diff_out.empty()) return usage_error("-o needs a file name");
        } else if (a == "--json") {
            if (!value(json_out) || json_out.empty()) return usage_error("--json needs a file name");
        } else if (a == "--attack-data") {
            if (!value(v)) return usage_error("--attack-data needs a path");
            attack_data.push_back(v);
        } else if (a == "--attack-version") {
            if (!value(attack_version)) return usage_error("--attack-version needs a version");
        } else if (a == "-q" || a == "--quiet") {
            quiet = true;
        } else if (a == "-v" || a == "--verbose") {
            verbose = true;
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return usage_error("unknown option " + a);
        } else {
            layers.push_back(a);
        }
    }
    if (layers.size() != 2) return usage_error("give two layers: PREV.json CURRENT.json");

    sh::Catalogue loaded;
    const sh::Catalogue* cat = nullptr;
    if (!load_catalogue("diff", attack_data, attack_version, "", verbose, loaded, cat)) return 1;

    sh::Diagnostics diags;
    sh::Coverage cov[2];
    bool ok = true;
    for (int k = 0; k < 2; ++k) {
        auto text = read_file(layers[k], diags);
        ok = text && sh::coverage_from_layer_text(*text, layers[k], cat, cov[k], diags) && ok;
    }
    if (quiet) {
        sh::Diagnostics errors;
        for (const auto& d : diags)
            if (d.severity == sh::Severity::Error) errors.push_back(d);
        print_diagnostics(errors, false);
    } else {
        print_diagnostics(diags, verbose);
    }
    if (!ok) {
        std::fprintf(stderr, "sigma-heatmap diff: cannot compare: a layer could not be read\n");
        return 1;
    }

    const sh::LayerDiff diff = sh::diff_coverage(cov[0], cov[1], cat, sh::DiffOptions{ao.threshold});
    if (!json_out.empty() && !write_file(json_out, sh::diff_to_json(diff))) {
        std::fprintf(stderr, "sigma-heatmap diff: cannot write %s\n", json_out.c_str());
        return 1;
    }
    const int rc = emit_alert("diff", diff, *cat, ao, json_out == "-");
    if (rc == 1) return 1;
    if (!quiet)
        std::fprintf(stderr, "sigma-heatmap: %s -> %s: score changes %zu, techniques changed %zu, new gaps %zu, "
                             "closed gaps %zu (threshold %d)\n",
                     diff.previous_name.c_str(), diff.current_name.c_str(), diff.changes.size(), diff.techniques.size(),
                     diff.dropped_below.size() + diff.lost.size(), diff.closed_gaps.size(), diff.threshold);
    return rc;
}

}  // namespace cli
