// auth_state.hpp — where a provider's session with its broker stands: a type rather than a word, so that
// the provider that reports it and the metrics and panels that read it cannot drift apart. Its word is
// what the provider's status answer and the provider panel show.
#pragma once

#include <cstdint>

#include "messages/enum_names.hpp"

namespace g6 {

enum class auth_state : uint8_t {
  not_required,  // a provider without a broker session (synthetic, replay)
  ok,            // the session is valid
  auth_required, // the broker refused the token: calls stopped until a new one arrives
};

inline constexpr enum_names<auth_state, 3> auth_state_names{
  {{auth_state::not_required, "not_required"}, {auth_state::ok, "ok"}, {auth_state::auth_required, "auth_required"}}};

constexpr std::string_view to_string(auth_state x) {
  return name_of(auth_state_names, x);
}
constexpr std::optional<auth_state> parse_auth_state(std::string_view text) {
  return value_named(auth_state_names, text);
}

} // namespace g6
