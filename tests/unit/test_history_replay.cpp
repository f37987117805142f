// test_history_replay.cpp — the git history replay on hand-made repositories (git_fixture.hpp):
// the schedule, the commit of each point, the blob cache (hits on renames and reverts), deletions,
// a rule edited to drop a tag, blame through a merge, and the errors the replay must survive. Each
// point's scores are checked against score_rules on the same files loaded independently of git.
#include <algorithm>
#include <fnmatch.h>
#include <map>
#include <set>

#include "catch.hpp"
#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/scoring.hpp"
#include "git_fixture.hpp"
#include "history/git.hpp"
#include "history/replay.hpp"
#include "history/schedule.hpp"

using namespace sh;
using namespace sh::history;
using test::GitFixture;
using test::utc;

namespace {

std::string rule(const std::string& title, const std::string& level, const std::vector<std::string>& tags,
                 const std::string& status = "test") {
    std::string s = "title: " + title + "\nstatus: " + status + "\nlevel: " + level +
                    "\nlogsource:\n    product: windows\ndetection:\n    sel:\n        Image: x.exe\n    condition: sel\n";
    if (!tags.empty()) {
        s += "tags:\n";
        for (const auto& t : tags) s += "    - " + t + "\n";
    }
    return s;
}

bool yaml_name(std::string_view n) {
    const std::string s(n);
    return fnmatch("*.yml", s.c_str(), 0) == 0 || fnmatch("*.yaml", s.c_str(), 0) == 0;
}

ReplayOptions options(const std::string& path = "rules") {
    ReplayOptions o;
    o.path = path;
    o.catalogue = &default_catalogue();
    o.is_rule_file = yaml_name;
    o.jobs = 2;
    return o;
}

// What `layer` computes for a set of files, independently of git: each text loaded under its
// path, in path order, then score_rules.
ScoreResult expected_scores(const std::map<std::string, std::string>& files, std::vector<Rule>& rules) {
    LoadResult lr;
    for (const auto& [path, text] : files)
        if (yaml_name(path.substr(path.rfind('/') + 1))) load_rules_from_text(text, path, lr);
    rules = lr.rules;
    return score_rules(lr.rules, default_catalogue(), ScoreOptions{});
}

void require_same(const ScoreResult& got, const ScoreResult& want) {
    REQUIRE(got.entries.size() == want.entries.size());
    for (std::size_t i = 0; i < want.entries.size(); ++i) {
        CAPTURE(want.entries[i].technique, want.entries[i].tactic);
        CHECK(got.entries[i].technique == want.entries[i].technique);
        CHECK(got.entries[i].tactic == want.entries[i].tactic);
        CHECK(got.entries[i].score == want.entries[i].score);
        CHECK(got.entries[i].rules == want.entries[i].rules);
    }
    CHECK(got.rules_total == want.rules_total);
    CHECK(got.rules_scored == want.rules_scored);
    CHECK(got.rules_with_techniques == want.rules_with_techniques);
}

// The scenario: six first-parent commits over five weeks of January 2024, a side branch merged.
struct Scenario {
    GitFixture repo;
    git_oid c1, c2, c3, c4, b1, m1, c5;
    std::vector<std::map<std::string, std::string>> trees;  // the rule folder after each point's commit
    const std::string a = rule("PowerShell Download", "high", {"attack.execution", "attack.t1059.001"});
    const std::string b = rule("LSASS Access", "critical", {"attack.credential-access", "attack.t1003.001"});
    const std::string b_edited = rule("LSASS Access", "medium", {"attack.discovery", "attack.t1012"});
    const std::string broken = "title: [unclosed\nlevel: high\n";
    const std::string d = rule("Certutil Download", "low", {"attack.t1105"});

    Scenario() {
        c1 = repo.commit({{"README.md", "# rules\n"},
                          {"rules/notes.txt", "not a rule\n"},
                          {"rules/windows/a.yml", a},
                          {"rules/windows/b.yml", b}},
                         "Alice", utc(2024, 1, 2), "add a and b");
        // Rename: the same blob under another path and name.
        c2 = repo.commit({{"rules/windows/a.yml", std::nullopt}, {"rules/windows/sub/a_renamed.yml", a}}, "Bob",
                         utc(2024, 1, 9), "move a");
        // A rule edited to drop its technique tag (T1003.001 -> T1012, and a lower level).
        c3 = repo.commit({{"rules/windows/b.yml", b_edited}}, "Carol", utc(2024, 1, 16), "retag b");
        c4 = repo.commit({{"rules/windows/c.yml", broken}, {"rules/windows/d.yml", d}}, "Dave", utc(2024, 1, 23),
                         "add c (broken) and d");
        // A side branch deletes a rule; the maintainer merges it.
        b1 = repo.commit({{"rules/windows/sub/a_renamed.yml", std::nullopt}}, "Erin", utc(2024, 1, 25), "drop a", c4,
                         false);
        // The merge's tree is the first parent's with the branch's change (as `git merge` makes it).
        m1 = repo.commit({{"rules/windows/sub/a_renamed.yml", std::nullopt}}, "Maintainer", utc(2024, 1, 30),
                         "Merge branch 'drop-a'", c4, true, {b1});
        // The old file comes back under its first name: a cache hit.
        c5 = repo.commit({{"rules/windows/a.yml", a}}, "Bob", utc(2024, 2, 6), "restore a");

        std::map<std::string, std::string> t1{{"rules/windows/a.yml", a}, {"rules/windows/b.yml", b}};
        auto t2 = t1;
        t2.erase("rules/windows/a.yml");
        t2["rules/windows/sub/a_renamed.yml"] = a;
        auto t3 = t2;
        t3["rules/windows/b.yml"] = b_edited;
        auto t4 = t3;
        t4["rules/windows/c.yml"] = broken;
        t4["rules/windows/d.yml"] = d;
        auto t5 = t4;
        t5.erase("rules/windows/sub/a_renamed.yml");
        auto t6 = t5;
        t6["rules/windows/a.yml"] = a;
        trees = {t1, t2, t3, t4, t5, t6};
    }
};

}  // namespace

TEST_CASE("schedule: period ends in UTC, the last day always a point", "[history]") {
    REQUIRE(parse_day("2024-02-29"));
    CHECK_FALSE(parse_day("2023-02-29"));
    CHECK_FALSE(parse_day("2024-13-01"));
    CHECK_FALSE(parse_day("2024-1-01"));
    CHECK(format_day(*parse_day("1999-12-31")) == "1999-12-31");
    CHECK(day_of(utc(2024, 3, 10, 23)) == *parse_day("2024-03-10"));
    CHECK(day_of(-1) == -1);

    auto weeks = schedule(Every::Week, *parse_day("2024-01-02"), *parse_day("2024-02-06"));
    std::vector<std::string> dates;
    for (const auto& p : weeks) dates.push_back(p.date);
    CHECK(dates == std::vector<std::string>{"2024-01-07", "2024-01-14", "2024-01-21", "2024-01-28", "2024-02-04",
                                            "2024-02-06"});
    CHECK(weeks[0].period == "the week of 2024-01-01");
    CHECK(weeks.back().period == "the week of 2024-02-05");

    auto months = schedule(Every::Month, *parse_day("2023-11-15"), *parse_day("2024-02-29"));
    REQUIRE(months.size() == 4);
    CHECK(months[0].date == "2023-11-30");
    CHECK(months[2].date == "2024-01-31");
    CHECK(months[3].date == "2024-02-29");  // a month end and the last day: one point
    CHECK(months[3].period == "February 2024");

    auto quarters = schedule(Every::Quarter, *parse_day("2023-01-01"), *parse_day("2023-12-31"));
    REQUIRE(quarters.size() == 4);
    CHECK(quarters[1].date == "2023-06-30");
    CHECK(quarters[3].period == "Q4 2023");
    CHECK(schedule(Every::Week, 10, 9).empty());
    CHECK(parse_every("monthly") == Every::Month);
    CHECK_FALSE(parse_every("daily"));
}

TEST_CASE("replay: each point equals score_rules on its tree; renames and reverts hit the cache", "[history]") {
    Scenario s;
    std::vector<std::pair<std::vector<Rule>, ScoreResult>> materialised;
    const ReplayResult r = replay(s.repo.dir(), options(), [&](std::size_t, std::size_t, const HistoryPoint&, const PointRules& pr) {
        materialised.emplace_back();
        pr.materialise(materialised.back().first, materialised.back().second);
    });
    REQUIRE(r.ok);
    const HistoryReport& h = r.report;
    REQUIRE(h.points.size() == 6);
    CHECK(h.since == "2024-01-02");
    CHECK(h.until == "2024-02-06");
    const std::vector<git_oid> commits{s.c1, s.c2, s.c3, s.c4, s.m1, s.c5};
    for (std::size_t i = 0; i < 6; ++i) {
        CAPTURE(i, h.points[i].date);
        CHECK(h.points[i].commit == GitFixture::hex(commits[i]));
        CHECK(h.points[i].name == "coverage_" + h.points[i].date);
        CHECK(h.points[i].files == static_cast<int>(s.trees[i].size()));
        std::vector<Rule> want_rules;
        const ScoreResult want = expected_scores(s.trees[i], want_rules);
        require_same(materialised[i].second, want);
        REQUIRE(materialised[i].first.size() == want_rules.size());
        for (std::size_t k = 0; k < want_rules.size(); ++k) {
            CHECK(materialised[i].first[k].file == want_rules[k].file);
            CHECK(materialised[i].first[k].title == want_rules[k].title);
        }
        CHECK(h.points[i].kpis.rules_total == static_cast<int>(want_rules.size()));
        // The KPIs are those of the same scores.
        const Kpis k = compute_coverage_kpis(coverage_from_scores(want, ""), default_catalogue(), KpiOptions{});
        CHECK(h.points[i].kpis.techniques.covered == k.techniques.covered);
        CHECK(h.points[i].kpis.all.covered == k.all.covered);
    }
    // Five file versions (a, b, b edited, c, d); a under a new name and a restored are cache hits.
    CHECK(r.stats.file_versions == 5);
    CHECK(r.stats.parses == 5);
    CHECK(r.stats.cache_hits == 2);
    CHECK(r.stats.commits == 6);

    // The broken rule is reported once, at the commit and path where it first appears, and the
    // replay went on (d counts from the same commit on).
    int broken = 0;
    for (const auto& d : r.diagnostics)
        if (d.file == GitFixture::hex(s.c4).substr(0, 12) + ":rules/windows/c.yml" && d.severity == Severity::Error) ++broken;
    CHECK(broken == 1);
    CHECK(h.points[3].kpis.rules_total == 3);
}

TEST_CASE("replay: blame names the commit that dropped a technique, through merges", "[history]") {
    Scenario s;
    const ReplayResult r = replay(s.repo.dir(), options());
    REQUIRE(r.ok);
    const HistoryReport& h = r.report;
    REQUIRE(h.diffs.size() == 5);

    // Week 3: Carol's edit dropped the T1003.001 tag.
    const HistoryDiff& w3 = h.diffs[1];
    CHECK(w3.from == "2024-01-14");
    CHECK(w3.to == "2024-01-21");
    REQUIRE(w3.diff.dropped_below.size() == 1);
    CHECK(w3.diff.dropped_below[0].technique == "T1003.001");
    REQUIRE(w3.blame.size() == 1);
    const HistoryBlame& lsass = w3.blame[0];
    CHECK(lsass.kind == "lost");
    CHECK(lsass.before == 100);
    CHECK(lsass.after == 0);
    REQUIRE(lsass.commits.size() == 1);
    CHECK(lsass.commits[0].id == GitFixture::hex(s.c3));
    CHECK(lsass.commits[0].author == "Carol");
    CHECK(lsass.commits[0].email == "Carol@example.org");
    CHECK(lsass.commits[0].date == "2024-01-16");
    CHECK(lsass.commits[0].merge.empty());
    CHECK(lsass.commits[0].paths == std::vector<std::string>{"rules/windows/b.yml"});

    // The rename week changed nothing.
    CHECK(h.diffs[0].diff.techniques.empty());
    CHECK(h.diffs[0].blame.empty());

    // Week 5: the deletion came from Erin's branch, merged by the maintainer.
    const HistoryDiff& w5 = h.diffs[3];
    REQUIRE(w5.blame.size() == 1);
    CHECK(w5.blame[0].technique == "T1059.001");
    REQUIRE(w5.blame[0].commits.size() == 1);
    const HistoryCommit& erin = w5.blame[0].commits[0];
    CHECK(erin.id == GitFixture::hex(s.b1));
    CHECK(erin.author == "Erin");
    CHECK(erin.date == "2024-01-25");
    CHECK(erin.merge == GitFixture::hex(s.m1));
    CHECK(erin.paths == std::vector<std::string>{"rules/windows/sub/a_renamed.yml"});

    // The restore brings it back: a closed gap, no blame.
    CHECK(h.diffs[4].diff.closed_gaps.size() == 1);
    CHECK(h.diffs[4].blame.empty());

    const std::string text = history_alerts_text(h);
    CHECK(text.find("1 technique dropped below 50 in the week of 2024-01-15 (2024-01-14 -> 2024-01-21)") !=
          std::string::npos);
    CHECK(text.find("commit " + GitFixture::hex(s.c3).substr(0, 12) +
                    " by Carol on 2024-01-16 removed the last rule for T1003.001 (rules/windows/b.yml)") !=
          std::string::npos);
    CHECK(text.find("by Erin on 2024-01-25 removed the last rule for T1059.001 (rules/windows/sub/a_renamed.yml), merged in " +
                    GitFixture::hex(s.m1).substr(0, 12)) != std::string::npos);
}

TEST_CASE("replay: blame picks the commit that crossed the threshold, not an earlier lowering", "[history]") {
    GitFixture repo;
    const auto high = rule("Two", "high", {"attack.t1003.001"});
    const auto medium = rule("Two", "medium", {"attack.t1003.001"});
    const auto low = rule("Two", "low", {"attack.t1003.001"});
    repo.commit({{"rules/x.yml", high}}, "Ann", utc(2024, 3, 4), "add");
    repo.commit({{"rules/x.yml", medium}}, "Ben", utc(2024, 3, 12), "80 -> 50: still at the threshold");
    const git_oid cross = repo.commit({{"rules/x.yml", low}}, "Cem", utc(2024, 3, 13), "50 -> 30: below");
    repo.commit({{"rules/unrelated.yml", rule("Other", "high", {"attack.t1105"})}}, "Dan", utc(2024, 3, 14), "other");
    ReplayOptions o = options();
    const ReplayResult r = replay(repo.dir(), o);
    REQUIRE(r.ok);
    REQUIRE(r.report.diffs.size() == 1);
    const auto& d = r.report.diffs[0];
    REQUIRE(d.blame.size() == 1);
    CHECK(d.blame[0].kind == "below");
    CHECK(d.blame[0].before == 80);
    CHECK(d.blame[0].after == 30);
    REQUIRE(d.blame[0].commits.size() == 1);
    CHECK(d.blame[0].commits[0].id == GitFixture::hex(cross));
    CHECK(d.blame[0].commits[0].author == "Cem");
    CHECK(history_alert_text(d).find("by Cem on 2024-03-13 took T1003.001 below 50 (80 -> 30) (rules/x.yml)") !=
          std::string::npos);
}

TEST_CASE("replay: errors — not a repository, unknown ref, bad dates", "[history]") {
    ReplayResult r = replay("/nonexistent/sh-history", options());
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("/nonexistent/sh-history is not a git repository") == 0);

    char tmpl[] = "/tmp/sh-notgit-XXXXXX";
    const std::string plain = mkdtemp(tmpl);
    r = replay(plain, options());
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("is not a git repository") != std::string::npos);
    std::filesystem::remove_all(plain);

    GitFixture repo;
    repo.commit({{"rules/a.yml", rule("A", "high", {"attack.t1105"})}}, "Ann", utc(2024, 1, 2), "a");
    ReplayOptions o = options();
    o.ref = "no-such-branch";
    r = replay(repo.dir(), o);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("unknown ref 'no-such-branch'") == 0);

    o = options();
    o.since = "2024-02-30";
    r = replay(repo.dir(), o);
    CHECK_FALSE(r.ok);
    CHECK(r.error == "--since takes a date as YYYY-MM-DD, not '2024-02-30'");
    o.since = "2024-03-01";
    o.until = "2024-02-01";
    r = replay(repo.dir(), o);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("nothing to replay") == 0);

    // A tag works as a ref.
    repo.tag("v1", *repo.head());
    o = options();
    o.ref = "v1";
    CHECK(replay(repo.dir(), o).ok);
}

TEST_CASE("replay: a rule folder absent at some points is said once; those points have 0 rules", "[history]") {
    GitFixture repo;
    repo.commit({{"README.md", "x\n"}}, "Ann", utc(2024, 1, 2), "start");
    repo.commit({{"README.md", "y\n"}}, "Ann", utc(2024, 1, 9), "still no rules");
    repo.commit({{"rules/a.yml", rule("A", "high", {"attack.t1105"})}}, "Ann", utc(2024, 1, 16), "rules");
    const ReplayResult r = replay(repo.dir(), options());
    REQUIRE(r.ok);
    REQUIRE(r.report.points.size() == 3);
    CHECK_FALSE(r.report.points[0].path_present);
    CHECK_FALSE(r.report.points[1].path_present);
    CHECK(r.report.points[1].kpis.rules_total == 0);
    CHECK(r.report.points[2].path_present);
    CHECK(r.report.points[2].kpis.rules_total == 1);
    int said = 0;
    for (const auto& d : r.diagnostics)
        if (d.message.find("'rules' is absent at 2 of 3 points (2024-01-07 to 2024-01-14): they have 0 rules") == 0) ++said;
    CHECK(said == 1);
}

TEST_CASE("replay: an unreadable blob is an error for that file only", "[history]") {
    GitFixture repo;
    const auto good = rule("Good", "high", {"attack.t1105"});
    const auto lost = rule("Lost", "critical", {"attack.t1003.001"});
    const git_oid c1 = repo.commit({{"rules/good.yml", good}, {"rules/lost.yml", lost}}, "Ann", utc(2024, 1, 2), "two");
    repo.lose_object(repo.blob_of(c1, "rules/lost.yml"));
    const ReplayResult r = replay(repo.dir(), options());
    REQUIRE(r.ok);
    REQUIRE(r.report.points.size() == 1);
    CHECK(r.report.points[0].files == 2);
    CHECK(r.report.points[0].kpis.rules_total == 1);
    bool said = false;
    for (const auto& d : r.diagnostics)
        if (d.file == GitFixture::hex(c1).substr(0, 12) + ":rules/lost.yml" && d.severity == Severity::Error &&
            d.message.find("cannot read blob") == 0 && d.message.find("counted as 0 rules") != std::string::npos)
            said = true;
    CHECK(said);
}

TEST_CASE("replay: a shallow clone says how far back its history goes", "[history]") {
    GitFixture repo;
    const git_oid c1 = repo.commit({{"rules/a.yml", rule("A", "high", {"attack.t1105"})}}, "Ann", utc(2024, 1, 2), "a");
    const git_oid c2 = repo.commit({{"rules/b.yml", rule("B", "low", {"attack.t1012"})}}, "Ann", utc(2024, 1, 9), "b");
    repo.commit({{"rules/c.yml", rule("C", "low", {"attack.t1012"})}}, "Ann", utc(2024, 1, 16), "c");
    repo.make_shallow_at(c2, c1);
    ReplayOptions o = options();
    o.since = "2024-01-01";
    const ReplayResult r = replay(repo.dir(), o);
    REQUIRE(r.ok);
    CHECK(r.stats.commits == 2);
    CHECK(r.report.note == "shallow clone: it goes back only to 2024-01-09 (commit " + GitFixture::hex(c2).substr(0, 12) +
                               "); `git fetch --unshallow` gives the whole history");
    REQUIRE(r.report.points.size() == 3);
    CHECK(r.report.points[0].commit.empty());  // before the oldest commit that could be read
    CHECK(r.report.points[0].kpis.rules_total == 0);
    CHECK(r.report.points[1].kpis.rules_total == 2);  // c2's tree holds a and b
}

TEST_CASE("replay: a rule without a title takes each file name it appears under", "[history]") {
    GitFixture repo;
    const std::string untitled = "level: high\nlogsource:\n    product: windows\ndetection:\n    s:\n        a: b\n"
                                 "    condition: s\ntags:\n    - attack.t1105\n";
    repo.commit({{"rules/first.yml", untitled}}, "Ann", utc(2024, 1, 2), "one");
    repo.commit({{"rules/second.yml", untitled}}, "Ann", utc(2024, 1, 9), "same content, another name");
    std::vector<std::string> titles;
    const ReplayResult r = replay(repo.dir(), options(), [&](std::size_t i, std::size_t, const HistoryPoint&, const PointRules& pr) {
        if (i != 1) return;
        std::vector<Rule> rules;
        ScoreResult scores;
        pr.materialise(rules, scores);
        for (const auto& rl : rules) titles.push_back(rl.title);
    });
    REQUIRE(r.ok);
    CHECK(titles == std::vector<std::string>{"first.yml", "second.yml"});
    CHECK(r.stats.file_versions == 1);
    CHECK(r.stats.parses == 2);
}

TEST_CASE("git: tree diffs skip equal folders, ignore mode-only changes and follow file/folder swaps", "[history]") {
    GitFixture repo;
    const git_oid c1 = repo.commit({{"rules/a.yml", "a"}, {"rules/x", "file"}, {"rules/keep/k.yml", "k"}}, "Ann",
                                   utc(2024, 1, 2), "one");
    const git_oid c2 = repo.commit({{"rules/x", std::nullopt}, {"rules/x/inner.yml", "inner"}, {"rules/a.yml", "a2"}},
                                   "Ann", utc(2024, 1, 3), "x becomes a folder");
    std::string error;
    auto r = Repository::open(repo.dir(), error);
    REQUIRE(r);
    CommitInfo i1, i2;
    ObjectId id1, id2;
    git_oid_cpy(&id1.oid, &c1);
    git_oid_cpy(&id2.oid, &c2);
    REQUIRE(r->commit_info(id1, i1, error));
    REQUIRE(r->commit_info(id2, i2, error));
    std::vector<std::string> errors;
    const auto changes = r->diff_trees(i1.tree, i2.tree, "", yaml_name, errors);
    CHECK(errors.empty());
    std::vector<std::string> paths;
    for (const auto& c : changes) paths.push_back(c.path);
    CHECK(paths == std::vector<std::string>{"rules/a.yml", "rules/x/inner.yml"});
    CHECK(changes[1].old_blob.is_zero());
    // Every file when the old side is empty; nothing between equal trees.
    CHECK(r->diff_trees(std::nullopt, i1.tree, "", yaml_name, errors).size() == 2);
    CHECK(r->diff_trees(i1.tree, i1.tree, "", yaml_name, errors).empty());
    const auto sub = r->subtree(i2.tree, "rules", error);
    REQUIRE(sub);
    const auto under = r->diff_trees(std::nullopt, sub, "rules/", yaml_name, errors);
    REQUIRE(under.size() == 3);
    CHECK(under[0].path == "rules/a.yml");
    CHECK_FALSE(r->subtree(i2.tree, "rules/a.yml", error));  // a file, not a folder
    CHECK_FALSE(r->subtree(i2.tree, "nope", error));
}
