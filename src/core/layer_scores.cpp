// layer_scores.cpp — see layer_scores.hpp.
#include "core/layer_scores.hpp"

#include <algorithm>
#include <map>

#include "core/diagnostics.hpp"
#include "core/report.hpp"

namespace sh {

namespace {
std::string shorten(const std::string& s) { return excerpt(s, 40); }
}  // namespace

ScoreResult layer_to_scores(const Layer& layer, const Catalogue& cat, const std::string& file) {
    ScoreResult out;
    const std::string where = cat.label();
    if (!layer.domain.empty() && !cat.domain.empty() && layer.domain != cat.domain)
        out.diagnostics.push_back(Diagnostic{Severity::Warning, file, 0, 0,
                                             "the layer is for domain " + excerpt(layer.domain) + ", read against " + where});
    if (!layer.attack_version.empty() && !cat.attack_version.empty() && !same_attack_release(layer.attack_version, cat.attack_version))
        out.diagnostics.push_back(Diagnostic{Severity::Info, file, 0, 0,
                                             "the layer was made for ATT&CK " + excerpt(layer.attack_version) + ", read against " +
                                                 where + "; ids that changed are reported below"});

    const Coverage coverage = coverage_from_layer(layer, file, &cat, out.diagnostics);

    // At most limits::kDiagnosticsPerKind warnings of one kind per layer; then one line with the count.
    DiagnosticSink sink(out.diagnostics, file);
    auto note = [&](const char* kind, std::string msg) { sink.warning(0, std::move(msg), kind); };
    // (technique index, tactic index) -> score; std::map gives score_rules' order.
    std::map<std::pair<std::size_t, int>, int> placed;
    // Entries under a tactic their technique does not have in the catalogue: a layer made before
    // ATT&CK 19 (Defense Evasion, split into Stealth and Defense Impairment; T1574 out of
    // Persistence and Privilege Escalation) or a misplaced tactic. Shown under the technique's own
    // tactics where the layer gives no score of its own, as the reports compare them
    // (charted_tactic): they were skipped, and a v17 layer's board lost 126 of its 501 cells.
    std::map<std::pair<std::size_t, int>, int> moved;
    for (const CoverageEntry& e : coverage.entries) {
        const Technique* tech = cat.find(e.technique);
        if (!tech) {
            note("not a technique of the catalogue", shorten(e.technique) + ": not a technique of " + where + "; skipped");
            continue;
        }
        if (tech->revoked) {
            note("revoked with no replacement", shorten(e.technique) + ": revoked in " + where + " with no replacement; skipped");
            continue;
        }
        const std::size_t at = std::size_t(tech - cat.techniques.data());
        const int t = cat.tactic_index(e.tactic);
        if (t < 0 || std::find(tech->tactics.begin(), tech->tactics.end(), e.tactic) == tech->tactics.end()) {
            for (const std::string& own : tech->tactics) {
                const int o = cat.tactic_index(own);
                if (o < 0) continue;
                int& m = moved.try_emplace({at, o}, e.score).first->second;
                m = std::max(m, e.score);
            }
            continue;
        }
        placed[{at, t}] = e.score;
    }
    for (const auto& [key, score] : moved) placed.try_emplace(key, score);  // the layer's own score wins
    sink.finish();
    warn_uncharted_entries(coverage, cat, out.diagnostics, "shown", false);

    out.entries.reserve(placed.size());
    for (const auto& [key, score] : placed) {
        TechniqueScore e;
        e.technique = cat.techniques[key.first].id;
        e.tactic = cat.tactics[std::size_t(key.second)].shortname;
        e.score = score;
        out.entries.push_back(std::move(e));
    }
    return out;
}

std::string kpi_threshold_note(const Layer& layer, int threshold, const std::string& how) {
    int top = layer.gradient_max;
    for (const auto& t : layer.techniques)
        if (t.score) top = std::max(top, *t.score);
    if (top <= 0 || threshold <= top) return "";
    return "the layer's scores go up to " + std::to_string(top) + ", below the KPI threshold " + std::to_string(threshold) +
           ": no technique counts as covered well and every one is a gap; " + how + " on the layer's scale (e.g. " +
           std::to_string(threshold_on_scale(threshold, top)) + ")";
}

}  // namespace sh
