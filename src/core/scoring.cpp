// scoring.cpp — STUB
#include "scoring.hpp"
namespace sh {
std::optional<ScoreProfile> parse_profile(std::string_view) { return std::nullopt; }
const char* profile_name(ScoreProfile) { return ""; }
int rule_points(ScoreProfile, Level) { return 0; }
ScoreResult score_rules(const std::vector<Rule>&, const Catalogue&, const ScoreOptions&) { return {}; }
}
