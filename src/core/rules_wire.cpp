// rules_wire.cpp — see rules_wire.hpp for the format. The writer appends; the reader is a cursor
// over the bytes that fails (rather than throws) on anything short, long or out of range.
#include "rules_wire.hpp"

#include <cstdint>
#include <limits>
#include <utility>

namespace sh {

namespace {

constexpr std::string_view kMagic = "SHW1";

class Writer {
public:
    void varint(uint64_t v) {
        while (v >= 0x80) {
            out_ += char(uint8_t(v) | 0x80);
            v >>= 7;
        }
        out_ += char(uint8_t(v));
    }
    void integer(int v) { varint(uint64_t(uint32_t(v))); }  // ints as their 32-bit pattern
    void str(const std::string& s) {
        varint(s.size());
        out_ += s;
    }
    // 0: the record's file; else length + 1 and the bytes.
    void file(const std::string& s, const std::string& record_file) {
        if (s == record_file) {
            varint(0);
            return;
        }
        varint(uint64_t(s.size()) + 1);
        out_ += s;
    }
    void raw(std::string_view s) { out_ += s; }
    std::string take() { return std::move(out_); }

private:
    std::string out_;
};

class Reader {
public:
    explicit Reader(std::string_view b) : b_(b) {}
    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    bool at_end() const { return pos_ == b_.size(); }
    std::size_t left() const { return b_.size() - pos_; }

    void fail(const char* what) {
        if (error_.empty()) error_ = std::string(what) + " at byte " + std::to_string(pos_);
        pos_ = b_.size();
    }
    uint64_t varint() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos_ >= b_.size()) {
                fail("truncated number");
                return 0;
            }
            const uint8_t byte = uint8_t(b_[pos_++]);
            if (shift == 63 && byte > 1) break;  // more than 64 bits
            v |= uint64_t(byte & 0x7f) << shift;
            if (!(byte & 0x80)) return v;
        }
        fail("number too long");
        return 0;
    }
    int integer() {
        const uint64_t v = varint();
        if (v > std::numeric_limits<uint32_t>::max()) {
            fail("integer out of range");
            return 0;
        }
        return int(int32_t(uint32_t(v)));
    }
    // A count of elements that take at least min_bytes each: never more than the bytes left hold.
    std::size_t count(std::size_t min_bytes = 1) {
        const uint64_t n = varint();
        if (n > left() / min_bytes) {
            fail("count larger than the bytes left");
            return 0;
        }
        return std::size_t(n);
    }
    std::string bytes(uint64_t n) {
        if (n > left()) {
            fail("string longer than the bytes left");
            return {};
        }
        std::string s(b_.substr(pos_, std::size_t(n)));
        pos_ += std::size_t(n);
        return s;
    }
    std::string str() { return bytes(varint()); }
    std::string file(const std::string& record_file) {
        const uint64_t n = varint();
        if (n == 0) return record_file;
        return bytes(n - 1);
    }
    template <typename Enum>
    Enum enumeration(int low, int high) {
        const int v = integer();
        if (v < low || v > high) {
            fail("value out of range");
            return Enum(low);
        }
        return Enum(v);
    }
    bool magic(std::string_view m) {
        if (b_.substr(0, m.size()) != m) {
            fail("not a rules record");
            return false;
        }
        pos_ = m.size();
        return true;
    }

private:
    std::string_view b_;
    std::size_t pos_ = 0;
    std::string error_;
};

void write_strings(Writer& w, const std::vector<std::string>& v) {
    w.varint(v.size());
    for (const auto& s : v) w.str(s);
}

std::vector<std::string> read_strings(Reader& r) {
    std::vector<std::string> v;
    for (std::size_t i = 0, n = r.count(); i < n && r.ok(); ++i) v.push_back(r.str());
    return v;
}

// The fewest bytes a rule and a diagnostic take (one per number and empty string): counts are
// checked against them, and elements are appended as they are read, so memory follows the bytes.
constexpr std::size_t kMinRuleBytes = 17, kMinDiagnosticBytes = 5;

}  // namespace

std::string encode_load_result(const LoadResult& result, const std::string& file) {
    Writer w;
    w.raw(kMagic);
    w.str(file);
    w.varint(result.recovery_scan_bytes);
    w.varint(result.documents_cut);
    w.varint(result.documents_whole);
    w.varint(result.rules.size());
    for (const Rule& rule : result.rules) {
        w.file(rule.file, file);
        w.integer(rule.line);
        w.integer(int(rule.kind));
        w.str(rule.title);
        w.str(rule.id);
        w.str(rule.description);
        w.str(rule.author);
        w.str(rule.date);
        w.str(rule.modified);
        w.integer(int(rule.status));
        w.integer(int(rule.level));
        write_strings(w, rule.tags);
        w.varint(rule.tag_lines.size());
        for (int line : rule.tag_lines) w.integer(line);
        w.str(rule.logsource.category);
        w.str(rule.logsource.product);
        w.str(rule.logsource.service);
        write_strings(w, rule.falsepositives);
    }
    w.varint(result.diagnostics.size());
    for (const Diagnostic& d : result.diagnostics) {
        w.integer(int(d.severity));
        w.file(d.file, file);
        w.integer(d.line);
        w.integer(d.column);
        w.str(d.message);
    }
    return w.take();
}

bool decode_load_result(std::string_view bytes, LoadResult& out, std::string* error) {
    Reader r(bytes);
    LoadResult got;
    std::string file;
    if (r.magic(kMagic)) file = r.str();
    got.recovery_scan_bytes = std::size_t(r.varint());
    got.documents_cut = std::size_t(r.varint());
    got.documents_whole = std::size_t(r.varint());
    for (std::size_t i = 0, n = r.count(kMinRuleBytes); i < n && r.ok(); ++i) {
        Rule& rule = got.rules.emplace_back();
        rule.file = r.file(file);
        rule.line = r.integer();
        rule.kind = r.enumeration<RuleKind>(int(RuleKind::Detection), int(RuleKind::Correlation));
        rule.title = r.str();
        rule.id = r.str();
        rule.description = r.str();
        rule.author = r.str();
        rule.date = r.str();
        rule.modified = r.str();
        rule.status = r.enumeration<Status>(int(Status::None), int(Status::Stable));
        rule.level = r.enumeration<Level>(int(Level::None), int(Level::Critical));
        rule.tags = read_strings(r);
        for (std::size_t t = 0, lines = r.count(); t < lines && r.ok(); ++t) rule.tag_lines.push_back(r.integer());
        rule.logsource.category = r.str();
        rule.logsource.product = r.str();
        rule.logsource.service = r.str();
        rule.falsepositives = read_strings(r);
    }
    for (std::size_t i = 0, n = r.count(kMinDiagnosticBytes); i < n && r.ok(); ++i) {
        Diagnostic& d = got.diagnostics.emplace_back();
        d.severity = r.enumeration<Severity>(int(Severity::Info), int(Severity::Error));
        d.file = r.file(file);
        d.line = r.integer();
        d.column = r.integer();
        d.message = r.str();
    }
    if (r.ok() && !r.at_end()) r.fail("bytes after the record");
    if (!r.ok()) {
        if (error) *error = "rules record: " + r.error();
        return false;
    }
    out.recovery_scan_bytes += got.recovery_scan_bytes;
    out.documents_cut += got.documents_cut;
    out.documents_whole += got.documents_whole;
    // push_back's own growth: a reserve(size + n) per file would reallocate every time (quadratic
    // over a folder decoded file by file).
    for (auto& rule : got.rules) out.rules.push_back(std::move(rule));
    for (auto& d : got.diagnostics) out.diagnostics.push_back(std::move(d));
    return true;
}

}  // namespace sh
