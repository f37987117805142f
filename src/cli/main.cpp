// main.cpp — sigma-heatmap CLI: dispatch to subcommands.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.hpp"

namespace {

const char* kUsage =
    "sigma-heatmap — ATT&CK coverage heat-maps from Sigma rules\n"
    "\n"
    "Usage:\n"
    "  sigma-heatmap layer [options] PATH... -o OUT.json   Navigator layer from rule files/folders\n"
    "  sigma-heatmap catalogue [options] INPUT... -o FILE  ATT&CK catalogue from STIX / MISP data\n"
    "  sigma-heatmap diff [options] PREV.json CURRENT.json changes between two layers, alerts\n"
    "  sigma-heatmap gaps [options] PATH...                prioritised coverage gaps\n"
    "  sigma-heatmap svg|png [options] LAYER.json -o OUT   heat-map image of a layer\n"
    "  sigma-heatmap board [options] RULES...|LAYER.json -o BOARD.html\n"
    "                                                      the board as one HTML document\n"
    "  sigma-heatmap COMMAND --help                        options of a command\n";

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    cli::Args args(argv + 2, argv + argc);
    if (cmd == "layer") return cli::cmd_layer(args);
    if (cmd == "catalogue") return cli::cmd_catalogue(args);
    if (cmd == "diff") return cli::cmd_diff(args);
    if (cmd == "gaps") return cli::cmd_gaps(args);
    if (cmd == "svg") return cli::cmd_svg(args);
    if (cmd == "png") return cli::cmd_png(args);
    if (cmd == "board") return cli::cmd_board(args);
    if (cmd == "--version") { std::puts("sigma-heatmap 0.1.0"); return 0; }
    std::fprintf(stderr, "sigma-heatmap: unknown command '%s'\n\n%s", cmd.c_str(), kUsage);
    return 2;
}
