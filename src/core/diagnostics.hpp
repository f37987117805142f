// diagnostics.hpp — the one way readers of outside input report problems: a DiagnosticSink that
// caps how many diagnostics a hostile file can produce (limits.hpp) and says how many more there
// were, and excerpt(), which makes text quoted from a file safe to put in a message.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "limits.hpp"
#include "result.hpp"

namespace sh {

// Text from a file as it may appear inside a message: at most max_bytes (cut at a character
// boundary, "..." added), invalid UTF-8 replaced by U+FFFD, control characters and NUL written as
// \n, \t, \0, \xNN, so that a message is always one printable line of valid UTF-8.
std::string excerpt(std::string_view text, std::size_t max_bytes = 60);

// 1-based line and column of byte offset `byte` of `text` (its end when past it).
void locate(std::string_view text, std::size_t byte, int& line, int& column);

// `cp` (a Unicode scalar value) appended to `out` as UTF-8.
void append_utf8(std::string& out, uint32_t cp);
// The length in bytes of the well-formed UTF-8 character at s[i] (1 for ASCII, up to 4); 0 when the
// bytes there are none (a stray continuation byte, an overlong form, a surrogate, cut off, i past the end).
std::size_t utf8_char_length(std::string_view s, std::size_t i);

// Where and why `text` is not JSON, for a "not valid JSON" diagnostic: the 1-based line and column
// of the first byte of what the parser refused, and its reason in words: nlohmann's message without
// its "[json.exception...] parse error at ..." prefix and its "last read" (which runs from the token
// before and shows a newline as <U+000A>), a refused word quoted from the text ("invalid literal
// 'True'"), and a hint where the mistake is a common one (a trailing or missing comma, single
// quotes, True/None, a leading zero, a missing ':', a bracket too many). A discarding SAX pass and
// one backward scan over the refused token: linear time, memory as deep as the nesting. For a text
// that failed to parse.
struct JsonSyntaxError {
    int line = 0, column = 0;
    std::string what;
};
JsonSyntaxError json_syntax_error(std::string_view text);

struct DiagnosticCaps {
    int per_file = limits::kDiagnosticsPerFile;
    int per_kind = limits::kDiagnosticsPerKind;
};

// Per file: at most caps.per_kind diagnostics of one kind (a short phrase naming the problem, e.g.
// "not a technique id"; "" = no kind, only the file cap applies) and caps.per_file of all kinds.
// What is held back is counted, and finish() (also run by the destructor) appends one summary per
// kind — "1234 more like this (not a technique id) on lines 25 to 99812" — and one for the file
// cap, each with the highest severity it stands for, so that count_errors() still sees a file's
// errors. Every message passes through excerpt(..., limits::kDiagnosticBytes): printable, valid
// UTF-8, bounded. Memory stays bounded by the caps whatever the input.
class DiagnosticSink {
public:
    explicit DiagnosticSink(Diagnostics& out, std::string file = {}, DiagnosticCaps caps = {});
    ~DiagnosticSink();
    DiagnosticSink(const DiagnosticSink&) = delete;
    DiagnosticSink& operator=(const DiagnosticSink&) = delete;

    void add(Severity severity, int line, int column, std::string message, std::string_view kind = {}) {
        add_for(file_, severity, line, column, std::move(message), kind);
    }
    void add(Diagnostic d, std::string_view kind = {}) {
        add_for(d.file, d.severity, d.line, d.column, std::move(d.message), kind);
    }
    void error(int line, std::string message, std::string_view kind = {}) {
        add(Severity::Error, line, 0, std::move(message), kind);
    }
    void warning(int line, std::string message, std::string_view kind = {}) {
        add(Severity::Warning, line, 0, std::move(message), kind);
    }
    void info(int line, std::string message, std::string_view kind = {}) {
        add(Severity::Info, line, 0, std::move(message), kind);
    }
    // For readers whose diagnostics name several files (scoring: each rule's own file).
    void add_for(const std::string& file, Severity severity, int line, int column, std::string message,
                 std::string_view kind = {});
    // True when a diagnostic of this kind would only be counted: callers may skip building it.
    bool full(std::string_view kind = {}) const { return full_for(file_, kind); }
    bool full_for(const std::string& file, std::string_view kind = {}) const;

    int errors() const { return errors_; }  // Error diagnostics added, shown or held back
    const std::string& file() const { return file_; }
    // Appends the summaries; later add()s start counting afresh. Run by the destructor too.
    void finish();

private:
    struct Held {  // diagnostics counted but not kept
        long count = 0;
        Severity worst = Severity::Info;
        int first_line = 0, last_line = 0;
        void note(Severity s, int line);
    };
    struct FileState {
        int shown = 0;
        std::map<std::string, int, std::less<>> shown_by_kind;
        std::map<std::string, Held, std::less<>> held_by_kind;
        Held over_file_cap;
    };
    Diagnostics& out_;
    std::string file_;
    DiagnosticCaps caps_;
    std::map<std::string, FileState, std::less<>> files_;
    int errors_ = 0;
};

}  // namespace sh
