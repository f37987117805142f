// declare.hpp — what every command's option table is made of and what is generated from the
// tables: validators with clear messages, the help layout, --print-config, the --config reader,
// bash completion and "did you mean" suggestions. Commands declare options with CLI11
// (Debian's libcli11-dev) and these helpers; nothing here knows a particular command.
#pragma once
#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace cli {

// A usage problem found after parsing (option combinations CLI11 cannot state): printed like
// CLI11's own parse errors, one line, exit 2.
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Thrown by --print-config once the command line and --config are read (before required
// options are checked, so a partial configuration can be printed).
struct PrintConfigRequest {
    const CLI::App* command;
};

// --- validators and option shapes ---
// One of `values` (exact); the message lists them and suggests the nearest. Sets the metavar
// to "a|b|c", which help and completion show.
CLI::Option* choices(CLI::Option* opt, const std::vector<std::string>& values);
// A number in [min, max], a whole one unless `decimals`: "--scale: needs a number from 0.25 to 8, not
// 'big'", "--top: needs a whole number >= 0, not 'many'".
inline constexpr long kAnyNumber = 1000000000L;
CLI::Option* number_in(CLI::Option* opt, double min, double max, bool decimals = true);
// A non-empty value (file names: "--report needs a file name").
CLI::Option* non_empty(CLI::Option* opt, const std::string& what);
// Given several times, each time with one value (a vector option never swallows the PATHs after it);
// a positional: every remaining argument (PATH...).
CLI::Option* repeatable(CLI::Option* opt);

// --- declaring a table: one line per option ---
// The options declared after this call belong to `group` (help, README and --print-config sections).
void in_group(CLI::App& cmd, const char* group);
// One of `values`, stored as the string or handed to `set`; `fallback` is the default help shows.
CLI::Option* add_choice(CLI::App& cmd, const std::string& names, const std::vector<std::string>& values,
                        std::function<void(const std::string&)> set, const std::string& description,
                        const std::string& fallback = "");
CLI::Option* add_choice(CLI::App& cmd, const std::string& names, const std::vector<std::string>& values,
                        std::string& into, const std::string& description);
// --palette: one of `values`; "color-blind", "colourblind" and "colorblind" read as "colour-blind".
CLI::Option* add_palette(CLI::App& cmd, const std::vector<std::string>& values, std::string& into,
                         const std::string& description);
// A whole number >= min (int, unsigned or size_t), or handed to `set`.
template <class Number>
CLI::Option* add_number(CLI::App& cmd, const std::string& names, Number& into, const std::string& description,
                        long min = -kAnyNumber, long max = kAnyNumber) {
    return number_in(cmd.add_option(names, into, description), min, max, false);
}
CLI::Option* add_number(CLI::App& cmd, const std::string& names, std::function<void(int)> set,
                        const std::string& description, long min = -kAnyNumber);
// Free text (a name, a colour, a title): any value, the empty one included; repeatable when bound to
// a vector.
template <class Text>
CLI::Option* add_text(CLI::App& cmd, const std::string& names, Text& into, const std::string& description,
                      const std::string& metavar = "TEXT") {
    CLI::Option* opt = cmd.add_option(names, into, description)->type_name(metavar);
    return std::is_same_v<Text, std::vector<std::string>> ? repeatable(opt) : opt;
}
// A file or folder name (never empty); repeatable when bound to a vector.
template <class File>
CLI::Option* add_file(CLI::App& cmd, const std::string& names, File& into, const std::string& description,
                      const std::string& metavar = "FILE") {
    return non_empty(add_text(cmd, names, into, description, metavar), "a file name");
}

// The groups help shows, in this order, and README's tables follow.
namespace group {
inline const char* const kArguments = "Arguments";
inline const char* const kOutput = "Output";
inline const char* const kRuleInput = "Rule input";
inline const char* const kScoring = "Scoring";
inline const char* const kAttackData = "ATT&CK data";
inline const char* const kReport = "Report";
inline const char* const kCompare = "Compare and report";
inline const char* const kThreats = "Threats";
inline const char* const kRanking = "Ranking";
inline const char* const kAlert = "Alert";
inline const char* const kDrawing = "Drawing";
inline const char* const kMessages = "Messages";
inline const char* const kGeneral = "General";
}  // namespace group

// A command: usage line, description and footer for help; -h in the General group, the options
// declared next in Arguments.
CLI::App* add_command(CLI::App& root, const std::string& name, const std::string& summary, const std::string& usage,
                      const std::string& description, const std::string& footer);
// --print-config, in General with the root's --config: declared after all the command's other
// options, so that every other option's validator has run when it prints.
void add_print_config(CLI::App& cmd);

// --- generated from the declarations ---
// Help of the root (commands) or of one command (groups of options, defaults, needs): set on the root
// before the commands are added, which inherit it.
std::shared_ptr<CLI::FormatterBase> help_formatter();
// The command's effective options as a TOML section that --config reads back.
std::string config_text(const CLI::App& cmd);
// A bash completion script for every command, option and choice.
std::string bash_completion(const CLI::App& root);
// The closest of `candidates` to `typed` ("" when none is close): "--min-levle" -> "--min-level".
std::string nearest(const std::string& typed, const std::vector<std::string>& candidates);
// Every name of the command's options ("--output", "-o", ...), the root's --config included.
std::vector<std::string> option_names(const CLI::App& cmd);

// Reads --config FILE as TOML/INI: top-level keys and the [COMMAND] section apply to the command
// being run, other commands' sections are skipped, an unknown key is an error with a suggestion.
class CommandConfig : public CLI::ConfigTOML {
  public:
    // Comments are stripped before CLI11 sees the text (quote-aware); CLI11 2.1 would cut a value
    // at any comment character, "#ff6666" included.
    explicit CommandConfig(const CLI::App& root) : root_(root) { commentChar = '\0'; }
    std::vector<CLI::ConfigItem> from_config(std::istream& input) const override;

  private:
    const CLI::App& root_;
};

}  // namespace cli
