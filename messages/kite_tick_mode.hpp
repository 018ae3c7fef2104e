// kite_tick_mode.hpp — the subscription modes of Kite's WebSocket ticker (ltp, quote, full), which decide
// the fields each tick carries. Here rather than beside the frame reader because the settings name a mode
// too (providers.kite.ticker.mode) and config/ knows nothing of the provider's code.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "messages/enum_names.hpp"

namespace g6 {

enum class kite_tick_mode : uint8_t { ltp, quote, full };

inline constexpr enum_names<kite_tick_mode, 3> kite_tick_mode_names{{
  {kite_tick_mode::ltp, "ltp"},
  {kite_tick_mode::quote, "quote"},
  {kite_tick_mode::full, "full"},
}};

constexpr std::string_view to_string(kite_tick_mode x) {
  return name_of(kite_tick_mode_names, x);
}
constexpr std::optional<kite_tick_mode> parse_kite_tick_mode(std::string_view text) {
  return value_named(kite_tick_mode_names, text);
}

} // namespace g6
