// harness_rules.cpp — rules in: Sigma rule YAML, one ATT&CK tag, the seed rules CSV; and the scoring
// that every loaded rule goes through next.
#include <algorithm>
#include <regex>

#include "checks.hpp"
#include "core/catalogue.hpp"
#include "core/import_csv.hpp"
#include "core/rules.hpp"
#include "core/rules_wire.hpp"
#include "core/scoring.hpp"
#include "core/tags.hpp"

namespace fuzz {

namespace {

void check_loaded(const sh::LoadResult& r, const std::string& file) {
    check_diagnostics(r.diagnostics, 0, file);
    for (const auto& rule : r.rules) {
        check(rule.file == file, "a rule names another file");
        check(rule.line >= 1, "a rule without a line");
        check(rule.tags.size() == rule.tag_lines.size(), "tags and tag lines differ in number");
        check(!rule.title.empty(), "a rule without a title");
    }
}

void check_scored(const std::vector<sh::Rule>& rules) {
    for (sh::ScoreProfile p : {sh::ScoreProfile::Seed, sh::ScoreProfile::Count}) {
        sh::ScoreOptions o;
        o.profile = p;
        const sh::ScoreResult s = sh::score_rules(rules, sh::default_catalogue(), o);
        // Capped per rule file: one file here.
        check_diagnostics(s.diagnostics, 0, rules.empty() ? std::string() : rules[0].file, kMaxDiagnosticsPerReader, true);
        for (const auto& e : s.entries) {
            check(e.score >= 0, "a negative score from rules");
            check(sh::default_catalogue().find(e.technique) != nullptr, "a scored technique the catalogue does not know");
        }
    }
}

}  // namespace

int rules(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    // Differential: the loader keeps no state between calls, so the same text loads the same way.
    sh::LoadResult first, second;
    sh::load_rules_from_text(text, "fuzz.yml", first);
    sh::load_rules_from_text(text, "fuzz.yml", second);
    check(same_rules(first, second), "the same text loaded twice gave different rules or diagnostics");
    check_loaded(first, "fuzz.yml");
    for (const auto& r : first.rules) check(r.tags.size() <= 1000, "more than 1000 tags kept for one rule");
    check_scored(first.rules);
    return 0;
}

// The loader's fast path (documents cut down to the keys the model reads, rule_cut.hpp) against
// yaml-cpp parsing every document whole: the same rules and the same diagnostics, always. The
// input is also tried with its line breaks as CRLF and behind a "---" of a good rule, since the
// cutter treats both specially and mutations rarely make them.
int rules_cut(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    auto compare = [](std::string_view t, const char* variant) {
        sh::LoadOptions full;
        full.full_parse = true;
        sh::LoadResult fast_result, full_result;
        sh::load_rules_from_text(t, "fuzz.yml", fast_result);
        sh::load_rules_from_text(t, "fuzz.yml", full_result, full);
        const std::string difference = rules_difference(fast_result, full_result);
        check(difference.empty(), std::string("fast path / full parse") + variant + ": " + difference);
        check(full_result.documents_cut == 0 && full_result.documents_whole == 0, "the full parse cut a document");
    };
    compare(text, "");
    std::string crlf;
    crlf.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    compare(crlf, " (CRLF)");
    const std::string after_rule = "title: t\nid: 1\nlevel: high\ntags:\n- attack.t1059\ndetection:\n  sel:\n    a: b\n"
                                   "  condition: sel\n---\n" + std::string(text);
    compare(after_rule, " (behind a rule)");
    return 0;
}

int tags(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    const sh::Tag a = sh::parse_tag(text), b = sh::parse_tag(text);
    check(a.kind == b.kind && a.value == b.value && a.error == b.error, "the same tag parsed twice differently");
    static const std::regex technique(R"(T\d{4}(\.\d{3})?)");
    if (a.kind == sh::TagKind::Technique) {
        check(std::regex_match(a.value, technique), "a technique tag whose value is not T1234[.123]: " + a.value);
        check(sh::parent_technique(a.value) == a.value.substr(0, 5), "parent_technique of " + a.value);
    }
    if (a.kind == sh::TagKind::Malformed) check(!a.error.empty(), "a malformed tag without a reason");
    // The tag meant for a technique id under another namespace parses as that technique.
    const std::string meant = sh::misplaced_technique(text);
    if (!meant.empty()) {
        check(a.kind == sh::TagKind::Other, "a misplaced technique in the attack. namespace: " + meant);
        const sh::Tag m = sh::parse_tag(meant);
        check(m.kind == sh::TagKind::Technique, "the tag meant is no technique: " + meant);
    }
    return 0;
}

int rules_csv(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    sh::LoadResult first, second;
    sh::load_rules_from_csv(text, "fuzz.csv", first);
    sh::load_rules_from_csv(text, "fuzz.csv", second);
    check(same_rules(first, second), "the same CSV loaded twice gave different rules or diagnostics");
    check_loaded(first, "fuzz.csv");
    for (const auto& r : first.rules) {
        std::vector<std::string> tags = r.tags;
        std::sort(tags.begin(), tags.end());
        check(std::adjacent_find(tags.begin(), tags.end()) == tags.end(), "a CSV rule with a repeated tag");
        for (const auto& t : r.tags) check(sh::parse_tag(t).kind == sh::TagKind::Technique, "a CSV tag that is no technique");
    }
    check_scored(first.rules);
    return 0;
}

// The page's parse workers send each file's rules as a wire record (rules_wire.hpp), decoded on the
// main thread. The bytes as a record: decoded or refused, and what decodes encodes and decodes
// again to the same; the bytes as a rule file (YAML, and as a rules CSV): parsed, encoded, decoded,
// they give the direct parse back.
int rules_wire(const uint8_t* data, std::size_t size) {
    const std::string_view bytes = text_of(data, size);
    sh::LoadResult decoded;
    std::string error;
    if (sh::decode_load_result(bytes, decoded, &error)) {
        sh::LoadResult again;
        check(sh::decode_load_result(sh::encode_load_result(decoded, "fuzz.yml"), again, &error), "a decoded record re-encoded is refused: " + error);
        check(same_rules(decoded, again), "a decoded record re-encoded decodes differently");
    } else {
        check(decoded.rules.empty() && decoded.diagnostics.empty(), "a refused record left rules behind");
        check(!error.empty(), "a record refused without a reason");
    }
    for (const char* name : {"fuzz.yml", "fuzz.csv"}) {
        sh::LoadResult direct, through;
        if (sh::is_csv_file_name(name))
            sh::load_rules_from_csv(bytes, name, direct);
        else
            sh::load_rules_from_text(bytes, name, direct);
        check(sh::decode_load_result(sh::encode_load_result(direct, name), through, &error), std::string("the wire refused a parse of ") + name + ": " + error);
        const std::string difference = rules_difference(through, direct);
        check(difference.empty(), std::string("parse -> wire -> decode differs from the parse (") + name + "): " + difference);
    }
    return 0;
}

}  // namespace fuzz
