// naive_loadall.cpp — the benchmark baseline: read every rule file and YAML::LoadAll it, one
// thread, building full node trees. What a straightforward implementation would do.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

int main(int argc, char** argv) {
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i)
        for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i])) {
            const auto ext = e.path().extension();
            if (e.is_regular_file() && (ext == ".yml" || ext == ".yaml")) files.push_back(e.path().string());
        }
    std::sort(files.begin(), files.end());
    std::size_t docs = 0, errors = 0;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        try {
            docs += YAML::LoadAll(ss.str()).size();
        } catch (const YAML::Exception&) {
            ++errors;
        }
    }
    std::fprintf(stderr, "naive: %zu files, %zu documents, %zu errors\n", files.size(), docs, errors);
    return 0;
}
