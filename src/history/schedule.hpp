// history/schedule.hpp — when the history is sampled: one point at the end of every week (Sunday),
// month or quarter between two dates, in UTC, plus the last date itself when it does not end a
// period (so the newest state is always a point). Plain calendar arithmetic on day numbers; no
// clock, no time zone database.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sh::history {

enum class Every { Week, Month, Quarter };
std::optional<Every> parse_every(std::string_view s);  // week|weekly, month|monthly, quarter|quarterly
const char* every_name(Every e);                       // "week", "month", "quarter"

// Days since 1970-01-01 (proleptic Gregorian) and back.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
void civil_from_days(int64_t days, int64_t& y, unsigned& m, unsigned& d);
// "YYYY-MM-DD" -> day number; nullopt unless it is a real date in that exact form.
std::optional<int64_t> parse_day(std::string_view s);
std::string format_day(int64_t day);   // "2024-03-10"
int64_t day_of(int64_t seconds);       // the UTC day of a time in seconds since the epoch

struct SchedulePoint {
    int64_t day = 0;      // the point is the end of this day (23:59:59 UTC)
    std::string date;     // format_day(day)
    std::string period;   // the period ending here: "the week of 2024-03-04", "March 2024", "Q1 2024"
};

// Period ends from the first one on or after `since` to the last one on or before `until`, then
// `until` when it is not a period end. Empty when until < since.
std::vector<SchedulePoint> schedule(Every every, int64_t since, int64_t until);

// The last second of a point's day.
inline int64_t end_of_day(int64_t day) { return day * 86400 + 86399; }

}  // namespace sh::history
