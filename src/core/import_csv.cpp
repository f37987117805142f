// import_csv.cpp — see import_csv.hpp. A small RFC 4180 reader (records with the line each
// starts on) and the mapping of rows to rules.
#include "core/import_csv.hpp"

#include <algorithm>

#include "core/tags.hpp"

namespace sh {

namespace {

struct Record {
    int line = 1;
    std::vector<std::string> fields;
};

char sniff_delimiter(std::string_view text) {
    int comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '\n' || c == '\r') break;
        comma += c == ',';
        semicolon += c == ';';
        tab += c == '\t';
    }
    if (comma > 0) return ',';
    if (semicolon > 0) return ';';
    if (tab > 0) return '\t';
    return ',';
}

// Splits the text into records; an unclosed quote is an error and drops that last record.
std::vector<Record> read_records(std::string_view text, char delim, const std::string& file, Diagnostics& diags) {
    std::vector<Record> records;
    Record rec;
    std::string field;
    bool quoted = false, field_was_quoted = false, any = false;
    int line = 1, quote_line = 0;
    auto end_field = [&] {
        rec.fields.push_back(std::move(field));
        field.clear();
        field_was_quoted = false;
    };
    auto end_record = [&] {
        end_field();
        records.push_back(std::move(rec));
        rec = Record{};
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!any) {
            rec.line = line;
            any = true;
        }
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n' || (c == '\r' && !(i + 1 < text.size() && text[i + 1] == '\n'))) ++line;
                field += c;
            }
            continue;
        }
        if (c == '"' && !field_was_quoted && field.find_first_not_of(" \t") == std::string::npos) {
            field.clear();  // spaces before an opening quote are not part of the field
            quoted = field_was_quoted = true;
            quote_line = line;
        } else if (c == delim) {
            end_field();
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_record();
        } else {
            field += c;  // a stray quote inside an unquoted field is kept as written
        }
    }
    if (quoted) {
        diags.push_back(Diagnostic{Severity::Error, file, quote_line, 0,
                                   "a quoted field opened here is never closed; this row is skipped"});
    } else if (any) {
        end_record();
    }
    return records;
}

std::string trim(std::string_view s) {
    std::size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
    return std::string(s.substr(a, b - a));
}

std::string header_key(std::string_view s) {
    std::string k = trim(s);
    for (auto& c : k) {
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
        if (c == ' ' || c == '-') c = '_';
    }
    return k;
}

bool blank(const Record& r) {
    for (const auto& f : r.fields)
        if (!trim(f).empty()) return false;
    return true;
}

// "T1059.001", "attack.t1059.001", "t1059" -> "attack.t1059.001"/"attack.t1059" (the tag grammar
// of tags.hpp decides); "" when the token is not a technique id.
std::string technique_tag(std::string_view token) {
    std::string t(token);
    for (auto& c : t)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (t.rfind("attack.", 0) != 0) t = "attack." + t;
    const Tag tag = parse_tag(t);
    if (tag.kind != TagKind::Technique) return {};
    std::string id = tag.value;
    for (auto& c : id)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return "attack." + id;
}

std::vector<std::string> split_ids(std::string_view cell) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : cell) {
        if (c == ';' || c == ',' || c == '|' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            if (!cur.empty()) out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) out.push_back(std::move(cur));
    return out;
}

std::string shorten(std::string_view s) {
    std::string t(s.substr(0, 60));
    for (auto& c : t)
        if (static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s.size() > 60 ? t + "..." : t;
}

}  // namespace

bool is_csv_file_name(std::string_view name) {
    if (name.size() < 4) return false;
    std::string ext(name.substr(name.size() - 4));
    for (auto& c : ext)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return ext == ".csv";
}

void load_rules_from_csv(std::string_view text, const std::string& file, LoadResult& out, const LoadOptions& options) {
    auto diag = [&](Severity s, int line, std::string msg) {
        out.diagnostics.push_back(Diagnostic{s, file, line, 0, std::move(msg)});
    };
    if (text.size() > options.max_file_bytes) {
        diag(Severity::Error, 0,
             "file too large (" + std::to_string(text.size()) + " bytes; the limit is " +
                 std::to_string(options.max_file_bytes) + ")");
        return;
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const char delim = sniff_delimiter(text);
    const std::vector<Record> records = read_records(text, delim, file, out.diagnostics);

    std::size_t r = 0;
    while (r < records.size() && blank(records[r])) ++r;
    if (r == records.size()) {
        diag(Severity::Error, 0, "no rows: expected a header row title,attack_id,level,status");
        return;
    }
    const Record& header = records[r++];
    int col_title = -1, col_ids = -1, col_level = -1, col_status = -1;
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        const std::string k = header_key(header.fields[i]);
        int* slot = k == "title" ? &col_title
                    : k == "attack_id" || k == "attack_ids" ? &col_ids
                    : k == "level" ? &col_level
                    : k == "status" ? &col_status
                                    : nullptr;
        if (slot && *slot < 0) *slot = int(i);
    }
    if (col_title < 0 || col_ids < 0) {
        std::string found;
        for (const auto& f : header.fields) found += (found.empty() ? "" : ",") + shorten(trim(f));
        diag(Severity::Error, header.line,
             "the first row must be a header naming the columns title and attack_id (and optionally level, status); "
             "found: " + found);
        return;
    }
    const std::size_t columns = header.fields.size();

    for (; r < records.size(); ++r) {
        const Record& row = records[r];
        if (blank(row)) continue;
        const int line = row.line;
        if (row.fields.size() != columns)
            diag(Severity::Warning, line,
                 std::to_string(row.fields.size()) + " fields where the header has " + std::to_string(columns) +
                     (row.fields.size() < columns ? "; missing ones are empty" : "; extra ones are ignored"));
        auto field = [&](int col) { return col >= 0 && std::size_t(col) < row.fields.size() ? trim(row.fields[std::size_t(col)]) : std::string(); };

        Rule rule;
        rule.file = file;
        rule.line = line;
        rule.title = field(col_title);
        if (rule.title.empty()) {
            diag(Severity::Warning, line, "no title; the rule is named after its line");
            rule.title = "CSV line " + std::to_string(line);
        }
        if (const std::string level = field(col_level); !level.empty()) {
            if (auto l = parse_level(level))
                rule.level = *l;
            else
                diag(Severity::Warning, line,
                     "unknown level '" + shorten(level) + "' (informational, low, medium, high, critical); treated as none");
        }
        if (const std::string status = field(col_status); !status.empty()) {
            if (auto s = parse_status(status))
                rule.status = *s;
            else
                diag(Severity::Warning, line,
                     "unknown status '" + shorten(status) +
                         "' (unsupported, deprecated, experimental, test, stable); treated as none");
        }
        for (const auto& token : split_ids(field(col_ids))) {
            const std::string full = technique_tag(token);
            if (full.empty()) {
                diag(Severity::Warning, line,
                     "'" + shorten(token) + "' is not an ATT&CK technique ID (T1234 or T1234.001); ignored");
                continue;
            }
            if (std::find(rule.tags.begin(), rule.tags.end(), full) != rule.tags.end()) continue;
            rule.tags.push_back(full);
            rule.tag_lines.push_back(line);
        }
        if (rule.tags.empty())
            diag(Severity::Warning, line, "no ATT&CK technique ID; the rule is loaded but covers no technique");
        out.rules.push_back(std::move(rule));
    }
}

}  // namespace sh
