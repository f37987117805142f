// test_pipeline.cpp — files -> rules -> scores -> layer, end to end through the core, on
// hand-written fixtures (expected counts worked out by hand below) and on the SigmaHQ corpus
// (every entry checked against an independent line-scanning counter).
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/scoring.hpp"
#include "test_support.hpp"

using namespace sh;
namespace fs = std::filesystem;

namespace {

// Loads a folder the way the CLI does: *.yml and *.yaml, recursively, sorted by path.
LoadResult load_folder(const std::string& dir, std::vector<std::string>* texts = nullptr) {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const auto ext = e.path().extension();
        if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(e.path().string());
    }
    std::sort(files.begin(), files.end());
    LoadResult out;
    for (const auto& f : files) {
        std::string text = test::read_text(f);
        load_rules_from_text(text, f, out);
        if (texts) texts->push_back(std::move(text));
    }
    return out;
}

std::map<std::pair<std::string, std::string>, int> by_pair(const ScoreResult& s) {
    std::map<std::pair<std::string, std::string>, int> m;
    for (const auto& e : s.entries) m[{e.technique, e.tactic}] = e.score;
    return m;
}

}  // namespace

TEST_CASE("count profile on hand-written fixtures", "[pipeline]") {
    const Catalogue& cat = default_catalogue();
    REQUIRE(cat.attack_version == "19");
    LoadResult loaded = load_folder(test::data_dir() + "/count");
    // f_broken.yml is reported with its name and line; the other six files load.
    REQUIRE(loaded.rules.size() == 6);
    const auto broken = std::find_if(loaded.diagnostics.begin(), loaded.diagnostics.end(), [](const Diagnostic& d) {
        return d.severity == Severity::Error && d.file.find("f_broken.yml") != std::string::npos;
    });
    REQUIRE(broken != loaded.diagnostics.end());
    CHECK(broken->line > 0);

    ScoreOptions o;
    o.profile = ScoreProfile::Count;
    SECTION("sub-techniques separate") {
        const auto m = by_pair(score_rules(loaded.rules, cat, o));
        // T1059.001: a, b (tag repeated, counts once), d -> 3.  T1059: c.  T1059.003: d.
        // T1053.005: b under each of its three v19 tactics.  T1003.001: c.  T1685: e.
        const std::map<std::pair<std::string, std::string>, int> expected = {
            {{"T1059.001", "execution"}, 3},
            {{"T1059", "execution"}, 1},
            {{"T1059.003", "execution"}, 1},
            {{"T1053.005", "execution"}, 1},
            {{"T1053.005", "persistence"}, 1},
            {{"T1053.005", "privilege-escalation"}, 1},
            {{"T1003.001", "credential-access"}, 1},
            {{"T1685", "defense-impairment"}, 1},
        };
        CHECK(m == expected);
    }
    SECTION("sub-techniques rolled up into parents") {
        o.subtechniques = false;
        const auto m = by_pair(score_rules(loaded.rules, cat, o));
        // T1059: a, b, c, d -> 4 (d names two T1059 subs but counts once; sigma analyze says 5).
        const std::map<std::pair<std::string, std::string>, int> expected = {
            {{"T1059", "execution"}, 4},
            {{"T1053", "execution"}, 1},
            {{"T1053", "persistence"}, 1},
            {{"T1053", "privilege-escalation"}, 1},
            {{"T1003", "credential-access"}, 1},
            {{"T1685", "defense-impairment"}, 1},
        };
        CHECK(m == expected);
    }
    SECTION("seed profile: best level") {
        o.profile = ScoreProfile::Seed;
        const auto m = by_pair(score_rules(loaded.rules, cat, o));
        CHECK(m.at({"T1059.001", "execution"}) == 100);  // d is critical
        CHECK(m.at({"T1053.005", "persistence"}) == 50);  // b is medium
        CHECK(m.at({"T1003.001", "credential-access"}) == 30);
        CHECK(m.at({"T1685", "defense-impairment"}) == 10);
    }
    SECTION("min-status stable keeps a and d") {
        o.min_status = Status::Stable;
        const auto m = by_pair(score_rules(loaded.rules, cat, o));
        CHECK(m.at({"T1059.001", "execution"}) == 2);
        CHECK(m.size() == 2);  // T1059.001, T1059.003
    }
    SECTION("tagged placement: b is tagged persistence only") {
        o.placement = TacticPlacement::Tagged;
        const auto m = by_pair(score_rules(loaded.rules, cat, o));
        CHECK(m.count({"T1053.005", "persistence"}) == 1);
        CHECK(m.count({"T1053.005", "execution"}) == 0);
        CHECK(m.at({"T1059.001", "execution"}) == 3);
    }
}

// The independent counter: scans each file's text line by line for `- attack.tNNNN[.NNN]` items in
// the top-level `tags:` block, with no YAML parser, and counts each rule once per technique.
TEST_CASE("SigmaHQ corpus: every count entry matches an independent scan", "[pipeline][corpus]") {
    if (!test::shared_available()) return;
    const Catalogue& cat = default_catalogue();
    std::vector<std::string> texts;
    LoadResult loaded = load_folder(test::shared_dir() + "/sigma/rules", &texts);
    REQUIRE(texts.size() == 3141);
    REQUIRE(loaded.rules.size() == 3141);
    CHECK(count_errors(loaded.diagnostics) == 0);

    const std::regex item(R"(^\s+-\s+['"]?attack\.(t\d{4}(\.\d{3})?)['"]?\s*$)", std::regex::icase);
    std::map<std::string, int> expected_count;  // technique -> rules
    for (const auto& text : texts) {
        std::set<std::string> mine;
        bool in_tags = false;
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string::npos) end = text.size();
            std::string line = text.substr(pos, end - pos);
            pos = end + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (!line.empty() && line[0] != ' ' && line[0] != '-' && line[0] != '#') in_tags = line.rfind("tags:", 0) == 0;
            std::smatch m;
            if (in_tags && line.find("attack.") != std::string::npos && std::regex_match(line, m, item)) {
                std::string id = m[1];
                for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                const Technique* t = cat.find(id);
                if (t && t->revoked && !t->revoked_by.empty()) id = t->revoked_by;  // same data, same rule
                if (cat.find(id) && !cat.find(id)->tactics.empty()) mine.insert(id);
            }
        }
        for (const auto& id : mine) ++expected_count[id];
    }
    REQUIRE(expected_count.size() > 300);

    ScoreOptions o;
    o.profile = ScoreProfile::Count;
    const ScoreResult s = score_rules(loaded.rules, cat, o);
    std::map<std::pair<std::string, std::string>, int> expected;
    for (const auto& [id, n] : expected_count)
        for (const auto& tactic : cat.find(id)->tactics) expected[{id, tactic}] = n;
    const auto got = by_pair(s);
    CHECK(got.size() == expected.size());
    CHECK(got == expected);
    // Spot values counted with grep (no parser, no catalogue), e.g.
    //   grep -rliE "^\s+- ['\"]?attack\.t1059\.001['\"]?\s*$" ../shared/sigma/rules | wc -l   -> 180
    CHECK(got.at({"T1059.001", "execution"}) == 180);
    CHECK(got.at({"T1105", "command-and-control"}) == 70);
    CHECK(got.at({"T1685", "defense-impairment"}) == 157);
    CHECK(got.at({"T1003.001", "credential-access"}) == 73);

    // The layer for the whole corpus is valid and as the contract says.
    const std::string text = write_layer(s, loaded.rules, cat, o, LayerOptions{});
    const auto j = nlohmann::json::parse(text);
    CHECK(j["techniques"].size() == expected.size());
    int max_score = 0;
    for (const auto& e : j["techniques"]) max_score = std::max(max_score, e["score"].get<int>());
    CHECK(j["gradient"]["maxValue"] == max_score);
}
