// declare.cpp — validators, help layout, --print-config, --config reading, bash completion and
// suggestions, all derived from the CLI11 declarations so none of them can drift from the options.
#include "declare.hpp"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>
#include <sstream>
#include <string_view>

#include "core/text_encoding.hpp"

namespace cli {

namespace {

// Usage line and description of each command (CLI11 2.1 keeps no usage text; its description is
// the summary the root help lists).
struct CommandText {
    std::string usage, description;
};
std::map<const CLI::App*, CommandText>& command_texts() {
    static std::map<const CLI::App*, CommandText> texts;
    return texts;
}

constexpr std::size_t kHelpWidth = 100;     // wrap help text here
constexpr std::size_t kOptionColumn = 29;   // descriptions start here

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
    std::string s;
    for (const auto& p : parts) s += (s.empty() ? "" : sep) + p;
    return s;
}

// Words of `text` broken into lines of at most kHelpWidth columns, the first starting at column
// `indent` and the others indented to it by whoever prints them; explicit newlines are kept.
std::string wrap(const std::string& text, std::size_t indent) {
    std::string out, line, word;
    std::size_t col = indent;
    std::istringstream lines(text);
    for (bool first = true; std::getline(lines, line); first = false) {
        if (!first) out += '\n', col = indent;
        std::istringstream words(line);
        for (bool start = true; words >> word; start = false) {
            if (!start && col + 1 + word.size() > kHelpWidth) out += '\n', col = indent;
            else if (!start) out += ' ', ++col;
            out += word;
            col += word.size();
        }
    }
    return out;
}

bool is_flag(const CLI::Option* o) { return o->get_expected_max() == 0; }
bool is_vector(const CLI::Option* o) { return o->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll; }

// A default worth showing: not empty, not an empty list.
std::string shown_default(const CLI::Option* o) {
    const std::string d = o->get_default_str();
    return d == "[]" || d == "\"\"" ? std::string() : d;
}

// "--output", "-o": an option's names as typed, long ones first (or short ones first).
std::vector<std::string> dashed(const CLI::Option* o, bool short_first = false) {
    std::vector<std::string> names;
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    for (const auto& s : o->get_snames()) names.insert(short_first ? names.begin() : names.end(), "-" + s);
    return names;
}

// The command's groups: Arguments, the others in declaration order, General last (CLI11 declares
// --help first).
std::vector<std::string> groups_of(const CLI::App& app) {
    std::vector<std::string> groups = app.get_groups();
    groups.erase(std::remove(groups.begin(), groups.end(), std::string()), groups.end());
    auto rank = [](const std::string& g) { return g == group::kArguments ? 0 : g == group::kGeneral ? 2 : 1; };
    std::stable_sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    return groups;
}

// CLI11's help layout (groups of "  label  description" rows, descriptions from column 29) with
// the usage line, the groups in our order, the root's --config under General, the defaults and
// relations after each description, and the text wrapped at 100 columns.
class Help : public CLI::Formatter {
  public:
    Help() { column_width(kOptionColumn); }

    std::string make_option_name(const CLI::Option* o, bool) const override {
        return o->nonpositional() ? join(dashed(o, true), ", ") : o->get_type_name();
    }
    // The metavar, and a blank so that two at least part a label from its description (one that
    // cannot goes on a line of its own); a blank at the end of a line is dropped.
    std::string make_option_opts(const CLI::Option* o) const override {
        return (o->nonpositional() && !is_flag(o) && !o->get_type_name().empty() ? " " + o->get_type_name() : "") + " ";
    }
    std::string make_option(const CLI::Option* o, bool positional) const override {
        std::string row = CLI::Formatter::make_option(o, positional);
        if (const auto end = row.find(" \n"); end != std::string::npos) row.erase(end, 1);
        return row;
    }
    std::string make_option_desc(const CLI::Option* o) const override {
        std::vector<std::string> notes;
        if (!is_flag(o) && !shown_default(o).empty()) notes.push_back("default " + shown_default(o));
        if (o->get_required()) notes.push_back("required");
        if (is_vector(o) && o->nonpositional()) notes.push_back("repeatable");
        for (const CLI::Option* need : o->get_needs()) notes.push_back("needs " + need->get_name());
        return wrap(o->get_description() + (notes.empty() ? "" : " [" + join(notes, "; ") + "]"), kOptionColumn);
    }

    std::string make_help(const CLI::App* app, std::string, CLI::AppFormatMode) const override {
        if (!app->get_parent()) return root_help(*app);
        const CommandText& text = command_texts()[app];
        std::string out = "Usage: sigma-heatmap " + text.usage + "\n";
        if (!text.description.empty()) out += "\n" + wrap(text.description, 0) + "\n";
        for (const std::string& g : groups_of(*app)) {
            auto options = app->get_options([&](const CLI::Option* o) { return o->get_group() == g; });
            if (g == group::kGeneral && app->get_option_no_throw("--print-config") && app->get_parent()->get_config_ptr())
                options.push_back(app->get_parent()->get_config_ptr());
            out += make_group(g, false, options);
        }
        return app->get_footer().empty() ? out : out + "\n" + wrap(app->get_footer(), 0) + "\n";
    }

  private:
    static std::string root_help(const CLI::App& root) {
        std::vector<std::pair<std::string, std::string>> lines;
        for (const CLI::App* cmd : root.get_subcommands([](const CLI::App*) { return true; }))
            lines.emplace_back(command_texts()[cmd].usage, cmd->get_description());
        lines.emplace_back("COMMAND --help", "a command's options");
        lines.emplace_back("--version", "the version");
        std::size_t width = 0;
        for (const auto& l : lines) width = std::max(width, l.first.size());
        std::string out = root.get_description() + "\n\nUsage:\n";
        for (const auto& [usage, what] : lines)
            out += "  sigma-heatmap " + usage + std::string(width + 2 - usage.size(), ' ') + what + "\n";
        return out;
    }
};

// A value as --config reads it back. CLI11's reader strips either quote and unescapes nothing, so the
// quote is the one the value lacks (CLI11's own writer quotes a lone ' as ''', which its array reader
// does not read back).
std::string toml_value(const std::string& v) {
    const bool bare = v == "true" || v == "false" ||
                      (!v.empty() && v.find_first_not_of("-0123456789.") == std::string::npos &&
                       v.find_first_of("0123456789") != std::string::npos);
    if (bare) return v;
    const char q = v.find('"') == std::string::npos ? '"' : '\'';
    return q + v + q;
}

// Case-insensitive optimal string alignment distance (one transposition counts 1).
std::size_t edit_distance(const std::string& a, const std::string& b) {
    auto low = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = low(a[i - 1]) == low(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && low(a[i - 1]) == low(b[j - 2]) && low(a[i - 2]) == low(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// Strips `# comments`: a '#' outside quotes that starts the line or follows a blank once a value has
// begun after the '='. So `min-color=#ffffff` (INI style, unquoted) keeps its colour, `top = 5  # note`
// loses the note. A TOML array over several lines (`paths = [`, one value per line, comments, a
// trailing comma) becomes one line, as CLI11 2.1's reader only reads arrays on one line; blank lines
// keep the count.
std::string strip_comments(std::istream& input) {
    std::string out, line, array;  // `array`: an array's lines so far, while its '[' is open
    int depth = 0, joined = 0;
    while (std::getline(input, line)) {
        const bool continued = depth > 0;
        const std::size_t first = line.find_first_not_of(" \t"), eq = line.find('=');
        const std::size_t value = continued ? 0 : eq == std::string::npos ? eq : line.find_first_not_of(" \t", eq + 1);
        char quote = 0;
        std::size_t i = 0;
        for (; i < line.size(); ++i) {
            const char c = line[i];
            if (quote) quote = c == quote ? 0 : quote;
            else if (c == '"' || c == '\'') quote = c;
            else if (c == '#' && (i == first || (i > value && (line[i - 1] == ' ' || line[i - 1] == '\t')))) break;
            else if (value != std::string::npos && i >= value && (c == '[' || c == ']')) depth += c == '[' ? 1 : -1;
        }
        std::string kept = line.substr(0, i);
        if (!continued && depth <= 0) {
            depth = 0;
            out += kept + '\n';
            continue;
        }
        if (continued) {  // one line: the values, without the trailing comma TOML allows
            const std::size_t a = kept.find_first_not_of(" \t"), b = kept.find_last_not_of(" \t");
            kept = a == std::string::npos ? "" : kept.substr(a, b - a + 1);
            if (!kept.empty()) array += ' ' + kept;
            ++joined;
        } else {
            array = kept;
        }
        if (depth == 0) {
            const std::size_t close = array.rfind(']');
            const std::size_t before = close == std::string::npos || close == 0 ? close : array.find_last_not_of(' ', close - 1);
            if (before != std::string::npos && close != std::string::npos && array[before] == ',') array.erase(before, 1);
            out += array + '\n' + std::string(std::size_t(joined), '\n');
            array.clear();
            joined = 0;
        }
    }
    if (depth > 0) out += array + '\n';  // never closed: CLI11 says what is wrong with it
    return out;
}

}  // namespace

CLI::Option* choices(CLI::Option* opt, const std::vector<std::string>& values) {
    opt->check(CLI::Validator(
        [values](std::string& v) -> std::string {
            if (std::find(values.begin(), values.end(), v) != values.end()) return {};
            std::string msg = "'" + v + "' is not one of " + join(values, ", ");
            if (const std::string near = nearest(v, values); !near.empty()) msg += "; did you mean " + near + "?";
            return msg;
        },
        ""));
    return opt->type_name(join(values, "|"));
}

CLI::Option* number_in(CLI::Option* opt, double min, double max, bool decimals) {
    opt->check(CLI::Validator(
        [=](std::string& v) -> std::string {
            char* end = nullptr;
            const double x = v.empty() ? 0 : decimals ? std::strtod(v.c_str(), &end) : std::strtol(v.c_str(), &end, 10);
            if (!v.empty() && !*end && x >= min && x <= max) return {};
            std::ostringstream why;  // bounds as wide as kAnyNumber's go unsaid
            why << "needs a " << (decimals ? "" : "whole ") << "number";
            if (max < kAnyNumber) why << " from " << min << " to " << max;
            else if (min > -kAnyNumber) why << " >= " << min;
            return why.str() + ", not '" + v + "'";
        },
        ""));
    return opt->type_name("N");
}

CLI::Option* non_empty(CLI::Option* opt, const std::string& what) {
    opt->check(CLI::Validator([what](std::string& v) { return v.empty() ? "needs " + what : std::string(); }, ""));
    return opt;
}

CLI::Option* repeatable(CLI::Option* opt) {
    if (opt->nonpositional()) opt->allow_extra_args(false);  // a positional gets each argument by itself
    return opt->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void in_group(CLI::App& cmd, const char* group) { cmd.option_defaults()->group(group); }

CLI::Option* add_choice(CLI::App& cmd, const std::string& names, const std::vector<std::string>& values,
                        std::function<void(const std::string&)> set, const std::string& description,
                        const std::string& fallback) {
    return choices(cmd.add_option_function<std::string>(names, std::move(set), description), values)
        ->default_str(fallback);
}

CLI::Option* add_choice(CLI::App& cmd, const std::string& names, const std::vector<std::string>& values,
                        std::string& into, const std::string& description) {
    return choices(cmd.add_option(names, into, description), values);
}

CLI::Option* add_palette(CLI::App& cmd, const std::vector<std::string>& values, std::string& into,
                         const std::string& description) {
    return add_choice(cmd, "--palette", values, into, description)->transform(CLI::Validator(
        [](std::string& v) {
            if (v == "color-blind" || v == "colourblind" || v == "colorblind") v = "colour-blind";
            return std::string();
        },
        ""));
}

CLI::Option* add_number(CLI::App& cmd, const std::string& names, std::function<void(int)> set,
                        const std::string& description, long min) {
    return number_in(cmd.add_option_function<int>(names, std::move(set), description), min, kAnyNumber, false);
}

CLI::App* add_command(CLI::App& root, const std::string& name, const std::string& summary, const std::string& usage,
                      const std::string& description, const std::string& footer) {
    CLI::App* cmd = root.add_subcommand(name, summary)->footer(footer);
    command_texts()[cmd] = {usage, description};
    cmd->get_help_ptr()->group(group::kGeneral)->description("this help");
    in_group(*cmd, group::kArguments);  // what a command declares first
    return cmd;
}

void add_print_config(CLI::App& cmd) {
    cmd.add_flag_callback("--print-config", [&cmd] { throw PrintConfigRequest{&cmd}; },
                          "write the effective configuration (command line, --config file and defaults) as TOML "
                          "that --config reads back, and exit")
        ->configurable(false)
        ->group(group::kGeneral);
}

std::shared_ptr<CLI::FormatterBase> help_formatter() { return std::make_shared<Help>(); }

std::string config_text(const CLI::App& cmd) {
    std::string out = "# sigma-heatmap " + cmd.get_name() +
                      ": effective configuration; `sigma-heatmap " + cmd.get_name() + " --config FILE` reads it back\n[" +
                      cmd.get_name() + "]\n";
    for (const std::string& g : groups_of(cmd)) {
        std::string lines;
        for (const CLI::Option* o : cmd.get_options([&](const CLI::Option* o) { return o->get_group() == g; })) {
            if (!o->get_configurable() || o == cmd.get_help_ptr()) continue;
            const std::string key = o->get_single_name();
            std::vector<std::string> values = o->count() ? o->results() : std::vector<std::string>{};
            // Defaults are written as values, except where a key's mere presence means something
            // (a flag, an option that needs another): those stay comments until set.
            if (values.empty() && !is_flag(o) && o->get_needs().empty() && !shown_default(o).empty())
                values = {shown_default(o)};
            if (values.empty()) {
                lines += "# " + key + " =\n";
                continue;
            }
            if (is_flag(o)) {  // a flag given on the command line has no value of its own
                lines += key + " = " + (values.back() == "false" || values.back() == "0" ? "false" : "true") + "\n";
                continue;
            }
            std::vector<std::string> quoted;
            for (const auto& v : values) quoted.push_back(toml_value(v));
            lines += key + " = " + (is_vector(o) ? "[" + join(quoted, ", ") + "]" : quoted.back()) + "\n";
        }
        if (!lines.empty()) out += "# " + g + "\n" + lines;
    }
    return out;
}

std::vector<std::string> option_names(const CLI::App& cmd) {
    std::vector<std::string> names;
    std::vector<const CLI::Option*> options = cmd.get_options();
    if (cmd.get_option_no_throw("--print-config") && cmd.get_parent()->get_config_ptr())
        options.push_back(cmd.get_parent()->get_config_ptr());
    for (const CLI::Option* o : options)
        for (auto& n : dashed(o)) names.push_back(std::move(n));
    return names;
}

std::string nearest(const std::string& typed, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(typed, c);
        if (d < best_distance) best = c, best_distance = d;
    }
    // Close enough to be a slip: up to a third of the word (at least 1, at most 3 edits), or a
    // prefix of exactly one candidate ("--min-lev").
    const std::size_t allowed = std::clamp<std::size_t>(typed.size() / 3, 1, 3);
    if (best_distance <= allowed) return best;
    std::string prefix_of;
    for (const auto& c : candidates)
        if (typed.size() >= 3 && c.size() > typed.size() && c.compare(0, typed.size(), typed) == 0) {
            if (!prefix_of.empty()) return {};
            prefix_of = c;
        }
    return prefix_of;
}

std::string bash_completion(const CLI::App& root) {
    std::vector<std::string> commands;
    std::string cases;
    for (const CLI::App* cmd : root.get_subcommands([](const CLI::App*) { return true; })) {
        commands.push_back(cmd->get_name());
        // After an option: its choices, file names when its metavar names a file or a path, else nothing.
        std::string choice_cases;
        std::vector<std::string> file_options, other_options;
        for (const CLI::Option* o : cmd->get_options()) {
            if (!o->nonpositional() || is_flag(o)) continue;
            const std::vector<std::string> names = dashed(o);
            std::string type = o->get_type_name();
            if (type.find('|') != std::string::npos) {
                std::replace(type.begin(), type.end(), '|', ' ');
                choice_cases += "        " + join(names, "|") + ") COMPREPLY=($(compgen -W '" + type + "' -- \"$cur\")); return ;;\n";
            } else if (type.find("FILE") != std::string::npos || type.find("PATH") != std::string::npos ||
                       type.find('.') != std::string::npos) {
                file_options.insert(file_options.end(), names.begin(), names.end());
            } else {
                other_options.insert(other_options.end(), names.begin(), names.end());
            }
        }
        if (cmd->get_option_no_throw("--print-config") && root.get_config_ptr()) file_options.push_back("--config");
        std::vector<std::string> names = option_names(*cmd);
        std::sort(names.begin(), names.end());
        cases += "    " + cmd->get_name() + ")\n      case $prev in\n" + choice_cases;
        if (!file_options.empty())
            cases += "        " + join(file_options, "|") + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        if (!other_options.empty()) cases += "        " + join(other_options, "|") + ") return ;;\n";
        cases += "      esac\n      opts='" + join(names, " ") + "' ;;\n";
    }
    return "# bash completion for sigma-heatmap, generated from its option tables by `sigma-heatmap completion bash`.\n"
           "# Load it with: source <(sigma-heatmap completion bash)\n"
           "_sigma_heatmap() {\n"
           "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd='' opts i\n"
           "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
           "    case ${COMP_WORDS[i]} in " + join(commands, "|") + ") cmd=${COMP_WORDS[i]}; break ;; esac\n"
           "  done\n"
           "  case $cmd in\n"
           "    '') COMPREPLY=($(compgen -W '" + join(commands, " ") + " --help --version' -- \"$cur\")); return ;;\n" +
           cases +
           "  esac\n"
           "  if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
           "  else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n"
           "}\n"
           "complete -o filenames -o bashdefault -F _sigma_heatmap sigma-heatmap\n";
}

namespace {

// The option a config key names, as CLI11 looks keys up: long name, one-letter short name,
// positional name.
const CLI::Option* config_option(const CLI::App& cmd, const std::string& key) {
    const CLI::Option* opt = cmd.get_option_no_throw("--" + key);
    if (!opt && key.size() == 1) opt = cmd.get_option_no_throw("-" + key);
    if (!opt) opt = cmd.get_option_no_throw(key);
    return opt && opt->get_configurable() && opt != cmd.get_help_ptr() ? opt : nullptr;
}

}  // namespace

std::vector<CLI::ConfigItem> CommandConfig::from_config(std::istream& input) const {
    // As Windows editors save it too: UTF-8 with a byte order mark, UTF-16 or UTF-32 (the readers'
    // text_as_utf8); CLI11 would take the BOM for part of the first key.
    const std::string raw{std::istreambuf_iterator<char>(input), std::istreambuf_iterator<char>()};
    std::string_view text = raw;
    std::string utf8;
    if (auto problem = sh::text_as_utf8(text, utf8)) {
        const CLI::Option* config = root_.get_config_ptr();
        const std::string file = config && !config->results().empty() ? " " + config->results().back() : std::string();
        throw CLI::ConfigError("--config" + file + ":" + std::to_string(problem->line) + ": " + problem->message);
    }
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::istringstream decoded{std::string(text)};
    std::istringstream cleaned(strip_comments(decoded));
    std::vector<CLI::ConfigItem> items = CLI::ConfigTOML::from_config(cleaned);
    const std::vector<const CLI::App*> all = root_.get_subcommands([](const CLI::App*) { return true; });
    const std::vector<const CLI::App*> running = root_.get_subcommands([](const CLI::App* a) { return a->parsed(); });
    if (running.empty()) return {};
    const CLI::App& cmd = *running.front();
    std::vector<CLI::ConfigItem> mine;
    for (auto& item : items) {
        if (item.name == "++" || item.name == "--") continue;  // section markers: nothing to do for a command
        const bool top_level = item.parents.empty();
        if (!top_level && item.parents.front() != cmd.get_name()) continue;  // another command's section
        if (item.parents.size() > 1)
            throw CLI::ConfigError("--config: section [" + item.fullname().substr(0, item.fullname().rfind('.')) +
                                   "] is not a command's");
        if (!config_option(cmd, item.name)) {
            // A top-level key serves every command that has it (one file for layer and diff); a key no
            // command has, or one in this command's section, is a mistake worth stopping for.
            const bool another_has_it = top_level && std::any_of(all.begin(), all.end(), [&](const CLI::App* c) {
                                            return config_option(*c, item.name) != nullptr;
                                        });
            if (another_has_it) continue;
            std::vector<std::string> keys;
            for (const CLI::Option* o : cmd.get_options())
                if (config_option(cmd, o->get_single_name())) keys.push_back(o->get_single_name());
            std::string msg = "--config: " + cmd.get_name() + " has no option '" + item.name + "'";
            if (const std::string near = nearest(item.name, keys); !near.empty()) msg += "; did you mean " + near + "?";
            throw CLI::ConfigError(msg);
        }
        item.parents = {cmd.get_name()};
        mine.push_back(std::move(item));
    }
    return mine;
}

}  // namespace cli
