// result.hpp — how errors leave the core: plain Diagnostic values, never exceptions.
// Every core function that can meet bad input appends Diagnostics and carries on with what it can.
#pragma once
#include <string>
#include <vector>

namespace sh {

enum class Severity { Info, Warning, Error };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string file;     // as the caller named it ("" when not about a file)
    int line = 0;         // 1-based; 0 = unknown
    int column = 0;       // 1-based; 0 = unknown
    std::string message;
};
using Diagnostics = std::vector<Diagnostic>;

const char* severity_name(Severity s);             // "info", "warning", "error"
std::string format_diagnostic(const Diagnostic& d);  // "file:line:col: error: message"
int count_errors(const Diagnostics& d);

}  // namespace sh
