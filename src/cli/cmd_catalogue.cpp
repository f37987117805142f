// cmd_catalogue.cpp — STUB, being replaced.
#include "commands.hpp"
namespace cli { int cmd_catalogue(const Args&) { return 2; } }
