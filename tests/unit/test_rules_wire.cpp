// test_rules_wire.cpp — the wire format of one file's loaded rules (src/core/rules_wire.*), what the
// page's parse workers send to the main thread: decoding what was encoded gives the direct parse
// back exactly, for every SigmaHQ rule, every fixture and hostile file, rules CSVs and hand-made
// values at the edges of every field; and the decoder refuses every damaged record, unchanged.
#include <algorithm>
#include <filesystem>
#include <limits>
#include <vector>

#include "catch.hpp"
#include "checks.hpp"
#include "core/import_csv.hpp"
#include "core/rules.hpp"
#include "core/rules_wire.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;

namespace {

bool same_counters(const sh::LoadResult& a, const sh::LoadResult& b) {
    return a.recovery_scan_bytes == b.recovery_scan_bytes && a.documents_cut == b.documents_cut &&
           a.documents_whole == b.documents_whole;
}

// What the worker does (parse, encode) and what the page does (decode into a fresh result).
sh::LoadResult through_the_wire(const sh::LoadResult& parsed, const std::string& file) {
    sh::LoadResult decoded;
    std::string error;
    const bool ok = sh::decode_load_result(sh::encode_load_result(parsed, file), decoded, &error);
    INFO(error);
    CHECK(ok);
    return decoded;
}

void check_file_round_trip(const std::string& text, const std::string& name) {
    sh::LoadResult direct;
    if (sh::is_csv_file_name(name))
        sh::load_rules_from_csv(text, name, direct);
    else
        sh::load_rules_from_text(text, name, direct);
    const sh::LoadResult decoded = through_the_wire(direct, name);
    CHECK(fuzz::rules_difference(decoded, direct) == "");
    CHECK(same_counters(decoded, direct));
}

sh::LoadResult odd_values() {
    sh::LoadResult r;
    sh::Rule a;
    a.file = "dir/a.yml";
    a.line = 7;
    a.kind = sh::RuleKind::Correlation;
    a.title = "T\xC3\xA9st \xF0\x9F\x94\xA5";
    a.id = std::string("with\0nul", 8);
    a.description = std::string(300, 'x');  // a length over one varint byte
    a.author = "";
    a.date = "2024-01-02";
    a.modified = "\n";
    a.status = sh::Status::None;
    a.level = sh::Level::Critical;
    a.tags = {"attack.t1059.001", "", "cve.2024"};
    a.tag_lines = {std::numeric_limits<int>::max(), -1, 0};
    a.logsource = {"process_creation", "windows", ""};
    a.falsepositives = {"Admins"};
    sh::Rule b;
    b.file = "other.yml";  // not the record's file
    b.line = std::numeric_limits<int>::min();
    b.status = sh::Status::Unsupported;
    b.level = sh::Level::None;
    r.rules = {a, b};
    sh::Diagnostic d1;
    d1.severity = sh::Severity::Info;
    d1.file = "dir/a.yml";
    d1.line = 3;
    d1.column = 9;
    d1.message = "unknown level 'banana'";
    sh::Diagnostic d2;
    d2.severity = sh::Severity::Warning;
    d2.file = "";  // not about a file
    d2.line = -5;
    d2.message = "m";
    r.diagnostics = {d1, d2};
    r.recovery_scan_bytes = 123456789012ull;
    r.documents_cut = 2;
    r.documents_whole = 1;
    return r;
}

}  // namespace

TEST_CASE("the wire format gives back every field, at its edges", "[rules][wire]") {
    const sh::LoadResult r = odd_values();
    const sh::LoadResult decoded = through_the_wire(r, "dir/a.yml");
    CHECK(fuzz::rules_difference(decoded, r) == "");
    CHECK(same_counters(decoded, r));
    REQUIRE(decoded.rules.size() == 2);
    CHECK(decoded.rules[1].file == "other.yml");
    CHECK(decoded.rules[0].id.size() == 8);
    CHECK(decoded.rules[0].kind == sh::RuleKind::Correlation);
    CHECK(decoded.diagnostics[1].file == "");
    // A file name of its own is written out; the record's name is one byte per use.
    CHECK(sh::encode_load_result(r, "dir/a.yml").size() < sh::encode_load_result(r, "x").size());
    // Nothing loaded is a record too.
    sh::LoadResult empty;
    CHECK(through_the_wire(sh::LoadResult{}, "e.yml").rules.empty());
}

TEST_CASE("decoding appends to what is loaded and adds the counters", "[rules][wire]") {
    sh::LoadResult out;
    sh::load_rules_from_text("title: first\nlevel: low\ndetection:\n  s: a\n", "first.yml", out);
    REQUIRE(out.rules.size() == 1);
    const sh::LoadResult r = odd_values();
    REQUIRE(sh::decode_load_result(sh::encode_load_result(r, "dir/a.yml"), out));
    REQUIRE(out.rules.size() == 3);
    CHECK(out.rules[0].title == "first");
    CHECK(out.rules[1].title == r.rules[0].title);
    CHECK(out.diagnostics.size() == r.diagnostics.size());  // the first file had none
    CHECK(out.documents_cut == 1 + r.documents_cut);
}

TEST_CASE("the decoder refuses damaged records and leaves the result unchanged", "[rules][wire]") {
    const std::string good = sh::encode_load_result(odd_values(), "dir/a.yml");
    sh::LoadResult before;
    sh::load_rules_from_text("title: kept\ndetection:\n  s: a\n", "kept.yml", before);
    auto refused = [&](std::string_view bytes) {
        sh::LoadResult out = before;
        std::string error;
        const bool ok = sh::decode_load_result(bytes, out, &error);
        const bool unchanged = fuzz::rules_difference(out, before).empty() && same_counters(out, before);
        return !ok && unchanged && error.rfind("rules record: ", 0) == 0;
    };
    // Every proper prefix (cut anywhere), and one byte too many.
    for (std::size_t n = 0; n < good.size(); ++n) {
        INFO(n);
        CHECK(refused(std::string_view(good).substr(0, n)));
    }
    CHECK(refused(good + '\0'));
    CHECK(refused("SHW2" + good.substr(4)));  // another format
    // A count far beyond the bytes left, a varint that never ends, one over 64 bits.
    CHECK(refused(std::string("SHW1\x01" "a\x00\x00\x00\xff\xff\xff\xff\x0f", 13)));
    CHECK(refused(std::string("SHW1\x01" "a\x80\x80\x80", 8)));
    CHECK(refused(std::string("SHW1\x01" "a") + std::string(10, '\xff') + '\x01'));
    // An enum out of range: level 5 is past Critical (byte found by encoding a rule with level None).
    sh::LoadResult one;
    one.rules.resize(1);
    one.rules[0].file = "f";
    one.rules[0].level = sh::Level::None;
    const std::string none_level = sh::encode_load_result(one, "f");
    one.rules[0].level = sh::Level::Informational;
    const std::string info_level = sh::encode_load_result(one, "f");
    REQUIRE(none_level.size() == info_level.size() + 4);  // -1 takes five bytes as a 32-bit pattern, 0 one
    std::size_t at = 0;
    while (at < info_level.size() && none_level[at] == info_level[at]) ++at;
    std::string bad_level = info_level;
    bad_level[at] = '\x05';
    CHECK(refused(bad_level));
    bad_level[at] = '\x04';  // Critical: accepted
    sh::LoadResult ok_out;
    CHECK(sh::decode_load_result(bad_level, ok_out));
    CHECK(ok_out.rules.at(0).level == sh::Level::Critical);
}

TEST_CASE("every fixture, sample, hostile and fuzz input survives the wire as the direct parse", "[rules][wire]") {
    const fs::path src = test::source_dir();
    std::size_t compared = 0;
    for (const auto& dir : {src / "tests" / "data", src / "assets" / "samples", src / "tests" / "fuzz" / "regressions" / "rules",
                            src / "tests" / "fuzz" / "regressions" / "rules_csv"}) {
        for (const auto& f : test::files_under(dir)) {
            const std::string ext = f.extension().string();
            const std::string parent = f.parent_path().filename().string();
            const bool fuzz_input = parent == "rules" || parent == "rules_csv";
            if (!fuzz_input && ext != ".yml" && ext != ".yaml" && ext != ".csv") continue;
            INFO(f.string());
            // Fuzz inputs under the name their harness gives them (CSV ones are read as CSV).
            const std::string name = !fuzz_input ? f.filename().string() : parent == "rules_csv" ? "fuzz.csv" : "fuzz.yml";
            check_file_round_trip(test::read_text(f.string()), name);
            ++compared;
        }
    }
    CHECK(compared >= 40);
}

TEST_CASE("every SigmaHQ rule survives the wire as the direct parse", "[rules][wire][shared]") {
    if (!test::shared_available()) return;
    const auto files = test::files_under(fs::path(test::shared_dir()) / "sigma" / "rules");
    std::size_t compared = 0;
    for (const auto& f : files) {
        if (!sh::is_rule_file_name(f.filename().string())) continue;
        INFO(f.string());
        check_file_round_trip(test::read_text(f.string()), f.lexically_relative(test::shared_dir()).string());
        ++compared;
    }
    CHECK(compared >= 3000);
}

TEST_CASE("decoding file after file into one result grows it geometrically, not once per file", "[rules][wire]") {
    // The page decodes a folder one record at a time into the same LoadResult: a reallocation per
    // file would copy every rule loaded so far each time (quadratic; 31,410 files took 47 s).
    sh::LoadResult one;
    sh::load_rules_from_text("title: r\nlevel: low\ntags:\n  - attack.t1059\ndetection:\n  s: a\n", "r.yml", one);
    REQUIRE(one.rules.size() == 1);
    const std::string record = sh::encode_load_result(one, "r.yml");
    sh::LoadResult out;
    int reallocations = 0;
    for (int i = 0; i < 2000; ++i) {
        const std::size_t before = out.rules.capacity();
        REQUIRE(sh::decode_load_result(record, out));
        if (out.rules.capacity() != before) ++reallocations;
    }
    CHECK(out.rules.size() == 2000);
    CHECK(reallocations <= 40);
}
