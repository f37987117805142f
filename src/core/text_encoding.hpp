// text_encoding.hpp — text inputs in UTF-16 or UTF-32 turned into UTF-8 before a reader parses
// them. YAML 1.2 (5.2) asks this of every YAML reader; for the other inputs it is what Windows
// tools write: Excel's "Unicode Text", Windows PowerShell's `>` and Out-File, Notepad's "Unicode".
// A browser's FileReader decodes them by their byte order mark too, so the Navigator opens such a
// layer. The encoding is told by a byte order mark, else by where the NULs of the first (ASCII)
// character fall; the decoded text keeps the BOM (as a UTF-8 BOM, which each reader skips), so
// lines, columns and every later check are those of the file saved as UTF-8.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace sh {

enum class TextEncoding { Utf8, Utf16LE, Utf16BE, Utf32LE, Utf32BE };

TextEncoding detect_text_encoding(std::string_view text);
const char* text_encoding_name(TextEncoding e);  // "UTF-16LE", ...

// The UTF-16 or UTF-32 text `text` as UTF-8 in `out`; a problem (at its offset in `out`, where the
// bad character would have gone) when a unit is cut off, a surrogate unpaired or a code point invalid.
std::optional<std::pair<std::size_t, std::string>> decode_to_utf8(std::string_view text, TextEncoding e, std::string& out);

// For a reader: when `text` is UTF-16 or UTF-32, decodes it into `storage` and points `text` there.
// nullopt when `text` is now UTF-8 (or was); else why it cannot be decoded, with the 1-based line
// and column in the decoded text where the bad character is.
struct TextDecodeProblem {
    int line = 1, column = 1;
    std::string message;  // "the file is UTF-16LE text with an unpaired surrogate 0xD800 here"
};
std::optional<TextDecodeProblem> text_as_utf8(std::string_view& text, std::string& storage);
// For a sniffer that reads only the start of a file: its first `bytes` bytes, decoded into
// `storage` as far as they decode when the text is UTF-16 or UTF-32, else as they are.
std::string_view text_head_as_utf8(std::string_view text, std::size_t bytes, std::string& storage);

// Text that is not UTF-8, read as Windows-1252 (the Latin-1 superset a Windows editor saves as
// "ANSI"): every byte from 0x80 up as its character, in UTF-8. nullopt when it cannot be that: a
// byte Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D), a NUL or a control character
// other than tab, CR and LF (a binary file).
std::optional<std::string> windows_1252_to_utf8(std::string_view text);
// Whether `text` holds at least one well-formed multi-byte UTF-8 character: text with one is UTF-8
// (damaged where it does not decode), not another 8-bit encoding.
bool has_utf8_multibyte(std::string_view text);

}  // namespace sh
