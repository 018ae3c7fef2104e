#include "messages/auth_state.hpp"

namespace g6 {

std::string_view to_string(auth_state x) {
  switch (x) {
    case auth_state::not_required: return "not_required";
    case auth_state::ok: return "ok";
    case auth_state::auth_required: return "auth_required";
  }
  return "unknown";
}

std::optional<auth_state> parse_auth_state(std::string_view text) {
  for (auto state : all_auth_states)
    if (to_string(state) == text)
      return state;
  return std::nullopt;
}

} // namespace g6
