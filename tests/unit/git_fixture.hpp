// git_fixture.hpp — hand-made git repositories for the history tests, built with libgit2 in a
// temporary folder: commits with chosen files, authors and dates, side branches and merges, and
// the damage the replay must survive (a lost object, a shallow graft).
#pragma once
#include <git2.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace test {

class GitFixture {
public:
    // Files of a commit: path -> new content, or nullopt to delete it.
    using Changes = std::map<std::string, std::optional<std::string>>;

    GitFixture() {
        git_libgit2_init();
        char tmpl[] = "/tmp/sh-history-XXXXXX";
        const char* d = mkdtemp(tmpl);
        if (!d) throw std::runtime_error("mkdtemp failed");
        dir_ = d;
        check(git_repository_init(&repo_, dir_.c_str(), 0), "init");
    }
    ~GitFixture() {
        git_repository_free(repo_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
        git_libgit2_shutdown();
    }
    GitFixture(const GitFixture&) = delete;
    GitFixture& operator=(const GitFixture&) = delete;

    const std::string& dir() const { return dir_; }
    git_repository* repo() const { return repo_; }

    // A commit on top of `parent` (default: the current branch tip) with the changes applied to
    // the parent's tree. Moves the branch (HEAD) unless on_branch is false (a side branch commit).
    // time is seconds since the epoch (UTC); extra_parents make it a merge.
    git_oid commit(const Changes& changes, const std::string& author, int64_t time, const std::string& message,
                   std::optional<git_oid> parent = std::nullopt, bool on_branch = true,
                   const std::vector<git_oid>& extra_parents = {}) {
        git_index* index = nullptr;
        check(git_index_new(&index), "index");
        std::vector<git_commit*> parents;
        std::optional<git_oid> base = parent ? parent : head();
        if (base) {
            git_commit* c = nullptr;
            check(git_commit_lookup(&c, repo_, &*base), "lookup parent");
            git_tree* t = nullptr;
            check(git_commit_tree(&t, c), "parent tree");
            check(git_index_read_tree(index, t), "read tree");
            git_tree_free(t);
            parents.push_back(c);
        }
        for (const auto& p : extra_parents) {
            git_commit* c = nullptr;
            check(git_commit_lookup(&c, repo_, &p), "lookup merge parent");
            parents.push_back(c);
        }
        for (const auto& [path, content] : changes) {
            if (!content) {
                git_index_remove_bypath(index, path.c_str());
                continue;
            }
            git_index_entry e{};
            e.mode = GIT_FILEMODE_BLOB;
            e.path = path.c_str();
            check(git_blob_create_from_buffer(&e.id, repo_, content->data(), content->size()), "blob");
            e.file_size = static_cast<uint32_t>(content->size());
            check(git_index_add(index, &e), "add");
        }
        git_oid tree_id;
        check(git_index_write_tree_to(&tree_id, index, repo_), "write tree");
        git_index_free(index);
        git_tree* tree = nullptr;
        check(git_tree_lookup(&tree, repo_, &tree_id), "tree");
        git_signature* sig = nullptr;
        check(git_signature_new(&sig, author.c_str(), (author + "@example.org").c_str(), time, 0), "signature");
        git_oid id;
        std::vector<const git_commit*> cparents(parents.begin(), parents.end());
        check(git_commit_create(&id, repo_, on_branch ? "HEAD" : nullptr, sig, sig, nullptr, message.c_str(), tree,
                                cparents.size(), cparents.data()),
              "commit");
        git_signature_free(sig);
        git_tree_free(tree);
        for (auto* c : parents) git_commit_free(c);
        return id;
    }

    std::optional<git_oid> head() const {
        git_oid id;
        if (git_reference_name_to_id(&id, repo_, "HEAD") != 0) return std::nullopt;
        return id;
    }

    void tag(const std::string& name, const git_oid& target) {
        git_object* o = nullptr;
        check(git_object_lookup(&o, repo_, &target, GIT_OBJECT_COMMIT), "tag target");
        git_oid id;
        check(git_tag_create_lightweight(&id, repo_, name.c_str(), o, 0), "tag");
        git_object_free(o);
    }

    static std::string hex(const git_oid& id) {
        char buf[GIT_OID_HEXSZ + 1];
        git_oid_tostr(buf, sizeof buf, &id);
        return buf;
    }

    // The blob id of a file at a commit.
    git_oid blob_of(const git_oid& commit_id, const std::string& path) const {
        git_commit* c = nullptr;
        check(git_commit_lookup(&c, repo_, &commit_id), "commit");
        git_tree* t = nullptr;
        check(git_commit_tree(&t, c), "tree");
        git_tree_entry* e = nullptr;
        check(git_tree_entry_bypath(&e, t, path.c_str()), "entry");
        git_oid id = *git_tree_entry_id(e);
        git_tree_entry_free(e);
        git_tree_free(t);
        git_commit_free(c);
        return id;
    }

    // Deletes a loose object from the object database (what a damaged clone looks like).
    void lose_object(const git_oid& id) const {
        const std::string h = hex(id);
        std::filesystem::remove(dir_ + "/.git/objects/" + h.substr(0, 2) + "/" + h.substr(2));
    }

    // Makes the repository shallow at `commit`: git records it in .git/shallow and its parents'
    // objects are absent.
    void make_shallow_at(const git_oid& commit, const git_oid& missing_parent) const {
        std::ofstream(dir_ + "/.git/shallow") << hex(commit) << "\n";
        lose_object(missing_parent);
    }

private:
    static void check(int rc, const char* what) {
        if (rc != 0) {
            const git_error* e = git_error_last();
            throw std::runtime_error(std::string("libgit2 ") + what + ": " + (e && e->message ? e->message : "?"));
        }
    }
    std::string dir_;
    git_repository* repo_ = nullptr;
};

// Seconds since the epoch of a UTC date and hour.
inline int64_t utc(int y, int m, int d, int hour = 12) {
    std::tm tm{};
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = hour;
    return static_cast<int64_t>(timegm(&tm));
}

}  // namespace test
