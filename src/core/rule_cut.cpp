// rule_cut.cpp — the fast path's document cutter (rule_cut.hpp says why and what it promises).
// Owns: splitting a text into documents at "---" lines, the line scanner that decides whether
// yaml-cpp 0.7 surely parses a document without error (a small, strict subset of block YAML,
// modelled on yaml-cpp's own scanner: scanner.cpp, scanscalar.cpp, exp.h), and writing the cut
// document. Every rule of the subset errs on "not sure": a document outside it is passed whole.
#include "rule_cut.hpp"

#include <cstring>
#include <vector>

namespace sh {

namespace {

constexpr std::size_t npos = std::string_view::npos;
// yaml-cpp refuses a simple key longer than 1024 characters (simplekey.cpp); stay well below.
constexpr std::size_t kMaxKeyBytes = 512;

struct Line {
    std::size_t begin = 0;
    std::size_t end = 0;  // content end: before "\r\n" / "\n", or the text's end
    bool newline = false;  // a line break follows
};

bool is_marker(std::string_view t, std::size_t i, std::size_t end, char c) {
    return i + 3 <= end && t[i] == c && t[i + 1] == c && t[i + 2] == c && (i + 3 == end || t[i + 3] == ' ');
}

// May a plain scalar start at t[i]? (yaml-cpp's Exp::PlainScalar in block context.)
bool plain_start(std::string_view t, std::size_t i, std::size_t end) {
    switch (t[i]) {
        case ',': case '[': case ']': case '{': case '}': case '#': case '&': case '*': case '!':
        case '|': case '>': case '\'': case '"': case '%': case '@': case '`': case ' ':
            return false;
        case '-': case '?': case ':':
            return i + 1 < end && t[i + 1] != ' ';
        default:
            return true;
    }
}

bool is_seq_entry(std::string_view t, std::size_t p, std::size_t end) {
    return t[p] == '-' && (p + 1 == end || t[p + 1] == ' ');
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Offset just past the quote closing the quoted scalar at t[i], when it closes on this line and
// every escape is one yaml-cpp decodes without error; npos otherwise.
std::size_t quoted_end(std::string_view t, std::size_t i, std::size_t end) {
    const char q = t[i];
    for (std::size_t j = i + 1; j < end; ++j) {
        const char c = t[j];
        if (q == '\'') {
            if (c != '\'') continue;
            if (j + 1 < end && t[j + 1] == '\'') {
                ++j;
                continue;
            }
            return j + 1;
        }
        if (c == '"') return j + 1;
        if (c != '\\') continue;
        if (j + 1 >= end) return npos;  // an escaped line break: a multi-line string
        const char e = t[j + 1];
        if (e != '\0' && std::strchr("0abtnvfre \"'\\/N_LP", e)) {
            ++j;
            continue;
        }
        if (e != 'x' && e != 'u') return npos;
        const std::size_t digits = e == 'x' ? 2 : 4;
        if (j + 2 + digits > end) return npos;
        unsigned value = 0;
        for (std::size_t k = 0; k < digits; ++k) {
            const char h = t[j + 2 + k];
            if (!is_hex(h)) return npos;
            value = value * 16 + static_cast<unsigned>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        if (value >= 0xD800 && value <= 0xDFFF) return npos;
        j += 1 + digits;
    }
    return npos;
}

// Only spaces, then the end of the line or a comment (after at least one space), from t[j].
bool rest_is_empty(std::string_view t, std::size_t j, std::size_t end) {
    const std::size_t from = j;
    while (j < end && t[j] == ' ') ++j;
    return j == end || (t[j] == '#' && j > from);
}

enum class PlainEnd : uint8_t { Refuse, LineEnd, Comment };

// A plain scalar from t[i] (a valid start) to the end of the line: a ": " or a final ':' in it
// would make it a key in a place where yaml-cpp refuses one.
PlainEnd plain_value(std::string_view t, std::size_t i, std::size_t end) {
    for (std::size_t j = i; j < end; ++j) {
        const char c = t[j];
        if (c == ':' && (j + 1 == end || t[j + 1] == ' ')) return PlainEnd::Refuse;
        if (c == '#' && t[j - 1] == ' ') return PlainEnd::Comment;
    }
    return PlainEnd::LineEnd;
}

struct KeyAt {
    enum Kind : uint8_t { Refuse, NotKey, Key } kind = NotKey;
    std::size_t colon = npos;
};

// Is the node at t[p] the key of a "key: ..." entry? (Its ':' is followed by a space or the end.)
KeyAt key_at(std::string_view t, std::size_t p, std::size_t end) {
    std::size_t j = p;
    if (t[p] == '\'' || t[p] == '"') {
        j = quoted_end(t, p, end);
        if (j == npos) return {KeyAt::Refuse};
        while (j < end && t[j] == ' ') ++j;
        if (j < end && t[j] == ':' && (j + 1 == end || t[j + 1] == ' '))
            return j - p > kMaxKeyBytes ? KeyAt{KeyAt::Refuse} : KeyAt{KeyAt::Key, j};
        return {KeyAt::NotKey};
    }
    if (!plain_start(t, p, end)) return {KeyAt::NotKey};
    for (; j < end; ++j) {
        const char c = t[j];
        if (c == ':' && (j + 1 == end || t[j + 1] == ' '))
            return j - p > kMaxKeyBytes ? KeyAt{KeyAt::Refuse} : KeyAt{KeyAt::Key, j};
        if (c == '#' && t[j - 1] == ' ') return {KeyAt::NotKey};
    }
    return {KeyAt::NotKey};
}

struct TopEntry {
    std::size_t line = 0;   // index of the key's line
    std::size_t colon = 0;  // offset of the ':' after the key
    CutKeep keep = CutKeep::Whole;
    bool empty_value = false;  // nothing but a comment after the ':' on the key's line
    bool container = false;    // and the value is a list or map on the lines below
};

// Decides, line by line, whether one document is in the subset yaml-cpp surely parses, and finds
// its top-level keys. Block collections are tracked as a stack of indentation columns, like
// yaml-cpp's indent markers.
class DocumentScanner {
public:
    DocumentScanner(std::string_view t, CutKeep (*keep_of)(std::string_view)) : t_(t), keep_of_(keep_of) {}

    bool scan(const std::vector<Line>& lines, std::size_t first, std::size_t last) {
        for (std::size_t li = first; li < last; ++li) {
            line_ = li;
            if (!scan_line(lines[li])) return false;
        }
        return !entries_.empty();
    }
    const std::vector<TopEntry>& entries() const { return entries_; }

private:
    struct Frame {
        std::size_t indent;
        bool seq;
        bool indentless;  // a list at its key's own column ("key:\n- item")
    };

    bool scan_line(const Line& l) {
        const std::size_t b = l.begin, e = l.end;
        std::size_t p = b;
        while (p < e && t_[p] == ' ') ++p;
        const std::size_t col = p - b;
        const bool blank = p == e;
        if (in_block_) {  // the content of a "|" or ">" scalar: lines indented more than its parent
            if (blank) return block_indent_ != npos || col == 0;  // leading space-only lines set the indentation
            if (block_indent_ == npos && col > block_parent_) {
                block_indent_ = col;
                return true;
            }
            if (block_indent_ != npos && col >= block_indent_) return true;
            in_block_ = false;
            if (t_[p] == '#') return false;  // trailing comments of block scalars: not sure
        }
        if (blank) return true;
        if (t_[p] == '#') {
            continuation_ = false;
            return true;
        }
        if (col == 0 && is_marker(t_, p, e, '.')) return false;
        if (continuation_ && col >= continuation_min_) {  // a multi-line plain scalar goes on
            return plain_start(t_, p, e) && plain_value(t_, p, e) == PlainEnd::LineEnd;
        }
        continuation_ = false;
        const bool seq = is_seq_entry(t_, p, e);
        bool opened = false;
        if (pending_) {
            pending_ = false;
            if (col > pending_indent_) {
                if (!seq) {
                    const KeyAt key = key_at(t_, p, e);
                    if (key.kind == KeyAt::Refuse) return false;
                    if (key.kind == KeyAt::NotKey) return value(p, e, pending_indent_);  // the value on its own line
                }
                frames_.push_back({col, seq, false});
                opened = true;
            } else if (pending_after_key_ && seq && col == pending_indent_ && !frames_.back().seq) {
                frames_.push_back({col, true, true});
                opened = true;
            }
            if (opened && pending_root_) entries_.back().container = true;
        }
        if (!opened) {
            while (!frames_.empty() &&
                   (frames_.back().indent > col || (frames_.back().indentless && frames_.back().indent == col && !seq)))
                frames_.pop_back();
            if (frames_.empty()) {
                if (col != 0 || seq || !entries_.empty()) return false;  // the root must be a map at column 0
                frames_.push_back({0, false, false});
            }
            if (frames_.back().indent != col || frames_.back().seq != seq) return false;
        }
        if (!seq) return map_entry(p, e, col);
        std::size_t q = p + 1;
        while (q < e && t_[q] == ' ') ++q;
        if (q == e || t_[q] == '#') {  // "-" alone: the item is on the lines below, or null
            expect_nested(col, false);
            return true;
        }
        if (is_seq_entry(t_, q, e)) return false;  // "- - item": not sure
        const KeyAt key = key_at(t_, q, e);
        if (key.kind == KeyAt::Refuse) return false;
        if (key.kind == KeyAt::NotKey) return value(q, e, col);
        frames_.push_back({q - b, false, false});  // "- key: value" opens a map in the item
        return map_entry(q, e, q - b);
    }

    bool map_entry(std::size_t p, std::size_t e, std::size_t indent) {
        const KeyAt key = key_at(t_, p, e);
        if (key.kind != KeyAt::Key) return false;
        const bool root = frames_.size() == 1;
        std::size_t v = key.colon + 1;
        while (v < e && t_[v] == ' ') ++v;
        const bool empty_value = v == e || t_[v] == '#';
        if (root) {
            if (t_[p] == '\'' || t_[p] == '"') return false;  // a quoted top-level key: not sure
            std::size_t key_end = key.colon;
            while (key_end > p && t_[key_end - 1] == ' ') --key_end;
            if (t_.substr(p, key_end - p) == "<<") return false;  // a merge key: the handler reads its value
            TopEntry entry;
            entry.line = line_;
            entry.colon = key.colon;
            entry.keep = keep_of_(t_.substr(p, key_end - p));
            entry.empty_value = empty_value;
            entries_.push_back(entry);
        }
        if (empty_value) {
            expect_nested(indent, true);
            pending_root_ = root;
            return true;
        }
        return value(v, e, indent);
    }

    void expect_nested(std::size_t indent, bool after_key) {
        pending_ = true;
        pending_after_key_ = after_key;
        pending_indent_ = indent;
        pending_root_ = false;
    }

    // A scalar value from t[v] to the end of the line, owned by the collection at column `owner`.
    bool value(std::size_t v, std::size_t e, std::size_t owner) {
        const char c = t_[v];
        if (c == '\'' || c == '"') {
            const std::size_t q = quoted_end(t_, v, e);
            return q != npos && rest_is_empty(t_, q, e);
        }
        if (c == '|' || c == '>') {
            std::size_t j = v + 1;
            if (j < e && (t_[j] == '+' || t_[j] == '-')) ++j;
            if (!rest_is_empty(t_, j, e)) return false;  // explicit indentation digits too: not sure
            in_block_ = true;
            block_parent_ = owner;
            block_indent_ = npos;
            return true;
        }
        if (!plain_start(t_, v, e)) return false;
        const PlainEnd end = plain_value(t_, v, e);
        if (end == PlainEnd::Refuse) return false;
        continuation_ = end == PlainEnd::LineEnd;
        continuation_min_ = owner + 1;
        return true;
    }

    std::string_view t_;
    CutKeep (*keep_of_)(std::string_view);
    std::size_t line_ = 0;
    std::vector<Frame> frames_;
    std::vector<TopEntry> entries_;
    bool pending_ = false, pending_after_key_ = false, pending_root_ = false;
    std::size_t pending_indent_ = 0;
    bool continuation_ = false;
    std::size_t continuation_min_ = 0;
    bool in_block_ = false;
    std::size_t block_parent_ = 0, block_indent_ = npos;
};

// Bytes that make yaml-cpp or the scanner unsure anywhere in a document: a tab (indentation and
// separation rules differ for tabs), a carriage return that does not end a line, a byte order
// mark inside the text, and the Unicode line breaks NEL, LS and PS.
bool has_unsure_bytes(std::string_view t, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        if (c == '\t') return true;
        if (c == '\r' && (i + 1 >= t.size() || t[i + 1] != '\n')) return true;
        if (c == 0xEF && i + 2 < t.size() && t[i + 1] == '\xBB' && t[i + 2] == '\xBF') return true;
        if (c == 0xC2 && i + 1 < t.size() && t[i + 1] == '\x85') return true;
        if (c == 0xE2 && i + 2 < t.size() && t[i + 1] == '\x80' && (t[i + 2] == '\xA8' || t[i + 2] == '\xA9'))
            return true;
    }
    return false;
}

void append_line(std::string& out, std::string_view t, const Line& l) {
    out.append(t.data() + l.begin, l.end - l.begin);
    if (l.newline) out.append(t.data() + l.end, t[l.end] == '\r' ? 2 : 1);
}

// One document, lines [first, last): cut when the scanner is sure of it, else whole.
// `after_directive`: a "%" directive line came before this document's "---"; directives change how
// the next document reads (%TAG, %YAML), so that document is passed whole.
void cut_document(std::string_view t, const std::vector<Line>& lines, std::size_t first, std::size_t last,
                  bool after_directive, CutKeep (*keep_of)(std::string_view), std::string& out, CutStats& stats) {
    auto whole = [&] {
        for (std::size_t li = first; li < last; ++li) append_line(out, t, lines[li]);
    };
    if (first == last) return;
    if (after_directive) return ++stats.documents_whole, whole();
    std::size_t body = first;
    const Line& head = lines[first];
    if (is_marker(t, head.begin, head.end, '-')) {  // "---", then nothing but a comment
        if (!rest_is_empty(t, head.begin + 3, head.end)) return ++stats.documents_whole, whole();
        body = first + 1;
    }
    const std::size_t doc_end = last < lines.size() ? lines[last].begin : t.size();
    DocumentScanner scanner(t, keep_of);
    if (has_unsure_bytes(t, head.begin, doc_end) || !scanner.scan(lines, body, last)) {
        if (body < last) ++stats.documents_whole;
        return whole();
    }
    ++stats.documents_cut;
    const std::vector<TopEntry>& entries = scanner.entries();
    for (std::size_t li = first; li < entries.front().line; ++li) append_line(out, t, lines[li]);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const TopEntry& entry = entries[k];
        const std::size_t end = k + 1 < entries.size() ? entries[k + 1].line : last;
        const bool stand_in = entry.keep == CutKeep::Presence && entry.empty_value && entry.container;
        const bool key_only = entry.keep == CutKeep::KeyOnly && (!entry.empty_value || end > entry.line + 1);
        if (!stand_in && !key_only) {
            for (std::size_t li = entry.line; li < end; ++li) append_line(out, t, lines[li]);
            continue;
        }
        const Line& key_line = lines[entry.line];
        out.append(t.data() + key_line.begin, entry.colon + 1 - key_line.begin);
        if (stand_in) out += " 1";  // a non-null scalar: "present", like the list or map it replaces
        if (key_line.newline) out += '\n';
        for (std::size_t li = entry.line + 1; li < end; ++li)
            if (lines[li].newline) out += '\n';
    }
}

}  // namespace

std::string cut_rule_documents(std::string_view t, CutKeep (*keep_of)(std::string_view key), CutStats& stats) {
    std::vector<Line> lines;
    lines.reserve(t.size() / 24 + 1);
    for (std::size_t i = 0; i < t.size();) {
        const void* nl = std::memchr(t.data() + i, '\n', t.size() - i);
        Line l;
        l.begin = i;
        if (!nl) {
            l.end = t.size();
            lines.push_back(l);
            break;
        }
        const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(nl) - t.data());
        l.end = at > i && t[at - 1] == '\r' ? at - 1 : at;
        l.newline = true;
        lines.push_back(l);
        i = at + 1;
    }
    std::string out;
    out.reserve(t.size() / 2);
    std::size_t first = 0;
    bool directive = false, after_directive = false;
    for (std::size_t li = 0; li <= lines.size(); ++li) {
        if (li < lines.size()) {
            const Line& l = lines[li];
            directive = directive || (l.end > l.begin && t[l.begin] == '%');
            if (li == 0 || !is_marker(t, l.begin, l.end, '-')) continue;
        }
        cut_document(t, lines, first, li, after_directive, keep_of, out, stats);
        after_directive = directive;
        directive = false;
        first = li;
    }
    return out;
}

}  // namespace sh
