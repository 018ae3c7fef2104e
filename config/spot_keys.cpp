#include "config/spot_keys.hpp"

#include <array>
#include <utility>

#include "config/calendar.hpp"

namespace g6 {

std::optional<std::string> builtin_spot_key(std::string_view index) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 5> builtin{{
    {"NIFTY", "NSE:NIFTY 50"},
    {"BANKNIFTY", "NSE:NIFTY BANK"},
    {"FINNIFTY", "NSE:NIFTY FIN SERVICE"},
    {"MIDCPNIFTY", "NSE:NIFTY MID SELECT"},
    {"SENSEX", "BSE:SENSEX"},
  }};
  for (auto& [name, key] : builtin)
    if (name == index)
      return std::string{key};
  // Another index Kite lists under a name of its own (BANKEX: BSE:BANKEX) needs spot_key; any other
  // underlying is a stock, whose level is its NSE equity quote.
  if (is_known_index(index))
    return std::nullopt;
  return "NSE:" + std::string{index};
}

std::optional<std::string> spot_key(const index_settings& index) {
  if (!index.spot_key.empty())
    return index.spot_key;
  return builtin_spot_key(index.name);
}

} // namespace g6
