// main.cpp — sigma-heatmap CLI: the root CLI11 app, its commands (commands.hpp), --config and
// --print-config, help, completion, and one place that turns every usage problem into one line on
// stderr and exit status 2.
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "commands.hpp"
#include "declare.hpp"

namespace {

using cli::nearest;

// "unknown option --min-levle; did you mean --min-level?" for the first argument nobody took.
std::string unknown_argument(const CLI::App& root, const CLI::App* cmd) {
    const std::vector<std::string> left = root.remaining(true);
    if (left.empty()) return {};
    const std::string& arg = left.front();
    if (arg.size() > 1 && arg[0] == '-') {
        const std::string name = arg.substr(0, arg.find('='));
        std::vector<std::string> known = cmd ? cli::option_names(*cmd) : cli::option_names(root);
        std::string msg = "unknown option " + name;
        const bool short_option = name.size() == 2;  // "-x": any one letter is "near" another; no guess
        if (const std::string near = nearest(name, known); !near.empty() && !short_option)
            msg += "; did you mean " + near + "?";
        return msg;
    }
    if (!cmd) {
        std::vector<std::string> names;
        for (const CLI::App* c : root.get_subcommands([](const CLI::App*) { return true; })) names.push_back(c->get_name());
        std::string msg = "unknown command '" + arg + "'";
        if (const std::string near = nearest(arg, names); !near.empty()) msg += "; did you mean " + near + "?";
        return msg;
    }
    return "unexpected argument '" + arg + "'";
}

// CLI11 names a missing positional by its config key ("paths is required"): say PATH... instead.
std::string missing_argument(const CLI::App* cmd, const std::string& message) {
    if (cmd)
        for (const CLI::Option* o : cmd->get_options([](const CLI::Option* o) { return o->get_positional(); }))
            if (o->get_required() && o->count() == 0) return "no " + o->get_type_name() + " given";
    return message;
}

int usage_error(const CLI::App* cmd, const std::string& msg) {
    const std::string name = cmd ? "sigma-heatmap " + cmd->get_name() : std::string("sigma-heatmap");
    std::fprintf(stderr, "%s: %s (see %s --help)\n", name.c_str(), msg.c_str(), name.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App root{"sigma-heatmap — ATT&CK coverage heat-maps from Sigma rules", "sigma-heatmap"};
    // Before any command exists, so each inherits them.
    root.option_defaults()->always_capture_default()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    root.formatter(cli::help_formatter());
    root.require_subcommand(0, 1);  // a PATH named like a command ("diff/") stays a PATH
    root.allow_extras();            // unknown arguments are reported below, with a suggestion
    root.set_config("--config", "",
                    "read options from a TOML/INI file: its top-level keys and its [COMMAND] section apply to the "
                    "command run (the command line wins), other commands' sections are skipped")
        ->type_name("FILE");
    root.config_formatter(std::make_shared<cli::CommandConfig>(root));
    bool version = false;
    root.add_flag("--version", version, "print the version");

    std::map<const CLI::App*, cli::Run> runs;
    auto added = [&root] { return root.get_subcommands([](CLI::App*) { return true; }).back(); };
    for (auto add : {cli::add_layer, cli::add_catalogue, cli::add_diff, cli::add_gaps, cli::add_threats, cli::add_svg,
                     cli::add_png, cli::add_board, cli::add_history}) {
        cli::Run run = add(root);
        cli::add_print_config(*added());
        runs[added()] = std::move(run);
    }
    std::string shell;
    CLI::App* completion = cli::add_command(root, "completion", "shell completion script", "completion bash",
                                            "Writes a bash completion script generated from the option tables: "
                                            "source <(sigma-heatmap completion bash)",
                                            "");
    cli::choices(completion->add_option("shell", shell, "the shell")->required(), {"bash"});
    runs[completion] = [&root] { return std::fputs(cli::bash_completion(root).c_str(), stdout) < 0; };
    for (CLI::App* cmd : root.get_subcommands([](const CLI::App*) { return true; })) cmd->fallthrough();  // --config

    if (argc < 2) {
        std::fputs(root.help().c_str(), stderr);
        return 2;
    }
    auto running = [&root]() -> const CLI::App* {
        const auto parsed = root.get_subcommands();
        return parsed.empty() ? nullptr : parsed.front();
    };
    try {
        root.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(root.help().c_str(), stdout);
        return 0;
    } catch (const cli::PrintConfigRequest& request) {
        if (const std::string unknown = unknown_argument(root, request.command); !unknown.empty())
            return usage_error(request.command, unknown);
        std::fputs(cli::config_text(*request.command).c_str(), stdout);
        return 0;
    } catch (const CLI::RequiredError& e) {
        const std::string unknown = unknown_argument(root, running());
        return usage_error(running(), unknown.empty() ? missing_argument(running(), e.what()) : unknown);
    } catch (const CLI::ParseError& e) {
        // An unknown option explains a missing value or PATH better than the error it caused.
        const std::string unknown = unknown_argument(root, running());
        return usage_error(running(), unknown.empty() ? e.what() : unknown);
    }
    if (const std::string unknown = unknown_argument(root, running()); !unknown.empty())
        return usage_error(running(), unknown);
    if (version) {
        std::puts("sigma-heatmap 0.1.0");
        return 0;
    }
    if (!running()) {
        std::fputs(root.help().c_str(), stderr);
        return 2;
    }
    try {
        return runs.at(running())();
    } catch (const cli::UsageError& e) {
        return usage_error(running(), e.what());
    }
}
