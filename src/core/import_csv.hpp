// import_csv.hpp — rules from a seed-style CSV sheet: `title,attack_id,level,status`, one rule per
// row, so coverage kept in a spreadsheet can be scored like Sigma rules.
//   - a header row is required; names are matched case-insensitively in any order, extra columns
//     are ignored; title and attack_id are required, level and status optional;
//   - RFC 4180 quoting ("a, b", "say ""hi"""), LF / CRLF / CR line ends, a UTF-8 BOM; the
//     delimiter is ',' or, when the header has none, ';' or a tab (spreadsheet exports);
//   - attack_id may hold several ids separated by ';', ',', '|' or spaces, with or without an
//     "attack." prefix, any case: "T1059.001; t1105" -> tags attack.t1059.001, attack.t1105;
//   - a bad row or value becomes a diagnostic with its line number and loading carries on.
#pragma once
#include <string>
#include <string_view>

#include "core/rules.hpp"

namespace sh {

// Appends one Rule per data row (file = the given name, line = the row's first line, tags as
// Sigma writes them) and the diagnostics to out. Never throws; bounded by options.max_file_bytes.
void load_rules_from_csv(std::string_view text, const std::string& file, LoadResult& out, const LoadOptions& options = {});

// True when the name ends in ".csv" (any case): how front ends pick this loader over YAML.
bool is_csv_file_name(std::string_view name);

// One rule file as the page's loader and its parse workers read it: a rules CSV by its name
// (is_csv_file_name), else Sigma YAML (load_rules_from_text).
void load_rule_file(std::string_view text, const std::string& file, LoadResult& out);

}  // namespace sh
