// settings_json.hpp — internal to the loader: a schema-valid config document as g6::settings. The other
// direction, settings_to_json, is public (loader.hpp) and lives beside it in settings_json.cpp.
#pragma once

#include "config/json_document.hpp"
#include "config/settings.hpp"

namespace g6::config_detail {

/// A schema-valid document as settings; keys it leaves out keep the struct's defaults.
settings to_settings(const document& root);

} // namespace g6::config_detail
