// history/replay.hpp — coverage over a repository's history. At each point of the schedule the
// tree of the last first-parent commit before it is scored exactly as `layer` scores a folder
// holding that tree, with every option `layer` takes. What it costs:
//   - trees: consecutive points are diffed (equal subtree ids are never read), so a point costs
//     the files that changed, not the files that exist;
//   - blobs: each rule file version is read and parsed once (cache by blob id; on all cores, each
//     thread with its own repository handle) and scored once on its own: scoring is per rule, so a
//     tree's scores are the per-file scores combined (max or sum per technique and tactic);
//   - per point: the combined scores are kept up to date as files come and go, so a point costs
//     its changes plus one pass over the catalogue's (technique, tactic) slots for the KPIs.
// Blame walks the commits between two points one by one, only where a technique dropped.
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"
#include "history/schedule.hpp"

namespace sh::history {

struct ReplayOptions {
    std::string ref = "HEAD";      // branch, tag or commit
    std::string path;              // rule folder in the repository ("rules"; "" = the whole tree)
    Every every = Every::Week;
    std::string since, until;      // YYYY-MM-DD (UTC); "" = the day of the first / the tip commit
    // Which files are rules, by file name (as `layer` picks files from a folder). Required.
    std::function<bool(std::string_view)> is_rule_file;
    const Catalogue* catalogue = nullptr;  // required
    ScoreOptions score;
    KpiOptions kpi;                // threshold = "covered well" in the trend; platforms: the KPIs'
                                   // and the diffs' filter (as `diff --platform`)
    int alert_threshold = 50;      // the diffs' threshold (as `diff --threshold`)
    bool blame = true;
    unsigned jobs = 0;             // parsing threads; 0 = all cores
    LoadOptions load;
};

struct ReplayStats {
    std::size_t commits = 0;          // first-parent commits up to the ref
    std::size_t points = 0;
    std::size_t file_versions = 0;    // distinct rule file versions met (blob ids)
    std::size_t parses = 0;           // blobs read and parsed (file versions + name-dependent reparses)
    std::size_t cache_hits = 0;       // rule files that entered a tree and were not parsed again
    std::size_t blob_bytes = 0;       // bytes parsed
    std::size_t file_changes = 0;     // rule files added, changed or removed between points
    std::size_t blame_commits = 0;    // commits replayed one by one for blame
    double seconds_trees = 0, seconds_parse = 0, seconds_score = 0, seconds_blame = 0;  // wall time (blame within score)
};

// The rule set of one point, built on demand (layers, images, the integration test): rules in path
// order with file = the path in the repository, and scores exactly as score_rules gives them.
class PointRules {
public:
    virtual ~PointRules() = default;
    virtual void materialise(std::vector<Rule>& rules, ScoreResult& scores) const = 0;
};

// Called once per point, oldest first (index of count), after its KPIs and its diff from the
// previous point are known.
using PointCallback =
    std::function<void(std::size_t index, std::size_t count, const HistoryPoint& point, const PointRules& rules)>;

struct ReplayResult {
    bool ok = false;
    std::string error;          // why nothing could be replayed: not a repository, unknown ref, bad dates
    HistoryReport report;       // repository/ref/path/every/since/until and the points and diffs
    Diagnostics diagnostics;    // each file version's problems once, file = "<commit>:<path>"; notes
    ReplayStats stats;
};

ReplayResult replay(const std::string& repository, const ReplayOptions& options, const PointCallback& on_point = {});

}  // namespace sh::history
