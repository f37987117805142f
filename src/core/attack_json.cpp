// attack_json.cpp — the SAX reader of ATT&CK JSON inputs (attack_json.hpp says why).
// Owns: the list of what the catalogue generator reads from a STIX bundle's objects (kept here
// in one place; catalogue.cpp's build_from_stix and misp_bundle_threats are its readers, and
// tests/unit/test_catalogue.cpp checks that both parses build the same catalogue byte for byte),
// and a DOM builder over nlohmann's SAX events that leaves the rest unbuilt.
#include "attack_json.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#ifndef __EMSCRIPTEN__
#include <system_error>
#include <thread>
#endif
#include <utility>
#include <vector>

namespace sh {

namespace {

using json = nlohmann::json;

// Whether `s` is one of `names` (string_views: lengths compare first, no strlen per call).
template <std::size_t N>
bool one_of(std::string_view s, const std::string_view (&names)[N]) {
    for (const std::string_view& n : names)
        if (s == n) return true;
    return false;
}

// Object types the catalogue reads, and for relationships the relationship types.
bool type_is_read(const std::string& type) {
    static constexpr std::string_view kTypes[] = {"attack-pattern", "x-mitre-tactic", "x-mitre-matrix",
                                                  "x-mitre-collection", "relationship", "intrusion-set",
                                                  "campaign", "malware", "tool"};
    return one_of(type, kTypes);
}
bool relationship_is_read(const std::string& rel) {
    return rel == "uses" || rel == "revoked-by" || rel == "subtechnique-of";
}

// The keys the catalogue reads of a bundle object (of any of the types above).
bool object_key_is_read(const std::string& key) {
    static constexpr std::string_view kKeys[] = {
        "type", "id", "name", "modified", "revoked", "x_mitre_deprecated",  // every type
        "external_references",                                            // ATT&CK ids
        "tactic_refs",                                                    // x-mitre-matrix
        "x_mitre_shortname",                                              // x-mitre-tactic
        "x_mitre_version",                                                // x-mitre-collection
        "kill_chain_phases", "x_mitre_platforms",                         // attack-pattern
        "relationship_type", "source_ref", "target_ref",                  // relationship
        "aliases", "x_mitre_aliases"};                                    // groups, campaigns, software
    return one_of(key, kKeys);
}

// What the builder keeps of a container's members.
enum class Keep : uint8_t {
    All,          // everything (outside the bundle's objects)
    RootObject,   // the document: everything, its "objects" array as Objects
    Objects,      // the bundle's objects: object items as BundleObject
    BundleObject, // object_key_is_read; external_references as References, kill_chain_phases as Phases
    References,   // object items as Reference
    Reference,    // source_name, external_id
    Phases,       // object items as Phase
    Phase,        // kill_chain_name, phase_name
};

class SlimDomBuilder {
public:
    // `item`: the text is one item of a bundle's "objects" array (parse_attack_json's pieces), kept
    // as the whole parse keeps such an item.
    explicit SlimDomBuilder(json& root, bool item = false) : root_(root), item_(item) {}

    bool null() { return value(json(nullptr)); }
    bool boolean(bool v) { return value(json(v)); }
    bool number_integer(json::number_integer_t v) { return value(json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return value(json(v)); }
    bool number_float(json::number_float_t v, const std::string&) { return value(json(v)); }
    bool string(json::string_t& v) { return value(json(std::move(v))); }
    bool binary(json::binary_t& v) { return value(json::binary(std::move(v))); }

    bool start_object(std::size_t) { return open(json::value_t::object); }
    bool start_array(std::size_t) { return open(json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& k) {
        if (skip_depth_ > 0) return true;
        Frame& f = frames_.back();
        bool read = true;
        f.child = Keep::All;
        switch (f.keep) {
            case Keep::RootObject:
                if (k == "objects") f.child = Keep::Objects;
                break;
            case Keep::BundleObject:
                read = object_key_is_read(k) && !(k == "external_references" && is_relationship(*f.node));
                if (k == "external_references") f.child = Keep::References;
                else if (k == "kill_chain_phases") f.child = Keep::Phases;
                break;
            case Keep::Reference: read = k == "source_name" || k == "external_id"; break;
            case Keep::Phase: read = k == "kill_chain_name" || k == "phase_name"; break;
            default: break;
        }
        if (!read) {
            skip_next_ = true;
            return true;
        }
        // As nlohmann's DOM parser: a repeated key's later value replaces the earlier one.
        member_ = &(*f.node)[std::move(k)];
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
    struct Frame {
        json* node;
        Keep keep;
        Keep child = Keep::All;  // what the next member's value (or an array's items) keeps
    };

    // Where the next value goes: the root, an array item, or the member named by the last key.
    json* place(json&& v) {
        if (frames_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        json* parent = frames_.back().node;
        if (parent->is_array()) {
            parent->push_back(std::move(v));
            return &parent->back();
        }
        *member_ = std::move(v);
        return member_;
    }

    bool value(json&& v) {
        if (skip_depth_ > 0) return true;
        if (skip_next_) {
            skip_next_ = false;
            return true;
        }
        place(std::move(v));
        return true;
    }

    bool open(json::value_t kind) {
        if (skip_depth_ > 0 || skip_next_) {
            skip_next_ = false;
            ++skip_depth_;
            return true;
        }
        Keep keep = Keep::All;
        if (frames_.empty()) {
            const bool object = kind == json::value_t::object;
            keep = !object ? Keep::All : item_ ? Keep::BundleObject : Keep::RootObject;
        } else {
            const Frame& parent = frames_.back();
            const bool object = kind == json::value_t::object;
            switch (parent.keep) {
                case Keep::Objects: keep = object ? Keep::BundleObject : Keep::All; break;
                case Keep::References: keep = object ? Keep::Reference : Keep::All; break;
                case Keep::Phases: keep = object ? Keep::Phase : Keep::All; break;
                case Keep::All: break;
                default:  // a member's value: what the key chose, when it is of the expected kind
                    keep = parent.child;
                    if ((keep == Keep::Objects || keep == Keep::References || keep == Keep::Phases) && object)
                        keep = Keep::All;
                    break;
            }
        }
        json* node = place(json(kind));
        frames_.push_back({node, keep});
        return true;
    }

    bool close() {
        if (skip_depth_ > 0) {
            --skip_depth_;
            return true;
        }
        const Frame f = frames_.back();
        frames_.pop_back();
        if (f.keep == Keep::BundleObject) shrink_unread(*f.node);
        return true;
    }

    // A relationship's citations are never read (ATT&CK ids are on the objects it links); skipped
    // as they come when "type" comes first (as in MITRE's bundles), else dropped here.
    static bool is_relationship(const json& obj) {
        const auto type = obj.find("type");
        return type != obj.end() && type->is_string() && type->get_ref<const std::string&>() == "relationship";
    }

    // An object of a type the catalogue never reads keeps "type" and "id" only: the generator still
    // counts objects without them and finds ids (a tactic_refs entry naming a non-tactic) by them.
    static void shrink_unread(json& obj) {
        const auto type = obj.find("type");
        if (type == obj.end() || !type->is_string()) return;
        const std::string& t = type->get_ref<const std::string&>();
        bool read = type_is_read(t);
        if (read && t == "relationship") {
            const auto rel = obj.find("relationship_type");
            read = rel != obj.end() && rel->is_string() && relationship_is_read(rel->get_ref<const std::string&>());
        }
        if (read) {
            if (t == "relationship") obj.erase("external_references");
            return;
        }
        for (auto it = obj.begin(); it != obj.end();) {
            if (it.key() == "type" || it.key() == "id") ++it;
            else it = obj.erase(it);
        }
    }

    json& root_;
    const bool item_;
    std::vector<Frame> frames_;
    json* member_ = nullptr;
    bool skip_next_ = false;     // the value after a key that is not read
    std::size_t skip_depth_ = 0;  // inside such a value's containers
};

// ---- Splitting a bundle into its objects, to parse them on several threads ----
// A scan that follows strings (and their escapes) and nesting, nothing more: it only finds where
// the items of the root object's "objects" array begin and end. Whether each piece is JSON is
// still nlohmann's verdict, and any doubt sends the whole text to the one-pass parse.

constexpr std::size_t kNone = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view t, std::size_t i) {
    while (i < t.size() && is_space(t[i])) ++i;
    return i;
}

// One past the closing quote of the string opening at t[i] ('"'), or kNone: the first quote after
// an even run of backslashes (memchr finds the quotes).
std::size_t skip_string(std::string_view t, std::size_t i) {
    for (std::size_t from = i + 1; from < t.size();) {
        const void* q = std::memchr(t.data() + from, '"', t.size() - from);
        if (!q) return kNone;
        const std::size_t end = std::size_t(static_cast<const char*>(q) - t.data());
        std::size_t run = end;
        while (run > i + 1 && t[run - 1] == '\\') --run;
        if ((end - run) % 2 == 0) return end + 1;
        from = end + 1;
    }
    return kNone;
}

// The bytes a container's scan stops at.
struct Structural {
    bool at[256] = {};
    constexpr Structural() {
        for (char c : {'"', '{', '}', '[', ']'}) at[static_cast<unsigned char>(c)] = true;
    }
};
constexpr Structural kStructural;

// One past the value starting at t[i], or kNone. Brackets are only counted (nlohmann checks that
// they match); a number or literal runs to the next delimiter.
std::size_t skip_value(std::string_view t, std::size_t i) {
    if (i >= t.size()) return kNone;
    if (t[i] == '"') return skip_string(t, i);
    if (t[i] == '{' || t[i] == '[') {
        std::size_t depth = 0;
        for (; i < t.size(); ++i) {
            while (i < t.size() && !kStructural.at[static_cast<unsigned char>(t[i])]) ++i;
            if (i == t.size()) break;
            const char c = t[i];
            if (c == '"') {
                i = skip_string(t, i);
                if (i == kNone) return kNone;
                --i;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return i + 1;
            }
        }
        return kNone;
    }
    const std::size_t start = i;
    while (i < t.size() && !is_space(t[i]) && t[i] != ',' && t[i] != ']' && t[i] != '}') ++i;
    return i > start ? i : kNone;
}

struct ObjectsSplit {
    std::size_t open = 0, close = 0;                        // the array's '[' and ']'
    std::vector<std::pair<std::size_t, std::size_t>> items;  // [begin, end) of each item
};

// The items of the root object's "objects" array. False when the text is not plainly shaped so:
// not an object, no such array or two, a member name with an escape (which could spell
// "objects"), an empty array, or anything the scan cannot follow.
bool split_objects(std::string_view t, ObjectsSplit& s) {
    std::size_t i = skip_space(t, 0);
    if (i >= t.size() || t[i] != '{') return false;
    bool found = false;
    for (i = skip_space(t, i + 1); i < t.size() && t[i] == '"';) {
        const std::size_t key_end = skip_string(t, i);
        if (key_end == kNone) return false;
        const std::string_view key = t.substr(i + 1, key_end - i - 2);
        if (key.find('\\') != std::string_view::npos) return false;
        i = skip_space(t, key_end);
        if (i >= t.size() || t[i] != ':') return false;
        i = skip_space(t, i + 1);
        if (key == "objects") {
            if (found || i >= t.size() || t[i] != '[') return false;
            found = true;
            s.open = i;
            for (i = skip_space(t, i + 1);;) {
                const std::size_t end = i < t.size() && t[i] != ']' ? skip_value(t, i) : kNone;
                if (end == kNone) return false;
                s.items.emplace_back(i, end);
                i = skip_space(t, end);
                if (i < t.size() && t[i] == ',') i = skip_space(t, i + 1);
                else if (i < t.size() && t[i] == ']') break;
                else return false;
            }
            s.close = i++;
        } else {
            i = skip_value(t, i);
            if (i == kNone) return false;
        }
        i = skip_space(t, i);
        if (i < t.size() && t[i] == ',') i = skip_space(t, i + 1);
        else break;
    }
    return found;
}

bool parse_whole(std::string_view text, json& out) {
    out = json();
    SlimDomBuilder builder(out);
    return json::sax_parse(text.begin(), text.end(), &builder);
}

}  // namespace

std::size_t attack_json_items(std::string_view text) {
    ObjectsSplit split;
    return split_objects(text, split) ? split.items.size() : 0;
}

unsigned AttackJsonThreads::default_count() {
#ifdef __EMSCRIPTEN__
    return 1;  // the page has no threads (DESIGN.md: no pthreads)
#else
    return std::min(4u, std::max(1u, std::thread::hardware_concurrency()));
#endif
}

bool parse_attack_json(std::string_view text, json& out, const AttackJsonThreads& threads) {
    ObjectsSplit split;
    const unsigned n = threads.count;
    if (n < 2 || text.size() < threads.min_bytes || !split_objects(text, split) || split.items.size() < n)
        return parse_whole(text, out);
    // The document without its objects ("...[]..."), then the objects, in n runs of about equal size.
    std::string skeleton(text.substr(0, split.open + 1));
    skeleton.append(text.substr(split.close));
    json root;
    std::vector<json> items(split.items.size());
    std::vector<char> ok(n, 1);
    auto parse_run = [&](unsigned run) {
        const std::size_t bytes = split.close - split.open;
        for (std::size_t k = 0; k < items.size(); ++k) {
            const auto [b, e] = split.items[k];
            // Item k belongs to the run its start falls in.
            if ((b - split.open) * n / bytes != run) continue;
            SlimDomBuilder builder(items[k], true);
            if (!json::sax_parse(text.begin() + std::ptrdiff_t(b), text.begin() + std::ptrdiff_t(e), &builder)) {
                ok[run] = 0;
                return;
            }
        }
    };
    auto parse_skeleton = [&] {
        SlimDomBuilder builder(root);
        if (!json::sax_parse(skeleton.begin(), skeleton.end(), &builder)) ok[0] = 0;
    };
#ifndef __EMSCRIPTEN__
    {
        std::vector<std::thread> pool;
        pool.reserve(n);
        for (unsigned run = 1; run < n; ++run) {
            try {
                pool.emplace_back(parse_run, run);
            } catch (const std::system_error&) {
                parse_run(run);  // no thread to be had: this one parses that run too
            }
        }
        parse_run(0);
        parse_skeleton();
        for (auto& t : pool) t.join();
    }
#else
    for (unsigned run = 0; run < n; ++run) parse_run(run);  // (tests ask for pieces; the page has no threads)
    parse_skeleton();
#endif
    for (char good : ok)
        if (!good) return parse_whole(text, out);  // the one pass decides, and says where it fails
    root["objects"].get_ref<json::array_t&>().swap(items);
    out = std::move(root);
    return true;
}

}  // namespace sh
