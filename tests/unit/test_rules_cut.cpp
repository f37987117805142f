// test_rules_cut.cpp — the rule loader's fast path (src/core/rule_cut.*): cutting documents down to
// the keys the model reads gives the same rules and diagnostics as yaml-cpp parsing them whole,
// on the SigmaHQ corpus, on every fixture and fuzz regression input, and on cases built to sit on
// the edge of what the cutter accepts; and it does cut (the corpus takes the fast path).
#include <algorithm>
#include <filesystem>
#include <vector>

#include "catch.hpp"
#include "checks.hpp"
#include "core/rule_cut.hpp"
#include "core/rules.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

struct Both {
    sh::LoadResult fast, full;
};

Both load_both(std::string_view text, const std::string& name = "t.yml") {
    Both b;
    sh::LoadOptions full;
    full.full_parse = true;
    sh::load_rules_from_text(text, name, b.fast);
    sh::load_rules_from_text(text, name, b.full, full);
    return b;
}

sh::CutKeep keep_for_test(std::string_view key) {
    if (key == "detection") return sh::CutKeep::Presence;
    if (key == "references") return sh::CutKeep::KeyOnly;
    return sh::CutKeep::Whole;
}

std::size_t count_lines(std::string_view t) { return static_cast<std::size_t>(std::count(t.begin(), t.end(), '\n')); }

const char* kRule =
    "title: Cut rule\n"
    "id: 0e1b2c3d\n"
    "status: test\n"
    "description: |\n"
    "  Two lines\n"
    "  of text.\n"
    "references:\n"
    "  - https://example.org/a\n"
    "  - 'https://example.org/b'\n"
    "author: someone\n"
    "date: 2024-01-02\n"
    "tags:\n"
    "  - attack.execution\n"
    "  - attack.t1059.001\n"
    "logsource:\n"
    "  category: process_creation\n"
    "  product: windows\n"
    "detection:\n"
    "  selection:\n"
    "    Image|endswith: '\\powershell.exe'\n"
    "    CommandLine|contains|all:\n"
    "      - \" -enc \"\n"
    "      - \"\\u0410\"\n"
    "  condition: selection\n"
    "falsepositives:\n"
    "  - Admins\n"
    "level: high\n";

}  // namespace

TEST_CASE("the cutter keeps every line and column and drops what the model does not read", "[rules][cut]") {
    sh::CutStats stats;
    const std::string cut = sh::cut_rule_documents(kRule, keep_for_test, stats);
    CHECK(stats.documents_cut == 1);
    CHECK(stats.documents_whole == 0);
    CHECK(count_lines(cut) == count_lines(kRule));
    CHECK(cut.find("example.org") == std::string::npos);  // references: the key alone
    CHECK(cut.find("references:\n\n\n") != std::string::npos);
    CHECK(cut.find("detection: 1\n\n\n") != std::string::npos);  // presence only
    CHECK(cut.find("powershell") == std::string::npos);
    CHECK(cut.find("  - attack.t1059.001\n") != std::string::npos);  // kept byte for byte
    CHECK(cut.find("  Two lines\n  of text.\n") != std::string::npos);
}

TEST_CASE("the cutter passes whole what it is not sure of", "[rules][cut]") {
    // Each of these either is not valid YAML for yaml-cpp or is outside the cutter's subset.
    const char* unsure[] = {
        "title: a\ndetection: {a: b}\n",                      // flow collection
        "title: a\ndetection:\n  sel: [a, b]\n",              // flow collection inside
        "title: a\ndetection:\n\tsel: a\n",                   // tab
        "title: &t a\ndetection:\n  sel: a\n",                // anchor
        "title: a\ndetection:\n  sel: *x\n",                  // alias
        "title: !!str a\ndetection:\n  sel: a\n",             // tag
        "%YAML 1.2\n---\ntitle: a\ndetection:\n  sel: a\n",   // directive
        "title: a\ndetection:\n  sel: a\n...\n",              // document end
        "title: a\ndetection:\n   sel: a\n  cond: b\n",       // odd indentation
        "title: a\ndetection:\n  sel: 'a\n    b'\n",          // multi-line quoted string
        "title: a\ndetection:\n  sel: \"\\q\"\n",             // unknown escape
        "title: a\ndetection:\n  sel: a: b\n",                // a second ': '
        "title: a\ndetection:\n  sel: |2\n    x\n",           // explicit indentation
        "title: a\ndetection:\n  - - a\n",                    // compact nested list
        "title: a\ndetection:\n  ? a\n  : b\n",               // complex key
        "'title': a\ndetection:\n  sel: a\n",                 // quoted top-level key
        "title: a\ndetection:\n  sel: a\r  b: c\n",           // bare CR
        "title: a\ndetection:\n  sel: \xEF\xBB\xBF" "a\n",    // BOM inside
        "  title: a\n  detection:\n    sel: a\n",             // root not at column 0
        "- title: a\n",                                       // root is a list
        "title: a\n<<:\n  level: high\ndetection:\n  sel: a\n",  // a merge key (its value is said wrong)
        "title: a\n<< : x\ndetection:\n  sel: a\n",             // a merge key
    };
    for (const char* text : unsure) {
        INFO(text);
        sh::CutStats stats;
        const std::string cut = sh::cut_rule_documents(text, keep_for_test, stats);
        CHECK(stats.documents_cut == 0);
        CHECK(cut == text);
        const Both b = load_both(text);
        CHECK(fuzz::rules_difference(b.fast, b.full) == "");
    }
}

TEST_CASE("fast path and full parse agree on cases at the cutter's edges", "[rules][cut]") {
    const std::string rule = kRule;
    const std::string cases[] = {
        rule,
        rule + "---\n" + rule + "---\n" + rule,                                      // several documents
        "---\n" + rule + "...\n---\n" + rule,                                        // one with "..."
        rule + "---\ntitle: [broken\n---\n" + rule,                                  // recovery after a broken one
        rule + "---\naction: global\nlevel: low\n---\n" + rule,                      // collections
        "action: global\nlogsource:\n  product: x\n---\ntitle: b\ndetection:\n  s: a\n---\naction: repeat\ntitle: c\n",
        "title: a\ndetection:\n  sel: a\nlevel: banana\nstatus: nope\n",            // warnings with lines
        "title: a\nreferences:\n  - a\ndetection:\n  sel:\n    - a\nlevel: high\nlevel: low\n",  // duplicate key
        "title: a\ndetection:\n  sel: a\ndetection:\n  sel: b\n",                   // duplicate presence key
        "title: a\ndetection:\ncondition: x\n",                                      // empty detection
        "title: a\ndetection: ~\n",                                                  // null detection
        "title: a\ndetection:\n  null\n",                                            // null on its own line
        "title: a\ndetection:\n- a\n- b\ntags:\n- attack.t1059\n",                   // lists at the key's column
        "title: a\nfilter:\n  rules: [x]\nlogsource:\n  product: y\n",               // a filter
        "title: a\ndetection:\n  sel:\n    a: 'it''s'\n    b: \"x\\\\y\\\"z\\x41\"\n",  // quoting
        "title: a\ndescription: one\n  two\n\n  three\ndetection:\n  s: x\n",       // multi-line plain
        "title: a\ndescription: >-\n  folded\n\n  text\nreferences:\n  - x\ndetection:\n  s: x\n",
        "title: a\r\ndetection:\r\n  sel: a\r\nlevel: high\r\n",                    // CRLF
        "title: a\ndetection:\n  sel: a\n  condition: sel # comment\n# end\nlevel: high # x\n",
        "# header\n\ntitle: a\n\ndetection:\n\n  sel: a\n\nlevel: high",              // no final newline
        "title: a\ndetection:\n  sel:\n  - a\n  - b\n  condition: sel\n",            // indentless list inside
        "title: a\nlevel: high\ndetection:\n  sel: |\n    line\n  condition: sel\n",
        "title: a\ndetection:\n  sel: a\nlevel: high\ntags: attack.t1059 attack.execution\n",
        "title: x\ndetection:\n  sel:\n   - a\n  condition: sel\nlevel: [high\n",   // broken after a good part
        "title: a\ndetection:\n  sel: a\n  cond:\n       - b\n      - c\n",           // bad list indentation
    };
    for (const std::string& text : cases) {
        INFO(text);
        const Both b = load_both(text);
        CHECK(fuzz::rules_difference(b.fast, b.full) == "");
    }
    // The common case does take the fast path.
    CHECK(load_both(rule + "---\n" + rule).fast.documents_cut == 2);
}

TEST_CASE("a diagnostic after a cut section names the file's own line", "[rules][cut]") {
    const std::string text = std::string(kRule) + "---\n" + kRule + "tags: [\n";  // 2nd document broken at its end
    const Both b = load_both(text);
    CHECK(fuzz::rules_difference(b.fast, b.full) == "");
    REQUIRE(b.fast.rules.size() == 1);
    REQUIRE_FALSE(b.fast.diagnostics.empty());
    CHECK(b.fast.diagnostics.front().line >= 29);  // in the second document, not at a cut line
}

TEST_CASE("fast path and full parse agree on every fixture and fuzz regression input", "[rules][cut]") {
    const fs::path src = test::source_dir();
    std::vector<fs::path> files;
    for (const auto& dir : {src / "tests" / "data", src / "assets" / "samples", src / "tests" / "fuzz" / "regressions" / "rules",
                            src / "tests" / "fuzz" / "regressions" / "rules_cut"}) {
        for (auto& f : test::files_under(dir)) files.push_back(f);
    }
    std::size_t compared = 0;
    for (const auto& f : files) {
        const std::string ext = f.extension().string();
        if (f.parent_path().filename() != "rules" && f.parent_path().filename() != "rules_cut" && ext != ".yml" &&
            ext != ".yaml")
            continue;
        const std::string text = test::read_text(f.string());
        INFO(f.string());
        const Both b = load_both(text, f.filename().string());
        CHECK(fuzz::rules_difference(b.fast, b.full) == "");
        ++compared;
    }
    CHECK(compared >= 30);
}

TEST_CASE("fast path and full parse agree on the SigmaHQ corpus, which takes the fast path", "[rules][cut][shared]") {
    if (!test::shared_available()) return;
    const fs::path root = fs::path(test::shared_dir()) / "sigma" / "rules";
    if (!fs::is_directory(root)) {
        WARN("SKIPPED: " << root.string() << " is missing");
        return;
    }
    std::size_t files = 0, cut = 0, whole = 0, differing = 0;
    for (const auto& f : test::files_under(root)) {
        if (!sh::is_rule_file_name(f.filename().string())) continue;
        const std::string text = test::read_text(f.string());
        const Both b = load_both(text, f.string());
        const std::string difference = fuzz::rules_difference(b.fast, b.full);
        if (!difference.empty() && ++differing <= 5) FAIL_CHECK(f.string() << ": " << difference);
        ++files;
        cut += b.fast.documents_cut;
        whole += b.fast.documents_whole;
    }
    CHECK(differing == 0);
    CHECK(files > 3000);
    INFO(cut << " documents cut, " << whole << " whole");
    CHECK(cut >= (cut + whole) * 99 / 100);  // the fast path is the common path
}
