// cmd_image.cpp — STUB, being replaced.
#include "commands.hpp"
#include <cstdio>
namespace cli {
int cmd_svg(const Args&) { std::fputs("not implemented yet\n", stderr); return 2; }
int cmd_png(const Args&) { std::fputs("not implemented yet\n", stderr); return 2; }
}
