// test_rules.cpp — loading Sigma rules (src/core/rules.*): hand-written fixtures under
// tests/data/rules/ with expected values written by hand, the level/status vocabularies, and the
// SigmaHQ corpus in ../shared (every file loads; tag counts agree with a plain text scan).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "catch.hpp"
#include "core/rules.hpp"
#include "core/tags.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

sh::LoadResult load_fixture(const std::string& name) {
    const std::string path = test::data_dir() + "/rules/" + name;
    REQUIRE(test::file_exists(path));
    sh::LoadResult result;
    sh::load_rules_from_text(test::read_text(path), path, result);
    return result;
}

sh::LoadResult load_text(const std::string& text, const std::string& file = "inline.yml") {
    sh::LoadResult result;
    sh::load_rules_from_text(text, file, result);
    return result;
}

int count(const sh::Diagnostics& ds, sh::Severity severity, const std::string& part = "") {
    return static_cast<int>(std::count_if(ds.begin(), ds.end(), [&](const sh::Diagnostic& d) {
        return d.severity == severity && d.message.find(part) != std::string::npos;
    }));
}

using test::dump;
using test::find;

}  // namespace

TEST_CASE("level and status vocabularies", "[rules]") {
    CHECK(sh::parse_level("high") == sh::Level::High);
    CHECK(sh::parse_level("CRITICAL") == sh::Level::Critical);
    CHECK(sh::parse_level("Informational") == sh::Level::Informational);
    CHECK_FALSE(sh::parse_level("severe").has_value());
    CHECK_FALSE(sh::parse_level("").has_value());
    CHECK(sh::parse_status("Stable") == sh::Status::Stable);
    CHECK(sh::parse_status("test") == sh::Status::Test);
    CHECK(sh::parse_status("UNSUPPORTED") == sh::Status::Unsupported);
    CHECK_FALSE(sh::parse_status("production").has_value());  // the loader maps it, with a warning
    CHECK(std::string(sh::level_name(sh::Level::Medium)) == "medium");
    CHECK(std::string(sh::level_name(sh::Level::None)).empty());
    CHECK(std::string(sh::status_name(sh::Status::Experimental)) == "experimental");
    CHECK(std::string(sh::status_name(sh::Status::None)).empty());
    SECTION("ordered so that comparisons mean 'at least'") {
        CHECK(sh::Level::Critical > sh::Level::High);
        CHECK(sh::Level::Informational > sh::Level::None);
        CHECK(sh::Status::Stable > sh::Status::Test);
        CHECK(sh::Status::Test > sh::Status::Experimental);
    }
}

TEST_CASE("a complete single-document rule", "[rules]") {
    const auto r = load_fixture("single_process_creation.yml");
    INFO(dump(r.diagnostics));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rules.size() == 1);
    const sh::Rule& rule = r.rules[0];
    CHECK(rule.file == test::data_dir() + "/rules/single_process_creation.yml");
    CHECK(rule.line == 3);  // the document starts at its first key, after two comment lines
    CHECK(rule.kind == sh::RuleKind::Detection);
    CHECK(rule.title == "Rundll32 Loading a Script From a Temp Folder");
    CHECK(rule.id == "5c1f7d6e-1a2b-4c3d-8e9f-0a1b2c3d4e5f");
    CHECK(rule.status == sh::Status::Experimental);
    CHECK(rule.level == sh::Level::High);
    CHECK(rule.description ==
          "Detects rundll32 started with a javascript: or vbscript: argument that\npoints into a temporary folder.\n");
    CHECK(rule.author == "Jane Doe (@jdoe), Example Detection Team");
    CHECK(rule.date == "2024-03-05");
    CHECK(rule.modified == "2025-01-17");
    CHECK(rule.tags == std::vector<std::string>{"attack.defense_evasion", "attack.t1218.011", "attack.execution",
                                                "attack.t1059", "car.2019-04-002", "attack.g0016"});
    CHECK(rule.tag_lines == std::vector<int>{15, 16, 17, 18, 19, 20});
    CHECK(rule.logsource.category == "process_creation");
    CHECK(rule.logsource.product == "windows");
    CHECK(rule.logsource.service.empty());
    CHECK(rule.falsepositives ==
          std::vector<std::string>{"Installers that unpack helper scripts into the temp folder", "Unknown"});
}

TEST_CASE("legacy collection: action global, reset and repeat", "[rules]") {
    const auto r = load_fixture("collection_global.yml");
    INFO(dump(r.diagnostics));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rules.size() == 4);

    SECTION("the first rule takes every default from the global document") {
        const sh::Rule& a = r.rules[0];
        CHECK(a.line == 14);
        CHECK(a.title == "Certutil Decoding a Payload");
        CHECK(a.id == "0b6b1b1e-0000-4000-8000-000000000001");
        CHECK(a.author == "Example Author");
        CHECK(a.status == sh::Status::Test);
        CHECK(a.level == sh::Level::Medium);
        CHECK(a.tags == std::vector<std::string>{"attack.defense_evasion", "attack.t1140"});
        CHECK(a.tag_lines == std::vector<int>{8, 9});  // where the global document wrote them
        CHECK(a.logsource.product == "windows");          // logsource merges key by key
        CHECK(a.logsource.category == "process_creation");
    }
    SECTION("where the rule sets a field the global document sets too, the global one wins") {
        // pySigma's SigmaCollection.from_dicts: deep_dict_update(rule, global_rule); sigmac's
        // collection parser: deep_update_dict(yamldoc, globalyaml). Both let the global values
        // win, so sigma-cli counts this rule under T1140 at medium, not under T1105 at high.
        const sh::Rule& b = r.rules[1];
        CHECK(b.line == 22);
        CHECK(b.id == "0b6b1b1e-0000-4000-8000-000000000002");  // only the rule sets it
        CHECK(b.title == "Certutil Decoding a Payload");
        CHECK(b.level == sh::Level::Medium);
        CHECK(b.status == sh::Status::Test);
        CHECK(b.author == "Example Author");
        CHECK(b.tags == std::vector<std::string>{"attack.defense_evasion", "attack.t1140"});
        CHECK(b.tag_lines == std::vector<int>{8, 9});
        CHECK(b.logsource.product == "windows");
        CHECK(b.logsource.category == "process_creation");
    }
    SECTION("after reset no defaults apply") {
        const sh::Rule& c = r.rules[2];
        CHECK(c.line == 36);
        CHECK(c.title == "Standalone Rule After Reset");
        CHECK(c.author.empty());
        CHECK(c.status == sh::Status::None);
        CHECK(c.level == sh::Level::None);
        CHECK(c.tags.empty());
        CHECK(c.logsource.product == "linux");
        CHECK(c.logsource.service == "auditd");
        CHECK(c.logsource.category.empty());
    }
    SECTION("repeat copies the previous rule and overrides its fields") {
        const sh::Rule& d = r.rules[3];
        CHECK(d.line == 46);
        CHECK(d.title == "Standalone Rule Repeated");
        CHECK(d.id == "0b6b1b1e-0000-4000-8000-000000000004");
        CHECK(d.level == sh::Level::Low);
        CHECK(d.logsource.product == "linux");
        CHECK(d.logsource.service == "auditd");
        CHECK(d.kind == sh::RuleKind::Detection);
    }
}

TEST_CASE("collection actions without a rule to apply to", "[rules]") {
    SECTION("repeat before any rule") {
        const auto r = load_text("action: repeat\ntitle: Nothing To Repeat\n");
        CHECK(r.rules.empty());
        const auto* d = find(r.diagnostics, "action: repeat");
        REQUIRE(d);
        CHECK(d->severity == sh::Severity::Error);
        CHECK(d->line == 1);
    }
    SECTION("an unknown action is reported and the document read as usual") {
        const auto r = load_text("action: merge\ntitle: T\ndetection: {sel: {a: 1}, condition: sel}\n");
        REQUIRE(r.rules.size() == 1);
        CHECK(count(r.diagnostics, sh::Severity::Warning, "unknown action 'merge'") == 1);
    }
}

// pySigma merges a global document into plain rules only: a correlation or a filter in the same
// file takes nothing from it. Before, the global 'detection' made the filter a scored rule
// (T1078 under four tactics) and the correlation took the global's level and tags.
TEST_CASE("legacy collection: correlation and filter documents take nothing from the global one", "[rules]") {
    const auto r = load_text(
        "action: global\n"
        "level: critical\n"
        "tags:\n"
        "    - attack.t1003.001\n"
        "logsource:\n"
        "    product: windows\n"
        "detection:\n"
        "    condition: selection\n"
        "---\n"
        "title: Base Rule\n"
        "name: base\n"
        "detection:\n"
        "    selection:\n"
        "        EventID: 4625\n"
        "---\n"
        "title: Many Base Hits\n"
        "correlation:\n"
        "    type: event_count\n"
        "    rules: base\n"
        "    timespan: 5m\n"
        "    condition:\n"
        "        gte: 10\n"
        "tags:\n"
        "    - attack.t1110.003\n"
        "---\n"
        "title: Not On Jump Hosts\n"
        "logsource:\n"
        "    product: windows\n"
        "filter:\n"
        "    rules:\n"
        "        - base\n"
        "    selection:\n"
        "        ComputerName|startswith: 'JUMP-'\n"
        "    condition: not selection\n"
        "tags:\n"
        "    - attack.t1078\n");
    INFO(dump(r.diagnostics));
    REQUIRE(r.rules.size() == 2);
    CHECK(r.rules[0].title == "Base Rule");
    CHECK(r.rules[0].level == sh::Level::Critical);
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.t1003.001"});
    CHECK(r.rules[1].kind == sh::RuleKind::Correlation);
    CHECK(r.rules[1].title == "Many Base Hits");
    CHECK(r.rules[1].level == sh::Level::None);
    CHECK(r.rules[1].tags == std::vector<std::string>{"attack.t1110.003"});
    CHECK(count(r.diagnostics, sh::Severity::Warning, "both 'detection' and 'correlation'") == 0);
    CHECK(count(r.diagnostics, sh::Severity::Info, "Sigma filter") == 1);
}

TEST_CASE("correlation rules load with their tags", "[rules]") {
    const auto r = load_fixture("correlation.yml");
    INFO(dump(r.diagnostics));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rules.size() == 2);
    CHECK(r.rules[0].kind == sh::RuleKind::Correlation);
    CHECK(r.rules[0].title == "Many Failed Logons From One Source");
    CHECK(r.rules[0].line == 2);
    CHECK(r.rules[0].level == sh::Level::High);
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.credential_access", "attack.t1110.001"});
    CHECK(r.rules[0].tag_lines == std::vector<int>{15, 16});
    CHECK(r.rules[1].kind == sh::RuleKind::Detection);
    CHECK(r.rules[1].title == "Failed Logon");
    CHECK(r.rules[1].line == 18);
    CHECK(r.rules[1].logsource.service == "security");
}

TEST_CASE("Sigma filters are skipped with an info", "[rules]") {
    const auto r = load_fixture("filter.yml");
    CHECK(r.rules.empty());
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == sh::Severity::Info);
    CHECK(r.diagnostics[0].message.find("Sigma filter") != std::string::npos);
    CHECK(r.diagnostics[0].message.find("skipped") != std::string::npos);
    CHECK(r.diagnostics[0].line == 2);
}

TEST_CASE("production status, upper-case values and tag spellings", "[rules]") {
    const auto r = load_fixture("production_upper.yml");
    REQUIRE(r.rules.size() == 1);
    const sh::Rule& rule = r.rules[0];
    CHECK(rule.status == sh::Status::Stable);
    CHECK(rule.level == sh::Level::High);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == sh::Severity::Warning);
    CHECK(r.diagnostics[0].message.find("read as 'stable'") != std::string::npos);
    CHECK(r.diagnostics[0].line == 4);
    CHECK(r.diagnostics[0].column == 9);

    // Stored as written; parse_tag normalises.
    REQUIRE(rule.tags.size() == 6);
    CHECK(rule.tags[0] == "ATTACK.T1059.001");
    CHECK(rule.tag_lines == std::vector<int>{7, 8, 9, 10, 11, 12});
    std::vector<std::string> values;
    for (const auto& t : rule.tags) values.push_back(sh::parse_tag(t).value);
    CHECK(values == std::vector<std::string>{"T1059.001", "privilege-escalation", "defense-evasion",
                                             "car.2016-03-001", "S0002", "tlp.amber"});
}

TEST_CASE("fields written as lists, strings, flow maps and scalar aliases", "[rules]") {
    const auto r = load_fixture("field_variants.yml");
    INFO(dump(r.diagnostics));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rules.size() == 1);
    const sh::Rule& rule = r.rules[0];
    CHECK(rule.title == "Scheduled Task Created From A Public Folder");
    CHECK(rule.author == "Alice Example, Bob Example");
    CHECK(rule.description == "Folded description on two lines.\n");
    CHECK(rule.date == "2023-07-01");
    CHECK(rule.modified == "2023-07-01");  // *when resolves to the anchored scalar
    CHECK(rule.tags == std::vector<std::string>{"attack.persistence", "attack.t1053.005", "attack.persistence"});
    CHECK(rule.tag_lines == std::vector<int>{14, 15, 16});
    CHECK(rule.logsource.category == "process_creation");
    CHECK(rule.logsource.product == "windows");
    CHECK(rule.falsepositives == std::vector<std::string>{"Administrators testing *name"});
    CHECK(rule.level == sh::Level::Medium);
}

TEST_CASE("documents that are not rules; a rule without a title", "[rules]") {
    const auto r = load_fixture("odd_documents.yml");
    INFO(dump(r.diagnostics));
    REQUIRE(r.rules.size() == 1);
    CHECK(r.rules[0].title == "odd_documents.yml");  // the file name stands in
    CHECK(r.rules[0].line == 5);
    CHECK(r.rules[0].level == sh::Level::Low);

    const auto* no_detection = find(r.diagnostics, "not a Sigma rule: no detection section");
    REQUIRE(no_detection);
    CHECK(no_detection->severity == sh::Severity::Error);
    CHECK(no_detection->line == 2);
    const auto* no_title = find(r.diagnostics, "no title");
    REQUIRE(no_title);
    CHECK(no_title->severity == sh::Severity::Warning);
    CHECK(no_title->line == 5);
    const auto* scalar = find(r.diagnostics, "not a map of fields");
    REQUIRE(scalar);
    CHECK(scalar->severity == sh::Severity::Error);
    CHECK(scalar->line == 13);
    CHECK(r.diagnostics.size() == 3);
    for (const auto& d : r.diagnostics) CHECK(d.file == test::data_dir() + "/rules/odd_documents.yml");
}

TEST_CASE("unknown status and level values", "[rules]") {
    const auto r = load_text("title: T\nstatus: beta\nlevel: severe\ndetection: {sel: {a: 1}, condition: sel}\n");
    REQUIRE(r.rules.size() == 1);
    CHECK(r.rules[0].status == sh::Status::None);
    CHECK(r.rules[0].level == sh::Level::None);
    const auto* status = find(r.diagnostics, "unknown status 'beta'");
    const auto* level = find(r.diagnostics, "unknown level 'severe'");
    REQUIRE(status);
    REQUIRE(level);
    CHECK(status->severity == sh::Severity::Warning);
    CHECK(status->line == 2);
    CHECK(level->line == 3);
    CHECK(level->file == "inline.yml");
}

TEST_CASE("malformed attack tags are warned about at their own line", "[rules]") {
    const auto r = load_text(
        "title: T\n"
        "tags:\n"
        "    - attack.execution\n"
        "    - attack.t105\n"
        "    - attack.t1059.001\n"
        "    - cve.2021-44228\n"
        "detection: {sel: {a: 1}, condition: sel}\n");
    REQUIRE(r.rules.size() == 1);
    CHECK(r.rules[0].tags.size() == 4);  // kept: the scorer decides what to use
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].severity == sh::Severity::Warning);
    CHECK(r.diagnostics[0].line == 4);
    CHECK(r.diagnostics[0].column == 7);
    CHECK(r.diagnostics[0].message.find("attack.t105") != std::string::npos);
    CHECK(r.diagnostics[0].message.find("attack.tNNNN") != std::string::npos);
}

// A quoted tag with a space before it (' attack.t1106') was kept as a tag of another namespace:
// not counted, and nothing said. A technique id under another namespace was silent too.
TEST_CASE("spaces around a tag are dropped with a warning; a technique under another namespace is named", "[rules][bad-input]") {
    const auto r = load_text(
        "title: T\n"
        "tags:\n"
        "    - ' attack.t1106'\n"
        "    - \"attack.t1105 \"\n"
        "    - \"\\tattack.execution\"\n"
        "    - '   '\n"
        "    - mitre.t1003\n"
        "    - attack:t1059.001\n"
        "    - T1021\n"
        "    - car.2013-05-004\n"
        "    - cve.2021-44228\n"
        "    - detection.t1234abc\n"
        "detection: {sel: {a: 1}, condition: sel}\n");
    REQUIRE(r.rules.size() == 1);
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.t1106", "attack.t1105", "attack.execution", "mitre.t1003",
                                                      "attack:t1059.001", "T1021", "car.2013-05-004", "cve.2021-44228",
                                                      "detection.t1234abc"});
    std::vector<std::string> said;
    for (const auto& d : r.diagnostics) said.push_back(std::to_string(d.line) + ":" + std::to_string(d.column) + " " + d.message);
    CHECK(said == std::vector<std::string>{
                      "3:7 ' attack.t1106' has spaces around it; read as 'attack.t1106'",
                      "4:7 'attack.t1105 ' has spaces around it; read as 'attack.t1105'",
                      "5:7 '\\tattack.execution' has spaces around it; read as 'attack.execution'",
                      "6:7 empty tag skipped",
                      "7:7 'mitre.t1003' is not counted: ATT&CK technique tags are written attack.t1003",
                      "8:7 'attack:t1059.001' is not counted: ATT&CK technique tags are written attack.t1059.001",
                      "9:7 'T1021' is not counted: ATT&CK technique tags are written attack.t1021",
                  });
}

TEST_CASE("is_hidden_path: a part starting with '.'", "[rules]") {
    for (const char* p : {".github/workflows/ci.yml", "rules/.drafts/a.yml", "rules/.a.yml", ".a.yml", "a/b/.c/d.yml"})
        CHECK(sh::is_hidden_path(p));
    for (const char* p : {"rules/a.yml", "a.yml", "../rules/a.yml", "./a.yml", "a./b.yml", "a/b.c/d.yml", ""})
        CHECK_FALSE(sh::is_hidden_path(p));
}

TEST_CASE("the SigmaHQ corpus loads completely", "[rules][corpus]") {
    if (!test::shared_available()) {
        WARN("../shared is missing: SigmaHQ corpus checks skipped");
        return;
    }
    const fs::path root = test::shared_dir() + "/sigma/rules";
    REQUIRE(fs::is_directory(root));

    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".yml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() == 3141);

    const std::vector<std::string> techniques = {"attack.t1059.001", "attack.t1105", "attack.t1685",
                                                 "attack.t1218.011", "attack.t1003.001"};
    std::vector<std::regex> patterns;
    for (const auto& t : techniques) {
        std::string escaped;
        for (char c : t) escaped += c == '.' ? std::string("\\.") : std::string(1, c);
        patterns.emplace_back("^\\s*-\\s*" + escaped + "\\s*$", std::regex::icase);
    }
    std::map<std::string, int> files_with_tag, rules_with_tag;

    int files_with_errors = 0, files_without_one_rule = 0;
    sh::LoadResult all;
    for (const auto& path : files) {
        const std::string text = test::read_text(path.string());
        sh::LoadResult one;
        sh::load_rules_from_text(text, path.string(), one);
        if (sh::count_errors(one.diagnostics) > 0) {
            ++files_with_errors;
            UNSCOPED_INFO(dump(one.diagnostics));
        }
        if (one.rules.size() != 1) {
            ++files_without_one_rule;
            UNSCOPED_INFO(path.string() << " gave " << one.rules.size() << " rules");
        }
        for (auto& rule : one.rules) {
            std::set<std::string> ids;  // "T1059.001" -> "attack.t1059.001", to compare with the text scan
            for (const auto& tag : rule.tags) {
                const sh::Tag t = sh::parse_tag(tag);
                if (t.kind == sh::TagKind::Technique) ids.insert("attack.t" + t.value.substr(1));
            }
            for (const auto& t : techniques)
                if (ids.count(t)) ++rules_with_tag[t];
            all.rules.push_back(std::move(rule));
        }

        // Independent count from the raw text: one regex per line that mentions "attack.".
        std::set<std::string> seen;
        std::size_t start = 0;
        while (start <= text.size()) {
            std::size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            std::string line = text.substr(start, end - start);
            if (!line.empty() && line.back() == '\r') line.pop_back();
            std::string lowered = line;
            std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (lowered.find("attack.t") != std::string::npos)
                for (std::size_t i = 0; i < techniques.size(); ++i)
                    if (std::regex_match(line, patterns[i])) seen.insert(techniques[i]);
            start = end + 1;
        }
        for (const auto& t : seen) ++files_with_tag[t];
    }
    CHECK(files_with_errors == 0);
    CHECK(files_without_one_rule == 0);
    CHECK(all.rules.size() == files.size());
    for (const auto& t : techniques) {
        INFO(t);
        CHECK(files_with_tag[t] > 0);
        CHECK(rules_with_tag[t] == files_with_tag[t]);
    }
}

// YAML 1.1 merge keys, as PyYAML reads them (pySigma loads rules with it): expected values below
// are what yaml.safe_load gives for each text (checked by hand with PyYAML 6).
TEST_CASE("merge keys ('<<: *name') bring in an anchored map's keys; the map's own keys and earlier merges win", "[rules][yaml]") {
    auto one = [](const std::string& text) {
        auto r = load_text(text);
        INFO(text << "\n" << dump(r.diagnostics));
        REQUIRE(r.rules.size() == 1);
        CHECK(count(r.diagnostics, sh::Severity::Warning) == 0);
        return r.rules[0];
    };
    SECTION("a list of maps: the first one's keys win") {
        const sh::Rule r = one("x-a: &a\n  level: high\n  status: test\n  tags: [attack.t1059.001]\n"
                               "  logsource: {product: windows, category: process_creation}\n"
                               "x-b: &b\n  level: low\n  tags: [attack.t1003]\n  title: from b\n"
                               "title: list merge\n<<: [*a, *b]\ndetection: {s: {a: 1}, condition: s}\n");
        CHECK(r.title == "list merge");
        CHECK(r.level == sh::Level::High);
        CHECK(r.status == sh::Status::Test);
        CHECK(r.tags == std::vector<std::string>{"attack.t1059.001"});
        CHECK(r.logsource.product == "windows");
        CHECK(r.logsource.category == "process_creation");
    }
    SECTION("the map's own key before the merge wins") {
        const sh::Rule r = one("title: t\nlevel: critical\nx-a: &a\n  level: low\n  tags: [attack.t1055]\n<<: *a\n"
                               "detection: {s: {a: 1}, condition: s}\n");
        CHECK(r.level == sh::Level::Critical);
        CHECK(r.tags == std::vector<std::string>{"attack.t1055"});
    }
    SECTION("the map's own key after the merge wins, and a logsource is replaced whole") {
        const sh::Rule r = one("x-a: &a\n  level: low\n  tags: [attack.t1055]\n  logsource: {product: linux, service: auditd}\n"
                               "title: t\n<<: *a\ntags: [attack.t1021]\nlogsource: {category: file_event}\n"
                               "detection: {s: {a: 1}, condition: s}\n");
        CHECK(r.level == sh::Level::Low);
        CHECK(r.tags == std::vector<std::string>{"attack.t1021"});
        CHECK(r.logsource.category == "file_event");
        CHECK(r.logsource.product.empty());
        CHECK(r.logsource.service.empty());
    }
    SECTION("inside logsource") {
        const sh::Rule r = one("x-ls: &ls {product: windows, service: security}\ntitle: t\nlogsource:\n  service: system\n"
                               "  <<: *ls\ntags: [attack.t1070]\ndetection: {s: {a: 1}, condition: s}\n");
        CHECK(r.logsource.product == "windows");
        CHECK(r.logsource.service == "system");
    }
    SECTION("a merged map that merges another: its own keys win over what it merges") {
        const sh::Rule r = one("x-a: &a {level: medium, tags: [attack.t1112]}\nx-b: &b\n  <<: *a\n  level: high\n"
                               "title: t\n<<: *b\ndetection: {s: {a: 1}, condition: s}\n");
        CHECK(r.level == sh::Level::High);
        CHECK(r.tags == std::vector<std::string>{"attack.t1112"});
    }
    SECTION("in a list, what the first map merges still beats the second map's own key") {
        const sh::Rule r = one("x-c: &c {level: low}\nx-a: &a {<<: *c}\nx-b: &b {level: high}\n"
                               "title: t\n<<: [*a, *b]\ntags: [attack.t1112]\ndetection: {s: {a: 1}, condition: s}\n");
        CHECK(r.level == sh::Level::Low);
    }
    SECTION("an anchored merge list merges, and is no list of tags") {
        auto r = load_text("x-a: &a {level: medium}\ntitle: t\n<<: &l [*a]\ntags: *l\ndetection: {s: {a: 1}, condition: s}\n");
        REQUIRE(r.rules.size() == 1);
        CHECK(r.rules[0].level == sh::Level::Medium);
        CHECK(r.rules[0].tags.empty());
        CHECK(find(r.diagnostics, "is an alias (*name) of a list or map") != nullptr);
    }
    SECTION("a quoted '<<' is a key like any other, not a merge") {
        const sh::Rule r = one("x-a: &a {level: medium, tags: [attack.t1112]}\ntitle: t\n\"<<\": *a\n"
                               "detection: {s: {a: 1}, condition: s}\n");
        CHECK(r.level == sh::Level::None);
        CHECK(r.tags.empty());
    }
}

TEST_CASE("merge keys that merge nothing are said; merges nested or repeated past the budget stay linear", "[rules][yaml][bad-input]") {
    auto warnings = [](const std::string& text) {
        auto r = load_text(text);
        INFO(text << "\n" << dump(r.diagnostics));
        CHECK(r.rules.size() == 1);
        return r;
    };
    const std::string tail = "title: t\ntags: [attack.t1112]\ndetection: {s: {a: 1}, condition: s}\n";
    auto r = warnings("x: &a text\n<<: *a\n" + tail);
    CHECK(count(r.diagnostics, sh::Severity::Warning) == 1);
    CHECK(find(r.diagnostics, "not a map read before it") != nullptr);
    CHECK(find(r.diagnostics, "not a map read before it")->line == 2);
    for (const char* value : {"{level: high}", "\n  level: high", "high", "", "[*a, x]"}) {
        r = warnings(std::string("x: &a {status: test}\n<<: ") + value + "\n" + tail);
        const auto* d = find(r.diagnostics, "takes an alias (*name) of a map");
        REQUIRE(d != nullptr);
        CHECK(d->line >= 2);
        CHECK(r.rules[0].level == sh::Level::None);
        CHECK(count(r.diagnostics, sh::Severity::Warning) == 1);
    }

    // A map that merges itself, through an alias of the anchor being defined: followed
    // kMaxMergeDepth (8) deep, then said.
    r = warnings("x: &a {level: high, <<: *a}\n<<: *a\n" + tail);
    CHECK(r.rules[0].level == sh::Level::High);
    CHECK(find(r.diagnostics, "more than 8 deep") != nullptr);

    // Each map merges the one before ten times: 10^7 merges if all were followed. The alias
    // budget (4 MB per document) stops it; what the first merges brought in stays.
    std::string bomb = "x0: &a0 {level: high, tags: [attack.t1059]}\n";
    for (int i = 1; i <= 7; ++i) {
        bomb += "x" + std::to_string(i) + ": &a" + std::to_string(i) + " {<<: [";
        for (int k = 0; k < 10; ++k) bomb += std::string(k ? ", " : "") + "*a" + std::to_string(i - 1);
        bomb += "]}\n";
    }
    r = warnings(bomb + "<<: *a7\ntitle: t\ndetection: {s: {a: 1}, condition: s}\n");
    CHECK(r.rules[0].tags == std::vector<std::string>{"attack.t1059"});
    CHECK(r.rules[0].level == sh::Level::High);
    CHECK(find(r.diagnostics, "expanded more than 4 MB") != nullptr);
}

TEST_CASE("a rule with its shared fields merged in ('<<') loads as PyYAML reads it", "[rules][yaml]") {
    const auto r = load_fixture("merge_keys.yml");
    INFO(dump(r.diagnostics));
    CHECK(r.diagnostics.empty());
    REQUIRE(r.rules.size() == 1);
    const sh::Rule& rule = r.rules[0];
    CHECK(rule.title == "PowerShell Started From A Temp Folder");
    CHECK(rule.status == sh::Status::Test);
    CHECK(rule.level == sh::Level::Medium);  // the rule's own level, written after the merge
    CHECK(rule.author == "Detection Team");
    CHECK(rule.tags == std::vector<std::string>{"attack.execution", "attack.t1059.001"});
    CHECK(rule.tag_lines == std::vector<int>{8, 9});  // where the merged tags are written
    CHECK(rule.logsource.product == "windows");
    CHECK(rule.logsource.category == "process_creation");
    CHECK(rule.logsource.service == "sysmon");
}
