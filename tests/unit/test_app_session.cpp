// test_app_session.cpp — the app's side of loading and sessions (built into `app_smoke` by
// cmake/app_native.cmake; in the unit_tests glob it compiles to nothing): files loaded again by
// name replace theirs (in one pass per step, not one erase per file), announced files keep the
// loader busy until settled, options_json round-trips through apply_options_json, and a session
// manifest replayed in its order rebuilds the same summary and layer bytes.
#ifdef SH_APP_SMOKE
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "app/app.hpp"
#include "catch.hpp"
#include "core/catalogue.hpp"

namespace {

std::string rule(const std::string& title, const std::string& tag, const char* level = "high") {
    return "title: " + title + "\nstatus: test\nlevel: " + level +
           "\nlogsource:\n  product: windows\ndetection:\n  sel:\n    Image|endswith: x.exe\n  condition: sel\n"
           "tags:\n  - attack.execution\n  - " + tag + "\n";
}

void load_all(app::AppState& s, double budget_ms = 1000.0) {
    for (int i = 0; i < 100000 && app::step_loading(s, budget_ms); ++i) {}
    REQUIRE_FALSE(app::loading(s));
}

// (file, title) of every rule, in rule order.
std::vector<std::pair<std::string, std::string>> rule_list(const app::AppState& s) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : s.loaded.rules) out.emplace_back(r.file, r.title);
    return out;
}

void require_consistent(const app::AppState& s) {
    const std::set<std::string> names(s.files.begin(), s.files.end());
    REQUIRE(names.size() == s.files.size());  // unique
    REQUIRE(s.file_texts.size() == s.files.size());
    for (const auto& n : s.files) REQUIRE(s.file_texts.count(n) == 1);
}

}  // namespace

TEST_CASE("a file loaded again by name replaces its rules and diagnostics", "[app][loading]") {
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::enqueue_files(s, {{"a.yml", rule("A1", "attack.t1059.001")},
                           {"b.yml", "title: [unclosed\n"},
                           {"c.yml", rule("C1", "attack.t1059.003")}});
    load_all(s);
    REQUIRE(s.files == std::vector<std::string>{"a.yml", "b.yml", "c.yml"});
    REQUIRE(s.loaded.diagnostics.size() >= 1);
    REQUIRE(s.loaded.diagnostics.front().file == "b.yml");

    SECTION("one file replaced: its rules and diagnostics go, it moves to the end") {
        app::enqueue_files(s, {{"b.yml", rule("B2", "attack.t1059.005")}});
        load_all(s);
        REQUIRE(s.files == std::vector<std::string>{"a.yml", "c.yml", "b.yml"});
        REQUIRE(rule_list(s) == std::vector<std::pair<std::string, std::string>>{{"a.yml", "A1"}, {"c.yml", "C1"}, {"b.yml", "B2"}});
        REQUIRE(s.loaded.diagnostics.empty());
        REQUIRE(s.file_texts.at("b.yml").find("B2") != std::string::npos);
        require_consistent(s);
    }
    SECTION("the same name queued twice and loaded in one step: the last version wins") {
        app::enqueue_files(s, {{"a.yml", rule("A2", "attack.t1059.001")}, {"d.yml", rule("D1", "attack.t1059.007")}});
        app::enqueue_files(s, {{"a.yml", rule("A3", "attack.t1059.001")}});
        REQUIRE_FALSE(app::step_loading(s, 1e9));
        REQUIRE(s.files == std::vector<std::string>{"b.yml", "c.yml", "d.yml", "a.yml"});
        REQUIRE(rule_list(s) == std::vector<std::pair<std::string, std::string>>{{"c.yml", "C1"}, {"d.yml", "D1"}, {"a.yml", "A3"}});
        require_consistent(s);
    }
    SECTION("a whole folder loaded again, one file per step, gives the same rules as loading it once") {
        std::vector<app::InputFile> folder;
        for (int i = 0; i < 50; ++i)
            folder.push_back({"r/" + std::to_string(100 + i) + ".yml", rule("R" + std::to_string(i), "attack.t1059.001")});
        app::AppState once;
        app::init(once, sh::default_catalogue());
        app::enqueue_files(once, folder);
        load_all(once);
        app::enqueue_files(s, folder);
        load_all(s, 0.0);
        app::enqueue_files(s, folder);
        load_all(s, 0.0);
        require_consistent(s);
        REQUIRE(s.files.size() == 53);
        auto rules = rule_list(s);
        rules.erase(rules.begin(), rules.begin() + 2);  // a.yml and c.yml (b.yml has no rule)
        REQUIRE(rules == rule_list(once));
        auto count = [](const std::string& text, const std::string& what) {
            std::size_t n = 0;
            for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
            return n;
        };
        REQUIRE(count(app::layer_json(once), "r/149.yml") > 0);
        REQUIRE(count(app::layer_json(s), "r/149.yml") == count(app::layer_json(once), "r/149.yml"));
    }
}

TEST_CASE("announced files keep the loader busy until each is settled", "[app][loading]") {
    app::AppState s;
    app::init(s, sh::default_catalogue());
    const int generation = app::expect_files(s, 3);
    REQUIRE(app::loading(s));
    REQUIRE(s.loader.batch_total == 3);
    REQUIRE(app::step_loading(s, 10.0));  // nothing queued yet, still waiting
    app::EnqueueOptions settle_one;
    settle_one.announced = 1;
    app::enqueue_files(s, {{"a.yml", rule("A", "attack.t1059.001")}}, settle_one);
    REQUIRE(app::step_loading(s, 10.0));
    REQUIRE(s.loader.batch_done == 1);
    REQUIRE(s.loader.batch_total == 3);
    // An unreadable file: a problem, and it leaves the total.
    app::add_problem(s, "big.yml", "file is larger than 8 MB");
    app::enqueue_files(s, {}, settle_one);
    REQUIRE(s.loader.batch_total == 2);
    REQUIRE(app::loading(s));
    app::enqueue_files(s, {{"b.yml", rule("B", "attack.t1059.003")}}, settle_one);
    REQUIRE_FALSE(app::step_loading(s, 10.0));
    REQUIRE_FALSE(app::loading(s));
    REQUIRE(s.loader.batch_done == 2);
    REQUIRE(s.loader.batch_total == 2);
    REQUIRE(s.files.size() == 2);

    // Cancel while files are announced: not loading any more, and a new generation tells the
    // platform to stop handing them over.
    REQUIRE(app::expect_files(s, 5) == generation);
    REQUIRE(s.loader.batch_total == 5);  // a new run
    app::cancel_loading(s);
    REQUIRE_FALSE(app::loading(s));
    REQUIRE(s.loader.generation != generation);
    app::enqueue_files(s, {{"c.yml", rule("C", "attack.t1059.005")}}, settle_one);  // late: counted as new
    load_all(s);
    REQUIRE(s.files.size() == 3);
}

TEST_CASE("keep_order loads a batch in the given order", "[app][loading]") {
    app::AppState s;
    app::init(s, sh::default_catalogue());
    app::EnqueueOptions keep;
    keep.keep_order = true;
    app::enqueue_files(s, {{"z.yml", rule("Z", "attack.t1059.001")}, {"a.yml", rule("A", "attack.t1059.001")}}, keep);
    load_all(s);
    REQUIRE(s.files == std::vector<std::string>{"z.yml", "a.yml"});
    app::enqueue_files(s, {{"y.yml", rule("Y", "attack.t1059.001")}, {"b.yml", rule("B", "attack.t1059.001")}});
    load_all(s);
    REQUIRE(s.files == std::vector<std::string>{"z.yml", "a.yml", "b.yml", "y.yml"});
}

TEST_CASE("the matrix's Fit mode survives options_json -> apply_options_json", "[app][session]") {
    // A zoom turns fitting off, and JSON objects come back with sorted keys ("fit" before "zoom"):
    // a saved session of a fitted matrix restored unfitted in every browser.
    app::AppState a;
    app::init(a, sh::default_catalogue());
    REQUIRE(app::apply_options_json(a, R"({"zoom":0.75})") == "");
    REQUIRE_FALSE(a.matrix.fit);
    a.matrix.fit = true;
    for (auto scope : {app::OptionsScope::Session, app::OptionsScope::Settings}) {
        app::AppState b;
        app::init(b, sh::default_catalogue());
        b.matrix.fit = false;
        REQUIRE(app::apply_options_json(b, app::options_json(a, scope)) == "");
        REQUIRE(b.matrix.fit);
        REQUIRE(b.matrix.zoom == a.matrix.zoom);
    }
    // An explicit zoom alone still leaves Fit.
    REQUIRE(app::apply_options_json(a, R"({"zoom":1.5})") == "");
    REQUIRE_FALSE(a.matrix.fit);
}

TEST_CASE("options_json gives back what apply_options_json takes", "[app][session]") {
    app::AppState a;
    app::init(a, sh::default_catalogue());
    REQUIRE(app::apply_options_json(a, R"({"name":"q3 review","description":"ours","profile":"count","minLevel":"medium",
        "minStatus":"test","subtechniques":false,"palette":"custom","minColor":"#102030","maxColor":"#a0b0c0",
        "minScore":5,"maxScore":60,"aggregate":"avg","hideUncovered":true,"platform":"Windows","layout":"mini",
        "showIds":false,"showNames":true,"showScores":true,"zoom":1.3,"kpiThreshold":70,"alertThreshold":40,"top":7,
        "gapLevel":"all","impactWeight":7.5,"threatWeight":0.25,"coverageDivisor":12,"criticality":{"impact":1.5},
        "targetScore":3,"pngScale":2,"search":"power","expanded":["T1059","T1003"],"select":"T1059.001/execution",
        "tab":"layer","view":"board"})") == "");
    const std::string session = app::options_json(a, app::OptionsScope::Session);
    const std::string settings = app::options_json(a, app::OptionsScope::Settings);

    app::AppState b;
    app::init(b, sh::default_catalogue());
    REQUIRE(app::apply_options_json(b, session) == "");
    REQUIRE(app::options_json(b, app::OptionsScope::Session) == session);
    REQUIRE(b.settings.custom_min == a.settings.custom_min);
    REQUIRE(b.matrix.zoom == a.matrix.zoom);
    REQUIRE(b.report.weights.tactic_criticality == a.report.weights.tactic_criticality);
    REQUIRE(b.matrix.options.expanded == a.matrix.options.expanded);
    REQUIRE(b.tab == app::SideTab::Layer);
    REQUIRE(b.view == app::MainView::Board);

    // Settings leave out what belongs to the loaded inputs.
    const auto j = nlohmann::json::parse(settings);
    for (const char* key : {"name", "description", "search", "expanded", "select", "tab", "view"}) REQUIRE_FALSE(j.contains(key));
    for (const char* key : {"palette", "layout", "zoom", "kpiThreshold", "impactWeight", "criticality"}) REQUIRE(j.contains(key));
    app::AppState c;
    app::init(c, sh::default_catalogue());
    REQUIRE(app::apply_options_json(c, settings) == "");
    REQUIRE(app::options_json(c, app::OptionsScope::Settings) == settings);
    REQUIRE(c.settings.name != "q3 review");  // untouched by settings

    SECTION("a remembered range that is switched off stays off") {
        // minScore/maxScore switch the custom range on; keys apply in name order, so without the
        // final customRange an options round trip turned a switched-off range back on.
        REQUIRE(app::apply_options_json(a, R"({"customRange":false})") == "");
        app::AppState d;
        app::init(d, sh::default_catalogue());
        REQUIRE(app::apply_options_json(d, app::options_json(a, app::OptionsScope::Settings)) == "");
        REQUIRE_FALSE(d.settings.custom_range);
        REQUIRE(d.settings.range_min == 5);
        REQUIRE(app::options_json(d, app::OptionsScope::Settings) == app::options_json(a, app::OptionsScope::Settings));
    }
}

TEST_CASE("a session replayed in its order rebuilds the same summary and layer", "[app][session]") {
    const std::string layer = R"({"name":"coverage_q3_2026","versions":{"attack":"19","layer":"4.5"},"domain":"enterprise-attack",
        "techniques":[{"techniqueID":"T1059.003","score":100},{"techniqueID":"T1490","tactic":"impact","score":80}]})";
    app::AppState a;
    app::init(a, sh::default_catalogue());
    app::add_problem(a, "huge.yml", "file is larger than 8 MB (9000000 bytes): not read");
    app::enqueue_files(a, {{"rules/z.yml", rule("Z", "attack.t1059.001", "critical")}, {"rules/m.yml", "title: [\n"}});
    load_all(a);
    app::enqueue_files(a, {{"rules/b.yml", rule("B", "attack.t1059.003", "low")},
                           {"seed.csv", "title,attack_id,level,status\nDump,T1003.001,critical,stable\n"}});
    load_all(a);
    app::enqueue_files(a, {{"rules/z.yml", rule("Z2", "attack.t1059.005", "medium")}});  // replaced: moves last
    load_all(a);
    REQUIRE(app::set_previous_layer(a, {"prev.json", layer}).empty());
    REQUIRE(app::add_history_layers(a, {{"q1.json", layer}, {"q2.json", layer}}) == 2);
    REQUIRE(app::set_frequency_csv(a, {"freq.csv", "technique,frequency\nT1490,40\n"}).empty());
    REQUIRE(app::set_baseline_layer(a, {"base.json", layer}).empty());
    REQUIRE(app::set_targets(a, {"targets.txt", "T1059.003\nT1490,80\n"}).empty());
    REQUIRE(app::apply_options_json(a, R"({"name":"ours","palette":"colourblind","zoom":1.25,"kpiThreshold":60,"expanded":["T1059"]})").empty());

    const auto manifest = nlohmann::json::parse(app::session_manifest_json(a));
    const auto texts = app::session_texts(a);
    REQUIRE(manifest["inputs"].size() == texts.size());
    std::vector<std::string> kinds;
    for (const auto& i : manifest["inputs"]) kinds.push_back(i["kind"]);
    REQUIRE(kinds == std::vector<std::string>{"problem", "rules", "rules", "rules", "rules", "previous", "history",
                                              "history", "frequency", "baseline", "targets"});
    REQUIRE(manifest["inputs"][4]["name"] == "rules/z.yml");  // load order, not name order
    REQUIRE(texts[0] == nullptr);
    REQUIRE(*texts[4] == rule("Z2", "attack.t1059.005", "medium"));

    // What web/session.js does, through the same entry points.
    app::AppState b;
    app::init(b, sh::default_catalogue());
    std::vector<app::InputFile> files;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::string kind = manifest["inputs"][i]["kind"];
        const std::string name = manifest["inputs"][i]["name"];
        if (kind == "problem") app::add_problem(b, name, manifest["inputs"][i]["message"]);
        else if (kind == "rules") files.push_back({name, *texts[i]});
        else {
            if (!files.empty()) {
                app::EnqueueOptions keep;
                keep.keep_order = true;
                app::enqueue_files(b, std::move(files), keep);
                files.clear();
                load_all(b);
            }
            const app::InputFile f{name, *texts[i]};
            if (kind == "previous") REQUIRE(app::set_previous_layer(b, f).empty());
            else if (kind == "history") REQUIRE(app::add_history_layers(b, {f}) == 1);
            else if (kind == "frequency") REQUIRE(app::set_frequency_csv(b, f).empty());
            else if (kind == "baseline") REQUIRE(app::set_baseline_layer(b, f).empty());
            else if (kind == "targets") REQUIRE(app::set_targets(b, f).empty());
        }
    }
    REQUIRE(app::apply_options_json(b, manifest["options"].dump()).empty());
    REQUIRE(app::summary_json(b) == app::summary_json(a));
    REQUIRE(app::layer_json(b) == app::layer_json(a));
    REQUIRE(app::session_manifest_json(b) == app::session_manifest_json(a));

    SECTION("every change to the inputs moves the revision; options do not") {
        auto moved = [&](auto&& change) {
            const auto before = b.inputs_revision;
            change();
            return b.inputs_revision != before;
        };
        REQUIRE_FALSE(moved([&] { app::apply_options_json(b, R"({"zoom":1.5,"palette":"ryg"})"); }));
        REQUIRE(moved([&] { app::clear_previous_layer(b); }));
        REQUIRE(moved([&] { app::clear_history(b); }));
        REQUIRE(moved([&] { app::clear_frequency(b); }));
        REQUIRE(moved([&] { app::clear_baseline(b); }));
        REQUIRE(moved([&] { app::clear_targets(b); }));
        REQUIRE(moved([&] { app::set_alerts_csv(b, {"a.csv", "rule,event_time,detection_time\nZ2,2026-01-01T00:00:00Z,2026-01-01T00:01:00Z\n"}); }));
        REQUIRE(moved([&] { app::clear_alerts(b); }));
        REQUIRE(moved([&] { app::view_layer(b, {"shown.json", layer}); }));
        REQUIRE(moved([&] { app::add_problem(b, "x.yml", "unreadable"); }));
        REQUIRE(moved([&] { app::clear(b); }));
        REQUIRE(nlohmann::json::parse(app::session_manifest_json(b))["inputs"].empty());
    }
    SECTION("a layer shown as the heat-map after the rules is replayed after them") {
        REQUIRE(app::view_layer(a, {"shown.json", layer}).empty());
        const auto m = nlohmann::json::parse(app::session_manifest_json(a));
        REQUIRE(m["inputs"][5]["kind"] == "layer");
        REQUIRE(*app::session_texts(a)[5] == layer);
        app::enqueue_files(a, {{"rules/late.yml", rule("L", "attack.t1059.001")}});  // rules again: the layer came first
        load_all(a);
        const auto m2 = nlohmann::json::parse(app::session_manifest_json(a));
        REQUIRE(m2["inputs"][0]["kind"] == "layer");
    }
}
#endif  // SH_APP_SMOKE
