// history/git.cpp — libgit2 behind small value types (see git.hpp). Every libgit2 object is freed
// by a unique_ptr with its own free function, so an early return never leaks.
#include "history/git.hpp"

#include <algorithm>
#include <ctime>

#include "core/rules.hpp"

namespace sh::history {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
    void operator()(T* p) const {
        if (p) Free(p);
    }
};
using CommitPtr = std::unique_ptr<git_commit, Deleter<git_commit, git_commit_free>>;
using TreePtr = std::unique_ptr<git_tree, Deleter<git_tree, git_tree_free>>;
using EntryPtr = std::unique_ptr<git_tree_entry, Deleter<git_tree_entry, git_tree_entry_free>>;
using BlobPtr = std::unique_ptr<git_blob, Deleter<git_blob, git_blob_free>>;
using ObjectPtr = std::unique_ptr<git_object, Deleter<git_object, git_object_free>>;
using OdbPtr = std::unique_ptr<git_odb, Deleter<git_odb, git_odb_free>>;
using WalkPtr = std::unique_ptr<git_revwalk, Deleter<git_revwalk, git_revwalk_free>>;

std::string last_error(const char* what) {
    const git_error* e = git_error_last();
    std::string msg = what;
    if (e && e->message && *e->message) msg += std::string(": ") + e->message;
    return msg;
}

ObjectId to_id(const git_oid* o) {
    ObjectId id;
    if (o) git_oid_cpy(&id.oid, o);
    return id;
}

Person to_person(const git_signature* s) {
    Person p;
    if (!s) return p;
    p.name = s->name ? s->name : "";
    p.email = s->email ? s->email : "";
    p.time = static_cast<int64_t>(s->when.time);
    p.offset = s->when.offset;
    return p;
}

bool is_file_mode(git_filemode_t m) { return m == GIT_FILEMODE_BLOB || m == GIT_FILEMODE_BLOB_EXECUTABLE; }

std::string file_name(std::string_view path) {
    const auto slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace

bool ObjectId::is_zero() const { return git_oid_is_zero(&oid) != 0; }

std::string ObjectId::hex() const {
    char buf[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buf, sizeof buf, &oid);
    return buf;
}

std::string iso_date(int64_t seconds) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

Repository::~Repository() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
}

std::unique_ptr<Repository> Repository::open(const std::string& path, std::string& error) {
    git_libgit2_init();
    git_repository* r = nullptr;
    if (git_repository_open_ext(&r, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) != 0) {
        error = last_error((path + " is not a git repository").c_str());
        git_libgit2_shutdown();
        return nullptr;
    }
    return std::unique_ptr<Repository>(new Repository(r));
}

bool Repository::is_shallow() const { return git_repository_is_shallow(repo_) == 1; }

std::optional<ObjectId> Repository::resolve_commit(const std::string& ref, std::string& error) const {
    git_object* obj = nullptr;
    if (git_revparse_single(&obj, repo_, ref.c_str()) != 0) {
        error = last_error(("unknown ref '" + ref + "'").c_str());
        return std::nullopt;
    }
    ObjectPtr o(obj);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, o.get(), GIT_OBJECT_COMMIT) != 0) {
        error = last_error(("'" + ref + "' does not name a commit").c_str());
        return std::nullopt;
    }
    ObjectPtr p(peeled);
    return to_id(git_object_id(p.get()));
}

bool Repository::commit_info(const ObjectId& id, CommitInfo& out, std::string& error) const {
    git_commit* c = nullptr;
    if (git_commit_lookup(&c, repo_, &id.oid) != 0) {
        error = last_error(("cannot read commit " + id.short_hex()).c_str());
        return false;
    }
    CommitPtr commit(c);
    out.id = id;
    out.tree = to_id(git_commit_tree_id(c));
    out.author = to_person(git_commit_author(c));
    out.committer = to_person(git_commit_committer(c));
    const char* summary = git_commit_summary(c);
    out.summary = summary ? summary : "";
    out.parents.clear();
    for (unsigned i = 0, n = git_commit_parentcount(c); i < n; ++i) out.parents.push_back(to_id(git_commit_parent_id(c, i)));
    return true;
}

Chain Repository::first_parent_chain(const ObjectId& tip) const {
    Chain chain;
    chain.shallow = is_shallow();
    ObjectId at = tip;
    for (;;) {
        CommitInfo info;
        std::string error;
        if (!commit_info(at, info, error)) {
            chain.truncated = true;
            if (chain.commits.empty()) {
                chain.note = error;
            } else {
                const CommitInfo& last = chain.commits.back();
                chain.note = std::string(chain.shallow ? "shallow clone" : "history incomplete (a parent commit is missing)") +
                             ": it goes back only to " + iso_date(last.committer.time) + " (commit " +
                             last.id.short_hex() + ")" +
                             (chain.shallow ? "; `git fetch --unshallow` gives the whole history" : "");
            }
            break;
        }
        const bool has_parent = !info.parents.empty();
        const ObjectId parent = has_parent ? info.parents.front() : ObjectId{};
        chain.commits.push_back(std::move(info));
        if (!has_parent) break;
        at = parent;
    }
    std::reverse(chain.commits.begin(), chain.commits.end());
    return chain;
}

std::optional<ObjectId> Repository::subtree(const ObjectId& root_tree, const std::string& path, std::string& error) const {
    if (path.empty()) return root_tree;
    git_tree* t = nullptr;
    if (git_tree_lookup(&t, repo_, &root_tree.oid) != 0) {
        error = last_error(("cannot read tree " + root_tree.short_hex()).c_str());
        return std::nullopt;
    }
    TreePtr tree(t);
    git_tree_entry* e = nullptr;
    if (git_tree_entry_bypath(&e, tree.get(), path.c_str()) != 0) return std::nullopt;
    EntryPtr entry(e);
    if (git_tree_entry_type(e) != GIT_OBJECT_TREE) return std::nullopt;
    return to_id(git_tree_entry_id(e));
}

std::optional<ObjectId> Repository::blob_at(const ObjectId& tree_id, const std::string& path) const {
    git_tree* t = nullptr;
    if (git_tree_lookup(&t, repo_, &tree_id.oid) != 0) return std::nullopt;
    TreePtr tree(t);
    git_tree_entry* e = nullptr;
    if (git_tree_entry_bypath(&e, tree.get(), path.c_str()) != 0) return std::nullopt;
    EntryPtr entry(e);
    if (!is_file_mode(git_tree_entry_filemode(e))) return std::nullopt;
    return to_id(git_tree_entry_id(e));
}

namespace {

// Merge-join of two trees in git's entry order (git_tree_entry_cmp: a folder sorts as "name/").
struct TreeDiffer {
    git_repository* repo;
    const std::function<bool(std::string_view)>& keep;
    std::vector<FileChange>& out;
    std::vector<std::string>& errors;

    TreePtr load(const git_oid* id, const std::string& where) {
        git_tree* t = nullptr;
        if (git_tree_lookup(&t, repo, id) != 0) {
            errors.push_back(last_error(("cannot read folder " + (where.empty() ? std::string("/") : where)).c_str()));
            return nullptr;
        }
        return TreePtr(t);
    }

    // One side of an entry pair: a rule file, a folder, or nothing of interest.
    void file(const std::string& path, const git_tree_entry* a, const git_tree_entry* b) {
        const bool fa = a && is_file_mode(git_tree_entry_filemode(a));
        const bool fb = b && is_file_mode(git_tree_entry_filemode(b));
        if (!fa && !fb) return;
        if (!keep(file_name(path))) return;
        FileChange c;
        c.path = path;
        if (fa) c.old_blob = to_id(git_tree_entry_id(a));
        if (fb) c.new_blob = to_id(git_tree_entry_id(b));
        if (c.old_blob != c.new_blob) out.push_back(std::move(c));
    }

    void folder(const std::string& path, const git_tree_entry* a, const git_tree_entry* b) {
        const bool ta = a && git_tree_entry_type(a) == GIT_OBJECT_TREE;
        const bool tb = b && git_tree_entry_type(b) == GIT_OBJECT_TREE;
        if (!ta && !tb) return;
        if (ta && tb && git_oid_equal(git_tree_entry_id(a), git_tree_entry_id(b))) return;
        TreePtr ra = ta ? load(git_tree_entry_id(a), path) : nullptr;
        TreePtr rb = tb ? load(git_tree_entry_id(b), path) : nullptr;
        walk(ra.get(), rb.get(), path + "/");
    }

    void walk(const git_tree* a, const git_tree* b, const std::string& prefix) {
        const std::size_t na = a ? git_tree_entrycount(a) : 0, nb = b ? git_tree_entrycount(b) : 0;
        std::size_t i = 0, j = 0;
        while (i < na || j < nb) {
            const git_tree_entry* ea = i < na ? git_tree_entry_byindex(a, i) : nullptr;
            const git_tree_entry* eb = j < nb ? git_tree_entry_byindex(b, j) : nullptr;
            // A file and a folder of the same name compare apart ("x" < "x/"), so a file that
            // became a folder arrives as two one-sided steps.
            const int cmp = !ea ? 1 : !eb ? -1 : git_tree_entry_cmp(ea, eb);
            const git_tree_entry* left = cmp <= 0 ? ea : nullptr;
            const git_tree_entry* right = cmp >= 0 ? eb : nullptr;
            const char* name = git_tree_entry_name(left ? left : right);
            const std::string path = prefix + name;
            // Hidden files and folders (.github, .drafts) are skipped, as `layer` skips them in a folder.
            if (!sh::is_hidden_path(name) && !(left && right && git_oid_equal(git_tree_entry_id(left), git_tree_entry_id(right)) &&
                  git_tree_entry_filemode(left) == git_tree_entry_filemode(right))) {
                file(path, left, right);
                folder(path, left, right);
            }
            if (cmp <= 0) ++i;
            if (cmp >= 0) ++j;
        }
    }
};

}  // namespace

std::vector<FileChange> Repository::diff_trees(const std::optional<ObjectId>& old_tree,
                                               const std::optional<ObjectId>& new_tree, const std::string& prefix,
                                               const std::function<bool(std::string_view)>& keep,
                                               std::vector<std::string>& errors) const {
    std::vector<FileChange> out;
    if (old_tree && new_tree && *old_tree == *new_tree) return out;
    TreeDiffer d{repo_, keep, out, errors};
    TreePtr a = old_tree ? d.load(&old_tree->oid, prefix) : nullptr;
    TreePtr b = new_tree ? d.load(&new_tree->oid, prefix) : nullptr;
    d.walk(a.get(), b.get(), prefix);
    std::sort(out.begin(), out.end(), [](const FileChange& x, const FileChange& y) { return x.path < y.path; });
    return out;
}

std::optional<std::size_t> Repository::blob_size(const ObjectId& blob, std::string& error) const {
    git_odb* o = nullptr;
    if (git_repository_odb(&o, repo_) != 0) {
        error = last_error("cannot open the object database");
        return std::nullopt;
    }
    OdbPtr odb(o);
    std::size_t len = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    if (git_odb_read_header(&len, &type, odb.get(), &blob.oid) != 0) {
        error = last_error(("cannot read blob " + blob.short_hex()).c_str());
        return std::nullopt;
    }
    if (type != GIT_OBJECT_BLOB) {
        error = "object " + blob.short_hex() + " is not a blob";
        return std::nullopt;
    }
    return len;
}

std::optional<std::string> Repository::read_blob(const ObjectId& blob, std::string& error) const {
    git_blob* b = nullptr;
    if (git_blob_lookup(&b, repo_, &blob.oid) != 0) {
        error = last_error(("cannot read blob " + blob.short_hex()).c_str());
        return std::nullopt;
    }
    BlobPtr ptr(b);
    const auto* data = static_cast<const char*>(git_blob_rawcontent(b));
    return std::string(data ? data : "", static_cast<std::size_t>(git_blob_rawsize(b)));
}

std::vector<ObjectId> Repository::commits_between(const ObjectId& hide, const ObjectId& tip, std::size_t limit) const {
    std::vector<ObjectId> out;
    git_revwalk* w = nullptr;
    if (git_revwalk_new(&w, repo_) != 0) return out;
    WalkPtr walk(w);
    git_revwalk_sorting(w, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    if (git_revwalk_push(w, &tip.oid) != 0) return out;
    git_revwalk_hide(w, &hide.oid);  // a missing (shallow) parent only widens the walk
    git_oid id;
    while (out.size() < limit && git_revwalk_next(&id, w) == 0) out.push_back(to_id(&id));
    return out;
}

}  // namespace sh::history
