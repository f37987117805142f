// xml_check.hpp — a tiny strict XML reader for the image tests: well-formedness (one root, tags
// nested and closed, quoted attributes, no duplicate attributes, only the five named entities and
// numeric references, no '<' or '&' raw in text), and the elements with their attributes and text.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace test {

struct XmlElement {
    std::string name;
    std::map<std::string, std::string> attrs;
    std::string text;  // character data directly inside (entities decoded)
    int parent = -1;
};

struct XmlDocument {
    std::vector<XmlElement> elements;  // document order
    std::string error;                 // "" when well-formed
};

inline XmlDocument parse_xml(std::string_view s) {
    XmlDocument doc;
    std::size_t i = 0;
    std::vector<int> open;
    bool root_seen = false;
    auto fail = [&](const std::string& m) {
        if (doc.error.empty()) doc.error = m + " at offset " + std::to_string(i);
        return doc;
    };
    auto is_name = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
               c == ':' || c == '.';
    };
    auto decode = [&](std::string_view raw, std::string& out) -> bool {
        for (std::size_t k = 0; k < raw.size(); ++k) {
            if (raw[k] == '<') return false;
            if (raw[k] != '&') {
                out += raw[k];
                continue;
            }
            const auto semi = raw.find(';', k);
            if (semi == std::string_view::npos) return false;
            const std::string_view ent = raw.substr(k + 1, semi - k - 1);
            if (ent == "amp") out += '&';
            else if (ent == "lt") out += '<';
            else if (ent == "gt") out += '>';
            else if (ent == "quot") out += '"';
            else if (ent == "apos") out += '\'';
            else if (ent.size() > 1 && ent[0] == '#') out += '?';
            else return false;
            k = semi;
        }
        return true;
    };
    // Every byte must be valid UTF-8 and no control character other than tab / LF / CR.
    for (std::size_t k = 0; k < s.size(); ++k) {
        const unsigned char c = static_cast<unsigned char>(s[k]);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return i = k, fail("control character");
        if (c >= 0x80) {
            const int n = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
            if (n < 0 || k + std::size_t(n) >= s.size()) return i = k, fail("invalid UTF-8");
            for (int m = 1; m <= n; ++m)
                if ((static_cast<unsigned char>(s[k + std::size_t(m)]) & 0xC0) != 0x80) return i = k, fail("invalid UTF-8");
            k += std::size_t(n);
        }
    }
    if (s.substr(0, 5) == "<?xml") {
        const auto e = s.find("?>");
        if (e == std::string_view::npos) return fail("unterminated declaration");
        i = e + 2;
    }
    while (i < s.size()) {
        if (s[i] != '<') {
            const auto next = s.find('<', i);
            const std::string_view raw = s.substr(i, next == std::string_view::npos ? std::string_view::npos : next - i);
            std::string text;
            if (!decode(raw, text)) return fail("bad character data");
            if (open.empty()) {
                if (raw.find_first_not_of(" \t\r\n") != std::string_view::npos) return fail("text outside the root");
            } else {
                doc.elements[std::size_t(open.back())].text += text;
            }
            if (next == std::string_view::npos) break;
            i = next;
            continue;
        }
        if (s.substr(i, 4) == "<!--") {
            const auto e = s.find("-->", i);
            if (e == std::string_view::npos) return fail("unterminated comment");
            i = e + 3;
            continue;
        }
        if (s.substr(i, 2) == "</") {
            std::size_t k = i + 2;
            while (k < s.size() && is_name(s[k])) ++k;
            const std::string name(s.substr(i + 2, k - i - 2));
            while (k < s.size() && s[k] == ' ') ++k;
            if (k >= s.size() || s[k] != '>') return fail("bad end tag");
            if (open.empty() || doc.elements[std::size_t(open.back())].name != name) return fail("mismatched </" + name + ">");
            open.pop_back();
            i = k + 1;
            continue;
        }
        std::size_t k = i + 1;
        while (k < s.size() && is_name(s[k])) ++k;
        XmlElement el;
        el.name = std::string(s.substr(i + 1, k - i - 1));
        if (el.name.empty()) return fail("bad start tag");
        el.parent = open.empty() ? -1 : open.back();
        if (open.empty()) {
            if (root_seen) return fail("second root element");
            root_seen = true;
        }
        bool self_closing = false;
        for (;;) {
            const std::size_t ws = k;
            while (k < s.size() && (s[k] == ' ' || s[k] == '\n' || s[k] == '\t' || s[k] == '\r')) ++k;
            if (k >= s.size()) return fail("unterminated tag");
            if (s[k] == '>') {
                ++k;
                break;
            }
            if (s[k] == '/' && k + 1 < s.size() && s[k + 1] == '>') {
                self_closing = true;
                k += 2;
                break;
            }
            if (ws == k) return fail("attributes need white space between them");
            const std::size_t a = k;
            while (k < s.size() && is_name(s[k])) ++k;
            const std::string an(s.substr(a, k - a));
            if (an.empty() || k + 1 >= s.size() || s[k] != '=' || (s[k + 1] != '"' && s[k + 1] != '\''))
                return fail("bad attribute");
            const char q = s[k + 1];
            const auto e = s.find(q, k + 2);
            if (e == std::string_view::npos) return fail("unterminated attribute");
            std::string value;
            if (!decode(s.substr(k + 2, e - k - 2), value)) return fail("bad attribute value");
            if (el.attrs.count(an)) return fail("duplicate attribute " + an);
            el.attrs[an] = value;
            k = e + 1;
        }
        doc.elements.push_back(std::move(el));
        if (!self_closing) open.push_back(int(doc.elements.size() - 1));
        i = k;
    }
    if (!open.empty()) return fail("unclosed <" + doc.elements[std::size_t(open.back())].name + ">");
    if (!root_seen) return fail("no root element");
    return doc;
}

}  // namespace test
