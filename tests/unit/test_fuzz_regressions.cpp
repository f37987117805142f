// test_fuzz_regressions.cpp — every input in tests/fuzz/regressions/<harness>/ (a defect found by a
// fuzzer or by hand, kept so it stays fixed) replayed through its fuzz harness (tests/fuzz/), with
// all the harness's checks: natively, under node (wasm) and under ASan+UBSan (scripts/test).
// A broken promise throws here and fails the test, naming the input file.
#include <filesystem>
#include <set>
#include <stdexcept>

#include "catch.hpp"
#include "harnesses.hpp"
#include "test_support.hpp"

namespace fuzz {
void fail(const std::string& what) { throw std::runtime_error(what); }
}  // namespace fuzz

namespace fs = std::filesystem;

TEST_CASE("fuzz regression inputs replay clean through their harnesses", "[fuzz]") {
    const fs::path root = fs::path(test::source_dir()) / "tests" / "fuzz" / "regressions";
    REQUIRE(fs::is_directory(root));
    std::set<std::string> known;
    for (const auto& h : fuzz::kHarnesses) known.insert(h.name);
    for (const auto& entry : fs::directory_iterator(root)) {
        INFO(entry.path().string());
        CHECK(known.count(entry.path().filename().string()) == 1);  // a folder per harness, by its name
    }
    int replayed = 0;
    for (const auto& h : fuzz::kHarnesses) {
        const fs::path dir = root / h.name;
        if (!fs::is_directory(dir)) continue;
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.is_regular_file()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            const std::string bytes = test::read_text(f.string());
            INFO(h.name << ": " << f.filename().string() << " (" << bytes.size() << " bytes)");
            // Time is scripts/fuzz's to judge (libFuzzer's timeout); a hang ends the run at ctest's timeout.
            CHECK_NOTHROW(h.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
            ++replayed;
        }
    }
    CHECK(replayed > 0);
}
