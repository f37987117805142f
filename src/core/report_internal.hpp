// report_internal.hpp — small helpers shared by the report_*.cpp files (not part of the API).
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "catalogue.hpp"
#include "diagnostics.hpp"
#include "report.hpp"

namespace sh::report_detail {

std::string lower(std::string_view s);
std::string upper(std::string_view s);
std::string_view trim(std::string_view s);
// A finite number, optionally followed by '%' (then *was_percent = true); nullopt otherwise. With
// decimal_comma (a CSV delimited by ';' or a tab, as spreadsheets write where the decimal mark is a
// comma) "25,5" is 25.5: one comma, no point.
std::optional<double> parse_number(std::string_view s, bool* was_percent = nullptr, bool decimal_comma = false);
// The delimiter of a CSV from its first line outside quotes: ',' when it has one, else ';', else a
// tab (spreadsheet exports in locales whose decimal mark is a comma), else ','.
char sniff_csv_delimiter(std::string_view text);
// "T1059", "t1059.001" -> "T1059.001"; "" when the text is not a technique id.
std::string technique_id(std::string_view s);
// The tactic a layer entry counts under: its own, or "" (every tactic of its technique, as an entry
// without one) when the catalogue knows the technique but not under that tactic (a layer made
// before ATT&CK 19's split of Defense Evasion, a typo). Without a catalogue: its own.
std::string charted_tactic(const Catalogue* cat, const CoverageEntry& e);
// Catalogue tactic order (unknown tactics after the known ones, by name).
int tactic_rank(const Catalogue* cat, const std::string& tactic);

// parse_csv one row at a time, so that a reader turns rows into results as they come and a huge
// file never exists twice in memory. Blank rows are skipped; problems go to the sink. After an
// unterminated quote (an error at the line where it opened) next() returns false.
class CsvReader {
public:
    CsvReader(std::string_view text, DiagnosticSink& sink);
    bool next(CsvRow& row);
    char delimiter() const { return delim_; }  // sniff_csv_delimiter of the text
    bool decimal_comma() const { return delim_ != ','; }

private:
    std::string_view text_;
    char delim_ = ',';
    DiagnosticSink& sink_;
    std::size_t i_ = 0;
    int line_ = 1;
    bool stopped_ = false;
};

// The "file too large" check of the report CSVs (limits.hpp: kReportCsvBytes), into the sink; then
// UTF-16 or UTF-32 text decoded into `utf8` and `text` pointed there (text_as_utf8). False, with an
// error, when the file is too large or cannot be decoded.
bool report_csv_text_ok(std::string_view& text, std::string& utf8, DiagnosticSink& sink);

// Shared pieces of the JSON forms (report_json.cpp, threats.cpp, history_report.cpp).
double r2(double v);  // rounded to 2 decimals, no -0
nlohmann::ordered_json gap_json(const GapRow& r);
nlohmann::ordered_json count_json(const CoverageCount& c);  // also history_report.cpp
nlohmann::ordered_json change_json(const TechniqueChange& t);
nlohmann::ordered_json changes_json(const std::vector<TechniqueChange>& v);
nlohmann::ordered_json trend_json(const Trend& t);
nlohmann::ordered_json board_threats_json(const BoardThreats& b);  // threats.cpp

}  // namespace sh::report_detail
