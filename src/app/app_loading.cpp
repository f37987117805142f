// app_loading.cpp — files in, rules out: the loading queue parsed in frame-sized slices, cancel,
// clear, the embedded sample rules. A file loaded again under the same name replaces its rules.
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "core/embedded.hpp"
#include "core/import_csv.hpp"
#include "core/rules_wire.hpp"

namespace app {

namespace {

// Drops the rules, diagnostics and names of files loaded again, in one pass over each list (one
// erase per replaced file would be quadratic when a whole folder is dropped twice). Only what
// came before `rules_end` / `diagnostics_end` is old: later entries are the new versions.
void forget_replaced(AppState& s, const std::unordered_set<std::string>& replaced, std::size_t rules_end,
                     std::size_t diagnostics_end) {
    if (replaced.empty()) return;
    auto& rules = s.loaded.rules;
    std::size_t i = 0;
    rules.erase(std::remove_if(rules.begin(), rules.end(),
                               [&](const sh::Rule& r) { return i++ < rules_end && replaced.count(r.file) > 0; }),
                rules.end());
    auto& d = s.loaded.diagnostics;
    i = 0;
    d.erase(std::remove_if(d.begin(), d.end(),
                           [&](const sh::Diagnostic& x) { return i++ < diagnostics_end && replaced.count(x.file) > 0; }),
            d.end());
    s.files.erase(std::remove_if(s.files.begin(), s.files.end(), [&](const std::string& n) { return replaced.count(n) > 0; }),
                  s.files.end());
}

void reset_batch_if_idle(AppState& s) {
    if (loading(s)) return;
    s.loader.batch_total = 0;
    s.loader.batch_done = 0;
    s.loader.batch_ms = 0;
    s.loader.batch_from_workers = 0;
    s.loader.batch_started_at = now_ms();
}

}  // namespace

// ---- loading ----

int expect_files(AppState& s, int count) {
    s.loader.listing_listed = s.loader.listing_total = 0;  // the listed pick is now these files
    reset_batch_if_idle(s);
    count = std::max(0, count);
    s.loader.expected += count;
    s.loader.batch_total += count;
    s.loader.notify_idle = true;
    return s.loader.generation;
}

namespace {

// The heat-map is the rules' again (after a layer or share link): scored against the page's own
// release, with the generated description and a name unless the user gave them.
void show_rules_again(AppState& s) {
    forget_imported_description(s);
    if (s.settings.name.empty()) s.settings.name = sh::default_layer_name_today();  // a nameless layer's
    s.source = ScoreSource::Rules;
    use_catalogue(s, *s.home_catalogue);
}

}  // namespace

void enqueue_files(AppState& s, std::vector<InputFile> files, const EnqueueOptions& options) {
    // A SIEM alerts CSV among them is for the detection latency, not rules: its header says so
    // (a seed rules CSV has title,attack_id,level,status).
    auto is_alerts = [](const InputFile& f) { return f.problem.empty() && sh::is_csv_file_name(f.name) && sh::is_alerts_csv(f.text); };
    const auto alerts = std::stable_partition(files.begin(), files.end(), [&](const InputFile& f) { return !is_alerts(f); });
    for (auto it = alerts; it != files.end(); ++it) {
        const std::string error = set_alerts_csv(s, *it);
        if (!error.empty()) post_message(s, MessageKind::Error, it->name + ": " + error);
    }
    files.erase(alerts, files.end());
    if (!options.keep_order)
        std::stable_sort(files.begin(), files.end(), [](const InputFile& a, const InputFile& b) { return a.name < b.name; });
    reset_batch_if_idle(s);  // a new run starts when nothing was loading
    // Announced files arrive here (or as problems); what was announced but did not come as a file
    // leaves the progress bar's total.
    const int announced = std::clamp(options.announced, 0, s.loader.expected);
    s.loader.expected -= announced;
    // A file's problem (InputFile::problem) is not a file to load: the progress bar leaves it out.
    const auto problems = std::count_if(files.begin(), files.end(), [](const InputFile& f) { return !f.problem.empty(); });
    s.loader.batch_total += int(files.size() - std::size_t(problems)) - announced;
    const bool any_file = std::any_of(files.begin(), files.end(), [](const InputFile& f) { return f.problem.empty(); });
    if (any_file && s.source != ScoreSource::Rules) {
        // Rules replace a layer or share link shown as the heat-map (and its problems), and are
        // scored against the page's own release again.
        forget_imported_diagnostics(s);
        show_rules_again(s);
        s.read_only = false;
        inputs_changed(s);
        ++s.inputs_revision;
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
    ++s.inputs_revision;
}

bool step_loading(AppState& s, double budget_ms) {
    if (s.loader.queue.empty()) return loading(s);
    const double start = now_ms();
    // Files loaded again are forgotten after the step, in one pass (forget_replaced). A name met
    // twice within one step is rare (the same file queued by two drops): the pass runs then too.
    std::unordered_set<std::string> replaced, parsed;
    std::size_t rules_end = s.loaded.rules.size(), diagnostics_end = s.loaded.diagnostics.size();
    auto flush = [&] {
        if (!replaced.empty()) {
            // s.files ends with the names parsed since the last pass: keep those, drop earlier ones.
            const auto fresh_begin = s.files.end() - std::ptrdiff_t(parsed.size());
            std::vector<std::string> fresh(fresh_begin, s.files.end());
            s.files.erase(fresh_begin, s.files.end());
            forget_replaced(s, replaced, rules_end, diagnostics_end);
            s.files.insert(s.files.end(), fresh.begin(), fresh.end());
        }
        replaced.clear();
        parsed.clear();
        rules_end = s.loaded.rules.size();
        diagnostics_end = s.loaded.diagnostics.size();
    };
    do {
        InputFile f = std::move(s.loader.queue.front());
        s.loader.queue.pop_front();
        if (!f.problem.empty()) {
            add_problem(s, f.name, f.problem);
            continue;
        }
        ++s.loader.batch_done;
        if (parsed.count(f.name)) flush();
        auto known = s.file_texts.find(f.name);
        if (known != s.file_texts.end()) {
            replaced.insert(f.name);
            s.file_texts.erase(known);
        }
        // Parsed by a parse worker (the same core calls, src/platform/worker): decoded here, still in
        // queue (name) order, so the rules and diagnostics are those of parsing here.
        const bool decoded = !f.parsed.empty() && sh::decode_load_result(f.parsed, s.loaded);
        if (decoded)
            ++s.loader.batch_from_workers;
        else
            sh::load_rule_file(f.text, f.name, s.loaded);  // YAML, or a seed-style CSV (title,attack_id,level,status)
        parsed.insert(f.name);
        s.files.push_back(f.name);
        s.file_texts.emplace(f.name, std::move(f.text));
    } while (!s.loader.queue.empty() && now_ms() - start < budget_ms);
    flush();
    s.loader.batch_ms += now_ms() - start;
    inputs_changed(s);
    ++s.inputs_revision;
    return loading(s);
}

int set_listing(AppState& s, int listed, int total, Listing of) {
    auto& l = s.loader;
    l.listing_dropped = of == Listing::Drop;
    // A total not known yet is a drop's folders being read; a pick's files are always counted.
    l.listing_total = total < 0 && l.listing_dropped ? -1 : std::max(0, total);
    l.listing_listed = std::max(0, l.listing_total < 0 ? listed : std::min(listed, l.listing_total));
    return l.generation;
}

bool loading(const AppState& s) {
    return !s.loader.queue.empty() || s.loader.expected > 0 || s.loader.listing_total != 0;
}

bool listing_only(const AppState& s) {
    const auto& l = s.loader;
    return l.listing_total != 0 && l.queue.empty() && l.expected == 0;
}

std::string count_text(long long n) {
    const unsigned long long magnitude = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
    std::string digits = std::to_string(magnitude), out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string count_words(long long n, const char* one, const char* many) {
    return count_text(n) + " " + (n == 1 ? one : many);
}

std::string progress_text(const AppState& s) {
    if (!loading(s)) return "";
    const auto& l = s.loader;
    if (listing_only(s) && l.listing_total < 0)
        return "Reading folders: " + count_words(l.listing_listed, "rule file", "rule files") + " found";
    if (listing_only(s))
        return "Listing " + count_text(l.listing_listed) + " / " + count_text(l.listing_total) +
               (l.listing_dropped ? " dropped files" : " picked files");
    return "Loading " + count_text(l.batch_done) + " / " + count_text(l.batch_total) + " files";
}

void cancel_loading(AppState& s) {
    const bool only_listing = listing_only(s);
    const auto& l = s.loader;
    const char* listed = l.listing_total < 0 ? "the dropped folders were read"
                         : l.listing_dropped ? "the dropped files were listed"
                                             : "the picked files were listed";
    if (only_listing)
        s.status = std::string("Loading cancelled while ") + listed + ": nothing loaded";
    else
        s.status = "Loading cancelled: " + count_text(l.batch_done) + " of " + count_text(l.batch_total) +
                   " files loaded";
    s.loader.queue.clear();
    s.loader.expected = 0;
    s.loader.listing_listed = s.loader.listing_total = 0;
    ++s.loader.generation;
}

void clear(AppState& s) {
    s.loader.queue.clear();
    s.loader.expected = 0;
    s.loader.listing_listed = s.loader.listing_total = 0;
    ++s.loader.generation;
    s.loader.batch_total = s.loader.batch_done = s.loader.batch_from_workers = 0;
    s.files.clear();
    s.file_texts.clear();
    s.loaded = {};
    show_rules_again(s);
    s.imported = {};
    s.imported_file.clear();
    s.imported_text.clear();
    s.read_only = false;
    s.matrix.selected_id.clear();
    s.matrix.selected_tactic.clear();
    s.status.clear();
    // The Reports inputs stay, with their problems; a refused one's or the imported layer's go.
    forget_unheld_report_diagnostics(s);
    inputs_changed(s);
    ++s.inputs_revision;
}

std::vector<InputFile> sample_files() {
    std::vector<InputFile> files;
    for (const auto& f : sh::embedded_files())
        if (f.name.substr(0, 8) == "samples/") files.push_back({std::string(f.name), std::string(f.data)});
    return files;
}

bool WarmUp::step(const sh::Catalogue& catalogue) {
    if (done_) return false;
    if (files_.empty() && parsed_ == 0) files_ = sample_files();
    if (parsed_ < files_.size()) {  // one sample parsed into a record, as a parse worker sends it
        InputFile& file = files_[parsed_++];
        sh::LoadResult r;
        sh::load_rule_file(file.text, file.name, r);
        file.parsed = sh::encode_load_result(r, file.name);
        return true;
    }
    if (!state_) {
        state_ = std::make_unique<AppState>();
        init(*state_, catalogue);
    }
    // A rescore, then a summary while that stays quick (a few ms), each a step of its own: after
    // the first round, so that the main thread's whole share of a load has run once before a drop
    // (the engine compiles each function at its first call: a rescore and a summary cost a load
    // that came a second after the page opened ~0.1 s of compiling), then now and then, as while a
    // big drop loads.
    if (rescore_next_) {
        rescore_next_ = false;
        update(*state_);
        ++rescores_done_;
        summarise_next_ = rounds_done_ <= 2 * kRescoreEvery;
        return true;
    }
    if (summarise_next_) {
        summarise_next_ = false;
        summary_json(*state_);
        ++summaries_done_;
        return true;
    }
    // A round: the records under names of their own, merged. Then the state is thrown away, a step
    // of its own.
    if (rounds_done_ < rounds_) {
        std::vector<InputFile> round = files_;
        for (auto& f : round) f.name = "warm-up/" + std::to_string(rounds_done_) + "/" + f.name;
        enqueue_files(*state_, std::move(round));
        while (step_loading(*state_, 1e9)) {
        }
        ++rounds_done_;
        rescore_next_ = rounds_done_ == 1 || rounds_done_ % kRescoreEvery == 0 || rounds_done_ == rounds_;
        return true;
    }
    state_.reset();
    files_.clear();
    done_ = true;
    return false;
}

void load_samples(AppState& s) {
    std::vector<InputFile> files = sample_files();
    if (files.empty()) {
        s.status = "No sample rules in this build";
        return;
    }
    enqueue_files(s, std::move(files));
}

}  // namespace app
