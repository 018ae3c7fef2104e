// synthetic_underlyings.hpp — the underlyings the synthetic market quotes (five indices and two dozen NSE
// F&O stocks) with the figures its model starts from. Kept in config, not in the market, so that the
// loader can check every enabled name exactly when the provider is synthetic: an unknown name is a config
// error there, while a live provider's instrument dump can only be asked at run time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace g6 {

struct synthetic_underlying {
  std::string_view name;
  double base_level; // the level the synthetic anchor wanders around
  int32_t lot_size;
  double vol;           // annualised: the intraday walk and the at-the-money implied vol
  double atm_contracts; // open interest (contracts) at the money of the nearest expiry
};

/// Every underlying of the synthetic market, indices first. The position is part of the synthetic token
/// (synthetic_market.hpp): new underlyings go at the end, at most 32 in all.
std::span<const synthetic_underlying> synthetic_underlyings();

/// The names, comma-separated, for messages: "NIFTY, BANKNIFTY, ...".
std::string synthetic_underlying_names();

} // namespace g6
