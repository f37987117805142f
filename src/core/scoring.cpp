// scoring.cpp — rules + catalogue -> one score per (technique, tactic) pair.
// Owns the score profiles, the level/status filters, revoked/deprecated/unknown id handling,
// sub-technique roll-up and tactic placement. Pure function of its inputs.
#include "scoring.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "diagnostics.hpp"
#include "tags.hpp"

namespace sh {

std::optional<ScoreProfile> parse_profile(std::string_view s) {
    std::string v;
    for (char c : s) v += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (v == "seed") return ScoreProfile::Seed;
    if (v == "count") return ScoreProfile::Count;
    if (v == "max") return ScoreProfile::Max;
    if (v == "level") return ScoreProfile::Level;
    if (v == "quality") return ScoreProfile::Quality;
    return std::nullopt;
}

const char* profile_name(ScoreProfile p) {
    switch (p) {
        case ScoreProfile::Seed: return "seed";
        case ScoreProfile::Count: return "count";
        case ScoreProfile::Max: return "max";
        case ScoreProfile::Level: return "level";
        case ScoreProfile::Quality: return "quality";
    }
    return "seed";
}

int rule_points(ScoreProfile p, Level l) {
    switch (p) {
        case ScoreProfile::Seed: {
            // A rule without a level weighs like an informational one (as sigma's level profile does).
            static const int seed[] = {10, 10, 30, 50, 80, 100};
            return seed[static_cast<int>(l) + 1];
        }
        case ScoreProfile::Count: return 1;
        case ScoreProfile::Max: return static_cast<int>(l) + 1;  // None 0, informational 1 .. critical 5
        case ScoreProfile::Level: {
            static const int weight[] = {1, 1, 2, 4, 8, 12};
            return weight[static_cast<int>(l) + 1];
        }
        case ScoreProfile::Quality: return 0;  // per rule, not per level: see rule_score
    }
    return 0;
}

namespace {

std::string lower_trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    std::string v(s);
    for (char& c : v)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return v;
}

}  // namespace

int rule_score(const Rule& r, const ScoreOptions& opt) {
    if (opt.profile != ScoreProfile::Quality) return rule_points(opt.profile, r.level);
    if (!r.id.empty())
        if (auto it = opt.quality.find(lower_trimmed(r.id)); it != opt.quality.end()) return it->second;
    if (!r.title.empty())
        if (auto it = opt.quality.find(lower_trimmed(r.title)); it != opt.quality.end()) return it->second;
    return opt.quality_untested;
}

namespace {

bool passes_filters(const Rule& r, const ScoreOptions& opt) {
    if (opt.min_level != Level::None && (r.level == Level::None || r.level < opt.min_level)) return false;
    if (opt.min_status != Status::None && (r.status == Status::None || r.status < opt.min_status)) return false;
    return true;
}

int tag_line(const Rule& r, std::size_t i) { return i < r.tag_lines.size() ? r.tag_lines[i] : r.line; }

// Capped per rule file and kind of problem: a CSV row naming 100,000 unknown ids gives 20 lines and
// a count, not 100,000 lines.
void warn(DiagnosticSink& d, const Rule& r, int line, std::string msg, std::string_view kind) {
    d.add_for(r.file, Severity::Warning, line, 0, std::move(msg), kind);
}

int score_of(const ScoreOptions& opt, const std::vector<uint32_t>& rule_ids, const std::vector<Rule>& rules) {
    const ScoreProfile p = opt.profile;
    int score = 0;
    for (uint32_t i : rule_ids) {
        const int pts = rule_score(rules[i], opt);
        if (p == ScoreProfile::Seed || p == ScoreProfile::Max || p == ScoreProfile::Quality) score = std::max(score, pts);
        else score += pts;
    }
    return score;
}

// ATT&CK 19 split Defense Evasion (defense-evasion) into Stealth (stealth, TA0005) and Defense
// Impairment (defense-impairment): rule sets written before it, or read against an earlier release,
// name the tactic the catalogue does not have.
std::string renamed_tactic_hint(const Catalogue& cat, const std::string& tactic) {
    switch (tactic_split(cat, tactic)) {
        case TacticSplit::Before:
            return " (ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment: write attack.stealth or "
                   "attack.defense-impairment)";
        case TacticSplit::After:
            return " (a tactic from ATT&CK 19 on; this release has Defense Evasion, attack.defense-evasion, in its place)";
        case TacticSplit::None: break;
    }
    return "";
}

}  // namespace

CoveredCounts count_covered(const ScoreResult& scores, const Catalogue& cat, const std::vector<std::string>& platforms) {
    CoveredCounts out;
    std::set<std::string_view> parents, subs;
    auto counts = [&](const Technique* t) { return t && !t->revoked && !t->deprecated && on_platforms(*t, platforms); };
    for (const auto& e : scores.entries) {
        if (!(e.score > 0)) continue;
        const Technique* t = cat.find(e.technique);
        if (!counts(t)) continue;
        if (t->is_subtechnique()) {
            subs.insert(t->id);
            t = cat.find(t->parent);
            if (!counts(t)) continue;
        }
        parents.insert(t->id);
    }
    out.techniques = int(parents.size());
    out.subtechniques = int(subs.size());
    return out;
}

TacticSplit tactic_split(const Catalogue& cat, std::string_view tactic) {
    if (tactic == "defense-evasion" && cat.tactic_index("stealth") >= 0) return TacticSplit::Before;
    if ((tactic == "stealth" || tactic == "defense-impairment") && cat.tactic_index("defense-evasion") >= 0)
        return TacticSplit::After;
    return TacticSplit::None;
}

ScoreResult score_rules(const std::vector<Rule>& rules, const Catalogue& cat, const ScoreOptions& opt) {
    ScoreResult out;
    DiagnosticSink sink(out.diagnostics);
    out.rules_total = static_cast<int>(rules.size());
    const std::string where = cat.label();

    // (technique index in catalogue, tactic index) -> rules; std::map keeps the output order fixed.
    std::map<std::pair<std::size_t, int>, std::vector<uint32_t>> placed;

    for (uint32_t ri = 0; ri < rules.size(); ++ri) {
        const Rule& r = rules[ri];
        if (!passes_filters(r, opt)) continue;
        ++out.rules_scored;

        std::vector<std::size_t> techniques;  // catalogue indices, unique per rule
        std::vector<int> tagged_tactics;
        for (std::size_t ti = 0; ti < r.tags.size(); ++ti) {
            const Tag tag = parse_tag(r.tags[ti]);
            const int line = tag_line(r, ti);
            if (tag.kind == TagKind::Tactic) {
                const int t = cat.tactic_index(tag.value);
                if (t < 0) {
                    warn(sink, r, line, "tactic tag 'attack." + tag.value + "' is not a tactic of " + where + renamed_tactic_hint(cat, tag.value),
                         "unknown tactic");
                } else if (std::find(tagged_tactics.begin(), tagged_tactics.end(), t) == tagged_tactics.end()) {
                    tagged_tactics.push_back(t);
                }
                continue;
            }
            if (tag.kind != TagKind::Technique) continue;

            const Technique* tech = cat.find(tag.value);
            if (!tech) {
                warn(sink, r, line, "technique " + tag.value + " is not in " + where + "; not scored", "unknown technique");
                continue;
            }
            if (tech->revoked) {
                const Technique* repl = tech->revoked_by.empty() ? nullptr : cat.find(tech->revoked_by);
                if (!repl || repl->revoked) {
                    warn(sink, r, line, "technique " + tech->id + " is revoked in " + where + " with no replacement; not scored",
                         "revoked technique");
                    continue;
                }
                warn(sink, r, line,
                     "technique " + tech->id + " is revoked in " + where + "; counted for its replacement " + repl->id +
                         " (" + repl->name + ")",
                     "revoked technique");
                tech = repl;
            }
            if (tech->deprecated) {
                warn(sink, r, line, "technique " + tech->id + " (" + tech->name + ") is deprecated in " + where,
                     "deprecated technique");
            }
            if (!opt.subtechniques && tech->is_subtechnique()) {
                const Technique* parent = cat.find(tech->parent);
                if (parent) tech = parent;
            }
            const std::size_t idx = static_cast<std::size_t>(tech - cat.techniques.data());
            if (std::find(techniques.begin(), techniques.end(), idx) == techniques.end()) techniques.push_back(idx);
        }

        bool contributed = false;
        for (std::size_t idx : techniques) {
            const Technique& tech = cat.techniques[idx];
            std::vector<int> all;
            for (const auto& name : tech.tactics) {
                const int t = cat.tactic_index(name);
                if (t >= 0) all.push_back(t);
            }
            if (all.empty()) {
                warn(sink, r, r.line, "technique " + tech.id + " has no tactic in " + where + "; not scored", "no tactic");
                continue;
            }
            std::vector<int> chosen = all;
            if (opt.placement == TacticPlacement::Tagged) {
                std::vector<int> fit;
                for (int t : tagged_tactics)
                    if (std::find(all.begin(), all.end(), t) != all.end()) fit.push_back(t);
                if (!fit.empty()) {
                    chosen = fit;
                } else if (!tagged_tactics.empty()) {
                    warn(sink, r, r.line,
                         "none of the rule's tactic tags fits technique " + tech.id + "; placed under all its tactics",
                         "tactic tags do not fit");
                }
            }
            for (int t : chosen) placed[{idx, t}].push_back(ri);
            contributed = true;
        }
        out.rules_with_techniques += contributed;
    }

    // Entries in technique-id order (the catalogue is sorted by id), tactics in matrix order.
    out.entries.reserve(placed.size());
    for (auto& [key, ids] : placed) {
        TechniqueScore e;
        e.technique = cat.techniques[key.first].id;
        e.tactic = cat.tactics[static_cast<std::size_t>(key.second)].shortname;
        e.rules = std::move(ids);  // ascending: rules are visited in order, once per (technique, tactic)
        e.score = score_of(opt, e.rules, rules);
        out.entries.push_back(std::move(e));
    }
    sink.finish();
    return out;
}

}  // namespace sh
