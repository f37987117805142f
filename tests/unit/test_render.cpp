// test_render.cpp — render/colour and render/matrix_layout: gradients, the matrix model (columns,
// aggregates, filters, search), geometry without overlaps, text wrapping, the legend.
#include <algorithm>

#include "catch.hpp"
#include "core/render/colour.hpp"
#include "core/render/matrix_layout.hpp"

namespace {

sh::Technique tech(std::string id, std::string name, std::vector<std::string> tactics,
                   std::vector<std::string> platforms = {"Windows"}) {
    sh::Technique t;
    t.id = std::move(id);
    t.name = std::move(name);
    auto dot = t.id.find('.');
    if (dot != std::string::npos) t.parent = t.id.substr(0, dot);
    t.tactics = std::move(tactics);
    t.platforms = std::move(platforms);
    return t;
}

sh::Catalogue small_catalogue() {
    sh::Catalogue c;
    c.attack_version = "19";
    c.domain = "enterprise-attack";
    c.tactics = {{"TA0002", "execution", "Execution"}, {"TA0003", "persistence", "Persistence"}};
    c.techniques = {
        tech("T1053", "Scheduled Task/Job", {"execution", "persistence"}, {"Windows", "Linux"}),
        tech("T1053.003", "Cron", {"execution", "persistence"}, {"Linux"}),
        tech("T1053.005", "Scheduled Task", {"execution", "persistence"}),
        tech("T1059", "Command and Scripting Interpreter", {"execution"}, {"Windows", "Linux"}),
        tech("T1059.001", "PowerShell", {"execution"}),
        tech("T1059.003", "Windows Command Shell", {"execution"}),
        tech("T1098", "Account Manipulation", {"persistence"}, {"Linux"}),
    };
    sh::Technique old = tech("T1086", "PowerShell (old)", {"execution"});
    old.revoked = true;
    c.techniques.push_back(old);
    std::sort(c.techniques.begin(), c.techniques.end(),
              [](const sh::Technique& a, const sh::Technique& b) { return a.id < b.id; });
    return c;
}

sh::ScoreResult small_scores() {
    sh::ScoreResult s;
    s.entries = {
        {"T1053.005", "execution", 80, {0}},
        {"T1053.005", "persistence", 80, {0}},
        {"T1059", "execution", 30, {1}},
        {"T1059.001", "execution", 100, {2, 3}},
        {"T1059.003", "execution", 50, {3}},
    };
    return s;
}

const sh::MatrixCell* find_cell(const sh::MatrixModel& m, const std::string& tactic, const std::string& id) {
    for (const auto& col : m.columns)
        if (col.tactic == tactic)
            for (const auto& c : col.cells)
                if (c.id == id) return &c;
    return nullptr;
}

float char_width(std::string_view s) { return float(s.size()) * 7.0f; }

}  // namespace

TEST_CASE("hex colours parse and print", "[render]") {
    REQUIRE(sh::parse_hex_colour("#ff6666") == sh::Rgb{255, 102, 102});
    REQUIRE(sh::parse_hex_colour("8EC843") == sh::Rgb{0x8e, 0xc8, 0x43});
    REQUIRE(sh::parse_hex_colour("#fff") == sh::Rgb{255, 255, 255});
    REQUIRE(sh::parse_hex_colour("#ff66") == sh::Rgb{255, 255, 102});     // #rgba: alpha dropped
    REQUIRE(sh::parse_hex_colour("#8ec843ff") == sh::Rgb{0x8e, 0xc8, 0x43});  // the Navigator saves gradients so
    REQUIRE(sh::parse_hex_colour("#ffffff00") == sh::Rgb{255, 255, 255});  // its "transparent" presets: white
    REQUIRE_FALSE(sh::parse_hex_colour("#ff666"));
    REQUIRE_FALSE(sh::parse_hex_colour("#ff6666f"));
    REQUIRE_FALSE(sh::parse_hex_colour("#gg0000"));
    REQUIRE_FALSE(sh::parse_hex_colour(""));
    REQUIRE(sh::to_hex({0x2c, 0x7b, 0xb6}) == "#2c7bb6");
}

TEST_CASE("gradient interpolates through its stops and clamps", "[render]") {
    auto g = sh::make_gradient({"#000000", "#ffffff"}, 0, 100);
    REQUIRE(sh::gradient_colour(g, 0) == sh::Rgb{0, 0, 0});
    REQUIRE(sh::gradient_colour(g, 100) == sh::Rgb{255, 255, 255});
    REQUIRE(sh::gradient_colour(g, 50) == sh::Rgb{128, 128, 128});
    REQUIRE(sh::gradient_colour(g, -5) == sh::Rgb{0, 0, 0});
    REQUIRE(sh::gradient_colour(g, 1e9) == sh::Rgb{255, 255, 255});

    SECTION("three stops: the middle one sits at the middle of the range") {
        auto ryg = sh::make_gradient(sh::kPaletteRedYellowGreen, 0, 80);
        REQUIRE(sh::gradient_colour(ryg, 40) == *sh::parse_hex_colour(sh::kPaletteRedYellowGreen[1]));
        REQUIRE(sh::gradient_colour(ryg, 80) == *sh::parse_hex_colour(sh::kPaletteRedYellowGreen[2]));
    }
    SECTION("no usable colour falls back to red-yellow-green; an empty range is widened") {
        auto g2 = sh::make_gradient({"nonsense"}, 5, 5);
        REQUIRE(g2.stops.size() == 3);
        REQUIRE(g2.max > g2.min);
    }
}

TEST_CASE("layer score range: default 0..highest, overrides, max above min", "[render]") {
    auto scores = small_scores();
    sh::LayerOptions lo;
    REQUIRE(sh::layer_score_range(scores, lo).min == 0);
    REQUIRE(sh::layer_score_range(scores, lo).max == 100);
    lo.min_score = 10;
    lo.max_score = 60;
    REQUIRE(sh::layer_score_range(scores, lo).max == 60);
    lo.max_score = 10;
    REQUIRE(sh::layer_score_range(scores, lo).max == 11);
    REQUIRE(sh::layer_score_range(sh::ScoreResult{}, sh::LayerOptions{}).max == 1);
}

TEST_CASE("text colour contrasts with the background", "[render]") {
    REQUIRE(sh::readable_text_colour({0, 0, 0}) == sh::Rgb{255, 255, 255});
    REQUIRE(sh::readable_text_colour({0xff, 0xe7, 0x66}) == sh::Rgb{0, 0, 0});
    REQUIRE(sh::readable_text_colour({0x2c, 0x7b, 0xb6}) == sh::Rgb{0, 0, 0});
}

TEST_CASE("matrix model: columns in matrix order, cells sorted by name, counts", "[render]") {
    auto cat = small_catalogue();
    auto m = sh::build_matrix(cat, small_scores(), {});
    REQUIRE(m.columns.size() == 2);
    REQUIRE(m.columns[0].tactic == "execution");
    REQUIRE(m.columns[0].name == "Execution");
    REQUIRE(m.columns[0].techniques == 2);  // T1053, T1059 (revoked T1086 left out)
    REQUIRE(m.columns[0].covered == 2);
    REQUIRE(m.columns[0].cells.size() == 2);  // collapsed: no sub-technique cells
    REQUIRE(m.columns[0].cells[0].id == "T1059");  // "Command..." < "Scheduled..."
    REQUIRE(m.columns[1].techniques == 2);
    REQUIRE(m.columns[1].covered == 1);
    REQUIRE(m.columns[1].cells[0].id == "T1098");
    REQUIRE_FALSE(m.columns[1].cells[0].has_score);
}

TEST_CASE("matrix model: parent aggregates its own and its sub-techniques' scores", "[render]") {
    auto cat = small_catalogue();
    auto scores = small_scores();
    sh::MatrixOptions o;
    auto t1059 = [&] { return *find_cell(sh::build_matrix(cat, scores, o), "execution", "T1059"); };
    REQUIRE(t1059().score == 100);
    REQUIRE(t1059().subtechniques == 2);
    REQUIRE(t1059().subtechniques_covered == 2);
    o.aggregate = sh::Aggregate::Min;
    REQUIRE(t1059().score == 30);
    o.aggregate = sh::Aggregate::Sum;
    REQUIRE(t1059().score == 180);
    o.aggregate = sh::Aggregate::Avg;
    REQUIRE(t1059().score == 60);
    const auto matrix = sh::build_matrix(cat, scores, {});  // keep it alive: find_cell points into it
    auto t1053 = find_cell(matrix, "persistence", "T1053");
    REQUIRE(t1053->has_score);
    REQUIRE(t1053->own_entry == -1);
    REQUIRE(t1053->score == 80);
}

TEST_CASE("matrix model: expansion, platform filter, hide uncovered, search", "[render]") {
    auto cat = small_catalogue();
    auto scores = small_scores();
    SECTION("expand one parent or all") {
        sh::MatrixOptions o;
        o.expanded = {"T1059"};
        auto m = sh::build_matrix(cat, scores, o);
        REQUIRE(m.columns[0].cells.size() == 4);
        REQUIRE(m.columns[0].cells[1].id == "T1059.001");
        REQUIRE(m.columns[0].cells[1].depth == 1);
        REQUIRE(m.columns[0].cells[0].expanded);
        o.expanded.clear();
        o.expand_all = true;
        REQUIRE(sh::build_matrix(cat, scores, o).columns[0].cells.size() == 6);
    }
    SECTION("platform filter drops techniques on none of the platforms") {
        sh::MatrixOptions o;
        o.platforms = {"Linux"};
        o.expand_all = true;
        auto m = sh::build_matrix(cat, scores, o);
        REQUIRE(find_cell(m, "execution", "T1059.001") == nullptr);
        REQUIRE(find_cell(m, "execution", "T1053.003") != nullptr);
        REQUIRE(find_cell(m, "execution", "T1059")->score == 30);  // only its own score remains
        REQUIRE(sh::catalogue_platforms(cat) == std::vector<std::string>{"Linux", "Windows"});
    }
    SECTION("hide uncovered") {
        sh::MatrixOptions o;
        o.hide_uncovered = true;
        o.expand_all = true;
        auto m = sh::build_matrix(cat, scores, o);
        REQUIRE(find_cell(m, "persistence", "T1098") == nullptr);
        REQUIRE(find_cell(m, "execution", "T1053.003") == nullptr);
        REQUIRE(find_cell(m, "execution", "T1053.005") != nullptr);
        REQUIRE(m.columns[1].techniques == 1);
    }
    SECTION("hide empty tactics: a column left without a cell goes; with none left, all stay") {
        sh::MatrixOptions o;
        o.hide_uncovered = true;
        o.hide_empty_tactics = true;
        sh::ScoreResult only_execution;
        only_execution.entries = {{"T1059", "execution", 30, {1}}};
        auto m = sh::build_matrix(cat, only_execution, o);
        REQUIRE(m.columns.size() == 1);
        CHECK(m.columns[0].tactic == "execution");
        CHECK(m.columns[0].cells.size() == 1);
        // Without the option the persistence column stays, empty.
        o.hide_empty_tactics = false;
        REQUIRE(sh::build_matrix(cat, only_execution, o).columns.size() == 2);
        // Nothing scored: both headers stay.
        o.hide_empty_tactics = true;
        CHECK(sh::build_matrix(cat, sh::ScoreResult{}, o).columns.size() == 2);
        // Every column has a cell: nothing dropped.
        CHECK(sh::build_matrix(cat, scores, o).columns.size() == 2);
    }
    SECTION("search matches id or name, case-insensitive, and opens parents of matching subs") {
        sh::MatrixOptions o;
        o.search = "powershell";
        auto m = sh::build_matrix(cat, scores, o);
        REQUIRE(m.search_matches == 1);
        REQUIRE(find_cell(m, "execution", "T1059")->search_match_below);
        REQUIRE(find_cell(m, "execution", "T1059.001")->search_match);
        o.search = "t1053";
        m = sh::build_matrix(cat, scores, o);
        REQUIRE(m.search_matches == 3);
        REQUIRE(find_cell(m, "persistence", "T1053")->search_match);
    }    SECTION("only listed techniques (a threat selection): parents of listed sub-techniques open to them") {
        sh::MatrixOptions o;
        o.only_listed = true;
        o.listed = {"T1059.003", "T1098"};
        auto m = sh::build_matrix(cat, scores, o);
        // Execution: T1059 (for its listed sub-technique), opened, and only T1059.003 under it.
        REQUIRE(m.columns[0].cells.size() == 2);
        CHECK(m.columns[0].cells[0].id == "T1059");
        CHECK(m.columns[0].cells[0].expanded);
        CHECK(m.columns[0].cells[0].score == 100);  // the aggregate still counts every sub-technique
        CHECK(m.columns[0].cells[1].id == "T1059.003");
        // Persistence: T1098 only.
        REQUIRE(m.columns[1].cells.size() == 1);
        CHECK(m.columns[1].cells[0].id == "T1098");
        CHECK(m.columns[1].techniques == 1);
        o.listed = {"T1059"};  // a parent alone: shown, not opened
        m = sh::build_matrix(cat, scores, o);
        REQUIRE(m.columns[0].cells.size() == 1);
        CHECK_FALSE(m.columns[0].cells[0].expanded);
        o.only_listed = false;  // off: everything
        CHECK(sh::build_matrix(cat, scores, o).columns[0].cells.size() == 2);
    }
}

TEST_CASE("rules behind a cell and best score per technique", "[render]") {
    auto cat = small_catalogue();
    auto scores = small_scores();
    auto rules = sh::rules_for_cell(cat, scores, "T1059", "execution");
    REQUIRE(rules.size() == 3);
    REQUIRE(rules[0].rule == 1);
    REQUIRE(rules[0].via == "T1059");
    REQUIRE(rules[1].via == "T1059.001");
    REQUIRE(rules[2].rule == 3);  // counted once though tagged on two sub-techniques
    auto best = sh::best_score_by_technique(scores);
    REQUIRE(best.size() == 4);
    REQUIRE(best[0] == std::make_pair(std::string("T1053.005"), 80));
}

TEST_CASE("geometry: no overlapping cells, in both layouts", "[render]") {
    auto cat = small_catalogue();
    sh::MatrixOptions o;
    o.expand_all = true;
    auto m = sh::build_matrix(cat, small_scores(), o);
    for (auto layout : {sh::MatrixLayout::Side, sh::MatrixLayout::Mini}) {
        sh::MatrixMetrics mm;
        mm.mini_per_row = 2;
        auto g = sh::layout_matrix(m, layout, mm);
        REQUIRE(g.headers.size() == 2);
        REQUIRE(g.cells.size() == m.columns[0].cells.size() + m.columns[1].cells.size());
        for (std::size_t i = 0; i < g.cells.size(); ++i) {
            const auto& a = g.cells[i];
            REQUIRE(a.y >= g.headers[0].h);
            REQUIRE(a.x + a.w <= g.width + 0.01f);
            REQUIRE(a.y + a.h <= g.height + 0.01f);
            for (std::size_t j = i + 1; j < g.cells.size(); ++j) {
                const auto& b = g.cells[j];
                bool apart = a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                REQUIRE(apart);
            }
        }
    }
    SECTION("side: sub-techniques are indented under their parent") {
        auto g = sh::layout_matrix(m, sh::MatrixLayout::Side, {});
        REQUIRE(g.cells[1].x > g.cells[0].x);
        REQUIRE(g.cells[1].y > g.cells[0].y);
    }
    SECTION("mini: fitting makes the whole matrix fit the area") {
        auto fit = sh::fit_mini_metrics(m, {}, 400, 300);
        auto g = sh::layout_matrix(m, sh::MatrixLayout::Mini, fit);
        REQUIRE(g.width <= 400);
        REQUIRE(g.height <= 300);
        REQUIRE(fit.mini_cell >= 6);
    }
}

TEST_CASE("labels, score text, wrapping", "[render]") {
    sh::MatrixCell c;
    c.id = "T1059";
    c.name = "Command and Scripting Interpreter";
    REQUIRE(sh::cell_label(c, true, false) == "T1059");
    REQUIRE(sh::cell_label(c, false, true) == c.name);
    REQUIRE(sh::cell_label(c, true, true) == "T1059 " + c.name);
    REQUIRE(sh::format_score(80) == "80");
    REQUIRE(sh::format_score(62.5) == "62.5");
    REQUIRE(sh::format_score(66.666) == "66.7");

    auto lines = sh::wrap_text("Command and Scripting Interpreter", 140, 2, char_width);  // 20 chars a line
    REQUIRE(lines.size() == 2);
    REQUIRE(lines[0] == "Command and");
    REQUIRE(lines[1] == "Scripting Interpr...");  // as much as fits, then "..."
    for (const auto& l : lines) REQUIRE(char_width(l) <= 140);
    REQUIRE(sh::wrap_text("Short", 140, 2, char_width) == std::vector<std::string>{"Short"});
    REQUIRE(sh::wrap_text("Supercalifragilisticexpialidocious", 70, 1, char_width)[0] == "Superca...");
    REQUIRE(sh::wrap_text("", 70, 2, char_width).empty());
}

TEST_CASE("legend: stops and distinct tick labels", "[render]") {
    auto l = sh::build_legend(sh::make_gradient(sh::kPaletteColourBlind, 0, 100), 5);
    REQUIRE(l.stops.size() == 3);
    REQUIRE(l.ticks.size() == 5);
    REQUIRE(l.ticks.front().label == "0");
    REQUIRE(l.ticks.back().label == "100");
    REQUIRE(l.ticks[2].position == Approx(0.5));
    auto tiny = sh::build_legend(sh::make_gradient({}, 0, 1), 5);
    REQUIRE(tiny.ticks.size() == 2);  // integer scores: no 0.25 ticks
    REQUIRE(tiny.ticks[1].label == "1");
    auto counts = sh::build_legend(sh::make_gradient({}, 0, 7), 5);
    REQUIRE(counts.ticks.size() == 4);  // 0 2 4 7 (6 is too close to 7)
    REQUIRE(counts.ticks[3].label == "7");
    REQUIRE(counts.ticks[2].label == "4");
    auto frac = sh::build_legend(sh::make_gradient({}, 0, 2.5), 3);
    REQUIRE(frac.ticks[1].label == "1.3");
}
