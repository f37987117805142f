// app_loading.cpp — files in, rules out: the loading queue parsed in frame-sized slices, cancel,
// clear, the embedded sample rules. A file loaded again under the same name replaces its rules.
#include <algorithm>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "core/embedded.hpp"
#include "core/import_csv.hpp"

namespace app {

namespace {

void forget_file(AppState& s, const std::string& name) {
    auto& rules = s.loaded.rules;
    rules.erase(std::remove_if(rules.begin(), rules.end(), [&](const sh::Rule& r) { return r.file == name; }),
                rules.end());
    auto& d = s.loaded.diagnostics;
    d.erase(std::remove_if(d.begin(), d.end(), [&](const sh::Diagnostic& x) { return x.file == name; }), d.end());
    s.files.erase(std::remove(s.files.begin(), s.files.end(), name), s.files.end());
}

}  // namespace

// ---- loading ----

void enqueue_files(AppState& s, std::vector<InputFile> files) {
    // A SIEM alerts CSV among them is for the detection latency, not rules: its header says so
    // (a seed rules CSV has title,attack_id,level,status).
    auto is_alerts = [](const InputFile& f) { return sh::is_csv_file_name(f.name) && sh::is_alerts_csv(f.text); };
    const auto alerts = std::stable_partition(files.begin(), files.end(), [&](const InputFile& f) { return !is_alerts(f); });
    for (auto it = alerts; it != files.end(); ++it) {
        const std::string error = set_alerts_csv(s, *it);
        if (!error.empty()) post_message(s, MessageKind::Error, it->name + ": " + error);
    }
    files.erase(alerts, files.end());
    std::stable_sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
    if (s.loader.queue.empty()) {
        s.loader.batch_total = 0;
        s.loader.batch_done = 0;
        s.loader.batch_ms = 0;
    }
    s.loader.batch_total += int(files.size());
    if (!files.empty() && s.source != ScoreSource::Rules) {
        // Rules replace a layer or share link shown as the heat-map.
        s.source = ScoreSource::Rules;
        s.read_only = false;
        inputs_changed(s);
    }
    for (auto& f : files) s.loader.queue.push_back(std::move(f));
    s.loader.notify_idle = true;
}

void add_problem(AppState& s, const std::string& file, const std::string& message) {
    sh::Diagnostic d;
    d.severity = sh::Severity::Error;
    d.file = file;
    d.message = message;
    s.loaded.diagnostics.push_back(std::move(d));
    s.loader.notify_idle = true;
}

bool step_loading(AppState& s, double budget_ms) {
    if (s.loader.queue.empty()) return false;
    const double start = now_ms();
    do {
        InputFile f = std::move(s.loader.queue.front());
        s.loader.queue.pop_front();
        if (std::find(s.files.begin(), s.files.end(), f.name) != s.files.end()) forget_file(s, f.name);
        if (sh::is_csv_file_name(f.name))
            sh::load_rules_from_csv(f.text, f.name, s.loaded);  // seed-style title,attack_id,level,status
        else
            sh::load_rules_from_text(f.text, f.name, s.loaded);
        s.files.push_back(f.name);
        ++s.loader.batch_done;
    } while (!s.loader.queue.empty() && now_ms() - start < budget_ms);
    s.loader.batch_ms += now_ms() - start;
    inputs_changed(s);
    return !s.loader.queue.empty();
}

bool loading(const AppState& s) { return !s.loader.queue.empty(); }

void cancel_loading(AppState& s) {
    s.loader.queue.clear();
    s.status = "Loading cancelled: " + std::to_string(s.loader.batch_done) + " of " +
               std::to_string(s.loader.batch_total) + " files loaded";
}

void clear(AppState& s) {
    s.loader.queue.clear();
    s.loader.batch_total = s.loader.batch_done = 0;
    s.files.clear();
    s.loaded = {};
    s.source = ScoreSource::Rules;
    s.imported = {};
    s.imported_file.clear();
    s.read_only = false;
    s.matrix.selected_id.clear();
    s.matrix.selected_tactic.clear();
    s.status.clear();
    inputs_changed(s);
}

void load_samples(AppState& s) {
    std::vector<InputFile> files;
    for (const auto& f : sh::embedded_files())
        if (f.name.substr(0, 8) == "samples/") files.push_back({std::string(f.name), std::string(f.data)});
    if (files.empty()) {
        s.status = "No sample rules in this build";
        return;
    }
    enqueue_files(s, std::move(files));
}

}  // namespace app
