// fuzz_config.cpp — libFuzzer harness for the CLI's --config reader (src/cli/declare.cpp:
// CommandConfig, its quote-aware comment stripper and multi-line array joining over CLI11 2.1's
// TOML/INI reader): any bytes give the configuration items of the command run or one usage error
// (a CLI::ParseError, which main() turns into one line and exit 2), never a crash, a hang or any
// other exception; the same bytes read twice give the same items; every item kept names an option
// of the command run. Native CLI only (CLI11), so not in harnesses.hpp, like fuzz_zip.cpp; built by
// tests/fuzz/fuzz.cmake as build/fuzz/fuzz_config and run by `scripts/fuzz [SECONDS] config`.
#include <CLI/CLI.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli/declare.hpp"

namespace {

// A root like main()'s with two commands; "layer" is the one being run.
struct Cli {
    CLI::App root{"fuzz", "sigma-heatmap"};
    std::string name, output;
    std::vector<std::string> paths;
    int top = 0, threshold = 0;
    bool fail_on_gaps = false;
    std::shared_ptr<cli::CommandConfig> config;
    Cli() {
        root.set_config("--config");
        CLI::App* layer = root.add_subcommand("layer");
        layer->add_option("--name", name);
        layer->add_option("-o,--output", output);
        layer->add_option("--top", top);
        layer->add_flag("--fail-on-gaps", fail_on_gaps);
        layer->add_option("paths", paths);
        root.add_subcommand("diff")->add_option("--threshold", threshold);
        config = std::make_shared<cli::CommandConfig>(root);
        root.parse(std::vector<std::string>{"layer"});
    }
};

// The items, or false for a usage error.
bool read(const Cli& c, const std::string& text, std::vector<CLI::ConfigItem>& items) {
    std::istringstream in(text);
    try {
        items = c.config->from_config(in);
        return true;
    } catch (const CLI::ParseError&) {
        return false;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static Cli c;
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<CLI::ConfigItem> first, second;
    const bool ok = read(c, text, first);
    if (read(c, text, second) != ok) std::abort();
    if (!ok) return 0;
    if (first.size() != second.size()) std::abort();
    const CLI::App& layer = *c.root.get_subcommand("layer");
    for (std::size_t i = 0; i < first.size(); ++i) {
        if (first[i].name != second[i].name || first[i].inputs != second[i].inputs || first[i].parents != second[i].parents)
            std::abort();
        const std::string& key = first[i].name;
        if (!layer.get_option_no_throw("--" + key) && !layer.get_option_no_throw("-" + key) && !layer.get_option_no_throw(key))
            std::abort();  // an item for an option the command does not have
    }
    return 0;
}
