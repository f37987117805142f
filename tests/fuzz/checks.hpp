// checks.hpp — the promises every harness checks (see harnesses.hpp).
#pragma once
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/rules.hpp"
#include "harnesses.hpp"

namespace fuzz {

inline std::string_view text_of(const uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline void check(bool ok, const std::string& what) {
    if (!ok) fail(what);
}

// At most this many diagnostics from one reader on one input: the sink's 200 per file plus one
// summary per kind of problem (a reader knows at most a few dozen kinds).
constexpr std::size_t kMaxDiagnosticsPerReader = 260;

// d[first..]: at most max_count, each naming `file` ("" accepted when empty_ok), each message
// non-empty, one line of printable valid UTF-8 without NUL (what the sink promises).
void check_diagnostics(const sh::Diagnostics& d, std::size_t first, const std::string& file,
                       std::size_t max_count = kMaxDiagnosticsPerReader, bool empty_ok = false);

// Scores read from files stay within ±1e9 (limits::kMaxAbsScore), so sums of two fit an int.
void check_score(long long score, const char* what);

bool same_rules(const sh::LoadResult& a, const sh::LoadResult& b);
// The first difference between two loads (rules, then diagnostics) in words; empty when the same.
std::string rules_difference(const sh::LoadResult& a, const sh::LoadResult& b);

}  // namespace fuzz
