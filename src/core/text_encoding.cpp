// text_encoding.cpp — UTF-16 and UTF-32 text inputs as UTF-8 (see text_encoding.hpp).
#include "text_encoding.hpp"

#include <cstdint>
#include <cstdio>

#include "diagnostics.hpp"

namespace sh {

TextEncoding detect_text_encoding(std::string_view t) {
    const auto* b = reinterpret_cast<const unsigned char*>(t.data());
    const std::size_t n = t.size();
    if (n >= 4 && b[0] == 0 && b[1] == 0 && ((b[2] == 0xFE && b[3] == 0xFF) || b[2] == 0)) return TextEncoding::Utf32BE;
    if (n >= 4 && b[0] == 0xFF && b[1] == 0xFE && b[2] == 0 && b[3] == 0) return TextEncoding::Utf32LE;
    if (n >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) return TextEncoding::Utf32LE;
    if (n >= 2 && ((b[0] == 0xFE && b[1] == 0xFF) || (b[0] == 0 && b[1] != 0))) return TextEncoding::Utf16BE;
    if (n >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] != 0 && b[1] == 0))) return TextEncoding::Utf16LE;
    return TextEncoding::Utf8;
}

const char* text_encoding_name(TextEncoding e) {
    switch (e) {
        case TextEncoding::Utf16LE: return "UTF-16LE";
        case TextEncoding::Utf16BE: return "UTF-16BE";
        case TextEncoding::Utf32LE: return "UTF-32LE";
        case TextEncoding::Utf32BE: return "UTF-32BE";
        case TextEncoding::Utf8: break;
    }
    return "UTF-8";
}

std::optional<std::pair<std::size_t, std::string>> decode_to_utf8(std::string_view t, TextEncoding e, std::string& out) {
    const auto* s = reinterpret_cast<const unsigned char*>(t.data());
    const std::size_t n = t.size();
    const bool wide = e == TextEncoding::Utf32LE || e == TextEncoding::Utf32BE;
    const bool little = e == TextEncoding::Utf16LE || e == TextEncoding::Utf32LE;
    const std::size_t unit = wide ? 4 : 2;
    const std::string name = text_encoding_name(e);
    auto read = [&](std::size_t i) -> std::uint32_t {
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < unit; ++k) v |= std::uint32_t(s[i + k]) << (8 * (little ? k : unit - 1 - k));
        return v;
    };
    auto hex = [](std::uint32_t v) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
        return std::string(buf);
    };
    out.clear();
    out.reserve(n / unit + n / 8);
    std::size_t i = 0;
    for (; i + unit <= n; i += unit) {
        std::uint32_t cp = read(i);
        if (!wide && cp >= 0xD800 && cp <= 0xDBFF) {
            const std::uint32_t low = i + 2 * unit <= n ? read(i + unit) : 0;
            if (low < 0xDC00 || low > 0xDFFF)
                return std::make_pair(out.size(), "the file is " + name + " text with an unpaired surrogate " + hex(cp) + " here");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += unit;
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
            return std::make_pair(out.size(), "the file is " + name + " text with an unpaired surrogate " + hex(cp) + " here");
        } else if (cp > 0x10FFFF) {
            return std::make_pair(out.size(), "the file is " + name + " text with an invalid code point " + hex(cp) + " here");
        }
        append_utf8(out, cp);
    }
    if (i != n)
        return std::make_pair(out.size(), "the file is " + name + " text but ends in the middle of a character (" +
                                              std::to_string(n) + " bytes)");
    return std::nullopt;
}

std::optional<TextDecodeProblem> text_as_utf8(std::string_view& text, std::string& storage) {
    const TextEncoding e = detect_text_encoding(text);
    if (e == TextEncoding::Utf8) return std::nullopt;
    if (auto problem = decode_to_utf8(text, e, storage)) {
        TextDecodeProblem p;
        locate(storage, problem->first, p.line, p.column);
        p.message = std::move(problem->second);
        return p;
    }
    text = storage;
    return std::nullopt;
}

std::optional<std::string> windows_1252_to_utf8(std::string_view text) {
    // 0x80..0x9F; 0 where Windows-1252 defines no character. 0xA0..0xFF are Latin-1's, U+00A0..U+00FF.
    static constexpr uint16_t kHigh[32] = {0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                           0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
                                           0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                           0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return std::nullopt;
            out += ch;
        } else if (c < 0xA0) {
            if (kHigh[c - 0x80] == 0) return std::nullopt;
            append_utf8(out, kHigh[c - 0x80]);
        } else {
            append_utf8(out, c);
        }
    }
    return out;
}

bool has_utf8_multibyte(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (static_cast<unsigned char>(text[i]) >= 0xC2 && utf8_char_length(text, i) > 1) return true;
    return false;
}

std::string_view text_head_as_utf8(std::string_view text, std::size_t bytes, std::string& storage) {
    text = text.substr(0, bytes);
    if (text_as_utf8(text, storage)) return storage;  // cut in a character: what came before it
    return text;
}

}  // namespace sh
