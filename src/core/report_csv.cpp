// report_csv.cpp — the one CSV reader behind every CSV input of the reports (frequencies, targets,
// SIEM alerts, rule test results), ISO 8601 time stamps, and the small helpers the report_*.cpp
// files share. Spreadsheets and SIEM exports are the real producers, so the reader takes what they
// write (BOM, CRLF, quoted line breaks) and reports what it cannot take with the line number.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "report.hpp"
#include "report_internal.hpp"
#include "text_encoding.hpp"

namespace sh {

double percent(int part, int whole) { return whole > 0 ? 100.0 * part / whole : 0.0; }

namespace report_detail {

std::string lower(std::string_view s) {
    std::string v(s);
    for (char& c : v)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return v;
}

std::string upper(std::string_view s) {
    std::string v(s);
    for (char& c : v)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return v;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

char sniff_csv_delimiter(std::string_view text) {
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

std::optional<double> parse_number(std::string_view s, bool* was_percent, bool decimal_comma) {
    s = trim(s);
    bool pct = false;
    if (!s.empty() && s.back() == '%') {
        pct = true;
        s.remove_suffix(1);
        s = trim(s);
    }
    if (s.empty() || s.size() > 64) return std::nullopt;
    std::string text(s);
    if (decimal_comma && text.find('.') == std::string::npos && std::count(text.begin(), text.end(), ',') == 1)
        text[text.find(',')] = '.';
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    // strtod also takes "0x1p3", "inf", "nan": only plain decimal numbers are numbers here.
    if (text.find_first_not_of("0123456789.+-eE") != std::string::npos) return std::nullopt;
    if (was_percent) *was_percent = pct;
    return v;
}

std::string technique_id(std::string_view s) {
    s = trim(s);
    const std::string u = upper(s);
    // T + 4 digits, optionally . + 3 digits.
    if (u.size() != 5 && u.size() != 9) return "";
    if (u[0] != 'T') return "";
    for (std::size_t i = 1; i < 5; ++i)
        if (u[i] < '0' || u[i] > '9') return "";
    if (u.size() == 9) {
        if (u[5] != '.') return "";
        for (std::size_t i = 6; i < 9; ++i)
            if (u[i] < '0' || u[i] > '9') return "";
    }
    return u;
}

int tactic_rank(const Catalogue* cat, const std::string& tactic) {
    if (tactic.empty()) return -1;
    const int i = cat ? cat->tactic_index(tactic) : -1;
    return i >= 0 ? i : 1000;
}

}  // namespace report_detail

std::string fixed_decimals(double v, int decimals) {
    decimals = std::clamp(decimals, 0, 6);
    if (!std::isfinite(v)) v = 0;
    long long scale = 1;
    for (int i = 0; i < decimals; ++i) scale *= 10;
    const double scaled = v * double(scale);
    if (std::fabs(scaled) >= 9e15) {  // past exact integers in a double: nothing left to round
        std::string out(std::size_t(std::snprintf(nullptr, 0, "%.*f", decimals, v)), '\0');
        std::snprintf(out.data(), out.size() + 1, "%.*f", decimals, v);
        return out;
    }
    long long r = std::llround(scaled);  // half away from zero, as r2() and the board's decimal()
    std::string out = r < 0 ? "-" : "";
    if (r < 0) r = -r;
    out += std::to_string(r / scale);
    if (decimals > 0) {
        std::string frac = std::to_string(r % scale);
        out += "." + std::string(std::size_t(decimals) - frac.size(), '0') + frac;
    }
    return out;
}

namespace report_detail {

CsvReader::CsvReader(std::string_view text, DiagnosticSink& sink) : text_(text), sink_(sink) {
    if (text_.size() >= 3 && static_cast<unsigned char>(text_[0]) == 0xEF &&
        static_cast<unsigned char>(text_[1]) == 0xBB && static_cast<unsigned char>(text_[2]) == 0xBF)
        text_.remove_prefix(3);
    delim_ = sniff_csv_delimiter(text_);
}

bool CsvReader::next(CsvRow& row) {
    const std::string_view text = text_;
    std::size_t& i = i_;
    int& line = line_;
    while (!stopped_ && i < text.size()) {
        row.fields.clear();
        row.line = line;
        bool row_done = false;
        bool any_content = false;
        while (!row_done) {
            std::string field;
            // Leading spaces before a quote are tolerated (`a, "b"`).
            std::size_t j = i;
            while (j < text.size() && (text[j] == ' ' || (text[j] == '\t' && delim_ != '\t'))) ++j;
            if (j < text.size() && text[j] == '"') {
                any_content = true;
                const int open_line = line;
                i = j + 1;
                bool closed = false;
                while (i < text.size()) {
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < text.size() && text[i + 1] == '"') {
                            field += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (c == '\r') {
                        field += '\n';
                        ++line;
                        i += (i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
                        continue;
                    }
                    if (c == '\n') ++line;
                    field += c;
                    ++i;
                }
                if (!closed) {
                    sink_.error(open_line, "unterminated quoted field: the rest of the file is ignored");
                    stopped_ = true;
                    return false;
                }
                // Text between the closing quote and the separator is kept (lenient) but reported.
                std::size_t k = i;
                while (k < text.size() && text[k] != delim_ && text[k] != '\n' && text[k] != '\r') ++k;
                if (!trim(text.substr(i, k - i)).empty()) {
                    sink_.warning(line, "text after a closing quote kept as part of the field", "text after a closing quote");
                    field += std::string(trim(text.substr(i, k - i)));
                }
                i = k;
            } else {
                std::size_t k = i;
                while (k < text.size() && text[k] != delim_ && text[k] != '\n' && text[k] != '\r') ++k;
                field = std::string(trim(text.substr(i, k - i)));
                if (!field.empty()) any_content = true;
                i = k;
            }
            row.fields.push_back(std::move(field));
            if (i >= text.size()) {
                row_done = true;
            } else if (text[i] == delim_) {
                ++i;
                if (i >= text.size()) row.fields.emplace_back(), row_done = true;
            } else {  // line end
                i += (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
                ++line;
                row_done = true;
            }
        }
        if (any_content || row.fields.size() > 1) {
            // A row of empty fields only (",,,") is as blank as an empty line.
            const bool blank =
                std::all_of(row.fields.begin(), row.fields.end(), [](const std::string& f) { return f.empty(); });
            if (!blank) return true;
        }
    }
    return false;
}

bool report_csv_text_ok(std::string_view& text, std::string& utf8, DiagnosticSink& sink) {
    if (auto too_large = check_input_size(InputKind::ReportCsv, sink.file(), text.size())) {
        sink.error(0, std::move(too_large->message));
        return false;
    }
    if (auto problem = text_as_utf8(text, utf8)) {
        sink.add(Severity::Error, problem->line, problem->column, problem->message + "; file not read");
        return false;
    }
    return true;
}

}  // namespace report_detail

std::vector<CsvRow> parse_csv(std::string_view text, const std::string& file, Diagnostics& diags) {
    DiagnosticSink sink(diags, file);
    std::vector<CsvRow> rows;
    std::string utf8;
    if (!report_detail::report_csv_text_ok(text, utf8, sink)) return rows;
    report_detail::CsvReader reader(text, sink);
    CsvRow row;
    while (reader.next(row)) rows.push_back(std::move(row));
    return rows;
}

namespace {

// Days from 1970-01-01 to y-m-d (proleptic Gregorian; H. Hinnant's days_from_civil).
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
    if (pos + n > s.size()) return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') return false;
        v = v * 10 + (s[i] - '0');
    }
    out = v;
    return true;
}

}  // namespace

bool is_iso_date(std::string_view s) {
    return s.size() == 10 && s[4] == '-' && s[7] == '-' && parse_iso8601(std::string(s) + "T00:00Z").has_value();
}

std::optional<double> parse_iso8601(std::string_view s) {
    s = report_detail::trim(s);
    int y, mo, d, h, mi, sec = 0;
    if (!digits(s, 0, 4, y) || s.size() < 16 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
        !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !digits(s, 11, 2, h) ||
        s[13] != ':' || !digits(s, 14, 2, mi))
        return std::nullopt;
    std::size_t p = 16;
    double frac = 0;
    if (p < s.size() && s[p] == ':') {
        if (!digits(s, p + 1, 2, sec)) return std::nullopt;
        p += 3;
        if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
            ++p;
            double scale = 0.1;
            const std::size_t start = p;
            while (p < s.size() && s[p] >= '0' && s[p] <= '9') frac += (s[p++] - '0') * scale, scale /= 10;
            if (p == start) return std::nullopt;
        }
    }
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 24 || mi > 59 || sec > 60) return std::nullopt;
    if (mo == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return std::nullopt;
    int offset = 0;  // seconds east of UTC
    if (p < s.size()) {
        const char z = s[p];
        if ((z == 'Z' || z == 'z') && p + 1 == s.size()) {
            p = s.size();
        } else if (z == '+' || z == '-') {
            int oh, om = 0;
            if (!digits(s, p + 1, 2, oh)) return std::nullopt;
            std::size_t q = p + 3;
            if (q < s.size() && s[q] == ':') ++q;
            if (q < s.size()) {
                if (!digits(s, q, 2, om)) return std::nullopt;
                q += 2;
            }
            if (q != s.size() || oh > 23 || om > 59) return std::nullopt;
            offset = (z == '+' ? 1 : -1) * (oh * 3600 + om * 60);
            p = s.size();
        } else {
            return std::nullopt;
        }
    }
    const long long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    return static_cast<double>(days * 86400LL + h * 3600LL + mi * 60LL + sec - offset) + frac;
}

}  // namespace sh
