// harness_layers.cpp — layers in: Navigator layer JSON (as scores, as coverage, as targets), the
// share-link fragment, and a layer drawn as SVG and PNG (what `sigma-heatmap svg|png` does).
#include <algorithm>

#include "checks.hpp"
#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/limits.hpp"
#include "core/text_encoding.hpp"
#include "core/render/colour.hpp"
#include "core/render/image.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "core/report.hpp"
#include "core/share.hpp"

namespace fuzz {

namespace {

void check_placed(const sh::ScoreResult& s, const sh::Catalogue& cat) {
    for (const auto& e : s.entries) {
        check_score(e.score, "a layer score");
        const sh::Technique* t = cat.find(e.technique);
        check(t != nullptr, "a scored technique the catalogue does not know");
        check(std::find(t->tactics.begin(), t->tactics.end(), e.tactic) != t->tactics.end(),
              "a score under a tactic its technique does not have");
    }
}

}  // namespace

int layer(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    const sh::Catalogue& cat = sh::default_catalogue();
    sh::Layer l;
    sh::Diagnostics d;
    const bool ok = sh::read_layer(text, "fuzz.json", l, d);
    check_diagnostics(d, 0, "fuzz.json");
    // JSON parsers stop at a NUL byte: "{...}\0garbage" must not pass for a layer.
    // (In the text as the reader parses it: UTF-16 and UTF-32 are decoded first, their NULs are characters.)
    std::string utf8;
    std::string_view as_parsed = text;
    (void)sh::text_as_utf8(as_parsed, utf8);
    check(!ok || as_parsed.find('\0') == std::string_view::npos, "a text with a NUL byte read as a layer");
    if (!ok) return 0;
    check_score(l.gradient_min, "gradient.minValue");
    check_score(l.gradient_max, "gradient.maxValue");
    check(l.score_scale == 1 || l.score_scale == 100, "a layer's scores on a scale other than 1 or 100");
    for (const auto& t : l.techniques) {
        if (t.score) check_score(*t.score, "a technique's score");
        check(t.technique.find('\0') == std::string::npos && t.tactic.find('\0') == std::string::npos,
              "a NUL character kept in an id or tactic");
    }
    const sh::ScoreResult s = sh::layer_to_scores(l, cat, "fuzz.json");
    // The platform filter as pictures and the page take it: catalogue platforms only, one warning at most.
    check(l.platforms.size() <= 64, "more than 64 filter platforms kept");
    sh::Diagnostics pd;
    for (const auto& p : sh::layer_platforms(l, cat, "fuzz.json", &pd))
        check(sh::catalogue_platform(cat, p) == p, "a filter platform the catalogue does not spell so");
    check(pd.size() <= 1, "more than one warning about the platform filter");
    check_diagnostics(pd, 0, "fuzz.json");
    check_diagnostics(s.diagnostics, 0, "fuzz.json", 2 * kMaxDiagnosticsPerReader);
    check_placed(s, cat);
    // The page's "Download layer" of an opened layer: the file with the user's name and gradient.
    check(sh::restyle_layer(text, {}) == text, "a layer restyled with nothing changed is not the file");
    if (text.size() + 1024 < sh::limits::kLayerBytes) {
        sh::LayerRestyle r;
        r.name = "n\"\\\xC3\xA9";
        r.gradient = sh::LayerRestyle::Gradient{{"#000000", "#ffffff"}, 3, 7, l.score_scale};  // on the page's scale
        sh::Layer rl;
        sh::Diagnostics rd;
        check(sh::read_layer(sh::restyle_layer(text, r), "fuzz.json", rl, rd), "a restyled layer that does not read");
        check(rl.name == *r.name && rl.gradient_min == 3 && rl.gradient_max == 7, "a restyled layer without its name or range");
        check(rl.techniques.size() == l.techniques.size(), "a restyled layer lost or gained entries");
    }

    sh::Coverage c;
    sh::Diagnostics cd;
    check(sh::coverage_from_layer_text(text, "fuzz.json", &cat, c, cd), "read_layer accepts what coverage refuses");
    check_diagnostics(cd, 0, "fuzz.json", 2 * kMaxDiagnosticsPerReader);
    for (const auto& e : c.entries) check_score(e.score, "a coverage score");
    // The diff's warnings about entries the matrix cannot show: capped, about this file only.
    sh::Diagnostics ud;
    sh::warn_uncharted_entries(c, cat, ud);
    check_diagnostics(ud, 0, "fuzz.json", 2 * kMaxDiagnosticsPerReader);
    // What the reports do next with a layer: KPIs, a diff against itself (no change), gaps.
    const sh::LayerDiff diff = sh::diff_coverage(c, c, &cat);
    check(diff.changes.empty(), "a layer differs from itself");
    // `diff` of the layer against nothing, on the layer's own filter (its default there): only
    // techniques on those platforms, and the alert says which.
    check(c.platforms == sh::layer_platforms(l, cat, "fuzz.json"), "coverage and pictures take another platform filter");
    const sh::LayerDiff gone = sh::diff_coverage(c, sh::Coverage{}, &cat, sh::DiffOptions{50, c.platforms});
    for (const auto& t : gone.techniques) {
        const sh::Technique* tech = cat.find(t.technique);
        check(c.platforms.empty() || (tech && sh::on_platforms(*tech, c.platforms)), "a diff on a filter with another platform's technique");
    }
    check(gone.platforms.empty() || sh::alert_headline(gone).find(" on " + sh::platform_words(gone.platforms) + " since ") != std::string::npos,
          "a diff on a filter whose alert does not say it");
    sh::Diagnostics bd;
    (void)sh::compare_baseline(c, c, cat, &bd);
    const sh::Kpis k = sh::compute_coverage_kpis(c, cat, sh::KpiOptions{});
    check(k.techniques.covered <= k.techniques.total, "more techniques covered than exist");
    return 0;
}

namespace {

// One share-link text: refused with a reason, or a heat-map (and, format 2, a threat selection and a
// platform filter) that encodes again to a link decoding to the same scores, selection and filter.
void share_link(std::string_view text) {
    const sh::Catalogue& cat = sh::default_catalogue();
    sh::ShareHeader h;
    std::string error;
    const bool header = sh::read_share_header(text, h, error);
    check(header || !error.empty(), "a refused share-link header without a reason");
    sh::ShareLink link;
    error.clear();
    if (!sh::decode_share_link(text, cat, link, error)) {
        check(!error.empty(), "a refused share link without a reason");
        return;
    }
    check(header, "a link decodes whose header does not");
    check(link.name.size() <= sh::kMaxShareName, "a share-link name longer than its limit");
    check(link.threats.size() <= sh::kMaxShareThreats, "more selected threats than a share link carries");
    check(link.max_score > link.min_score, "a share link with an empty range");
    check_score(link.min_score, "a share link's minimum");
    check_score(link.max_score, "a share link's maximum");
    const sh::ScoreResult s = sh::share_link_scores(link);
    check_placed(s, cat);
    // Whatever decodes encodes again to a link that decodes to the same heat-map and selection; a
    // selection needs format 2, none is written as format 1 (what older pages read).
    int dropped = 0;
    const std::string again = sh::encode_share_link(link, cat, &dropped);
    check(dropped == 0, "a decoded share link has entries the catalogue cannot place");
    sh::ShareLink link2;
    check(sh::decode_share_link(again, cat, link2, error), "a re-encoded share link does not decode: " + error);
    check(link2.entries.size() == link.entries.size(), "a re-encoded share link has other entries");
    for (std::size_t i = 0; i < link.entries.size(); ++i)
        check(link2.entries[i].technique == link.entries[i].technique && link2.entries[i].tactic == link.entries[i].tactic &&
                  link2.entries[i].score == link.entries[i].score,
              "a re-encoded share link has other scores");
    check(link2.threats == link.threats, "a re-encoded share link has another threat selection");
    check(link.platforms.size() <= sh::kMaxSharePlatforms, "more platforms than a share link carries");
    for (const auto& p : link.platforms)
        check(sh::catalogue_platform(cat, p) == p, "a share link's platform not as the catalogue spells it: " + p);
    check(link2.platforms == link.platforms, "a re-encoded share link has another platform filter");
    check(link2.name == link.name, "a re-encoded share link has another name");
    sh::ShareHeader h2;
    check(sh::read_share_header(again, h2, error) && h2.format == (link.threats.empty() && link.platforms.empty() ? 1 : 2),
          "a re-encoded share link has the wrong format for its selection and filter");
}

}  // namespace

// The bytes as the link's text, and as its payload behind a valid "#s=" wrapping (so the fuzzer
// reaches the sections, threats included, without first finding the encoding).
int share(const uint8_t* data, std::size_t size) {
    share_link(text_of(data, size));
    share_link(sh::share_fragment_from_payload(std::vector<uint8_t>(data, data + size)));
    return 0;
}

int targets(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    const sh::Catalogue& cat = sh::default_catalogue();
    std::vector<sh::Target> list;
    sh::Diagnostics d;
    sh::read_targets(text, "fuzz.csv", cat, 1, list, d);
    check_diagnostics(d, 0, "fuzz.csv", 2 * kMaxDiagnosticsPerReader);
    for (const auto& t : list) check(t.min_score >= 0 && t.min_score <= 1000000000, "a target's minimum out of range");
    const sh::TargetReport r = sh::check_targets(sh::Coverage{}, list, cat);
    check(r.met == 0, "a target met by no coverage at all");
    return 0;
}

int layer_image(const uint8_t* data, std::size_t size) {
    const std::string_view text = text_of(data, size);
    sh::Layer l;
    sh::Diagnostics d;
    if (!sh::read_layer(text, "fuzz.json", l, d)) return 0;
    const sh::Catalogue* cat = sh::embedded_catalogue(l.attack_version);
    if (!cat) cat = &sh::default_catalogue();
    const sh::ScoreResult s = sh::layer_to_scores(l, *cat, "fuzz.json");
    // As `sigma-heatmap svg|png LAYER`: the layer's own title and gradient.
    sh::ImageOptions io = sh::image_options_for_layer(l);
    io.custom_range = true;
    const int lo = int(io.gradient.min);
    int hi = int(io.gradient.max);
    if (hi <= lo) hi = lo + 1;
    io.gradient = sh::make_gradient(l.gradient_colors, lo, hi);
    io.matrix.expand_all = size % 2 == 1;  // both expansions, decided by the input
    const sh::MatrixImage image = sh::build_matrix_image(*cat, s, io);
    const std::string svg = sh::write_svg(image);
    check(svg.find("<svg") != std::string::npos && svg.find('\0') == std::string::npos, "an SVG that is not one");
    // Rasterising is by far the slowest step (~0.1 s under ASan): one input in eight, at a quarter
    // of the pixels, keeps the PNG writer in the run without starving the layer paths.
    if (size % 8 != 0) return 0;
    sh::PngOptions po;
    po.scale = 0.25f;
    const sh::PngResult png = sh::write_png(image, po);
    check(png.ok() ? png.data.size() > 8 : !png.error.empty(), "a PNG neither written nor refused with a reason");
    return 0;
}

}  // namespace fuzz
