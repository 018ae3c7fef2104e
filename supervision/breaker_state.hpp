// breaker_state.hpp — the three states of a circuit breaker (circuit_breaker.hpp), apart from the
// machine itself so that code which only reads a breaker's state from a status answer (metrics, panels)
// compares types, not words. Its text is what status answers, panels and the metrics' `state` label show.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace g6 {

enum class breaker_state : uint8_t { closed, open, half_open };

inline constexpr std::array<breaker_state, 3> all_breaker_states{breaker_state::closed, breaker_state::open,
                                                                 breaker_state::half_open};

/// "closed", "open", "half_open".
std::string_view to_string(breaker_state x);
/// The state a text names; nullopt for any other text.
std::optional<breaker_state> parse_breaker_state(std::string_view text);

} // namespace g6
