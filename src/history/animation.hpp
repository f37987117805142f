// history/animation.hpp — the heat-map across the points of a history as an animated GIF (the
// "Navigator diff GIF" of a weekly post): one frame per point, drawn by the core's image pipeline
// (build_matrix_image + rasterise_image, as `sigma-heatmap png` draws a layer) with the point's
// name, date, commit and KPI line in its header, encoded by gif_writer (giflib).
//
// Every frame uses one score range, so a colour means the same score in every frame: the range
// given, else 0 .. the highest score any point reached. Points are kept as their scores only
// (technique, tactic, score) while the replay runs; frames are drawn at the end, on several
// threads, and encoded in order.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/history_report.hpp"
#include "core/render/image.hpp"
#include "core/scoring.hpp"

namespace sh::history {

struct AnimationOptions {
    MatrixLayout layout = MatrixLayout::Mini;  // mini: the whole matrix in a post-sized picture
    float scale = 1;                           // image pixels per layout pixel (0.25 .. 8)
    int delay_cs = 50;                         // each frame, hundredths of a second
    int last_delay_cs = 300;                   // the last frame stays longer before the loop starts over
    std::vector<std::string> colours;          // gradient colours; empty: red -> yellow -> green
    std::optional<int> min_score, max_score;   // the range of every frame (see above)
    ScoreProfile profile = ScoreProfile::Seed; // the legend's caption
    std::vector<std::string> platforms;        // matrix and KPI filter, as `png --platform`
    unsigned jobs = 0;                         // drawing threads; 0: all cores
    uint64_t max_pixels = 16ull * 1000 * 1000; // per frame; larger frames are refused (memory)
};

// One frame's picture, exactly as it is drawn: exposed so tests can find a cell's box.
MatrixImage animation_frame_image(const Catalogue& cat, const ScoreResult& scores, const HistoryPoint& point,
                                  const AnimationOptions& options, int range_min, int range_max);

class HistoryAnimation {
public:
    explicit HistoryAnimation(AnimationOptions options) : opt_(std::move(options)) {}

    // Keeps what the point's frame needs (entries without their rule lists, the rule count).
    void add(const HistoryPoint& point, const ScoreResult& scores);
    std::size_t frames() const { return points_.size(); }

    // The score range every frame uses.
    void range(int& lo, int& hi) const;
    // Draws and encodes every frame; "" and error set when a frame cannot be drawn or encoded.
    std::string encode(const Catalogue& cat, std::string& error) const;

private:
    AnimationOptions opt_;
    std::vector<HistoryPoint> points_;
    std::vector<ScoreResult> scores_;
};

}  // namespace sh::history
