// history/git.hpp — the only code that talks to libgit2: opening a repository, resolving a ref,
// the first-parent chain with its dates, the rule files that differ between two trees (equal
// subtree ids are skipped without being read), blobs read into memory, and the commits of a
// merged branch (for blame). Errors come back as text; nothing here throws or prints.
// Native only: the page never links libgit2.
#pragma once
#include <git2.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sh::history {

// A git object id by value (hashable, comparable), independent of libgit2's lifetime rules.
struct ObjectId {
    git_oid oid{};
    bool operator==(const ObjectId& o) const { return std::memcmp(oid.id, o.oid.id, GIT_OID_RAWSZ) == 0; }
    bool operator!=(const ObjectId& o) const { return !(*this == o); }
    bool operator<(const ObjectId& o) const { return std::memcmp(oid.id, o.oid.id, GIT_OID_RAWSZ) < 0; }
    bool is_zero() const;
    std::string hex() const;                 // 40 hex digits
    std::string short_hex() const { return hex().substr(0, 12); }
};
struct ObjectIdHash {
    std::size_t operator()(const ObjectId& o) const {
        std::size_t h;
        std::memcpy(&h, o.oid.id, sizeof h);  // ids are uniformly distributed already
        return h;
    }
};

struct Person {
    std::string name, email;
    int64_t time = 0;     // seconds since the epoch, UTC
    int offset = 0;       // minutes east of UTC, as recorded
};

struct CommitInfo {
    ObjectId id;
    ObjectId tree;
    Person author, committer;
    std::string summary;  // first line of the message
    std::vector<ObjectId> parents;
};

// First-parent history from a tip, oldest first.
struct Chain {
    std::vector<CommitInfo> commits;
    bool truncated = false;   // a parent is missing (shallow clone or a damaged repository)
    bool shallow = false;     // the repository says it is shallow
    std::string note;         // why it stops early, for the user
};

// One rule file that is not the same between two trees. old_blob / new_blob are zero when the
// file is absent on that side; a changed mode alone (e.g. executable bit) is not a change.
struct FileChange {
    std::string path;  // full path in the repository, '/'-separated
    ObjectId old_blob, new_blob;
};

class Repository {
public:
    ~Repository();
    Repository(const Repository&) = delete;
    Repository& operator=(const Repository&) = delete;

    // Opens the repository at path (a working tree, a .git folder or a bare repository; parent
    // folders are not searched, so a typo is not silently another repository). nullptr + error.
    static std::unique_ptr<Repository> open(const std::string& path, std::string& error);

    bool is_shallow() const;
    // A branch, tag, commit id or any revision git understands, peeled to a commit.
    std::optional<ObjectId> resolve_commit(const std::string& ref, std::string& error) const;
    bool commit_info(const ObjectId& commit, CommitInfo& out, std::string& error) const;
    // Follows first parents from tip to the root (or to the first missing parent).
    Chain first_parent_chain(const ObjectId& tip) const;

    // The tree at `path` inside the commit's tree ("" = the root tree). nullopt when the path is
    // absent or names something else than a folder; error set when the tree cannot be read.
    std::optional<ObjectId> subtree(const ObjectId& root_tree, const std::string& path, std::string& error) const;

    // Rule files under the two trees (either may be nullopt = empty) whose blob differs. prefix is
    // prepended to every path ("rules/"); keep(file name) selects rule files; hidden files and
    // folders (a name starting with '.', sh::is_hidden_path) are skipped. Subtrees with equal
    // ids are skipped without reading them. Sorted by path (byte order). Errors (unreadable trees)
    // go to errors, and that part of the tree is treated as empty on its side.
    std::vector<FileChange> diff_trees(const std::optional<ObjectId>& old_tree, const std::optional<ObjectId>& new_tree,
                                       const std::string& prefix, const std::function<bool(std::string_view)>& keep,
                                       std::vector<std::string>& errors) const;

    // The blob of a file at a path in a tree (nullopt: absent or not a file).
    std::optional<ObjectId> blob_at(const ObjectId& tree, const std::string& path) const;

    // Blob size without inflating it; nullopt + error when the object cannot be read.
    std::optional<std::size_t> blob_size(const ObjectId& blob, std::string& error) const;
    // Blob contents; nullopt + error when it cannot be read (missing, corrupt, not a blob).
    std::optional<std::string> read_blob(const ObjectId& blob, std::string& error) const;

    // Commits reachable from `tip` but not from `hide`, newest first (topological, then by time):
    // the commits a merge brought in when tip = the merge's second parent and hide = its first.
    std::vector<ObjectId> commits_between(const ObjectId& hide, const ObjectId& tip, std::size_t limit) const;

    git_repository* raw() const { return repo_; }

private:
    explicit Repository(git_repository* r) : repo_(r) {}
    git_repository* repo_ = nullptr;
};

// "2024-03-02" (UTC) of a time in seconds since the epoch.
std::string iso_date(int64_t seconds);

}  // namespace sh::history
