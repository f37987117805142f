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

#include "diagnostics.hpp"
#include "report_internal.hpp"
#include "layer_json.hpp"
#include "render/colour.hpp"
#include "text_encoding.hpp"

namespace sh {

using ojson = nlohmann::ordered_json;

// Navigator's own default gradient (red -> yellow -> green) and a colour-blind safe ramp
// (blue -> yellow -> black: distinct in luminance, readable under every colour-vision deficiency).
const std::vector<std::string> kPaletteRedYellowGreen = {"#ff6666", "#ffe766", "#8ec843"};
const std::vector<std::string> kPaletteColourBlind = {"#2166ac", "#fee090", "#000000"};

std::string covered_words(const ScoreResult& scores, const Catalogue& cat, const std::vector<std::string>& platforms,
                          const std::string& extra) {
    auto words = [](const CoveredCounts& c) {
        return plural(std::size_t(c.techniques), "technique", "techniques") + " and " +
               plural(std::size_t(c.subtechniques), "sub-technique", "sub-techniques");
    };
    std::string out = words(count_covered(scores, cat)) + " covered (ATT&CK " + cat.attack_version + extra + ")";
    if (!platforms.empty()) {
        out += ", on " + platform_words(platforms) + ": " + words(count_covered(scores, cat, platforms));
    }
    return out;
}

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

namespace {
constexpr std::string_view kPerTechnique = " per technique";  // in each profile_description
}  // namespace

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

std::string profile_meaning(ScoreProfile p) {
    const std::string_view d = profile_description(p);
    return std::string(d.substr(0, d.find(kPerTechnique)));
}

std::string profile_caption(ScoreProfile p) { return "Score: " + profile_meaning(p); }

namespace {

// The start of the descriptions write_layer generates (a share link's layer has the second).
constexpr std::string_view kOwnDescription = "Sigma rule coverage by sigma-heatmap: ";
constexpr std::string_view kSharedDescription = "Sigma rule coverage shared from sigma-heatmap: ";

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
    const CoveredCounts covered = count_covered(scores, cat);
    for (const auto& e : scores.entries) {
        std::string comment;
        for (uint32_t i : e.rules) {
            if (!comment.empty()) comment += "; ";
            comment += rules[i].title;
        }
        ojson md = ojson::array();
        if (!lopt.rules_unknown) {
            md.push_back(meta("rules", std::to_string(e.rules.size())));
            md.push_back(meta("levels", levels_summary(e.rules, rules)));
            md.push_back(ojson{{"divider", true}});
            for (uint32_t i : e.rules) md.push_back(meta("rule", rule_line(rules[i])));
        }
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

    const std::vector<std::string> platforms = lopt.platforms.empty() ? catalogue_platforms(cat) : lopt.platforms;

    const std::string covered_text = covered_words(scores, cat, lopt.platforms) + ".";
    std::string description = lopt.description;
    if (description.empty() && lopt.rules_unknown)
        description = std::string(kSharedDescription) + covered_text;
    else if (description.empty())
        description = std::string(kOwnDescription) + plural(std::size_t(scores.rules_scored), "rule", "rules") +
                      ", score = " + profile_description(sopt.profile) + ". " + covered_text;

    ojson legend = ojson::array();
    if (lopt.rules_unknown) {
        legend.push_back(ojson{{"label", "score " + std::to_string(max_value)}, {"color", colour_of(max_value)}});
        legend.push_back(ojson{{"label", "score " + std::to_string(min_value)}, {"color", colour_of(min_value)}});
    } else if (sopt.profile == ScoreProfile::Seed) {
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
    if (!lopt.rules_unknown) {
        layer_meta.push_back(meta("score profile", profile_name(sopt.profile)));
        layer_meta.push_back(meta("rules", std::to_string(scores.rules_scored)));
    }
    layer_meta.push_back(meta("techniques covered", std::to_string(covered.techniques)));
    layer_meta.push_back(meta("sub-techniques covered", std::to_string(covered.subtechniques)));
    if (!filters_text.empty() && !lopt.rules_unknown) layer_meta.push_back(meta("options", filters_text));

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

// Positions in JSON text, no tree built. Every step either moves on or stops, so any text (valid
// JSON or not) ends the scan in one pass.
struct JsonScan {
    std::string_view t;
    std::size_t i = 0;
    static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
    void space() {
        while (i < t.size() && blank(t[i])) ++i;
    }
    void string() {  // at the opening quote
        ++i;
        while (i < t.size() && t[i] != '"') i += t[i] == '\\' ? 2 : 1;
        i = std::min(i + 1, t.size());
    }
    void value() {
        space();
        if (i >= t.size()) return;
        if (t[i] == '"') return string();
        if (t[i] == '{' || t[i] == '[') {
            std::size_t depth = 0;
            while (i < t.size()) {
                const char c = t[i];
                if (c == '"') {
                    string();
                    continue;
                }
                ++i;
                if (c == '{' || c == '[') ++depth;
                else if ((c == '}' || c == ']') && --depth == 0) return;
            }
            return;
        }
        while (i < t.size() && t[i] != ',' && t[i] != '}' && t[i] != ']' && !blank(t[i])) ++i;
    }
};

// Where the members of a layer file's layer object are (the first one of a list of layers), for
// reading or replacing one member without parsing the rest: on_member(key, value_begin, value_end)
// for each member in file order, the key unescaped. {after its '{', after its last member's value},
// or nullopt when the text holds no object there. Linear; never throws.
struct MemberSpan {
    std::size_t open, last_end;
};
template <class OnMember>
std::optional<MemberSpan> scan_members(std::string_view text, OnMember&& on_member) {
    JsonScan sc{text};
    if (text.substr(0, 3) == "\xEF\xBB\xBF") sc.i = 3;
    sc.space();
    if (sc.i < text.size() && text[sc.i] == '[') {  // a list of layers: the first
        ++sc.i;
        sc.space();
    }
    if (sc.i >= text.size() || text[sc.i] != '{') return std::nullopt;
    ++sc.i;
    const std::size_t open = sc.i;
    std::size_t last_end = open;  // after the last member's value
    while (true) {
        sc.space();
        if (sc.i >= text.size() || text[sc.i] != '"') {
            if (sc.i < text.size() && text[sc.i] == ',') {
                ++sc.i;
                continue;
            }
            break;  // the closing brace
        }
        const std::size_t key_begin = sc.i;
        sc.string();
        std::string_view raw = text.substr(key_begin, sc.i - key_begin);
        std::string key(raw.size() >= 2 ? raw.substr(1, raw.size() - 2) : std::string_view());
        if (key.find('\\') != std::string::npos) {  // "n\u0061me" is "name" to the reader too
            const nlohmann::json k = nlohmann::json::parse(raw.begin(), raw.end(), nullptr, false);
            key = k.is_string() ? k.get<std::string>() : std::string();
        }
        sc.space();
        if (sc.i < text.size() && text[sc.i] == ':') ++sc.i;
        sc.space();
        const std::size_t value_begin = sc.i;
        sc.value();
        last_end = sc.i;
        on_member(key, value_begin, sc.i);
    }
    return MemberSpan{open, last_end};
}

// A score with decimals as a whole number: rounded, except that a score other than 0 stays other
// than 0 (0.3 -> 1), so that a technique the layer scores still counts as scored.
int whole_score(double v) {
    const long r = std::lround(v);
    return r == 0 && v != 0 ? (v > 0 ? 1 : -1) : int(r);
}

// Reads the fields of one JSON object with the checks every string and number from a file gets.
class FieldReader {
public:
    FieldReader(DiagnosticSink& sink, std::string where) : sink_(sink), where_(std::move(where)) {}

    // A string field ("" when absent or not a string). A NUL character (\u0000) is kept visibly as
    // the text "\u0000"; has_nul() then says so (ids and tactics are refused by the caller).
    std::string text(const nlohmann::json& o, const char* key) {
        auto it = o.find(key);
        if (it == o.end() || !it->is_string()) return {};
        const auto& s = it->get_ref<const std::string&>();
        if (s.find('\0') == std::string::npos) return s;
        nul_ = true;
        std::string out;
        for (char c : s) {
            if (c == '\0') out += "\\u0000";
            else out += c;
        }
        if (!quiet_nul_)
            sink_.warning(0, where_ + "." + key + " contains a NUL character (\\u0000); it is shown as \\u0000",
                          "NUL character in a string");
        return out;
    }
    bool has_nul() const { return nul_; }
    void quiet_nul(bool quiet) { quiet_nul_ = quiet; }

    // A number within ±kMaxAbsScore as the file gives it; nullopt when absent; a warning when present
    // but not usable.
    std::optional<double> number(const nlohmann::json& o, const char* key) {
        auto it = o.find(key);
        if (it == o.end() || it->is_null()) return std::nullopt;
        double v = 0;
        if (it->is_string()) {
            // "score": "80" (a spreadsheet or script that quoted every value): read, and said.
            // The report CSVs' number reader: trimmed, plain decimal only; "80%" is no score.
            const std::string_view t = report_detail::trim(it->get_ref<const std::string&>());
            bool percent = false;
            const auto parsed = report_detail::parse_number(t, &percent);
            if (!parsed || percent) {
                sink_.warning(0, where_ + "." + key + " is not a number; ignored", "not a number");
                return std::nullopt;
            }
            v = *parsed;
            sink_.warning(0, where_ + "." + key + " is the string \"" + excerpt(t, 40) + "\", not a number; read as " + excerpt(t, 40),
                          "number written as a string");
        } else if (!it->is_number()) {
            sink_.warning(0, where_ + "." + key + " is not a number; ignored", "not a number");
            return std::nullopt;
        } else {
            v = it->get<double>();
        }
        if (!std::isfinite(v) || std::fabs(v) > limits::kMaxAbsScore) {
            sink_.warning(0, where_ + "." + key + " = " + excerpt(it->dump(), 40) + " is out of range (at most " +
                                 "1000000000 either way); ignored",
                          "number out of range");
            return std::nullopt;
        }
        return v;
    }

    // A number read by number() as a whole one: rounded, and said when it had decimals. A score
    // (`score`) other than 0 stays other than 0 (0.3 -> 1), so that a technique the layer scores
    // still counts as scored.
    int whole(double v, const char* key, bool score) {
        const int out = score ? whole_score(v) : static_cast<int>(std::lround(v));
        if (double(out) != v && !sink_.full("number with decimals"))
            sink_.warning(0, where_ + "." + key + " = " + excerpt(nlohmann::json(v).dump(), 40) + " is not a whole number; read as " +
                                 std::to_string(out) + (score && std::lround(v) == 0 ? ", not 0, so that it still counts as scored" : "") +
                                 " (scores are whole numbers here)",
                          "number with decimals");
        return out;
    }

private:
    DiagnosticSink& sink_;
    std::string where_;
    bool nul_ = false, quiet_nul_ = false;
};

// x, when it is a whole number but for the float error of a product (0.29 * 100 = 28.999999999999996).
std::optional<double> nearly_whole(double x) {
    const double r = std::round(x);
    if (std::fabs(x - r) <= 1e-9 * std::max(1.0, std::fabs(x))) return r;
    return std::nullopt;
}

// A score of a layer that may be scored as fractions, as the file gives it, kept until the whole
// layer is read (read_fractional).
struct GivenScore {
    std::size_t entry;  // in the entries kept
    std::size_t index;  // in the file's "techniques" list, for messages
    double value;
};

// Scores are whole numbers here. A layer whose gradient lies within -1..1 may be scored as
// fractions (a likelihood or a confidence, 0..1): its scores are kept as the file gives them
// (`fractional`) until it is read whole. When a score or a gradient end then has decimals, the
// scores and the gradient are read as percentages (x100), so that the layer's colours, its order
// and what it covers stay the file's, and one warning says so; a percentage with decimals still
// is rounded (a warning each). Without decimals (a 0/1 layer, or ours written with a range of
// 0..1) the numbers are read as they are.
void read_fractional(std::vector<LayerTechnique>& entries, const std::vector<GivenScore>& fractional,
                     std::optional<double> gmin, std::optional<double> gmax, Layer& out, DiagnosticSink& sink,
                     DiagnosticSink& entry_sink) {
    const double lo = gmin.value_or(0), hi = gmax.value_or(100);
    auto has_decimals = [](double v) { return v != std::round(v); };
    const GivenScore* example = nullptr;
    for (const auto& d : fractional)
        if (has_decimals(d.value)) {
            example = &d;
            break;
        }
    auto text = [](double v) { return excerpt(nlohmann::json(v).dump(), 40); };  // as the file may write it
    auto plain = [](double v) {  // 25, 33.33, 0.1 (at most 4 decimals)
        std::string t = fixed_decimals(v, 4);
        while (t.find('.') != std::string::npos && (t.back() == '0' || t.back() == '.')) t.pop_back();
        return t;
    };
    auto where = [](std::size_t index) { return "techniques[" + std::to_string(index) + "].score"; };
    if (!example && !has_decimals(lo) && !has_decimals(hi)) {
        for (const auto& d : fractional) entries[d.entry].score = static_cast<int>(d.value);
        out.gradient_min = static_cast<int>(lo), out.gradient_max = static_cast<int>(hi);
        return;
    }
    out.score_scale = 100;
    out.gradient_min = static_cast<int>(std::lround(lo * 100));
    out.gradient_max = static_cast<int>(std::lround(hi * 100));
    const double shown = example ? example->value : has_decimals(lo) ? lo : hi;
    sink.warning(0, "the layer scores as fractions (gradient " + plain(lo) + " to " + plain(hi) + ", " +
                        (example ? where(example->index) : std::string("gradient.") + (has_decimals(lo) ? "minValue" : "maxValue")) +
                        " = " + text(shown) + "): its scores and gradient are read as percentages, " + text(shown) + " as " +
                        plain(shown * 100) + " (scores are whole numbers here)");
    for (const auto& d : fractional) {
        auto& score = entries[d.entry].score;
        const double percent = d.value * 100;
        if (std::fabs(percent) > limits::kMaxAbsScore) {
            entry_sink.warning(0, where(d.index) + " = " + text(d.value) +
                                      " is out of range as a percentage (at most 1000000000 either way); ignored",
                               "number out of range");
            score.reset();
        } else if (const auto whole = nearly_whole(percent)) {
            score = static_cast<int>(*whole);
        } else {
            score = whole_score(percent);
            if (!entry_sink.full("number with decimals"))
                entry_sink.warning(0, where(d.index) + " = " + text(d.value) + " is " + plain(percent) + "%; read as " +
                                          std::to_string(*score) + " (scores are whole numbers here)",
                                   "number with decimals");
        }
    }
}

}  // namespace

bool read_layer(std::string_view text, const std::string& file, Layer& out, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    auto err = [&](std::string msg) { sink.error(0, std::move(msg)); };
    if (auto too_large = check_input_size(InputKind::Layer, file, text.size())) {
        err(std::move(too_large->message));
        return false;
    }
    std::string utf8;  // a layer saved as UTF-16 (Windows PowerShell's `>`): read as the browser reads it
    if (auto problem = text_as_utf8(text, utf8)) {
        sink.add(Severity::Error, problem->line, problem->column, "not a Navigator layer: " + problem->message);
        return false;
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        // JSON parsers take a NUL byte for the end of the text: "{...}\0garbage" would read as valid.
        int line = 1;
        for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
        sink.add(Severity::Error, line, 0,
                 "not a Navigator layer: the file contains a NUL byte (at byte " + std::to_string(nul) +
                     "), so it is not JSON text");
        return false;
    }
    // The entries are taken out of the parse one by one as each is complete (and the keys nobody
    // reads are never built), so memory follows the entries kept, not the JSON tree: a 32 MB
    // layer of 16 million "0," entries would otherwise hold a 500 MB tree.
    using Event = nlohmann::json::parse_event_t;
    Diagnostics entry_diags;
    DiagnosticSink entry_sink(entry_diags, file);
    std::vector<LayerTechnique> entries;
    // A gradient within -1..1 may be a layer scored as fractions: its scores are kept as given until
    // the whole layer is read (read_fractional). The gradient may come after the entries: looked at first.
    std::optional<double> ahead_min, ahead_max;
    scan_members(text, [&](const std::string& key, std::size_t begin, std::size_t end) {
        if (key != "gradient") return;  // the last of duplicates, as the parse below keeps it
        const nlohmann::json g = nlohmann::json::parse(text.substr(begin, end - begin), nullptr, false);
        Diagnostics unsaid;  // the reading below says what is wrong with the gradient
        DiagnosticSink quiet(unsaid, file);
        FieldReader ahead(quiet, "gradient");
        ahead_min = g.is_object() ? ahead.number(g, "minValue") : std::nullopt;
        ahead_max = g.is_object() ? ahead.number(g, "maxValue") : std::nullopt;
    });
    const bool fraction_gradient = ahead_max && *ahead_max > ahead_min.value_or(0) && std::fabs(ahead_min.value_or(0)) <= 1 &&
                                   std::fabs(*ahead_max) <= 1;
    std::vector<GivenScore> fractional;
    std::string top_key;
    bool in_entries = false;
    std::size_t index = 0;
    // The layer format allows several layers in one file, as a list ([{layer}, {layer}]); the
    // Navigator opens each in a tab. The first is read (its depths are one deeper) and the rest
    // are counted and dropped unread.
    std::size_t first = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // nlohmann skips a UTF-8 BOM too
    while (first < text.size() && (text[first] == ' ' || text[first] == '\t' || text[first] == '\r' || text[first] == '\n'))
        ++first;
    const bool listed = first < text.size() && text[first] == '[';
    std::size_t layers_listed = 0;
    auto take_entry = [&](const nlohmann::json& t) {
        const std::string where = "techniques[" + std::to_string(index++) + "]";
        if (!t.is_object()) {
            entry_sink.warning(0, where + " is not an object; skipped", "entry is not an object");
            return;
        }
        FieldReader ids(entry_sink, where);
        ids.quiet_nul(true);
        LayerTechnique lt;
        lt.technique = upper(ids.text(t, "techniqueID"));
        lt.tactic = lower(ids.text(t, "tactic"));
        // Spaces around an id and a tactic written by its name ("Credential Access",
        // "lateral_movement") are slips of hand-made layers: read as meant, and said.
        if (const std::string trimmed(report_detail::trim(lt.technique)); !trimmed.empty() && trimmed != lt.technique) {
            entry_sink.warning(0, where + ".techniqueID '" + excerpt(lt.technique, 40) + "' has spaces around it; read as " + excerpt(trimmed, 40),
                               "spaces around an id");
            lt.technique = trimmed;
        }
        if (lt.tactic.find_first_of(" _\t") != std::string::npos) {
            std::string shortname;
            for (char c : lt.tactic) {
                const bool gap = c == ' ' || c == '_' || c == '\t';
                if (gap && (shortname.empty() || shortname.back() == '-')) continue;
                shortname += gap ? '-' : c;
            }
            while (!shortname.empty() && shortname.back() == '-') shortname.pop_back();
            entry_sink.warning(0, where + ".tactic '" + excerpt(ids.text(t, "tactic"), 40) + "' is not a tactic's short name; read as '" +
                                   excerpt(shortname, 40) + "'",
                               "tactic written as a name");
            lt.tactic = shortname;
        }
        if (ids.has_nul()) {
            entry_sink.warning(0, where + ": the techniqueID or tactic contains a NUL character (\\u0000); skipped",
                               "NUL character in an id");
            return;
        }
        if (lt.technique.empty()) {
            entry_sink.warning(0, where + " has no techniqueID; skipped", "entry without techniqueID");
            return;
        }
        FieldReader fields(entry_sink, where);
        if (const auto v = fields.number(t, "score")) {
            if (fraction_gradient) {
                lt.score = 0;  // read with the whole layer (read_fractional)
                fractional.push_back({entries.size(), index - 1, *v});
            } else {
                lt.score = fields.whole(*v, "score", true);
            }
        }
        lt.color = fields.text(t, "color");
        lt.comment = fields.text(t, "comment");
        if (auto e = t.find("enabled"); e != t.end() && e->is_boolean()) lt.enabled = e->get<bool>();
        entries.push_back(std::move(lt));
    };
    // depth: containers open around the event (the top-level object's keys are at 1, the entries of
    // its "techniques" array at 2, an entry's keys at 3). Returning false drops that part of the tree.
    auto on_event = [&](int depth, Event event, nlohmann::json& parsed) {
        if (listed) {
            if (depth == 1 && event == Event::object_start) ++layers_listed;
            if (depth == 1 && (event == Event::value || event == Event::object_end || event == Event::array_end))
                return layers_listed == 1 && event == Event::object_end;  // only the first layer is kept
            if (depth >= 1 && layers_listed != 1) return false;  // a later layer (or a stray value): unread
            --depth;  // as if the first layer were the whole file
        }
        if (event == Event::key && depth == 1) {
            top_key = parsed.get<std::string>();
            static const char* kRead[] = {"name", "description", "domain", "versions", "version", "gradient",
                                          "metadata", "techniques", "legendItems", "filters"};
            return std::any_of(std::begin(kRead), std::end(kRead), [&](const char* k) { return top_key == k; });
        }
        if (depth == 1 && top_key == "techniques" && (event == Event::array_start || event == Event::array_end)) {
            in_entries = event == Event::array_start;
            return true;
        }
        if (!in_entries) return true;
        if (event == Event::key && depth == 3) {
            const auto& k = parsed.get_ref<const std::string&>();
            return k == "techniqueID" || k == "tactic" || k == "score" || k == "color" || k == "comment" || k == "enabled";
        }
        if (depth == 2 && (event == Event::value || event == Event::object_end || event == Event::array_end)) {
            take_entry(parsed);
            return false;  // read: the tree need not keep it
        }
        return true;
    };
    const nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), on_event, false);
    if (j.is_discarded()) {
        const JsonSyntaxError e = json_syntax_error(text);
        sink.add(Severity::Error, e.line, e.column,
                 "not a Navigator layer: the file is not valid JSON" + (e.what.empty() ? "" : ": " + e.what));
        return false;
    }
    const nlohmann::json* layer_object = &j;
    if (listed && j.is_array()) {
        if (j.empty() || !j.front().is_object()) {
            err("not a Navigator layer: a list, but its first item is not a layer object");
            return false;
        }
        layer_object = &j.front();
    } else if (!j.is_object()) {
        err("not a Navigator layer: expected a JSON object at the top level");
        return false;
    }
    const nlohmann::json& lj = *layer_object;
    // "techniques" may be left out (the format says it is optional: a layer with nothing marked),
    // but then a layer's own keys must say it is one, so that any JSON object is not taken for one.
    auto techs = lj.find("techniques");
    const bool empty_layer = techs == lj.end() && (lj.contains("versions") || lj.contains("domain"));
    if (!empty_layer && (techs == lj.end() || !techs->is_array())) {
        err("not a Navigator layer: no \"techniques\" list");
        return false;
    }
    out = Layer{};
    FieldReader top(sink, "layer");
    out.name = top.text(lj, "name");  // "" when it is no string (json::value would throw)
    if (layers_listed > 1)
        sink.warning(0, "the file holds " + std::to_string(layers_listed) + " layers; only the first (" +
                            (out.name.empty() ? std::string("no name") : excerpt(out.name, 60)) + ") is read");
    out.description = top.text(lj, "description");
    out.domain = top.text(lj, "domain");
    // Layer format 3's names of the domains, which the Navigator still reads as today's.
    if (out.domain == "mitre-enterprise") out.domain = "enterprise-attack";
    else if (out.domain == "mitre-mobile") out.domain = "mobile-attack";
    if (auto v = lj.find("versions"); v != lj.end() && v->is_object()) {
        FieldReader versions(sink, "versions");
        out.attack_version = versions.text(*v, "attack");
        out.layer_version = versions.text(*v, "layer");
    } else {
        out.layer_version = top.text(lj, "version");  // layer format 3.x and early 4.x
    }
    if (!out.layer_version.empty() && out.layer_version[0] != '4')
        sink.warning(0, "layer format " + excerpt(out.layer_version) + " is not 4.x; read as far as it matches");
    std::optional<double> gradient_min, gradient_max;  // as the file gives them
    if (auto g = lj.find("gradient"); g != lj.end() && g->is_object()) {
        FieldReader gradient(sink, "gradient");
        gradient_min = gradient.number(*g, "minValue");
        gradient_max = gradient.number(*g, "maxValue");
        if (!fraction_gradient) {
            if (gradient_min) out.gradient_min = gradient.whole(*gradient_min, "minValue", false);
            if (gradient_max) out.gradient_max = gradient.whole(*gradient_max, "maxValue", false);
        }
        if (auto c = g->find("colors"); c != g->end() && c->is_array())
            for (const auto& col : *c)
                if (col.is_string() && out.gradient_colors.size() < 64)
                    out.gradient_colors.push_back(excerpt(col.get_ref<const std::string&>(), 64));
    }
    // filters.platforms: the names as the file has them (the Navigator maps older ones on reading).
    if (auto f = lj.find("filters"); f != lj.end() && f->is_object())
        if (auto p = f->find("platforms"); p != f->end() && p->is_array())
            for (const auto& name : *p)
                if (name.is_string() && out.platforms.size() < 64) out.platforms.push_back(excerpt(name.get_ref<const std::string&>(), 64));
    // Lists of objects with two text fields (metadata's name and value, legendItems' label and
    // color): those objects in order, at most `cap`; anything else in the list is passed over.
    auto text_pairs = [&](const char* list, const char* first, const char* second, std::size_t cap, auto&& add) {
        auto items = lj.find(list);
        if (items == lj.end() || !items->is_array()) return;
        FieldReader reader(sink, list);
        std::size_t taken = 0;
        for (const auto& item : *items) {
            if (taken >= cap) break;
            if (!item.is_object()) continue;
            auto a = item.find(first), b = item.find(second);
            if (a == item.end() || b == item.end() || !a->is_string() || !b->is_string()) continue;
            add(reader.text(item, first), reader.text(item, second));
            ++taken;
        }
    };
    text_pairs("metadata", "name", "value", 100, [&](std::string n, std::string v) { out.metadata.emplace_back(std::move(n), std::move(v)); });
    text_pairs("legendItems", "label", "color", 64,
               [&](std::string l, std::string c) { out.legend_items.push_back({std::move(l), excerpt(c, 64)}); });
    if (fraction_gradient) read_fractional(entries, fractional, gradient_min, gradient_max, out, sink, entry_sink);
    out.techniques = std::move(entries);
    sink.finish();  // the layer's own diagnostics first, then the entries'
    entry_sink.finish();
    diags.insert(diags.end(), std::make_move_iterator(entry_diags.begin()), std::make_move_iterator(entry_diags.end()));
    return true;
}

std::vector<std::string> layer_platforms(const Layer& layer, const Catalogue& cat, const std::string& file, Diagnostics* diags) {
    // The Navigator's own mapping of older layers' names (layer formats 2 and 3).
    static const std::pair<const char*, const char*> kOlder[] = {
        {"android", "Android"}, {"ios", "iOS"}, {"windows", "Windows"}, {"linux", "Linux"},
        {"mac", "macOS"},       {"AWS", "IaaS"}, {"GCP", "IaaS"},        {"Azure", "IaaS"}};
    std::vector<std::string> out, unknown;
    for (const auto& given : layer.platforms) {
        std::string name = given;
        for (const auto& [older, now] : kOlder)
            if (given == older) name = now;
        if (const auto known = catalogue_platform(cat, name)) {
            if (std::find(out.begin(), out.end(), *known) == out.end()) out.push_back(*known);
        } else if (std::find(unknown.begin(), unknown.end(), given) == unknown.end()) {
            unknown.push_back(given);
        }
    }
    if (diags && !unknown.empty()) {
        std::string names;
        for (std::size_t i = 0; i < unknown.size() && i < 5; ++i) names += (i ? ", '" : "'") + excerpt(unknown[i], 40) + "'";
        if (unknown.size() > 5) names += " and " + std::to_string(unknown.size() - 5) + " more";
        diags->push_back({Severity::Warning, file, 0, 0,
                          "the layer's platform filter names " + names + ", which " +
                              (unknown.size() == 1 ? "is not a platform" : "are not platforms") + " of " + cat.label() +
                              (out.empty() ? "; the filter is left out" : "; left out of the filter")});
    }
    // Every platform an active technique has (some list only retired ones, "Office 365"): no filter.
    const bool every = std::all_of(cat.techniques.begin(), cat.techniques.end(), [&](const Technique& t) {
        return t.revoked || t.deprecated || t.platforms.empty() || on_platforms(t, out);
    });
    if (every) out.clear();
    std::sort(out.begin(), out.end());
    return out;
}

// ---- restyling a layer someone else wrote ----

namespace {


}  // namespace

OwnLayerFacts own_layer_facts(const Layer& layer) {
    OwnLayerFacts f;
    auto leading_int = [](std::string_view s, std::size_t& i) {  // up to 9 digits at i; -1 if none
        long v = 0;
        std::size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 9) v = v * 10 + (s[i++] - '0'), ++digits;
        return digits ? int(v) : -1;
    };
    for (const auto& [name, value] : layer.metadata) {
        if (name == "generator" && value == "sigma-heatmap") f.ours = true;
        if (name == "rules") {
            std::size_t i = 0;
            const int n = leading_int(value, i);
            if (n >= 0 && i == value.size()) f.rules = n;
        }
        if (name == "score profile")
            if (const auto p = parse_profile(value)) {
                f.score_meaning = profile_meaning(*p);
            }
    }
    if (!f.ours) f.rules = -1, f.score_meaning.clear();  // another producer's words
    // Without metadata: "Sigma rule coverage by sigma-heatmap: 3141 rules, score = best rule level
    // per technique (...)".
    const std::string_view d = layer.description;
    if (d.substr(0, kSharedDescription.size()) == kSharedDescription) f.ours = true;
    if (d.substr(0, kOwnDescription.size()) != kOwnDescription) return f;
    f.ours = true;
    std::size_t i = kOwnDescription.size();
    const int rules = leading_int(d, i);
    if (f.rules < 0 && rules >= 0 && (d.compare(i, 7, " rules,") == 0 || d.compare(i, 6, " rule,") == 0)) f.rules = rules;
    const auto score = d.find("score = ");
    const auto per = score == std::string_view::npos ? score : d.find(kPerTechnique, score);
    if (f.score_meaning.empty() && per != std::string_view::npos && per - score < 80)
        f.score_meaning = std::string(d.substr(score + 8, per - score - 8));
    return f;
}

bool generated_legend_label(std::string_view label) {
    auto integer = [](std::string_view s) {
        if (!s.empty() && s[0] == '-') s.remove_prefix(1);
        return !s.empty() && s.size() <= 10 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    // "best rule high (80)"
    if (label.substr(0, 10) == "best rule " && label.size() > 2 && label.back() == ')') {
        const auto open = label.rfind(" (");
        return open != std::string_view::npos && open > 10 && integer(label.substr(open + 2, label.size() - open - 3));
    }
    // "score 100", "count 12": the profile's name (a share link's layer says "score") and a value
    const auto space = label.rfind(' ');
    if (space == std::string_view::npos || !integer(label.substr(space + 1))) return false;
    const std::string_view head = label.substr(0, space);
    return head == "score" || parse_profile(head).has_value();
}

std::string restyle_layer(std::string_view text, const LayerRestyle& r) {
    if (!r.name && !r.description && !r.gradient) return std::string(text);
    // A layer saved as UTF-16 (read_layer reads it so): changed in UTF-8, as the reader decodes it.
    std::string utf8;
    if (text_as_utf8(text, utf8)) return std::string(text);  // not text read_layer accepts
    // A gradient end on the file's scale: 25 of a layer of fractions read as percentages is 0.25.
    auto gradient_end = [&](int v) { return r.gradient->scale > 1 ? ojson(double(v) / r.gradient->scale) : ojson(v); };
    // The new values, as the writer writes them (a member of the top-level object: 2-space indent).
    auto member_value = [](const ojson& v) {
        std::string out;
        for (char c : v.dump(2, ' ', false, ojson::error_handler_t::replace)) {
            out += c;
            if (c == '\n') out += "  ";
        }
        return out;
    };
    struct Change {
        const char* key;
        std::string value;
        bool wanted, seen = false;
    };
    Change changes[] = {
        {"name", r.name ? member_value(*r.name) : std::string(), r.name.has_value()},
        {"description", r.description ? member_value(*r.description) : std::string(), r.description.has_value()},
        {"gradient",
         r.gradient ? member_value(ojson{{"colors", r.gradient->colors},
                                         {"minValue", gradient_end(r.gradient->min_value)},
                                         {"maxValue", gradient_end(r.gradient->max_value)}})
                    : std::string(),
         r.gradient.has_value()},
    };
    std::string out;
    out.reserve(text.size() + 256);
    std::size_t copied = 0;
    const auto span = scan_members(text, [&](const std::string& key, std::size_t value_begin, std::size_t value_end) {
        for (Change& c : changes)
            if (c.wanted && key == c.key) {  // every one of duplicates, whichever a reader takes
                out.append(text.substr(copied, value_begin - copied));
                out += c.value;
                copied = value_end;
                c.seen = true;
            }
    });
    if (!span) return std::string(text);
    const std::size_t open = span->open, last_end = span->last_end;
    out.append(text.substr(copied, last_end - copied));
    bool members = last_end != open;
    for (const Change& c : changes)
        if (c.wanted && !c.seen) {
            out += members ? ",\n  \"" : "\n  \"";
            out += c.key;
            out += "\": ";
            out += c.value;
            members = true;
        }
    out.append(text.substr(last_end));
    return out;
}

}  // namespace sh
