// diagnostics.cpp — see diagnostics.hpp.
#include "diagnostics.hpp"

#include <cstdio>

namespace sh {

namespace {

// Length of the valid UTF-8 sequence at s[i] (1..4), or 0 when the bytes there are not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
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
        const std::size_t len = utf8_length(text, i);
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
