// io.hpp — the CLI's file handling: reading files, expanding folders and archives, loading rules on all cores.
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "core/catalogue.hpp"
#include "core/limits.hpp"
#include "core/render/image.hpp"
#include "core/result.hpp"
#include "core/rules.hpp"

namespace cli {

// Whole file as bytes; nullopt (and a diagnostic) when it cannot be read or is larger than the
// limit of its input kind (core/limits.hpp), which is checked before reading, so a huge file costs
// nothing.
std::optional<std::string> read_file(const std::string& path, sh::InputKind kind, sh::Diagnostics& diags);
bool write_file(const std::string& path, const std::string& data);  // "-" writes to stdout
// write_file, or "sigma-heatmap COMMAND: cannot write PATH" on stderr and false.
bool put_file(const char* command, const std::string& path, const std::string& data);
// The picture as PNG bytes; "" after "sigma-heatmap COMMAND: WHY; no WHAT written" when it cannot be made.
std::string png_bytes(const char* command, const sh::MatrixImage& picture, float scale, const char* what);

// A rule input to load: a file on disk (read when loaded) or an entry of a .zip archive (read
// already), and the name it goes by in rules, layers and diagnostics.
struct RuleFile {
    std::string path;                 // to open; empty for an archive entry
    std::string name;                 // a file given by itself: its path as given; a file found in a
                                      // folder: the folder's own name + its path inside it
                                      // ("rules/windows/a.yml", '/' separators), as the page names the
                                      // files of a folder, so the same folder gives the same layer bytes
                                      // in both and no home directory leaks into it; an archive entry:
                                      // its path inside the archive (a zip of a folder names it alike)
    std::optional<std::string> text;  // archive entries only
};

// Rule files named by PATHs: files as given, folders recursively — *.yml / *.yaml in any case
// (sh::is_rule_file_name, the page's rule too) when `patterns` is empty, else the names matching
// one of the glob patterns (any case, as in archives) — sorted by name within each folder so every
// run loads in the same order.
std::vector<RuleFile> collect_rule_files(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& patterns, sh::Diagnostics& diags);

// PATHs expanded in order: a .zip file into its rule entries (zip.hpp), anything else as
// collect_rule_files does it.
std::vector<RuleFile> collect_rule_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& patterns,
                                          sh::Diagnostics& diags);

// What a caller running load_rule_files beside other work may tell it: stop (files not started
// are skipped), and whether progress may be printed yet (not while the caller prints).
struct LoadControl {
    std::atomic<bool> stop{false};
    std::atomic<bool> may_report{true};
};

// Loads every file with up to `jobs` threads (0 = all cores); rules and diagnostics come back in
// file order whatever the threads did. `progress` reports on stderr for large inputs.
sh::LoadResult load_rule_files(const std::vector<RuleFile>& files, unsigned jobs, bool progress,
                               bool full_yaml_parse = false, const LoadControl* control = nullptr);

// ATT&CK input files named by paths: a file as it is; a folder in the misp-galaxy layout stands
// for its three ATT&CK files (clusters/mitre-attack-pattern.json, galaxies/mitre-attack-pattern.json,
// clusters/mitre-intrusion-set.json), any other folder for the *.json files directly inside it.
std::vector<sh::SourceFile> read_attack_inputs(const std::vector<std::string>& paths, sh::Diagnostics& diags);

// ATT&CK data for --attack-data: read_attack_inputs + sh::build_catalogue.
bool load_attack_data(const std::vector<std::string>& paths, const std::string& version, const std::string& domain,
                      sh::Catalogue& out, sh::Diagnostics& diags);

// Every diagnostic but the informational ones (all with `verbose`; only the errors with `quiet`).
void print_diagnostics(const sh::Diagnostics& diags, bool verbose, bool quiet = false);

// Today's local date as YYYY-MM-DD: the default date under an image's or a board's title (the
// core reads no clock).
std::string today();

}  // namespace cli
