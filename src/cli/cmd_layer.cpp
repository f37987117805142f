// cmd_layer.cpp — `sigma-heatmap layer`: rule files/folders -> ATT&CK Navigator layer JSON.
// Option names and meanings follow `sigma analyze attack` where they overlap.
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "commands.hpp"
#include "core/layer.hpp"
#include "core/scoring.hpp"
#include "io.hpp"

namespace cli {

namespace {

const char* kLayerHelp =
    "Usage: sigma-heatmap layer [options] PATH... -o OUT.json\n"
    "\n"
    "Builds an ATT&CK Navigator layer (format 4.5) from Sigma rules. PATH is a rule file or a\n"
    "folder (searched recursively for *.yml and *.yaml).\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        where to write the layer ('-' for stdout) [required]\n"
    "  --score PROFILE          seed (default): best rule level per technique, informational 10,\n"
    "                           low 30, medium 50, high 80, critical 100; count: number of rules;\n"
    "                           max: highest level (1..5); level: sum of level weights 1/2/4/8/12.\n"
    "                           A rule counts once per technique.\n"
    "  --min-level LEVEL        only rules of at least this level (informational..critical)\n"
    "  --min-status STATUS      only rules of at least this status\n"
    "                           (unsupported < deprecated < experimental < test < stable)\n"
    "  --no-subtechniques       count sub-technique tags for their parent technique\n"
    "  --subtechniques          keep sub-techniques separate (default)\n"
    "  --tactics all|tagged     place a technique under all its tactics (default) or only under the\n"
    "                           tactics the rule is tagged with\n"
    "  --min-score N            gradient minimum (default 0)\n"
    "  --max-score N            gradient maximum (default: the highest score in the layer)\n"
    "  --min-color COLOR        gradient colour at the minimum (e.g. #ff6666)\n"
    "  --max-color COLOR        gradient colour at the maximum (e.g. #8ec843)\n"
    "  --file-pattern GLOB      file names to take from folders (repeatable; default *.yml, *.yaml)\n"
    "  --attack-data PATH       ATT&CK data instead of the embedded Enterprise v19: an official STIX\n"
    "                           bundle, a MISP galaxy folder, or a catalogue file (repeatable)\n"
    "  --attack-version V       ATT&CK version of --attack-data when the data does not say it\n"
    "  --domain DOMAIN          ATT&CK domain (default enterprise-attack)\n"
    "  --name NAME              layer name (default coverage_<quarter>_<year>)\n"
    "  --description TEXT       layer description (default: generated)\n"
    "  -j, --jobs N             threads for loading (default: all cores)\n"
    "  -q, --quiet              no warnings, only errors and the summary\n"
    "  -v, --verbose            also informational diagnostics\n"
    "\n"
    "Exit status: 0 when a layer was written (even if some files had errors), 1 when none could\n"
    "be, 2 for usage errors.\n";

int usage_error(const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap layer: %s\n(see sigma-heatmap layer --help)\n", msg.c_str());
    return 2;
}

bool parse_int(const std::string& s, int& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (*end || v < -1000000000L || v > 1000000000L) return false;
    out = static_cast<int>(v);
    return true;
}

}  // namespace

int cmd_layer(const Args& args) {
    sh::ScoreOptions sopt;
    sh::LayerOptions lopt;
    std::vector<std::string> paths, patterns, attack_data;
    std::string output, attack_version, domain, min_color, max_color;
    unsigned jobs = 0;
    bool quiet = false, verbose = false;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) -> bool {
            if (i + 1 >= args.size()) return false;
            dst = args[++i];
            return true;
        };
        std::string v;
        if (a == "-h" || a == "--help") {
            std::fputs(kLayerHelp, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            if (!value(output)) return usage_error("-o needs a file name");
        } else if (a == "--score") {
            if (!value(v)) return usage_error("--score needs a profile");
            auto p = sh::parse_profile(v);
            if (!p) return usage_error("unknown score profile '" + v + "' (seed, count, max, level)");
            sopt.profile = *p;
        } else if (a == "--min-level") {
            if (!value(v)) return usage_error("--min-level needs a level");
            auto l = sh::parse_level(v);
            if (!l) return usage_error("unknown level '" + v + "' (informational, low, medium, high, critical)");
            sopt.min_level = *l;
        } else if (a == "--min-status") {
            if (!value(v)) return usage_error("--min-status needs a status");
            auto s = sh::parse_status(v);
            if (!s) return usage_error("unknown status '" + v + "' (unsupported, deprecated, experimental, test, stable)");
            sopt.min_status = *s;
        } else if (a == "--no-subtechniques" || a == "-S") {
            sopt.subtechniques = false;
        } else if (a == "--subtechniques" || a == "-s") {
            sopt.subtechniques = true;
        } else if (a == "--tactics") {
            if (!value(v) || (v != "all" && v != "tagged")) return usage_error("--tactics takes all or tagged");
            sopt.placement = v == "all" ? sh::TacticPlacement::All : sh::TacticPlacement::Tagged;
        } else if (a == "--min-score" || a == "--max-score") {
            int n = 0;
            if (!value(v) || !parse_int(v, n)) return usage_error(a + " needs a whole number");
            (a == "--min-score" ? lopt.min_score : lopt.max_score) = n;
        } else if (a == "--min-color") {
            if (!value(min_color)) return usage_error("--min-color needs a colour");
        } else if (a == "--max-color") {
            if (!value(max_color)) return usage_error("--max-color needs a colour");
        } else if (a == "--file-pattern" || a == "-P") {
            if (!value(v)) return usage_error("--file-pattern needs a pattern");
            patterns.push_back(v);
        } else if (a == "--attack-data") {
            if (!value(v)) return usage_error("--attack-data needs a path");
            attack_data.push_back(v);
        } else if (a == "--attack-version") {
            if (!value(attack_version)) return usage_error("--attack-version needs a version");
        } else if (a == "--domain") {
            if (!value(domain)) return usage_error("--domain needs a domain");
        } else if (a == "--name") {
            if (!value(lopt.name)) return usage_error("--name needs a name");
        } else if (a == "--description") {
            if (!value(lopt.description)) return usage_error("--description needs a text");
        } else if (a == "-j" || a == "--jobs") {
            int n = 0;
            if (!value(v) || !parse_int(v, n) || n < 0) return usage_error("--jobs needs a number");
            jobs = static_cast<unsigned>(n);
        } else if (a == "-q" || a == "--quiet") {
            quiet = true;
        } else if (a == "-v" || a == "--verbose") {
            verbose = true;
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
    if (!min_color.empty() || !max_color.empty()) {
        lopt.colors = {min_color.empty() ? sh::kPaletteRedYellowGreen.front() : min_color,
                       max_color.empty() ? sh::kPaletteRedYellowGreen.back() : max_color};
    }
    if (patterns.empty()) patterns = {"*.yml", "*.yaml"};

    // ATT&CK catalogue: embedded default, or what --attack-data names.
    sh::Catalogue loaded;
    const sh::Catalogue* cat = &sh::default_catalogue();
    if (!attack_data.empty()) {
        sh::Diagnostics cd;
        const bool ok = load_attack_data(attack_data, attack_version, domain, loaded, cd);
        print_diagnostics(cd, verbose);
        if (!ok) {
            std::fprintf(stderr, "sigma-heatmap layer: no ATT&CK catalogue could be built from --attack-data\n");
            return 1;
        }
        cat = &loaded;
    }
    if (cat->techniques.empty()) {
        std::fprintf(stderr, "sigma-heatmap layer: the ATT&CK catalogue is empty\n");
        return 1;
    }

    sh::Diagnostics diags;
    const auto files = collect_rule_files(paths, patterns, diags);
    sh::LoadResult loaded_rules = load_rule_files(files, jobs, !quiet);
    diags.insert(diags.end(), loaded_rules.diagnostics.begin(), loaded_rules.diagnostics.end());

    const sh::ScoreResult scores = sh::score_rules(loaded_rules.rules, *cat, sopt);
    diags.insert(diags.end(), scores.diagnostics.begin(), scores.diagnostics.end());

    if (quiet) {
        sh::Diagnostics errors;
        for (const auto& d : diags)
            if (d.severity == sh::Severity::Error) errors.push_back(d);
        print_diagnostics(errors, false);
    } else {
        print_diagnostics(diags, verbose);
    }

    std::set<std::string> files_with_errors;
    int warnings = 0;
    for (const auto& d : diags) {
        if (d.severity == sh::Severity::Error) files_with_errors.insert(d.file);
        warnings += d.severity == sh::Severity::Warning;
    }
    if (loaded_rules.rules.empty()) {
        std::fprintf(stderr, "sigma-heatmap layer: no rules could be loaded from %zu file(s); no layer written\n",
                     files.size());
        return 1;
    }

    const std::string json = sh::write_layer(scores, loaded_rules.rules, *cat, sopt, lopt);
    if (!write_file(output, json)) {
        std::fprintf(stderr, "sigma-heatmap layer: cannot write %s\n", output.c_str());
        return 1;
    }
    std::set<std::string> techniques, subs;
    for (const auto& e : scores.entries) (e.technique.find('.') == std::string::npos ? techniques : subs).insert(e.technique);
    std::fprintf(stderr,
                 "sigma-heatmap: %zu rules loaded from %zu files (%zu with errors, %d warnings); %zu techniques and "
                 "%zu sub-techniques covered (ATT&CK %s, score %s) -> %s\n",
                 loaded_rules.rules.size(), files.size(), files_with_errors.size(), warnings, techniques.size(),
                 subs.size(), cat->attack_version.c_str(), sh::profile_name(sopt.profile), output.c_str());
    return 0;
}

}  // namespace cli
