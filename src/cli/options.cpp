// options.cpp — the shared option groups and input loading for `layer`, `gaps` and `diff`.
#include "options.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <thread>

#include "io.hpp"

namespace cli {

static void add_rule_input_options(CLI::App& cmd, CommonOptions& o) {
    in_group(cmd, group::kRuleInput);
    add_text(cmd, "--file-pattern,-P", o.patterns,
             "file names to take from folders and .zip archives (default *.yml and *.yaml, any case)", "GLOB");
    add_number(cmd, "-j,--jobs", o.jobs, "threads for loading (0: all cores)", 0, 1024);
    cmd.add_flag("--full-yaml-parse", o.full_yaml_parse,
                 "let yaml-cpp parse every rule document whole instead of only the keys coverage reads (same "
                 "result, slower; for benchmarks and for telling a loader bug from a YAML one)");
}

static void add_scoring_options(CLI::App& cmd, CommonOptions& o) {
    in_group(cmd, group::kScoring);
    add_choice(cmd, "--score", {"seed", "count", "max", "level", "quality"},
               [&o](const std::string& v) { o.score.profile = *sh::parse_profile(v); },
               "seed: best rule level per technique (informational 10, low 30, medium 50, high 80, critical 100); "
               "count: number of rules; max: highest level (1..5); level: sum of level weights 1/2/4/8/12; "
               "quality: best rule quality score from --quality test results. A rule counts once per technique.",
               "seed");
    add_file(cmd, "--quality", o.quality_csv,
             "rule test results for --score quality: rule (id or title), precision, false_positive_rate (0..1 or "
             "90%); rule score = round(100 x precision x (1 - fpr)), untested rules 0 (see --weights)",
             "FILE.csv");
    add_choice(cmd, "--min-level", {"informational", "low", "medium", "high", "critical"},
               [&o](const std::string& v) { o.score.min_level = *sh::parse_level(v); },
               "only rules of at least this level");
    add_choice(cmd, "--min-status", {"unsupported", "deprecated", "experimental", "test", "stable"},
               [&o](const std::string& v) { o.score.min_status = *sh::parse_status(v); },
               "only rules of at least this status (unsupported < deprecated < experimental < test < stable)");
    cmd.add_flag_callback("--no-subtechniques,-S", [&o] { o.score.subtechniques = false; },
                          "count sub-technique tags for their parent technique");
    cmd.add_flag_callback("--subtechniques,-s", [&o] { o.score.subtechniques = true; },
                          "keep sub-techniques separate (the default)");
    add_choice(cmd, "--tactics", {"all", "tagged"},
               [&o](const std::string& v) {
                   o.score.placement = v == "all" ? sh::TacticPlacement::All : sh::TacticPlacement::Tagged;
               },
               "place a technique under every tactic the catalogue gives it (as sigma analyze attack), or only under "
               "the rule's own tactic tags (all, with a diagnostic, when they do not fit)",
               "all");
}

void add_report_options(CLI::App& cmd, CommonOptions& o) {
    in_group(cmd, group::kReport);
    non_empty(add_text(cmd, "--platform", o.platforms,
                       "only techniques of this platform in KPIs, gaps and alerts, and the layer's platform filter "
                       "(any of them)",
                       "NAME"),
              "a platform name (e.g. Windows)");
    add_number(cmd, "--kpi-threshold", o.kpi_threshold,
               "score that counts as covered well in KPIs; techniques below it are gaps", 1);
    add_number(cmd, "--top", o.top, "gaps listed (0: all)", 0);
    add_choice(cmd, "--gap-level", {"techniques", "all"}, [&o](const std::string& v) { o.gap_subtechniques = v == "all"; },
               "techniques: a parent's score and frequency are the best of itself and its sub-techniques; all: "
               "sub-techniques ranked on their own",
               "techniques");
    add_file(cmd, "--frequency", o.frequency_csv,
             "adversary frequency per technique as % of incidents (technique,frequency); default: % of ATT&CK groups "
             "and campaigns using it",
             "FILE.csv");
    add_file(cmd, "--weights", o.weights_yaml,
             "priority weights and tactic criticality (YAML; see README): priority = impact_weight x criticality + "
             "threat_weight x frequency - score / coverage_divisor",
             "FILE.yml");
}

void add_attack_data_options(CLI::App& cmd, std::vector<std::string>& attack_data, std::string& attack_version,
                             std::string& domain) {
    in_group(cmd, group::kAttackData);
    add_file(cmd, "--attack-data", attack_data,
             "ATT&CK data instead of the embedded Enterprise v19: an official STIX bundle, a MISP galaxy folder, or a "
             "catalogue file",
             "PATH");
    non_empty(add_text(cmd, "--attack-version", attack_version,
                       "ATT&CK version of --attack-data when the data does not say it (a STIX bundle without "
                       "x-mitre-collection says it by MITRE's file name, e.g. enterprise-attack-18.1.json)",
                       "V"),
              "a version (e.g. 18.1)");
    non_empty(add_text(cmd, "--domain", domain,
                       "ATT&CK domain; it must match the data (default: the data's, enterprise-attack for the embedded "
                       "catalogue)",
                       "DOMAIN"),
              "a domain (e.g. enterprise-attack)");
}

void add_rule_options(CLI::App& cmd, CommonOptions& o) {
    add_rule_input_options(cmd, o);
    add_scoring_options(cmd, o);
    add_attack_data_options(cmd, o.attack_data, o.attack_version, o.domain);
}

void add_threat_options(CLI::App& cmd, CommonOptions& o) {
    in_group(cmd, group::kThreats);
    CLI::Option* threat =
        non_empty(add_text(cmd, "--threat", o.threats,
                           "a group, campaign or software by id, name or alias (G0016, APT29, 'Cozy Bear', "
                           "C0024, S0002): how well its techniques are covered, and the gap priority's "
                           "frequency becomes the share of the selected threats using a technique (unless "
                           "--frequency is given)",
                           "ID|NAME"),
                  "a threat (id, name or alias)");
    add_file(cmd, "--threat-layer", o.threat_layer,
             "write a Navigator layer of the selected threats' techniques scored with our scores (uncovered ones 0, "
             "coloured as gaps; the threats in its metadata)")
        ->needs(threat);
}

void add_message_options(CLI::App& cmd, bool& quiet, bool& verbose) {
    in_group(cmd, group::kMessages);
    cmd.add_flag("-q,--quiet", quiet, "no warnings, only errors and the summary");
    cmd.add_flag("-v,--verbose", verbose, "also informational diagnostics");
}

void add_alert_options(CLI::App& cmd, AlertOptions& o) {
    in_group(cmd, group::kAlert);
    add_number(cmd, "--threshold", o.threshold,
               "alert threshold: a technique whose best score fell from N or more to below N is a new gap", 1);
    add_number(cmd, "--fail-on-drop", [&o](int t) { o.fail_on_drop = t; },
               "exit 3 when any technique fell from T or more to below T", 1)
        ->type_name("T");
    add_choice(cmd, "--alert-format", {"text", "slack"}, [&o](const std::string& v) { o.slack = v == "slack"; },
               "text: 'N techniques dropped below T since NAME' and the list; slack: a Slack incoming-webhook JSON "
               "payload",
               "text");
    add_file(cmd, "--alert-out", o.alert_out, "write the alert there (default: stdout)");
    add_file(cmd, "--diff-out", o.diff_out, "write the diff layer there: score = change, red lost .. blue gained");
}

void add_compare_options(CLI::App& cmd, CompareOptions& o, unsigned parts, const std::string& at) {
    in_group(cmd, group::kCompare);
    const std::string checked = at.empty() ? "" : " at " + at;
    if (parts & kComparePrev)
        add_file(cmd, "--prev", o.prev,
                 "diff against a previous layer (any Navigator 4.x layer) and print the alert (on stderr when the layer "
                 "itself goes to stdout)",
                 "PREV.json");
    add_file(cmd, "--baseline", o.baseline,
             "compare " + (at.empty() ? "" : at + " ") +
                 "with a reference layer: techniques it covers that we do not, and where we are ahead (a parent counts "
                 "as covered when any of its sub-techniques is)",
             "LAYER.json");
    CLI::Option* targets = add_file(cmd, "--targets", o.targets,
                                    "technique ids one per line, CSV technique[,min_score], or a layer whose scored "
                                    "techniques are the targets (e.g. a threat-actor layer)" +
                                        (at.empty() ? "" : ", checked" + checked));
    add_number(cmd, "--target-score", o.target_score, "score a target needs when the file gives none (1: covered)", 1);
    if (parts & kCompareFailOnGaps)
        cmd.add_flag("--fail-on-gaps", o.fail_on_gaps, "exit 4 when a target is not met" + checked)->needs(targets);
    if (parts & kCompareReport)
        add_file(cmd, "--report", o.report,
                 "KPIs, top gaps, board summary, and the diff/baseline/targets/latency/trend when asked for, as JSON "
                 "(the same as the page's summary())",
                 "FILE.json");
    add_file(cmd, "--alerts", o.alerts_csv,
             "SIEM alerts (rule, event_time, detection_time): the rules' median detection latency in the report and on "
             "the board",
             "FILE.csv");
    if (parts & kCompareHistory)
        add_file(cmd, "--history", o.history, "an earlier layer for the trend (ordered by date metadata, else by name)",
                 "LAYER.json");
    if (!(parts & kCompareReport)) return;
    add_file(cmd, "--board-html", o.board_html,
                                       "the board as one self-contained HTML document, as `sigma-heatmap board` "
                                       "writes it (KPIs, gaps, trend, alert, targets, baseline, heat-map)",
                                       "FILE.html");
    cmd.add_option_function<std::string>("--date", [&o](const std::string& v) { o.date = v; },
                                         "the reports' date (default: today, YYYY-MM-DD): the current rules' point "
                                         "in the trend, and the date under the board's title (other words: only "
                                         "there; '' for none)")
        ->type_name("TEXT");
}

bool read_compared(const CompareOptions& o, const sh::Catalogue& cat, Compared& out, sh::Diagnostics& diags) {
    auto coverage = [&](const std::string& path, sh::Coverage& cov) {
        auto text = read_file(path, sh::InputKind::Layer, diags);
        return text && sh::coverage_from_layer_text(*text, path, &cat, cov, diags);
    };
    bool ok = true;
    if (!o.prev.empty()) {
        const bool read = coverage(o.prev, out.prev);
        if (read) sh::warn_uncharted_entries(out.prev, cat, diags);  // compared as written: said here
        ok = read && ok;
    }
    if (!o.baseline.empty()) ok = coverage(o.baseline, out.baseline) && ok;
    if (!o.targets.empty()) {
        auto text = read_file(o.targets, sh::InputKind::Layer, diags);  // a layer or a CSV: read_targets checks the CSV's limit
        ok = text && sh::read_targets(*text, o.targets, cat, o.target_score, out.targets, diags) && ok;
    }
    for (const auto& h : o.history) ok = coverage(h, out.history.emplace_back()) && ok;
    if (!o.alerts_csv.empty()) {
        if (auto text = read_file(o.alerts_csv, sh::InputKind::ReportCsv, diags))
            out.alerts = sh::parse_alerts_csv(*text, o.alerts_csv, diags);
        else
            ok = false;
    }
    return ok;
}

sh::ReportInputs report_inputs(const CommonOptions& co, const Inputs& in, const CompareOptions& c, Compared& cmp) {
    sh::ReportInputs ri;
    ri.kpi.threshold = co.kpi_threshold;
    ri.kpi.platforms = co.platforms;
    ri.diff.platforms = co.platforms;  // a --prev alert on the report's platforms, as its KPIs
    ri.top = co.top;
    ri.gap_subtechniques = co.gap_subtechniques;
    ri.weights = in.weights;
    ri.date = c.date && sh::is_iso_date(*c.date) ? *c.date : today();  // the current point of the trend
    ri.frequency = in.have_frequency ? &in.frequency : nullptr;
    ri.history = std::move(cmp.history);
    ri.previous = c.prev.empty() ? nullptr : &cmp.prev;
    ri.baseline = c.baseline.empty() ? nullptr : &cmp.baseline;
    ri.targets = c.targets.empty() ? nullptr : &cmp.targets;
    ri.alerts = c.alerts_csv.empty() ? nullptr : &cmp.alerts;
    ri.alerts_file = c.alerts_csv;
    ri.threats = in.threats;
    return ri;
}

void print_baseline(const sh::BaselineComparison& base) {
    std::string missing;
    for (const auto& r : base.missing) missing += (missing.empty() ? "" : ", ") + r.technique;
    std::fprintf(stderr, "baseline %s: %zu covered there but not here%s%s; %zu covered here but not there; %d both\n",
                 base.reference_name.c_str(), base.missing.size(), missing.empty() ? "" : ": ", missing.c_str(),
                 base.ahead.size(), base.both);
}

void print_targets(const sh::TargetReport& targets, const std::string& at) {
    std::string missing;
    for (const auto& r : targets.rows)
        if (!r.met)
            missing += (missing.empty() ? "" : ", ") + r.technique + " (" + std::to_string(r.score) + " < " +
                       std::to_string(r.min_score) + ")";
    std::fprintf(stderr, "targets%s: %d of %zu met%s%s\n", at.empty() ? "" : (" at " + at).c_str(), targets.met,
                 targets.rows.size(), missing.empty() ? "" : "; not met: ", missing.c_str());
}

bool load_catalogue(const char* command, const std::vector<std::string>& attack_data, const std::string& version,
                    const std::string& domain, bool verbose, sh::Catalogue& loaded, const sh::Catalogue*& cat) {
    if (attack_data.empty()) {
        cat = &sh::default_catalogue();  // built on first use: not at all beside --attack-data
    } else {
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

namespace {

// The rules loading on a thread of its own while the caller builds the catalogue from
// --attack-data (about as long as the rules for a 30 MB bundle, and both use every core). Its
// diagnostics are kept apart and handed over in the order of a one-by-one run; leaving early
// (a usage error) stops it.
struct RulesInBackground {
    std::vector<RuleFile> files;
    sh::Diagnostics diags;  // from finding the files
    sh::LoadResult rules;
    LoadControl control;
    std::exception_ptr failure;  // what the loading threw: thrown again by finish(), as a one-by-one run would
    std::thread thread;

    RulesInBackground(const std::vector<std::string>& paths, const CommonOptions& o) {
        control.may_report = false;  // the catalogue's diagnostics are printed meanwhile
        thread = std::thread([this, &paths, &o] {
            try {
                files = collect_rule_inputs(paths, o.patterns, diags);
                rules = load_rule_files(files, o.jobs, !o.quiet, o.full_yaml_parse, &control);
            } catch (...) {
                failure = std::current_exception();
            }
        });
    }
    ~RulesInBackground() {
        if (thread.joinable()) {
            control.stop = true;
            thread.join();
        }
    }
    void finish(Inputs& in) {
        control.may_report = true;
        thread.join();
        if (failure) std::rethrow_exception(failure);
        in.files = std::move(files);
        in.diags.insert(in.diags.end(), diags.begin(), diags.end());
        in.rules = std::move(rules);
    }
};

}  // namespace

void print_input_diagnostics(const Inputs& in, const CommonOptions& o) {
    print_diagnostics(in.diags, o.verbose || in.rules.rules.empty(), o.quiet);
}

void resolve_platforms(const sh::Catalogue& cat, std::vector<std::string>& platforms) {
    for (auto& p : platforms) {
        if (const auto name = sh::catalogue_platform(cat, p)) {
            p = *name;
            continue;
        }
        std::string known;
        for (const auto& q : sh::catalogue_platforms(cat)) known += (known.empty() ? "" : ", ") + q;
        throw UsageError("--platform: no technique of " + cat.label() + " is on '" + p + "'; its platforms: " + known);
    }
}

int load_inputs(const char* command, const std::vector<std::string>& paths, CommonOptions& o, Inputs& in) {
    std::optional<RulesInBackground> background;
    if (!o.attack_data.empty()) background.emplace(paths, o);
    if (!load_catalogue(command, o.attack_data, o.attack_version, o.domain, o.verbose, in.loaded, in.cat)) return 1;
    resolve_platforms(*in.cat, o.platforms);

    // The threats before anything slow: a mistyped name is a usage error with the closest names.
    if (!o.threats.empty()) {
        sh::Diagnostics td;
        const bool ok = sh::resolve_threats(*in.cat, o.threats, "--threat", in.threats, td);
        for (const auto& d : td) {
            if (d.severity == sh::Severity::Error)
                std::fprintf(stderr, "sigma-heatmap %s: --threat: %s (see sigma-heatmap %s --help)\n", command,
                             d.message.c_str(), command);
            else if (!o.quiet)
                std::fprintf(stderr, "sigma-heatmap %s: --threat: %s\n", command, d.message.c_str());
        }
        if (!ok) return 2;
    }

    // Report inputs first: a broken weights or quality file stops before minutes of rule loading.
    sh::Diagnostics early;
    bool ok = true;
    auto read = [&](const std::string& path, sh::InputKind kind, auto&& use) {
        if (path.empty()) return;
        if (auto text = read_file(path, kind, early)) use(*text);
        else ok = false;
    };
    read(o.weights_yaml, sh::InputKind::WeightsYaml, [&](const std::string& text) {
        ok = sh::parse_weights_yaml(text, o.weights_yaml, in.weights, &in.quality, early) && ok;
    });
    if (o.score.profile == sh::ScoreProfile::Quality && o.quality_csv.empty()) {
        std::fprintf(stderr, "sigma-heatmap %s: --score quality needs --quality FILE.csv (rule test results)\n", command);
        return 2;
    }
    read(o.quality_csv, sh::InputKind::ReportCsv, [&](const std::string& text) {
        sh::apply_quality_scores(sh::parse_rule_tests_csv(text, o.quality_csv, early), in.quality, o.score);
        if (o.score.profile != sh::ScoreProfile::Quality)
            early.push_back({sh::Severity::Warning, o.quality_csv, 0, 0, "test results are only used with --score quality"});
    });
    read(o.frequency_csv, sh::InputKind::ReportCsv, [&](const std::string& text) {
        in.frequency = sh::parse_frequency_csv(text, o.frequency_csv, *in.cat, early);
        in.have_frequency = true;
    });
    if (!ok) {
        print_diagnostics(early, o.verbose);
        std::fprintf(stderr, "sigma-heatmap %s: cannot use the weights/quality/frequency file\n", command);
        return 1;
    }

    in.diags = std::move(early);
    if (background) {
        background->finish(in);
    } else {
        in.files = collect_rule_inputs(paths, o.patterns, in.diags);
        in.rules = load_rule_files(in.files, o.jobs, !o.quiet, o.full_yaml_parse);
    }
    in.diags.insert(in.diags.end(), in.rules.diagnostics.begin(), in.rules.diagnostics.end());
    in.scores = sh::score_rules(in.rules.rules, *in.cat, o.score);
    in.diags.insert(in.diags.end(), in.scores.diagnostics.begin(), in.scores.diagnostics.end());
    return 0;
}

int emit_alert(const char* command, const sh::LayerDiff& diff, const sh::Catalogue& cat, const AlertOptions& o,
               bool stdout_taken) {
    const std::string text = o.slack ? sh::alert_slack_json(diff) : sh::alert_text(diff);
    if (!o.alert_out.empty()) {
        if (!put_file(command, o.alert_out, text)) return 1;
    } else {
        std::fputs(text.c_str(), stdout_taken ? stderr : stdout);
        std::fflush(stdout_taken ? stderr : stdout);
    }
    if (!o.diff_out.empty() && !put_file(command, o.diff_out, sh::write_diff_layer(diff, cat))) return 1;
    if (o.fail_on_drop > 0) {
        const auto dropped = sh::dropped_below(diff, o.fail_on_drop);
        if (!dropped.empty()) {
            std::fprintf(stderr, "sigma-heatmap %s: %zu technique%s dropped below %d%s (--fail-on-drop): exit %d\n", command,
                         dropped.size(), dropped.size() == 1 ? "" : "s", o.fail_on_drop,
                         sh::alert_platform_words(diff).c_str(), kExitDropped);
            return kExitDropped;
        }
    }
    return 0;
}

}  // namespace cli

namespace cli {

sh::ThreatOptions threat_options(const CommonOptions& o, const Inputs& in) {
    sh::ThreatOptions t;
    t.threshold = o.kpi_threshold;
    t.platforms = o.platforms;
    t.top = o.top;
    t.weights = in.weights;
    return t;
}

sh::ThreatCoverage threat_coverage(const CommonOptions& o, const Inputs& in, const sh::Coverage& current) {
    return sh::compute_threat_coverage(current, *in.cat, in.threats, threat_options(o, in));
}

const sh::FrequencyTable* gap_frequency(const Inputs& in, const sh::ThreatCoverage& tc) {
    if (in.have_frequency) return &in.frequency;
    return tc.empty() ? nullptr : &tc.frequency;
}

int report_threats(const char* command, const CommonOptions& o, const sh::ThreatCoverage& tc, const sh::Catalogue& cat) {
    if (tc.empty()) return 0;
    std::fputs(sh::threat_coverage_to_text(tc).c_str(), stderr);
    if (!o.threat_layer.empty()) {
        if (!put_file(command, o.threat_layer, sh::write_threat_layer(tc, cat))) return 1;
        std::fprintf(stderr, "sigma-heatmap: threat layer -> %s\n", o.threat_layer.c_str());
    }
    return 0;
}

}  // namespace cli
