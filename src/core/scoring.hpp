// scoring.hpp — score profiles, rule filters, sub-technique roll-up and tactic placement.
// Turns rules + catalogue into one TechniqueScore per (technique, tactic) pair of the catalogue.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.hpp"
#include "result.hpp"
#include "rules.hpp"

namespace sh {

// seed:  level -> informational 10, low 30, medium 50, high 80, critical 100; technique = max.
// count: number of rules; max: highest level value (informational 1 .. critical 5, none 0);
// level: sum of level weights (none/informational 1, low 2, medium 4, high 8, critical 12).
// quality: each rule scores what its test results say (ScoreOptions::quality, filled from a rule
//          test-results CSV by report.hpp's apply_quality_scores; formula there); technique = max.
// A rule counts once per technique in every profile.
enum class ScoreProfile { Seed, Count, Max, Level, Quality };
enum class TacticPlacement { All, Tagged };

std::optional<ScoreProfile> parse_profile(std::string_view s);
const char* profile_name(ScoreProfile p);

struct ScoreOptions {
    ScoreProfile profile = ScoreProfile::Seed;
    Level min_level = Level::None;    // None: no level filter (rules without level pass)
    Status min_status = Status::None; // None: no status filter
    bool subtechniques = true;        // false: count sub-technique tags for their parent
    TacticPlacement placement = TacticPlacement::All;
    // Quality profile only: rule score 0..100 by lower-case rule id or, failing that, lower-case
    // title; rules in neither score quality_untested (0: an untested rule proves nothing).
    std::map<std::string, int> quality;
    int quality_untested = 0;
};

struct TechniqueScore {
    std::string technique;        // catalogue id
    std::string tactic;           // tactic shortname
    int score = 0;
    std::vector<uint32_t> rules;  // indices into the rule vector, ascending, unique
};

struct ScoreResult {
    std::vector<TechniqueScore> entries;  // sorted by technique id, then tactic matrix order
    int rules_total = 0;                  // rules given
    int rules_scored = 0;                 // rules that passed the filters
    int rules_with_techniques = 0;        // ... and contributed to at least one entry
    Diagnostics diagnostics;              // unknown/revoked/deprecated ids, malformed tags, ...
};

int rule_points(ScoreProfile p, Level l);  // one rule's contribution (seed/max/level; quality: 0)
int rule_score(const Rule& r, const ScoreOptions& opt);  // one rule's contribution under opt (any profile)

ScoreResult score_rules(const std::vector<Rule>& rules, const Catalogue& cat, const ScoreOptions& opt);

// "N techniques and M sub-techniques covered", counted the one way the CLI's summary line, the layer's
// description and the page's toolbar say it, as the Board counts: active techniques with a score
// > 0 of their own or of one of their sub-techniques, and active sub-techniques with a score > 0.
// Revoked, deprecated and unknown ids are not counted (the Navigator does not show them). With
// platforms, only techniques on one of them (on_platforms), as the KPIs count under a platform
// filter: a sub-technique of another platform does not cover its parent.
struct CoveredCounts {
    int techniques = 0;
    int subtechniques = 0;
};
CoveredCounts count_covered(const ScoreResult& scores, const Catalogue& cat, const std::vector<std::string>& platforms = {});

// ATT&CK 19 split Defense Evasion (defense-evasion) into Stealth (stealth) and Defense Impairment
// (defense-impairment). For a tactic the catalogue does not have: Before when it is
// defense-evasion and the catalogue has stealth (written before the split, read against 19 on);
// After when it is stealth or defense-impairment and the catalogue has defense-evasion (written
// for 19 on, read against an earlier release); else None. The tag and layer warnings say so.
enum class TacticSplit { None, Before, After };
TacticSplit tactic_split(const Catalogue& cat, std::string_view tactic);


}  // namespace sh
