// cmd_threats.cpp — `sigma-heatmap threats`: rule files/folders -> the ATT&CK groups (campaigns,
// software) ranked by how much of what they use our rules cover: the adversaries we are weakest
// against. With --threat, the selection's own coverage first and --threat-layer.
#include <algorithm>
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "core/report.hpp"
#include "core/threats.hpp"
#include "declare.hpp"
#include "io.hpp"
#include "options.hpp"

namespace cli {

namespace {

struct ThreatsArgs {
    CommonOptions co;
    std::vector<std::string> paths, kinds;
    std::string csv_out, json_out;
    sh::ThreatRankingOptions ranking;
};

int run_threats(ThreatsArgs& args) {
    CommonOptions& co = args.co;
    sh::ThreatRankingOptions& ro = args.ranking;
    if (!args.kinds.empty()) {
        ro.groups = ro.campaigns = ro.software = false;
        for (const auto& k : args.kinds) {
            if (k == "group") ro.groups = true;
            else if (k == "campaign") ro.campaigns = true;
            else ro.software = true;
        }
    }
    Inputs in;
    if (const int rc = load_inputs("threats", args.paths, co, in)) return rc;
    print_input_diagnostics(in, co);
    if (in.rules.rules.empty()) {
        std::fprintf(stderr, "sigma-heatmap threats: no rules could be loaded from %zu file(s)\n", in.files.size());
        return 1;
    }
    if (in.cat->threats.empty()) {
        std::fprintf(stderr, "sigma-heatmap threats: the ATT&CK catalogue (%s) lists no groups, campaigns or software\n",
                     in.cat->attack_version.c_str());
        return 1;
    }
    const sh::Coverage current = sh::coverage_from_scores(in.scores, "");
    const sh::ThreatCoverage selection = threat_coverage(co, in, current);
    if (report_threats("threats", co, selection, *in.cat)) return 1;
    const sh::ThreatRanking ranking = sh::rank_threats(current, *in.cat, threat_options(co, in), ro);

    const bool stdout_taken = args.csv_out == "-" || args.json_out == "-";
    if (!args.csv_out.empty() && !put_file("threats", args.csv_out, sh::threat_ranking_to_csv(ranking))) return 1;
    if (!args.json_out.empty()) {
        std::string out = "{\n\"ranking\": " + sh::threat_ranking_to_json(ranking);
        if (!selection.empty()) out += ",\n\"threats\": " + sh::threat_coverage_to_json(selection);
        out += "}\n";
        if (!put_file("threats", args.json_out, out)) return 1;
    }
    std::fputs(sh::threat_ranking_to_text(ranking).c_str(), stdout_taken ? stderr : stdout);
    std::string kinds;
    for (const auto& k : ranking.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
    std::fprintf(stderr,
                 "sigma-heatmap: %s; %s ranked (%s; %d with fewer than %s left out), %zu listed; ATT&CK %s\n",
                 sh::plural(in.rules.rules.size(), "rule", "rules").c_str(),
                 sh::plural(std::size_t(std::max(0, ranking.ranked)), "threat", "threats").c_str(), kinds.c_str(),
                 ranking.too_few,
                 sh::plural(std::size_t(std::max(0, ranking.min_techniques)), "counted technique", "counted techniques").c_str(),
                 ranking.rows.size(), in.cat->attack_version.c_str());
    return 0;
}

}  // namespace

Run add_threats(CLI::App& root) {
    auto a = std::make_shared<ThreatsArgs>();
    CLI::App* cmd = add_command(
        root, "threats", "the adversaries we are weakest against",
        "threats [options] PATH... [--top N] [--kind K]",
        "Ranks ATT&CK groups and campaigns (or software) by the share of the techniques each uses that the rules "
        "cover (score > 0), lowest first: the adversaries we are weakest against. A technique used as a whole is "
        "covered by its own rules or a sub-technique's; deprecated techniques and those outside --platform do not "
        "count, revoked ones count for their replacement. Threats using fewer than --min-techniques counted "
        "techniques say too little to rank.",
        "Exit status: 0 done, 1 no rules could be loaded or a file written, 2 usage error.");
    add_text(*cmd, "paths", a->paths, "rule files, folders, .zip archives or seed CSVs", "PATH...")->required();
    in_group(*cmd, group::kOutput);
    add_file(*cmd, "--csv", a->csv_out, "write the ranking as CSV ('-' for stdout)");
    add_file(*cmd, "--json", a->json_out, "the same as JSON, with the --threat selection's coverage");
    in_group(*cmd, group::kRanking);
    repeatable(choices(cmd->add_option("--kind", a->kinds, "which threats to rank (default: group and campaign)"),
                       {"group", "campaign", "software"}));
    add_number(*cmd, "--top", a->ranking.top, "threats listed (0: all)", 0);
    add_number(*cmd, "--min-techniques", a->ranking.min_techniques, "rank only threats using at least N counted techniques", 1);
    cmd->add_flag("--include-deprecated", a->ranking.include_inactive, "also rank deprecated and revoked threats");
    add_number(*cmd, "--kpi-threshold", a->co.kpi_threshold, "score that counts as covered well", 1);
    non_empty(
        add_text(*cmd, "--platform", a->co.platforms, "only techniques of this platform count (any of them)", "NAME"),
        "a platform name (e.g. Windows)");
    add_threat_options(*cmd, a->co);
    add_rule_options(*cmd, a->co);
    add_message_options(*cmd, a->co.quiet, a->co.verbose);
    return [a] { return run_threats(*a); };
}

}  // namespace cli
