// rules.cpp — loading Sigma rules from YAML text.
// Owns: the level/status vocabularies, the checks done before YAML parsing (size, UTF-8, empty
// files), the yaml-cpp event handler that reads only the top-level fields the model needs, the
// legacy Sigma 1.0 collection actions (global / reset / repeat), and recovery after a broken
// document so later documents of the same file still load.
//
// Why an event handler instead of YAML::Load: the model never reads the detection sections (the
// bulk of every rule), so building Node trees for them is wasted work (about a fifth of LoadAll's
// time on the SigmaHQ corpus; yaml-cpp's scanner is the rest and is paid either way, because
// every section is still checked for valid YAML). Events also never expand aliases, so
// "billion laughs" costs nothing. yaml-cpp 0.7 throws on bad input; every exception is caught
// here and becomes a Diagnostic carrying yaml-cpp's line and column.
#include "rules.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <istream>
#include <new>
#include <optional>
#include <map>
#include <string>
#include <streambuf>
#include <unordered_map>
#include <utility>

#include "diagnostics.hpp"
#include "rule_cut.hpp"
#include "text_encoding.hpp"
#include "tags.hpp"

namespace sh {

namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Vocabularies

bool is_rule_file_name(std::string_view name) {
    auto ends_with = [&](std::string_view ext) {
        return name.size() > ext.size() && iequals(name.substr(name.size() - ext.size()), ext);
    };
    return ends_with(".yml") || ends_with(".yaml");
}

bool is_hidden_path(std::string_view path) {
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const std::string_view part = path.substr(start, end - start);
        if (part.size() > 1 && part[0] == '.' && part != "..") return true;
        start = end + 1;
    }
    return false;
}

std::optional<Level> parse_level(std::string_view s) {
    static constexpr std::pair<const char*, Level> kLevels[] = {
        {"informational", Level::Informational}, {"low", Level::Low}, {"medium", Level::Medium},
        {"high", Level::High}, {"critical", Level::Critical}};
    for (const auto& [name, level] : kLevels)
        if (iequals(s, name)) return level;
    return std::nullopt;
}

std::optional<Status> parse_status(std::string_view s) {
    static constexpr std::pair<const char*, Status> kStatuses[] = {
        {"unsupported", Status::Unsupported}, {"deprecated", Status::Deprecated},
        {"experimental", Status::Experimental}, {"test", Status::Test}, {"stable", Status::Stable}};
    for (const auto& [name, status] : kStatuses)
        if (iequals(s, name)) return status;
    return std::nullopt;
}

const char* level_name(Level l) {
    switch (l) {
        case Level::Informational: return "informational";
        case Level::Low: return "low";
        case Level::Medium: return "medium";
        case Level::High: return "high";
        case Level::Critical: return "critical";
        case Level::None: break;
    }
    return "";
}

const char* status_name(Status s) {
    switch (s) {
        case Status::Unsupported: return "unsupported";
        case Status::Deprecated: return "deprecated";
        case Status::Experimental: return "experimental";
        case Status::Test: return "test";
        case Status::Stable: return "stable";
        case Status::None: break;
    }
    return "";
}

namespace {

// ---------------------------------------------------------------------------------------------
// Limits that keep hostile files cheap. Real rules stay far below all of them.

constexpr int kMaxDiagnosticsPerDocument = limits::kDiagnosticsPerDocument;  // then one "more" line
constexpr std::size_t kMaxTags = 1000;           // per document; real rules have a handful
constexpr std::size_t kMaxAnchors = 1024;        // anchored scalars remembered for aliases
constexpr std::size_t kMaxAnchorBytes = 1u << 20;
// What aliases may expand per document (each item of a list counts 16 bytes more): a 1 MB anchored
// title aliased 100,000 times copied 100 GB before this bound.
constexpr std::size_t kMaxAliasBytes = 4u << 20;
// yaml-cpp 0.7 refuses more than 500 nested nodes itself (DepthGuard), but each level costs
// several native stack frames; browsers give WebAssembly ~1 MB of stack, so refuse well before.
constexpr int kMaxNesting = 256;
// Merge keys ("<<: *name") within merged maps: followed this deep, no deeper.
constexpr int kMaxMergeDepth = 8;
// Anchored maps being recorded at once (one inside another), for merge keys.
constexpr std::size_t kMaxMapCaptures = 8;

// yaml-cpp reads from a std::istream; this one reads the caller's bytes in place instead of
// copying the whole text into a std::istringstream.
class ViewStreambuf final : public std::streambuf {
public:
    explicit ViewStreambuf(std::string_view text) {
        char* p = const_cast<char*>(text.data());  // the get area is only read, never written
        setg(p, p, p + text.size());
    }
};

// yaml-cpp 0.7 can stop making progress: on a stray flow indicator at a node's place (a file that
// is just ",", or "[a],") HandleNextDocument returns an empty document at the same token forever.
// The handler throws this when a document starts where the previous one started, or when a parse
// has produced more events than its bytes can justify, so every parse ends in linear time.
struct ParseStalled {
    YAML::Mark mark;
};

// Diagnostics of one file go through a DiagnosticSink (diagnostics.hpp): capped per file, so that
// a file with a million bad documents cannot flood memory.
using Reporter = DiagnosticSink;

// ---------------------------------------------------------------------------------------------
// What one YAML document says, every field optional so that `action: global` documents and
// `action: repeat` can be merged field by field, as pySigma's SigmaCollection.from_dicts and the
// legacy sigmac collection parser merge them: a later global document adds to and overrides the
// earlier ones; a rule takes the global fields, which win over its own where both set one;
// a repeat overrides the rule before it; logsource merges key by key and lists are replaced.
// Correlation and filter documents take nothing from the global ones (pySigma).

struct TagEntry {
    std::string text;
    int line = 0;
};

enum class Presence : uint8_t { Absent, Empty, Present };

struct DocFields {
    std::optional<std::string> title, id, description, author, date, modified;
    std::optional<Status> status;
    std::optional<Level> level;
    std::optional<std::vector<TagEntry>> tags;
    std::optional<std::string> category, product, service;
    std::optional<std::vector<std::string>> falsepositives;
    Presence detection = Presence::Absent, correlation = Presence::Absent;
    bool filter = false, logsource = false;
};

template <typename T>
void override_with(std::optional<T>& base, std::optional<T>& over) {
    if (over) base = std::move(over);
}

Presence merge_presence(Presence a, Presence b) { return a > b ? a : b; }

// Moves what `over` sets into `base` (over is consumed).
void merge_into(DocFields& base, DocFields&& over) {
    override_with(base.title, over.title);
    override_with(base.id, over.id);
    override_with(base.description, over.description);
    override_with(base.author, over.author);
    override_with(base.date, over.date);
    override_with(base.modified, over.modified);
    override_with(base.status, over.status);
    override_with(base.level, over.level);
    override_with(base.tags, over.tags);
    override_with(base.category, over.category);
    override_with(base.product, over.product);
    override_with(base.service, over.service);
    override_with(base.falsepositives, over.falsepositives);
    base.detection = merge_presence(base.detection, over.detection);
    base.correlation = merge_presence(base.correlation, over.correlation);
    base.filter = base.filter || over.filter;
    base.logsource = base.logsource || over.logsource;
}

enum class Root : uint8_t { None, Null, Map, Scalar, Sequence };

struct Document {
    int line = 1;  // absolute, 1-based
    Root root = Root::None;
    std::optional<std::string> action;
    int action_line = 0;
    DocFields fields;
    std::string broken;  // set when the document must be refused although yaml-cpp accepted it
    int broken_line = 0, broken_column = 0;
    std::vector<Diagnostic> pending;  // emitted only if the document is used
    long pending_suppressed = 0;
};

// ---------------------------------------------------------------------------------------------
// The top-level keys we read: the one list, used both by the event handler and by the fast
// path's cutter (keep_of_key), which gives yaml-cpp only what this list needs:
// - whole (the value is read): title, id, status, level, description (the Rules view and reports
//   show it), author, date, modified, tags (coverage), logsource, falsepositives, action (legacy
//   collections: global/reset/repeat change what later documents mean);
// - presence only: detection, correlation, filter (what kind of document it is; their content,
//   the bulk of every rule, is never read);
// - anything else (references, related, fields, license...): the key alone, so the document stays
//   a map and starts where it started.
// Everything the handler does not read is skipped by counting container depth only.

enum class Field : uint8_t {
    Skip, Title, Id, Status, Level, Description, Author, Date, Modified, Tags, Logsource,
    Falsepositives, Detection, Correlation, Filter, Action, Count
};

Field field_of(std::string_view key) {
    static constexpr std::pair<const char*, Field> kFields[] = {
        {"title", Field::Title},         {"id", Field::Id},
        {"status", Field::Status},       {"level", Field::Level},
        {"description", Field::Description}, {"author", Field::Author},
        {"date", Field::Date},           {"modified", Field::Modified},
        {"tags", Field::Tags},           {"logsource", Field::Logsource},
        {"falsepositives", Field::Falsepositives}, {"detection", Field::Detection},
        {"correlation", Field::Correlation}, {"filter", Field::Filter},
        {"action", Field::Action}};
    for (const auto& [name, field] : kFields)
        if (key == name) return field;
    return Field::Skip;
}

CutKeep keep_of_key(std::string_view key) {
    switch (field_of(key)) {
        case Field::Skip: return CutKeep::KeyOnly;
        case Field::Detection:
        case Field::Correlation:
        case Field::Filter: return CutKeep::Presence;
        default: return CutKeep::Whole;
    }
}

const char* field_name(Field f) {
    switch (f) {
        case Field::Title: return "title";
        case Field::Id: return "id";
        case Field::Status: return "status";
        case Field::Level: return "level";
        case Field::Description: return "description";
        case Field::Author: return "author";
        case Field::Date: return "date";
        case Field::Modified: return "modified";
        case Field::Tags: return "tags";
        case Field::Logsource: return "logsource";
        case Field::Falsepositives: return "falsepositives";
        case Field::Detection: return "detection";
        case Field::Correlation: return "correlation";
        case Field::Filter: return "filter";
        case Field::Action: return "action";
        default: return "";
    }
}

bool is_single_text_field(Field f) {
    return f == Field::Title || f == Field::Id || f == Field::Status || f == Field::Level || f == Field::Date ||
           f == Field::Modified || f == Field::Action;
}

// Text fields that Sigma authors sometimes write as a list; the items are joined.
const char* join_separator(Field f) {
    if (f == Field::Author) return ", ";
    if (f == Field::Description) return " ";
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The event handler: a small state machine over container depth. Level 1 is the document's root
// map (key, value, key, value...), level 2 the inside of a top-level value (tag items, logsource
// keys). Deeper events only move the depth counter.

// One YAML event inside an anchored map, kept to be replayed where a merge key ("<<") names it.
struct Event {
    enum Kind : uint8_t { Scalar, Null, Alias, SeqStart, SeqEnd, MapStart, MapEnd };
    Kind kind = Scalar;
    YAML::Mark mark;
    YAML::anchor_t anchor = 0;  // Alias
    YAML::EmitterStyle::value style = YAML::EmitterStyle::Default;
    bool plain = false;         // Scalar: plain, not quoted
    std::string value;          // Scalar

    Event(Kind k, const YAML::Mark& m, YAML::anchor_t a = 0, YAML::EmitterStyle::value st = YAML::EmitterStyle::Default,
          bool pl = false, std::string v = {})
        : kind(k), mark(m), anchor(a), style(st), plain(pl), value(std::move(v)) {}
};
struct MapAnchor {
    std::vector<Event> events;  // the map's content, without its own start and end
    std::size_t bytes = 0;      // as spend_alias_bytes counts them: each value's size + 16
};

class RuleEventHandler final : public YAML::EventHandler {
public:
    using DocumentDone = void (*)(void* context, Document& doc);

    RuleEventHandler(DocumentDone done, void* context) : done_(done), context_(context) {}

    // Called before each parse: the first parse covers the whole text, later ones resume after a
    // broken document and start `lines_before` lines into the text.
    void start_chunk(int lines_before, std::size_t bytes) {
        line_offset_ = lines_before;
        in_doc_ = false;
        completed_ = 0;
        last_start_pos_ = -1;
        events_ = 0;
        // Every event consumes at least one token of one byte or more, except the nulls of empty
        // keys and values ("? : - "), at most a few per byte; anything beyond is a stall.
        max_events_ = 4 * bytes + 64;
    }
    void watch_unclosed_quote(int line, int column) {
        open_quote_line_ = line;
        open_quote_column_ = column;
    }
    bool in_document() const { return in_doc_; }
    int document_line() const { return doc_.line; }
    int completed_documents() const { return completed_; }

    void OnDocumentStart(const YAML::Mark& mark) override {
        doc_ = Document{};
        doc_.line = line_of(mark);
        in_doc_ = true;
        if (mark.pos == last_start_pos_) throw ParseStalled{mark};
        last_start_pos_ = mark.pos;
        count_event(mark);
        depth_ = 0;
        complex_key_ = false;
        field_ = Field::Skip;
        seen_lines_.fill(0);
        open_containers_.clear();
        anchors_.clear();
        list_anchors_.clear();
        anchor_bytes_ = alias_bytes_ = 0;
        capture_.reset();
        map_anchors_.clear();
        map_captures_.clear();
        capture_bytes_ = 0;
        replaying_ = 0;
        merge_key_ = merge_list_ = false;
        origin_.clear();
        for (auto& p : field_priority_) p.reset();
        logsource_priority_.clear();
        logsource_base_ = 0;
    }

    void OnDocumentEnd() override {
        in_doc_ = false;
        ++completed_;
        done_(context_, doc_);
    }

    void OnNull(const YAML::Mark& mark, YAML::anchor_t) override {
        count_event(mark);
        record(Event(Event::Null, mark));
        if (capture_) capture_->ok = false;  // a null item: not a list of text
        plain_scalar_ = false;
        scalar_node(mark, nullptr);
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        count_event(mark);
        record(Event(Event::Scalar, mark, 0, YAML::EmitterStyle::Default, tag == "?", value));
        if (open_quote_line_ != 0 && line_of(mark) == open_quote_line_ && column_of(mark) == open_quote_column_) {
            doc_.broken = "invalid YAML: this quoted string is never closed, so it swallows the rest of the file";
            doc_.broken_line = open_quote_line_;
            doc_.broken_column = open_quote_column_;
        }
        if (anchor != YAML::NullAnchor && anchors_.size() < kMaxAnchors &&
            anchor_bytes_ + value.size() <= kMaxAnchorBytes) {
            anchors_.emplace(anchor, value);
            anchor_bytes_ += value.size();
        }
        capture_item(&value);
        plain_scalar_ = tag == "?";  // a plain scalar: "<<" is a merge key, '<<' and "<<" are text
        scalar_node(mark, &value);
    }

    // Aliases (YAML 1.2, 3.2.2.2): an alias of a remembered scalar reads as that scalar; an alias of
    // a remembered list of scalars, as the value of a top-level list field (tags, falsepositives),
    // reads as that list. Both within kMaxAliasBytes per document. Any other alias of a list or map
    // is an unreadable value (never expanded, so an alias bomb costs nothing).
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        count_event(mark);
        record(Event(Event::Alias, mark, anchor));
        if (merge_value_expected()) return merge(mark, anchor);
        plain_scalar_ = false;  // an alias is never a merge key
        if (auto it = anchors_.find(anchor); it != anchors_.end()) {
            if (!spend_alias_bytes(mark, it->second.size())) return alias_node(mark, kOverBudget);
            capture_item(&it->second);
            scalar_node(mark, &it->second);
            return;
        }
        if (capture_) capture_->ok = false;  // a list or map inside the list being remembered
        auto list = list_anchors_.find(anchor);
        const bool list_field = depth_ == 1 && doc_.root == Root::Map && !key_next_[1] &&
                                (field_ == Field::Tags || field_ == Field::Falsepositives);
        if (list == list_anchors_.end() || !list_field) return alias_node(mark, kNotExpanded);
        if (!spend_alias_bytes(mark, list->second.bytes)) return alias_node(mark, kOverBudget);
        open_containers_.push_back(open_container(mark, YAML::EmitterStyle::Block, '['));
        container_start(mark, false);
        for (const auto& item : list->second.items) scalar_node(mark, &item);
        close_container();
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        count_event(mark);
        record(Event(Event::SeqStart, mark, 0, style));
        if (capture_) capture_->ok = false;  // nested: not a list of scalars
        // "<<: [*a, *b]": each alias merged in turn into the root map (the first one's keys win).
        if (merge_value_expected() && depth_ == 1) {
            merge_list_ = true;
            merge_index_ = 0;
        }
        open_containers_.push_back(open_container(mark, style, '['));
        // An anchored list is remembered while it is read, if it turns out to hold only scalars.
        if (anchor != YAML::NullAnchor && !capture_ && list_anchors_.size() < kMaxAnchors)
            capture_ = Capture{anchor, open_containers_.size(), {}, 0, true};
        container_start(mark, false);
    }
    void OnSequenceEnd() override {
        record(Event(Event::SeqEnd, YAML::Mark()));
        if (capture_ && capture_->depth == open_containers_.size()) {
            if (capture_->ok && anchor_bytes_ + capture_->bytes <= kMaxAnchorBytes) {
                anchor_bytes_ += capture_->bytes;
                list_anchors_[capture_->anchor] = {std::move(capture_->items), capture_->bytes};
            }
            capture_.reset();
        }
        close_container();
    }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        count_event(mark);
        record(Event(Event::MapStart, mark, 0, style));
        if (capture_) capture_->ok = false;
        if (merge_value_expected()) warn(mark, kMergeNotMap);
        open_containers_.push_back(open_container(mark, style, '{'));
        // An anchored map is recorded while it is read, for the merge keys that name it.
        if (anchor != YAML::NullAnchor && replaying_ == 0 && map_captures_.size() < kMaxMapCaptures &&
            map_anchors_.size() < kMaxAnchors)
            map_captures_.push_back(MapCapture{anchor, open_containers_.size(), {}, true});
        container_start(mark, true);
    }
    void OnMapEnd() override {
        if (!map_captures_.empty() && map_captures_.back().depth == open_containers_.size()) {
            MapCapture c = std::move(map_captures_.back());
            map_captures_.pop_back();
            if (c.ok && anchor_bytes_ + c.content.bytes <= kMaxAnchorBytes) {
                anchor_bytes_ += c.content.bytes;
                map_anchors_[c.anchor] = std::move(c.content);
            }
        }
        record(Event(Event::MapEnd, YAML::Mark()));
        close_container();
    }

    // The innermost '[' or '{' still open: where a "flow not found" error really is.
    struct OpenFlow {
        int line = 0, column = 0;
        char bracket = 0;  // 0: a block collection
    };
    std::optional<OpenFlow> innermost_open_flow() const {
        for (auto it = open_containers_.rbegin(); it != open_containers_.rend(); ++it)
            if (it->bracket) return *it;
        return std::nullopt;
    }

private:
    int line_of(const YAML::Mark& m) const { return m.line < 0 ? 0 : line_offset_ + m.line + 1; }

    OpenFlow open_container(const YAML::Mark& mark, YAML::EmitterStyle::value style, char bracket) const {
        return OpenFlow{line_of(mark), column_of(mark), style == YAML::EmitterStyle::Flow ? bracket : '\0'};
    }
    void close_container() {
        if (!open_containers_.empty()) open_containers_.pop_back();
        container_end();
    }

    void count_event(const YAML::Mark& mark) {
        if (replaying_ == 0 && ++events_ > max_events_) throw ParseStalled{mark};  // a merge's replay is not parsing
    }

    // ---- merge keys (YAML 1.1's "<<", https://yaml.org/type/merge.html; PyYAML and so pySigma
    // read them): "<<: *name" or "<<: [*a, *b]" in the root map, or "<<: *name" in 'logsource',
    // merges the keys of the anchored map(s) that the map does not give itself; of several maps
    // the first one's keys win. The anchored map's events are replayed in place of the merge key,
    // within the document's alias budget (kMaxAliasBytes) and kMaxMergeDepth merges deep.

    void record(const Event& e) {
        if (map_captures_.empty() || replaying_ > 0) return;
        const std::size_t bytes = e.value.size() + 16;
        for (MapCapture& c : map_captures_) {
            if (!c.ok) continue;
            capture_bytes_ += bytes;  // each copy counts: maps inside maps hold their events twice
            if (capture_bytes_ > kMaxAnchorBytes) {
                c.ok = false;
                c.content = MapAnchor{};
                continue;
            }
            c.content.bytes += bytes;
            c.content.events.push_back(e);
        }
    }

    // Is the node being read the value of a merge key?
    bool merge_value_expected() const {
        if (!merge_key_ || doc_.root != Root::Map) return false;
        if (depth_ == 1) return !key_next_[1];
        if (depth_ == 2 && merge_list_) return true;
        return depth_ == 2 && field_ == Field::Logsource && in_map2_ && !key_next_[2];
    }

    void merge(const YAML::Mark& mark, YAML::anchor_t anchor) {
        if (capture_) capture_->ok = false;  // an anchored merge list is no list of text
        const bool in_list = merge_list_ && depth_ == 2;
        const int level = in_list ? 1 : depth_;
        auto it = map_anchors_.find(anchor);
        if (it == map_anchors_.end()) {
            warn(mark, "a merge key ('<<') names an alias (*name) that is not a map read before it; nothing is merged");
        } else if (replaying_ >= kMaxMergeDepth) {
            warn(mark, "merge keys ('<<') nested more than " + std::to_string(kMaxMergeDepth) + " deep; this one is not merged");
        } else if (spend_alias_bytes(mark, it->second.bytes)) {
            // The merged map's keys and values take the merge key's place in this map.
            const MapAnchor& m = it->second;  // map_anchors_ is not changed while replaying
            const int saved_depth = depth_;
            const bool saved_in_map2 = in_map2_;
            const Field saved_field = field_;
            depth_ = level;
            key_next_[std::size_t(level)] = true;
            if (level == 2) in_map2_ = true;
            merge_key_ = false;
            const bool saved_list = merge_list_;
            const int saved_index = merge_index_;
            merge_list_ = false;
            ++replaying_;
            origin_.push_back(uint8_t(1 + std::min(in_list ? merge_index_ : 0, 254)));
            for (const Event& e : m.events) replay(e);
            origin_.pop_back();
            --replaying_;
            merge_list_ = saved_list;
            merge_index_ = saved_index;
            depth_ = saved_depth;
            in_map2_ = saved_in_map2;
            if (level == 2) field_ = saved_field;
        }
        // The merge key and its value are one key/value pair read.
        if (in_list) {
            ++merge_index_;
            merge_key_ = true;  // the list's next alias merges too
            field_ = Field::Skip;
            return;
        }
        merge_key_ = false;
        if (level == 1) {
            field_ = Field::Skip;
            key_next_[1] = true;
        } else {
            logsource_key_.clear();
            key_next_[2] = true;
        }
    }

    void replay(const Event& e) {
        switch (e.kind) {
            case Event::Scalar: OnScalar(e.mark, e.plain ? "?" : "!", YAML::NullAnchor, e.value); break;
            case Event::Null: OnNull(e.mark, YAML::NullAnchor); break;
            case Event::Alias: OnAlias(e.mark, e.anchor); break;
            case Event::SeqStart: OnSequenceStart(e.mark, "?", YAML::NullAnchor, e.style); break;
            case Event::SeqEnd: OnSequenceEnd(); break;
            case Event::MapStart: OnMapStart(e.mark, "?", YAML::NullAnchor, e.style); break;
            case Event::MapEnd: OnMapEnd(); break;
        }
    }

    // An item of the anchored list being remembered (only its own items, not deeper ones).
    void capture_item(const std::string* value) {
        if (!capture_ || !capture_->ok || capture_->depth != open_containers_.size()) return;
        capture_->bytes += value->size() + 16;
        if (capture_->bytes > kMaxAnchorBytes) capture_->ok = false;
        else capture_->items.push_back(*value);
    }
    bool spend_alias_bytes(const YAML::Mark& mark, std::size_t bytes) {
        if (alias_bytes_ + bytes > kMaxAliasBytes) {
            if (alias_bytes_ <= kMaxAliasBytes) warn(mark, "aliases (*name) expanded more than 4 MB of text in this document; "
                                                           "this one and any after it are not expanded");
            alias_bytes_ = kMaxAliasBytes + 1;  // warned once
            return false;
        }
        alias_bytes_ += bytes;
        return true;
    }
    static int column_of(const YAML::Mark& m) { return m.column < 0 ? 0 : m.column + 1; }

    void note(Severity severity, int line, int column, std::string message) {
        if (doc_.pending.size() >= static_cast<std::size_t>(kMaxDiagnosticsPerDocument)) {
            ++doc_.pending_suppressed;
            return;
        }
        doc_.pending.push_back(Diagnostic{severity, {}, line, column, std::move(message)});
    }
    void warn(const YAML::Mark& m, std::string message) {
        note(Severity::Warning, line_of(m), column_of(m), std::move(message));
    }

    std::string quoted_field() const { return std::string("'") + field_name(field_) + "'"; }

    // ---- level 1: keys and scalar values of the root map

    void scalar_node(const YAML::Mark& mark, const std::string* value) {
        if (merge_value_expected()) {
            warn(mark, kMergeNotMap);
            if (!merge_list_) merge_key_ = false;
        }
        if (depth_ == 0) {
            doc_.root = value ? Root::Scalar : Root::Null;
            return;
        }
        if (doc_.root != Root::Map) return;
        if (depth_ == 1) {
            if (key_next_[1]) {
                begin_key(mark, value);
            } else {
                top_scalar_value(mark, value);
                key_next_[1] = true;
            }
        } else if (depth_ == 2) {
            inner_scalar(mark, value);
        }
    }

    static constexpr const char* kMergeNotMap =
        "a merge key ('<<') takes an alias (*name) of a map, or a list of them; this value is not merged";
    static constexpr const char* kNotExpanded =
        "is an alias (*name) of a list or map; such aliases are not expanded (but for a list of plain values "
        "as 'tags' or 'falsepositives'), so this value is ignored";
    static constexpr const char* kOverBudget = "is an alias (*name) past the document's alias budget; it is ignored";

    void alias_node(const YAML::Mark& mark, const char* why) {
        if (doc_.root != Root::Map) return;
        if (depth_ == 1) {
            if (key_next_[1]) {
                field_ = Field::Skip;
                key_next_[1] = false;
            } else {
                // For these sections only their presence matters, and an alias shows that.
                if (field_ == Field::Detection) doc_.fields.detection = Presence::Present;
                else if (field_ == Field::Correlation) doc_.fields.correlation = Presence::Present;
                else if (field_ == Field::Filter) doc_.fields.filter = true;
                else if (field_ != Field::Skip) warn(mark, "the value of " + quoted_field() + " " + why);
                key_next_[1] = true;
            }
        } else if (depth_ == 2) {
            if (field_ == Field::Tags) warn(mark, std::string("a tag ") + why);
            if (in_map2_) key_next_[2] = !key_next_[2];
        }
    }

    void begin_key(const YAML::Mark& mark, const std::string* key) {
        key_next_[1] = false;
        merge_key_ = key && plain_scalar_ && *key == "<<";
        field_ = key ? field_of(*key) : Field::Skip;
        if (field_ == Field::Skip) return;
        const std::size_t i = static_cast<std::size_t>(field_);
        int& first = seen_lines_[i];
        std::optional<Priority>& had = field_priority_[i];
        const Priority mine = key_priority(0);
        if (had && *had == mine) {  // the same map gives the key twice
            if (replaying_ == 0)
                warn(mark, "duplicate key " + quoted_field() + " (first at line " + std::to_string(first) +
                               "); the later value is used");
        } else if (had && *had < mine) {  // merged, and the key is there already: the first one wins
            field_ = Field::Skip;
            return;
        } else {
            if (replaying_ == 0) first = line_of(mark);
            if (had && field_ == Field::Logsource) {  // a map's own logsource replaces a merged one whole
                DocFields& f = doc_.fields;
                f.logsource = false;
                f.category.reset();
                f.product.reset();
                f.service.reset();
            }
            had = mine;
        }
        if (field_ == Field::Logsource) {
            logsource_priority_.clear();
            logsource_base_ = origin_.size();
        }
        if (field_ == Field::Tags) {
            doc_.fields.tags.reset();
            tags_truncated_ = false;
        }
    }

    void top_scalar_value(const YAML::Mark& mark, const std::string* value) {
        DocFields& f = doc_.fields;
        const bool null = value == nullptr;
        switch (field_) {
            case Field::Skip: break;
            case Field::Title: assign(f.title, value); break;
            case Field::Id: assign(f.id, value); break;
            case Field::Description: assign(f.description, value); break;
            case Field::Author: assign(f.author, value); break;
            case Field::Date: assign(f.date, value); break;
            case Field::Modified: assign(f.modified, value); break;
            case Field::Status: if (!null) f.status = read_status(mark, *value); break;
            case Field::Level: if (!null) f.level = read_level(mark, *value); break;
            case Field::Action:
                if (!null) {
                    doc_.action = to_lower(*value);
                    doc_.action_line = line_of(mark);
                }
                break;
            case Field::Tags:
                f.tags.emplace();
                if (!null) tags_from_text(mark, *value);
                break;
            case Field::Logsource:
                if (!null)
                    warn(mark, "'logsource' should be a map with category, product and/or service; this value is "
                               "ignored");
                break;
            case Field::Falsepositives:
                f.falsepositives.emplace();
                if (!null) f.falsepositives->push_back(*value);
                break;
            case Field::Detection: f.detection = null ? Presence::Empty : Presence::Present; break;
            case Field::Correlation: f.correlation = null ? Presence::Empty : Presence::Present; break;
            case Field::Filter: f.filter = true; break;
            case Field::Count: break;
        }
    }

    static void assign(std::optional<std::string>& target, const std::string* value) {
        if (value) target = *value;
    }

    std::optional<Status> read_status(const YAML::Mark& mark, const std::string& value) {
        if (auto s = parse_status(value)) return *s;
        if (iequals(value, "production")) {
            warn(mark, "status 'production' is not a Sigma status; it was read as 'stable'");
            return Status::Stable;
        }
        warn(mark, "unknown status '" + value +
                       "' (expected stable, test, experimental, deprecated or unsupported); the rule has no status");
        return Status::None;
    }

    std::optional<Level> read_level(const YAML::Mark& mark, const std::string& value) {
        if (auto l = parse_level(value)) return *l;
        warn(mark, "unknown level '" + value +
                       "' (expected informational, low, medium, high or critical); the rule has no level");
        return Level::None;
    }

    // `tags: attack.t1059 attack.execution` is a common slip; Sigma tags never contain spaces or
    // commas, so splitting on them recovers what the author meant.
    void tags_from_text(const YAML::Mark& mark, const std::string& text) {
        warn(mark, "'tags' should be a list with one tag per '- ' line; the text was split on spaces and commas");
        const int line = line_of(mark);
        std::size_t i = 0;
        while (i < text.size()) {
            while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '\t' || text[i] == '\n')) ++i;
            std::size_t j = i;
            while (j < text.size() && !(text[j] == ' ' || text[j] == ',' || text[j] == '\t' || text[j] == '\n')) ++j;
            if (j > i) add_tag(mark, line, text.substr(i, j - i));
            i = j;
        }
    }

    void add_tag(const YAML::Mark& mark, int line, std::string text) {
        std::vector<TagEntry>& tags = *doc_.fields.tags;
        if (tags.size() >= kMaxTags) {
            if (!tags_truncated_)
                warn(mark, "more than " + std::to_string(kMaxTags) + " tags; the rest are ignored");
            tags_truncated_ = true;
            return;
        }
        // Spaces around a tag (a quoted ' attack.t1106 ', a line folded into it) are a slip: the tag
        // is read without them, and said so. (Inside a tag they are malformed, see parse_tag.)
        const auto first = text.find_first_not_of(" \t\r\n");
        if (first == std::string::npos) {
            warn(mark, "empty tag skipped");
            return;
        }
        if (const auto last = text.find_last_not_of(" \t\r\n"); first > 0 || last + 1 < text.size()) {
            std::string trimmed = text.substr(first, last + 1 - first);
            note(Severity::Warning, line, column_of(mark), "'" + text + "' has spaces around it; read as '" + trimmed + "'");
            text = std::move(trimmed);
        }
        if (text.size() >= 7 && iequals(std::string_view(text).substr(0, 7), "attack.")) {
            // Only the attack. namespace has a grammar; the catalogue judges existence later.
            const Tag tag = parse_tag(text);
            if (tag.kind == TagKind::Malformed) note(Severity::Warning, line, column_of(mark), tag.error);
        } else if (const std::string meant = misplaced_technique(text); !meant.empty()) {
            note(Severity::Warning, line, column_of(mark),
                 "'" + text + "' is not counted: ATT&CK technique tags are written " + meant);
        }
        tags.push_back(TagEntry{std::move(text), line});
    }

    // ---- level 2: items of a top-level list, keys and values of a top-level map

    void inner_scalar(const YAML::Mark& mark, const std::string* value) {
        DocFields& f = doc_.fields;
        switch (field_) {
            case Field::Tags:
                if (!value || value->empty())
                    warn(mark, "empty tag skipped");
                else
                    add_tag(mark, line_of(mark), *value);
                break;
            case Field::Falsepositives:
                if (value) f.falsepositives->push_back(*value);
                break;
            case Field::Author:
            case Field::Description:
                if (value) {
                    std::string& s = *(field_ == Field::Author ? f.author : f.description);  // emplaced at list start
                    if (!s.empty()) s += join_separator(field_);
                    s += *value;
                }
                break;
            case Field::Logsource:
                if (key_next_[2]) {
                    logsource_key_ = value ? *value : std::string();
                    merge_key_ = value && plain_scalar_ && *value == "<<";
                } else if (value) {
                    std::optional<std::string>* target = logsource_key_ == "category" ? &f.category
                                                       : logsource_key_ == "product"  ? &f.product
                                                       : logsource_key_ == "service"  ? &f.service
                                                                                      : nullptr;
                    // A merged key: the map's own keys, and those merged before, win.
                    if (target) {
                        const Priority mine = key_priority(logsource_base_);
                        auto had = logsource_priority_.find(logsource_key_);
                        if (had == logsource_priority_.end() || !(had->second < mine)) {
                            *target = *value;
                            logsource_priority_[logsource_key_] = mine;
                        }
                    }
                }
                break;
            default: break;
        }
        if (in_map2_) key_next_[2] = !key_next_[2];
    }

    // ---- containers

    void container_start(const YAML::Mark& mark, bool is_map) {
        if (depth_ == 0) {
            doc_.root = is_map ? Root::Map : Root::Sequence;
        } else if (doc_.root == Root::Map) {
            if (depth_ == 1) {
                if (key_next_[1]) {
                    complex_key_ = true;  // a list or map used as a key: skip it and its value
                    field_ = Field::Skip;
                } else {
                    top_container_value(mark, is_map);
                }
            } else if (depth_ == 2) {
                if (field_ == Field::Tags)
                    warn(mark, std::string("a tag must be plain text, not a ") + (is_map ? "map" : "list") +
                                   "; it is skipped");
                if (field_ == Field::Logsource && key_next_[2]) logsource_key_.clear();
            }
        }
        ++depth_;
        if (depth_ <= 2) key_next_[depth_] = true;
        if (depth_ == 2) in_map2_ = is_map;
    }

    void top_container_value(const YAML::Mark& mark, bool is_map) {
        DocFields& f = doc_.fields;
        const char* kind = is_map ? "a map" : "a list";
        switch (field_) {
            case Field::Tags:
                if (is_map) {
                    note(Severity::Error, line_of(mark), column_of(mark),
                         "'tags' must be a list of strings, not a map; the tags of this rule are ignored");
                    field_ = Field::Skip;
                } else {
                    f.tags.emplace();
                }
                break;
            case Field::Logsource:
                if (is_map) {
                    f.logsource = true;
                } else {
                    warn(mark, "'logsource' should be a map with category, product and/or service, not a list; "
                               "it is ignored");
                    field_ = Field::Skip;
                }
                break;
            case Field::Falsepositives:
                if (is_map) {
                    warn(mark, "'falsepositives' should be a list or a text, not a map; it is ignored");
                    field_ = Field::Skip;
                } else {
                    f.falsepositives.emplace();
                }
                break;
            case Field::Author:
            case Field::Description:
                if (is_map) {
                    warn(mark, quoted_field() + " should be text, not a map; it is ignored");
                    field_ = Field::Skip;
                } else {
                    (field_ == Field::Author ? f.author : f.description).emplace();
                }
                break;
            case Field::Detection: f.detection = Presence::Present; field_ = Field::Skip; break;
            case Field::Correlation: f.correlation = Presence::Present; field_ = Field::Skip; break;
            case Field::Filter: f.filter = true; field_ = Field::Skip; break;
            default:
                if (is_single_text_field(field_)) {
                    warn(mark, quoted_field() + " should be a single value, not " + kind + "; it is ignored");
                    field_ = Field::Skip;
                }
                break;
        }
    }

    void container_end() {
        --depth_;
        if (doc_.root != Root::Map) return;
        if (depth_ == 1 && merge_list_) {
            merge_list_ = merge_key_ = false;
            field_ = Field::Skip;
        }
        if (depth_ == 1) {
            if (complex_key_) {
                complex_key_ = false;
                key_next_[1] = false;
            } else {
                key_next_[1] = true;
            }
        } else if (depth_ == 2 && in_map2_) {
            key_next_[2] = !key_next_[2];
        }
    }

    DocumentDone done_;
    void* context_;
    int line_offset_ = 0;
    int open_quote_line_ = 0, open_quote_column_ = 0;
    bool in_doc_ = false;
    int completed_ = 0;
    int last_start_pos_ = -1;  // where the last document of this parse started (Mark::pos)
    std::size_t events_ = 0, max_events_ = 0;

    Document doc_;
    int depth_ = 0;
    std::array<bool, 3> key_next_{};  // per level 1..2: is the next node a key?
    bool in_map2_ = false;            // is the level-2 container a map?
    bool complex_key_ = false;
    bool tags_truncated_ = false;
    Field field_ = Field::Skip;
    std::string logsource_key_;
    std::array<int, static_cast<std::size_t>(Field::Count)> seen_lines_{};
    std::unordered_map<YAML::anchor_t, std::string> anchors_;
    struct ListAnchor {
        std::vector<std::string> items;
        std::size_t bytes = 0;  // as spend_alias_bytes counts them
    };
    std::unordered_map<YAML::anchor_t, ListAnchor> list_anchors_;  // lists of scalars
    std::size_t anchor_bytes_ = 0, alias_bytes_ = 0;
    struct Capture {
        YAML::anchor_t anchor = 0;
        std::size_t depth = 0;  // open_containers_.size() inside the list
        std::vector<std::string> items;
        std::size_t bytes = 0;
        bool ok = true;
    };
    std::optional<Capture> capture_;  // the anchored list being read
    std::vector<OpenFlow> open_containers_;  // as deep as the nesting (at most kMaxNesting)
    // Merge keys: anchored maps as the events that read them (scalars' values, containers'
    // starts and ends, aliases), recorded while read and replayed where "<<" names them.
    std::unordered_map<YAML::anchor_t, MapAnchor> map_anchors_;
    struct MapCapture {
        YAML::anchor_t anchor = 0;
        std::size_t depth = 0;  // open_containers_.size() inside the map
        MapAnchor content;
        bool ok = true;
    };
    std::vector<MapCapture> map_captures_;  // the anchored maps being read, outermost first
    std::size_t capture_bytes_ = 0;         // recorded in this document, all captures together
    int replaying_ = 0;                     // merges being replayed, one inside another
    bool plain_scalar_ = false;             // the last scalar was plain (not quoted): "<<" merges
    bool merge_key_ = false;                // the key just read is a merge key
    bool merge_list_ = false;               // reading "<<: [*a, *b]"
    int merge_index_ = 0;                   // ... the alias of that list being merged
    // Which of two values of a key wins: each key's place among the merges, outermost first (1 +
    // its index in a merge list per merge, then 0 for a key of the map itself), compared in
    // order: the smaller wins (a map's own key, then the first merged map's, and so on, at every level).
    using Priority = std::vector<uint8_t>;
    Priority key_priority(std::size_t from) const {
        Priority p(origin_.begin() + std::ptrdiff_t(std::min(from, origin_.size())), origin_.end());
        p.push_back(0);
        return p;
    }
    Priority origin_;  // the merges being replayed, outermost first
    std::array<std::optional<Priority>, static_cast<std::size_t>(Field::Count)> field_priority_;
    std::map<std::string, Priority> logsource_priority_;  // category, product, service
    std::size_t logsource_base_ = 0;                       // origin_'s size at the logsource key
};

// ---------------------------------------------------------------------------------------------
// One file's documents in order: applies the collection actions and turns documents into rules.

class FileLoader {
public:
    FileLoader(const std::string& file, LoadResult& out, Reporter& reporter)
        : file_(file), out_(out), reporter_(reporter) {}

    static void on_document(void* self, Document& doc) { static_cast<FileLoader*>(self)->document(doc); }

    int content_documents() const { return content_documents_; }

private:
    void flush(Document& doc) {
        for (auto& d : doc.pending) reporter_.add(d.severity, d.line, d.column, std::move(d.message));
        if (doc.pending_suppressed > 0)
            reporter_.add(Severity::Warning, doc.line, 0,
                          std::to_string(doc.pending_suppressed) + " more warnings in this document are not shown");
    }
    void skip(Document& doc, Severity severity, std::string message) {
        // The document is not used, so its field warnings would only be noise.
        reporter_.add(severity, doc.line, 0, std::move(message));
    }

    void document(Document& doc) {
        if (doc.root == Root::Null) return;  // a stray '---' or an empty document: nothing to load
        ++content_documents_;
        if (!doc.broken.empty()) {
            reporter_.add(Severity::Error, doc.broken_line, doc.broken_column, doc.broken + "; document skipped");
            return;
        }
        if (doc.root != Root::Map) {
            skip(doc, Severity::Error,
                 std::string("not a Sigma rule: the document is ") +
                     (doc.root == Root::Sequence ? "a list" : "a single value") + ", not a map of fields");
            return;
        }
        if (doc.action) {
            const std::string& action = *doc.action;
            if (action == "global") {
                merge_into(globals_, std::move(doc.fields));
                flush(doc);
                return;
            }
            if (action == "reset") {
                globals_ = DocFields{};
                flush(doc);
                return;
            }
            if (action == "repeat") {
                if (!previous_) {
                    skip(doc, Severity::Error,
                         "'action: repeat' needs a rule before it in the same file to repeat; document skipped");
                    return;
                }
                DocFields fields = *previous_;
                merge_into(fields, std::move(doc.fields));
                make_rule(doc, std::move(fields));
                return;
            }
            doc.pending.insert(doc.pending.begin(),
                               Diagnostic{Severity::Warning, {}, doc.action_line, 0,
                                          "unknown action '" + action +
                                              "' (Sigma collections know global, reset and repeat); ignored"});
        }
        DocFields fields = std::move(doc.fields);
        if (fields.correlation == Presence::Absent && !fields.filter) {
            DocFields globals = globals_;
            merge_into(fields, std::move(globals));  // the global document's fields win
        }
        make_rule(doc, std::move(fields));
    }

    void make_rule(Document& doc, DocFields&& f) {
        Rule rule;
        if (f.detection == Presence::Present) {
            rule.kind = RuleKind::Detection;
            if (f.correlation != Presence::Absent)
                doc.pending.push_back(Diagnostic{Severity::Warning, {}, doc.line, 0,
                                                 "the document has both 'detection' and 'correlation'; it was "
                                                 "loaded as a detection rule"});
        } else if (f.correlation == Presence::Present) {
            rule.kind = RuleKind::Correlation;
        } else if (f.detection == Presence::Empty || f.correlation == Presence::Empty) {
            skip(doc, Severity::Error,
                 std::string("not a Sigma rule: the '") + (f.detection == Presence::Empty ? "detection" : "correlation") +
                     "' section is empty; document skipped");
            return;
        } else if (f.filter && f.logsource) {
            skip(doc, Severity::Info,
                 "Sigma filter (a 'filter' with a 'logsource' and no 'detection') skipped: filters adjust other "
                 "rules and add no coverage of their own");
            return;
        } else {
            skip(doc, Severity::Error, "not a Sigma rule: no detection section; document skipped");
            return;
        }

        rule.file = file_;
        rule.line = doc.line;
        if (f.title && !f.title->empty()) {
            rule.title = *f.title;
        } else {
            const auto slash = file_.find_last_of("/\\");
            rule.title = slash == std::string::npos ? file_ : file_.substr(slash + 1);
            doc.pending.push_back(Diagnostic{Severity::Warning, {}, doc.line, 0,
                                             "the rule has no title; using the file name '" + rule.title + "'"});
        }
        if (f.id) rule.id = *f.id;
        if (f.description) rule.description = *f.description;
        if (f.author) rule.author = *f.author;
        if (f.date) rule.date = *f.date;
        if (f.modified) rule.modified = *f.modified;
        rule.status = f.status.value_or(Status::None);
        rule.level = f.level.value_or(Level::None);
        if (f.tags) {
            rule.tags.reserve(f.tags->size());
            rule.tag_lines.reserve(f.tags->size());
            for (const auto& t : *f.tags) {
                rule.tags.push_back(t.text);
                rule.tag_lines.push_back(t.line);
            }
        }
        if (f.category) rule.logsource.category = *f.category;
        if (f.product) rule.logsource.product = *f.product;
        if (f.service) rule.logsource.service = *f.service;
        if (f.falsepositives) rule.falsepositives = *f.falsepositives;

        flush(doc);
        out_.rules.push_back(std::move(rule));
        previous_ = std::move(f);  // what a later `action: repeat` starts from
    }

    const std::string& file_;
    LoadResult& out_;
    Reporter& reporter_;
    DocFields globals_;
    std::optional<DocFields> previous_;
    int content_documents_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Checks before parsing: yaml-cpp guesses UTF-16/32 from NUL bytes and silently replaces invalid
// UTF-8, so binary or mis-encoded files are refused here with the position of the first bad byte.

struct TextProblem {
    std::size_t offset = 0;
    std::string message;
    bool not_utf8 = false;  // a byte that does not decode as UTF-8 (not a NUL or control character)
};

std::optional<TextProblem> check_text(std::string_view t) {
    const auto* s = reinterpret_cast<const unsigned char*>(t.data());
    const std::size_t n = t.size();
    auto hex = [](unsigned c) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "0x%02X", c);
        return std::string(buf);
    };
    std::size_t i = 0;
    while (i < n) {
        // Fast path: 8 bytes of printable ASCII (no high bit, none below 0x20) at once.
        if (i + 8 <= n) {
            uint64_t w;
            std::memcpy(&w, s + i, 8);
            constexpr uint64_t kHigh = 0x8080808080808080ull, kSpaces = 0x2020202020202020ull;
            if (((w | ((w - kSpaces) & ~w)) & kHigh) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return TextProblem{i, "the file contains a NUL byte: it looks like a binary file, not YAML text"};
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                return TextProblem{i, "control character " + hex(c) + " is not allowed in YAML text (binary file?)"};
            ++i;
            continue;
        }
        const std::size_t len = utf8_char_length(t, i);
        if (len == 0)
            return TextProblem{i,
                               "the file is not valid UTF-8 text: byte " + hex(c) +
                                   " here cannot be decoded (a binary file, or another encoding such as "
                                   "Latin-1? save it as UTF-8)",
                               true};
        i += len;
    }
    return std::nullopt;
}

// One cheap pass over the text, before yaml-cpp sees it, for two things yaml-cpp 0.7 handles badly:
// - nesting depth: yaml-cpp recurses per level and only stops at 500 (DepthGuard); each level
//   costs several stack frames, and browsers give WebAssembly about 1 MB of stack. The estimate
//   counts flow brackets that open a node plus the block levels each indentation step opens
//   (a line "- - key: v" opens two lists and a map); it errs on the high side, and yaml-cpp's
//   guard stays behind it.
// - a quoted string left open at the end of the file: yaml-cpp accepts it (the string silently
//   swallows the rest of the file). The loader confirms the spot with yaml-cpp's own scalar
//   event before reporting it, so a wrong guess here cannot reject a valid rule.
// - a '[' or '{' left open at a document's end: yaml-cpp stops lines later (often at the next
//   "- " entry, or past the "---" it reads as text), so the loader names the bracket instead.
// Block scalars, quoted scalars and comments are skipped; "---" lines reset the state.
struct StructureScan {
    std::optional<std::size_t> too_deep_at;  // offset where the depth passed kMaxNesting
    std::optional<std::size_t> open_quote_at;  // offset of a quote still open at the end
    std::vector<std::size_t> open_flow_at;  // per document: its innermost bracket left open, if any
};

bool is_document_marker(std::string_view t, std::size_t i) {
    return t.compare(i, 3, "---") == 0 &&
           (i + 3 == t.size() || t[i + 3] == ' ' || t[i + 3] == '\t' || t[i + 3] == '\r' || t[i + 3] == '\n');
}

// Characters that never change the scan's state except ending "after a space"/"at a node start".
bool is_plain_char(char c) {
    static const auto table = [] {
        std::array<bool, 256> plain{};
        plain.fill(true);
        for (unsigned char special : std::string_view(" \t\r\n\"'#[]{},:-|>&!?\\"))
            plain[special] = false;
        return plain;
    }();
    return table[static_cast<unsigned char>(c)];
}

StructureScan scan_structure(std::string_view t) {
    StructureScan result;
    struct Indent {
        std::size_t column;
        int levels;  // block levels the line at this column opened
    };
    std::vector<Indent> indents;
    int block = 0;  // sum of indents[].levels
    int flow = 0;
    std::vector<std::size_t> brackets;  // offsets of the open '[' and '{' (flow of them)
    auto document_end = [&] {
        if (!brackets.empty()) result.open_flow_at.push_back(brackets.back());
        brackets.clear();
    };
    char quote = 0;
    std::size_t quote_at = 0;
    std::size_t block_scalar_parent = std::string_view::npos;  // inside "key: |" content when set
    const std::size_t n = t.size();
    auto too_deep = [&](std::size_t at) {
        if (block + flow <= kMaxNesting) return false;
        result.too_deep_at = at;
        return true;
    };
    std::size_t i = 0;
    while (i < n) {
        std::size_t col = 0;
        while (i + col < n && t[i + col] == ' ') ++col;
        std::size_t j = i + col;
        if (col == 0 && is_document_marker(t, i)) {
            indents.clear();
            block = 0;
            flow = 0;
            document_end();
            quote = 0;
            block_scalar_parent = std::string_view::npos;
            j += 3;
        }
        const bool blank = j >= n || t[j] == '\n' || t[j] == '\r' || t[j] == '#';
        if (block_scalar_parent != std::string_view::npos) {
            if (blank || col > block_scalar_parent) {  // still block scalar content
                const auto nl = t.find('\n', i);
                if (nl == std::string_view::npos) break;
                i = nl + 1;
                continue;
            }
            block_scalar_parent = std::string_view::npos;
        }
        int entries = 0;  // "- " or "? " opening a collection on this line
        const bool block_line = flow == 0 && quote == 0 && !blank;
        if (block_line) {
            while (!indents.empty() && indents.back().column >= col) {
                block -= indents.back().levels;
                indents.pop_back();
            }
            while (j + 1 < n && (t[j] == '-' || t[j] == '?') && t[j + 1] == ' ') {
                ++entries;
                j += 2;
                while (j < n && t[j] == ' ') ++j;
            }
            indents.push_back({col, 1 + entries});
            block += 1 + entries;
        }
        bool mapping = false;  // a "key:" on this line, outside flow collections
        bool node_start = true;  // may a node (quote, bracket, block scalar) begin here?
        bool after_space = true;
        for (; j < n && t[j] != '\n'; ++j) {
            const char c = t[j];
            if (!quote && is_plain_char(c)) {  // most bytes: letters, digits, most punctuation
                after_space = false;
                node_start = false;
                continue;
            }
            if (quote) {
                if (c == quote) {
                    if (quote == '\'' && j + 1 < n && t[j + 1] == '\'') ++j;
                    else quote = 0, node_start = false;
                } else if (c == '\\' && quote == '"') {
                    ++j;  // an escaped character (or an escaped line break)
                }
                continue;
            }
            if (c == '#' && after_space) break;  // a comment runs to the end of the line
            after_space = c == ' ' || c == '\t';
            if (after_space) continue;
            if (node_start && (c == '"' || c == '\'')) {
                quote = c;
                quote_at = j;
            } else if (node_start && (c == '[' || c == '{')) {
                ++flow;
                brackets.push_back(j);
                if (too_deep(j)) return result;
                continue;  // node_start stays true
            } else if (node_start && flow == 0 && (c == '|' || c == '>')) {
                block_scalar_parent = col;
                break;
            } else if (flow > 0 && (c == ']' || c == '}')) {
                --flow;
                // yaml-cpp stops at a ']' closing a '{' (or the reverse): keep the '{' as the open one.
                if (!brackets.empty() && t[brackets.back()] == (c == ']' ? '[' : '{')) brackets.pop_back();
            } else if (flow > 0 && c == ',') {
                node_start = true;
                continue;
            } else if (c == ':' && (j + 1 >= n || t[j + 1] == ' ' || t[j + 1] == '\r' || t[j + 1] == '\n' ||
                                    (flow > 0 && (t[j + 1] == ',' || t[j + 1] == ']' || t[j + 1] == '}')))) {
                mapping = mapping || flow == 0;
                node_start = true;
                continue;
            } else if (c == '-' && node_start && (j + 1 >= n || t[j + 1] == ' ')) {
                continue;
            }
            if (c != '&' && c != '!') node_start = false;
        }
        if (block_line && entries > 0 && mapping) {  // "- key: v" also opens a map
            ++indents.back().levels;
            ++block;
        }
        if (too_deep(j < n ? j : n - 1)) return result;
        const auto nl = j < n ? t.find('\n', j) : std::string_view::npos;
        if (nl == std::string_view::npos) break;
        i = nl + 1;
    }
    if (quote) result.open_quote_at = quote_at;
    document_end();
    return result;
}

struct LineCol {
    int line = 1, column = 1;
};

LineCol line_col(std::string_view t, std::size_t offset) {
    LineCol lc;
    locate(t, offset, lc.line, lc.column);
    return lc;
}

// line_col of each of `offsets` (ascending), in one pass over the text.
std::vector<LineCol> line_cols(std::string_view t, const std::vector<std::size_t>& offsets) {
    std::vector<LineCol> out;
    out.reserve(offsets.size());
    LineCol lc;
    std::size_t i = 0, line_start = 0;
    for (const std::size_t offset : offsets) {
        for (; i < offset && i < t.size(); ++i)
            if (t[i] == '\n') {
                ++lc.line;
                line_start = i + 1;
            }
        lc.column = static_cast<int>(offset - line_start) + 1;
        out.push_back(lc);
    }
    return out;
}

bool only_whitespace_and_comments(std::string_view t) {
    bool in_comment = false;
    for (char c : t) {
        if (c == '\n') in_comment = false;
        else if (in_comment || c == ' ' || c == '\t' || c == '\r') continue;
        else if (c == '#') in_comment = true;
        else return false;
    }
    return true;
}

// Words for yaml-cpp's terse messages, so a rule author knows what to fix.
std::string explain(const std::string& msg) {
    using namespace YAML::ErrorMsg;
    std::string out = "invalid YAML: " + msg;
    if (msg == END_OF_MAP || msg == END_OF_SEQ || msg == MAP_VALUE || msg == BLOCK_ENTRY || msg == MAP_KEY)
        out += " (check the indentation: keys of one map start in the same column, and a value containing ': ' "
               "must be quoted)";
    else if (msg == END_OF_MAP_FLOW || msg == END_OF_SEQ_FLOW)
        out += " (a '[' or '{' is not closed)";
    else if (msg == FLOW_END)
        out += " (this ']' or '}' closes no bracket, or the wrong one: '[' closes with ']', '{' with '}')";
    else if (msg == EOF_IN_SCALAR)
        out += " (a quoted string is not closed)";
    else if (msg == DOC_IN_SCALAR)
        out += " (a quoted string is not closed before the next '---')";
    else if (msg == TAB_IN_INDENTATION)
        out += " (indent with spaces: YAML does not allow tabs for indentation)";
    else if (msg == UNKNOWN_ANCHOR)
        out += " (an alias *name is used before any anchor &name defines it)";
    else if (msg == UNKNOWN_TOKEN)
        out += " (unexpected character; tabs used for indentation?)";
    return out;
}

// The ']', '}' or closing quote just before `at` on its line (blanks skipped), or 0: yaml-cpp
// stops at text after a value like '[PoC] name' or '"quoted" rest'.
char closer_before(std::string_view t, std::size_t at) {
    if (at > t.size()) return 0;
    while (at > 0 && (t[at - 1] == ' ' || t[at - 1] == '\t')) --at;
    if (at == 0 || at == t.size() || t[at] == '\n' || t[at] == '\r' || t[at] == '#') return 0;
    const char c = t[at - 1];
    return c == ']' || c == '}' || c == '"' || c == '\'' ? c : 0;
}

// Byte offset of the first "---" document marker on a line after `after_line` (1-based,
// absolute), searching from `from` whose line is `from_line`. npos when there is none.
// `scanned` grows by the bytes looked at (LoadResult::recovery_scan_bytes).
std::size_t next_document_marker(std::string_view t, std::size_t from, int from_line, int after_line,
                                 std::size_t& scanned) {
    std::size_t i = from;
    int line = from_line;
    while (i < t.size()) {
        if (line > after_line && is_document_marker(t, i)) {
            scanned += i - from + 3;
            return i;
        }
        const auto nl = t.find('\n', i);
        if (nl == std::string_view::npos) break;
        i = nl + 1;
        ++line;
    }
    scanned += t.size() - from;
    return std::string_view::npos;
}

// yaml-cpp reports tab indentation as a generic structure error; say what it is. Looks at `line`
// (1-based, absolute) searching from offset `from` whose line is `from_line` (the current parse's
// start, so that many broken documents in one file cost linear time, not a rescan each).
bool tab_indented(std::string_view t, std::size_t from, int from_line, int line, std::size_t& scanned) {
    std::size_t i = from;
    for (int l = from_line; l < line && i < t.size(); ++l) {
        const auto nl = t.find('\n', i);
        if (nl == std::string_view::npos) {
            scanned += t.size() - from;
            return false;
        }
        i = nl + 1;
    }
    bool tab = false;
    for (; i < t.size() && (t[i] == ' ' || t[i] == '\t'); ++i)
        if (t[i] == '\t') {
            tab = true;
            break;
        }
    scanned += std::min(i + 1, t.size()) - from;
    return tab;
}

bool has_lone_cr(std::string_view t) {
    for (std::size_t i = t.find('\r'); i != std::string_view::npos; i = t.find('\r', i + 1))
        if (i + 1 == t.size() || t[i + 1] != '\n') return true;
    return false;
}

// YAML 1.2 (9.1.1, 9.2): a byte order mark may start any document of a stream, not only the first
// ("\xEF\xBB\xBF---" after a rule, as concatenated files give). yaml-cpp takes one there for text: the
// marker is not seen and the whole file fails. Such a BOM is dropped, and so is one starting the
// line after a bare "---" or "..." line (the same files joined with a "---" line between). Lines
// stay; a BOM elsewhere is left to the parser.
std::optional<std::string> drop_document_boms(std::string_view t) {
    static constexpr std::string_view kBom = "\xEF\xBB\xBF";
    if (t.find(kBom) == std::string_view::npos) return std::nullopt;  // nothing dropped: the text as it is
    std::string out;
    bool dropped = false;
    bool after_marker = false;  // the previous line is a bare document marker
    std::size_t copied = 0;
    for (std::size_t line = 0; line < t.size();) {
        std::size_t end = t.find('\n', line);
        if (end == std::string_view::npos) end = t.size();
        std::string_view l = t.substr(line, end - line);
        // Then a marker, a comment or nothing (the document prefix: BOM, comments), or a document
        // after a bare marker line.
        const std::string_view rest = l.substr(std::min<std::size_t>(3, l.size()));
        const bool prefix = rest.substr(0, 3) == "---" || rest.substr(0, 1) == "#" ||
                            rest.find_first_not_of(" \t\r") == std::string_view::npos;
        if (l.substr(0, 3) == kBom && (after_marker || prefix)) {
            out.append(t.substr(copied, line - copied));
            copied = line + 3;
            dropped = true;
            l.remove_prefix(3);
        }
        if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
        while (!l.empty() && (l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
        after_marker = l == "---" || l == "...";
        line = end + 1;
    }
    if (!dropped) return std::nullopt;
    out.append(t.substr(copied));
    return out;
}

std::string lone_cr_to_lf(std::string_view t) {
    std::string out(t);
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] == '\r' && (i + 1 == out.size() || out[i + 1] != '\n')) out[i] = '\n';
    return out;
}

void load_checked_text(std::string_view text, const std::string& file, LoadResult& out, Reporter& reporter,
                       bool full_parse) {
    if (only_whitespace_and_comments(text)) {
        reporter.add(Severity::Warning, 0, 0, "empty file: no YAML content (only whitespace or comments)");
        return;
    }
    if (auto problem = check_text(text)) {
        const LineCol lc = line_col(text, problem->offset);
        // Not UTF-8 anywhere, but text: most likely saved by a Windows editor as "ANSI"
        // (Windows-1252). Read so, and said, rather than losing the rule: its tags, level and status
        // are ASCII whatever the encoding; only accented letters in its title or author could come
        // out wrong. UTF-8 text with a damaged character (it has a good one elsewhere) is refused.
        if (problem->not_utf8 && !has_utf8_multibyte(text)) {
            if (const std::optional<std::string> latin = windows_1252_to_utf8(text); latin && !check_text(*latin)) {
                const auto byte = static_cast<unsigned char>(text[problem->offset]);
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", byte);
                reporter.add(Severity::Warning, lc.line, lc.column,
                             std::string("the file is not valid UTF-8 text (byte ") + hex +
                                 " here); read as Windows-1252 (Latin-1), as a Windows editor saves \"ANSI\" text: "
                                 "save it as UTF-8");
                load_checked_text(*latin, file, out, reporter, full_parse);
                return;
            }
        }
        reporter.add(Severity::Error, lc.line, lc.column, problem->message + "; file skipped");
        return;
    }
    const StructureScan scan = scan_structure(text);
    const std::vector<LineCol> open_flows = line_cols(text, scan.open_flow_at);
    if (scan.too_deep_at) {
        const LineCol lc = line_col(text, *scan.too_deep_at);
        reporter.add(Severity::Error, lc.line, lc.column,
                     "nesting is deeper than " + std::to_string(kMaxNesting) +
                         " levels (lists or maps inside each other); no Sigma rule needs that, file skipped");
        return;
    }

    // The fast path: yaml-cpp parses the cut text, which has the original's lines and columns (an
    // unclosed quote's watch needs the original events, so such a file is parsed whole).
    std::string cut;
    std::string_view parse = text;
    if (!full_parse && !scan.open_quote_at) {
        CutStats stats;
        cut = cut_rule_documents(text, &keep_of_key, stats);
        out.documents_cut += stats.documents_cut;
        out.documents_whole += stats.documents_whole;
        if (stats.documents_cut > 0) parse = cut;
    }

    FileLoader loader(file, out, reporter);
    RuleEventHandler handler(&FileLoader::on_document, &loader);
    if (scan.open_quote_at) {
        const LineCol lc = line_col(text, *scan.open_quote_at);
        handler.watch_unclosed_quote(lc.line, lc.column);
    }
    std::size_t chunk = 0;  // byte offset (in `parse`) where the current parse started
    std::size_t original_chunk = 0;  // the same line's offset in `text`
    int original_line = 1;
    int chunk_line = 1;     // its 1-based line
    int last_error_line = -1;
    std::string last_error;
    while (chunk < parse.size()) {
        ViewStreambuf buffer(parse.substr(chunk));
        std::istream input(&buffer);
        // The stall limit counts the original bytes, so that both paths stop at the same event.
        for (; original_line < chunk_line; ++original_line) original_chunk = text.find('\n', original_chunk) + 1;
        handler.start_chunk(chunk_line - 1, text.size() - original_chunk);
        int error_line = 0, error_column = 0;
        std::string error;
        try {
            YAML::Parser parser(input);
            while (parser.HandleNextDocument(handler)) {
            }
            break;
        } catch (const ParseStalled& stall) {
            error_line = stall.mark.line < 0 ? 0 : chunk_line + stall.mark.line;
            error_column = stall.mark.column < 0 ? 0 : stall.mark.column + 1;
            const std::size_t at = chunk + static_cast<std::size_t>(std::max(0, stall.mark.pos));
            std::string what = "here";
            if (at < parse.size()) {
                const unsigned char c = static_cast<unsigned char>(parse[at]);
                what = c > 0x20 && c < 0x7F ? std::string("at '") + char(c) + "'" : "here";
            }
            const std::size_t end = next_document_marker(parse, chunk, chunk_line, error_line, out.recovery_scan_bytes);
            const std::size_t unread = (end == std::string_view::npos ? parse.size() : end) - std::min(at, parse.size());
            error = "invalid YAML: the parser cannot go on " + what + " (a stray ',', ']' or '}' outside a [list] or "
                    "{map}?); the rest of this document (" + std::to_string(unread) + " bytes) was not read";
        } catch (const YAML::DeepRecursion& e) {
            error = "nesting is deeper than " + std::to_string(e.depth() - 1) + " levels; document skipped";
            error_line = e.mark.line < 0 ? 0 : chunk_line + e.mark.line;
            error_column = e.mark.column < 0 ? 0 : e.mark.column + 1;
        } catch (const YAML::Exception& e) {
            error_line = e.mark.line < 0 ? 0 : chunk_line + e.mark.line;
            error_column = e.mark.column < 0 ? 0 : e.mark.column + 1;
            std::size_t& scanned = out.recovery_scan_bytes;
            const bool tabs = error_line > 0 && (tab_indented(parse, chunk, chunk_line, error_line, scanned) ||
                                                 (error_line > chunk_line &&
                                                  tab_indented(parse, chunk, chunk_line, error_line - 1, scanned)));
            error = tabs ? "invalid YAML: " + e.msg + " (a line here is indented with a tab; YAML needs spaces)"
                         : explain(e.msg);
            if (!tabs && e.mark.pos >= 0 && e.msg != YAML::ErrorMsg::FLOW_END) {
                if (const char closer = closer_before(parse, chunk + static_cast<std::size_t>(e.mark.pos)))
                    error = "invalid YAML: " + e.msg + " (text after the closing " +
                            (closer == '"' ? std::string("double quote") : closer == '\'' ? std::string("quote")
                                                                                          : std::string("'") + closer + "'") +
                            " on this line: a value that starts with '[', '{' or a quote ends where it closes; "
                            "quote the whole value, as in " +
                            (closer == '"'    ? "title: '\"Foo\" bar')"
                             : closer == '\'' ? "title: \"'Foo' bar\")"
                                              : "title: '[PoC] name')");
            }
            // Where the parser gave up can be lines after the bracket to close: point at the bracket
            // when the parser says so (then it is the innermost one it is in) or when the structure
            // scan saw it still open at this document's end.
            const bool unclosed = e.msg == YAML::ErrorMsg::END_OF_MAP_FLOW || e.msg == YAML::ErrorMsg::END_OF_SEQ_FLOW;
            std::optional<RuleEventHandler::OpenFlow> open;
            if (tabs || !handler.in_document()) {
            } else if (unclosed) {
                open = handler.innermost_open_flow();
            } else {
                const int from = handler.document_line();
                const auto it = std::lower_bound(open_flows.begin(), open_flows.end(), from,
                                                 [](const LineCol& lc, int line) { return lc.line < line; });
                if (it != open_flows.end() &&
                    (it->line < error_line || (it->line == error_line && it->column < error_column))) {
                    const std::size_t at = scan.open_flow_at[static_cast<std::size_t>(it - open_flows.begin())];
                    open = RuleEventHandler::OpenFlow{it->line, it->column, text[at]};
                }
            }
            if (open) {
                error = std::string("invalid YAML: this '") + open->bracket + "' is never closed (the parser stopped " +
                        "inside it at line " + std::to_string(error_line) + ", column " + std::to_string(error_column) +
                        (unclosed ? std::string() : ": " + e.msg) + ")";
                error_line = open->line;
                error_column = open->column;
            }
            error += "; document skipped";
        }
        // A retry from the failing document's own marker can meet the same error again.
        if (error_line != last_error_line || error != last_error)
            reporter.add(Severity::Error, error_line, error_column, error);
        last_error_line = error_line;
        last_error = error;

        // Resume at the next "---" after the broken document began: a "---" at column 0 always
        // starts a new document in YAML, even inside an unclosed quote, so the split is safe.
        // Each retry starts strictly later, so this loop ends.
        const int broken_from = handler.in_document() || handler.completed_documents() > 0 ? handler.document_line()
                                                                                          : chunk_line;
        const std::size_t next = next_document_marker(parse, chunk, chunk_line, broken_from, out.recovery_scan_bytes);
        if (next == std::string_view::npos) break;
        chunk_line += line_col(parse.substr(chunk, next - chunk), next - chunk).line - 1;
        out.recovery_scan_bytes += next - chunk;
        chunk = next;
    }
    if (loader.content_documents() == 0 && last_error.empty())
        reporter.add(Severity::Warning, 0, 0, "empty file: no YAML content (only '---' markers or empty documents)");
}

}  // namespace

void load_rules_from_text(std::string_view text, const std::string& file, LoadResult& out,
                          const LoadOptions& options) {
    Reporter reporter(out.diagnostics, file);
    try {
        if (auto too_large = check_input_size(InputKind::RuleYaml, file, text.size(), options.max_file_bytes)) {
            reporter.add(Severity::Error, 0, 0, std::move(too_large->message));
        } else {
            std::string decoded;
            if (auto problem = text_as_utf8(text, decoded)) {
                reporter.add(Severity::Error, problem->line, problem->column, problem->message + "; file skipped");
                reporter.finish();
                return;
            }
            if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
            // YAML 1.2 (5.4): a CR alone is a line break too (old Mac OS text); yaml-cpp and the
            // cutter know only LF and CR LF, so such a CR becomes LF (same lines, same columns).
            std::string unified;
            if (has_lone_cr(text)) {
                unified = lone_cr_to_lf(text);
                text = unified;
            }
            const std::optional<std::string> bomless = drop_document_boms(text);
            if (bomless) text = *bomless;
            load_checked_text(text, file, out, reporter, options.full_parse);
        }
    } catch (const std::bad_alloc&) {
        reporter.add(Severity::Error, 0, 0, "out of memory while reading the file; file skipped");
    } catch (const std::exception& e) {
        reporter.add(Severity::Error, 0, 0, std::string("could not read the file: ") + e.what());
    } catch (...) {
        reporter.add(Severity::Error, 0, 0, "could not read the file (unknown error)");
    }
    reporter.finish();
}

}  // namespace sh
