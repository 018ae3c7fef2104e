#include "config/spot_keys.hpp"

#include <array>
#include <utility>

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
  return std::nullopt;
}

std::optional<std::string> spot_key(const index_settings& index) {
  if (!index.spot_key.empty())
    return index.spot_key;
  return builtin_spot_key(index.name);
}

} // namespace g6
