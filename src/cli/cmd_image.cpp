// cmd_image.cpp — `sigma-heatmap svg|png LAYER.json -o OUT`: a heat-map image of any Navigator
// layer (ours or another producer's), drawn by the core's image writers exactly as the page lays
// the matrix out.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <optional>
#include <string>

#include "commands.hpp"
#include "options.hpp"
#include "core/layer.hpp"
#include "core/layer_scores.hpp"
#include "core/render/image.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "io.hpp"

namespace cli {

namespace {

enum class Format { Svg, Png };

const char* kImageHelp =
    "Usage: sigma-heatmap svg|png [options] LAYER.json -o OUT\n"
    "\n"
    "Draws an ATT&CK Navigator layer (v4.x, from sigma-heatmap or any other producer) as a heat-map\n"
    "image: tactic columns, technique cells coloured by score, legend, title, date and a KPI line.\n"
    "svg writes SVG 1.1 (text as text, DejaVu Sans); png rasterises it with the embedded font.\n"
    "\n"
    "Options:\n"
    "  -o, --output FILE        where to write the image ('-' for stdout) [required]\n"
    "  --scale N                png only: pixels per layout pixel, 0.25 .. 8 (default 1; 2 for HiDPI)\n"
    "  --expand none|all|annotated\n"
    "                           sub-techniques: collapsed into their parent (default, as the page\n"
    "                           opens), all shown, or shown where a sub-technique has a score\n"
    "  --layout side|mini       cells with names (default) or small squares, as on the page\n"
    "  --palette layer|default|colour-blind\n"
    "                           gradient colours: the layer's own (default), red-yellow-green, or\n"
    "                           blue-yellow-black\n"
    "  --min-score N, --max-score N\n"
    "                           the score range (default: the layer's gradient)\n"
    "  --aggregate max|avg|min|sum\n"
    "                           a parent cell's score from its own and its sub-techniques' (default max)\n"
    "  --platform NAME          only techniques for this platform (repeatable)\n"
    "  --hide-uncovered         leave out cells without a score\n"
    "  --scores                 print each cell's score; --no-ids, --no-names hide those\n"
    "  --title TEXT             heading (default: the layer's name)\n"
    "  --date TEXT              date under the heading (default: today, YYYY-MM-DD; '' for none)\n"
    "  --attack-data PATH       ATT&CK data instead of the embedded catalogue for the layer's version\n"
    "                           (STIX bundle, MISP galaxy folder or catalogue file; repeatable)\n"
    "  --attack-version V       ATT&CK version of --attack-data when the data does not say it\n"
    "  --domain DOMAIN          ATT&CK domain of --attack-data (default enterprise-attack)\n"
    "  -q, --quiet              only errors; -v, --verbose: also informational diagnostics\n"
    "\n"
    "Exit status: 0 when the image was written, 1 when the layer could not be read or the image not\n"
    "made, 2 for usage errors.\n";

int usage_error(const char* cmd, const std::string& msg) {
    std::fprintf(stderr, "sigma-heatmap %s: %s\n(see sigma-heatmap %s --help)\n", cmd, msg.c_str(), cmd);
    return 2;
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

int run_image(const Args& args, Format format) {
    const char* cmd = format == Format::Svg ? "svg" : "png";
    sh::ImageOptions io;
    std::string input, output, palette = "layer", expand = "none", attack_version, domain, title, date = today();
    std::vector<std::string> attack_data;
    std::optional<int> min_score, max_score;
    float scale = 1;
    bool scale_given = false, title_given = false, quiet = false, verbose = false;

    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&](std::string& dst) { return next_value(args, i, dst); };
        std::string v;
        if (a == "-h" || a == "--help") {
            std::fputs(kImageHelp, stdout);
            return 0;
        } else if (a == "-o" || a == "--output") {
            if (!value(output)) return usage_error(cmd, "-o needs a file name");
        } else if (a == "--scale") {
            char* end = nullptr;
            if (!value(v)) return usage_error(cmd, "--scale needs a number");
            scale = std::strtof(v.c_str(), &end);
            if (v.empty() || *end || !(scale >= 0.25f && scale <= 8.0f))
                return usage_error(cmd, "--scale takes a number from 0.25 to 8");
            scale_given = true;
        } else if (a == "--expand") {
            if (!value(expand) || (expand != "none" && expand != "all" && expand != "annotated"))
                return usage_error(cmd, "--expand takes none, all or annotated");
        } else if (a == "--layout") {
            if (!value(v) || (v != "side" && v != "mini")) return usage_error(cmd, "--layout takes side or mini");
            io.layout = v == "side" ? sh::MatrixLayout::Side : sh::MatrixLayout::Mini;
        } else if (a == "--palette") {
            if (!value(palette)) return usage_error(cmd, "--palette needs a name");
            if (palette == "color-blind" || palette == "colourblind" || palette == "colorblind") palette = "colour-blind";
            if (palette != "layer" && palette != "default" && palette != "colour-blind")
                return usage_error(cmd, "--palette takes layer, default or colour-blind");
        } else if (a == "--min-score" || a == "--max-score") {
            int n = 0;
            if (!value(v) || !parse_int(v, n)) return usage_error(cmd, a + " needs a whole number");
            (a == "--min-score" ? min_score : max_score) = n;
        } else if (a == "--aggregate") {
            if (!value(v) || !sh::parse_aggregate(v)) return usage_error(cmd, "--aggregate takes max, avg, min or sum");
            io.matrix.aggregate = *sh::parse_aggregate(v);
        } else if (a == "--platform") {
            if (!value(v)) return usage_error(cmd, "--platform needs a name");
            io.matrix.platforms.push_back(v);
        } else if (a == "--hide-uncovered") {
            io.matrix.hide_uncovered = true;
        } else if (a == "--scores") {
            io.show_scores = true;
        } else if (a == "--no-ids") {
            io.show_ids = false;
        } else if (a == "--no-names") {
            io.show_names = false;
        } else if (a == "--title") {
            if (!value(title)) return usage_error(cmd, "--title needs a text");
            title_given = true;
        } else if (a == "--date") {
            if (!value(date)) return usage_error(cmd, "--date needs a text ('' for none)");
        } else if (a == "--attack-data") {
            if (!value(v)) return usage_error(cmd, "--attack-data needs a path");
            attack_data.push_back(v);
        } else if (a == "--attack-version") {
            if (!value(attack_version)) return usage_error(cmd, "--attack-version needs a version");
        } else if (a == "--domain") {
            if (!value(domain)) return usage_error(cmd, "--domain needs a domain");
        } else if (a == "-q" || a == "--quiet") {
            quiet = true;
        } else if (a == "-v" || a == "--verbose") {
            verbose = true;
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            return usage_error(cmd, "unknown option " + a);
        } else if (input.empty()) {
            input = a;
        } else {
            return usage_error(cmd, "one layer at a time (got " + input + " and " + a + ")");
        }
    }
    if (input.empty()) return usage_error(cmd, "no layer file given");
    if (output.empty()) return usage_error(cmd, std::string("no output file given (-o OUT.") + cmd + ")");
    if (scale_given && format == Format::Svg) return usage_error(cmd, "--scale applies to png only (SVG is vector)");
    if (min_score && max_score && *max_score <= *min_score)
        return usage_error(cmd, "--max-score must be greater than --min-score");

    sh::Diagnostics diags;
    auto report = [&] {
        if (quiet) {
            sh::Diagnostics errors;
            for (const auto& d : diags)
                if (d.severity == sh::Severity::Error) errors.push_back(d);
            print_diagnostics(errors, false);
        } else {
            print_diagnostics(diags, verbose);
        }
    };
    const auto text = read_file(input, diags);
    sh::Layer layer;
    if (!text || !sh::read_layer(*text, input, layer, diags)) {
        report();
        std::fprintf(stderr, "sigma-heatmap %s: cannot read the layer %s; no image written\n", cmd, input.c_str());
        return 1;
    }

    // The catalogue: --attack-data, else the embedded one for the layer's ATT&CK version, else v19.
    sh::Catalogue loaded;
    const sh::Catalogue* cat = &sh::default_catalogue();
    if (!attack_data.empty()) {
        const bool ok = load_attack_data(attack_data, attack_version, domain, loaded, diags);
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

    const sh::ScoreResult scores = sh::layer_to_scores(layer, *cat, input);
    diags.insert(diags.end(), scores.diagnostics.begin(), scores.diagnostics.end());
    report();

    // The layer's own title, gradient, rule count and score caption; then what the options change.
    const sh::ImageOptions from_layer = sh::image_options_for_layer(layer);
    io.title = title_given ? title : from_layer.title;
    io.rules = from_layer.rules;
    io.score_label = from_layer.score_label;
    io.custom_range = true;
    io.date = date;
    const std::vector<std::string> colours = palette == "default"        ? sh::kPaletteRedYellowGreen
                                             : palette == "colour-blind" ? sh::kPaletteColourBlind
                                                                         : layer.gradient_colors;
    const int lo = min_score.value_or(int(from_layer.gradient.min));
    int hi = max_score.value_or(int(from_layer.gradient.max));
    if (hi <= lo) hi = lo + 1;
    io.gradient = sh::make_gradient(colours, lo, hi);
    if (expand == "all") {
        io.matrix.expand_all = true;
    } else if (expand == "annotated") {
        for (const auto& e : scores.entries)
            if (auto dot = e.technique.find('.'); dot != std::string::npos) io.matrix.expanded.push_back(e.technique.substr(0, dot));
    }

    const sh::MatrixImage image = sh::build_matrix_image(*cat, scores, io);
    std::string bytes, size;
    if (format == Format::Svg) {
        bytes = sh::write_svg(image);
        size = std::to_string(int(image.width)) + " x " + std::to_string(int(image.height));
    } else {
        sh::PngOptions po;
        po.scale = scale;
        const sh::PngResult png = sh::write_png(image, po);
        if (!png.ok()) {
            std::fprintf(stderr, "sigma-heatmap png: %s; no image written\n", png.error.c_str());
            return 1;
        }
        bytes.assign(png.data.begin(), png.data.end());
        size = std::to_string(png.width) + " x " + std::to_string(png.height) + " px";
    }
    if (!write_file(output, bytes)) {
        std::fprintf(stderr, "sigma-heatmap %s: cannot write %s\n", cmd, output.c_str());
        return 1;
    }
    if (!quiet)
        std::fprintf(stderr, "sigma-heatmap: %zu scored technique/tactic pairs from %s (ATT&CK %s) -> %s (%s)\n",
                     scores.entries.size(), input.c_str(), cat->attack_version.c_str(), output.c_str(), size.c_str());
    return 0;
}

}  // namespace

int cmd_svg(const Args& args) { return run_image(args, Format::Svg); }
int cmd_png(const Args& args) { return run_image(args, Format::Png); }

}  // namespace cli
