// report.hpp — everything the SOC and the board read off the coverage, computed here so that the
// CLI, the page and the image writers only print or draw these numbers:
//   Coverage          one score per (technique, tactic), from our scores or from any Navigator layer
//   Kpis              coverage shares at two levels, per-tactic coverage, rules by level/status,
//                     fragile coverage (report_kpi.cpp)
//   LayerDiff         new/closed gaps and every score change between two layers, the alert text,
//                     the Slack payload and the diverging diff layer (report_diff.cpp)
//   Baseline/targets  what a reference layer covers that we do not; targets not met (report_diff.cpp)
//   GapRow            gap priority = impact × criticality + threat × frequency − score / divisor
//                     (report_gaps.cpp)
//   Trend             per-layer tactic coverage and ≥threshold share over time (report_kpi.cpp)
//   BoardSummary      KPI tiles, tactic bars, top gaps, trend: the board view's whole content
//   Latency, quality  median detection latency from a SIEM alert CSV; the `quality` score profile
//                     from a rule test-results CSV (report_quality.cpp)
//   CSV               one small RFC 4180 reader for every CSV input (report_csv.cpp)
//   JSON              one serialisation of each result (report_json.cpp), shared by `layer --report`
//                     and the page's summary(), so both say the same thing on the same inputs.
// Every function is pure and never throws: bad input becomes Diagnostics (with file and line).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.hpp"
#include "layer.hpp"
#include "result.hpp"
#include "rules.hpp"
#include "scoring.hpp"

namespace sh {

// 100 × part / whole; 0 when whole is 0.
double percent(int part, int whole);

// ---------------------------------------------------------------------------------------------
// Coverage: the common currency of every report.

struct CoverageEntry {
    std::string technique;  // upper-case id
    std::string tactic;     // shortname; "" = the whole technique (a layer entry without tactic
                            // whose technique the catalogue does not know)
    int score = 0;
};

struct Coverage {
    std::string name;            // layer name ("coverage_q3_2026"); "" when the layer has none
    std::string source;          // file name as the caller gave it
    std::string date;            // "YYYY-MM-DD" from the layer's metadata (date/created/generated/
                                 // modified), else derived from the name (coverage_q3_2026 ->
                                 // 2026-07-01, or a YYYY-MM-DD inside it), else ""
    std::string attack_version;  // versions.attack as the layer says
    std::string domain;
    std::vector<CoverageEntry> entries;  // unique (technique, tactic), sorted by technique then tactic
    std::vector<std::string> platforms;  // a layer's platform filter (layer_platforms; empty: all)
};

// Our own scores (entries carry over as they are).
// Dated `as_of` when that is a YYYY-MM-DD date (the current rules: today, or --date), else by the name.
Coverage coverage_from_scores(const ScoreResult& scores, const std::string& name, const std::string& as_of = "");

// Any Navigator layer v4.x (ours or another producer's), as read by sh::read_layer:
//  - entries without a score (colour-only annotations) are skipped (one Info diagnostic);
//  - duplicates keep the highest score per (technique, tactic);
//  - an entry without `tactic` applies to the technique as a whole: with a catalogue that knows
//    the technique, to each of its tactics (as Navigator shows it); otherwise kept with tactic "";
//  - a revoked id with a known replacement is counted for the replacement (Warning);
//  - disabled entries keep their score (enabled is a display choice in Navigator).
Coverage coverage_from_layer(const Layer& layer, const std::string& file, const Catalogue* cat, Diagnostics& diags);
// read_layer + coverage_from_layer + the layer-level metadata date. False when not a layer.
bool coverage_from_layer_text(std::string_view json_text, const std::string& file, const Catalogue* cat,
                              Coverage& out, Diagnostics& diags);

// For a layer that is compared (the diff's two sides, a previous layer): one Warning per entry
// the matrix cannot show, which the comparison still counts as written: a technique id the
// catalogue does not know ("technique T9999 is not in ATT&CK 19 enterprise-attack; compared as
// written") and a tactic the technique does not have. At most limits::kDiagnosticsPerKind of each
// kind, then a count. Entries without a tactic are not checked for one.
// Where an entry under a tactic its technique lacks goes (the same for both): `verb` is
// "compared" for a compared layer; a layer shown as a heat-map (layer_to_scores) says "shown" and
// passes unknown_ids false (it skips those entries, and says so itself).
void warn_uncharted_entries(const Coverage& c, const Catalogue& cat, Diagnostics& diags, const char* verb = "compared",
                            bool unknown_ids = true);

// Best score of a technique id over its tactics (0 when absent).
int technique_score(const Coverage& c, std::string_view technique);

// ---------------------------------------------------------------------------------------------
// KPIs.

struct KpiOptions {
    int threshold = 80;                  // "covered well": score >= threshold (and > 0)
    std::vector<std::string> platforms;  // empty: every technique; else techniques on any of these
    bool parent_from_subtechniques = true;  // techniques level: a parent's score is the best of its
                                            // own and its sub-techniques' (as the matrix shows it)
};

// One population of catalogue techniques and how many of them are covered.
struct CoverageCount {
    int total = 0;         // active (not revoked, not deprecated) techniques in the population
    int covered = 0;       // ... with score > 0
    int at_threshold = 0;  // ... with score >= threshold and > 0
    double covered_pct() const { return percent(covered, total); }
    double threshold_pct() const { return percent(at_threshold, total); }
};

struct TacticCoverage {
    std::string tactic;  // shortname
    std::string id;      // "TA0002"
    std::string name;    // "Execution"
    CoverageCount techniques;  // parent techniques listed under this tactic
    CoverageCount all;         // techniques + sub-techniques listed under this tactic
};

struct FragileTechnique {
    std::string technique, name;      // name as Navigator shows it ("OS Credential Dumping: LSASS Memory")
    int score = 0;                    // best over its tactics
    std::vector<uint32_t> rules;      // the rules behind it (indices into the rule vector)
};

struct Kpis {
    int threshold = 80;
    std::vector<std::string> platforms;  // the filter used ("" none)
    CoverageCount techniques;  // level 1: techniques only (sub-techniques roll up, see KpiOptions)
    CoverageCount all;         // level 2: techniques and sub-techniques, each on its own score
    std::vector<TacticCoverage> tactics;  // matrix order
    // Rules (all rules given, before the score filters), indexed by int(Level)+1 / int(Status)+1:
    // [0] = none, then informational..critical / unsupported..stable.
    int rules_total = 0;
    int rules_scored = 0;            // passed the filters
    int rules_with_techniques = 0;   // ... and placed on the matrix
    int rules_by_level[6] = {0, 0, 0, 0, 0, 0};
    int rules_by_status[6] = {0, 0, 0, 0, 0, 0};
    // Techniques and sub-techniques (active, in the platform filter) with a score > 0 whose every
    // rule has a status below stable (experimental, test, deprecated, unsupported); a rule without
    // a status is not called fragile (unknown is not the same as unproven). Sorted by id.
    std::vector<FragileTechnique> fragile;
};

// Whether a technique counts in the KPIs: active (not revoked, not deprecated) and, when a platform
// filter is set, on one of those platforms.
bool in_kpi_population(const Technique& t, const KpiOptions& opt);
// Coverage numbers only (rules_* and fragile stay empty): used for any layer, e.g. trends.
Kpis compute_coverage_kpis(const Coverage& c, const Catalogue& cat, const KpiOptions& opt);
// Everything, for the current rule set.
Kpis compute_kpis(const std::vector<Rule>& rules, const ScoreResult& scores, const Catalogue& cat,
                  const KpiOptions& opt);

// Name as Navigator shows it: "PowerShell" for T1059.001 becomes "Command and Scripting
// Interpreter: PowerShell"; "" when the catalogue does not know the id.
std::string display_name(const Catalogue& cat, std::string_view technique);

// ---------------------------------------------------------------------------------------------
// Diff of two layers, alerts.

struct DiffOptions {
    int threshold = 50;  // new gap: dropped from >= threshold to below it; closed gap: the reverse
    // Only techniques on one of these platforms (as the catalogue spells them; on_platforms), as
    // the KPIs count under a platform filter; empty: all. Ids the catalogue lacks are on none.
    std::vector<std::string> platforms;
};

struct ScoreChange {          // one (technique, tactic) whose score changed
    std::string technique, tactic, name;
    int before = 0, after = 0;  // 0 = absent
    int delta() const { return after - before; }
};

struct TechniqueChange {      // one technique id, scored as the best over its tactics
    std::string technique, name;  // name: "(not in ATT&CK 19 enterprise-attack)" for an id the catalogue lacks
    std::vector<std::string> tactics;  // tactics whose score changed (matrix order; "" = whole technique)
    int before = 0, after = 0;
    int delta() const { return after - before; }
};

struct LayerDiff {
    std::string previous_name, current_name;  // layer names (file stem when a layer has none)
    int threshold = 50;
    std::vector<TechniqueChange> techniques;     // every technique whose best score changed, by id
    std::vector<TechniqueChange> dropped_below;  // before >= threshold > after (the alert's list)
    std::vector<TechniqueChange> lost;           // before > 0 == after, already below the threshold
    std::vector<TechniqueChange> closed_gaps;    // before < threshold <= after
    std::vector<ScoreChange> changes;            // every (technique, tactic) change, by id then tactic
    int max_abs_delta = 0;
    std::vector<std::string> platforms;          // DiffOptions::platforms (the alert then says on which)
    // New gaps = dropped_below + lost (every technique that fell below the threshold or to zero).
};

LayerDiff diff_coverage(const Coverage& previous, const Coverage& current, const Catalogue* cat,
                        const DiffOptions& opt = {});
// Techniques whose best score went from >= threshold to below it (for --fail-on-drop T).
std::vector<TechniqueChange> dropped_below(const LayerDiff& d, int threshold);

// A threshold meant for 0..100 scores (the defaults: KPI 80, alert 50) on a layer whose scores stop
// at `top` (a 0..5 layer): the same share of that top, rounded up, 1 .. top (80 -> 4, 50 -> 3).
int threshold_on_scale(int threshold, int top);
// Two layers whose every score is below the alert threshold (two 0..5 layers against the default
// 50): no technique can drop below it, so no alert could ever be raised. Then a note that says so
// and names threshold_on_scale, with `how` (the option or setting to change); otherwise "".
std::string alert_threshold_note(const Coverage& previous, const Coverage& current, int threshold, const std::string& how);

// "5 techniques dropped below 50 since coverage_q3_2026" ("1 technique dropped ..."), then one
// "- T1003.001 OS Credential Dumping: LSASS Memory (credential-access): 80 -> 30" line per technique;
// then, when some already-low technique lost all coverage, "N technique(s) below 50 lost all
// coverage since NAME" and their lines. Ends with a newline.
std::string alert_headline(const LayerDiff& d);
// " on Linux or macOS" when the diff was made on a platform filter, else "": said after "dropped
// below 50" and "lost all coverage" wherever the alert is written (text, Slack, JSON, boards).
std::string alert_platform_words(const LayerDiff& d);
// One technique's line of the alert, without the "- ": "T1003.001 OS Credential Dumping: LSASS
// Memory (credential-access): 80 -> 30".
std::string alert_change_line(const TechniqueChange& t);
std::string alert_text(const LayerDiff& d);
// Slack incoming-webhook payload: {"text": headline, "blocks": [header section, list sections]}
// (sections split below Slack's 3000-character limit, at most 50 blocks).
std::string alert_slack_json(const LayerDiff& d);

// Navigator 4.5 layer of the changes: score = after − before per (technique, tactic), diverging
// palette (red = lost, white = none, blue = gained), gradient −M..+M with M the largest |change|.
extern const std::vector<std::string> kPaletteDiverging;
std::string write_diff_layer(const LayerDiff& d, const Catalogue& cat, const std::string& name = "");

// ---------------------------------------------------------------------------------------------
// Baselines and targets. "Covered" = score > 0 (scores of other producers are not comparable to
// ours, coverage is); a parent counts as covered when any of its sub-techniques is.

struct BaselineRow {
    std::string technique, name;
    int ours = 0, reference = 0;  // best scores as each layer gives them
};
struct BaselineComparison {
    std::string reference_name;
    std::vector<BaselineRow> missing;  // the reference covers, we do not
    std::vector<BaselineRow> ahead;    // we cover, the reference does not
    int both = 0;                      // covered by both
};
// Ids the catalogue does not know are left out (reported in diags when given, the first 10 by name).
BaselineComparison compare_baseline(const Coverage& ours, const Coverage& reference, const Catalogue& cat,
                                    Diagnostics* diags = nullptr);

struct Target {
    std::string technique;
    int min_score = 1;  // met when our score >= min_score
    int line = 0;       // where it was read (0: from a layer)
};
struct TargetRow {
    std::string technique, name;
    int score = 0, min_score = 1;
    bool met = false;
};
struct TargetReport {
    std::vector<TargetRow> rows;  // in target order
    int met = 0, not_met = 0;
};
// Targets file: technique ids one per line, or CSV `technique[,min_score]` (a header line, blank
// lines and lines starting with '#' are skipped); bad ids are diagnostics with the line number.
// Revoked ids with a replacement are replaced (Warning); duplicates keep the higher min_score.
std::vector<Target> parse_targets_text(std::string_view text, const std::string& file, const Catalogue& cat,
                                       int default_min_score, Diagnostics& diags);
// A layer as targets: its techniques with a score > 0 (e.g. a threat-actor layer); a layer with no
// scores at all gives its enabled entries (colour-only layers). Sorted by id.
std::vector<Target> targets_from_layer(const Layer& layer, const Catalogue& cat, int default_min_score,
                                       Diagnostics& diags);
// A targets file of either kind: a layer when the text is a JSON object, else ids / CSV. False
// when it looks like a layer but cannot be read as one; the diagnostics name the file.
bool read_targets(std::string_view text, const std::string& file, const Catalogue& cat, int default_min_score,
                  std::vector<Target>& out, Diagnostics& diags);
// Parent targets are met by the parent's own score or any sub-technique's.
TargetReport check_targets(const Coverage& ours, const std::vector<Target>& targets, const Catalogue& cat);

// ---------------------------------------------------------------------------------------------
// Gap prioritisation:
//   priority = impact_weight × tactic_criticality + threat_weight × adversary_frequency
//              − coverage_score / coverage_divisor

struct PriorityWeights {
    double impact_weight = 10;     // criticality 1..3 -> 10..30 points: the same scale as frequency
    double threat_weight = 1;      // frequency is a percentage (0..100; the commonest techniques ~40)
    double coverage_divisor = 10;  // seed scores 0..100 -> 0..10 points off
    double unknown_tactic_criticality = 2;  // a tactic missing from the table (another domain)
    std::map<std::string, double> tactic_criticality;  // empty: default_tactic_criticality(cat)
};

// Criticality of every tactic of the catalogue (see report_gaps.cpp for the table and the reasons):
// 3 privilege-escalation, credential-access, lateral-movement, defense-impairment, impact;
// 2 initial-access, execution, persistence, stealth, defense-evasion, command-and-control, exfiltration;
// 1 reconnaissance, resource-development, discovery, collection; other tactics unknown_tactic_criticality.
std::map<std::string, double> default_tactic_criticality(const Catalogue& cat, double unknown = 2);

// YAML profile for the CLI (--weights):
//   impact_weight: 10
//   threat_weight: 1
//   coverage_divisor: 10
//   tactic_criticality: {privilege-escalation: 3, collection: 1}   # merged over the defaults
//   quality: {scale: 100, precision_exponent: 1, fpr_exponent: 1, untested: 0}
// Unknown keys are warnings; non-numbers and negative weights are errors (with the line).
struct QualityFormula;
bool parse_weights_yaml(std::string_view text, const std::string& file, PriorityWeights& weights,
                        QualityFormula* quality, Diagnostics& diags);

// Adversary frequency per technique id, as a percentage of incidents (a CSV) or of the selected
// threats using it (threats.hpp).
struct FrequencyTable {
    std::map<std::string, double> percent;  // technique id -> 0..100
    std::string source = "csv";             // GapRow::frequency_source of the rows it scores
};
// CSV `technique,frequency` (header optional; "12.5", "12.5%"; quotes, CRLF, BOM); bad lines are
// diagnostics with their line number; values outside 0..100 are errors; duplicates keep the last.
FrequencyTable parse_frequency_csv(std::string_view text, const std::string& file, const Catalogue& cat,
                                   Diagnostics& diags);

struct GapOptions {
    int threshold = 80;      // a gap: best score below this
    std::size_t top = 10;    // rows returned (0: all)
    bool subtechniques = false;  // false: techniques only (parent score and frequency roll up from
                                 // sub-techniques); true: techniques and sub-techniques, each alone
    std::vector<std::string> platforms;  // empty: all
    PriorityWeights weights;
};

struct GapRow {
    int rank = 0;                      // 1-based
    std::string technique, name;
    std::string tactic;                // the tactic that gives the criticality (most critical one)
    std::string tactic_name;
    int score = 0;                     // current coverage score
    double criticality = 0;
    double frequency = 0;              // % of incidents (CSV), of the selected threats, or of ATT&CK
                                       // groups and campaigns
    std::string frequency_source;      // "csv", "selected-threats" or "attack-groups"
    double impact_term = 0;            // impact_weight × criticality
    double threat_term = 0;            // threat_weight × frequency
    double coverage_term = 0;          // score / coverage_divisor (subtracted)
    double priority = 0;               // impact_term + threat_term − coverage_term
};

// Gaps by priority (highest first, ties by id). freq == nullptr: frequency from the catalogue
// (100 × Technique::groups / Catalogue::total_groups).
std::vector<GapRow> prioritise_gaps(const Coverage& c, const Catalogue& cat, const GapOptions& opt,
                                    const FrequencyTable* freq = nullptr);
// One technique's row (rank 0) with every term, as prioritise_gaps makes it: the criticality of its
// most critical tactic, the score and frequency as given.
GapRow gap_row(const Catalogue& cat, const Technique& t, int score, double frequency, const std::string& frequency_source,
               const PriorityWeights& w);
// Header + one line per row, every term of the formula: rank,technique,name,tactic,score,
// criticality,frequency,frequency_source,impact_term,threat_term,coverage_term,priority
std::string gaps_to_csv(const std::vector<GapRow>& rows);
std::string gaps_to_text(const std::vector<GapRow>& rows, const PriorityWeights& w);  // aligned table

// ---------------------------------------------------------------------------------------------
// Trends.

struct TrendPoint {
    std::string name, source, date;  // the layer's
    std::vector<double> tactic_pct;  // covered % per Trend::tactics entry (techniques level)
    double covered_pct = 0;          // techniques level, score > 0
    double threshold_pct = 0;        // techniques level, score >= threshold
    double all_covered_pct = 0;      // techniques + sub-techniques, score > 0
    double all_threshold_pct = 0;
};
// A point as charts and tables name it: its date, else its layer's name, else its file.
std::string trend_point_label(const TrendPoint& p);
struct Trend {
    int threshold = 80;
    std::vector<std::string> tactics, tactic_names;  // matrix order
    std::vector<TrendPoint> points;                  // oldest first
    bool by_date = false;  // true: every layer had a date (metadata or name; the current coverage: as
                           // of when the report is made); else ordered by name
};
Trend compute_trend(const std::vector<Coverage>& layers, const Catalogue& cat, const KpiOptions& opt);
// Earlier layers and the current coverage: by date when all are dated, else the earlier layers by
// name and the current coverage last (it is the newest point whatever its name says).
Trend compute_trend(const std::vector<Coverage>& history, const Coverage& current, const Catalogue& cat,
                    const KpiOptions& opt);

// Where a trend's points sit along the time axis and what is written under it: one answer for the
// page's chart, the board's and `history --chart`'s, so that they agree. By day when every point has a
// YYYY-MM-DD date, in order, over more than one day: each point where its day falls, with ticks on
// the first of each month (a span over 60 days), quarter (over a year) or year (over three years,
// thinned so that one label has label_px of the axis's width_px), or on the points' own dates for a
// shorter span. Else evenly, a tick per point named by its date, name or file; the last one `keep`
// (the newest point is named whatever others must give way).
struct TrendAxis {
    bool by_day = false;
    std::vector<double> at;  // per point: 0 the oldest .. 1 the newest; a single point 0.5
    struct Tick {
        double at = 0;
        std::string label;
        bool keep = false;
    };
    std::vector<Tick> ticks;  // left to right
};
TrendAxis trend_axis(const Trend& t, double width_px, double label_px = 60);

// ---------------------------------------------------------------------------------------------
// Detection latency (SIEM alert CSV) and the quality score profile (rule test-results CSV).

// One row of a CSV, fields unquoted; line = where the row starts (1-based).
struct CsvRow {
    std::vector<std::string> fields;
    int line = 0;
};
// RFC 4180 plus what spreadsheets write: a UTF-8 BOM, CRLF/LF/CR line ends, quoted fields with
// "" and line breaks, blank lines skipped, spaces around unquoted fields trimmed. An unterminated
// quote is an error at the line where it opened; the rows before it are kept.
std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file, Diagnostics& diags);

// ISO 8601 date-time -> seconds since 1970-01-01 UTC: "2026-03-02T10:15:30Z", "...30.250+02:00",
// "...+0200", "2026-03-02 10:15:30" (no zone = UTC), minutes-only "2026-03-02T10:15".
std::optional<double> parse_iso8601(std::string_view s);
// "2026-12-05": a calendar date as YYYY-MM-DD exactly (a real day: no 2026-02-30).
bool is_iso_date(std::string_view s);

// SIEM alerts: a header with `rule`, `event_time`, `detection_time` (any order, case-insensitive,
// other columns ignored); `rule` is a Sigma rule id or title; times as parse_iso8601 reads them.
struct AlertRecord {
    std::string rule;
    double event_time = 0, detection_time = 0;  // seconds since the epoch
    int line = 0;
};
std::vector<AlertRecord> parse_alerts_csv(std::string_view text, const std::string& file, Diagnostics& diags);
// True when the first CSV row names the rule, event_time and detection_time columns as
// parse_alerts_csv reads them: how a front end tells an alerts CSV from a seed rules CSV
// (title,attack_id,level,status) dropped on it.
bool is_alerts_csv(std::string_view text);

struct LatencyStat {
    std::string key, name;      // "" / tactic shortname / technique id; display name
    int alerts = 0;
    double median_seconds = 0;  // median of detection_time − event_time (mean of the middle two)
};
struct LatencyReport {
    LatencyStat overall;               // every alert matched to a rule
    std::vector<LatencyStat> tactics;     // matrix order, only tactics with alerts
    std::vector<LatencyStat> techniques;  // by id, only techniques with alerts
    int unmatched = 0;                 // alerts whose rule is in neither ids nor titles
    int negative = 0;                  // detection before the event: skipped
};
// Alerts are matched to rules by id, then by title (case-insensitive); a rule's techniques and
// tactics are where the scores placed it, so an alert counts once per technique and per tactic.
LatencyReport detection_latency(const std::vector<AlertRecord>& alerts, const std::vector<Rule>& rules,
                                const ScoreResult& scores, const Catalogue& cat, Diagnostics& diags);
std::string format_duration(double seconds);  // "45s", "12m 5s", "3h 20m", "2d 4h"
// A count with its noun, as the reports and the CLI's summary word it: "1 technique", "0 techniques",
// "12 techniques" (bare digits, no separators: scripts read these lines).
std::string plural(std::size_t n, const char* one, const char* many);
// A share as the board, the pictures and the page print it: a whole percent, rounded half away
// from zero (5 of 8 is "63%" everywhere), or "\u2014" when there is nothing to share (total 0: a
// tactic with no technique on the chosen platforms).
std::string percent_label(double pct, int total = 1);
// The board's gaps heading for n gaps listed: "Top 10 gaps to close", "Top gap to close" (one),
// "Gaps to close" (none), in the page, the document and the picture.
std::string gaps_heading(std::size_t n);
// A number with fixed decimals ("12.0", "0.13"), rounded half away from zero as the JSON, the
// board and its picture round (6.25 -> "6.3"), never "-0.0": every CSV, text table and the page.
std::string fixed_decimals(double v, int decimals);

// Rule test results: `rule,precision,false_positive_rate` (header optional; values 0..1 or "90%").
struct RuleTestResult {
    std::string rule;  // id or title
    double precision = 0, false_positive_rate = 0;
    int line = 0;
};
std::vector<RuleTestResult> parse_rule_tests_csv(std::string_view text, const std::string& file, Diagnostics& diags);

// score = round(scale × precision^precision_exponent × (1 − fpr)^fpr_exponent), clamped to 0..scale;
// a technique's quality score is the best of its rules' (the quality profile is max-based).
struct QualityFormula {
    double scale = 100;
    double precision_exponent = 1;
    double fpr_exponent = 1;
    int untested = 0;  // score of a rule without test results
};
int quality_score(const RuleTestResult& r, const QualityFormula& f);
// Fills opt.quality (by lower-case rule key) and opt.quality_untested; does not change the profile.
void apply_quality_scores(const std::vector<RuleTestResult>& results, const QualityFormula& f, ScoreOptions& opt);

// ---------------------------------------------------------------------------------------------
// Threat-informed coverage results (computed in threats.hpp; here because the board carries them).

// One threat (or the selection as a whole) against our coverage.
struct ThreatSummary {
    std::string id, name, kind;  // "G0016", "APT29", "group" (the whole selection: "", "selection", "")
    int used = 0;                // techniques it uses that count: active, in the platform filter
    int covered = 0;             // ... with a score > 0
    int covered_well = 0;        // ... with a score >= the threshold
    std::vector<GapRow> uncovered;  // score 0, by gap priority (frequency: share of the selection), top N
    int uncovered_total = 0;        // used - covered (uncovered may be cut to top N)
    std::vector<std::string> not_counted;  // ids it uses that do not count: deprecated, revoked without a
                                           // replacement, unknown to the catalogue, outside the platforms
    double covered_pct() const { return percent(covered, used); }
    double well_pct() const { return percent(covered_well, used); }
};

// One technique the selection uses.
struct ThreatTechniqueUse {
    std::string technique, name;       // name as Navigator shows it
    int score = 0;                     // our score (a parent: the best of itself and its sub-techniques)
    std::vector<std::string> threats;  // ids of the selected threats using exactly this id, in selection order
};

// A selection of threats against our coverage (compute_threat_coverage).
struct ThreatCoverage {
    int threshold = 80;
    std::vector<std::string> platforms;
    std::vector<ThreatSummary> threats;           // the selection, in its order
    ThreatSummary combined;                       // every technique any selected threat uses, once
    std::vector<ThreatTechniqueUse> techniques;   // those techniques, by id
    FrequencyTable frequency;                     // technique id -> % of the selected threats using it
                                                  // (source "selected-threats")
    bool empty() const { return threats.empty(); }
};

// One row of the weakest-against ranking.
struct ThreatRankRow {
    int rank = 0;  // 1-based
    std::string id, name, kind;
    int used = 0, covered = 0, covered_well = 0;
    double covered_pct = 0, well_pct = 0;
};

struct ThreatRanking {
    int threshold = 80;
    int min_techniques = 5;
    std::vector<std::string> kinds;  // "group", "campaign", "software"
    int ranked = 0;                  // threats ranked (rows may be cut to top N)
    int too_few = 0;                 // left out: fewer than min_techniques counted techniques
    std::vector<ThreatRankRow> rows; // lowest covered share first; ties: more uncovered, then id
};

// The board's threat section: the selection's lines and uncovered techniques, and the ranking.
struct BoardThreats {
    std::vector<std::string> lines;       // "Against APT29: 41 of 63 techniques covered (65%), 28 covered well"
    std::vector<ThreatSummary> selected;  // the numbers behind the lines
    std::string combined_line;            // "All 2 selected: ..." when more than one is selected
    std::vector<GapRow> top_uncovered;    // the selection's uncovered techniques by priority
    std::string frequency_note;           // how frequency is computed in those rows
    ThreatRanking weakest;                // the weakest-against ranking
};

// ---------------------------------------------------------------------------------------------
// The board: one screen an executive reads without training. Everything is already a number or a
// text; the page and the images draw it as it is.

struct KpiTile {
    std::string label;   // "Techniques covered"
    std::string value;   // "57%"
    std::string detail;  // "127 of 222 techniques"
    double percent = -1; // 0..100 for a progress bar; -1 when the tile is not a share
    std::string key;     // what the tile is, for front ends that hide some: "covered", "well", "all",
                         // "fragile", "rules" (these two need rules), "latency", "change"
};
struct TacticBar {
    std::string tactic, name;
    double covered_pct = 0, threshold_pct = 0;  // techniques level
    int covered = 0, at_threshold = 0, total = 0;
};
struct BoardSummary {
    std::string title;     // "ATT&CK coverage — coverage_q3_2026"
    std::string subtitle;  // "Enterprise ATT&CK 19 · 1234 rules · threshold 80"
    std::vector<KpiTile> tiles;
    std::vector<TacticBar> tactic_bars;  // matrix order
    // The bars' light colour, as the tiles say it: "at least one rule", or "score above 0" for the
    // scores of a layer or a link.
    std::string covered_legend;
    std::vector<GapRow> top_gaps;
    Trend trend;                         // empty points when no history was given
    BoardThreats threats;                // threats.hpp's board_threats(); empty without threat data
};
// from_rules false: the scores come from a layer or a share link, not from rules — no rule count in
// the subtitle and no tiles about rules ("rules", "fragile"), which would only say 0.
BoardSummary build_board(const std::string& layer_name, const Kpis& kpis, const std::vector<GapRow>& gaps,
                         const Trend& trend, const Catalogue& cat, const LatencyReport* latency = nullptr,
                         bool from_rules = true);

// ---------------------------------------------------------------------------------------------
// The whole report on one coverage, in one call (report_set.cpp): what `layer --report` writes and
// `board` draws, so the two commands cannot drift apart. The page makes the same calls step by step
// (app/reports.cpp: it keeps each part until its own inputs change).

struct ReportInputs {
    const ScoreResult* scores = nullptr;         // the current scores (required)
    const std::vector<Rule>* rules = nullptr;    // the rules behind them; nullptr: a layer's scores
    std::string name;                            // the current layer's name
    std::string date;                            // as of (the CLI's --date or today, the page's today):
                                                 // the current coverage's date in the trend when it is
                                                 // is_iso_date; else from its name, as a layer's
    KpiOptions kpi;                              // threshold and platforms (gaps take the same)
    std::size_t top = 10;                        // gaps listed (0: all)
    bool gap_subtechniques = false;              // gaps at technique level, or with sub-techniques
    PriorityWeights weights;
    const FrequencyTable* frequency = nullptr;   // nullptr: frequency from ATT&CK groups
    std::vector<Coverage> history;               // earlier layers, for the trend
    std::optional<Trend> trend;                  // the trend itself (a git history's): history is not used
    const Coverage* previous = nullptr;          // for the diff and the alert
    DiffOptions diff;
    const Coverage* baseline = nullptr;
    const std::vector<Target>* targets = nullptr;
    const std::vector<AlertRecord>* alerts = nullptr;  // detection latency (needs rules)
    std::string alerts_file;                     // named in the latency's diagnostics
    std::vector<const Threat*> threats;          // --threat: the selection (its frequency replaces the
                                                 // groups' share unless `frequency` is given)
};

struct ReportSet {
    bool from_rules = true;  // ReportInputs::rules was given (else the board leaves out rule tiles)
    Coverage current;  // coverage_from_scores(scores, name), dated ReportInputs::date when given
    Kpis kpis;
    std::vector<GapRow> gaps;
    Trend trend;       // history + current
    BoardSummary board;
    PriorityWeights weights;
    std::optional<LayerDiff> diff;
    std::optional<BaselineComparison> baseline;
    std::optional<TargetReport> targets;
    std::optional<LatencyReport> latency;
    ThreatCoverage threats;   // the --threat selection's coverage (empty without one); the board's
                              // threat section also ranks every group and campaign
    Diagnostics diagnostics;  // the baseline's and the latency's
};
ReportSet compute_report_set(const ReportInputs& in, const Catalogue& cat);
// {"kpis", "gaps", ["diff", "baseline", "targets", "latency", "threats",] "trend", "board"}: the --report file.
std::string report_set_json(const ReportSet& r);

// ---------------------------------------------------------------------------------------------
// JSON (compact, deterministic key order). The page's summary() fields `kpis`, `gaps`, `diff`
// are these texts parsed, so the CLI's `layer --report` and the page agree by construction.
std::string kpis_to_json(const Kpis& k);
std::string gaps_to_json(const std::vector<GapRow>& rows, const PriorityWeights& w);
std::string diff_to_json(const LayerDiff& d);
std::string baseline_to_json(const BaselineComparison& b);
std::string targets_to_json(const TargetReport& t);
std::string trend_to_json(const Trend& t);
std::string latency_to_json(const LatencyReport& l);
std::string board_to_json(const BoardSummary& b);

}  // namespace sh
