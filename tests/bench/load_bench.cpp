// load_bench.cpp — measures sh::load_rules_from_text against a naive YAML::LoadAll per file, on
// the same in-memory texts, single thread, in one process. Not built by default:
//   cmake --build build/native --target sh_core   (any native build dir holding libsh_core.a)
//   g++ -std=c++17 -O2 -Isrc tests/bench/load_bench.cpp build/native/libsh_core.a -lyaml-cpp -o /tmp/load_bench
//   /tmp/load_bench ../shared/sigma/rules [repeats]
// Prints the best of `repeats` runs (default 5) for each loader, rules/diagnostics counts and the
// ratio, plus yaml-cpp's event parser with a handler that does nothing: the floor for any loader
// that still checks the whole file is valid YAML.
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/rules.hpp"

namespace fs = std::filesystem;

namespace {

struct File {
    std::string path, text;
};

std::vector<File> read_corpus(const fs::path& root) {
    std::vector<File> files;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        const auto ext = e.path().extension();
        if (!e.is_regular_file() || (ext != ".yml" && ext != ".yaml")) continue;
        std::ifstream in(e.path(), std::ios::binary);
        std::ostringstream ss;
        ss << in.rdbuf();
        files.push_back({e.path().string(), ss.str()});
    }
    std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.path < b.path; });
    return files;
}

struct IgnoreEvents final : YAML::EventHandler {
    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
    void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}
};

template <typename F>
double best_seconds(int repeats, F&& run) {
    double best = 1e30;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        run();
        const std::chrono::duration<double> dt = std::chrono::steady_clock::now() - t0;
        best = std::min(best, dt.count());
    }
    return best;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s RULES_DIR [repeats]\n", argv[0]);
        return 2;
    }
    const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    const auto files = read_corpus(argv[1]);
    std::size_t bytes = 0;
    for (const auto& f : files) bytes += f.text.size();

    std::size_t rules = 0, diagnostics = 0;
    const double ours = best_seconds(repeats, [&] {
        sh::LoadResult result;
        for (const auto& f : files) sh::load_rules_from_text(f.text, f.path, result);
        rules = result.rules.size();
        diagnostics = result.diagnostics.size();
    });

    std::size_t documents = 0, failures = 0;
    const double naive = best_seconds(repeats, [&] {
        documents = failures = 0;
        for (const auto& f : files) {
            try {
                documents += YAML::LoadAll(f.text).size();
            } catch (const YAML::Exception&) {
                ++failures;
            }
        }
    });

    const double floor = best_seconds(repeats, [&] {
        for (const auto& f : files) {
            std::istringstream in(f.text);
            YAML::Parser parser(in);
            IgnoreEvents events;
            try {
                while (parser.HandleNextDocument(events)) {
                }
            } catch (const YAML::Exception&) {
            }
        }
    });

    std::printf("files %zu (%.1f MB), best of %d runs, single thread\n", files.size(), bytes / 1048576.0, repeats);
    std::printf("sh::load_rules_from_text  %8.1f ms  (%zu rules, %zu diagnostics)\n", ours * 1e3, rules, diagnostics);
    std::printf("YAML::LoadAll per file    %8.1f ms  (%zu documents, %zu failures)\n", naive * 1e3, documents,
                failures);
    std::printf("yaml-cpp events, no-op    %8.1f ms\n", floor * 1e3);
    std::printf("ratio ours / LoadAll      %8.2f   (floor %.2f)\n", ours / naive, floor / naive);
    return 0;
}
