// rules.cpp — STUB, being replaced.
#include "rules.hpp"
namespace sh {
std::optional<Level> parse_level(std::string_view) { return std::nullopt; }
std::optional<Status> parse_status(std::string_view) { return std::nullopt; }
const char* level_name(Level) { return ""; }
const char* status_name(Status) { return ""; }
void load_rules_from_text(std::string_view, const std::string&, LoadResult&, const LoadOptions&) {}
}
