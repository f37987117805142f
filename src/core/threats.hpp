// threats.hpp — threat-informed coverage: how well our scores cover the techniques a group,
// campaign or piece of software uses (the catalogue's Threat::techniques).
//   find        a threat by id, name or alias ("G0016", "APT29", "Cozy Bear"); search for a picker;
//               closest matches for a name nobody uses
//   coverage    ThreatCoverage of a selection of threats: per threat the techniques used, covered
//               (score > 0), covered well (>= the KPI threshold) and the uncovered ones ranked by gap
//               priority; per technique how many selected threats use it; the frequency table that
//               makes the gap priority's adversary frequency the share of selected threats
//   ranking     every group (and campaign, or software) by our coverage of its techniques: the
//               adversaries we are weakest against
//   board       the board's threat section ("Against APT29: 41 of 63 techniques covered (65%), ...")
//   output      JSON (the `threats` part of `layer --report` and the page's summary()), the ranking
//               as CSV and text, and a Navigator layer of the selection's techniques with our scores
// Pure functions of the catalogue and a Coverage; they never throw.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "catalogue.hpp"
#include "report.hpp"

namespace sh {

// ---------------------------------------------------------------------------------------------
// Finding threats.

struct ThreatMatch {
    const Threat* threat = nullptr;
    std::string matched;  // the id, name or alias that matched ("Cozy Bear")
    int quality = 0;      // 0 exact id, 1 exact name, 2 exact alias, 3 prefix, 4 word start, 5 substring
};
// Threats whose id, name or an alias contains `query` (case-insensitive, spaces and dashes ignored),
// best match first, then active before deprecated/revoked, groups before campaigns before software,
// then by id (an empty query lists them all, by name). Deprecated and revoked
// threats only when include_inactive. limit 0: all.
std::vector<ThreatMatch> search_threats(const Catalogue& cat, std::string_view query, bool include_inactive = false,
                                        std::size_t limit = 0);

// One name as a user gives it (--threat, a share link): an exact id, name or alias, case-insensitive.
// An exact id or name wins over aliases. A name several active threats share means the group when
// exactly one of them is a group (software often lists its group's name: CozyCar "Cozy Bear"), with
// a note; otherwise it is ambiguous (an error naming them). A revoked threat resolves to its
// replacement (with a note). Unknown: an error naming the closest ids, names and aliases.
struct ThreatResolution {
    const Threat* threat = nullptr;
    std::string error;  // "" when found
    std::string note;   // e.g. "G0118 (UNC2452) was merged into G0016 (APT29)"
};
ThreatResolution resolve_threat(const Catalogue& cat, std::string_view query);
// Up to `n` threats whose id, name or alias is closest to `query` (edit distance), for messages.
std::vector<ThreatMatch> closest_threats(const Catalogue& cat, std::string_view query, std::size_t n = 5);
// Resolves every query, in order, without repeats. Each unknown or ambiguous one is an Error in
// diags (file = `source`, e.g. "--threat"), each note a Warning; false when any failed.
bool resolve_threats(const Catalogue& cat, const std::vector<std::string>& queries, const std::string& source,
                     std::vector<const Threat*>& out, Diagnostics& diags);
// "APT29 (G0016)"; the id alone where the name is empty or is the id (campaigns such as C0010 are
// named by their id: not "C0010 (C0010)").
std::string threat_label(const Threat& t);
std::string threat_label(const std::string& name, const std::string& id);
// Whether a threat's name says nothing its id does not (empty, or the id itself).
bool threat_name_is_id(const std::string& name, const std::string& id);

// ---------------------------------------------------------------------------------------------
// Coverage of a selection. The result types (ThreatCoverage, ThreatSummary, ThreatRanking,
// BoardThreats) are in report.hpp: the report set and the board carry them.

// As the report's: ReportInputs' KPI threshold, platforms, top and weights.
struct ThreatOptions {
    int threshold = 80;                  // covered well: score >= threshold (and > 0)
    std::vector<std::string> platforms;  // empty: every technique counts; else techniques of any of these
    std::size_t top = 10;                // uncovered techniques listed per threat and for the selection (0: all)
    PriorityWeights weights;             // the gap priority of the uncovered techniques
};

// Scores are the best per technique id over its tactics; a technique used as a whole (a parent) is
// covered by its own rules or any of its sub-techniques' (as the matrix's max aggregate shows it),
// a sub-technique only by its own. Revoked ids a threat uses count for their replacement.
ThreatCoverage compute_threat_coverage(const Coverage& ours, const Catalogue& cat,
                                       const std::vector<const Threat*>& selection, const ThreatOptions& opt);

// The selection's techniques per technique id: how many selected threats use it and which, for the
// matrix (a parent also counts the threats using any of its sub-techniques when `roll_up`).
struct ThreatUse {
    int count = 0;
    std::vector<std::string> names;  // "APT29", in selection order
};
ThreatUse threat_use(const ThreatCoverage& tc, const Catalogue& cat, std::string_view technique, bool roll_up);
// "used by 3 of 4 selected: APT29, APT28, FIN7" ("" when no selected threat uses it).
std::string threat_use_text(const ThreatUse& use, std::size_t selected);

// ---------------------------------------------------------------------------------------------
// Ranking: the adversaries we are weakest against.

struct ThreatRankingOptions {
    bool groups = true, campaigns = true, software = false;  // which kinds are ranked
    int min_techniques = 5;   // threats using fewer (counted) techniques say too little to rank
    bool include_inactive = false;  // deprecated and revoked threats
    std::size_t top = 10;     // rows returned (0: all)
};

ThreatRanking rank_threats(const Coverage& ours, const Catalogue& cat, const ThreatOptions& opt,
                           const ThreatRankingOptions& ropt);

// ---------------------------------------------------------------------------------------------
// The board's threat section (BoardSummary::threats).

// The section for the board (empty lines and rows when nothing is selected; the ranking always).
BoardThreats board_threats(const ThreatCoverage& tc, const ThreatRanking& ranking);

// ---------------------------------------------------------------------------------------------
// Output.

std::string threat_coverage_to_json(const ThreatCoverage& tc);
std::string threat_ranking_to_json(const ThreatRanking& r);
std::string board_threats_to_json(const BoardThreats& b);
// rank,id,name,kind,used,covered,covered_well,covered_pct,well_pct
std::string threat_ranking_to_csv(const ThreatRanking& r);
std::string threat_ranking_to_text(const ThreatRanking& r);  // aligned table
// One line per selected threat (and the whole selection): what `layer`/`gaps --threat` print.
std::string threat_coverage_to_text(const ThreatCoverage& tc);

// Navigator 4.5 layer of the techniques the selection uses, one entry per (technique, tactic):
// score = our score (ThreatTechniqueUse::score), uncovered ones 0 and coloured as gaps; each
// entry's comment and metadata name the threats using it, the layer's metadata the selection.
std::string write_threat_layer(const ThreatCoverage& tc, const Catalogue& cat, const std::string& name = "");

}  // namespace sh
