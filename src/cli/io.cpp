// io.cpp — the CLI's file handling. Everything touching the disk or threads lives here, so the
// core stays a pure function of texts.
#include "io.hpp"

#include "core/import_csv.hpp"
#include "core/render/png.hpp"
#include "zip.hpp"

#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;

namespace cli {

std::optional<std::string> read_file(const std::string& path, sh::InputKind kind, sh::Diagnostics& diags) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        diags.push_back({sh::Severity::Error, path, 0, 0, "cannot open file"});
        return std::nullopt;
    }
    const std::size_t limit = sh::max_input_bytes(kind);
    std::string data;
    if (std::fseek(f, 0, SEEK_END) == 0) {
        const long size = std::ftell(f);
        if (size > 0 && static_cast<unsigned long>(size) > limit) {
            std::fclose(f);
            diags.push_back(*sh::check_input_size(kind, path, static_cast<std::size_t>(size)));
            return std::nullopt;
        }
        if (size > 0) data.resize(static_cast<std::size_t>(size));
        std::fseek(f, 0, SEEK_SET);
    }
    std::size_t got = data.empty() ? 0 : std::fread(data.data(), 1, data.size(), f);
    data.resize(got);
    // Pipes and special files report no size: read them in chunks, up to the limit.
    char buf[65536];
    std::size_t n;
    while (data.size() <= limit && (n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
    const bool failed = std::ferror(f);
    std::fclose(f);
    if (failed) {
        diags.push_back({sh::Severity::Error, path, 0, 0, "read error"});
        return std::nullopt;
    }
    if (data.size() > limit) {
        diags.push_back(*sh::check_input_size(kind, path, data.size()));
        return std::nullopt;
    }
    return data;
}

bool write_file(const std::string& path, const std::string& data) {
    if (path == "-") return std::fwrite(data.data(), 1, data.size(), stdout) == data.size() && std::fflush(stdout) == 0;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    const bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
    return std::fclose(f) == 0 && ok;
}

bool put_file(const char* command, const std::string& path, const std::string& data) {
    if (write_file(path, data)) return true;
    std::fprintf(stderr, "sigma-heatmap %s: cannot write %s\n", command, path.c_str());
    return false;
}

std::string png_bytes(const char* command, const sh::MatrixImage& picture, float scale, const char* what) {
    sh::PngOptions po;
    po.scale = scale;
    const sh::PngResult png = sh::write_png(picture, po);
    if (png.ok()) return std::string(png.data.begin(), png.data.end());
    std::fprintf(stderr, "sigma-heatmap %s: %s; no %s written\n", command, png.error.c_str(), what);
    return {};
}

namespace {

// The name a folder goes by in its files' names: its own last component ("rules" for "rules/",
// "/home/alice/rules" or "." inside rules); "" for the file system's root.
std::string folder_name(const std::string& folder) {
    std::error_code ec;
    fs::path p = fs::absolute(fs::path(folder), ec).lexically_normal();
    if (ec) p = fs::path(folder).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();  // "rules/"
    return p.filename().string();
}

}  // namespace

std::vector<RuleFile> collect_rule_files(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& patterns, sh::Diagnostics& diags) {
    std::vector<RuleFile> files;
    for (const auto& p : paths) {
        std::error_code ec;
        const auto st = fs::status(p, ec);
        if (ec || !fs::exists(st)) {
            diags.push_back({sh::Severity::Error, p, 0, 0, "no such file or folder"});
            continue;
        }
        if (!fs::is_directory(st)) {
            files.push_back({p, p, std::nullopt});
            continue;
        }
        const std::string base = folder_name(p);
        std::vector<RuleFile> found;
        fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
        for (; !ec && it != end; it.increment(ec)) {
            std::error_code ec2;
            const std::string name = it->path().filename().string();
            if (sh::is_hidden_path(name)) {  // .github, .git, .draft.yml: not walked, not read
                if (it->is_directory(ec2)) it.disable_recursion_pending();
                continue;
            }
            if (!it->is_regular_file(ec2)) continue;
            bool take = patterns.empty() && sh::is_rule_file_name(name);
            for (const auto& pat : patterns) {
                // Any case, as for archive entries: a zip of a folder takes the folder's files.
                if (fnmatch(pat.c_str(), name.c_str(), FNM_CASEFOLD) == 0) {
                    take = true;
                    break;
                }
            }
            if (!take) continue;
            const std::string inside = it->path().lexically_relative(p).generic_string();
            found.push_back({it->path().string(), base.empty() ? inside : base + "/" + inside, std::nullopt});
        }
        if (ec) diags.push_back({sh::Severity::Warning, p, 0, 0, "could not read the whole folder: " + ec.message()});
        std::sort(found.begin(), found.end(), [](const RuleFile& a, const RuleFile& b) { return a.name < b.name; });
        files.insert(files.end(), found.begin(), found.end());
    }
    return files;
}

std::vector<RuleFile> collect_rule_inputs(const std::vector<std::string>& paths, const std::vector<std::string>& patterns,
                                          sh::Diagnostics& diags) {
    std::vector<RuleFile> out;
    for (const auto& p : paths) {
        std::error_code ec;
        if (is_zip_file_name(p) && fs::is_regular_file(p, ec)) {
            for (auto& e : read_rule_archive_file(p, patterns, diags))
                out.push_back({std::string(), std::move(e.name), std::move(e.text)});
            continue;
        }
        for (auto& f : collect_rule_files({p}, patterns, diags)) out.push_back(std::move(f));
    }
    return out;
}

sh::LoadResult load_rule_files(const std::vector<RuleFile>& files, unsigned jobs, bool progress, bool full_yaml_parse,
                               const LoadControl* control) {
    sh::LoadOptions load_options;
    load_options.full_parse = full_yaml_parse;
    if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
    jobs = std::min<unsigned>(jobs, static_cast<unsigned>(std::max<std::size_t>(1, files.size() / 16)));
    std::vector<sh::LoadResult> per_file(files.size());
    std::atomic<std::size_t> next{0}, done{0};
    const bool tty = isatty(fileno(stderr));
    const bool report = progress && files.size() >= 2000;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < files.size();) {
            if (control && control->stop) return;
            auto& res = per_file[i];
            const RuleFile& file = files[i];
            // A seed-style CSV (title,attack_id,level,status) named explicitly loads as rules too.
            const bool csv = sh::is_csv_file_name(file.name);
            sh::Diagnostics read_problems;
            std::optional<std::string> read;
            if (!file.text)
                read = read_file(file.path, csv ? sh::InputKind::RulesCsv : sh::InputKind::RuleYaml, read_problems);
            if (const std::string* text = file.text ? &*file.text : read ? &*read : nullptr) {
                if (csv) sh::load_rules_from_csv(*text, file.name, res);
                else sh::load_rules_from_text(*text, file.name, res, load_options);
            }
            for (auto& d : read_problems) {
                d.file = file.name;
                res.diagnostics.push_back(std::move(d));
            }
            const std::size_t d = done.fetch_add(1) + 1;
            if (report && (tty ? d % 256 == 0 : d % (files.size() / 4 + 1) == 0) && (!control || control->may_report))
                std::fprintf(stderr, tty ? "\rloading rules: %zu/%zu" : "loading rules: %zu/%zu\n", d, files.size());
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < jobs; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (report && tty) std::fprintf(stderr, "\r%*s\r", 40, "");

    sh::LoadResult all;
    std::size_t nrules = 0, ndiags = 0;
    for (const auto& r : per_file) nrules += r.rules.size(), ndiags += r.diagnostics.size();
    all.rules.reserve(nrules);
    all.diagnostics.reserve(ndiags);
    for (auto& r : per_file) {
        std::move(r.rules.begin(), r.rules.end(), std::back_inserter(all.rules));
        std::move(r.diagnostics.begin(), r.diagnostics.end(), std::back_inserter(all.diagnostics));
        all.recovery_scan_bytes += r.recovery_scan_bytes;
        all.documents_cut += r.documents_cut;
        all.documents_whole += r.documents_whole;
    }
    return all;
}

std::vector<sh::SourceFile> read_attack_inputs(const std::vector<std::string>& paths, sh::Diagnostics& diags) {
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!fs::is_directory(p, ec)) {
            files.push_back(p);
            continue;
        }
        const fs::path dir(p);
        if (fs::is_regular_file(dir / "clusters" / "mitre-attack-pattern.json", ec)) {
            files.push_back((dir / "clusters" / "mitre-attack-pattern.json").string());
            for (const fs::path& extra : {dir / "galaxies" / "mitre-attack-pattern.json", dir / "clusters" / "mitre-intrusion-set.json",
                                          dir / "clusters" / "mitre-malware.json", dir / "clusters" / "mitre-tool.json"}) {
                if (fs::is_regular_file(extra, ec)) files.push_back(extra.string());
                else diags.push_back({sh::Severity::Warning, extra.string(), 0, 0, "missing from the MISP galaxy folder"});
            }
            continue;
        }
        std::vector<std::string> found;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".json" && fs::is_regular_file(it->path(), ec)) found.push_back(it->path().string());
        if (found.empty()) diags.push_back({sh::Severity::Error, p, 0, 0, "folder holds no *.json files"});
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
    }
    std::vector<sh::SourceFile> inputs;
    for (const auto& f : files)
        if (auto text = read_file(f, sh::InputKind::AttackData, diags)) inputs.push_back({f, std::move(*text)});
    return inputs;
}

bool load_attack_data(const std::vector<std::string>& paths, const std::string& version, const std::string& domain,
                      sh::Catalogue& out, sh::Diagnostics& diags) {
    const std::vector<sh::SourceFile> inputs = read_attack_inputs(paths, diags);
    if (inputs.empty()) return false;
    return sh::build_catalogue(inputs, version, domain, out, diags, "--attack-version");
}

void print_diagnostics(const sh::Diagnostics& diags, bool verbose, bool quiet) {
    for (const auto& d : diags) {
        if (quiet ? d.severity != sh::Severity::Error : d.severity == sh::Severity::Info && !verbose) continue;
        std::fprintf(stderr, "%s\n", sh::format_diagnostic(d).c_str());
    }
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

}  // namespace cli
