// robust_bench.cpp — the time-and-memory contract of every reader of outside input, measured:
// `robust_bench CASE BYTES` builds a hostile input of about BYTES bytes for CASE (the shapes that
// were quadratic or unbounded before issue 8, and the worst ones of each kind since), runs the
// reader the front ends run on it and prints "CASE BYTES SECONDS DIAGNOSTICS" (reader time only,
// not the input's construction; CPU seconds). scripts/bench robust runs each case at 1x, 2x and 4x under GNU
// time for the peak memory and prints the ratios, which stay near 2 for linear readers.
// `robust_bench list` prints the cases with their 1x size.
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/import_csv.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/limits.hpp"
#include "core/report.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"
#include "core/share.hpp"

namespace {

std::string repeat_to(const std::string& head, const std::string& unit, const std::string& tail, std::size_t bytes) {
    std::string s = head;
    s.reserve(bytes + unit.size() + tail.size());
    while (s.size() + unit.size() + tail.size() <= bytes) s += unit;
    return s + tail;
}

std::string numbered_to(const std::string& head, std::size_t bytes, const std::function<std::string(std::size_t)>& unit,
                        const std::string& tail) {
    std::string s = head;
    s.reserve(bytes + 256);
    for (std::size_t i = 0;; ++i) {  // never over `bytes`: 4x is exactly an input kind's limit
        const std::string u = unit(i);
        if (s.size() + u.size() + tail.size() > bytes) break;
        s += u;
    }
    return s + tail;
}

std::string technique(std::size_t i) {  // T1000.001 .. distinct, mostly unknown to ATT&CK
    char buf[16];
    std::snprintf(buf, sizeof buf, "T%04zu.%03zu", 1000 + i % 9000, 1 + (i / 9000) % 999);
    return buf;
}

const char* kRule = "title: R\ndetection: {sel: {a: 1}, condition: sel}\nlevel: high\ntags: [attack.t1059.001]\n";

struct Case {
    const char* name;
    const char* kind;        // the input kind (limits.hpp) it stays within at 4x
    std::size_t base_bytes;  // 1x
    std::function<std::string(std::size_t)> make;
    std::function<std::size_t(const std::string&)> read;  // returns the number of diagnostics
};

std::size_t load_yaml(const std::string& text) {
    sh::LoadResult r;
    sh::load_rules_from_text(text, "bench.yml", r);
    const sh::ScoreResult s = sh::score_rules(r.rules, sh::default_catalogue(), {});
    return r.diagnostics.size() + s.diagnostics.size();
}

std::size_t load_csv(const std::string& text) {
    sh::LoadResult r;
    sh::load_rules_from_csv(text, "bench.csv", r);
    const sh::ScoreResult s = sh::score_rules(r.rules, sh::default_catalogue(), {});
    return r.diagnostics.size() + s.diagnostics.size();
}

std::size_t read_layer_to_scores(const std::string& text) {
    sh::Layer l;
    sh::Diagnostics d;
    if (sh::read_layer(text, "bench.json", l, d)) {
        const sh::ScoreResult s = sh::layer_to_scores(l, sh::default_catalogue(), "bench.json");
        return d.size() + s.diagnostics.size();
    }
    return d.size();
}

std::size_t build_attack(const std::string& text) {
    sh::Catalogue c;
    sh::Diagnostics d;
    sh::build_catalogue({{"enterprise-attack-1.json", text}}, "1", "", c, d);
    return d.size();
}

// A trend file as the page opens it: read, then what the Trends tab shows (chart and alert text).
std::size_t read_trend(const std::string& text) {
    sh::HistoryReport h;
    sh::Diagnostics d;
    if (!sh::read_history_json(text, "bench.json", h, d)) return d.size();
    const sh::Trend t = sh::merge_history_trend(h, sh::Trend{});
    const std::string alerts = sh::history_alerts_text(h);
    return d.size() + (t.points.size() > alerts.size() ? 1 : 0);
}

const char* kTrendHead = R"({"format": "sigma-heatmap-history", "version": 1, "kpiThreshold": 80, )";

// A catalogue file (--attack-data) with one technique, the head of a "threats" list to follow.
const char* kCatalogueHead = R"({"format": "sigma-heatmap-catalogue/1", "attack_version": "1", "domain": "enterprise-attack",
  "total_groups": 1, "tactics": [{"id": "TA0002", "shortname": "execution", "name": "Execution"}],
  "techniques": [{"id": "T1001", "name": "A", "tactics": ["execution"]}], "threats": [)";

const std::vector<Case>& cases() {
    static const std::vector<Case> all = {
        {"yaml-broken-documents", "rule YAML", 2u << 20,
         [](std::size_t n) {
             return repeat_to("", "---\ntitle: Broken\ndetection:\n    selection:\n        a: 1\n      b: 2\n", "", n);
         },
         load_yaml},
        {"yaml-stalled-documents", "rule YAML", 2u << 20, [](std::size_t n) { return repeat_to("", "---\n,\n", "", n); },
         load_yaml},
        {"yaml-tab-indented", "rule YAML", 2u << 20,
         [](std::size_t n) { return repeat_to("", "---\ntitle: T\ndetection:\n\tselection:\n\t\ta: 1\n", "", n); }, load_yaml},
        {"yaml-many-rules", "rule YAML", 2u << 20,
         [](std::size_t n) { return repeat_to("", std::string("---\n") + kRule, "", n); }, load_yaml},
        {"yaml-huge-tag-list", "rule YAML", 2u << 20,
         [](std::size_t n) { return repeat_to("title: T\ndetection: {a: 1}\ntags:\n", "- attack.t1\n", "", n); },
         load_yaml},
        // An anchored title (under the 1 MB an anchor may hold) aliased on every line after it: each
        // alias copied it whole, so the time grew with anchor x aliases (3.1 s for 1.8 MB).
        {"yaml-aliased-big-title", "rule YAML", 2u << 20,
         [](std::size_t n) {
             const std::size_t anchor = std::min<std::size_t>(n / 4, 900u << 10);
             return repeat_to("detection: {s: {a: 1}, condition: s}\nx: &a " + std::string(anchor, 'x') + "\n", "title: *a\n", "", n);
         },
         load_yaml},
        // The same with an anchored list of tags, aliased as the value of tags again and again.
        {"yaml-aliased-tag-lists", "rule YAML", 2u << 20,
         [](std::size_t n) {
             const std::string head = repeat_to("detection: {s: {a: 1}, condition: s}\nx: &t\n", "  - attack.t1059.001\n", "",
                                                std::min<std::size_t>(n / 4, 900u << 10));
             return repeat_to(head, "tags: *t\n", "", n);
         },
         load_yaml},
        {"yaml-unclosed-brackets", "rule YAML", 2u << 20,  // each document: a '[' never closed, then a '- ' entry
         [](std::size_t n) { return repeat_to("", "---\ntitle: T\ntags: [a, {b: c},\n    - d\n", "", n); }, load_yaml},
        {"yaml-utf16-many-rules", "rule YAML", 2u << 20,  // UTF-16LE with a BOM: decoded to UTF-8 first
         [](std::size_t n) {
             const std::string ascii = repeat_to("", std::string("---\n") + kRule, "", n / 2 - 1);
             std::string s = "\xFF\xFE";
             s.reserve(2 + 2 * ascii.size());
             for (char c : ascii) s += c, s += '\0';
             return s;
         },
         load_yaml},
        {"csv-one-row-many-ids", "rules CSV", 2u << 20,
         [](std::size_t n) {
             return numbered_to("title,attack_id\nmany,", n, [](std::size_t i) { return technique(i) + ";"; }, "\n");
         },
         load_csv},
        {"csv-rows-of-nothing", "rules CSV", 2u << 20, [](std::size_t n) { return repeat_to("title,attack_id\n", ",x\n", "", n); },
         load_csv},
        {"layer-non-object-entries", "layer", 8u << 20,
         [](std::size_t n) { return repeat_to("{\"techniques\": [", "0,", "0]}", n); }, read_layer_to_scores},
        {"layer-unknown-ids", "layer", 8u << 20,
         [](std::size_t n) {
             return numbered_to("{\"techniques\": [", n,
                                [](std::size_t i) {
                                    return "{\"techniqueID\": \"" + technique(i) + "\", \"tactic\": \"execution\", \"score\": " +
                                           std::to_string(i % 100) + "},";
                                },
                                "{}]}");
         },
         read_layer_to_scores},
        // A layer scored as fractions, its gradient after the entries (found first by a scan of the
        // text): every score kept as given until the end, each a percentage with decimals (warned, capped).
        {"layer-fractions", "layer", 8u << 20,
         [](std::size_t n) {
             return numbered_to("{\"techniques\": [", n,
                                [](std::size_t i) {
                                    return "{\"techniqueID\": \"" + technique(i) + "\", \"score\": 0." + std::to_string(1001 + i % 8999) + "},";
                                },
                                "{}], \"gradient\": {\"minValue\": 0, \"maxValue\": 1}}");
         },
         read_layer_to_scores},
        {"targets-csv-huge-minimums", "report CSV", 2u << 20,
         [](std::size_t n) {
             return numbered_to("technique,min_score\n", n, [](std::size_t i) { return technique(i) + ",4000000000\nbogus\n"; }, "");
         },
         [](const std::string& t) {
             sh::Diagnostics d;
             std::vector<sh::Target> out;
             sh::read_targets(t, "bench.csv", sh::default_catalogue(), 1, out, d);
             return d.size();
         }},
        {"frequency-csv-bad-rows", "report CSV", 2u << 20,
         [](std::size_t n) { return repeat_to("technique,frequency\n", "T1059,150\nTx,1\n", "", n); },
         [](const std::string& t) {
             sh::Diagnostics d;
             sh::parse_frequency_csv(t, "bench.csv", sh::default_catalogue(), d);
             return d.size();
         }},
        {"alerts-csv", "report CSV", 2u << 20,
         [](std::size_t n) {
             return numbered_to("rule,event_time,detection_time\n", n,
                                [](std::size_t i) {
                                    return "rule " + std::to_string(i % 5000) +
                                           ",2026-03-02T10:15:30Z,2026-03-02T10:16:30Z\nr,yesterday,today\n";
                                },
                                "");
         },
         [](const std::string& t) {
             sh::Diagnostics d;
             const auto alerts = sh::parse_alerts_csv(t, "bench.csv", d);
             sh::LatencyReport r = sh::detection_latency(alerts, {}, sh::ScoreResult{}, sh::default_catalogue(), d);
             return d.size() + std::size_t(r.unmatched > 0);
         }},
        {"quality-csv-bad-rows", "report CSV", 2u << 20,
         [](std::size_t n) { return repeat_to("rule,precision,false_positive_rate\n", "r,2,0\nr,0.9,0.1\n", "", n); },
         [](const std::string& t) {
             sh::Diagnostics d;
             sh::parse_rule_tests_csv(t, "bench.csv", d);
             return d.size();
         }},
        {"weights-yaml-many-keys", "weights YAML", 256u << 10,
         [](std::size_t n) {
             return numbered_to("tactic_criticality:\n", n,
                                [](std::size_t i) { return "  tactic-" + std::to_string(i) + ": 1e300\n"; }, "");
         },
         [](const std::string& t) {
             sh::PriorityWeights w;
             sh::Diagnostics d;
             sh::parse_weights_yaml(t, "bench.yml", w, nullptr, d);
             return d.size();
         }},
        {"stix-many-patterns", "ATT&CK data", 8u << 20,
         [](std::size_t n) {
             const std::string head =
                 R"({"type": "bundle", "objects": [{"type": "x-mitre-matrix", "id": "m", "tactic_refs": ["t", "u"],)"
                 R"("external_references": [{"source_name": "mitre-attack", "external_id": "enterprise-attack"}]},)"
                 R"({"type": "x-mitre-tactic", "id": "t", "x_mitre_shortname": "execution", "name": "Execution"},)";
             return numbered_to(head, n,
                                [](std::size_t i) {
                                    const std::string id = technique(i % 3000);  // duplicates too
                                    return R"({"type": "attack-pattern", "id": "p)" + std::to_string(i) +
                                           R"(", "name": "P", "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "execution"}],)"
                                           R"("external_references": [{"source_name": "mitre-attack", "external_id": ")" + id + R"("}]},)"
                                           R"({"type": "x-mitre-tactic", "id": "u)" + std::to_string(i) + R"("},)";
                                },
                                R"({"type": "relationship", "id": "r"}]})");
         },
         build_attack},
        {"stix-escapes-and-nesting", "ATT&CK data", 8u << 20,
         [](std::size_t n) {
             // What the bundle's splitting scan walks: strings of backslash runs and escaped quotes,
             // brackets inside strings, and deep nesting in keys the catalogue skips.
             const std::string head =
                 R"({"type": "bundle", "objects": [{"type": "x-mitre-matrix", "id": "m", "tactic_refs": ["t"],)"
                 R"("external_references": [{"source_name": "mitre-attack", "external_id": "enterprise-attack"}]},)"
                 R"({"type": "x-mitre-tactic", "id": "t", "x_mitre_shortname": "execution", "name": "Execution"},)";
             return numbered_to(head, n,
                                [](std::size_t i) {
                                    return R"({"type": "attack-pattern", "id": "p)" + std::to_string(i) +
                                           R"(", "description": ")" + std::string(64, '\\') + R"(\"]}[{\\\"", "x": )" +
                                           std::string(32, '[') + std::string(32, ']') + R"(, "name": "P",)"
                                           R"("external_references": [{"source_name": "mitre-attack", "external_id": ")" +
                                           technique(i % 3000) + R"("}]},)";
                                },
                                R"({"type": "relationship", "id": "r"}]})");
         },
         build_attack},
        {"misp-many-tactic-names", "ATT&CK data", 2u << 20,
         [](std::size_t n) {
             // One kill_chain_order list of n distinct tactics, another in the reverse order: a
             // cycle through all of them (the merge was quadratic in their number).
             std::vector<std::string> names;
             std::size_t bytes = 0;
             for (std::size_t i = 0; bytes < n / 2; ++i) {
                 names.push_back("t" + std::to_string(i));
                 bytes += names.back().size() + 4;
             }
             std::string a, b;
             for (std::size_t i = 0; i < names.size(); ++i) {
                 a += (i ? ",\"" : "\"") + names[i] + "\"";
                 b += (i ? ",\"" : "\"") + names[names.size() - 1 - i] + "\"";
             }
             return std::string(R"({"type": "mitre-attack-pattern", "values": [{"uuid": "u", "meta": {"external_id": "T1001", "kill_chain": ["attack-Windows:t0"]}}]})") +
                    "\n" + R"({"kill_chain_order": {"attack-Windows": [)" + a + R"(], "attack-Linux": [)" + b + "]}}";
         },
         [](const std::string& t) {
             const auto split = t.find('\n');
             sh::Catalogue c;
             sh::Diagnostics d;
             sh::build_catalogue({{"p.json", t.substr(0, split)}, {"g.json", t.substr(split + 1)}}, "1", "", c, d);
             return d.size();
         }},
        // A trend's lists of what is not an object (each one a capped diagnostic).
        {"history-json-non-objects", "history trend", 8u << 20,
         [](std::size_t n) { return repeat_to(std::string(kTrendHead) + R"("points": [)", "0,", R"({"date": "2024-01-07"}]})", n); },
         read_trend},
        // Header tactics and one point listing as many (a point's tactic found by name: once a scan of
        // the header per tactic).
        {"history-json-tactics", "history trend", 8u << 20,
         [](std::size_t n) {
             const std::size_t k = n / 64;
             std::string head = std::string(kTrendHead) + R"("tactics": [)", point = R"("points": [{"date": "2024-01-07", "tactics": [)";
             for (std::size_t i = 0; head.size() + point.size() + 64 < n && i < k; ++i) {
                 const std::string t = R"({"tactic": "t)" + std::to_string(i) + R"("})";
                 head += (i ? "," : "") + t;
                 point += (i ? "," : "") + t;
             }
             return head + "], " + point + "]}]}";
         },
         read_trend},
        // One diff whose drops and blame all name one technique (the alert text once printed every
        // blame entry under every drop: quadratic text).
        {"history-json-blame", "history trend", 8u << 20,
         [](std::size_t n) {
             std::string drops = std::string(kTrendHead) + R"("points": [{"date": "2024-01-07"}], "diffs": [{"from": "2024-01-07", "to": "2024-01-14", "droppedBelow": [)";
             std::string blame = R"(], "blame": [)";
             for (std::size_t i = 0; drops.size() + blame.size() + 120 < n; ++i) {
                 drops += std::string(i ? "," : "") + R"({"technique": "T1059", "before": 80, "after": 10})";
                 blame += std::string(i ? "," : "") + R"({"technique": "T1059", "commits": [{"id": "a"}]})";
             }
             return drops + blame + "]}]}";
         },
         read_trend},
        // Many points, each a full one (what a long daily history is made of), up to the point limit.
        {"history-json-points", "history trend", 8u << 20,
         [](std::size_t n) {
             return numbered_to(std::string(kTrendHead) + R"("points": [)", n,
                                [](std::size_t i) {
                                    return std::string(i ? "," : "") + R"({"date": "2024-01-07", "commit": ")" +
                                           std::to_string(i) + R"(", "files": 3, "rules": {"total": 3, "byLevel": {"high": 3}},)"
                                           R"( "techniques": {"total": 200, "covered": 3}, "tactics": [{"tactic": "execution",)"
                                           R"( "techniques": {"total": 10, "covered": 1}}]})";
                                },
                                "]}");
         },
         read_trend},
        // A catalogue's threats, each with distinct aliases and a few techniques.
        {"catalogue-many-threats", "ATT&CK data", 8u << 20,
         [](std::size_t n) {
             return numbered_to(kCatalogueHead, n,
                                [](std::size_t i) {
                                    const std::string id = std::to_string(i);
                                    return std::string(i ? "," : "") + R"({"id": "G)" + id + R"(", "kind": "group", "name": "N)" + id +
                                           R"(", "aliases": ["A)" + id + R"(", "B)" + id + R"("], "techniques": ["T1001", "T1002", "T1001"]})";
                                },
                                "]}");
         },
         [](const std::string& t) {
             sh::Catalogue c;
             sh::Diagnostics d;
             sh::catalogue_from_json(t, c, d);
             return d.size();
         }},
        // One MISP group with as many distinct synonyms as fit (the alias list was deduplicated by a
        // scan of what was kept: quadratic) and as many technique uses.
        {"misp-threat-many-aliases", "ATT&CK data", 4u << 20,
         [](std::size_t n) {
             std::string t = R"({"type": "mitre-attack-pattern", "values": [{"uuid": "u1", "value": "A - T1001", "meta": {"external_id": "T1001", "kill_chain": ["attack-Windows:execution"]}}]})";
             t += "\n";
             std::string synonyms, related;
             for (std::size_t i = 0; t.size() + synonyms.size() + related.size() + 200 < n; ++i) {
                 synonyms += std::string(i ? "," : "") + "\"S" + std::to_string(i) + "\"";
                 related += std::string(i ? "," : "") + R"({"type": "uses", "dest-uuid": "u1"})";
             }
             return t + R"({"type": "mitre-intrusion-set", "values": [{"uuid": "g", "value": "G - G0001", "meta": {"external_id": "G0001", "synonyms": [)" +
                    synonyms + R"(]}, "related": [)" + related + "]}]}";
         },
         [](const std::string& t) {
             const std::size_t split = t.find('\n');
             sh::Catalogue c;
             sh::Diagnostics d;
             sh::build_catalogue({{"p.json", t.substr(0, split)}, {"g.json", t.substr(split + 1)}}, "1", "", c, d);
             return d.size();
         }},
        {"share-link-padded", "share link", 16u << 10,
         [](std::size_t n) {
             std::string link = "#s=";
             for (std::size_t i = 0; link.size() < n; ++i) link += i % 4 ? "A" : " ";
             return link;
         },
         [](const std::string& t) {
             sh::ShareLink l;
             std::string error;
             sh::decode_share_link(t, sh::default_catalogue(), l, error);
             return std::size_t(!error.empty());
         }},
    };
    return all;
}

}  // namespace

static double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "list") {
        for (const auto& c : cases()) std::printf("%s %zu %s\n", c.name, c.base_bytes, c.kind);
        return 0;
    }
    if (argc != 3) {
        std::fprintf(stderr, "usage: robust_bench list | robust_bench CASE BYTES\n");
        return 2;
    }
    for (const auto& c : cases()) {
        if (c.name != std::string(argv[1])) continue;
        (void)sh::default_catalogue();  // loaded before the clock starts
        const std::string input = c.make(std::strtoull(argv[2], nullptr, 10));
        if (const char* dump = std::getenv("ROBUST_BENCH_DUMP")) {  // the input, to look at
            if (std::FILE* f = std::fopen(dump, "wb")) {
                std::fwrite(input.data(), 1, input.size(), f);
                std::fclose(f);
            }
        }
        // CPU time of this process, not wall time: the readers run on one thread, and a shared,
        // loaded machine stretches wall time by whatever else runs, which would drown the ratios.
        const double t0 = cpu_seconds();
        const std::size_t diagnostics = c.read(input);
        const double seconds = cpu_seconds() - t0;
        std::printf("%s %zu %.4f %zu\n", c.name, input.size(), seconds, diagnostics);
        return 0;
    }
    std::fprintf(stderr, "robust_bench: no case %s\n", argv[1]);
    return 2;
}
