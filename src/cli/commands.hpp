// commands.hpp — the CLI's subcommands; each takes its arguments after the subcommand name
// and returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace cli {

using Args = std::vector<std::string>;

int cmd_layer(const Args& args);
int cmd_catalogue(const Args& args);
int cmd_diff(const Args& args);   // cmd_diff.cpp
int cmd_gaps(const Args& args);   // cmd_gaps.cpp
int cmd_svg(const Args& args);    // cmd_image.cpp
int cmd_png(const Args& args);    // cmd_image.cpp
int cmd_board(const Args& args);  // cmd_board.cpp

}  // namespace cli
