// checks.cpp — see checks.hpp.
#include "checks.hpp"

#include <cstdlib>

#include "core/diagnostics.hpp"

namespace fuzz {

void check_diagnostics(const sh::Diagnostics& d, std::size_t first, const std::string& file, std::size_t max_count,
                       bool empty_ok) {
    check(d.size() - first <= max_count,
          std::to_string(d.size() - first) + " diagnostics from one input (at most " + std::to_string(max_count) + ")");
    for (std::size_t i = first; i < d.size(); ++i) {
        const sh::Diagnostic& x = d[i];
        check(x.file == file || (empty_ok && x.file.empty()), "a diagnostic names '" + sh::excerpt(x.file) +
                                                                  "' instead of '" + file + "': " + sh::excerpt(x.message));
        check(!x.message.empty(), "an empty diagnostic message");
        check(sh::excerpt(x.message, x.message.size() + 16) == x.message,
              "a diagnostic message with NUL, control characters or invalid UTF-8: " + sh::excerpt(x.message));
        check(x.line >= 0 && x.column >= 0, "a negative line or column");
    }
}

void check_score(long long score, const char* what) {
    check(score >= -1000000000LL && score <= 1000000000LL, std::string(what) + " out of range: " + std::to_string(score));
}

bool same_rules(const sh::LoadResult& a, const sh::LoadResult& b) {
    if (a.rules.size() != b.rules.size() || a.diagnostics.size() != b.diagnostics.size()) return false;
    for (std::size_t i = 0; i < a.rules.size(); ++i) {
        const sh::Rule &x = a.rules[i], &y = b.rules[i];
        if (x.file != y.file || x.line != y.line || x.kind != y.kind || x.title != y.title || x.id != y.id ||
            x.description != y.description || x.author != y.author || x.date != y.date || x.modified != y.modified ||
            x.status != y.status || x.level != y.level || x.tags != y.tags || x.tag_lines != y.tag_lines ||
            x.logsource.category != y.logsource.category || x.logsource.product != y.logsource.product ||
            x.logsource.service != y.logsource.service || x.falsepositives != y.falsepositives)
            return false;
    }
    for (std::size_t i = 0; i < a.diagnostics.size(); ++i) {
        const sh::Diagnostic &x = a.diagnostics[i], &y = b.diagnostics[i];
        if (x.severity != y.severity || x.file != y.file || x.line != y.line || x.column != y.column ||
            x.message != y.message)
            return false;
    }
    return true;
}

}  // namespace fuzz
