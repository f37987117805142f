// checks.cpp — see checks.hpp.
#include "checks.hpp"

#include <algorithm>
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

std::string rules_difference(const sh::LoadResult& a, const sh::LoadResult& b) {
    auto diag = [](const sh::Diagnostic& d) {
        return std::to_string(static_cast<int>(d.severity)) + " " + d.file + ":" + std::to_string(d.line) + ":" +
               std::to_string(d.column) + " " + d.message;
    };
    for (std::size_t i = 0; i < std::min(a.rules.size(), b.rules.size()); ++i) {
        const sh::Rule &x = a.rules[i], &y = b.rules[i];
        const std::string at = "rule " + std::to_string(i) + " (line " + std::to_string(x.line) + "): ";
        if (x.file != y.file || x.line != y.line || x.kind != y.kind) return at + "file, line or kind";
        if (x.title != y.title) return at + "title '" + x.title + "' / '" + y.title + "'";
        if (x.id != y.id || x.description != y.description || x.author != y.author || x.date != y.date ||
            x.modified != y.modified)
            return at + "id, description, author, date or modified";
        if (x.status != y.status || x.level != y.level) return at + "status or level";
        if (x.tags != y.tags || x.tag_lines != y.tag_lines) return at + "tags or their lines";
        if (x.logsource.category != y.logsource.category || x.logsource.product != y.logsource.product ||
            x.logsource.service != y.logsource.service)
            return at + "logsource";
        if (x.falsepositives != y.falsepositives) return at + "falsepositives";
    }
    if (a.rules.size() != b.rules.size())
        return std::to_string(a.rules.size()) + " rules / " + std::to_string(b.rules.size()) + " rules";
    for (std::size_t i = 0; i < std::min(a.diagnostics.size(), b.diagnostics.size()); ++i) {
        const sh::Diagnostic &x = a.diagnostics[i], &y = b.diagnostics[i];
        if (x.severity != y.severity || x.file != y.file || x.line != y.line || x.column != y.column ||
            x.message != y.message)
            return "diagnostic " + std::to_string(i) + ": '" + diag(x) + "' / '" + diag(y) + "'";
    }
    if (a.diagnostics.size() != b.diagnostics.size())
        return std::to_string(a.diagnostics.size()) + " diagnostics / " + std::to_string(b.diagnostics.size()) +
               " diagnostics (next: '" +
               diag(a.diagnostics.size() > b.diagnostics.size() ? a.diagnostics[b.diagnostics.size()]
                                                                : b.diagnostics[a.diagnostics.size()]) +
               "')";
    return {};
}

bool same_rules(const sh::LoadResult& a, const sh::LoadResult& b) { return rules_difference(a, b).empty(); }

}  // namespace fuzz
