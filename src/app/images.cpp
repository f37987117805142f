// images.cpp — the page's side of issue 5: heat-map images (SVG, PNG) made by the core from the
// layer the page downloads, exactly as `sigma-heatmap svg|png LAYER.json` makes them for the same
// view options; share links (#s=...) encoded and opened with the core codec; a Navigator layer
// opened as the heat-map. Scores from a layer or a link replace the rules' scores until rules
// are loaded again (app.cpp: update, enqueue_files).
#include <algorithm>
#include <ctime>

#include "app/app.hpp"
#include "app/app_internal.hpp"
#include "core/layer_scores.hpp"
#include "core/render/image.hpp"
#include "core/render/png.hpp"
#include "core/render/svg.hpp"
#include "core/share.hpp"

namespace app {

namespace {

// The layer's palette as the page's palette setting: a preset, or custom with every stop.
void palette_from_colours(AppState& s, const std::vector<std::string>& given) {
    std::vector<std::string> colours;  // the usable ones, as make_gradient takes them
    for (const auto& c : given)
        if (sh::parse_hex_colour(c)) colours.push_back(c);
    auto same = [&](const std::vector<std::string>& p) {
        if (p.size() != colours.size()) return false;
        for (std::size_t i = 0; i < p.size(); ++i)
            if (sh::parse_hex_colour(p[i]) != sh::parse_hex_colour(colours[i])) return false;
        return true;
    };
    LayerSettings& st = s.settings;
    if (colours.empty() || same(sh::kPaletteRedYellowGreen)) {
        st.palette = Palette::RedYellowGreen;
    } else if (same(sh::kPaletteColourBlind)) {
        st.palette = Palette::ColourBlind;
    } else {
        st.palette = Palette::Custom;
        auto set = [](std::array<float, 3>& out, const std::string& hex) {
            if (auto c = sh::parse_hex_colour(hex)) out = {c->r / 255.0f, c->g / 255.0f, c->b / 255.0f};
        };
        set(st.custom_min, colours.front());
        set(st.custom_max, colours.back());
        st.custom_between.clear();
        for (std::size_t i = 1; i + 1 < colours.size(); ++i) set(st.custom_between.emplace_back(), colours[i]);
    }
}

void show_imported(AppState& s, sh::ScoreResult scores, const std::string& file, ScoreSource source) {
    s.imported = std::move(scores);
    s.imported_file = file;
    s.imported_comments.clear();
    s.imported_paints.clear();
    s.imported_legend.clear();
    s.imported_scale = 1;
    s.source = source;
    s.matrix.selected_id.clear();
    s.matrix.selected_tactic.clear();
    s.scores_dirty = s.model_dirty = s.layer_dirty = true;
    s.reports.dirty = true;
}

}  // namespace

std::string image_date(const AppState& s) {
    if (!s.image_date.empty()) return s.image_date;
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

namespace {

// As cmd_image.cpp: the layer's title, gradient, rule count and caption, then the view options.
bool build_image(AppState& s, sh::MatrixImage& out, std::string& error) {
    sh::Layer layer;
    sh::Diagnostics diags;
    if (!sh::read_layer(layer_json(s), download_file_name(s), layer, diags)) {
        error = "the layer could not be read back";
        return false;
    }
    const sh::ScoreResult scores = sh::layer_to_scores(layer, *s.catalogue, download_file_name(s));
    const sh::ImageOptions from_layer = sh::image_options_for_layer(layer);
    sh::ImageOptions io;
    io.matrix = s.matrix.options;
    io.matrix.search.clear();
    io.layout = s.matrix.layout;
    io.show_ids = s.matrix.show_ids;
    io.show_names = s.matrix.show_names;
    io.show_scores = s.matrix.show_scores;
    io.title = from_layer.title;
    io.rules = from_layer.rules;
    io.score_label = from_layer.score_label;
    io.custom_range = true;
    io.date = image_date(s);
    const int lo = int(from_layer.gradient.min);
    int hi = int(from_layer.gradient.max);
    if (hi <= lo) hi = lo + 1;
    io.gradient = sh::make_gradient(layer.gradient_colors, lo, hi);
    io.paints = shown_paints(s);  // an opened layer's, drawn as `svg` draws its file
    io.legend_items = from_layer.legend_items;
    out = sh::build_matrix_image(*s.catalogue, scores, io);
    return true;
}

}  // namespace

std::string heatmap_svg(AppState& s) {
    sh::MatrixImage image;
    std::string error;
    if (!build_image(s, image, error)) return "";
    return sh::write_svg(image);
}

std::vector<uint8_t> heatmap_png(AppState& s, std::string& error) {
    sh::MatrixImage image;
    if (!build_image(s, image, error)) return {};
    sh::PngOptions po;
    po.scale = float(std::clamp(s.png_scale, 1, 3));  // as `sigma-heatmap png --scale N`
    const sh::PngResult png = sh::write_png(image, po);
    if (!png.ok()) {
        error = png.error;
        return {};
    }
    return png.data;
}

std::string share_fragment(AppState& s) {
    update(s);
    sh::ShareLink link;
    link.name = s.settings.name;
    link.colours = palette_colours(s);
    const sh::ScoreRange range = sh::layer_score_range(s.scores, layer_options(s));
    link.custom_range = s.settings.custom_range;
    link.min_score = range.min;
    link.max_score = range.max;
    link.entries = s.scores.entries;
    for (auto& e : link.entries) e.rules.clear();
    link.threats = s.threats.ids;  // the selection and the platform filter travel too (format 2;
    link.platforms = s.matrix.platforms;  // neither: format 1 as before)
    return sh::encode_share_link(link, *s.catalogue);
}

std::string open_share_link(AppState& s, std::string_view fragment) {
    sh::ShareLink link;
    std::string error;
    if (!s.catalogue) return "no ATT&CK catalogue in this build";
    sh::ShareHeader header;
    if (!sh::read_share_header(fragment, header, error)) return error;
    const sh::Catalogue* before = s.catalogue;
    if (header.attack_version != s.catalogue->attack_version) {
        const sh::Catalogue* other = sh::embedded_catalogue(header.attack_version);
        if (!other) return "the link is for ATT&CK " + header.attack_version.substr(0, 16) + ", which this page does not have";
        use_catalogue(s, *other);
    }
    if (!sh::decode_share_link(fragment, *s.catalogue, link, error)) {
        use_catalogue(s, *before);  // what was shown stays, against its own release
        return error;
    }
    forget_imported_diagnostics(s);
    forget_imported_description(s);
    s.settings.name = link.name;
    palette_from_colours(s, link.colours);
    s.settings.custom_range = link.custom_range;
    s.settings.range_min = link.min_score;
    s.settings.range_max = link.max_score;
    show_imported(s, sh::share_link_scores(link), "share link", ScoreSource::Share);
    s.imported_score_label = "Score";  // a link carries scores, not how they were made
    // The sender's threat selection, as far as this catalogue knows the ids.
    s.threats.ids.clear();
    std::string unknown;
    for (const auto& id : link.threats) {
        if (s.catalogue->find_threat(id)) s.threats.ids.push_back(id);
        else unknown += (unknown.empty() ? "" : ", ") + id;
    }
    s.threat_view.dirty = true;
    if (!unknown.empty())
        post_message(s, MessageKind::Error, "The share link selects threats this page's ATT&CK " + s.catalogue->attack_version +
                                                " does not know: " + unknown);
    // The sender's platform filter (the board's counts and the matrix follow it), as far as this
    // catalogue has the platforms; one it does not have is said, not silently widened to all.
    s.matrix.platforms = link.platforms;
    s.model_dirty = true;
    if (!link.unknown_platforms.empty()) {
        std::string names;
        for (const auto& p : link.unknown_platforms) names += (names.empty() ? "" : ", ") + p;
        post_message(s, MessageKind::Error, "The share link filters on platforms this page's ATT&CK " + s.catalogue->attack_version +
                                                " does not have: " + names + (link.platforms.empty() ? "; all platforms are shown" : ""));
    }
    s.imported_text = std::string(fragment);
    s.read_only = true;
    ++s.inputs_revision;
    s.view = MainView::Board;
    s.switch_view = true;
    s.status.clear();
    return "";
}

void start_editing(AppState& s) {
    s.read_only = false;
    ++s.inputs_revision;
    s.status = "Editing: load rules to replace the shared heat-map, or change its name, palette and range";
}

void forget_imported_description(AppState& s) {
    if (s.source == ScoreSource::Layer && s.settings.description == s.imported_style.description)
        s.settings.description.clear();
}

std::string view_layer(AppState& s, const InputFile& f) {
    sh::Layer layer;
    sh::Diagnostics diags;
    if (!s.catalogue || !sh::read_layer(f.text, f.name, layer, diags)) {
        for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
        return f.name + ": not an ATT&CK Navigator layer";
    }
    forget_imported_diagnostics(s);  // of the layer shown before
    // Against the layer's own release when the page has it, else the page's, as `svg` draws the file.
    const sh::Catalogue* own = sh::embedded_catalogue(layer.attack_version);
    use_catalogue(s, own ? *own : *s.home_catalogue);
    sh::ScoreResult scores = sh::layer_to_scores(layer, *s.catalogue, f.name);
    for (auto& d : diags) s.report_diagnostics.push_back(std::move(d));
    for (const auto& d : scores.diagnostics) s.report_diagnostics.push_back(d);
    scores.diagnostics.clear();
    // Its name and description, shown and edited in the Layer tab (none: none, as its picture has
    // none; the download's file name is then the default one).
    s.settings.name = layer.name;
    s.settings.description = layer.description;
    palette_from_colours(s, layer.gradient_colors);
    s.settings.custom_range = true;
    // Its platform filter, as the Navigator (and `svg`) show the file.
    sh::Diagnostics platform_diags;
    const std::vector<std::string> platforms = sh::layer_platforms(layer, *s.catalogue, f.name, &platform_diags);
    for (auto& d : platform_diags) s.report_diagnostics.push_back(std::move(d));
    s.matrix.platforms = platforms;
    s.model_dirty = true;
    const sh::ScoreRange range = sh::layer_gradient_range(layer);  // as `svg` draws the file
    s.settings.range_min = range.min;
    s.settings.range_max = range.max;
    show_imported(s, std::move(scores), f.name, ScoreSource::Layer);
    s.imported_text = f.text;
    s.imported_scale = layer.score_scale;
    s.imported_paints = sh::layer_cell_paints(layer);  // as `svg` draws the file
    s.imported_style = layer_options(s);               // "Download layer": the file, as changed since
    sh::ImageOptions drawn = sh::image_options_for_layer(layer);  // the caption and items its picture has
    s.imported_score_label = drawn.score_label;
    s.imported_legend = std::move(drawn.legend_items);
    // What the layer says about each entry (our layers: the titles of the rules behind it).
    for (const auto& t : layer.techniques)
        if (!t.comment.empty()) {
            std::string& c = s.imported_comments[t.technique + '\0' + t.tactic];
            if (c.empty()) c = t.comment.substr(0, 4096);
        }
    s.read_only = false;
    ++s.inputs_revision;
    s.view = MainView::Matrix;
    s.switch_view = true;
    s.status = "Showing the layer " + f.name;
    if (!platforms.empty()) s.status += sh::on_platform_words(platforms) + ", as its platform filter says";
    if (const std::string note = sh::kpi_threshold_note(layer, s.report.kpi_threshold, "set Reports > KPI threshold"); !note.empty())
        s.status += ". Note: " + note + ".";
    return "";
}

}  // namespace app
