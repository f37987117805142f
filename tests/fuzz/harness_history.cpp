// harness_history.cpp — a history trend file in (`history --trend` JSON, what the page's Trends tab
// opens): sniffed, read twice (the same result), its numbers within their ranges, written back to
// JSON that reads back to the same text, and what the page and the CLI make of it (trend, CSV,
// alert text) bounded by the input's size.
#include <algorithm>
#include <string>

#include "checks.hpp"
#include "core/history_report.hpp"
#include "core/limits.hpp"
#include "core/text_encoding.hpp"

namespace fuzz {

namespace {

void check_count(const sh::CoverageCount& c, const char* what) {
    check(c.total >= 0 && c.total <= 1000000000 && c.covered >= 0 && c.at_threshold >= 0,
          std::string(what) + ": a count out of range");
    check(c.covered <= c.total && c.at_threshold <= c.total, std::string(what) + ": more covered than its total");
}

bool is_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

void check_text(const std::string& s, const char* what) {
    check(s.find('\0') == std::string::npos, std::string("a NUL character kept in ") + what);
}

}  // namespace

int history_json(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    (void)sh::looks_like_history_json(text);
    sh::HistoryReport a, b;
    sh::Diagnostics da, db;
    const bool ok = sh::read_history_json(text, "fuzz.json", a, da);
    check_diagnostics(da, 0, "fuzz.json", 2 * kMaxDiagnosticsPerReader);
    check(ok == sh::read_history_json(text, "fuzz.json", b, db) && da.size() == db.size(),
          "the same trend text read twice gave different results");
    // JSON parsers stop at a NUL byte: "{...}\0garbage" must not pass for a trend.
    // (In the text as the reader parses it: UTF-16 and UTF-32 are decoded first, their NULs are characters.)
    std::string utf8;
    std::string_view as_parsed = text;
    (void)sh::text_as_utf8(as_parsed, utf8);
    check(!ok || as_parsed.find('\0') == std::string_view::npos, "a text with a NUL byte read as a trend");
    if (!ok) {
        check(sh::count_errors(da) > 0, "a refused trend without an error saying why");
        return 0;
    }
    check(a.kpi_threshold >= 1 && a.kpi_threshold <= 1000000000, "kpiThreshold out of range");
    check(a.alert_threshold >= 1 && a.alert_threshold <= 1000000000, "alertThreshold out of range");
    check(a.points.size() <= sh::limits::kHistoryPoints && a.diffs.size() <= sh::limits::kHistoryPoints,
          "more points or diffs than the limit");
    check_text(a.repository, "the repository");
    check_text(a.path, "the path");
    for (const auto& t : a.tactics) check_text(t, "a tactic");
    for (const auto& p : a.points) {
        check(is_date(p.date), "a point whose date is not YYYY-MM-DD");
        check_text(p.author, "a point's author");
        check_text(p.summary, "a point's summary");
        check(p.files >= 0 && p.fragile_count >= 0 && p.kpis.rules_total >= 0, "a point's count out of range");
        check(p.kpis.threshold == a.kpi_threshold, "a point's threshold is not the trend's");
        check_count(p.kpis.techniques, "a point's techniques");
        check_count(p.kpis.all, "a point's techniques and sub-techniques");
        for (const auto& tc : p.kpis.tactics) {
            check(!tc.tactic.empty(), "a point's tactic without a name");
            check_count(tc.techniques, "a tactic's techniques");
            check_count(tc.all, "a tactic's techniques and sub-techniques");
        }
    }
    check(a.platforms.size() <= sh::limits::kHistoryPlatforms, "more platforms than the limit");
    std::size_t platform_bytes = 0;
    for (std::size_t i = 0; i < a.platforms.size(); ++i) {
        const std::string& p = a.platforms[i];
        platform_bytes += p.size();
        check(!p.empty() && std::all_of(p.begin(), p.end(), [](unsigned char ch) { return ch >= 0x20 && ch != 0x7f; }),
              "a platform name empty or with a control character");
        check(std::find(a.platforms.begin(), a.platforms.begin() + std::ptrdiff_t(i), p) == a.platforms.begin() + std::ptrdiff_t(i),
              "a platform named twice");
    }
    check(platform_bytes <= sh::limits::kHistoryPlatformBytes, "platform names longer than the limit together");
    for (const auto& d : a.diffs) {
        check(d.diff.platforms == a.platforms, "a diff read on another platform filter than the trend's");
        check(d.diff.threshold >= 1 && d.diff.threshold <= 1000000000, "a diff's threshold out of range");
        check(d.changed >= 0, "a negative count of changed techniques");
        for (const auto* list : {&d.diff.dropped_below, &d.diff.lost, &d.diff.closed_gaps})
            for (const auto& t : *list) {
                check_score(t.before, "a change's score before");
                check_score(t.after, "a change's score after");
                check(!t.technique.empty() && t.technique.size() <= sh::limits::kHistoryIdBytes, "a change without an id");
                for (const auto& tac : t.tactics) check_text(tac, "a change's tactic");
            }
        for (const auto& bl : d.blame)
            for (const auto& c : bl.commits) {
                check(!c.id.empty(), "a blamed commit without an id");
                for (const auto& p : c.paths) check_text(p, "a commit's path");
            }
    }
    // Written back: JSON that reads to the same text (nothing read is lost or changed on the way).
    const std::string once = sh::history_to_json(a);
    sh::HistoryReport c;
    sh::Diagnostics dc;
    check(sh::read_history_json(once, "again.json", c, dc), "a trend written from what was read does not read back");
    check(sh::history_to_json(c) == once, "a trend written, read and written again changed");
    // What the page shows (its chart, the Drops panel) and the CLI writes: linear in the input.
    const std::string csv = sh::history_to_csv(a);
    const std::string alerts = sh::history_alerts_text(a);
    // Each diff's alert names the platform filter (at most kHistoryPlatformBytes and separators) in
    // its two headlines: a constant per diff.
    const std::size_t per_diff = a.platforms.empty() ? 0 : 2 * (sh::platform_words(a.platforms).size() + 4);
    check(alerts.size() <= 32 * size + 4096 + a.diffs.size() * per_diff, "an alert text of " + std::to_string(alerts.size()) + " bytes from " +
                                                 std::to_string(size) + " bytes of trend");
    const sh::Trend t = sh::history_trend(a), board = sh::history_trend(a, 12);
    check(t.points.size() == a.points.size() && board.points.size() <= a.points.size(), "a trend with other points");
    sh::Trend more;
    more.tactics = {"execution", "persistence"};
    const sh::Trend merged = sh::merge_history_trend(a, more);
    check(merged.points.size() == a.points.size(), "a merged trend with other points");
    for (const auto& p : merged.points) check(p.tactic_pct.size() == 2, "a merged point's tactics not aligned");
    return 0;
}

}  // namespace fuzz
