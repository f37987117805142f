// rules_wire.hpp — the loaded rules and diagnostics of one file as compact bytes, and back: how the
// page's parse workers (src/platform/worker) hand what they parsed to the main thread, which only
// decodes and merges. Pure C++17; the same code encodes in the worker and decodes in the page.
//
// Format (little-endian, no padding): "SHW1", then unsigned LEB128 varints and strings (varint
// length + bytes). A record holds the file name, the LoadResult's counters, its rules and its
// diagnostics; the file of each rule and diagnostic is written as 0 when it is the record's file
// (the usual case), else as its length + 1 and its bytes, so any LoadResult survives exactly.
// decode(encode(x)) == x for every LoadResult; the decoder is a reader of outside bytes like any
// other: it checks every count against the bytes left (no allocation beyond the input's size),
// every enum against its range, and leaves `out` untouched when anything is wrong.
#pragma once
#include <string>
#include <string_view>

#include "rules.hpp"

namespace sh {

// `file`: the name the rules were loaded under (the record's default file name).
std::string encode_load_result(const LoadResult& result, const std::string& file);

// Appends the decoded rules and diagnostics to out (and adds the counters); false (out unchanged,
// the reason in *error when given) for bytes that are not a whole, valid record.
bool decode_load_result(std::string_view bytes, LoadResult& out, std::string* error = nullptr);

}  // namespace sh
