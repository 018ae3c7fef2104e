// node_health.hpp — the one-word verdict of the summary panel: healthy, degraded (a partial cycle, a
// stale index, a breaker not closed) or unhealthy (no cycle, a failed one, the serving breaker open).
// A type, so that the rule that decides it (panel_model.hpp) and the console that colours it agree.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace g6 {

enum class node_health : uint8_t { healthy, degraded, unhealthy };

inline constexpr std::array<node_health, 3> all_node_healths{node_health::healthy, node_health::degraded,
                                                             node_health::unhealthy};

/// "healthy", "degraded", "unhealthy".
std::string_view to_string(node_health x);
/// The verdict a text names; nullopt for any other text.
std::optional<node_health> parse_node_health(std::string_view text);

} // namespace g6
