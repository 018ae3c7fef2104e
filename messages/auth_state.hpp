// auth_state.hpp — where a provider's session with its broker stands: a type rather than a word, so that
// the provider that reports it and the metrics and panels that read it cannot drift apart. Its text is
// what the provider's status answer and the provider panel show.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace g6 {

enum class auth_state : uint8_t {
  not_required,  // a provider without a broker session (synthetic, replay)
  ok,            // the session is valid
  auth_required, // the broker refused the token: calls stopped until a new one arrives
};

inline constexpr std::array<auth_state, 3> all_auth_states{auth_state::not_required, auth_state::ok,
                                                           auth_state::auth_required};

/// "not_required", "ok", "auth_required".
std::string_view to_string(auth_state x);
/// The state a text names; nullopt for any other text.
std::optional<auth_state> parse_auth_state(std::string_view text);

} // namespace g6
