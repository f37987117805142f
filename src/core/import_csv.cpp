// import_csv.cpp — see import_csv.hpp. A small RFC 4180 reader (records with the line each
// starts on) and the mapping of rows to rules.
#include "core/import_csv.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/diagnostics.hpp"
#include "core/report_internal.hpp"

#include "core/tags.hpp"
#include "text_encoding.hpp"

namespace sh {

namespace {

struct Record {
    int line = 1;
    std::vector<std::string> fields;
};

// Reads the text one record at a time (rows are turned into rules as they come, so a huge sheet
// never exists twice in memory). An unclosed quote is an error and drops that last record.
class RecordReader {
public:
    RecordReader(std::string_view text, char delim) : text_(text), delim_(delim) {}

    // False at the end of the text; *unclosed_quote_line is set when the last record was dropped.
    bool next(Record& rec, int* unclosed_quote_line) {
        rec.fields.clear();
        rec.line = line_;
        if (i_ >= text_.size()) return false;
        std::string field;
        bool quoted = false, field_was_quoted = false;
        int quote_line = 0;
        auto end_field = [&] {
            rec.fields.push_back(std::move(field));
            field.clear();
            field_was_quoted = false;
        };
        for (; i_ < text_.size(); ++i_) {
            const char c = text_[i_];
            if (quoted) {
                if (c == '"') {
                    if (i_ + 1 < text_.size() && text_[i_ + 1] == '"') {
                        field += '"';
                        ++i_;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n' || (c == '\r' && !(i_ + 1 < text_.size() && text_[i_ + 1] == '\n'))) ++line_;
                    field += c;
                }
                continue;
            }
            if (c == '"' && !field_was_quoted && field.find_first_not_of(" \t") == std::string::npos) {
                field.clear();  // spaces before an opening quote are not part of the field
                quoted = field_was_quoted = true;
                quote_line = line_;
            } else if (c == delim_) {
                end_field();
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i_ + 1 < text_.size() && text_[i_ + 1] == '\n') ++i_;
                ++i_;
                ++line_;
                end_field();
                return true;
            } else {
                field += c;  // a stray quote inside an unquoted field is kept as written
            }
        }
        if (quoted) {
            *unclosed_quote_line = quote_line;
            return false;
        }
        end_field();
        return true;
    }

private:
    std::string_view text_;
    char delim_;
    std::size_t i_ = 0;
    int line_ = 1;
};

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

std::string shorten(std::string_view s) { return excerpt(s, 60); }

}  // namespace

bool is_csv_file_name(std::string_view name) {
    if (name.size() < 4) return false;
    std::string ext(name.substr(name.size() - 4));
    for (auto& c : ext)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return ext == ".csv";
}

void load_rule_file(std::string_view text, const std::string& file, LoadResult& out) {
    if (is_csv_file_name(file))
        load_rules_from_csv(text, file, out);
    else
        load_rules_from_text(text, file, out);
}

void load_rules_from_csv(std::string_view text, const std::string& file, LoadResult& out, const LoadOptions& options) {
    DiagnosticSink sink(out.diagnostics, file);
    auto diag = [&](Severity s, int line, std::string msg, std::string_view kind = {}) {
        sink.add(s, line, 0, std::move(msg), kind);
    };
    if (auto too_large = check_input_size(InputKind::RulesCsv, file, text.size(), options.max_file_bytes)) {
        diag(Severity::Error, 0, std::move(too_large->message));
        return;
    }
    std::string utf8;  // Excel's "Unicode Text" is UTF-16
    if (auto problem = text_as_utf8(text, utf8)) {
        sink.add(Severity::Error, problem->line, problem->column, problem->message + "; file skipped");
        return;
    }
    if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const char delim = report_detail::sniff_csv_delimiter(text);
    RecordReader reader(text, delim);
    int unclosed_quote_line = 0;
    auto finish_reading = [&] {
        if (unclosed_quote_line > 0)
            diag(Severity::Error, unclosed_quote_line, "a quoted field opened here is never closed; this row is skipped");
    };

    Record header;
    bool have_header = false;
    while (reader.next(header, &unclosed_quote_line))
        if (!blank(header)) {
            have_header = true;
            break;
        }
    if (!have_header) {
        finish_reading();
        diag(Severity::Error, 0, "no rows: expected a header row title,attack_id,level,status");
        return;
    }
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
        for (std::size_t i = 0; i < header.fields.size() && found.size() < 200; ++i)
            found += (found.empty() ? "" : ",") + shorten(trim(header.fields[i]));
        diag(Severity::Error, header.line,
             "the first row must be a header naming the columns title and attack_id (and optionally level, status); "
             "found: " + found);
        return;
    }
    const std::size_t columns = header.fields.size();

    Record row;
    std::unordered_set<std::string> seen_ids;  // of the current row: one row may list 100,000 ids
    while (reader.next(row, &unclosed_quote_line)) {
        if (blank(row)) continue;
        const int line = row.line;
        if (row.fields.size() != columns)
            diag(Severity::Warning, line,
                 std::to_string(row.fields.size()) + " fields where the header has " + std::to_string(columns) +
                     (row.fields.size() < columns ? "; missing ones are empty" : "; extra ones are ignored"),
                 "wrong number of fields");
        auto field = [&](int col) { return col >= 0 && std::size_t(col) < row.fields.size() ? trim(row.fields[std::size_t(col)]) : std::string(); };

        Rule rule;
        rule.title = field(col_title);
        seen_ids.clear();
        for (const auto& token : split_ids(field(col_ids))) {
            const std::string full = technique_tag(token);
            if (full.empty()) {
                diag(Severity::Warning, line,
                     "'" + shorten(token) + "' is not an ATT&CK technique ID (T1234 or T1234.001); ignored",
                     "not an ATT&CK technique ID");
                continue;
            }
            if (!seen_ids.insert(full).second) continue;
            rule.tags.push_back(full);
            rule.tag_lines.push_back(line);
        }
        if (rule.title.empty() && rule.tags.empty()) {
            // Nothing to name and nothing to score: not a rule (a stray ",x" line or a sheet's footer).
            diag(Severity::Warning, line, "no title and no ATT&CK technique ID; row skipped", "row skipped");
            continue;
        }
        rule.file = file;
        rule.line = line;
        if (rule.title.empty()) {
            diag(Severity::Warning, line, "no title; the rule is named after its line", "no title");
            rule.title = "CSV line " + std::to_string(line);
        }
        if (const std::string level = field(col_level); !level.empty()) {
            if (auto l = parse_level(level))
                rule.level = *l;
            else
                diag(Severity::Warning, line,
                     "unknown level '" + shorten(level) + "' (informational, low, medium, high, critical); treated as none",
                     "unknown level");
        }
        if (const std::string status = field(col_status); !status.empty()) {
            if (auto s = parse_status(status))
                rule.status = *s;
            else
                diag(Severity::Warning, line,
                     "unknown status '" + shorten(status) +
                         "' (unsupported, deprecated, experimental, test, stable); treated as none",
                     "unknown status");
        }
        if (rule.tags.empty())
            diag(Severity::Warning, line, "no ATT&CK technique ID; the rule is loaded but covers no technique",
                 "no technique ID");
        out.rules.push_back(std::move(rule));
    }
    finish_reading();
}

}  // namespace sh
