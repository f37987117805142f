// zip.cpp — rule entries of a .zip archive through libarchive: the seekable reader walks the
// central directory (entries that are not rules are never inflated), each rule entry is inflated
// up to its cap, and every problem is a diagnostic naming the archive and the entry. A damaged
// entry that stops libarchive is stepped over by opening the archive again (a bounded number of times).
#include "zip.hpp"

#include "core/diagnostics.hpp"
#include "core/rules.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fnmatch.h>

#include <algorithm>
#include <functional>
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
    if (patterns.empty()) return sh::is_rule_file_name(base);  // no --file-pattern: the folder walk's and the page's rule
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

// How many times reading starts over past an entry that stopped libarchive (a damaged deflate
// stream is fatal to the reader): each restart walks the directory again, so this bounds the work.
constexpr int kMaxRestarts = 16;

// One archive read, possibly in several passes (a pass ends at a fatal entry; the next one opens
// the archive again and goes on after it).
class ArchiveReader {
  public:
    ArchiveReader(std::function<int(struct archive*)> open, const std::string& name,
                  const std::vector<std::string>& patterns, sh::Diagnostics& diags, const ArchiveLimits& limits)
        : open_(std::move(open)), name_(name), patterns_(patterns), diags_(diags), sink_(diags, name), limits_(limits) {}

    std::vector<ArchiveEntry> read() {
        for (int pass = 0;; ++pass) {
            ArchivePtr a = new_zip_reader();
            if (open_(a.get()) != ARCHIVE_OK) {
                error(pass == 0 ? "not a readable zip archive (" + archive_message(a.get()) + ")"
                                : "cannot be opened again after entry " + resume_name_);
                break;
            }
            if (!read_pass(a.get())) break;  // done, or broken beyond the entry it stopped at
            if (pass == kMaxRestarts) {
                error("more than " + std::to_string(kMaxRestarts) + " damaged entries; entries after " + resume_name_ +
                      " not read");
                break;
            }
        }
        if (skipped_over_total_)
            error("rule entries over " + mib(limits_.max_total_bytes) + " uncompressed in all: " +
                  std::to_string(skipped_over_total_) + " entr" + (skipped_over_total_ == 1 ? "y" : "ies") + " skipped");
        // The order a folder walk gives, whatever order the archive was written in.
        std::stable_sort(out_.begin(), out_.end(), [](const ArchiveEntry& x, const ArchiveEntry& y) { return x.name < y.name; });
        sink_.finish();  // the "N more like this" summaries
        return std::move(out_);
    }

  private:
    // Through the capped sink: an archive of a million encrypted or oversized entries gives
    // limits::kDiagnosticsPerKind messages of each kind and one "N more like this", not a million lines.
    // Returns whether the message was kept (rather than only counted).
    bool error(std::string msg, std::string_view kind = {}) {
        const std::size_t before = diags_.size();
        sink_.error(0, std::move(msg), kind);
        return diags_.size() > before;
    }

    // Reads headers from the start, skipping those before resume_at_. True when a fatal entry
    // stopped the pass and another pass should go on after it.
    bool read_pass(struct archive* a) {
        std::string last_entry;
        for (std::size_t index = 0;; ++index) {
            struct archive_entry* e = nullptr;
            int r = archive_read_next_header(a, &e);
            while (r == ARCHIVE_RETRY) r = archive_read_next_header(a, &e);
            if (r == ARCHIVE_EOF) return false;
            if (r < ARCHIVE_WARN) {  // FAILED / FATAL: the directory or a header is broken
                const std::string rest = " (" + archive_message(a) + "); entries after it not read";
                if (unread_entry_diag_ + 1 == diags_.size()) {  // one problem (a cut-off archive), one message
                    std::string& m = diags_.back().message;
                    const auto cut = m.rfind("; skipped");  // absent when the sink cut a long entry name
                    if (cut != std::string::npos) m.resize(cut);
                    m = sh::excerpt(m + "; the archive is broken from there" + rest, sh::limits::kDiagnosticBytes);
                }
                else
                    error("broken archive" + (last_entry.empty() ? std::string() : " after entry " + last_entry) + rest);
                return false;
            }
            const char* utf8 = archive_entry_pathname_utf8(e);
            const char* raw = archive_entry_pathname(e);
            std::string path = utf8 ? utf8 : raw ? raw : "";
            while (path.rfind("./", 0) == 0) path.erase(0, 2);
            while (!path.empty() && path[0] == '/') path.erase(0, 1);
            last_entry = path;
            if (index < resume_at_) continue;  // read in an earlier pass
            unread_entry_diag_ = std::size_t(-2);
            if (archive_entry_filetype(e) != AE_IFREG || path.empty()) continue;
            if (path.rfind("__MACOSX/", 0) == 0) continue;  // resource forks a macOS zip adds beside each file
            if (sh::is_hidden_path(path)) continue;          // .github/workflows/*.yml of a repository's zip
            if (!is_rule_entry(path, patterns_)) continue;   // never inflated: the next header seeks past it
            if (archive_entry_is_encrypted(e)) {
                error("entry " + path + ": encrypted (password-protected entries are not supported); skipped", "encrypted");
                continue;
            }
            if (total_reached_) {
                ++skipped_over_total_;
                continue;
            }
            // Inflate up to one byte past the cap: the sizes in the archive's headers are not trusted.
            std::string text;
            la_ssize_t status = 0;  // the failing archive_read_data result, 0 when the entry was read
            bool too_big = false;
            for (;;) {
                const la_ssize_t n = archive_read_data(a, buf_.data(), buf_.size());
                if (n == 0) break;
                if (n < 0) {  // WARN (e.g. a CRC mismatch) included: the text cannot be trusted
                    status = n;
                    break;
                }
                text.append(buf_.data(), static_cast<std::size_t>(n));
                if (text.size() > limits_.max_entry_bytes) {
                    too_big = true;
                    break;
                }
            }
            if (status < 0) {
                unread_entry_diag_ = error("entry " + path + ": cannot be read (" + archive_message(a) + "); skipped",
                                           "cannot be read")
                                         ? diags_.size() - 1
                                         : std::size_t(-2);
                if (status == ARCHIVE_FATAL) {  // libarchive cannot go on: start over after this entry
                    resume_at_ = index + 1;
                    resume_name_ = path;
                    return true;
                }
                continue;
            }
            if (too_big) {
                error("entry " + path + ": over the " + mib(limits_.max_entry_bytes) +
                      " limit per rule file (uncompressed); skipped",
                      "over the limit per rule file");
                continue;
            }
            if (total_ + text.size() > limits_.max_total_bytes) {
                total_reached_ = true;
                ++skipped_over_total_;
                continue;
            }
            total_ += text.size();
            out_.push_back({std::move(path), std::move(text)});
        }
    }

    std::function<int(struct archive*)> open_;
    const std::string& name_;
    const std::vector<std::string>& patterns_;
    sh::Diagnostics& diags_;
    sh::DiagnosticSink sink_;
    const ArchiveLimits& limits_;
    std::vector<ArchiveEntry> out_;
    std::vector<char> buf_ = std::vector<char>(64 * 1024);
    std::size_t total_ = 0, skipped_over_total_ = 0, resume_at_ = 0;
    std::size_t unread_entry_diag_ = std::size_t(-2);  // diags_ index of "entry X: cannot be read" just made
    std::string resume_name_;
    bool total_reached_ = false;
};

}  // namespace

bool is_zip_file_name(std::string_view name) { return ends_with_nocase(name, ".zip"); }

std::vector<ArchiveEntry> read_rule_archive_file(const std::string& path, const std::vector<std::string>& patterns,
                                                 sh::Diagnostics& diags, const ArchiveLimits& limits) {
    auto open = [&path](struct archive* a) { return archive_read_open_filename(a, path.c_str(), 64 * 1024); };
    return ArchiveReader(open, path, patterns, diags, limits).read();
}

std::vector<ArchiveEntry> read_rule_archive_memory(std::string_view bytes, const std::string& name,
                                                   const std::vector<std::string>& patterns, sh::Diagnostics& diags,
                                                   const ArchiveLimits& limits) {
    auto open = [bytes](struct archive* a) { return archive_read_open_memory(a, bytes.data(), bytes.size()); };
    return ArchiveReader(open, name, patterns, diags, limits).read();
}

}  // namespace cli
