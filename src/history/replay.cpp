// history/replay.cpp — the history replay (see replay.hpp): schedule -> commits -> tree diffs ->
// blob cache (parsed on all cores) -> per-point scores kept up to date -> KPIs, diffs, blame.
#include "history/replay.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/import_csv.hpp"
#include "core/limits.hpp"
#include "core/report.hpp"
#include "history/git.hpp"

namespace sh::history {

namespace {

using Clock = std::chrono::steady_clock;
double since_s(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string base_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// ---------------------------------------------------------------------------------------------
// One rule file version, parsed and scored on its own.

struct BlobData {
    struct Entry {
        uint32_t slot = 0;             // technique index * tactics + tactic index
        int score = 0;                 // this file's score for the slot (score_rules on its rules alone)
        std::vector<uint32_t> rules;   // indices into `rules`
    };
    struct TechniqueRules {
        uint32_t technique = 0;        // catalogue index
        uint32_t rules = 0, solid = 0; // rules behind it (once per rule), of which stable or without status
    };
    std::vector<Rule> rules;           // file = the name parsed with (titles may come from it)
    Diagnostics diagnostics;           // loading + scoring, file = that name
    std::vector<Entry> entries;        // ascending slots
    std::vector<TechniqueRules> techniques;
    int rules_scored = 0, rules_with_techniques = 0;
    int by_level[6] = {0, 0, 0, 0, 0, 0}, by_status[6] = {0, 0, 0, 0, 0, 0};
    std::string parsed_as;             // the file name it was parsed with
    bool name_dependent = false;       // a rule without title took the file name as its title
    bool reported = false;             // diagnostics already handed out
    std::size_t bytes = 0;
};

struct ParseContext {
    const Catalogue& cat;
    const ScoreOptions& score;
    const LoadOptions& load;
    std::size_t tactics;
};

// Reads, parses and scores one blob. Never throws; problems become the blob's diagnostics.
void parse_blob(const Repository& repo, const ObjectId& id, const std::string& name, const ParseContext& ctx,
                BlobData& out) {
    out.parsed_as = name;
    std::string error;
    const auto size = repo.blob_size(id, error);
    std::optional<std::string> text;
    const bool csv = is_csv_file_name(name);
    if (size) {
        // Refused before reading, as the CLI refuses a file over its kind's limit (limits.hpp).
        if (auto too_large = check_input_size(csv ? InputKind::RulesCsv : InputKind::RuleYaml, name, *size,
                                              ctx.load.max_file_bytes)) {
            out.diagnostics.push_back(std::move(*too_large));
            return;
        }
    }
    if (size) text = repo.read_blob(id, error);
    if (!text) {
        out.diagnostics.push_back({Severity::Error, name, 0, 0, error + "; counted as 0 rules"});
        return;
    }
    out.bytes = text->size();
    LoadResult lr;
    // As `layer` reads a file: a seed-style CSV (only when --file-pattern takes *.csv) or YAML.
    if (csv) load_rules_from_csv(*text, name, lr, ctx.load);
    else load_rules_from_text(*text, name, lr, ctx.load);
    text.reset();
    // Keep what layers and KPIs read (title, id, level, status, tags, lines); drop the rest.
    for (auto& r : lr.rules) {
        if (r.title == name) out.name_dependent = true;
        r.description.clear();
        r.author.clear();
        r.date.clear();
        r.modified.clear();
        r.falsepositives.clear();
        r.logsource = {};
    }
    ScoreResult sr = score_rules(lr.rules, ctx.cat, ctx.score);
    out.rules_scored = sr.rules_scored;
    out.rules_with_techniques = sr.rules_with_techniques;
    for (const auto& r : lr.rules) {
        ++out.by_level[std::clamp(static_cast<int>(r.level) + 1, 0, 5)];
        ++out.by_status[std::clamp(static_cast<int>(r.status) + 1, 0, 5)];
    }
    std::map<uint32_t, std::set<uint32_t>> by_technique;
    for (auto& e : sr.entries) {
        const Technique* t = ctx.cat.find(e.technique);
        const int tac = ctx.cat.tactic_index(e.tactic);
        if (!t || tac < 0) continue;  // score_rules only places catalogue pairs
        const auto ti = static_cast<uint32_t>(t - ctx.cat.techniques.data());
        by_technique[ti].insert(e.rules.begin(), e.rules.end());
        out.entries.push_back({static_cast<uint32_t>(ti * ctx.tactics + static_cast<std::size_t>(tac)), e.score,
                               std::move(e.rules)});
    }
    std::sort(out.entries.begin(), out.entries.end(), [](const BlobData::Entry& a, const BlobData::Entry& b) {
        return a.slot < b.slot;
    });
    for (const auto& [ti, ids] : by_technique) {
        BlobData::TechniqueRules tr{ti, static_cast<uint32_t>(ids.size()), 0};
        for (uint32_t i : ids) {
            const Status s = lr.rules[i].status;
            tr.solid += s == Status::None || s >= Status::Stable;
        }
        out.techniques.push_back(tr);
    }
    out.rules = std::move(lr.rules);
    out.diagnostics = std::move(lr.diagnostics);
    out.diagnostics.insert(out.diagnostics.end(), sr.diagnostics.begin(), sr.diagnostics.end());
}

class BlobCache {
public:
    BlobCache(const ParseContext& ctx, ReplayStats& stats) : ctx_(ctx), stats_(stats) {}

    // Index of the parsed version of blob `id` as a file called `name`, or -1 when not parsed yet.
    int find(const ObjectId& id, const std::string& name) const {
        const auto it = by_id_.find(id);
        if (it == by_id_.end()) return -1;
        const BlobData& d = data_[it->second];
        if (!d.name_dependent || d.parsed_as == name) return static_cast<int>(it->second);
        const auto jt = by_id_name_.find({id, name});
        return jt == by_id_name_.end() ? -1 : static_cast<int>(jt->second);
    }

    // Parses every (id, name) not cached yet, on `jobs` threads, each with its own repository.
    void parse_all(const std::string& repo_path, const Repository& main_repo,
                   const std::vector<std::pair<ObjectId, std::string>>& wanted, unsigned jobs, bool count_hits = true) {
        // Each version once, under the first name it has; a version whose rules take their title
        // from the file name is parsed again under another name only when it appears under one.
        std::vector<std::pair<ObjectId, std::string>> todo;
        std::unordered_map<ObjectId, bool, ObjectIdHash> seen;
        for (const auto& w : wanted)
            if (by_id_.find(w.first) == by_id_.end() && seen.emplace(w.first, true).second) todo.push_back(w);
        if (count_hits) stats_.cache_hits += wanted.size() - todo.size();
        if (todo.empty()) return;
        const std::size_t first = data_.size();
        data_.resize(first + todo.size());
        jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(todo.size() / 64 + 1)));
        if (!(git_libgit2_features() & GIT_FEATURE_THREADS)) jobs = 1;
        std::atomic<std::size_t> next{0};
        auto work = [&](const Repository& repo) {
            for (std::size_t i; (i = next.fetch_add(1)) < todo.size();)
                parse_blob(repo, todo[i].first, todo[i].second, ctx_, data_[first + i]);
        };
        std::vector<std::thread> threads;
        std::vector<std::unique_ptr<Repository>> repos;
        for (unsigned t = 1; t < jobs; ++t) {
            std::string error;
            auto r = Repository::open(repo_path, error);
            if (!r) break;
            repos.push_back(std::move(r));
        }
        for (const auto& r : repos) threads.emplace_back([&work, &r] { work(*r); });
        work(main_repo);
        for (auto& t : threads) t.join();
        for (std::size_t i = 0; i < todo.size(); ++i) index(todo[i].first, todo[i].second, first + i);
    }

    // The index for (id, name), parsing it now on this thread when needed (blame, rare renames).
    uint32_t get(const Repository& repo, const ObjectId& id, const std::string& name) {
        const int found = find(id, name);
        if (found >= 0) return static_cast<uint32_t>(found);
        // Only blame's commits and renamed name-dependent files get here: the points' versions
        // were all parsed by parse_all.
        data_.emplace_back();
        parse_blob(repo, id, name, ctx_, data_.back());
        index(id, name, data_.size() - 1);
        return static_cast<uint32_t>(data_.size() - 1);
    }

    BlobData& at(uint32_t i) { return data_[i]; }
    const BlobData& at(uint32_t i) const { return data_[i]; }

private:
    void index(const ObjectId& id, const std::string& name, std::size_t i) {
        ++stats_.parses;
        stats_.blob_bytes += data_[i].bytes;
        if (by_id_.emplace(id, static_cast<uint32_t>(i)).second) ++stats_.file_versions;
        else by_id_name_[{id, name}] = static_cast<uint32_t>(i);
    }

    const ParseContext& ctx_;
    ReplayStats& stats_;
    std::deque<BlobData> data_;  // growing never moves an element: blame holds pointers while parsing more
    std::unordered_map<ObjectId, uint32_t, ObjectIdHash> by_id_;
    std::map<std::pair<ObjectId, std::string>, uint32_t> by_id_name_;
};

// ---------------------------------------------------------------------------------------------
// The combined scores of one tree, kept up to date as files come and go.

class Tally {
public:
    Tally(std::size_t slots, std::size_t techniques, bool max_based)
        : max_based_(max_based), nrules_(slots, 0), sum_(max_based ? 0 : slots, 0), values_(max_based ? slots : 0),
          tech_rules_(techniques, 0), tech_solid_(techniques, 0) {}

    void apply(const BlobData& b, int sign) {
        files += sign;
        rules_total += sign * static_cast<int>(b.rules.size());
        rules_scored += sign * b.rules_scored;
        rules_with_techniques += sign * b.rules_with_techniques;
        for (int i = 0; i < 6; ++i) {
            by_level[i] += sign * b.by_level[i];
            by_status[i] += sign * b.by_status[i];
        }
        for (const auto& e : b.entries) {
            nrules_[e.slot] += static_cast<uint32_t>(sign * static_cast<int>(e.rules.size()));
            if (!max_based_) {
                sum_[e.slot] += sign * e.score;
                continue;
            }
            auto& v = values_[e.slot];  // (score, files) ascending by score
            auto it = std::lower_bound(v.begin(), v.end(), std::make_pair(e.score, 0u),
                                       [](const auto& a, const auto& b) { return a.first < b.first; });
            if (sign > 0) {
                if (it != v.end() && it->first == e.score) ++it->second;
                else v.insert(it, {e.score, 1u});
            } else if (it != v.end() && it->first == e.score && --it->second == 0) {
                v.erase(it);
            }
        }
        for (const auto& t : b.techniques) {
            tech_rules_[t.technique] += static_cast<uint32_t>(sign * static_cast<int>(t.rules));
            tech_solid_[t.technique] += static_cast<uint32_t>(sign * static_cast<int>(t.solid));
        }
    }

    bool present(std::size_t slot) const { return nrules_[slot] > 0; }
    int score(std::size_t slot) const {
        if (!max_based_) return static_cast<int>(sum_[slot]);
        return values_[slot].empty() ? 0 : values_[slot].back().first;
    }
    std::size_t slots() const { return nrules_.size(); }
    uint32_t technique_rules(std::size_t t) const { return tech_rules_[t]; }
    uint32_t technique_solid(std::size_t t) const { return tech_solid_[t]; }

    int files = 0, rules_total = 0, rules_scored = 0, rules_with_techniques = 0;
    int by_level[6] = {0, 0, 0, 0, 0, 0}, by_status[6] = {0, 0, 0, 0, 0, 0};

private:
    bool max_based_;
    std::vector<uint32_t> nrules_;
    std::vector<int64_t> sum_;
    std::vector<std::vector<std::pair<int, uint32_t>>> values_;
    std::vector<uint32_t> tech_rules_, tech_solid_;
};

bool is_max_based(ScoreProfile p) {
    return p == ScoreProfile::Seed || p == ScoreProfile::Max || p == ScoreProfile::Quality;
}

// Best score of technique t over its tactics, or -1 when no rule places it anywhere.
int best_score(const Tally& tally, std::size_t t, std::size_t tactics) {
    int best = -1;
    for (std::size_t s = t * tactics; s < (t + 1) * tactics; ++s)
        if (tally.present(s)) best = std::max(best, tally.score(s));
    return best;
}

// Whether a file's new version lowered technique t (a slot's score fell or its rules left).
bool lowered(const BlobData* before, const BlobData* after, std::size_t t, std::size_t tactics) {
    if (!before) return false;
    for (const auto& e : before->entries) {
        if (e.slot / tactics != t) continue;
        const BlobData::Entry* n = nullptr;
        if (after)
            for (const auto& x : after->entries)
                if (x.slot == e.slot) n = &x;
        if (!n || n->score < e.score) return true;
    }
    return false;
}

// ---------------------------------------------------------------------------------------------

using FileState = std::map<std::string, uint32_t>;  // path -> cache index, in path (byte) order

class PointRulesImpl : public PointRules {
public:
    PointRulesImpl(const FileState& files, const BlobCache& cache, const Tally& tally, const Catalogue& cat)
        : files_(files), cache_(cache), tally_(tally), cat_(cat) {}

    void materialise(std::vector<Rule>& rules, ScoreResult& scores) const override {
        rules.clear();
        scores = ScoreResult{};
        const std::size_t tactics = cat_.tactics.size();
        std::vector<std::vector<uint32_t>> slot_rules(tally_.slots());
        for (const auto& [path, idx] : files_) {
            const BlobData& b = cache_.at(idx);
            const auto offset = static_cast<uint32_t>(rules.size());
            for (const auto& r : b.rules) {
                rules.push_back(r);
                rules.back().file = path;
            }
            for (const auto& e : b.entries)
                for (uint32_t i : e.rules) slot_rules[e.slot].push_back(offset + i);
            scores.rules_scored += b.rules_scored;
            scores.rules_with_techniques += b.rules_with_techniques;
        }
        scores.rules_total = static_cast<int>(rules.size());
        for (std::size_t s = 0; s < slot_rules.size(); ++s) {
            if (slot_rules[s].empty()) continue;
            TechniqueScore e;
            e.technique = cat_.techniques[s / tactics].id;
            e.tactic = cat_.tactics[s % tactics].shortname;
            e.score = tally_.score(s);
            e.rules = std::move(slot_rules[s]);
            scores.entries.push_back(std::move(e));
        }
    }

private:
    const FileState& files_;
    const BlobCache& cache_;
    const Tally& tally_;
    const Catalogue& cat_;
};

struct Point {
    SchedulePoint when;
    int commit = -1;                    // index into the chain; -1: before the first commit
    std::optional<ObjectId> tree;       // the rule folder's tree; nullopt: absent (or no commit)
    std::vector<FileChange> changes;    // from the previous point's tree
};

class Replayer {
public:
    Replayer(const std::string& repo_path, const ReplayOptions& opt, ReplayResult& res)
        : repo_path_(repo_path), opt_(opt), res_(res), cat_(*opt.catalogue), tactics_(cat_.tactics.size()),
          ctx_{cat_, opt.score, opt.load, tactics_}, cache_(ctx_, res.stats),
          prefix_(opt.path.empty() ? "" : opt.path + "/") {}

    void run(const PointCallback& on_point) {
        std::string error;
        repo_ = Repository::open(repo_path_, error);
        if (!repo_) return fail(error);
        const auto tip = repo_->resolve_commit(opt_.ref, error);
        if (!tip) return fail(error);
        chain_ = repo_->first_parent_chain(*tip);
        if (chain_.commits.empty()) return fail(chain_.note.empty() ? "cannot read " + opt_.ref : chain_.note);
        res_.stats.commits = chain_.commits.size();
        if (!chain_.note.empty()) {
            res_.report.note = chain_.note;
            res_.diagnostics.push_back({Severity::Warning, repo_path_, 0, 0, chain_.note});
        }
        if (!make_schedule()) return;

        auto t0 = Clock::now();
        find_trees_and_changes();
        res_.stats.seconds_trees = since_s(t0);

        t0 = Clock::now();
        std::vector<std::pair<ObjectId, std::string>> wanted;
        for (const auto& p : points_)
            for (const auto& c : p.changes)
                if (!c.new_blob.is_zero()) wanted.emplace_back(c.new_blob, base_name(c.path));
        cache_.parse_all(repo_path_, *repo_, wanted, jobs_);
        res_.stats.seconds_parse = since_s(t0);

        t0 = Clock::now();
        score_points(on_point);
        res_.stats.seconds_score = since_s(t0);
        res_.ok = true;
    }

private:
    void fail(const std::string& error) {
        res_.ok = false;
        res_.error = error;
    }

    bool make_schedule() {
        const int64_t first_day = day_of(chain_.commits.front().committer.time);
        const int64_t tip_day = day_of(chain_.commits.back().committer.time);
        int64_t since = first_day, until = tip_day;
        if (!opt_.since.empty()) {
            const auto d = parse_day(opt_.since);
            if (!d) return fail("--since takes a date as YYYY-MM-DD, not '" + opt_.since + "'"), false;
            since = *d;
        }
        if (!opt_.until.empty()) {
            const auto d = parse_day(opt_.until);
            if (!d) return fail("--until takes a date as YYYY-MM-DD, not '" + opt_.until + "'"), false;
            until = *d;
        }
        if (until < since)
            return fail("nothing to replay: --until " + format_day(until) + " is before --since " + format_day(since)),
                   false;
        HistoryReport& h = res_.report;
        h.repository = repo_path_;
        h.ref = opt_.ref;
        h.path = opt_.path;
        h.every = every_name(opt_.every);
        h.since = format_day(since);
        h.until = format_day(until);
        h.score = profile_name(opt_.score.profile);
        h.attack_version = cat_.attack_version;
        h.domain = cat_.domain;
        h.kpi_threshold = opt_.kpi.threshold;
        h.alert_threshold = opt_.alert_threshold;
        h.platforms = opt_.kpi.platforms;
        for (const auto& t : cat_.tactics) {
            h.tactics.push_back(t.shortname);
            h.tactic_ids.push_back(t.id);
            h.tactic_names.push_back(t.name);
        }
        for (auto& sp : schedule(opt_.every, since, until)) {
            Point p;
            p.when = std::move(sp);
            points_.push_back(std::move(p));
        }
        if (chain_.truncated && since < first_day && !chain_.commits.empty())
            res_.diagnostics.push_back({Severity::Warning, repo_path_, 0, 0,
                                        "points before " + format_day(first_day) +
                                            " come before the oldest commit that could be read: they have 0 rules"});
        return true;
    }

    // The commit of each point (the last first-parent commit at the end of its day, as
    // `git rev-list -1 --first-parent --before=<day>T23:59:59Z` picks it), its rule folder and the
    // rule files that changed since the previous point.
    void find_trees_and_changes() {
        std::vector<std::string> absent;
        std::optional<ObjectId> prev;
        for (auto& p : points_) {
            const int64_t end = end_of_day(p.when.day);
            for (int i = static_cast<int>(chain_.commits.size()) - 1; i >= 0; --i)
                if (chain_.commits[static_cast<std::size_t>(i)].committer.time <= end) {
                    p.commit = i;
                    break;
                }
            if (p.commit >= 0) {
                std::string error;
                p.tree = repo_->subtree(commit(p.commit).tree, opt_.path, error);
                if (!error.empty())
                    res_.diagnostics.push_back({Severity::Error, commit(p.commit).id.short_hex(), 0, 0, error});
                else if (!p.tree)
                    absent.push_back(p.when.date);
            }
            std::vector<std::string> errors;
            p.changes = repo_->diff_trees(prev, p.tree, prefix_, opt_.is_rule_file, errors);
            for (const auto& e : errors)
                res_.diagnostics.push_back({Severity::Error, p.commit >= 0 ? commit(p.commit).id.short_hex() : "", 0, 0,
                                            e + "; that part counts as empty"});
            res_.stats.file_changes += p.changes.size();
            prev = p.tree;
        }
        if (!absent.empty()) {
            const std::string what = opt_.path.empty() ? std::string("the tree") : "'" + opt_.path + "'";
            res_.diagnostics.push_back(
                {Severity::Warning, repo_path_, 0, 0,
                 what + " is absent at " + std::to_string(absent.size()) + " of " +
                     plural(points_.size(), "point", "points") + " (" + absent.front() +
                     (absent.size() > 1 ? " to " + absent.back() : std::string()) +
                     (absent.size() == 1 ? "): it has 0 rules" : "): they have 0 rules")});
        }
    }

    const CommitInfo& commit(int i) const { return chain_.commits[static_cast<std::size_t>(i)]; }

    // Applies a tree's file changes to files/tally. Cache entries are parsed already, except for
    // blame's commits and renamed name-dependent files, which are parsed here.
    void apply(const std::vector<FileChange>& changes, FileState& files, Tally& tally, const std::string& where,
               bool report) {
        for (const auto& c : changes) {
            if (auto it = files.find(c.path); it != files.end()) {
                tally.apply(cache_.at(it->second), -1);
                files.erase(it);
            }
            if (c.new_blob.is_zero()) continue;
            const uint32_t idx = cache_.get(*repo_, c.new_blob, base_name(c.path));
            files.emplace(c.path, idx);
            BlobData& b = cache_.at(idx);
            tally.apply(b, +1);
            if (report && !b.reported) {
                b.reported = true;
                for (auto d : b.diagnostics) {
                    d.file = where + ":" + c.path;
                    res_.diagnostics.push_back(std::move(d));
                }
            }
        }
    }

    Coverage coverage_of(const Tally& tally, const std::string& name) const {
        ScoreResult sr;
        for (std::size_t s = 0; s < tally.slots(); ++s) {
            if (!tally.present(s)) continue;
            TechniqueScore e;
            e.technique = cat_.techniques[s / tactics_].id;
            e.tactic = cat_.tactics[s % tactics_].shortname;
            e.score = tally.score(s);
            sr.entries.push_back(std::move(e));
        }
        return coverage_from_scores(sr, name);
    }

    void score_points(const PointCallback& on_point) {
        FileState files;
        Tally tally(cat_.techniques.size() * tactics_, cat_.techniques.size(), is_max_based(opt_.score.profile));
        Coverage prev_cov;
        for (std::size_t pi = 0; pi < points_.size(); ++pi) {
            Point& p = points_[pi];
            const std::string where = p.commit >= 0 ? commit(p.commit).id.short_hex() : "";
            apply(p.changes, files, tally, where, true);

            HistoryPoint hp;
            hp.date = p.when.date;
            hp.name = "coverage_" + p.when.date;
            hp.period = p.when.period;
            if (p.commit >= 0) {
                const CommitInfo& c = commit(p.commit);
                hp.commit = c.id.hex();
                hp.commit_date = iso_date(c.committer.time);
                hp.author = c.author.name;
                hp.summary = c.summary;
            }
            hp.path_present = p.commit < 0 || p.tree.has_value();
            hp.files = tally.files;
            const Coverage cov = coverage_of(tally, hp.name);
            hp.kpis = compute_coverage_kpis(cov, cat_, opt_.kpi);
            hp.kpis.rules_total = tally.rules_total;
            hp.kpis.rules_scored = tally.rules_scored;
            hp.kpis.rules_with_techniques = tally.rules_with_techniques;
            std::copy(std::begin(tally.by_level), std::end(tally.by_level), hp.kpis.rules_by_level);
            std::copy(std::begin(tally.by_status), std::end(tally.by_status), hp.kpis.rules_by_status);
            for (std::size_t t = 0; t < cat_.techniques.size(); ++t)
                if (tally.technique_rules(t) > 0 && tally.technique_solid(t) == 0 && best_score(tally, t, tactics_) > 0 &&
                    in_kpi_population(cat_.techniques[t], opt_.kpi))
                    ++hp.fragile_count;

            if (pi > 0) {
                HistoryDiff d;
                const HistoryPoint& before = res_.report.points.back();
                d.from = before.date;
                d.to = hp.date;
                d.period = hp.period;
                d.from_commit = before.commit;
                d.to_commit = hp.commit;
                d.diff = diff_coverage(prev_cov, cov, &cat_, DiffOptions{opt_.alert_threshold, opt_.kpi.platforms});
                d.changed = static_cast<int>(d.diff.techniques.size());
                if (opt_.blame && (!d.diff.dropped_below.empty() || !d.diff.lost.empty())) {
                    const auto t0 = Clock::now();
                    blame(d, points_[pi - 1], p, files, tally);
                    res_.stats.seconds_blame += since_s(t0);
                }
                res_.report.diffs.push_back(std::move(d));
            }
            res_.report.points.push_back(std::move(hp));
            prev_cov = cov;
            if (on_point) on_point(pi, points_.size(), res_.report.points.back(), PointRulesImpl(files, cache_, tally, cat_));
        }
        res_.stats.points = points_.size();
    }

    // ---- blame ----

    struct Crossing {
        int commit = -1;
        std::vector<std::string> paths;  // files that lowered the technique in that commit
    };

    void blame(HistoryDiff& d, const Point& from, const Point& to, const FileState& files_now, const Tally& tally_now) {
        // The state at the previous point: the current one with this point's changes undone.
        FileState files = files_now;
        Tally tally = tally_now;
        std::vector<FileChange> undo;
        for (const auto& c : to.changes) undo.push_back({c.path, c.new_blob, c.old_blob});
        apply(undo, files, tally, "", false);

        struct Target {
            const TechniqueChange* change;
            std::size_t technique;
            bool lost;       // fell to 0 (else: below the threshold)
            int before;
            Crossing crossing;
        };
        std::vector<Target> targets;
        for (const auto* list : {&d.diff.dropped_below, &d.diff.lost})
            for (const auto& tc : *list)
                if (const Technique* t = cat_.find(tc.technique))
                    targets.push_back({&tc, static_cast<std::size_t>(t - cat_.techniques.data()), tc.after == 0,
                                       std::max(0, best_score(tally, static_cast<std::size_t>(t - cat_.techniques.data()), tactics_)),
                                       {}});

        // The first-parent commits of the period, each as its changes from the one before; the
        // file versions they bring are parsed first, on all cores, then replayed one by one.
        std::vector<std::vector<FileChange>> period;
        std::vector<std::pair<ObjectId, std::string>> wanted;
        {
            std::optional<ObjectId> tree = from.tree;
            for (int k = from.commit + 1; k <= to.commit; ++k) {
                std::string error;
                const std::optional<ObjectId> next = repo_->subtree(commit(k).tree, opt_.path, error);
                std::vector<std::string> errors;
                period.push_back(repo_->diff_trees(tree, next, prefix_, opt_.is_rule_file, errors));
                for (const auto& c : period.back())
                    if (!c.new_blob.is_zero()) wanted.emplace_back(c.new_blob, base_name(c.path));
                tree = next;
            }
        }
        cache_.parse_all(repo_path_, *repo_, wanted, jobs_, false);
        for (int k = from.commit + 1; k <= to.commit; ++k) {
            ++res_.stats.blame_commits;
            const std::vector<FileChange>& changes = period[static_cast<std::size_t>(k - from.commit - 1)];
            std::vector<std::pair<const BlobData*, const BlobData*>> versions;  // before/after of each change
            for (const auto& c : changes) {
                const auto it = files.find(c.path);
                const BlobData* before = it == files.end() ? nullptr : &cache_.at(it->second);
                versions.push_back({before, nullptr});
            }
            apply(changes, files, tally, "", false);
            for (std::size_t i = 0; i < changes.size(); ++i) {
                const auto it = files.find(changes[i].path);
                versions[i].second = it == files.end() ? nullptr : &cache_.at(it->second);
            }
            for (auto& t : targets) {
                const int after = std::max(0, best_score(tally, t.technique, tactics_));
                const bool crossed = t.lost ? (t.before > 0 && after == 0)
                                            : (t.before >= opt_.alert_threshold && after < opt_.alert_threshold);
                if (crossed) {
                    t.crossing = Crossing{k, {}};
                    for (std::size_t i = 0; i < changes.size(); ++i)
                        if (lowered(versions[i].first, versions[i].second, t.technique, tactics_))
                            t.crossing.paths.push_back(changes[i].path);
                }
                t.before = after;
            }
        }

        for (auto& t : targets) {
            HistoryBlame b;
            b.technique = t.change->technique;
            b.name = t.change->name;
            b.kind = t.lost ? "lost" : "below";
            b.before = t.change->before;
            b.after = t.change->after;
            if (t.crossing.commit >= 0) b.commits = authors(t.crossing, t.technique);
            d.blame.push_back(std::move(b));
        }
    }

    HistoryCommit to_history_commit(const CommitInfo& c) const {
        HistoryCommit h;
        h.id = c.id.hex();
        h.author = c.author.name;
        h.email = c.author.email;
        h.date = iso_date(c.author.time + int64_t(c.author.offset) * 60);
        h.summary = c.summary;
        return h;
    }

    const BlobData* version_at(const ObjectId& root_tree, const std::string& path) {
        const auto blob = repo_->blob_at(root_tree, path);
        return blob ? &cache_.at(cache_.get(*repo_, *blob, base_name(path))) : nullptr;
    }

    // The commits that made the crossing: the first-parent commit itself, or, when it is a merge,
    // for each file the newest commit of the merged branch that lowered the technique in it.
    std::vector<HistoryCommit> authors(const Crossing& x, std::size_t technique) {
        const CommitInfo& on_line = commit(x.commit);
        std::vector<HistoryCommit> out;
        auto add = [&](const CommitInfo& c, const std::string& path, const std::string& merge) {
            for (auto& h : out)
                if (h.id == c.id.hex()) {
                    if (!path.empty()) h.paths.push_back(path);
                    return;
                }
            HistoryCommit h = to_history_commit(c);
            h.merge = merge;
            if (!path.empty()) h.paths.push_back(path);
            out.push_back(std::move(h));
        };
        if (on_line.parents.size() < 2) {
            if (x.paths.empty()) add(on_line, "", "");
            for (const auto& p : x.paths) add(on_line, p, "");
            return out;
        }
        constexpr std::size_t kMaxBranchCommits = 5000;
        const std::vector<ObjectId> branch = repo_->commits_between(on_line.parents.front(), on_line.id, kMaxBranchCommits);
        std::vector<CommitInfo> infos;
        for (const auto& id : branch) {
            if (id == on_line.id) continue;
            CommitInfo ci;
            std::string error;
            if (repo_->commit_info(id, ci, error)) infos.push_back(std::move(ci));
        }
        for (const auto& path : x.paths) {
            const auto final_blob = repo_->blob_at(on_line.tree, path);
            const CommitInfo* found = nullptr;
            for (const auto& c : infos) {
                if (c.parents.empty() || repo_->blob_at(c.tree, path) != final_blob) continue;
                CommitInfo parent;
                std::string error;
                if (!repo_->commit_info(c.parents.front(), parent, error)) continue;
                const auto before_blob = repo_->blob_at(parent.tree, path);
                if (before_blob == final_blob) continue;
                if (lowered(before_blob ? version_at(parent.tree, path) : nullptr,
                            final_blob ? version_at(c.tree, path) : nullptr, technique, tactics_)) {
                    found = &c;
                    break;
                }
            }
            if (found) add(*found, path, on_line.id.hex());
            else add(on_line, path, "");
        }
        if (out.empty()) add(on_line, "", "");
        return out;
    }

    const std::string& repo_path_;
    const ReplayOptions& opt_;
    ReplayResult& res_;
    const Catalogue& cat_;
    const std::size_t tactics_;
    ParseContext ctx_;
    BlobCache cache_;
    const std::string prefix_;
    const unsigned jobs_ = opt_.jobs ? opt_.jobs : std::max(1u, std::thread::hardware_concurrency());
    std::unique_ptr<Repository> repo_;
    Chain chain_;
    std::vector<Point> points_;
};

}  // namespace

ReplayResult replay(const std::string& repository, const ReplayOptions& options, const PointCallback& on_point) {
    ReplayResult res;
    if (!options.catalogue || !options.is_rule_file) {
        res.error = "replay needs a catalogue and a rule file test";
        return res;
    }
    ReplayOptions opt = options;
    while (!opt.path.empty() && opt.path.back() == '/') opt.path.pop_back();
    while (!opt.path.empty() && opt.path.front() == '/') opt.path.erase(0, 1);
    if (opt.path == ".") opt.path.clear();
    Replayer(repository, opt, res).run(on_point);
    return res;
}

}  // namespace sh::history
