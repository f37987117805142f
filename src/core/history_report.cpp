// history_report.cpp — the history's trend JSON/CSV, its alert text with blame, and reading the
// JSON back for the page (format in history_report.hpp). Percentages are rounded to 2 decimals as
// in report_json.cpp, so `layer --report` and the history say the same numbers.
#include "history_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "diagnostics.hpp"
#include "limits.hpp"
#include "report_internal.hpp"
#include "text_encoding.hpp"

namespace sh {

using ojson = nlohmann::ordered_json;
using namespace report_detail;

namespace {

constexpr const char* kFormat = "sigma-heatmap-history";

std::string blame_line(const HistoryBlame& b, const HistoryCommit& c, int threshold) {
    std::string s = "  commit " + c.id.substr(0, 12) + " by " + (c.author.empty() ? std::string("(unknown)") : c.author) +
                    " on " + c.date + " ";
    s += b.after == 0 ? "removed the last rule for " + b.technique
                      : "took " + b.technique + " below " + std::to_string(threshold) + " (" + std::to_string(b.before) +
                            " -> " + std::to_string(b.after) + ")";
    std::string paths;
    for (const auto& p : c.paths) paths += (paths.empty() ? "" : ", ") + p;
    if (!paths.empty()) s += " (" + paths + ")";
    if (!c.merge.empty()) s += ", merged in " + c.merge.substr(0, 12);
    return s;
}

// blame_of: the diff's blame entries by technique, each printed once, under the first change of its
// technique (a trend file read back may list many changes and blame entries: no scan of one list per
// element of the other, and text linear in the two).
void append_blamed(std::string& s, const std::vector<TechniqueChange>& list, const HistoryDiff& d,
                   std::unordered_multimap<std::string_view, const HistoryBlame*>& blame_of) {
    for (const auto& t : list) {
        s += "- " + alert_change_line(t) + "\n";
        const auto range = blame_of.equal_range(t.technique);
        std::vector<const HistoryBlame*> found;
        for (auto it = range.first; it != range.second; ++it) found.push_back(it->second);
        std::sort(found.begin(), found.end());  // the diff's order (pointers into one vector)
        for (const HistoryBlame* bp : found) {
            const HistoryBlame& b = *bp;
            if (b.commits.empty()) s += "  (no commit found: the change is not in the history that could be read)\n";
            for (const auto& c : b.commits) s += blame_line(b, c, d.diff.threshold) + "\n";
        }
        blame_of.erase(t.technique);
    }
}

// ---- reading ----

using Event = ojson::parse_event_t;

bool is_date(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

// A string from the file as it is kept: a NUL character (\u0000) would cut every message and
// label that prints it, so it is kept visibly as the text "\u0000" (and reported by the caller).
std::string visible(const std::string& s, bool& had_nul) {
    if (s.find('\0') == std::string::npos) return s;
    had_nul = true;
    std::string out;
    for (char c : s) {
        if (c == '\0') out += "\\u0000";
        else out += c;
    }
    return out;
}

// Reads the fields of one JSON object with the checks every string and number from a file gets (as
// layer.cpp's): wrong types and numbers out of their range are reported and read as the default.
class FieldReader {
public:
    FieldReader(DiagnosticSink& sink, std::string where) : sink_(sink), where_(std::move(where)) {}

    std::string text(const ojson& o, const char* key) {
        const auto it = o.find(key);
        if (it == o.end() || it->is_null()) return {};
        if (!it->is_string()) {
            warn(key, " is not a text; ignored", "not a text");
            return {};
        }
        bool nul = false;
        std::string s = visible(it->get_ref<const std::string&>(), nul);
        if (nul) warn(key, " contains a NUL character (\\u0000); it is shown as \\u0000", "NUL character in a string");
        return s;
    }
    // Each key's text into its field, in order.
    void texts(const ojson& o, std::initializer_list<std::pair<const char*, std::string*>> fields) {
        for (const auto& [key, into] : fields) *into = text(o, key);
    }
    int count(const ojson& o, const char* key) { return whole(o, key, 0, limits::kMaxCount).value_or(0); }
    int score(const ojson& o, const char* key) {
        return whole(o, key, -limits::kMaxAbsScore, limits::kMaxAbsScore).value_or(0);
    }
    std::optional<int> threshold(const ojson& o, const char* key) { return whole(o, key, 1, limits::kMaxAbsScore); }
    CoverageCount coverage(const ojson& o, const char* key) {
        CoverageCount c;
        const auto it = o.find(key);
        if (it == o.end() || !it->is_object()) return c;
        FieldReader f(sink_, name(key));
        c.total = f.count(*it, "total");
        c.covered = f.count(*it, "covered");
        c.at_threshold = f.count(*it, "atThreshold");
        if (c.covered > c.total || c.at_threshold > c.total) {
            warn(key, " counts more covered techniques than its total (" + std::to_string(c.total) + "); read as " +
                          std::to_string(c.total),
                 "count above its total");
            c.covered = std::min(c.covered, c.total);
            c.at_threshold = std::min(c.at_threshold, c.total);
        }
        return c;
    }
    // A whole number within [lo, hi] (rounded); nullopt when absent, or present but not usable (reported).
    std::optional<int> whole(const ojson& o, const char* key, double lo, double hi) {
        const auto it = o.find(key);
        if (it == o.end() || it->is_null()) return std::nullopt;
        if (!it->is_number()) {
            warn(key, " is not a number; ignored", "not a number");
            return std::nullopt;
        }
        const double v = it->get<double>();
        if (!std::isfinite(v) || v < lo || v > hi) {
            const bool full = sink_.full("number out of range");
            warn(key, full ? std::string() : " = " + excerpt(it->dump(), 40) + " is out of range (" +
                                                 std::to_string(std::lround(lo)) + " to " + std::to_string(std::lround(hi)) +
                                                 "); ignored",
                 "number out of range");
            return std::nullopt;
        }
        return static_cast<int>(std::lround(v));
    }
    // When the sink holds no more of this kind it only counts them: no message is built.
    void warn(const char* key, const std::string& what, std::string_view kind) {
        sink_.warning(0, sink_.full(kind) ? std::string() : name(key) + what, kind);
    }

private:
    std::string name(const char* key) const { return where_.empty() ? key : where_ + "." + key; }
    DiagnosticSink& sink_;
    std::string where_;
};

// The list's elements, the list left empty for the next element that holds one.
template <class T>
std::vector<T> take(std::vector<T>& list) {
    std::vector<T> out = std::move(list);
    list.clear();
    return out;
}

// The lists of a trend file, by their place in it.
enum class List { None, Tactics, Points, Diffs, PointTactics, Changes, Blame, Commits, ChangeTactics, Paths, Platforms };

// Reads a trend file from nlohmann's parse callback. Every list (points, diffs, their tactics,
// changes, blame, commits, paths) is taken element by element as each one ends and dropped from
// the parse tree, and keys nobody reads are never built: memory follows what is kept (bounded by
// kHistoryPoints), not the JSON tree. It also keeps the time linear: nlohmann's callback parser
// looks through a container for a dropped element each time an object inside it ends, which is
// quadratic over a list that keeps its elements; these lists never hold more than one.
class TrendReader {
public:
    explicit TrendReader(DiagnosticSink& sink) : sink_(sink) {}

    HistoryReport h;                           // tactics, points and diffs as read
    std::vector<std::optional<int>> thresholds;  // per diff, its own threshold when it gives one

    bool on_event(int depth, Event event, ojson& parsed) {
        // Inside a container already dropped (nlohmann reports its keys and containers, not its
        // values or ends): the first event at its depth or above is past it.
        if (depth > skip_below_) return false;
        skip_below_ = kNoSkip;
        if (depth > kMaxDepth) return drop(depth, event);
        const std::size_t d = static_cast<std::size_t>(depth);
        switch (event) {
            case Event::key: {
                const auto& k = parsed.get_ref<const std::string&>();
                at_[d] = k.size() <= 32 ? k : std::string("?");  // no key this long is read
                dropped_key_[d] = !wanted(d, at_[d]);
                return !dropped_key_[d];
            }
            case Event::object_start:
            case Event::array_start: {
                if (depth == 0) return event == Event::object_start;
                const bool element = at_[d] == "[]";
                if (element) ++index_[d];
                else if (dropped_key_[d]) return drop(depth, event);
                const List in = element ? list_at(d - 1) : List::None;  // the list this is an element of
                if (event == Event::array_start) {
                    const List l = element ? List::None : list_at(d);
                    if (l == List::None) return unexpected(d, "a list", depth, event);
                    at_[d + 1] = "[]";
                    index_[d + 1] = 0;
                    return true;
                }
                if (in != List::None) {
                    if (in == List::ChangeTactics || in == List::Paths || in == List::Platforms)
                        return unexpected(d, "an object", depth, event);
                    begin(in);
                    return true;
                }
                if (object_at(d)) return true;
                return unexpected(d, "an object", depth, event);
            }
            case Event::value: {
                if (depth == 0) return true;
                if (at_[d] != "[]") return !dropped_key_[d];
                ++index_[d];
                const List in = list_at(d - 1);
                if (in == List::Platforms) return platform(d, parsed);
                if (in == List::ChangeTactics || in == List::Paths) {
                    if (!parsed.is_string()) {
                        warn(d, " is not a text; skipped", "not a text");
                        return false;
                    }
                    bool nul = false;
                    std::string s = visible(parsed.get_ref<const std::string&>(), nul);
                    if (nul) warn(d, " contains a NUL character (\\u0000); it is shown as \\u0000", "NUL character in a string");
                    (in == List::Paths ? paths_ : change_tactics_).push_back(std::move(s));
                    return false;
                }
                warn(d, " is not an object; skipped", "not an object");
                return false;
            }
            case Event::object_end:
                if (depth >= 2 && at_[d] == "[]") {
                    end(list_at(d - 1), d, parsed);
                    return false;  // read: the tree need not keep it
                }
                return true;
            case Event::array_end: return true;
            default: return true;
        }
    }

private:
    static constexpr int kMaxDepth = 8;  // the deepest key read: diffs[].blame[].commits[].paths[]
    static constexpr int kNoSkip = 1 << 30;

    bool drop(int depth, Event event) {
        if (event == Event::object_start || event == Event::array_start) skip_below_ = depth;
        return false;
    }
    bool unexpected(std::size_t d, const char* what, int depth, Event event) {
        warn(d, std::string(" is ") + what + " where none is read; ignored", "unexpected list or object");
        return drop(depth, event);
    }

    bool is(std::size_t d, const char* k) const { return at_[d] == k; }
    bool change_list(std::size_t d) const { return is(d, "droppedBelow") || is(d, "lost") || is(d, "closedGaps"); }
    // The list whose elements sit at depth d + 1 (its key at depth d).
    List list_at(std::size_t d) const {
        if (d == 1)
            return is(1, "tactics")     ? List::Tactics
                   : is(1, "points")    ? List::Points
                   : is(1, "diffs")     ? List::Diffs
                   : is(1, "platforms") ? List::Platforms
                                        : List::None;
        if (d < 3 || !is(2, "[]")) return List::None;
        if (d == 3) {
            if (is(1, "points") && is(3, "tactics")) return List::PointTactics;
            if (is(1, "diffs") && change_list(3)) return List::Changes;
            if (is(1, "diffs") && is(3, "blame")) return List::Blame;
            return List::None;
        }
        if (!is(1, "diffs") || !is(4, "[]")) return List::None;
        if (d == 5 && change_list(3) && is(5, "tactics")) return List::ChangeTactics;
        if (d == 5 && is(3, "blame") && is(5, "commits")) return List::Commits;
        if (d == 7 && is(3, "blame") && is(5, "commits") && is(6, "[]") && is(7, "paths")) return List::Paths;
        return List::None;
    }
    // Objects read that are a key's value: counts, a point's rules and its rules by level/status.
    bool object_at(std::size_t d) const {
        if (!is(1, "points") || !is(2, "[]")) return false;
        if (d == 3) return is(3, "rules") || is(3, "techniques") || is(3, "all");
        if (d == 4) return is(3, "rules") && (is(4, "byLevel") || is(4, "byStatus"));
        if (d == 5) return is(3, "tactics") && is(4, "[]") && (is(5, "techniques") || is(5, "all"));
        return false;
    }
    // The keys read in an object whose own key (or "[]") is at depth d - 1.
    bool wanted(std::size_t d, const std::string& k) const {
        auto any = [&](std::initializer_list<const char*> keys) {
            return std::any_of(keys.begin(), keys.end(), [&](const char* x) { return k == x; });
        };
        static const auto counts = {"total", "covered", "atThreshold"};
        if (d == 1)
            return any({"format", "version", "repository", "ref", "path", "every", "since", "until", "score", "attackVersion",
                        "domain", "kpiThreshold", "alertThreshold", "platforms", "note", "tactics", "points", "diffs"});
        switch (list_at(d - 2)) {  // an element's own keys
            case List::Tactics: return any({"tactic", "id", "name"});
            case List::Points:
                return any({"date", "name", "period", "commit", "commitDate", "author", "summary", "pathPresent", "files",
                            "rules", "techniques", "all", "tactics", "fragile"});
            case List::Diffs:
                return any({"from", "to", "period", "fromCommit", "toCommit", "threshold", "droppedBelow", "lost",
                            "closedGaps", "changedTechniques", "blame"});
            case List::PointTactics: return any({"tactic", "techniques", "all"});
            case List::Changes: return any({"technique", "name", "tactics", "before", "after"});
            case List::Blame: return any({"technique", "name", "kind", "before", "after", "commits"});
            case List::Commits: return any({"id", "author", "email", "date", "summary", "merge", "paths"});
            default: break;
        }
        if (object_at(d - 1)) {
            if (is(d - 1, "rules")) return any({"total", "scored", "withTechniques", "byLevel", "byStatus"});
            if (is(d - 1, "byLevel") || is(d - 1, "byStatus")) return true;  // a handful of names; read by name
            return any(counts);
        }
        return false;
    }

    std::string where(std::size_t d) const {
        std::string s;
        for (std::size_t i = 1; i <= d; ++i)
            s += at_[i] == "[]" ? "[" + std::to_string(index_[i] - 1) + "]" : (i > 1 ? "." : "") + at_[i];
        return s;
    }
    void warn(std::size_t d, const std::string& what, std::string_view kind) {
        sink_.warning(0, sink_.full(kind) ? std::string() : where(d) + what, kind);
    }

    // One name of the platform filter: a text without control characters; each name once; at most
    // kHistoryPlatforms names of kHistoryPlatformBytes together (each diff's alert names them all).
    bool platform(std::size_t d, const ojson& parsed) {
        if (!parsed.is_string()) {
            warn(d, " is not a text; skipped", "not a text");
            return false;
        }
        const auto& name = parsed.get_ref<const std::string&>();
        const bool printable = std::all_of(name.begin(), name.end(), [](unsigned char c) { return c >= 0x20 && c != 0x7f; });
        if (name.empty() || !printable) {
            warn(d, " is not a platform name (empty, or with control characters); skipped", "not a platform name");
            return false;
        }
        if (std::find(h.platforms.begin(), h.platforms.end(), name) != h.platforms.end()) return false;
        if (h.platforms.size() >= limits::kHistoryPlatforms || platform_bytes_ + name.size() > limits::kHistoryPlatformBytes) {
            warn(d, " is past the limit of " + std::to_string(limits::kHistoryPlatforms) + " platforms of " +
                        std::to_string(limits::kHistoryPlatformBytes) + " bytes together; skipped",
                 "too many platforms");
            return false;
        }
        platform_bytes_ += name.size();
        h.platforms.push_back(name);
        return false;
    }
    std::size_t platform_bytes_ = 0;

    void begin(List l) {
        switch (l) {
            case List::Points: point_tactics_.clear(); break;
            case List::Diffs:
                for (auto& c : changes_) c.clear();
                blame_.clear();
                break;
            case List::Changes: change_tactics_.clear(); break;
            case List::Blame: commits_.clear(); break;
            case List::Commits: paths_.clear(); break;
            default: break;
        }
    }
    void end(List l, std::size_t d, const ojson& o) {
        FieldReader f(sink_, where(d));
        switch (l) {
            case List::Tactics:
                h.tactics.push_back(f.text(o, "tactic"));
                h.tactic_ids.push_back(f.text(o, "id"));
                h.tactic_names.push_back(f.text(o, "name"));
                break;
            case List::Points: end_point(d, o, f); break;
            case List::Diffs: end_diff(d, o, f); break;
            case List::PointTactics: {
                TacticCoverage tc;
                if (!named(d, f, o, "tactic", tc.tactic, "tactic", "tactic without a name")) return;
                tc.techniques = f.coverage(o, "techniques");
                tc.all = f.coverage(o, "all");
                point_tactics_.push_back(std::move(tc));
                break;
            }
            case List::Changes: {
                TechniqueChange t;
                if (!named(d, f, o, "technique", t.technique, "technique id", "change without a technique", true)) return;
                t.name = f.text(o, "name");
                t.tactics = take(change_tactics_);
                t.before = f.score(o, "before");
                t.after = f.score(o, "after");
                changes_[is(d - 1, "droppedBelow") ? 0 : is(d - 1, "lost") ? 1 : 2].push_back(std::move(t));
                break;
            }
            case List::Blame: {
                HistoryBlame b;
                // Its id is printed on the line of each of its commits: bounded, so the alert text stays
                // linear in the file.
                if (!named(d, f, o, "technique", b.technique, "technique id", "blame without a technique", true)) return;
                f.texts(o, {{"name", &b.name}, {"kind", &b.kind}});
                b.before = f.score(o, "before");
                b.after = f.score(o, "after");
                b.commits = take(commits_);
                blame_.push_back(std::move(b));
                break;
            }
            case List::Commits: {
                HistoryCommit c;
                if (!named(d, f, o, "id", c.id, "id", "commit without an id")) return;
                f.texts(o, {{"author", &c.author}, {"email", &c.email}, {"date", &c.date}, {"summary", &c.summary},
                            {"merge", &c.merge}});
                c.paths = take(paths_);
                commits_.push_back(std::move(c));
                break;
            }
            default: break;
        }
    }
    // The text an element cannot do without (a technique id at most kHistoryIdBytes when `id`) into
    // `into`; false after "WHERE has no WHAT; skipped" when it is missing (or too long).
    bool named(std::size_t d, FieldReader& f, const ojson& o, const char* key, std::string& into, const char* what,
               std::string_view kind, bool id = false) {
        into = f.text(o, key);
        if (!into.empty() && (!id || into.size() <= limits::kHistoryIdBytes)) return true;
        warn(d, std::string(" has no ") + what + "; skipped", kind);
        return false;
    }
    void end_point(std::size_t d, const ojson& o, FieldReader& f) {
        if (h.points.size() >= limits::kHistoryPoints)
            return warn(d, " is past the limit of " + std::to_string(limits::kHistoryPoints) + " points; skipped",
                        "too many points");
        HistoryPoint p;
        p.date = f.text(o, "date");
        if (!is_date(p.date))
            return warn(d, ".date " + (p.date.empty() ? std::string("is missing") : "\"" + excerpt(p.date, 40) + "\" is not YYYY-MM-DD") +
                               "; point skipped",
                        "point without a date");
        f.texts(o, {{"name", &p.name}, {"period", &p.period}, {"commit", &p.commit}, {"commitDate", &p.commit_date},
                    {"author", &p.author}, {"summary", &p.summary}});
        const auto present = o.find("pathPresent");
        p.path_present = present == o.end() || !present->is_boolean() || present->get<bool>();
        p.files = f.count(o, "files");
        Kpis& k = p.kpis;
        if (const auto rules = o.find("rules"); rules != o.end() && rules->is_object()) {
            FieldReader r(sink_, where(d) + ".rules");
            k.rules_total = r.count(*rules, "total");
            k.rules_scored = r.count(*rules, "scored");
            k.rules_with_techniques = r.count(*rules, "withTechniques");
            const auto by_level = rules->find("byLevel"), by_status = rules->find("byStatus");
            FieldReader rl(sink_, where(d) + ".rules.byLevel"), rs(sink_, where(d) + ".rules.byStatus");
            for (int i = 0; i < 6; ++i) {
                if (by_level != rules->end() && by_level->is_object())
                    k.rules_by_level[i] = rl.count(*by_level, i == 0 ? "none" : level_name(static_cast<Level>(i - 1)));
                if (by_status != rules->end() && by_status->is_object())
                    k.rules_by_status[i] = rs.count(*by_status, i == 0 ? "none" : status_name(static_cast<Status>(i - 1)));
            }
        }
        k.techniques = f.coverage(o, "techniques");
        k.all = f.coverage(o, "all");
        k.tactics = take(point_tactics_);
        p.fragile_count = f.count(o, "fragile");
        h.points.push_back(std::move(p));
    }
    void end_diff(std::size_t d, const ojson& o, FieldReader& f) {
        if (h.diffs.size() >= limits::kHistoryPoints)
            return warn(d, " is past the limit of " + std::to_string(limits::kHistoryPoints) + " diffs; skipped",
                        "too many diffs");
        HistoryDiff x;
        f.texts(o, {{"from", &x.from}, {"to", &x.to}, {"period", &x.period}, {"fromCommit", &x.from_commit},
                    {"toCommit", &x.to_commit}});
        thresholds.push_back(f.threshold(o, "threshold"));
        x.diff.previous_name = "coverage_" + x.from;
        x.diff.current_name = "coverage_" + x.to;
        x.diff.dropped_below = take(changes_[0]);
        x.diff.lost = take(changes_[1]);
        x.diff.closed_gaps = take(changes_[2]);
        x.changed = f.count(o, "changedTechniques");
        x.blame = take(blame_);
        h.diffs.push_back(std::move(x));
    }

    DiagnosticSink& sink_;
    std::string at_[kMaxDepth + 2];         // the key (or "[]" in a list) at each depth
    bool dropped_key_[kMaxDepth + 2] = {};  // that key is not read
    std::size_t index_[kMaxDepth + 2] = {};  // elements seen so far in the list at each depth
    int skip_below_ = kNoSkip;
    // Elements taken from inner lists, waiting for the element that holds them to end.
    std::vector<TacticCoverage> point_tactics_;
    std::vector<TechniqueChange> changes_[3];  // droppedBelow, lost, closedGaps
    std::vector<std::string> change_tactics_, paths_;
    std::vector<HistoryBlame> blame_;
    std::vector<HistoryCommit> commits_;
};
}  // namespace

Trend history_trend(const HistoryReport& h) {
    Trend t;
    t.threshold = h.kpi_threshold;
    t.tactics = h.tactics;
    t.tactic_names = h.tactic_names;
    t.by_date = true;
    for (const auto& p : h.points) {
        TrendPoint tp;
        tp.name = p.name;
        tp.source = p.commit.substr(0, 12);
        tp.date = p.date;
        for (const auto& tc : p.kpis.tactics) tp.tactic_pct.push_back(tc.techniques.covered_pct());
        tp.covered_pct = p.kpis.techniques.covered_pct();
        tp.threshold_pct = p.kpis.techniques.threshold_pct();
        tp.all_covered_pct = p.kpis.all.covered_pct();
        tp.all_threshold_pct = p.kpis.all.threshold_pct();
        t.points.push_back(std::move(tp));
    }
    return t;
}

Trend history_trend(const HistoryReport& h, std::size_t max_points) {
    Trend t = history_trend(h);
    if (t.points.size() <= max_points) return t;
    auto quarter = [](const std::string& date) {
        if (date.size() < 7) return date;
        const int month = (date[5] - '0') * 10 + (date[6] - '0');
        return date.substr(0, 4) + "Q" + std::to_string((month - 1) / 3 + 1);
    };
    std::vector<TrendPoint> kept;
    for (std::size_t i = 0; i < t.points.size(); ++i)
        if (i + 1 == t.points.size() || quarter(t.points[i].date) != quarter(t.points[i + 1].date))
            kept.push_back(std::move(t.points[i]));
    t.points = std::move(kept);
    return t;
}

Trend merge_history_trend(const HistoryReport& h, const Trend& more) {
    Trend t = more;
    const Trend from_history = history_trend(h);
    std::vector<TrendPoint> points;
    for (TrendPoint p : from_history.points) {
        std::vector<double> aligned(more.tactics.size(), 0.0);
        for (std::size_t i = 0; i < more.tactics.size(); ++i)
            for (std::size_t k = 0; k < from_history.tactics.size() && k < p.tactic_pct.size(); ++k)
                if (from_history.tactics[k] == more.tactics[i]) aligned[i] = p.tactic_pct[k];
        p.tactic_pct = std::move(aligned);
        points.push_back(std::move(p));
    }
    points.insert(points.end(), more.points.begin(), more.points.end());
    t.by_date = std::all_of(points.begin(), points.end(), [](const TrendPoint& p) { return !p.date.empty(); });
    if (t.by_date)
        std::stable_sort(points.begin(), points.end(), [](const TrendPoint& a, const TrendPoint& b) { return a.date < b.date; });
    t.points = std::move(points);
    return t;
}

std::string history_to_json(const HistoryReport& h) {
    ojson tactics = ojson::array();
    for (std::size_t i = 0; i < h.tactics.size(); ++i)
        tactics.push_back(ojson{{"tactic", h.tactics[i]},
                                {"id", i < h.tactic_ids.size() ? h.tactic_ids[i] : ""},
                                {"name", i < h.tactic_names.size() ? h.tactic_names[i] : ""}});
    ojson points = ojson::array();
    for (const auto& p : h.points) {
        const Kpis& k = p.kpis;
        ojson levels = ojson::object(), statuses = ojson::object();
        for (int i = 0; i < 6; ++i) {
            levels[i == 0 ? "none" : level_name(static_cast<Level>(i - 1))] = k.rules_by_level[i];
            statuses[i == 0 ? "none" : status_name(static_cast<Status>(i - 1))] = k.rules_by_status[i];
        }
        ojson tac = ojson::array();
        for (const auto& t : k.tactics)
            tac.push_back(ojson{{"tactic", t.tactic}, {"techniques", count_json(t.techniques)}, {"all", count_json(t.all)}});
        points.push_back(ojson{{"date", p.date},
                               {"name", p.name},
                               {"period", p.period},
                               {"commit", p.commit},
                               {"commitDate", p.commit_date},
                               {"author", p.author},
                               {"summary", p.summary},
                               {"pathPresent", p.path_present},
                               {"files", p.files},
                               {"rules", ojson{{"total", k.rules_total},
                                               {"scored", k.rules_scored},
                                               {"withTechniques", k.rules_with_techniques},
                                               {"byLevel", std::move(levels)},
                                               {"byStatus", std::move(statuses)}}},
                               {"techniques", count_json(k.techniques)},
                               {"all", count_json(k.all)},
                               {"tactics", std::move(tac)},
                               {"fragile", p.fragile_count}});
    }
    ojson diffs = ojson::array();
    for (const auto& d : h.diffs) {
        ojson blame = ojson::array();
        for (const auto& b : d.blame) {
            ojson commits = ojson::array();
            for (const auto& c : b.commits)
                commits.push_back(ojson{{"id", c.id},
                                        {"author", c.author},
                                        {"email", c.email},
                                        {"date", c.date},
                                        {"summary", c.summary},
                                        {"merge", c.merge},
                                        {"paths", c.paths}});
            blame.push_back(ojson{{"technique", b.technique},
                                  {"name", b.name},
                                  {"kind", b.kind},
                                  {"before", b.before},
                                  {"after", b.after},
                                  {"commits", std::move(commits)}});
        }
        diffs.push_back(ojson{{"from", d.from},
                              {"to", d.to},
                              {"period", d.period},
                              {"fromCommit", d.from_commit},
                              {"toCommit", d.to_commit},
                              {"threshold", d.diff.threshold},
                              {"alert", history_alert_text(d)},
                              {"droppedBelow", changes_json(d.diff.dropped_below)},
                              {"lost", changes_json(d.diff.lost)},
                              {"closedGaps", changes_json(d.diff.closed_gaps)},
                              {"changedTechniques", d.changed},
                              {"blame", std::move(blame)}});
    }
    ojson doc{{"format", kFormat},
              {"version", 1},
              {"repository", h.repository},
              {"ref", h.ref},
              {"path", h.path},
              {"every", h.every},
              {"since", h.since},
              {"until", h.until},
              {"score", h.score},
              {"attackVersion", h.attack_version},
              {"domain", h.domain},
              {"kpiThreshold", h.kpi_threshold},
              {"alertThreshold", h.alert_threshold}};
    if (!h.platforms.empty()) doc["platforms"] = h.platforms;  // only under a filter: older files stay byte for byte
    doc["note"] = h.note;
    doc["tactics"] = std::move(tactics);
    doc["points"] = std::move(points);
    doc["diffs"] = std::move(diffs);
    doc["trend"] = trend_json(history_trend(h));
    return doc.dump(1, ' ', false, ojson::error_handler_t::replace) + "\n";
}

std::string history_to_csv(const HistoryReport& h) {
    std::string s = "date,commit,commit_date,files,rules,techniques_covered_pct,techniques_threshold_pct,"
                    "all_covered_pct,all_threshold_pct,fragile";
    for (const auto& t : h.tactics) s += "," + t + "_pct";
    s += "\n";
    for (const auto& p : h.points) {
        const Kpis& k = p.kpis;
        s += p.date + "," + p.commit + "," + p.commit_date + "," + std::to_string(p.files) + "," +
             std::to_string(k.rules_total) + "," + fixed_decimals(k.techniques.covered_pct(), 2) + "," +
             fixed_decimals(k.techniques.threshold_pct(), 2) + "," + fixed_decimals(k.all.covered_pct(), 2) + "," +
             fixed_decimals(k.all.threshold_pct(), 2) + "," +
             std::to_string(p.fragile_count);
        for (const auto& t : k.tactics) s += "," + fixed_decimals(t.techniques.covered_pct(), 2);
        s += "\n";
    }
    return s;
}

std::string history_alert_text(const HistoryDiff& d) {
    const LayerDiff& x = d.diff;
    if (x.dropped_below.empty() && x.lost.empty()) return "";
    const std::string when = alert_platform_words(x) + (d.period.empty() ? " between " + d.from + " and " + d.to : " in " + d.period);
    std::string s = plural(x.dropped_below.size(), "technique", "techniques") + " dropped below " +
                    std::to_string(x.threshold) + when + " (" + d.from + " -> " + d.to + ")\n";
    std::unordered_multimap<std::string_view, const HistoryBlame*> blame_of;
    for (const auto& b : d.blame) blame_of.emplace(b.technique, &b);
    append_blamed(s, x.dropped_below, d, blame_of);
    if (!x.lost.empty()) {
        s += plural(x.lost.size(), "technique", "techniques") + " below " + std::to_string(x.threshold) +
             " lost all coverage" + when + "\n";
        append_blamed(s, x.lost, d, blame_of);
    }
    return s;
}

std::string history_alerts_text(const HistoryReport& h) {
    std::string s;
    std::size_t quiet = 0;
    for (const auto& d : h.diffs) {
        const std::string a = history_alert_text(d);
        if (a.empty()) {
            ++quiet;
            continue;
        }
        if (!s.empty()) s += "\n";
        s += a;
    }
    if (!s.empty()) s += "\n";
    s += plural(h.diffs.size(), "period", "periods") + " compared, " + std::to_string(quiet) +
         " without a technique dropping below " + std::to_string(h.alert_threshold) +
         on_platform_words(h.platforms) + "\n";
    return s;
}

bool looks_like_history_json(std::string_view text) {
    std::string utf8;  // a UTF-16 or UTF-32 trend: its first characters, decoded
    const std::string_view head = text_head_as_utf8(text, 16384, utf8).substr(0, 4096);
    std::size_t i = 0;
    auto skip_space = [&] {
        while (i < head.size() && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t')) ++i;
    };
    if (head.substr(0, 3) == "\xEF\xBB\xBF") i = 3;
    skip_space();
    if (i >= head.size() || head[i] != '{') return false;
    const auto key = head.find("\"format\"", i);
    if (key == std::string_view::npos) return false;
    i = key + 8;
    skip_space();
    if (i >= head.size() || head[i] != ':') return false;
    ++i;
    skip_space();
    return head.substr(i, std::strlen(kFormat) + 2) == "\"" + std::string(kFormat) + "\"";
}

bool read_history_json(std::string_view text, const std::string& file, HistoryReport& out, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    if (auto too_large = check_input_size(InputKind::HistoryJson, file, text.size())) {
        sink.add(std::move(*too_large));
        return false;
    }
    std::string utf8;
    if (auto problem = text_as_utf8(text, utf8)) {
        sink.add(Severity::Error, problem->line, problem->column, "not a history trend: " + problem->message);
        return false;
    }
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        // JSON parsers take a NUL byte for the end of the text: "{...}\0garbage" would read as valid.
        int line = 1;
        for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
        sink.error(line, "not a history trend: the file contains a NUL byte (at byte " + std::to_string(nul) +
                             "), so it is not JSON text");
        return false;
    }
    // What the lists hold is reported after the file's own diagnostics, and only when it is a trend.
    Diagnostics list_diags;
    DiagnosticSink list_sink(list_diags, file);
    TrendReader reader(list_sink);
    const ojson doc = ojson::parse(
        text.begin(), text.end(), [&](int depth, Event event, ojson& parsed) { return reader.on_event(depth, event, parsed); },
        false);
    if (doc.is_discarded()) {
        const JsonSyntaxError e = json_syntax_error(text);
        sink.add(Severity::Error, e.line, e.column,
                 "not a history trend: the file is not valid JSON" + (e.what.empty() ? "" : ": " + e.what));
        return false;
    }
    if (!doc.is_object()) {
        sink.error(0, "not a JSON object: cannot read it as a history trend");
        return false;
    }
    const auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || format->get_ref<const std::string&>() != kFormat) {
        sink.error(0, "not a history trend (its \"format\" is not \"sigma-heatmap-history\"; write one with "
                      "sigma-heatmap history --trend FILE.json)");
        return false;
    }
    HistoryReport h = std::move(reader.h);
    FieldReader f(sink, "");
    f.texts(doc, {{"repository", &h.repository}, {"ref", &h.ref}, {"path", &h.path}, {"every", &h.every},
                  {"since", &h.since}, {"until", &h.until}, {"score", &h.score}, {"attackVersion", &h.attack_version},
                  {"domain", &h.domain}});
    h.kpi_threshold = f.threshold(doc, "kpiThreshold").value_or(80);
    h.alert_threshold = f.threshold(doc, "alertThreshold").value_or(50);
    h.note = f.text(doc, "note");
    for (const char* list : {"tactics", "points", "diffs", "platforms"})
        if (const auto it = doc.find(list); it != doc.end() && !it->is_array() && !it->is_null())
            sink.warning(0, std::string(list) + " is not a list; ignored", "not a list");
    // A point's tactics take their id and name from the file's tactics (the last of equal names).
    std::unordered_map<std::string, std::size_t> tactic_at;
    for (std::size_t i = 0; i < h.tactics.size(); ++i) tactic_at[h.tactics[i]] = i;
    for (auto& p : h.points) {
        p.kpis.threshold = h.kpi_threshold;
        for (auto& tc : p.kpis.tactics)
            if (const auto it = tactic_at.find(tc.tactic); it != tactic_at.end()) {
                tc.id = h.tactic_ids[it->second];
                tc.name = h.tactic_names[it->second];
            }
    }
    for (std::size_t i = 0; i < h.diffs.size(); ++i) {
        h.diffs[i].diff.threshold = reader.thresholds[i].value_or(h.alert_threshold);
        h.diffs[i].diff.platforms = h.platforms;  // the diffs were made on the trend's filter
    }
    if (h.points.empty()) sink.warning(0, "the history trend has no points");
    sink.finish();  // the file's own diagnostics first, then its lists'
    list_sink.finish();
    diags.insert(diags.end(), std::make_move_iterator(list_diags.begin()), std::make_move_iterator(list_diags.end()));
    out = std::move(h);
    return true;
}

}  // namespace sh
