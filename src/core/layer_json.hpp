// layer_json.hpp — the frame every Navigator 4.5 layer we write shares (our coverage layers in
// layer.cpp, diff layers in report_diff.cpp): key order, versions, layout and selection settings,
// and the exact text formatting. Internal to the core (it exposes nlohmann types).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "catalogue.hpp"

namespace sh::layer_json {

using ojson = nlohmann::ordered_json;

struct Parts {
    std::string name, description;
    ojson filters;                  // null: the layer has no "filters" key
    std::string aggregate = "max";  // layout.aggregateFunction
    ojson techniques = ojson::array(), gradient = ojson::object(), legend = ojson::array(), metadata = ojson::array();
};

// The layer as text: 2-space indent, invalid UTF-8 replaced, a final newline.
std::string write(const Catalogue& cat, Parts parts);

}  // namespace sh::layer_json
