// history/animation.cpp — see animation.hpp.
#include "history/animation.hpp"

#include <algorithm>
#include <thread>

#include "core/layer.hpp"
#include "core/render/colour.hpp"
#include "core/render/png.hpp"
#include "history/gif_writer.hpp"

namespace sh::history {

MatrixImage animation_frame_image(const Catalogue& cat, const ScoreResult& scores, const HistoryPoint& point,
                                  const AnimationOptions& o, int range_min, int range_max) {
    ImageOptions io;
    io.layout = o.layout;
    io.matrix.platforms = o.platforms;
    io.title = point.name;
    // The subtitle carries the date and the commit; the KPI line (covered techniques, rules) is the
    // image's own, computed from the same scores.
    io.date = point.date;
    if (!point.commit.empty()) io.date += " \u00b7 commit " + point.commit.substr(0, 12);
    else io.date += " \u00b7 before the first commit";
    io.rules = point.kpis.rules_scored;
    // "Score: best rule level", as image_options_for_layer reads it from the layer's description.
    io.score_label = profile_caption(o.profile);
    io.custom_range = true;
    io.gradient = make_gradient(o.colours.empty() ? kPaletteRedYellowGreen : o.colours, range_min, range_max);
    return build_matrix_image(cat, scores, io);
}

void HistoryAnimation::add(const HistoryPoint& point, const ScoreResult& scores) {
    ScoreResult kept;
    kept.rules_total = scores.rules_total;
    kept.rules_scored = scores.rules_scored;
    kept.rules_with_techniques = scores.rules_with_techniques;
    kept.entries.reserve(scores.entries.size());
    for (const auto& e : scores.entries) {
        TechniqueScore t;
        t.technique = e.technique;
        t.tactic = e.tactic;
        t.score = e.score;
        kept.entries.push_back(std::move(t));
    }
    HistoryPoint p = point;
    p.kpis.tactics.clear();  // the frame's KPI line is computed from the scores
    points_.push_back(std::move(p));
    scores_.push_back(std::move(kept));
}

void HistoryAnimation::range(int& lo, int& hi) const {
    lo = opt_.min_score.value_or(0);
    int highest = 0;
    for (const auto& s : scores_) highest = std::max(highest, highest_score(s));
    hi = opt_.max_score.value_or(std::max(highest, lo + 1));
    if (hi <= lo) hi = lo + 1;
}

std::string HistoryAnimation::encode(const Catalogue& cat, std::string& error) const {
    if (points_.empty()) {
        error = "no points to animate";
        return "";
    }
    int lo = 0, hi = 1;
    range(lo, hi);
    unsigned jobs = opt_.jobs ? opt_.jobs : std::max(1u, std::thread::hardware_concurrency());
    jobs = std::max(1u, std::min<unsigned>(jobs, static_cast<unsigned>(points_.size())));

    // Frames are drawn `jobs` at a time (in parallel) and added in order, so memory holds a few
    // frames, never the whole animation.
    struct Frame {
        std::vector<uint8_t> rgb;
        int width = 0, height = 0;
        std::string error;
    };
    std::unique_ptr<AnimatedGif> gif;
    int width = 0, height = 0;
    for (std::size_t first = 0; first < points_.size(); first += jobs) {
        const std::size_t count = std::min<std::size_t>(jobs, points_.size() - first);
        std::vector<Frame> batch(count);
        auto draw = [&](std::size_t k) {
            const MatrixImage img = animation_frame_image(cat, scores_[first + k], points_[first + k], opt_, lo, hi);
            Canvas canvas(1, 1, Rgb{255, 255, 255});
            if (!rasterise_image(img, opt_.scale, opt_.max_pixels, canvas, batch[k].error)) return;
            batch[k].width = canvas.width();
            batch[k].height = canvas.height();
            batch[k].rgb = canvas.pixels();
        };
        std::vector<std::thread> threads;
        for (std::size_t k = 1; k < count; ++k) threads.emplace_back(draw, k);
        draw(0);
        for (auto& t : threads) t.join();

        for (std::size_t k = 0; k < count; ++k) {
            Frame& f = batch[k];
            if (!f.error.empty()) {
                error = "frame " + std::to_string(first + k + 1) + " (" + points_[first + k].date + "): " + f.error;
                return "";
            }
            if (!gif) {
                width = f.width;
                height = f.height;
                gif = std::make_unique<AnimatedGif>(width, height);
            }
            // A frame of another size (a longer title, say) is placed top-left on a white frame of the first one's size.
            if (f.width != width || f.height != height) {
                std::vector<uint8_t> fitted(std::size_t(width) * std::size_t(height) * 3, 255);
                for (int y = 0; y < std::min(height, f.height); ++y)
                    std::copy_n(&f.rgb[std::size_t(y) * std::size_t(f.width) * 3], std::size_t(std::min(width, f.width)) * 3,
                                &fitted[std::size_t(y) * std::size_t(width) * 3]);
                f.rgb = std::move(fitted);
            }
            const bool last = first + k + 1 == points_.size();
            if (!gif->add_frame(f.rgb, last ? opt_.last_delay_cs : opt_.delay_cs)) {
                error = gif->error();
                return "";
            }
        }
    }
    std::string out = gif->finish();
    if (out.empty()) error = gif->error();
    return out;
}

}  // namespace sh::history
