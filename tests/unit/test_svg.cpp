// test_svg.cpp — render/svg (+ render/image): the SVG parses back as XML, has one coloured cell per
// scored technique cell with the gradient's fill, escapes hostile text, is deterministic, and the
// SigmaHQ heat-map renders completely. Golden-free: expectations are computed here.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include "catch.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "image_fixtures.hpp"
#include "test_support.hpp"
#include "xml_check.hpp"

using namespace sh;

namespace {

std::map<std::string, test::XmlElement> cells_by_id(const test::XmlDocument& doc, bool scored_only) {
    std::map<std::string, test::XmlElement> out;
    for (const auto& e : doc.elements) {
        if (e.name != "rect" || !e.attrs.count("class")) continue;
        const std::string& cls = e.attrs.at("class");
        if (cls.rfind("cell", 0) != 0) continue;
        if (scored_only && cls != "cell scored") continue;
        REQUIRE(e.attrs.count("id"));
        REQUIRE(out.count(e.attrs.at("id")) == 0);  // each cell exactly once
        out[e.attrs.at("id")] = e;
    }
    return out;
}

}  // namespace

TEST_CASE("SVG is well-formed and has one coloured cell per scored technique", "[svg]") {
    const Catalogue cat = test::image_catalogue();
    const ScoreResult scores = test::image_scores();

    SECTION("sub-techniques expanded: every entry has its own cell with the gradient colour") {
        const std::string svg = write_svg(build_matrix_image(cat, scores, test::image_options(true)));
        const auto doc = test::parse_xml(svg);
        INFO(doc.error);
        REQUIRE(doc.error.empty());
        REQUIRE(doc.elements.front().name == "svg");
        CHECK(doc.elements.front().attrs.at("xmlns") == "http://www.w3.org/2000/svg");
        CHECK(doc.elements.front().attrs.at("version") == "1.1");

        const auto scored = cells_by_id(doc, true);
        // Own entries, plus parents coloured by their sub-techniques (aggregate max).
        const std::map<std::string, double> expected = {
            {"cell-execution-T1053", 80},      {"cell-execution-T1053.005", 80}, {"cell-execution-T1059", 100},
            {"cell-execution-T1059.001", 100}, {"cell-execution-T1059.003", 50}, {"cell-persistence-T1053", 25},
            {"cell-persistence-T1053.005", 25}, {"cell-persistence-T1098", 0},
        };
        REQUIRE(scored.size() == expected.size());
        for (const auto& [id, score] : expected) {
            INFO(id);
            REQUIRE(scored.count(id) == 1);
            CHECK(scored.at(id).attrs.at("fill") == test::expected_fill(test::ryg(), 0, 100, score));
        }
        // Known values of the default palette, by hand.
        CHECK(scored.at("cell-execution-T1059.003").attrs.at("fill") == "#ffe766");  // 50: the middle stop
        CHECK(scored.at("cell-persistence-T1098").attrs.at("fill") == "#ff6666");    // 0: the low end
        CHECK(scored.at("cell-persistence-T1053").attrs.at("fill") == "#ffa766");    // 25: half way to yellow

        // Uncovered cells are there too, in the page's grey, not counted as scored.
        const auto all = cells_by_id(doc, false);
        CHECK(all.size() == 12);  // execution: T1053 + 2 subs, T1059 + 3 subs; persistence: T1053 + 2 subs, T1098, T1547
        CHECK(all.at("cell-execution-T1059.006").attrs.at("fill") == "#fafafb");
        CHECK(all.at("cell-persistence-T1547").attrs.at("fill") == "#f3f4f6");
        // Every cell has a tooltip naming it.
        for (const auto& e : doc.elements)
            if (e.name == "title" && e.parent >= 0 && doc.elements[std::size_t(e.parent)].attrs.count("class") &&
                doc.elements[std::size_t(e.parent)].attrs.at("class").rfind("cell", 0) == 0)
                CHECK(e.text.rfind("T1", 0) == 0);
    }
    SECTION("collapsed: parents carry the aggregate, sub-techniques are not drawn") {
        const std::string svg = write_svg(build_matrix_image(cat, scores, test::image_options(false)));
        const auto doc = test::parse_xml(svg);
        REQUIRE(doc.error.empty());
        const auto scored = cells_by_id(doc, true);
        REQUIRE(scored.size() == 4);
        CHECK(scored.at("cell-execution-T1059").attrs.at("fill") == test::expected_fill(test::ryg(), 0, 100, 100));
        CHECK(scored.at("cell-execution-T1053").attrs.at("fill") == test::expected_fill(test::ryg(), 0, 100, 80));
        CHECK(scored.at("cell-persistence-T1053").attrs.at("fill") == test::expected_fill(test::ryg(), 0, 100, 25));
        CHECK(scored.count("cell-execution-T1059.001") == 0);
    }
    SECTION("palette, range and aggregate options reach the fills") {
        ImageOptions o = test::image_options(false);
        const std::vector<std::string> cb = {"#2166ac", "#fee090", "#000000"};
        o.gradient = make_gradient(cb, 20, 60);
        o.matrix.aggregate = Aggregate::Avg;
        const auto doc = test::parse_xml(write_svg(build_matrix_image(cat, scores, o)));
        REQUIRE(doc.error.empty());
        const auto scored = cells_by_id(doc, true);
        CHECK(scored.at("cell-execution-T1059").attrs.at("fill") == test::expected_fill(cb, 20, 60, 60));  // avg 60
        CHECK(scored.at("cell-persistence-T1098").attrs.at("fill") == "#2166ac");  // 0, clamped to the low end
    }
}

TEST_CASE("SVG holds the header, legend and text as text", "[svg]") {
    const Catalogue cat = test::image_catalogue();
    ImageOptions o = test::image_options(false);
    o.rules = 7;
    const auto doc = test::parse_xml(write_svg(build_matrix_image(cat, test::image_scores(), o)));
    REQUIRE(doc.error.empty());
    std::vector<std::string> texts;
    for (const auto& e : doc.elements)
        if (e.name == "text") texts.push_back(e.text);
    auto has = [&](const std::string& t) { return std::find(texts.begin(), texts.end(), t) != texts.end(); };
    CHECK(has("Test heat-map"));
    CHECK(has("2026-01-02 \u00b7 MITRE ATT&CK\u00ae Enterprise v19"));
    // The reports' KPIs: techniques with a score > 0, a parent also through its sub-techniques:
    // T1053 (T1053.005) and T1059, not T1098 (score 0) nor T1547 -> 2 of 4. With sub-techniques,
    // each on its own score: T1059, T1053.005, T1059.001, T1059.003 -> 4 of 9. Both tactics; 7 rules.
    CHECK(has("2 of 4 techniques covered (50%) \u00b7 4 of 9 with sub-techniques (44%) \u00b7 2 of 2 tactics \u00b7 7 rules"));
    CHECK(has("Execution"));
    CHECK(has("Persistence"));
    CHECK(has("no rules"));
    CHECK(has("0"));
    CHECK(has("100"));
    // Text elements name DejaVu Sans through the enclosing group.
    bool font_named = false;
    for (const auto& e : doc.elements)
        if (e.name == "g" && e.attrs.count("font-family")) font_named = e.attrs.at("font-family").find("DejaVu Sans") != std::string::npos;
    CHECK(font_named);
    // The legend's gradient has the palette's stops.
    std::vector<std::string> stops;
    for (const auto& e : doc.elements)
        if (e.name == "stop") stops.push_back(e.attrs.at("stop-color"));
    CHECK(stops == test::ryg());
}

// With a platform filter, a tactic can hold one technique (Containers: Lateral Movement): its header
// said "1 techniques · 0 covered" and "1 techniques, 0 with rules".
TEST_CASE("a tactic header with one technique says 'technique'", "[svg]") {
    const Catalogue& cat = default_catalogue();
    ImageOptions o;
    o.matrix.platforms = {"Containers"};
    const auto doc = test::parse_xml(write_svg(build_matrix_image(cat, ScoreResult{}, o)));
    REQUIRE(doc.error.empty());
    std::vector<std::string> header_texts;
    for (const auto& e : doc.elements)
        if ((e.name == "text" || e.name == "title") && (e.text.find("technique ") != std::string::npos ||
                                                        e.text.find("techniques ") != std::string::npos ||
                                                        e.text.find("technique,") != std::string::npos ||
                                                        e.text.find("techniques,") != std::string::npos))
            header_texts.push_back(e.text);
    REQUIRE(!header_texts.empty());
    bool one = false;
    for (const auto& t : header_texts) {
        INFO(t);
        CHECK(t.find(" 1 techniques") == std::string::npos);
        CHECK(t.rfind("1 techniques", 0) != 0);
        one = one || t.find("1 technique ·") != std::string::npos || t.find(" 1 technique,") != std::string::npos;
    }
    CHECK(one);  // Lateral Movement has exactly one on Containers

    // The KPI line counts the tactics that have a technique on the platform (worked out here from
    // the catalogue): five tactics have none on Containers and cannot be covered.
    std::set<std::string> tactics_on_platform;
    for (const auto& t : cat.techniques)
        if (!t.revoked && !t.deprecated && !t.is_subtechnique() &&
            std::find(t.platforms.begin(), t.platforms.end(), "Containers") != t.platforms.end())
            tactics_on_platform.insert(t.tactics.begin(), t.tactics.end());
    REQUIRE(tactics_on_platform.size() < cat.tactics.size());
    const std::string kpi = image_kpi_line(cat, ScoreResult{}, {"Containers"}, -1);
    INFO(kpi);
    CHECK(kpi.find("0 of " + std::to_string(tactics_on_platform.size()) + " tactics") != std::string::npos);
}

TEST_CASE("SVG escapes hostile text and stays well-formed", "[svg]") {
    Catalogue cat = test::image_catalogue();
    cat.tactics[0].name = "Exec <script>alert(1)</script> & \"quotes\" 'apos' ]]>";
    cat.techniques[3].name = std::string("Bad \x01\x1f bytes \xff\xfe and \xe2\x82 cut");
    cat.techniques[4].name = std::string(1 << 20, 'W');  // a 1 MB name: cut, not wrapped for minutes
    cat.reindex();
    ImageOptions o = test::image_options(true);
    o.title = std::string("Title with <tags> & \x07 bell and a very long tail ") + std::string(5000, 'x');
    o.kpi_line = "&amp; literal";
    const std::string svg = write_svg(build_matrix_image(cat, test::image_scores(), o));
    const auto doc = test::parse_xml(svg);
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    CHECK(svg.find("<script>") == std::string::npos);
    bool title_seen = false, kpi_seen = false;
    for (const auto& e : doc.elements) {
        if (e.name == "text" && e.text.rfind("Title with <tags> & bell and a very long tail", 0) == 0) title_seen = true;
        if (e.name == "text" && e.text == "&amp; literal") kpi_seen = true;
    }
    CHECK(title_seen);
    CHECK(kpi_seen);
}

TEST_CASE("SVG output is deterministic", "[svg]") {
    const Catalogue cat = test::image_catalogue();
    const auto a = write_svg(build_matrix_image(cat, test::image_scores(), test::image_options(true)));
    const auto b = write_svg(build_matrix_image(cat, test::image_scores(), test::image_options(true)));
    CHECK(a == b);
    // Numbers are printed with at most two decimals, never in exponent form.
    CHECK(a.find("e+") == std::string::npos);
    CHECK(a.find("nan") == std::string::npos);
}

TEST_CASE("mini layout: squares without labels, same fills", "[svg]") {
    const Catalogue cat = test::image_catalogue();
    ImageOptions o = test::image_options(true);
    o.layout = MatrixLayout::Mini;
    const auto doc = test::parse_xml(write_svg(build_matrix_image(cat, test::image_scores(), o)));
    REQUIRE(doc.error.empty());
    const auto scored = cells_by_id(doc, true);
    CHECK(scored.size() == 8);
    CHECK(scored.at("cell-execution-T1059.003").attrs.at("fill") == "#ffe766");
    for (const auto& e : doc.elements)
        if (e.name == "text" && e.attrs.count("class")) CHECK(e.attrs.at("class") != "label");
}

TEST_CASE("SigmaHQ heat-map as SVG: every scored pair has its cell", "[svg][corpus]") {
    if (!test::shared_available()) return;
    namespace fs = std::filesystem;
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(test::shared_dir() + "/sigma/rules"))
        if (e.is_regular_file() && e.path().extension() == ".yml") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    LoadResult loaded;
    for (const auto& f : files) load_rules_from_text(test::read_text(f), f, loaded);
    const Catalogue& cat = default_catalogue();
    const ScoreResult scores = score_rules(loaded.rules, cat, ScoreOptions{});
    ImageOptions o = test::image_options(true);
    o.gradient = make_gradient(test::ryg(), 0, 100);
    const auto doc = test::parse_xml(write_svg(build_matrix_image(cat, scores, o)));
    REQUIRE(doc.error.empty());
    const auto scored = cells_by_id(doc, true);
    std::set<std::string> shown_techniques;  // build_matrix hides deprecated/revoked techniques
    for (const auto& t : cat.techniques)
        if (!t.deprecated && !t.revoked) shown_techniques.insert(t.id);
    int expected = 0;
    for (const auto& e : scores.entries) {
        if (!shown_techniques.count(e.technique)) continue;
        ++expected;
        const std::string id = "cell-" + e.tactic + "-" + e.technique;
        INFO(id);
        REQUIRE(scored.count(id) == 1);
        // A parent's cell shows the max over itself and its sub-techniques; a sub-technique its own.
        if (e.technique.find('.') != std::string::npos)
            CHECK(scored.at(id).attrs.at("fill") == test::expected_fill(test::ryg(), 0, 100, e.score));
    }
    CHECK(expected > 400);
}

// Writes the fixture's SVG and PNG to /tmp for comparing builds (native vs wasm): run with "[.svg-dump]".
TEST_CASE("dump the fixture SVG", "[.svg-dump]") {
    const Catalogue& cat = default_catalogue();
    const std::string svg = write_svg(build_matrix_image(cat, test::image_scores(), test::image_options(true)));
#ifdef __EMSCRIPTEN__
    const char* path = "/tmp/sh-fixture-wasm.svg";
#else
    const char* path = "/tmp/sh-fixture-native.svg";
#endif
    std::FILE* f = std::fopen(path, "wb");
    REQUIRE(f);
    std::fwrite(svg.data(), 1, svg.size(), f);
    std::fclose(f);
    // The PNG of the same image, to compare too.
    const PngResult png = write_png(build_matrix_image(cat, test::image_scores(), test::image_options(true)));
    REQUIRE(png.ok());
    f = std::fopen((std::string(path) + ".png").c_str(), "wb");
    REQUIRE(f);
    std::fwrite(png.data.data(), 1, png.data.size(), f);
    std::fclose(f);
}

TEST_CASE("image options from a layer: ours say rules and score meaning, others just name and gradient", "[svg]") {
    LoadResult loaded;
    for (const char* f : {"a.yml", "b.yml"})
        load_rules_from_text(test::read_text(test::data_dir() + "/count/" + f), f, loaded);
    const Catalogue& cat = default_catalogue();
    const ScoreResult scores = score_rules(loaded.rules, cat, ScoreOptions{});
    LayerOptions lo;
    lo.name = "weekly & <co>";
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(write_layer(scores, loaded.rules, cat, ScoreOptions{}, lo), "x.json", layer, d));
    const ImageOptions o = image_options_for_layer(layer);
    CHECK(o.title == "weekly & <co>");
    CHECK(o.rules == 2);
    CHECK(o.score_label == "Score: best rule level");
    CHECK(o.custom_range);
    CHECK(o.gradient.min == 0);
    CHECK(o.gradient.max == 80);  // a: high (80), b: medium (50)
    CHECK(o.gradient.stops.size() == 3);

    Layer other;
    other.name = "theirs";
    other.description = "Sigma rule coverage by sigma-heatmap: lots of rules";  // not our format: no count
    other.gradient_min = 10;
    other.gradient_max = 10;  // empty range: widened as Navigator requires
    const ImageOptions p = image_options_for_layer(other);
    CHECK(p.rules == -1);
    CHECK(p.score_label == "Score");
    CHECK(p.gradient.max > p.gradient.min);
}

// Our layers were known only by their generated description: one written with --description (or
// --score quality, whose description differs) drew its own gradient legend ("best rule high (80)")
// a second time under the gradient bar, and lost the rule count and score meaning in the caption.
// The layer's metadata says who wrote it and how; that is read first.
TEST_CASE("image options from our layer with the user's description: known by its metadata", "[svg][layer]") {
    LoadResult loaded;
    for (const char* f : {"a.yml", "b.yml"})
        load_rules_from_text(test::read_text(test::data_dir() + "/count/" + f), f, loaded);
    const Catalogue& cat = default_catalogue();
    for (const ScoreProfile profile : {ScoreProfile::Seed, ScoreProfile::Count, ScoreProfile::Level}) {
        INFO(profile_name(profile));
        ScoreOptions so;
        so.profile = profile;
        LayerOptions lo;
        lo.description = "Team X: Windows coverage";
        Layer layer;
        Diagnostics d;
        REQUIRE(read_layer(write_layer(score_rules(loaded.rules, cat, so), loaded.rules, cat, so, lo), "x.json", layer, d));
        REQUIRE(layer.legend_items.size() >= 2);  // written for the Navigator ...
        const ImageOptions o = image_options_for_layer(layer);
        CHECK(o.legend_items.empty());  // ... but the picture's gradient bar says it already
        CHECK(o.rules == 2);
        const std::string meaning = profile_description(profile);
        CHECK(o.score_label == "Score: " + meaning.substr(0, meaning.find(" per technique")));

        // An item someone added in the Navigator to our layer is theirs: drawn.
        layer.legend_items.push_back({"tested by the red team", "#ff0000"});
        const ImageOptions edited = image_options_for_layer(layer);
        REQUIRE(edited.legend_items.size() == 1);
        CHECK(edited.legend_items[0].first == "tested by the red team");
    }
}

// The layer format: an entry's `color` "overrides score color", and the Navigator draws a disabled
// entry without a background. The image drew every cell in its score's colour and left colour-only
// entries blank, so a hand-coloured layer (or our own --threat-layer, which colours the techniques
// we miss red) came out in other colours than the Navigator shows.
TEST_CASE("a layer's own colours and disabled entries are drawn as the Navigator draws them", "[svg]") {
    const Catalogue& cat = default_catalogue();
    const std::string text = R"({"name": "painted", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
      "gradient": {"colors": ["#ff6666", "#8ec843"], "minValue": 0, "maxValue": 100},
      "techniques": [
        {"techniqueID": "T1047", "tactic": "execution", "score": 100, "color": "#0000ff"},
        {"techniqueID": "T1059", "tactic": "execution", "color": "#123456"},
        {"techniqueID": "T1105", "score": 100, "color": "#00ff00"},
        {"techniqueID": "T1105", "score": 100, "color": "#abcdef"},
        {"techniqueID": "T1003", "tactic": "credential-access", "score": 100, "enabled": false, "color": "#0000ff"},
        {"techniqueID": "T1053", "tactic": "persistence", "score": 0},
        {"techniqueID": "T1053", "tactic": "execution", "score": 100, "color": "not a colour"},
        {"techniqueID": "T1082", "tactic": "discovery", "score": 100, "color": "#000000"},
        {"techniqueID": "T1082", "tactic": "discovery", "score": 100}]})";
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(text, "painted.json", layer, d));
    const ScoreResult scores = layer_to_scores(layer, cat, "painted.json");
    const ImageOptions io = image_options_for_layer(layer);
    REQUIRE(io.paints.size() == 4);  // T1105 once (the later entry), the unreadable colour none
    const test::XmlDocument doc = test::parse_xml(write_svg(build_matrix_image(cat, scores, io)));
    const auto cells = cells_by_id(doc, false);
    auto fill = [&](const std::string& id) {
        INFO(id);
        REQUIRE(cells.count(id));
        return cells.at(id).attrs.at("fill");
    };
    CHECK(fill("cell-execution-T1047") == "#0000ff");           // the colour over the score's green
    CHECK(fill("cell-execution-T1059") == "#123456");           // a colour-only entry is coloured too
    CHECK(cells.at("cell-execution-T1059").attrs.at("class") == "cell");  // ... but has no score
    CHECK(fill("cell-command-and-control-T1105") == "#abcdef");  // no tactic: every tactic; the later entry wins
    CHECK(fill("cell-credential-access-T1003") == "#f3f4f6");    // disabled: no background
    CHECK(fill("cell-persistence-T1053") == "#ff6666");          // no colour: the score's
    CHECK(fill("cell-execution-T1053") == "#8ec843");            // an unreadable colour: the score's
    CHECK(fill("cell-discovery-T1082") == "#8ec843");            // a later plain entry replaces a painted one
    // The text on a painted cell stays readable: white on the dark blue.
    bool white_label = false;
    for (const auto& e : doc.elements)
        if (e.name == "text" && e.attrs.count("fill") && e.attrs.at("fill") == "#ffffff" && e.text.find("T1047") != std::string::npos)
            white_label = true;
    CHECK(white_label);
}

// The Navigator's SVG export draws a layer's legendItems under its gradient; our pictures left
// them out, so a hand-made layer's key ("found by the red team" in red) was lost in the SVG, PNG
// and board of it.
TEST_CASE("a layer's legend items are drawn in its picture, each a swatch in its colour and its label", "[svg][layer]") {
    const Catalogue& cat = default_catalogue();
    const std::string long_label(300, 'x');
    const std::string text = R"({"name": "red team", "versions": {"attack": "19", "layer": "4.5"}, "domain": "enterprise-attack",
      "techniques": [{"techniqueID": "T1047", "tactic": "execution", "score": 3}],
      "gradient": {"colors": ["#ffffff", "#ff6666"], "minValue": 0, "maxValue": 5},
      "legendItems": [{"label": "found by the red team", "color": "#ff0000"}, {"label": "no colour"},
                      {"color": "#00ff00"}, 7, {"label": "unreadable colour", "color": "reddish"},
                      {"label": "blocked & <logged>", "color": "#66B1FF"}, {"label": ")" + long_label + R"(", "color": "#123456"}]})";
    Layer layer;
    Diagnostics d;
    REQUIRE(read_layer(text, "legend.json", layer, d));
    // Read: items with a text label and a text colour, in order.
    REQUIRE(layer.legend_items.size() == 4);
    CHECK(layer.legend_items[0].label == "found by the red team");
    CHECK(layer.legend_items[1].label == "unreadable colour");
    CHECK(layer.legend_items[2].color == "#66B1FF");
    // Drawn: those with a colour we can read, each a swatch of that colour and its label beside it.
    const ImageOptions io = image_options_for_layer(layer);
    REQUIRE(io.legend_items.size() == 3);
    const ScoreResult scores = layer_to_scores(layer, cat, "legend.json");
    const MatrixImage img = build_matrix_image(cat, scores, io);
    const test::XmlDocument doc = test::parse_xml(write_svg(img));
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    std::vector<std::string> fills, labels;
    float legend_bottom = 0, first_cell_top = 1e9f;
    for (const auto& e : doc.elements) {
        const std::string cls = e.attrs.count("class") ? e.attrs.at("class") : "";
        if (e.name == "rect" && cls == "legend legend-item") {
            fills.push_back(e.attrs.at("fill"));
            CHECK(std::stof(e.attrs.at("x")) + std::stof(e.attrs.at("width")) <= img.width);
            legend_bottom = std::max(legend_bottom, std::stof(e.attrs.at("y")) + std::stof(e.attrs.at("height")));
        }
        if (e.name == "text" && cls == "legend legend-item") labels.push_back(e.text);
        if (e.name == "rect" && cls.rfind("cell", 0) == 0) first_cell_top = std::min(first_cell_top, std::stof(e.attrs.at("y")));
    }
    CHECK(fills == std::vector<std::string>{"#ff0000", "#66b1ff", "#123456"});
    REQUIRE(labels.size() == 3);
    CHECK(labels[0] == "found by the red team");
    CHECK(labels[1] == "blocked & <logged>");  // as text (the XML parser unescaped it)
    CHECK(labels[2].size() < long_label.size());  // cut to the picture's width ...
    CHECK(labels[2].rfind("xxxx", 0) == 0);
    CHECK(legend_bottom < first_cell_top);  // above the matrix
    // ... and the picture is no wider for it, nor for the items at all.
    ImageOptions without = io;
    without.legend_items.clear();
    const MatrixImage plain = build_matrix_image(cat, scores, without);
    CHECK(plain.width == img.width);
    CHECK(plain.height < img.height);

    SECTION("our own layers' items repeat the gradient: not drawn again; others' items on them are") {
        Layer ours = layer;
        ours.legend_items = {{"best rule high (80)", "#00ff00"}, {"found by the red team", "#ff0000"},
                             {"score 100", "#00ff00"}, {"count -3", "#00ff00"}, {"best rule (guess)", "#0000ff"}};
        for (const char* d : {"Sigma rule coverage by sigma-heatmap: 2 rules, score = best rule level per technique (...)",
                              "Sigma rule coverage shared from sigma-heatmap: 1 technique covered"}) {
            ours.description = d;
            const ImageOptions o = image_options_for_layer(ours);
            REQUIRE(o.legend_items.size() == 2);
            CHECK(o.legend_items[0].first == "found by the red team");
            CHECK(o.legend_items[1].first == "best rule (guess)");
        }
        ours.description = "made by hand";  // not ours: every item is the author's
        CHECK(image_options_for_layer(ours).legend_items.size() == 5);
    }

    SECTION("at most 64 items are read") {
        std::string many = R"({"techniques": [], "versions": {"layer": "4.5"}, "legendItems": [)";
        for (int i = 0; i < 100; ++i) many += std::string(i ? "," : "") + R"({"label": "l)" + std::to_string(i) + R"(", "color": "#000000"})";
        many += "]}";
        Layer l;
        REQUIRE(read_layer(many, "many.json", l, d));
        CHECK(l.legend_items.size() == 64);
        CHECK(l.legend_items.back().label == "l63");
    }
}
