// app_threats.cpp — the page's threat selection (issue 11): choosing groups, campaigns and software
// by id, name or alias, the picker's search results, and ThreatView — the selection's coverage, the
// per-technique use the matrix marks and the "only techniques they use" filter — all computed by
// core/threats.hpp exactly as `sigma-heatmap layer --threat ... --report` computes them.
#include <algorithm>

#include "app/app.hpp"
#include "app/app_internal.hpp"

namespace app {

sh::ThreatOptions threat_options(const AppState& s) {
    // As the CLI's: --kpi-threshold, --platform (the matrix's), --top, --weights.
    sh::ThreatOptions o;
    o.threshold = s.report.kpi_threshold;
    o.platforms = s.matrix.platforms;
    o.top = std::size_t(std::max(0, s.report.top));
    o.weights = s.report.weights;
    return o;
}

std::string select_threat(AppState& s, std::string_view query) {
    if (!s.catalogue) return "no ATT&CK catalogue";
    const sh::ThreatResolution r = sh::resolve_threat(*s.catalogue, query);
    if (!r.threat) return r.error;
    auto& ids = s.threats.ids;
    if (std::find(ids.begin(), ids.end(), r.threat->id) != ids.end()) return "";
    ids.push_back(r.threat->id);
    s.threat_view.dirty = true;
    s.status = "Threat selected: " + sh::threat_label(*r.threat) + (r.note.empty() ? "" : " (" + r.note + ")");
    return "";
}

void deselect_threat(AppState& s, std::string_view id) {
    auto& ids = s.threats.ids;
    const auto it = std::find(ids.begin(), ids.end(), id);
    if (it == ids.end()) return;
    ids.erase(it);
    s.threat_view.dirty = true;
}

void clear_threats(AppState& s) {
    if (s.threats.ids.empty()) return;
    s.threats.ids.clear();
    s.threat_view.dirty = true;
}

void update_threats(AppState& s) {
    if (!s.catalogue) return;
    ThreatView& v = s.threat_view;
    const std::string key = s.threats.query + (s.threats.include_inactive ? "\n+" : "\n") + s.catalogue->attack_version;
    if (key != v.matches_for) {
        v.matches = sh::search_threats(*s.catalogue, s.threats.query, s.threats.include_inactive, 300);
        v.matches_for = key;
    }
    if (v.dirty) {
        v.selected.clear();
        for (const auto& id : s.threats.ids)
            if (const sh::Threat* t = s.catalogue->find_threat(id)) v.selected.push_back(t);
        v.coverage = sh::compute_threat_coverage(sh::coverage_from_scores(s.scores, s.settings.name), *s.catalogue,
                                                 v.selected, threat_options(s));
        v.use.clear();
        v.techniques.clear();
        for (const auto& u : v.coverage.techniques) v.techniques.push_back(u.technique);
        // Every technique the matrix may show: its own users, or a parent's with its sub-techniques'.
        for (const auto& u : v.coverage.techniques) {
            const sh::Technique* t = s.catalogue->find(u.technique);
            for (const std::string& id : {u.technique, t && t->is_subtechnique() ? t->parent : std::string()})
                if (!id.empty() && !v.use.count(id)) {
                    const bool parent = id != u.technique || !(t && t->is_subtechnique());
                    v.use[id] = sh::threat_use(v.coverage, *s.catalogue, id, parent);
                }
        }
        v.dirty = false;
        s.reports.dirty = true;
        s.cache.valid = false;  // used cells keep room for their badge
    }
    // The matrix filter follows the selection.
    sh::MatrixOptions& o = s.matrix.options;
    const bool only = s.threats.only_used && !s.threats.ids.empty();
    if (o.only_listed != only || (only && o.listed != v.techniques)) {
        o.only_listed = only;
        o.listed = only ? v.techniques : std::vector<std::string>{};
        s.model_dirty = true;
    }
}

}  // namespace app
