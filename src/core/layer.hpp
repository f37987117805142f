// layer.hpp — ATT&CK Navigator layer format 4.5: writing our layers, reading anyone's (v4.x).
// The writer is deterministic (sorted entries, fixed key order, 2-space indent) so weekly layers
// diff cleanly; the reader never throws and accepts other producers' quirks.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "catalogue.hpp"
#include "result.hpp"
#include "rules.hpp"
#include "scoring.hpp"

namespace sh {

struct LayerOptions {
    std::string name;         // "" -> default_layer_name(today)
    std::string description;  // "" -> generated from the profile and counts
    std::optional<int> min_score;  // gradient.minValue (default 0)
    std::optional<int> max_score;  // gradient.maxValue (default: highest score in the layer)
    std::vector<std::string> colors;  // gradient colours (default red -> yellow -> green)
    std::vector<std::string> platforms;  // filters.platforms ("" -> the catalogue's)
    // The scores have no rules behind them that we know of (a share link carries scores only): the
    // description, legend and metadata then say neither a rule count nor a score profile.
    bool rules_unknown = false;
};

// Palettes shared by the layer, the page and the image writers.
extern const std::vector<std::string> kPaletteRedYellowGreen;
extern const std::vector<std::string> kPaletteColourBlind;  // blue -> yellow -> black

// What a profile's score means, as the layer's description says it: "best rule level per technique
// (informational 10, low 30, medium 50, high 80, critical 100)".
const char* profile_description(ScoreProfile p);
// Its first words, what the legends of the page and the pictures say: "best rule level".
std::string profile_meaning(ScoreProfile p);
// The legend's caption for rules scored by the profile: "Score: best rule level".
std::string profile_caption(ScoreProfile p);

// "170 techniques and 235 sub-techniques covered (ATT&CK 19)"; with platforms (a filter), also
// what is covered on them: "..., on Linux: 62 techniques and 41 sub-techniques". The layer's
// description and the CLI's summary line say it so (extra: more inside the parentheses).
std::string covered_words(const ScoreResult& scores, const Catalogue& cat, const std::vector<std::string>& platforms,
                          const std::string& extra = "");
std::string default_layer_name(int year, int month);  // coverage_q4_2026
std::string default_layer_name_today();

std::string write_layer(const ScoreResult& scores, const std::vector<Rule>& rules, const Catalogue& cat,
                        const ScoreOptions& sopt, const LayerOptions& lopt);

// A layer as read back, from us or any other producer.
struct LayerTechnique {
    std::string technique;        // upper-case id
    std::string tactic;           // "" when the producer gave none
    std::optional<int> score;     // absent when the producer gave none (colour-only entries)
    std::string color;
    std::string comment;
    bool enabled = true;
};

// One of a layer's legendItems: a label and its colour ("#rrggbb", as the file has it).
struct LegendItem {
    std::string label, color;
};

struct Layer {
    std::string name, description, domain;
    std::string attack_version, layer_version;
    std::vector<LayerTechnique> techniques;  // in file order, duplicates kept
    std::vector<std::string> platforms;      // filters.platforms as the file names them (at most 64)
    int gradient_min = 0, gradient_max = 100;
    // 100 when the layer scores as fractions (a gradient within -1..1 and decimals): its scores and
    // gradient above are percentages of the file's numbers; 1 otherwise (read_layer).
    int score_scale = 1;
    std::vector<std::string> gradient_colors;
    // Layer-level metadata of text values ({"name": "date", "value": "2026-09-28"}), at most 100.
    std::vector<std::pair<std::string, std::string>> metadata;
    // legendItems with a text label and colour, in file order, at most 64 (others skipped).
    std::vector<LegendItem> legend_items;
};

// Never throws. Refuses (false, an Error) text that is not a layer, larger than limits::kLayerBytes,
// or holding a raw NUL byte (JSON parsers stop there and would ignore the rest). A NUL inside a
// string (\u0000) skips the entry when it is in an id or tactic, else is kept visibly as "\u0000";
// both are warnings. Scores outside ±limits::kMaxAbsScore or not numbers are warnings and the
// entry has no score. Scores are whole numbers: a layer scored as fractions (gradient within -1..1,
// with decimals) is read as percentages (score_scale 100, one warning); elsewhere a number with
// decimals is rounded, a score other than 0 to one other than 0 (a warning each). Diagnostics are
// capped per kind (DiagnosticSink).
bool read_layer(std::string_view json_text, const std::string& file, Layer& out, Diagnostics& diags);

// The platforms a layer's filter shows, as the Navigator reads it: older layers' names mapped as it
// maps them ("windows" -> "Windows", "mac" -> "macOS", "AWS"/"GCP"/"Azure" -> "IaaS"), then the
// catalogue's spelling (sorted); a name the catalogue does not have is left out, with a warning into
// diags (when given) naming `file`. Empty, meaning no filter, when the layer lists none or every
// platform of the catalogue (as our layers and the Navigator's write an unfiltered matrix).
std::vector<std::string> layer_platforms(const Layer& layer, const Catalogue& cat, const std::string& file,
                                         Diagnostics* diags = nullptr);

// What a layer says of itself when write_layer wrote it: known by its metadata ("generator":
// "sigma-heatmap", "rules", "score profile"), or for a layer without them, by the description our
// writer generates. Another producer's layer is not ours: rules -1, score_meaning "".
struct OwnLayerFacts {
    bool ours = false;
    int rules = -1;             // how many rules were scored; -1 unknown (a share link's layer)
    std::string score_meaning;  // "best rule level": what the profile's score measures
};
OwnLayerFacts own_layer_facts(const Layer& layer);
// One of the legend labels write_layer gives the gradient for the Navigator, which draws no
// gradient bar: "best rule high (80)", "score 100", "count 12".
bool generated_legend_label(std::string_view label);

// What a user changed on a layer someone else wrote (the page's name, description, palette and
// range); what is unset stays as the file has it.
struct LayerRestyle {
    std::optional<std::string> name, description;
    struct Gradient {
        std::vector<std::string> colors;
        int min_value = 0, max_value = 100;
        int scale = 1;  // the layer's score_scale: written divided by it (0..100 as 0..1 for a layer of fractions)
    };
    std::optional<Gradient> gradient;  // replaces the whole "gradient" object
};

// The layer text (one read_layer accepted) with those top-level values replaced, or added when the
// file has none, and every other byte as it was: entries, legend, metadata, links, layout and keys
// we do not know travel untouched. With nothing set it is the text itself. In a list of layers,
// the first is changed. One pass, no tree: linear in the text.
std::string restyle_layer(std::string_view json_text, const LayerRestyle& r);

}  // namespace sh
