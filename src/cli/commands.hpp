// commands.hpp — the CLI's commands. Each add_<command> declares the command and its option table
// (its own options plus the shared groups of options.hpp) on the root CLI11 app and returns what
// runs it once the command line and any --config file have been parsed and validated; running
// returns the process exit code.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/render/image.hpp"

namespace CLI {
class App;
}

namespace cli {

using Run = std::function<int()>;

Run add_layer(CLI::App& root);      // cmd_layer.cpp
Run add_catalogue(CLI::App& root);  // cmd_catalogue.cpp
Run add_diff(CLI::App& root);       // cmd_diff.cpp
Run add_gaps(CLI::App& root);       // cmd_gaps.cpp
Run add_threats(CLI::App& root);    // cmd_threats.cpp
Run add_svg(CLI::App& root);        // cmd_image.cpp
Run add_png(CLI::App& root);        // cmd_image.cpp
Run add_board(CLI::App& root);      // cmd_board.cpp
Run add_history(CLI::App& root);    // cmd_history.cpp

// What `svg`/`png` draw; `layer --svg/--png` fills it in and draws through the same run_image.
struct ImageArgs {
    bool png = false;
    std::string input, output;
    sh::ImageOptions io;
    std::string palette = "layer", expand = "none";
    std::optional<std::string> title;  // unset: the layer's name
    std::optional<std::string> date;   // unset: today
    std::vector<std::string> attack_data;
    std::string attack_version, domain;
    std::optional<int> min_score, max_score;
    float scale = 1;
    bool quiet = false, verbose = false;
};
int run_image(const ImageArgs& args);

}  // namespace cli
