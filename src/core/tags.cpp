// tags.cpp — STUB, being replaced.
#include "tags.hpp"
namespace sh {
Tag parse_tag(std::string_view raw) { return Tag{TagKind::Other, std::string(raw), {}}; }
std::string parent_technique(std::string_view id) { auto p = id.find('.'); return std::string(id.substr(0, p)); }
}
