// cmd_catalogue.cpp — `sigma-heatmap catalogue`: builds the compact ATT&CK catalogue from an
// official STIX bundle, MISP galaxy files (or the misp-galaxy folder) or an existing catalogue.
// File and folder handling lives here; everything about the data is sh::build_catalogue.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "declare.hpp"
#include "io.hpp"
#include "core/catalogue.hpp"
#include "core/result.hpp"

namespace cli {

namespace {

struct CatalogueArgs {
    std::vector<std::string> inputs;
    std::string output, version, domain;
};

int run_catalogue(const CatalogueArgs& args) {
    if (args.output.empty()) throw UsageError("no output file given (-o FILE)");

    sh::Diagnostics diags;
    const std::vector<sh::SourceFile> sources = read_attack_inputs(args.inputs, diags);

    sh::Catalogue cat;
    const bool built = !sources.empty() && sh::build_catalogue(sources, args.version, args.domain, cat, diags, "--version");
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", sh::format_diagnostic(d).c_str());
    if (!built) {
        std::fprintf(stderr, "sigma-heatmap catalogue: no catalogue written\n");
        return 1;
    }

    if (!write_file(args.output, sh::catalogue_to_json(cat))) {
        std::fprintf(stderr, "%s: error: cannot write the catalogue\n", args.output.c_str());
        return 1;
    }
    int subtechniques = 0, revoked = 0, deprecated = 0;
    for (const auto& t : cat.techniques) {
        subtechniques += t.is_subtechnique();
        revoked += t.revoked;
        deprecated += t.deprecated;
    }
    int kinds[4] = {0, 0, 0, 0};
    for (const auto& t : cat.threats) ++kinds[int(t.kind)];
    std::fprintf(stderr,
                 "catalogue: ATT&CK %s %s: %zu tactics, %zu techniques (%d sub-techniques), %d revoked, %d deprecated, "
                 "%d groups counted; threats: %d groups, %d campaigns, %d software -> %s\n",
                 cat.attack_version.c_str(), cat.domain.c_str(), cat.tactics.size(), cat.techniques.size(), subtechniques,
                 revoked, deprecated, cat.total_groups, kinds[int(sh::ThreatKind::Group)],
                 kinds[int(sh::ThreatKind::Campaign)], kinds[int(sh::ThreatKind::Malware)] + kinds[int(sh::ThreatKind::Tool)],
                 args.output == "-" ? "stdout" : args.output.c_str());
    return 0;
}

}  // namespace

Run add_catalogue(CLI::App& root) {
    auto a = std::make_shared<CatalogueArgs>();
    CLI::App* cmd = add_command(
        root, "catalogue", "ATT&CK catalogue from STIX / MISP data", "catalogue [options] INPUT... -o FILE",
        "Builds the compact ATT&CK catalogue (the format of assets/attack/*.json) from an official ATT&CK STIX 2.1 "
        "bundle (enterprise-attack-18.1.json, ...), MISP galaxy files (clusters/mitre-attack-pattern.json, "
        "galaxies/mitre-attack-pattern.json, clusters/mitre-intrusion-set.json, mitre-malware.json, mitre-tool.json, "
        "or the misp-galaxy folder holding them), or a catalogue file (checked and rewritten). Formats are recognised "
        "from the content. MISP files with a STIX bundle: the bundle adds its campaigns (MISP has no campaign "
        "cluster) and the deprecated flags of groups and software; nothing else is taken from it.",
        "Exit status: 0 when the catalogue was written, 1 when none could be built, 2 for usage errors.");
    add_text(*cmd, "inputs", a->inputs, "STIX bundles, MISP galaxy files or folders, catalogue files", "INPUT...")
        ->required();
    in_group(*cmd, group::kOutput);
    add_text(*cmd, "-o,--output", a->output, "where to write the catalogue ('-' for stdout)", "FILE")->required();
    non_empty(add_text(*cmd, "--version", a->version, "ATT&CK version to record (e.g. 19); required unless the input says it (a STIX "
                       "bundle also by MITRE's file name, e.g. enterprise-attack-18.1.json)",
                       "V"),
              "a value (e.g. 19)");
    non_empty(add_text(*cmd, "--domain", a->domain,
                       "enterprise-attack, mobile-attack, ics-attack (default: the input's; MISP galaxy input gives "
                       "enterprise-attack)",
                       "D"),
              "a value (e.g. enterprise-attack)");
    return [a] { return run_catalogue(*a); };
}

}  // namespace cli
