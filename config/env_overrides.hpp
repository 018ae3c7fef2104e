// env_overrides.hpp — internal to the loader: the G6_* variables that override config keys, read from
// an environment and put into the config document. The table of variables is in env_overrides.cpp.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/json_document.hpp"
#include "config/loader.hpp"

namespace g6::config_detail {

/// How a variable's text becomes a JSON value.
enum class env_value { text, number, integer, index_list };

/// A variable and the key it replaces.
struct env_override {
  std::string_view variable;
  std::string_view pointer;
  env_value kind;
};

/// A variable the environment sets, with its value parsed.
struct override_value {
  const env_override* spec;
  document value;
};

/// A set, non-blank variable, trimmed; blank counts as unset, as when a launcher passes an empty value
/// through.
std::optional<std::string> variable_value(const environment& env, std::string_view name);

/// The overrides the environment sets; malformed values become problems named by the variable.
std::vector<override_value> read_overrides(const environment& env, std::vector<config_problem>& problems);

/// Applies the overrides; returns which variable set which pointer, to name it in schema problems.
std::map<std::string, std::string_view> apply_overrides(document& root, const std::vector<override_value>& overrides,
                                                        std::vector<config_problem>& problems);

} // namespace g6::config_detail
