// catalogue.cpp — STUB, being replaced.
#include "catalogue.hpp"
namespace sh {
void Catalogue::reindex() {}
const Technique* Catalogue::find(std::string_view) const { return nullptr; }
int Catalogue::tactic_index(std::string_view) const { return -1; }
const Tactic* Catalogue::find_tactic(std::string_view) const { return nullptr; }
bool build_catalogue(const std::vector<SourceFile>&, std::string_view, std::string_view, Catalogue&, Diagnostics&) { return false; }
std::string catalogue_to_json(const Catalogue&) { return "{}"; }
bool catalogue_from_json(std::string_view, Catalogue&, Diagnostics&) { return false; }
const Catalogue& default_catalogue() { static Catalogue c; return c; }
const Catalogue* embedded_catalogue(std::string_view) { return nullptr; }
}
