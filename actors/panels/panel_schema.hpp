// panel_schema.hpp — the JSON Schema of each panel's data (chain_<INDEX> panels share one), checked
// before a panel is written when panels.validate is warn or strict.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace g6 {

/// What is wrong with a panel's data, one message per problem naming where; empty when it conforms.
/// A panel without a schema is reported as such.
std::vector<std::string> validate_panel(const std::string& panel, const nlohmann::json& data);

} // namespace g6
