// limits.hpp — every limit on outside input, in one place: the size each kind of input may have,
// the caps on diagnostics per file, and the range of numbers read from files. The CLI checks sizes
// before reading a file, the core again on the text it is given, and the page's glue.js holds the
// same numbers (a unit test compares them). README's "Limits" table states them for users.
//
// Why limits at all: every reader promises time and memory linear in its input, and a bound on the
// input turns that into a bound in seconds and megabytes. Real inputs stay far below each limit.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

#include "result.hpp"

namespace sh {

enum class InputKind : unsigned char {
    RuleYaml,     // a Sigma rule file (one or more YAML documents)
    RulesCsv,     // a seed-style rules sheet: title,attack_id,level,status
    Layer,        // an ATT&CK Navigator layer (JSON): diff inputs, baselines, targets, images
    ReportCsv,    // technique frequencies, targets, SIEM alerts, rule test results
    WeightsYaml,  // the gap priority weights profile (--weights)
    AttackData,   // an official STIX bundle, a MISP galaxy file or a sigma-heatmap catalogue
    ShareLink,    // the "#s=..." fragment of a share link
    HistoryJson,  // a history trend (`history --trend FILE.json`), opened in the page's Trends tab
};

namespace limits {

// Sizes, in bytes. Official inputs for scale: SigmaHQ's largest rule ~60 KB; our layer for all of
// SigmaHQ ~4 MB; the official enterprise STIX bundle (v18.1) ~30 MB (v17 with analytics ~45 MB).
constexpr std::size_t kRuleYamlBytes = 8u << 20;
constexpr std::size_t kRulesCsvBytes = 8u << 20;
constexpr std::size_t kLayerBytes = 32u << 20;
constexpr std::size_t kReportCsvBytes = 8u << 20;
constexpr std::size_t kWeightsYamlBytes = 1u << 20;
constexpr std::size_t kAttackDataBytes = 128u << 20;
constexpr std::size_t kShareLinkBytes = 64u << 10;
// A weekly trend of SigmaHQ since 2017 with its blame is ~2 MB. The page takes a .json before it
// knows whether it is a layer or a trend, so both kinds have the same limit.
constexpr std::size_t kHistoryJsonBytes = 32u << 20;

// Diagnostics kept per input file; beyond them, one summary line each ("N more like this").
constexpr int kDiagnosticsPerFile = 200;     // of all kinds together
constexpr int kDiagnosticsPerKind = 20;      // of one kind of problem (a CSV with a million bad rows)
constexpr int kDiagnosticsPerDocument = 50;  // per YAML document (a rule with 1M malformed tags)
constexpr std::size_t kDiagnosticBytes = 1000;  // a message quoting hostile text is cut here

// Numbers read from files: scores (layers, targets, share links) are integers within ±kMaxAbsScore,
// so that sums, differences and ranges of two of them still fit an int.
constexpr double kMaxAbsScore = 1e9;
// Weights of the gap priority formula and the quality formula's scale and exponents.
constexpr double kMaxWeight = 1e6;
// Counts read from files (rules, techniques, files in a history trend) are whole numbers
// 0..kMaxCount; thresholds 1..kMaxAbsScore (a score, as the CLI's --kpi-threshold takes it).
constexpr double kMaxCount = 1e9;
// Points of one history trend (a daily history of 270 years): each point read costs ~0.5 KB
// whatever its size in the file, so the count, not only the bytes, bounds the memory.
constexpr std::size_t kHistoryPoints = 100000;
// A technique id in a trend's changes and blame (T1059.001; custom catalogues' ids are short too):
// the alert text repeats it on each commit's line.
constexpr std::size_t kHistoryIdBytes = 64;
// A trend's platform filter: names, and bytes of all names together (ATT&CK 18.1's ICS matrix has
// the most: 22 names, 276 bytes). The alert of every diff names them, so they must stay short.
constexpr std::size_t kHistoryPlatforms = 32;
constexpr std::size_t kHistoryPlatformBytes = 512;

}  // namespace limits

// The size limit of an input kind, and the words that name the kind in messages.
std::size_t max_input_bytes(InputKind kind);
const char* input_kind_name(InputKind kind);  // "Sigma rule", "Navigator layer", ...

// The one "too large" diagnostic: nullopt when `bytes` is within the limit, else an Error naming
// the file, its size and the limit. Front ends call it before reading a file, the readers on the text.
// limit 0: the kind's own (a reader's options may lower it).
std::optional<Diagnostic> check_input_size(InputKind kind, const std::string& file, std::size_t bytes,
                                           std::size_t limit = 0);

}  // namespace sh
