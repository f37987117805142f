// test_bad_input.cpp — hostile and broken rule files: each one must give a diagnostic naming the
// file (and the line where known), never crash or hang, keep memory bounded, and leave the other
// documents and files loading. Inputs are generated here; nothing is copied from SigmaHQ.
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstring>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "catch.hpp"
#include "core/rules.hpp"
#include "test_support.hpp"

namespace {

const char* const kGoodRule =
    "title: Good Rule\n"
    "id: 00000000-0000-4000-8000-000000000001\n"
    "status: test\n"
    "tags:\n"
    "    - attack.execution\n"
    "    - attack.t1059.001\n"
    "logsource:\n"
    "    category: process_creation\n"
    "    product: windows\n"
    "detection:\n"
    "    selection:\n"
    "        CommandLine|contains: ' -nop '\n"
    "    condition: selection\n"
    "level: medium\n";

// No clock here: how long a reader takes is scripts/bench robust's to measure (a loaded CI machine
// made wall-clock bounds fail); a hang still ends the run at ctest's timeout.
struct Loaded {
    sh::LoadResult result;
};

Loaded load(const std::string& text, const std::string& file = "bad.yml", sh::LoadOptions options = {}) {
    Loaded l;
    sh::load_rules_from_text(text, file, l.result, options);
    return l;
}

using test::dump;
using test::find;

// The one error of a broken file: an Error naming the file, with the expected words and line.
void expect_error(const Loaded& l, const std::string& part, int line, const std::string& file = "bad.yml") {
    INFO(dump(l.result.diagnostics));
    CHECK(l.result.rules.empty());
    const sh::Diagnostic* d = find(l.result.diagnostics, part);
    REQUIRE(d != nullptr);
    CHECK(d->severity == sh::Severity::Error);
    CHECK(d->file == file);
    CHECK(d->line == line);
}

std::string repeat(const std::string& s, int n) {
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out += s;
    return out;
}


}  // namespace

TEST_CASE("invalid YAML names the file and line", "[bad-input]") {
    SECTION("unclosed quote at the end of the file") {
        // yaml-cpp 0.7 accepts this (the string swallows the rest); the loader does not.
        const auto l = load("title: \"Unclosed title\nid: 1\ndetection:\n    sel: {a: 1}\n    condition: sel\n");
        expect_error(l, "never closed", 1);
        CHECK(find(l.result.diagnostics, "never closed")->column == 8);
    }
    SECTION("unclosed quote before the next document") {
        const auto l = load(std::string(kGoodRule) + "---\ntitle: 'Broken\n---\n" + kGoodRule);
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.rules.size() == 2);
        CHECK(find(l.result.diagnostics, "quoted string is not closed") != nullptr);
    }
    SECTION("bad indentation") {
        const auto l = load("title: T\ndetection:\n    selection:\n        a: 1\n      b: 2\n    condition: selection\n");
        expect_error(l, "indentation", 5);
    }
    SECTION("tab indentation") {
        const auto l = load("title: T\ndetection:\n\tselection:\n\t\ta: 1\n\tcondition: selection\n");
        expect_error(l, "tab", 3);
    }
    SECTION("unclosed flow list: reported at its '[', not where the parser gave up") {
        const auto l = load("title: T\ntags: [attack.t1059, attack.execution\ndetection: {a: 1}\n");
        expect_error(l, "this '[' is never closed (the parser stopped inside it at line 3", 2);
        CHECK(find(l.result.diagnostics, "never closed")->column == 7);
    }
    SECTION("unclosed flow list before a block list: yaml-cpp stops at the '- ' (a scanner error)") {
        const auto l = load("title: T\ntags: [attack.t1059,\n    - attack.t1003\ndetection:\n    sel: a\n");
        expect_error(l, "this '[' is never closed (the parser stopped inside it at line 3, column 5: illegal block", 2);
        CHECK(find(l.result.diagnostics, "never closed")->column == 7);
    }
    SECTION("unclosed flow map inside a closed list: the innermost open bracket") {
        const auto l = load("title: T\ntags: [a, [b, c],\n  {d: e, f: [g]\n  ]\ndetection: {a: 1}\n");
        expect_error(l, "this '{' is never closed (the parser stopped inside it at line 4, column 3", 3);
        CHECK(find(l.result.diagnostics, "never closed")->column == 3);
    }
    SECTION("unclosed flow list in the second of three documents") {
        const auto l = load(std::string(kGoodRule) + "---\ntitle: Broken\ntags: [attack.t1003\n---\n" + kGoodRule);
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.rules.size() == 2);
        const sh::Diagnostic* d = find(l.result.diagnostics, "this '[' is never closed");
        REQUIRE(d != nullptr);
        const int good_lines = static_cast<int>(std::count(kGoodRule, kGoodRule + std::strlen(kGoodRule), '\n'));
        CHECK(d->line == good_lines + 3);  // the good rule, "---", the title, then the tags
        CHECK(d->column == 7);
    }
    SECTION("brackets in quotes, comments and block scalars are not taken for open ones") {
        const auto l = load("title: 'a [b'\ndescription: |\n    see [this\ntags: [x] # [y\ndetection:\n"
                            "  sel:\n    a: b\n      c: d\n");
        expect_error(l, "indentation", 8);
        CHECK(find(l.result.diagnostics, "never closed") == nullptr);
    }
    SECTION("a ']' that closes nothing") {
        const auto l = load("title: T\ntags: [a, b]]\ndetection: {a: 1}\n");
        expect_error(l, "closes no bracket, or the wrong one", 2);
    }
    SECTION("text after a value that starts with a bracket or a quote") {
        auto l = load("title: [PoC] Foo\nid: 1\ndetection:\n    sel: a\n");
        expect_error(l, "text after the closing ']' on this line", 1);
        CHECK(find(l.result.diagnostics, "text after")->column == 14);
        l = load("title: T\nfalsepositives:\n    - {admin} tools\ndetection:\n    sel: a\n");
        expect_error(l, "text after the closing '}' on this line", 3);
        l = load("title: T\ndescription: \"Foo\" bar\ndetection:\n    sel: a\n");
        expect_error(l, "text after the closing double quote on this line", 2);
        CHECK(find(l.result.diagnostics, "title: '\"Foo\" bar'") != nullptr);
        // Not said where the line ends at the bracket: that error is elsewhere.
        l = load("title: [PoC]\ndetection:\n    sel:\n        a: 1\n      b: 2\n");
        expect_error(l, "indentation", 5);
        CHECK(find(l.result.diagnostics, "text after") == nullptr);
    }
    SECTION("alias to an undefined anchor") {
        const auto l = load("title: *nowhere\ndetection: {a: 1}\n");
        expect_error(l, "anchor", 1);
    }
}

TEST_CASE("UTF-16 and UTF-32 rules load as their UTF-8 would (YAML 1.2, 5.2), with or without a BOM", "[bad-input]") {
    // A title with a 2-byte, a 3-byte and a 4-byte (surrogate pair in UTF-16) character, and a
    // warning on line 4 that must keep its line and column.
    const std::string utf8 = "title: Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x8D\nstatus: test\ntags:\n    - attack.t1059.001\n"
                             "level: severe\ndetection:\n    sel: {a: 1}\n    condition: sel\n";
    const auto expected = load(utf8);
    REQUIRE(expected.result.rules.size() == 1);
    REQUIRE(expected.result.diagnostics.size() == 1);
    struct Case {
        const char* name;
        std::string bytes;
    };
    const Case cases[] = {
        {"UTF-16LE with BOM", test::encode_utf16(utf8, false, true)},
        {"UTF-16LE", test::encode_utf16(utf8, false, false)},
        {"UTF-16BE with BOM", test::encode_utf16(utf8, true, true)},
        {"UTF-16BE", test::encode_utf16(utf8, true, false)},
        {"UTF-32LE with BOM", test::encode_utf32(utf8, false, true)},
        {"UTF-32LE", test::encode_utf32(utf8, false, false)},
        {"UTF-32BE with BOM", test::encode_utf32(utf8, true, true)},
        {"UTF-32BE", test::encode_utf32(utf8, true, false)},
    };
    for (const auto& c : cases) {
        INFO(c.name);
        const auto l = load(c.bytes);
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].title == "Caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x94\x8D");
        CHECK(l.result.rules[0].tags == expected.result.rules[0].tags);
        CHECK(l.result.rules[0].tag_lines == expected.result.rules[0].tag_lines);
        REQUIRE(l.result.diagnostics.size() == 1);
        CHECK(l.result.diagnostics[0].line == 5);
        CHECK(l.result.diagnostics[0].column == expected.result.diagnostics[0].column);
        CHECK(l.result.diagnostics[0].message == expected.result.diagnostics[0].message);
    }
}

TEST_CASE("CR alone ends a line as LF and CR LF do (YAML 1.2, 5.4): old Mac text loads, lines kept", "[bad-input]") {
    // Two documents, a block scalar, a quoted title over two lines, a warning on line 6 in each form.
    const std::string lf = "title: \"Two\n  lines\"\nstatus: test\ntags:\n    - attack.t1059.001\nlevel: severe\n"
                           "description: |\n    kept\n    as is\ndetection:\n    sel: {a: 1}\n    condition: sel\n"
                           "---\ntitle: second\ntags: [attack.t1003]\nlevel: low\ndetection: {s: {a: 1}, condition: s}\n";
    const auto expected = load(lf);
    REQUIRE(expected.result.rules.size() == 2);
    REQUIRE(expected.result.diagnostics.size() == 1);
    std::string cr = lf, crlf;
    std::replace(cr.begin(), cr.end(), '\n', '\r');
    for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    std::string mixed = crlf;  // CR LF, with the second document in CR alone
    const std::size_t second = mixed.find("---");
    for (std::size_t i = second; i < mixed.size(); ++i)
        if (mixed[i] == '\r' && i + 1 < mixed.size() && mixed[i + 1] == '\n') mixed.erase(i + 1, 1);
    for (const auto& [name, text] : {std::pair{"CR", cr}, std::pair{"CR LF", crlf}, std::pair{"CR LF then CR", mixed}}) {
        INFO(name);
        for (bool full : {false, true}) {
            sh::LoadResult r;
            sh::LoadOptions o;
            o.full_parse = full;
            sh::load_rules_from_text(text, "mac.yml", r, o);
            INFO(dump(r.diagnostics));
            REQUIRE(r.rules.size() == 2);
            CHECK(r.rules[0].title == "Two lines");
            CHECK(r.rules[0].tags == expected.result.rules[0].tags);
            CHECK(r.rules[0].tag_lines == expected.result.rules[0].tag_lines);
            CHECK(r.rules[1].title == "second");
            CHECK(r.rules[1].tags == expected.result.rules[1].tags);
            REQUIRE(r.diagnostics.size() == 1);
            CHECK(r.diagnostics[0].line == 6);  // level, after the two-line title
            CHECK(r.diagnostics[0].message == expected.result.diagnostics[0].message);
        }
    }
}

TEST_CASE("a byte order mark starting a later document (YAML 1.2, 9.2), as concatenated files give, is read as one", "[bad-input]") {
    const std::string one = "title: One\ntags: [attack.t1059.001]\nlevel: high\ndetection: {s: {a: 1}, condition: s}\n";
    const std::string two = "title: Two\ntags: [attack.t1003]\nlevel: low\ndetection: {s: {a: 1}, condition: s}\n";
    const std::string bom = "\xEF\xBB\xBF";
    const std::pair<const char*, std::string> forms[] = {
        {"BOM, then ---", one + bom + "---\n" + two},                  // the spec's document prefix: the whole file failed
        {"BOM, comment, then ---", one + bom + "# two\n---\n" + two},
        {"---, then a BOM", bom + one + "---\n" + bom + two},            // files joined with a "---" line: 'no title'
        {"..., then a BOM", one + "...\r\n" + bom + two},
    };
    for (const auto& [name, text] : forms) {
        INFO(name);
        for (bool full : {false, true}) {
            sh::LoadOptions o;
            o.full_parse = full;
            const sh::LoadResult r = load(text, "joined.yml", o).result;
            INFO(dump(r.diagnostics));
            CHECK(r.diagnostics.empty());
            REQUIRE(r.rules.size() == 2);
            CHECK(r.rules[0].title == "One");
            CHECK(r.rules[1].title == "Two");
            CHECK(r.rules[1].tags == std::vector<std::string>{"attack.t1003"});
            // The same lines as the text without its BOMs.
            std::string plain = text;
            for (std::size_t at; (at = plain.find(bom)) != std::string::npos;) plain.erase(at, 3);
            const auto expected = load(plain);
            REQUIRE(expected.result.rules.size() == 2);
            CHECK(r.rules[1].line == expected.result.rules[1].line);
        }
    }
    // Elsewhere a BOM is the parser's to judge: inside a quoted title it is kept.
    const auto kept = load("title: \"a" + bom + "b\"\ndetection: {a: 1}\n");
    REQUIRE(kept.result.rules.size() == 1);
    CHECK(kept.result.rules[0].title == "a" + bom + "b");
}

TEST_CASE("document 2 of 3 broken: 1 and 3 still load", "[bad-input]") {
    const std::string broken = "title: Broken\ndetection:\n    selection:\n        a: 1\n      b: 2\n";
    const auto l = load(std::string(kGoodRule) + "---\n" + broken + "---\n" + kGoodRule);
    INFO(dump(l.result.diagnostics));
    REQUIRE(l.result.rules.size() == 2);
    CHECK(l.result.rules[0].line == 1);
    CHECK(l.result.rules[1].line == 21);
    CHECK(l.result.rules[1].title == "Good Rule");
    CHECK(sh::count_errors(l.result.diagnostics) == 1);
    CHECK(find(l.result.diagnostics, "indentation")->line == 20);

    SECTION("and the error at the start of a document") {
        const auto m = load(std::string(kGoodRule) + "--- [unclosed\n---\n" + kGoodRule + "--- ]\n---\n" + kGoodRule);
        INFO(dump(m.result.diagnostics));
        CHECK(m.result.rules.size() == 3);
        CHECK(sh::count_errors(m.result.diagnostics) == 2);
    }
}

TEST_CASE("empty files", "[bad-input]") {
    for (const char* text : {"", "   \n\n\t\n", "# only a comment\n# and another\n", "---\n", "---\n...\n"}) {
        INFO("text: '" << text << "'");
        const auto l = load(text, "empty.yml");
        CHECK(l.result.rules.empty());
        REQUIRE(l.result.diagnostics.size() == 1);
        CHECK(l.result.diagnostics[0].severity == sh::Severity::Warning);
        CHECK(l.result.diagnostics[0].message.find("empty file") != std::string::npos);
        CHECK(l.result.diagnostics[0].file == "empty.yml");
    }
}

TEST_CASE("binary and non-UTF-8 text", "[bad-input]") {
    SECTION("Windows-1252 (\"ANSI\", Latin-1) text: read so, and said where; the rule is kept") {
        // "Détection – ‘café’" as a Windows editor saves it: é 0xE9, – 0x96, ‘ 0x91, ’ 0x92.
        const auto l = load("title: D\xE9tection \x96 \x91" "caf\xE9\x92\ndescription: caf\xE9 au lait\nlevel: high\n"
                            "tags: [attack.t1059.001]\nlogsource: {product: windows}\ndetection: {s: {a: 1}, condition: s}\n",
                            "ansi.yml");
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].title == "D\u00e9tection \u2013 \u2018" "caf\u00e9\u2019");
        CHECK(l.result.rules[0].level == sh::Level::High);
        CHECK(l.result.rules[0].tags == std::vector<std::string>{"attack.t1059.001"});
        REQUIRE(l.result.diagnostics.size() == 1);
        const sh::Diagnostic& d = l.result.diagnostics[0];
        CHECK(d.severity == sh::Severity::Warning);
        CHECK(d.file == "ansi.yml");
        CHECK(d.line == 1);
        CHECK(d.column == 9);
        CHECK(d.message == "the file is not valid UTF-8 text (byte 0xE9 here); read as Windows-1252 (Latin-1), as a Windows "
                           "editor saves \"ANSI\" text: save it as UTF-8");
        // The full parse (the fast path's reference) reads it the same.
        sh::LoadOptions full;
        full.full_parse = true;
        const auto f = load("title: D\xE9tection\nlevel: high\ntags: [attack.t1059.001]\nlogsource: {product: windows}\n"
                            "detection: {s: {a: 1}, condition: s}\n",
                            "ansi.yml", full);
        REQUIRE(f.result.rules.size() == 1);
        CHECK(f.result.rules[0].title == "D\u00e9tection");
    }
    SECTION("not UTF-8 and not Windows-1252 either (0x81 is undefined there): refused where it is") {
        const auto l = load("title: T\ndescription: caf\x81 au lait\ndetection: {a: 1}\n");
        expect_error(l, "not valid UTF-8", 2);
        CHECK(find(l.result.diagnostics, "UTF-8")->column == 17);
    }
    SECTION("not UTF-8, with a control character further on: a binary file, refused") {
        const auto l = load("title: caf\xE9\ndetection: {a: 1}\x02\n");
        expect_error(l, "not valid UTF-8", 1);
    }
    SECTION("NUL bytes") {
        const auto l = load(std::string("title: T\ndetection: {a: 1}\n\0\0\0\0", 30));
        expect_error(l, "NUL byte", 3);
    }
    SECTION("a binary file") {
        const auto l = load(std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "image.yml");
        expect_error(l, "UTF-8", 1, "image.yml");
    }
    SECTION("control characters") {
        const auto l = load("title: T\x01\ndetection: {a: 1}\n");
        expect_error(l, "control character 0x01", 1);
    }
    SECTION("UTF-16 cut in the middle of a character") {
        const auto l = load(std::string("\xFF\xFEt\0i\0t", 7));
        expect_error(l, "UTF-16LE text but ends in the middle of a character", 1);
    }
    SECTION("UTF-16 with an unpaired surrogate: the line it is on") {
        const auto l = load(test::encode_utf16("title: T\ndetection: {a: 1}\nx: ", false, true) + std::string("\x3D\xD8\x0A\x00", 4));
        expect_error(l, "UTF-16LE text with an unpaired surrogate 0xD83D", 3);
        CHECK(find(l.result.diagnostics, "unpaired")->column == 4);
    }
    SECTION("overlong and surrogate encodings in UTF-8 text (it has a good 'é' too): refused") {
        expect_error(load("author: Ren\xC3\xA9\ntitle: \xC0\xAF\ndetection: {a: 1}\n"), "UTF-8", 2);
        expect_error(load("author: Ren\xC3\xA9\ntitle: \xED\xA0\x80\ndetection: {a: 1}\n"), "UTF-8", 2);
        expect_error(load("author: Ren\xC3\xA9\ntitle: \xE2\x82\n"), "UTF-8", 2);  // truncated at the end
        // A Windows-1252 file edited once in a UTF-8 editor: the same.
        expect_error(load("title: caf\xE9\nauthor: Ren\xC3\xA9\ndetection: {a: 1}\n"), "not valid UTF-8", 1);
    }
    SECTION("a UTF-8 BOM is stripped and valid UTF-8 loads") {
        const auto l = load("\xEF\xBB\xBFtitle: Caf\xC3\xA9 \xF0\x9F\x94\x8D\ndetection: {a: 1}\n");
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.diagnostics.empty());
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].title == "Caf\xC3\xA9 \xF0\x9F\x94\x8D");
        CHECK(l.result.rules[0].line == 1);
    }
}

TEST_CASE("tags of the wrong shape", "[bad-input]") {
    SECTION("a plain string is split on spaces and commas, with a warning") {
        const auto l = load("title: T\ntags: attack.t1059.001, attack.execution  car.2016-04-005\ndetection: {a: 1}\n");
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].tags ==
              std::vector<std::string>{"attack.t1059.001", "attack.execution", "car.2016-04-005"});
        CHECK(l.result.rules[0].tag_lines == std::vector<int>{2, 2, 2});
        const auto* d = find(l.result.diagnostics, "'tags' should be a list");
        REQUIRE(d);
        CHECK(d->severity == sh::Severity::Warning);
        CHECK(d->line == 2);
    }
    SECTION("a map is an error; the tags are ignored, the rule still loads") {
        const auto l = load("title: T\ntags:\n    attack: t1059\n    car: x\ndetection: {a: 1}\nlevel: high\n");
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].tags.empty());
        CHECK(l.result.rules[0].level == sh::Level::High);
        const auto* d = find(l.result.diagnostics, "'tags' must be a list of strings");
        REQUIRE(d);
        CHECK(d->severity == sh::Severity::Error);
        CHECK(d->line == 3);
    }
    SECTION("items that are not text are skipped with a warning") {
        const auto l = load(
            "title: T\ntags:\n    - attack.t1059\n    - [attack.t1105]\n    - {a: b}\n    -\n    - attack.execution\n"
            "detection: {a: 1}\n");
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].tags == std::vector<std::string>{"attack.t1059", "attack.execution"});
        CHECK(l.result.rules[0].tag_lines == std::vector<int>{3, 7});
        CHECK(sh::count_errors(l.result.diagnostics) == 0);
        CHECK(l.result.diagnostics.size() == 3);
        CHECK(find(l.result.diagnostics, "not a list")->line == 4);
        CHECK(find(l.result.diagnostics, "not a map")->line == 5);
    }
    SECTION("an alias of a list of plain values is that list (an alias of a list of lists is not expanded)") {
        const auto l = load("x: &list [attack.t1059]\ntitle: T\ntags: *list\ndetection: {a: 1}\n");
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].tags == std::vector<std::string>{"attack.t1059"});
        CHECK(l.result.diagnostics.empty());
        const auto nested = load("x: &list [[attack.t1059]]\ntitle: T\ntags: *list\ndetection: {a: 1}\n");
        REQUIRE(nested.result.rules.size() == 1);
        CHECK(nested.result.rules[0].tags.empty());
        CHECK(find(nested.result.diagnostics, "not expanded") != nullptr);
    }
    SECTION("an alias still shows that a detection section is there") {
        const auto l = load("x: &d {sel: {a: 1}, condition: sel}\ntitle: T\ndetection: *d\n");
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.diagnostics.empty());
        CHECK(l.result.rules.size() == 1);
    }
}

TEST_CASE("wrong shapes of other fields are warnings", "[bad-input]") {
    const auto l = load(
        "title: [a, b]\nlevel: {x: 1}\nstatus: [test]\nlogsource: windows\nfalsepositives: {a: b}\n"
        "detection: {a: 1}\ntitle: Second Title\n");
    INFO(dump(l.result.diagnostics));
    REQUIRE(l.result.rules.size() == 1);
    CHECK(l.result.rules[0].title == "Second Title");
    CHECK(l.result.rules[0].level == sh::Level::None);
    CHECK(sh::count_errors(l.result.diagnostics) == 0);
    CHECK(find(l.result.diagnostics, "'title' should be a single value")->line == 1);
    CHECK(find(l.result.diagnostics, "duplicate key 'title'")->line == 7);
    CHECK(find(l.result.diagnostics, "'logsource' should be a map") != nullptr);
}

TEST_CASE("a YAML alias bomb costs nothing", "[bad-input]") {
    // "billion laughs": expanding it would need 10^9 strings; the event parser never expands.
    std::string text = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const char* names = "abcdefghi";
    for (int i = 1; i < 9; ++i) {
        text += std::string(1, names[i]) + ": &" + names[i] + " [";
        for (int k = 0; k < 9; ++k) text += std::string(k ? "," : "") + "*" + names[i - 1];
        text += "]\n";
    }
    text += "title: Laughs\ntags: *i\ndetection:\n    selection: *i\n    condition: selection\n";
    const auto l = load(text);
    INFO(dump(l.result.diagnostics));
    REQUIRE(l.result.rules.size() == 1);
    CHECK(l.result.rules[0].title == "Laughs");
    CHECK(l.result.rules[0].tags.empty());
    CHECK(find(l.result.diagnostics, "not expanded") != nullptr);
}

TEST_CASE("aliases of lists of plain values read as the list for tags and falsepositives (YAML 1.2, 3.2.2.2)", "[bad-input]") {
    // The anchors under keys the rule model does not read (the fast path's cutter would drop them).
    const std::string text = "title: anchors\nx-common: &tags\n  - attack.t1003.001\n  - attack.credential-access\n"
                             "fp: &fp [Admin tools, \"Backup: software\"]\n"
                             "tags: *tags\nfalsepositives: *fp\nlevel: high\n"
                             "detection: {sel: {a: 1}, condition: sel}\n---\n"
                             "title: scalar aliases in a list\nname: &n attack.t1059.001\ntags: [*n, attack.t1021.002]\n"
                             "detection: {sel: {a: 1}, condition: sel}\n---\n"
                             "title: not a list of plain values\nx: &deep [[attack.t1110]]\ny: &m {a: b}\ntags: *deep\n"
                             "falsepositives: *m\ndetection: {sel: {a: 1}, condition: sel}\n";
    for (bool full : {false, true}) {
        INFO(full);
        sh::LoadOptions o;
        o.full_parse = full;
        const auto l = load(text, "anchors.yml", o);
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 3);
        CHECK(l.result.rules[0].tags == std::vector<std::string>{"attack.t1003.001", "attack.credential-access"});
        CHECK(l.result.rules[0].falsepositives == std::vector<std::string>{"Admin tools", "Backup: software"});
        CHECK(l.result.rules[1].tags == std::vector<std::string>{"attack.t1059.001", "attack.t1021.002"});
        CHECK(l.result.rules[2].tags.empty());
        CHECK(l.result.rules[2].falsepositives.empty());
        REQUIRE(l.result.diagnostics.size() == 2);  // the two aliases of the third document
        CHECK(l.result.diagnostics[0].line == 19);
        CHECK(l.result.diagnostics[0].message.find("not expanded") != std::string::npos);
        CHECK(l.result.diagnostics[1].line == 20);
    }
}

TEST_CASE("aliases expand at most 4 MB per document: a big anchored title aliased on every line", "[bad-input]") {
    // Before the budget each alias copied the 900 KB title: 8 MB of such lines took minutes.
    std::string text = "detection: {s: {a: 1}, condition: s}\nx: &a " + std::string(900u << 10, 'x') + "\n";
    for (int i = 0; i < 1000; ++i) text += "title: *a\n";
    const auto l = load(text);
    REQUIRE(l.result.rules.size() == 1);
    CHECK(l.result.rules[0].title.size() == (900u << 10));  // the last title expanded within the budget
    const auto* over = find(l.result.diagnostics, "expanded more than 4 MB");
    REQUIRE(over != nullptr);
    CHECK(over->line == 3 + 4);  // the fifth alias: four fit in 4 MB
}

TEST_CASE("10,000-deep nesting is refused", "[bad-input]") {
    SECTION("flow style") {
        const auto l = load("title: Deep\ndetection: " + std::string(10000, '[') + std::string(10000, ']') + "\n");
        expect_error(l, "nesting is deeper than", 2);
    }
    SECTION("flow maps") {
        const auto l = load(repeat("{a: ", 10000) + std::string(10000, '}') + "\n");
        expect_error(l, "nesting is deeper than", 1);
    }
    SECTION("block style, one level per line") {
        std::string text = "title: Deep\ndetection:\n";
        for (int i = 1; i <= 10000; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
        const auto l = load(text, "bad.yml", sh::LoadOptions{64u << 20});
        expect_error(l, "nesting is deeper than", 258);
    }
    SECTION("block style, compact lists") {
        const auto l = load("title: Deep\ndetection:\n  sel:\n    " + repeat("- ", 10000) + "x\n");
        expect_error(l, "nesting is deeper than", 4);
    }
    SECTION("block lists at their parent's indentation") {
        std::string text = "title: Deep\ndetection:\n";
        for (int i = 0; i < 2000; ++i) text += std::string(static_cast<std::size_t>(2 * i), ' ') + "- k:\n";
        const auto l = load(text);
        expect_error(l, "nesting is deeper than", 88);
    }
    SECTION("the next file still loads") {
        const auto l = load(kGoodRule);
        CHECK(l.result.rules.size() == 1);
    }
}

namespace {
struct IgnoreEvents final : YAML::EventHandler {
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};
}  // namespace

TEST_CASE("yaml-cpp's own depth guard fires behind the loader's pre-scan", "[bad-input]") {
    // The loader refuses deep nesting before yaml-cpp runs; this checks the second line of defence
    // (yaml-cpp 0.7's DepthGuard<500>) really stops the recursion, natively and in WebAssembly.
    for (const std::string& text : {std::string(10000, '[') + std::string(10000, ']'), repeat("- ", 10000) + "x\n"}) {
        std::istringstream in(text);
        YAML::Parser parser(in);
        IgnoreEvents events;
        CHECK_THROWS_AS(parser.HandleNextDocument(events), YAML::DeepRecursion);
    }
    SECTION("and depths just under the loader's limit load") {
        const std::string deep = "title: Nested\ndetection:\n    sel: " + std::string(200, '[') + "x" +
                                 std::string(200, ']') + "\n    condition: sel\n";
        const auto l = load(deep);
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.diagnostics.empty());
        CHECK(l.result.rules.size() == 1);
    }
}

TEST_CASE("deeply nested detection within the limits loads", "[bad-input]") {
    std::string text = "title: Nested Detection\ndetection:\n";
    for (int i = 1; i <= 100; ++i) text += std::string(static_cast<std::size_t>(2 * i), ' ') + "level" + std::to_string(i) + ":\n";
    text += std::string(202, ' ') + "- value\ntags:\n    - attack.t1059\n";
    const auto l = load(text);
    INFO(dump(l.result.diagnostics));
    CHECK(l.result.diagnostics.empty());
    REQUIRE(l.result.rules.size() == 1);
    CHECK(l.result.rules[0].tags == std::vector<std::string>{"attack.t1059"});
    CHECK(l.result.rules[0].tag_lines == std::vector<int>{105});
}

TEST_CASE("size limits", "[bad-input]") {
    SECTION("a 50 MB file is refused by its size") {
        const std::string big(50u << 20, 'a');
        const auto l = load(big, "huge.yml");
        expect_error(l, "50.0 MB", 0, "huge.yml");
        CHECK(find(l.result.diagnostics, "too large")->message.find("8.0 MB") != std::string::npos);
    }
    SECTION("the limit is an option") {
        const auto l = load(kGoodRule, "small.yml", sh::LoadOptions{100});
        expect_error(l, "too large", 0, "small.yml");
    }
    SECTION("a ~5 MB valid rule with a huge detection section loads in bounded time") {
        std::string text = std::string(kGoodRule) + "---\ntitle: Huge\ndetection:\n    selection:\n        CommandLine|contains:\n";
        int i = 0;
        while (text.size() < (5u << 20)) text += "            - 'value number " + std::to_string(i++) + " of a long list'\n";
        text += "    condition: selection\ntags:\n    - attack.t1105\n";
        const auto l = load(text);
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.diagnostics.empty());
        REQUIRE(l.result.rules.size() == 2);
        CHECK(l.result.rules[1].tags == std::vector<std::string>{"attack.t1105"});
    }
    SECTION("very long lines") {
        const std::string long_value(3u << 20, 'x');
        const auto l = load("title: Long\ndescription: " + long_value + "\ndetection: {sel: {a: '" + long_value +
                            "'}, condition: sel}\nlevel: low\n");
        INFO(l.result.diagnostics.size());
        CHECK(l.result.diagnostics.empty());
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].description.size() == long_value.size());
        CHECK(l.result.rules[0].level == sh::Level::Low);
    }
}

TEST_CASE("a 1-million-entry tags list stays bounded", "[bad-input]") {
    SECTION("kept up to a limit, with one warning") {
        const auto l = load("title: Many Tags\ndetection: {a: 1}\ntags:\n" + repeat("- x\n", 1000000));
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].tags.size() == 1000);
        CHECK(l.result.rules[0].tag_lines.size() == 1000);
        CHECK(l.result.diagnostics.size() == 1);
        CHECK(find(l.result.diagnostics, "more than 1000 tags") != nullptr);
    }
    SECTION("a flood of malformed tags gives a bounded number of diagnostics") {
        const auto l = load("title: Bad Tags\ndetection: {a: 1}\ntags:\n" + repeat("- attack.t1\n", 200000));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.diagnostics.size() <= 60);
        CHECK(find(l.result.diagnostics, "more warnings in this document are not shown") != nullptr);
    }
}

TEST_CASE("odd YAML never throws or hangs", "[bad-input]") {
    const char* inputs[] = {
        "{", "]", ":", "- - -", "&a *a", "? ? ?", "!!binary AAAA", "%YAML 2.0\n---\na: 1\n", "%FOO\n",
        "key: *undefined", "title: x\n  bad: indent\n", "[a, b]: c\ndetection: {a: 1}\n",
        "? [complex, key]\n: value\ntitle: Complex Key\ndetection: {a: 1}\n", "'", "\"\\", "|\n  text",
        "title: |\ndetection", "- title: In A List\n  detection: {a: 1}\n", "&anchor\n", "!tag\n", "...\n",
        "--- |\n  block\n--- >\n  folded\n", "detection: {a: 1}\n---\n---\n---\n", "\r\n\r\n", "@reserved",
        "`backtick", "a: b: c", "title: \"\\u12\"", "title: \"\\xZZ\"", "? |\n  key\n: v\n",
    };
    for (const char* text : inputs) {
        INFO("input: " << text);
        sh::LoadResult result;
        CHECK_NOTHROW(sh::load_rules_from_text(text, "odd.yml", result));
        for (const auto& d : result.diagnostics) CHECK(d.file == "odd.yml");
    }
}

TEST_CASE("other files keep loading after a bad one", "[bad-input]") {
    sh::LoadResult all;
    sh::load_rules_from_text(std::string("\0binary", 7), "a.yml", all);
    sh::load_rules_from_text(kGoodRule, "b.yml", all);
    sh::load_rules_from_text("title: [", "c.yml", all);
    sh::load_rules_from_text(kGoodRule, "d.yml", all);
    REQUIRE(all.rules.size() == 2);
    CHECK(all.rules[0].file == "b.yml");
    CHECK(all.rules[1].file == "d.yml");
    CHECK(sh::count_errors(all.diagnostics) == 2);
}

// yaml-cpp 0.7 returns an empty document at a stray flow indicator forever without consuming it;
// these hung the CLI and the page before the loader detected the stall.
TEST_CASE("a stray ',' or ']' where a node should be stops with a diagnostic, never hangs", "[bad-input]") {
    SECTION("a file holding one ','") {
        const auto l = load(",");
        expect_error(l, "cannot go on at ','", 1);
        CHECK(find(l.result.diagnostics, "cannot go on")->column == 1);
        CHECK(find(l.result.diagnostics, "(1 bytes) was not read") != nullptr);
    }
    for (const char* text : {"[a],", "{a: 1},", "]", "}", "[a]]\n", ",,,,,\n"}) {
        INFO("input: " << text);
        const auto l = load(text);
        INFO(dump(l.result.diagnostics));
        CHECK(l.result.rules.empty());
        CHECK(sh::count_errors(l.result.diagnostics) >= 1);
    }
    SECTION("a good rule, then '---' and ','") {
        const auto l = load(std::string(kGoodRule) + "---\n,\n");
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].title == "Good Rule");
        REQUIRE(find(l.result.diagnostics, "cannot go on at ','") != nullptr);
        CHECK(find(l.result.diagnostics, "cannot go on at ','")->line == 16);
    }
    SECTION("and the next document after the stall still loads") {
        const auto l = load(std::string("[a],\n---\n") + kGoodRule);
        INFO(dump(l.result.diagnostics));
        REQUIRE(l.result.rules.size() == 1);
        CHECK(l.result.rules[0].line == 2);  // a rule's line is that of its '---'
        CHECK(sh::count_errors(l.result.diagnostics) == 2);  // "[a]" is a list, then the stall
        CHECK(find(l.result.diagnostics, "cannot go on at ','")->line == 1);
    }
    SECTION("many stalled documents in one file") {
        const auto l = load(repeat("---\n,\n", 20000));
        CHECK(l.result.rules.empty());
        CHECK(sh::count_errors(l.result.diagnostics) >= 1);
        CHECK(l.result.diagnostics.size() <= 202);
    }
}

// Each broken document used to make the tab check rescan the file from its start (twice): 0.25 MB
// of them took 9.6 s, 1 MB 147 s. The check now starts where the current parse started. Counted,
// not timed: the bytes the loader's recovery scans look at stay within a few times the text's size
// (before the fix, 256 KB of broken documents made them look at over a gigabyte).
TEST_CASE("many broken documents in one file cost linear time", "[bad-input]") {
    const std::size_t size = 256u << 10;
    auto check_linear = [&](const std::string& broken, const char* expected) {
        const int n = static_cast<int>(size / broken.size());
        const std::string text = repeat(broken, n) + "---\n" + kGoodRule;
        const auto l = load(text);
        INFO(dump(l.result.diagnostics).substr(0, 2000));
        REQUIRE(l.result.rules.size() == 1);  // the good rule after them still loads
        CHECK(l.result.rules[0].title == "Good Rule");
        CHECK(find(l.result.diagnostics, expected) != nullptr);
        CHECK(sh::count_errors(l.result.diagnostics) >= 200);
        CHECK(l.result.diagnostics.size() <= 201);  // capped, with one "more" line
        REQUIRE(find(l.result.diagnostics, "more problems in this file are not shown") != nullptr);
        CHECK(find(l.result.diagnostics, std::to_string(n - 200) + " more problems") != nullptr);
        INFO("recovery scans looked at " << l.result.recovery_scan_bytes << " bytes of " << text.size());
        CHECK(l.result.recovery_scan_bytes >= text.size() / 2);  // the counter counts
        CHECK(l.result.recovery_scan_bytes <= 8 * text.size());
    };
    SECTION("mis-indented maps") {
        check_linear("---\ntitle: Broken\ndetection:\n    selection:\n        a: 1\n      b: 2\n", "check the indentation");
    }
    SECTION("tab-indented lines (the tab check finds them)") {
        check_linear("---\ntitle: Broken\ndetection:\n    selection:\n\ta: 1\n", "indented with a tab");
    }
}
