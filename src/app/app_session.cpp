// app_session.cpp — what a saved session holds: the loaded inputs in the order that rebuilds the
// same state when replayed through the usual entry points (a layer or share link shown as the
// heat-map, the rule files in load order, problems met while reading, the report layers and CSVs)
// and the options (options_json, session scope). The platform stores it (web/session.js: IndexedDB)
// and replays it; the app keeps each input's text for that, and never does I/O itself.
#include <nlohmann/json.hpp>

#include "app/app.hpp"

namespace app {

namespace {

// One replayable input: its kind (the entry point that takes it), its name, and its text.
struct SessionInput {
    const char* kind;
    const std::string* name;
    const std::string* text;      // nullptr: none (a problem)
    const std::string* message;   // a problem's message
};

std::vector<SessionInput> session_inputs(const AppState& s) {
    std::vector<SessionInput> in;
    const bool imported = s.source != ScoreSource::Rules || !s.imported_text.empty();
    auto add_imported = [&] {
        if (s.imported_text.empty()) return;
        in.push_back({s.imported_file == "share link" && s.imported_text.rfind("#s=", 0) == 0 ? "share" : "layer",
                      &s.imported_file, &s.imported_text, nullptr});
    };
    // Loading rules makes them the heat-map: a layer or link shown instead of them came later.
    if (imported && s.source == ScoreSource::Rules) add_imported();
    for (const auto& d : s.loaded.diagnostics)  // reading problems: no loaded file of that name
        if (!s.file_texts.count(d.file)) in.push_back({"problem", &d.file, nullptr, &d.message});
    for (const auto& name : s.files) {
        auto t = s.file_texts.find(name);
        if (t != s.file_texts.end()) in.push_back({"rules", &name, &t->second, nullptr});
    }
    if (imported && s.source != ScoreSource::Rules) add_imported();
    if (s.has_previous) in.push_back({"previous", &s.previous.file, &s.previous.text, nullptr});
    for (const auto& h : s.history) in.push_back({"history", &h.file, &h.text, nullptr});
    if (!s.report.frequency_file.empty())
        in.push_back({"frequency", &s.report.frequency_file, &s.report.frequency_text, nullptr});
    if (s.has_alerts) in.push_back({"alerts", &s.alerts.file, &s.alerts.text, nullptr});
    if (s.has_baseline) in.push_back({"baseline", &s.baseline.file, &s.baseline.text, nullptr});
    if (s.has_targets) in.push_back({"targets", &s.targets.name, &s.targets.text, nullptr});
    return in;
}

}  // namespace

std::string session_manifest_json(const AppState& s) {
    nlohmann::ordered_json j;
    j["version"] = 1;
    auto inputs = nlohmann::ordered_json::array();
    std::size_t bytes = 0;
    for (const auto& i : session_inputs(s)) {
        nlohmann::ordered_json e = {{"kind", i.kind}, {"name", *i.name}};
        if (i.message) e["message"] = *i.message;
        if (i.text) bytes += i.text->size();
        inputs.push_back(std::move(e));
    }
    j["inputs"] = std::move(inputs);
    j["bytes"] = bytes;
    j["readOnly"] = s.read_only;
    j["rules"] = s.loaded.rules.size();
    j["options"] = nlohmann::ordered_json::parse(options_json(s, OptionsScope::Session));
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<const std::string*> session_texts(const AppState& s) {
    std::vector<const std::string*> texts;
    for (const auto& i : session_inputs(s)) texts.push_back(i.text);
    return texts;
}

}  // namespace app
