// panels_location.hpp — the panels directory a command reads when not given --dir: the effective
// settings' (G6_CONFIG or the built-in config, with G6_* overrides) panels.dir, else <data_dir>/panels.
#pragma once

#include <filesystem>

#include "actors/panels/panel_envelope.hpp"
#include "config/loader.hpp"

namespace g6 {

inline std::filesystem::path default_panels_dir() {
  auto env = process_environment();
  auto file = config_path_from_env(env);
  auto loaded = file ? load_settings(*file, env) : load_default_settings(env);
  return panels_dir(loaded.value ? *loaded.value : settings{});
}

} // namespace g6
