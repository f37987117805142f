// threats.cpp — threat-informed coverage (see threats.hpp): finding threats by name, the coverage
// of a selection, the weakest-against ranking, the board's threat section and their outputs.
#include "threats.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "layer.hpp"
#include "layer_json.hpp"
#include "report_internal.hpp"
#include "tags.hpp"

namespace sh {

using namespace report_detail;

namespace {

// What a typed name is compared on: ASCII letters and digits, lower-case ("Cozy Bear", "cozy-bear"
// and "COZYBEAR" are the same name); other bytes (accents, CJK) kept as they are.
std::string key(std::string_view s) {
    std::string k;
    k.reserve(s.size());
    for (char c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x80) k += c;
        else if (c >= 'A' && c <= 'Z') k += char(c - 'A' + 'a');
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) k += c;
    }
    return k;
}

// Word starts of a name, as keys: "Cozy Bear" -> {"cozybear", "bear"}.
bool word_start_match(std::string_view name, const std::string& q) {
    for (std::size_t i = 0; i < name.size(); ++i) {
        const bool start = i == 0 || name[i - 1] == ' ' || name[i - 1] == '-' || name[i - 1] == '_' || name[i - 1] == '.' ||
                           name[i - 1] == '(' || name[i - 1] == '/';
        if (start && key(name.substr(i)).compare(0, q.size(), q) == 0) return true;
    }
    return false;
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

int kind_rank(ThreatKind k) { return int(k); }  // groups, campaigns, malware, tools

// "C0024" < "G0016" < "G1000" < "S0002" (the catalogue's order).
bool id_less(const std::string& a, const std::string& b) {
    if (a.empty() || b.empty() || a[0] != b[0]) return a < b;
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

// The threat's names: id, name, aliases.
std::vector<const std::string*> names_of(const Threat& t) {
    std::vector<const std::string*> n{&t.id, &t.name};
    for (const auto& a : t.aliases) n.push_back(&a);
    return n;
}

// A technique id as a threat's use of it counts: revoked ids followed to their replacement; null
// when it does not count (unknown, deprecated, revoked without a replacement, outside the platforms).
const Technique* counted_technique(const Catalogue& cat, const std::string& id, const std::vector<std::string>& platforms) {
    const Technique* t = cat.find(id);
    for (int hops = 0; t && t->revoked && !t->revoked_by.empty() && hops < 16; ++hops) t = cat.find(t->revoked_by);
    if (!t || t->revoked || t->deprecated || !on_platforms(*t, platforms)) return nullptr;
    return t;
}

// Our score per technique id: the best over its tactics, and for a parent the best of itself and
// its sub-techniques.
struct ScoreLookup {
    std::unordered_map<std::string, int> own, with_subs;
    ScoreLookup(const Coverage& c, const Catalogue& cat) {
        for (const auto& e : c.entries) {
            int& s = own[e.technique];
            s = std::max(s, e.score);
        }
        for (const auto& [id, s] : own) {
            int& w = with_subs[id];
            w = std::max(w, s);
            const Technique* t = cat.find(id);
            const std::string parent = t ? t->parent : parent_technique(id);
            if (!parent.empty() && parent != id) {
                int& p = with_subs[parent];
                p = std::max(p, s);
            }
        }
    }
    int score(const Technique& t) const {
        const auto& m = t.is_subtechnique() ? own : with_subs;
        auto it = m.find(t.id);
        return it == m.end() ? 0 : it->second;
    }
};

// The counted techniques of one threat (by id, unique) and the ids that did not count.
void counted_uses(const Catalogue& cat, const Threat& threat, const std::vector<std::string>& platforms,
                  std::vector<const Technique*>& counted, std::vector<std::string>& not_counted) {
    std::set<std::string> seen;
    for (const auto& id : threat.techniques) {
        const Technique* t = counted_technique(cat, id, platforms);
        if (!t) {
            not_counted.push_back(id);
            continue;
        }
        if (seen.insert(t->id).second) counted.push_back(t);
    }
    std::sort(counted.begin(), counted.end());  // pointers into cat.techniques: catalogue (= id) order
}

std::vector<GapRow> ranked_rows(std::vector<GapRow> rows, std::size_t top) {
    std::stable_sort(rows.begin(), rows.end(), [](const GapRow& a, const GapRow& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return a.technique < b.technique;
    });
    if (top > 0 && rows.size() > top) rows.resize(top);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = int(i + 1);
    return rows;
}

// used / covered / covered well and the uncovered rows of a set of counted techniques.
void summarise(const Catalogue& cat, const std::vector<const Technique*>& counted, const ScoreLookup& scores,
               const ThreatOptions& opt, const FrequencyTable& freq, ThreatSummary& s) {
    std::vector<GapRow> uncovered;
    s.used = int(counted.size());
    for (const Technique* t : counted) {
        const int score = scores.score(*t);
        if (score > 0) ++s.covered;
        if (score > 0 && score >= opt.threshold) ++s.covered_well;
        if (score <= 0) {
            auto it = freq.percent.find(t->id);
            uncovered.push_back(gap_row(cat, *t, 0, it == freq.percent.end() ? 0.0 : it->second, freq.source, opt.weights));
        }
    }
    s.uncovered_total = int(uncovered.size());
    s.uncovered = ranked_rows(std::move(uncovered), opt.top);
}

std::string summary_line(const ThreatSummary& s) {
    return std::to_string(s.covered) + " of " + std::to_string(s.used) + " technique" + (s.used == 1 ? "" : "s") +
           " covered (" + percent_label(s.covered_pct()) + "), " + std::to_string(s.covered_well) + " covered well";
}

}  // namespace

// ---- finding ----

bool threat_name_is_id(const std::string& name, const std::string& id) { return name.empty() || name == id; }
std::string threat_label(const std::string& name, const std::string& id) {
    return threat_name_is_id(name, id) ? id : name + " (" + id + ")";
}
std::string threat_label(const Threat& t) { return threat_label(t.name, t.id); }

std::vector<ThreatMatch> search_threats(const Catalogue& cat, std::string_view query, bool include_inactive,
                                        std::size_t limit) {
    const std::string q = key(query);
    std::vector<ThreatMatch> out;
    for (const auto& t : cat.threats) {
        if (!include_inactive && !t.active()) continue;
        ThreatMatch best;
        best.quality = 99;
        if (q.empty()) {
            best = {&t, t.name, 6};
        } else {
            int i = 0;
            for (const std::string* n : names_of(t)) {
                const std::string k = key(*n);
                int quality = 99;
                if (k == q) quality = i == 0 ? 0 : i == 1 ? 1 : 2;
                else if (k.compare(0, q.size(), q) == 0) quality = 3;
                else if (word_start_match(*n, q)) quality = 4;
                else if (k.find(q) != std::string::npos) quality = 5;
                if (quality < best.quality) best = {&t, *n, quality};
                ++i;
            }
        }
        if (best.quality < 99) out.push_back(std::move(best));
    }
    std::stable_sort(out.begin(), out.end(), [](const ThreatMatch& a, const ThreatMatch& b) {
        if (a.quality != b.quality) return a.quality < b.quality;
        if (a.threat->active() != b.threat->active()) return a.threat->active();
        if (a.threat->kind != b.threat->kind) return kind_rank(a.threat->kind) < kind_rank(b.threat->kind);
        if (a.quality == 6) return lower(a.threat->name) < lower(b.threat->name);  // everything listed: by name
        return a.threat < b.threat;  // catalogue order = id order
    });
    if (limit > 0 && out.size() > limit) out.resize(limit);
    return out;
}

std::vector<ThreatMatch> closest_threats(const Catalogue& cat, std::string_view query, std::size_t n) {
    // Names containing what was typed first (a partial name), then the nearest by edit distance.
    std::vector<ThreatMatch> out = search_threats(cat, query, false, n);
    if (out.size() >= n) return out;
    const std::string q = key(query);
    struct Near {
        std::size_t distance;
        const Threat* threat;
        const std::string* name;
    };
    std::vector<Near> near;
    // Only distances up to the cutoff below are listed, and a distance is at least the difference of
    // the lengths: names further apart in length are not compared (an alias of a megabyte in a
    // custom catalogue costs nothing, whatever the query).
    const std::size_t cutoff = std::max<std::size_t>(2, q.size() / 2);
    for (const auto& t : cat.threats) {
        if (!t.active()) continue;
        if (std::any_of(out.begin(), out.end(), [&](const ThreatMatch& m) { return m.threat == &t; })) continue;
        Near best{std::string::npos, &t, &t.name};
        for (const std::string* name : names_of(t)) {
            const std::string k = key(*name);
            if (k.empty() || (k.size() > q.size() ? k.size() - q.size() : q.size() - k.size()) > cutoff) continue;
            const std::size_t d = edit_distance(q, k);
            if (d < best.distance) best = {d, &t, name};
        }
        near.push_back(best);
    }
    std::stable_sort(near.begin(), near.end(), [](const Near& a, const Near& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.threat < b.threat;
    });
    for (const auto& x : near) {
        if (out.size() >= n) break;
        // Beyond half the name's length, it is not a near miss.
        if (x.distance > cutoff) break;
        out.push_back({x.threat, *x.name, 7});
    }
    return out;
}

ThreatResolution resolve_threat(const Catalogue& cat, std::string_view query) {
    ThreatResolution r;
    const std::string q = key(query);
    if (q.empty()) {
        r.error = "a threat needs a name, alias or id (e.g. APT29, Cozy Bear, G0016)";
        return r;
    }
    if (cat.threats.empty()) {
        r.error = "the ATT&CK catalogue (" + cat.attack_version + ") lists no groups, campaigns or software";
        return r;
    }
    // Exact id, then exact names, then exact aliases; active threats before inactive ones.
    std::vector<const Threat*> by_level[3];
    for (const auto& t : cat.threats) {
        if (key(t.id) == q) by_level[0].push_back(&t);
        else if (key(t.name) == q) by_level[1].push_back(&t);
        else if (std::any_of(t.aliases.begin(), t.aliases.end(), [&](const std::string& a) { return key(a) == q; }))
            by_level[2].push_back(&t);
    }
    const Threat* found = nullptr;
    std::string also;  // the other threats a shared name also belongs to
    for (auto& level : by_level) {
        if (level.empty()) continue;
        std::vector<const Threat*> active, groups;
        for (const Threat* t : level)
            if (t->active()) {
                active.push_back(t);
                if (t->kind == ThreatKind::Group) groups.push_back(t);
            }
        // Software often lists its group's name among its aliases (CozyCar: "Cozy Bear"): a name
        // one group and some software share means the group.
        if (active.size() > 1 && groups.size() == 1) {
            for (const Threat* t : active)
                if (t != groups.front()) also += (also.empty() ? "" : ", ") + threat_label(*t);
            active = groups;
        }
        if (active.size() > 1) {
            r.error = "'" + std::string(query) + "' names " + std::to_string(active.size()) + " threats:";
            for (const Threat* t : active) r.error += " " + threat_label(*t) + (t == active.back() ? "" : ",");
            r.error += "; give the id";
            return r;
        }
        found = active.empty() ? level.front() : active.front();
        break;
    }
    if (!found) {
        r.error = "no group, campaign or software called '" + std::string(query) + "' in ATT&CK " + cat.attack_version;
        const auto near = closest_threats(cat, query, 5);
        if (!near.empty()) {
            r.error += "; closest:";
            for (std::size_t i = 0; i < near.size(); ++i) {
                r.error += (i ? ", " : " ") + threat_label(*near[i].threat);
                if (near[i].matched != near[i].threat->name && near[i].matched != near[i].threat->id)
                    r.error += " \"" + near[i].matched + "\"";
            }
        }
        return r;
    }
    const Threat* t = found;
    for (int hops = 0; t->revoked && !t->revoked_by.empty() && hops < 16; ++hops) {
        const Threat* next = cat.find_threat(t->revoked_by);
        if (!next) break;
        t = next;
    }
    if (t != found) r.note = threat_label(*found) + " was merged into " + threat_label(*t) + "; using " + t->id;
    else if (found->revoked) r.note = threat_label(*found) + " is revoked in ATT&CK " + cat.attack_version;
    else if (found->deprecated) r.note = threat_label(*found) + " is deprecated in ATT&CK " + cat.attack_version;
    else if (!also.empty())
        r.note = "'" + std::string(query) + "' also names " + also + "; using the group " + threat_label(*t);
    r.threat = t;
    return r;
}

bool resolve_threats(const Catalogue& cat, const std::vector<std::string>& queries, const std::string& source,
                     std::vector<const Threat*>& out, Diagnostics& diags) {
    bool ok = true;
    for (const auto& q : queries) {
        const ThreatResolution r = resolve_threat(cat, q);
        if (!r.threat) {
            diags.push_back({Severity::Error, source, 0, 0, r.error});
            ok = false;
            continue;
        }
        if (!r.note.empty()) diags.push_back({Severity::Warning, source, 0, 0, r.note});
        if (std::find(out.begin(), out.end(), r.threat) == out.end()) out.push_back(r.threat);
    }
    return ok;
}

// ---- coverage ----

ThreatCoverage compute_threat_coverage(const Coverage& ours, const Catalogue& cat,
                                       const std::vector<const Threat*>& selection_in, const ThreatOptions& opt) {
    ThreatCoverage tc;
    tc.threshold = opt.threshold;
    tc.platforms = opt.platforms;
    tc.frequency.source = "selected-threats";
    std::vector<const Threat*> selection;
    for (const Threat* t : selection_in)
        if (t && std::find(selection.begin(), selection.end(), t) == selection.end()) selection.push_back(t);
    if (selection.empty()) return tc;

    const ScoreLookup scores(ours, cat);
    std::vector<std::vector<const Technique*>> counted(selection.size());
    std::vector<std::vector<std::string>> not_counted(selection.size());
    std::map<const Technique*, std::vector<std::size_t>> users;  // catalogue order = id order
    for (std::size_t i = 0; i < selection.size(); ++i) {
        counted_uses(cat, *selection[i], opt.platforms, counted[i], not_counted[i]);
        for (const Technique* t : counted[i]) users[t].push_back(i);
    }
    for (const auto& [t, who] : users)
        tc.frequency.percent[t->id] = 100.0 * double(who.size()) / double(selection.size());

    for (std::size_t i = 0; i < selection.size(); ++i) {
        ThreatSummary s;
        s.id = selection[i]->id;
        s.name = selection[i]->name;
        s.kind = threat_kind_name(selection[i]->kind);
        s.not_counted = not_counted[i];
        summarise(cat, counted[i], scores, opt, tc.frequency, s);
        tc.threats.push_back(std::move(s));
    }
    std::vector<const Technique*> all;
    std::set<std::string> all_not_counted;
    for (const auto& [t, who] : users) {
        all.push_back(t);
        ThreatTechniqueUse u;
        u.technique = t->id;
        u.name = display_name(cat, t->id);
        u.score = scores.score(*t);
        for (std::size_t i : who) u.threats.push_back(selection[i]->id);
        tc.techniques.push_back(std::move(u));
    }
    for (const auto& v : not_counted) all_not_counted.insert(v.begin(), v.end());
    tc.combined.name = "selection";
    tc.combined.not_counted.assign(all_not_counted.begin(), all_not_counted.end());
    summarise(cat, all, scores, opt, tc.frequency, tc.combined);
    return tc;
}

ThreatUse threat_use(const ThreatCoverage& tc, const Catalogue& cat, std::string_view technique, bool roll_up) {
    std::set<std::string> ids;
    for (const auto& u : tc.techniques) {
        bool match = u.technique == technique;
        if (!match && roll_up) {
            const Technique* t = cat.find(u.technique);
            match = t && t->parent == technique;
        }
        if (match) ids.insert(u.threats.begin(), u.threats.end());
    }
    ThreatUse use;
    for (const auto& s : tc.threats)
        if (ids.count(s.id)) use.names.push_back(s.name.empty() ? s.id : s.name);
    use.count = int(use.names.size());
    return use;
}

std::string threat_use_text(const ThreatUse& use, std::size_t selected) {
    if (use.count == 0) return {};
    std::string s = "used by " + std::to_string(use.count) + " of " + std::to_string(selected) + " selected: ";
    const std::size_t shown = std::min<std::size_t>(use.names.size(), 6);
    for (std::size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + use.names[i];
    if (use.names.size() > shown) s += ", …";
    return s;
}

// ---- ranking ----

ThreatRanking rank_threats(const Coverage& ours, const Catalogue& cat, const ThreatOptions& opt,
                           const ThreatRankingOptions& ropt) {
    ThreatRanking r;
    r.threshold = opt.threshold;
    r.min_techniques = ropt.min_techniques;
    if (ropt.groups) r.kinds.push_back("group");
    if (ropt.campaigns) r.kinds.push_back("campaign");
    if (ropt.software) r.kinds.push_back("software");
    const ScoreLookup scores(ours, cat);
    std::vector<ThreatRankRow> rows;
    for (const auto& t : cat.threats) {
        const bool kind = (t.kind == ThreatKind::Group && ropt.groups) || (t.kind == ThreatKind::Campaign && ropt.campaigns) ||
                          (t.is_software() && ropt.software);
        if (!kind || (!t.active() && !ropt.include_inactive)) continue;
        std::vector<const Technique*> counted;
        std::vector<std::string> ignored;
        counted_uses(cat, t, opt.platforms, counted, ignored);
        if (int(counted.size()) < std::max(1, ropt.min_techniques)) {
            ++r.too_few;
            continue;
        }
        ThreatRankRow row;
        row.id = t.id;
        row.name = t.name;
        row.kind = threat_kind_name(t.kind);
        row.used = int(counted.size());
        for (const Technique* x : counted) {
            const int s = scores.score(*x);
            row.covered += s > 0;
            row.covered_well += s > 0 && s >= opt.threshold;
        }
        row.covered_pct = percent(row.covered, row.used);
        row.well_pct = percent(row.covered_well, row.used);
        rows.push_back(std::move(row));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ThreatRankRow& a, const ThreatRankRow& b) {
        // Compare shares exactly (cross-multiplied) so equal fractions tie, whatever the rounding.
        const long long l = (long long)a.covered * b.used, rr = (long long)b.covered * a.used;
        if (l != rr) return l < rr;
        if (a.used - a.covered != b.used - b.covered) return a.used - a.covered > b.used - b.covered;
        return id_less(a.id, b.id);
    });
    r.ranked = int(rows.size());
    if (ropt.top > 0 && rows.size() > ropt.top) rows.resize(ropt.top);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = int(i + 1);
    r.rows = std::move(rows);
    return r;
}

// ---- board ----

BoardThreats board_threats(const ThreatCoverage& tc, const ThreatRanking& ranking) {
    BoardThreats b;
    b.weakest = ranking;
    if (tc.empty()) return b;
    for (const auto& s : tc.threats) {
        b.lines.push_back("Against " + (s.name.empty() ? s.id : s.name) + ": " + summary_line(s));
        b.selected.push_back(s);
    }
    if (tc.threats.size() > 1)
        b.combined_line = "All " + std::to_string(tc.threats.size()) + " selected: " + summary_line(tc.combined);
    b.top_uncovered = tc.combined.uncovered;
    b.frequency_note = "frequency = % of the " + std::to_string(tc.threats.size()) + " selected threat" +
                       (tc.threats.size() == 1 ? "" : "s") + " using the technique";
    return b;
}

// ---- output ----

namespace {

using ojson = nlohmann::ordered_json;

std::string dump(const ojson& j) { return j.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n"; }

ojson summary_obj(const ThreatSummary& s) {
    ojson rows = ojson::array();
    for (const auto& g : s.uncovered) rows.push_back(gap_json(g));
    return ojson{{"id", s.id},
                 {"name", s.name},
                 {"kind", s.kind},
                 {"used", s.used},
                 {"covered", s.covered},
                 {"coveredWell", s.covered_well},
                 {"coveredPct", r2(s.covered_pct())},
                 {"wellPct", r2(s.well_pct())},
                 {"uncoveredTotal", s.uncovered_total},
                 {"uncovered", std::move(rows)},
                 {"notCounted", s.not_counted}};
}

ojson ranking_obj(const ThreatRanking& r) {
    ojson rows = ojson::array();
    for (const auto& x : r.rows)
        rows.push_back(ojson{{"rank", x.rank},
                             {"id", x.id},
                             {"name", x.name},
                             {"kind", x.kind},
                             {"used", x.used},
                             {"covered", x.covered},
                             {"coveredWell", x.covered_well},
                             {"coveredPct", r2(x.covered_pct)},
                             {"wellPct", r2(x.well_pct)}});
    return ojson{{"threshold", r.threshold}, {"minTechniques", r.min_techniques}, {"kinds", r.kinds},
                 {"ranked", r.ranked},       {"tooFew", r.too_few},             {"rows", std::move(rows)}};
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::string threat_coverage_to_json(const ThreatCoverage& tc) {
    ojson selected = ojson::array(), techniques = ojson::array();
    for (const auto& s : tc.threats) selected.push_back(summary_obj(s));
    for (const auto& u : tc.techniques)
        techniques.push_back(ojson{{"technique", u.technique}, {"name", u.name}, {"score", u.score}, {"threats", u.threats}});
    return dump(ojson{{"threshold", tc.threshold},
                      {"platforms", tc.platforms},
                      {"selected", std::move(selected)},
                      {"combined", summary_obj(tc.combined)},
                      {"techniques", std::move(techniques)}});
}

std::string threat_ranking_to_json(const ThreatRanking& r) { return dump(ranking_obj(r)); }

std::string board_threats_to_json(const BoardThreats& b) { return dump(report_detail::board_threats_json(b)); }

ojson report_detail::board_threats_json(const BoardThreats& b) {
    ojson rows = ojson::array();
    for (const auto& g : b.top_uncovered) rows.push_back(gap_json(g));
    ojson selected = ojson::array();
    for (const auto& s : b.selected)
        selected.push_back(ojson{{"id", s.id},
                                 {"name", s.name},
                                 {"used", s.used},
                                 {"covered", s.covered},
                                 {"coveredWell", s.covered_well},
                                 {"coveredPct", r2(s.covered_pct())}});
    return ojson{{"lines", b.lines},
                 {"selected", std::move(selected)},
                 {"combined", b.combined_line},
                 {"topUncovered", std::move(rows)},
                 {"frequencyNote", b.frequency_note},
                 {"weakest", ranking_obj(b.weakest)}};
}

std::string threat_ranking_to_csv(const ThreatRanking& r) {
    std::string s = "rank,id,name,kind,used,covered,covered_well,covered_pct,well_pct\n";
    for (const auto& x : r.rows)
        s += std::to_string(x.rank) + "," + x.id + "," + csv_field(x.name) + "," + x.kind + "," + std::to_string(x.used) +
             "," + std::to_string(x.covered) + "," + std::to_string(x.covered_well) + "," + fixed_decimals(x.covered_pct, 2) + "," +
             fixed_decimals(x.well_pct, 2) + "\n";
    return s;
}

std::string threat_ranking_to_text(const ThreatRanking& r) {
    std::string s;
    char buf[512];
    std::snprintf(buf, sizeof buf, "%4s  %-6s %-9s %5s %7s %5s %8s %6s  %s\n", "rank", "id", "kind", "used", "covered",
                  "well", "covered%", "well%", "name");
    s += buf;
    for (const auto& x : r.rows) {
        std::snprintf(buf, sizeof buf, "%4d  %-6s %-9s %5d %7d %5d %8s %6s  %s\n", x.rank, x.id.c_str(), x.kind.c_str(),
                      x.used, x.covered, x.covered_well, fixed_decimals(x.covered_pct, 1).c_str(), fixed_decimals(x.well_pct, 1).c_str(),
                      x.name.c_str());
        s += buf;
    }
    return s;
}

std::string threat_coverage_to_text(const ThreatCoverage& tc) {
    std::string s;
    for (const auto& t : tc.threats) {
        s += "Against " + threat_label(t.name, t.id) + ": " + summary_line(t);
        if (!t.not_counted.empty()) s += " (" + std::to_string(t.not_counted.size()) + " not counted)";
        s += "\n";
    }
    if (tc.threats.size() > 1)
        s += "All " + std::to_string(tc.threats.size()) + " selected: " + summary_line(tc.combined) + "\n";
    return s;
}

std::string write_threat_layer(const ThreatCoverage& tc, const Catalogue& cat, const std::string& name) {
    // Gaps in the palette's red, covered techniques from yellow to green by score.
    static const char* kGapColour = "#e8413c";
    std::map<std::string, std::string> names_of_ids;
    for (const auto& s : tc.threats) names_of_ids[s.id] = s.name.empty() ? s.id : s.name;
    std::vector<std::string> selection;
    for (const auto& s : tc.threats) selection.push_back(threat_label(s.name, s.id));
    auto join = [](const std::vector<std::string>& v) {
        std::string out;
        for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
        return out;
    };
    ojson techniques = ojson::array();
    int max_score = 0;
    std::set<std::string> parents_of_used;  // Navigator opens these to show the used sub-techniques
    for (const auto& u : tc.techniques) {
        max_score = std::max(max_score, u.score);
        if (const Technique* t = cat.find(u.technique); t && t->is_subtechnique()) parents_of_used.insert(t->parent);
    }
    for (const auto& u : tc.techniques) {
        const Technique* t = cat.find(u.technique);
        if (!t) continue;
        std::vector<std::string> users;
        for (const auto& id : u.threats) users.push_back(names_of_ids[id]);
        const std::string used_by = "used by " + join(users);
        for (const auto& tactic : t->tactics) {
            if (cat.tactic_index(tactic) < 0) continue;
            ojson e;
            e["techniqueID"] = u.technique;
            e["tactic"] = tactic;
            e["score"] = u.score;
            e["color"] = u.score > 0 ? "" : kGapColour;
            e["comment"] = (u.score > 0 ? "covered, score " + std::to_string(u.score) : std::string("not covered")) + "; " +
                           used_by;
            e["enabled"] = true;
            e["metadata"] = ojson::array({ojson{{"name", "used by"}, {"value", join(users)}},
                                          ojson{{"name", "our score"}, {"value", std::to_string(u.score)}}});
            e["links"] = ojson::array();
            e["showSubtechniques"] = parents_of_used.count(u.technique) > 0;
            techniques.push_back(std::move(e));
        }
    }
    layer_json::Parts parts;
    parts.name = name.empty() ? "threats: " + join(selection) : name;
    parts.description = "Techniques used by " + join(selection) + ", scored with our coverage: " +
                        summary_line(tc.combined) + ". Uncovered techniques score 0 (red).";
    parts.techniques = std::move(techniques);
    // Navigator needs max > min; with nothing covered the range is 0..1.
    parts.gradient = ojson{{"colors", ojson::array({"#fce93d", "#8ec843"})}, {"minValue", 0}, {"maxValue", std::max(1, max_score)}};
    parts.legend = ojson::array({ojson{{"label", "not covered"}, {"color", kGapColour}},
                                 ojson{{"label", "covered (score)"}, {"color", "#8ec843"}}});
    parts.metadata = ojson::array({ojson{{"name", "generator"}, {"value", "sigma-heatmap threats"}},
                                   ojson{{"name", "threats"}, {"value", join(selection)}},
                                   ojson{{"name", "covered"}, {"value", summary_line(tc.combined)}}});
    return layer_json::write(cat, std::move(parts));
}

}  // namespace sh
