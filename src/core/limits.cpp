// limits.cpp — see limits.hpp.
#include "limits.hpp"

#include <cstdio>

namespace sh {

std::size_t max_input_bytes(InputKind kind) {
    switch (kind) {
        case InputKind::RuleYaml: return limits::kRuleYamlBytes;
        case InputKind::RulesCsv: return limits::kRulesCsvBytes;
        case InputKind::Layer: return limits::kLayerBytes;
        case InputKind::ReportCsv: return limits::kReportCsvBytes;
        case InputKind::WeightsYaml: return limits::kWeightsYamlBytes;
        case InputKind::AttackData: return limits::kAttackDataBytes;
        case InputKind::ShareLink: return limits::kShareLinkBytes;
        case InputKind::HistoryJson: return limits::kHistoryJsonBytes;
    }
    return limits::kRuleYamlBytes;
}

const char* input_kind_name(InputKind kind) {
    switch (kind) {
        case InputKind::RuleYaml: return "Sigma rule";
        case InputKind::RulesCsv: return "rules CSV";
        case InputKind::Layer: return "Navigator layer";
        case InputKind::ReportCsv: return "report CSV";
        case InputKind::WeightsYaml: return "weights file";
        case InputKind::AttackData: return "ATT&CK data file";
        case InputKind::ShareLink: return "share link";
        case InputKind::HistoryJson: return "history trend";
    }
    return "file";
}

namespace {

std::string size_text(std::size_t bytes) {
    char buf[32];
    if (bytes >= (1u << 20)) std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    else std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024.0);
    return buf;
}

}  // namespace

std::optional<Diagnostic> check_input_size(InputKind kind, const std::string& file, std::size_t bytes,
                                           std::size_t limit) {
    if (limit == 0) limit = max_input_bytes(kind);
    if (bytes <= limit) return std::nullopt;
    return Diagnostic{Severity::Error, file, 0, 0,
                      std::string("file is too large to be a ") + input_kind_name(kind) + ": " + size_text(bytes) +
                          " (" + std::to_string(bytes) + " bytes; the limit is " + size_text(limit) +
                          "); file skipped"};
}

}  // namespace sh
