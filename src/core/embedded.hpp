// embedded.hpp — files compiled into the binaries (catalogues, font, sample rules), generated
// from assets/ and the font package at build time by cmake/embed.cmake.
#pragma once
#include <cstddef>
#include <string_view>
#include <vector>

namespace sh {

struct EmbeddedFile {
    std::string_view name;  // path relative to assets/, e.g. "attack/enterprise-attack-19.json"
    std::string_view data;
};

// All embedded files, sorted by name; an empty view when a name is unknown.
const std::vector<EmbeddedFile>& embedded_files();
std::string_view embedded_file(std::string_view name);

}  // namespace sh
