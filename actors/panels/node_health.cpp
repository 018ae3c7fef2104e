#include "actors/panels/node_health.hpp"

namespace g6 {

std::string_view to_string(node_health x) {
  switch (x) {
    case node_health::healthy: return "healthy";
    case node_health::degraded: return "degraded";
    case node_health::unhealthy: return "unhealthy";
  }
  return "unknown";
}

std::optional<node_health> parse_node_health(std::string_view text) {
  for (auto health : all_node_healths)
    if (to_string(health) == text)
      return health;
  return std::nullopt;
}

} // namespace g6
