// rules.hpp — the Sigma rule model and loading rules from YAML text.
// Loading never throws and never stops at a bad document: each problem becomes a Diagnostic with
// the file and the line, and every good rule in the same text is still returned.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "limits.hpp"
#include "result.hpp"

namespace sh {

// Ordered so that comparisons mean "at least" (used by --min-level / --min-status).
enum class Level : int8_t { None = -1, Informational = 0, Low, Medium, High, Critical };
enum class Status : int8_t { None = -1, Unsupported = 0, Deprecated, Experimental, Test, Stable };
enum class RuleKind : uint8_t { Detection, Correlation };

std::optional<Level> parse_level(std::string_view s);    // case-insensitive; nullopt if unknown
std::optional<Status> parse_status(std::string_view s);  // case-insensitive; nullopt if unknown
const char* level_name(Level l);                         // "high", "" for None
const char* status_name(Status s);                       // "stable", "" for None

struct Logsource {
    std::string category, product, service;
};

struct Rule {
    std::string file;  // as named by the caller
    int line = 1;      // line where the rule's YAML document starts (1-based)
    RuleKind kind = RuleKind::Detection;
    std::string title, id, description, author, date, modified;
    Status status = Status::None;
    Level level = Level::None;
    std::vector<std::string> tags;  // as written in the rule
    std::vector<int> tag_lines;     // line of each tag (same size as tags)
    Logsource logsource;
    std::vector<std::string> falsepositives;
};

struct LoadOptions {
    // Larger texts are refused with a diagnostic; 0: the limit of the input kind (limits.hpp:
    // kRuleYamlBytes for YAML, kRulesCsvBytes for a rules CSV).
    std::size_t max_file_bytes = 0;
    // false (default): the fast path: documents are cut down to the keys the model reads before
    // yaml-cpp parses them (rule_cut.hpp), with the same rules and diagnostics as a full parse.
    // true: yaml-cpp parses every document whole (the reference the tests compare against; the
    // CLI's --full-yaml-parse, for scripts/bench and for telling a cutter bug from a YAML one).
    bool full_parse = false;
};

struct LoadResult {
    std::vector<Rule> rules;
    Diagnostics diagnostics;
    // Bytes the loader's own scans looked at while recovering from broken YAML documents (finding
    // the next '---', counting lines, the tab check), beyond yaml-cpp's parse: at most a few times
    // the text's size whatever it holds, which tests check by counting rather than with a clock.
    std::size_t recovery_scan_bytes = 0;
    // YAML documents the fast path gave yaml-cpp cut down, and those it gave whole because its
    // scanner was not sure of them (both 0 with full_parse).
    std::size_t documents_cut = 0, documents_whole = 0;
};

// Parse one file's text (one or more YAML documents) and append its rules and diagnostics to out.
// Sigma detection and correlation rules are loaded; filters (`filter:`) and other documents are
// skipped with a diagnostic. Never throws; bounded time and memory on hostile input.
void load_rules_from_text(std::string_view text, const std::string& file, LoadResult& out,
                          const LoadOptions& options = {});

// True for *.yml and *.yaml in any case ("UPPER.YML"): which files of a folder are rule files, the
// one rule of the CLI (without --file-pattern) and the page (web/glue.js isRuleFile).
bool is_rule_file_name(std::string_view name);

// True when a part of `path` ('/'-separated, relative to a picked folder or an archive's root)
// starts with '.': ".github/workflows/ci.yml", "rules/.draft.yml". Folders and archives skip hidden
// files and folders, as git and shells do (a repository's CI workflows are YAML too); "." and ".."
// are not hidden. The page's web/glue.js isHiddenPath is the same rule.
bool is_hidden_path(std::string_view path);

}  // namespace sh
