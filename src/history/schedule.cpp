// history/schedule.cpp — calendar arithmetic for the history's points (see schedule.hpp).
// days_from_civil / civil_from_days are Howard Hinnant's public-domain algorithms.
#include "history/schedule.hpp"

#include <cstdio>

namespace sh::history {

std::optional<Every> parse_every(std::string_view s) {
    if (s == "week" || s == "weekly") return Every::Week;
    if (s == "month" || s == "monthly") return Every::Month;
    if (s == "quarter" || s == "quarterly") return Every::Quarter;
    return std::nullopt;
}

const char* every_name(Every e) {
    switch (e) {
        case Every::Week: return "week";
        case Every::Month: return "month";
        case Every::Quarter: return "quarter";
    }
    return "week";
}

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int64_t>(yoe) + era * 400 + (m <= 2);
}

std::optional<int64_t> parse_day(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    auto num = [&](std::size_t from, std::size_t len, int64_t& out) {
        out = 0;
        for (std::size_t i = from; i < from + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    int64_t y, m, d;
    if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || m < 1 || m > 12 || d < 1) return std::nullopt;
    const int64_t day = days_from_civil(y, unsigned(m), unsigned(d));
    int64_t y2;
    unsigned m2, d2;
    civil_from_days(day, y2, m2, d2);
    if (y2 != y || m2 != m || d2 != d) return std::nullopt;  // 2023-02-30
    return day;
}

std::string format_day(int64_t day) {
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

int64_t day_of(int64_t seconds) { return (seconds >= 0 ? seconds : seconds - 86399) / 86400; }

namespace {

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};

// 1970-01-01 was a Thursday: weekday 0 = Monday .. 6 = Sunday.
int weekday(int64_t day) { return static_cast<int>(((day + 3) % 7 + 7) % 7); }

int64_t week_end(int64_t day) { return day + (6 - weekday(day)); }

int64_t month_end(int64_t day) {
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    return m == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, m + 1, 1) - 1;
}

int64_t quarter_end(int64_t day) {
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    const unsigned last = (m - 1) / 3 * 3 + 3;  // 3, 6, 9, 12
    return last == 12 ? days_from_civil(y + 1, 1, 1) - 1 : days_from_civil(y, last + 1, 1) - 1;
}

int64_t period_end(Every e, int64_t day) {
    switch (e) {
        case Every::Week: return week_end(day);
        case Every::Month: return month_end(day);
        case Every::Quarter: return quarter_end(day);
    }
    return day;
}

std::string period_label(Every e, int64_t day) {
    int64_t y;
    unsigned m, d;
    civil_from_days(day, y, m, d);
    switch (e) {
        case Every::Week: return "the week of " + format_day(day - weekday(day));
        case Every::Month: return std::string(kMonths[m - 1]) + " " + std::to_string(y);
        case Every::Quarter: return "Q" + std::to_string((m - 1) / 3 + 1) + " " + std::to_string(y);
    }
    return format_day(day);
}

}  // namespace

std::vector<SchedulePoint> schedule(Every every, int64_t since, int64_t until) {
    std::vector<SchedulePoint> out;
    if (until < since) return out;
    for (int64_t end = period_end(every, since); end <= until; end = period_end(every, end + 1))
        out.push_back({end, format_day(end), period_label(every, end)});
    if (out.empty() || out.back().day != until) out.push_back({until, format_day(until), period_label(every, until)});
    return out;
}

}  // namespace sh::history
