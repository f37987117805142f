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
        const int t = cat.tactic_index(e.tactic);
        if (t < 0 || std::find(tech->tactics.begin(), tech->tactics.end(), e.tactic) == tech->tactics.end()) {
            note("tactic not of the technique", shorten(e.technique) + ": tactic '" + shorten(e.tactic) + "' is not a tactic of " + shorten(e.technique) +
                               " in " + where + "; skipped");
            continue;
        }
        placed[{std::size_t(tech - cat.techniques.data()), t}] = e.score;
    }
    sink.finish();

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
