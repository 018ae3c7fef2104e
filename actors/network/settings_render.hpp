// settings_render.hpp — a status dictionary (caf::settings) as the console prints it: JSON, or indented
// "key: value" text.
#pragma once

#include <caf/settings.hpp>
#include <nlohmann/json.hpp>

#include <string>

namespace g6 {

nlohmann::json settings_to_json(const caf::settings& s);

/// One "key: value" line per scalar; nested dictionaries indented under their key.
std::string settings_to_text(const caf::settings& s);

} // namespace g6
