// test_limits.cpp — limits.hpp and diagnostics.hpp: the size check every reader shares, the
// DiagnosticSink's caps and summaries, excerpt() for hostile text in messages, and the page's copy
// of the size limits (web/glue.js) against the core's.
#include <algorithm>
#include <regex>
#include <string>

#include "catch.hpp"
#include "core/diagnostics.hpp"
#include "core/limits.hpp"
#include "test_support.hpp"

using namespace sh;

namespace {

std::size_t count_with(const Diagnostics& d, const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        d.begin(), d.end(), [&](const Diagnostic& x) { return x.message.find(text) != std::string::npos; }));
}

}  // namespace

TEST_CASE("check_input_size: one message naming the kind, the size and the limit", "[limits]") {
    CHECK_FALSE(check_input_size(InputKind::Layer, "l.json", limits::kLayerBytes).has_value());
    const auto d = check_input_size(InputKind::Layer, "l.json", limits::kLayerBytes + 1);
    REQUIRE(d.has_value());
    CHECK(d->severity == Severity::Error);
    CHECK(d->file == "l.json");
    CHECK(d->message == "file is too large to be a Navigator layer: 32.0 MB (33554433 bytes; the limit is 32.0 MB); "
                        "file skipped");
    const auto small = check_input_size(InputKind::RuleYaml, "r.yml", 2000, 1000);
    REQUIRE(small.has_value());
    CHECK(small->message.find("the limit is 1.0 KB") != std::string::npos);
    for (InputKind k : {InputKind::RuleYaml, InputKind::RulesCsv, InputKind::Layer, InputKind::ReportCsv,
                        InputKind::WeightsYaml, InputKind::AttackData, InputKind::ShareLink, InputKind::HistoryJson}) {
        CHECK(max_input_bytes(k) >= (64u << 10));
        CHECK(std::string(input_kind_name(k)).size() > 3);
    }
}

TEST_CASE("DiagnosticSink: per kind and per file caps, summaries with the worst severity", "[limits]") {
    Diagnostics d;
    {
        DiagnosticSink sink(d, "f.csv");
        for (int line = 1; line <= 1000; ++line) sink.warning(line, "bad id " + std::to_string(line), "bad id");
        sink.error(1001, "bad id that is an error", "bad id");
        sink.info(1002, "a note");
        CHECK(sink.errors() == 1);
    }
    CHECK(count_with(d, "bad id ") == 20);
    CHECK(count_with(d, "a note") == 1);
    REQUIRE(count_with(d, "more like this") == 1);
    const auto summary = std::find_if(d.begin(), d.end(), [](const Diagnostic& x) {
        return x.message.find("more like this") != std::string::npos;
    });
    CHECK(summary->message == "981 more like this (bad id) not shown on lines 21 to 1001");
    CHECK(summary->severity == Severity::Error);  // it stands for an error too
    CHECK(summary->file == "f.csv");
    CHECK(count_errors(d) == 1);

    SECTION("the file cap over all kinds") {
        Diagnostics all;
        DiagnosticSink sink(all, "g.yml", DiagnosticCaps{5, 3});
        for (int i = 0; i < 10; ++i) sink.warning(i + 1, "kind a", "a");
        for (int i = 0; i < 10; ++i) sink.warning(i + 20, "no kind");
        CHECK(sink.full());
        sink.finish();
        CHECK(count_with(all, "kind a") == 3);
        CHECK(count_with(all, "no kind") == 2);
        CHECK(count_with(all, "7 more like this (a) not shown on lines 4 to 10") == 1);
        CHECK(count_with(all, "8 more problems in this file are not shown on lines 22 to 29") == 1);
        CHECK(all.size() == 7);
    }
    SECTION("several files, each with its own caps") {
        Diagnostics all;
        DiagnosticSink sink(all);
        for (int i = 0; i < 30; ++i) {
            sink.add_for("a.yml", Severity::Warning, i + 1, 0, "unknown technique", "unknown");
            sink.add_for("b.yml", Severity::Warning, i + 1, 0, "unknown technique", "unknown");
        }
        sink.finish();
        CHECK(all.size() == 42);
        CHECK(std::count_if(all.begin(), all.end(), [](const Diagnostic& x) { return x.file == "b.yml"; }) == 21);
    }
}

TEST_CASE("excerpt: one printable line of valid UTF-8, bounded", "[limits]") {
    CHECK(excerpt("plain text") == "plain text");
    CHECK(excerpt(std::string("a\0b\nc\td\x01", 8)) == "a\\0b\\nc\\td\\x01");
    CHECK(excerpt("caf\xE9!") == "caf\xEF\xBF\xBD!");           // Latin-1 byte -> U+FFFD
    CHECK(excerpt("\xE2\x82\xAC euro") == "\xE2\x82\xAC euro");  // valid UTF-8 kept
    CHECK(excerpt(std::string(100, 'x'), 10) == "xxxxxxxxxx...");
    CHECK(excerpt("\xE2\x82\xAC\xE2\x82\xAC", 4) == "\xE2\x82\xAC...");  // never cut inside a character
    Diagnostics d;
    DiagnosticSink sink(d, "x");
    sink.warning(1, std::string("name: ev\0il", 11) + std::string(5000, 'y'));
    sink.finish();
    REQUIRE(d.size() == 1);
    CHECK(d[0].message.find('\0') == std::string::npos);
    CHECK(d[0].message.find("ev\\0il") != std::string::npos);
    CHECK(d[0].message.size() <= limits::kDiagnosticBytes + 3);
}

// The page refuses files before reading them; its numbers must be the core's.
TEST_CASE("web/glue.js holds the core's size limits", "[limits]") {
    const std::string glue = test::read_text(test::source_dir() + "/web/glue.js");
    REQUIRE_FALSE(glue.empty());
    std::smatch m;
    const std::regex re(
        R"(MAX_BYTES = \{ rules: (\d+) \* 1024 \* 1024, csv: (\d+) \* 1024 \* 1024, layer: (\d+) \* 1024 \* 1024, trend: (\d+) \* 1024 \* 1024 \})");
    REQUIRE(std::regex_search(glue, m, re));
    CHECK(std::stoul(m[1]) << 20 == max_input_bytes(InputKind::RuleYaml));
    CHECK(std::stoul(m[2]) << 20 == max_input_bytes(InputKind::RulesCsv));
    CHECK(std::stoul(m[2]) << 20 == max_input_bytes(InputKind::ReportCsv));
    CHECK(std::stoul(m[3]) << 20 == max_input_bytes(InputKind::Layer));
    CHECK(std::stoul(m[4]) << 20 == max_input_bytes(InputKind::HistoryJson));
    // Every limit the page uses is one of these (a name it uses but never defines is a ReferenceError
    // on the first file read).
    CHECK(glue.find("MAX_FILE_BYTES") == std::string::npos);
}
