// layer.cpp — ATT&CK Navigator layer format 4.5: the deterministic writer and the tolerant reader.
// The writer's output is what the CLI writes and what the page downloads, byte for byte; the
// reader accepts any v4.x layer (other producers: duplicates, no tactic, colour-only entries).
#include "layer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>

#include "layer_json.hpp"
#include "render/colour.hpp"

namespace sh {

using ojson = nlohmann::ordered_json;

// Navigator's own default gradient (red -> yellow -> green) and a colour-blind safe ramp
// (blue -> yellow -> black: distinct in luminance, readable under every colour-vision deficiency).
const std::vector<std::string> kPaletteRedYellowGreen = {"#ff6666", "#ffe766", "#8ec843"};
const std::vector<std::string> kPaletteColourBlind = {"#2166ac", "#fee090", "#000000"};

std::string default_layer_name(int year, int month) {
    const int quarter = (std::clamp(month, 1, 12) - 1) / 3 + 1;
    return "coverage_q" + std::to_string(quarter) + "_" + std::to_string(year);
}

std::string default_layer_name_today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
#if defined(_WIN32)
    gmtime_s(&tm, &now);
#else
    gmtime_r(&now, &tm);
#endif
    return default_layer_name(tm.tm_year + 1900, tm.tm_mon + 1);
}

const char* profile_description(ScoreProfile p) {
    switch (p) {
        case ScoreProfile::Seed:
            return "best rule level per technique (informational 10, low 30, medium 50, high 80, critical 100)";
        case ScoreProfile::Count: return "number of rules per technique";
        case ScoreProfile::Max: return "highest rule level per technique (informational 1 .. critical 5)";
        case ScoreProfile::Level:
            return "sum of rule level weights per technique (informational 1, low 2, medium 4, high 8, critical 12)";
        case ScoreProfile::Quality:
            return "best rule quality per technique (100 x precision x (1 - false-positive rate) from rule test results)";
    }
    return "";
}

namespace {

std::string levels_summary(const std::vector<uint32_t>& ids, const std::vector<Rule>& rules) {
    int counts[6] = {0, 0, 0, 0, 0, 0};
    for (uint32_t i : ids) ++counts[static_cast<int>(rules[i].level) + 1];
    std::string out;
    for (int l = 5; l >= 0; --l) {
        if (!counts[l]) continue;
        if (!out.empty()) out += ", ";
        out += (l == 0 ? "none" : level_name(static_cast<Level>(l - 1)));
        out += ' ' + std::to_string(counts[l]);
    }
    return out;
}

ojson meta(const std::string& name, const std::string& value) { return ojson{{"name", name}, {"value", value}}; }

std::string rule_line(const Rule& r) {
    std::string s = r.title;
    s += " [";
    s += r.level == Level::None ? "no level" : level_name(r.level);
    s += ", ";
    s += r.status == Status::None ? "no status" : status_name(r.status);
    s += "] ";
    s += r.file;
    return s;
}

}  // namespace

std::string write_layer(const ScoreResult& scores, const std::vector<Rule>& rules, const Catalogue& cat,
                        const ScoreOptions& sopt, const LayerOptions& lopt) {
    const std::vector<std::string> colors = lopt.colors.empty() ? kPaletteRedYellowGreen : lopt.colors;
    const ScoreRange range = layer_score_range(scores, lopt);  // Navigator needs maxValue > minValue
    const int min_value = range.min, max_value = range.max;
    const Gradient gradient = make_gradient(colors, min_value, max_value);
    auto colour_of = [&](int score) { return to_hex(gradient_colour(gradient, score)); };

    // Which parents have scored sub-techniques: Navigator then opens them in the matrix.
    std::map<std::string, bool> parent_has_scored_subs;
    for (const auto& e : scores.entries) {
        const auto dot = e.technique.find('.');
        if (dot != std::string::npos) parent_has_scored_subs[e.technique.substr(0, dot)] = true;
    }

    ojson techniques = ojson::array();
    int covered_techniques = 0, covered_subs = 0;
    std::string last_id;
    for (const auto& e : scores.entries) {
        if (e.technique != last_id) {
            (e.technique.find('.') == std::string::npos ? covered_techniques : covered_subs)++;
            last_id = e.technique;
        }
        std::string comment;
        for (uint32_t i : e.rules) {
            if (!comment.empty()) comment += "; ";
            comment += rules[i].title;
        }
        ojson md = ojson::array();
        md.push_back(meta("rules", std::to_string(e.rules.size())));
        md.push_back(meta("levels", levels_summary(e.rules, rules)));
        md.push_back(ojson{{"divider", true}});
        for (uint32_t i : e.rules) md.push_back(meta("rule", rule_line(rules[i])));
        techniques.push_back(ojson{{"techniqueID", e.technique},
                                   {"tactic", e.tactic},
                                   {"score", e.score},
                                   {"color", ""},
                                   {"comment", comment},
                                   {"enabled", true},
                                   {"metadata", std::move(md)},
                                   {"links", ojson::array()},
                                   {"showSubtechniques", parent_has_scored_subs.count(e.technique) > 0}});
    }

    std::vector<std::string> platforms = lopt.platforms;
    if (platforms.empty()) {
        for (const auto& t : cat.techniques)
            for (const auto& p : t.platforms)
                if (std::find(platforms.begin(), platforms.end(), p) == platforms.end()) platforms.push_back(p);
        std::sort(platforms.begin(), platforms.end());
    }

    std::string description = lopt.description;
    if (description.empty()) {
        description = "Sigma rule coverage by sigma-heatmap: " + std::to_string(scores.rules_scored) +
                      " rules, score = " + profile_description(sopt.profile) + ". " +
                      std::to_string(covered_techniques) + " techniques and " + std::to_string(covered_subs) +
                      " sub-techniques covered (ATT&CK " + cat.attack_version + ").";
    }

    ojson legend = ojson::array();
    if (sopt.profile == ScoreProfile::Seed) {
        for (Level l : {Level::Critical, Level::High, Level::Medium, Level::Low, Level::Informational}) {
            const int s = rule_points(ScoreProfile::Seed, l);
            legend.push_back(ojson{{"label", std::string("best rule ") + level_name(l) + " (" + std::to_string(s) + ")"},
                                   {"color", colour_of(s)}});
        }
    } else {
        legend.push_back(ojson{{"label", std::string(profile_name(sopt.profile)) + " " + std::to_string(max_value)},
                               {"color", colour_of(max_value)}});
        legend.push_back(ojson{{"label", std::string(profile_name(sopt.profile)) + " " + std::to_string(min_value)},
                               {"color", colour_of(min_value)}});
    }

    std::string filters_text;
    if (sopt.min_level != Level::None) filters_text += std::string("min-level ") + level_name(sopt.min_level);
    if (sopt.min_status != Status::None)
        filters_text += (filters_text.empty() ? "" : ", ") + std::string("min-status ") + status_name(sopt.min_status);
    if (!sopt.subtechniques) filters_text += (filters_text.empty() ? "" : ", ") + std::string("no-subtechniques");
    if (sopt.placement == TacticPlacement::Tagged)
        filters_text += (filters_text.empty() ? "" : ", ") + std::string("tactics tagged");

    ojson layer_meta = ojson::array();
    layer_meta.push_back(meta("generator", "sigma-heatmap"));
    layer_meta.push_back(meta("score profile", profile_name(sopt.profile)));
    layer_meta.push_back(meta("rules", std::to_string(scores.rules_scored)));
    layer_meta.push_back(meta("techniques covered", std::to_string(covered_techniques)));
    layer_meta.push_back(meta("sub-techniques covered", std::to_string(covered_subs)));
    if (!filters_text.empty()) layer_meta.push_back(meta("options", filters_text));

    layer_json::Parts parts;
    parts.name = lopt.name.empty() ? default_layer_name_today() : lopt.name;
    parts.description = description;
    parts.filters = ojson{{"platforms", platforms}};
    parts.techniques = std::move(techniques);
    parts.gradient = ojson{{"colors", colors}, {"minValue", min_value}, {"maxValue", max_value}};
    parts.legend = std::move(legend);
    parts.metadata = std::move(layer_meta);
    return layer_json::write(cat, std::move(parts));
}

std::string layer_json::write(const Catalogue& cat, Parts p) {
    ojson layer{
        {"name", p.name},
        {"versions", ojson{{"attack", cat.attack_version}, {"navigator", "5.1.0"}, {"layer", "4.5"}}},
        {"domain", cat.domain.empty() ? std::string("enterprise-attack") : cat.domain},
        {"description", p.description},
    };
    if (!p.filters.is_null()) layer["filters"] = std::move(p.filters);
    layer["sorting"] = 0;
    layer["layout"] = ojson{{"layout", "side"},
                            {"aggregateFunction", p.aggregate},
                            {"showID", true},
                            {"showName", true},
                            {"showAggregateScores", false},
                            {"countUnscored", false},
                            {"expandedSubtechniques", "annotated"}};
    layer["hideDisabled"] = false;
    layer["techniques"] = std::move(p.techniques);
    layer["gradient"] = std::move(p.gradient);
    layer["legendItems"] = std::move(p.legend);
    layer["metadata"] = std::move(p.metadata);
    layer["links"] = ojson::array();
    layer["showTacticRowBackground"] = false;
    layer["tacticRowBackground"] = "#dddddd";
    layer["selectTechniquesAcrossTactics"] = true;
    layer["selectSubtechniquesWithParent"] = false;
    layer["selectVisibleTechniques"] = false;
    return layer.dump(2, ' ', false, ojson::error_handler_t::replace) + "\n";
}

// ---- reader ----

namespace {

std::string str_field(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<int> int_field(const nlohmann::json& o, const char* key) {
    auto it = o.find(key);
    if (it == o.end() || !it->is_number()) return std::nullopt;
    const double v = it->get<double>();
    if (!std::isfinite(v) || std::fabs(v) > 1e9) return std::nullopt;
    return static_cast<int>(std::lround(v));
}

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace

bool read_layer(std::string_view text, const std::string& file, Layer& out, Diagnostics& diags) {
    auto err = [&](std::string msg) { diags.push_back(Diagnostic{Severity::Error, file, 0, 0, std::move(msg)}); };
    auto warn = [&](std::string msg) { diags.push_back(Diagnostic{Severity::Warning, file, 0, 0, std::move(msg)}); };
    const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (j.is_discarded()) {
        err("not a Navigator layer: the file is not valid JSON");
        return false;
    }
    if (!j.is_object()) {
        err("not a Navigator layer: expected a JSON object at the top level");
        return false;
    }
    auto techs = j.find("techniques");
    if (techs == j.end() || !techs->is_array()) {
        err("not a Navigator layer: no \"techniques\" list");
        return false;
    }
    out = Layer{};
    out.name = str_field(j, "name");
    out.description = str_field(j, "description");
    out.domain = str_field(j, "domain");
    if (auto v = j.find("versions"); v != j.end() && v->is_object()) {
        out.attack_version = str_field(*v, "attack");
        out.layer_version = str_field(*v, "layer");
    } else {
        out.layer_version = str_field(j, "version");  // layer format 3.x and early 4.x
    }
    if (!out.layer_version.empty() && out.layer_version[0] != '4')
        warn("layer format " + out.layer_version + " is not 4.x; read as far as it matches");
    if (auto g = j.find("gradient"); g != j.end() && g->is_object()) {
        out.gradient_min = int_field(*g, "minValue").value_or(0);
        out.gradient_max = int_field(*g, "maxValue").value_or(100);
        if (auto c = g->find("colors"); c != g->end() && c->is_array())
            for (const auto& col : *c)
                if (col.is_string()) out.gradient_colors.push_back(col.get<std::string>());
    }
    std::size_t index = 0;
    for (const auto& t : *techs) {
        ++index;
        if (!t.is_object()) {
            warn("techniques[" + std::to_string(index - 1) + "] is not an object; skipped");
            continue;
        }
        LayerTechnique lt;
        lt.technique = upper(str_field(t, "techniqueID"));
        if (lt.technique.empty()) {
            warn("techniques[" + std::to_string(index - 1) + "] has no techniqueID; skipped");
            continue;
        }
        lt.tactic = lower(str_field(t, "tactic"));
        lt.score = int_field(t, "score");
        lt.color = str_field(t, "color");
        lt.comment = str_field(t, "comment");
        if (auto e = t.find("enabled"); e != t.end() && e->is_boolean()) lt.enabled = e->get<bool>();
        out.techniques.push_back(std::move(lt));
    }
    return true;
}

}  // namespace sh
