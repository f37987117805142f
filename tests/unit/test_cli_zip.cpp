// test_cli_zip.cpp — the CLI's .zip reader (src/cli/zip.cpp; native only, it links libarchive):
// which entries, their order, the caps against zip bombs, encrypted, broken and truncated archives.
// Archives are written here with libarchive's zip writer; tests/cli/zip.sh reads archives that
// Python's zipfile wrote.
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "catch.hpp"
#include "cli/zip.hpp"

using cli::ArchiveEntry;
using cli::ArchiveLimits;

namespace {

struct Entry {
    std::string name, text;
};

la_ssize_t append(struct archive*, void* out, const void* data, size_t n) {
    static_cast<std::string*>(out)->append(static_cast<const char*>(data), n);
    return static_cast<la_ssize_t>(n);
}

// A zip of `entries` (a name ending in '/' is a folder); `options` such as "zip:encryption=zipcrypt"
// with a passphrase. Empty when libarchive refuses the options (built without that support).
std::string make_zip(const std::vector<Entry>& entries, const char* options = nullptr, const char* passphrase = nullptr) {
    std::string out;
    struct archive* a = archive_write_new();
    archive_write_set_format_zip(a);
    archive_write_set_bytes_per_block(a, 0);
    bool ok = true;
    if (options) ok = archive_write_set_options(a, options) == ARCHIVE_OK;
    if (passphrase) ok = ok && archive_write_set_passphrase(a, passphrase) == ARCHIVE_OK;
    ok = ok && archive_write_open(a, &out, nullptr, append, nullptr) == ARCHIVE_OK;
    for (const auto& e : entries) {
        if (!ok) break;
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, e.name.c_str());
        const bool folder = !e.name.empty() && e.name.back() == '/';
        archive_entry_set_filetype(entry, folder ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_entry_set_size(entry, folder ? 0 : static_cast<la_int64_t>(e.text.size()));
        ok = archive_write_header(a, entry) == ARCHIVE_OK &&
             (folder || e.text.empty() || archive_write_data(a, e.text.data(), e.text.size()) == la_ssize_t(e.text.size()));
        archive_entry_free(entry);
    }
    ok = archive_write_close(a) == ARCHIVE_OK && ok;
    archive_write_free(a);
    return ok ? out : std::string();
}

const std::vector<std::string> kDefaultPatterns = {"*.yml", "*.yaml"};

std::vector<std::string> names(const std::vector<ArchiveEntry>& entries) {
    std::vector<std::string> n;
    for (const auto& e : entries) n.push_back(e.name);
    return n;
}

bool has_message(const sh::Diagnostics& diags, const std::string& text) {
    return std::any_of(diags.begin(), diags.end(), [&](const sh::Diagnostic& d) {
        return d.severity == sh::Severity::Error && d.file == "r.zip" && d.message.find(text) != std::string::npos;
    });
}

}  // namespace

TEST_CASE("zip: rule entries in any case and seed CSVs, sorted like a folder walk, texts intact", "[cli][zip]") {
    const std::string zip = make_zip({{"z/b.yml", "title: b\n"},
                                      {"A.YAML", "title: a\n"},
                                      {"notes.txt", "not a rule"},
                                      {"s.CSV", "title,attack_id\nx,T1059\n"},
                                      {"__MACOSX/z/._b.yml", "\x00\x05\x16\x07"},
                                      {"dir/", ""},
                                      {"./dot/c.yml", "title: c\n"}});
    REQUIRE(!zip.empty());
    sh::Diagnostics diags;
    const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags);
    CHECK(diags.empty());
    CHECK(names(entries) == std::vector<std::string>{"A.YAML", "dot/c.yml", "s.CSV", "z/b.yml"});
    CHECK(entries[0].text == "title: a\n");
    CHECK(entries[2].text == "title,attack_id\nx,T1059\n");

    SECTION("--file-pattern narrows the rule entries; CSVs stay") {
        const auto only_yaml = cli::read_rule_archive_memory(zip, "r.zip", {"*.yaml"}, diags);
        CHECK(names(only_yaml) == std::vector<std::string>{"A.YAML", "s.CSV"});
    }
}

TEST_CASE("zip: the loader's per-file limit per entry, a total cap per archive, read past what headers say", "[cli][zip]") {
    CHECK(ArchiveLimits{}.max_entry_bytes == sh::LoadOptions{}.max_file_bytes);
    ArchiveLimits small;
    small.max_entry_bytes = 100;
    small.max_total_bytes = 250;

    SECTION("an entry one byte over its cap is skipped and named; one at the cap is read") {
        const std::string zip = make_zip({{"at.yml", std::string(100, '#')}, {"over.yml", std::string(101, '#')}});
        sh::Diagnostics diags;
        const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags, small);
        CHECK(names(entries) == std::vector<std::string>{"at.yml"});
        REQUIRE(diags.size() == 1);
        CHECK(has_message(diags, "entry over.yml: over the 0 MiB limit per rule file (uncompressed); skipped"));
    }
    SECTION("past the total, the remaining rule entries are counted, not read") {
        const std::string zip = make_zip({{"1.yml", std::string(100, '#')},
                                          {"2.yml", std::string(100, '#')},
                                          {"3.yml", std::string(100, '#')},
                                          {"4.yml", std::string(10, '#')},
                                          {"big.bin", std::string(1000, '#')}});
        sh::Diagnostics diags;
        const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags, small);
        CHECK(names(entries) == std::vector<std::string>{"1.yml", "2.yml"});
        REQUIRE(diags.size() == 1);
        CHECK(has_message(diags, "2 entries skipped"));
    }
    SECTION("a highly compressible entry is cut off while inflating") {
        const std::string zip = make_zip({{"bomb.yml", std::string(50u << 20, ' ')}, {"ok.yml", "title: ok\n"}});
        REQUIRE(zip.size() < (1u << 20));  // what makes it a bomb
        sh::Diagnostics diags;
        const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags);
        CHECK(names(entries) == std::vector<std::string>{"ok.yml"});
        CHECK(has_message(diags, "entry bomb.yml: over the 8 MiB limit"));
    }
}

TEST_CASE("zip: encrypted entries are named and skipped, the others read", "[cli][zip]") {
    const std::string zip =
        make_zip({{"secret.yml", "title: s\n"}, {"also.yml", "title: t\n"}}, "zip:encryption=zipcrypt", "pw");
    if (zip.empty()) {
        WARN("libarchive here cannot write encrypted zips; tests/cli/zip.sh covers an encrypted entry");
        return;
    }
    sh::Diagnostics diags;
    const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags);
    CHECK(entries.empty());
    CHECK(diags.size() == 2);
    CHECK(has_message(diags, "entry secret.yml: encrypted (password-protected entries are not supported); skipped"));
    CHECK(has_message(diags, "entry also.yml: encrypted"));
}

TEST_CASE("zip: not a zip, empty, and every truncation: diagnostics, never a crash or a wrong text", "[cli][zip]") {
    for (const std::string& bytes : {std::string(), std::string("title: not a zip\n"), std::string(100, '\0')}) {
        sh::Diagnostics diags;
        CHECK(cli::read_rule_archive_memory(bytes, "r.zip", kDefaultPatterns, diags).empty());
        CHECK(has_message(diags, "not a readable zip archive"));
    }
    const std::vector<Entry> originals = {
        {"a.yml", "title: a\ntags: [attack.t1059]\n"}, {"b.yml", std::string(3000, 'b')}, {"c.yml", "title: c\n"}};
    const std::string zip = make_zip(originals);
    REQUIRE(!zip.empty());
    for (std::size_t cut = 0; cut < zip.size(); ++cut) {
        sh::Diagnostics diags;
        const auto entries = cli::read_rule_archive_memory(std::string_view(zip).substr(0, cut), "r.zip", kDefaultPatterns, diags);
        INFO("cut at " << cut);
        for (const auto& e : entries) {
            const auto it = std::find_if(originals.begin(), originals.end(), [&](const Entry& o) { return o.name == e.name; });
            REQUIRE(it != originals.end());
            CHECK(e.text == it->text);  // an entry comes back whole and right, or not at all
        }
        if (entries.size() < originals.size()) CHECK(!diags.empty());  // nothing goes missing silently
    }
}

TEST_CASE("zip: a damaged entry is stepped over and the entries after it are read", "[cli][zip]") {
    std::string zip = make_zip({{"a.yml", std::string(2000, 'a') + "x"}, {"b.yml", "title: b\n"}, {"c.yml", "title: c\n"}});
    REQUIRE(!zip.empty());
    // Damage the deflated bytes of a.yml: its data follows the 30-byte local header, the name and the extra field.
    auto u16 = [&](std::size_t at) { return std::size_t(uint8_t(zip[at])) | std::size_t(uint8_t(zip[at + 1])) << 8; };
    const std::size_t data = 30 + u16(26) + u16(28);
    for (std::size_t i = data + 2; i < data + 12; ++i) zip[i] = static_cast<char>(zip[i] ^ 0x5a);
    sh::Diagnostics diags;
    const auto entries = cli::read_rule_archive_memory(zip, "r.zip", kDefaultPatterns, diags);
    CHECK(names(entries) == std::vector<std::string>{"b.yml", "c.yml"});
    REQUIRE(diags.size() == 1);
    CHECK(has_message(diags, "entry a.yml: cannot be read"));
}
