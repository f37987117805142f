// main.cpp — the Catch2 test main, compiled once for the whole unit suite.
#define CATCH_CONFIG_MAIN
#include "catch.hpp"
