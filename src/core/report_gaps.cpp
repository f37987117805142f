// report_gaps.cpp — gap prioritisation:
//   priority = impact_weight × tactic_criticality + threat_weight × adversary_frequency
//              − coverage_score / coverage_divisor
// the default tactic criticality table, the YAML weights profile and the frequency CSV.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <yaml-cpp/yaml.h>

#include "report.hpp"
#include "report_internal.hpp"
#include "text_encoding.hpp"

namespace sh {

using namespace report_detail;

// Why these defaults (a SOC may disagree; every value is editable):
//  3  the adversary gains control beyond one foothold or does the damage: privilege escalation,
//     credential access and lateral movement turn one machine into the estate; defense impairment
//     blinds the very detections being measured; impact is the harm itself. Missing detections
//     here cost the most.
//  2  the foothold and its upkeep: initial access, execution, persistence, stealth (and v18's
//     defense evasion), command and control, exfiltration. Important, but an intrusion usually
//     also shows in the tactics above, and C2/exfiltration are often better seen by network tools
//     than by log-based Sigma rules.
//  1  before the intrusion or hard to tell from normal work: reconnaissance and resource
//     development happen mostly outside the monitored estate; discovery and collection look like
//     administrators and users at work, so rules there are noisy and late.
std::map<std::string, double> default_tactic_criticality(const Catalogue& cat, double unknown) {
    static const std::map<std::string, double> table = {
        {"privilege-escalation", 3}, {"credential-access", 3}, {"lateral-movement", 3},
        {"defense-impairment", 3},   {"impact", 3},            {"initial-access", 2},
        {"execution", 2},            {"persistence", 2},       {"stealth", 2},
        {"defense-evasion", 2},      {"command-and-control", 2}, {"exfiltration", 2},
        {"reconnaissance", 1},       {"resource-development", 1}, {"discovery", 1},
        {"collection", 1},
    };
    std::map<std::string, double> out;
    for (const auto& t : cat.tactics) {
        auto it = table.find(t.shortname);
        out[t.shortname] = it != table.end() ? it->second : unknown;
    }
    return out;
}

// ---- YAML weights profile ----

namespace {

std::string tactic_key(std::string s) {
    s = lower(trim(s));
    for (char& c : s)
        if (c == '_' || c == ' ') c = '-';
    return s;
}

std::string option_key(std::string s) {
    s = lower(trim(s));
    for (char& c : s)
        if (c == '-' || c == ' ') c = '_';
    return s;
}

}  // namespace

bool parse_weights_yaml(std::string_view text, const std::string& file, PriorityWeights& w, QualityFormula* quality,
                        Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    auto diag = [&](Severity sev, const YAML::Node& n, std::string msg, std::string_view kind = {}) {
        const YAML::Mark m = n.Mark();
        sink.add(sev, m.line >= 0 ? m.line + 1 : 0, m.column >= 0 ? m.column + 1 : 0, std::move(msg), kind);
    };
    // A weights profile is a few lines; refuse to build a huge node tree.
    if (auto too_large = check_input_size(InputKind::WeightsYaml, file, text.size())) {
        sink.error(0, std::move(too_large->message));
        return false;
    }
    std::string utf8;  // YAML 1.2: UTF-16 and UTF-32 are YAML too
    if (auto problem = text_as_utf8(text, utf8)) {
        sink.add(Severity::Error, problem->line, problem->column, "not valid YAML: " + problem->message);
        return false;
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(text));
    } catch (const YAML::Exception& e) {
        sink.add(Severity::Error, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0,
                 "not valid YAML: " + e.msg);
        return false;
    } catch (const std::exception& e) {
        sink.error(0, std::string("cannot read the weights: ") + e.what());
        return false;
    }
    if (root.IsNull()) return true;  // an empty file changes nothing
    if (!root.IsMap()) {
        sink.add(Severity::Error, 1, 1, "the weights file must be a mapping (key: value)");
        return false;
    }
    try {
        // Every number is range-checked: a weight of 1e300 would make every priority infinite.
        auto number = [&](const YAML::Node& n, const std::string& what, double& dst, double lo, double hi) {
            if (!n.IsScalar()) return diag(Severity::Error, n, what + " must be a number", "not a number");
            const auto v = parse_number(n.Scalar());
            if (!v) return diag(Severity::Error, n, what + " must be a number, not '" + excerpt(n.Scalar()) + "'", "not a number");
            if (*v < lo || *v > hi)
                return diag(Severity::Error, n,
                            what + " must be " + (lo == 0 ? "from 0" : "from " + fixed_decimals(lo, 0)) + " to " + fixed_decimals(hi, 0) +
                                ", not " + excerpt(n.Scalar()),
                            "out of range");
            dst = *v;
        };
        const double kMax = limits::kMaxWeight;
        for (const auto& kv : root) {
            const std::string key = option_key(kv.first.IsScalar() ? kv.first.Scalar() : "");
            const YAML::Node& v = kv.second;
            if (key == "impact_weight") number(v, "impact_weight", w.impact_weight, 0, kMax);
            else if (key == "threat_weight") number(v, "threat_weight", w.threat_weight, 0, kMax);
            else if (key == "coverage_divisor") {
                double d = w.coverage_divisor;
                const int before = sink.errors();
                number(v, "coverage_divisor", d, 0, kMax);
                if (sink.errors() == before && d <= 0) diag(Severity::Error, v, "coverage_divisor must be greater than 0");
                else w.coverage_divisor = d;
            } else if (key == "unknown_tactic_criticality") {
                number(v, "unknown_tactic_criticality", w.unknown_tactic_criticality, 0, kMax);
            } else if (key == "tactic_criticality") {
                if (!v.IsMap()) {
                    diag(Severity::Error, v, "tactic_criticality must map tactic names to numbers");
                    continue;
                }
                for (const auto& t : v) {
                    const std::string name = tactic_key(t.first.IsScalar() ? t.first.Scalar() : "");
                    if (name.empty()) {
                        diag(Severity::Error, t.first, "tactic_criticality: a tactic name is missing", "tactic name missing");
                        continue;
                    }
                    double c = 0;
                    const int before = sink.errors();
                    number(t.second, "criticality of " + excerpt(name), c, 0, kMax);
                    if (sink.errors() == before) w.tactic_criticality[name] = c;
                }
            } else if (key == "quality") {
                if (!v.IsMap()) {
                    diag(Severity::Error, v, "quality must be a mapping (scale, precision_exponent, fpr_exponent, untested)");
                    continue;
                }
                QualityFormula ignored;
                QualityFormula& q = quality ? *quality : ignored;
                for (const auto& t : v) {
                    const std::string qk = option_key(t.first.IsScalar() ? t.first.Scalar() : "");
                    if (qk == "scale") number(t.second, "quality.scale", q.scale, 0, kMax);
                    else if (qk == "precision_exponent") number(t.second, "quality.precision_exponent", q.precision_exponent, 0, 100);
                    else if (qk == "fpr_exponent") number(t.second, "quality.fpr_exponent", q.fpr_exponent, 0, 100);
                    else if (qk == "untested") {
                        double u = q.untested;
                        number(t.second, "quality.untested", u, 0, kMax);
                        q.untested = static_cast<int>(std::lround(u));
                    } else {
                        diag(Severity::Warning, t.first, "unknown quality setting '" + excerpt(qk) + "' ignored", "unknown setting");
                    }
                }
            } else {
                diag(Severity::Warning, kv.first, "unknown setting '" + excerpt(key) + "' ignored", "unknown setting");
            }
        }
    } catch (const YAML::Exception& e) {
        sink.add(Severity::Error, e.mark.line + 1, e.mark.column + 1, "cannot read the weights: " + e.msg);
    }
    return sink.errors() == 0;
}

// ---- frequency CSV ----

FrequencyTable parse_frequency_csv(std::string_view text, const std::string& file, const Catalogue& cat,
                                   Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    FrequencyTable out;
    std::string utf8;
    if (!report_csv_text_ok(text, utf8, sink)) return out;
    CsvReader reader(text, sink);
    CsvRow row;
    std::size_t col_id = 0, col_freq = 1;
    bool first_row = true;
    std::map<std::string, int> seen;
    while (reader.next(row)) {
        if (first_row) {
            first_row = false;
            if (technique_id(row.fields[0]).empty()) {
                // A header: find the columns by name; otherwise the first two columns.
                for (std::size_t i = 0; i < row.fields.size(); ++i) {
                    const std::string h = lower(trim(row.fields[i]));
                    if (h == "technique" || h == "technique_id" || h == "techniqueid" || h == "id") col_id = i;
                    else if (h == "frequency" || h == "freq" || h == "percent") col_freq = i;
                }
                continue;
            }
        }
        if (!row.fields[0].empty() && row.fields[0][0] == '#') continue;
        if (row.fields.size() <= std::max(col_id, col_freq)) {
            sink.error(row.line, "expected technique,frequency; line skipped", "too few columns");
            continue;
        }
        const std::string id = technique_id(row.fields[col_id]);
        if (id.empty()) {
            sink.error(row.line,
                       "'" + excerpt(row.fields[col_id]) + "' is not a technique id (T1234 or T1234.001); line skipped",
                       "not a technique id");
            continue;
        }
        const auto v = parse_number(row.fields[col_freq], nullptr, reader.decimal_comma());
        if (!v) {
            sink.error(row.line, "frequency '" + excerpt(row.fields[col_freq]) + "' is not a number; line skipped",
                       "not a number");
            continue;
        }
        if (*v < 0 || *v > 100) {
            sink.error(row.line,
                       "frequency " + excerpt(row.fields[col_freq]) +
                           " is not a percentage between 0 and 100; line skipped",
                       "not a percentage");
            continue;
        }
        if (!cat.find(id))
            sink.warning(row.line, "technique " + id + " is not in ATT&CK " + cat.attack_version + "; its frequency is unused",
                         "technique not in ATT&CK");
        if (auto it = seen.find(id); it != seen.end())
            sink.warning(row.line, id + " is listed again (first on line " + std::to_string(it->second) + "); this value is used",
                         "listed again");
        seen[id] = row.line;
        out.percent[id] = *v;
    }
    sink.finish();
    return out;
}

// ---- prioritisation ----

namespace {

std::map<std::string, double> criticality_table(const Catalogue& cat, const PriorityWeights& w) {
    std::map<std::string, double> criticality = default_tactic_criticality(cat, w.unknown_tactic_criticality);
    for (const auto& [k, v] : w.tactic_criticality) criticality[tactic_key(k)] = v;
    return criticality;
}

double divisor_of(const PriorityWeights& w) { return w.coverage_divisor > 0 ? w.coverage_divisor : 10; }

GapRow make_gap_row(const Catalogue& cat, const Technique& t, int score, double frequency, const std::string& source,
                    const PriorityWeights& w, const std::map<std::string, double>& criticality, double divisor) {
    GapRow r;
    r.technique = t.id;
    r.name = display_name(cat, t.id);
    r.score = score;
    r.criticality = -1;
    for (const auto& tac : t.tactics) {
        auto it = criticality.find(tac);
        const double cr = it != criticality.end() ? it->second : w.unknown_tactic_criticality;
        if (cr > r.criticality) {
            r.criticality = cr;
            r.tactic = tac;
        }
    }
    if (r.criticality < 0) r.criticality = w.unknown_tactic_criticality;
    if (const Tactic* tac = cat.find_tactic(r.tactic)) r.tactic_name = tac->name;
    r.frequency = frequency;
    r.frequency_source = source;
    r.impact_term = w.impact_weight * r.criticality;
    r.threat_term = w.threat_weight * r.frequency;
    r.coverage_term = score / divisor;
    r.priority = r.impact_term + r.threat_term - r.coverage_term;
    return r;
}

}  // namespace

GapRow gap_row(const Catalogue& cat, const Technique& t, int score, double frequency, const std::string& frequency_source,
               const PriorityWeights& w) {
    return make_gap_row(cat, t, score, frequency, frequency_source, w, criticality_table(cat, w), divisor_of(w));
}

std::vector<GapRow> prioritise_gaps(const Coverage& c, const Catalogue& cat, const GapOptions& opt,
                                    const FrequencyTable* freq) {
    auto counted = [&](const Technique& t) {
        if (t.revoked || t.deprecated) return false;
        if (opt.platforms.empty()) return true;
        for (const auto& p : t.platforms)
            for (const auto& want : opt.platforms)
                if (lower(p) == lower(want)) return true;
        return false;
    };
    const std::map<std::string, double> criticality = criticality_table(cat, opt.weights);

    std::map<std::string, int> best;
    for (const auto& e : c.entries) {
        int& s = best[e.technique];
        s = std::max(s, e.score);
    }
    auto score_of = [&](const std::string& id) {
        auto it = best.find(id);
        return it == best.end() ? 0 : it->second;
    };
    auto frequency_of = [&](const Technique& t) -> double {
        if (freq) {
            auto it = freq->percent.find(t.id);
            return it == freq->percent.end() ? 0.0 : it->second;
        }
        return cat.total_groups > 0 ? 100.0 * t.groups / cat.total_groups : 0.0;
    };
    std::map<std::string, std::vector<const Technique*>> subs_of;
    for (const auto& t : cat.techniques)
        if (t.is_subtechnique() && counted(t)) subs_of[t.parent].push_back(&t);

    const double divisor = divisor_of(opt.weights);
    std::vector<GapRow> rows;
    for (const auto& t : cat.techniques) {
        if (!counted(t) || (t.is_subtechnique() && !opt.subtechniques)) continue;
        int score = score_of(t.id);
        double frequency = frequency_of(t);
        if (!opt.subtechniques) {
            // Techniques level: a parent is as covered, and as used, as its best sub-technique.
            for (const Technique* s : subs_of[t.id]) {
                score = std::max(score, score_of(s->id));
                frequency = std::max(frequency, frequency_of(*s));
            }
        }
        if (score >= opt.threshold) continue;
        rows.push_back(make_gap_row(cat, t, score, frequency, freq ? freq->source : "attack-groups", opt.weights,
                                    criticality, divisor));
    }
    std::stable_sort(rows.begin(), rows.end(), [](const GapRow& a, const GapRow& b) {
        if (a.priority != b.priority) return a.priority > b.priority;
        return a.technique < b.technique;
    });
    if (opt.top > 0 && rows.size() > opt.top) rows.resize(opt.top);
    for (std::size_t i = 0; i < rows.size(); ++i) rows[i].rank = static_cast<int>(i + 1);
    return rows;
}

namespace {

std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

}  // namespace

std::string gaps_to_csv(const std::vector<GapRow>& rows) {
    std::string s =
        "rank,technique,name,tactic,score,criticality,frequency,frequency_source,impact_term,threat_term,coverage_term,"
        "priority\n";
    for (const auto& r : rows) {
        s += std::to_string(r.rank) + "," + r.technique + "," + csv_field(r.name) + "," + r.tactic + "," +
             std::to_string(r.score) + "," + fixed_decimals(r.criticality, 2) + "," + fixed_decimals(r.frequency, 2) + "," +
             r.frequency_source + "," + fixed_decimals(r.impact_term, 2) + "," + fixed_decimals(r.threat_term, 2) + "," +
             fixed_decimals(r.coverage_term, 2) + "," + fixed_decimals(r.priority, 2) + "\n";
    }
    return s;
}

std::string gaps_to_text(const std::vector<GapRow>& rows, const PriorityWeights& w) {
    std::string s = "priority = " + fixed_decimals(w.impact_weight, 2) + " x criticality + " + fixed_decimals(w.threat_weight, 2) +
                    " x frequency - score / " + fixed_decimals(w.coverage_divisor, 2) + "\n";
    if (!rows.empty() && rows.front().frequency_source == "selected-threats")
        s += "frequency = % of the selected threats using the technique\n";
    char buf[512];
    std::snprintf(buf, sizeof buf, "%4s  %-10s %-22s %5s %5s %7s %8s %8s %8s %9s  %s\n", "rank", "technique", "tactic",
                  "score", "crit", "freq%", "impact", "threat", "-cover", "priority", "name");
    s += buf;
    for (const auto& r : rows) {
        std::snprintf(buf, sizeof buf, "%4d  %-10s %-22s %5d %5s %7s %8s %8s %8s %9s  %s\n", r.rank, r.technique.c_str(),
                      r.tactic.c_str(), r.score, fixed_decimals(r.criticality, 1).c_str(), fixed_decimals(r.frequency, 1).c_str(),
                      fixed_decimals(r.impact_term, 1).c_str(), fixed_decimals(r.threat_term, 1).c_str(), fixed_decimals(r.coverage_term, 1).c_str(),
                      fixed_decimals(r.priority, 1).c_str(), r.name.c_str());
        s += buf;
    }
    return s;
}

}  // namespace sh
