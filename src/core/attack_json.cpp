// attack_json.cpp — the SAX reader of ATT&CK JSON inputs (attack_json.hpp says why).
// Owns: the list of what the catalogue generator reads from a STIX bundle's objects (kept here
// in one place; catalogue.cpp's build_from_stix and misp_bundle_threats are its readers, and
// tests/unit/test_catalogue.cpp checks that both parses build the same catalogue byte for byte),
// and a DOM builder over nlohmann's SAX events that leaves the rest unbuilt.
#include "attack_json.hpp"

#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace sh {

namespace {

using json = nlohmann::json;

// Object types the catalogue reads, and for relationships the relationship types.
bool type_is_read(const std::string& type) {
    static const char* const kTypes[] = {"attack-pattern", "x-mitre-tactic", "x-mitre-matrix", "x-mitre-collection",
                                         "relationship",   "intrusion-set",  "campaign",       "malware",
                                         "tool"};
    for (const char* t : kTypes)
        if (type == t) return true;
    return false;
}
bool relationship_is_read(const std::string& rel) {
    return rel == "uses" || rel == "revoked-by" || rel == "subtechnique-of";
}

// The keys the catalogue reads of a bundle object (of any of the types above).
bool object_key_is_read(const std::string& key) {
    static const char* const kKeys[] = {
        "type", "id", "name", "modified", "revoked", "x_mitre_deprecated",  // every type
        "external_references",                                            // ATT&CK ids
        "tactic_refs",                                                    // x-mitre-matrix
        "x_mitre_shortname",                                              // x-mitre-tactic
        "x_mitre_version",                                                // x-mitre-collection
        "kill_chain_phases", "x_mitre_platforms",                         // attack-pattern
        "relationship_type", "source_ref", "target_ref",                  // relationship
        "aliases", "x_mitre_aliases"};                                    // groups, campaigns, software
    for (const char* k : kKeys)
        if (key == k) return true;
    return false;
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
    explicit SlimDomBuilder(json& root) : root_(root) {}

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
                read = object_key_is_read(k);
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
            keep = kind == json::value_t::object ? Keep::RootObject : Keep::All;
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
        if (read) return;
        for (auto it = obj.begin(); it != obj.end();) {
            if (it.key() == "type" || it.key() == "id") ++it;
            else it = obj.erase(it);
        }
    }

    json& root_;
    std::vector<Frame> frames_;
    json* member_ = nullptr;
    bool skip_next_ = false;     // the value after a key that is not read
    std::size_t skip_depth_ = 0;  // inside such a value's containers
};

}  // namespace

bool parse_attack_json(std::string_view text, json& out) {
    out = json();
    SlimDomBuilder builder(out);
    return json::sax_parse(text.begin(), text.end(), &builder);
}

}  // namespace sh
