// breaker_state.hpp — the three states of a circuit breaker (supervision/circuit_breaker.hpp), apart from the
// machine itself so that code which only reads a breaker's state from a status answer (metrics, panels)
// compares types, not words; in messages/ because the status answers' structs (component_figures.hpp) carry
// it. Its word is what status answers, panels and the metrics' `state` label show.
#pragma once

#include <cstdint>

#include "messages/enum_names.hpp"

namespace g6 {

enum class breaker_state : uint8_t { closed, open, half_open };

inline constexpr enum_names<breaker_state, 3> breaker_state_names{
  {{breaker_state::closed, "closed"}, {breaker_state::open, "open"}, {breaker_state::half_open, "half_open"}}};

constexpr std::string_view to_string(breaker_state x) {
  return name_of(breaker_state_names, x);
}
constexpr std::optional<breaker_state> parse_breaker_state(std::string_view text) {
  return value_named(breaker_state_names, text);
}

} // namespace g6
