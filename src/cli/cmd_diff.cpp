// cmd_diff.cpp — STUB, being replaced.
#include "commands.hpp"
#include <cstdio>
namespace cli { int cmd_diff(const Args&) { std::fputs("not implemented yet\n", stderr); return 2; } }
