// cmd_gaps.cpp — `sigma-heatmap gaps`: rule files/folders -> the coverage gaps to work on first,
// priority = impact_weight × tactic criticality + threat_weight × adversary frequency
//            − score / coverage_divisor, every term shown; CSV for the backlog. With --threat the
// frequency is the share of the selected threats using a technique.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/report.hpp"
#include "io.hpp"
#include "declare.hpp"
#include "options.hpp"

namespace cli {

namespace {

struct GapsArgs {
    CommonOptions co;
    std::vector<std::string> paths;
    std::string csv_out, json_out;
};

int run_gaps(GapsArgs& args) {
    CommonOptions& co = args.co;
    Inputs in;
    if (const int rc = load_inputs("gaps", args.paths, co, in)) return rc;
    print_input_diagnostics(in, co);
    if (in.rules.rules.empty()) {
        std::fprintf(stderr, "sigma-heatmap gaps: no rules could be loaded from %zu file(s)\n", in.files.size());
        return 1;
    }
    sh::GapOptions go;
    go.threshold = co.kpi_threshold;
    go.top = co.top;
    go.subtechniques = co.gap_subtechniques;
    go.platforms = co.platforms;
    go.weights = in.weights;
    const sh::Coverage current = sh::coverage_from_scores(in.scores, "");
    const sh::ThreatCoverage threats = threat_coverage(co, in, current);
    if (report_threats("gaps", co, threats, *in.cat)) return 1;
    const auto rows = sh::prioritise_gaps(current, *in.cat, go, gap_frequency(in, threats));

    const bool stdout_taken = args.csv_out == "-" || args.json_out == "-";
    if (!args.csv_out.empty() && !put_file("gaps", args.csv_out, sh::gaps_to_csv(rows))) return 1;
    if (!args.json_out.empty() && !put_file("gaps", args.json_out, sh::gaps_to_json(rows, in.weights))) return 1;
    const std::string table = sh::gaps_to_text(rows, in.weights);
    std::fputs(table.c_str(), stdout_taken ? stderr : stdout);
    const std::string selection = std::to_string(threats.threats.size()) + " selected threat" +
                                  (threats.threats.size() == 1 ? "" : "s");
    std::fprintf(stderr, "sigma-heatmap: %s; %s listed (score below %d, frequency from %s)\n",
                 sh::plural(in.rules.rules.size(), "rule", "rules").c_str(), sh::plural(rows.size(), "gap", "gaps").c_str(),
                 co.kpi_threshold,
                 in.have_frequency ? co.frequency_csv.c_str()
                                   : !threats.empty() ? selection.c_str() : "ATT&CK groups and campaigns");
    return 0;
}

}  // namespace

Run add_gaps(CLI::App& root) {
    auto a = std::make_shared<GapsArgs>();
    CLI::App* cmd = add_command(
        root, "gaps", "prioritised coverage gaps", "gaps [options] PATH... [--top N] [--csv OUT.csv]",
        "Lists the ATT&CK techniques whose best score is below the KPI threshold, highest priority first, with every "
        "term of the formula:\n"
        "  priority = impact_weight x tactic_criticality + threat_weight x adversary_frequency - coverage_score / "
        "coverage_divisor\n"
        "Defaults: impact_weight 10, threat_weight 1, coverage_divisor 10; criticality 3 for privilege escalation, "
        "credential access, lateral movement, defense impairment, impact; 2 for initial access, execution, "
        "persistence, stealth, command and control, exfiltration; 1 for reconnaissance, resource development, "
        "discovery, collection. Frequency: --frequency CSV, else the share of the --threat selection using the "
        "technique, else the share of ATT&CK groups and campaigns using it.",
        "Exit status: 0 done, 1 no rules could be loaded or a file written, 2 usage error.");
    add_text(*cmd, "paths", a->paths, "rule files, folders, .zip archives or seed CSVs", "PATH...")->required();
    in_group(*cmd, group::kOutput);
    add_file(*cmd, "--csv", a->csv_out, "write every listed gap as CSV ('-' for stdout)");
    add_file(*cmd, "--json", a->json_out, "the same as JSON");
    // A command-line alias only: in a --config file `threshold` is the alert threshold of layer and diff.
    add_number(*cmd, "--threshold", a->co.kpi_threshold, "same as --kpi-threshold", 1)->configurable(false);
    add_threat_options(*cmd, a->co);
    add_report_options(*cmd, a->co);
    add_rule_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    return [a] { return run_gaps(*a); };
}

}  // namespace cli
