// image_fixtures.hpp — a small catalogue and scores for the image tests (test_svg, test_png), and
// the gradient colour computed independently of core/render/colour.
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/render/image.hpp"
#include "core/scoring.hpp"

namespace test {

inline sh::Technique image_tech(std::string id, std::string name, std::vector<std::string> tactics) {
    sh::Technique t;
    t.id = std::move(id);
    t.name = std::move(name);
    if (auto dot = t.id.find('.'); dot != std::string::npos) t.parent = t.id.substr(0, dot);
    t.tactics = std::move(tactics);
    t.platforms = {"Windows"};
    return t;
}

// Two tactics; T1053 in both (with sub-techniques), T1059 with three subs, T1098, an uncovered T1547.
inline sh::Catalogue image_catalogue() {
    sh::Catalogue c;
    c.attack_version = "19";
    c.domain = "enterprise-attack";
    c.tactics = {{"TA0002", "execution", "Execution"}, {"TA0003", "persistence", "Persistence"}};
    c.techniques = {
        image_tech("T1053", "Scheduled Task/Job", {"execution", "persistence"}),
        image_tech("T1053.003", "Cron", {"execution", "persistence"}),
        image_tech("T1053.005", "Scheduled Task", {"execution", "persistence"}),
        image_tech("T1059", "Command and Scripting Interpreter", {"execution"}),
        image_tech("T1059.001", "PowerShell", {"execution"}),
        image_tech("T1059.003", "Windows Command Shell", {"execution"}),
        image_tech("T1059.006", "Python", {"execution"}),
        image_tech("T1098", "Account Manipulation", {"persistence"}),
        image_tech("T1547", "Boot or Logon Autostart Execution", {"persistence"}),
    };
    c.reindex();
    return c;
}

inline sh::ScoreResult image_scores() {
    sh::ScoreResult s;
    s.entries = {
        {"T1053.005", "execution", 80, {}},
        {"T1053.005", "persistence", 25, {}},
        {"T1059", "execution", 30, {}},
        {"T1059.001", "execution", 100, {}},
        {"T1059.003", "execution", 50, {}},
        {"T1098", "persistence", 0, {}},
    };
    return s;
}

// Linear interpolation between evenly spaced stops, written out here rather than taken from the
// core, so a change there that alters colours fails the image tests.
inline std::string expected_fill(const std::vector<std::string>& hex, double lo, double hi, double score) {
    std::vector<int> rgb;
    for (const auto& h : hex)
        for (int k = 0; k < 3; ++k) rgb.push_back(std::stoi(h.substr(1 + 2 * std::size_t(k), 2), nullptr, 16));
    const int n = int(hex.size());
    double t = std::clamp((score - lo) / (hi - lo), 0.0, 1.0) * (n - 1);
    int seg = std::min(int(t), n - 2);
    double f = t - seg;
    char buf[8];
    int c[3];
    for (int k = 0; k < 3; ++k) c[k] = int(std::lround(rgb[std::size_t(seg * 3 + k)] + (rgb[std::size_t(seg * 3 + 3 + k)] - rgb[std::size_t(seg * 3 + k)]) * f));
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c[0], c[1], c[2]);
    return buf;
}

inline const std::vector<std::string>& ryg() {
    static const std::vector<std::string> p = {"#ff6666", "#ffe766", "#8ec843"};
    return p;
}

inline sh::ImageOptions image_options(bool expand_all) {
    sh::ImageOptions o;
    o.gradient = sh::make_gradient(ryg(), 0, 100);
    o.matrix.expand_all = expand_all;
    o.title = "Test heat-map";
    o.date = "2026-01-02";
    return o;
}

}  // namespace test
