// cmd_catalogue.cpp — `sigma-heatmap catalogue`: builds the compact ATT&CK catalogue from an
// official STIX bundle, MISP galaxy files (or the misp-galaxy folder) or an existing catalogue.
// File and folder handling lives here; everything about the data is sh::build_catalogue.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.hpp"
#include "io.hpp"
#include "core/catalogue.hpp"
#include "core/result.hpp"

namespace cli {

namespace {

namespace fs = std::filesystem;

const char* kCatalogueUsage =
    "Usage: sigma-heatmap catalogue INPUT... -o FILE [--version V] [--domain D]\n"
    "\n"
    "Builds the compact ATT&CK catalogue (the format of assets/attack/*.json) from:\n"
    "  - an official ATT&CK STIX 2.1 bundle (enterprise-attack-18.1.json, ...),\n"
    "  - MISP galaxy files: clusters/mitre-attack-pattern.json, galaxies/mitre-attack-pattern.json,\n"
    "    clusters/mitre-intrusion-set.json, or the misp-galaxy folder holding them,\n"
    "  - a catalogue file (checked and rewritten).\n"
    "Formats are recognised from the content.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE   where to write the catalogue ('-' for stdout)\n"
    "  --version V         ATT&CK version to record (e.g. 19); required unless the input says it\n"
    "  --domain D          enterprise-attack, mobile-attack, ics-attack (default: the input's;\n"
    "                      MISP galaxy input gives enterprise-attack)\n"
    "  -h, --help          this text\n";

int usage_error(const std::string& message) {
    std::fprintf(stderr, "sigma-heatmap catalogue: %s\n\n%s", message.c_str(), kCatalogueUsage);
    return 2;
}

}  // namespace

int cmd_catalogue(const Args& args) {
    std::vector<std::string> inputs;
    std::string output, version, domain;
    bool have_output = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        // --opt=value and --opt value both work.
        auto value_of = [&](const char* name, std::string& dest, bool& ok) {
            const std::string key = name;
            if (a == key) {
                if (i + 1 >= args.size()) return ok = false, true;
                dest = args[++i];
                return ok = true, true;
            }
            if (a.size() > key.size() + 1 && a.compare(0, key.size() + 1, key + "=") == 0) {
                dest = a.substr(key.size() + 1);
                return ok = true, true;
            }
            return false;
        };
        bool ok = true;
        if (a == "-h" || a == "--help") {
            std::fputs(kCatalogueUsage, stdout);
            return 0;
        }
        if (value_of("-o", output, ok) || value_of("--output", output, ok)) {
            if (!ok) return usage_error(a + " needs a file name");
            have_output = true;
        } else if (value_of("--version", version, ok)) {
            if (!ok || version.empty()) return usage_error("--version needs a value (e.g. 19)");
        } else if (value_of("--domain", domain, ok)) {
            if (!ok || domain.empty()) return usage_error("--domain needs a value (e.g. enterprise-attack)");
        } else if (a.size() > 1 && a[0] == '-') {
            return usage_error("unknown option '" + a + "'");
        } else {
            inputs.push_back(a);
        }
    }
    if (inputs.empty()) return usage_error("no INPUT given");
    if (!have_output || output.empty()) return usage_error("no output file given (-o FILE)");

    sh::Diagnostics diags;
    const std::vector<sh::SourceFile> sources = read_attack_inputs(inputs, diags);

    sh::Catalogue cat;
    const bool built = !sources.empty() && sh::build_catalogue(sources, version, domain, cat, diags, "--version");
    for (const auto& d : diags) std::fprintf(stderr, "%s\n", sh::format_diagnostic(d).c_str());
    if (!built) {
        std::fprintf(stderr, "sigma-heatmap catalogue: no catalogue written\n");
        return 1;
    }

    if (!write_file(output, sh::catalogue_to_json(cat))) {
        std::fprintf(stderr, "%s: error: cannot write the catalogue\n", output.c_str());
        return 1;
    }
    int subtechniques = 0, revoked = 0, deprecated = 0;
    for (const auto& t : cat.techniques) {
        subtechniques += t.is_subtechnique();
        revoked += t.revoked;
        deprecated += t.deprecated;
    }
    std::fprintf(stderr,
                 "catalogue: ATT&CK %s %s: %zu tactics, %zu techniques (%d sub-techniques), %d revoked, %d deprecated, "
                 "%d groups -> %s\n",
                 cat.attack_version.c_str(), cat.domain.c_str(), cat.tactics.size(), cat.techniques.size(), subtechniques,
                 revoked, deprecated, cat.total_groups, output == "-" ? "stdout" : output.c_str());
    return 0;
}

}  // namespace cli
