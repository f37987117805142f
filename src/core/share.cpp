// share.cpp — see share.hpp. The reader is written for hostile input: every read is bounds
// checked, every count is checked against what the catalogue allows before anything is
// reserved, and the checksum is verified before the payload is interpreted.
#include "core/share.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <numeric>

#include "core/layer.hpp"
#include "core/render/colour.hpp"

namespace sh {

namespace {

constexpr uint8_t kFormat = 2;               // the newest format this code reads
constexpr uint64_t kSectionThreats = 1;      // format 2 section: the threat selection
constexpr uint64_t kSectionPlatforms = 2;    // format 2 section: the platform filter
constexpr std::size_t kMaxThreatId = 16;
constexpr std::size_t kMaxPlatformName = 64;
constexpr std::size_t kMaxVersion = 32, kMaxDomain = 64, kMaxColours = 8;
constexpr int64_t kMaxAbsScore = 1000000000;  // the layer reader's bound

const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

uint32_t fnv1a(const uint8_t* p, std::size_t n, uint32_t h = 2166136261u) {
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

uint32_t catalogue_fingerprint(const Catalogue& cat) {
    uint32_t h = 2166136261u;
    auto add = [&h](std::string_view s) {
        h = fnv1a(reinterpret_cast<const uint8_t*>(s.data()), s.size(), h);
        const uint8_t zero = 0;
        h = fnv1a(&zero, 1, h);
    };
    for (const auto& t : cat.techniques) {
        add(t.id);
        for (const auto& tac : t.tactics) add(tac);
    }
    return h;
}

uint64_t zigzag(int64_t v) { return (uint64_t(v) << 1) ^ uint64_t(v >> 63); }
int64_t unzigzag(uint64_t v) { return int64_t(v >> 1) ^ -int64_t(v & 1); }

struct Writer {
    std::vector<uint8_t> bytes;
    void u8(uint8_t v) { bytes.push_back(v); }
    void u32le(uint32_t v) {
        for (int i = 0; i < 4; ++i) bytes.push_back(uint8_t(v >> (8 * i)));
    }
    void varint(uint64_t v) {
        while (v >= 0x80) {
            bytes.push_back(uint8_t(v | 0x80));
            v >>= 7;
        }
        bytes.push_back(uint8_t(v));
    }
    void str(std::string_view s) {
        varint(s.size());
        bytes.insert(bytes.end(), s.begin(), s.end());
    }
};

// Every read checks the remaining length; the first failure sticks and names what was being read.
struct Reader {
    Reader(const std::vector<uint8_t>& b) : bytes(b), end(b.size() >= 4 ? b.size() - 4 : 0) {}
    const std::vector<uint8_t>& bytes;
    std::size_t end;  // excludes the checksum
    std::size_t pos = 0;
    std::string error;

    bool fail(const std::string& what) {
        if (error.empty()) error = what;
        return false;
    }
    bool u8(uint8_t& v, const char* what) {
        if (!error.empty()) return false;
        if (pos >= end) return fail(std::string("the share link ends early (reading ") + what + ")");
        v = bytes[pos++];
        return true;
    }
    bool u32le(uint32_t& v, const char* what) {
        v = 0;
        for (int i = 0; i < 4; ++i) {
            uint8_t b = 0;
            if (!u8(b, what)) return false;
            v |= uint32_t(b) << (8 * i);
        }
        return true;
    }
    bool varint(uint64_t& v, const char* what) {
        v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t b = 0;
            if (!u8(b, what)) return false;
            if (shift == 63 && b > 1) break;
            v |= uint64_t(b & 0x7F) << shift;
            if (!(b & 0x80)) return true;
        }
        return fail(std::string("the share link has an oversized number (") + what + ")");
    }
    bool bounded(uint64_t& v, uint64_t max, const char* what) {
        if (!varint(v, what)) return false;
        if (v > max) return fail(std::string("the share link has an out-of-range ") + what);
        return true;
    }
    bool str(std::string& s, std::size_t max, const char* what) {
        uint64_t n = 0;
        if (!bounded(n, max, what)) return false;
        if (n > end - pos) return fail(std::string("the share link ends early (reading ") + what + ")");
        s.assign(reinterpret_cast<const char*>(bytes.data() + pos), std::size_t(n));
        pos += std::size_t(n);
        return true;
    }
    bool score(uint64_t zz, int64_t unit, int& out, const char* what) {
        const int64_t v = unzigzag(zz);
        if (v > kMaxAbsScore || v < -kMaxAbsScore) return fail(std::string("the share link has an out-of-range ") + what);
        const int64_t s = v * unit;  // |v|, unit <= 1e9: fits in int64
        if (s > kMaxAbsScore || s < -kMaxAbsScore) return fail(std::string("the share link has an out-of-range ") + what);
        out = int(s);
        return true;
    }
};

std::string base64url(const std::vector<uint8_t>& in) {
    std::string out;
    out.reserve((in.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        const uint32_t v = uint32_t(in[i]) << 16 | uint32_t(in[i + 1]) << 8 | in[i + 2];
        for (int k = 3; k >= 0; --k) out += kAlphabet[(v >> (6 * k)) & 63];
    }
    if (in.size() - i == 1) {
        const uint32_t v = uint32_t(in[i]) << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
    } else if (in.size() - i == 2) {
        const uint32_t v = uint32_t(in[i]) << 16 | uint32_t(in[i + 1]) << 8;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
    }
    return out;
}

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-' || c == '+') return 62;  // '+' and '/': standard base64 from a careless copy
    if (c == '_' || c == '/') return 63;
    return -1;
}

// The data part of a link: after '#', the "s=" parameter; whitespace dropped, padding trimmed.
bool extract_payload(std::string_view link, std::vector<uint8_t>& out, std::string& error) {
    if (link.size() > kMaxShareFragment) {
        error = "the share link is too long (" + std::to_string(link.size()) + " characters; at most " +
                std::to_string(kMaxShareFragment) + ")";
        return false;
    }
    if (const auto hash = link.find('#'); hash != std::string_view::npos) link.remove_prefix(hash + 1);
    std::string_view data;
    bool found = false;
    while (!link.empty()) {
        const auto amp = link.find('&');
        std::string_view param = link.substr(0, amp);
        while (!param.empty() && (param.front() == ' ' || param.front() == '\n' || param.front() == '\r' || param.front() == '\t'))
            param.remove_prefix(1);
        if (param.size() >= 2 && param[0] == 's' && param[1] == '=') {
            data = param.substr(2);
            found = true;
            break;
        }
        if (amp == std::string_view::npos) break;
        link.remove_prefix(amp + 1);
    }
    if (!found) {
        error = "no heat-map in the link (expected #s=...)";
        return false;
    }
    std::string clean;
    for (char c : data)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') clean += c;
    while (!clean.empty() && clean.back() == '=') clean.pop_back();
    if (clean.empty()) {
        error = "the share link is empty after #s=";
        return false;
    }
    if (clean.size() % 4 == 1) {
        error = "the share link is cut off (its length is not possible for base64url data)";
        return false;
    }
    out.clear();
    out.reserve(clean.size() * 3 / 4 + 1);
    uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < clean.size(); ++i) {
        const int v = base64_value(clean[i]);
        if (v < 0) {
            const unsigned char c = static_cast<unsigned char>(clean[i]);
            error = "the share link contains a character that is not base64url (" +
                    (c >= 0x21 && c < 0x7F ? "'" + std::string(1, char(c)) + "'" : "byte " + std::to_string(c)) +
                    " at position " + std::to_string(i + 1) + ")";
            return false;
        }
        acc = (acc << 6) | uint32_t(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(uint8_t(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    return true;
}

// Checks format and checksum, reads the header; the reader is left after the fingerprint.
bool read_header(const std::vector<uint8_t>& bytes, Reader& r, ShareHeader& h, uint32_t& fingerprint) {
    if (bytes.size() < 6) return r.fail("the share link is too short to hold a heat-map");
    uint32_t stored = 0;
    for (int i = 0; i < 4; ++i) stored |= uint32_t(bytes[bytes.size() - 4 + std::size_t(i)]) << (8 * i);
    uint8_t format = 0;
    if (!r.u8(format, "the format")) return false;
    if (format == 0 || format > kFormat)
        return r.fail(format > kFormat && format < 16
                          ? "the share link was made by a newer sigma-heatmap (format " + std::to_string(format) +
                                "); open it with a newer page"
                          : "this is not a sigma-heatmap share link (unknown format " + std::to_string(format) + ")");
    if (fnv1a(bytes.data(), bytes.size() - 4) != stored)
        return r.fail("the share link is incomplete or damaged (checksum mismatch); copy the whole link again");
    h.format = format;
    return r.str(h.attack_version, kMaxVersion, "ATT&CK version") && r.str(h.domain, kMaxDomain, "domain") &&
           r.u32le(fingerprint, "catalogue fingerprint") && r.str(h.name, kMaxShareName, "name");
}

std::string cut_utf8(std::string_view s, std::size_t max) {
    if (s.size() <= max) return std::string(s);
    std::size_t n = max;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return std::string(s.substr(0, n));
}

}  // namespace

std::string share_fragment_from_payload(const std::vector<uint8_t>& payload) {
    std::vector<uint8_t> bytes = payload;
    const uint32_t sum = fnv1a(bytes.data(), bytes.size());
    for (int i = 0; i < 4; ++i) bytes.push_back(uint8_t(sum >> (8 * i)));
    return "#s=" + base64url(bytes);
}

std::string encode_share_link(const ShareLink& link, const Catalogue& cat, int* dropped) {
    int lost = 0;
    // technique index -> (tactic position within the technique's tactics -> score)
    std::map<std::size_t, std::map<int, int>> by_technique;
    for (const auto& e : link.entries) {
        const Technique* t = cat.find(e.technique);
        int pos = -1;
        if (t)
            for (std::size_t i = 0; i < t->tactics.size() && i < 63; ++i)
                if (t->tactics[i] == e.tactic) pos = int(i);
        if (!t || pos < 0 || e.score > kMaxAbsScore || e.score < -kMaxAbsScore) {
            ++lost;
            continue;
        }
        by_technique[std::size_t(t - cat.techniques.data())][pos] = e.score;
    }
    if (dropped) *dropped = lost;

    int64_t unit = 0;  // gcd of all scores (seed scores are multiples of 10: one byte each)
    for (const auto& [idx, scores] : by_technique)
        for (const auto& [pos, s] : scores) unit = std::gcd(unit, int64_t(std::llabs(s)));
    if (unit == 0) unit = 1;

    // Threat ids as the catalogue spells them; nothing else (a link is no place for free text).
    std::vector<std::string> threats;
    for (const auto& id : link.threats) {
        const bool valid = !id.empty() && id.size() <= kMaxThreatId && id[0] >= 'A' && id[0] <= 'Z' &&
                           std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (valid && std::find(threats.begin(), threats.end(), id) == threats.end() && threats.size() < kMaxShareThreats)
            threats.push_back(id);
    }

    // The platform filter as the catalogue spells it, each once.
    std::vector<std::string> platforms;
    for (const auto& name : link.platforms) {
        const auto p = catalogue_platform(cat, name);
        if (p && p->size() <= kMaxPlatformName && std::find(platforms.begin(), platforms.end(), *p) == platforms.end() &&
            platforms.size() < kMaxSharePlatforms)
            platforms.push_back(*p);
    }

    Writer w;
    w.u8(threats.empty() && platforms.empty() ? 1 : 2);
    w.str(cut_utf8(cat.attack_version, kMaxVersion));
    w.str(cut_utf8(cat.domain, kMaxDomain));
    w.u32le(catalogue_fingerprint(cat));
    w.str(cut_utf8(link.name, kMaxShareName));

    std::vector<Rgb> stops;
    for (const auto& c : link.colours)
        if (auto rgb = parse_hex_colour(c)) stops.push_back(*rgb);
    auto same = [&stops](const std::vector<std::string>& palette) {
        if (palette.size() != stops.size()) return false;
        for (std::size_t i = 0; i < stops.size(); ++i)
            if (parse_hex_colour(palette[i]) != stops[i]) return false;
        return true;
    };
    if (stops.empty() || same(kPaletteRedYellowGreen)) {
        w.u8(0);
    } else if (same(kPaletteColourBlind)) {
        w.u8(1);
    } else {
        w.u8(2);
        // More stops than a link holds: evenly spaced ones, both ends kept (the first ones alone
        // lost the high end's colour).
        const std::size_t n = std::min(stops.size(), kMaxColours);
        w.u8(uint8_t(n));
        for (std::size_t i = 0; i < n; ++i) {
            const Rgb& c = stops[n < 2 ? 0 : (i * (stops.size() - 1) + (n - 1) / 2) / (n - 1)];
            w.u8(c.r);
            w.u8(c.g);
            w.u8(c.b);
        }
    }
    w.varint(link.custom_range ? 1 : 0);
    const int64_t lo = std::clamp<int64_t>(link.min_score, -kMaxAbsScore, kMaxAbsScore - 1);
    const int64_t hi = std::clamp<int64_t>(link.max_score, lo + 1, kMaxAbsScore);  // max > min, as Navigator's
    w.varint(zigzag(lo));
    w.varint(zigzag(hi));
    w.varint(uint64_t(unit));

    w.varint(by_technique.size());
    std::size_t prev = 0;
    bool first = true;
    for (const auto& [idx, scores] : by_technique) {
        w.varint(first ? idx : idx - prev - 1);
        first = false;
        prev = idx;
        const Technique& t = cat.techniques[idx];
        bool uniform = scores.size() == t.tactics.size();
        for (const auto& [pos, s] : scores) uniform = uniform && s == scores.begin()->second;
        const int64_t head = scores.begin()->second / unit;
        w.varint(zigzag(head) << 1 | (uniform ? 0 : 1));
        if (!uniform) {
            uint64_t mask = 0;
            for (const auto& [pos, s] : scores) mask |= uint64_t(1) << pos;
            w.varint(mask);
            for (auto it = std::next(scores.begin()); it != scores.end(); ++it) w.varint(zigzag(it->second / unit));
        }
    }
    // A section of strings (none: no section): tag, length, count, the strings.
    auto strings_section = [&w](uint64_t tag, const std::vector<std::string>& list) {
        if (list.empty()) return;
        Writer section;
        section.varint(list.size());
        for (const auto& x : list) section.str(x);
        w.varint(tag);
        w.varint(section.bytes.size());
        w.bytes.insert(w.bytes.end(), section.bytes.begin(), section.bytes.end());
    };
    strings_section(kSectionThreats, threats);
    strings_section(kSectionPlatforms, platforms);
    return share_fragment_from_payload(w.bytes);
}

bool read_share_header(std::string_view link, ShareHeader& out, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!extract_payload(link, bytes, error)) return false;
    Reader r(bytes);
    ShareHeader h;
    uint32_t fingerprint = 0;
    if (!read_header(bytes, r, h, fingerprint)) {
        error = r.error;
        return false;
    }
    out = std::move(h);
    return true;
}

bool decode_share_link(std::string_view link, const Catalogue& cat, ShareLink& out, std::string& error) {
    std::vector<uint8_t> bytes;
    if (!extract_payload(link, bytes, error)) return false;
    Reader r(bytes);
    ShareHeader h;
    uint32_t fingerprint = 0;
    if (!read_header(bytes, r, h, fingerprint)) {
        error = r.error;
        return false;
    }
    if (h.attack_version != cat.attack_version || h.domain != cat.domain) {
        error = "the share link was made with ATT&CK " + h.attack_version + " (" + h.domain + "); this page has ATT&CK " +
                cat.attack_version + " (" + cat.domain + ")";
        return false;
    }
    if (fingerprint != catalogue_fingerprint(cat)) {
        error = "the share link was made with a different ATT&CK " + h.attack_version +
                " catalogue than this page has; its technique numbers cannot be read";
        return false;
    }

    ShareLink s;
    s.attack_version = h.attack_version;
    s.domain = h.domain;
    s.name = h.name;
    uint8_t palette = 0;
    if (!r.u8(palette, "palette")) return error = r.error, false;
    if (palette == 0) {
        s.colours = kPaletteRedYellowGreen;
    } else if (palette == 1) {
        s.colours = kPaletteColourBlind;
    } else if (palette == 2) {
        uint8_t n = 0;
        if (!r.u8(n, "palette")) return error = r.error, false;
        if (n == 0 || n > kMaxColours) return error = "the share link has an invalid palette", false;
        for (int i = 0; i < n; ++i) {
            Rgb c;
            if (!r.u8(c.r, "palette") || !r.u8(c.g, "palette") || !r.u8(c.b, "palette")) return error = r.error, false;
            s.colours.push_back(to_hex(c));
        }
    } else {
        return error = "the share link has an unknown palette (" + std::to_string(palette) + ")", false;
    }
    uint64_t flags = 0, zmin = 0, zmax = 0, unit = 0;
    if (!r.bounded(flags, 1, "flags") || !r.varint(zmin, "range") || !r.varint(zmax, "range") ||
        !r.bounded(unit, uint64_t(kMaxAbsScore), "score unit"))
        return error = r.error, false;
    if (unit == 0) return error = "the share link has an out-of-range score unit", false;
    s.custom_range = flags & 1;
    if (!r.score(zmin, 1, s.min_score, "range") || !r.score(zmax, 1, s.max_score, "range")) return error = r.error, false;
    if (s.max_score <= s.min_score) return error = "the share link has an empty score range", false;

    uint64_t count = 0;
    if (!r.bounded(count, cat.techniques.size(), "technique count")) return error = r.error, false;
    // Each technique takes at least two bytes: a count beyond that is a lie, refused before reserving.
    if (count > (r.end - r.pos) / 2) return error = "the share link ends early (fewer techniques than it says)", false;
    s.entries.reserve(std::size_t(count));
    uint64_t index = 0;
    for (uint64_t k = 0; k < count; ++k) {
        uint64_t delta = 0, head = 0;
        if (!r.bounded(delta, cat.techniques.size(), "technique index")) return error = r.error, false;
        index = k == 0 ? delta : index + delta + 1;
        if (index >= cat.techniques.size()) return error = "the share link has an out-of-range technique index", false;
        const Technique& t = cat.techniques[std::size_t(index)];
        if (t.tactics.empty() || t.tactics.size() > 63)
            return error = "the share link scores " + t.id + ", which has no tactic in this catalogue", false;
        if (!r.varint(head, "score")) return error = r.error, false;
        int first_score = 0;
        if (!r.score(head >> 1, int64_t(unit), first_score, "score")) return error = r.error, false;
        uint64_t mask = (uint64_t(1) << t.tactics.size()) - 1;
        const bool mixed = head & 1;
        if (mixed) {
            uint64_t m = 0;
            if (!r.bounded(m, mask, "tactic mask")) return error = r.error, false;
            if (m == 0) return error = "the share link has an empty tactic mask", false;
            mask = m;
        }
        bool first = true;
        for (std::size_t i = 0; i < t.tactics.size(); ++i) {
            if (!(mask >> i & 1)) continue;
            int score = first_score;
            if (mixed && !first) {
                uint64_t z = 0;
                if (!r.varint(z, "score") || !r.score(z, int64_t(unit), score, "score")) return error = r.error, false;
            }
            first = false;
            if (cat.tactic_index(t.tactics[i]) < 0) continue;  // a tactic outside the matrix: never scored
            TechniqueScore e;
            e.technique = t.id;
            e.tactic = t.tactics[i];
            e.score = score;
            s.entries.push_back(std::move(e));
        }
    }
    if (h.format == 1 && r.pos != r.end) return error = "the share link has unexpected data after the scores", false;
    // Format 2: sections until the checksum; ones this code does not know are skipped.
    while (h.format >= 2 && r.pos < r.end) {
        uint64_t tag = 0, length = 0;
        if (!r.varint(tag, "section") || !r.varint(length, "section")) return error = r.error, false;
        if (length > r.end - r.pos) return error = "the share link ends early (a section is cut off)", false;
        const std::size_t section_end = r.pos + std::size_t(length);
        if (tag == kSectionThreats) {
            uint64_t count = 0;
            if (!r.bounded(count, kMaxShareThreats, "threat count")) return error = r.error, false;
            for (uint64_t k = 0; k < count; ++k) {
                std::string id;
                if (!r.str(id, kMaxThreatId, "threat id")) return error = r.error, false;
                const bool valid = !id.empty() && id[0] >= 'A' && id[0] <= 'Z' &&
                                   std::all_of(id.begin() + 1, id.end(), [](char c) { return c >= '0' && c <= '9'; });
                if (!valid) return error = "the share link has a threat id that is not one (like G0016)", false;
                if (std::find(s.threats.begin(), s.threats.end(), id) == s.threats.end()) s.threats.push_back(std::move(id));
            }
            if (r.pos != section_end) return error = "the share link's threat section does not end where it says", false;
        } else if (tag == kSectionPlatforms) {
            uint64_t count = 0;
            if (!r.bounded(count, kMaxSharePlatforms, "platform count")) return error = r.error, false;
            for (uint64_t k = 0; k < count; ++k) {
                std::string name;
                if (!r.str(name, kMaxPlatformName, "platform name")) return error = r.error, false;
                // Platform names are printable ASCII ("Office Suite"); anything else is no name.
                if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) { return c >= ' ' && c <= '~'; }))
                    return error = "the share link has a platform name that is not one (like macOS)", false;
                const auto p = catalogue_platform(cat, name);
                std::vector<std::string>& into = p ? s.platforms : s.unknown_platforms;
                const std::string& kept = p ? *p : name;
                if (std::find(into.begin(), into.end(), kept) == into.end()) into.push_back(kept);
            }
            if (r.pos != section_end) return error = "the share link's platform section does not end where it says", false;
        }
        r.pos = section_end;
    }
    // Techniques ascend by index (= by id); tactics follow each technique's order. score_rules orders
    // tactics by matrix order: sort to match it exactly.
    std::stable_sort(s.entries.begin(), s.entries.end(), [&cat](const TechniqueScore& a, const TechniqueScore& b) {
        if (a.technique != b.technique) return a.technique < b.technique;
        return cat.tactic_index(a.tactic) < cat.tactic_index(b.tactic);
    });
    out = std::move(s);
    return true;
}

ScoreResult share_link_scores(const ShareLink& link) {
    ScoreResult r;
    r.entries = link.entries;
    return r;
}

}  // namespace sh
