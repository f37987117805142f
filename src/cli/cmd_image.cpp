// cmd_image.cpp — `sigma-heatmap svg|png LAYER.json -o OUT`: a heat-map image of any Navigator
// layer (ours or another producer's), drawn by the core's image writers exactly as the page lays
// the matrix out.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "commands.hpp"
#include "declare.hpp"
#include "options.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/render/image.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "io.hpp"

namespace cli {

namespace {

Run add_image(CLI::App& root, bool png) {
    const char* cmd_name = png ? "png" : "svg";
    auto a = std::make_shared<ImageArgs>();
    a->png = png;
    CLI::App* cmd = add_command(
        root, cmd_name, png ? "heat-map PNG of a layer" : "heat-map SVG of a layer",
        std::string(cmd_name) + " [options] LAYER.json -o OUT",
        "Draws an ATT&CK Navigator layer (v4.x, from sigma-heatmap or any other producer) as a heat-map image: "
        "tactic columns, technique cells coloured by score, legend, title, date and a KPI line. svg writes SVG 1.1 "
        "(text as text, DejaVu Sans); png rasterises it with the embedded font.",
        "Exit status: 0 when the image was written, 1 when the layer could not be read or the image not made, 2 for "
        "usage errors.");
    add_text(*cmd, "layer", a->input, "the Navigator layer to draw", "LAYER.json")->required();
    in_group(*cmd, group::kOutput);
    add_file(*cmd, "-o,--output", a->output, "where to write the image ('-' for stdout)")->required();
    if (png) number_in(cmd->add_option("--scale", a->scale, "pixels per layout pixel, 0.25 .. 8 (2 for HiDPI)"), 0.25, 8);

    in_group(*cmd, group::kDrawing);
    add_choice(*cmd, "--expand", {"none", "all", "annotated"}, a->expand,
               "sub-techniques: collapsed into their parent (as the page opens), all shown, or shown where a "
               "sub-technique has a score");
    add_choice(*cmd, "--layout", {"side", "mini"},
               [a](const std::string& v) { a->io.layout = v == "side" ? sh::MatrixLayout::Side : sh::MatrixLayout::Mini; },
               "cells with names or small squares, as on the page", "side");
    add_palette(*cmd, {"layer", "default", "colour-blind"}, a->palette,
               "gradient colours: the layer's own, red-yellow-green, or blue-yellow-black (colour-blind safe; "
               "color-blind is the same)");
    add_number(*cmd, "--min-score", [a](int n) { a->min_score = n; }, "the score range's low end (default: the layer's gradient)");
    add_number(*cmd, "--max-score", [a](int n) { a->max_score = n; }, "the score range's high end (default: the layer's gradient)");
    add_choice(*cmd, "--aggregate", {"max", "avg", "min", "sum"},
               [a](const std::string& v) { a->io.matrix.aggregate = *sh::parse_aggregate(v); },
               "a parent cell's score from its own and its sub-techniques'", "max");
    non_empty(add_text(*cmd, "--platform", a->io.matrix.platforms, "only techniques for this platform", "NAME"),
              "a platform name (e.g. Windows)");
    cmd->add_flag("--hide-uncovered", a->io.matrix.hide_uncovered, "leave out cells without a score");
    cmd->add_flag("--scores", a->io.show_scores, "print each cell's score");
    cmd->add_flag_callback("--no-ids", [a] { a->io.show_ids = false; }, "hide technique ids");
    cmd->add_flag_callback("--no-names", [a] { a->io.show_names = false; }, "hide technique names");
    cmd->add_option_function<std::string>("--title", [a](const std::string& v) { a->title = v; },
                                          "heading (default: the layer's name)")
        ->type_name("TEXT");
    cmd->add_option_function<std::string>("--date", [a](const std::string& v) { a->date = v; },
                                          "date under the heading (default: today, YYYY-MM-DD; '' for none)")
        ->type_name("TEXT");
    add_attack_data_options(*cmd, a->attack_data, a->attack_version, a->domain);
    add_message_options(*cmd, a->quiet, a->verbose);
    return [a] { return run_image(*a); };
}

}  // namespace

Run add_svg(CLI::App& root) { return add_image(root, false); }
Run add_png(CLI::App& root) { return add_image(root, true); }

int run_image(const ImageArgs& args) {
    const char* cmd = args.png ? "png" : "svg";
    sh::ImageOptions io = args.io;
    if (args.min_score && args.max_score && *args.max_score <= *args.min_score)
        throw UsageError("--max-score must be greater than --min-score");
    const std::string date = args.date.value_or(today());

    sh::Diagnostics diags;
    auto report = [&] { print_diagnostics(diags, args.verbose, args.quiet); };
    const auto text = read_file(args.input, sh::InputKind::Layer, diags);
    sh::Layer layer;
    if (!text || !sh::read_layer(*text, args.input, layer, diags)) {
        report();
        std::fprintf(stderr, "sigma-heatmap %s: cannot read the layer %s; no image written\n", cmd, args.input.c_str());
        return 1;
    }

    // The catalogue: --attack-data, else the embedded one for the layer's ATT&CK version, else v19.
    sh::Catalogue loaded;
    const sh::Catalogue* cat = &sh::default_catalogue();
    if (!args.attack_data.empty()) {
        const bool ok = load_attack_data(args.attack_data, args.attack_version, args.domain, loaded, diags);
        if (!ok) {
            report();
            std::fprintf(stderr, "sigma-heatmap %s: no ATT&CK catalogue could be built from --attack-data\n", cmd);
            return 1;
        }
        cat = &loaded;
    } else if (const sh::Catalogue* c = sh::embedded_catalogue(layer.attack_version)) {
        cat = c;
    }
    if (cat->techniques.empty()) {
        report();
        std::fprintf(stderr, "sigma-heatmap %s: the ATT&CK catalogue is empty\n", cmd);
        return 1;
    }

    const sh::ScoreResult scores = sh::layer_to_scores(layer, *cat, args.input);
    diags.insert(diags.end(), scores.diagnostics.begin(), scores.diagnostics.end());
    // The techniques of --platform, else of the layer's own platform filter (as the Navigator shows it).
    if (io.matrix.platforms.empty()) io.matrix.platforms = sh::layer_platforms(layer, *cat, args.input, &diags);
    else resolve_platforms(*cat, io.matrix.platforms);
    report();

    // The layer's own title, gradient, rule count and score caption; then what the options change.
    const sh::ImageOptions from_layer = sh::image_options_for_layer(layer);
    io.title = args.title.value_or(from_layer.title);
    io.rules = from_layer.rules;
    io.score_label = from_layer.score_label;
    io.custom_range = true;
    io.paints = from_layer.paints;
    io.legend_items = from_layer.legend_items;
    io.date = date;
    const std::vector<std::string> colours = args.palette == "default"        ? sh::kPaletteRedYellowGreen
                                             : args.palette == "colour-blind" ? sh::kPaletteColourBlind
                                                                              : layer.gradient_colors;
    const int lo = args.min_score.value_or(int(from_layer.gradient.min));
    int hi = args.max_score.value_or(int(from_layer.gradient.max));
    if (hi <= lo) hi = lo + 1;
    io.gradient = sh::make_gradient(colours, lo, hi);
    if (args.expand == "all") {
        io.matrix.expand_all = true;
    } else if (args.expand == "annotated") {
        for (const auto& e : scores.entries)
            if (auto dot = e.technique.find('.'); dot != std::string::npos) io.matrix.expanded.push_back(e.technique.substr(0, dot));
    }

    const sh::MatrixImage image = sh::build_matrix_image(*cat, scores, io);
    std::string bytes, size;
    if (!args.png) {
        bytes = sh::write_svg(image);
        size = std::to_string(int(image.width)) + " x " + std::to_string(int(image.height));
    } else {
        sh::PngOptions po;
        po.scale = args.scale;
        const sh::PngResult png = sh::write_png(image, po);
        if (!png.ok()) {
            std::fprintf(stderr, "sigma-heatmap png: %s; no image written\n", png.error.c_str());
            return 1;
        }
        bytes.assign(png.data.begin(), png.data.end());
        size = std::to_string(png.width) + " x " + std::to_string(png.height) + " px";
    }
    if (!put_file(cmd, args.output, bytes)) return 1;
    if (!args.quiet)
        std::fprintf(stderr, "sigma-heatmap: %s from %s (ATT&CK %s) -> %s (%s)\n",
                     sh::plural(scores.entries.size(), "scored technique/tactic pair", "scored technique/tactic pairs").c_str(),
                     args.input.c_str(), cat->attack_version.c_str(), args.output.c_str(), size.c_str());
    return 0;
}

}  // namespace cli
