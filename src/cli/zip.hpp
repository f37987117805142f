// zip.hpp — rule files inside a .zip archive (SigmaHQ ships its rule packages that way), read
// with libarchive (Debian's libarchive-dev), never a hand-written inflater. Native CLI only: the
// page reads zips with the browser's DecompressionStream.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/rules.hpp"

namespace cli {

// Caps against zip bombs. An entry is read up to its cap (never trusting the sizes the archive
// declares); whatever goes past a cap is skipped and reported.
struct ArchiveLimits {
    std::size_t max_entry_bytes = sh::LoadOptions{}.max_file_bytes;  // per rule entry: the loader's per-file limit (8 MiB)
    std::size_t max_total_bytes = std::size_t(512) << 20;            // all rule entries of one archive together
};

struct ArchiveEntry {
    std::string name;  // the path inside the archive, as a folder walk would name the file
    std::string text;
};

// True when the name ends in ".zip" (any case).
bool is_zip_file_name(std::string_view name);

// The archive's rule entries: those whose file name matches one of `patterns` (fnmatch, any case)
// or ends in ".csv" (seed-style rule sheets), sorted by path like a folder walk. Directories,
// links and macOS resource forks (__MACOSX/) are left out. Problems — not a zip, a broken or
// encrypted entry, a cap reached — become diagnostics naming the archive and the entry; the
// entries read before and after a bad one are still returned.
std::vector<ArchiveEntry> read_rule_archive_file(const std::string& path, const std::vector<std::string>& patterns,
                                                 sh::Diagnostics& diags, const ArchiveLimits& limits = {});
// The same over bytes in memory (`name` is the archive's name in diagnostics): tests and fuzzing.
std::vector<ArchiveEntry> read_rule_archive_memory(std::string_view bytes, const std::string& name,
                                                   const std::vector<std::string>& patterns, sh::Diagnostics& diags,
                                                   const ArchiveLimits& limits = {});

}  // namespace cli
