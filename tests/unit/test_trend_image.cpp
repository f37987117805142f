// test_trend_image.cpp — render/trend_image (the chart of `history --svg/--png`): points placed by
// day on a time axis (uneven gaps stay uneven), evenly when a point has no date, values on the
// 0..100% axis, tick labels by span, the last values printed, and the Line shape drawn the same by
// the SVG writer (parsed back) and the PNG rasteriser (pixels read back).
#include <algorithm>
#include <cmath>

#include "catch.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "core/render/trend_image.hpp"
#include "xml_check.hpp"

using namespace sh;

namespace {

TrendPoint point(const std::string& date, double covered, double well, const std::string& name = "") {
    TrendPoint p;
    p.date = date;
    p.name = name.empty() ? "coverage_" + date : name;
    p.covered_pct = covered;
    p.threshold_pct = well;
    return p;
}

std::vector<const Shape*> of_class(const MatrixImage& img, ShapeKind kind, const std::string& cls) {
    std::vector<const Shape*> out;
    for (const auto& s : img.shapes)
        if (s.kind == kind && s.css_class == cls) out.push_back(&s);
    return out;
}

bool has_text(const MatrixImage& img, const std::string& text) {
    return std::any_of(img.shapes.begin(), img.shapes.end(),
                       [&](const Shape& s) { return s.kind == ShapeKind::Text && s.text == text; });
}

}  // namespace

TEST_CASE("trend image: points by day, values on the 0..100% axis, labels, last values", "[trend_image]") {
    Trend t;
    t.threshold = 80;
    t.points = {point("2020-01-01", 10, 0), point("2020-01-11", 50, 25), point("2021-01-01", 77.4, 60.4)};
    const MatrixImage img = build_trend_image(t, {});
    CHECK(img.width == 1200);
    CHECK(img.height == 560);
    CHECK(has_text(img, "Coverage over time"));
    CHECK(has_text(img, "Techniques scoring 80 or more"));

    // The grid: 0% and 100% lines give the plot's vertical scale.
    const auto grid = of_class(img, ShapeKind::Line, "grid");
    REQUIRE(grid.size() == 5);
    const float y100 = grid[4]->points[1], y0 = grid[0]->points[1];
    REQUIRE(y0 > y100);

    // Two series of two segments each, the headline "covered" series drawn last (on top).
    const auto segs = of_class(img, ShapeKind::Line, "series");
    REQUIRE(segs.size() == 4);
    const Shape& a = *segs[2];  // covered: 2020-01-01 -> 2020-01-11
    const Shape& b = *segs[3];  // covered: 2020-01-11 -> 2021-01-01
    CHECK(a.points[2] == b.points[0]);
    const float x0 = a.points[0], x1 = a.points[2], x2 = b.points[2];
    // 10 days of 366: the second point sits 10/366 of the way.
    CHECK(std::fabs((x1 - x0) / (x2 - x0) - 10.0f / 366.0f) < 1e-4f);
    // 50% is half way up; 10% one tenth.
    CHECK(std::fabs(a.points[3] - (y0 + y100) / 2) < 1e-3f);
    CHECK(std::fabs(a.points[1] - (y0 - (y0 - y100) * 0.1f)) < 1e-3f);

    // A one-year span is labelled by quarter; the last values are printed rounded.
    CHECK(has_text(img, "2020-07"));
    CHECK(has_text(img, "2021-01"));
    CHECK(has_text(img, "77%"));
    CHECK(has_text(img, "60%"));
    // Few points: each has a dot with its value as tooltip.
    const auto dots = of_class(img, ShapeKind::Rect, "point");
    REQUIRE(dots.size() == 6);
    CHECK(dots[3]->tooltip == "2020-01-01: Techniques with a rule 10.0%");
}

TEST_CASE("trend image: undated points are spaced evenly and labelled by name", "[trend_image]") {
    Trend t;
    t.points = {point("", 10, 5, "q1"), point("", 20, 5, "q2"), point("", 30, 5, "q3")};
    const MatrixImage img = build_trend_image(t, {});
    const auto segs = of_class(img, ShapeKind::Line, "series");
    REQUIRE(segs.size() == 4);
    CHECK(std::fabs((segs[2]->points[2] - segs[2]->points[0]) - (segs[3]->points[2] - segs[3]->points[0])) < 1e-3f);
    CHECK(has_text(img, "q1"));
    CHECK(has_text(img, "q3"));

    const MatrixImage empty = build_trend_image(Trend{}, {});
    CHECK(has_text(empty, "No points"));
    CHECK(of_class(empty, ShapeKind::Line, "series").empty());
}

TEST_CASE("trend image: long series draw lines only; SVG lines and PNG pixels agree", "[trend_image]") {
    Trend t;
    t.threshold = 50;
    // 500 weekly points: flat at 40% and 20%.
    for (int i = 0; i < 500; ++i) {
        char d[16];
        const long day = 18262 + 7L * i;  // from 2020-01-01
        // civil date of `day`, enough for the test: let the builder see real dates
        long z = day + 719468;
        const long era = z / 146097;
        const long doe = z - era * 146097;
        const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const long mp = (5 * doy + 2) / 153;
        const long dd = doy - (153 * mp + 2) / 5 + 1;
        const long mm = mp < 10 ? mp + 3 : mp - 9;
        std::snprintf(d, sizeof d, "%04ld-%02ld-%02ld", yoe + era * 400 + (mm <= 2), mm, dd);
        t.points.push_back(point(d, 40, 20));
    }
    TrendImageOptions o;
    o.subtitle = "rules in repo · main · every week";
    const MatrixImage img = build_trend_image(t, o);
    CHECK(of_class(img, ShapeKind::Rect, "point").empty());
    CHECK(of_class(img, ShapeKind::Line, "series").size() == 998);
    CHECK(has_text(img, "2021"));  // a span of years is labelled by year
    CHECK(has_text(img, "2029"));

    const auto doc = test::parse_xml(write_svg(img));
    INFO(doc.error);
    REQUIRE(doc.error.empty());
    int lines = 0;
    for (const auto& e : doc.elements)
        if (e.name == "line" && e.attrs.count("class") && e.attrs.at("class") == "series") {
            ++lines;
            CHECK(e.attrs.at("stroke-width") == "2.5");
        }
    CHECK(lines == 998);

    // The 40% line is a horizontal stroke of the covered colour in the PNG.
    Canvas canvas(1, 1, Rgb{});
    std::string error;
    REQUIRE(rasterise_image(img, 1, 64ull << 20, canvas, error));
    const auto segs = of_class(img, ShapeKind::Line, "series");
    const Shape& covered = *segs[segs.size() / 2 + 10];
    const int px = int((covered.points[0] + covered.points[2]) / 2), py = int(covered.points[1]);
    const Rgb c = canvas.at(px, py);
    CHECK(c == covered.stroke);
    CHECK(canvas.at(px, py - 5) == Rgb{255, 255, 255});  // 2.5 px wide: 5 px above is background
}
