// node_health.hpp — the one-word verdict of the summary panel: healthy, degraded (a partial cycle, a
// stale index, a breaker not closed) or unhealthy (no cycle, a failed one, the serving breaker open).
// A type, so that the rule that decides it (panel_model.hpp) and the console that colours it agree.
#pragma once

#include <cstdint>

#include "messages/enum_names.hpp"

namespace g6 {

enum class node_health : uint8_t { healthy, degraded, unhealthy };

inline constexpr enum_names<node_health, 3> node_health_names{
  {{node_health::healthy, "healthy"}, {node_health::degraded, "degraded"}, {node_health::unhealthy, "unhealthy"}}};

constexpr std::string_view to_string(node_health x) {
  return name_of(node_health_names, x);
}
constexpr std::optional<node_health> parse_node_health(std::string_view text) {
  return value_named(node_health_names, text);
}

} // namespace g6
