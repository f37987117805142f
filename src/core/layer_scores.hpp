// layer_scores.hpp — any Navigator layer (ours or another producer's, as read by read_layer) as a
// ScoreResult on a catalogue, so it can be viewed, rendered or shared like our own scores.
// The layer is read with the reports' rules (coverage_from_layer in report.hpp: colour-only
// entries skipped, duplicates keep the highest score, no `tactic` = every tactic of the technique,
// revoked ids moved to their replacement, disabled entries kept), so an image, a share link and a
// diff of the same layer agree. Then what the matrix can show: an entry whose technique the
// catalogue lacks is skipped; one under a tactic its technique does not have there (a layer made
// before ATT&CK 19) is shown under the technique's own tactics, where the layer gives no score of
// its own. Each is a warning (at most 20 of a kind, then a count; warn_uncharted_entries' words).
#pragma once
#include <string>

#include "core/catalogue.hpp"
#include "core/layer.hpp"
#include "core/scoring.hpp"

namespace sh {

// The result has no rules (entries' rule lists are empty, rules_* are 0); entries are sorted by
// technique id, then tactic in matrix order, exactly like score_rules(). Diagnostics (also those
// of the reading rules above) are in the result's diagnostics.
ScoreResult layer_to_scores(const Layer& layer, const Catalogue& cat, const std::string& file);

// A layer on another scale than the threshold (a 0..5 layer against the default 80): when neither
// its highest score nor its gradient's top reaches the KPI threshold, the reports would count no
// technique as covered well and every one as a gap. Then a note that says so and names a
// threshold on the layer's scale (threshold_on_scale in report.hpp: 80 -> 4 of 5), with `how`
// (the option or setting to change it); otherwise "".
std::string kpi_threshold_note(const Layer& layer, int threshold, const std::string& how);

}  // namespace sh
