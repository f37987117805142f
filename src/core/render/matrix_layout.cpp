// render/matrix_layout.cpp — see matrix_layout.hpp.
#include "core/render/matrix_layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

namespace sh {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

bool less_by_name(const Technique& a, const Technique& b) {
    std::string la = lower(a.name), lb = lower(b.name);
    if (la != lb) return la < lb;
    return a.id < b.id;
}

bool has_tactic(const Technique& t, const std::string& tactic) {
    return std::find(t.tactics.begin(), t.tactics.end(), tactic) != t.tactics.end();
}

std::string entry_key(std::string_view technique, std::string_view tactic) {
    std::string k(technique);
    k += '\0';
    k += tactic;
    return k;
}

double aggregate(Aggregate a, const std::vector<double>& v) {
    if (v.empty()) return 0;
    switch (a) {
        case Aggregate::Max: return *std::max_element(v.begin(), v.end());
        case Aggregate::Min: return *std::min_element(v.begin(), v.end());
        case Aggregate::Sum: {
            double s = 0;
            for (double x : v) s += x;
            return s;
        }
        case Aggregate::Avg: {
            double s = 0;
            for (double x : v) s += x;
            return s / double(v.size());
        }
    }
    return 0;
}

}  // namespace

const char* aggregate_name(Aggregate a) {
    switch (a) {
        case Aggregate::Max: return "max";
        case Aggregate::Avg: return "avg";
        case Aggregate::Min: return "min";
        case Aggregate::Sum: return "sum";
    }
    return "max";
}

std::optional<Aggregate> parse_aggregate(std::string_view s) {
    std::string l = lower(s);
    if (l == "max") return Aggregate::Max;
    if (l == "avg" || l == "average") return Aggregate::Avg;
    if (l == "min") return Aggregate::Min;
    if (l == "sum") return Aggregate::Sum;
    return std::nullopt;
}

MatrixModel build_matrix(const Catalogue& cat, const ScoreResult& scores, const MatrixOptions& options) {
    MatrixModel model;
    std::unordered_map<std::string, int> entry_by_key;
    entry_by_key.reserve(scores.entries.size() * 2);
    for (std::size_t i = 0; i < scores.entries.size(); ++i)
        entry_by_key.emplace(entry_key(scores.entries[i].technique, scores.entries[i].tactic), int(i));
    auto find_entry = [&](const std::string& technique, const std::string& tactic) {
        auto it = entry_by_key.find(entry_key(technique, tactic));
        return it == entry_by_key.end() ? -1 : it->second;
    };

    // Parents and their sub-techniques (current ones only), both sorted by name like Navigator.
    std::vector<std::size_t> parents;
    std::unordered_map<std::string, std::vector<std::size_t>> subs_of;
    for (std::size_t i = 0; i < cat.techniques.size(); ++i) {
        const Technique& t = cat.techniques[i];
        if (t.deprecated || t.revoked || !on_platforms(t, options.platforms)) continue;
        if (t.is_subtechnique())
            subs_of[t.parent].push_back(i);
        else
            parents.push_back(i);
    }
    auto by_name = [&](std::size_t a, std::size_t b) { return less_by_name(cat.techniques[a], cat.techniques[b]); };
    std::sort(parents.begin(), parents.end(), by_name);
    for (auto& kv : subs_of) std::sort(kv.second.begin(), kv.second.end(), by_name);

    const std::string needle = lower(options.search);
    auto matches = [&](const Technique& t) {
        return !needle.empty() && (lower(t.id).find(needle) != std::string::npos ||
                                   lower(t.name).find(needle) != std::string::npos);
    };
    std::set<std::string> expanded(options.expanded.begin(), options.expanded.end());
    std::set<std::string> counted_matches;
    const std::set<std::string> listed(options.listed.begin(), options.listed.end());
    auto hidden_by_list = [&](const Technique& t) { return options.only_listed && !listed.count(t.id); };

    for (const Tactic& tactic : cat.tactics) {
        if (!options.tactics.empty() &&
            std::find(options.tactics.begin(), options.tactics.end(), tactic.shortname) == options.tactics.end())
            continue;
        MatrixColumn col;
        col.tactic = tactic.shortname;
        col.tactic_id = tactic.id;
        col.name = tactic.name.empty() ? tactic.shortname : tactic.name;
        for (std::size_t pi : parents) {
            const Technique& p = cat.techniques[pi];
            if (!has_tactic(p, tactic.shortname)) continue;
            MatrixCell cell;
            cell.technique = pi;
            cell.id = p.id;
            cell.name = p.name;
            cell.own_entry = find_entry(p.id, tactic.shortname);
            cell.search_match = matches(p);
            if (cell.search_match) counted_matches.insert(p.id);

            std::vector<MatrixCell> sub_cells;
            bool listed_below = false;
            std::vector<double> values;
            if (cell.own_entry >= 0) values.push_back(scores.entries[std::size_t(cell.own_entry)].score);
            auto it = subs_of.find(p.id);
            if (it != subs_of.end()) {
                for (std::size_t si : it->second) {
                    const Technique& s = cat.techniques[si];
                    if (!has_tactic(s, tactic.shortname)) continue;
                    MatrixCell sc;
                    sc.technique = si;
                    sc.id = s.id;
                    sc.name = s.name;
                    sc.depth = 1;
                    sc.own_entry = find_entry(s.id, tactic.shortname);
                    sc.has_score = sc.own_entry >= 0;
                    if (sc.has_score) {
                        sc.score = scores.entries[std::size_t(sc.own_entry)].score;
                        values.push_back(sc.score);
                        ++cell.subtechniques_covered;
                    }
                    sc.search_match = matches(s);
                    if (sc.search_match) {
                        cell.search_match_below = true;
                        counted_matches.insert(s.id);
                    }
                    ++cell.subtechniques;
                    if (options.hide_uncovered && !sc.has_score) continue;
                    if (hidden_by_list(s)) continue;
                    listed_below = listed_below || options.only_listed;
                    sub_cells.push_back(std::move(sc));
                }
            }
            cell.has_score = !values.empty();
            cell.score = aggregate(options.aggregate, values);
            if (options.hide_uncovered && !cell.has_score) continue;
            if (hidden_by_list(p) && !listed_below) continue;
            cell.expanded = !sub_cells.empty() &&
                            (options.expand_all || expanded.count(p.id) > 0 || cell.search_match_below || listed_below);
            ++col.techniques;
            if (cell.has_score) ++col.covered;
            bool show_subs = cell.expanded;
            col.cells.push_back(std::move(cell));
            if (show_subs)
                for (auto& sc : sub_cells) col.cells.push_back(std::move(sc));
        }
        model.columns.push_back(std::move(col));
    }
    if (options.hide_empty_tactics &&
        std::any_of(model.columns.begin(), model.columns.end(), [](const MatrixColumn& c) { return !c.cells.empty(); }))
        model.columns.erase(std::remove_if(model.columns.begin(), model.columns.end(),
                                           [](const MatrixColumn& c) { return c.cells.empty(); }),
                            model.columns.end());
    model.search_matches = int(counted_matches.size());
    return model;
}

std::vector<std::pair<std::string, int>> best_score_by_technique(const ScoreResult& scores) {
    std::map<std::string, int> best;
    for (const auto& e : scores.entries) {
        auto it = best.find(e.technique);
        if (it == best.end())
            best.emplace(e.technique, e.score);
        else
            it->second = std::max(it->second, e.score);
    }
    return {best.begin(), best.end()};
}

std::vector<CellRule> rules_for_cell(const Catalogue& cat, const ScoreResult& scores, std::string_view technique,
                                     std::string_view tactic) {
    std::vector<CellRule> out;
    std::set<uint32_t> seen;
    auto add_entry = [&](const std::string& id) {
        for (const auto& e : scores.entries)
            if (e.technique == id && e.tactic == tactic)
                for (uint32_t r : e.rules)
                    if (seen.insert(r).second) out.push_back({r, id});
    };
    add_entry(std::string(technique));
    for (const auto& t : cat.techniques)
        if (t.parent == technique) add_entry(t.id);
    return out;
}

// ---- geometry ----

namespace {
// Rows a mini column needs with per_row squares: an expanded group (parent + subs) starts a row
// and the next cell after it starts another.
int mini_rows(const MatrixColumn& col, int per_row) {
    int rows = 0, in_row = 0;
    bool in_group = false;
    for (const auto& cell : col.cells) {
        bool starts_group = cell.depth == 0 && cell.expanded;
        bool ends_group = in_group && cell.depth == 0;
        if ((starts_group || ends_group) && in_row > 0) in_row = 0;
        if (cell.depth == 0) in_group = starts_group;
        if (in_row == 0) ++rows;
        in_row = (in_row + 1) % per_row;
    }
    return rows;
}
}  // namespace

MatrixGeometry layout_matrix(const MatrixModel& model, MatrixLayout layout, const MatrixMetrics& m) {
    MatrixGeometry g;
    const int per_row = std::max(1, m.mini_per_row);
    const float col_w = layout == MatrixLayout::Side ? m.cell_width
                                                     : float(per_row) * (m.mini_cell + m.mini_gap) - m.mini_gap;
    for (std::size_t c = 0; c < model.columns.size(); ++c) {
        const MatrixColumn& col = model.columns[c];
        const float x0 = float(c) * (col_w + m.column_gap);
        g.headers.push_back({int(c), x0, 0, col_w, m.header_height});
        float y = m.header_height + m.row_gap;
        if (layout == MatrixLayout::Side) {
            for (std::size_t i = 0; i < col.cells.size(); ++i) {
                const float indent = col.cells[i].depth > 0 ? m.sub_indent : 0;
                g.cells.push_back({int(c), int(i), x0 + indent, y, col_w - indent, m.cell_height});
                y += m.cell_height + m.row_gap;
            }
        } else {
            const float step = m.mini_cell + m.mini_gap;
            int in_row = 0;
            bool in_group = false;
            float row_y = y - step;
            for (std::size_t i = 0; i < col.cells.size(); ++i) {
                const MatrixCell& cell = col.cells[i];
                bool starts_group = cell.depth == 0 && cell.expanded;
                bool ends_group = in_group && cell.depth == 0;
                if ((starts_group || ends_group) && in_row > 0) in_row = 0;
                if (cell.depth == 0) in_group = starts_group;
                if (in_row == 0) row_y += step;
                g.cells.push_back({int(c), int(i), x0 + float(in_row) * step, row_y, m.mini_cell, m.mini_cell});
                in_row = (in_row + 1) % per_row;
            }
            y = col.cells.empty() ? y : row_y + step;
        }
        g.width = x0 + col_w;
        g.height = std::max(g.height, y);
    }
    return g;
}

MatrixMetrics fit_mini_metrics(const MatrixModel& model, MatrixMetrics base, float avail_w, float avail_h,
                               float min_cell) {
    const float n = float(std::max<std::size_t>(1, model.columns.size()));
    const float max_cell = std::max(base.mini_cell, 32.0f);
    MatrixMetrics best = base;
    float best_cell = -1;
    for (int per_row = 1; per_row <= 12; ++per_row) {
        int rows = 1;
        for (const auto& col : model.columns) rows = std::max(rows, mini_rows(col, per_row));
        const float col_w = (avail_w - (n - 1) * base.column_gap) / n;
        const float s_w = (col_w + base.mini_gap) / float(per_row) - base.mini_gap;
        const float s_h = (avail_h - base.header_height - base.row_gap) / float(rows) - base.mini_gap;
        float s = std::min({s_w, s_h, max_cell});
        if (s > best_cell + 0.01f) {
            best_cell = s;
            best.mini_per_row = per_row;
        }
    }
    best.mini_cell = std::floor(std::max(best_cell, min_cell));
    return best;
}

// ---- text and legend ----

std::string cell_label(const MatrixCell& cell, bool show_id, bool show_name) {
    if (show_id && show_name) return cell.id + " " + cell.name;
    if (show_name) return cell.name;
    return cell.id;
}

std::string format_score(double score) {
    char buf[32];
    double r = std::round(score * 10) / 10;
    if (std::fabs(r - std::round(r)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f", r);
    else
        std::snprintf(buf, sizeof buf, "%.1f", r);
    return buf;
}

std::vector<std::string> wrap_text(std::string_view text, float width, int max_lines, const MeasureText& measure) {
    std::vector<std::string> lines;
    if (max_lines <= 0) return lines;
    std::vector<std::string_view> words;
    for (std::size_t i = 0; i < text.size();) {
        while (i < text.size() && text[i] == ' ') ++i;
        std::size_t j = i;
        while (j < text.size() && text[j] != ' ') ++j;
        if (j > i) words.push_back(text.substr(i, j - i));
        i = j;
    }
    std::size_t w = 0;
    while (w < words.size() && int(lines.size()) < max_lines) {
        std::string line(words[w++]);
        while (w < words.size()) {
            std::string candidate = line + " " + std::string(words[w]);
            if (measure(candidate) > width) break;
            line = std::move(candidate);
            ++w;
        }
        const bool last = int(lines.size()) + 1 == max_lines;
        if (measure(line) > width || (last && w < words.size())) {
            // Cut: keep as many characters as fit with "..." (whole UTF-8 sequences only).
            std::string rest = line;
            if (last)
                for (; w < words.size(); ++w) rest += " " + std::string(words[w]);
            std::string cut;
            std::size_t i = 0;
            while (i < rest.size()) {
                std::size_t n = 1;
                while (i + n < rest.size() && (static_cast<unsigned char>(rest[i + n]) & 0xC0) == 0x80) ++n;
                if (measure(cut + rest.substr(i, n) + "...") > width) break;
                cut += rest.substr(i, n);
                i += n;
            }
            while (!cut.empty() && cut.back() == ' ') cut.pop_back();
            line = cut + "...";
            if (!last) {
                // A single overlong word on a non-last line: the rest of it is dropped.
            }
        }
        lines.push_back(std::move(line));
    }
    return lines;
}

Legend build_legend(const Gradient& g, int tick_count) {
    Legend l;
    l.stops = g.stops;
    tick_count = std::max(2, tick_count);
    const double range = g.max - g.min;
    auto tick = [&](double v) {
        l.ticks.push_back({v, range > 0 ? float((v - g.min) / range) : 0.0f, format_score(v)});
    };
    const bool integral = std::fabs(g.min - std::round(g.min)) < 1e-9 && std::fabs(g.max - std::round(g.max)) < 1e-9;
    if (integral) {
        // Whole-number steps (scores are integers): 0 20 40 60 80, or 0 1 for a range of one.
        const double step = std::max(1.0, std::ceil(range / double(tick_count - 1)));
        for (double v = g.min; v < g.max - step / 2; v += step) tick(v);
        tick(g.max);
    } else {
        for (int i = 0; i < tick_count; ++i) tick(g.min + range * double(i) / double(tick_count - 1));
    }
    return l;
}

CellPaints layer_cell_paints(const Layer& layer) {
    CellPaints paints;
    for (const LayerTechnique& t : layer.techniques) {
        CellPaint p;
        p.disabled = !t.enabled;
        p.fill = parse_hex_colour(t.color);
        const std::string key = t.technique + '\0' + t.tactic;
        if (!p.disabled && !p.fill) paints.erase(key);  // a later plain entry replaces an earlier painted one
        else paints[key] = p;
    }
    return paints;
}

const CellPaint* find_paint(const CellPaints& paints, const std::string& technique, const std::string& tactic) {
    if (paints.empty()) return nullptr;
    auto it = paints.find(technique + '\0' + tactic);
    if (it == paints.end()) it = paints.find(technique + '\0');
    return it == paints.end() ? nullptr : &it->second;
}

CellColours cell_colours(const MatrixCell& cell, const std::string& tactic, const Gradient& g, const CellPaints& paints) {
    const Rgb uncovered = cell.depth ? kCellUncoveredSub : kCellUncovered;
    const CellPaint* p = find_paint(paints, cell.id, tactic);
    if (p && p->disabled) return {uncovered, kCellUncoveredText};
    if (p && p->fill) return {*p->fill, readable_text_colour(*p->fill)};
    if (!cell.has_score) return {uncovered, kCellUncoveredText};
    const Rgb bg = gradient_colour(g, cell.score);
    return {bg, readable_text_colour(bg)};
}

}  // namespace sh
