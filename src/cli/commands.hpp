// commands.hpp — the CLI's subcommands; each takes its arguments after the subcommand name
// and returns the process exit code.
#pragma once
#include <string>
#include <vector>

namespace cli {

using Args = std::vector<std::string>;

int cmd_layer(const Args& args);
int cmd_catalogue(const Args& args);

}  // namespace cli
