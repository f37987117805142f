// zip.cpp — rule entries of a .zip archive through libarchive: the seekable reader walks the
// central directory (entries that are not rules are never inflated), each rule entry is inflated
// up to its cap, and every problem is a diagnostic naming the archive and the entry.
#include "zip.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>

#include <algorithm>
#include <memory>

namespace cli {

namespace {

bool ends_with_nocase(std::string_view s, std::string_view suffix) {
    if (s.size() < suffix.size()) return false;
    for (std::size_t i = 0; i < suffix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
    return true;
}

bool is_rule_entry(const std::string& path, const std::vector<std::string>& patterns) {
    const std::string base = path.substr(path.rfind('/') + 1);
    if (ends_with_nocase(base, ".csv")) return true;
    for (const auto& p : patterns)
        if (fnmatch(p.c_str(), base.c_str(), FNM_CASEFOLD) == 0) return true;
    return false;
}

std::string mib(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

std::string archive_message(struct archive* a) {
    const char* s = archive_error_string(a);
    return s && *s ? s : "unknown error";
}

using ArchivePtr = std::unique_ptr<struct archive, int (*)(struct archive*)>;

ArchivePtr new_zip_reader() {
    ArchivePtr a(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(a.get());  // seekable (central directory) when it can seek, else streaming
    return a;
}

std::vector<ArchiveEntry> read_entries(struct archive* a, int open_status, const std::string& archive_name,
                                       const std::vector<std::string>& patterns, sh::Diagnostics& diags,
                                       const ArchiveLimits& limits) {
    auto error = [&](std::string msg) { diags.push_back({sh::Severity::Error, archive_name, 0, 0, std::move(msg)}); };
    std::vector<ArchiveEntry> out;
    if (open_status != ARCHIVE_OK) {
        error("not a readable zip archive (" + archive_message(a) + ")");
        return out;
    }
    std::size_t total = 0, skipped_over_total = 0;
    bool total_reached = false;
    std::string last_entry;
    std::vector<char> buf(64 * 1024);
    for (;;) {
        struct archive_entry* e = nullptr;
        const int r = archive_read_next_header(a, &e);
        if (r == ARCHIVE_EOF) break;
        if (r == ARCHIVE_RETRY) continue;
        if (r < ARCHIVE_WARN) {  // FAILED / FATAL: the directory or a header is broken
            error("broken archive" + (last_entry.empty() ? std::string() : " after entry " + last_entry) + " (" +
                  archive_message(a) + "); entries after it not read");
            break;
        }
        const char* utf8 = archive_entry_pathname_utf8(e);
        const char* raw = archive_entry_pathname(e);
        std::string path = utf8 ? utf8 : raw ? raw : "";
        while (path.rfind("./", 0) == 0) path.erase(0, 2);
        while (!path.empty() && path[0] == '/') path.erase(0, 1);
        last_entry = path;
        if (archive_entry_filetype(e) != AE_IFREG || path.empty()) continue;
        if (path.rfind("__MACOSX/", 0) == 0) continue;  // resource forks a macOS zip adds beside each file
        if (!is_rule_entry(path, patterns)) continue;   // never inflated: the next header seeks past it
        if (archive_entry_is_encrypted(e)) {
            error("entry " + path + ": encrypted (password-protected entries are not supported); skipped");
            continue;
        }
        if (total_reached) {
            ++skipped_over_total;
            continue;
        }
        // Inflate up to one byte past the cap: the sizes in the archive's headers are not trusted.
        std::string text;
        la_ssize_t status = 0;  // the failing archive_read_data result, 0 when the entry was read
        bool too_big = false;
        for (;;) {
            const la_ssize_t n = archive_read_data(a, buf.data(), buf.size());
            if (n == 0) break;
            if (n < 0) {  // WARN (e.g. a CRC mismatch) included: the text cannot be trusted
                status = n;
                break;
            }
            text.append(buf.data(), static_cast<std::size_t>(n));
            if (text.size() > limits.max_entry_bytes) {
                too_big = true;
                break;
            }
        }
        if (status == ARCHIVE_FATAL) {
            error("entry " + path + ": cannot be read (" + archive_message(a) +
                  "); the archive cannot be read past it, entries after it not read");
            break;
        }
        if (status < 0) {
            error("entry " + path + ": cannot be read (" + archive_message(a) + "); skipped");
            continue;
        }
        if (too_big) {
            error("entry " + path + ": over the " + mib(limits.max_entry_bytes) +
                  " limit per rule file (uncompressed); skipped");
            continue;
        }
        if (total + text.size() > limits.max_total_bytes) {
            total_reached = true;
            ++skipped_over_total;
            continue;
        }
        total += text.size();
        out.push_back({std::move(path), std::move(text)});
    }
    if (skipped_over_total)
        error("rule entries over " + mib(limits.max_total_bytes) + " uncompressed in all: " +
              std::to_string(skipped_over_total) + " entr" + (skipped_over_total == 1 ? "y" : "ies") + " skipped");
    // The order a folder walk gives, whatever order the archive was written in.
    std::stable_sort(out.begin(), out.end(), [](const ArchiveEntry& x, const ArchiveEntry& y) { return x.name < y.name; });
    return out;
}

}  // namespace

bool is_zip_file_name(std::string_view name) { return ends_with_nocase(name, ".zip"); }

std::vector<ArchiveEntry> read_rule_archive_file(const std::string& path, const std::vector<std::string>& patterns,
                                                 sh::Diagnostics& diags, const ArchiveLimits& limits) {
    ArchivePtr a = new_zip_reader();
    const int r = archive_read_open_filename(a.get(), path.c_str(), 64 * 1024);
    return read_entries(a.get(), r, path, patterns, diags, limits);
}

std::vector<ArchiveEntry> read_rule_archive_memory(std::string_view bytes, const std::string& name,
                                                   const std::vector<std::string>& patterns, sh::Diagnostics& diags,
                                                   const ArchiveLimits& limits) {
    ArchivePtr a = new_zip_reader();
    const int r = archive_read_open_memory(a.get(), bytes.data(), bytes.size());
    return read_entries(a.get(), r, name, patterns, diags, limits);
}

}  // namespace cli
