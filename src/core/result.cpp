// result.cpp — formatting of diagnostics for terminals and logs.
#include "result.hpp"

namespace sh {

const char* severity_name(Severity s) {
    switch (s) {
        case Severity::Info: return "info";
        case Severity::Warning: return "warning";
        case Severity::Error: return "error";
    }
    return "error";
}

std::string format_diagnostic(const Diagnostic& d) {
    std::string out;
    if (!d.file.empty()) {
        out += d.file;
        if (d.line > 0) {
            out += ':' + std::to_string(d.line);
            if (d.column > 0) out += ':' + std::to_string(d.column);
        }
        out += ": ";
    }
    out += severity_name(d.severity);
    out += ": ";
    out += d.message;
    return out;
}

int count_errors(const Diagnostics& ds) {
    int n = 0;
    for (const auto& d : ds) n += d.severity == Severity::Error;
    return n;
}

}  // namespace sh
