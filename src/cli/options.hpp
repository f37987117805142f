// options.hpp — the option groups commands share (which rules, how they are scored, which ATT&CK
// data, report weights, alerts, messages), declared once so the commands cannot drift apart; plus
// loading and scoring the rules once.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "commands.hpp"
#include "declare.hpp"
#include "io.hpp"
#include "core/catalogue.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"
#include "core/threats.hpp"

namespace cli {

// Exit codes beyond 0 (success), 1 (nothing could be produced) and 2 (usage).
constexpr int kExitDropped = 3;     // --fail-on-drop T: a technique fell from >= T to below T
constexpr int kExitTargetsMet = 4;  // --fail-on-gaps: a target is not met

// Rule selection, scoring, ATT&CK data and report inputs shared by `layer` and `gaps`.
struct CommonOptions {
    sh::ScoreOptions score;
    std::vector<std::string> patterns;     // --file-pattern (none: *.yml, *.yaml in any case)
    std::vector<std::string> attack_data;  // --attack-data
    std::string attack_version, domain;
    std::vector<std::string> platforms;    // --platform (repeatable): KPI/gap filter, layer filter
    std::string quality_csv;               // --quality FILE.csv (rule test results, --score quality)
    std::string weights_yaml;              // --weights FILE.yml (priority weights, quality formula)
    std::string frequency_csv;             // --frequency FILE.csv (technique,frequency %)
    int kpi_threshold = 80;                // --kpi-threshold: "covered well" at or above; gaps below
    std::size_t top = 10;                  // --top N
    bool gap_subtechniques = false;        // --gap-level techniques|all
    unsigned jobs = 0;
    bool full_yaml_parse = false;          // --full-yaml-parse (sh::LoadOptions::full_parse)
    bool quiet = false, verbose = false;
    std::vector<std::string> threats;      // --threat ID|NAME (repeatable)
    std::string threat_layer;              // --threat-layer FILE
};

// The shared option groups, each declared once and added to every command that takes it.
// Rule input (--file-pattern, --jobs, ...), Scoring (--score, --min-level, ...) and ATT&CK data: the
// groups of every command that loads rules, in this order.
void add_rule_options(CLI::App& cmd, CommonOptions& o);
void add_report_options(CLI::App& cmd, CommonOptions& o);      // --platform, --kpi-threshold, --top, ...
void add_attack_data_options(CLI::App& cmd, std::vector<std::string>& attack_data, std::string& attack_version,
                             std::string& domain);              // --attack-data, --attack-version, --domain
void add_message_options(CLI::App& cmd, bool& quiet, bool& verbose);  // -q, -v
void add_threat_options(CLI::App& cmd, CommonOptions& o);      // --threat, --threat-layer

// Everything loaded and computed from CommonOptions + rule paths.
struct Inputs {
    sh::Catalogue loaded;                     // when --attack-data was given
    const sh::Catalogue* cat = nullptr;       // the catalogue in use
    std::vector<RuleFile> files;              // rule files found (archive entries with their text)
    sh::LoadResult rules;
    sh::ScoreResult scores;
    sh::Diagnostics diags;                    // rule loading + scoring + report inputs
    sh::PriorityWeights weights;
    sh::QualityFormula quality;
    sh::FrequencyTable frequency;
    bool have_frequency = false;
    std::vector<const sh::Threat*> threats;   // --threat, resolved in the catalogue
};

// Loads the catalogue (printing its diagnostics), the weights, the quality CSV, the frequency CSV,
// the rules, and scores them. Returns 0, or the exit code to stop with (1 or 2) after saying why.
int load_inputs(const char* command, const std::vector<std::string>& paths, CommonOptions& o, Inputs& in);
// The diagnostics of loading them (print_diagnostics); when no rule loaded, the informational ones
// too, with or without -v: they say why (a folder of Sigma filters only).
void print_input_diagnostics(const Inputs& in, const CommonOptions& o);
// --platform names as the catalogue spells them ("linux" -> "Linux"); a name no technique has is a
// usage error naming the catalogue's platforms (a typo would otherwise filter everything out and
// report no gap at all).
void resolve_platforms(const sh::Catalogue& cat, std::vector<std::string>& platforms);
// The catalogue from --attack-data, or the embedded default. False (after saying why) on failure.
bool load_catalogue(const char* command, const std::vector<std::string>& attack_data, const std::string& version,
                    const std::string& domain, bool verbose, sh::Catalogue& loaded, const sh::Catalogue*& cat);

// Threat-informed coverage (--threat): options as the report's (--kpi-threshold, --platform, --top,
// --weights). Empty when no threat was selected.
sh::ThreatOptions threat_options(const CommonOptions& o, const Inputs& in);
sh::ThreatCoverage threat_coverage(const CommonOptions& o, const Inputs& in, const sh::Coverage& current);
// The adversary frequency of the gap priority: --frequency's CSV, else the selected threats' share,
// else nullptr (the share of ATT&CK groups and campaigns).
const sh::FrequencyTable* gap_frequency(const Inputs& in, const sh::ThreatCoverage& tc);
// Says on stderr how the selection is covered and writes --threat-layer; 1 when it cannot be written.
int report_threats(const char* command, const CommonOptions& o, const sh::ThreatCoverage& tc, const sh::Catalogue& cat);

// What `layer`, `board` and `history` compare the coverage with, and the report and board they write
// (group "Compare and report"); each command takes the parts it has.
struct CompareOptions {
    std::string prev, baseline, targets, alerts_csv, report, board_html;
    std::vector<std::string> history;
    std::optional<std::string> date;  // the reports' date: the trend's current point, the board's title
    int target_score = 1;
    bool fail_on_gaps = false;
};
enum ComparePart : unsigned { kComparePrev = 1, kCompareFailOnGaps = 2, kCompareReport = 4, kCompareHistory = 8 };
// --prev (kComparePrev), --baseline, --targets, --target-score, --fail-on-gaps (kCompareFailOnGaps),
// --report (kCompareReport), --alerts, --history (kCompareHistory), --board-html and --date
// (kCompareReport); `at` names what is compared when it is not the layer ("the newest point").
void add_compare_options(CLI::App& cmd, CompareOptions& o, unsigned parts, const std::string& at = "");

// The files CompareOptions names, read before anything is written so a bad one is a clean failure.
struct Compared {
    sh::Coverage prev, baseline;
    std::vector<sh::Coverage> history;
    std::vector<sh::Target> targets;
    std::vector<sh::AlertRecord> alerts;
};
bool read_compared(const CompareOptions& o, const sh::Catalogue& cat, Compared& out, sh::Diagnostics& diags);

// The inputs of sh::compute_report_set (`layer --report`, `board`, `history --report`): the report
// options and what was compared with (`cmp.history` moved); the caller sets scores, rules and name.
sh::ReportInputs report_inputs(const CommonOptions& co, const Inputs& in, const CompareOptions& c, Compared& cmp);
// "baseline NAME: N covered there but not here: IDS; N covered here but not there; N both"
void print_baseline(const sh::BaselineComparison& base);
// "targets[ at NAME]: N of N met; not met: ID (score < min), ..."
void print_targets(const sh::TargetReport& targets, const std::string& at);

// Alert options shared by `layer --prev` and `diff`.
struct AlertOptions {
    int threshold = 50;       // --threshold N
    int fail_on_drop = -1;    // --fail-on-drop T (-1: off)
    bool slack = false;       // --alert-format text|slack
    std::string alert_out;    // --alert-out FILE ("" -> stdout, or stderr when stdout holds a layer)
    std::string diff_out;     // --diff-out FILE (diff layer)
};
// --threshold, --fail-on-drop, --alert-format, --alert-out, --diff-out
void add_alert_options(CLI::App& cmd, AlertOptions& o);

// Writes the alert (text or Slack JSON) and the diff layer as asked; returns kExitDropped when
// --fail-on-drop is set and a technique dropped below it, 1 when a file cannot be written, else 0.
int emit_alert(const char* command, const sh::LayerDiff& diff, const sh::Catalogue& cat, const AlertOptions& o,
               bool stdout_taken);

}  // namespace cli
