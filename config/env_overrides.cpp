// env_overrides.cpp — the G6_* override table and how its values enter the config document (see
// env_overrides.hpp).
#include "config/env_overrides.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>

#include "messages/expected.hpp"

namespace g6::config_detail {

namespace {

/// Every variable that overrides a config key. G6_CONFIG, which names the file, is read by
/// config_path_from_env. docs/configuration.md lists them all (env_docs_test checks).
constexpr env_override env_overrides[] = {
  {"G6_DATA_DIR", "/storage/data_dir", env_value::text},
  {"G6_LOG_LEVEL", "/logging/level", env_value::text},
  {"G6_INTERVAL_SECONDS", "/collection/interval_seconds", env_value::number},
  {"G6_RISK_FREE_RATE", "/greeks/risk_free_rate", env_value::number},
  {"G6_PROVIDER", "/providers/primary", env_value::text},
  {"G6_SEED", "/providers/synthetic/seed", env_value::integer},
  {"G6_KITE_BASE_URL", "/providers/kite/base_url", env_value::text},
  {"G6_KITE_TOKEN_FILE", "/providers/kite/token_file", env_value::text},
  {"G6_KITE_TICKER_URL", "/providers/kite/ticker_url", env_value::text},
  {"G6_KITE_QUOTES", "/providers/kite/quotes", env_value::text},
  {"G6_ANALYTICS_POOL_SIZE", "/analytics/pool_size", env_value::integer},
  {"G6_ENABLED_INDICES", "/index_params", env_value::index_list},
  {"G6_METRICS_PORT", "/metrics/port", env_value::integer},
  {"G6_PANELS_DIR", "/panels/dir", env_value::text},
  {"G6_CSV_BASE_DIR", "/storage/csv/dir", env_value::text},
  {"G6_INFLUX_URL", "/storage/influx/url", env_value::text},
  {"G6_INFLUX_DB", "/storage/influx/database", env_value::text},
  {"G6_SSE_PORT", "/sse/port", env_value::integer},
  {"G6_SSE_TOKEN", "/sse/token", env_value::text},
  {"G6_NODE_SECRET", "/nodes/secret", env_value::text},
};

std::string_view trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

/// A variable's value as the JSON value it puts in the document (a list of names for index_list).
expected<document, std::string> parse_env_value(env_value kind, const std::string& text) {
  auto first = text.data();
  auto last = text.data() + text.size();
  switch (kind) {
    case env_value::text:
      return document(text);
    case env_value::number: {
      double x = 0;
      auto [end, ec] = std::from_chars(first, last, x);
      if (ec != std::errc{} || end != last || !std::isfinite(x))
        return unexpected{json_string(text) + " is not a number"};
      return document(x);
    }
    case env_value::integer: {
      int64_t x = 0;
      auto [end, ec] = std::from_chars(first, last, x);
      if (ec == std::errc::result_out_of_range)
        return unexpected{json_string(text) + " is out of range"};
      if (ec != std::errc{} || end != last)
        return unexpected{json_string(text) + " is not an integer"};
      return document(x);
    }
    case env_value::index_list: {
      auto names = document::array();
      for (std::string_view rest = text;;) {
        auto comma = rest.find(',');
        auto name = trim(rest.substr(0, comma));
        if (!name.empty())
          names.push_back(std::string{name});
        if (comma == std::string_view::npos)
          break;
        rest = rest.substr(comma + 1);
      }
      return names;
    }
  }
  return document{};
}

/// Puts a value at a path, creating missing sections; false when the way is blocked by a non-object
/// (the schema then reports that value).
bool put(document& root, const tokens& path, document value) {
  document* node = &root;
  for (auto& token : path) {
    if (node->is_null())
      *node = document::object();
    if (!node->is_object())
      return false;
    node = &(*node)[token];
  }
  *node = std::move(value);
  return true;
}

/// G6_ENABLED_INDICES: enables exactly the listed indices of index_params.
void enable_exactly(document& root, const document& names, std::vector<config_problem>& problems) {
  auto* indices = value_at(root, {"index_params"});
  if (!indices || !indices->is_object())
    return;
  std::vector<std::string> configured;
  for (auto& [name, entry] : indices->items())
    configured.push_back(name);
  for (auto& name : names)
    if (!indices->contains(name.get<std::string>()))
      problems.push_back({"G6_ENABLED_INDICES",
                          fmt::format("{} is not in index_params (configured: {})", name.dump(), join(configured))});
  auto& editable = root["index_params"];
  for (auto& [name, entry] : editable.items())
    if (entry.is_object())
      entry["enable"] = std::find(names.begin(), names.end(), document(name)) != names.end();
}

} // namespace

std::optional<std::string> variable_value(const environment& env, std::string_view name) {
  auto raw = env(name);
  if (!raw)
    return std::nullopt;
  auto text = trim(*raw);
  if (text.empty())
    return std::nullopt;
  return std::string{text};
}

std::vector<override_value> read_overrides(const environment& env, std::vector<config_problem>& problems) {
  std::vector<override_value> result;
  for (auto& spec : env_overrides) {
    auto text = variable_value(env, spec.variable);
    if (!text)
      continue;
    auto parsed = parse_env_value(spec.kind, *text);
    if (!parsed)
      problems.push_back({std::string{spec.variable}, parsed.error() + " (" + dotted(spec.pointer) + ")"});
    else
      result.push_back({&spec, *std::move(parsed)});
  }
  return result;
}

std::map<std::string, std::string_view> apply_overrides(document& root, const std::vector<override_value>& overrides,
                                                        std::vector<config_problem>& problems) {
  std::map<std::string, std::string_view> applied;
  if (!root.is_object())
    return applied;
  for (auto& o : overrides) {
    if (o.spec->kind == env_value::index_list)
      enable_exactly(root, o.value, problems);
    else if (put(root, split_pointer(o.spec->pointer), o.value))
      applied.emplace(o.spec->pointer, o.spec->variable);
  }
  return applied;
}

} // namespace g6::config_detail
