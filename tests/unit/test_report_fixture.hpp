// test_report_fixture.hpp — the small hand-built catalogue and rule set every report test uses;
// the expected numbers in test_report_*.cpp are worked out from this file by hand.
//
// Tactics (matrix order): execution, persistence, privilege-escalation, collection.
// Techniques                 tactics                          platforms        groups  state
//   T1000                    execution                        Windows, Linux   10
//   T1000.001                execution                        Windows          20
//   T1000.002                execution                        Linux             0
//   T2000                    persistence, privilege-escalation Windows          5
//   T3000                    collection                       Windows          40
//   T4000                    persistence                      Windows           0     deprecated
//   T5000                    execution                        Windows           0     revoked -> T1000
//   T6000                    privilege-escalation             Linux             0
// total_groups = 50. Active: T1000, T1000.001, T1000.002, T2000, T3000, T6000 (4 parents, 2 subs).
//
// Rules (seed profile):     level          status         tags        -> entry (score)
//   r0 "A" id aaaa-1        high (80)      stable         t1000.001   -> T1000.001/execution 80
//   r1 "B" id aaaa-2        medium (50)    experimental   t2000       -> T2000/persistence 50, /privilege-escalation 50
//   r2 "C"                  low (30)       test           t3000       -> T3000/collection 30
//   r3 "D"                  critical (100) experimental   t1000.002   -> T1000.002/execution 100
//   r4 "E"                  informational  (none)         t6000       -> T6000/privilege-escalation 10
//   r5 "F"                  high (80)      test           t4000       -> T4000/persistence 80 (deprecated)
#pragma once
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/rules.hpp"
#include "core/scoring.hpp"

namespace report_fixture {

inline sh::Catalogue catalogue() {
    sh::Catalogue c;
    c.attack_version = "99";
    c.domain = "enterprise-attack";
    c.total_groups = 50;
    c.tactics = {{"TA0002", "execution", "Execution"},
                 {"TA0003", "persistence", "Persistence"},
                 {"TA0004", "privilege-escalation", "Privilege Escalation"},
                 {"TA0009", "collection", "Collection"}};
    auto tech = [](std::string id, std::vector<std::string> tactics, std::vector<std::string> platforms, int groups) {
        sh::Technique t;
        t.id = id;
        t.name = "Name of " + id;
        const auto dot = id.find('.');
        if (dot != std::string::npos) t.parent = id.substr(0, dot);
        t.tactics = std::move(tactics);
        t.platforms = std::move(platforms);
        t.groups = groups;
        return t;
    };
    c.techniques = {
        tech("T1000", {"execution"}, {"Linux", "Windows"}, 10),
        tech("T1000.001", {"execution"}, {"Windows"}, 20),
        tech("T1000.002", {"execution"}, {"Linux"}, 0),
        tech("T2000", {"persistence", "privilege-escalation"}, {"Windows"}, 5),
        tech("T3000", {"collection"}, {"Windows"}, 40),
        tech("T4000", {"persistence"}, {"Windows"}, 0),
        tech("T5000", {"execution"}, {"Windows"}, 0),
        tech("T6000", {"privilege-escalation"}, {"Linux"}, 0),
    };
    c.techniques[5].deprecated = true;
    c.techniques[6].revoked = true;
    c.techniques[6].revoked_by = "T1000";
    c.reindex();
    return c;
}

inline sh::Rule rule(std::string title, std::string id, sh::Level level, sh::Status status, std::string tag) {
    sh::Rule r;
    r.file = title + ".yml";
    r.title = std::move(title);
    r.id = std::move(id);
    r.level = level;
    r.status = status;
    r.tags = {std::move(tag)};
    r.tag_lines = {5};
    return r;
}

inline std::vector<sh::Rule> rules() {
    using sh::Level;
    using sh::Status;
    return {
        rule("A", "aaaa-1", Level::High, Status::Stable, "attack.t1000.001"),
        rule("B", "aaaa-2", Level::Medium, Status::Experimental, "attack.t2000"),
        rule("C", "", Level::Low, Status::Test, "attack.t3000"),
        rule("D", "", Level::Critical, Status::Experimental, "attack.t1000.002"),
        rule("E", "", Level::Informational, Status::None, "attack.t6000"),
        rule("F", "", Level::High, Status::Test, "attack.t4000"),
    };
}

}  // namespace report_fixture
