#include "supervision/breaker_state.hpp"

namespace g6 {

std::string_view to_string(breaker_state x) {
  switch (x) {
    case breaker_state::closed:
      return "closed";
    case breaker_state::open:
      return "open";
    case breaker_state::half_open:
      return "half_open";
  }
  return "unknown";
}

std::optional<breaker_state> parse_breaker_state(std::string_view text) {
  for (auto state : all_breaker_states)
    if (to_string(state) == text)
      return state;
  return std::nullopt;
}

} // namespace g6
