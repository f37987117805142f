// diagnostics.cpp — see diagnostics.hpp.
#include "diagnostics.hpp"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace sh {

namespace {

// Takes every event and keeps nothing but the error.
struct DiscardingSax {
    using json = nlohmann::json;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(json::number_integer_t) { return true; }
    bool number_unsigned(json::number_unsigned_t) { return true; }
    bool number_float(json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) {
        byte = position;
        what = e.what();
        return false;
    }
    std::size_t byte = 0;
    std::string what;
};

}  // namespace

void locate(std::string_view text, std::size_t byte, int& line, int& column) {
    line = 1;
    column = 1;
    byte = std::min(byte, text.size());
    for (std::size_t i = 0; i < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

namespace {

bool is_json_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_number_char(char c) { return is_digit(c) || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'; }

// Where the token that ends at `last` (the parser's stop for an "unexpected <token>") begins.
std::size_t token_start(std::string_view text, std::size_t last, std::string_view token) {
    std::size_t i = last;
    if (token == "string literal" && last < text.size() && text[last] == '"') {
        // Back to the opening quote: inside a JSON string a '"' follows an odd run of backslashes.
        while (i > 0) {
            --i;
            if (text[i] != '"') continue;
            std::size_t slashes = 0;
            while (slashes < i && text[i - 1 - slashes] == '\\') ++slashes;
            if (slashes % 2 == 0) return i;
        }
        return last;
    }
    if (token == "number literal") {
        while (i > 0 && is_number_char(text[i - 1])) --i;
    } else if (token == "true literal" || token == "false literal" || token == "null literal") {
        while (i > 0 && is_alpha(text[i - 1])) --i;
    }
    return i;
}

// The word the lexer refused as a literal (true, false, null or a number expected), from its
// first byte: a bare word, a number-like run, or a single-quoted string on one line.
std::string_view bad_literal(std::string_view text, std::size_t& start) {
    // The lexer stops on the first byte that does not fit: inside "nmae", after a cut-off "tru".
    while (start > 0 && is_alpha(text[start - 1])) --start;
    std::size_t end = start;
    if (end < text.size() && text[end] == '\'') {
        ++end;
        while (end < text.size() && end - start < 40 && text[end] != '\'' && text[end] != '\n') ++end;
        if (end < text.size() && text[end] == '\'') ++end;
    } else {
        while (end < text.size() && end - start < 40 &&
               (is_alpha(text[end]) || is_number_char(text[end]) || text[end] == '_'))
            ++end;
    }
    if (end == start && start < text.size()) end = start + 1;
    return text.substr(start, end - start);
}

std::string literal_hint(std::string_view word) {
    std::string lower(word);
    for (char& c : lower) c = char(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    if (!word.empty() && word[0] == '\'') return " (JSON strings are written in double quotes)";
    if (lower == "true" || lower == "false" || lower == "null" || lower == "none")
        return " (JSON writes true, false and null in lower case)";
    for (const std::string_view full : {"true", "false", "null"})
        if (!lower.empty() && full.substr(0, std::min(full.size(), lower.size())) == lower) return " (cut off? JSON knows true, false and null)";
    if (!word.empty() && (word[0] == '.' || word[0] == '+')) return " (a JSON number starts with a digit or '-')";
    if (!word.empty() && is_alpha(word[0])) return " (a string or key needs double quotes)";
    return "";
}

}  // namespace

JsonSyntaxError json_syntax_error(std::string_view text) {
    DiscardingSax sax;
    JsonSyntaxError out;
    try {
        if (nlohmann::json::sax_parse(text.begin(), text.end(), &sax) || sax.what.empty()) return out;
    } catch (const std::exception& e) {  // not expected: the SAX parser reports through parse_error
        out.what = excerpt(e.what(), 400);
        return out;
    }
    // "[json.exception.parse_error.101] parse error at line 2, column 36: syntax error while ..."
    out.what = sax.what;
    if (const auto at = out.what.find("parse error"); at != std::string::npos) {
        if (const auto colon = out.what.find(": ", at); colon != std::string::npos) out.what.erase(0, colon + 2);
    }
    // nlohmann's "last read" runs from the previous token's start and shows control characters as
    // <U+000A>: the position and, for a refused word, the word itself say it better.
    if (const auto last = out.what.find("; last read: '"); last != std::string::npos) {
        // It ends the lexer's words; the parser's "; expected <token>" may follow. The text in it is
        // the file's (quotes, even "; expected "), so the end is found from the known token names.
        std::size_t end = out.what.size();
        for (const char* name : {"string literal", "number literal", "true literal", "false literal", "null literal",
                                 "'['", "'{'", "']'", "'}'", "':'", "','", "end of input", "'[', '{', or a literal"}) {
            const std::string tail = std::string("; expected ") + name;
            if (out.what.size() - last > tail.size() && out.what.compare(out.what.size() - tail.size(), tail.size(), tail) == 0)
                end = out.what.size() - tail.size();
        }
        out.what.erase(last, end - last);
    }
    // The position is one past the byte the parser stopped at (nlohmann counts bytes read).
    std::size_t stop = std::min(sax.byte > 0 ? sax.byte - 1 : 0, text.size());
    if (out.what.find("ill-formed UTF-8") != std::string::npos) {
        // The lexer stops on the byte after a bad sequence: back to where the sequence begins.
        const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
        while (stop > 0 && (byte(stop - 1) & 0xC0) == 0x80) --stop;
        if (stop > 0 && byte(stop - 1) >= 0xC0) --stop;
    }
    std::string hint;
    if (const auto lit = out.what.find("invalid literal"); lit != std::string::npos) {
        // At the refused word, quoted: "invalid literal 'True' (JSON writes true, false and null...)".
        const std::string_view word = bad_literal(text, stop);
        out.what.insert(lit + 15, " '" + std::string(word) + "'");
        hint = literal_hint(word);
    } else if (const auto un = out.what.find(" - unexpected "); un != std::string::npos) {
        // At the first byte of the token the grammar did not expect (nlohmann stops at its last).
        const auto semi = out.what.find(';', un);
        const std::string token = out.what.substr(un + 14, (semi == std::string::npos ? out.what.size() : semi) - un - 14);
        stop = token_start(text, stop, token);
        const bool value = token == "string literal" || token == "number literal" || token == "true literal" ||
                           token == "false literal" || token == "null literal" || token == "'{'" || token == "'['";
        const bool closer = out.what.find("expected '}'") != std::string::npos || out.what.find("expected ']'") != std::string::npos;
        if (token == "number literal" && stop + 1 < text.size() && text[stop] == '0' && is_digit(text[stop + 1])) {
            hint = " (a JSON number has no leading zero)";  // "01" is read as 0 followed by 1
        } else if (value && closer) {
            hint = " (a comma missing before it?)";
        } else if (out.what.find("expected ':'") != std::string::npos) {
            hint = " (a ':' missing after the key?)";
        } else if (out.what.find("expected end of input") != std::string::npos) {
            hint = token == "'}'" || token == "']'" ? " (the JSON value ended before it: one closing bracket too many?)"
                                                    : " (a file holds one JSON value, and it ended before this)";
        } else if (stop < text.size() && (text[stop] == '}' || text[stop] == ']')) {
            std::size_t j = stop;
            while (j > 0 && is_json_space(text[j - 1])) --j;
            if (j > 0 && text[j - 1] == ',') hint = " (a trailing comma before it? JSON allows none)";
        }
    }
    locate(text, stop, out.line, out.column);
    out.what += hint;
    out.what = excerpt(out.what, 400);  // the quoted word is the file's own bytes
    return out;
}

std::size_t utf8_char_length(std::string_view s, std::size_t i) {
    if (i >= s.size()) return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    std::size_t len = 0;
    unsigned min = 0;
    if (c >= 0xC2 && c <= 0xDF) len = 2, min = 0x80;
    else if (c >= 0xE0 && c <= 0xEF) len = 3, min = 0x800;
    else if (c >= 0xF0 && c <= 0xF4) len = 4, min = 0x10000;
    if (len == 0 || i + len > s.size()) return 0;
    unsigned cp = c & (0x7Fu >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

namespace {

std::string lines_text(int first, int last) {
    if (first <= 0) return "";
    if (last <= first) return " on line " + std::to_string(first);
    return " on lines " + std::to_string(first) + " to " + std::to_string(last);
}

}  // namespace

std::string excerpt(std::string_view text, std::size_t max_bytes) {
    std::string out;
    out.reserve(std::min(text.size(), max_bytes) + 4);
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t len = utf8_char_length(text, i);
        std::string piece;
        const auto c = static_cast<unsigned char>(text[i]);
        if (len == 0) piece = "\xEF\xBF\xBD";  // U+FFFD
        else if (c == 0) piece = "\\0";
        else if (c == '\n') piece = "\\n";
        else if (c == '\r') piece = "\\r";
        else if (c == '\t') piece = "\\t";
        else if (c < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", c);
            piece = buf;
        } else {
            piece.assign(text.data() + i, len);
        }
        if (out.size() + piece.size() > max_bytes) {
            out += "...";
            return out;
        }
        out += piece;
        i += len == 0 ? 1 : len;
    }
    return out;
}

void DiagnosticSink::Held::note(Severity s, int line) {
    if (count == 0 || s > worst) worst = s;
    ++count;
    if (line > 0) {
        if (first_line == 0) first_line = line;
        last_line = line;
    }
}

DiagnosticSink::DiagnosticSink(Diagnostics& out, std::string file, DiagnosticCaps caps)
    : out_(out), file_(std::move(file)), caps_(caps) {}

DiagnosticSink::~DiagnosticSink() {
    try {
        finish();
    } catch (...) {
        // Out of memory while appending summaries: the diagnostics already added stand.
    }
}

bool DiagnosticSink::full_for(const std::string& file, std::string_view kind) const {
    const auto f = files_.find(file);
    if (f == files_.end()) return false;
    if (f->second.shown >= caps_.per_file) return true;
    if (kind.empty()) return false;
    const auto k = f->second.shown_by_kind.find(kind);
    return k != f->second.shown_by_kind.end() && k->second >= caps_.per_kind;
}

void DiagnosticSink::add_for(const std::string& file, Severity severity, int line, int column, std::string message,
                             std::string_view kind) {
    if (severity == Severity::Error) ++errors_;
    FileState& f = files_[file];
    if (!kind.empty()) {
        auto k = f.shown_by_kind.find(kind);
        if (k == f.shown_by_kind.end()) k = f.shown_by_kind.emplace(std::string(kind), 0).first;
        if (k->second >= caps_.per_kind) {
            auto h = f.held_by_kind.find(kind);
            if (h == f.held_by_kind.end()) h = f.held_by_kind.emplace(std::string(kind), Held{}).first;
            h->second.note(severity, line);
            return;
        }
        if (f.shown < caps_.per_file) ++k->second;
    }
    if (f.shown >= caps_.per_file) {
        f.over_file_cap.note(severity, line);
        return;
    }
    ++f.shown;
    out_.push_back(Diagnostic{severity, file, line, column, excerpt(message, limits::kDiagnosticBytes)});
}

void DiagnosticSink::finish() {
    for (auto& [file, f] : files_) {
        for (const auto& [kind, held] : f.held_by_kind)
            out_.push_back(Diagnostic{held.worst, file, 0, 0,
                                      std::to_string(held.count) + " more like this (" + excerpt(kind, 200) +
                                          ") not shown" + lines_text(held.first_line, held.last_line)});
        if (f.over_file_cap.count > 0)
            out_.push_back(Diagnostic{f.over_file_cap.worst, file, 0, 0,
                                      std::to_string(f.over_file_cap.count) +
                                          " more problems in this file are not shown" +
                                          lines_text(f.over_file_cap.first_line, f.over_file_cap.last_line)});
    }
    files_.clear();
}

}  // namespace sh
