// render/trend_image.hpp — coverage over time as a picture: the two headline lines of a Trend
// (techniques with a rule, techniques scoring at or above the KPI threshold, in % of the active
// techniques) on a 0..100% axis, with a title, a subtitle and the last values. Built as the same
// shape list as the heat-map image, so write_svg and write_png draw it identically.
//
// The x axis is time when every point has a YYYY-MM-DD date (points placed by day, ticks at the
// start of each year, quarter or month depending on the span), else evenly spaced points labelled
// by name. Meant for long series (a weekly history of ten years is ~500 points): the lines are
// plain segments, dots only where there are few points.
#pragma once
#include <string>

#include "core/render/image.hpp"
#include "core/report.hpp"

namespace sh {

struct TrendImageOptions {
    std::string title = "Coverage over time";
    std::string subtitle;          // e.g. "rules in repo · main · weekly, 2017-02-12 to 2026-08-05"; "" none
    float width = 1200, height = 560;  // layout pixels (at least 320 x 240)
    bool tactic_lines = false;     // also one thin line per tactic (covered %), with a legend
};

MatrixImage build_trend_image(const Trend& trend, const TrendImageOptions& options = {});

}  // namespace sh
