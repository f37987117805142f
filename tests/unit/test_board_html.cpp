// test_board_html.cpp — render/board_html + board_image: the board document for the report fixture
// is well-formed polyglot markup (an XML reader accepts it; tests/cli/board.sh also runs an HTML5
// parser on the CLI's output), says the numbers worked out by hand from the fixture, titles every
// heat-map cell with id, name, score and tactic, escapes hostile text, loads nothing from outside,
// styles only through its scoped stylesheet, and is byte-for-byte deterministic; the board image
// draws the same parts and rasterises.
#include <cmath>
#include <map>
#include <regex>
#include <set>

#include "catch.hpp"
#include "core/layer.hpp"
#include "core/render/board_html.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "core/threats.hpp"
#include "test_report_fixture.hpp"
#include "xml_check.hpp"

using namespace sh;

namespace {

struct Board {
    Catalogue cat = report_fixture::catalogue();
    std::vector<Rule> rules = report_fixture::rules();
    ScoreResult scores = score_rules(rules, cat, ScoreOptions{});

    // As `layer --report` and the page compute it (cmd_layer.cpp, app/reports.cpp).
    BoardReport report(const std::string& name, const std::vector<Coverage>& history = {}) const {
        const Coverage current = coverage_from_scores(scores, name);
        KpiOptions ko;
        const Kpis kpis = compute_kpis(rules, scores, cat, ko);
        GapOptions go;
        const auto gaps = prioritise_gaps(current, cat, go);
        std::vector<Coverage> layers = history;
        layers.push_back(current);
        BoardReport r;
        r.board = build_board(name, kpis, gaps, compute_trend(layers, cat, ko), cat);
        r.threshold = ko.threshold;
        r.weights = go.weights;
        r.date = "2026-02-03";
        LayerOptions lo;
        lo.name = name;
        Layer layer;
        Diagnostics diags;
        REQUIRE(read_layer(write_layer(scores, rules, cat, ScoreOptions{}, lo), "board.json", layer, diags));
        r.heatmap = board_heatmap(layer, cat, "board.json");
        return r;
    }
};

test::XmlDocument parse_document(const std::string& html) {
    const std::string doctype = "<!DOCTYPE html>\n";
    REQUIRE(html.compare(0, doctype.size(), doctype) == 0);
    return test::parse_xml(html.substr(doctype.size()));
}

// Text of an element and everything inside it.
std::string all_text(const test::XmlDocument& doc, std::size_t index) {
    std::string out = doc.elements[index].text;
    for (std::size_t i = index + 1; i < doc.elements.size(); ++i) {
        int p = doc.elements[i].parent;
        while (p >= 0 && std::size_t(p) != index) p = doc.elements[std::size_t(p)].parent;
        if (p < 0) continue;
        out += doc.elements[i].text;
    }
    return out;
}

std::vector<std::size_t> find_all(const test::XmlDocument& doc, const std::string& name, const std::string& cls = "") {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < doc.elements.size(); ++i) {
        const auto& e = doc.elements[i];
        if (e.name != name) continue;
        if (!cls.empty() && (!e.attrs.count("class") || e.attrs.at("class").find(cls) == std::string::npos)) continue;
        out.push_back(i);
    }
    return out;
}

bool inside(const test::XmlDocument& doc, std::size_t i, std::size_t ancestor) {
    for (int p = doc.elements[i].parent; p >= 0; p = doc.elements[std::size_t(p)].parent)
        if (std::size_t(p) == ancestor) return true;
    return false;
}

// Rows (<tr>) of the table with this class, in its body (or head), as lists of cell texts.
std::vector<std::vector<std::string>> table_rows(const test::XmlDocument& doc, const std::string& table_class,
                                                 const std::string& part = "tbody") {
    const auto tables = find_all(doc, "table", table_class);
    REQUIRE(tables.size() == 1);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t tr : find_all(doc, "tr")) {
        if (!inside(doc, tr, tables[0]) || doc.elements[std::size_t(doc.elements[tr].parent)].name != part) continue;
        std::vector<std::string> cells;
        for (std::size_t i = tr + 1; i < doc.elements.size(); ++i)
            if (doc.elements[i].parent == int(tr)) cells.push_back(all_text(doc, i));
        rows.push_back(cells);
    }
    return rows;
}

}  // namespace

TEST_CASE("board document: well-formed, the fixture's numbers, every part", "[board][html]") {
    Board f;
    const BoardReport r = f.report("coverage_q3_2026");
    const std::string html = write_board_html(r, f.cat);
    const auto doc = parse_document(html);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    REQUIRE(doc.elements.front().name == "html");
    CHECK(doc.elements.front().attrs.at("lang") == "en");

    SECTION("deterministic bytes") { CHECK(write_board_html(f.report("coverage_q3_2026"), f.cat) == html); }

    SECTION("title, date, ATT&CK version, headings") {
        CHECK(all_text(doc, find_all(doc, "title").front()) == "ATT&CK coverage \u2014 coverage_q3_2026");
        CHECK(all_text(doc, find_all(doc, "h1").front()) == "ATT&CK coverage \u2014 coverage_q3_2026");
        const auto time = find_all(doc, "time");
        REQUIRE(time.size() == 1);
        CHECK(doc.elements[time[0]].attrs.at("datetime") == "2026-02-03");
        // Words given as the date are shown as they are, not as a <time> (it must hold a date).
        BoardReport words = f.report("coverage_q3_2026");
        words.date = "week 48";
        const std::string wh = write_board_html(words, f.cat);
        const auto wdoc = parse_document(wh);
        REQUIRE(wdoc.error.empty());
        CHECK(find_all(wdoc, "time").empty());
        CHECK(wh.find("<span>week 48</span>") != std::string::npos);
        CHECK(html.find("MITRE ATT&amp;CK\u00ae Enterprise v99") != std::string::npos);
        std::vector<std::string> h2;
        for (auto i : find_all(doc, "h2")) h2.push_back(all_text(doc, i));
        CHECK(h2 == std::vector<std::string>{"Key figures", "Coverage by tactic", "Top 3 gaps to close", "Trend", "Heat-map"});
    }

    SECTION("KPI tiles: labels and values as the fixture gives them") {
        std::map<std::string, std::string> tiles;
        for (auto li : find_all(doc, "li", "shb-tile")) {
            std::string label, value;
            for (std::size_t i = li + 1; i < doc.elements.size(); ++i) {
                if (doc.elements[i].parent != int(li)) continue;
                if (doc.elements[i].name == "h3") label = all_text(doc, i);
                if (doc.elements[i].attrs.count("class") && doc.elements[i].attrs.at("class") == "shb-value")
                    value = all_text(doc, i);
            }
            tiles[label] = value;
        }
        // 4 of 4 active techniques covered, 1 (T1000 through T1000.002's 100) at 80 or more;
        // 6 techniques + sub-techniques, 5 covered (T1000 itself has no own entry); 6 rules.
        CHECK(tiles["Techniques covered"] == "100%");
        CHECK(tiles["Covered well"] == "25%");
        CHECK(tiles["With sub-techniques"] == "83%");
        CHECK(tiles["Rules"] == "6");
        CHECK(tiles.count("Fragile coverage") == 1);
    }

    SECTION("coverage by tactic: one row per tactic in matrix order with its counts") {
        const auto rows = table_rows(doc, "shb-bars");
        REQUIRE(rows.size() == 4);
        CHECK(rows[0][0] == "Execution");
        CHECK(rows[0][2] == "100% (1/1)");
        CHECK(rows[0][3] == "100% (1)");  // T1000 at 100 through its sub-technique
        CHECK(rows[1][0] == "Persistence");
        CHECK(rows[1][2] == "100% (1/1)");  // T2000; T4000 is deprecated
        CHECK(rows[1][3] == "0% (0)");
        CHECK(rows[2][0] == "Privilege Escalation");
        CHECK(rows[2][2] == "100% (2/2)");  // T2000 and T6000
        CHECK(rows[3][0] == "Collection");
    }

    SECTION("top gaps: every term of the priority, worked out by hand") {
        // priority = 10 x criticality + 1 x (100 x groups / 50) - score / 10
        //   T3000 collection (1):          10 + 80 - 3 = 87
        //   T2000 privilege-escalation (3): 30 + 10 - 5 = 35
        //   T6000 privilege-escalation (3): 30 +  0 - 1 = 29
        auto rows = table_rows(doc, "shb-gaps");
        REQUIRE(rows.size() == 3);
        // The technique cell holds the id (in its own span) and the name; this reader keeps an
        // element's own text apart from its children's, so the two are checked on their own.
        for (auto& [row, id] : {std::pair{&rows[0], "T3000"}, std::pair{&rows[1], "T2000"}, std::pair{&rows[2], "T6000"}}) {
            CHECK((*row)[1].find(id) != std::string::npos);
            CHECK((*row)[1].find(std::string("Name of ") + id) != std::string::npos);
            (*row)[1] = id;
        }
        // The priority right after the score (on a phone the table scrolls sideways: the ranking's own
        // number stays in view), then the formula's terms.
        CHECK(table_rows(doc, "shb-gaps", "thead").at(0) == std::vector<std::string>{"#", "Technique", "Tactic", "Score", "Priority", "Criticality",
                                                                      "Frequency %", "Impact", "Threat", "\u2212 Coverage"});
        CHECK(rows[0] == std::vector<std::string>{"1", "T3000", "Collection", "30", "87.0", "1", "80.0", "10.0", "80.0", "3.0"});
        CHECK(rows[1] == std::vector<std::string>{"2", "T2000", "Privilege Escalation", "50", "35.0", "3", "10.0", "30.0", "10.0", "5.0"});
        CHECK(rows[2] == std::vector<std::string>{"3", "T6000", "Privilege Escalation", "10", "29.0", "3", "0.0", "30.0", "0.0", "1.0"});
        CHECK(html.find("priority = 10 \u00d7 criticality + 1 \u00d7 frequency \u2212 score \u00f7 10") != std::string::npos);
        // Machine-readable values as the report JSON rounds them.
        std::vector<std::string> values;
        for (auto i : find_all(doc, "data")) values.push_back(doc.elements[i].attrs.at("value"));
        REQUIRE(values.size() >= 6);
        CHECK(std::vector<std::string>(values.begin(), values.begin() + 6) ==
              std::vector<std::string>{"87", "1", "80", "10", "80", "3"});
    }

    SECTION("heat-map: every cell titled with id, name, score and tactic") {
        std::map<std::string, std::string> titles;
        for (auto i : find_all(doc, "rect", "cell")) {
            const auto& e = doc.elements[i];
            REQUIRE(e.attrs.count("id"));
            std::string title;
            for (std::size_t k = i + 1; k < doc.elements.size(); ++k)
                if (doc.elements[k].parent == int(i) && doc.elements[k].name == "title") title = doc.elements[k].text;
            titles[e.attrs.at("id")] = title;
        }
        // Active parents in their tactics (T2000 twice), and T1000's sub-techniques shown under it
        // because they have scores (as the layer's showSubtechniques says).
        CHECK(titles.size() == 7);
        CHECK(titles["shb-map-cell-execution-T1000"] ==
              "T1000 Name of T1000 \u00b7 Execution \u00b7 score 100 \u00b7 sub-techniques covered 2 of 2");
        CHECK(titles["shb-map-cell-execution-T1000.001"] == "T1000.001 Name of T1000.001 \u00b7 Execution \u00b7 score 80");
        CHECK(titles["shb-map-cell-privilege-escalation-T2000"] == "T2000 Name of T2000 \u00b7 Privilege Escalation \u00b7 score 50");
        CHECK(titles["shb-map-cell-collection-T3000"] == "T3000 Name of T3000 \u00b7 Collection \u00b7 score 30");
        const auto svgs = find_all(doc, "svg");
        bool named = false;
        for (auto i : svgs)
            if (doc.elements[i].attrs.count("aria-labelledby") && doc.elements[i].attrs.at("aria-labelledby") == "shb-map-title")
                named = true;
        CHECK(named);
    }

    SECTION("self-contained: no script, no style attribute, nothing loaded from outside") {
        CHECK(html.find("<script") == std::string::npos);
        CHECK(html.find(" style=") == std::string::npos);
        CHECK(html.find(" src=") == std::string::npos);
        CHECK(html.find(" href=") == std::string::npos);
        CHECK(html.find("@import") == std::string::npos);
        for (std::size_t p = html.find("url("); p != std::string::npos; p = html.find("url(", p + 1))
            CHECK(html.compare(p, 5, "url(#") == 0);
        // The stylesheet is embedded as it is, and one rule for this document alone: no browser
        // margin around it (the page, which takes only the <article>, never sees it).
        const auto style = find_all(doc, "style");
        REQUIRE(style.size() == 1);
        CHECK(doc.elements[style[0]].text == "\n" + std::string(board_css()) + "body { margin: 0; background: #fbfbfc; }\n");
    }

    SECTION("trend with one layer: a sentence, no chart") {
        CHECK(find_all(doc, "figure").empty());
        CHECK(html.find("One layer so far: 100% of techniques covered, 25% score 80 or more.") != std::string::npos);
    }
}

TEST_CASE("board document: alert, trend chart, targets, baseline, latency when known", "[board][html]") {
    Board f;
    Coverage before;
    before.name = "coverage_q2_2026";
    before.date = "2026-04-01";
    before.entries = {{"T2000", "persistence", 80}, {"T2000", "privilege-escalation", 80}, {"T3000", "collection", 30}};
    BoardReport r = f.report("coverage_q3_2026", {before});
    const Coverage current = coverage_from_scores(f.scores, "coverage_q3_2026");
    r.diff = diff_coverage(before, current, &f.cat);
    r.targets = check_targets(current, {{"T2000", 80, 1}, {"T3000", 1, 2}}, f.cat);
    r.baseline = compare_baseline(current, before, f.cat);
    r.latency = LatencyReport{};
    r.latency->overall = {"", "", 3, 90};
    r.latency->tactics = {{"execution", "Execution", 3, 90}};

    const std::string html = write_board_html(r, f.cat);
    const auto doc = parse_document(html);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    std::vector<std::string> h2;
    for (auto i : find_all(doc, "h2")) h2.push_back(all_text(doc, i));
    CHECK(h2 == std::vector<std::string>{"Since coverage_q2_2026", "Key figures", "Coverage by tactic", "Top 3 gaps to close",
                                         "Trend", "Targets and baseline", "Detection latency", "Heat-map"});
    // T2000 fell from 80 to 50, which is not below the alert threshold of 50: no new gap.
    REQUIRE(r.diff->dropped_below.empty());
    REQUIRE(r.diff->lost.empty());
    CHECK(html.find("0 techniques dropped below 50") != std::string::npos);
    CHECK(html.find("shb-alert shb-calm") != std::string::npos);
    CHECK(html.find(std::to_string(r.diff->closed_gaps.size()) + " gaps closed (now 50 or more):") != std::string::npos);
    CHECK(html.find(std::to_string(r.diff->techniques.size()) + " techniques changed their score in all.") != std::string::npos);
    // Targets: T2000 needs 80 (has 50), T3000 needs 1 (has 30).
    CHECK(html.find("1 of 2 targets met.") != std::string::npos);
    // Baseline: the earlier layer covers T2000 and T3000, which we cover too.
    REQUIRE(r.baseline->missing.empty());
    CHECK(r.baseline->both == 2);
    CHECK(html.find("0 covered there but not here, " + std::to_string(r.baseline->ahead.size()) +
                    " covered here but not there, 2 covered by both.") != std::string::npos);
    CHECK(html.find("Median 1m 30s") != std::string::npos);
    // The chart: an SVG with one point per layer and series, each titled, and the table below it.
    CHECK(find_all(doc, "figure").size() == 1);
    int points = 0;
    for (auto i : find_all(doc, "rect", "point")) points += doc.elements[i].parent >= 0;
    CHECK(points == 4);  // 2 layers x 2 series
    CHECK(html.find("2026-04-01: Techniques with a score 50.0%") != std::string::npos);  // T2000, T3000 of 4
}

TEST_CASE("board document: the threat selection and the weakest-against ranking", "[board][html][threats]") {
    Board f;
    // The fixture's catalogue with one technique no rule covers and three threats (one with a name
    // that needs escaping). Scores: T1000 100 (through T1000.002), T2000 50, T3000 30, T6000 10.
    Catalogue cat = f.cat;
    Technique t7000;
    t7000.id = "T7000";
    t7000.name = "Name of T7000";
    t7000.tactics = {"collection"};
    t7000.platforms = {"Windows"};
    cat.techniques.push_back(t7000);
    Threat alpha;
    alpha.id = "G0001";
    alpha.name = "Alpha <Group> & Co";
    alpha.techniques = {"T1000", "T2000", "T3000", "T6000", "T7000"};
    Threat beta = alpha;
    beta.id = "G0002";
    beta.name = "Beta";
    beta.techniques = {"T2000", "T7000", "T4000"};  // T4000 is deprecated: not counted
    Threat camp;
    camp.id = "C0001";
    camp.kind = ThreatKind::Campaign;
    camp.name = "Campaign One";
    camp.techniques = {"T3000"};
    cat.threats = {camp, alpha, beta};
    cat.reindex();

    BoardReport r = f.report("coverage_q3_2026");
    const Coverage current = coverage_from_scores(f.scores, "coverage_q3_2026");
    ThreatOptions to;
    const ThreatCoverage tc = compute_threat_coverage(current, cat, {cat.find_threat("G0001"), cat.find_threat("G0002")}, to);
    ThreatRankingOptions ro;
    ro.min_techniques = 1;
    r.board.threats = board_threats(tc, rank_threats(current, cat, to, ro));
    GapOptions go;
    r.board.top_gaps = prioritise_gaps(current, cat, go, &tc.frequency);

    const std::string html = write_board_html(r, cat);
    CHECK(html == write_board_html(r, cat));
    const auto doc = parse_document(html);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    std::vector<std::string> h2;
    for (auto i : find_all(doc, "h2")) h2.push_back(all_text(doc, i));
    CHECK(h2 == std::vector<std::string>{"Key figures", "Against the selected threats", "Coverage by tactic", "Top 4 gaps to close",
                                         "Trend", "Weakest against", "Heat-map"});
    // Alpha: T1000, T2000, T3000, T6000 covered of 5 (80%), T1000 well; Beta: T2000 of 2 (50%), none well.
    CHECK(html.find("<li><strong>Against Alpha &lt;Group&gt; &amp; Co: 4 of 5 techniques covered (80%), 1 covered well</strong> "
                    "<span class=\"shb-id\">(G0001, group)</span></li>") != std::string::npos);
    CHECK(html.find("Against Beta: 1 of 2 techniques covered (50%), 0 covered well") != std::string::npos);
    CHECK(html.find("<li>All 2 selected: 4 of 5 techniques covered (80%), 1 covered well</li>") != std::string::npos);
    // Their uncovered technique, used by both: frequency 100, priority 10 x 1 + 100 = 110.
    CHECK(html.find("<span class=\"shb-id\">T7000</span> Name of T7000</th><td>Collection</td><td class=\"shb-num\">"
                    "<data value=\"100\">100</data></td><td class=\"shb-num shb-priority\"><data value=\"110\">110.0</data>") !=
          std::string::npos);
    // The gaps say where their frequency comes from.
    CHECK(html.find("frequency is the share of the 2 selected threats using the technique (%)") != std::string::npos);
    // Weakest against: the campaign (T3000 covered, 1 of 1 = 100%) last; Beta (50%) first.
    const auto ranked = find_all(doc, "section");
    CHECK(html.find("<th scope=\"row\"><span class=\"shb-id\">G0002</span> Beta</th><td>group</td><td class=\"shb-num\">"
                    "<data value=\"50\">50%</data></td><td class=\"shb-num\">1 of 2</td>") != std::string::npos);
    CHECK(html.find("G0002</span> Beta") < html.find("G0001</span> Alpha"));
    CHECK(html.find("G0001</span> Alpha") < html.find("C0001</span> Campaign One"));
    CHECK(ranked.size() >= 6);

    SECTION("without a selection: no selection section; the ranking stays") {
        r.board.threats = board_threats(ThreatCoverage{}, rank_threats(current, cat, to, ro));
        const std::string plain = write_board_html(r, cat);
        CHECK(plain.find("Against the selected threats") == std::string::npos);
        CHECK(plain.find("Weakest against") != std::string::npos);
        r.board.threats = BoardThreats{};  // a catalogue without threats: neither
        CHECK(write_board_html(r, cat).find("Weakest against") == std::string::npos);
    }
    SECTION("a campaign named by its id (ATT&CK's C0010 is named \"C0010\"): its row says the id once") {
        for (auto& row : r.board.threats.weakest.rows)
            if (row.id == "C0001") row.name = "C0001";
        const std::string once = write_board_html(r, cat);
        CHECK(once.find("<th scope=\"row\"><span class=\"shb-id\">C0001</span></th><td>campaign</td>") != std::string::npos);
        CHECK(once.find("C0001</span> C0001") == std::string::npos);
    }
}

TEST_CASE("board document: a layer's scores, hostile text, the stylesheet's scope", "[board][html]") {
    Board f;
    BoardReport r = f.report("</style><script>alert(\"x\")</script> & 'q'");
    r.from_rules = false;
    r.scores_from = "the layer <b>.json";
    const std::string html = write_board_html(r, f.cat);
    const auto doc = parse_document(html);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<b>") == std::string::npos);
    CHECK(all_text(doc, find_all(doc, "h1").front()) == "ATT&CK coverage \u2014 </style><script>alert(\"x\")</script> & 'q'");
    CHECK(html.find("scores from the layer &lt;b&gt;.json (rule details are not part of it)") != std::string::npos);
    // Our own layer's legend items only say what the gradient says: not repeated in its legend.
    const auto legend = find_all(doc, "ul", "shb-legend");
    REQUIRE(legend.size() == 2);  // the tactic bars' and the heat-map's
    CHECK(all_text(doc, legend[1]).find("best rule high (80)") == std::string::npos);

    SECTION("another producer's legend items follow the range, with their colours, in the document and its picture") {
        Layer other;
        Diagnostics dd;
        REQUIRE(read_layer(R"({"name": "theirs", "versions": {"layer": "4.5"}, "techniques": [{"techniqueID": "T1000", "score": 1}],
                               "legendItems": [{"label": "found by the red team", "color": "#FF0000"}]})",
                           "theirs.json", other, dd));
        r.heatmap = board_heatmap(other, f.cat, "theirs.json");
        const auto doc2 = parse_document(write_board_html(r, f.cat));
        INFO(doc2.error);
        REQUIRE(doc2.error.empty());
        const auto legend2 = find_all(doc2, "ul", "shb-legend");
        REQUIRE(legend2.size() == 2);
        const std::string key = all_text(doc2, legend2[1]);
        CHECK(key.find("found by the red team") != std::string::npos);
        CHECK(key.find("found by the red team") > key.find("range"));
        bool red_swatch = false;
        for (std::size_t i : find_all(doc2, "rect"))
            red_swatch |= inside(doc2, i, legend2[1]) && doc2.elements[i].attrs.count("fill") && doc2.elements[i].attrs.at("fill") == "#ff0000";
        CHECK(red_swatch);
        // The board picture: the swatch and the label under its gradient.
        const auto img = test::parse_xml(write_svg(build_board_image(r, f.cat)));
        bool label = false, swatch_drawn = false;
        for (const auto& e : img.elements) {
            label |= e.name == "text" && e.text == "found by the red team";
            swatch_drawn |= e.name == "rect" && e.attrs.count("class") && e.attrs.at("class") == "legend legend-item" &&
                            e.attrs.at("fill") == "#ff0000";
        }
        CHECK(label);
        CHECK(swatch_drawn);
    }

    SECTION("every rule of the stylesheet is scoped under .shb (the page holds the document beside its own content)") {
        std::string css(board_css());
        REQUIRE(css.find("@media print") != std::string::npos);
        css = std::regex_replace(css, std::regex(R"(/\*[\s\S]*?\*/)"), "");
        std::size_t selectors = 0;
        std::string prelude;
        int depth = 0;
        for (char c : css) {
            if (c == '{') {
                const auto b = prelude.find_first_not_of(" \n\t");
                const std::string sel = b == std::string::npos ? "" : prelude.substr(b);
                if (sel.rfind("@media", 0) != 0 && sel.rfind("@page", 0) != 0) {
                    // Each comma-separated selector starts with .shb.
                    std::size_t start = 0;
                    for (;;) {
                        const auto comma = sel.find(',', start);
                        std::string one = sel.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
                        one.erase(0, one.find_first_not_of(" \n\t"));
                        INFO(one);
                        CHECK(one.rfind(".shb", 0) == 0);
                        ++selectors;
                        if (comma == std::string::npos) break;
                        start = comma + 1;
                    }
                }
                ++depth;
                prelude.clear();
            } else if (c == '}') {
                --depth;
                prelude.clear();
            } else if (c == ';' && depth > 0) {
                prelude.clear();
            } else {
                prelude += c;
            }
        }
        CHECK(depth == 0);
        CHECK(selectors > 30);
    }
}

// A share of x.5% was rounded half to even in the tiles, trend lines and the page ("%.0f": 5 of 8
// is "62%") and half away from zero in the board's bars and pictures ("63%"): the page's Board and
// the document the CLI wrote for the same rules disagreed. A tactic with no technique on the chosen
// platforms said "0% (0/0)", as if none of its techniques were covered.
TEST_CASE("a share is worded the same everywhere: 5 of 8 is 63%; a tactic with nothing on the platforms says so", "[board][image]") {
    CHECK(percent_label(62.5) == "63%");
    CHECK(percent_label(12.5) == "13%");
    CHECK(percent_label(87.5) == "88%");
    CHECK(percent_label(0.4) == "0%");
    CHECK(percent_label(99.5) == "100%");
    CHECK(percent_label(std::nan("")) == "0%");
    CHECK(percent_label(0, 0) == "\u2014");
    CHECK(percent_label(1e300).size() > 300);  // a trend file's nonsense is printed, not overflowed
    Board f;
    BoardReport r = f.report("coverage_q3_2026");
    Kpis k = compute_kpis(f.rules, f.scores, f.cat, KpiOptions{});
    REQUIRE(k.tactics.size() >= 2);
    k.techniques.total = 8, k.techniques.covered = 5, k.techniques.at_threshold = 1;
    k.tactics[0].techniques = CoverageCount{0, 0, 0};
    k.tactics[1].techniques = CoverageCount{8, 5, 1};
    r.board = build_board("coverage_q3_2026", k, {}, Trend{}, f.cat);
    CHECK(r.board.tiles[0].value == "63%");
    CHECK(r.board.tiles[1].value == "13%");
    const std::string html = write_board_html(r, f.cat);
    CHECK(html.find(">63% <span class=\"shb-id\">(5/8)</span></td><td class=\"shb-num\">13% <span") != std::string::npos);
    CHECK(html.find(">\u2014 <span class=\"shb-id\">(0/0)</span></td><td class=\"shb-num\">\u2014 <span") != std::string::npos);
    CHECK(html.find(">0% <span class=\"shb-id\">(0/0)") == std::string::npos);
    const auto doc = test::parse_xml(write_svg(build_board_image(r, f.cat)));
    REQUIRE(doc.error.empty());
    std::set<std::string> texts;
    for (const auto& e : doc.elements)
        if (e.name == "text") texts.insert(e.text);
    CHECK(texts.count("63% (5/8)") == 1);
    CHECK(texts.count("\u2014 (0/0)") == 1);
    CHECK(texts.count("63%") == 1);  // the tile
}

TEST_CASE("board image: the same parts as one picture, as SVG and PNG", "[board][image]") {
    Board f;
    const BoardReport r = f.report("coverage_q3_2026");
    const MatrixImage img = build_board_image(r, f.cat);
    CHECK(img.width >= 1280);
    const std::string svg = write_svg(img);
    const auto doc = test::parse_xml(svg);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    std::set<std::string> texts;
    for (const auto& e : doc.elements)
        if (e.name == "text") texts.insert(e.text);
    for (const char* t : {"ATT&CK coverage \u2014 coverage_q3_2026", "Techniques covered", "100%", "Coverage by tactic",
                          "Top 3 gaps to close", "T3000 Name of T3000", "87.0", "Heat-map", "not covered"})
        CHECK(texts.count(t) == 1);
    // The gaps' columns as in the document: the priority right after the score, the formula's terms after it.
    std::map<std::string, double> head_x;
    for (const auto& e : doc.elements)
        if (e.name == "text" && e.attrs.count("class") && e.attrs.at("class") == "gap" && !head_x.count(e.text))
            head_x[e.text] = std::stod(e.attrs.at("x"));
    REQUIRE(head_x.count("Score") + head_x.count("Priority") + head_x.count("Crit.") + head_x.count("\u2212Cov.") == 4);
    CHECK(head_x["Score"] < head_x["Priority"]);
    CHECK(head_x["Priority"] < head_x["Crit."]);
    CHECK(head_x["Crit."] < head_x["\u2212Cov."]);
    // The heat-map's cells, placed inside the picture, sub-techniques rolled up into T1000 (max 100).
    std::set<std::string> ids;
    for (std::size_t i = 0; i < doc.elements.size(); ++i) {
        const auto& e = doc.elements[i];
        if (e.name != "rect" || !e.attrs.count("class") || e.attrs.at("class").rfind("cell", 0) != 0) continue;
        ids.insert(e.attrs.at("id"));
        CHECK(std::stod(e.attrs.at("x")) + std::stod(e.attrs.at("width")) <= img.width);
        CHECK(std::stod(e.attrs.at("y")) + std::stod(e.attrs.at("height")) <= img.height);
        if (e.attrs.at("id") == "cell-execution-T1000")
            CHECK(doc.elements[i + 1].text == "T1000 Name of T1000 \u00b7 Execution \u00b7 score 100 \u00b7 sub-techniques covered 2 of 2");
    }
    CHECK(ids == std::set<std::string>{"cell-execution-T1000", "cell-persistence-T2000", "cell-privilege-escalation-T2000",
                                       "cell-privilege-escalation-T6000", "cell-collection-T3000"});
    const PngResult png = write_png(img);
    REQUIRE(png.ok());
    CHECK(png.width == int(std::ceil(img.width)));
    CHECK(png.height == int(std::ceil(img.height)));
    CHECK(write_png(build_board_image(f.report("coverage_q3_2026"), f.cat)).data == png.data);
}

TEST_CASE("trend chart and lines in both writers", "[board][image]") {
    Trend t;
    t.threshold = 80;
    t.points = {{"q1", "", "2026-01-01", {}, 20, 10, 0, 0}, {"q2", "", "2026-04-01", {}, 40, 20, 0, 0}};
    const MatrixImage chart = trend_chart_image(t, 400, 200);
    int lines = 0;
    for (const auto& s : chart.shapes) lines += s.kind == ShapeKind::Line && s.css_class == "series";
    CHECK(lines == 2);
    const auto doc = test::parse_xml(write_svg(chart));
    REQUIRE(doc.error.empty());
    // Points where their days fall, as `history --chart` and the page place them (they were spaced
    // evenly): 2026-01-02 is 1 day after the first point, 2026-04-11 100 days.
    t.points = {{"a", "", "2026-01-01", {}, 20, 10, 0, 0}, {"b", "", "2026-01-02", {}, 30, 20, 0, 0},
                {"now", "", "2026-04-11", {}, 40, 20, 0, 0}};
    std::vector<float> x;
    for (const auto& s : trend_chart_image(t, 600, 240).shapes)
        if (s.css_class == "point" && x.size() < 3) x.push_back(s.x + s.w / 2);
    REQUIRE(x.size() == 3);
    CHECK((x[1] - x[0]) / (x[2] - x[0]) == Approx(1.0 / 100).margin(1e-4));
    // A line crossing the image draws its colour in the PNG where the SVG says it is.
    MatrixImage img;
    img.width = 40, img.height = 20;
    Shape bg;
    bg.w = 40, bg.h = 20, bg.fill = Rgb{255, 255, 255};
    img.shapes.push_back(bg);
    Shape line;
    line.kind = ShapeKind::Line;
    line.points[0] = 0, line.points[1] = 10, line.points[2] = 40, line.points[3] = 10;
    line.stroke = Rgb{0, 0, 255};
    line.stroke_width = 4;
    img.shapes.push_back(line);
    Canvas canvas(1, 1, Rgb{});
    std::string error;
    REQUIRE(rasterise_image(img, 1, 1u << 20, canvas, error));
    CHECK(canvas.at(20, 9) == Rgb{0, 0, 255});
    CHECK(canvas.at(20, 10) == Rgb{0, 0, 255});
    CHECK(canvas.at(20, 3) == Rgb{255, 255, 255});
    CHECK(canvas.at(20, 16) == Rgb{255, 255, 255});
    CHECK(write_svg(img).find("<line x1=\"0\" y1=\"10\" x2=\"40\" y2=\"10\" stroke=\"#0000ff\" stroke-width=\"4\"/>") !=
          std::string::npos);
}

TEST_CASE("board heat-map: a layer's platform filter leaves the other platforms' techniques out, as the Navigator", "[board][image]") {
    const Catalogue& cat = default_catalogue();
    auto heatmap_ids = [&](const std::string& filters) {
        Layer l;
        Diagnostics d;
        REQUIRE(read_layer(R"({"name": "x", "versions": {"layer": "4.5", "attack": "19"}, "domain": "enterprise-attack",)" + filters +
                               R"("techniques": [{"techniqueID": "T1059.001", "tactic": "execution", "score": 80},
                                               {"techniqueID": "T1059.004", "tactic": "execution", "score": 50}]})",
                           "x.json", l, d));
        std::set<std::string> ids;
        for (const auto& s : board_heatmap(l, cat, "x.json").image.shapes)
            if (!s.id.empty()) ids.insert(s.id);
        return ids;
    };
    // PowerShell is Windows-only, Unix Shell is not on Windows (ATT&CK).
    const auto linux = heatmap_ids(R"("filters": {"platforms": ["linux"]},)");
    CHECK(linux.count("cell-execution-T1059.004") == 1);
    CHECK(linux.count("cell-execution-T1059.001") == 0);
    CHECK(linux.count("cell-execution-T1059.003") == 0);  // Windows Command Shell
    const auto all = heatmap_ids("");
    CHECK(all.count("cell-execution-T1059.001") == 1);
    CHECK(all.count("cell-execution-T1059.004") == 1);
}

TEST_CASE("board heat-map on paper: its page's scale as board.css prints it", "[board][html][print]") {
    // By hand: 1 mm = 96 / 25.4 CSS px. Landscape page 277 x 140 mm = 1046.9 x 529.1 px; portrait
    // (taller than 3/4 of the width) 190 x 205 mm = 718.1 x 774.8 px.
    CHECK(heatmap_print_scale(2848, 5169) == Approx(774.8f / 5169).epsilon(1e-3));  // portrait, height-bound
    CHECK(heatmap_print_scale(2848, 1290) == Approx(1046.9f / 2848).epsilon(1e-3));  // landscape, width-bound
    CHECK(heatmap_print_scale(2000, 1400) == Approx(529.1f / 1400).epsilon(1e-3));  // landscape, height-bound
    CHECK(heatmap_print_scale(400, 200) == Approx(1046.9f / 400).epsilon(1e-3));    // small: drawn larger
    CHECK(heatmap_prints_portrait(100, 76));
    CHECK_FALSE(heatmap_prints_portrait(100, 75));
}

TEST_CASE("board heat-map on paper: too small on its page, printed again by technique, five tactics a page", "[board][html][print]") {
    const Catalogue& cat = default_catalogue();
    // Every active technique and sub-technique of ATT&CK 19 with a score: the whole matrix, each
    // parent shown with its sub-techniques (about 15 x 5,000 layout px: under 2 pt on paper).
    std::string techniques;
    std::set<std::string> parents;
    int n = 0;
    for (const Technique& t : cat.techniques) {
        if (t.deprecated || t.revoked) continue;
        if (!t.is_subtechnique()) parents.insert(t.id);
        techniques += std::string(techniques.empty() ? "" : ",") + R"({"techniqueID": ")" + t.id + R"(", "score": )" +
                      std::to_string(10 + (n++ * 7) % 91) + "}";
    }
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(R"({"name": "all", "versions": {"layer": "4.5", "attack": "19"}, "domain": "enterprise-attack", "techniques": [)" +
                           techniques + "]}",
                       "all.json", layer, d));
    const BoardHeatmap h = board_heatmap(layer, cat, "all.json");
    REQUIRE(heatmap_print_scale(h.image.width, h.image.height) * 13 < 3);

    // Parts of 5, 5, ... tactics (as even as can be), in matrix order, together every tactic once.
    const std::size_t tactics = cat.tactics.size();
    REQUIRE(tactics >= 14);
    REQUIRE(h.print_parts.size() == (tactics + 4) / 5);
    std::vector<std::string> order;  // tactic shortnames in the parts' cells, in turn
    std::set<std::string> drawn_parents;
    for (const auto& part : h.print_parts) {
        std::vector<std::string> part_tactics;
        int scored = 0, scores_written = 0;
        for (const Shape& s : part.image.shapes) {
            if (s.css_class == "score") ++scores_written;
            if (s.id.rfind("cell-", 0) != 0) continue;
            const std::string tactic = s.id.substr(5, s.id.rfind('-') - 5), id = s.id.substr(s.id.rfind('-') + 1);
            if (part_tactics.empty() || part_tactics.back() != tactic) part_tactics.push_back(tactic);
            CHECK(id.find('.') == std::string::npos);  // techniques only: sub-techniques rolled up
            drawn_parents.insert(id);
            scored += s.css_class == "cell scored";
        }
        CHECK(part_tactics.size() <= 5);
        CHECK(part_tactics.size() >= tactics / h.print_parts.size());
        CHECK(scores_written == scored);  // each score written in its cell
        CHECK(part.image.width < h.image.width / 2);
        // Near 7 pt on a 190 mm wide page: at least 9 CSS px for the 13 px matrix text.
        CHECK(190.0f * 96 / 25.4f / part.image.width * 13 >= kPrintLegiblePx);
        const std::string first = cat.tactics[order.size()].name;
        order.insert(order.end(), part_tactics.begin(), part_tactics.end());
        CHECK(part.tactics == first + " to " + cat.tactics[order.size() - 1].name);
    }
    std::vector<std::string> all;
    for (const Tactic& t : cat.tactics) all.push_back(t.shortname);
    CHECK(order == all);
    CHECK(drawn_parents == parents);  // every technique (each scores here) is on paper

    // The document: the parts hidden from screens and from readers without styles, headed, each
    // drawing's ids its own; no id twice in the whole document.
    BoardReport r;
    r.board.title = "ATT&CK coverage";
    r.heatmap = h;
    const std::string html = write_board_html(r, cat);
    const auto doc = parse_document(html);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    const auto section = find_all(doc, "section", "shb-print-parts");
    REQUIRE(section.size() == 1);
    CHECK(doc.elements[section[0]].attrs.count("hidden") == 1);
    const auto parts = find_all(doc, "div", "shb-print-part");
    REQUIRE(parts.size() == h.print_parts.size());
    const auto h3 = find_all(doc, "h3");
    REQUIRE(h3.size() >= parts.size());
    CHECK(all_text(doc, h3[0]) == cat.tactics[0].name + " to " + cat.tactics[4].name + " (1 of " + std::to_string(parts.size()) + ")");
    std::map<std::string, int> ids;
    for (const auto& e : doc.elements)
        if (e.attrs.count("id")) ++ids[e.attrs.at("id")];
    for (const auto& [id, count] : ids) CHECK((id + " x" + std::to_string(count)) == (id + " x1"));
    for (std::size_t i = 1; i <= parts.size(); ++i) CHECK(ids.count("shb-part" + std::to_string(i) + "-title") == 1);
    CHECK(ids.count("shb-part1-cell-" + cat.tactics[0].shortname + "-T1595") == 1);  // Active Scanning, Reconnaissance
    CHECK(ids.count("shb-heatmap-title") == 1);
    CHECK(ids.count("shb-map-title") == 1);  // the heat-map drawing's own <title>
}

TEST_CASE("board heat-map on paper: a heat-map legible on its own page is not printed again", "[board][html][print]") {
    Board f;
    const BoardReport r = f.report("small");
    REQUIRE(heatmap_print_scale(r.heatmap.image.width, r.heatmap.image.height) * 13 >= kPrintLegiblePx);
    CHECK(r.heatmap.print_parts.empty());
    const std::string html = write_board_html(r, f.cat);
    CHECK(html.find("class=\"shb-print-parts\"") == std::string::npos);
    std::map<std::string, int> ids;
    const auto doc = parse_document(html);
    for (const auto& e : doc.elements)
        if (e.attrs.count("id")) ++ids[e.attrs.at("id")];
    for (const auto& [id, count] : ids) CHECK((id + " x" + std::to_string(count)) == (id + " x1"));
}
