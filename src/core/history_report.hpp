// history_report.hpp — coverage over a rule repository's history as plain data, and its files:
// the trend JSON and CSV, the weekly alert text with blame. The replay itself (libgit2) lives in
// src/history and fills a HistoryReport; the page only reads the JSON back (read_history_json),
// so this file is pure core and the page never links libgit2.
//
// Trend JSON (`history --trend FILE.json`), keys in this order:
//   {"format": "sigma-heatmap-history", "version": 1, "repository", "ref", "path", "every",
//    "since", "until", "score", "attackVersion", "domain", "kpiThreshold", "alertThreshold",
//    "platforms": [name] (only under a platform filter), "note", "tactics": [{"tactic", "id", "name"}],
//    "points": [{"date", "name", "period", "commit", "commitDate", "author", "summary",
//                "pathPresent", "files", "rules": {"total", "scored", "withTechniques",
//                "byLevel": {...}, "byStatus": {...}}, "techniques": count, "all": count,
//                "tactics": [{"tactic", "techniques": count, "all": count}], "fragile"}],
//    "diffs": [{"from", "to", "period", "fromCommit", "toCommit", "threshold", "alert",
//               "droppedBelow": [change], "lost": [change], "closedGaps": [change],
//               "changedTechniques", "blame": [{"technique", "name", "kind", "before", "after",
//               "commits": [{"id", "author", "email", "date", "summary", "merge", "paths"}]}]}],
//    "trend": the Trend object of `layer --report` (the page's chart reads it)}
//   count = {"total", "covered", "atThreshold", "coveredPct", "thresholdPct"}
//   change = {"technique", "name", "tactics", "before", "after", "delta"}
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.hpp"
#include "report.hpp"
#include "result.hpp"

namespace sh {

// One commit held responsible for a technique's drop.
struct HistoryCommit {
    std::string id;        // 40 hex digits
    std::string author, email;
    std::string date;      // author date, YYYY-MM-DD in the author's own time zone
    std::string summary;   // first line of the message
    std::string merge;     // the first-parent merge commit that brought it in ("" when it is on the line itself)
    std::vector<std::string> paths;  // rule files it changed that lowered the technique
};

struct HistoryBlame {
    std::string technique, name;
    std::string kind;      // "lost": no score left; "below": fell below the alert threshold
    int before = 0, after = 0;
    std::vector<HistoryCommit> commits;  // empty when the change cannot be traced (e.g. history cut off)
};

struct HistoryPoint {
    std::string date;       // YYYY-MM-DD: the tree as it was at the end of this day (UTC)
    std::string name;       // coverage_<date>: the layer's name
    std::string period;     // the period that ends here ("the week of 2024-03-04")
    std::string commit;     // 40 hex digits; "" before the first commit
    std::string commit_date, author, summary;  // of that commit (committer date, UTC)
    bool path_present = true;  // false: the rule folder did not exist then (0 rules)
    int files = 0;          // rule files in the tree
    Kpis kpis;              // coverage KPIs and rule counts; kpis.fragile stays empty (fragile_count)
    int fragile_count = 0;
};

struct HistoryDiff {
    std::string from, to;            // point dates
    std::string period;              // of the later point
    std::string from_commit, to_commit;
    LayerDiff diff;                  // previous_name/current_name are the points' names; read back
                                     // from JSON: only dropped_below, lost and closed_gaps
    int changed = 0;                 // techniques whose best score changed (diff.techniques.size())
    std::vector<HistoryBlame> blame; // one per technique in diff.dropped_below and diff.lost
};

struct HistoryReport {
    std::string repository, ref, path, every, since, until, score;
    std::string attack_version, domain;
    int kpi_threshold = 80, alert_threshold = 50;
    // The platform filter (`history --platform`, as the catalogue spells them; empty: all): the KPIs
    // and the diffs count only techniques on one of them, and each diff's diff.platforms is this.
    std::vector<std::string> platforms;
    std::string note;                          // e.g. how far back a shallow clone goes
    std::vector<std::string> tactics, tactic_ids, tactic_names;  // matrix order
    std::vector<HistoryPoint> points;          // oldest first
    std::vector<HistoryDiff> diffs;            // diffs[i]: points[i] -> points[i + 1]
};

// The points as a Trend (the chart of the page, the board and the trend images).
Trend history_trend(const HistoryReport& h);
// The same with at most about max_points points when there are more: the last point of each
// calendar quarter (by the points' YYYY-MM-DD dates) and the newest point, for a board, whose trend
// table lists every point.
Trend history_trend(const HistoryReport& h, std::size_t max_points);
// The page's Trends tab with a trend file open: the history's points and `more`'s (earlier layers
// and the current rules, as compute_trend gives them), in date order when every point has a date
// (the history's first among equal dates), else the history's first; threshold and tactics are
// more's, each history point's tactic percentages aligned to them by tactic shortname (0 where the
// history has no such tactic).
Trend merge_history_trend(const HistoryReport& h, const Trend& more);

std::string history_to_json(const HistoryReport& h);
// One row per point: date,commit,commit_date,files,rules,techniques_covered_pct,
// techniques_threshold_pct,all_covered_pct,all_threshold_pct,fragile,<tactic>_pct... (techniques level)
std::string history_to_csv(const HistoryReport& h);

// The alert of one diff, as `layer --prev` words it but for the period: "5 techniques dropped
// below 50 in the week of 2024-03-04" (under a platform filter "below 50 on Linux in the week
// of", alert_platform_words) + one line per technique, then the lost ones, each followed by
// its blame ("  commit 1a2b3c4d5e6f by Jane Doe on 2024-03-02 removed the last rule for T1003.001
// (rules/windows/x.yml)"). "" when nothing dropped.
std::string history_alert_text(const HistoryDiff& d);
// Every diff with a drop, oldest first, separated by blank lines; a final line counts the quiet periods.
std::string history_alerts_text(const HistoryReport& h);

// Reads the trend JSON back (the page's Trends tab). False, with a diagnostic, when the text is not
// one; unknown keys are ignored so later versions stay readable.
bool read_history_json(std::string_view text, const std::string& file, HistoryReport& out, Diagnostics& diags);
// Cheap check before a full read (a folder of layers must not be parsed twice): the text starts,
// within its first 4 KB, with an object whose "format" is "sigma-heatmap-history", as
// history_to_json writes it. A false positive only costs a failed read_history_json.
bool looks_like_history_json(std::string_view text);

}  // namespace sh
