// options.cpp — shared option parsing and input loading for `layer`, `gaps` and `diff`.
#include "options.hpp"

#include <cstdio>
#include <cstdlib>

#include "io.hpp"

namespace cli {

bool next_value(const Args& args, std::size_t& i, std::string& dst) {
    if (i + 1 >= args.size()) return false;
    dst = args[++i];
    return true;
}

bool parse_int(const std::string& s, int& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (*end || v < -1000000000L || v > 1000000000L) return false;
    out = static_cast<int>(v);
    return true;
}

const char* kCommonOptionsHelp =
    "  --score PROFILE          seed (default): best rule level per technique, informational 10,\n"
    "                           low 30, medium 50, high 80, critical 100; count: number of rules;\n"
    "                           max: highest level (1..5); level: sum of level weights 1/2/4/8/12;\n"
    "                           quality: best rule quality score from --quality test results.\n"
    "                           A rule counts once per technique.\n"
    "  --quality FILE.csv       rule test results for --score quality: rule (id or title),\n"
    "                           precision, false_positive_rate (0..1 or 90%); rule score =\n"
    "                           round(100 x precision x (1 - fpr)), untested rules 0 (see --weights)\n"
    "  --min-level LEVEL        only rules of at least this level (informational..critical)\n"
    "  --min-status STATUS      only rules of at least this status\n"
    "                           (unsupported < deprecated < experimental < test < stable)\n"
    "  --no-subtechniques       count sub-technique tags for their parent technique\n"
    "  --subtechniques          keep sub-techniques separate (default)\n"
    "  --tactics all|tagged     place a technique under all its tactics (default) or only under the\n"
    "                           tactics the rule is tagged with\n"
    "  --file-pattern GLOB      file names to take from folders (repeatable; default *.yml, *.yaml in any case)\n"
    "  --attack-data PATH       ATT&CK data instead of the embedded Enterprise v19: an official STIX\n"
    "                           bundle, a MISP galaxy folder, or a catalogue file (repeatable)\n"
    "  --attack-version V       ATT&CK version of --attack-data when the data does not say it\n"
    "  --domain DOMAIN          ATT&CK domain (default enterprise-attack)\n"
    "  --platform NAME          only techniques of this platform in KPIs and gaps, and the layer's\n"
    "                           platform filter (repeatable: any of them)\n"
    "  -j, --jobs N             threads for loading (default: all cores)\n"
    "  -q, --quiet              no warnings, only errors and the summary\n"
    "  -v, --verbose            also informational diagnostics\n";

const char* kGapOptionsHelp =
    "  --kpi-threshold N        score that counts as covered well in KPIs; techniques below it are\n"
    "                           gaps (default 80)\n"
    "  --top N                  gaps listed (default 10; 0 = all)\n"
    "  --gap-level LEVEL        techniques (default: a parent's score and frequency are the best of\n"
    "                           itself and its sub-techniques) or all (sub-techniques on their own)\n"
    "  --frequency FILE.csv     adversary frequency per technique as % of incidents\n"
    "                           (technique,frequency); default: % of ATT&CK groups and campaigns\n"
    "  --weights FILE.yml       priority weights and tactic criticality (YAML; see docs/ci.md and\n"
    "                           README): priority = impact_weight x criticality\n"
    "                           + threat_weight x frequency - score / coverage_divisor\n";

const char* kAlertOptionsHelp =
    "  --threshold N            alert threshold (default 50): a technique whose best score fell from\n"
    "                           N or more to below N is a new gap\n"
    "  --fail-on-drop T         exit 3 when any technique fell from T or more to below T\n"
    "  --alert-format FORMAT    text (default): '5 techniques dropped below 50 since NAME' and the\n"
    "                           list; slack: a Slack incoming-webhook JSON payload\n"
    "  --alert-out FILE         write the alert there (default: stdout)\n"
    "  --diff-out FILE          write the diff layer there: score = change, red lost .. blue gained\n";

OptionResult parse_common_option(const Args& args, std::size_t& i, CommonOptions& o, std::string& error) {
    const std::string& a = args[i];
    std::string v;
    auto value = [&](std::string& dst) { return next_value(args, i, dst); };
    auto fail = [&](std::string msg) {
        error = std::move(msg);
        return OptionResult::Error;
    };
    if (a == "--score") {
        if (!value(v)) return fail("--score needs a profile");
        auto p = sh::parse_profile(v);
        if (!p) return fail("unknown score profile '" + v + "' (seed, count, max, level, quality)");
        o.score.profile = *p;
    } else if (a == "--min-level") {
        if (!value(v)) return fail("--min-level needs a level");
        auto l = sh::parse_level(v);
        if (!l) return fail("unknown level '" + v + "' (informational, low, medium, high, critical)");
        o.score.min_level = *l;
    } else if (a == "--min-status") {
        if (!value(v)) return fail("--min-status needs a status");
        auto s = sh::parse_status(v);
        if (!s) return fail("unknown status '" + v + "' (unsupported, deprecated, experimental, test, stable)");
        o.score.min_status = *s;
    } else if (a == "--no-subtechniques" || a == "-S") {
        o.score.subtechniques = false;
    } else if (a == "--subtechniques" || a == "-s") {
        o.score.subtechniques = true;
    } else if (a == "--tactics") {
        if (!value(v) || (v != "all" && v != "tagged")) return fail("--tactics takes all or tagged");
        o.score.placement = v == "all" ? sh::TacticPlacement::All : sh::TacticPlacement::Tagged;
    } else if (a == "--file-pattern" || a == "-P") {
        if (!value(v)) return fail("--file-pattern needs a pattern");
        o.patterns.push_back(v);
    } else if (a == "--attack-data") {
        if (!value(v)) return fail("--attack-data needs a path");
        o.attack_data.push_back(v);
    } else if (a == "--attack-version") {
        if (!value(o.attack_version)) return fail("--attack-version needs a version");
    } else if (a == "--domain") {
        if (!value(o.domain)) return fail("--domain needs a domain");
    } else if (a == "--platform") {
        if (!value(v) || v.empty()) return fail("--platform needs a platform name (e.g. Windows)");
        o.platforms.push_back(v);
    } else if (a == "--quality") {
        if (!value(o.quality_csv)) return fail("--quality needs a CSV file");
    } else if (a == "--weights") {
        if (!value(o.weights_yaml)) return fail("--weights needs a YAML file");
    } else if (a == "--frequency") {
        if (!value(o.frequency_csv)) return fail("--frequency needs a CSV file");
    } else if (a == "--kpi-threshold") {
        int n = 0;
        if (!value(v) || !parse_int(v, n) || n < 1) return fail("--kpi-threshold needs a whole number >= 1");
        o.kpi_threshold = n;
    } else if (a == "--top") {
        int n = 0;
        if (!value(v) || !parse_int(v, n) || n < 0) return fail("--top needs a whole number >= 0");
        o.top = static_cast<std::size_t>(n);
    } else if (a == "--gap-level") {
        if (!value(v) || (v != "techniques" && v != "all")) return fail("--gap-level takes techniques or all");
        o.gap_subtechniques = v == "all";
    } else if (a == "-j" || a == "--jobs") {
        int n = 0;
        if (!value(v) || !parse_int(v, n) || n < 0) return fail("--jobs needs a number");
        o.jobs = static_cast<unsigned>(n);
    } else if (a == "-q" || a == "--quiet") {
        o.quiet = true;
    } else if (a == "-v" || a == "--verbose") {
        o.verbose = true;
    } else {
        return OptionResult::NotMine;
    }
    return OptionResult::Taken;
}

OptionResult parse_alert_option(const Args& args, std::size_t& i, AlertOptions& o, std::string& error) {
    const std::string& a = args[i];
    std::string v;
    auto value = [&](std::string& dst) { return next_value(args, i, dst); };
    auto fail = [&](std::string msg) {
        error = std::move(msg);
        return OptionResult::Error;
    };
    if (a == "--threshold") {
        int n = 0;
        if (!value(v) || !parse_int(v, n) || n < 1) return fail("--threshold needs a whole number >= 1");
        o.threshold = n;
    } else if (a == "--fail-on-drop") {
        int n = 0;
        if (!value(v) || !parse_int(v, n) || n < 1) return fail("--fail-on-drop needs a whole number >= 1");
        o.fail_on_drop = n;
    } else if (a == "--alert-format") {
        if (!value(v) || (v != "text" && v != "slack")) return fail("--alert-format takes text or slack");
        o.slack = v == "slack";
    } else if (a == "--alert-out") {
        if (!value(o.alert_out) || o.alert_out.empty()) return fail("--alert-out needs a file name");
    } else if (a == "--diff-out") {
        if (!value(o.diff_out) || o.diff_out.empty()) return fail("--diff-out needs a file name");
    } else {
        return OptionResult::NotMine;
    }
    return OptionResult::Taken;
}

bool load_catalogue(const char* command, const std::vector<std::string>& attack_data, const std::string& version,
                    const std::string& domain, bool verbose, sh::Catalogue& loaded, const sh::Catalogue*& cat) {
    cat = &sh::default_catalogue();
    if (!attack_data.empty()) {
        sh::Diagnostics cd;
        const bool ok = load_attack_data(attack_data, version, domain, loaded, cd);
        print_diagnostics(cd, verbose);
        if (!ok) {
            std::fprintf(stderr, "sigma-heatmap %s: no ATT&CK catalogue could be built from --attack-data\n", command);
            return false;
        }
        cat = &loaded;
    }
    if (cat->techniques.empty()) {
        std::fprintf(stderr, "sigma-heatmap %s: the ATT&CK catalogue is empty\n", command);
        return false;
    }
    if (!domain.empty() && domain != cat->domain) {
        // Never label enterprise data as another domain: the layer would silently show the wrong matrix.
        std::fprintf(stderr,
                     "sigma-heatmap %s: --domain %s does not match the ATT&CK data (%s); give that domain's data "
                     "with --attack-data (e.g. the official %s STIX bundle)\n",
                     command, domain.c_str(), cat->domain.c_str(), domain.c_str());
        return false;
    }
    return true;
}

int load_inputs(const char* command, const std::vector<std::string>& paths, CommonOptions& o, Inputs& in) {
    if (!load_catalogue(command, o.attack_data, o.attack_version, o.domain, o.verbose, in.loaded, in.cat)) return 1;

    // Report inputs first: a broken weights or quality file stops before minutes of rule loading.
    sh::Diagnostics early;
    bool ok = true;
    if (!o.weights_yaml.empty()) {
        if (auto text = read_file(o.weights_yaml, early))
            ok = sh::parse_weights_yaml(*text, o.weights_yaml, in.weights, &in.quality, early) && ok;
        else
            ok = false;
    }
    if (o.score.profile == sh::ScoreProfile::Quality) {
        if (o.quality_csv.empty()) {
            std::fprintf(stderr, "sigma-heatmap %s: --score quality needs --quality FILE.csv (rule test results)\n", command);
            return 2;
        }
    }
    if (!o.quality_csv.empty()) {
        if (auto text = read_file(o.quality_csv, early)) {
            const auto results = sh::parse_rule_tests_csv(*text, o.quality_csv, early);
            sh::apply_quality_scores(results, in.quality, o.score);
            if (o.score.profile != sh::ScoreProfile::Quality)
                early.push_back({sh::Severity::Warning, o.quality_csv, 0, 0,
                                 "test results are only used with --score quality"});
        } else {
            ok = false;
        }
    }
    if (!o.frequency_csv.empty()) {
        if (auto text = read_file(o.frequency_csv, early)) {
            in.frequency = sh::parse_frequency_csv(*text, o.frequency_csv, *in.cat, early);
            in.have_frequency = true;
        } else {
            ok = false;
        }
    }
    if (!ok) {
        print_diagnostics(early, o.verbose);
        std::fprintf(stderr, "sigma-heatmap %s: cannot use the weights/quality/frequency file\n", command);
        return 1;
    }

    in.diags = std::move(early);
    in.files = collect_rule_files(paths, o.patterns, in.diags);
    in.rules = load_rule_files(in.files, o.jobs, !o.quiet);
    in.diags.insert(in.diags.end(), in.rules.diagnostics.begin(), in.rules.diagnostics.end());
    in.scores = sh::score_rules(in.rules.rules, *in.cat, o.score);
    in.diags.insert(in.diags.end(), in.scores.diagnostics.begin(), in.scores.diagnostics.end());
    return 0;
}

void print_input_diagnostics(const CommonOptions& o, const sh::Diagnostics& diags) {
    if (o.quiet) {
        sh::Diagnostics errors;
        for (const auto& d : diags)
            if (d.severity == sh::Severity::Error) errors.push_back(d);
        print_diagnostics(errors, false);
    } else {
        print_diagnostics(diags, o.verbose);
    }
}

int emit_alert(const char* command, const sh::LayerDiff& diff, const sh::Catalogue& cat, const AlertOptions& o,
               bool stdout_taken) {
    const std::string text = o.slack ? sh::alert_slack_json(diff) : sh::alert_text(diff);
    if (!o.alert_out.empty()) {
        if (!write_file(o.alert_out, text)) {
            std::fprintf(stderr, "sigma-heatmap %s: cannot write %s\n", command, o.alert_out.c_str());
            return 1;
        }
    } else {
        std::fputs(text.c_str(), stdout_taken ? stderr : stdout);
        std::fflush(stdout_taken ? stderr : stdout);
    }
    if (!o.diff_out.empty() && !write_file(o.diff_out, sh::write_diff_layer(diff, cat))) {
        std::fprintf(stderr, "sigma-heatmap %s: cannot write %s\n", command, o.diff_out.c_str());
        return 1;
    }
    if (o.fail_on_drop > 0) {
        const auto dropped = sh::dropped_below(diff, o.fail_on_drop);
        if (!dropped.empty()) {
            std::fprintf(stderr, "sigma-heatmap %s: %zu technique%s dropped below %d (--fail-on-drop): exit %d\n", command,
                         dropped.size(), dropped.size() == 1 ? "" : "s", o.fail_on_drop, kExitDropped);
            return kExitDropped;
        }
    }
    return 0;
}

}  // namespace cli
