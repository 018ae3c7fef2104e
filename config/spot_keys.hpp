// spot_keys.hpp — Kite's quote key of each underlying's level ("EXCHANGE:SYMBOL"): the one configured in
// index_params.<NAME>.spot_key, else the built-in one of the indices Kite lists under a name other than
// the index's (NSE:NIFTY 50, NSE:NIFTY BANK, NSE:NIFTY FIN SERVICE, NSE:NIFTY MID SELECT, BSE:SENSEX), or
// for a stock (any name the calendars do not know as an index) its NSE equity quote, NSE:<NAME>.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/settings.hpp"

namespace g6 {

/// The built-in key of an underlying: an index's from the table, a stock's NSE:<NAME>; nullopt for an
/// index the calendars know without a key (BANKEX).
std::optional<std::string> builtin_spot_key(std::string_view index);

/// The key of an index: configured, else built in; nullopt when it has neither (a config error when the
/// provider is kite, see check_providers in loader.hpp).
std::optional<std::string> spot_key(const index_settings& index);

} // namespace g6
