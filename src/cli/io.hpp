// io.hpp — the CLI's file handling: reading files, expanding folders and archives, loading rules on all cores.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/result.hpp"
#include "core/rules.hpp"

namespace cli {

// Whole file as bytes; nullopt (and a diagnostic) when it cannot be read.
std::optional<std::string> read_file(const std::string& path, sh::Diagnostics& diags);
bool write_file(const std::string& path, const std::string& data);  // "-" writes to stdout

// Rule files named by PATHs: files as given, folders recursively (entries matching one of the
// glob patterns), sorted by path within each folder so every run loads in the same order.
std::vector<std::string> collect_rule_files(const std::vector<std::string>& paths,
                                            const std::vector<std::string>& patterns, sh::Diagnostics& diags);

// A rule input: a file on disk (read when loaded), or an entry of a .zip archive, read already.
struct RuleFile {
    std::string name;                 // the path, or the entry's path inside its archive
    std::optional<std::string> text;  // archive entries only
};

// PATHs expanded in order: a .zip file into its rule entries (zip.hpp), anything else as
// collect_rule_files does it.
std::vector<RuleFile> collect_rule_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& patterns,
                                          sh::Diagnostics& diags);

// Loads every file with up to `jobs` threads (0 = all cores); rules and diagnostics come back in
// file order whatever the threads did. `progress` reports on stderr for large inputs.
sh::LoadResult load_rule_files(const std::vector<RuleFile>& files, unsigned jobs, bool progress);

// ATT&CK input files named by paths: a file as it is; a folder in the misp-galaxy layout stands
// for its three ATT&CK files (clusters/mitre-attack-pattern.json, galaxies/mitre-attack-pattern.json,
// clusters/mitre-intrusion-set.json), any other folder for the *.json files directly inside it.
std::vector<sh::SourceFile> read_attack_inputs(const std::vector<std::string>& paths, sh::Diagnostics& diags);

// ATT&CK data for --attack-data: read_attack_inputs + sh::build_catalogue.
bool load_attack_data(const std::vector<std::string>& paths, const std::string& version, const std::string& domain,
                      sh::Catalogue& out, sh::Diagnostics& diags);

void print_diagnostics(const sh::Diagnostics& diags, bool verbose);

// Today's local date as YYYY-MM-DD: the default date under an image's or a board's title (the
// core reads no clock).
std::string today();

}  // namespace cli
