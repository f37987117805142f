// cmd_gaps.cpp — `sigma-heatmap gaps`: rule files/folders -> the coverage gaps to work on first,
// priority = impact_weight × tactic criticality + threat_weight × adversary frequency
//            − score / coverage_divisor, every term shown; CSV for the backlog.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/report.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

const char* kGapsHelp =
    "Usage: sigma-heatmap gaps [options] PATH... [--top N] [--csv OUT.csv]\n"
    "\n"
    "Lists the ATT&CK techniques whose best score is below the KPI threshold, highest priority\n"
    "first, with every term of the formula:\n"
    "  priority = impact_weight x tactic_criticality + threat_weight x adversary_frequency\n"
    "             - coverage_score / coverage_divisor\n"
    "Defaults: impact_weight 10, threat_weight 1, coverage_divisor 10; criticality 3 for\n"
    "privilege escalation, credential access, lateral movement, defense impairment, impact; 2 for\n"
    "initial access, execution, persistence, stealth, command and control, exfiltration; 1 for\n"
    "reconnaissance, resource development, discovery, collection. Frequency: --frequency CSV, else\n"
    "the share of ATT&CK groups and campaigns using the technique.\n"
    "\n"
    "Options:\n"
    "  --csv FILE               write every listed gap as CSV ('-' for stdout)\n"
    "  --json FILE              the same as JSON\n"
    "  --threshold N            same as --kpi-threshold\n";

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap gaps: %s\n(see sigma-heatmap gaps --help)\n", msg.c_str());
    return 2;
}

}  // namespace

int cmd_gaps(const Args& args) {
    CommonOptions co;
    std::vector<std::string> paths;
    std::string csv_out, json_out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) { return next_value(args, i, dst); };
        std::string v, error;
        const OptionResult common = parse_common_option(args, i, co, error);
        if (common == OptionResult::Error) return usage_error(error);
        if (common == OptionResult::Taken) continue;
        if (a == "-h" || a == "--help") {
            std::fputs(kGapsHelp, stdout);
            std::fputs(kGapOptionsHelp, stdout);
            std::fputs(kCommonOptionsHelp, stdout);
            std::fputs("\nExit status: 0 done, 1 no rules could be loaded or a file written, 2 usage error.\n", stdout);
            return 0;
        } else if (a == "--csv") {
            if (!value(csv_out) || csv_out.empty()) return usage_error("--csv needs a file name");
        } else if (a == "--json") {
            if (!value(json_out) || json_out.empty()) return usage_error("--json needs a file name");
        } else if (a == "--threshold") {
            int n = 0;
            if (!value(v) || !parse_int(v, n) || n < 1) return usage_error("--threshold needs a whole number >= 1");
            co.kpi_threshold = n;
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return usage_error("unknown option " + a);
        } else {
            paths.push_back(a);
        }
    }
    if (paths.empty()) return usage_error("no rule files or folders given");

    Inputs in;
    if (const int rc = load_inputs("gaps", paths, co, in)) return rc;
    print_input_diagnostics(co, in.diags);
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
    const auto rows = sh::prioritise_gaps(current, *in.cat, go, in.have_frequency ? &in.frequency : nullptr);

    const bool stdout_taken = csv_out == "-" || json_out == "-";
    if (!csv_out.empty() && !write_file(csv_out, sh::gaps_to_csv(rows))) {
        std::fprintf(stderr, "sigma-heatmap gaps: cannot write %s\n", csv_out.c_str());
        return 1;
    }
    if (!json_out.empty() && !write_file(json_out, sh::gaps_to_json(rows, in.weights))) {
        std::fprintf(stderr, "sigma-heatmap gaps: cannot write %s\n", json_out.c_str());
        return 1;
    }
    const std::string table = sh::gaps_to_text(rows, in.weights);
    std::fputs(table.c_str(), stdout_taken ? stderr : stdout);
    std::fprintf(stderr, "sigma-heatmap: %zu rules; %zu gaps listed (score below %d, frequency from %s)\n",
                 in.rules.rules.size(), rows.size(), co.kpi_threshold,
                 in.have_frequency ? co.frequency_csv.c_str() : "ATT&CK groups and campaigns");
    return 0;
}

}  // namespace cli
