// cmd_layer.cpp — STUB, being replaced.
#include "commands.hpp"
namespace cli { int cmd_layer(const Args&) { return 2; } }
