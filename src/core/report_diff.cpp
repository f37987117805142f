// report_diff.cpp — coverage from our scores or any Navigator layer, the diff of two layers with
// its alert text, Slack payload and diverging diff layer, and baselines and targets.
// Layers from other producers carry duplicates, entries without tactic and colour-only entries;
// coverage_from_layer settles those once so every comparison below sees one score per pair.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "layer_json.hpp"
#include "report.hpp"
#include "report_internal.hpp"
#include "tags.hpp"
#include "text_encoding.hpp"

namespace sh {

using namespace report_detail;
using ojson = nlohmann::ordered_json;

namespace {

void sort_entries(std::vector<CoverageEntry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const CoverageEntry& a, const CoverageEntry& b) {
        return a.technique != b.technique ? a.technique < b.technique : a.tactic < b.tactic;
    });
}

// "coverage_q3_2026" -> "2026-07-01"; a "YYYY-MM-DD" anywhere in the text -> itself; else "".
std::string date_from_name(const std::string& name) {
    const std::string n = lower(name);
    for (std::size_t i = 0; i + 7 <= n.size(); ++i) {
        if (n[i] == 'q' && n[i + 1] >= '1' && n[i + 1] <= '4' && (n[i + 2] == '_' || n[i + 2] == '-' || n[i + 2] == ' ') &&
            std::all_of(n.begin() + static_cast<long>(i) + 3, n.begin() + static_cast<long>(i) + 7,
                        [](char ch) { return ch >= '0' && ch <= '9'; }) &&
            (i == 0 || !std::isalnum(static_cast<unsigned char>(n[i - 1]))) &&
            (i + 7 == n.size() || !std::isdigit(static_cast<unsigned char>(n[i + 7])))) {
            static const char* month[] = {"01", "04", "07", "10"};
            return n.substr(i + 3, 4) + "-" + month[n[i + 1] - '1'] + "-01";
        }
    }
    for (std::size_t i = 0; i + 10 <= n.size(); ++i) {
        const std::string d = n.substr(i, 10);
        if (std::isdigit(static_cast<unsigned char>(d[0])) && d[4] == '-' && d[7] == '-' &&
            parse_iso8601(d + "T00:00Z"))
            return d;
    }
    return "";
}

std::string file_stem(const std::string& file) {
    std::string s = file;
    const auto slash = s.find_last_of("/\\");
    if (slash != std::string::npos) s = s.substr(slash + 1);
    const auto dot = s.rfind('.');
    if (dot != std::string::npos && dot > 0) s = s.substr(0, dot);
    return s;
}

std::string label_of(const Coverage& c) {
    if (!c.name.empty()) return c.name;
    if (!c.source.empty()) return file_stem(c.source);
    return "the previous layer";
}

}  // namespace

std::string display_name(const Catalogue& cat, std::string_view technique) {
    const Technique* t = cat.find(technique);
    if (!t) return "";
    if (!t->is_subtechnique()) return t->name;
    const Technique* p = cat.find(t->parent);
    return p ? p->name + ": " + t->name : t->name;
}

Coverage coverage_from_scores(const ScoreResult& scores, const std::string& name, const std::string& as_of) {
    Coverage c;
    c.name = name;
    c.date = is_iso_date(as_of) ? as_of : date_from_name(name);
    for (const auto& e : scores.entries) c.entries.push_back({e.technique, e.tactic, e.score});
    sort_entries(c.entries);
    return c;
}

Coverage coverage_from_layer(const Layer& layer, const std::string& file, const Catalogue* cat, Diagnostics& diags) {
    Coverage c;
    c.name = layer.name;
    c.source = file;
    c.attack_version = layer.attack_version;
    c.domain = layer.domain;
    c.date = date_from_name(layer.name);
    std::map<std::pair<std::string, std::string>, int> best;
    int unscored = 0;
    std::set<std::string> replaced;
    for (const auto& t : layer.techniques) {
        if (!t.score) {
            ++unscored;
            continue;
        }
        std::string id = t.technique;
        if (cat) {
            if (const Technique* tech = cat->find(id); tech && tech->revoked && !tech->revoked_by.empty()) {
                if (cat->find(tech->revoked_by) && replaced.insert(id).second)
                    diags.push_back({Severity::Warning, file, 0, 0,
                                     "technique " + id + " is revoked; its score counts for " + tech->revoked_by});
                if (cat->find(tech->revoked_by)) id = tech->revoked_by;
            }
        }
        std::vector<std::string> tactics;
        if (!t.tactic.empty()) {
            tactics.push_back(t.tactic);
        } else if (const Technique* tech = cat ? cat->find(id) : nullptr; tech && !tech->tactics.empty()) {
            tactics = tech->tactics;  // Navigator shows a tactic-less entry in every tactic of the technique
        } else {
            tactics.push_back("");
        }
        for (const auto& tac : tactics) {
            auto [it, fresh] = best.try_emplace({id, tac}, *t.score);
            if (!fresh) it->second = std::max(it->second, *t.score);
        }
    }
    if (unscored)
        diags.push_back({Severity::Info, file, 0, 0,
                         plural(unscored, "entry", "entries") + " without a score (colour or comment only) not counted"});
    for (auto& [key, score] : best) c.entries.push_back({key.first, key.second, score});
    sort_entries(c.entries);
    return c;
}

bool coverage_from_layer_text(std::string_view json_text, const std::string& file, const Catalogue* cat,
                              Coverage& out, Diagnostics& diags) {
    Layer layer;
    if (!read_layer(json_text, file, layer, diags)) return false;
    out = coverage_from_layer(layer, file, cat, diags);
    if (cat) out.platforms = layer_platforms(layer, *cat, file, nullptr);  // as the Navigator shows it (said by svg/board)
    // The layer-level metadata date, when a producer wrote one ([{"name": "date", "value": ...}]).
    for (const auto& [name, value] : layer.metadata) {
        const std::string key = lower(name);
        if (key != "date" && key != "created" && key != "generated" && key != "modified") continue;
        if (value.size() >= 10 && parse_iso8601(value.substr(0, 10) + "T00:00Z")) {
            out.date = value.substr(0, 10);
            break;
        }
    }
    return true;
}

std::string report_detail::charted_tactic(const Catalogue* cat, const CoverageEntry& e) {
    const Technique* t = cat && !e.tactic.empty() ? cat->find(e.technique) : nullptr;
    if (!t || std::find(t->tactics.begin(), t->tactics.end(), e.tactic) != t->tactics.end()) return e.tactic;
    return "";
}

namespace {
// "T1000, T2000, T3000" or, past five, "T1000, ... T5000 and 3 more".
std::string listed_ids(const std::vector<const std::string*>& ids) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < 5; ++i) out += (i ? ", " : "") + excerpt(*ids[i], 40);
    if (ids.size() > 5) out += " and " + std::to_string(ids.size() - 5) + " more";
    return out;
}
}  // namespace

void warn_uncharted_entries(const Coverage& c, const Catalogue& cat, Diagnostics& diags, const char* verb, bool unknown_ids) {
    const std::string where = cat.label();
    DiagnosticSink sink(diags, c.source);
    const std::string* last = nullptr;
    std::map<std::string, std::vector<const std::string*>> split;  // tactic -> techniques under it
    // Entries under a tactic their technique does not have (a tactic ATT&CK moved them out of, as
    // 19 did with T1574 and its sub-techniques from Persistence and Privilege Escalation): per
    // tactic, said once where more than one entry has it, at its first entry.
    std::map<std::string, std::vector<const std::string*>> foreign;
    auto not_its = [&](const CoverageEntry& e, const Technique* tech) {
        return tech && !e.tactic.empty() && tactic_split(cat, e.tactic) == TacticSplit::None &&
               std::find(tech->tactics.begin(), tech->tactics.end(), e.tactic) == tech->tactics.end();
    };
    for (const CoverageEntry& e : c.entries)
        if (not_its(e, cat.find(e.technique))) foreign[e.tactic].push_back(&e.technique);
    for (const CoverageEntry& e : c.entries) {
        const Technique* tech = cat.find(e.technique);
        if (!tech) {
            // Entries are sorted by technique: one warning per id, whatever its tactics.
            if (unknown_ids && (!last || *last != e.technique))
                sink.warning(0, "technique " + excerpt(e.technique, 40) + " is not in " + where + "; compared as written",
                             "technique not in ATT&CK");
            last = &e.technique;
            continue;
        }
        if (e.tactic.empty() || std::find(tech->tactics.begin(), tech->tactics.end(), e.tactic) != tech->tactics.end())
            continue;
        // A layer made before ATT&CK 19 and read against it, or the other way round: said once per
        // such tactic below, with the techniques (a whole layer has a hundred of them).
        if (tactic_split(cat, e.tactic) != TacticSplit::None) {
            split[e.tactic].push_back(&e.technique);
            continue;
        }
        const std::vector<const std::string*>& same = foreign[e.tactic];
        if (same.size() == 1) {
            sink.warning(0, e.technique + ": tactic '" + excerpt(e.tactic, 40) + "' is not a tactic of " + e.technique +
                                " in " + where + "; " + verb + " under " + e.technique + "'s own tactics",
                         "tactic not of the technique");
        } else if (same.front() == &e.technique) {
            sink.warning(0, plural(same.size(), "entry", "entries") + " under tactic '" + excerpt(e.tactic, 40) +
                                "', which their techniques do not have in " + where +
                                ": " + verb + " under their own tactics (" + listed_ids(same) + ")",
                         "tactic not of the technique");
        }
    }
    for (const auto& [tactic, techniques] : split) {
        const char* why = tactic_split(cat, tactic) == TacticSplit::Before
                              ? " (ATT&CK 19 split Defense Evasion into Stealth and Defense Impairment)"
                              : " (a tactic from ATT&CK 19 on)";
        const std::string& first = *techniques.front();
        if (techniques.size() == 1) {
            sink.warning(0, first + ": tactic '" + tactic + "' is not a tactic of " + first + " in " + where + "; " + verb +
                                " under " + first + "'s own tactics" + why,
                         "tactic split");
            continue;
        }
        sink.warning(0, plural(techniques.size(), "entry", "entries") + " under tactic '" + tactic + "', which is not in " +
                            where + why + ": " + verb + " under their techniques' own tactics (" + listed_ids(techniques) + ")",
                     "tactic split");
    }
}

int technique_score(const Coverage& c, std::string_view technique) {
    int best = 0;
    auto it = std::lower_bound(c.entries.begin(), c.entries.end(), technique,
                               [](const CoverageEntry& e, std::string_view id) { return e.technique < id; });
    for (; it != c.entries.end() && it->technique == technique; ++it) best = std::max(best, it->score);
    return best;
}

// ---- diff ----

namespace {

// technique -> tactic -> score
using ScoreMap = std::map<std::string, std::map<std::string, int>>;

// Scores by technique and tactic. With a catalogue, an entry under a tactic the technique does not
// have there (a layer made before ATT&CK 19's split of Defense Evasion, or a misplaced tactic)
// counts as the technique's score under all its tactics (the "" key), as warn_uncharted_entries
// says: otherwise last quarter's defense-evasion scores would show as new coverage under Stealth.
ScoreMap to_map(const Coverage& c, const Catalogue* cat) {
    ScoreMap m;
    for (const auto& e : c.entries) {
        int& s = m[e.technique][charted_tactic(cat, e)];
        s = std::max(s, e.score);
    }
    return m;
}

int best_of(const std::map<std::string, int>& by_tactic) {
    int b = 0;
    for (const auto& [tac, s] : by_tactic) b = std::max(b, s);
    return b;
}

}  // namespace

LayerDiff diff_coverage(const Coverage& previous, const Coverage& current, const Catalogue* cat, const DiffOptions& opt) {
    LayerDiff d;
    d.previous_name = label_of(previous);
    d.current_name = current.name.empty() ? (current.source.empty() ? "the current layer" : file_stem(current.source))
                                          : current.name;
    d.threshold = opt.threshold;
    if (cat) d.platforms = opt.platforms;  // without a catalogue no technique has a platform
    const ScoreMap before = to_map(previous, cat), after = to_map(current, cat);
    std::set<std::string> ids;
    for (const auto& [id, m] : before) ids.insert(id);
    for (const auto& [id, m] : after) ids.insert(id);
    static const std::map<std::string, int> none;
    for (const auto& id : ids) {
        if (!d.platforms.empty()) {
            const Technique* t = cat->find(id);
            if (!t || !on_platforms(*t, d.platforms)) continue;
        }
        const auto bi = before.find(id), ai = after.find(id);
        const auto& b = bi == before.end() ? none : bi->second;
        const auto& a = ai == after.end() ? none : ai->second;
        // A technique-wide ("") score on one side applies to every tactic the other side names.
        std::set<std::string> tactics;
        for (const auto& [t, s] : b) tactics.insert(t);
        for (const auto& [t, s] : a) tactics.insert(t);
        const bool named = std::any_of(tactics.begin(), tactics.end(), [](const std::string& t) { return !t.empty(); });
        if (named) tactics.erase("");
        auto score_at = [&](const std::map<std::string, int>& m, const std::string& tac) {
            int s = 0;
            if (auto it = m.find(tac); it != m.end()) s = it->second;
            if (auto it = m.find(""); it != m.end()) s = std::max(s, it->second);
            return s;
        };
        std::vector<std::string> ordered(tactics.begin(), tactics.end());
        std::stable_sort(ordered.begin(), ordered.end(), [&](const std::string& x, const std::string& y) {
            const int rx = tactic_rank(cat, x), ry = tactic_rank(cat, y);
            return rx != ry ? rx < ry : x < y;
        });
        const std::string name = cat ? display_name(*cat, id) : std::string();
        TechniqueChange tc;
        tc.technique = id;
        // An id the catalogue does not know (warn_uncharted_entries says it of the layer) is named
        // as such wherever the change is listed: the alert, the page's tables, the history.
        tc.name = cat && !cat->find(id) ? "(not in " + cat->label() + ")" : name;
        for (const auto& tac : ordered) {
            const int sb = score_at(b, tac), sa = score_at(a, tac);
            if (sb == sa) continue;
            d.changes.push_back({id, tac, name, sb, sa});
            d.max_abs_delta = std::max(d.max_abs_delta, std::abs(sa - sb));
            tc.tactics.push_back(tac);
        }
        tc.before = best_of(b);
        tc.after = best_of(a);
        if (tc.before == tc.after) continue;
        if (tc.tactics.empty()) tc.tactics = ordered;
        if (tc.before >= opt.threshold && tc.after < opt.threshold) d.dropped_below.push_back(tc);
        else if (tc.before > 0 && tc.after == 0) d.lost.push_back(tc);
        if (tc.before < opt.threshold && tc.after >= opt.threshold) d.closed_gaps.push_back(tc);
        d.techniques.push_back(std::move(tc));
    }
    return d;
}

std::vector<TechniqueChange> dropped_below(const LayerDiff& d, int threshold) {
    std::vector<TechniqueChange> out;
    for (const auto& t : d.techniques)
        if (t.before >= threshold && t.after < threshold) out.push_back(t);
    return out;
}

std::string plural(std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

namespace {

std::string change_line(const TechniqueChange& t) {
    std::string s = t.technique;
    if (!t.name.empty()) s += " " + t.name;
    std::string tactics;
    for (const auto& tac : t.tactics)
        if (!tac.empty()) tactics += (tactics.empty() ? "" : ", ") + tac;
    if (!tactics.empty()) s += " (" + tactics + ")";
    s += ": " + std::to_string(t.before) + " -> " + std::to_string(t.after);
    return s;
}

std::string lost_headline(const LayerDiff& d) {
    return plural(d.lost.size(), "technique", "techniques") + " below " + std::to_string(d.threshold) +
           " lost all coverage" + alert_platform_words(d) + " since " + d.previous_name;
}

}  // namespace

std::string alert_change_line(const TechniqueChange& t) { return change_line(t); }

std::string alert_platform_words(const LayerDiff& d) {
    return on_platform_words(d.platforms);
}

std::string alert_headline(const LayerDiff& d) {
    return plural(d.dropped_below.size(), "technique", "techniques") + " dropped below " + std::to_string(d.threshold) +
           alert_platform_words(d) + " since " + d.previous_name;
}

std::string alert_text(const LayerDiff& d) {
    std::string s = alert_headline(d) + "\n";
    for (const auto& t : d.dropped_below) s += "- " + change_line(t) + "\n";
    if (!d.lost.empty()) {
        s += lost_headline(d) + "\n";
        for (const auto& t : d.lost) s += "- " + change_line(t) + "\n";
    }
    return s;
}

std::string alert_slack_json(const LayerDiff& d) {
    // Slack's mrkdwn needs &, <, > escaped; a section's text is limited to 3000 characters and a
    // message to 50 blocks.
    auto esc = [](const std::string& in) {
        std::string out;
        for (char c : in) {
            if (c == '&') out += "&amp;";
            else if (c == '<') out += "&lt;";
            else if (c == '>') out += "&gt;";
            else out += c;
        }
        return out;
    };
    ojson blocks = ojson::array();
    auto section = [&](const std::string& text) {
        blocks.push_back(ojson{{"type", "section"}, {"text", ojson{{"type", "mrkdwn"}, {"text", text}}}});
    };
    auto list = [&](const std::vector<TechniqueChange>& items) {
        std::string chunk;
        std::size_t shown = 0;
        for (const auto& t : items) {
            std::string plain = change_line(t);
            if (const auto arrow = plain.rfind(" -> "); arrow != std::string::npos) plain.replace(arrow, 4, " → ");
            std::string line = "• " + esc(plain) + "\n";
            if (chunk.size() + line.size() > 2900) {
                if (blocks.size() >= 45) break;
                section(chunk);
                chunk.clear();
            }
            chunk += line;
            ++shown;
        }
        if (shown < items.size()) chunk += "… and " + std::to_string(items.size() - shown) + " more\n";
        if (!chunk.empty()) section(chunk);
    };
    section("*" + esc(alert_headline(d)) + "*");
    list(d.dropped_below);
    if (!d.lost.empty()) {
        section("*" + esc(lost_headline(d)) + "*");
        list(d.lost);
    }
    std::string text = alert_headline(d);
    if (!d.lost.empty()) text += "; " + lost_headline(d);
    ojson payload{{"text", text}, {"blocks", std::move(blocks)}};
    return payload.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

// Red (lost) -> white (unchanged) -> blue (gained): ColorBrewer RdBu, readable with red-green
// colour blindness, unlike red -> green.
const std::vector<std::string> kPaletteDiverging = {"#b2182b", "#f7f7f7", "#2166ac"};

std::string write_diff_layer(const LayerDiff& d, const Catalogue& cat, const std::string& name) {
    const int m = std::max(1, d.max_abs_delta);
    ojson techniques = ojson::array();
    for (const auto& c : d.changes) {
        ojson e;
        e["techniqueID"] = c.technique;
        if (!c.tactic.empty()) e["tactic"] = c.tactic;
        e["score"] = c.delta();
        e["color"] = "";
        e["comment"] = std::to_string(c.before) + " -> " + std::to_string(c.after) + " (" +
                       (c.delta() > 0 ? "+" : "") + std::to_string(c.delta()) + ")";
        e["enabled"] = true;
        e["metadata"] = ojson::array({ojson{{"name", "before"}, {"value", std::to_string(c.before)}},
                                      ojson{{"name", "after"}, {"value", std::to_string(c.after)}}});
        e["links"] = ojson::array();
        e["showSubtechniques"] = false;
        techniques.push_back(std::move(e));
    }
    const std::string layer_name = name.empty() ? "diff " + d.previous_name + " -> " + d.current_name : name;
    layer_json::Parts parts;
    parts.name = layer_name;
    parts.description = "Score changes from " + d.previous_name + " to " + d.current_name + " (score = after - before): " +
                        std::to_string(d.dropped_below.size()) + " dropped below " + std::to_string(d.threshold) + ", " +
                        std::to_string(d.closed_gaps.size()) + " rose to " + std::to_string(d.threshold) + " or more, " +
                        plural(d.changes.size(), "change", "changes") + alert_platform_words(d) + ".";
    // Shown in the Navigator on the platforms it was made on.
    if (!d.platforms.empty()) parts.filters = ojson{{"platforms", d.platforms}};
    parts.aggregate = "min";  // a parent shows its worst change
    parts.techniques = std::move(techniques);
    parts.gradient = ojson{{"colors", kPaletteDiverging}, {"minValue", -m}, {"maxValue", m}};
    parts.legend = ojson::array({ojson{{"label", "lost " + std::to_string(m)}, {"color", kPaletteDiverging[0]}},
                                 ojson{{"label", "unchanged"}, {"color", kPaletteDiverging[1]}},
                                 ojson{{"label", "gained " + std::to_string(m)}, {"color", kPaletteDiverging[2]}}});
    parts.metadata = ojson::array({ojson{{"name", "generator"}, {"value", "sigma-heatmap diff"}},
                                   ojson{{"name", "previous"}, {"value", d.previous_name}},
                                   ojson{{"name", "current"}, {"value", d.current_name}},
                                   ojson{{"name", "threshold"}, {"value", std::to_string(d.threshold)}}});
    return layer_json::write(cat, std::move(parts));
}

// ---- baselines and targets ----

namespace {

// Best score per id, a parent also taking its sub-techniques' best (covered when any sub is).
std::map<std::string, int> rolled_up(const Coverage& c) {
    std::map<std::string, int> m;
    for (const auto& e : c.entries) {
        int& s = m[e.technique];
        s = std::max(s, e.score);
    }
    std::map<std::string, int> parents;
    for (const auto& [id, s] : m)
        if (id.find('.') != std::string::npos) {
            int& p = parents[parent_technique(id)];
            p = std::max(p, s);
        }
    for (const auto& [id, s] : parents) {
        int& own = m[id];
        own = std::max(own, s);
    }
    return m;
}

}  // namespace

bool read_targets(std::string_view text, const std::string& file, const Catalogue& cat, int default_min_score,
                  std::vector<Target>& out, Diagnostics& diags) {
    std::string utf8;  // a UTF-16 layer or list is told apart as UTF-8 is
    if (auto problem = text_as_utf8(text, utf8)) {
        DiagnosticSink(diags, file).add(Severity::Error, problem->line, problem->column, problem->message + "; file not read");
        return false;
    }
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string_view::npos && text[first] == '{') {
        Layer layer;
        if (!read_layer(text, file, layer, diags)) return false;
        Diagnostics td;
        out = targets_from_layer(layer, cat, default_min_score, td);
        for (auto& d : td) d.file = d.file.empty() ? file : d.file;
        diags.insert(diags.end(), td.begin(), td.end());
        return true;
    }
    out = parse_targets_text(text, file, cat, default_min_score, diags);
    return true;
}

BaselineComparison compare_baseline(const Coverage& ours, const Coverage& reference, const Catalogue& cat,
                                    Diagnostics* diags) {
    BaselineComparison b;
    int unknown = 0;
    b.reference_name = label_of(reference);
    const auto o = rolled_up(ours), r = rolled_up(reference);
    std::set<std::string> ids;
    for (const auto& [id, s] : o) ids.insert(id);
    for (const auto& [id, s] : r) ids.insert(id);
    for (const auto& id : ids) {
        if (!cat.find(id)) {
            // Not a technique of this catalogue: said once (the first few by name), never listed as a gap.
            if (diags && ++unknown <= 10)
                diags->push_back({Severity::Warning, reference.source, 0, 0,
                                  "technique " + id + " is not in ATT&CK " + cat.attack_version + " " + cat.domain +
                                      "; left out of the baseline comparison"});
            continue;
        }
        const int so = o.count(id) ? o.at(id) : 0, sr = r.count(id) ? r.at(id) : 0;
        if (so > 0 && sr > 0) ++b.both;
        else if (sr > 0) b.missing.push_back({id, display_name(cat, id), so, sr});
        else if (so > 0) b.ahead.push_back({id, display_name(cat, id), so, sr});
    }
    if (diags && unknown > 10)
        diags->push_back({Severity::Warning, reference.source, 0, 0,
                          "... and " + std::to_string(unknown - 10) + " more technique ids not in ATT&CK " +
                              cat.attack_version + " left out of the baseline comparison"});
    return b;
}

namespace {

void add_target(std::vector<Target>& out, std::map<std::string, std::size_t>& index, Target t) {
    auto [it, fresh] = index.try_emplace(t.technique, out.size());
    if (fresh) out.push_back(std::move(t));
    else out[it->second].min_score = std::max(out[it->second].min_score, t.min_score);
}

// Catalogue checks for one target id; returns the id to use.
std::string resolve_target(const std::string& id, const Catalogue& cat, int line, DiagnosticSink& sink) {
    const Technique* t = cat.find(id);
    if (!t) {
        sink.warning(line, "target " + id + " is not in ATT&CK " + cat.attack_version + "; it cannot be met",
                     "target not in ATT&CK");
        return id;
    }
    if (t->revoked && !t->revoked_by.empty() && cat.find(t->revoked_by)) {
        sink.warning(line, "target " + id + " is revoked; checked as " + t->revoked_by, "revoked target");
        return t->revoked_by;
    }
    return id;
}

}  // namespace

std::vector<Target> parse_targets_text(std::string_view text, const std::string& file, const Catalogue& cat,
                                       int default_min_score, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    std::vector<Target> out;
    std::string utf8;
    if (!report_csv_text_ok(text, utf8, sink)) return out;
    std::map<std::string, std::size_t> index;
    CsvReader reader(text, sink);
    CsvRow row;
    for (bool first_row = true; reader.next(row); first_row = false) {
        const std::string first(trim(row.fields[0]));
        if (!first.empty() && first[0] == '#') continue;
        const std::string id = technique_id(first);
        if (id.empty()) {
            if (first_row) continue;  // a header line ("technique,min_score")
            sink.error(row.line, "'" + excerpt(first) + "' is not a technique id (T1234 or T1234.001)",
                       "not a technique id");
            continue;
        }
        int min_score = default_min_score;
        if (row.fields.size() > 1 && !trim(row.fields[1]).empty()) {
            // Range-checked before the conversion: 4000000000 once became INT_MIN and counted as met.
            const auto v = parse_number(row.fields[1], nullptr, reader.decimal_comma());
            if (!v || *v < 0 || *v != std::floor(*v)) {
                sink.error(row.line, "minimum score '" + excerpt(row.fields[1]) + "' is not a whole number >= 0; default used",
                           "bad minimum score");
            } else if (*v > limits::kMaxAbsScore) {
                // Still a bar no score reaches, as the file meant, not a wrapped-around number.
                sink.warning(row.line,
                             "minimum score " + excerpt(row.fields[1]) + " is above the largest score (1000000000); " +
                                 "1000000000 used",
                             "minimum score out of range");
                min_score = static_cast<int>(limits::kMaxAbsScore);
            } else {
                min_score = static_cast<int>(*v);
            }
        }
        const std::string use = resolve_target(id, cat, row.line, sink);
        add_target(out, index, {use, min_score, row.line});
    }
    sink.finish();
    return out;
}

std::vector<Target> targets_from_layer(const Layer& layer, const Catalogue& cat, int default_min_score,
                                       Diagnostics& diags) {
    DiagnosticSink sink(diags);
    const bool any_score = std::any_of(layer.techniques.begin(), layer.techniques.end(),
                                       [](const LayerTechnique& t) { return t.score.has_value(); });
    std::set<std::string> ids;
    for (const auto& t : layer.techniques) {
        const bool take = any_score ? (t.score && *t.score > 0) : t.enabled;
        if (take) ids.insert(t.technique);
    }
    if (!any_score) sink.info(0, "the targets layer has no scores: its enabled techniques are the targets");
    std::vector<Target> out;
    std::map<std::string, std::size_t> index;
    for (const auto& id : ids) {
        if (technique_id(id).empty()) {
            sink.warning(0, "target '" + excerpt(id) + "' is not a technique id; skipped", "not a technique id");
            continue;
        }
        add_target(out, index, {resolve_target(id, cat, 0, sink), default_min_score, 0});
    }
    sink.finish();
    std::sort(out.begin(), out.end(), [](const Target& a, const Target& b) { return a.technique < b.technique; });
    return out;
}

TargetReport check_targets(const Coverage& ours, const std::vector<Target>& targets, const Catalogue& cat) {
    TargetReport r;
    const auto scores = rolled_up(ours);
    for (const auto& t : targets) {
        TargetRow row;
        row.technique = t.technique;
        row.name = display_name(cat, t.technique);
        row.score = scores.count(t.technique) ? scores.at(t.technique) : 0;
        row.min_score = t.min_score;
        row.met = row.score >= t.min_score && row.score > 0;
        (row.met ? r.met : r.not_met)++;
        r.rows.push_back(std::move(row));
    }
    return r;
}

int threshold_on_scale(int threshold, int top) {
    const double share = std::ceil(double(threshold) * double(top) / 100.0);  // in double: 1e9 x 1e9 fits
    return int(std::clamp(share, 1.0, std::max(1.0, double(top))));
}

std::string alert_threshold_note(const Coverage& previous, const Coverage& current, int threshold, const std::string& how) {
    int top = 0;
    for (const Coverage* c : {&previous, &current})
        for (const auto& e : c->entries) top = std::max(top, e.score);
    if (top <= 0 || threshold <= top) return "";
    return "both layers' scores go up to " + std::to_string(top) + ", below the alert threshold " + std::to_string(threshold) +
           ": no technique can drop below it, so no alert is raised; " + how + " on their scale (e.g. " +
           std::to_string(threshold_on_scale(threshold, top)) + ")";
}

}  // namespace sh
